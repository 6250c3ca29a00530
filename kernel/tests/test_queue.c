/*
 * test_queue.c - message queues: every service, sizes 1..16 ULONGs, FIFO and front send,
 * wrap-around, hand-off to waiting receivers, senders waiting on a full queue, timeouts,
 * wait abort, delete and flush with waiters, prioritize, ISR rules, notify and counters.
 * Error paths call the _txe_ checks directly so they run in every build variant.
 */
#include <string.h>

#include "txtest.h"
#include "tx_internal.h"

#define HELPERS 4

static TX_QUEUE queue;
static TX_QUEUE queue2;
static ULONG storage[64];
static TX_THREAD helper[HELPERS];

/* What the helper threads saw (cmocka asserts only in the runner). */
static struct {
    UINT status[HELPERS];
    ULONG message[HELPERS][16];
    UINT done[HELPERS];
    ULONG wait;
    ULONG send_value[HELPERS][16];
} seen;

static UINT notify_calls;
static TX_QUEUE *notify_queue;

static int teardown(void **state)
{
    int result = txtest_teardown(state);

    if (queue.tx_queue_id == TX_QUEUE_ID) {
        assert_int_equal(tx_queue_delete(&queue), TX_SUCCESS);
    }
    if (queue2.tx_queue_id == TX_QUEUE_ID) {
        assert_int_equal(tx_queue_delete(&queue2), TX_SUCCESS);
    }
    memset(&seen, 0, sizeof(seen));
    notify_calls = 0;
    notify_queue = TX_NULL;
    return result;
}

static VOID receiver_entry(ULONG index)
{
    seen.status[index] = tx_queue_receive(&queue, seen.message[index], seen.wait);
    seen.done[index]++;
}

static VOID sender_entry(ULONG index)
{
    seen.status[index] = tx_queue_send(&queue, seen.send_value[index], seen.wait);
    seen.done[index]++;
}

static VOID front_sender_entry(ULONG index)
{
    seen.status[index] = tx_queue_front_send(&queue, seen.send_value[index], seen.wait);
    seen.done[index]++;
}

static ULONG queue_enqueued(TX_QUEUE *q)
{
    ULONG enqueued = 0xDEAD;

    assert_int_equal(tx_queue_info_get(q, TX_NULL, &enqueued, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    return enqueued;
}

static ULONG queue_waiters(TX_QUEUE *q)
{
    ULONG count = 0xDEAD;

    assert_int_equal(tx_queue_info_get(q, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &count, TX_NULL),
                     TX_SUCCESS);
    return count;
}

static void test_create_errors(void **state)
{
    (void)state;
    assert_int_equal(_txe_queue_create(TX_NULL, "q", 1, storage, sizeof(storage), sizeof(TX_QUEUE)),
                     TX_QUEUE_ERROR);
    assert_int_equal(
        _txe_queue_create(&queue, "q", 1, storage, sizeof(storage), sizeof(TX_QUEUE) - 4),
        TX_QUEUE_ERROR);
    assert_int_equal(_txe_queue_create(&queue, "q", 1, TX_NULL, sizeof(storage), sizeof(TX_QUEUE)),
                     TX_PTR_ERROR);
    assert_int_equal(_txe_queue_create(&queue, "q", 0, storage, sizeof(storage), sizeof(TX_QUEUE)),
                     TX_SIZE_ERROR);
    assert_int_equal(_txe_queue_create(&queue, "q", 17, storage, sizeof(storage), sizeof(TX_QUEUE)),
                     TX_SIZE_ERROR);
    /* Room for less than one 4-ULONG message. */
    assert_int_equal(_txe_queue_create(&queue, "q", 4, storage, 15, sizeof(TX_QUEUE)),
                     TX_SIZE_ERROR);
    assert_int_equal(_txe_queue_create(&queue, "q", 4, storage, 16, sizeof(TX_QUEUE)), TX_SUCCESS);
    /* Already created. */
    assert_int_equal(_txe_queue_create(&queue, "q", 4, storage, 16, sizeof(TX_QUEUE)),
                     TX_QUEUE_ERROR);
    assert_int_equal(tx_queue_delete(&queue), TX_SUCCESS);
    assert_int_equal(queue.tx_queue_id, 0);

    /* Every service refuses a deleted queue and a NULL one. */
    ULONG msg[4] = {0};
    assert_int_equal(_txe_queue_send(&queue, msg, TX_NO_WAIT), TX_QUEUE_ERROR);
    assert_int_equal(_txe_queue_front_send(&queue, msg, TX_NO_WAIT), TX_QUEUE_ERROR);
    assert_int_equal(_txe_queue_receive(&queue, msg, TX_NO_WAIT), TX_QUEUE_ERROR);
    assert_int_equal(_txe_queue_delete(&queue), TX_QUEUE_ERROR);
    assert_int_equal(_txe_queue_flush(&queue), TX_QUEUE_ERROR);
    assert_int_equal(_txe_queue_prioritize(&queue), TX_QUEUE_ERROR);
    assert_int_equal(_txe_queue_send_notify(&queue, TX_NULL), TX_QUEUE_ERROR);
    assert_int_equal(
        _txe_queue_info_get(&queue, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_QUEUE_ERROR);
    assert_int_equal(
        _txe_queue_info_get(TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_QUEUE_ERROR);
    assert_int_equal(
        tx_queue_performance_info_get(&queue, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_PTR_ERROR);
    assert_int_equal(tx_queue_performance_info_get(TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                   TX_NULL, TX_NULL),
                     TX_PTR_ERROR);

    /* NULL message pointers. */
    assert_int_equal(tx_queue_create(&queue, "q", 1, storage, 16), TX_SUCCESS);
    assert_int_equal(_txe_queue_send(&queue, TX_NULL, TX_NO_WAIT), TX_PTR_ERROR);
    assert_int_equal(_txe_queue_front_send(&queue, TX_NULL, TX_NO_WAIT), TX_PTR_ERROR);
    assert_int_equal(_txe_queue_receive(&queue, TX_NULL, TX_NO_WAIT), TX_PTR_ERROR);
}

/* Fill to capacity, check FULL and the info, drain in order, check EMPTY, for every size. */
static void test_sizes_fifo(void **state)
{
    static const UINT sizes[] = {TX_1_ULONG, TX_2_ULONG, TX_4_ULONG, TX_8_ULONG, TX_16_ULONG, 3};
    ULONG msg[16];
    ULONG out[17];
    ULONG enqueued, available, waiters;
    CHAR *name;
    TX_THREAD *first;
    TX_QUEUE *next;
    UINT s, i, w;

    (void)state;
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        UINT size = sizes[s];
        UINT capacity = (UINT)(sizeof(storage) / (size * sizeof(ULONG)));

        memset(storage, 0, sizeof(storage));
        assert_int_equal(tx_queue_create(&queue, "sized", size, storage, sizeof(storage)),
                         TX_SUCCESS);
        assert_int_equal(
            tx_queue_info_get(&queue, &name, &enqueued, &available, &first, &waiters, &next),
            TX_SUCCESS);
        assert_string_equal(name, "sized");
        assert_int_equal(enqueued, 0);
        assert_int_equal(available, capacity);
        assert_null(first);
        assert_int_equal(waiters, 0);
        assert_ptr_equal(next, &queue); /* the only queue */

        for (i = 0; i < capacity; i++) {
            for (w = 0; w < size; w++) {
                msg[w] = (i << 8) | w;
            }
            assert_int_equal(tx_queue_send(&queue, msg, TX_NO_WAIT), TX_SUCCESS);
        }
        assert_int_equal(tx_queue_send(&queue, msg, TX_NO_WAIT), TX_QUEUE_FULL);
        assert_int_equal(tx_queue_front_send(&queue, msg, TX_NO_WAIT), TX_QUEUE_FULL);
        assert_int_equal(
            tx_queue_info_get(&queue, TX_NULL, &enqueued, &available, TX_NULL, TX_NULL, TX_NULL),
            TX_SUCCESS);
        assert_int_equal(enqueued, capacity);
        assert_int_equal(available, 0);

        for (i = 0; i < capacity; i++) {
            out[size] = 0x5A5A5A5A; /* guard word: a receive copies exactly `size` ULONGs */
            assert_int_equal(tx_queue_receive(&queue, out, TX_NO_WAIT), TX_SUCCESS);
            for (w = 0; w < size; w++) {
                assert_int_equal(out[w], (i << 8) | w);
            }
            assert_int_equal(out[size], 0x5A5A5A5A);
        }
        assert_int_equal(tx_queue_receive(&queue, out, TX_NO_WAIT), TX_QUEUE_EMPTY);
        assert_int_equal(queue_enqueued(&queue), 0);
        assert_int_equal(tx_queue_delete(&queue), TX_SUCCESS);
    }
}

/* A small queue used round and round, mixing back and front sends. */
static void test_wrap_and_front_send(void **state)
{
    ULONG expect_next = 0;
    ULONG value;
    ULONG out;
    UINT round;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "wrap", 1, storage, 3 * sizeof(ULONG)), TX_SUCCESS);
    for (round = 0; round < 20; round++) {
        value = 2 * round;
        assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
        value = 2 * round + 1;
        assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
        assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
        assert_int_equal(out, expect_next++);
        assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
        assert_int_equal(out, expect_next++);
    }

    /* Front send goes before everything queued, even across the buffer's start. */
    value = 100;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    value = 101;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    value = 99;
    assert_int_equal(tx_queue_front_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_queue_front_send(&queue, &value, TX_NO_WAIT), TX_QUEUE_FULL);
    for (value = 99; value <= 101; value++) {
        assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
        assert_int_equal(out, value);
    }
    /* Front send into an empty queue, then a normal send behind it. */
    value = 7;
    assert_int_equal(tx_queue_front_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    value = 8;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    value = 6;
    assert_int_equal(tx_queue_front_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    for (value = 6; value <= 8; value++) {
        assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
        assert_int_equal(out, value);
    }
}

/* A waiting receiver gets the message directly; the queue never holds it. */
static void test_receiver_handoff(void **state)
{
    ULONG msg[2] = {0x1234, 0x5678};
    ULONG sent, received, empty_susp;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "handoff", 2, storage, 4 * sizeof(ULONG)), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&helper[0], "receiver", receiver_entry, 0, 10);
    /* It ran (higher priority) and now waits. */
    assert_int_equal(seen.done[0], 0);
    assert_int_equal(helper[0].tx_thread_state, TX_QUEUE_SUSP);
    assert_int_equal(queue_waiters(&queue), 1);
    assert_int_equal(queue.tx_queue_suspension_list, &helper[0]);

    assert_int_equal(tx_queue_send(&queue, msg, TX_NO_WAIT), TX_SUCCESS);
    /* The receiver preempted us as soon as it was resumed. */
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_int_equal(seen.message[0][0], 0x1234);
    assert_int_equal(seen.message[0][1], 0x5678);
    assert_int_equal(queue_enqueued(&queue), 0);
    assert_int_equal(queue_waiters(&queue), 0);

    assert_int_equal(tx_queue_performance_info_get(&queue, &sent, &received, &empty_susp, TX_NULL,
                                                   TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(sent, 1);
    assert_int_equal(received, 1);
    assert_int_equal(empty_susp, 1);
}

/* Senders wait on a full queue. A receive serves the first waiting sender: a back sender's
 * message is appended to the queue; a front sender's message is the receiver's, as it belongs
 * before everything queued, and the queue stays as it was (ThreadX). */
static void test_senders_wait_when_full(void **state)
{
    ULONG value;
    ULONG out;
    ULONG sent, received, full_susp;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "full", 1, storage, 2 * sizeof(ULONG)), TX_SUCCESS);
    value = 1;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    value = 2;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);

    seen.wait = TX_WAIT_FOREVER;
    seen.send_value[0][0] = 3;
    seen.send_value[1][0] = 50;
    txtest_thread_create(&helper[0], "sender", sender_entry, 0, 10);
    txtest_thread_create(&helper[1], "front", front_sender_entry, 1, 10);
    assert_int_equal(queue_waiters(&queue), 2);
    assert_int_equal(seen.done[0] + seen.done[1], 0);

    /* Take 1: the back sender's 3 goes in at the back -> [2, 3]. */
    assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(out, 1);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_int_equal(seen.done[1], 0);
    assert_int_equal(queue_enqueued(&queue), 2);
    /* Take 2: the queue is full again and the front sender waits first: its 50 is received
     * directly, [2, 3] stay queued. */
    assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(out, 50);
    assert_int_equal(seen.done[1], 1);
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_int_equal(queue_enqueued(&queue), 2);
    assert_int_equal(queue_waiters(&queue), 0);
    assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(out, 2);
    assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(out, 3);
    assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_QUEUE_EMPTY);
    assert_int_equal(tx_queue_performance_info_get(&queue, &sent, &received, TX_NULL, &full_susp,
                                                   TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(sent, 4);
    assert_int_equal(received, 4);
    assert_int_equal(full_susp, 2);
}

/* Full queue, a front sender waiting first: the receiver gets the front sender's
 * message, the ring is untouched (the oldest message is still the next one read), the front
 * sender resumes with TX_SUCCESS; the back sender behind it waits for the next receive, which
 * takes the oldest message and appends the back sender's. Multi-word messages, so a partly
 * copied or misplaced message shows. */
static void test_receive_full_front_sender_first(void **state)
{
    ULONG message[4];
    ULONG out[4];
    ULONG *read_before;
    ULONG i;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "front", TX_4_ULONG, storage, 2 * 4 * sizeof(ULONG)),
                     TX_SUCCESS);
    for (i = 0; i < 4; i++) {
        message[i] = 0x100 + i;
    }
    assert_int_equal(tx_queue_send(&queue, message, TX_NO_WAIT), TX_SUCCESS);
    for (i = 0; i < 4; i++) {
        message[i] = 0x200 + i;
    }
    assert_int_equal(tx_queue_send(&queue, message, TX_NO_WAIT), TX_SUCCESS);

    seen.wait = TX_WAIT_FOREVER;
    for (i = 0; i < 4; i++) {
        seen.send_value[0][i] = 0x500 + i; /* front sender */
        seen.send_value[1][i] = 0x300 + i; /* back sender */
    }
    txtest_thread_create(&helper[0], "front", front_sender_entry, 0, 10);
    txtest_thread_create(&helper[1], "back", sender_entry, 1, 10);
    assert_int_equal(queue_waiters(&queue), 2);
    assert_ptr_equal(queue.tx_queue_suspension_list, &helper[0]);
    read_before = queue.tx_queue_read;

    assert_int_equal(tx_queue_receive(&queue, out, TX_NO_WAIT), TX_SUCCESS);
    for (i = 0; i < 4; i++) {
        assert_int_equal(out[i], 0x500 + i);
    }
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_int_equal(seen.done[1], 0);
    assert_int_equal(helper[1].tx_thread_state, TX_QUEUE_SUSP);
    assert_int_equal(queue_waiters(&queue), 1);
    assert_int_equal(queue_enqueued(&queue), 2);
    assert_int_equal(queue.tx_queue_available_storage, 0);
    assert_ptr_equal(queue.tx_queue_read, read_before);
    assert_int_equal(queue.tx_queue_read[0], 0x100); /* the oldest is still at the front */

    /* The back sender now: oldest out, its message appended -> [0x200.., 0x300..]. */
    assert_int_equal(tx_queue_receive(&queue, out, TX_NO_WAIT), TX_SUCCESS);
    for (i = 0; i < 4; i++) {
        assert_int_equal(out[i], 0x100 + i);
    }
    assert_int_equal(seen.done[1], 1);
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_int_equal(queue_waiters(&queue), 0);
    assert_int_equal(queue_enqueued(&queue), 2);
    assert_int_equal(tx_queue_receive(&queue, out, TX_NO_WAIT), TX_SUCCESS);
    for (i = 0; i < 4; i++) {
        assert_int_equal(out[i], 0x200 + i);
    }
    assert_int_equal(tx_queue_receive(&queue, out, TX_NO_WAIT), TX_SUCCESS);
    for (i = 0; i < 4; i++) {
        assert_int_equal(out[i], 0x300 + i);
    }
    assert_int_equal(tx_queue_receive(&queue, out, TX_NO_WAIT), TX_QUEUE_EMPTY);
}

/* Timeouts end the wait after exactly the ticks asked for, with EMPTY / FULL. */
static void test_timeouts(void **state)
{
    ULONG value = 5;
    ULONG out;
    ULONG start;
    ULONG timeouts, full_errors, sys_timeouts_before, sys_timeouts_after;

    (void)state;
    assert_int_equal(tx_queue_performance_system_info_get(TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                          TX_NULL, &sys_timeouts_before),
                     TX_SUCCESS);
    assert_int_equal(tx_queue_create(&queue, "timeouts", 1, storage, sizeof(ULONG)), TX_SUCCESS);
    start = tx_time_get();
    assert_int_equal(tx_queue_receive(&queue, &out, 5), TX_QUEUE_EMPTY);
    assert_int_equal(tx_time_get() - start, 5);
    assert_int_equal(queue_waiters(&queue), 0);

    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_QUEUE_FULL);
    start = tx_time_get();
    assert_int_equal(tx_queue_send(&queue, &value, 3), TX_QUEUE_FULL);
    assert_int_equal(tx_time_get() - start, 3);
    start = tx_time_get();
    assert_int_equal(tx_queue_front_send(&queue, &value, 1), TX_QUEUE_FULL);
    assert_int_equal(tx_time_get() - start, 1);
    assert_int_equal(queue_waiters(&queue), 0);
    assert_int_equal(queue_enqueued(&queue), 1);

    assert_int_equal(tx_queue_performance_info_get(&queue, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                   &full_errors, &timeouts),
                     TX_SUCCESS);
    assert_int_equal(timeouts, 3);
    assert_int_equal(full_errors, 1);
    assert_int_equal(tx_queue_performance_system_info_get(TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                          TX_NULL, &sys_timeouts_after),
                     TX_SUCCESS);
    assert_int_equal(sys_timeouts_after - sys_timeouts_before, 3);

    /* A message arriving before the timeout ends the wait early. */
    assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
    seen.wait = 100;
    txtest_thread_create(&helper[0], "receiver", receiver_entry, 0, 10);
    start = tx_time_get();
    tx_host_ticks_advance(10);
    value = 77;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_int_equal(seen.message[0][0], 77);
    /* Its timeout was cancelled: nothing happens at tick 100. */
    tx_host_ticks_advance(100);
    assert_int_equal(seen.done[0], 1);
}

static void test_wait_abort(void **state)
{
    ULONG value = 1;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "abort", 1, storage, sizeof(ULONG)), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&helper[0], "receiver", receiver_entry, 0, 10);
    assert_int_equal(tx_thread_wait_abort(&helper[0]), TX_SUCCESS);
    assert_int_equal(seen.status[0], TX_WAIT_ABORTED);
    assert_int_equal(queue_waiters(&queue), 0);

    /* Same for a sender on a full queue; the queue keeps its old content. */
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    seen.send_value[1][0] = 2;
    txtest_thread_create(&helper[1], "sender", sender_entry, 1, 10);
    assert_int_equal(queue_waiters(&queue), 1);
    assert_int_equal(tx_thread_wait_abort(&helper[1]), TX_SUCCESS);
    assert_int_equal(seen.status[1], TX_WAIT_ABORTED);
    assert_int_equal(queue_waiters(&queue), 0);
    assert_int_equal(tx_queue_receive(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(value, 1);
    assert_int_equal(tx_queue_receive(&queue, &value, TX_NO_WAIT), TX_QUEUE_EMPTY);
}

static void test_delete_with_waiters(void **state)
{
    UINT i;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "delete", 1, storage, sizeof(ULONG)), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    for (i = 0; i < 3; i++) {
        txtest_thread_create(&helper[i], "receiver", receiver_entry, i, 10 + i);
    }
    assert_int_equal(queue_waiters(&queue), 3);
    assert_int_equal(tx_queue_delete(&queue), TX_SUCCESS);
    for (i = 0; i < 3; i++) {
        assert_int_equal(seen.done[i], 1);
        assert_int_equal(seen.status[i], TX_DELETED);
    }
    assert_int_equal(queue.tx_queue_id, 0);
    assert_int_equal(_txe_queue_delete(&queue), TX_QUEUE_ERROR);
}

/* Flush empties the queue; senders waiting on it return TX_SUCCESS, receivers keep waiting. */
static void test_flush(void **state)
{
    ULONG value = 10;
    ULONG available;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "flush", 1, storage, 2 * sizeof(ULONG)), TX_SUCCESS);
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    seen.send_value[0][0] = 11;
    txtest_thread_create(&helper[0], "sender", sender_entry, 0, 10);
    assert_int_equal(queue_waiters(&queue), 1);

    assert_int_equal(tx_queue_flush(&queue), TX_SUCCESS);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_int_equal(
        tx_queue_info_get(&queue, TX_NULL, TX_NULL, &available, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(available, 2);
    assert_int_equal(queue_enqueued(&queue), 0);
    assert_int_equal(tx_queue_receive(&queue, &value, TX_NO_WAIT), TX_QUEUE_EMPTY);

    txtest_thread_create(&helper[1], "receiver", receiver_entry, 1, 10);
    assert_int_equal(tx_queue_flush(&queue), TX_SUCCESS);
    assert_int_equal(seen.done[1], 0);
    assert_int_equal(queue_waiters(&queue), 1);
    value = 12;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(seen.done[1], 1);
    assert_int_equal(seen.message[1][0], 12);
}

/* Waiters are served in FIFO order; prioritize moves the most important one to the front. */
static void test_fifo_and_prioritize(void **state)
{
    TX_THREAD *first;
    ULONG value;
    UINT i;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "prio", 1, storage, sizeof(ULONG)), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    /* Arrival order: prio 12, 8, 10, 14. */
    txtest_thread_create(&helper[0], "r12", receiver_entry, 0, 12);
    txtest_thread_create(&helper[1], "r8", receiver_entry, 1, 8);
    txtest_thread_create(&helper[2], "r10", receiver_entry, 2, 10);
    txtest_thread_create(&helper[3], "r14", receiver_entry, 3, 14);
    assert_int_equal(tx_queue_info_get(&queue, TX_NULL, TX_NULL, TX_NULL, &first, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_ptr_equal(first, &helper[0]);

    /* FIFO: the first to wait gets the first message regardless of priority. */
    value = 100;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.message[0][0], 100);

    assert_int_equal(tx_queue_prioritize(&queue), TX_SUCCESS);
    assert_int_equal(tx_queue_info_get(&queue, TX_NULL, TX_NULL, TX_NULL, &first, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_ptr_equal(first, &helper[1]);
    value = 101;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(seen.done[1], 1);
    assert_int_equal(seen.message[1][0], 101);
    /* The rest kept their order: 10 then 14. */
    value = 102;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(seen.message[2][0], 102);
    value = 103;
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(seen.message[3][0], 103);
    for (i = 0; i < 4; i++) {
        assert_int_equal(seen.status[i], TX_SUCCESS);
    }
}

/* From an ISR: send/receive without waiting work, waiting is a TX_WAIT_ERROR, create/delete and
 * notify registration are TX_CALLER_ERROR. */
static struct {
    UINT send, receive, send_wait, receive_wait, front_send, create, delete_, notify, flush;
    ULONG out;
} isr;

static VOID queue_isr(VOID *arg)
{
    ULONG value = 0xABC;

    (void)arg;
    isr.send = tx_queue_send(&queue, &value, TX_NO_WAIT);
    isr.send_wait = _txe_queue_send(&queue, &value, 10);
    isr.front_send = tx_queue_front_send(&queue, &value, TX_NO_WAIT);
    isr.receive = tx_queue_receive(&queue, &isr.out, TX_NO_WAIT);
    isr.receive_wait = _txe_queue_receive(&queue, &isr.out, TX_WAIT_FOREVER);
    isr.create = _txe_queue_create(&queue2, "isr", 1, storage, sizeof(storage), sizeof(TX_QUEUE));
    isr.delete_ = _txe_queue_delete(&queue);
    isr.notify = _txe_queue_send_notify(&queue, TX_NULL);
    isr.flush = tx_queue_flush(&queue);
}

static void test_isr_rules(void **state)
{
    (void)state;
    assert_int_equal(tx_queue_create(&queue, "isr", 1, storage, 4 * sizeof(ULONG)), TX_SUCCESS);
    tx_host_isr_run(queue_isr, TX_NULL);
    assert_int_equal(isr.send, TX_SUCCESS);
    assert_int_equal(isr.send_wait, TX_WAIT_ERROR);
    assert_int_equal(isr.front_send, TX_SUCCESS);
    assert_int_equal(isr.receive, TX_SUCCESS);
    assert_int_equal(isr.out, 0xABC);
    assert_int_equal(isr.receive_wait, TX_WAIT_ERROR);
    assert_int_equal(isr.create, TX_CALLER_ERROR);
    assert_int_equal(isr.delete_, TX_CALLER_ERROR);
    /* ThreadX: tx_queue_send_notify is allowed from ISRs and has no TX_CALLER_ERROR. */
    assert_int_equal(isr.notify, TX_SUCCESS);
    assert_int_equal(isr.flush, TX_SUCCESS);
    assert_int_equal(queue.tx_queue_id, TX_QUEUE_ID);
    assert_int_not_equal(queue2.tx_queue_id, TX_QUEUE_ID);
}

/* An ISR sending to a waiting higher-priority receiver switches to it on ISR exit. */
static VOID send_isr(VOID *arg)
{
    ULONG value = 0x77;

    (void)arg;
    isr.send = tx_queue_send(&queue, &value, TX_NO_WAIT);
    /* Still in the ISR: the receiver cannot have run yet. */
    isr.out = seen.done[0];
}

static void test_isr_wakes_receiver(void **state)
{
    (void)state;
    assert_int_equal(tx_queue_create(&queue, "isr", 1, storage, 4 * sizeof(ULONG)), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&helper[0], "receiver", receiver_entry, 0, 10);
    tx_host_isr_run(send_isr, TX_NULL);
    assert_int_equal(isr.send, TX_SUCCESS);
    assert_int_equal(isr.out, 0);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.message[0][0], 0x77);
}

/* An application timer's expiry function runs in ISR context: no waiting, no create/delete. */
static TX_TIMER timer;

static VOID queue_timer_expiry(ULONG input)
{
    ULONG value = input;

    isr.send = tx_queue_send(&queue, &value, TX_NO_WAIT);
    isr.send_wait = _txe_queue_send(&queue, &value, 1);
    isr.receive_wait = _txe_queue_receive(&queue, &isr.out, TX_WAIT_FOREVER);
    isr.delete_ = _txe_queue_delete(&queue);
    isr.flush = 1;
}

static void test_timer_context(void **state)
{
    ULONG out;

    (void)state;
    memset(&isr, 0, sizeof(isr));
    assert_int_equal(tx_queue_create(&queue, "timer", 1, storage, 4 * sizeof(ULONG)), TX_SUCCESS);
    assert_int_equal(
        tx_timer_create(&timer, "t", queue_timer_expiry, 0x5150, 2, 0, TX_AUTO_ACTIVATE),
        TX_SUCCESS);
    tx_host_ticks_advance(2);
    assert_int_equal(isr.flush, 1);
    assert_int_equal(isr.send, TX_SUCCESS);
    assert_int_equal(isr.send_wait, TX_WAIT_ERROR);
    assert_int_equal(isr.receive_wait, TX_WAIT_ERROR);
    assert_int_equal(isr.delete_, TX_CALLER_ERROR);
    assert_int_equal(tx_queue_receive(&queue, &out, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(out, 0x5150);
}

static VOID count_notify(TX_QUEUE *q)
{
    notify_calls++;
    notify_queue = q;
}

static void test_send_notify(void **state)
{
    ULONG value = 3;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "notify", 1, storage, 2 * sizeof(ULONG)), TX_SUCCESS);
    assert_int_equal(tx_queue_send_notify(&queue, count_notify), TX_SUCCESS);
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(notify_calls, 1);
    assert_ptr_equal(notify_queue, &queue);
    assert_int_equal(tx_queue_front_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(notify_calls, 2);
    /* A refused send does not notify. */
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_QUEUE_FULL);
    assert_int_equal(notify_calls, 2);
    assert_int_equal(tx_queue_receive(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_queue_receive(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    /* Hand-off to a waiting receiver notifies too. */
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&helper[0], "receiver", receiver_entry, 0, 10);
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(notify_calls, 3);
    /* Unregistered: no more calls. */
    assert_int_equal(tx_queue_send_notify(&queue, TX_NULL), TX_SUCCESS);
    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(notify_calls, 3);
}

/* The created list and the system-wide counters. */
static void test_created_list_and_counters(void **state)
{
    ULONG sent0, received0, sent1, received1, empty1, full1, errors1, timeouts1;
    ULONG sent, received, empty, full, errors, timeouts;
    TX_QUEUE *next;
    ULONG value = 9;
    ULONG before = _tx_queue_created_count;

    (void)state;
    assert_int_equal(tx_queue_performance_system_info_get(&sent0, &received0, TX_NULL, TX_NULL,
                                                          TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_queue_create(&queue, "one", 1, storage, 8 * sizeof(ULONG)), TX_SUCCESS);
    assert_int_equal(tx_queue_create(&queue2, "two", 1, storage + 8, 8 * sizeof(ULONG)),
                     TX_SUCCESS);
    assert_int_equal(_tx_queue_created_count, before + 2);
    assert_int_equal(tx_queue_info_get(&queue, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
                     TX_SUCCESS);
    assert_ptr_equal(next, &queue2);
    assert_int_equal(tx_queue_info_get(&queue2, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
                     TX_SUCCESS);
    assert_ptr_equal(next, &queue);

    assert_int_equal(tx_queue_send(&queue, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_queue_send(&queue2, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_queue_receive(&queue2, &value, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_queue_receive(&queue2, &value, TX_NO_WAIT), TX_QUEUE_EMPTY);
    assert_int_equal(
        tx_queue_performance_info_get(&queue2, &sent, &received, &empty, &full, &errors, &timeouts),
        TX_SUCCESS);
    assert_int_equal(sent, 1);
    assert_int_equal(received, 1);
    assert_int_equal(empty + full + errors + timeouts, 0);
    assert_int_equal(tx_queue_performance_system_info_get(&sent1, &received1, &empty1, &full1,
                                                          &errors1, &timeouts1),
                     TX_SUCCESS);
    assert_int_equal(sent1 - sent0, 2);
    assert_int_equal(received1 - received0, 1);

    assert_int_equal(tx_queue_delete(&queue), TX_SUCCESS);
    assert_int_equal(_tx_queue_created_count, before + 1);
    assert_int_equal(tx_queue_info_get(&queue2, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
                     TX_SUCCESS);
    assert_ptr_equal(next, &queue2);
}

/* Waiting from the runner while a helper of lower priority feeds the queue later. */
static VOID late_sender_entry(ULONG index)
{
    ULONG value = 0xFEED;

    (void)index;
    tx_thread_sleep(4);
    seen.status[0] = tx_queue_send(&queue, &value, TX_NO_WAIT);
}

static void test_blocking_receive_in_runner(void **state)
{
    ULONG out = 0;
    ULONG start;

    (void)state;
    assert_int_equal(tx_queue_create(&queue, "late", 1, storage, sizeof(ULONG)), TX_SUCCESS);
    txtest_thread_create(&helper[0], "late sender", late_sender_entry, 0, 20);
    start = tx_time_get();
    assert_int_equal(tx_queue_receive(&queue, &out, TX_WAIT_FOREVER), TX_SUCCESS);
    assert_int_equal(out, 0xFEED);
    assert_int_equal(tx_time_get() - start, 4);
    assert_int_equal(seen.status[0], TX_SUCCESS);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_create_errors, teardown),
        cmocka_unit_test_teardown(test_sizes_fifo, teardown),
        cmocka_unit_test_teardown(test_wrap_and_front_send, teardown),
        cmocka_unit_test_teardown(test_receiver_handoff, teardown),
        cmocka_unit_test_teardown(test_senders_wait_when_full, teardown),
        cmocka_unit_test_teardown(test_receive_full_front_sender_first, teardown),
        cmocka_unit_test_teardown(test_timeouts, teardown),
        cmocka_unit_test_teardown(test_wait_abort, teardown),
        cmocka_unit_test_teardown(test_delete_with_waiters, teardown),
        cmocka_unit_test_teardown(test_flush, teardown),
        cmocka_unit_test_teardown(test_fifo_and_prioritize, teardown),
        cmocka_unit_test_teardown(test_isr_rules, teardown),
        cmocka_unit_test_teardown(test_isr_wakes_receiver, teardown),
        cmocka_unit_test_teardown(test_timer_context, teardown),
        cmocka_unit_test_teardown(test_send_notify, teardown),
        cmocka_unit_test_teardown(test_created_list_and_counters, teardown),
        cmocka_unit_test_teardown(test_blocking_receive_in_runner, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
