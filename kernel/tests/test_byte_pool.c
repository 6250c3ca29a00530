/*
 * test_byte_pool.c - byte pools: geometry, first fit with splitting, merging of free neighbours
 * during the search, the search pointer, tx_byte_pool_available and the fragment count checked
 * exactly and against a walk of the pool after every step, fragmentation patterns, waiters
 * served in order on release, timeouts, wait abort, delete, prioritize, bad releases, ISR rules
 * and counters. Error paths call the _txe_ checks directly.
 */
#include <string.h>

#include "txtest.h"
#include "tx_byte_pool.h"

#define WAITERS    3
#define POOL_BYTES 2000
#define H          TX_BYTE_HEADER_SIZE

static TX_BYTE_POOL pool;
static TX_BYTE_POOL pool2;
static ALIGN_TYPE memory[4096 / sizeof(ALIGN_TYPE)];
static TX_THREAD waiter[WAITERS];

static struct {
    UINT status[WAITERS];
    VOID *memory[WAITERS];
    ULONG size[WAITERS];
    UINT done[WAITERS];
    UINT order[WAITERS];
    UINT finished;
    ULONG wait;
} seen;

static int teardown(void **state)
{
    int result = txtest_teardown(state);

    if (pool.tx_byte_pool_id == TX_BYTE_POOL_ID) {
        assert_int_equal(tx_byte_pool_delete(&pool), TX_SUCCESS);
    }
    if (pool2.tx_byte_pool_id == TX_BYTE_POOL_ID) {
        assert_int_equal(tx_byte_pool_delete(&pool2), TX_SUCCESS);
    }
    memset(&seen, 0, sizeof(seen));
    return result;
}

static ULONG round_up(ULONG size)
{
    return (size + sizeof(ALIGN_TYPE) - 1) & ~((ULONG)sizeof(ALIGN_TYPE) - 1);
}

/*
 * Walk the chain and check it against the pool's bookkeeping: addresses increase up to the end
 * marker, which links back to the start; the fragment count is the number of blocks; the
 * available bytes are the free blocks' bytes, headers included (ThreadX's accounting); the
 * search pointer is a block.
 * Returns the number of free blocks.
 */
static UINT audit(TX_BYTE_POOL *p)
{
    UCHAR *start = p->tx_byte_pool_start;
    UCHAR *end_marker = start + p->tx_byte_pool_size - H;
    UCHAR *block = start;
    ULONG blocks = 0;
    ULONG free_bytes = 0;
    UINT free_blocks = 0;
    UINT search_found = 0;

    for (;;) {
        blocks++;
        assert_true(blocks <= p->tx_byte_pool_fragments);
        if (block == p->tx_byte_pool_search) {
            search_found = 1;
        }
        if (block == end_marker) {
            assert_ptr_equal(_tx_byte_block_next(block), start);
            assert_int_equal(_tx_byte_block_owner(block), (ALIGN_TYPE)p);
            break;
        }
        assert_true(_tx_byte_block_next(block) > block);
        assert_true(_tx_byte_block_next(block) <= end_marker);
        if (_tx_byte_block_owner(block) == TX_BYTE_BLOCK_FREE) {
            free_bytes += _tx_byte_block_usable(block) + H;
            free_blocks++;
        } else {
            assert_int_equal(_tx_byte_block_owner(block), (ALIGN_TYPE)p);
        }
        block = _tx_byte_block_next(block);
    }
    assert_int_equal(blocks, p->tx_byte_pool_fragments);
    assert_int_equal(free_bytes, p->tx_byte_pool_available);
    assert_true(search_found);
    return free_blocks;
}

static ULONG available(void)
{
    ULONG n = 0xDEAD;

    assert_int_equal(tx_byte_pool_info_get(&pool, TX_NULL, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    return n;
}

static ULONG fragments(void)
{
    ULONG n = 0xDEAD;

    assert_int_equal(tx_byte_pool_info_get(&pool, TX_NULL, TX_NULL, &n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    return n;
}

static VOID *take(ULONG size)
{
    VOID *m = TX_NULL;

    assert_int_equal(tx_byte_allocate(&pool, &m, size, TX_NO_WAIT), TX_SUCCESS);
    assert_non_null(m);
    assert_int_equal((ALIGN_TYPE)m % sizeof(ALIGN_TYPE), 0);
    audit(&pool);
    return m;
}

static void give(VOID *m)
{
    assert_int_equal(tx_byte_release(m), TX_SUCCESS);
    audit(&pool);
}

static VOID allocate_entry(ULONG i)
{
    seen.status[i] = tx_byte_allocate(&pool, &seen.memory[i], seen.size[i], seen.wait);
    seen.done[i]++;
    seen.order[seen.finished++] = (UINT)i;
}

static void test_errors(void **state)
{
    VOID *m;
    ALIGN_TYPE fake[4] = {0};

    (void)state;
    assert_int_equal(_txe_byte_pool_create(TX_NULL, "p", memory, POOL_BYTES, sizeof(TX_BYTE_POOL)),
                     TX_POOL_ERROR);
    assert_int_equal(
        _txe_byte_pool_create(&pool, "p", memory, POOL_BYTES, sizeof(TX_BYTE_POOL) - 8),
        TX_POOL_ERROR);
    assert_int_equal(_txe_byte_pool_create(&pool, "p", TX_NULL, POOL_BYTES, sizeof(TX_BYTE_POOL)),
                     TX_PTR_ERROR);
    assert_int_equal(
        _txe_byte_pool_create(&pool, "p", memory, TX_BYTE_POOL_MIN - 1, sizeof(TX_BYTE_POOL)),
        TX_SIZE_ERROR);
    assert_int_equal(_txe_byte_pool_create(&pool, "p", memory, POOL_BYTES, sizeof(TX_BYTE_POOL)),
                     TX_SUCCESS);
    assert_int_equal(_txe_byte_pool_create(&pool, "p", memory, POOL_BYTES, sizeof(TX_BYTE_POOL)),
                     TX_POOL_ERROR);

    assert_int_equal(_txe_byte_allocate(&pool, TX_NULL, 10, TX_NO_WAIT), TX_PTR_ERROR);
    assert_int_equal(_txe_byte_allocate(&pool, &m, 0, TX_NO_WAIT), TX_SIZE_ERROR);
    assert_int_equal(_txe_byte_allocate(&pool, &m, POOL_BYTES + 1, TX_NO_WAIT), TX_SIZE_ERROR);
    assert_int_equal(_txe_byte_allocate(&pool, &m, 0xFFFFFFFFu, TX_NO_WAIT), TX_SIZE_ERROR);
    /* Fits the pool size but not what is left after the headers. */
    assert_int_equal(_txe_byte_allocate(&pool, &m, POOL_BYTES, TX_NO_WAIT), TX_NO_MEMORY);

    /* Bad releases change nothing. */
    m = take(64);
    assert_int_equal(_txe_byte_release(TX_NULL), TX_PTR_ERROR);
    assert_int_equal(_txe_byte_release((UCHAR *)m + 1), TX_PTR_ERROR);
    assert_int_equal(_txe_byte_release(&fake[2]), TX_PTR_ERROR);
    give(m);
    assert_int_equal(_txe_byte_release(m), TX_PTR_ERROR); /* double release */
    audit(&pool);

    assert_int_equal(tx_byte_pool_delete(&pool), TX_SUCCESS);
    assert_int_equal(pool.tx_byte_pool_id, 0);
    assert_int_equal(_txe_byte_allocate(&pool, &m, 10, TX_NO_WAIT), TX_POOL_ERROR);
    assert_int_equal(_txe_byte_pool_delete(&pool), TX_POOL_ERROR);
    assert_int_equal(_txe_byte_pool_prioritize(&pool), TX_POOL_ERROR);
    assert_int_equal(
        _txe_byte_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_POOL_ERROR);
    assert_int_equal(_txe_byte_allocate(TX_NULL, &m, 10, TX_NO_WAIT), TX_POOL_ERROR);
    assert_int_equal(tx_byte_pool_performance_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                       TX_NULL, TX_NULL, TX_NULL),
                     TX_PTR_ERROR);
}

/* A misaligned start and size are trimmed to whole ALIGN_TYPE words. */
static void test_geometry(void **state)
{
    CHAR *name;
    ULONG avail, frags;
    TX_BYTE_POOL *next;

    (void)state;
    assert_int_equal(tx_byte_pool_create(&pool, "geo", (UCHAR *)memory + 3, POOL_BYTES + 2),
                     TX_SUCCESS);
    assert_ptr_equal(pool.tx_byte_pool_start, (UCHAR *)memory + sizeof(ALIGN_TYPE));
    /* 3 bytes lost at the front, then rounded down to the word. */
    assert_int_equal(pool.tx_byte_pool_size,
                     (POOL_BYTES + 2 - (sizeof(ALIGN_TYPE) - 3)) & ~(sizeof(ALIGN_TYPE) - 1));
    assert_int_equal(tx_byte_pool_info_get(&pool, &name, &avail, &frags, TX_NULL, TX_NULL, &next),
                     TX_SUCCESS);
    assert_string_equal(name, "geo");
    /* ThreadX: everything but the end marker's header; the free block's header counts. */
    assert_int_equal(avail, pool.tx_byte_pool_size - H);
    assert_int_equal(frags, 2);
    assert_ptr_equal(next, &pool);
    assert_int_equal(audit(&pool), 1);
}

/* First fit, splits, exact accounting, lazy merging during the search. */
static void test_first_fit_split_merge(void **state)
{
    VOID *a, *b, *c, *d, *e;
    ULONG avail0;
    ULONG merges, splits;

    (void)state;
    assert_int_equal(tx_byte_pool_create(&pool, "fit", memory, POOL_BYTES), TX_SUCCESS);
    avail0 = available();
    assert_int_equal(avail0, POOL_BYTES - H);

    a = take(100);
    assert_ptr_equal(a, (UCHAR *)memory + H); /* first block of the pool */
    assert_int_equal(available(), avail0 - round_up(100) - H);
    assert_int_equal(fragments(), 3);
    b = take(200);
    c = take(50);
    d = take(300);
    assert_ptr_equal(b, (UCHAR *)a + round_up(100) + H);
    assert_ptr_equal(c, (UCHAR *)b + 200 + H);
    assert_ptr_equal(d, (UCHAR *)c + round_up(50) + H);
    assert_int_equal(fragments(), 6);
    ULONG avail_full = available();
    assert_int_equal(avail_full,
                     avail0 - round_up(100) - 200 - round_up(50) - round_up(300) - 4 * H);

    /* Releasing b and c: bytes come back at once, the blocks stay apart until a search. */
    give(b);
    give(c);
    assert_int_equal(available(), avail_full + 200 + round_up(50) + 2 * H);
    assert_int_equal(fragments(), 6);
    assert_ptr_equal(pool.tx_byte_pool_search, (UCHAR *)b - H); /* lowest release */

    /* 250 fits neither b (200) nor c (56) alone, but b+c merged (200 + H + 56 = 272). The
     * remaining 16 bytes are too few to split off, so the whole block is taken. */
    e = take(250);
    assert_ptr_equal(e, b);
    assert_int_equal(fragments(), 5);
    assert_int_equal(available(), avail_full);
    assert_int_equal(_tx_byte_block_usable((UCHAR *)e - H), 200 + H + round_up(50));

    assert_int_equal(tx_byte_pool_performance_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, &merges,
                                                       &splits, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(merges, 1);
    assert_int_equal(splits, 4); /* a, b, c, d split the big free block; e did not */

    /* A small request is served from the first block that fits, before the big tail. */
    give(a);
    VOID *f = take(40);
    assert_ptr_equal(f, a);
    assert_int_equal(fragments(), 6); /* a split into f and a free rest */
    give(f);
    give(e);
    give(d);
    /* One search merges everything back into a single free block (its header is counted as
     * available but cannot be allocated). */
    VOID *all = take(avail0 - H);
    assert_ptr_equal(all, a);
    assert_int_equal(fragments(), 2);
    assert_int_equal(available(), 0);
    give(all);
    assert_int_equal(available(), avail0);
}

/* Deterministic fragmentation patterns with a pattern written into each allocation: blocks
 * never overlap, every step keeps the bookkeeping exact, and freeing everything gives one
 * block back. */
static void test_fragmentation_patterns(void **state)
{
    enum { SLOTS = 24 };
    VOID *slot[SLOTS] = {0};
    ULONG size[SLOTS] = {0};
    ULONG seed = 12345;
    ULONG avail0;
    UINT step, i;
    UINT no_memory = 0;

    (void)state;
    assert_int_equal(tx_byte_pool_create(&pool, "frag", memory, 2048), TX_SUCCESS);
    avail0 = available();

    /* Every other block freed: many holes of the same size. */
    for (i = 0; i < SLOTS; i++) {
        slot[i] = take(48);
        size[i] = 48;
    }
    for (i = 0; i < SLOTS; i += 2) {
        give(slot[i]);
        slot[i] = TX_NULL;
    }
    assert_int_equal(audit(&pool), SLOTS / 2 + 1); /* the holes and the tail */
    /* A request bigger than a hole comes from the tail, not from a hole. */
    VOID *big = take(100);
    assert_true((UCHAR *)big > (UCHAR *)slot[SLOTS - 1]);
    give(big);
    /* Requests of the hole size reuse the holes in address order (first fit). */
    for (i = 0; i < SLOTS; i += 2) {
        slot[i] = take(48);
        if (i > 0) {
            assert_true(slot[i] > slot[i - 2]);
        }
        assert_true((UCHAR *)slot[i] < (UCHAR *)slot[SLOTS - 1]);
    }
    for (i = 0; i < SLOTS; i++) {
        give(slot[i]);
        slot[i] = TX_NULL;
    }

    /* Random sizes and order (seeded). */
    for (step = 0; step < 2000; step++) {
        seed = seed * 1103515245u + 12345u;
        i = (seed >> 16) % SLOTS;
        if (slot[i] == TX_NULL) {
            ULONG want = 1 + ((seed >> 8) % 400);
            VOID *m = TX_NULL;
            UINT status = tx_byte_allocate(&pool, &m, want, TX_NO_WAIT);

            if (status == TX_SUCCESS) {
                slot[i] = m;
                size[i] = want;
                memset(m, (int)i + 1, want);
            } else {
                assert_int_equal(status, TX_NO_MEMORY);
                no_memory++;
            }
        } else {
            UINT k;

            for (k = 0; k < size[i]; k++) {
                assert_int_equal(((UCHAR *)slot[i])[k], i + 1);
            }
            assert_int_equal(tx_byte_release(slot[i]), TX_SUCCESS);
            slot[i] = TX_NULL;
        }
        audit(&pool);
    }
    assert_true(no_memory > 0); /* the pattern did hit a full pool */
    for (i = 0; i < SLOTS; i++) {
        if (slot[i] != TX_NULL) {
            give(slot[i]);
        }
    }
    /* Everything merges back. */
    assert_int_equal(available(), avail0);
    VOID *all = take(avail0 - H);
    assert_int_equal(fragments(), 2);
    give(all);
    assert_int_equal(available(), avail0);
}

/* issue 13: tx_byte_pool_available after everything allocated is released equals the figure
 * right after create, whatever the order of the releases and before any search has merged the
 * free blocks; fragments keep counting the unmerged blocks. */
static void test_available_after_releases_any_order(void **state)
{
    enum { BLOCKS = 7, ORDERS = 6 };
    static const ULONG sizes[BLOCKS] = {24, 100, 8, 64, 200, 40, 16};
    static const UINT orders[ORDERS][BLOCKS] = {
        {0, 1, 2, 3, 4, 5, 6},                        /* address order */
        {6, 5, 4, 3, 2, 1, 0},                        /* reverse */
        {1, 3, 5, 0, 2, 4, 6},                        /* holes first */
        {3, 0, 6, 1, 5, 2, 4}, {6, 0, 5, 1, 4, 2, 3}, /* from both ends */
        {2, 4, 1, 6, 3, 0, 5},
    };
    VOID *m[BLOCKS + 1];
    ULONG avail0, avail, frags_before;
    UINT order, i;

    (void)state;
    assert_int_equal(tx_byte_pool_create(&pool, "order", memory, POOL_BYTES), TX_SUCCESS);
    avail0 = available();
    assert_int_equal(avail0, POOL_BYTES - H); /* ThreadX: all but the end marker's header */
    assert_int_equal(fragments(), 2);

    for (order = 0; order < ORDERS; order++) {
        /* Allocation takes its size plus one header; the last one takes the rest whole. */
        for (i = 0; i < BLOCKS; i++) {
            avail = available();
            m[i] = take(sizes[i]);
            assert_int_equal(available(), avail - round_up(sizes[i]) - H);
        }
        m[BLOCKS] = take(available() - H);
        assert_int_equal(available(), 0);
        frags_before = fragments();
        assert_int_equal(frags_before, BLOCKS + 1 + 1); /* + the end marker */

        /* Release: each gives back its block and header; nothing merges yet. */
        for (i = 0; i < BLOCKS; i++) {
            UINT k = orders[order][i];

            avail = available();
            give(m[k]);
            assert_int_equal(available(), avail + round_up(sizes[k]) + H);
        }
        give(m[BLOCKS]);
        assert_int_equal(available(), avail0);
        assert_int_equal(fragments(), frags_before);
        assert_int_equal(audit(&pool), BLOCKS + 1);

        if (order == ORDERS / 2) {
            /* Midway, let a search merge it all and split it again: same figures. */
            m[0] = take(avail0 - H);
            assert_int_equal(fragments(), 2);
            assert_int_equal(available(), 0);
            give(m[0]);
            assert_int_equal(available(), avail0);
        }
        /* The next round's searches merge while they allocate; available stays exact. */
    }
}

/* issue 13: ThreadX's utility macros from tx_api.h, used the way an application would on pool
 * memory. */
static void test_utility_macros(void **state)
{
    UCHAR *a, *b, *p;
    ULONG *w;
    ULONG i;
    VOID *v;
    TX_BYTE_POOL *pp;
    UINT loops = 0;

    (void)state;
    assert_int_equal(tx_byte_pool_create(&pool, "macros", memory, POOL_BYTES), TX_SUCCESS);
    a = take(64);
    b = take(32);

    /* TX_MEMSET is memset: every byte, nothing past the end. */
    memset(b, 0x5A, 32);
    TX_MEMSET(a, 0xA5, 64);
    for (i = 0; i < 64; i++) {
        assert_int_equal(a[i], 0xA5);
    }
    assert_ptr_equal(TX_MEMSET(a, 0, 63), a);
    assert_int_equal(a[62], 0);
    assert_int_equal(a[63], 0xA5);
    assert_int_equal(b[0], 0x5A);

    /* Byte arithmetic: b follows a's 64 bytes and b's header. */
    assert_int_equal(TX_UCHAR_POINTER_DIF(b, a), 64 + H);
    assert_ptr_equal(TX_UCHAR_POINTER_ADD(a, 64 + H), b);
    assert_ptr_equal(TX_UCHAR_POINTER_SUB(b, 64 + H), a);
    p = TX_UCHAR_POINTER_ADD(a, 1);
    assert_int_equal(TX_UCHAR_POINTER_DIF(p, a), 1);

    /* ULONG arithmetic counts ULONGs. */
    w = TX_VOID_TO_ULONG_POINTER_CONVERT(a);
    for (i = 0; i < 16; i++) {
        w[i] = i;
    }
    assert_int_equal(*TX_ULONG_POINTER_ADD(w, 5), 5);
    assert_ptr_equal(TX_ULONG_POINTER_SUB(TX_ULONG_POINTER_ADD(w, 7), 7), w);
    assert_int_equal(TX_ULONG_POINTER_DIF(&w[12], w), 12);
    assert_int_equal(sizeof(TX_ULONG_POINTER_DIF(&w[12], w)), sizeof(ULONG));

    /* Pointer <-> ALIGN_TYPE keeps the whole address (64 bits here). */
    assert_int_equal(TX_POINTER_TO_ALIGN_TYPE_CONVERT(a) % sizeof(ALIGN_TYPE), 0);
    assert_ptr_equal(TX_ALIGN_TYPE_TO_POINTER_CONVERT(TX_POINTER_TO_ALIGN_TYPE_CONVERT(b)), b);
    assert_int_equal(sizeof(TX_POINTER_TO_ALIGN_TYPE_CONVERT(a)), sizeof(VOID *));

    /* Conversions. */
    v = TX_UCHAR_TO_VOID_POINTER_CONVERT(a);
    assert_ptr_equal(TX_VOID_TO_UCHAR_POINTER_CONVERT(v), a);
    assert_ptr_equal(TX_UCHAR_TO_ALIGN_TYPE_POINTER_CONVERT(a), (ALIGN_TYPE *)(VOID *)a);
    *TX_UCHAR_TO_INDIRECT_UCHAR_POINTER_CONVERT(a) = b;
    assert_ptr_equal(*TX_VOID_TO_INDIRECT_UCHAR_POINTER_CONVERT(v), b);
    assert_ptr_equal(*TX_INDIRECT_VOID_TO_UCHAR_POINTER_CONVERT(v), b);
    assert_ptr_equal(TX_CHAR_TO_UCHAR_POINTER_CONVERT(pool.tx_byte_pool_name),
                     (UCHAR *)pool.tx_byte_pool_name);
    assert_string_equal(TX_CONST_CHAR_TO_CHAR_POINTER_CONVERT("macros"), pool.tx_byte_pool_name);
    pp = TX_VOID_TO_BYTE_POOL_POINTER_CONVERT(TX_BYTE_POOL_TO_UCHAR_POINTER_CONVERT(&pool));
    assert_ptr_equal(pp, &pool);
    assert_ptr_equal(TX_VOID_TO_THREAD_POINTER_CONVERT(&txtest_runner), &txtest_runner);
    assert_ptr_equal(TX_VOID_TO_QUEUE_POINTER_CONVERT(v), (TX_QUEUE *)v);
    assert_ptr_equal(TX_VOID_TO_SEMAPHORE_POINTER_CONVERT(v), (TX_SEMAPHORE *)v);
    assert_ptr_equal(TX_VOID_TO_MUTEX_POINTER_CONVERT(v), (TX_MUTEX *)v);
    assert_ptr_equal(TX_VOID_TO_EVENT_FLAGS_POINTER_CONVERT(v), (TX_EVENT_FLAGS_GROUP *)v);
    assert_ptr_equal(TX_VOID_TO_BLOCK_POOL_POINTER_CONVERT(v), (TX_BLOCK_POOL *)v);
    assert_ptr_equal(TX_UCHAR_TO_BLOCK_POOL_POINTER_CONVERT(a), (TX_BLOCK_POOL *)(VOID *)a);
    assert_ptr_equal(TX_BLOCK_POOL_TO_UCHAR_POINTER_CONVERT(v), a);

    while (TX_LOOP_FOREVER) {
        if (++loops == 3) {
            break;
        }
    }
    assert_int_equal(loops, 3);
    give(a);
    give(b);
}

/* Waiters are served in order on release; one that still does not fit blocks those behind it. */
static void test_waiters_in_order(void **state)
{
    VOID *a, *b, *c;
    ULONG suspended;
    TX_THREAD *first;

    (void)state;
    assert_int_equal(tx_byte_pool_create(&pool, "wait", memory, 600), TX_SUCCESS);
    a = take(150);
    b = take(150);
    c = take(200);
    /* ~40 bytes left. */
    seen.wait = TX_WAIT_FOREVER;
    seen.size[0] = 300; /* needs a and b merged */
    seen.size[1] = 100;
    txtest_thread_create(&waiter[0], "big", allocate_entry, 0, 10);
    txtest_thread_create(&waiter[1], "small", allocate_entry, 1, 10);
    assert_int_equal(
        tx_byte_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, &first, &suspended, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(suspended, 2);
    assert_ptr_equal(first, &waiter[0]);

    /* Enough for the small one only: nobody is served, order is kept. */
    give(a);
    assert_int_equal(seen.finished, 0);
    /* Now a+b merge to 300+H: big is served, then small from c's space after c goes. */
    give(b);
    assert_int_equal(seen.finished, 1);
    assert_int_equal(seen.order[0], 0);
    assert_int_equal(seen.status[0], TX_SUCCESS);
    assert_ptr_equal(seen.memory[0], a);
    give(c);
    assert_int_equal(seen.finished, 2);
    assert_int_equal(seen.status[1], TX_SUCCESS);
    assert_ptr_equal(seen.memory[1], c);
    give(seen.memory[0]);
    give(seen.memory[1]);
    /* Everything is free again: one search merges it into one block. */
    assert_int_equal(tx_byte_allocate(&pool, &a, 600 - 2 * H, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(fragments(), 2);
    give(a);
}

static void test_timeout_abort_delete_prioritize(void **state)
{
    VOID *m;
    VOID *out;
    ULONG start;
    ULONG timeouts, suspensions;
    TX_THREAD *first;
    UINT i;

    (void)state;
    assert_int_equal(tx_byte_pool_create(&pool, "t", memory, 400), TX_SUCCESS);
    m = take(300);
    start = tx_time_get();
    assert_int_equal(tx_byte_allocate(&pool, &out, 200, 6), TX_NO_MEMORY);
    assert_int_equal(tx_time_get() - start, 6);

    seen.wait = TX_WAIT_FOREVER;
    seen.size[0] = 200;
    txtest_thread_create(&waiter[0], "abort", allocate_entry, 0, 10);
    assert_int_equal(tx_thread_wait_abort(&waiter[0]), TX_SUCCESS);
    assert_int_equal(seen.status[0], TX_WAIT_ABORTED);
    assert_int_equal(pool.tx_byte_pool_suspended_count, 0);
    assert_int_equal(tx_byte_pool_performance_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                       TX_NULL, &suspensions, &timeouts),
                     TX_SUCCESS);
    assert_int_equal(suspensions, 2);
    assert_int_equal(timeouts, 1);

    /* Prioritize: arrival 12 then 9; after prioritize 9 is first. */
    memset(&seen, 0, sizeof(seen));
    seen.wait = TX_WAIT_FOREVER;
    seen.size[1] = 50;
    seen.size[2] = 50;
    txtest_thread_create(&waiter[1], "w12", allocate_entry, 1, 12);
    txtest_thread_create(&waiter[2], "w9", allocate_entry, 2, 9);
    assert_int_equal(tx_byte_pool_prioritize(&pool), TX_SUCCESS);
    assert_int_equal(
        tx_byte_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, &first, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_ptr_equal(first, &waiter[2]);

    /* Delete: both waiters return TX_DELETED. */
    assert_int_equal(tx_byte_pool_delete(&pool), TX_SUCCESS);
    for (i = 1; i < 3; i++) {
        assert_int_equal(seen.done[i], 1);
        assert_int_equal(seen.status[i], TX_DELETED);
    }
    assert_int_equal(_txe_byte_release(m), TX_PTR_ERROR); /* its pool is gone */
}

static struct {
    UINT alloc, alloc_wait, release, create, delete_, info, prioritize;
    VOID *memory;
} isr;

static VOID pool_isr(VOID *arg)
{
    isr.alloc = _txe_byte_allocate(&pool, &isr.memory, 16, TX_NO_WAIT);
    isr.alloc_wait = _txe_byte_allocate(&pool, &isr.memory, 16, 5);
    isr.release = _txe_byte_release(arg);
    isr.create = _txe_byte_pool_create(&pool2, "isr", memory + 256, 256, sizeof(TX_BYTE_POOL));
    isr.delete_ = _txe_byte_pool_delete(&pool);
    isr.info = tx_byte_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL);
    isr.prioritize = tx_byte_pool_prioritize(&pool);
}

static void test_isr_rules(void **state)
{
    VOID *m;
    ULONG avail;

    (void)state;
    assert_int_equal(tx_byte_pool_create(&pool, "isr", memory, 1000), TX_SUCCESS);
    m = take(64);
    avail = available();
    tx_host_isr_run(pool_isr, m);
    assert_int_equal(isr.alloc, TX_CALLER_ERROR);
    assert_int_equal(isr.alloc_wait, TX_WAIT_ERROR);
    assert_int_equal(isr.release, TX_CALLER_ERROR);
    assert_int_equal(isr.create, TX_CALLER_ERROR);
    assert_int_equal(isr.delete_, TX_CALLER_ERROR);
    assert_int_equal(isr.info, TX_SUCCESS);
    assert_int_equal(isr.prioritize, TX_SUCCESS);
    assert_int_equal(available(), avail);
    give(m);
}

static void test_counters_and_list(void **state)
{
    ULONG a0, r0, s0, a1, r1, s1;
    ULONG allocs, releases, searched, merges, splits, susp, timeouts;
    TX_BYTE_POOL *next;
    VOID *m;
    VOID *n;
    ULONG before = _tx_byte_pool_created_count;

    (void)state;
    assert_int_equal(
        tx_byte_pool_performance_system_info_get(&a0, &r0, &s0, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(tx_byte_pool_create(&pool, "one", memory, 1000), TX_SUCCESS);
    assert_int_equal(tx_byte_pool_create(&pool2, "two", memory + 256, 1000), TX_SUCCESS);
    assert_int_equal(_tx_byte_pool_created_count, before + 2);
    assert_int_equal(
        tx_byte_pool_info_get(&pool, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL, &next),
        TX_SUCCESS);
    assert_ptr_equal(next, &pool2);
    assert_int_equal(tx_byte_allocate(&pool, &m, 10, TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_byte_allocate(&pool2, &n, 10, TX_NO_WAIT), TX_SUCCESS);
    /* Release finds the pool from the memory alone. */
    assert_int_equal(tx_byte_release(n), TX_SUCCESS);
    assert_int_equal(tx_byte_release(m), TX_SUCCESS);
    assert_int_equal(tx_byte_pool_performance_info_get(&pool, &allocs, &releases, &searched,
                                                       &merges, &splits, &susp, &timeouts),
                     TX_SUCCESS);
    assert_int_equal(allocs, 1);
    assert_int_equal(releases, 1);
    assert_int_equal(searched, 1);
    assert_int_equal(merges, 0);
    assert_int_equal(splits, 1);
    assert_int_equal(susp + timeouts, 0);
    assert_int_equal(
        tx_byte_pool_performance_system_info_get(&a1, &r1, &s1, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(a1 - a0, 2);
    assert_int_equal(r1 - r0, 2);
    assert_int_equal(s1 - s0, 2);
    assert_int_equal(tx_byte_pool_delete(&pool2), TX_SUCCESS);
    assert_int_equal(_tx_byte_pool_created_count, before + 1);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_errors, teardown),
        cmocka_unit_test_teardown(test_geometry, teardown),
        cmocka_unit_test_teardown(test_first_fit_split_merge, teardown),
        cmocka_unit_test_teardown(test_fragmentation_patterns, teardown),
        cmocka_unit_test_teardown(test_available_after_releases_any_order, teardown),
        cmocka_unit_test_teardown(test_utility_macros, teardown),
        cmocka_unit_test_teardown(test_waiters_in_order, teardown),
        cmocka_unit_test_teardown(test_timeout_abort_delete_prioritize, teardown),
        cmocka_unit_test_teardown(test_isr_rules, teardown),
        cmocka_unit_test_teardown(test_counters_and_list, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
