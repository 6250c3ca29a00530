/*
 * test_timer.c - application timers and the tick on the host port: one-shot and periodic expiry
 * to the tick, activate/deactivate/change, info, performance counters, the timer context's
 * service rules, time get/set, and the tickless interface of tx_arch.h.
 */
#include <string.h>
#include <time.h>

#include "txtest.h"
#include "tx_arch.h"
#include "tx_internal.h"

static TX_TIMER tm;
#ifndef TX_DISABLE_ERROR_CHECKING
static TX_TIMER tm2;
#endif
static ULONG expiries[16];
static int expiry_count;
static ULONG last_input;

static void record_expiry(ULONG input)
{
    if (expiry_count < 16) {
        expiries[expiry_count] = tx_time_get();
    }
    expiry_count++;
    last_input = input;
}

static int setup(void **state)
{
    (void)state;
    memset(expiries, 0, sizeof(expiries));
    expiry_count = 0;
    last_input = 0;
    return 0;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, txtest_teardown)

static void test_one_shot(void **state)
{
    ULONG t0 = tx_time_get();

    (void)state;
    assert_int_equal(tx_timer_create(&tm, "one", record_expiry, 0x1234, 10, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(9);
    assert_int_equal(expiry_count, 0);
    tx_host_ticks_advance(1);
    assert_int_equal(expiry_count, 1);
    assert_int_equal(expiries[0], t0 + 10);
    assert_int_equal(last_input, 0x1234);
    tx_host_ticks_advance(50);
    assert_int_equal(expiry_count, 1); /* one shot */
    /* An expired one-shot cannot be re-activated before tx_timer_change. */
    assert_int_equal(tx_timer_activate(&tm), TX_ACTIVATE_ERROR);
    assert_int_equal(tx_timer_change(&tm, 3, 0), TX_SUCCESS);
    assert_int_equal(tx_timer_activate(&tm), TX_SUCCESS);
    tx_host_ticks_advance(3);
    assert_int_equal(expiry_count, 2);
    assert_int_equal(expiries[1], t0 + 63);
}

static void test_periodic(void **state)
{
    ULONG t0 = tx_time_get();
    int i;

    (void)state;
    assert_int_equal(tx_timer_create(&tm, "per", record_expiry, 1, 5, 3, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    /* The runner sleeps: the idle loop walks time through every expiry. */
    assert_int_equal(tx_thread_sleep(18), TX_SUCCESS);
    assert_int_equal(expiry_count, 5); /* 5, 8, 11, 14, 17 */
    for (i = 0; i < 5; i++) {
        assert_int_equal(expiries[i], t0 + 5 + 3 * (ULONG)i);
    }
}

static void test_same_tick_order(void **state)
{
    static TX_TIMER a, b, c;

    (void)state;
    /* Timers due on the same tick expire in activation order. */
    assert_int_equal(tx_timer_create(&a, "a", record_expiry, 'a', 4, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    assert_int_equal(tx_timer_create(&b, "b", record_expiry, 'b', 2, 0, TX_NO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(2);
    assert_int_equal(tx_timer_activate(&b), TX_SUCCESS); /* due at the same tick as a */
    assert_int_equal(tx_timer_create(&c, "c", record_expiry, 'c', 1, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(1);
    assert_int_equal(last_input, 'c');
    tx_host_ticks_advance(1);
    assert_int_equal(expiry_count, 3);
    assert_int_equal(last_input, 'b'); /* a first, then b */
    assert_int_equal(expiries[1], expiries[2]);
}

static void test_deactivate_keeps_remaining(void **state)
{
    UINT active;
    ULONG remaining, reschedule;
    CHAR *name;
    TX_TIMER *next;

    (void)state;
    assert_int_equal(tx_timer_create(&tm, "d", record_expiry, 0, 10, 20, TX_NO_ACTIVATE),
                     TX_SUCCESS);
    assert_int_equal(tx_timer_info_get(&tm, &name, &active, &remaining, &reschedule, &next),
                     TX_SUCCESS);
    assert_string_equal(name, "d");
    assert_int_equal(active, TX_FALSE);
    assert_int_equal(remaining, 10);
    assert_int_equal(reschedule, 20);
    assert_ptr_equal(next, &tm);
    assert_int_equal(tx_timer_activate(&tm), TX_SUCCESS);
    assert_int_equal(tx_timer_activate(&tm), TX_ACTIVATE_ERROR); /* already active */
    tx_host_ticks_advance(4);
    assert_int_equal(tx_timer_info_get(&tm, TX_NULL, &active, &remaining, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(active, TX_TRUE);
    assert_int_equal(remaining, 6);
    assert_int_equal(tx_timer_deactivate(&tm), TX_SUCCESS);
    assert_int_equal(tx_timer_deactivate(&tm), TX_SUCCESS); /* harmless when inactive */
    tx_host_ticks_advance(30);
    assert_int_equal(expiry_count, 0);
    /* Reactivated, it finishes the 6 ticks it had left, then runs every 20. */
    assert_int_equal(tx_timer_activate(&tm), TX_SUCCESS);
    tx_host_ticks_advance(5);
    assert_int_equal(expiry_count, 0);
    tx_host_ticks_advance(1);
    assert_int_equal(expiry_count, 1);
    tx_host_ticks_advance(20);
    assert_int_equal(expiry_count, 2);
}

static void test_change(void **state)
{
    ULONG remaining, reschedule;

    (void)state;
    assert_int_equal(tx_timer_create(&tm, "c", record_expiry, 0, 10, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    /* Active: the change is ignored (deactivate first). */
    assert_int_equal(tx_timer_change(&tm, 2, 2), TX_SUCCESS);
    assert_int_equal(tx_timer_info_get(&tm, TX_NULL, TX_NULL, &remaining, &reschedule, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(remaining, 10);
    assert_int_equal(reschedule, 0);
    assert_int_equal(tx_timer_deactivate(&tm), TX_SUCCESS);
    assert_int_equal(tx_timer_change(&tm, 2, 4), TX_SUCCESS);
    assert_int_equal(tx_timer_activate(&tm), TX_SUCCESS);
    tx_host_ticks_advance(10);
    assert_int_equal(expiry_count, 3); /* 2, 6, 10 */
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(tx_timer_change(&tm, 0, 4), TX_TICK_ERROR);
#endif
}

static int self_calls;

/* Periodic every 2 ticks; the 2nd call stretches the period to 5, the 4th stops the timer. */
static void self_controlling(ULONG input)
{
    TX_TIMER *self = (input == 1u) ? &tm : TX_NULL;

    record_expiry(input);
    self_calls++;
    if (self_calls == 2) {
        tx_timer_change(self, 5, 5); /* inactive while its function runs: the change applies */
    } else if (self_calls == 4) {
        tx_timer_deactivate(self);
    }
}

static void test_function_controls_own_timer(void **state)
{
    ULONG t0 = tx_time_get();
    UINT active = TX_TRUE;

    (void)state;
    self_calls = 0;
    assert_int_equal(tx_timer_create(&tm, "self", self_controlling, 1, 2, 2, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(40);
    assert_int_equal(expiry_count, 4);
    assert_int_equal(expiries[0] - t0, 2);
    assert_int_equal(expiries[1] - t0, 4);
    assert_int_equal(expiries[2] - t0, 9);
    assert_int_equal(expiries[3] - t0, 14);
    assert_int_equal(tx_timer_info_get(&tm, TX_NULL, &active, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(active, TX_FALSE);
    /* Deactivated from its own function, it can be activated again: a full period. */
    assert_int_equal(tx_timer_activate(&tm), TX_SUCCESS);
    tx_host_ticks_advance(5);
    assert_int_equal(expiry_count, 5);
}

static void test_many_timers_and_deltas(void **state)
{
    static TX_TIMER t[8];
    static const ULONG due[8] = {7, 3, 12, 3, 1, 9, 7, 20};
    int i;
    ULONG t0 = tx_time_get();

    (void)state;
    for (i = 0; i < 8; i++) {
        assert_int_equal(
            tx_timer_create(&t[i], "m", record_expiry, (ULONG)i, due[i], 0, TX_AUTO_ACTIVATE),
            TX_SUCCESS);
    }
    /* Remove one from the middle of the list: the others keep their deadlines. */
    assert_int_equal(tx_timer_delete(&t[5]), TX_SUCCESS);
    assert_int_equal(tx_thread_sleep(25), TX_SUCCESS);
    assert_int_equal(expiry_count, 7);
    {
        static const ULONG expect[7] = {1, 3, 3, 7, 7, 12, 20};

        for (i = 0; i < 7; i++) {
            assert_int_equal(expiries[i] - t0, expect[i]);
        }
    }
}

/* ---- timer context ------------------------------------------------------------------------ */

static TX_SEMAPHORE sem;
static TX_MUTEX mtx;
static TX_THREAD ta;
struct ctx_results {
    UINT sleep, get_wait, get_nowait, put, terminate, del, timer_delete, timer_create,
        activate_other, identify_is_runner, in_isr, mutex_get, mutex_get_again, mutex_put;
};
static struct ctx_results ctx;
static TX_TIMER other;

static void timer_context_probe(ULONG input)
{
    (void)input;
    ctx.sleep = tx_thread_sleep(1);
    ctx.get_nowait = tx_semaphore_get(&sem, TX_NO_WAIT);
    ctx.put = tx_semaphore_put(&sem);
    ctx.activate_other = tx_timer_activate(&other);
    /* Mutexes: allowed from timers (ThreadX: the timer thread owns them), without waiting. */
    ctx.mutex_get = tx_mutex_get(&mtx, TX_NO_WAIT);
    ctx.mutex_get_again = tx_mutex_get(&mtx, TX_NO_WAIT);
    ctx.mutex_put = tx_mutex_put(&mtx);
    ctx.in_isr = TX_IN_ISR() ? 1 : 0;
    ctx.identify_is_runner = (tx_thread_identify() == &txtest_runner) ? 1 : 0;
#ifndef TX_DISABLE_ERROR_CHECKING
    ctx.get_wait = tx_semaphore_get(&sem, 10);
    ctx.terminate = tx_thread_terminate(&ta); /* threads and timers: allowed */
    ctx.del = tx_thread_delete(&ta);          /* threads and timers (ThreadX): allowed */
    ctx.timer_delete = tx_timer_delete(&other);
    ctx.timer_create = tx_timer_create(&tm2, "x", record_expiry, 0, 5, 0, TX_AUTO_ACTIVATE);
#endif
}

static void entry_wait_sem(ULONG unused)
{
    (void)unused;
    tx_semaphore_get(&sem, TX_WAIT_FOREVER);
    tx_semaphore_get(&sem, TX_WAIT_FOREVER);
}

static void test_timer_context(void **state)
{
    (void)state;
    memset(&ctx, 0xFF, sizeof(ctx));
    assert_int_equal(tx_semaphore_create(&sem, "sem", 0), TX_SUCCESS);
    assert_int_equal(tx_mutex_create(&mtx, "mtx", TX_INHERIT), TX_SUCCESS);
    txtest_thread_create(&ta, "waiter", entry_wait_sem, 0, 10);
    assert_int_equal(tx_timer_create(&other, "other", record_expiry, 0, 50, 0, TX_NO_ACTIVATE),
                     TX_SUCCESS);
    assert_int_equal(tx_timer_create(&tm, "probe", timer_context_probe, 0, 2, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(2);
    assert_int_equal(ctx.in_isr, 1);
    assert_int_equal(ctx.identify_is_runner, 1);
    assert_int_equal(ctx.sleep, TX_CALLER_ERROR);
    assert_int_equal(ctx.get_nowait, TX_NO_INSTANCE);
    assert_int_equal(ctx.put, TX_SUCCESS);
    assert_int_equal(ctx.activate_other, TX_SUCCESS);
    assert_int_equal(ctx.mutex_get, TX_SUCCESS);
    assert_int_equal(ctx.mutex_get_again, TX_SUCCESS);
    assert_int_equal(ctx.mutex_put, TX_SUCCESS);
    assert_int_equal(mtx.tx_mutex_ownership_count, 1); /* one get is left */
    assert_ptr_equal(mtx.tx_mutex_owner, &_tx_timer_thread);
    assert_int_equal(tx_mutex_delete(&mtx), TX_SUCCESS);
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(ctx.get_wait, TX_WAIT_ERROR);
    assert_int_equal(ctx.terminate, TX_SUCCESS);
    assert_int_equal(ctx.del, TX_SUCCESS);
    assert_int_equal(ctx.timer_delete, TX_CALLER_ERROR);
    assert_int_equal(ctx.timer_create, TX_CALLER_ERROR);
    assert_int_equal(ta.tx_thread_id, TX_CLEAR_ID); /* deleted */
#else
    /* The put woke ta, which now waits for its second instance. */
    assert_int_equal(ta.tx_thread_state, TX_SEMAPHORE_SUSP);
#endif
    assert_null(_tx_timer_expired_timer_ptr);
}

/* ---- counters, errors, time ---------------------------------------------------------------- */

static void test_performance(void **state)
{
    ULONG activates, reactivates, deactivates, expirations, adjusts;
    ULONG sys_exp0, sys_exp1;

    (void)state;
    assert_int_equal(
        tx_timer_performance_system_info_get(TX_NULL, TX_NULL, TX_NULL, &sys_exp0, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(tx_timer_create(&tm, "p", record_expiry, 0, 2, 2, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(6);
    assert_int_equal(tx_timer_deactivate(&tm), TX_SUCCESS);
    assert_int_equal(tx_timer_performance_info_get(&tm, &activates, &reactivates, &deactivates,
                                                   &expirations, &adjusts),
                     TX_SUCCESS);
    assert_int_equal(activates, 1);
    assert_int_equal(reactivates, 3);
    assert_int_equal(deactivates, 1);
    assert_int_equal(expirations, 3);
    assert_int_equal(adjusts, 0);
    assert_int_equal(
        tx_timer_performance_system_info_get(TX_NULL, TX_NULL, TX_NULL, &sys_exp1, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(sys_exp1 - sys_exp0, 3);
    assert_int_equal(
        tx_timer_performance_info_get(TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_PTR_ERROR);
}

static void test_errors(void **state)
{
    (void)state;
#ifndef TX_DISABLE_ERROR_CHECKING
    TX_TIMER bogus;

    memset(&bogus, 0, sizeof(bogus));
    assert_int_equal(tx_timer_create(TX_NULL, "x", record_expiry, 0, 1, 0, 0), TX_TIMER_ERROR);
    assert_int_equal(tx_timer_create(&tm, "x", record_expiry, 0, 0, 0, 0), TX_TICK_ERROR);
    assert_int_equal(tx_timer_create(&tm, "x", record_expiry, 0, 1, 0, 2), TX_ACTIVATE_ERROR);
    assert_int_equal(_txe_timer_create(&tm, "x", record_expiry, 0, 1, 0, 0, sizeof(TX_TIMER) - 8),
                     TX_TIMER_ERROR);
    assert_int_equal(tx_timer_create(&tm, "x", record_expiry, 0, 1, 0, 0), TX_SUCCESS);
    assert_int_equal(tx_timer_create(&tm, "x", record_expiry, 0, 1, 0, 0), TX_TIMER_ERROR);
    assert_int_equal(tx_timer_activate(&bogus), TX_TIMER_ERROR);
    assert_int_equal(tx_timer_deactivate(TX_NULL), TX_TIMER_ERROR);
    assert_int_equal(tx_timer_change(&bogus, 1, 1), TX_TIMER_ERROR);
    assert_int_equal(tx_timer_delete(&bogus), TX_TIMER_ERROR);
    assert_int_equal(tx_timer_info_get(&bogus, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_TIMER_ERROR);
    assert_int_equal(tx_timer_delete(&tm), TX_SUCCESS);
    assert_int_equal(tx_timer_activate(&tm), TX_TIMER_ERROR); /* deleted */
#else
    assert_int_equal(tx_timer_create(&tm, "x", record_expiry, 0, 1, 0, 0), TX_SUCCESS);
    assert_int_equal(tx_timer_delete(&tm), TX_SUCCESS);
    assert_int_equal(tm.tx_timer_id, 0u);
#endif
}

static void test_delete_active(void **state)
{
    (void)state;
    assert_int_equal(tx_timer_create(&tm, "x", record_expiry, 0, 3, 3, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    assert_int_equal(tx_timer_delete(&tm), TX_SUCCESS);
    tx_host_ticks_advance(10);
    assert_int_equal(expiry_count, 0);
    assert_null(_tx_timer_list);
}

static void test_time_get_set(void **state)
{
    (void)state;
    tx_time_set(0xFFFFFFF0u);
    assert_int_equal(tx_time_get(), 0xFFFFFFF0u);
    assert_int_equal(tx_timer_create(&tm, "wrap", record_expiry, 0, 20, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    /* Timers are relative: the clock wrapping does not disturb them. */
    tx_host_ticks_advance(20);
    assert_int_equal(expiry_count, 1);
    assert_int_equal(tx_time_get(), 4u);
    tx_time_set(1000);
    assert_int_equal(tx_time_get(), 1000u);
}

/* ---- tickless interface (tx_arch.h) --------------------------------------------------------- */

static ULONG tickless_next[3];

static void isr_tickless(VOID *arg)
{
    (void)arg;
    tickless_next[0] = _tx_timer_ticks_to_next();
    _tx_timer_ticks_elapsed(tickless_next[0]); /* jump over the idle gap at once */
    tickless_next[1] = _tx_timer_ticks_to_next();
    _tx_timer_ticks_elapsed(tickless_next[1]);
    tickless_next[2] = _tx_timer_ticks_to_next();
}

static TX_THREAD tb;

static void entry_sleep(ULONG ticks)
{
    tx_thread_sleep(ticks);
}

static void test_tickless(void **state)
{
    ULONG t0;

    (void)state;
    assert_null(_tx_timer_list);
    assert_int_equal(_tx_timer_ticks_to_next(), TX_WAIT_FOREVER);
    assert_int_equal(tx_timer_create(&tm, "x", record_expiry, 0, 7, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    txtest_thread_create(&tb, "sleeper", entry_sleep, 3, 10);
    t0 = tx_time_get();
    tx_host_isr_run(isr_tickless, TX_NULL);
    assert_int_equal(tickless_next[0], 3); /* the sleeper first */
    assert_int_equal(tickless_next[1], 4); /* then the timer, 4 ticks later */
    assert_int_equal(tickless_next[2], TX_WAIT_FOREVER);
    assert_int_equal(tx_time_get(), t0 + 7);
    assert_int_equal(expiry_count, 1);
    assert_int_equal(expiries[0], t0 + 7);
    assert_int_equal(tb.tx_thread_state, TX_COMPLETED); /* woke at the ISR's exit and ran */
}

static void test_tickless_time_slice(void **state)
{
    ULONG next = 0;

    (void)state;
    /* The running thread's time slice bounds the idle-free gap too. */
    assert_int_equal(tx_thread_create(&tb, "x", entry_sleep, 1, txtest_stack(2048), 2048, 20, 20, 1,
                                      TX_DONT_START),
                     TX_SUCCESS);
    {
        ULONG old;

        assert_int_equal(tx_thread_time_slice_change(&txtest_runner, 4, &old), TX_SUCCESS);
        next = _tx_timer_ticks_to_next();
        assert_int_equal(tx_thread_time_slice_change(&txtest_runner, TX_NO_TIME_SLICE, &old),
                         TX_SUCCESS);
        assert_int_equal(old, 4);
    }
    assert_int_equal(next, 4);
    assert_int_equal(_tx_timer_ticks_to_next(), TX_WAIT_FOREVER);
}

/* ---- real periodic tick --------------------------------------------------------------------- */

static void test_periodic_tick_accuracy(void **state)
{
    struct timespec a, b;
    long ms;
    ULONG t0;

    (void)state;
    assert_int_equal(tx_timer_create(&tm, "p", record_expiry, 0, 5, 5, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_tick_config(100);
    assert_int_equal(tx_host_tick_rate(), 100);
    clock_gettime(CLOCK_MONOTONIC, &a);
    t0 = tx_time_get();
    assert_int_equal(tx_thread_sleep(20), TX_SUCCESS);
    clock_gettime(CLOCK_MONOTONIC, &b);
    tx_host_tick_config(0);
    ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    /* 20 ticks at 100 Hz: at least 190 ms of real time (no upper bound: the host is shared). */
    assert_true(ms >= 190);
    assert_true(tx_time_get() >= t0 + 20);
    assert_true(expiry_count >= 4);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_one_shot),
        TEST(test_periodic),
        TEST(test_same_tick_order),
        TEST(test_deactivate_keeps_remaining),
        TEST(test_change),
        TEST(test_function_controls_own_timer),
        TEST(test_many_timers_and_deltas),
        TEST(test_timer_context),
        TEST(test_performance),
        TEST(test_errors),
        TEST(test_delete_active),
        TEST(test_time_get_set),
        TEST(test_tickless),
        TEST(test_tickless_time_slice),
        TEST(test_periodic_tick_accuracy),
    };
    return cmocka_run_group_tests_name("timer", tests, NULL, NULL);
}
