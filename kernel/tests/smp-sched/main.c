/*
 * smp-sched - the SMP kernel scheduling on Xen's vCPUs (issue 16). Boot argument cpus=N: the
 * vCPUs the domain has. Several pCPUs: QEMU runs in host time, so every check asserts counts and
 * states; tick deadlines only detect a hang.
 *
 * TEST smp-cores          the kernel uses every vCPU online (N cores, core ids 0 .. N-1)
 * TEST smp-parallel       N threads of one priority that never yield meet at a barrier: only
 *                         possible with all N running at once
 * TEST smp-invariant      seeded random stress (worker threads acting on themselves, this
 *                         thread acting on them): after every step, under the kernel lock, the
 *                         threads on the cores are exactly the reference model's choice
 *                         (kernel/tests/smp_model.c, shared with the host port's test)
 * TEST smp-invariant-fails the model rejects a wrong choice made by hand (it is not vacuous)
 * TEST smp-exclusion      a thread excluded from all cores but k runs only on k, for every k;
 *                         exclude_get gives the map back; the argument errors
 * TEST smp-timer-exclusion an application timer excluded from all cores but k expires on k
 * TEST smp-migration      a busy thread moved from core to core by another thread's
 *                         tx_thread_smp_core_exclude lands on each target (waited for, not
 *                         timed) and visits them all
 * TEST smp-pingpong       two threads on different vCPUs hand a semaphore back and forth
 *                         ROUNDS times, each always on its own vCPU, none lost
 * TEST smp-fp             threads using FP/SIMD, moved between vCPUs and sharing them, keep
 *                         their own register state (exact double arithmetic checked)
 */
#include <stdio.h>
#include <string.h>

#define TX_THREAD_SMP_SOURCE_CODE
#include "tx_api.h"
#include "tx_arch.h"
#include "tx_internal.h"

#include "smp_model.h"
#include "xenrtos/platform.h"
#include "xr_test.h"

#define STACK         4096u
#define WORKERS       8u
#define STRESS_STEPS  3000u
#define ROUNDS        2000u
#define FP_THREADS    3u
#define FP_ROUNDS     400u
#define HANG_TICKS    (30u * TX_TIMER_TICKS_PER_SECOND) /* hang detector only */
#define MAIN_PRIORITY 1u
#define WORK_PRIORITY 10u

static TX_THREAD main_thread;
static TX_THREAD workers[WORKERS];
static ULONG main_stack[STACK / 4] __attribute__((aligned(16)));
static ULONG worker_stacks[WORKERS][STACK / 4] __attribute__((aligned(16)));
static CHAR *names[WORKERS] = {"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7"};
static unsigned int cores;
static char failure[160];

static ULONG all_cores(void)
{
    return (cores >= 32u) ? 0xFFFFFFFFu : ((1ul << cores) - 1u);
}

/* Exclusion map that leaves only core k. */
static ULONG only(unsigned int k)
{
    return all_cores() & ~(1ul << k);
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

static UINT start(TX_THREAD *t, unsigned int i, VOID (*entry)(ULONG), UINT priority, UINT threshold)
{
    memset(t, 0, sizeof(*t));
    return tx_thread_create(t, names[i], entry, i, worker_stacks[i], sizeof(worker_stacks[i]),
                            priority, threshold, TX_NO_TIME_SLICE, TX_AUTO_START);
}

/* Wait (sleeping) until every thread of `n` workers completed; false on a hang. */
static bool join(unsigned int n)
{
    ULONG deadline = tx_time_get() + HANG_TICKS;

    for (unsigned int i = 0; i < n; i++) {
        while (workers[i].tx_thread_state != TX_COMPLETED) {
            if ((LONG)(tx_time_get() - deadline) > 0) {
                return false;
            }
            tx_thread_sleep(1);
        }
        (void)tx_thread_delete(&workers[i]);
    }
    return true;
}

static void spin(unsigned int loops)
{
    for (volatile unsigned int i = 0; i < loops; i++) {
    }
}

/* ---- smp-parallel ---------------------------------------------------------------------------- */

static volatile uint32_t arrived;
static volatile uint32_t parallel_cores; /* bit per core a worker was on when all had arrived */
static volatile uint32_t parallel_gave_up;

static void entry_parallel(ULONG index)
{
    (void)index;
    ULONG deadline = tx_time_get() + HANG_TICKS;

    __atomic_fetch_add(&arrived, 1u, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < cores) {
        if ((LONG)(tx_time_get() - deadline) > 0) {
            __atomic_fetch_add(&parallel_gave_up, 1u, __ATOMIC_RELAXED);
            return;
        }
    }
    __atomic_fetch_or(&parallel_cores, 1u << tx_thread_smp_core_get(), __ATOMIC_RELAXED);
}

static void test_parallel(void)
{
    arrived = 0;
    parallel_cores = 0;
    parallel_gave_up = 0;
    for (unsigned int i = 0; i < cores; i++) {
        (void)start(&workers[i], i, entry_parallel, WORK_PRIORITY, WORK_PRIORITY);
    }
    bool joined = join(cores);
    xr_verdict("smp-parallel", joined && arrived == cores && parallel_gave_up == 0,
               "%u of %u arrived, %u gave up, joined %d", (unsigned)arrived, cores,
               (unsigned)parallel_gave_up, joined);
    printf("smp-sched: parallel workers were on cores %#x\n", (unsigned)parallel_cores);
}

/* ---- smp-invariant ----------------------------------------------------------------------- */

static TX_SEMAPHORE stress_sem;
static volatile int stop;
static volatile uint32_t stress_cores; /* bit per core a worker ran on */
static unsigned long rng;

static unsigned long rnd(unsigned long n)
{
    rng = rng * 6364136223846793005ul + 1442695040888963407ul;
    return (unsigned long)((rng >> 33) % n);
}

static bool check(void)
{
    TX_INTERRUPT_SAVE_AREA
    int ok;

    TX_DISABLE
    ok = smp_model_verify(failure, sizeof(failure));
    TX_RESTORE
    return ok != 0;
}

static void entry_stress(ULONG index)
{
    unsigned long r = 0x9E3779B97F4A7C15ul * (index + 1u);

    while (!stop) {
        r = r * 6364136223846793005ul + 1442695040888963407ul;
        __atomic_fetch_or(&stress_cores, 1u << tx_thread_smp_core_get(), __ATOMIC_RELAXED);
        switch ((r >> 33) % 8u) {
        case 0:
            (void)tx_semaphore_get(&stress_sem, (ULONG)((r >> 40) % 3u));
            break;
        case 1:
            (void)tx_semaphore_put(&stress_sem);
            break;
        case 2:
            tx_thread_relinquish();
            break;
        case 3:
            tx_thread_sleep(1u + (ULONG)((r >> 40) % 2u));
            break;
        case 4:
            (void)tx_thread_smp_core_exclude(&workers[index],
                                             (ULONG)((r >> 44) % 256u) & all_cores() & ~1ul);
            break;
        default:
            spin(200);
            break;
        }
    }
}

static void test_invariant(unsigned long seed)
{
    unsigned int checks = 0;
    bool ok = true;
    UINT old;

    rng = seed;
    stop = 0;
    stress_cores = 0;
    (void)tx_semaphore_create(&stress_sem, "stress", 0);
    for (unsigned int i = 0; i < WORKERS; i++) {
        UINT priority = 8u + (UINT)rnd(5); /* few levels: many ties */
        (void)start(&workers[i], i, entry_stress, priority,
                    rnd(3) == 0u ? priority - 1u - (UINT)rnd(4) : priority);
    }
    for (unsigned int step = 0; step < STRESS_STEPS && ok; step++) {
        TX_THREAD *w = &workers[rnd(WORKERS)];
        UINT p;

        switch (rnd(9)) {
        case 0:
            (void)tx_thread_suspend(w);
            break;
        case 1:
            (void)tx_thread_resume(w);
            break;
        case 2:
            p = 6u + (UINT)rnd(8);
            if (tx_thread_priority_change(w, p, &old) == TX_SUCCESS) {
                (void)tx_thread_preemption_change(w, p, &old);
            }
            break;
        case 3:
            (void)tx_thread_preemption_change(w, w->tx_thread_user_priority - (UINT)rnd(4), &old);
            break;
        case 4:
            (void)tx_thread_smp_core_exclude(w, (ULONG)rnd(256) & all_cores() & ~1ul);
            break;
        case 5:
            (void)tx_semaphore_put(&stress_sem);
            break;
        case 6:
            tx_thread_sleep(1);
            break;
        case 7:
            (void)tx_thread_wait_abort(w);
            break;
        default:
            /* This thread moves itself. */
            (void)tx_thread_smp_core_exclude(&main_thread, (ULONG)rnd(256) & all_cores() & ~1ul);
            break;
        }
        ok = check();
        checks++;
        if (ok && (step % 8u) == 0u) {
            spin(2000); /* let the others run between steps */
            ok = check();
            checks++;
        }
        if (!ok) {
            printf("smp-sched: seed %lu, step %u: %s\n", seed, step, failure);
        }
    }
    stop = 1;
    (void)tx_thread_smp_core_exclude(&main_thread, 0);
    for (unsigned int i = 0; i < WORKERS; i++) {
        (void)tx_thread_resume(&workers[i]);
        (void)tx_thread_wait_abort(&workers[i]);
    }
    bool joined = join(WORKERS);
    (void)tx_semaphore_delete(&stress_sem);
    printf("smp-sched: seed %lu: %u invariant checks, workers on cores %#x\n", seed, checks,
           (unsigned)stress_cores);
    xr_verdict("smp-invariant", ok && joined && stress_cores == all_cores(),
               "%u checks, %s; workers ran on cores %#x of %#lx; joined %d", checks,
               ok ? "all right" : failure, (unsigned)stress_cores, (unsigned long)all_cores(),
               joined);
}

/* The model is not vacuous: two wrong choices made by hand under the lock are caught. */
static volatile int spin_stop;

static void entry_spin(ULONG index)
{
    (void)index;
    while (!spin_stop) {
        spin(100);
    }
}

static void test_invariant_fails(void)
{
    TX_INTERRUPT_SAVE_AREA
    int ok_before, ok_wrong, ok_excluded, ok_after;

    spin_stop = 0;
    (void)start(&workers[0], 0, entry_spin, 10, 10);
    (void)start(&workers[1], 1, entry_spin, 20, 20);
    /* Both on cores other than this thread's (it is pinned to core 0 here). */
    (void)tx_thread_smp_core_exclude(&main_thread, only(0));
    (void)tx_thread_smp_core_exclude(&workers[0], 1ul);
    (void)tx_thread_smp_core_exclude(&workers[1], 1ul);
    tx_thread_sleep(1);
    TX_DISABLE
    ok_before = smp_model_verify(failure, sizeof(failure));
    unsigned int hi_core = cores;
    for (unsigned int c = 0; c < cores; c++) {
        if (_tx_thread_execute_ptr[c] == &workers[0]) {
            hi_core = c;
        }
    }
    if (hi_core < cores) {
        /* A lower priority in place of "w0" (the choice is the kernel's: restored at once). */
        _tx_thread_execute_ptr[hi_core] = &workers[1];
        ok_wrong = smp_model_verify(failure, sizeof(failure));
        _tx_thread_execute_ptr[hi_core] = &workers[0];
        workers[0].tx_thread_smp_cores_allowed &= ~(1ul << hi_core); /* on a core it excludes */
        ok_excluded = smp_model_verify(failure, sizeof(failure));
        workers[0].tx_thread_smp_cores_allowed |= 1ul << hi_core;
    } else {
        ok_wrong = ok_excluded = 1;
    }
    ok_after = smp_model_verify(failure, sizeof(failure));
    TX_RESTORE
    spin_stop = 1;
    bool joined = join(2);
    (void)tx_thread_smp_core_exclude(&main_thread, 0);
    xr_verdict("smp-invariant-fails",
               ok_before && !ok_wrong && !ok_excluded && ok_after && hi_core < cores && joined,
               "before %d, wrong %d, excluded %d, after %d, w0 on core %u", ok_before, ok_wrong,
               ok_excluded, ok_after, hi_core);
}

/* ---- smp-exclusion, smp-timer-exclusion -------------------------------------------------- */

static volatile ULONG core_runs[8][8]; /* [pinned to][ran on] */
static volatile unsigned int pinned_to;

static void entry_pinned(ULONG index)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *self = tx_thread_identify();

    (void)index;
    while (!spin_stop) {
        /* The core and the pin read together, under the kernel lock, and only while this core's
         * choice is this thread: a suspend, exclusion or resume from another core returns
         * before this core has taken its preemption interrupt, so the thread may still be
         * running here, on its way out, after the main thread moved the pin on. What is checked
         * is the scheduler's placement. */
        TX_DISABLE
        UINT core = TX_ARCH_CORE_ID();
        if (_tx_thread_execute_ptr[core] == self) {
            core_runs[pinned_to][core]++;
        }
        TX_RESTORE
        tx_thread_relinquish();
    }
}

static void test_exclusion(void)
{
    ULONG map = 0;
    unsigned int wrong = 0, idle_cores = 0, map_bad = 0;

    memset((void *)core_runs, 0, sizeof(core_runs));
    spin_stop = 0;
    pinned_to = 0;
    (void)tx_thread_create(&workers[0], "pinned", entry_pinned, 0, worker_stacks[0], STACK,
                           WORK_PRIORITY, WORK_PRIORITY, TX_NO_TIME_SLICE, TX_DONT_START);
    for (unsigned int k = 0; k < cores; k++) {
        (void)tx_thread_suspend(&workers[0]);
        pinned_to = k;
        (void)tx_thread_smp_core_exclude(&workers[0], only(k));
        (void)tx_thread_resume(&workers[0]);
        /* Until it has run on k: when depends on the host running k's vCPU (bounded by the hang
         * detector); where it ran is what is asserted. */
        for (ULONG waited = 0; core_runs[k][k] == 0u && waited < HANG_TICKS; waited++) {
            tx_thread_sleep(1);
        }
        tx_thread_sleep(1);
        map_bad +=
            tx_thread_smp_core_exclude_get(&workers[0], &map) != TX_SUCCESS || map != only(k);
    }
    spin_stop = 1;
    (void)tx_thread_smp_core_exclude(&workers[0], 0);
    bool joined = join(1);
    for (unsigned int k = 0; k < cores; k++) {
        for (unsigned int c = 0; c < cores; c++) {
            if (c != k && core_runs[k][c] != 0) {
                wrong++;
                printf("smp-sched: pinned to %u, ran %lu times on %u\n", k,
                       (unsigned long)core_runs[k][c], c);
            }
        }
        idle_cores += core_runs[k][k] == 0;
    }
    /* The errors (ThreadX SMP: TX_THREAD_ERROR, TX_PTR_ERROR). */
    UINT e_all = tx_thread_smp_core_exclude(&main_thread, all_cores());
    UINT e_null = tx_thread_smp_core_exclude(TX_NULL, 0);
    UINT e_ptr = tx_thread_smp_core_exclude_get(&main_thread, TX_NULL);
    UINT e_get = tx_thread_smp_core_exclude_get(TX_NULL, &map);
    bool errors = e_all == TX_THREAD_ERROR && e_null == TX_THREAD_ERROR && e_ptr == TX_PTR_ERROR &&
                  e_get == TX_THREAD_ERROR;
    xr_verdict("smp-exclusion", wrong == 0 && idle_cores == 0 && map_bad == 0 && errors && joined,
               "%u run(s) off the allowed core, %u core(s) never used, %u map(s) wrong, errors "
               "%u/%u/%u/%u, joined %d",
               wrong, idle_cores, map_bad, e_all, e_null, e_ptr, e_get, joined);
}

static TX_TIMER timer;
static volatile ULONG timer_on[8];
static volatile ULONG timer_calls;

static void timer_fn(ULONG input)
{
    (void)input;
    timer_on[tx_thread_smp_core_get() & 7u]++;
    timer_calls++;
}

static void test_timer_exclusion(void)
{
    unsigned int wrong = 0, short_cores = 0;
    ULONG map = 0;

    (void)tx_timer_create(&timer, "pinned timer", timer_fn, 0, 1, 1, TX_NO_ACTIVATE);
    for (unsigned int k = 0; k < cores; k++) {
        memset((void *)timer_on, 0, sizeof(timer_on));
        timer_calls = 0;
        (void)tx_timer_smp_core_exclude(&timer, only(k));
        (void)tx_timer_activate(&timer);
        ULONG deadline = tx_time_get() + HANG_TICKS;
        while (timer_calls < 5u && (LONG)(tx_time_get() - deadline) <= 0) {
            tx_thread_sleep(1);
        }
        (void)tx_timer_deactivate(&timer);
        wrong += (unsigned int)(timer_calls - timer_on[k]);
        short_cores += timer_calls < 5u;
    }
    UINT got = tx_timer_smp_core_exclude_get(&timer, &map);
    (void)tx_timer_delete(&timer);
    xr_verdict("smp-timer-exclusion",
               wrong == 0 && short_cores == 0 && got == TX_SUCCESS && map == only(cores - 1u),
               "%u expiration(s) off the allowed core, %u core(s) short, map %#lx", wrong,
               short_cores, (unsigned long)map);
}

/* ---- smp-migration ----------------------------------------------------------------------- */

static volatile unsigned int last_core;
static volatile uint32_t visited;
static volatile ULONG moves;

static void entry_mover(ULONG index)
{
    (void)index;
    unsigned int prev = tx_thread_smp_core_get();

    while (!spin_stop) {
        unsigned int c = tx_thread_smp_core_get();
        if (c != prev) {
            moves++;
            prev = c;
        }
        last_core = c;
        __atomic_fetch_or(&visited, 1u << c, __ATOMIC_RELAXED);
    }
}

static void test_migration(void)
{
    unsigned int missed = 0;

    spin_stop = 0;
    visited = 0;
    moves = 0;
    /* This thread stays on core 0; the busy one is moved around the others and back. */
    (void)tx_thread_smp_core_exclude(&main_thread, only(0));
    (void)start(&workers[0], 0, entry_mover, WORK_PRIORITY, WORK_PRIORITY);
    for (unsigned int r = 0; r < 4u * cores; r++) {
        unsigned int target = r % cores;
        ULONG waited = 0;
        (void)tx_thread_smp_core_exclude(&workers[0], only(target));
        last_core = TX_THREAD_SMP_MAX_CORES; /* no core: only a report from now on counts */
        /* Until it reports the target (on core 0 it runs only while this thread sleeps). How
         * soon depends on when the host runs the target's vCPU: a hang detector bounds the wait,
         * the count of arrivals is what is asserted. */
        while (last_core != target && waited < HANG_TICKS) {
            tx_thread_sleep(1);
            waited++;
        }
        missed += last_core != target;
    }
    spin_stop = 1;
    bool joined = join(1);
    (void)tx_thread_smp_core_exclude(&main_thread, 0);
    xr_verdict("smp-migration",
               missed == 0 && visited == all_cores() && moves >= 4u * cores - 1u && joined,
               "%u target(s) missed, visited %#x, %lu moves, joined %d", missed, (unsigned)visited,
               (unsigned long)moves, joined);
}

/* ---- smp-pingpong ------------------------------------------------------------------------ */

static TX_SEMAPHORE ping, pong;
static volatile ULONG pings, pongs, off_core;

static void entry_ping(ULONG index)
{
    (void)index;
    for (unsigned int i = 0; i < ROUNDS; i++) {
        (void)tx_semaphore_put(&ping);
        if (tx_semaphore_get(&pong, HANG_TICKS) != TX_SUCCESS) {
            return;
        }
        off_core += tx_thread_smp_core_get() != 0u;
        pongs++;
    }
}

static void entry_pong(ULONG index)
{
    (void)index;
    for (unsigned int i = 0; i < ROUNDS; i++) {
        if (tx_semaphore_get(&ping, HANG_TICKS) != TX_SUCCESS) {
            return;
        }
        off_core += tx_thread_smp_core_get() != 1u;
        pings++;
        (void)tx_semaphore_put(&pong);
    }
}

static void test_pingpong(void)
{
    pings = pongs = off_core = 0;
    (void)tx_semaphore_create(&ping, "ping", 0);
    (void)tx_semaphore_create(&pong, "pong", 0);
    /* This thread off both cores (or sharing core 1 on two vCPUs: it only sleeps). */
    (void)tx_thread_smp_core_exclude(&main_thread, cores > 2u ? 3ul : 1ul);
    (void)tx_thread_create(&workers[0], "ping", entry_ping, 0, worker_stacks[0], STACK,
                           WORK_PRIORITY, WORK_PRIORITY, TX_NO_TIME_SLICE, TX_DONT_START);
    (void)tx_thread_create(&workers[1], "pong", entry_pong, 1, worker_stacks[1], STACK,
                           WORK_PRIORITY, WORK_PRIORITY, TX_NO_TIME_SLICE, TX_DONT_START);
    (void)tx_thread_smp_core_exclude(&workers[0], only(0));
    (void)tx_thread_smp_core_exclude(&workers[1], only(1));
    (void)tx_thread_resume(&workers[1]);
    (void)tx_thread_resume(&workers[0]);
    bool joined = join(2);
    (void)tx_thread_smp_core_exclude(&main_thread, 0);
    ULONG left = ping.tx_semaphore_count + pong.tx_semaphore_count;
    (void)tx_semaphore_delete(&ping);
    (void)tx_semaphore_delete(&pong);
    xr_verdict("smp-pingpong",
               joined && pings == ROUNDS && pongs == ROUNDS && off_core == 0 && left == 0,
               "%lu pings, %lu pongs of %u, %lu off their vCPU, %lu left over, joined %d",
               (unsigned long)pings, (unsigned long)pongs, ROUNDS, (unsigned long)off_core,
               (unsigned long)left, joined);
}

/* ---- smp-fp ---------------------------------------------------------------------------------
 * Each thread sums k * (index + 1) / 4 in double for k = 1.. (exact: multiples of 1/4 far
 * below 2^53) and compares with the integer formula every round, while it relinquishes to its
 * peers and this thread moves it between vCPUs. A lost or foreign register state shows as a
 * wrong sum. */
static volatile ULONG fp_bad, fp_rounds_done[FP_THREADS];

static void entry_fp(ULONG index)
{
    double sum = 0.0;
    double step = (double)(index + 1u) / 4.0;

    for (unsigned long k = 1; k <= FP_ROUNDS; k++) {
        sum += step * (double)k;
        tx_thread_relinquish();
        unsigned long quarters = (index + 1u) * k * (k + 1u) / 2u;
        if (sum != (double)quarters / 4.0) {
            fp_bad++;
        }
        fp_rounds_done[index]++;
    }
}

static void test_fp(void)
{
    fp_bad = 0;
    memset((void *)fp_rounds_done, 0, sizeof(fp_rounds_done));
    for (unsigned int i = 0; i < FP_THREADS; i++) {
        (void)start(&workers[i], i, entry_fp, WORK_PRIORITY, WORK_PRIORITY);
    }
    for (unsigned int r = 0; r < 40u; r++) {
        for (unsigned int i = 0; i < FP_THREADS; i++) {
            (void)tx_thread_smp_core_exclude(&workers[i], only((r + i) % cores));
        }
        tx_thread_sleep(1);
    }
    for (unsigned int i = 0; i < FP_THREADS; i++) {
        (void)tx_thread_smp_core_exclude(&workers[i], 0);
    }
    bool joined = join(FP_THREADS);
    unsigned int short_threads = 0;
    for (unsigned int i = 0; i < FP_THREADS; i++) {
        short_threads += fp_rounds_done[i] != FP_ROUNDS;
    }
    xr_verdict("smp-fp", fp_bad == 0 && short_threads == 0 && joined,
               "%lu wrong sum(s), %u thread(s) short, joined %d", (unsigned long)fp_bad,
               short_threads, joined);
}

static void main_entry(ULONG arg)
{
    (void)arg;
    unsigned int want = expected_cpus();
    UINT core_max = _tx_thread_smp_max_cores;

    cores = xr_cpu_count();
    printf("smp-sched: %u vCPU(s) online, %u expected, kernel cores %u\n", cores, want, core_max);
    if (!xr_verdict("smp-cores", want >= 2u && cores == want && core_max == cores,
                    "%u online, cpus=%u expected, kernel uses %u", cores, want, core_max)) {
        xr_done();
        return;
    }
    test_parallel();
    test_invariant(1);
    test_invariant_fails();
    test_exclusion();
    test_timer_exclusion();
    test_migration();
    test_pingpong();
    test_fp();
    xr_done();
}

void tx_application_define(void *first_unused_memory)
{
    (void)first_unused_memory;
    (void)tx_thread_create(&main_thread, "smp-sched", main_entry, 0, main_stack, sizeof(main_stack),
                           MAIN_PRIORITY, MAIN_PRIORITY, TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
