/*
 * smp.c - `bench=smp`: what several vCPUs cost and give (issue 16). Needs 2 or more vCPUs;
 * QEMU runs several pCPUs in real time only (bench/cfg/smp.cfg), so these are wall-clock
 * nanoseconds of TCG's emulation, comparable only with each other:
 *   BENCH smp wake      a semaphore put by a thread on vCPU 0 until the waiter, on vCPU 1
 *                       (cross) or on vCPU 0 itself (local), runs: mean, min, max
 *   BENCH smp ipi       an SGI raised on vCPU 0 until its handler runs on vCPU 1
 *   BENCH smp scale     one fixed amount of integer work split over k threads, one per vCPU,
 *                       k = 1 .. N: elapsed time and speed-up over k = 1
 */
#include <stdio.h>

#include "bench.h"
#include "drivers/gic.h"
#include "tx_api.h"

#define SMP_SAMPLES  500u
#define SGI_BENCH    11u
#define SCALE_WORK   4000000u /* loop iterations in all, split over the threads */
#define MAX_CPUS     8u
#define WORKER_PRIO  5u
#define WORKER_STACK 4096u

static TX_THREAD waiter;
static TX_THREAD scale_threads[MAX_CPUS];
static ULONG waiter_stack[WORKER_STACK / 4] __attribute__((aligned(16)));
static ULONG scale_stacks[MAX_CPUS][WORKER_STACK / 4] __attribute__((aligned(16)));
static TX_SEMAPHORE wake_sem, done_sem;
static volatile uint64_t put_at, woke_at;

static ULONG all_but(unsigned int core, unsigned int cores)
{
    return ((1ul << cores) - 1u) & ~(1ul << core);
}

struct stat {
    uint64_t sum, min, max;
    unsigned n;
};

static void stat_add(struct stat *s, uint64_t v)
{
    s->sum += v;
    s->min = (s->n == 0 || v < s->min) ? v : s->min;
    s->max = v > s->max ? v : s->max;
    s->n++;
}

static void stat_print(const char *what, const struct stat *s)
{
    printf("BENCH smp %s mean_ns=%llu min_ns=%llu max_ns=%llu samples=%u\n", what,
           (unsigned long long)bench_ns(s->n != 0 ? s->sum / s->n : 0),
           (unsigned long long)bench_ns(s->min), (unsigned long long)bench_ns(s->max), s->n);
}

static void entry_waiter(ULONG arg)
{
    (void)arg;
    for (;;) {
        if (tx_semaphore_get(&wake_sem, TX_WAIT_FOREVER) != TX_SUCCESS) {
            return;
        }
        woke_at = xr_counter_now();
        (void)tx_semaphore_put(&done_sem);
    }
}

/* The waiter has a better priority than the caller: it runs as soon as it is woken. */
static void bench_wake(const char *what, unsigned int waiter_core, unsigned int cores)
{
    struct stat s = {0};

    (void)tx_thread_smp_core_exclude(&waiter, all_but(waiter_core, cores));
    tx_thread_sleep(1); /* it moved and waits */
    for (unsigned i = 0; i < SMP_SAMPLES; i++) {
        put_at = xr_counter_now();
        (void)tx_semaphore_put(&wake_sem);
        if (tx_semaphore_get(&done_sem, TX_TIMER_TICKS_PER_SECOND) != TX_SUCCESS) {
            printf("bench: smp %s: the waiter did not answer\n", what);
            return;
        }
        stat_add(&s, woke_at - put_at);
    }
    stat_print(what, &s);
}

static volatile uint64_t sgi_sent_at, sgi_seen_at;
static volatile uint32_t sgi_seen;

static void on_sgi(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    sgi_seen_at = xr_counter_now();
    __atomic_store_n(&sgi_seen, 1u, __ATOMIC_RELEASE);
}

static void bench_ipi(void)
{
    struct stat s = {0};

    if (gic_irq_register(SGI_BENCH, on_sgi, NULL, GIC_PRIO_DEFAULT, true) != 0) {
        printf("bench: smp ipi: cannot register SGI %u\n", SGI_BENCH);
        return;
    }
    for (unsigned i = 0; i < SMP_SAMPLES; i++) {
        __atomic_store_n(&sgi_seen, 0u, __ATOMIC_RELEASE);
        sgi_sent_at = xr_counter_now();
        if (xr_cpu_send_sgi(1, SGI_BENCH) != 0) {
            printf("bench: smp ipi: cannot raise the SGI\n");
            return;
        }
        uint64_t limit = sgi_sent_at + xr_counter_freq(); /* 1 s: a lost SGI, not a figure */
        while (__atomic_load_n(&sgi_seen, __ATOMIC_ACQUIRE) == 0u) {
            if (xr_counter_now() > limit) {
                printf("bench: smp ipi: SGI %u lost\n", i);
                return;
            }
        }
        stat_add(&s, sgi_seen_at - sgi_sent_at);
    }
    stat_print("ipi", &s);
}

static volatile ULONG scale_share;
static volatile uint64_t scale_sink;

static void entry_scale(ULONG index)
{
    uint64_t x = index + 1u;

    for (ULONG i = 0; i < scale_share; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
    }
    scale_sink += x;
    (void)tx_semaphore_put(&done_sem);
}

static void bench_scale(unsigned int cores)
{
    uint64_t one = 0;

    for (unsigned int k = 1; k <= cores; k++) {
        scale_share = SCALE_WORK / k;
        uint64_t t0 = xr_counter_now();
        for (unsigned int i = 0; i < k; i++) {
            (void)tx_thread_create(&scale_threads[i], "scale", entry_scale, i, scale_stacks[i],
                                   sizeof(scale_stacks[i]), WORKER_PRIO + 1u, WORKER_PRIO + 1u,
                                   TX_NO_TIME_SLICE, TX_DONT_START);
            (void)tx_thread_smp_core_exclude(&scale_threads[i], all_but(i, cores));
            (void)tx_thread_resume(&scale_threads[i]);
        }
        for (unsigned int i = 0; i < k; i++) {
            (void)tx_semaphore_get(&done_sem, TX_WAIT_FOREVER);
        }
        uint64_t t = xr_counter_now() - t0;
        for (unsigned int i = 0; i < k; i++) {
            (void)tx_thread_terminate(&scale_threads[i]);
            (void)tx_thread_delete(&scale_threads[i]);
        }
        one = k == 1 ? t : one;
        uint64_t speedup10 = t != 0 ? one * 10u / t : 0;
        printf("BENCH smp scale threads=%u elapsed_ns=%llu speedup=%llu.%u\n", k,
               (unsigned long long)bench_ns(t), BENCH_TENTHS(speedup10));
    }
}

void bench_smp(void)
{
    unsigned int cores = xr_cpu_count();

    if (cores < 2u || cores > MAX_CPUS) {
        printf("bench: smp: needs 2 to %u vCPUs, the domain has %u\n", MAX_CPUS, cores);
        return;
    }
    printf("BENCH smp cpus=%u clock=wall\n", cores);
    /* The caller stays on vCPU 0; the waiter, better placed, preempts nobody else. */
    TX_THREAD *self = tx_thread_identify();
    (void)tx_thread_smp_core_exclude(self, all_but(0, cores));
    (void)tx_semaphore_create(&wake_sem, "wake", 0);
    (void)tx_semaphore_create(&done_sem, "done", 0);
    (void)tx_thread_create(&waiter, "waiter", entry_waiter, 0, waiter_stack, sizeof(waiter_stack),
                           WORKER_PRIO, WORKER_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START);
    bench_wake("wake_cross", 1, cores);
    bench_wake("wake_local", 0, cores);
    bench_ipi();
    (void)tx_thread_terminate(&waiter);
    (void)tx_thread_delete(&waiter);
    (void)tx_thread_smp_core_exclude(self, 0);
    bench_scale(cores);
}
