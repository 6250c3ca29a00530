/*
 * test_xen_vchan.c - libxenvchan ring logic of the RTOS endpoint (xen/vchan_ring.c): the shared
 * page laid out as Xen's <xen/io/libxenvchan.h> says, a server and a client view of it, data both
 * ways with wrap-around, a ring spread over non-contiguous pages, the client's order checks,
 * notify bits, and a peer that writes impossible indexes.
 * The source is compiled into this test directly (it needs nothing but Xen's public headers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "txtest.h"

#include "../../xen/vchan_ring.c"

static uint8_t page[4096] __attribute__((aligned(4096)));
static struct vchan_interface *const sh = (struct vchan_interface *)page;

/* Server: reads left (1 KiB at 1024), writes right (2 KiB at 2048); client the reverse. */
static struct xen_vchan_ring srv_rd, srv_wr, cli_rd, cli_wr;

static void view(struct xen_vchan_ring *r, struct ring_shared *idx, unsigned order)
{
    memset(r, 0, sizeof(*r));
    r->idx = idx;
    r->size = 1u << order;
    r->chunk[0] = page + (order == 10 ? 1024u : 2048u);
}

static int setup(void **state)
{
    (void)state;
    memset(page, 0, sizeof(page));
    sh->left_order = 10;
    sh->right_order = 11;
    view(&srv_rd, &sh->left, 10);
    view(&cli_wr, &sh->left, 10);
    view(&srv_wr, &sh->right, 11);
    view(&cli_rd, &sh->right, 11);
    return 0;
}

static void test_layout_is_xens(void **state)
{
    (void)state;
    /* What dom0/VCHAN-NOTES.md measured for libxenvchan's page. */
    assert_int_equal(offsetof(struct vchan_interface, left), 0);
    assert_int_equal(offsetof(struct vchan_interface, right), 8);
    assert_int_equal(offsetof(struct vchan_interface, left_order), 16);
    assert_int_equal(offsetof(struct vchan_interface, cli_live), 20);
    assert_int_equal(offsetof(struct vchan_interface, srv_notify), 23);
    assert_int_equal(offsetof(struct vchan_interface, grants), 24);
}

static void test_both_directions_wrap(void **state)
{
    (void)state;
    uint8_t msg[300], got[300];
    size_t n;
    for (unsigned round = 0; round < 40; round++) { /* 12000 bytes through a 1 KiB ring */
        for (unsigned i = 0; i < sizeof(msg); i++) {
            msg[i] = (uint8_t)(round * 7u + i);
        }
        assert_int_equal(xen_vchan_ring_write(&cli_wr, msg, sizeof(msg), &n), XE_OK);
        assert_int_equal(n, sizeof(msg));
        assert_int_equal(xen_vchan_ring_read(&srv_rd, got, sizeof(got), &n), XE_OK);
        assert_int_equal(n, sizeof(msg));
        assert_memory_equal(msg, got, sizeof(msg));
        assert_int_equal(xen_vchan_ring_write(&srv_wr, msg, sizeof(msg), &n), XE_OK);
        assert_int_equal(xen_vchan_ring_read(&cli_rd, got, sizeof(got), &n), XE_OK);
        assert_int_equal(n, sizeof(msg));
        assert_memory_equal(msg, got, sizeof(msg));
    }
    /* The shared indexes are what the other side computes with. */
    assert_int_equal(sh->left.prod, 40u * 300u);
    assert_int_equal(sh->left.cons, 40u * 300u);
    /* Back-pressure: 1 KiB fits, no more. */
    uint8_t big[1500] = {0};
    uint32_t space;
    assert_int_equal(xen_vchan_ring_write(&cli_wr, big, sizeof(big), &n), XE_OK);
    assert_int_equal(n, 1024);
    assert_int_equal(xen_vchan_ring_writable(&cli_wr, &space), XE_OK);
    assert_int_equal(space, 0);
    assert_int_equal(xen_vchan_ring_readable(&srv_rd, &space), XE_OK);
    assert_int_equal(space, 1024);
}

static void test_counters_wrap_uint32(void **state)
{
    (void)state;
    sh->left.prod = sh->left.cons = 0xffffff00u;
    srv_rd.own = cli_wr.own = 0xffffff00u;
    uint8_t msg[600], got[600];
    size_t n;
    memset(msg, 0x5a, sizeof(msg));
    assert_int_equal(xen_vchan_ring_write(&cli_wr, msg, sizeof(msg), &n), XE_OK);
    assert_int_equal(sh->left.prod, 0xffffff00u + 600u); /* wrapped past 0 */
    assert_int_equal(xen_vchan_ring_read(&srv_rd, got, sizeof(got), &n), XE_OK);
    assert_int_equal(n, 600);
    assert_memory_equal(msg, got, 600);
}

static void test_multi_page_ring(void **state)
{
    (void)state;
    /* An order-13 ring over two pages that are not adjacent in memory (as a client maps them). */
    static uint8_t p0[4096 + 64], p1[4096 + 64];
    struct ring_shared idx = {0, 0};
    struct xen_vchan_ring w = {.idx = &idx, .chunk = {p1 + 32, p0 + 32}, .size = 8192};
    struct xen_vchan_ring r = w;
    memset(p0, 0xee, sizeof(p0));
    memset(p1, 0xee, sizeof(p1));
    static uint8_t msg[5000], got[5000];
    size_t n;
    for (unsigned round = 0; round < 5; round++) {
        for (unsigned i = 0; i < sizeof(msg); i++) {
            msg[i] = (uint8_t)(i * 3u + round);
        }
        assert_int_equal(xen_vchan_ring_write(&w, msg, sizeof(msg), &n), XE_OK);
        assert_int_equal(n, sizeof(msg));
        assert_int_equal(xen_vchan_ring_read(&r, got, sizeof(got), &n), XE_OK);
        assert_int_equal(n, sizeof(msg));
        assert_memory_equal(msg, got, sizeof(msg));
    }
    /* Nothing outside the pages was touched. */
    for (unsigned i = 0; i < 32; i++) {
        assert_int_equal(p0[i], 0xee);
        assert_int_equal(p1[i], 0xee);
        assert_int_equal(p0[4096 + 32 + i], 0xee);
        assert_int_equal(p1[4096 + 32 + i], 0xee);
    }
}

static void test_hostile_peer(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t n = 99;
    uint32_t avail;
    /* The client claims 5000 bytes in a 1 KiB ring: the server reads nothing. */
    sh->left.prod = 5000;
    assert_int_equal(xen_vchan_ring_readable(&srv_rd, &avail), XE_PEER);
    assert_int_equal(avail, 0);
    assert_int_equal(xen_vchan_ring_read(&srv_rd, buf, sizeof(buf), &n), XE_PEER);
    assert_int_equal(n, 0);
    assert_int_equal(sh->left.cons, 0);
    /* The client's consumer index runs ahead of what the server produced. */
    sh->right.cons = 100;
    assert_int_equal(xen_vchan_ring_writable(&srv_wr, &avail), XE_PEER);
    assert_int_equal(xen_vchan_ring_write(&srv_wr, buf, sizeof(buf), &n), XE_PEER);
    assert_int_equal(n, 0);
    assert_int_equal(sh->right.prod, 0);
    /* The peer rewinding its producer below our consumer is caught too. */
    sh->right.cons = 0;
    srv_rd.own = 500;
    sh->left.prod = 400;
    assert_int_equal(xen_vchan_ring_readable(&srv_rd, &avail), XE_PEER);
}

static void test_orders(void **state)
{
    (void)state;
    assert_int_equal(xen_vchan_check_orders(10, 11), XE_OK);
    assert_int_equal(xen_vchan_check_orders(11, 10), XE_OK);
    assert_int_equal(xen_vchan_check_orders(12, 12), XE_OK);
    assert_int_equal(xen_vchan_check_orders(10, 14), XE_OK);
    assert_int_equal(xen_vchan_check_orders(10, 10), XE_PEER); /* same in-page offset */
    assert_int_equal(xen_vchan_check_orders(11, 11), XE_PEER);
    assert_int_equal(xen_vchan_check_orders(9, 11), XE_PEER);
    assert_int_equal(xen_vchan_check_orders(10, 21), XE_PEER);
    assert_int_equal(xen_vchan_check_orders(0, 0), XE_PEER);
    assert_int_equal(xen_vchan_check_orders(15, 10), XE_TOO_BIG); /* 8 pages > our limit */
    assert_int_equal(xen_vchan_ring_bytes(20), 1u << 20);
    assert_int_equal(xen_vchan_ring_bytes(21), 0);
    assert_int_equal(xen_vchan_ring_pages(11), 0);
    assert_int_equal(xen_vchan_ring_pages(14), 4);
}

static void test_notify_bits(void **state)
{
    (void)state;
    /* The server, short of data, asks the client to signal its next write. */
    sh->cli_notify = 0;
    xen_vchan_notify_request(&sh->cli_notify, VCHAN_NOTIFY_WRITE);
    assert_int_equal(sh->cli_notify, VCHAN_NOTIFY_WRITE);
    xen_vchan_notify_request(&sh->cli_notify, VCHAN_NOTIFY_READ);
    assert_int_equal(sh->cli_notify, VCHAN_NOTIFY_WRITE | VCHAN_NOTIFY_READ);
    /* The client, after writing, takes the WRITE bit once: notify exactly once. */
    assert_true(xen_vchan_notify_take(&sh->cli_notify, VCHAN_NOTIFY_WRITE));
    assert_false(xen_vchan_notify_take(&sh->cli_notify, VCHAN_NOTIFY_WRITE));
    assert_int_equal(sh->cli_notify, VCHAN_NOTIFY_READ);
    assert_int_equal(sh->srv_notify, 0); /* the other byte untouched */
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_is_xens),
        cmocka_unit_test_setup(test_both_directions_wrap, setup),
        cmocka_unit_test_setup(test_counters_wrap_uint32, setup),
        cmocka_unit_test(test_multi_page_ring),
        cmocka_unit_test_setup(test_hostile_peer, setup),
        cmocka_unit_test(test_orders),
        cmocka_unit_test_setup(test_notify_bits, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
