/*
 * main.c - test image for the domain's vCPUs brought online at boot (issue 16, bring-up).
 * Boot argument cpus=N: how many vCPUs the domain has (the case's configuration).
 *
 * TEST smp-online       every vCPU of the tree came online (N of N)
 * TEST smp-sgi-pingpong the boot CPU raises an SGI on each other vCPU, which answers with an SGI
 *                       back, ROUNDS times per vCPU: every one arrives once, on the CPU it was
 *                       sent to (its handler sees that CPU's index)
 * TEST smp-sgi-all      SGIs to all other vCPUs at once, ROUNDS times: each handles every one
 *                       exactly once (counted: their answers to the boot CPU may merge)
 * TEST smp-timer        each other vCPU programs its own virtual timer TIMER_SHOTS times in a
 *                       row (from its interrupt handler): each fires on its own CPU, the count
 *                       is exact, and the boot CPU's kernel tick goes on meanwhile
 * TEST smp-vcpu-info    each vCPU registered its vcpu_info with Xen
 * Asserts counts only: with several pCPUs QEMU runs in host time (no -icount).
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"
#include "drivers/arm_generic_timer.h"
#include "drivers/gic.h"
#include "xen_hv.h"
#include "xenrtos/platform.h"
#include "xr_test.h"

#define STACK       4096
#define MAX_CPUS    8
#define ROUNDS      500u
#define TIMER_SHOTS 20u
#define SGI_PING    8u  /* boot CPU -> another: "answer me" */
#define SGI_PONG    9u  /* another -> boot CPU: the answer */
#define SGI_TIMER   10u /* boot CPU -> another: "start your timer" */

static TX_THREAD main_thread;
static ULONG main_stack[STACK / 4] __attribute__((aligned(16)));
static TX_SEMAPHORE pong_sem;

static volatile uint32_t ping_hits[MAX_CPUS]; /* pings handled, per receiving CPU */
static volatile uint32_t wrong_cpu;           /* a handler ran somewhere unexpected */
static volatile uint32_t ping_expect;         /* CPU the current ping-pong round is for */
static volatile uint32_t timer_hits[MAX_CPUS];
static volatile uint32_t timer_wrong;

/* Code that runs in the other vCPUs' interrupt handlers: kept free of FP/SIMD, so that these
 * counts do not depend on the lazy FP switch (tests of that are elsewhere). */
#define ON_SECONDARY __attribute__((target("general-regs-only")))

ON_SECONDARY static void on_ping(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    unsigned int cpu = xr_cpu_id();
    if (cpu == 0 || cpu >= MAX_CPUS) {
        __atomic_fetch_add(&wrong_cpu, 1u, __ATOMIC_RELAXED);
        return;
    }
    __atomic_fetch_add(&ping_hits[cpu], 1u, __ATOMIC_RELAXED);
    (void)xr_cpu_send_sgi(0, SGI_PONG);
}

static void on_pong(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    if (xr_cpu_id() != 0) {
        __atomic_fetch_add(&wrong_cpu, 1u, __ATOMIC_RELAXED);
    }
    (void)tx_semaphore_put(&pong_sem);
}

ON_SECONDARY static void arm_timer(void)
{
    uint64_t freq = xr_counter_freq();
    gtimer_program(xr_counter_now() + freq / 1000u); /* 1 ms */
}

ON_SECONDARY static void on_timer_request(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    arm_timer();
}

ON_SECONDARY static void on_secondary_timer(unsigned int cpu)
{
    if (cpu != xr_cpu_id() || cpu == 0 || cpu >= MAX_CPUS) {
        __atomic_fetch_add(&timer_wrong, 1u, __ATOMIC_RELAXED);
        return;
    }
    if (__atomic_add_fetch(&timer_hits[cpu], 1u, __ATOMIC_RELAXED) < TIMER_SHOTS) {
        arm_timer();
    }
}

static unsigned int expected_cpus(void)
{
    char v[8];
    unsigned int n = 0;
    if (!xr_bootarg("cpus", v, sizeof(v))) {
        return 0;
    }
    for (const char *p = v; *p >= '0' && *p <= '9'; p++) {
        n = n * 10u + (unsigned int)(*p - '0');
    }
    return n;
}

static void test_pingpong(unsigned int n)
{
    unsigned int lost = 0;
    for (unsigned int cpu = 1; cpu < n; cpu++) {
        ping_expect = cpu;
        for (unsigned int r = 0; r < ROUNDS; r++) {
            if (xr_cpu_send_sgi(cpu, SGI_PING) != 0 ||
                tx_semaphore_get(&pong_sem, TX_TIMER_TICKS_PER_SECOND) != TX_SUCCESS) {
                lost++;
            }
        }
    }
    bool counts = true;
    for (unsigned int cpu = 1; cpu < n; cpu++) {
        printf("smp-test: vCPU %u answered %u pings\n", cpu, (unsigned)ping_hits[cpu]);
        counts = counts && ping_hits[cpu] == ROUNDS;
    }
    xr_verdict("smp-sgi-pingpong", lost == 0 && counts && wrong_cpu == 0,
               "%u lost, counts %s, %u handler(s) on the wrong CPU", lost, counts ? "ok" : "off",
               (unsigned)wrong_cpu);
}

/* SGIs are doorbells, not counters: on GICv3 two raised on one CPU before it takes the first
 * are one interrupt. So the answers of a round are the counters; the answer SGI only wakes the
 * boot CPU to look at them. */
static void test_all(unsigned int n)
{
    uint32_t base[MAX_CPUS];
    unsigned int late_rounds = 0;
    memcpy(base, (const void *)ping_hits, sizeof(base));
    for (unsigned int r = 1; r <= ROUNDS; r++) {
        while (tx_semaphore_get(&pong_sem, TX_NO_WAIT) == TX_SUCCESS) {
        }
        for (unsigned int cpu = 1; cpu < n; cpu++) {
            (void)xr_cpu_send_sgi(cpu, SGI_PING);
        }
        unsigned int waits = 0;
        for (;;) {
            bool all = true;
            for (unsigned int cpu = 1; cpu < n; cpu++) {
                all = all && ping_hits[cpu] - base[cpu] >= r;
            }
            if (all || waits == 10u) {
                late_rounds += !all;
                break;
            }
            if (tx_semaphore_get(&pong_sem, TX_TIMER_TICKS_PER_SECOND / 10u) != TX_SUCCESS) {
                waits++;
            }
        }
    }
    bool counts = true;
    for (unsigned int cpu = 1; cpu < n; cpu++) {
        counts = counts && ping_hits[cpu] - base[cpu] == ROUNDS;
    }
    xr_verdict("smp-sgi-all", late_rounds == 0 && counts && wrong_cpu == 0,
               "%u round(s) not answered by every vCPU within 1 s, counts %s", late_rounds,
               counts ? "exact" : "off");
}

static void test_timer(unsigned int n)
{
    ULONG t0 = tx_time_get();
    xr_set_secondary_timer_handler(on_secondary_timer);
    for (unsigned int cpu = 1; cpu < n; cpu++) {
        (void)xr_cpu_send_sgi(cpu, SGI_TIMER);
    }
    /* TIMER_SHOTS ms each, in parallel; a second is plenty even on a busy host. */
    bool done = false;
    for (unsigned int i = 0; i < 100u && !done; i++) {
        tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND / 100u);
        done = true;
        for (unsigned int cpu = 1; cpu < n; cpu++) {
            done = done && timer_hits[cpu] >= TIMER_SHOTS;
        }
    }
    tx_thread_sleep(5); /* a shot too many would show now */
    xr_set_secondary_timer_handler(NULL);
    bool exact = true;
    for (unsigned int cpu = 1; cpu < n; cpu++) {
        printf("smp-test: vCPU %u timer fired %u times\n", cpu, (unsigned)timer_hits[cpu]);
        exact = exact && timer_hits[cpu] == TIMER_SHOTS;
    }
    ULONG ticks = tx_time_get() - t0;
    xr_verdict("smp-timer", exact && timer_wrong == 0 && ticks > 0,
               "counts %s, %u on the wrong CPU, %lu boot-CPU ticks", exact ? "exact" : "off",
               (unsigned)timer_wrong, (unsigned long)ticks);
}

static void main_entry(ULONG arg)
{
    (void)arg;
    unsigned int want = expected_cpus();
    unsigned int n = xr_cpu_count();
    printf("smp-test: %u vCPU(s) online, %u expected\n", n, want);
    if (!xr_verdict("smp-online", want >= 2 && n == want && n <= MAX_CPUS,
                    "%u online, cpus=%u expected", n, want)) {
        xr_done();
        return;
    }
    if (gic_irq_register(SGI_PING, on_ping, NULL, GIC_PRIO_DEFAULT, true) != 0 ||
        gic_irq_register(SGI_PONG, on_pong, NULL, GIC_PRIO_DEFAULT, true) != 0 ||
        gic_irq_register(SGI_TIMER, on_timer_request, NULL, GIC_PRIO_DEFAULT, true) != 0 ||
        gic_irq_enable(SGI_PONG) != 0) {
        xr_verdict("smp-sgi-pingpong", false, "cannot register the SGI handlers");
        xr_done();
        return;
    }
    test_pingpong(n);
    test_all(n);
    test_timer(n);
    xen_err_t err = xen_hv_init();
    unsigned int missing = 0;
    for (unsigned int cpu = 0; cpu < n; cpu++) {
        missing += xen_vcpu_info_of(cpu) == NULL;
    }
    xr_verdict("smp-vcpu-info", err == XE_OK && missing == 0, "xen_hv_init %s, %u missing",
               xen_strerror(err), missing);
    xr_done();
}

void tx_application_define(void *first_unused_memory)
{
    (void)first_unused_memory;
    (void)tx_semaphore_create(&pong_sem, "pong", 0);
    (void)tx_thread_create(&main_thread, "smp test", main_entry, 0, main_stack, sizeof(main_stack),
                           5, 5, TX_NO_TIME_SLICE, TX_AUTO_START);
    /* The handlers' CPU checks take the boot CPU as the sender: keep the test's thread there
     * (the kernel schedules on every vCPU). */
    (void)tx_thread_smp_core_exclude(&main_thread, ~(ULONG)1u);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
