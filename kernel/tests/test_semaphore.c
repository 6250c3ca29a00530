/*
 * test_semaphore.c - counting semaphores on the host port: counts, FIFO waiters, prioritize,
 * timeouts to the tick, wait abort, delete with waiters, ceiling put, put notify, performance
 * counters, ISR and error rules.
 */
#include <string.h>

#include "txtest.h"
#include "tx_internal.h"

static char trace[64];
static size_t trace_len;

static void mark(char c)
{
    if (trace_len < sizeof(trace) - 1) {
        trace[trace_len++] = c;
        trace[trace_len] = '\0';
    }
}

static TX_SEMAPHORE sem;
static TX_THREAD ta, tb, tc;
static volatile UINT status_of[3];
static volatile ULONG done_at[3];

static int setup(void **state)
{
    (void)state;
    trace_len = 0;
    trace[0] = '\0';
    memset((void *)status_of, 0xFF, sizeof(status_of));
    assert_int_equal(tx_semaphore_create(&sem, "sem", 0), TX_SUCCESS);
    return 0;
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, txtest_teardown)

/* Input: index (0..2) in the low byte, wait option in the rest (0xFFFFFF = forever). */
static void entry_getter(ULONG input)
{
    ULONG index = input & 0xFFu;
    ULONG wait = input >> 8;

    if (wait == 0xFFFFFFu) {
        wait = TX_WAIT_FOREVER;
    }
    status_of[index] = tx_semaphore_get(&sem, wait);
    done_at[index] = tx_time_get();
    mark((char)('a' + index));
}

#define GETTER(i, wait) ((ULONG)(i) | ((ULONG)(wait) << 8))

static void test_counting(void **state)
{
    CHAR *name;
    ULONG count, suspended;
    TX_THREAD *first;
    TX_SEMAPHORE *next;

    (void)state;
    assert_int_equal(tx_semaphore_get(&sem, TX_NO_WAIT), TX_NO_INSTANCE);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(tx_semaphore_info_get(&sem, &name, &count, &first, &suspended, &next),
                     TX_SUCCESS);
    assert_string_equal(name, "sem");
    assert_int_equal(count, 2);
    assert_null(first);
    assert_int_equal(suspended, 0);
    assert_ptr_equal(next, &sem); /* the only semaphore: circular list */
    assert_int_equal(tx_semaphore_get(&sem, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_get(&sem, 5), TX_SUCCESS);
    assert_int_equal(tx_semaphore_get(&sem, TX_NO_WAIT), TX_NO_INSTANCE);
    assert_int_equal(sem.tx_semaphore_count, 0);
}

static void test_fifo_wakeup_and_prioritize(void **state)
{
    TX_THREAD *first;
    ULONG suspended;

    (void)state;
    /* Three waiters, lowest priority first: wake-up order is arrival order, not priority. */
    txtest_thread_create(&ta, "a", entry_getter, GETTER(0, 0xFFFFFF), 12);
    txtest_thread_create(&tb, "b", entry_getter, GETTER(1, 0xFFFFFF), 11);
    txtest_thread_create(&tc, "c", entry_getter, GETTER(2, 0xFFFFFF), 10);
    assert_int_equal(tx_semaphore_info_get(&sem, TX_NULL, TX_NULL, &first, &suspended, TX_NULL),
                     TX_SUCCESS);
    assert_ptr_equal(first, &ta);
    assert_int_equal(suspended, 3);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_string_equal(trace, "a");
    /* Prioritize: c (priority 10) moves ahead of b. */
    assert_int_equal(tx_semaphore_prioritize(&sem), TX_SUCCESS);
    assert_ptr_equal(sem.tx_semaphore_suspension_list, &tc);
    assert_ptr_equal(tc.tx_thread_suspended_next, &tb);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_string_equal(trace, "acb");
    assert_int_equal(status_of[0], TX_SUCCESS);
    assert_int_equal(status_of[1], TX_SUCCESS);
    assert_int_equal(status_of[2], TX_SUCCESS);
    assert_int_equal(sem.tx_semaphore_count, 0); /* each put went to a waiter */
    assert_int_equal(sem.tx_semaphore_suspended_count, 0);
}

static void test_timeout_exact(void **state)
{
    ULONG t0 = tx_time_get();
    ULONG timeouts = 0, suspensions = 0;

    (void)state;
    txtest_thread_create(&ta, "a", entry_getter, GETTER(0, 7), 10);
    tx_host_ticks_advance(6);
    assert_int_equal(status_of[0], 0xFFFFFFFFu); /* still waiting after 6 ticks */
    tx_host_ticks_advance(1);
    assert_int_equal(status_of[0], TX_NO_INSTANCE);
    assert_int_equal(done_at[0], t0 + 7);
    assert_int_equal(sem.tx_semaphore_suspended_count, 0);
    assert_int_equal(
        tx_semaphore_performance_info_get(&sem, TX_NULL, TX_NULL, &suspensions, &timeouts),
        TX_SUCCESS);
    assert_int_equal(suspensions, 1);
    assert_int_equal(timeouts, 1);
    /* The runner's own timed wait, with nobody else: the idle loop jumps to the timeout. */
    assert_int_equal(tx_semaphore_get(&sem, 25), TX_NO_INSTANCE);
    assert_int_equal(tx_time_get(), t0 + 7 + 25);
}

static void test_put_before_timeout(void **state)
{
    (void)state;
    txtest_thread_create(&ta, "a", entry_getter, GETTER(0, 10), 10);
    tx_host_ticks_advance(4);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(status_of[0], TX_SUCCESS);
    /* Its timeout is cancelled: nothing happens at tick 10. */
    assert_null(ta.tx_thread_timer.tx_timer_internal_list_head);
    tx_host_ticks_advance(10);
    assert_string_equal(trace, "a");
}

static void test_wait_abort(void **state)
{
    (void)state;
    txtest_thread_create(&ta, "a", entry_getter, GETTER(0, 0xFFFFFF), 10);
    txtest_thread_create(&tb, "b", entry_getter, GETTER(1, 0xFFFFFF), 10);
    assert_int_equal(tx_thread_wait_abort(&ta), TX_SUCCESS);
    assert_int_equal(status_of[0], TX_WAIT_ABORTED);
    assert_int_equal(sem.tx_semaphore_suspended_count, 1);
    assert_ptr_equal(sem.tx_semaphore_suspension_list, &tb);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(status_of[1], TX_SUCCESS);
    assert_string_equal(trace, "ab");
}

static void test_delete_with_waiters(void **state)
{
    (void)state;
    txtest_thread_create(&ta, "a", entry_getter, GETTER(0, 0xFFFFFF), 20);
    txtest_thread_create(&tb, "b", entry_getter, GETTER(1, 30), 10);
    assert_int_equal(tx_thread_sleep(1), TX_SUCCESS); /* let a (priority 20) block too */
    assert_int_equal(sem.tx_semaphore_suspended_count, 2);
    assert_int_equal(tx_semaphore_delete(&sem), TX_SUCCESS);
    /* b (higher than the runner) ran at once; a runs when the runner waits. */
    assert_int_equal(status_of[1], TX_DELETED);
    assert_int_equal(tx_thread_sleep(1), TX_SUCCESS);
    assert_int_equal(status_of[0], TX_DELETED);
    assert_string_equal(trace, "ba");
    assert_int_equal(sem.tx_semaphore_id, 0u);
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(tx_semaphore_get(&sem, TX_NO_WAIT), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_put(&sem), TX_SEMAPHORE_ERROR);
#endif
    /* Re-create for the teardown's bookkeeping. */
    assert_int_equal(tx_semaphore_create(&sem, "sem", 0), TX_SUCCESS);
}

static void test_ceiling_put(void **state)
{
    (void)state;
    assert_int_equal(tx_semaphore_ceiling_put(&sem, 2), TX_SUCCESS);
    assert_int_equal(tx_semaphore_ceiling_put(&sem, 2), TX_SUCCESS);
    assert_int_equal(tx_semaphore_ceiling_put(&sem, 2), TX_CEILING_EXCEEDED);
    assert_int_equal(sem.tx_semaphore_count, 2);
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(tx_semaphore_ceiling_put(&sem, 0), TX_INVALID_CEILING);
#endif
    /* With a waiter the instance goes to it whatever the count. */
    assert_int_equal(tx_semaphore_get(&sem, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_get(&sem, TX_NO_WAIT), TX_SUCCESS);
    txtest_thread_create(&ta, "a", entry_getter, GETTER(0, 0xFFFFFF), 10);
    assert_int_equal(tx_semaphore_ceiling_put(&sem, 1), TX_SUCCESS);
    assert_int_equal(status_of[0], TX_SUCCESS);
    assert_int_equal(sem.tx_semaphore_count, 0);
}

static int notified;
static TX_SEMAPHORE *notified_sem;

static void put_notify(TX_SEMAPHORE *s)
{
    notified++;
    notified_sem = s;
}

static void test_put_notify(void **state)
{
    (void)state;
    notified = 0;
    assert_int_equal(tx_semaphore_put_notify(&sem, put_notify), TX_SUCCESS);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(tx_semaphore_ceiling_put(&sem, 5), TX_SUCCESS);
    assert_int_equal(notified, 2);
    assert_ptr_equal(notified_sem, &sem);
    assert_int_equal(tx_semaphore_ceiling_put(&sem, 2), TX_CEILING_EXCEEDED);
    assert_int_equal(notified, 2); /* no put, no notify */
    assert_int_equal(tx_semaphore_put_notify(&sem, TX_NULL), TX_SUCCESS);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(notified, 2);
}

static void test_performance(void **state)
{
    ULONG puts, gets, suspensions, timeouts;
    ULONG sys_puts0, sys_gets0, sys_puts1, sys_gets1;

    (void)state;
    assert_int_equal(
        tx_semaphore_performance_system_info_get(&sys_puts0, &sys_gets0, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(tx_semaphore_get(&sem, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_performance_info_get(&sem, &puts, &gets, &suspensions, &timeouts),
                     TX_SUCCESS);
    assert_int_equal(puts, 3);
    assert_int_equal(gets, 1);
    assert_int_equal(suspensions, 0);
    assert_int_equal(timeouts, 0);
    assert_int_equal(
        tx_semaphore_performance_system_info_get(&sys_puts1, &sys_gets1, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(sys_puts1 - sys_puts0, 3);
    assert_int_equal(sys_gets1 - sys_gets0, 1);
    assert_int_equal(tx_semaphore_performance_info_get(TX_NULL, &puts, TX_NULL, TX_NULL, TX_NULL),
                     TX_PTR_ERROR);
}

struct isr_results {
    UINT get_nowait, get_wait, put, del, create, notify, prioritize, info;
};
static struct isr_results isr_r;
#ifndef TX_DISABLE_ERROR_CHECKING
static TX_SEMAPHORE isr_sem;
#endif

static void isr_semaphore(VOID *arg)
{
    (void)arg;
    isr_r.get_nowait = tx_semaphore_get(&sem, TX_NO_WAIT);
    isr_r.put = tx_semaphore_put(&sem); /* wakes ta (priority 10) at ISR exit */
    isr_r.prioritize = tx_semaphore_prioritize(&sem);
    isr_r.info = tx_semaphore_info_get(&sem, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL);
#ifndef TX_DISABLE_ERROR_CHECKING
    isr_r.get_wait = tx_semaphore_get(&sem, 5);
    isr_r.del = tx_semaphore_delete(&sem);
    isr_r.create = tx_semaphore_create(&isr_sem, "isr", 0);
#endif
    isr_r.notify = tx_semaphore_put_notify(&sem, TX_NULL); /* allowed from ISRs (ThreadX) */
    mark('I');
}

static void test_isr_rules(void **state)
{
    (void)state;
    memset(&isr_r, 0xFF, sizeof(isr_r));
    txtest_thread_create(&ta, "a", entry_getter, GETTER(0, 0xFFFFFF), 10);
    tx_host_isr_run(isr_semaphore, TX_NULL);
    mark('R');
    assert_string_equal(trace, "IaR");
    assert_int_equal(isr_r.get_nowait, TX_NO_INSTANCE);
    assert_int_equal(isr_r.put, TX_SUCCESS);
    assert_int_equal(isr_r.prioritize, TX_SUCCESS);
    assert_int_equal(isr_r.info, TX_SUCCESS);
    /* ThreadX: tx_semaphore_put_notify is allowed from ISRs and has no TX_CALLER_ERROR. */
    assert_int_equal(isr_r.notify, TX_SUCCESS);
    assert_int_equal(status_of[0], TX_SUCCESS);
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(isr_r.get_wait, TX_WAIT_ERROR);
    assert_int_equal(isr_r.del, TX_CALLER_ERROR);
    assert_int_equal(isr_r.create, TX_CALLER_ERROR);
    assert_int_equal(sem.tx_semaphore_id, TX_SEMAPHORE_ID);
#endif
}

static void test_errors(void **state)
{
    (void)state;
#ifndef TX_DISABLE_ERROR_CHECKING
    TX_SEMAPHORE bogus;

    memset(&bogus, 0, sizeof(bogus));
    assert_int_equal(tx_semaphore_create(TX_NULL, "x", 0), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_create(&sem, "again", 0), TX_SEMAPHORE_ERROR);
    assert_int_equal(_txe_semaphore_create(&bogus, "x", 0, sizeof(TX_SEMAPHORE) + 1),
                     TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_get(TX_NULL, TX_NO_WAIT), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_get(&bogus, TX_NO_WAIT), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_put(&bogus), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_delete(&bogus), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_prioritize(&bogus), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_ceiling_put(&bogus, 1), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_put_notify(&bogus, TX_NULL), TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_info_get(&bogus, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SEMAPHORE_ERROR);
    assert_int_equal(tx_semaphore_performance_info_get(&bogus, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_PTR_ERROR);
    /* The kernel still works after all that. */
    assert_int_equal(tx_semaphore_put(&sem), TX_SUCCESS);
    assert_int_equal(tx_semaphore_get(&sem, TX_NO_WAIT), TX_SUCCESS);
#else
    assert_int_equal(tx_semaphore_performance_info_get(TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_PTR_ERROR);
#endif
}

static void test_created_list(void **state)
{
    static TX_SEMAPHORE s2, s3;
    TX_SEMAPHORE *next;
    ULONG before = _tx_semaphore_created_count;

    (void)state;
    assert_int_equal(tx_semaphore_create(&s2, "s2", 1), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&s3, "s3", 2), TX_SUCCESS);
    assert_int_equal(_tx_semaphore_created_count, before + 2);
    assert_int_equal(tx_semaphore_info_get(&sem, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
                     TX_SUCCESS);
    assert_ptr_equal(next, &s2);
    assert_int_equal(tx_semaphore_info_get(&s3, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
                     TX_SUCCESS);
    assert_ptr_equal(next, &sem);
    assert_int_equal(tx_semaphore_delete(&s2), TX_SUCCESS);
    assert_int_equal(tx_semaphore_info_get(&sem, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
                     TX_SUCCESS);
    assert_ptr_equal(next, &s3);
    assert_int_equal(_tx_semaphore_created_count, before + 1);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_counting),      TEST(test_fifo_wakeup_and_prioritize),
        TEST(test_timeout_exact), TEST(test_put_before_timeout),
        TEST(test_wait_abort),    TEST(test_delete_with_waiters),
        TEST(test_ceiling_put),   TEST(test_put_notify),
        TEST(test_performance),   TEST(test_isr_rules),
        TEST(test_errors),        TEST(test_created_list),
    };
    return cmocka_run_group_tests_name("semaphore", tests, NULL, NULL);
}
