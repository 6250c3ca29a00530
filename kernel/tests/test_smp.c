/*
 * test_smp.c - the SMP kernel on the host port's simulated cores (tx_host_cores_set: one pthread
 * per core, truly parallel): the scheduling invariant after every step of a seeded random stress
 * on 2, 3 and 4 cores, the SMP services' semantics and error codes, and the checker itself (it
 * must fail on a corrupted choice).
 *
 * The invariant (smp_model.c) is recomputed here independently of the kernel, from the ready
 * threads alone, under the kernel lock: taking every ready thread in order of key (a holder's -
 * a thread on a core, or stacked as preempted above its threshold - is its preemption threshold,
 * anyone else's its priority), holders first on ties, then priority, then ready-list (FIFO)
 * order, a thread is admitted when its priority is better than every admitted threshold in
 * force, it has no threshold in force over an admitted thread's priority, and the admitted
 * threads can still be matched to distinct allowed cores (brute force). The admitted set must be
 * exactly the set of chosen threads (_tx_thread_execute_ptr[0 .. N-1]), each on a core it may
 * run on.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#define TX_THREAD_SMP_SOURCE_CODE
#include "txtest.h"
#include "tx_internal.h"

#include "smp_model.h"

#define SMP_WORKERS 8u
#define SMP_STEPS   400u

static TX_THREAD workers[SMP_WORKERS];
static TX_SEMAPHORE sem;
static volatile int stop;
static volatile ULONG worker_runs[SMP_WORKERS][TX_THREAD_SMP_MAX_CORES];
static char failure[256];

static int smp_check_quiet(void)
{
    TX_INTERRUPT_SAVE_AREA
    int ok;

    TX_DISABLE
    ok = smp_model_verify(failure, sizeof(failure));
    TX_RESTORE
    return ok;
}

#define SMP_CHECK(where)                                                                           \
    do {                                                                                           \
        if (!smp_check_quiet()) {                                                                  \
            fail_msg("%s: %s", (where), failure);                                                  \
        }                                                                                          \
    } while (0)

/* ---- Helpers -------------------------------------------------------------------------------- */

static unsigned long rng;

static unsigned long rnd(unsigned long n)
{
    rng = rng * 6364136223846793005ul + 1442695040888963407ul;
    return (unsigned long)((rng >> 33) % n);
}

static int setup(void **state)
{
    (void)state;
    stop = 0;
    memset((void *)worker_runs, 0, sizeof(worker_runs));
    tx_thread_priority_change(&txtest_runner, 1, &(UINT){0});
    tx_thread_preemption_change(&txtest_runner, 1, &(UINT){0});
    return 0;
}

static int teardown(void **state)
{
    stop = 1;
    /* Back to one core before the threads go: none is left running elsewhere. */
    tx_thread_smp_core_exclude(&txtest_runner, 0);
    assert_int_equal(tx_host_cores_set(1), TX_SUCCESS);
    return txtest_teardown(state);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* Spins (giving the host CPU away) until told to stop; counts its runs per core. */
static void entry_spin(ULONG index)
{
    while (!stop) {
        worker_runs[index][tx_thread_smp_core_get()]++;
        sched_yield();
    }
}

static void create(TX_THREAD *t, CHAR *name, VOID (*entry)(ULONG), ULONG input, UINT priority,
                   UINT threshold)
{
    assert_int_equal(tx_thread_create(t, name, entry, input, txtest_stack(TXTEST_STACK_SIZE),
                                      TXTEST_STACK_SIZE, priority, threshold, TX_NO_TIME_SLICE,
                                      TX_AUTO_START),
                     TX_SUCCESS);
}

/* The thread on `core` once the cores settle (the switch follows the choice by an IPI). */
static TX_THREAD *running_on(UINT core)
{
    return _tx_thread_execute_ptr[core];
}

/* ---- Tests ---------------------------------------------------------------------------------- */

/* One core: the SMP services' single-core answers. */
static void test_one_core(void **state)
{
    ULONG map = 99;

    (void)state;
    assert_int_equal(tx_host_cores(), 1u);
    assert_int_equal(tx_thread_smp_core_get(), 0u);
    assert_int_equal(tx_thread_smp_core_exclude_get(&txtest_runner, &map), TX_SUCCESS);
    assert_int_equal(map, 0u);
    /* Core 1 is not in use: excluding it changes nothing. */
    assert_int_equal(tx_thread_smp_core_exclude(&txtest_runner, 0x2u), TX_SUCCESS);
    assert_int_equal(tx_thread_smp_core_get(), 0u);
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(tx_thread_smp_core_exclude(&txtest_runner, 0x1u), TX_THREAD_ERROR);
#endif
    assert_int_equal(tx_thread_smp_core_exclude(&txtest_runner, 0u), TX_SUCCESS);
    SMP_CHECK("one core");
}

static void test_errors(void **state)
{
    ULONG map;
    TX_TIMER timer;

    (void)state;
#ifndef TX_DISABLE_ERROR_CHECKING
    {
        TX_THREAD bogus;

        memset(&bogus, 0, sizeof(bogus));
        assert_int_equal(tx_thread_smp_core_exclude(TX_NULL, 0), TX_THREAD_ERROR);
        assert_int_equal(tx_thread_smp_core_exclude(&bogus, 0), TX_THREAD_ERROR);
        assert_int_equal(tx_thread_smp_core_exclude_get(TX_NULL, &map), TX_THREAD_ERROR);
        assert_int_equal(tx_thread_smp_core_exclude_get(&txtest_runner, TX_NULL), TX_PTR_ERROR);
        assert_int_equal(tx_timer_smp_core_exclude(TX_NULL, 0), TX_TIMER_ERROR);
        assert_int_equal(tx_timer_smp_core_exclude_get(TX_NULL, &map), TX_TIMER_ERROR);
    }
#endif
    assert_int_equal(tx_host_cores_set(4), TX_SUCCESS);
    assert_int_equal(tx_host_cores_set(5), TX_SIZE_ERROR);
    assert_int_equal(tx_host_cores_set(0), TX_SIZE_ERROR);
    assert_int_equal(tx_host_cores(), 4u);
    memset(&timer, 0, sizeof(timer));
    assert_int_equal(tx_timer_create(&timer, "t", TX_NULL, 0, 10, 0, TX_NO_ACTIVATE), TX_SUCCESS);
#ifndef TX_DISABLE_ERROR_CHECKING
    /* Every core in use excluded: refused (the thread or timer could never run). */
    assert_int_equal(tx_thread_smp_core_exclude(&txtest_runner, 0xFu), TX_THREAD_ERROR);
    assert_int_equal(tx_timer_smp_core_exclude(&timer, 0xFFu), TX_TIMER_ERROR);
    assert_int_equal(tx_timer_smp_core_exclude_get(&timer, TX_NULL), TX_PTR_ERROR);
#endif
    assert_int_equal(tx_timer_smp_core_exclude(&timer, 0x5u), TX_SUCCESS);
    assert_int_equal(tx_timer_smp_core_exclude_get(&timer, &map), TX_SUCCESS);
    assert_int_equal(map, 0x5u);
    assert_int_equal(tx_thread_smp_core_exclude(&txtest_runner, 0x3u), TX_SUCCESS);
    assert_int_equal(tx_thread_smp_core_exclude_get(&txtest_runner, &map), TX_SUCCESS);
    assert_int_equal(map, 0x3u);
    assert_true(tx_thread_smp_core_get() >= 2u);
    tx_timer_delete(&timer);
}

/* Excluding the core the caller runs on moves it to another core. */
static void test_exclude_current_migrates(void **state)
{
    UINT cores;

    (void)state;
    for (cores = 2; cores <= 4u; cores++) {
        UINT here;
        UINT there;

        assert_int_equal(tx_host_cores_set(cores), TX_SUCCESS);
        here = tx_thread_smp_core_get();
        assert_int_equal(tx_thread_smp_core_exclude(&txtest_runner, 1ul << here), TX_SUCCESS);
        there = tx_thread_smp_core_get();
        assert_int_not_equal(here, there);
        assert_true(there < cores);
        /* Pinned to one core. */
        assert_int_equal(tx_thread_smp_core_exclude(&txtest_runner, 0xFu & ~(1ul << (cores - 1u))),
                         TX_SUCCESS);
        assert_int_equal(tx_thread_smp_core_get(), cores - 1u);
        SMP_CHECK("migrate");
        assert_int_equal(tx_thread_smp_core_exclude(&txtest_runner, 0), TX_SUCCESS);
    }
}

/* The N highest priorities run; exclusions are honoured by the matching. */
static void test_highest_run(void **state)
{
    static CHAR *names[4] = {"w0", "w1", "w2", "w3"};
    UINT i;

    (void)state;
    assert_int_equal(tx_host_cores_set(3), TX_SUCCESS);
    for (i = 0; i < 4u; i++) {
        create(&workers[i], names[i], entry_spin, i, 10u + i, 10u + i);
    }
    /* Runner (1), w0 (10), w1 (11) run; w2, w3 wait. */
    SMP_CHECK("three cores");
    assert_true(_tx_thread_smp_chosen(&workers[0]));
    assert_true(_tx_thread_smp_chosen(&workers[1]));
    assert_false(_tx_thread_smp_chosen(&workers[2]));
    /* w1 may only run where the runner is: the runner moves, w1 keeps running. */
    {
        UINT r = tx_thread_smp_core_get();
        assert_int_equal(tx_thread_smp_core_exclude(&workers[1], 0x7u & ~(1ul << r)), TX_SUCCESS);
        assert_int_not_equal(tx_thread_smp_core_get(), r);
        assert_true(_tx_thread_smp_chosen(&workers[1]));
        assert_ptr_equal(running_on(r), &workers[1]);
    }
    SMP_CHECK("matching");
    /* w0 and w1 both pinned to one core: only w0 (better) runs, w2 gets a core. */
    assert_int_equal(
        tx_thread_smp_core_exclude(&workers[0], workers[1].tx_thread_smp_cores_excluded),
        TX_SUCCESS);
    SMP_CHECK("pinned together");
    assert_true(_tx_thread_smp_chosen(&workers[0]));
    assert_false(_tx_thread_smp_chosen(&workers[1]));
    assert_true(_tx_thread_smp_chosen(&workers[2]));
    stop = 1;
}

/* A thread with a preemption threshold in force runs alone among the threads it locks out. */
static void test_threshold(void **state)
{
    (void)state;
    assert_int_equal(tx_host_cores_set(3), TX_SUCCESS);
    create(&workers[0], "a", entry_spin, 0, 20, 10);
    create(&workers[1], "b", entry_spin, 1, 15, 15);
    SMP_CHECK("threshold");
    /* b (15) is locked out by a's threshold (10) though a core is free. */
    assert_true(_tx_thread_smp_chosen(&workers[0]));
    assert_false(_tx_thread_smp_chosen(&workers[1]));
    /* c (5) beats the threshold: it gets the free core. */
    create(&workers[2], "c", entry_spin, 2, 5, 5);
    SMP_CHECK("threshold beaten");
    assert_true(_tx_thread_smp_chosen(&workers[2]));
    assert_true(_tx_thread_smp_chosen(&workers[0]));
    /* a gives its threshold up: b may run. */
    assert_int_equal(tx_thread_preemption_change(&workers[0], 20, &(UINT){0}), TX_SUCCESS);
    SMP_CHECK("threshold dropped");
    assert_true(_tx_thread_smp_chosen(&workers[1]));
    stop = 1;
}

static volatile UINT timer_core;
static volatile UINT timer_in_timer;
static volatile ULONG timer_calls;

static void timer_fn(ULONG input)
{
    (void)input;
    timer_core = tx_thread_smp_core_get();
    /* Timer context on this core (a mutex get from here is the timer thread's). */
    timer_in_timer = TX_IN_TIMER() ? 1u : 0u;
    timer_calls++;
}

/* A timer's expiration runs on a core it allows: the tick's own, or another one. */
static void test_timer_exclusion(void **state)
{
    TX_TIMER timer;
    UINT here;
    int spins;

    (void)state;
    assert_int_equal(tx_host_cores_set(2), TX_SUCCESS);
    here = tx_thread_smp_core_get();
    memset(&timer, 0, sizeof(timer));
    timer_calls = 0;
    assert_int_equal(tx_timer_create(&timer, "t", timer_fn, 0, 2, 2, TX_AUTO_ACTIVATE), TX_SUCCESS);
    tx_host_ticks_advance(2);
    assert_int_equal(timer_calls, 1u);
    assert_int_equal(timer_core, here); /* the tick ran on the runner's core */
    assert_int_equal(timer_in_timer, 1u);
    assert_int_equal(tx_timer_smp_core_exclude(&timer, 1ul << here), TX_SUCCESS);
    tx_host_ticks_advance(2);
    for (spins = 0; (timer_calls < 2u) && (spins < 100000); spins++) {
        sched_yield();
    }
    assert_int_equal(timer_calls, 2u);
    assert_int_equal(timer_core, 1u - here); /* handed to the other core */
    assert_int_equal(timer_in_timer, 1u);
    assert_false(TX_IN_TIMER());
    /* Periodic: re-armed after the handed-over run. */
    tx_host_ticks_advance(2);
    for (spins = 0; (timer_calls < 3u) && (spins < 100000); spins++) {
        sched_yield();
    }
    assert_int_equal(timer_calls, 3u);
    assert_int_equal(timer_core, 1u - here);
    tx_timer_delete(&timer);
}

/* The checker is not vacuous: a wrong choice, made by hand under the lock, is caught. */
static void test_checker_fails(void **state)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *saved;
    UINT other;
    int ok_before;
    int ok_wrong;
    int ok_excluded;
    int ok_after;

    (void)state;
    assert_int_equal(tx_host_cores_set(2), TX_SUCCESS);
    create(&workers[0], "hi", entry_spin, 0, 10, 10);
    create(&workers[1], "lo", entry_spin, 1, 20, 20);
    other = 1u - tx_thread_smp_core_get();
    TX_DISABLE
    ok_before = smp_model_verify(failure, sizeof(failure));
    saved = _tx_thread_execute_ptr[other];
    _tx_thread_execute_ptr[other] = &workers[1]; /* a lower priority in place of "hi" */
    ok_wrong = smp_model_verify(failure, sizeof(failure));
    _tx_thread_execute_ptr[other] = saved;
    saved->tx_thread_smp_cores_allowed &= ~(1ul << other); /* "hi" on a core it excludes */
    ok_excluded = smp_model_verify(failure, sizeof(failure));
    saved->tx_thread_smp_cores_allowed |= 1ul << other;
    ok_after = smp_model_verify(failure, sizeof(failure));
    TX_RESTORE
    assert_true(ok_before);
    assert_false(ok_wrong);
    assert_false(ok_excluded);
    assert_true(ok_after);
    stop = 1;
}

/* Worker of the stress: random actions on itself, the shared semaphore and time. */
static void entry_stress(ULONG index)
{
    unsigned long r = 0x9E3779B97F4A7C15ul * (index + 1u);

    while (!stop) {
        r = r * 6364136223846793005ul + 1442695040888963407ul;
        worker_runs[index][tx_thread_smp_core_get()]++;
        switch ((r >> 33) % 8u) {
        case 0:
            (void)tx_semaphore_get(&sem, (ULONG)((r >> 40) % 3u));
            break;
        case 1:
            (void)tx_semaphore_put(&sem);
            break;
        case 2:
            tx_thread_relinquish();
            break;
        case 3:
            tx_thread_sleep(1u + (ULONG)((r >> 40) % 2u));
            break;
        case 4:
            (void)tx_thread_smp_core_exclude(&workers[index], (ULONG)((r >> 44) % 15u) & 0x7u);
            break;
        default:
            sched_yield();
            break;
        }
    }
}

static void stress(UINT cores, unsigned long seed)
{
    static CHAR *names[SMP_WORKERS] = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};
    UINT i;
    UINT step;
    char where[64];

    rng = seed;
    stop = 0;
    assert_int_equal(tx_host_cores_set(cores), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&sem, "sem", 0), TX_SUCCESS);
    for (i = 0; i < SMP_WORKERS; i++) {
        UINT priority = 8u + (UINT)rnd(5); /* few levels: many ties */
        create(&workers[i], names[i], entry_stress, i, priority,
               rnd(3) == 0u ? priority - 1u - (UINT)rnd(4) : priority);
    }
    for (step = 0; step < SMP_STEPS; step++) {
        TX_THREAD *w = &workers[rnd(SMP_WORKERS)];
        UINT old;
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
            (void)tx_thread_smp_core_exclude(w, (ULONG)rnd(1ul << cores) & ((1ul << cores) - 2u));
            break;
        case 5:
            (void)tx_semaphore_put(&sem);
            break;
        case 6:
            tx_host_ticks_advance(1);
            break;
        case 7:
            (void)tx_thread_wait_abort(w);
            break;
        default:
            /* The runner itself moves. */
            (void)tx_thread_smp_core_exclude(&txtest_runner,
                                             (ULONG)rnd(1ul << cores) & ((1ul << cores) - 2u));
            break;
        }
        snprintf(where, sizeof(where), "%u cores, seed %lu, step %u", cores, seed, step);
        SMP_CHECK(where);
        if ((step % 8u) == 0u) {
            /* Let the workers run a little between steps. */
            sched_yield();
            SMP_CHECK(where);
        }
    }
    stop = 1;
    for (i = 0; i < SMP_WORKERS; i++) {
        (void)tx_thread_resume(&workers[i]);
        (void)tx_thread_wait_abort(&workers[i]);
    }
    /* Truly parallel: workers ran on every core in use. */
    for (step = 0; step < cores; step++) {
        ULONG runs = 0;
        for (i = 0; i < SMP_WORKERS; i++) {
            runs += worker_runs[i][step];
        }
        assert_true(runs > 0u);
    }
}

static void test_stress_2(void **state)
{
    (void)state;
    stress(2, 1);
}

static void test_stress_3(void **state)
{
    (void)state;
    stress(3, 2);
}

static void test_stress_4(void **state)
{
    (void)state;
    stress(4, 3);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_one_core),      TEST(test_errors),    TEST(test_exclude_current_migrates),
        TEST(test_highest_run),   TEST(test_threshold), TEST(test_timer_exclusion),
        TEST(test_checker_fails), TEST(test_stress_2),  TEST(test_stress_3),
        TEST(test_stress_4),
    };

    return cmocka_run_group_tests(tests, TX_NULL, TX_NULL);
}
