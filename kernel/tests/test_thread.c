/*
 * test_thread.c - thread services and the scheduler on the host port (deterministic ticks unless
 * a test says otherwise): creation and its errors, priorities, preemption threshold, time
 * slicing, relinquish, sleep, suspend/resume (delayed suspension), terminate/delete/reset,
 * entry/exit notify, wait abort, identify, performance counters, ISR rules, stack checking.
 * Threads other than the runner only record what they see in `trace`; the runner asserts.
 */
#include <string.h>

#include "txtest.h"
#include "tx_internal.h"

static char trace[128];
static size_t trace_len;

static void mark(char c)
{
    if (trace_len < sizeof(trace) - 1) {
        trace[trace_len++] = c;
        trace[trace_len] = '\0';
    }
}

static int setup(void **state)
{
    (void)state;
    trace_len = 0;
    trace[0] = '\0';
    return 0;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, txtest_teardown)

static TX_THREAD ta, tb, tc;
#ifndef TX_DISABLE_ERROR_CHECKING
static TX_THREAD td;
#endif

/* Entry that marks its input character and returns (completes). */
static void entry_mark(ULONG c)
{
    mark((char)c);
}

static UINT state_of(TX_THREAD *t)
{
    UINT state = 0xFFFF;

    assert_int_equal(tx_thread_info_get(t, TX_NULL, &state, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                        TX_NULL, TX_NULL),
                     TX_SUCCESS);
    return state;
}

/* ---- creation ------------------------------------------------------------------------------ */

static void test_create_and_info(void **state)
{
    CHAR *name;
    UINT st, prio, thr;
    ULONG runs, slice;
    TX_THREAD *next, *next_susp;
    VOID *stack = txtest_stack(1024);
    ULONG count_before = _tx_thread_created_count;

    (void)state;
    assert_int_equal(
        tx_thread_create(&ta, "alpha", entry_mark, 'a', stack, 1024, 20, 18, 7, TX_DONT_START),
        TX_SUCCESS);
    assert_int_equal(_tx_thread_created_count, count_before + 1);
    assert_int_equal(
        tx_thread_info_get(&ta, &name, &st, &runs, &prio, &thr, &slice, &next, &next_susp),
        TX_SUCCESS);
    assert_string_equal(name, "alpha");
    assert_int_equal(st, TX_SUSPENDED);
    assert_int_equal(runs, 0);
    assert_int_equal(prio, 20);
    assert_int_equal(thr, 18);
    assert_int_equal(slice, 7);
    assert_ptr_equal(next, &txtest_runner); /* circular created list: runner was first */
    assert_ptr_equal(ta.tx_thread_stack_start, stack);
    assert_ptr_equal(ta.tx_thread_stack_end, (UCHAR *)stack + 1023);
    assert_int_equal(ta.tx_thread_stack_size, 1024);
    assert_int_equal(ta.tx_thread_id, TX_THREAD_ID);
    /* The stack is filled with the pattern (the port's initial frame sits at the top). */
    assert_int_equal(((UCHAR *)stack)[0], 0xEF);
    assert_int_equal(((UCHAR *)stack)[512], 0xEF);
    assert_true((UCHAR *)ta.tx_thread_stack_ptr > (UCHAR *)stack + 512);
    assert_true((UCHAR *)ta.tx_thread_stack_ptr <= (UCHAR *)stack + 1023);

    /* Lower priority than the runner: resumed, it waits until the runner blocks. */
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    assert_int_equal(state_of(&ta), TX_READY);
    assert_string_equal(trace, "");
    assert_int_equal(tx_thread_sleep(1), TX_SUCCESS);
    assert_string_equal(trace, "a");
    assert_int_equal(state_of(&ta), TX_COMPLETED);
    assert_int_equal(ta.tx_thread_run_count, 1);
}

static void test_create_errors(void **state)
{
    VOID *stack = txtest_stack(1024);

    (void)state;
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(tx_thread_create(TX_NULL, "x", entry_mark, 0, stack, 1024, 5, 5, 0, 1),
                     TX_THREAD_ERROR);
    assert_int_equal(
        _txe_thread_create(&ta, "x", entry_mark, 0, stack, 1024, 5, 5, 0, 1, sizeof(TX_THREAD) - 4),
        TX_THREAD_ERROR);
    assert_int_equal(tx_thread_create(&ta, "x", TX_NULL, 0, stack, 1024, 5, 5, 0, 1), TX_PTR_ERROR);
    assert_int_equal(tx_thread_create(&ta, "x", entry_mark, 0, TX_NULL, 1024, 5, 5, 0, 1),
                     TX_PTR_ERROR);
    assert_int_equal(
        tx_thread_create(&ta, "x", entry_mark, 0, stack, TX_MINIMUM_STACK - 1, 5, 5, 0, 1),
        TX_SIZE_ERROR);
    assert_int_equal(tx_thread_create(&ta, "x", entry_mark, 0, stack, 1024, TX_MAX_PRIORITIES,
                                      TX_MAX_PRIORITIES, 0, 1),
                     TX_PRIORITY_ERROR);
    assert_int_equal(tx_thread_create(&ta, "x", entry_mark, 0, stack, 1024, 5, 6, 0, 1),
                     TX_THRESH_ERROR);
    assert_int_equal(tx_thread_create(&ta, "x", entry_mark, 0, stack, 1024, 5, 5, 0, 2),
                     TX_START_ERROR);
    assert_int_equal(
        tx_thread_create(&ta, "x", entry_mark, 0, stack, 1024, 25, 25, 0, TX_DONT_START),
        TX_SUCCESS);
    /* Twice the same control block; another thread on an overlapping stack. */
    assert_int_equal(tx_thread_create(&ta, "x", entry_mark, 0, txtest_stack(1024), 1024, 25, 25, 0,
                                      TX_DONT_START),
                     TX_THREAD_ERROR);
    assert_int_equal(tx_thread_create(&tb, "y", entry_mark, 0, (UCHAR *)stack + 512, 1024, 25, 25,
                                      0, TX_DONT_START),
                     TX_PTR_ERROR);
    /* Services on something that is not a thread. */
    memset(&tb, 0, sizeof(tb));
    assert_int_equal(tx_thread_resume(&tb), TX_THREAD_ERROR);
    assert_int_equal(tx_thread_suspend(TX_NULL), TX_THREAD_ERROR);
    assert_int_equal(tx_thread_terminate(&tb), TX_THREAD_ERROR);
    assert_int_equal(tx_thread_delete(&tb), TX_THREAD_ERROR);
    assert_int_equal(tx_thread_reset(&tb), TX_THREAD_ERROR);
    assert_int_equal(tx_thread_wait_abort(&tb), TX_THREAD_ERROR);
    assert_int_equal(tx_thread_info_get(&tb, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                        TX_NULL, TX_NULL),
                     TX_THREAD_ERROR);
    {
        UINT old;
        ULONG old_slice;

        assert_int_equal(tx_thread_priority_change(&ta, TX_MAX_PRIORITIES, &old),
                         TX_PRIORITY_ERROR);
        assert_int_equal(tx_thread_priority_change(&ta, 3, TX_NULL), TX_PTR_ERROR);
        assert_int_equal(tx_thread_preemption_change(&ta, 26, &old), TX_THRESH_ERROR);
        assert_int_equal(tx_thread_time_slice_change(&tb, 3, &old_slice), TX_THREAD_ERROR);
    }
    assert_int_equal(tx_thread_entry_exit_notify(&tb, TX_NULL), TX_THREAD_ERROR);
#else
    /* Without checks the services trust their arguments; the state rules still hold. */
    assert_int_equal(
        tx_thread_create(&ta, "x", entry_mark, 0, stack, 1024, 25, 25, 0, TX_DONT_START),
        TX_SUCCESS);
#endif
    assert_int_equal(tx_thread_delete(&ta), TX_DELETE_ERROR); /* suspended, not terminated */
    assert_int_equal(tx_thread_reset(&ta), TX_NOT_DONE);
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    assert_int_equal(tx_thread_resume(&ta), TX_RESUME_ERROR); /* already ready */
    assert_int_equal(tx_thread_terminate(&ta), TX_SUCCESS);
    assert_int_equal(tx_thread_suspend(&ta), TX_SUSPEND_ERROR);
    assert_int_equal(tx_thread_wait_abort(&ta), TX_WAIT_ABORT_ERROR);
    assert_int_equal(tx_thread_delete(&ta), TX_SUCCESS);
    assert_int_equal(ta.tx_thread_id, 0u);
}

/* ---- priorities and preemption --------------------------------------------------------------- */

static void test_priority_preemption(void **state)
{
    (void)state;
    /* Higher than the runner (16): runs to completion inside tx_thread_create. */
    txtest_thread_create(&ta, "high", entry_mark, 'h', 10);
    assert_string_equal(trace, "h");
    /* Same priority as the runner: no preemption (FIFO within a priority). */
    txtest_thread_create(&tb, "same", entry_mark, 's', 16);
    /* Lower: waits. */
    txtest_thread_create(&tc, "low", entry_mark, 'l', 20);
    assert_string_equal(trace, "h");
    mark('r');
    assert_int_equal(tx_thread_sleep(1), TX_SUCCESS);
    assert_string_equal(trace, "hrsl");
}

static void entry_priority_observer(ULONG c)
{
    mark((char)c);
}

static void test_priority_change(void **state)
{
    UINT old;

    (void)state;
    txtest_thread_create(&ta, "low", entry_priority_observer, 'a', 20);
    assert_string_equal(trace, "");
    /* Raising a ready thread above the caller preempts the caller at once. */
    assert_int_equal(tx_thread_priority_change(&ta, 5, &old), TX_SUCCESS);
    assert_int_equal(old, 20);
    assert_string_equal(trace, "a");
    assert_int_equal(ta.tx_thread_priority, 5);
    assert_int_equal(ta.tx_thread_user_priority, 5);

    /* Lowering the caller below a ready thread gives that thread the CPU. */
    txtest_thread_create(&tb, "mid", entry_priority_observer, 'b', 18);
    mark('1');
    assert_int_equal(tx_thread_priority_change(&txtest_runner, 19, &old), TX_SUCCESS);
    assert_int_equal(old, TXTEST_RUNNER_PRIORITY);
    mark('2');
    assert_string_equal(trace, "a1b2");
    /* The threshold followed the priority. */
    assert_int_equal(txtest_runner.tx_thread_preempt_threshold, 19);
}

static void entry_threshold_a(ULONG unused)
{
    (void)unused;
    mark('a');
    tx_thread_resume(&tb); /* priority 14: above a's priority, not above its threshold 12 */
    mark('b');
    tx_thread_resume(&tc); /* priority 10: beats the threshold, preempts */
    mark('c');
}

static void test_preemption_threshold(void **state)
{
    VOID *s = txtest_stack(TXTEST_STACK_SIZE);
    UINT old;

    (void)state;
    assert_int_equal(tx_thread_create(&tb, "m", entry_mark, 'm', txtest_stack(TXTEST_STACK_SIZE),
                                      TXTEST_STACK_SIZE, 14, 14, 0, TX_DONT_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_create(&tc, "h", entry_mark, 'h', txtest_stack(TXTEST_STACK_SIZE),
                                      TXTEST_STACK_SIZE, 10, 10, 0, TX_DONT_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_create(&ta, "a", entry_threshold_a, 0, s, TXTEST_STACK_SIZE, 20, 20,
                                      0, TX_DONT_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_preemption_change(&ta, 12, &old), TX_SUCCESS);
    assert_int_equal(old, 20);
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    assert_int_equal(tx_thread_sleep(1), TX_SUCCESS);
    /* After h, a (preempted above its threshold) resumes before m, which it had locked out. */
    assert_string_equal(trace, "abhcm");
}

static void test_threshold_blocks_runner_peers(void **state)
{
    UINT old;

    (void)state;
    /* The runner itself takes threshold 5: a priority-10 thread made ready must wait. */
    assert_int_equal(tx_thread_preemption_change(&txtest_runner, 5, &old), TX_SUCCESS);
    txtest_thread_create(&ta, "ten", entry_mark, 't', 10);
    assert_string_equal(trace, "");
    txtest_thread_create(&tb, "four", entry_mark, 'f', 4);
    assert_string_equal(trace, "f");
    /* Dropping the threshold lets the waiting thread in immediately. */
    assert_int_equal(tx_thread_preemption_change(&txtest_runner, TXTEST_RUNNER_PRIORITY, &old),
                     TX_SUCCESS);
    assert_int_equal(old, 5);
    assert_string_equal(trace, "ft");
}

/* issue 13: a threshold above (numerically greater than) the thread's priority is refused by
 * the service itself, so also with TX_DISABLE_ERROR_CHECKING; nothing changes. The limit is the
 * priority at the time of the call. */
static void test_preemption_change_above_priority(void **state)
{
    UINT old;
    UINT thr = 0xFFFF;

    (void)state;
    assert_int_equal(tx_thread_create(&ta, "t", entry_mark, 't', txtest_stack(TXTEST_STACK_SIZE),
                                      TXTEST_STACK_SIZE, 20, 15, 0, TX_DONT_START),
                     TX_SUCCESS);
    old = 0xBEEF;
    assert_int_equal(tx_thread_preemption_change(&ta, 21, &old), TX_THRESH_ERROR);
    assert_int_equal(old, 0xBEEF);
    assert_int_equal(tx_thread_preemption_change(&ta, TX_MAX_PRIORITIES - 1, &old),
                     TX_THRESH_ERROR);
    /* The service, not only its _txe_ check. */
    assert_int_equal(_tx_thread_preemption_change(&ta, 21, &old), TX_THRESH_ERROR);
    assert_int_equal(old, 0xBEEF);
    assert_int_equal(tx_thread_info_get(&ta, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &thr, TX_NULL,
                                        TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(thr, 15);
    assert_int_equal(ta.tx_thread_preempt_threshold, 15);
    /* Equal to the priority is the highest allowed. */
    assert_int_equal(tx_thread_preemption_change(&ta, 20, &old), TX_SUCCESS);
    assert_int_equal(old, 15);

    /* After a priority change the new priority is the limit (the threshold follows it). */
    assert_int_equal(tx_thread_priority_change(&ta, 8, &old), TX_SUCCESS);
    assert_int_equal(_tx_thread_preemption_change(&ta, 9, &old), TX_THRESH_ERROR);
    assert_int_equal(tx_thread_preemption_change(&ta, 9, &old), TX_THRESH_ERROR);
    assert_int_equal(tx_thread_preemption_change(&ta, 3, &old), TX_SUCCESS);
    assert_int_equal(old, 8);
    assert_int_equal(tx_thread_preemption_change(&ta, 8, &old), TX_SUCCESS);
    assert_int_equal(old, 3);
    assert_int_equal(tx_thread_terminate(&ta), TX_SUCCESS);
    assert_int_equal(tx_thread_delete(&ta), TX_SUCCESS);
}

/* ---- time slicing and relinquish ------------------------------------------------------------- */

static volatile int slice_done;

static void entry_slicer(ULONG c)
{
    int i;

    for (i = 0; i < 6; i++) {
        mark((char)c);
        tx_host_ticks_advance(1); /* a tick arrives while this thread runs */
    }
    slice_done++;
}

static void test_time_slicing(void **state)
{
    ULONG slices = 0;

    (void)state;
    slice_done = 0;
    assert_int_equal(tx_thread_create(&ta, "1", entry_slicer, '1', txtest_stack(4096), 4096, 20, 20,
                                      3, TX_AUTO_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_create(&tb, "2", entry_slicer, '2', txtest_stack(4096), 4096, 20, 20,
                                      3, TX_AUTO_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_sleep(40), TX_SUCCESS);
    assert_int_equal(slice_done, 2);
    assert_string_equal(trace, "111222111222");
    assert_int_equal(tx_thread_performance_info_get(&ta, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL, &slices, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(slices, 2);
}

static void test_no_slicing_with_threshold(void **state)
{
    (void)state;
    slice_done = 0;
    /* A preemption threshold disables time slicing for that thread. */
    assert_int_equal(tx_thread_create(&ta, "1", entry_slicer, '1', txtest_stack(4096), 4096, 20, 19,
                                      2, TX_AUTO_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_create(&tb, "2", entry_slicer, '2', txtest_stack(4096), 4096, 20, 20,
                                      2, TX_AUTO_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_sleep(40), TX_SUCCESS);
    assert_int_equal(slice_done, 2);
    assert_string_equal(trace, "111111222222");
}

static void test_time_slice_change(void **state)
{
    ULONG old;

    (void)state;
    slice_done = 0;
    assert_int_equal(tx_thread_create(&ta, "1", entry_slicer, '1', txtest_stack(4096), 4096, 20, 20,
                                      3, TX_AUTO_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_create(&tb, "2", entry_slicer, '2', txtest_stack(4096), 4096, 20, 20,
                                      3, TX_AUTO_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_time_slice_change(&ta, 2, &old), TX_SUCCESS);
    assert_int_equal(old, 3);
    assert_int_equal(tx_thread_time_slice_change(&tb, TX_NO_TIME_SLICE, &old), TX_SUCCESS);
    assert_int_equal(tx_thread_sleep(40), TX_SUCCESS);
    /* 1 runs 2 ticks, then 2 (no slice) runs to the end, then 1 finishes. */
    assert_string_equal(trace, "11222222"
                               "1111");
}

static void entry_relinquisher(ULONG c)
{
    int i;

    for (i = 0; i < 3; i++) {
        mark((char)c);
        tx_thread_relinquish();
    }
}

static void test_relinquish(void **state)
{
    ULONG relinquishes = 0;

    (void)state;
    txtest_thread_create(&ta, "1", entry_relinquisher, '1', 20);
    txtest_thread_create(&tb, "2", entry_relinquisher, '2', 20);
    txtest_thread_create(&tc, "3", entry_relinquisher, '3', 20);
    assert_int_equal(tx_thread_sleep(1), TX_SUCCESS);
    assert_string_equal(trace, "123123123");
    assert_int_equal(tx_thread_performance_info_get(&tb, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL, TX_NULL, &relinquishes, TX_NULL,
                                                    TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(relinquishes, 3);
    /* Alone at its priority, relinquish returns at once. */
    tx_thread_relinquish();
}

/* ---- sleep, suspend, resume ----------------------------------------------------------------- */

static volatile UINT sleep_status;
static volatile ULONG woke_at;

static void entry_sleeper(ULONG ticks)
{
    sleep_status = tx_thread_sleep(ticks);
    woke_at = tx_time_get();
}

static void test_sleep_exact(void **state)
{
    ULONG t0 = tx_time_get();

    (void)state;
    sleep_status = 0xFF;
    txtest_thread_create(&ta, "s", entry_sleeper, 10, 10);
    assert_int_equal(state_of(&ta), TX_SLEEP);
    tx_host_ticks_advance(9);
    assert_int_equal(state_of(&ta), TX_SLEEP);
    tx_host_ticks_advance(1);
    assert_int_equal(state_of(&ta), TX_COMPLETED);
    assert_int_equal(sleep_status, TX_SUCCESS);
    assert_int_equal(woke_at, t0 + 10);
    assert_int_equal(tx_thread_sleep(0), TX_SUCCESS);
    assert_int_equal(tx_time_get(), t0 + 10);
    /* The runner sleeping alone: the idle loop jumps straight to its wake-up. */
    assert_int_equal(tx_thread_sleep(1000), TX_SUCCESS);
    assert_int_equal(tx_time_get(), t0 + 1010);
}

static void test_suspend_resume(void **state)
{
    (void)state;
    txtest_thread_create(&ta, "s", entry_mark, 'x', 20);
    assert_int_equal(tx_thread_suspend(&ta), TX_SUCCESS);
    assert_int_equal(state_of(&ta), TX_SUSPENDED);
    assert_int_equal(tx_thread_suspend(&ta), TX_SUCCESS); /* already suspended */
    assert_int_equal(tx_thread_sleep(3), TX_SUCCESS);
    assert_string_equal(trace, ""); /* never ran */
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    assert_int_equal(tx_thread_sleep(1), TX_SUCCESS);
    assert_string_equal(trace, "x");
}

static void test_delayed_suspend(void **state)
{
    (void)state;
    sleep_status = 0xFF;
    txtest_thread_create(&ta, "s", entry_sleeper, 5, 10);
    /* Suspending a sleeping thread takes effect when the sleep ends. */
    assert_int_equal(tx_thread_suspend(&ta), TX_SUCCESS);
    assert_int_equal(state_of(&ta), TX_SLEEP);
    tx_host_ticks_advance(5);
    assert_int_equal(state_of(&ta), TX_SUSPENDED);
    assert_int_equal(sleep_status, 0xFF); /* has not returned from sleep yet */
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    assert_int_equal(state_of(&ta), TX_COMPLETED);
    assert_int_equal(sleep_status, TX_SUCCESS);

    /* Resume before the wait ends only lifts the pending suspension. */
    sleep_status = 0xFF;
    txtest_thread_create(&tb, "t", entry_sleeper, 5, 10);
    assert_int_equal(tx_thread_suspend(&tb), TX_SUCCESS);
    assert_int_equal(tx_thread_resume(&tb), TX_SUSPEND_LIFTED);
    tx_host_ticks_advance(5);
    assert_int_equal(state_of(&tb), TX_COMPLETED);
}

static void entry_self_suspend(ULONG c)
{
    mark((char)c);
    tx_thread_suspend(tx_thread_identify());
    mark((char)(c + 1));
}

static void test_self_suspend(void **state)
{
    (void)state;
    txtest_thread_create(&ta, "s", entry_self_suspend, 'a', 10);
    assert_string_equal(trace, "a");
    assert_int_equal(state_of(&ta), TX_SUSPENDED);
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    assert_string_equal(trace, "ab");
}

/* ---- terminate, delete, reset, notify ------------------------------------------------------- */

static UINT notify_types[8];
static TX_THREAD *notify_threads[8];
static int notify_count;

static void entry_exit_recorder(TX_THREAD *t, UINT type)
{
    if (notify_count < 8) {
        notify_threads[notify_count] = t;
        notify_types[notify_count] = type;
    }
    notify_count++;
}

static void test_entry_exit_notify(void **state)
{
    (void)state;
    notify_count = 0;
    assert_int_equal(tx_thread_create(&ta, "n", entry_mark, 'n', txtest_stack(2048), 2048, 10, 10,
                                      0, TX_DONT_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_entry_exit_notify(&ta, entry_exit_recorder), TX_SUCCESS);
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    assert_int_equal(notify_count, 2);
    assert_ptr_equal(notify_threads[0], &ta);
    assert_int_equal(notify_types[0], TX_THREAD_ENTRY);
    assert_int_equal(notify_types[1], TX_THREAD_EXIT);

    /* Terminate also reports the exit. */
    assert_int_equal(tx_thread_create(&tb, "m", entry_sleeper, 100, txtest_stack(2048), 2048, 10,
                                      10, 0, TX_DONT_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_entry_exit_notify(&tb, entry_exit_recorder), TX_SUCCESS);
    assert_int_equal(tx_thread_resume(&tb), TX_SUCCESS);
    assert_int_equal(notify_count, 3);
    assert_int_equal(tx_thread_terminate(&tb), TX_SUCCESS);
    assert_int_equal(notify_count, 4);
    assert_ptr_equal(notify_threads[3], &tb);
    assert_int_equal(notify_types[3], TX_THREAD_EXIT);
}

static TX_SEMAPHORE sem;
static volatile UINT get_status;

static void entry_sem_waiter(ULONG wait)
{
    mark('w');
    get_status = tx_semaphore_get(&sem, wait);
    mark('g');
}

static void test_terminate_waiting_threads(void **state)
{
    ULONG suspended = 99;
    ULONG t0;

    (void)state;
    /* Sleeping: its timeout must not fire later. */
    txtest_thread_create(&ta, "sleeper", entry_sleeper, 5, 10);
    assert_int_equal(tx_thread_terminate(&ta), TX_SUCCESS);
    assert_int_equal(state_of(&ta), TX_TERMINATED);
    assert_null(ta.tx_thread_timer.tx_timer_internal_list_head);
    tx_host_ticks_advance(10);
    assert_int_equal(state_of(&ta), TX_TERMINATED);
    assert_int_equal(tx_thread_terminate(&ta), TX_SUCCESS); /* again: nothing to do */

    /* Waiting on a semaphore: it leaves the suspension list. */
    assert_int_equal(tx_semaphore_create(&sem, "sem", 0), TX_SUCCESS);
    txtest_thread_create(&tb, "waiter", entry_sem_waiter, TX_WAIT_FOREVER, 10);
    txtest_thread_create(&tc, "waiter2", entry_sem_waiter, 50, 10);
    assert_int_equal(tx_semaphore_info_get(&sem, TX_NULL, TX_NULL, TX_NULL, &suspended, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(suspended, 2);
    assert_int_equal(tx_thread_terminate(&tb), TX_SUCCESS);
    assert_int_equal(tx_thread_terminate(&tc), TX_SUCCESS);
    assert_int_equal(tx_semaphore_info_get(&sem, TX_NULL, TX_NULL, TX_NULL, &suspended, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(suspended, 0);
    assert_null(sem.tx_semaphore_suspension_list);
    /* A put now counts up instead of waking a dead thread. */
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(sem.tx_semaphore_count, 1);
    t0 = tx_time_get();
    assert_int_equal(tx_thread_sleep(60), TX_SUCCESS); /* tc's timeout would have fired */
    assert_int_equal(tx_time_get(), t0 + 60);
    assert_string_equal(trace, "ww");
    assert_int_equal(tx_thread_delete(&tb), TX_SUCCESS);
    assert_int_equal(tx_thread_delete(&tc), TX_SUCCESS);
    assert_int_equal(tx_semaphore_delete(&sem), TX_SUCCESS);
}

static void entry_self_terminate(ULONG c)
{
    mark((char)c);
    tx_thread_terminate(tx_thread_identify());
    mark('X'); /* never */
}

static void test_self_terminate_delete_reset(void **state)
{
    ULONG runs;

    (void)state;
    txtest_thread_create(&ta, "t", entry_self_terminate, 'a', 10);
    assert_string_equal(trace, "a");
    assert_int_equal(state_of(&ta), TX_TERMINATED);
    /* Reset puts it back to its entry, suspended; resume runs it again. */
    assert_int_equal(tx_thread_reset(&ta), TX_SUCCESS);
    assert_int_equal(state_of(&ta), TX_SUSPENDED);
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    assert_string_equal(trace, "aa");
    assert_int_equal(tx_thread_info_get(&ta, TX_NULL, TX_NULL, &runs, TX_NULL, TX_NULL, TX_NULL,
                                        TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(runs, 2);
    /* A completed thread can be reset too; the runner cannot reset itself. */
    txtest_thread_create(&tb, "c", entry_mark, 'c', 10);
    assert_int_equal(state_of(&tb), TX_COMPLETED);
    assert_int_equal(tx_thread_reset(&tb), TX_SUCCESS);
    assert_int_equal(tx_thread_resume(&tb), TX_SUCCESS);
    assert_string_equal(trace, "aacc");
    assert_int_equal(tx_thread_reset(&txtest_runner), TX_NOT_DONE);
    assert_int_equal(tx_thread_delete(&ta), TX_SUCCESS);
    assert_int_equal(tx_thread_delete(&tb), TX_SUCCESS);
    /* The control block and stack may be reused for a new thread. */
    txtest_thread_create(&ta, "again", entry_mark, 'z', 10);
    assert_string_equal(trace, "aaccz");
}

/* ---- wait abort, identify ------------------------------------------------------------------- */

static void test_priority_change_while_waiting(void **state)
{
    UINT old;

    (void)state;
    assert_int_equal(tx_semaphore_create(&sem, "sem", 0), TX_SUCCESS);
    get_status = 0xFF;
    txtest_thread_create(&ta, "a", entry_sem_waiter, TX_WAIT_FOREVER, 12);
    txtest_thread_create(&tb, "b", entry_sem_waiter, TX_WAIT_FOREVER, 12);
    /* A waiting thread's priority changes in place; the suspension list keeps FIFO order until
     * the object is prioritized. */
    assert_int_equal(tx_thread_priority_change(&tb, 2, &old), TX_SUCCESS);
    assert_int_equal(old, 12);
    assert_int_equal(tb.tx_thread_state, TX_SEMAPHORE_SUSP);
    assert_ptr_equal(sem.tx_semaphore_suspension_list, &ta);
    assert_int_equal(tx_semaphore_prioritize(&sem), TX_SUCCESS);
    assert_ptr_equal(sem.tx_semaphore_suspension_list, &tb);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS); /* b first, at its new priority */
    assert_string_equal(trace, "wwg");
    assert_int_equal(tb.tx_thread_state, TX_COMPLETED);
    assert_int_equal(ta.tx_thread_state, TX_SEMAPHORE_SUSP);
    /* A suspended thread's new priority applies when it is resumed. */
    assert_int_equal(tx_thread_create(&tc, "c", entry_mark, 'c', txtest_stack(2048), 2048, 20, 20,
                                      0, TX_DONT_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_priority_change(&tc, 3, &old), TX_SUCCESS);
    assert_int_equal(tx_thread_resume(&tc), TX_SUCCESS);
    assert_string_equal(trace, "wwgc");
}

static void test_wait_abort(void **state)
{
    ULONG aborts = 0;

    (void)state;
    sleep_status = 0xFF;
    txtest_thread_create(&ta, "s", entry_sleeper, 100, 10);
    assert_int_equal(tx_thread_wait_abort(&ta), TX_SUCCESS);
    assert_int_equal(sleep_status, TX_WAIT_ABORTED);
    assert_int_equal(state_of(&ta), TX_COMPLETED);
    assert_int_equal(tx_thread_performance_info_get(&ta, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL, TX_NULL, TX_NULL, TX_NULL, &aborts,
                                                    TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(aborts, 1);

    assert_int_equal(tx_semaphore_create(&sem, "sem", 0), TX_SUCCESS);
    get_status = 0xFF;
    txtest_thread_create(&tb, "w", entry_sem_waiter, TX_WAIT_FOREVER, 10);
    assert_int_equal(tx_thread_wait_abort(&tb), TX_SUCCESS);
    assert_int_equal(get_status, TX_WAIT_ABORTED);
    assert_int_equal(sem.tx_semaphore_suspended_count, 0);
    assert_int_equal(tx_thread_wait_abort(&txtest_runner), TX_WAIT_ABORT_ERROR); /* ready */
    /* A thread suspended by tx_thread_suspend is not waiting: abort refuses. */
    assert_int_equal(tx_thread_create(&tc, "c", entry_mark, 'c', txtest_stack(2048), 2048, 10, 10,
                                      0, TX_DONT_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_wait_abort(&tc), TX_WAIT_ABORT_ERROR);
}

static TX_THREAD *isr_identified;
static void isr_identify(VOID *arg)
{
    (void)arg;
    isr_identified = tx_thread_identify();
}

static void test_identify(void **state)
{
    (void)state;
    assert_ptr_equal(tx_thread_identify(), &txtest_runner);
    isr_identified = TX_NULL;
    tx_host_isr_run(isr_identify, TX_NULL);
    assert_ptr_equal(isr_identified, &txtest_runner); /* the interrupted thread */
}

/* ---- performance counters ------------------------------------------------------------------- */

static void entry_sleep_three_times(ULONG unused)
{
    (void)unused;
    tx_thread_sleep(1);
    tx_thread_sleep(1);
    tx_thread_sleep(1);
}

static void test_performance_info(void **state)
{
    ULONG resumptions, suspensions, solicited, interrupt, inversions, slices, relinquishes,
        timeouts, aborts, non_idle;
    ULONG sys_res0, sys_susp0, idle0, sys_res1, sys_susp1, idle1;
    TX_THREAD *last = TX_NULL;

    (void)state;
    assert_int_equal(tx_thread_performance_system_info_get(&sys_res0, &sys_susp0, TX_NULL, TX_NULL,
                                                           TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                           TX_NULL, TX_NULL, &idle0),
                     TX_SUCCESS);
    txtest_thread_create(&ta, "p", entry_sleep_three_times, 0, 10);
    tx_host_ticks_advance(3);
    assert_int_equal(state_of(&ta), TX_COMPLETED);
    assert_int_equal(tx_thread_performance_info_get(&ta, &resumptions, &suspensions, &solicited,
                                                    &interrupt, &inversions, &slices, &relinquishes,
                                                    &timeouts, &aborts, &last),
                     TX_SUCCESS);
    /* Resumed at creation and after each sleep; suspended by each sleep and by completion. */
    assert_int_equal(resumptions, 4);
    assert_int_equal(suspensions, 4);
    assert_int_equal(relinquishes, 0);
    assert_int_equal(aborts, 0);
    assert_int_equal(tx_thread_performance_system_info_get(
                         &sys_res1, &sys_susp1, &solicited, &interrupt, &inversions, &slices,
                         &relinquishes, &timeouts, &aborts, &non_idle, &idle1),
                     TX_SUCCESS);
    assert_true(sys_res1 >= sys_res0 + 4);
    assert_true(sys_susp1 >= sys_susp0 + 4);
    /* The runner was preempted by ta's creation (solicited) and by each wake-up (interrupt). */
    assert_int_equal(tx_thread_performance_info_get(&txtest_runner, TX_NULL, TX_NULL, &solicited,
                                                    &interrupt, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL, &last),
                     TX_SUCCESS);
    assert_true(solicited >= 1);
    assert_true(interrupt >= 3);
    assert_ptr_equal(last, &ta);
    assert_int_equal(tx_thread_performance_info_get(TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL),
                     TX_PTR_ERROR);
}

/* ---- ISR rules ------------------------------------------------------------------------------ */

struct isr_results {
    UINT create, del, sleep, terminate, priority, suspend_other, resume, abort, preempt, time_slice,
        reset, notify;
};
static struct isr_results isr_r;

static void isr_thread_services(VOID *arg)
{
    UINT old;
    ULONG old_slice;

    (void)arg;
    (void)old;
    (void)old_slice;
#ifndef TX_DISABLE_ERROR_CHECKING
    /* Not callable from an ISR: only the checking build may try (the others trust callers). */
    isr_r.create = tx_thread_create(&td, "isr", entry_mark, 'i', txtest_stack(2048), 2048, 10, 10,
                                    0, TX_AUTO_START);
    isr_r.del = tx_thread_delete(&tc);
    isr_r.terminate = tx_thread_terminate(&tb);
    isr_r.priority = tx_thread_priority_change(&tb, 3, &old);
    isr_r.preempt = tx_thread_preemption_change(&tb, 3, &old);
    isr_r.time_slice = tx_thread_time_slice_change(&tb, 3, &old_slice);
    isr_r.reset = tx_thread_reset(&tc);
#endif
    isr_r.notify = tx_thread_entry_exit_notify(&tb, TX_NULL); /* allowed from ISRs (ThreadX) */
    isr_r.sleep = tx_thread_sleep(1);        /* checked by the service itself (no _txe_ form) */
    isr_r.abort = tx_thread_wait_abort(&ta); /* allowed: ta sleeps */
    isr_r.resume = tx_thread_resume(&tb);    /* allowed: tb (prio 10) preempts at ISR exit */
    isr_r.suspend_other = 0;
    tx_thread_relinquish(); /* no-op in an ISR */
    mark('I');
}

static void test_isr_rules(void **state)
{
    (void)state;
    memset(&isr_r, 0xFF, sizeof(isr_r));
    sleep_status = 0xFF;
    txtest_thread_create(&ta, "sleeper", entry_sleeper, 100, 10);
    assert_int_equal(tx_thread_create(&tb, "b", entry_mark, 'b', txtest_stack(2048), 2048, 10, 10,
                                      0, TX_DONT_START),
                     TX_SUCCESS);
    txtest_thread_create(&tc, "c", entry_mark, 'c', 10); /* completes */
    assert_string_equal(trace, "c");
    tx_host_isr_run(isr_thread_services, TX_NULL);
    mark('R');
    /* The ISR ran first; at its exit the resumed/woken threads ran before the runner. */
    assert_string_equal(trace, "cIbR");
    assert_int_equal(isr_r.sleep, TX_CALLER_ERROR);
    assert_int_equal(isr_r.abort, TX_SUCCESS);
    assert_int_equal(isr_r.resume, TX_SUCCESS);
    /* ThreadX: tx_thread_entry_exit_notify is allowed from ISRs and has no TX_CALLER_ERROR. */
    assert_int_equal(isr_r.notify, TX_SUCCESS);
    assert_int_equal(sleep_status, TX_WAIT_ABORTED);
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(isr_r.create, TX_CALLER_ERROR);
    assert_int_equal(isr_r.del, TX_CALLER_ERROR);
    assert_int_equal(isr_r.terminate, TX_CALLER_ERROR);
    assert_int_equal(isr_r.priority, TX_CALLER_ERROR);
    assert_int_equal(isr_r.preempt, TX_CALLER_ERROR);
    assert_int_equal(isr_r.time_slice, TX_CALLER_ERROR);
    assert_int_equal(isr_r.reset, TX_CALLER_ERROR);
    assert_int_equal(_tx_thread_created_count, 4); /* runner, ta, tb, tc: no td */
#endif
}

/* ---- stack checking ------------------------------------------------------------------------- */

static TX_THREAD *stack_error_thread;
static int stack_error_calls;

static int stack_error_in_thread;

static void stack_error_handler(TX_THREAD *t)
{
    stack_error_thread = t;
    stack_error_calls++;
    /* Called in thread context, so the offender can be dealt with right here. */
    stack_error_in_thread = TX_IN_THREAD() ? 1 : 0;
    tx_thread_terminate(t);
}

static void entry_sleep_forever_ish(ULONG unused)
{
    (void)unused;
    for (;;) {
        tx_thread_sleep(5);
    }
}

static void test_stack_checking(void **state)
{
    UCHAR *stack = txtest_stack(2048);

    (void)state;
#ifdef TX_ENABLE_STACK_CHECKING
    stack_error_thread = TX_NULL;
    stack_error_calls = 0;
    assert_int_equal(tx_thread_stack_error_notify(stack_error_handler), TX_SUCCESS);
    assert_int_equal(tx_thread_create(&ta, "s", entry_sleep_forever_ish, 0, stack, 2048, 10, 10, 0,
                                      TX_AUTO_START),
                     TX_SUCCESS);
    assert_ptr_equal(ta.tx_thread_stack_highest_ptr, ta.tx_thread_stack_ptr);
    assert_ptr_equal(ta.tx_thread_stack_guard_ptr, stack); /* the host port keeps no guard */
    /* Deeper use (as a real port's thread would leave): the highest mark follows. */
    memset(stack + 1024, 0x11, 64);
    tx_host_ticks_advance(5); /* ta runs and switches out again */
    assert_ptr_equal(ta.tx_thread_stack_highest_ptr, stack + 1024);
    assert_int_equal(stack_error_calls, 0);
    /* Overflow: the lowest word lost its pattern. */
    stack[0] = 0x00;
    tx_host_ticks_advance(5);
    assert_int_equal(stack_error_calls, 1);
    assert_ptr_equal(stack_error_thread, &ta);
    assert_int_equal(stack_error_in_thread, 1);
    assert_int_equal(ta.tx_thread_state, TX_TERMINATED);
    assert_int_equal(tx_thread_reset(&ta), TX_SUCCESS); /* refills the stack */
    assert_int_equal(tx_thread_resume(&ta), TX_SUCCESS);
    tx_host_ticks_advance(5);
    assert_int_equal(stack_error_calls, 1); /* the repaired stack is fine */
    stack[0] = 0x00;
    tx_host_ticks_advance(5);
    assert_int_equal(stack_error_calls, 2);
    assert_int_equal(tx_thread_stack_error_notify(TX_NULL), TX_SUCCESS);
#else
    (void)stack;
    (void)entry_sleep_forever_ish;
    assert_int_equal(tx_thread_stack_error_notify(stack_error_handler), TX_FEATURE_NOT_ENABLED);
#endif
}

/* ---- periodic tick: real preemption --------------------------------------------------------- */

static volatile unsigned long spins[2];
static volatile int spin_stop;

static void entry_spinner(ULONG i)
{
    while (!spin_stop) {
        spins[i]++;
    }
}

static void test_real_tick_preemption(void **state)
{
    ULONG t0;
    ULONG interrupt = 0, slices = 0;
    UINT old;

    (void)state;
    spins[0] = spins[1] = 0;
    spin_stop = 0;
    /* The runner on top; two busy threads of equal priority share the CPU by time slices. */
    assert_int_equal(tx_thread_priority_change(&txtest_runner, 5, &old), TX_SUCCESS);
    assert_int_equal(tx_thread_create(&ta, "spin0", entry_spinner, 0, txtest_stack(2048), 2048, 20,
                                      20, 1, TX_AUTO_START),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_create(&tb, "spin1", entry_spinner, 1, txtest_stack(2048), 2048, 20,
                                      20, 1, TX_AUTO_START),
                     TX_SUCCESS);
    tx_host_tick_config(200);
    t0 = tx_time_get();
    assert_int_equal(tx_thread_sleep(20), TX_SUCCESS); /* busy threads never block: only a tick
                                                          can bring the runner back */
    spin_stop = 1;
    tx_host_tick_config(0);
    assert_true(tx_time_get() >= t0 + 20);
    assert_true(spins[0] > 0);
    assert_true(spins[1] > 0);
    assert_int_equal(tx_thread_performance_info_get(&ta, TX_NULL, TX_NULL, TX_NULL, &interrupt,
                                                    TX_NULL, &slices, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL),
                     TX_SUCCESS);
    assert_true(interrupt >= 1);
    assert_true(slices >= 1);
}

static void test_interrupt_control(void **state)
{
    (void)state;
    assert_int_equal(tx_interrupt_control(TX_INT_DISABLE), TX_INT_ENABLE);
    assert_int_equal(tx_interrupt_control(TX_INT_DISABLE), TX_INT_DISABLE);
    assert_int_equal(tx_interrupt_control(TX_INT_ENABLE), TX_INT_DISABLE);
    assert_int_equal(tx_interrupt_control(TX_INT_ENABLE), TX_INT_ENABLE);
}

static void test_kernel_enter_state(void **state)
{
    (void)state;
    /* tx_kernel_enter handed the port's free memory to tx_application_define, which ran in
     * initialization context; now we are a thread. */
    assert_non_null(txtest_first_unused_memory);
    assert_ptr_equal(txtest_first_unused_memory, _tx_initialize_unused_memory);
    memset(txtest_first_unused_memory, 0x5A, TX_HOST_FREE_MEMORY_SIZE); /* all of it is usable */
    assert_int_equal(_tx_thread_system_state, 0);
    assert_true(TX_IN_THREAD());
    assert_false(TX_IN_INIT());
    assert_ptr_equal(_tx_thread_current_ptr, &txtest_runner);
    assert_ptr_equal(_tx_thread_execute_ptr, &txtest_runner);
}

static void test_trace_not_enabled(void **state)
{
    static ULONG buffer[64];

    (void)state;
    assert_int_equal(tx_trace_enable(buffer, sizeof(buffer), 8), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_event_filter(1), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_event_unfilter(1), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_buffer_full_notify(TX_NULL), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_user_event_insert(4096, 1, 2, 3, 4), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_disable(), TX_FEATURE_NOT_ENABLED);
    tx_trace_isr_enter_insert(1);
    tx_trace_isr_exit_insert(1);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_create_and_info),
        TEST(test_create_errors),
        TEST(test_priority_preemption),
        TEST(test_priority_change),
        TEST(test_preemption_threshold),
        TEST(test_threshold_blocks_runner_peers),
        TEST(test_preemption_change_above_priority),
        TEST(test_time_slicing),
        TEST(test_no_slicing_with_threshold),
        TEST(test_time_slice_change),
        TEST(test_relinquish),
        TEST(test_sleep_exact),
        TEST(test_suspend_resume),
        TEST(test_delayed_suspend),
        TEST(test_self_suspend),
        TEST(test_entry_exit_notify),
        TEST(test_terminate_waiting_threads),
        TEST(test_self_terminate_delete_reset),
        TEST(test_priority_change_while_waiting),
        TEST(test_wait_abort),
        TEST(test_identify),
        TEST(test_performance_info),
        TEST(test_isr_rules),
        TEST(test_stack_checking),
        TEST(test_real_tick_preemption),
        TEST(test_interrupt_control),
        TEST(test_kernel_enter_state),
        TEST(test_trace_not_enabled),
    };
    return cmocka_run_group_tests_name("thread", tests, NULL, NULL);
}
