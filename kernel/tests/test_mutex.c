/*
 * test_mutex.c - mutexes: ownership and recursion, TX_NOT_OWNED, priority inversion with and
 * without inheritance (run order of low/medium/high), restoring the owner's priority across
 * several owned mutexes released in either order, inheritance chains, timeouts and wait abort
 * undoing a boost, release on terminate/delete/completion of the owner, delete with waiters,
 * FIFO vs prioritize, ISR rules, the timer context as an owner (ThreadX's system timer thread)
 * and counters. Error paths call the _txe_ checks directly.
 *
 * Most tests raise the runner to priority 0, create the actors, and let them run by sleeping
 * (time is virtual: with everybody blocked the port jumps to the next timeout).
 */
#include <string.h>

#include "txtest.h"
#include "tx_internal.h"

#define ACTORS  4
#define LOG_MAX 32

static TX_MUTEX mutex_a;
static TX_MUTEX mutex_b;
static TX_SEMAPHORE go;
static TX_SEMAPHORE go2;
static TX_THREAD actor[ACTORS];

static struct {
    UINT status[ACTORS];
    UINT done[ACTORS];
    UINT priority_seen[ACTORS][4];
    char log[LOG_MAX][12];
    UINT log_len;
    ULONG wait;
    UINT put_a_first;
} seen;

static void log_event(const char *what)
{
    if (seen.log_len < LOG_MAX) {
        strncpy(seen.log[seen.log_len], what, sizeof(seen.log[0]) - 1);
        seen.log_len++;
    }
}

static void assert_log(const char *const *expect, UINT n)
{
    UINT i;

    assert_int_equal(seen.log_len, n);
    for (i = 0; i < n; i++) {
        assert_string_equal(seen.log[i], expect[i]);
    }
}

static void runner_top(void)
{
    UINT old;

    assert_int_equal(tx_thread_priority_change(&txtest_runner, 0, &old), TX_SUCCESS);
}

static int teardown(void **state)
{
    int result = txtest_teardown(state);

    if (mutex_a.tx_mutex_id == TX_MUTEX_ID) {
        assert_int_equal(tx_mutex_delete(&mutex_a), TX_SUCCESS);
    }
    if (mutex_b.tx_mutex_id == TX_MUTEX_ID) {
        assert_int_equal(tx_mutex_delete(&mutex_b), TX_SUCCESS);
    }
    memset(&seen, 0, sizeof(seen));
    return result;
}

static void test_create_errors(void **state)
{
    (void)state;
    assert_int_equal(_txe_mutex_create(TX_NULL, "m", TX_NO_INHERIT, sizeof(TX_MUTEX)),
                     TX_MUTEX_ERROR);
    assert_int_equal(_txe_mutex_create(&mutex_a, "m", TX_NO_INHERIT, sizeof(TX_MUTEX) + 1),
                     TX_MUTEX_ERROR);
    assert_int_equal(_txe_mutex_create(&mutex_a, "m", 2, sizeof(TX_MUTEX)), TX_INHERIT_ERROR);
    assert_int_equal(_txe_mutex_create(&mutex_a, "m", TX_INHERIT, sizeof(TX_MUTEX)), TX_SUCCESS);
    assert_int_equal(_txe_mutex_create(&mutex_a, "m", TX_INHERIT, sizeof(TX_MUTEX)),
                     TX_MUTEX_ERROR);
    assert_int_equal(tx_mutex_delete(&mutex_a), TX_SUCCESS);
    assert_int_equal(mutex_a.tx_mutex_id, 0);

    assert_int_equal(_txe_mutex_get(&mutex_a, TX_NO_WAIT), TX_MUTEX_ERROR);
    assert_int_equal(_txe_mutex_put(&mutex_a), TX_MUTEX_ERROR);
    assert_int_equal(_txe_mutex_delete(&mutex_a), TX_MUTEX_ERROR);
    assert_int_equal(_txe_mutex_prioritize(&mutex_a), TX_MUTEX_ERROR);
    assert_int_equal(
        _txe_mutex_info_get(&mutex_a, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_MUTEX_ERROR);
    assert_int_equal(_txe_mutex_get(TX_NULL, TX_NO_WAIT), TX_MUTEX_ERROR);
    assert_int_equal(tx_mutex_performance_info_get(&mutex_a, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                   TX_NULL, TX_NULL),
                     TX_PTR_ERROR);
}

static VOID put_foreign_entry(ULONG index)
{
    seen.status[index] = tx_mutex_put(&mutex_a);
    seen.priority_seen[index][0] = tx_mutex_get(&mutex_a, TX_NO_WAIT);
    seen.done[index]++;
}

static void test_recursive_ownership(void **state)
{
    ULONG count;
    TX_THREAD *owner;
    CHAR *name;
    ULONG puts, gets;

    (void)state;
    assert_int_equal(tx_mutex_create(&mutex_a, "rec", TX_NO_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_put(&mutex_a), TX_NOT_OWNED);
    assert_int_equal(tx_mutex_get(&mutex_a, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_get(&mutex_a, TX_WAIT_FOREVER), TX_SUCCESS);
    assert_int_equal(tx_mutex_get(&mutex_a, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_info_get(&mutex_a, &name, &count, &owner, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_string_equal(name, "rec");
    assert_int_equal(count, 3);
    assert_ptr_equal(owner, &txtest_runner);
    assert_int_equal(txtest_runner.tx_thread_owned_mutex_count, 1);

    /* Another thread can neither put nor take it. */
    txtest_thread_create(&actor[0], "foreign", put_foreign_entry, 0, 10);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.status[0], TX_NOT_OWNED);
    assert_int_equal(seen.priority_seen[0][0], TX_NOT_AVAILABLE);

    assert_int_equal(tx_mutex_put(&mutex_a), TX_SUCCESS);
    assert_int_equal(tx_mutex_put(&mutex_a), TX_SUCCESS);
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, &count, &owner, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(count, 1);
    assert_int_equal(tx_mutex_put(&mutex_a), TX_SUCCESS);
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, &count, &owner, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(count, 0);
    assert_null(owner);
    assert_int_equal(txtest_runner.tx_thread_owned_mutex_count, 0);
    assert_int_equal(tx_mutex_put(&mutex_a), TX_NOT_OWNED);

    assert_int_equal(
        tx_mutex_performance_info_get(&mutex_a, &puts, &gets, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(gets, 3);
    assert_int_equal(puts, 3);
}

/* ---- Priority inversion: low (20) holds, high (10) blocks, medium (15) is ready ---------------
 */

static VOID low_entry(ULONG index)
{
    seen.status[index] = tx_mutex_get(&mutex_a, TX_NO_WAIT);
    log_event("L:got");
    tx_semaphore_get(&go, TX_WAIT_FOREVER);
    log_event("L:put");
    tx_mutex_put(&mutex_a);
    seen.priority_seen[index][0] = actor[index].tx_thread_priority;
    log_event("L:end");
}

static VOID high_entry(ULONG index)
{
    seen.status[index] = tx_mutex_get(&mutex_a, seen.wait);
    log_event("H:got");
    if (seen.status[index] == TX_SUCCESS) {
        tx_mutex_put(&mutex_a);
    }
    seen.done[index]++;
}

static VOID medium_entry(ULONG index)
{
    (void)index;
    log_event("M:run");
}

static void inversion_scenario(UINT inherit)
{
    ULONG inversions, inheritances;

    runner_top();
    assert_int_equal(tx_mutex_create(&mutex_a, "inv", inherit), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&go, "go", 0), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&actor[0], "low", low_entry, 0, 20);
    tx_thread_sleep(1); /* low takes the mutex and waits for `go` */
    txtest_thread_create(&actor[2], "high", high_entry, 2, 10);
    tx_thread_sleep(1); /* high blocks on the mutex */
    assert_int_equal(actor[2].tx_thread_state, TX_MUTEX_SUSP);
    if (inherit == TX_INHERIT) {
        assert_int_equal(actor[0].tx_thread_priority, 10);
        assert_int_equal(actor[0].tx_thread_inherit_priority, 10);
    } else {
        assert_int_equal(actor[0].tx_thread_priority, 20);
    }
    assert_int_equal(actor[0].tx_thread_user_priority, 20);

    /* Now medium becomes ready and low is released from `go` at the same time. */
    txtest_thread_create(&actor[1], "medium", medium_entry, 1, 15);
    assert_int_equal(tx_semaphore_put(&go), TX_SUCCESS);
    tx_thread_sleep(1);

    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_int_equal(seen.status[2], TX_SUCCESS);
    assert_int_equal(seen.priority_seen[0][0], 20); /* back to its own priority after the put */
    assert_int_equal(actor[0].tx_thread_inherit_priority, TX_MAX_PRIORITIES);
    if (inherit == TX_INHERIT) {
        /* Boosted low runs before medium, high gets the mutex at once. */
        static const char *const order[] = {"L:got", "L:put", "H:got", "M:run", "L:end"};
        assert_log(order, 5);
    } else {
        /* Medium runs first although high waits: the inversion inheritance prevents. */
        static const char *const order[] = {"L:got", "M:run", "L:put", "H:got", "L:end"};
        assert_log(order, 5);
    }
    assert_int_equal(tx_mutex_performance_info_get(&mutex_a, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                   &inversions, &inheritances),
                     TX_SUCCESS);
    assert_int_equal(inversions, 1);
    assert_int_equal(inheritances, inherit == TX_INHERIT ? 1 : 0);
}

static void test_inversion_without_inheritance(void **state)
{
    (void)state;
    inversion_scenario(TX_NO_INHERIT);
}

static void test_inversion_with_inheritance(void **state)
{
    (void)state;
    inversion_scenario(TX_INHERIT);
}

/* ---- Two owned mutexes: the owner's priority follows what is still waited for -------------- */

static VOID owner_of_two_entry(ULONG index)
{
    tx_mutex_get(&mutex_a, TX_NO_WAIT);
    tx_mutex_get(&mutex_b, TX_NO_WAIT);
    tx_semaphore_get(&go, TX_WAIT_FOREVER);
    tx_mutex_put(seen.put_a_first ? &mutex_a : &mutex_b);
    seen.priority_seen[index][0] = actor[index].tx_thread_priority;
    tx_semaphore_get(&go2, TX_WAIT_FOREVER);
    tx_mutex_put(seen.put_a_first ? &mutex_b : &mutex_a);
    seen.priority_seen[index][1] = actor[index].tx_thread_priority;
    seen.done[index]++;
}

static VOID waiter_a_entry(ULONG index)
{
    seen.status[index] = tx_mutex_get(&mutex_a, TX_WAIT_FOREVER);
    seen.done[index]++;
    tx_mutex_put(&mutex_a);
}

static VOID waiter_b_entry(ULONG index)
{
    seen.status[index] = tx_mutex_get(&mutex_b, TX_WAIT_FOREVER);
    seen.done[index]++;
    tx_mutex_put(&mutex_b);
}

static void two_mutex_scenario(UINT put_a_first)
{
    runner_top();
    seen.put_a_first = put_a_first;
    assert_int_equal(tx_mutex_create(&mutex_a, "a", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_create(&mutex_b, "b", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&go, "go", 0), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&go2, "go2", 0), TX_SUCCESS);
    txtest_thread_create(&actor[0], "owner", owner_of_two_entry, 0, 20);
    tx_thread_sleep(1);
    assert_int_equal(actor[0].tx_thread_owned_mutex_count, 2);
    txtest_thread_create(&actor[1], "wait a", waiter_a_entry, 1, 10);
    txtest_thread_create(&actor[2], "wait b", waiter_b_entry, 2, 12);
    tx_thread_sleep(1);
    assert_int_equal(actor[0].tx_thread_priority, 10);

    assert_int_equal(tx_semaphore_put(&go), TX_SUCCESS);
    tx_thread_sleep(1);
    if (put_a_first) {
        assert_int_equal(seen.done[1], 1);
        assert_int_equal(seen.priority_seen[0][0], 12); /* b's waiter still counts */
    } else {
        assert_int_equal(seen.done[2], 1);
        assert_int_equal(seen.priority_seen[0][0], 10); /* a's waiter still counts */
    }
    assert_int_equal(actor[0].tx_thread_owned_mutex_count, 1);

    assert_int_equal(tx_semaphore_put(&go2), TX_SUCCESS);
    tx_thread_sleep(1);
    assert_int_equal(seen.priority_seen[0][1], 20);
    assert_int_equal(seen.done[0] + seen.done[1] + seen.done[2], 3);
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_int_equal(seen.status[2], TX_SUCCESS);
    assert_int_equal(actor[0].tx_thread_owned_mutex_count, 0);
}

static void test_restore_priority_put_a_first(void **state)
{
    (void)state;
    two_mutex_scenario(TX_TRUE);
}

static void test_restore_priority_put_b_first(void **state)
{
    (void)state;
    two_mutex_scenario(TX_FALSE);
}

/* ---- Chain: T3 (10) waits for B owned by T2 (18), which waits for A owned by T1 (20) -------- */

static VOID chain_t1_entry(ULONG index)
{
    tx_mutex_get(&mutex_a, TX_NO_WAIT);
    tx_semaphore_get(&go, TX_WAIT_FOREVER);
    tx_mutex_put(&mutex_a);
    seen.priority_seen[index][0] = actor[index].tx_thread_priority;
    seen.done[index]++;
}

static VOID chain_t2_entry(ULONG index)
{
    tx_mutex_get(&mutex_b, TX_NO_WAIT);
    seen.status[index] = tx_mutex_get(&mutex_a, TX_WAIT_FOREVER);
    seen.priority_seen[index][0] = actor[index].tx_thread_priority;
    tx_mutex_put(&mutex_a);
    tx_mutex_put(&mutex_b);
    seen.priority_seen[index][1] = actor[index].tx_thread_priority;
    seen.done[index]++;
}

static void test_inheritance_chain(void **state)
{
    (void)state;
    runner_top();
    assert_int_equal(tx_mutex_create(&mutex_a, "a", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_create(&mutex_b, "b", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&go, "go", 0), TX_SUCCESS);
    txtest_thread_create(&actor[0], "t1", chain_t1_entry, 0, 20);
    tx_thread_sleep(1);
    txtest_thread_create(&actor[1], "t2", chain_t2_entry, 1, 18);
    tx_thread_sleep(1);
    assert_int_equal(actor[0].tx_thread_priority, 18);
    txtest_thread_create(&actor[2], "t3", waiter_b_entry, 2, 10);
    tx_thread_sleep(1);
    /* The boost went through T2 to T1. */
    assert_int_equal(actor[1].tx_thread_priority, 10);
    assert_int_equal(actor[0].tx_thread_priority, 10);

    assert_int_equal(tx_semaphore_put(&go), TX_SUCCESS);
    tx_thread_sleep(1);
    assert_int_equal(seen.priority_seen[0][0], 20);
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_int_equal(seen.priority_seen[1][0], 10); /* still holds B that T3 wants */
    assert_int_equal(seen.priority_seen[1][1], 18);
    assert_int_equal(seen.status[2], TX_SUCCESS);
    assert_int_equal(seen.done[0] + seen.done[1] + seen.done[2], 3);
}

/* ---- A waiter leaving (timeout, abort) takes its boost with it ------------------------------ */

static VOID hold_entry(ULONG index)
{
    seen.status[index] = tx_mutex_get(&mutex_a, TX_NO_WAIT);
    tx_semaphore_get(&go, TX_WAIT_FOREVER);
    seen.done[index]++;
}

static void test_timeout_undoes_boost(void **state)
{
    ULONG timeouts;
    ULONG start;

    (void)state;
    runner_top();
    assert_int_equal(tx_mutex_create(&mutex_a, "t", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&go, "go", 0), TX_SUCCESS);
    txtest_thread_create(&actor[0], "holder", hold_entry, 0, 20);
    tx_thread_sleep(1);
    seen.wait = 5;
    start = tx_time_get();
    txtest_thread_create(&actor[1], "high", high_entry, 1, 10);
    tx_thread_sleep(1);
    assert_int_equal(actor[0].tx_thread_priority, 10);
    tx_thread_sleep(3);
    assert_int_equal(seen.done[1], 0);
    tx_thread_sleep(2);
    assert_int_equal(seen.done[1], 1);
    assert_int_equal(seen.status[1], TX_NOT_AVAILABLE);
    assert_int_equal(actor[0].tx_thread_priority, 20);
    assert_int_equal(actor[0].tx_thread_inherit_priority, TX_MAX_PRIORITIES);
    assert_true(tx_time_get() - start >= 5);
    assert_int_equal(tx_mutex_performance_info_get(&mutex_a, TX_NULL, TX_NULL, TX_NULL, &timeouts,
                                                   TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(timeouts, 1);

    /* Same with a wait abort. */
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&actor[2], "high2", high_entry, 2, 12);
    tx_thread_sleep(1);
    assert_int_equal(actor[0].tx_thread_priority, 12);
    assert_int_equal(tx_thread_wait_abort(&actor[2]), TX_SUCCESS);
    tx_thread_sleep(1);
    assert_int_equal(seen.status[2], TX_WAIT_ABORTED);
    assert_int_equal(actor[0].tx_thread_priority, 20);
    assert_int_equal(mutex_a.tx_mutex_suspended_count, 0);
}

/* A user priority change of a boosted owner takes effect once the boost ends. */
static void test_priority_change_while_boosted(void **state)
{
    UINT old;

    (void)state;
    runner_top();
    assert_int_equal(tx_mutex_create(&mutex_a, "pc", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&go, "go", 0), TX_SUCCESS);
    txtest_thread_create(&actor[0], "holder", low_entry, 0, 20);
    tx_thread_sleep(1);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&actor[1], "high", high_entry, 1, 10);
    tx_thread_sleep(1);
    assert_int_equal(actor[0].tx_thread_priority, 10);
    assert_int_equal(tx_thread_priority_change(&actor[0], 25, &old), TX_SUCCESS);
    assert_int_equal(old, 20);
    assert_int_equal(actor[0].tx_thread_priority, 10); /* still boosted */
    assert_int_equal(tx_semaphore_put(&go), TX_SUCCESS);
    tx_thread_sleep(1);
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_int_equal(seen.priority_seen[0][0], 25);
}

/* ---- The owner goes away: terminate, delete, completion ------------------------------------ */

static VOID complete_holding_entry(ULONG index)
{
    seen.status[index] = tx_mutex_get(&mutex_a, TX_NO_WAIT);
    tx_mutex_get(&mutex_a, TX_NO_WAIT); /* count 2: release must not care */
    seen.done[index]++;
}

static void test_owner_terminated_deleted_completed(void **state)
{
    ULONG count;
    TX_THREAD *owner;

    (void)state;
    runner_top();
    assert_int_equal(tx_mutex_create(&mutex_a, "gone", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&go, "go", 0), TX_SUCCESS);

    /* Terminate: the waiter inherits the mutex. */
    txtest_thread_create(&actor[0], "holder", hold_entry, 0, 20);
    tx_thread_sleep(1);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&actor[1], "waiter", waiter_a_entry, 1, 10);
    tx_thread_sleep(1);
    assert_int_equal(actor[0].tx_thread_priority, 10);
    assert_int_equal(tx_thread_terminate(&actor[0]), TX_SUCCESS);
    tx_thread_sleep(1);
    assert_int_equal(seen.done[1], 1);
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_int_equal(actor[0].tx_thread_owned_mutex_count, 0);
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, &count, &owner, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(count, 0); /* the waiter put it back */
    assert_int_equal(tx_thread_delete(&actor[0]), TX_SUCCESS);
    assert_int_equal(tx_thread_delete(&actor[1]), TX_SUCCESS);

    /* Completion (entry returns) with the mutex taken twice. */
    txtest_thread_create(&actor[2], "completes", complete_holding_entry, 2, 10);
    tx_thread_sleep(1);
    assert_int_equal(seen.done[2], 1);
    assert_int_equal(actor[2].tx_thread_state, TX_COMPLETED);
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, &count, &owner, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(count, 0);
    assert_null(owner);
    assert_int_equal(tx_thread_delete(&actor[2]), TX_SUCCESS);

    /* Deleting a terminated owner leaves the mutex free (already released on terminate). */
    txtest_thread_create(&actor[3], "holder2", hold_entry, 3, 20);
    tx_thread_sleep(1);
    assert_int_equal(tx_thread_terminate(&actor[3]), TX_SUCCESS);
    assert_int_equal(tx_thread_delete(&actor[3]), TX_SUCCESS);
    assert_int_equal(tx_mutex_get(&mutex_a, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_put(&mutex_a), TX_SUCCESS);
}

/* ---- Delete with waiters, FIFO vs prioritize ------------------------------------------------ */

static void test_delete_with_waiters(void **state)
{
    (void)state;
    runner_top();
    assert_int_equal(tx_mutex_create(&mutex_a, "del", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&go, "go", 0), TX_SUCCESS);
    txtest_thread_create(&actor[0], "holder", hold_entry, 0, 20);
    tx_thread_sleep(1);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&actor[1], "w1", high_entry, 1, 10);
    txtest_thread_create(&actor[2], "w2", high_entry, 2, 11);
    tx_thread_sleep(1);
    assert_int_equal(mutex_a.tx_mutex_suspended_count, 2);
    assert_int_equal(actor[0].tx_thread_priority, 10);
    assert_int_equal(tx_mutex_delete(&mutex_a), TX_SUCCESS);
    tx_thread_sleep(1);
    assert_int_equal(seen.status[1], TX_DELETED);
    assert_int_equal(seen.status[2], TX_DELETED);
    assert_int_equal(actor[0].tx_thread_priority, 20);
    assert_int_equal(actor[0].tx_thread_owned_mutex_count, 0);
    assert_int_equal(_txe_mutex_put(&mutex_a), TX_MUTEX_ERROR);
}

static VOID ordered_waiter_entry(ULONG index)
{
    seen.status[index] = tx_mutex_get(&mutex_a, TX_WAIT_FOREVER);
    seen.priority_seen[0][seen.done[0]++] = (UINT)index;
    tx_mutex_put(&mutex_a);
}

static void waiters_order_scenario(UINT inherit, UINT prioritize, const UINT *expect)
{
    TX_THREAD *first;
    UINT i;

    assert_int_equal(tx_mutex_create(&mutex_a, "order", inherit), TX_SUCCESS);
    assert_int_equal(tx_mutex_get(&mutex_a, TX_NO_WAIT), TX_SUCCESS);
    /* Arrival order: 1 (prio 12), 3 (prio 10), 2 (prio 8); each one above the runner even when
     * inheritance has boosted it to the previous arrival's priority. */
    txtest_thread_create(&actor[1], "w12", ordered_waiter_entry, 1, 12);
    txtest_thread_create(&actor[3], "w10", ordered_waiter_entry, 3, 10);
    txtest_thread_create(&actor[2], "w8", ordered_waiter_entry, 2, 8);
    assert_int_equal(mutex_a.tx_mutex_suspended_count, 3);
    if (prioritize) {
        assert_int_equal(tx_mutex_prioritize(&mutex_a), TX_SUCCESS);
        assert_int_equal(
            tx_mutex_info_get(&mutex_a, TX_NULL, TX_NULL, TX_NULL, &first, TX_NULL, TX_NULL),
            TX_SUCCESS);
        assert_ptr_equal(first, &actor[2]);
    }
    assert_int_equal(tx_mutex_put(&mutex_a), TX_SUCCESS);
    assert_int_equal(seen.done[0], 3);
    for (i = 0; i < 3; i++) {
        assert_int_equal(seen.priority_seen[0][i], expect[i]);
        assert_int_equal(seen.status[i + 1], TX_SUCCESS);
    }
}

static void test_waiters_fifo(void **state)
{
    static const UINT expect[] = {1, 3, 2};

    (void)state;
    waiters_order_scenario(TX_NO_INHERIT, TX_FALSE, expect);
}

static void test_waiters_prioritize(void **state)
{
    /* After prioritize 2 is first; the others keep their order. Each put by a waiter is a
     * non-inherit FIFO hand-over. */
    static const UINT expect[] = {2, 1, 3};

    (void)state;
    waiters_order_scenario(TX_NO_INHERIT, TX_TRUE, expect);
}

static void test_waiters_inherit_by_priority(void **state)
{
    /* An inherit mutex goes to the most important waiter. */
    static const UINT expect[] = {2, 3, 1};

    (void)state;
    waiters_order_scenario(TX_INHERIT, TX_FALSE, expect);
}

/* ---- ISR rules ------------------------------------------------------------------------------ */

static struct {
    UINT get, get_wait, put, create, delete_, info, prioritize;
} isr;

static VOID mutex_isr(VOID *arg)
{
    (void)arg;
    isr.get = _txe_mutex_get(&mutex_a, TX_NO_WAIT);
    isr.get_wait = _txe_mutex_get(&mutex_a, 10);
    isr.put = _txe_mutex_put(&mutex_a);
    isr.create = _txe_mutex_create(&mutex_b, "isr", TX_NO_INHERIT, sizeof(TX_MUTEX));
    isr.delete_ = _txe_mutex_delete(&mutex_a);
    isr.info = tx_mutex_info_get(&mutex_a, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL);
    isr.prioritize = tx_mutex_prioritize(&mutex_a);
}

static void test_isr_rules(void **state)
{
    ULONG count;

    (void)state;
    assert_int_equal(tx_mutex_create(&mutex_a, "isr", TX_NO_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_get(&mutex_a, TX_NO_WAIT), TX_SUCCESS);
    tx_host_isr_run(mutex_isr, TX_NULL);
    assert_int_equal(isr.get, TX_CALLER_ERROR);
    assert_int_equal(isr.get_wait, TX_WAIT_ERROR);
    assert_int_equal(isr.put, TX_CALLER_ERROR);
    assert_int_equal(isr.create, TX_CALLER_ERROR);
    assert_int_equal(isr.delete_, TX_CALLER_ERROR);
    assert_int_equal(isr.info, TX_SUCCESS);
    assert_int_equal(isr.prioritize, TX_SUCCESS);
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, &count, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(count, 1);
    assert_int_equal(tx_mutex_put(&mutex_a), TX_SUCCESS);
    assert_int_not_equal(mutex_b.tx_mutex_id, TX_MUTEX_ID);
}

/* ---- Timer and initialization context ------------------------------------------------------ */

/*
 * ThreadX: tx_mutex_get/put are allowed from initialization, threads and timers. Expiration
 * functions run in ThreadX's system timer thread (priority 0), which then owns the mutex: a
 * later expiration function (any timer) may put it, a thread waits for it like for any owner,
 * and no waiter can be more important than the owner, so nothing is inherited. A wait option
 * other than TX_NO_WAIT is TX_WAIT_ERROR. Ours runs expiration functions in the tick interrupt
 * and records the same owner, _tx_timer_thread.
 */
static TX_TIMER timer;
static TX_TIMER timer2;
static struct {
    UINT get, get_again, get_wait, put, put_again, put_extra, create;
    ULONG count;
    TX_THREAD *owner;
    UINT fired;
} timer_seen;

static VOID mutex_timer_get(ULONG input)
{
    (void)input;
    timer_seen.get = tx_mutex_get(&mutex_a, TX_NO_WAIT);
    timer_seen.get_again = tx_mutex_get(&mutex_a, TX_NO_WAIT);
#ifndef TX_DISABLE_ERROR_CHECKING
    timer_seen.get_wait = tx_mutex_get(&mutex_a, 5);
    timer_seen.create = tx_mutex_create(&mutex_b, "timer", TX_NO_INHERIT);
#endif
    tx_mutex_info_get(&mutex_a, TX_NULL, &timer_seen.count, &timer_seen.owner, TX_NULL, TX_NULL,
                      TX_NULL);
    timer_seen.fired++;
}

static VOID mutex_timer_put(ULONG input)
{
    (void)input;
    timer_seen.put = tx_mutex_put(&mutex_a);
    timer_seen.put_again = tx_mutex_put(&mutex_a); /* hands it to the waiter */
    timer_seen.put_extra = tx_mutex_put(&mutex_a); /* the waiter's now */
    timer_seen.fired++;
}

static void test_timer_context(void **state)
{
    ULONG count;
    TX_THREAD *owner;
    TX_THREAD *first_suspended;

    (void)state;
    memset(&timer_seen, 0, sizeof(timer_seen));
    assert_int_equal(tx_mutex_create(&mutex_a, "timer", TX_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_timer_create(&timer, "get", mutex_timer_get, 0, 3, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(3);
    assert_int_equal(timer_seen.fired, 1);
    assert_int_equal(timer_seen.get, TX_SUCCESS);
    assert_int_equal(timer_seen.get_again, TX_SUCCESS); /* the same owner: recursion */
#ifndef TX_DISABLE_ERROR_CHECKING
    assert_int_equal(timer_seen.get_wait, TX_WAIT_ERROR);
    assert_int_equal(timer_seen.create, TX_CALLER_ERROR); /* create: init and threads only */
#endif
    assert_int_equal(timer_seen.count, 2);
    assert_ptr_equal(timer_seen.owner, &_tx_timer_thread);
    assert_string_equal(_tx_timer_thread.tx_thread_name, "System Timer Thread");
    assert_int_equal(_tx_timer_thread.tx_thread_owned_mutex_count, 1);

    /* Still owned by the timer context after the expiration function returned. */
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, &count, &owner, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(count, 2);
    assert_ptr_equal(owner, &_tx_timer_thread);
    assert_int_equal(tx_mutex_put(&mutex_a), TX_NOT_OWNED);
    assert_int_equal(tx_mutex_get(&mutex_a, TX_NO_WAIT), TX_NOT_AVAILABLE);

    /* A thread (10, above the runner) waits for it; the owner stands at priority 0, so nobody
     * inherits anything. */
    txtest_thread_create(&actor[1], "waiter", waiter_a_entry, 1, 10);
    assert_int_equal(actor[1].tx_thread_state, TX_MUTEX_SUSP);
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, TX_NULL, TX_NULL, &first_suspended, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_ptr_equal(first_suspended, &actor[1]);
    assert_int_equal(actor[1].tx_thread_priority, 10);
    assert_int_equal(_tx_timer_thread.tx_thread_priority, 0);
    assert_int_equal(txtest_runner.tx_thread_priority, TXTEST_RUNNER_PRIORITY);

    /* Another timer puts it: the second put hands it over; the waiter runs at the tick's end,
     * takes it and puts it back. */
    assert_int_equal(tx_timer_create(&timer2, "put", mutex_timer_put, 0, 2, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(2);
    assert_int_equal(timer_seen.fired, 2);
    assert_int_equal(timer_seen.put, TX_SUCCESS);
    assert_int_equal(timer_seen.put_again, TX_SUCCESS);
    assert_int_equal(timer_seen.put_extra, TX_NOT_OWNED);
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_int_equal(seen.done[1], 1);
    assert_int_equal(_tx_timer_thread.tx_thread_owned_mutex_count, 0);
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, &count, &owner, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(count, 0);
    assert_null(owner);
    assert_int_not_equal(mutex_b.tx_mutex_id, TX_MUTEX_ID);
}

/* A timer takes a free mutex, cannot wait for a thread's (TX_WAIT_ERROR, also from the service
 * with TX_DISABLE_ERROR_CHECKING), and the mutex it owns when deleted leaves its owned list. */
static VOID mutex_timer_get_only(ULONG input)
{
    (void)input;
    timer_seen.get = tx_mutex_get(&mutex_a, TX_NO_WAIT);
    timer_seen.get_wait = tx_mutex_get(&mutex_b, 5);
    timer_seen.get_again = tx_mutex_get(&mutex_b, TX_NO_WAIT);
}

static void test_timer_owner_delete(void **state)
{
    (void)state;
    memset(&timer_seen, 0, sizeof(timer_seen));
    assert_int_equal(tx_mutex_create(&mutex_a, "timer", TX_NO_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_create(&mutex_b, "thread", TX_NO_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_get(&mutex_b, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(
        tx_timer_create(&timer, "get", mutex_timer_get_only, 0, 1, 0, TX_AUTO_ACTIVATE),
        TX_SUCCESS);
    tx_host_ticks_advance(1);
    assert_int_equal(timer_seen.get, TX_SUCCESS);
    assert_int_equal(timer_seen.get_wait, TX_WAIT_ERROR);
    assert_int_equal(timer_seen.get_again, TX_NOT_AVAILABLE);
    assert_int_equal(mutex_b.tx_mutex_suspended_count, 0);
    assert_int_equal(mutex_b.tx_mutex_performance_suspension_count, 0);
    assert_int_equal(mutex_b.tx_mutex_performance_priority_inversion_count, 0);
    assert_ptr_equal(mutex_a.tx_mutex_owner, &_tx_timer_thread);
    assert_ptr_equal(mutex_b.tx_mutex_owner, &txtest_runner); /* the runner's stays the runner's */
    assert_int_equal(tx_mutex_delete(&mutex_a), TX_SUCCESS);
    assert_int_equal(_tx_timer_thread.tx_thread_owned_mutex_count, 0);
    assert_null(_tx_timer_thread.tx_thread_owned_mutex_list);
    assert_int_equal(tx_mutex_put(&mutex_b), TX_SUCCESS);
}

/* tx_application_define: a mutex may be created, taken and put back before scheduling starts;
 * waiting is refused. The statuses are checked by test_initialization_context. */
static TX_MUTEX init_mutex;
static struct {
    UINT create, get, get_again, get_wait, put, put_again, put_extra;
    ULONG count_after_gets;
    TX_THREAD *owner;
} init_seen;

VOID txtest_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
    init_seen.create = tx_mutex_create(&init_mutex, "init", TX_INHERIT);
    init_seen.get = tx_mutex_get(&init_mutex, TX_NO_WAIT);
    init_seen.get_again = tx_mutex_get(&init_mutex, TX_NO_WAIT);
    init_seen.get_wait = _txe_mutex_get(&init_mutex, 5);
    init_seen.count_after_gets = init_mutex.tx_mutex_ownership_count;
    init_seen.owner = init_mutex.tx_mutex_owner;
    init_seen.put = tx_mutex_put(&init_mutex);
    init_seen.put_again = tx_mutex_put(&init_mutex);
    init_seen.put_extra = tx_mutex_put(&init_mutex);
}

static void test_initialization_context(void **state)
{
    (void)state;
    assert_int_equal(init_seen.create, TX_SUCCESS);
    assert_int_equal(init_seen.get, TX_SUCCESS);
    assert_int_equal(init_seen.get_again, TX_SUCCESS);
    assert_int_equal(init_seen.get_wait, TX_WAIT_ERROR);
    assert_int_equal(init_seen.count_after_gets, 2);
    assert_null(init_seen.owner); /* owned by "initialization", not a thread */
    assert_int_equal(init_seen.put, TX_SUCCESS);
    assert_int_equal(init_seen.put_again, TX_SUCCESS);
    assert_int_equal(init_seen.put_extra, TX_NOT_OWNED);
    /* Free for the threads now. */
    assert_int_equal(tx_mutex_get(&init_mutex, TX_NO_WAIT), TX_SUCCESS);
    assert_ptr_equal(init_mutex.tx_mutex_owner, &txtest_runner);
    assert_int_equal(tx_mutex_put(&init_mutex), TX_SUCCESS);
}

/* ---- Counters: per mutex and system-wide ---------------------------------------------------- */

static void test_counters(void **state)
{
    ULONG puts0, gets0, susp0, puts1, gets1, susp1;
    ULONG puts, gets, susp, timeouts, inversions, inheritances;
    TX_MUTEX *next;

    (void)state;
    assert_int_equal(
        tx_mutex_performance_system_info_get(&puts0, &gets0, &susp0, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(tx_mutex_create(&mutex_a, "c", TX_NO_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_mutex_create(&mutex_b, "d", TX_NO_INHERIT), TX_SUCCESS);
    assert_int_equal(
        tx_mutex_info_get(&mutex_a, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
        TX_SUCCESS);
    assert_ptr_equal(next, &mutex_b);
    assert_int_equal(tx_mutex_get(&mutex_a, TX_NO_WAIT), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&actor[1], "w", waiter_a_entry, 1, 10); /* suspends */
    assert_int_equal(tx_mutex_put(&mutex_a), TX_SUCCESS);        /* hand-over, waiter puts */
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_int_equal(tx_mutex_performance_info_get(&mutex_a, &puts, &gets, &susp, &timeouts,
                                                   &inversions, &inheritances),
                     TX_SUCCESS);
    assert_int_equal(gets, 2);
    assert_int_equal(puts, 2);
    assert_int_equal(susp, 1);
    assert_int_equal(timeouts, 0);
    assert_int_equal(inversions, 1); /* prio 10 waited for prio 16 */
    assert_int_equal(inheritances, 0);
    assert_int_equal(
        tx_mutex_performance_system_info_get(&puts1, &gets1, &susp1, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(puts1 - puts0, 2);
    assert_int_equal(gets1 - gets0, 2);
    assert_int_equal(susp1 - susp0, 1);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_create_errors, teardown),
        cmocka_unit_test_teardown(test_recursive_ownership, teardown),
        cmocka_unit_test_teardown(test_inversion_without_inheritance, teardown),
        cmocka_unit_test_teardown(test_inversion_with_inheritance, teardown),
        cmocka_unit_test_teardown(test_restore_priority_put_a_first, teardown),
        cmocka_unit_test_teardown(test_restore_priority_put_b_first, teardown),
        cmocka_unit_test_teardown(test_inheritance_chain, teardown),
        cmocka_unit_test_teardown(test_timeout_undoes_boost, teardown),
        cmocka_unit_test_teardown(test_priority_change_while_boosted, teardown),
        cmocka_unit_test_teardown(test_owner_terminated_deleted_completed, teardown),
        cmocka_unit_test_teardown(test_delete_with_waiters, teardown),
        cmocka_unit_test_teardown(test_waiters_fifo, teardown),
        cmocka_unit_test_teardown(test_waiters_prioritize, teardown),
        cmocka_unit_test_teardown(test_waiters_inherit_by_priority, teardown),
        cmocka_unit_test_teardown(test_isr_rules, teardown),
        cmocka_unit_test_teardown(test_timer_context, teardown),
        cmocka_unit_test_teardown(test_timer_owner_delete, teardown),
        cmocka_unit_test_teardown(test_initialization_context, teardown),
        cmocka_unit_test_teardown(test_counters, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
