/*
 * test_init.c - services called from tx_application_define (initialization context): what
 * ThreadX allows there works, waiting and thread-only services are refused, and nothing runs
 * before the scheduler starts.
 */
#include <string.h>

#include "txtest.h"
#include "tx_internal.h"

static TX_THREAD early, early_suspended;
static TX_SEMAPHORE early_sem;
static TX_TIMER early_timer;
static volatile int early_ran;
static int early_ran_during_init;
static ULONG early_timer_expired_at;
static VOID *define_memory;
static ULONG define_state;

struct init_results {
    UINT timer_change;
    UINT create, create_suspended, sem_create, timer_create, sleep, get_wait, get_nowait, put, del,
        terminate, priority, notify, resume, suspend, identify_null, relinquish_ok;
};
static struct init_results r;

static void entry_early(ULONG unused)
{
    (void)unused;
    early_ran++;
}

static void early_timer_fn(ULONG unused)
{
    (void)unused;
    early_timer_expired_at = tx_time_get();
}

VOID txtest_application_define(VOID *first_unused_memory)
{
    static UCHAR stack_a[2048];
    static UCHAR stack_b[2048];
    UINT old;

    memset(&r, 0xFF, sizeof(r));
    define_memory = first_unused_memory;
    define_state = _tx_thread_system_state;
    r.create = tx_thread_create(&early, "early", entry_early, 0, stack_a, sizeof(stack_a), 3, 3, 0,
                                TX_AUTO_START);
    early_ran_during_init = early_ran; /* a priority-3 thread still does not run yet */
    r.create_suspended = tx_thread_create(&early_suspended, "later", entry_early, 0, stack_b,
                                          sizeof(stack_b), 3, 3, 0, TX_DONT_START);
    r.resume = tx_thread_resume(&early_suspended);
    r.suspend = tx_thread_suspend(&early_suspended);
    r.sem_create = tx_semaphore_create(&early_sem, "early", 0);
    r.put = tx_semaphore_put(&early_sem);
    r.get_nowait = tx_semaphore_get(&early_sem, TX_NO_WAIT);
    r.timer_create =
        tx_timer_create(&early_timer, "early", early_timer_fn, 0, 3, 0, TX_AUTO_ACTIVATE);
    r.sleep = tx_thread_sleep(1);
    r.identify_null = (tx_thread_identify() == TX_NULL) ? 1u : 0u;
    tx_thread_relinquish(); /* no-op here */
    r.relinquish_ok = 1;
#ifndef TX_DISABLE_ERROR_CHECKING
    r.get_wait = tx_semaphore_get(&early_sem, 10);
    r.del = tx_semaphore_delete(&early_sem);
    r.terminate = tx_thread_terminate(&early);
    r.priority = tx_thread_priority_change(&early, 4, &old);
    r.notify = tx_thread_entry_exit_notify(&early, TX_NULL);
    r.timer_change = tx_timer_change(&early_timer, 7, 0);
#else
    (void)old;
#endif
}

static void test_init_context(void **state)
{
    (void)state;
    assert_ptr_equal(define_memory, _tx_initialize_unused_memory);
    assert_int_equal(define_state, 0xF0F0F0F0u); /* TX_INITIALIZE_IN_PROGRESS */
    assert_int_equal(r.create, TX_SUCCESS);
    assert_int_equal(early_ran_during_init, 0);
    assert_int_equal(early_ran, 1); /* ran before the runner (priority 16) */
    assert_int_equal(r.create_suspended, TX_SUCCESS);
    assert_int_equal(r.resume, TX_SUCCESS);
    assert_int_equal(r.suspend, TX_SUCCESS);
    assert_int_equal(early_suspended.tx_thread_state, TX_SUSPENDED); /* suspended again */
    assert_int_equal(r.sem_create, TX_SUCCESS);
    assert_int_equal(r.put, TX_SUCCESS);
    assert_int_equal(r.get_nowait, TX_SUCCESS);
    assert_int_equal(r.timer_create, TX_SUCCESS);
    assert_int_equal(r.sleep, TX_CALLER_ERROR);
    assert_int_equal(r.identify_null, 1);
    assert_int_equal(r.relinquish_ok, 1);
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(r.get_wait, TX_WAIT_ERROR);
    assert_int_equal(r.del, TX_CALLER_ERROR);
    assert_int_equal(r.terminate, TX_CALLER_ERROR);
    assert_int_equal(r.priority, TX_CALLER_ERROR);
    assert_int_equal(r.notify, TX_SUCCESS);            /* allowed from initialization */
    assert_int_equal(r.timer_change, TX_CALLER_ERROR); /* threads, timers and ISRs only */
#endif
    /* Time starts at 0 with the scheduler; the timer armed in init expires at tick 3. */
    assert_int_equal(tx_time_get(), 0);
    assert_int_equal(tx_thread_sleep(5), TX_SUCCESS);
    assert_int_equal(early_timer_expired_at, 3);
    /* The early suspended thread runs once resumed by a thread. */
    assert_int_equal(tx_thread_resume(&early_suspended), TX_SUCCESS);
    assert_int_equal(early_ran, 2);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_context),
    };
    return cmocka_run_group_tests_name("init", tests, NULL, NULL);
}
