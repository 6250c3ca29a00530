/*
 * main.c - ThreadX SMP on the domain's vCPUs: one thread pinned to each core with
 * tx_thread_smp_core_exclude, and two free threads of one priority that the kernel places
 * wherever a core is free. Each thread counts the rounds it ran on each core
 * (tx_thread_smp_core_get); a reporter prints the table every second.
 */
#include <stdio.h>

#include "tx_api.h"
#include "xenrtos/platform.h"

#define MAX_CORES 8u
#define FREE      2u

static TX_THREAD pinned[MAX_CORES], free_threads[FREE], reporter;
static UCHAR stacks[MAX_CORES + FREE][4096] __attribute__((aligned(16)));
static UCHAR reporter_stack[4096] __attribute__((aligned(16)));
static volatile ULONG runs[MAX_CORES + FREE][MAX_CORES]; /* [thread][core] */
static unsigned int cores;

static VOID worker_entry(ULONG index)
{
    for (;;) {
        runs[index][tx_thread_smp_core_get()]++;
        tx_thread_sleep(1); /* give the core away for a tick: the free threads move around */
    }
}

static VOID reporter_entry(ULONG input)
{
    (void)input;
    for (ULONG second = 1;; second++) {
        tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND);
        printf("smp: --- %lu s, %u cores ---\n", (unsigned long)second, cores);
        for (unsigned int t = 0; t < cores + FREE; t++) {
            char line[128];
            int n = snprintf(line, sizeof(line), "smp: %-7s", t < cores ? "pinned" : "free");
            for (unsigned int c = 0; c < cores && n > 0 && (size_t)n < sizeof(line); c++) {
                n += snprintf(line + n, sizeof(line) - (size_t)n, " core%u=%lu", c,
                              (unsigned long)runs[t][c]);
            }
            printf("%s\n", line);
        }
    }
}

VOID tx_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
    cores = xr_cpu_count() < MAX_CORES ? xr_cpu_count() : MAX_CORES;
    ULONG all = (1ul << cores) - 1u;

    for (unsigned int c = 0; c < cores; c++) {
        tx_thread_create(&pinned[c], "pinned", worker_entry, c, stacks[c], sizeof(stacks[c]), 10,
                         10, TX_NO_TIME_SLICE, TX_DONT_START);
        tx_thread_smp_core_exclude(&pinned[c], all & ~(1ul << c)); /* core c only */
        tx_thread_resume(&pinned[c]);
    }
    for (unsigned int f = 0; f < FREE; f++) {
        tx_thread_create(&free_threads[f], "free", worker_entry, cores + f, stacks[cores + f],
                         sizeof(stacks[cores + f]), 10, 10, TX_NO_TIME_SLICE, TX_AUTO_START);
    }
    tx_thread_create(&reporter, "reporter", reporter_entry, 0, reporter_stack,
                     sizeof(reporter_stack), 5, 5, TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
