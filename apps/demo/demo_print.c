/*
 * demo_print.c - report the demo's progress. Kept apart from demo.c because it needs printf,
 * which the AArch64 port provides from lib/ and the host takes from libc.
 */
#include "demo.h"

int printf(const char *fmt, ...);

VOID demo_print_counters(VOID)
{
    UINT i;

    for (i = 0; i < DEMO_THREADS; i++) {
        printf("demo: thread %u counter %lu\n", i, (unsigned long)demo_counters.thread[i]);
    }
    printf("demo: queue sent %lu received %lu, errors %lu\n",
           (unsigned long)demo_counters.messages_sent,
           (unsigned long)demo_counters.messages_received, (unsigned long)demo_counters.errors);
}
