/*
 * fault.c - test image: deliberate faults. The port must print a report and stop only this
 * domain; anything printed after "fault: about to ..." means it did not (the cases forbid
 * "fault: survived").
 *   bootargs fault=abort (default)  a thread reads an unmapped address: decoded data abort,
 *                                   FAR, registers, thread name, backtrace
 *   bootargs fault=stack            a thread overruns its stack (into padding we own): the
 *                                   canary check at the next switch reports it
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"

#include "arch/platform.h"

static TX_THREAD faulter;
static ULONG faulter_stack[1024] __attribute__((aligned(16)));

#define BAD_ADDRESS 0x0000000000001230ULL /* low half: TTBR0 walks are disabled */

static __attribute__((noinline)) unsigned long read_bad(volatile unsigned long *p)
{
    return *p;
}

static __attribute__((noinline)) unsigned long level2(void)
{
    return read_bad((volatile unsigned long *)(unsigned long)BAD_ADDRESS) + 1;
}

static void faulter_entry(ULONG arg)
{
    (void)arg;
    tx_thread_sleep(10);
    printf("fault: about to fault\n");
    unsigned long v = level2();
    printf("fault: survived (%lu)\n", v);
}

/* The overflowing thread's stack, with room below it that the overrun may scribble on. */
static struct {
    unsigned char below[1024];
    ULONG stack[512];
} overflow_area __attribute__((aligned(16)));
static TX_THREAD overflower;

static __attribute__((noinline)) void use_stack(void)
{
    volatile unsigned char big[2304]; /* more than the 2 KB stack holds */

    memset((void *)big, 0x5a, sizeof(big));
    tx_thread_sleep(1); /* switched out with the canary gone: the port must notice */
    printf("fault: survived (%u)\n", big[100]);
}

static void overflower_entry(ULONG arg)
{
    (void)arg;
    tx_thread_sleep(10);
    printf("fault: about to overflow the stack\n");
    use_stack();
}

void tx_application_define(void *first_unused_memory)
{
    char kind[16] = "abort";

    (void)first_unused_memory;
    (void)platform_bootarg("fault", kind, sizeof(kind));
    if (strcmp(kind, "stack") == 0) {
        tx_thread_create(&overflower, "overflower", overflower_entry, 0, overflow_area.stack,
                         sizeof(overflow_area.stack), 8, 8, TX_NO_TIME_SLICE, TX_AUTO_START);
    } else {
        tx_thread_create(&faulter, "faulter", faulter_entry, 0, faulter_stack,
                         sizeof(faulter_stack), 8, 8, TX_NO_TIME_SLICE, TX_AUTO_START);
    }
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
