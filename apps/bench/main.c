/*
 * main.c - the benchmark image. What it does comes from `bench=` in the domain's bootargs:
 *   bench=all   (default) boot figures, kernel operations, timer interrupt latency
 *   bench=irq   boot figures and interrupt latency only (runs beside a loading domain)
 *   bench=chan  boot figures and the channel to a peer domain running the same (chan.c)
 *   bench=smp   boot figures and what several vCPUs cost and give (smp.c; real time)
 *   bench=busy  a domain that only spins: the load for the other domain's figures
 *   bench=idle  a domain that only sleeps: the unloaded counterpart of bench=busy
 *   bench=tm    boot figures and Thread-Metric only (tm.c; bench=all runs it too)
 * `samples=N` (default 1000, at most 100000): timer interrupts sampled per latency situation.
 * `tm_ms=N` (default 200, at most 100000): virtual milliseconds per Thread-Metric scenario.
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
/* Counter at tx_application_define: the kernel has initialised, no thread has run yet. */
static uint64_t app_define_at;

/* Boot: the port records the counter at the image's first instruction and at the first dispatch
 * of a thread (xr_boot_times); the physical counter gives the time since QEMU's start,
 * and CNTPCT - CNTVCT is Xen's CNTVOFF: the physical count when Xen created this domain. */
/* CNTPCT - CNTVCT, read between two equal CNTVCT reads: a tick between the two counters' reads
 * would count one more (under -icount a tick is 16 instructions, so a read pair straddles one
 * now and then, and where depends on the code before it). */
static uint64_t counter_offset(void)
{
    uint64_t v1 = 0;
    uint64_t p = 0;

    for (int tries = 0; tries < 8; tries++) {
        v1 = xr_counter_now();
        p = xr_counter_phys_now();
        if (xr_counter_now() == v1) {
            break;
        }
    }
    return p - v1;
}

static void bench_boot(void)
{
    uint64_t voff = counter_offset();
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

    /* The port's milestones up to main(), then the kernel's initialisation (main() to
     * tx_application_define) and the rest up to the first thread (this application's define, the
     * scheduler's start). Each phase: from the milestone before to this one. */
    struct xr_boot_phase ph[12];
    unsigned n = xr_boot_phases(ph, 10);
    n = n > 10 ? 10 : n;
    if (n == 0) {
        return;
    }
    ph[n].name = "kernel_init";
    ph[n].at = app_define_at;
    ph[n + 1].name = "first_thread";
    ph[n + 1].at = first;
    for (unsigned i = 1; i < n + 2; i++) {
        uint64_t d = ph[i].at >= ph[i - 1].at ? ph[i].at - ph[i - 1].at : 0;
        printf("BENCH bootphase name=%s ns=%llu at_ns=%llu\n", ph[i].name,
               (unsigned long long)bench_ns(d), (unsigned long long)bench_ns(ph[i].at - entry));
    }
}

/* bootarg `key` as a number in 1..max, else `def` (saying why). */
static unsigned bootarg_num(const char *key, unsigned def, unsigned max)
{
    char num[16];
    unsigned v = 0;

    if (!xr_bootarg(key, num, sizeof(num))) {
        return def;
    }
    const char *p = num;
    while (*p >= '0' && *p <= '9' && v <= max) {
        v = v * 10 + (unsigned)(*p++ - '0');
    }
    if (*p != '\0' || v == 0 || v > max) {
        printf("bench: %s=%s is not a number in 1..%u, using %u\n", key, num, max, def);
        return def;
    }
    return v;
}

static volatile uint64_t busy_count;

static void main_entry(ULONG arg)
{
    char mode[16] = "all";

    (void)arg;
    (void)xr_bootarg("bench", mode, sizeof(mode));
    unsigned samples = bootarg_num("samples", 1000, 100000);
    unsigned tm_ms = bootarg_num("tm_ms", 200, 100000);
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
        bench_tm(tm_ms);
        bench_tm_core(tm_ms);
        bench_irq("none", samples);
    } else if (strcmp(mode, "tm") == 0) {
        bench_tm(tm_ms);
        bench_tm_core(tm_ms);
    } else if (strcmp(mode, "irq") == 0) {
        bench_irq("domain", samples);
    } else if (strcmp(mode, "chan") == 0) {
        bench_chan();
    } else if (strcmp(mode, "smp") == 0) {
        bench_smp();
    } else {
        printf("bench: unknown mode bench=%s (all, tm, irq, chan, smp, busy, idle)\n", mode);
    }
    printf("BENCH-DONE\n");
}

VOID tx_application_define(VOID *first_unused_memory)
{
    app_define_at = xr_counter_now();
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
