/*
 * irq.c - timer interrupt latency: from the EL1 virtual timer's expiry (CNTV_CVAL_EL0, the
 * deadline the port's tick programmed) to
 *   isr     the port's IRQ entry reaching C (the irq-entry probe of xenrtos/platform.h, called
 *           right after the vector saved the interrupted context, about 20 instructions after
 *           the vector's first)
 *   thread  a thread woken by that tick (tx_thread_sleep(1) returning) running again.
 * The probe below notes the time and the deadline whenever the timer's condition is met
 * (gtimer_expired: CNTV_CTL_EL0.ISTATUS, Arm ARM D17.8.20).
 *
 * Two situations inside this domain: `idle` (only the sampling thread: the vCPU waits in WFI, so
 * Xen has descheduled it and must wake it) and `busy` (a low-priority thread spins: the vCPU is
 * running when the timer fires). `load` says what else runs on the pCPU (bench.py's configs).
 */
#include <stdio.h>

#include "bench.h"
#include "tx_api.h"
#include "drivers/arm_generic_timer.h"
#include "xenrtos/platform.h"

#define HIST_BINS 10

volatile uint32_t bench_irq_seq;
volatile uint64_t bench_irq_cval;
volatile uint64_t bench_irq_at;
volatile bool bench_irq_armed;

static void irq_entry_probe(void)
{
    uint64_t now = xr_counter_now();
    uint64_t cval;

    if (bench_irq_armed && gtimer_expired(&cval)) {
        bench_irq_cval = cval;
        bench_irq_at = now;
        bench_irq_seq++;
    }
}

/* Upper bounds of the histogram bins in ns; the last bin is open. */
static const uint64_t hist_edges[HIST_BINS - 1] = {1000,  2000,   5000,   10000,  20000,
                                                   50000, 100000, 200000, 1000000};

struct lat_stats {
    uint64_t n, sum, max;
    uint32_t hist[HIST_BINS];
};

static void lat_add(struct lat_stats *s, uint64_t ns)
{
    unsigned b = 0;

    while (b < HIST_BINS - 1 && ns >= hist_edges[b]) {
        b++;
    }
    s->hist[b]++;
    s->n++;
    s->sum += ns;
    s->max = ns > s->max ? ns : s->max;
}

static void lat_print(const char *load, const char *guest, const char *point,
                      const struct lat_stats *s)
{
    printf("BENCH irq load=%s guest=%s point=%s n=%llu mean_ns=%llu max_ns=%llu hist=", load, guest,
           point, (unsigned long long)s->n, (unsigned long long)(s->n ? s->sum / s->n : 0),
           (unsigned long long)s->max);
    for (unsigned b = 0; b < HIST_BINS; b++) {
        printf("%u%s", (unsigned)s->hist[b], b + 1 < HIST_BINS ? "," : "\n");
    }
}

static TX_THREAD spinner;
static uint8_t spinner_stack[4096] __attribute__((aligned(16)));
static volatile bool spin_stop;
static volatile uint64_t spin_count;

static void spinner_entry(ULONG arg)
{
    (void)arg;
    while (!spin_stop) {
        spin_count++;
    }
}

static void sample(const char *load, const char *guest, unsigned n)
{
    struct lat_stats isr = {0}, thread = {0};
    unsigned missed = 0;

    tx_thread_sleep(1); /* start on a tick boundary */
    xr_set_irq_entry_probe(irq_entry_probe);
    bench_irq_armed = true;
    for (unsigned i = 0; i < n; i++) {
        uint32_t seq = bench_irq_seq;
        tx_thread_sleep(1);
        uint64_t now = xr_counter_now();
        if (bench_irq_seq == seq) {
            missed++; /* woken without a timer interrupt seen: not a sample */
            continue;
        }
        uint64_t cval = bench_irq_cval;
        lat_add(&isr, bench_ns(bench_irq_at - cval));
        lat_add(&thread, bench_ns(now - cval));
    }
    bench_irq_armed = false;
    xr_set_irq_entry_probe(NULL);
    lat_print(load, guest, "isr", &isr);
    lat_print(load, guest, "thread", &thread);
    if (missed != 0) {
        printf("bench: irq %s/%s: %u wake-ups without a timer interrupt\n", load, guest, missed);
    }
}

void bench_irq(const char *load, unsigned samples)
{
    printf("BENCH irq-hist-edges-ns=<1000,<2000,<5000,<10000,<20000,<50000,<100000,<200000,"
           "<1000000,more\n");
    sample(load, "idle", samples);

    /* Below the caller (10): runs whenever the caller sleeps. */
    spin_stop = false;
    UINT s = tx_thread_create(&spinner, "spinner", spinner_entry, 0, spinner_stack,
                              sizeof(spinner_stack), 30, 30, TX_NO_TIME_SLICE, TX_AUTO_START);
    if (s != TX_SUCCESS) {
        printf("bench: cannot create the spinner (status %u)\n", s);
        return;
    }
    sample(load, "busy", samples);
    spin_stop = true;
    tx_thread_sleep(1);
    (void)tx_thread_terminate(&spinner);
}
