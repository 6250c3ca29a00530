/*
 * test_event_flags.c - event flag groups: AND/OR with and without clearing, TX_NO_EVENTS,
 * several waiters released by one set, AND-set clearing, timeouts, wait abort, delete with
 * waiters, prioritize, notify, ISR rules and counters. Error paths call _txe_ directly.
 */
#include <string.h>

#include "txtest.h"
#include "tx_internal.h"

#define WAITERS 4

static TX_EVENT_FLAGS_GROUP group;
static TX_EVENT_FLAGS_GROUP group2;
static TX_THREAD waiter[WAITERS];

static struct {
    ULONG requested[WAITERS];
    UINT option[WAITERS];
    ULONG wait;
    UINT status[WAITERS];
    ULONG actual[WAITERS];
    UINT done[WAITERS];
    UINT order[WAITERS];
    UINT finished;
} seen;

static UINT notify_calls;

static int teardown(void **state)
{
    int result = txtest_teardown(state);

    if (group.tx_event_flags_group_id == TX_EVENT_FLAGS_ID) {
        assert_int_equal(tx_event_flags_delete(&group), TX_SUCCESS);
    }
    if (group2.tx_event_flags_group_id == TX_EVENT_FLAGS_ID) {
        assert_int_equal(tx_event_flags_delete(&group2), TX_SUCCESS);
    }
    memset(&seen, 0, sizeof(seen));
    notify_calls = 0;
    return result;
}

static VOID waiter_entry(ULONG i)
{
    seen.status[i] =
        tx_event_flags_get(&group, seen.requested[i], seen.option[i], &seen.actual[i], seen.wait);
    seen.done[i]++;
    seen.order[seen.finished++] = (UINT)i;
}

static ULONG current_flags(void)
{
    ULONG flags = 0xDEADBEEF;

    assert_int_equal(tx_event_flags_info_get(&group, TX_NULL, &flags, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    return flags;
}

static ULONG waiting(void)
{
    ULONG count = 0xDEAD;

    assert_int_equal(tx_event_flags_info_get(&group, TX_NULL, TX_NULL, TX_NULL, &count, TX_NULL),
                     TX_SUCCESS);
    return count;
}

static void test_errors(void **state)
{
    ULONG actual;

    (void)state;
    assert_int_equal(_txe_event_flags_create(TX_NULL, "g", sizeof(TX_EVENT_FLAGS_GROUP)),
                     TX_GROUP_ERROR);
    assert_int_equal(_txe_event_flags_create(&group, "g", sizeof(TX_EVENT_FLAGS_GROUP) - 1),
                     TX_GROUP_ERROR);
    assert_int_equal(_txe_event_flags_create(&group, "g", sizeof(TX_EVENT_FLAGS_GROUP)),
                     TX_SUCCESS);
    assert_int_equal(_txe_event_flags_create(&group, "g", sizeof(TX_EVENT_FLAGS_GROUP)),
                     TX_GROUP_ERROR);
    assert_int_equal(_txe_event_flags_get(&group, 1, TX_OR, TX_NULL, TX_NO_WAIT), TX_PTR_ERROR);
    assert_int_equal(_txe_event_flags_get(&group, 1, 4, &actual, TX_NO_WAIT), TX_OPTION_ERROR);
    assert_int_equal(_txe_event_flags_set(&group, 1, TX_OR_CLEAR), TX_OPTION_ERROR);
    assert_int_equal(_txe_event_flags_set(&group, 1, 7), TX_OPTION_ERROR);
    assert_int_equal(tx_event_flags_delete(&group), TX_SUCCESS);
    assert_int_equal(group.tx_event_flags_group_id, 0);

    assert_int_equal(_txe_event_flags_get(&group, 1, TX_OR, &actual, TX_NO_WAIT), TX_GROUP_ERROR);
    assert_int_equal(_txe_event_flags_set(&group, 1, TX_OR), TX_GROUP_ERROR);
    assert_int_equal(_txe_event_flags_delete(&group), TX_GROUP_ERROR);
    assert_int_equal(_txe_event_flags_set_notify(&group, TX_NULL), TX_GROUP_ERROR);
    assert_int_equal(_txe_event_flags_info_get(&group, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_GROUP_ERROR);
    assert_int_equal(_txe_event_flags_get(TX_NULL, 1, TX_OR, &actual, TX_NO_WAIT), TX_GROUP_ERROR);
    assert_int_equal(
        tx_event_flags_performance_info_get(&group, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_PTR_ERROR);
}

/* The four get options against flags already present, without waiting. */
static void test_get_options(void **state)
{
    ULONG actual;
    CHAR *name;

    (void)state;
    assert_int_equal(tx_event_flags_create(&group, "opts"), TX_SUCCESS);
    assert_int_equal(tx_event_flags_info_get(&group, &name, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_string_equal(name, "opts");
    assert_int_equal(current_flags(), 0);
    assert_int_equal(tx_event_flags_get(&group, 0x1, TX_OR, &actual, TX_NO_WAIT), TX_NO_EVENTS);

    assert_int_equal(tx_event_flags_set(&group, 0x0F, TX_OR), TX_SUCCESS);
    assert_int_equal(current_flags(), 0x0F);

    /* OR: any requested flag; actual is the whole group; nothing cleared. */
    assert_int_equal(tx_event_flags_get(&group, 0x11, TX_OR, &actual, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(actual, 0x0F);
    assert_int_equal(current_flags(), 0x0F);
    assert_int_equal(tx_event_flags_get(&group, 0x30, TX_OR, &actual, TX_NO_WAIT), TX_NO_EVENTS);

    /* AND: all requested. */
    assert_int_equal(tx_event_flags_get(&group, 0x13, TX_AND, &actual, TX_NO_WAIT), TX_NO_EVENTS);
    assert_int_equal(tx_event_flags_get(&group, 0x03, TX_AND, &actual, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(actual, 0x0F);
    assert_int_equal(current_flags(), 0x0F);

    /* OR_CLEAR clears the requested flags (those present), AND_CLEAR likewise. */
    assert_int_equal(tx_event_flags_get(&group, 0x11, TX_OR_CLEAR, &actual, TX_NO_WAIT),
                     TX_SUCCESS);
    assert_int_equal(actual, 0x0F);
    assert_int_equal(current_flags(), 0x0E);
    assert_int_equal(tx_event_flags_get(&group, 0x06, TX_AND_CLEAR, &actual, TX_NO_WAIT),
                     TX_SUCCESS);
    assert_int_equal(actual, 0x0E);
    assert_int_equal(current_flags(), 0x08);
    /* A failed AND_CLEAR clears nothing. */
    assert_int_equal(tx_event_flags_get(&group, 0x18, TX_AND_CLEAR, &actual, TX_NO_WAIT),
                     TX_NO_EVENTS);
    assert_int_equal(current_flags(), 0x08);

    /* AND set keeps only the flags given. */
    assert_int_equal(tx_event_flags_set(&group, 0xF0F0F0F0, TX_OR), TX_SUCCESS);
    assert_int_equal(current_flags(), 0xF0F0F0F8);
    assert_int_equal(tx_event_flags_set(&group, 0x0FF0000F, TX_AND), TX_SUCCESS);
    assert_int_equal(current_flags(), 0x00F00008);
    assert_int_equal(tx_event_flags_set(&group, 0, TX_AND), TX_SUCCESS);
    assert_int_equal(current_flags(), 0);
}

/* One set releases every waiter it satisfies, in FIFO order, each seeing the flags after the
 * set; clears requested by the released waiters apply together afterwards. */
static void test_one_set_many_waiters(void **state)
{
    UINT i;

    (void)state;
    assert_int_equal(tx_event_flags_create(&group, "many"), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    seen.requested[0] = 0x1; /* OR_CLEAR on 0x1 */
    seen.option[0] = TX_OR_CLEAR;
    seen.requested[1] = 0x1; /* OR on 0x1: satisfied by the same set despite waiter 0's clear */
    seen.option[1] = TX_OR;
    seen.requested[2] = 0x3; /* AND 0x3: not satisfied by 0x1 alone */
    seen.option[2] = TX_AND;
    seen.requested[3] = 0x5; /* AND_CLEAR 0x5 */
    seen.option[3] = TX_AND_CLEAR;
    for (i = 0; i < WAITERS; i++) {
        txtest_thread_create(&waiter[i], "waiter", waiter_entry, i, 10);
    }
    assert_int_equal(waiting(), 4);

    assert_int_equal(tx_event_flags_set(&group, 0x5, TX_OR), TX_SUCCESS);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.done[1], 1);
    assert_int_equal(seen.done[2], 0);
    assert_int_equal(seen.done[3], 1);
    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_int_equal(seen.actual[0], 0x5);
    assert_int_equal(seen.actual[1], 0x5);
    assert_int_equal(seen.actual[3], 0x5);
    /* FIFO resumption order among equals. */
    assert_int_equal(seen.order[0], 0);
    assert_int_equal(seen.order[1], 1);
    assert_int_equal(seen.order[2], 3);
    /* 0x1 cleared by waiter 0, 0x5 by waiter 3. */
    assert_int_equal(current_flags(), 0);
    assert_int_equal(waiting(), 1);

    assert_int_equal(tx_event_flags_set(&group, 0x2, TX_OR), TX_SUCCESS);
    assert_int_equal(seen.done[2], 0); /* 0x1 is gone: AND 0x3 still unsatisfied */
    assert_int_equal(tx_event_flags_set(&group, 0x1, TX_OR), TX_SUCCESS);
    assert_int_equal(seen.done[2], 1);
    assert_int_equal(seen.actual[2], 0x3);
    assert_int_equal(current_flags(), 0x3); /* plain AND does not clear */
    assert_int_equal(waiting(), 0);
}

/* An AND set cannot release anybody; flags set while nobody waits stay. */
static void test_and_set_releases_nobody(void **state)
{
    (void)state;
    assert_int_equal(tx_event_flags_create(&group, "andset"), TX_SUCCESS);
    assert_int_equal(tx_event_flags_set(&group, 0xFF, TX_OR), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    seen.requested[0] = 0x100;
    seen.option[0] = TX_OR;
    txtest_thread_create(&waiter[0], "waiter", waiter_entry, 0, 10);
    assert_int_equal(waiting(), 1);
    assert_int_equal(tx_event_flags_set(&group, 0x100, TX_AND), TX_SUCCESS);
    assert_int_equal(seen.done[0], 0);
    assert_int_equal(current_flags(), 0);
    assert_int_equal(tx_event_flags_set(&group, 0x300, TX_OR), TX_SUCCESS);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.actual[0], 0x300);
}

static void test_timeout_and_abort(void **state)
{
    ULONG actual = 0;
    ULONG start;
    ULONG timeouts, suspensions;

    (void)state;
    assert_int_equal(tx_event_flags_create(&group, "timeout"), TX_SUCCESS);
    start = tx_time_get();
    assert_int_equal(tx_event_flags_get(&group, 0x1, TX_OR, &actual, 7), TX_NO_EVENTS);
    assert_int_equal(tx_time_get() - start, 7);
    assert_int_equal(waiting(), 0);

    seen.wait = TX_WAIT_FOREVER;
    seen.requested[0] = 0x1;
    seen.option[0] = TX_AND;
    txtest_thread_create(&waiter[0], "waiter", waiter_entry, 0, 10);
    assert_int_equal(tx_thread_wait_abort(&waiter[0]), TX_SUCCESS);
    assert_int_equal(seen.status[0], TX_WAIT_ABORTED);
    assert_int_equal(waiting(), 0);
    /* An aborted waiter does not consume a later set. */
    assert_int_equal(tx_event_flags_set(&group, 0x1, TX_OR), TX_SUCCESS);
    assert_int_equal(current_flags(), 0x1);

    assert_int_equal(
        tx_event_flags_performance_info_get(&group, TX_NULL, TX_NULL, &suspensions, &timeouts),
        TX_SUCCESS);
    assert_int_equal(suspensions, 2);
    assert_int_equal(timeouts, 1);
}

static void test_delete_with_waiters(void **state)
{
    UINT i;

    (void)state;
    assert_int_equal(tx_event_flags_create(&group, "delete"), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    for (i = 0; i < 3; i++) {
        seen.requested[i] = 0x80;
        seen.option[i] = TX_OR;
        txtest_thread_create(&waiter[i], "waiter", waiter_entry, i, 10 + i);
    }
    assert_int_equal(waiting(), 3);
    assert_int_equal(tx_event_flags_delete(&group), TX_SUCCESS);
    for (i = 0; i < 3; i++) {
        assert_int_equal(seen.status[i], TX_DELETED);
    }
    /* Highest priority first: all were readied by the delete before any ran. */
    assert_int_equal(seen.order[0], 0);
    assert_int_equal(group.tx_event_flags_group_id, 0);
}

/* Waiters queue in arrival order (event flags have no prioritize service); when one set
 * releases several, they then run by priority. */
static void test_arrival_order_then_priority(void **state)
{
    TX_THREAD *first;

    (void)state;
    assert_int_equal(tx_event_flags_create(&group, "order"), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    seen.requested[0] = 0x1;
    seen.requested[1] = 0x1;
    seen.requested[2] = 0x1;
    seen.option[0] = seen.option[1] = seen.option[2] = TX_OR_CLEAR;
    txtest_thread_create(&waiter[0], "w12", waiter_entry, 0, 12);
    txtest_thread_create(&waiter[1], "w9", waiter_entry, 1, 9);
    txtest_thread_create(&waiter[2], "w11", waiter_entry, 2, 11);
    assert_int_equal(tx_event_flags_info_get(&group, TX_NULL, TX_NULL, &first, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_ptr_equal(first, &waiter[0]);
    assert_ptr_equal(first->tx_thread_suspended_next, &waiter[1]);
    assert_ptr_equal(first->tx_thread_suspended_next->tx_thread_suspended_next, &waiter[2]);
    /* One set releases all three (they all see 0x1, each clearing it). */
    assert_int_equal(tx_event_flags_set(&group, 0x1, TX_OR), TX_SUCCESS);
    assert_int_equal(seen.finished, 3);
    assert_int_equal(seen.order[0], 1);
    assert_int_equal(seen.order[1], 2);
    assert_int_equal(seen.order[2], 0);
    assert_int_equal(current_flags(), 0);
}

static VOID count_notify(TX_EVENT_FLAGS_GROUP *g)
{
    if (g == &group) {
        notify_calls++;
    }
}

static void test_notify(void **state)
{
    (void)state;
    assert_int_equal(tx_event_flags_create(&group, "notify"), TX_SUCCESS);
    assert_int_equal(tx_event_flags_set_notify(&group, count_notify), TX_SUCCESS);
    assert_int_equal(tx_event_flags_set(&group, 0x1, TX_OR), TX_SUCCESS);
    assert_int_equal(notify_calls, 1);
    seen.wait = TX_WAIT_FOREVER;
    seen.requested[0] = 0x2;
    seen.option[0] = TX_OR;
    txtest_thread_create(&waiter[0], "waiter", waiter_entry, 0, 10);
    assert_int_equal(tx_event_flags_set(&group, 0x2, TX_OR), TX_SUCCESS);
    assert_int_equal(notify_calls, 2);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(tx_event_flags_set_notify(&group, TX_NULL), TX_SUCCESS);
    assert_int_equal(tx_event_flags_set(&group, 0x4, TX_OR), TX_SUCCESS);
    assert_int_equal(notify_calls, 2);
}

static struct {
    UINT set, get, get_wait, create, delete_, notify;
    ULONG actual;
} isr;

static VOID flags_isr(VOID *arg)
{
    (void)arg;
    isr.set = tx_event_flags_set(&group, 0x10, TX_OR);
    isr.get = tx_event_flags_get(&group, 0x10, TX_OR_CLEAR, &isr.actual, TX_NO_WAIT);
    isr.get_wait = _txe_event_flags_get(&group, 0x10, TX_OR, &isr.actual, 5);
    isr.create = _txe_event_flags_create(&group2, "isr", sizeof(TX_EVENT_FLAGS_GROUP));
    isr.delete_ = _txe_event_flags_delete(&group);
    isr.notify = _txe_event_flags_set_notify(&group, TX_NULL);
    /* Wake the waiter: it runs only after the ISR. */
    (void)tx_event_flags_set(&group, 0x20, TX_OR);
    isr.actual = seen.done[0];
}

static void test_isr_rules(void **state)
{
    (void)state;
    assert_int_equal(tx_event_flags_create(&group, "isr"), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    seen.requested[0] = 0x20;
    seen.option[0] = TX_AND_CLEAR;
    txtest_thread_create(&waiter[0], "waiter", waiter_entry, 0, 10);
    tx_host_isr_run(flags_isr, TX_NULL);
    assert_int_equal(isr.set, TX_SUCCESS);
    assert_int_equal(isr.get, TX_SUCCESS);
    assert_int_equal(isr.get_wait, TX_WAIT_ERROR);
    assert_int_equal(isr.create, TX_CALLER_ERROR);
    assert_int_equal(isr.delete_, TX_CALLER_ERROR);
    /* ThreadX: tx_event_flags_set_notify is allowed from ISRs and has no TX_CALLER_ERROR. */
    assert_int_equal(isr.notify, TX_SUCCESS);
    assert_int_equal(isr.actual, 0);   /* not yet run inside the ISR */
    assert_int_equal(seen.done[0], 1); /* ran at ISR exit */
    assert_int_equal(seen.actual[0], 0x20);
    assert_int_equal(current_flags(), 0); /* 0x10 cleared by the ISR's get, 0x20 by the waiter */
}

static void test_counters_and_list(void **state)
{
    ULONG sets0, gets0, sets1, gets1, sets, gets, susp, timeouts;
    ULONG actual;
    TX_EVENT_FLAGS_GROUP *next;
    ULONG before = _tx_event_flags_created_count;

    (void)state;
    assert_int_equal(tx_event_flags_performance_system_info_get(&sets0, &gets0, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_event_flags_create(&group, "one"), TX_SUCCESS);
    assert_int_equal(tx_event_flags_create(&group2, "two"), TX_SUCCESS);
    assert_int_equal(_tx_event_flags_created_count, before + 2);
    assert_int_equal(tx_event_flags_info_get(&group, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
                     TX_SUCCESS);
    assert_ptr_equal(next, &group2);
    assert_int_equal(tx_event_flags_set(&group, 1, TX_OR), TX_SUCCESS);
    assert_int_equal(tx_event_flags_set(&group, 2, TX_OR), TX_SUCCESS);
    assert_int_equal(tx_event_flags_get(&group, 1, TX_OR, &actual, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_event_flags_get(&group2, 1, TX_OR, &actual, TX_NO_WAIT), TX_NO_EVENTS);
    assert_int_equal(tx_event_flags_performance_info_get(&group, &sets, &gets, &susp, &timeouts),
                     TX_SUCCESS);
    assert_int_equal(sets, 2);
    assert_int_equal(gets, 1);
    assert_int_equal(susp + timeouts, 0);
    assert_int_equal(tx_event_flags_performance_system_info_get(&sets1, &gets1, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(sets1 - sets0, 2);
    assert_int_equal(gets1 - gets0, 2);
    assert_int_equal(tx_event_flags_delete(&group2), TX_SUCCESS);
    assert_int_equal(_tx_event_flags_created_count, before + 1);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_errors, teardown),
        cmocka_unit_test_teardown(test_get_options, teardown),
        cmocka_unit_test_teardown(test_one_set_many_waiters, teardown),
        cmocka_unit_test_teardown(test_and_set_releases_nobody, teardown),
        cmocka_unit_test_teardown(test_timeout_and_abort, teardown),
        cmocka_unit_test_teardown(test_delete_with_waiters, teardown),
        cmocka_unit_test_teardown(test_arrival_order_then_priority, teardown),
        cmocka_unit_test_teardown(test_notify, teardown),
        cmocka_unit_test_teardown(test_isr_rules, teardown),
        cmocka_unit_test_teardown(test_counters_and_list, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
