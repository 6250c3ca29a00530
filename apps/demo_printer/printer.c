/*
 * printer.c - the AArch64 demo image's reporter: a low-priority thread that prints the demo's
 * counters (demo_print_counters(), apps/demo) once a second.
 *
 * The demo's tx_application_define() is shared with the host build and knows nothing of
 * consoles, so the image links with -Wl,--wrap=tx_application_define: this file's wrapper runs
 * the demo's definition, then creates the printer thread in the same initialisation context.
 */
#include <stdio.h>

#include "demo.h"
#include "tx_api.h"

/* Above the demo's busy queue threads (16), which never block for long: it sleeps a second
 * between reports, so it takes little from them. */
#define PRINTER_PRIORITY 2
#define PRINTER_STACK    4096

VOID __real_tx_application_define(VOID *first_unused_memory);
VOID __wrap_tx_application_define(VOID *first_unused_memory);

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

VOID __wrap_tx_application_define(VOID *first_unused_memory)
{
    __real_tx_application_define(first_unused_memory);
    UINT status = tx_thread_create(&printer_thread, "demo printer", printer_entry, 0, printer_stack,
                                   sizeof(printer_stack), PRINTER_PRIORITY, PRINTER_PRIORITY,
                                   TX_NO_TIME_SLICE, TX_AUTO_START);
    if (status != TX_SUCCESS) {
        printf("demo: cannot create the printer thread (status %u)\n", status);
    }
}
