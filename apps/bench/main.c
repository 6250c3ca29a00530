/*
 * main.c - the benchmark image. What it does comes from `bench=` in the domain's bootargs:
 *   bench=all   (default) boot figures, kernel operations, timer interrupt latency
 *   bench=irq   boot figures and interrupt latency only (runs beside a loading domain)
 *   bench=chan  boot figures and the channel to a peer domain running the same (chan.c)
 *   bench=smp   boot figures and what several vCPUs cost and give (smp.c; real time)
 *   bench=busy  a domain that only spins: the load for the other domain's figures
 *   bench=idle  a domain that only sleeps: the unloaded counterpart of bench=busy
 * `samples=N` (default 1000, at most 100000): timer interrupts sampled per latency situation.
 * Output: "BENCH ..." lines (bench.h), then "BENCH-DONE". Numbers only: nothing here judges them.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "tx_api.h"

#include "xenrtos/platform.h"

#define MAIN_PRIO 10

static TX_THREAD main_thread;
static uint8_t main_stack[16384] __attribute__((aligned(16)));

/* Boot: the port records the counter at the image's first instruction and at the first dispatch
 * of a thread (xr_boot_times); the physical counter gives the time since QEMU's start,
 * and CNTPCT - CNTVCT is Xen's CNTVOFF: the physical count when Xen created this domain. */
static void bench_boot(void)
{
    uint64_t vct = xr_counter_now();
    uint64_t pct = xr_counter_phys_now();
    uint64_t voff = pct - vct;
    struct xr_boot_times boot;
    xr_boot_times(&boot);
    uint64_t entry = boot.entry;
    uint64_t first = boot.first_dispatch;

    printf("BENCH boot freq=%llu voff_ticks=%llu entry_ticks=%llu first_ticks=%llu\n",
           (unsigned long long)xr_counter_freq(), (unsigned long long)voff,
           (unsigned long long)entry, (unsigned long long)first);
    printf("BENCH boot qemu_to_domain_ns=%llu domain_to_entry_ns=%llu entry_to_thread_ns=%llu "
           "qemu_to_thread_ns=%llu\n",
           (unsigned long long)bench_ns(voff), (unsigned long long)bench_ns(entry),
           (unsigned long long)bench_ns(first - entry), (unsigned long long)bench_ns(voff + first));
}

static volatile uint64_t busy_count;

static void main_entry(ULONG arg)
{
    char mode[16] = "all";
    char num[16];
    unsigned samples = 1000;

    (void)arg;
    (void)xr_bootarg("bench", mode, sizeof(mode));
    if (xr_bootarg("samples", num, sizeof(num))) {
        unsigned v = 0;
        const char *p = num;
        while (*p >= '0' && *p <= '9' && v <= 100000) {
            v = v * 10 + (unsigned)(*p++ - '0');
        }
        if (*p != '\0' || v == 0 || v > 100000) {
            printf("bench: samples=%s is not a number in 1..100000, using %u\n", num, samples);
        } else {
            samples = v;
        }
    }
    if (strcmp(mode, "busy") == 0) {
        printf("bench: busy loop (load for another domain)\n");
        for (;;) {
            busy_count++;
        }
    }
    if (strcmp(mode, "idle") == 0) {
        printf("bench: idle domain\n");
        for (;;) {
            tx_thread_sleep(100 * TX_TIMER_TICKS_PER_SECOND);
        }
    }
    bench_boot();
    if (strcmp(mode, "all") == 0) {
        bench_ops();
        bench_irq("none", samples);
    } else if (strcmp(mode, "irq") == 0) {
        bench_irq("domain", samples);
    } else if (strcmp(mode, "chan") == 0) {
        bench_chan();
    } else if (strcmp(mode, "smp") == 0) {
        bench_smp();
    } else {
        printf("bench: unknown mode bench=%s (all, irq, chan, smp, busy, idle)\n", mode);
    }
    printf("BENCH-DONE\n");
}

VOID tx_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
    UINT s = tx_thread_create(&main_thread, "bench", main_entry, 0, main_stack, sizeof(main_stack),
                              MAIN_PRIO, MAIN_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START);
    if (s != TX_SUCCESS) {
        printf("bench: cannot create the main thread (status %u)\n", s);
    }
}

int main(void)
{
    bench_count_hypercalls(); /* from the first hypercall on, as chan.c's counts assume */
    tx_kernel_enter();
    return 0;
}
