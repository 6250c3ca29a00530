/*
 * bench.h - the benchmark image (apps/bench): shared helpers of its parts.
 *
 * Every figure is measured with the EL1 virtual counter (CNTVCT_EL0, Arm ARM D11.2) and printed
 * as one "BENCH ..." line in nanoseconds of counter time; bench/bench.py collects the lines into
 * the table of `make bench`. Under QEMU `-icount shift=0` one instruction takes 1 ns of virtual
 * time, so these nanoseconds are instruction counts (see docs/performance.md for what that does
 * and does not say). The counter ticks at CNTFRQ (62.5 MHz on QEMU virt: 16 ns), so means are
 * taken over whole loops, never summed from single readings.
 */
#ifndef APPS_BENCH_H
#define APPS_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "tx_api.h"
#include "xenrtos/platform.h"

/* Counter ticks to nanoseconds, and to tenths of a nanosecond (for means over many loops). */
static inline uint64_t bench_ns(uint64_t ticks)
{
    return ticks * 1000000000ull / xr_counter_freq();
}

static inline uint64_t bench_ns10(uint64_t ticks)
{
    return ticks * 10000000000ull / xr_counter_freq();
}

/* Print "<x>.<y>" from tenths. */
#define BENCH_TENTHS(v) (unsigned long long)((v) / 10), (unsigned)((v) % 10)

/* ops.c: kernel services, context switches. irq.c: timer interrupt latency, `samples` ticks
 * per situation (`load` names the situation for the output). chan.c: the channel between two
 * domains. */
void bench_ops(void);
void bench_irq(const char *load, unsigned samples);
void bench_chan(void);
/* tm.c: the seven Thread-Metric scenarios, `ms` milliseconds of virtual time each, through the
 * API (tx_*) and, tm_core.c, through the services alone (_tx_*). */
void bench_tm(unsigned ms);
void bench_tm_core(unsigned ms);
/* smp.c: cross-vCPU wake-up, IPI cost, parallel scaling (bench=smp, 2 or more vCPUs). */
void bench_smp(void);
/* Count every hypercall in bench_hc from now on (chan.c). */
void bench_count_hypercalls(void);

/* irq.c: set by the wrapper around the port's IRQ entry. */
extern volatile uint32_t bench_irq_seq;
extern volatile uint64_t bench_irq_cval;
extern volatile uint64_t bench_irq_at;
extern volatile bool bench_irq_armed;

/* chan.c: hypercalls made by this domain (every HYPERVISOR_* stub is wrapped at link time). */
struct bench_hypercalls {
    uint64_t total;
    uint64_t evtchn_send;
    uint64_t evtchn_other;
    uint64_t sched;
    uint64_t other;
};
extern struct bench_hypercalls bench_hc;

#endif /* APPS_BENCH_H */
