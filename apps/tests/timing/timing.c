/*
 * timing.c - test image: the tick and the context switch, measured against the generic counter.
 *
 * TEST sleep-<n>     tx_thread_sleep(n) lasts n ticks of CNTVCT time (within one tick + 10%)
 * TEST time-get      tx_time_get() advances by the ticks slept
 * TEST tickless-idle a long sleep with every thread idle takes few timer interrupts
 * TEST fp-switch     FP/SIMD registers survive switches between two threads using them
 * TEST preempt       a higher-priority thread woken by the tick preempts a spinning one
 * TEST relative-rate two spinning equal-priority threads with time slices progress alike
 * Ends with TEST-DONE.
 */
#include <stdio.h>

#include "tx_api.h"
#include "drivers/gic.h" /* gic_irq_count: acknowledged interrupts, shows tickless idle */
#include "xenrtos/platform.h"
#include "xr_test.h"

#define STACK 4096

static TX_THREAD main_thread, fp_a, fp_b, spin_lo, hi_thread, slice_a, slice_b;
static ULONG main_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG fp_a_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG fp_b_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG spin_lo_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG hi_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG slice_a_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG slice_b_stack[STACK / 4] __attribute__((aligned(16)));

static volatile ULONG fp_rounds[2];
static volatile ULONG fp_errors;
static volatile ULONG spin_count;
static volatile ULONG hi_woke_at_spin;
static volatile ULONG slice_count[2];
static volatile int stop_spinning;

static void test_sleep(ULONG ticks)
{
    char name[24];
    unsigned long long per_tick = xr_counter_freq() / TX_TIMER_TICKS_PER_SECOND;

    tx_thread_sleep(1); /* start on a tick boundary */
    ULONG t0 = tx_time_get();
    unsigned long long c0 = xr_counter_now();
    tx_thread_sleep(ticks);
    unsigned long long c1 = xr_counter_now();
    ULONG t1 = tx_time_get();
    unsigned long long want = per_tick * ticks;
    unsigned long long got = c1 - c0;
    snprintf(name, sizeof(name), "sleep-%lu", (unsigned long)ticks);
    /* Woken at the tick boundary: at least ticks-1 full ticks, at most one tick + 10% late. */
    xr_verdict(name, got + per_tick >= want && got <= want + per_tick + want / 10,
               "counter %llu, expected about %llu", got, want);
    printf("timing: sleep(%lu) took %llu us (counter %llu Hz)\n", (unsigned long)ticks,
           got * 1000000ULL / xr_counter_freq(), (unsigned long long)xr_counter_freq());
    if (ticks == 10) {
        xr_verdict("time-get", t1 - t0 == ticks, "time_get advanced %lu, slept %lu",
                   (unsigned long)(t1 - t0), (unsigned long)ticks);
    }
}

/* Each FP thread loads its own pattern into v8-v15 and v16-v31, yields, and checks them. */
static void fp_thread(ULONG id)
{
    for (ULONG round = 0; round < 200; round++) {
        unsigned long long pat = 0x1111111111111111ULL * (id + 1) + round;
        unsigned long long back[4];
        __asm__ volatile("fmov d8, %0\n\tfmov d15, %0\n\tfmov d16, %0\n\tfmov d31, %0\n\t"
                         "fmov v8.d[1], %0\n\tfmov v31.d[1], %0" ::"r"(pat)
                         : "v8", "v15", "v16", "v31");
        tx_thread_relinquish();
        tx_thread_sleep(round % 3 == 0 ? 1 : 0);
        __asm__ volatile("fmov %0, d8\n\tfmov %1, d15\n\tfmov %2, d31\n\tfmov %3, v31.d[1]"
                         : "=r"(back[0]), "=r"(back[1]), "=r"(back[2]), "=r"(back[3]));
        for (int i = 0; i < 4; i++) {
            if (back[i] != pat) {
                fp_errors++;
            }
        }
        fp_rounds[id]++;
    }
    tx_thread_suspend(tx_thread_identify());
}

static void spin_entry(ULONG arg)
{
    (void)arg;
    while (!stop_spinning) {
        spin_count++;
    }
    tx_thread_suspend(tx_thread_identify());
}

static void hi_entry(ULONG arg)
{
    (void)arg;
    tx_thread_sleep(5);
    hi_woke_at_spin = spin_count; /* the spinner was running: we preempted it */
    stop_spinning = 1;
}

static void slice_entry(ULONG id)
{
    while (!stop_spinning) {
        slice_count[id]++;
    }
}

static void main_entry(ULONG arg)
{
    (void)arg;
    printf("timing: counter %llu Hz, %u ticks/s\n", (unsigned long long)xr_counter_freq(),
           (unsigned)TX_TIMER_TICKS_PER_SECOND);
    test_sleep(1);
    test_sleep(10);
    test_sleep(37);
    /* Every other thread is suspended: in idle the timer is programmed for the wake-up (at most
     * a second ahead), not every tick, so 250 ticks of sleep take a handful of interrupts. */
    unsigned long long irq0 = gic_irq_count;
    test_sleep(250);
    unsigned long long irqs = gic_irq_count - irq0;
    printf("timing: %llu interrupts during 251 ticks of idle\n", irqs);
    xr_verdict("tickless-idle", irqs <= 10, "%llu interrupts in 251 idle ticks (periodic: 251)",
               irqs);

    tx_thread_resume(&fp_a);
    tx_thread_resume(&fp_b);
    while (fp_rounds[0] < 200 || fp_rounds[1] < 200) {
        tx_thread_sleep(2);
    }
    xr_verdict("fp-switch", fp_errors == 0, "%lu mismatches in 400 rounds",
               (unsigned long)fp_errors);

    /* Preemption: a priority-20 thread spins; priority 10 sleeps 5 ticks then must run. */
    stop_spinning = 0;
    tx_thread_resume(&spin_lo);
    tx_thread_resume(&hi_thread);
    tx_thread_sleep(20);
    xr_verdict("preempt", stop_spinning == 1 && hi_woke_at_spin > 0,
               "high thread ran: %d, spinner count then %lu", (int)stop_spinning,
               (unsigned long)hi_woke_at_spin);

    /* Time slicing: two priority-25 spinners with 2-tick slices share the CPU evenly. */
    stop_spinning = 0;
    tx_thread_resume(&slice_a);
    tx_thread_resume(&slice_b);
    tx_thread_sleep(100);
    stop_spinning = 1;
    unsigned long long a = slice_count[0], b = slice_count[1];
    printf("timing: slices a=%llu b=%llu\n", a, b);
    xr_verdict("relative-rate", a > 0 && b > 0 && a < 2 * b && b < 2 * a, "a=%llu b=%llu", a, b);
    printf("TEST-DONE\n");
}

void tx_application_define(void *first_unused_memory)
{
    (void)first_unused_memory;
    tx_thread_create(&main_thread, "timing main", main_entry, 0, main_stack, sizeof(main_stack), 5,
                     5, TX_NO_TIME_SLICE, TX_AUTO_START);
    tx_thread_create(&fp_a, "fp a", fp_thread, 0, fp_a_stack, sizeof(fp_a_stack), 15, 15,
                     TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&fp_b, "fp b", fp_thread, 1, fp_b_stack, sizeof(fp_b_stack), 15, 15,
                     TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&spin_lo, "spinner", spin_entry, 0, spin_lo_stack, sizeof(spin_lo_stack), 20,
                     20, TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&hi_thread, "high", hi_entry, 0, hi_stack, sizeof(hi_stack), 10, 10,
                     TX_NO_TIME_SLICE, TX_DONT_START);
    tx_thread_create(&slice_a, "slice a", slice_entry, 0, slice_a_stack, sizeof(slice_a_stack), 25,
                     25, 2, TX_DONT_START);
    tx_thread_create(&slice_b, "slice b", slice_entry, 1, slice_b_stack, sizeof(slice_b_stack), 25,
                     25, 2, TX_DONT_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
