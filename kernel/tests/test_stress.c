/*
 * test_stress.c - randomized, seeded (reproducible) stress of the kernel objects.
 *
 * Eight worker threads (priorities 8..14, above the runner) loop over random operations on two
 * queues, three mutexes (two with priority inheritance), an event flags group, a block pool and
 * a byte pool, with random wait options (no wait or a few ticks). The runner drives virtual time
 * one tick at a time; since every worker has a higher priority, whenever the runner runs all
 * workers are blocked, and that is where it checks the kernel's invariants:
 *   - ready lists: every thread on the list of its priority is TX_READY, links and priority map
 *     agree, and every TX_READY thread is on one;
 *   - suspension lists: lengths equal the suspended counts, members are in the right state and
 *     point back at the object; nobody waits for what is available (queue, block pool, event
 *     flags, first byte-pool waiter);
 *   - mutexes: owner lists and counts, and every thread's priority equals its own priority
 *     raised by the waiters of the inherit mutexes it owns;
 *   - pools: free + held blocks = total; the byte pool chain adds up to tx_byte_pool_available
 *     and tx_byte_pool_fragments; held memory keeps the pattern its holder wrote;
 *   - queues: no lost or duplicated message (counts and sums of sent - received = contents).
 * It also injects wait aborts, terminate/reset/resume of workers, and ISR activity.
 * Workers cannot use cmocka asserts: they record violations that the runner asserts on.
 * Three seeded runs; XENRTOS_STRESS_SEED=<number> replaces the third seed (exploration, and
 * replay: every run prints its seed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "txtest.h"
#include "tx_byte_pool.h"

#define WORKERS     8
#define QUEUES      2
#define MUTEXES     3
#define MAX_HELD    4
#define TICKS       600
#define QUEUE_WORDS 4
#define ISR_ID      100u

static const ULONG seeds[] = {0x5EED0001u, 0xC0FFEE42u, 0x1234ABCDu};

static TX_THREAD worker[WORKERS];
static TX_QUEUE queue[QUEUES];
static TX_MUTEX mutex[MUTEXES];
static TX_EVENT_FLAGS_GROUP flags;
static TX_BLOCK_POOL blocks;
static TX_BYTE_POOL bytes;

static ULONG queue_memory[QUEUES][6 * QUEUE_WORDS];
static ALIGN_TYPE block_memory[6 * (32 + sizeof(VOID *)) / sizeof(ALIGN_TYPE)];
static ALIGN_TYPE byte_memory[1536 / sizeof(ALIGN_TYPE)];

struct held_memory {
    UCHAR *ptr;
    ULONG size;
};

static struct {
    ULONG rng[WORKERS];
    UINT mutex_held[WORKERS][MUTEXES];
    UCHAR *block_held[WORKERS][MAX_HELD];
    struct held_memory byte_held[WORKERS][MAX_HELD];
    ULONG ops[WORKERS];

    ULONG next_sequence;
    ULONG64 sent_sum[QUEUES];
    ULONG64 received_sum[QUEUES];
    ULONG sent[QUEUES];
    ULONG received[QUEUES];

    /* A byte-pool waiter left other than by being served (timeout, abort, terminate): the new
     * first waiter may fit already; it is served at the next release (as in ThreadX). */
    UINT byte_head_may_fit;
    /* What the flags must be once every released waiter has run: sets are applied before the
     * call, clears by whoever cleared after its get returned. */
    ULONG flags_model;

    ULONG violations;
    char first_violation[160];
} st;

static ULONG runner_rng;

static ULONG next_random(ULONG *state)
{
    /* xorshift32: small, good enough, the same on every host. */
    ULONG x = *state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static void violation(const char *what, ULONG who, ULONG value)
{
    if (st.violations++ == 0) {
        snprintf(st.first_violation, sizeof(st.first_violation), "%s (thread %lu, value 0x%lx)",
                 what, (unsigned long)who, (unsigned long)value);
    }
}

static ULONG queue_words(UINT q)
{
    return (q == 0) ? QUEUE_WORDS : 1;
}

/* Messages: [sender, sequence, ~sequence, sender ^ sequence]; a 1-word queue carries the
 * sequence only. Sums of sequences track what is in flight. */
static void message_build(UINT q, ULONG sender, ULONG *msg)
{
    ULONG seq = ++st.next_sequence;

    if (queue_words(q) == 1) {
        msg[0] = seq;
        return;
    }
    msg[0] = sender;
    msg[1] = seq;
    msg[2] = ~seq;
    msg[3] = sender ^ seq;
}

static ULONG message_sequence(UINT q, const ULONG *msg)
{
    return (queue_words(q) == 1) ? msg[0] : msg[1];
}

static UINT message_intact(UINT q, const ULONG *msg)
{
    if (queue_words(q) == 1) {
        return (msg[0] != 0) && (msg[0] <= st.next_sequence);
    }
    return (msg[2] == ~msg[1]) && (msg[3] == (msg[0] ^ msg[1])) &&
           ((msg[0] < WORKERS) || (msg[0] == ISR_ID));
}

static ULONG pick_wait(ULONG *rng)
{
    ULONG r = next_random(rng) % 10;

    return (r < 4) ? TX_NO_WAIT : (1 + r % 4);
}

/* ---- Worker operations ---------------------------------------------------------------------- */

static void op_send(ULONG me, ULONG *rng)
{
    UINT q = next_random(rng) % QUEUES;
    ULONG msg[QUEUE_WORDS];
    ULONG wait = pick_wait(rng);
    UINT front = (next_random(rng) % 4) == 0;
    UINT status;

    message_build(q, me, msg);
    status =
        front ? tx_queue_front_send(&queue[q], msg, wait) : tx_queue_send(&queue[q], msg, wait);
    if (status == TX_SUCCESS) {
        st.sent[q]++;
        st.sent_sum[q] += message_sequence(q, msg);
    } else if ((status != TX_QUEUE_FULL) && (status != TX_WAIT_ABORTED)) {
        violation("queue send status", me, status);
    }
}

static void op_receive(ULONG me, ULONG *rng)
{
    UINT q = next_random(rng) % QUEUES;
    ULONG msg[QUEUE_WORDS + 1];
    UINT status;

    msg[queue_words(q)] = 0xCAFEF00D;
    status = tx_queue_receive(&queue[q], msg, pick_wait(rng));
    if (status == TX_SUCCESS) {
        if (!message_intact(q, msg)) {
            violation("corrupt message", me, msg[0]);
        }
        if (msg[queue_words(q)] != 0xCAFEF00D) {
            violation("receive wrote past the message", me, q);
        }
        st.received[q]++;
        st.received_sum[q] += message_sequence(q, msg);
    } else if ((status != TX_QUEUE_EMPTY) && (status != TX_WAIT_ABORTED)) {
        violation("queue receive status", me, status);
    }
}

static void op_mutex_get(ULONG me, ULONG *rng)
{
    UINT m = next_random(rng) % MUTEXES;
    UINT status = tx_mutex_get(&mutex[m], pick_wait(rng));

    if (status == TX_SUCCESS) {
        st.mutex_held[me][m]++;
        if ((mutex[m].tx_mutex_owner != &worker[me]) ||
            (mutex[m].tx_mutex_ownership_count != st.mutex_held[me][m])) {
            violation("mutex owner/count after get", me, m);
        }
    } else if ((status != TX_NOT_AVAILABLE) && (status != TX_WAIT_ABORTED)) {
        violation("mutex get status", me, status);
    }
}

static void op_mutex_put(ULONG me, ULONG *rng)
{
    UINT m = next_random(rng) % MUTEXES;
    UINT status = tx_mutex_put(&mutex[m]);

    if (st.mutex_held[me][m] != 0) {
        if (status != TX_SUCCESS) {
            violation("mutex put by owner", me, status);
        }
        st.mutex_held[me][m]--;
    } else if (status != TX_NOT_OWNED) {
        violation("mutex put by non-owner", me, status);
    }
}

static UINT flags_satisfy(ULONG current, ULONG requested, UINT option)
{
    return ((option & TX_AND) != 0) ? ((current & requested) == requested)
                                    : ((current & requested) != 0);
}

/*
 * The model of an OR set: every waiter is judged against the flags right after the set, and
 * the clears of those it releases apply together. Called with nothing else able to run between
 * it and the set itself (no tick arrives while a worker runs: the runner drives time).
 */
static void flags_model_set(ULONG bits, UINT option)
{
    TX_THREAD *w = flags.tx_event_flags_group_suspension_list;
    ULONG current;
    ULONG clear = 0;
    UINT k;

    if (option == TX_AND) {
        st.flags_model &= bits;
        return;
    }
    current = st.flags_model | bits;
    for (k = 0; k < flags.tx_event_flags_group_suspended_count; k++) {
        if (flags_satisfy(current, w->tx_thread_suspend_info, w->tx_thread_suspend_option) &&
            ((w->tx_thread_suspend_option & TX_OR_CLEAR) != 0)) {
            clear |= w->tx_thread_suspend_info;
        }
        w = w->tx_thread_suspended_next;
    }
    st.flags_model = current & ~clear;
}

static void op_flags_set(ULONG me, ULONG *rng)
{
    ULONG bits = (ULONG)1 << (next_random(rng) % 8);
    UINT option = (next_random(rng) % 8 == 0) ? TX_AND : TX_OR;
    UINT status;

    if (option == TX_AND) {
        bits = ~bits;
    }
    flags_model_set(bits, option);
    status = tx_event_flags_set(&flags, bits, option);
    if (status != TX_SUCCESS) {
        violation("flags set status", me, status);
    }
}

static void op_flags_get(ULONG me, ULONG *rng)
{
    ULONG requested = ((ULONG)1 << (next_random(rng) % 8)) | ((ULONG)1 << (next_random(rng) % 8));
    UINT option = next_random(rng) % 4;
    ULONG wait = pick_wait(rng);
    ULONG actual = 0;
    /* What the model says decides the outcome when the flags are there already. */
    UINT immediate = flags_satisfy(st.flags_model, requested, option);
    UINT status = tx_event_flags_get(&flags, requested, option, &actual, wait);

    if (status == TX_SUCCESS) {
        if (!flags_satisfy(actual, requested, option)) {
            violation("flags get returned unsatisfying flags", me, actual);
        }
        /* A waiter's clear was part of the set that released it (flags_model_set). */
        if (immediate && ((option & TX_OR_CLEAR) != 0)) {
            st.flags_model &= ~requested;
        }
    } else if ((status != TX_NO_EVENTS) && (status != TX_WAIT_ABORTED)) {
        violation("flags get status", me, status);
    }
    if (immediate && (status != TX_SUCCESS)) {
        violation("flags get refused flags that were set", me, status);
    }
    if (!immediate && (wait == TX_NO_WAIT) && (status != TX_NO_EVENTS)) {
        violation("flags get without the flags", me, status);
    }
}

static void op_block(ULONG me, ULONG *rng)
{
    UINT slot = next_random(rng) % MAX_HELD;
    UCHAR **held = &st.block_held[me][slot];
    UINT status;
    UINT i;

    if (*held != TX_NULL) {
        for (i = 0; i < 32; i++) {
            if ((*held)[i] != (UCHAR)(0xB0 + me)) {
                violation("block pattern overwritten", me, i);
                break;
            }
        }
        status = tx_block_release(*held);
        if (status != TX_SUCCESS) {
            violation("block release status", me, status);
        }
        *held = TX_NULL;
        return;
    }
    VOID *b = TX_NULL;
    status = tx_block_allocate(&blocks, &b, pick_wait(rng));
    if (status == TX_SUCCESS) {
        if (((UCHAR *)b < (UCHAR *)block_memory) ||
            ((UCHAR *)b + 32 > (UCHAR *)block_memory + sizeof(block_memory))) {
            violation("block outside the pool", me, 0);
        }
        memset(b, 0xB0 + (int)me, 32);
        *held = b;
    } else if ((status != TX_NO_MEMORY) && (status != TX_WAIT_ABORTED)) {
        violation("block allocate status", me, status);
    }
}

static void op_bytes(ULONG me, ULONG *rng)
{
    UINT slot = next_random(rng) % MAX_HELD;
    struct held_memory *held = &st.byte_held[me][slot];
    UINT status;
    ULONG i;

    if (held->ptr != TX_NULL) {
        for (i = 0; i < held->size; i++) {
            if (held->ptr[i] != (UCHAR)(0xC0 + me)) {
                violation("byte memory pattern overwritten", me, i);
                break;
            }
        }
        status = tx_byte_release(held->ptr);
        if (status != TX_SUCCESS) {
            violation("byte release status", me, status);
        }
        held->ptr = TX_NULL;
        st.byte_head_may_fit = TX_FALSE;
        return;
    }
    VOID *m = TX_NULL;
    ULONG size = 1 + next_random(rng) % 300;
    ULONG wait = pick_wait(rng);
    status = tx_byte_allocate(&bytes, &m, size, wait);
    if ((status != TX_SUCCESS) && (wait != TX_NO_WAIT)) {
        st.byte_head_may_fit = TX_TRUE;
    }
    if (status == TX_SUCCESS) {
        memset(m, 0xC0 + (int)me, size);
        held->ptr = m;
        held->size = size;
    } else if ((status != TX_NO_MEMORY) && (status != TX_WAIT_ABORTED)) {
        violation("byte allocate status", me, status);
    }
}

static VOID worker_entry(ULONG me)
{
    ULONG *rng = &st.rng[me];
    UINT since_block = 0;

    for (;;) {
        switch (next_random(rng) % 11) {
        case 0:
        case 1:
            op_send(me, rng);
            break;
        case 2:
        case 3:
            op_receive(me, rng);
            break;
        case 4:
            op_mutex_get(me, rng);
            break;
        case 5:
            op_mutex_put(me, rng);
            break;
        case 6:
            op_flags_set(me, rng);
            break;
        case 7:
            op_flags_get(me, rng);
            break;
        case 8:
            op_block(me, rng);
            break;
        case 9:
            op_bytes(me, rng);
            break;
        default:
            tx_thread_relinquish();
            break;
        }
        st.ops[me]++;
        /* Block now and then so the runner (lowest priority) gets to tick. */
        if ((++since_block >= 4) || (next_random(rng) % 3 == 0)) {
            UINT status = tx_thread_sleep(1 + next_random(rng) % 2);

            if ((status != TX_SUCCESS) && (status != TX_WAIT_ABORTED)) {
                violation("sleep status", me, status);
            }
            since_block = 0;
        }
    }
}

/* ---- Invariants (runner, all workers blocked) ----------------------------------------------- */

static void check_ready_lists(void)
{
    ULONG on_lists = 0;
    ULONG ready = 0;
    TX_THREAD *t;
    ULONG i;
    UINT p;

    for (p = 0; p < TX_MAX_PRIORITIES; p++) {
        TX_THREAD *head = _tx_thread_priority_list[p];
        UINT bit = (_tx_thread_priority_maps[p / 32] >> (p % 32)) & 1u;
        ULONG n = 0;

        if (head == TX_NULL) {
            assert_int_equal(bit, 0);
            continue;
        }
        assert_int_equal(bit, 1);
        t = head;
        do {
            assert_int_equal(t->tx_thread_state, TX_READY);
            assert_int_equal(t->tx_thread_priority, p);
            assert_ptr_equal(t->tx_thread_ready_next->tx_thread_ready_previous, t);
            n++;
            assert_true(n <= _tx_thread_created_count);
            t = t->tx_thread_ready_next;
        } while (t != head);
        on_lists += n;
    }
    t = _tx_thread_created_ptr;
    for (i = 0; i < _tx_thread_created_count; i++) {
        if (t->tx_thread_state == TX_READY) {
            ready++;
        }
        t = t->tx_thread_created_next;
    }
    assert_int_equal(on_lists, ready);
    /* Only the runner can be ready: the workers are all of higher priority. */
    assert_int_equal(ready, 1);
    assert_int_equal(txtest_runner.tx_thread_state, TX_READY);
}

static ULONG check_suspension_list(TX_THREAD *list, UINT count, VOID *object, UINT state)
{
    TX_THREAD *t = list;
    ULONG n = 0;

    if (list != TX_NULL) {
        do {
            assert_ptr_equal(t->tx_thread_suspend_control_block, object);
            assert_int_equal(t->tx_thread_state, state);
            assert_ptr_equal(t->tx_thread_suspended_next->tx_thread_suspended_previous, t);
            n++;
            assert_true(n <= WORKERS);
            t = t->tx_thread_suspended_next;
        } while (t != list);
    }
    assert_int_equal(n, count);
    return n;
}

static ULONG64 queue_content_sum(UINT q)
{
    TX_QUEUE *qp = &queue[q];
    ULONG *read = qp->tx_queue_read;
    ULONG64 sum = 0;
    UINT i;

    for (i = 0; i < qp->tx_queue_enqueued; i++) {
        assert_true(message_intact(q, read));
        sum += message_sequence(q, read);
        read += qp->tx_queue_message_size;
        if (read == qp->tx_queue_end) {
            read = qp->tx_queue_start;
        }
    }
    return sum;
}

static void check_queues(ULONG *waiting)
{
    UINT q;

    for (q = 0; q < QUEUES; q++) {
        TX_QUEUE *qp = &queue[q];

        assert_int_equal(qp->tx_queue_enqueued + qp->tx_queue_available_storage,
                         qp->tx_queue_capacity);
        waiting[TX_QUEUE_SUSP] += check_suspension_list(
            qp->tx_queue_suspension_list, qp->tx_queue_suspended_count, qp, TX_QUEUE_SUSP);
        if (qp->tx_queue_suspended_count != 0) {
            /* Receivers wait only on an empty queue, senders only on a full one. */
            assert_true((qp->tx_queue_enqueued == 0) || (qp->tx_queue_available_storage == 0));
        }
        assert_int_equal(st.sent[q] - st.received[q], qp->tx_queue_enqueued);
        assert_true(st.sent_sum[q] - st.received_sum[q] == queue_content_sum(q));
    }
}

static void check_mutexes(ULONG *waiting)
{
    TX_THREAD *t;
    ULONG i;
    UINT m;

    for (m = 0; m < MUTEXES; m++) {
        TX_MUTEX *mp = &mutex[m];

        waiting[TX_MUTEX_SUSP] += check_suspension_list(
            mp->tx_mutex_suspension_list, mp->tx_mutex_suspended_count, mp, TX_MUTEX_SUSP);
        if (mp->tx_mutex_ownership_count == 0) {
            assert_null(mp->tx_mutex_owner);
            assert_int_equal(mp->tx_mutex_suspended_count, 0);
        } else {
            TX_THREAD *owner = mp->tx_mutex_owner;
            ULONG index = (ULONG)(owner - worker);

            assert_true(index < WORKERS);
            assert_int_equal(st.mutex_held[index][m], mp->tx_mutex_ownership_count);
            assert_ptr_not_equal(mp->tx_mutex_suspension_list, owner);
        }
    }
    for (i = 0; i < WORKERS; i++) {
        for (m = 0; m < MUTEXES; m++) {
            if (st.mutex_held[i][m] != 0) {
                assert_ptr_equal(mutex[m].tx_mutex_owner, &worker[i]);
            }
        }
    }
    /* Owned lists and inherited priorities of every thread. */
    t = _tx_thread_created_ptr;
    for (i = 0; i < _tx_thread_created_count; i++) {
        TX_MUTEX *mp = t->tx_thread_owned_mutex_list;
        UINT expected = t->tx_thread_user_priority;
        UINT n;

        for (n = 0; n < t->tx_thread_owned_mutex_count; n++) {
            assert_ptr_equal(mp->tx_mutex_owner, t);
            if (mp->tx_mutex_inherit == TX_INHERIT) {
                TX_THREAD *w = mp->tx_mutex_suspension_list;
                UINT k;

                for (k = 0; k < mp->tx_mutex_suspended_count; k++) {
                    if (w->tx_thread_priority < expected) {
                        expected = w->tx_thread_priority;
                    }
                    w = w->tx_thread_suspended_next;
                }
            }
            mp = mp->tx_mutex_owned_next;
        }
        assert_ptr_equal(mp, t->tx_thread_owned_mutex_list); /* the list is that long */
        assert_int_equal(t->tx_thread_priority, expected);
        t = t->tx_thread_created_next;
    }
}

static void check_flags(ULONG *waiting)
{
    TX_THREAD *w = flags.tx_event_flags_group_suspension_list;
    ULONG current = flags.tx_event_flags_group_current;
    UINT k;

    waiting[TX_EVENT_FLAG] +=
        check_suspension_list(flags.tx_event_flags_group_suspension_list,
                              flags.tx_event_flags_group_suspended_count, &flags, TX_EVENT_FLAG);
    assert_int_equal(current, st.flags_model);
    for (k = 0; k < flags.tx_event_flags_group_suspended_count; k++) {
        /* It would have been released. */
        assert_false(
            flags_satisfy(current, w->tx_thread_suspend_info, w->tx_thread_suspend_option));
        w = w->tx_thread_suspended_next;
    }
}

static void check_block_pool(ULONG *waiting)
{
    UCHAR *free_block = blocks.tx_block_pool_available_list;
    ULONG free_count = 0;
    ULONG held = 0;
    ULONG i, s;

    waiting[TX_BLOCK_MEMORY] +=
        check_suspension_list(blocks.tx_block_pool_suspension_list,
                              blocks.tx_block_pool_suspended_count, &blocks, TX_BLOCK_MEMORY);
    while (free_block != TX_NULL) {
        assert_true(free_block >= (UCHAR *)block_memory);
        assert_true(free_block < (UCHAR *)block_memory + sizeof(block_memory));
        free_count++;
        assert_true(free_count <= blocks.tx_block_pool_total);
        free_block = *(UCHAR **)(VOID *)free_block;
    }
    assert_int_equal(free_count, blocks.tx_block_pool_available);
    for (i = 0; i < WORKERS; i++) {
        for (s = 0; s < MAX_HELD; s++) {
            if (st.block_held[i][s] != TX_NULL) {
                held++;
                assert_ptr_equal(((VOID **)st.block_held[i][s])[-1], &blocks);
            }
        }
    }
    assert_int_equal(free_count + held, blocks.tx_block_pool_total);
    if (blocks.tx_block_pool_suspended_count != 0) {
        assert_int_equal(blocks.tx_block_pool_available, 0);
    }
}

static void check_byte_pool(ULONG *waiting)
{
    UCHAR *start = bytes.tx_byte_pool_start;
    UCHAR *end_marker = start + bytes.tx_byte_pool_size - TX_BYTE_HEADER_SIZE;
    UCHAR *block = start;
    ULONG count = 0;
    ULONG free_bytes = 0;
    ULONG allocated = 0;
    ULONG held = 0;
    ULONG run = 0;
    ULONG largest_run = 0;
    UINT search_seen = 0;
    ULONG i, s;

    waiting[TX_BYTE_MEMORY] +=
        check_suspension_list(bytes.tx_byte_pool_suspension_list,
                              bytes.tx_byte_pool_suspended_count, &bytes, TX_BYTE_MEMORY);
    for (;;) {
        count++;
        assert_true(count <= bytes.tx_byte_pool_fragments);
        search_seen |= (block == bytes.tx_byte_pool_search);
        if (block == end_marker) {
            assert_ptr_equal(_tx_byte_block_next(block), start);
            break;
        }
        assert_true(_tx_byte_block_next(block) > block);
        if (_tx_byte_block_owner(block) == TX_BYTE_BLOCK_FREE) {
            free_bytes += _tx_byte_block_usable(block) + TX_BYTE_HEADER_SIZE; /* ThreadX */
            /* A run of adjacent free blocks is what a search could merge. */
            run = (run == 0) ? _tx_byte_block_usable(block)
                             : run + TX_BYTE_HEADER_SIZE + _tx_byte_block_usable(block);
            if (run > largest_run) {
                largest_run = run;
            }
        } else {
            assert_int_equal(_tx_byte_block_owner(block), (ALIGN_TYPE)&bytes);
            allocated++;
            run = 0;
        }
        block = _tx_byte_block_next(block);
    }
    assert_int_equal(count, bytes.tx_byte_pool_fragments);
    assert_int_equal(free_bytes, bytes.tx_byte_pool_available);
    assert_true(search_seen);
    for (i = 0; i < WORKERS; i++) {
        for (s = 0; s < MAX_HELD; s++) {
            UCHAR *p = st.byte_held[i][s].ptr;

            if (p != TX_NULL) {
                held++;
                assert_int_equal(_tx_byte_block_owner(p - TX_BYTE_HEADER_SIZE), (ALIGN_TYPE)&bytes);
                assert_true(_tx_byte_block_usable(p - TX_BYTE_HEADER_SIZE) >=
                            st.byte_held[i][s].size);
            }
        }
    }
    assert_int_equal(held, allocated);
    /* The first waiter does not fit anywhere (else a release would have served it). */
    if ((bytes.tx_byte_pool_suspension_list != TX_NULL) && !st.byte_head_may_fit) {
        assert_true(bytes.tx_byte_pool_suspension_list->tx_thread_suspend_info > largest_run);
    }
}

static void check_invariants(void)
{
    ULONG waiting[TX_PRIORITY_CHANGE + 1] = {0};
    ULONG states[TX_PRIORITY_CHANGE + 1] = {0};
    TX_THREAD *t = _tx_thread_created_ptr;
    ULONG i;

    if (st.violations != 0) {
        fail_msg("%lu violations, first: %s", (unsigned long)st.violations, st.first_violation);
    }
    check_ready_lists();
    check_queues(waiting);
    check_mutexes(waiting);
    check_flags(waiting);
    check_block_pool(waiting);
    check_byte_pool(waiting);
    /* Every thread waiting on an object is on that object's list. */
    for (i = 0; i < _tx_thread_created_count; i++) {
        if (t->tx_thread_state <= TX_PRIORITY_CHANGE) {
            states[t->tx_thread_state]++;
        }
        t = t->tx_thread_created_next;
    }
    assert_int_equal(states[TX_QUEUE_SUSP], waiting[TX_QUEUE_SUSP]);
    assert_int_equal(states[TX_MUTEX_SUSP], waiting[TX_MUTEX_SUSP]);
    assert_int_equal(states[TX_EVENT_FLAG], waiting[TX_EVENT_FLAG]);
    assert_int_equal(states[TX_BLOCK_MEMORY], waiting[TX_BLOCK_MEMORY]);
    assert_int_equal(states[TX_BYTE_MEMORY], waiting[TX_BYTE_MEMORY]);
}

/* ---- Chaos from the runner ------------------------------------------------------------------ */

/* Give back what worker `w` holds (it has been terminated): its mutexes went with it. */
static void reclaim(ULONG w)
{
    ULONG s;

    for (s = 0; s < MAX_HELD; s++) {
        if (st.block_held[w][s] != TX_NULL) {
            assert_int_equal(tx_block_release(st.block_held[w][s]), TX_SUCCESS);
            st.block_held[w][s] = TX_NULL;
        }
        if (st.byte_held[w][s].ptr != TX_NULL) {
            assert_int_equal(tx_byte_release(st.byte_held[w][s].ptr), TX_SUCCESS);
            st.byte_held[w][s].ptr = TX_NULL;
            st.byte_head_may_fit = TX_FALSE;
        }
    }
    memset(st.mutex_held[w], 0, sizeof(st.mutex_held[w]));
}

static VOID stress_isr(VOID *arg)
{
    ULONG msg[QUEUE_WORDS + 1];
    UINT q = (UINT)(ALIGN_TYPE)arg;

    message_build(q, ISR_ID, msg);
    if (tx_queue_send(&queue[q], msg, TX_NO_WAIT) == TX_SUCCESS) {
        st.sent[q]++;
        st.sent_sum[q] += message_sequence(q, msg);
    }
    if (tx_queue_receive(&queue[q ^ 1], msg, TX_NO_WAIT) == TX_SUCCESS) {
        if (!message_intact(q ^ 1, msg)) {
            violation("corrupt message (isr)", ISR_ID, msg[0]);
        }
        st.received[q ^ 1]++;
        st.received_sum[q ^ 1] += message_sequence(q ^ 1, msg);
    }
    flags_model_set(0xF0, TX_OR);
    if (tx_event_flags_set(&flags, 0xF0, TX_OR) != TX_SUCCESS) {
        violation("flags set (isr)", ISR_ID, 0);
    }
    /* The checking layer refuses it in every build variant. */
    if (_txe_mutex_get(&mutex[0], TX_NO_WAIT) != TX_CALLER_ERROR) {
        violation("mutex get from isr allowed", ISR_ID, 0);
    }
}

static void chaos(ULONG tick)
{
    ULONG w = next_random(&runner_rng) % WORKERS;
    UINT state = worker[w].tx_thread_state;

    if (tick % 7 == 3) {
        UINT status = tx_thread_wait_abort(&worker[w]);

        /* Only a sleeping or waiting worker can be aborted. */
        if ((state == TX_READY) || (state == TX_SUSPENDED) || (state == TX_TERMINATED) ||
            (state == TX_COMPLETED)) {
            assert_int_equal(status, TX_WAIT_ABORT_ERROR);
        } else {
            assert_int_equal(status, TX_SUCCESS);
        }
    }
    if (tick % 53 == 17) {
        if (state == TX_BYTE_MEMORY) {
            st.byte_head_may_fit = TX_TRUE;
        }
        assert_int_equal(tx_thread_terminate(&worker[w]), TX_SUCCESS);
        assert_int_equal(worker[w].tx_thread_owned_mutex_count, 0);
        reclaim(w);
        assert_int_equal(tx_thread_reset(&worker[w]), TX_SUCCESS);
        assert_int_equal(tx_thread_resume(&worker[w]), TX_SUCCESS);
    }
    if (tick % 11 == 5) {
        tx_host_isr_run(stress_isr, (VOID *)(ALIGN_TYPE)(tick & 1));
    }
}

static void create_objects(void)
{
    UINT q, m;

    memset(&st, 0, sizeof(st));
    for (q = 0; q < QUEUES; q++) {
        assert_int_equal(tx_queue_create(&queue[q], "stress queue", (UINT)queue_words(q),
                                         queue_memory[q],
                                         (q == 0) ? sizeof(queue_memory[q]) : 3 * sizeof(ULONG)),
                         TX_SUCCESS);
    }
    for (m = 0; m < MUTEXES; m++) {
        assert_int_equal(
            tx_mutex_create(&mutex[m], "stress mutex", (m < 2) ? TX_INHERIT : TX_NO_INHERIT),
            TX_SUCCESS);
    }
    assert_int_equal(tx_event_flags_create(&flags, "stress flags"), TX_SUCCESS);
    assert_int_equal(
        tx_block_pool_create(&blocks, "stress blocks", 32, block_memory, sizeof(block_memory)),
        TX_SUCCESS);
    assert_int_equal(tx_byte_pool_create(&bytes, "stress bytes", byte_memory, sizeof(byte_memory)),
                     TX_SUCCESS);
}

static void delete_objects(void)
{
    UINT q, m;

    for (q = 0; q < QUEUES; q++) {
        if (queue[q].tx_queue_id == TX_QUEUE_ID) {
            assert_int_equal(tx_queue_delete(&queue[q]), TX_SUCCESS);
        }
    }
    for (m = 0; m < MUTEXES; m++) {
        if (mutex[m].tx_mutex_id == TX_MUTEX_ID) {
            assert_int_equal(tx_mutex_delete(&mutex[m]), TX_SUCCESS);
        }
    }
    if (flags.tx_event_flags_group_id == TX_EVENT_FLAGS_ID) {
        assert_int_equal(tx_event_flags_delete(&flags), TX_SUCCESS);
    }
    if (blocks.tx_block_pool_id == TX_BLOCK_POOL_ID) {
        assert_int_equal(tx_block_pool_delete(&blocks), TX_SUCCESS);
    }
    if (bytes.tx_byte_pool_id == TX_BYTE_POOL_ID) {
        assert_int_equal(tx_byte_pool_delete(&bytes), TX_SUCCESS);
    }
}

static int teardown(void **state)
{
    int result = txtest_teardown(state);

    delete_objects();
    return result;
}

static void run_seed(ULONG seed)
{
    static const UINT priorities[WORKERS] = {8, 9, 10, 10, 11, 12, 12, 14};
    ULONG before[8], after[8];
    ULONG tick, w;
    VOID *all;

    print_message("stress: seed 0x%08lx\n", (unsigned long)seed);
    create_objects();
    runner_rng = seed;
    for (w = 0; w < WORKERS; w++) {
        st.rng[w] = seed ^ (0x9E3779B9u * (ULONG)(w + 1));
        if (st.rng[w] == 0) {
            st.rng[w] = 1;
        }
    }
    tx_queue_performance_system_info_get(&before[0], &before[1], &before[2], &before[3], TX_NULL,
                                         &before[4]);
    tx_mutex_performance_system_info_get(TX_NULL, TX_NULL, &before[5], TX_NULL, TX_NULL,
                                         &before[6]);
    tx_byte_pool_performance_system_info_get(TX_NULL, TX_NULL, TX_NULL, &before[7], TX_NULL,
                                             TX_NULL, TX_NULL);

    for (w = 0; w < WORKERS; w++) {
        txtest_thread_create(&worker[w], "stress worker", worker_entry, w, priorities[w]);
    }
    for (tick = 0; tick < TICKS; tick++) {
        tx_host_ticks_advance(1);
        check_invariants();
        chaos(tick);
        check_invariants();
    }

    /* Stop the workers, give everything back, and the pools and queues must balance. */
    for (w = 0; w < WORKERS; w++) {
        assert_int_equal(tx_thread_terminate(&worker[w]), TX_SUCCESS);
        reclaim(w);
    }
    check_invariants();
    assert_int_equal(blocks.tx_block_pool_available, blocks.tx_block_pool_total);
    assert_int_equal(
        tx_byte_allocate(&bytes, &all, sizeof(byte_memory) - 2 * TX_BYTE_HEADER_SIZE, TX_NO_WAIT),
        TX_SUCCESS);
    assert_int_equal(bytes.tx_byte_pool_fragments, 2);
    assert_int_equal(tx_byte_release(all), TX_SUCCESS);
    for (w = 0; w < MUTEXES; w++) {
        assert_int_equal(mutex[w].tx_mutex_ownership_count, 0);
    }

    /* The run did exercise the interesting paths. */
    tx_queue_performance_system_info_get(&after[0], &after[1], &after[2], &after[3], TX_NULL,
                                         &after[4]);
    tx_mutex_performance_system_info_get(TX_NULL, TX_NULL, &after[5], TX_NULL, TX_NULL, &after[6]);
    tx_byte_pool_performance_system_info_get(TX_NULL, TX_NULL, TX_NULL, &after[7], TX_NULL, TX_NULL,
                                             TX_NULL);
    print_message("stress: sent %lu received %lu, empty/full suspensions %lu/%lu, queue timeouts "
                  "%lu, mutex suspensions %lu inheritances %lu, byte merges %lu\n",
                  (unsigned long)(after[0] - before[0]), (unsigned long)(after[1] - before[1]),
                  (unsigned long)(after[2] - before[2]), (unsigned long)(after[3] - before[3]),
                  (unsigned long)(after[4] - before[4]), (unsigned long)(after[5] - before[5]),
                  (unsigned long)(after[6] - before[6]), (unsigned long)(after[7] - before[7]));
    assert_true(after[0] - before[0] > 200);
    assert_true(after[2] - before[2] > 0);
    assert_true(after[3] - before[3] > 0);
    assert_true(after[4] - before[4] > 0);
    assert_true(after[5] - before[5] > 0);
    assert_true(after[6] - before[6] > 0);
    assert_true(after[7] - before[7] > 0);
    for (w = 0; w < WORKERS; w++) {
        assert_true(st.ops[w] > 20);
    }
    if (st.violations != 0) {
        fail_msg("seed 0x%08lx: %lu violations, first: %s", (unsigned long)seed,
                 (unsigned long)st.violations, st.first_violation);
    }
}

static void test_stress_seed_0(void **state)
{
    (void)state;
    run_seed(seeds[0]);
}

static void test_stress_seed_1(void **state)
{
    (void)state;
    run_seed(seeds[1]);
}

static void test_stress_seed_2_or_env(void **state)
{
    const char *text = getenv("XENRTOS_STRESS_SEED");

    (void)state;
    run_seed((text != NULL) ? (ULONG)strtoul(text, NULL, 0) : seeds[2]);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_stress_seed_0, teardown),
        cmocka_unit_test_teardown(test_stress_seed_1, teardown),
        cmocka_unit_test_teardown(test_stress_seed_2_or_env, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
