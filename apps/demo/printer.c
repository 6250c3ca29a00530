/*
 * printer.c - the demo's reporter: a low-priority thread that prints the demo's counters
 * (demo_print_counters()) once a second. Created by main.c's tx_application_define, after the
 * demo's own objects.
 */
#include <stdio.h>

#include "demo.h"
#include "tx_api.h"

/* Above the demo's busy queue threads (16), which never block for long: it sleeps a second
 * between reports, so it takes little from them. */
#define PRINTER_PRIORITY 2
#define PRINTER_STACK    4096

static TX_THREAD printer_thread;
static ULONG printer_stack[PRINTER_STACK / sizeof(ULONG)] __attribute__((aligned(16)));

static VOID printer_entry(ULONG arg)
{
    ULONG seconds = 0;

    (void)arg;
    for (;;) {
        tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND);
        seconds++;
        printf("demo: --- %lu s (tick %lu) ---\n", (unsigned long)seconds,
               (unsigned long)tx_time_get());
        demo_print_counters();
    }
}

VOID demo_printer_define(VOID)
{
    UINT status = tx_thread_create(&printer_thread, "demo printer", printer_entry, 0, printer_stack,
                                   sizeof(printer_stack), PRINTER_PRIORITY, PRINTER_PRIORITY,
                                   TX_NO_TIME_SLICE, TX_AUTO_START);
    if (status != TX_SUCCESS) {
        printf("demo: cannot create the printer thread (status %u)\n", status);
    }
}
