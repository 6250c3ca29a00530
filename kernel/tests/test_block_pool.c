/*
 * test_block_pool.c - fixed-size block pools: geometry (block size rounded to ALIGN_TYPE, one
 * owner pointer per block), allocate/release bookkeeping, blocks never overlap, hand-over to
 * waiting threads in FIFO order, prioritize, timeouts, wait abort, delete with waiters, release
 * of bad pointers, ISR rules and counters. Error paths call the _txe_ checks directly.
 */
#include <string.h>

#include "txtest.h"
#include "tx_internal.h"

#define WAITERS 3

static TX_BLOCK_POOL pool;
static TX_BLOCK_POOL pool2;
static ALIGN_TYPE memory[1024 / sizeof(ALIGN_TYPE)];
static TX_THREAD waiter[WAITERS];

static struct {
    UINT status[WAITERS];
    VOID *block[WAITERS];
    UINT done[WAITERS];
    UINT order[WAITERS];
    UINT finished;
    ULONG wait;
} seen;

static int teardown(void **state)
{
    int result = txtest_teardown(state);

    if (pool.tx_block_pool_id == TX_BLOCK_POOL_ID) {
        assert_int_equal(tx_block_pool_delete(&pool), TX_SUCCESS);
    }
    if (pool2.tx_block_pool_id == TX_BLOCK_POOL_ID) {
        assert_int_equal(tx_block_pool_delete(&pool2), TX_SUCCESS);
    }
    memset(&seen, 0, sizeof(seen));
    return result;
}

static VOID allocate_entry(ULONG i)
{
    seen.status[i] = tx_block_allocate(&pool, &seen.block[i], seen.wait);
    seen.done[i]++;
    seen.order[seen.finished++] = (UINT)i;
}

static ULONG available(TX_BLOCK_POOL *p)
{
    ULONG n = 0xDEAD;

    assert_int_equal(tx_block_pool_info_get(p, TX_NULL, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    return n;
}

static void test_errors(void **state)
{
    VOID *block;

    (void)state;
    assert_int_equal(
        _txe_block_pool_create(TX_NULL, "p", 16, memory, sizeof(memory), sizeof(TX_BLOCK_POOL)),
        TX_POOL_ERROR);
    assert_int_equal(
        _txe_block_pool_create(&pool, "p", 16, memory, sizeof(memory), sizeof(TX_BLOCK_POOL) + 8),
        TX_POOL_ERROR);
    assert_int_equal(
        _txe_block_pool_create(&pool, "p", 16, TX_NULL, sizeof(memory), sizeof(TX_BLOCK_POOL)),
        TX_PTR_ERROR);
    assert_int_equal(
        _txe_block_pool_create(&pool, "p", 0, memory, sizeof(memory), sizeof(TX_BLOCK_POOL)),
        TX_SIZE_ERROR);
    /* Not even one block with its owner pointer. */
    assert_int_equal(_txe_block_pool_create(&pool, "p", 16, memory, 16 + sizeof(VOID *) - 1,
                                            sizeof(TX_BLOCK_POOL)),
                     TX_SIZE_ERROR);
    assert_int_equal(
        _txe_block_pool_create(&pool, "p", 16, memory, 16 + sizeof(VOID *), sizeof(TX_BLOCK_POOL)),
        TX_SUCCESS);
    assert_int_equal(
        _txe_block_pool_create(&pool, "p", 16, memory, sizeof(memory), sizeof(TX_BLOCK_POOL)),
        TX_POOL_ERROR);
    assert_int_equal(_txe_block_allocate(&pool, TX_NULL, TX_NO_WAIT), TX_PTR_ERROR);
    assert_int_equal(tx_block_pool_delete(&pool), TX_SUCCESS);
    assert_int_equal(pool.tx_block_pool_id, 0);

    assert_int_equal(_txe_block_allocate(&pool, &block, TX_NO_WAIT), TX_POOL_ERROR);
    assert_int_equal(_txe_block_pool_delete(&pool), TX_POOL_ERROR);
    assert_int_equal(_txe_block_pool_prioritize(&pool), TX_POOL_ERROR);
    assert_int_equal(
        _txe_block_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_POOL_ERROR);
    assert_int_equal(_txe_block_allocate(TX_NULL, &block, TX_NO_WAIT), TX_POOL_ERROR);
    assert_int_equal(tx_block_pool_performance_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_PTR_ERROR);
}

/* issue 13: a pool with room for no block is refused with TX_SIZE_ERROR by the service itself,
 * so also with TX_DISABLE_ERROR_CHECKING; nothing is created. */
static void test_create_no_room_for_a_block(void **state)
{
    ULONG before = _tx_block_pool_created_count;
    ULONG avail, total;

    (void)state;
    /* One byte short of one block and its owner pointer. */
    assert_int_equal(tx_block_pool_create(&pool, "none", 16, memory, 16 + sizeof(VOID *) - 1),
                     TX_SIZE_ERROR);
    assert_int_not_equal(pool.tx_block_pool_id, TX_BLOCK_POOL_ID);
    assert_int_equal(_tx_block_pool_created_count, before);
    assert_int_equal(_tx_block_pool_create(&pool, "none", 16, memory, 16 + sizeof(VOID *) - 1),
                     TX_SIZE_ERROR);
    /* The size rounded up to ALIGN_TYPE counts: 17 bytes need 24 + the pointer. */
    assert_int_equal(tx_block_pool_create(&pool, "none", 17, memory, 17 + sizeof(VOID *)),
                     TX_SIZE_ERROR);
    assert_int_equal(tx_block_pool_create(&pool, "none", 16, memory, 0), TX_SIZE_ERROR);
    /* Sizes so large that rounding up, or adding the header, wraps around. */
    assert_int_equal(tx_block_pool_create(&pool, "none", 0xFFFFFFFFu, memory, sizeof(memory)),
                     TX_SIZE_ERROR);
    assert_int_equal(tx_block_pool_create(&pool, "none", 0xFFFFFFF8u, memory, sizeof(memory)),
                     TX_SIZE_ERROR);
    assert_int_not_equal(pool.tx_block_pool_id, TX_BLOCK_POOL_ID);
    assert_int_equal(_tx_block_pool_created_count, before);

    /* Exactly one block fits. */
    assert_int_equal(tx_block_pool_create(&pool, "one", 16, memory, 16 + sizeof(VOID *)),
                     TX_SUCCESS);
    assert_int_equal(
        tx_block_pool_info_get(&pool, TX_NULL, &avail, &total, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(total, 1);
    assert_int_equal(avail, 1);
    assert_int_equal(_tx_block_pool_created_count, before + 1);
}

/* Geometry: 10-byte blocks become ALIGN_TYPE multiples, each with an owner pointer in front. */
static void test_geometry_and_exhaustion(void **state)
{
    const ULONG rounded = (10 + sizeof(ALIGN_TYPE) - 1) / sizeof(ALIGN_TYPE) * sizeof(ALIGN_TYPE);
    const ULONG stride = rounded + sizeof(VOID *);
    const ULONG pool_bytes = 7 * stride + stride / 2; /* 7 blocks and a useless remainder */
    VOID *blocks[8];
    ULONG avail, total;
    CHAR *name;
    UINT i, j;

    (void)state;
    assert_int_equal(tx_block_pool_create(&pool, "geo", 10, memory, pool_bytes), TX_SUCCESS);
    assert_int_equal(pool.tx_block_pool_block_size, rounded);
    assert_int_equal(
        tx_block_pool_info_get(&pool, &name, &avail, &total, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_string_equal(name, "geo");
    assert_int_equal(total, 7);
    assert_int_equal(avail, 7);

    for (i = 0; i < 7; i++) {
        assert_int_equal(tx_block_allocate(&pool, &blocks[i], TX_NO_WAIT), TX_SUCCESS);
        /* Inside the pool, aligned, and the word before it names the pool. */
        assert_true((UCHAR *)blocks[i] >= (UCHAR *)memory + sizeof(VOID *));
        assert_true((UCHAR *)blocks[i] + rounded <= (UCHAR *)memory + pool_bytes);
        assert_int_equal((ALIGN_TYPE)blocks[i] % sizeof(ALIGN_TYPE), 0);
        assert_ptr_equal(((VOID **)blocks[i])[-1], &pool);
        memset(blocks[i], 0x40 + (int)i, rounded);
        assert_int_equal(available(&pool), 6 - i);
    }
    assert_int_equal(tx_block_allocate(&pool, &blocks[7], TX_NO_WAIT), TX_NO_MEMORY);
    /* No two blocks overlap: every block still holds its own pattern. */
    for (i = 0; i < 7; i++) {
        for (j = 0; j < rounded; j++) {
            assert_int_equal(((UCHAR *)blocks[i])[j], 0x40 + i);
        }
    }
    for (i = 0; i < 7; i++) {
        assert_int_equal(tx_block_release(blocks[i]), TX_SUCCESS);
        assert_int_equal(available(&pool), i + 1);
    }
    /* A released block comes back first (LIFO free list). */
    assert_int_equal(tx_block_allocate(&pool, &blocks[0], TX_NO_WAIT), TX_SUCCESS);
    assert_ptr_equal(blocks[0], blocks[6]);
    assert_int_equal(tx_block_release(blocks[0]), TX_SUCCESS);
}

/* Release of what is not an allocated block is refused and changes nothing. */
static void test_bad_release(void **state)
{
    VOID *block;
    VOID *other;
    ULONG fake[4] = {0};

    (void)state;
    assert_int_equal(tx_block_pool_create(&pool, "bad", 32, memory, 4 * (32 + sizeof(VOID *))),
                     TX_SUCCESS);
    assert_int_equal(_txe_block_release(TX_NULL), TX_PTR_ERROR);
    assert_int_equal(_txe_block_release(&fake[2]), TX_PTR_ERROR); /* garbage in front */
    assert_int_equal(tx_block_allocate(&pool, &block, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_block_allocate(&pool, &other, TX_NO_WAIT), TX_SUCCESS);
    /* Inside a block: not a block boundary (the word in front is block data, then made to
     * look like the pool pointer to get past the first check). */
    ((VOID **)block)[1] = &pool;
    assert_int_equal(_txe_block_release((UCHAR *)block + 2 * sizeof(VOID *)), TX_PTR_ERROR);
    assert_int_equal(available(&pool), 2);
    assert_int_equal(tx_block_release(block), TX_SUCCESS);
    /* Double release: the header now links the free list, not the pool. */
    assert_int_equal(_txe_block_release(block), TX_PTR_ERROR);
    assert_int_equal(available(&pool), 3);
    assert_int_equal(tx_block_release(other), TX_SUCCESS);
    assert_int_equal(available(&pool), 4);
}

/* Waiters get released blocks directly, first come first served; prioritize changes that. */
static void test_waiters_handover_and_prioritize(void **state)
{
    VOID *a;
    VOID *b;
    TX_THREAD *first;
    ULONG suspended;

    (void)state;
    assert_int_equal(tx_block_pool_create(&pool, "wait", 16, memory, 2 * (16 + sizeof(VOID *))),
                     TX_SUCCESS);
    assert_int_equal(tx_block_allocate(&pool, &a, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_block_allocate(&pool, &b, TX_NO_WAIT), TX_SUCCESS);
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&waiter[0], "w12", allocate_entry, 0, 12);
    txtest_thread_create(&waiter[1], "w8", allocate_entry, 1, 8);
    txtest_thread_create(&waiter[2], "w10", allocate_entry, 2, 10);
    assert_int_equal(
        tx_block_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, &first, &suspended, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(suspended, 3);
    assert_ptr_equal(first, &waiter[0]);

    assert_int_equal(tx_block_release(a), TX_SUCCESS);
    assert_int_equal(seen.done[0], 1);
    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_ptr_equal(seen.block[0], a);
    assert_int_equal(available(&pool), 0); /* handed over, never on the free list */

    assert_int_equal(tx_block_pool_prioritize(&pool), TX_SUCCESS);
    assert_int_equal(
        tx_block_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, &first, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_ptr_equal(first, &waiter[1]);
    assert_int_equal(tx_block_release(b), TX_SUCCESS);
    assert_int_equal(seen.done[1], 1);
    assert_ptr_equal(seen.block[1], b);
    /* The receiver can release what it was handed: the owner pointer is intact. */
    assert_int_equal(tx_block_release(seen.block[0]), TX_SUCCESS);
    assert_int_equal(seen.done[2], 1);
    assert_ptr_equal(seen.block[2], a);
    assert_int_equal(tx_block_release(seen.block[1]), TX_SUCCESS);
    assert_int_equal(tx_block_release(seen.block[2]), TX_SUCCESS);
    assert_int_equal(available(&pool), 2);
}

static void test_timeout_abort_delete(void **state)
{
    VOID *a;
    VOID *out = TX_NULL;
    ULONG start;
    ULONG timeouts, suspensions;
    UINT i;

    (void)state;
    assert_int_equal(tx_block_pool_create(&pool, "t", 16, memory, 16 + sizeof(VOID *)), TX_SUCCESS);
    assert_int_equal(tx_block_allocate(&pool, &a, TX_NO_WAIT), TX_SUCCESS);
    start = tx_time_get();
    assert_int_equal(tx_block_allocate(&pool, &out, 4), TX_NO_MEMORY);
    assert_int_equal(tx_time_get() - start, 4);

    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&waiter[0], "abort", allocate_entry, 0, 10);
    assert_int_equal(tx_thread_wait_abort(&waiter[0]), TX_SUCCESS);
    assert_int_equal(seen.status[0], TX_WAIT_ABORTED);
    /* The aborted waiter does not get the next released block. */
    assert_int_equal(tx_block_release(a), TX_SUCCESS);
    assert_int_equal(available(&pool), 1);
    assert_int_equal(tx_block_allocate(&pool, &a, TX_NO_WAIT), TX_SUCCESS);

    assert_int_equal(
        tx_block_pool_performance_info_get(&pool, TX_NULL, TX_NULL, &suspensions, &timeouts),
        TX_SUCCESS);
    assert_int_equal(suspensions, 2);
    assert_int_equal(timeouts, 1);

    memset(&seen, 0, sizeof(seen));
    seen.wait = TX_WAIT_FOREVER;
    txtest_thread_create(&waiter[1], "del1", allocate_entry, 1, 10);
    txtest_thread_create(&waiter[2], "del2", allocate_entry, 2, 11);
    assert_int_equal(tx_block_pool_delete(&pool), TX_SUCCESS);
    for (i = 1; i < 3; i++) {
        assert_int_equal(seen.done[i], 1);
        assert_int_equal(seen.status[i], TX_DELETED);
    }
    assert_int_equal(_txe_block_release(a), TX_PTR_ERROR); /* its pool is gone */
}

static struct {
    UINT alloc, alloc_wait, release, create, delete_;
    VOID *block;
} isr;

static VOID pool_isr(VOID *arg)
{
    (void)arg;
    isr.alloc = tx_block_allocate(&pool, &isr.block, TX_NO_WAIT);
    isr.alloc_wait = _txe_block_allocate(&pool, &isr.block, 1);
    isr.release = tx_block_release(isr.block);
    isr.create = _txe_block_pool_create(&pool2, "isr", 16, memory + 64, 128, sizeof(TX_BLOCK_POOL));
    isr.delete_ = _txe_block_pool_delete(&pool);
}

static void test_isr_rules(void **state)
{
    (void)state;
    assert_int_equal(tx_block_pool_create(&pool, "isr", 16, memory, 256), TX_SUCCESS);
    tx_host_isr_run(pool_isr, TX_NULL);
    assert_int_equal(isr.alloc, TX_SUCCESS);
    assert_int_equal(isr.alloc_wait, TX_WAIT_ERROR);
    assert_int_equal(isr.release, TX_SUCCESS);
    assert_int_equal(isr.create, TX_CALLER_ERROR);
    assert_int_equal(isr.delete_, TX_CALLER_ERROR);
    assert_int_equal(pool.tx_block_pool_id, TX_BLOCK_POOL_ID);
}

static void test_counters_and_list(void **state)
{
    ULONG alloc0, rel0, alloc1, rel1, alloc, rel, susp, timeouts;
    TX_BLOCK_POOL *next;
    VOID *a;
    VOID *b;

    (void)state;
    assert_int_equal(tx_block_pool_performance_system_info_get(&alloc0, &rel0, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_block_pool_create(&pool, "one", 16, memory, 256), TX_SUCCESS);
    assert_int_equal(tx_block_pool_create(&pool2, "two", 16, memory + 64, 256), TX_SUCCESS);
    assert_int_equal(
        tx_block_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
        TX_SUCCESS);
    assert_ptr_equal(next, &pool2);
    assert_int_equal(tx_block_allocate(&pool, &a, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_block_allocate(&pool2, &b, TX_NO_WAIT), TX_SUCCESS);
    /* Release finds the right pool from the block alone. */
    assert_int_equal(tx_block_release(b), TX_SUCCESS);
    assert_int_equal(tx_block_release(a), TX_SUCCESS);
    assert_int_equal(tx_block_allocate(&pool, &a, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_block_pool_performance_info_get(&pool, &alloc, &rel, &susp, &timeouts),
                     TX_SUCCESS);
    assert_int_equal(alloc, 2);
    assert_int_equal(rel, 1);
    assert_int_equal(susp + timeouts, 0);
    assert_int_equal(tx_block_pool_performance_info_get(&pool2, &alloc, &rel, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(alloc, 1);
    assert_int_equal(rel, 1);
    assert_int_equal(tx_block_pool_performance_system_info_get(&alloc1, &rel1, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(alloc1 - alloc0, 3);
    assert_int_equal(rel1 - rel0, 2);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_errors, teardown),
        cmocka_unit_test_teardown(test_create_no_room_for_a_block, teardown),
        cmocka_unit_test_teardown(test_geometry_and_exhaustion, teardown),
        cmocka_unit_test_teardown(test_bad_release, teardown),
        cmocka_unit_test_teardown(test_waiters_handover_and_prioritize, teardown),
        cmocka_unit_test_teardown(test_timeout_abort_delete, teardown),
        cmocka_unit_test_teardown(test_isr_rules, teardown),
        cmocka_unit_test_teardown(test_counters_and_list, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
