/*
 * test_xen_ring.c - the shared-memory message ring (xen/channel/ring.c) driven from both ends
 * over a plain buffer: protocol, wrap-around, notification suppression, and a hostile peer.
 * Needs xen/channel/ring.c and -Ixen/include (declared to tests.mk via XEN_RING_SRCS).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "txtest.h"

#include "xen_ring.h"

#define REGION_SIZE 4096u
#define GUARD       256u
#define GUARD_BYTE  0xA5

/* The shared region with guard bytes around it: the ring must never touch them. */
static uint8_t mem[GUARD + REGION_SIZE + GUARD] __attribute__((aligned(64)));
static uint8_t *const region = mem + GUARD;

static struct xring_pair a; /* side 0 */
static struct xring_pair b; /* side 1 */

static int setup(void **state)
{
    (void)state;
    memset(mem, GUARD_BYTE, sizeof(mem));
    memset(region, 0, REGION_SIZE);
    assert_int_equal(xring_pair_init(&a, region, REGION_SIZE, 0), XE_OK);
    assert_false(xring_pair_peer_ready(&a));
    assert_int_equal(xring_pair_init(&b, region, REGION_SIZE, 1), XE_OK);
    assert_true(xring_pair_peer_ready(&a));
    assert_true(xring_pair_peer_ready(&b));
    return 0;
}

static void assert_guards_intact(void)
{
    for (unsigned i = 0; i < GUARD; i++) {
        assert_int_equal(mem[i], GUARD_BYTE);
        assert_int_equal(mem[GUARD + REGION_SIZE + i], GUARD_BYTE);
    }
}

static void fill(uint8_t *buf, uint32_t len, uint32_t seed)
{
    for (uint32_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)(seed * 31u + i * 7u + (i >> 8));
    }
}

static void test_layout(void **state)
{
    (void)state;
    /* 4096 - 320 header = 3776 per pair: each ring gets 1024 bytes, side 0's first. */
    assert_int_equal(a.tx.size, 1024);
    assert_ptr_equal(a.tx.data, region + XRING_PAIR_HDR_SIZE);
    assert_ptr_equal(b.rx.data, a.tx.data);
    assert_ptr_equal(b.tx.data, region + XRING_PAIR_HDR_SIZE + 1024);
    assert_ptr_equal(a.rx.ctrl, b.tx.ctrl);
    assert_int_equal(xring_max_msg(a.tx.size), 1016);
}

static void test_bad_init_args(void **state)
{
    (void)state;
    struct xring r;
    struct xring_pair p;
    static uint8_t buf[256] __attribute__((aligned(64)));
    struct xring_ctrl ctrl;
    assert_int_equal(xring_init(&r, &ctrl, buf, 96, true), XE_BAD_ARG); /* not a power of 2 */
    assert_int_equal(xring_init(&r, &ctrl, buf, 32, true), XE_BAD_ARG); /* too small */
    assert_int_equal(xring_init(&r, NULL, buf, 64, true), XE_BAD_ARG);
    assert_int_equal(xring_pair_init(&p, region, REGION_SIZE, 2), XE_BAD_ARG);
    assert_int_equal(xring_pair_init(&p, region + 8, REGION_SIZE - 8, 0), XE_BAD_ARG);
    assert_int_equal(xring_pair_init(&p, region, 400, 0), XE_BAD_ARG);
}

/* Messages of every size class, both directions, many laps: contents and order preserved. */
static void test_roundtrip_wraps(void **state)
{
    (void)state;
    uint8_t out[1024], in[1024];
    bool notify;
    uint32_t len;
    uint32_t sent = 0;
    for (uint32_t i = 0; i < 3000; i++) {
        uint32_t l = 1u + (i * 37u) % xring_max_msg(a.tx.size);
        fill(out, l, i);
        struct xring_pair *tx = (i & 1) ? &b : &a;
        struct xring_pair *rx = (i & 1) ? &a : &b;
        assert_int_equal(xring_send(&tx->tx, out, l, &notify), XE_OK);
        sent += l;
        memset(in, 0, sizeof(in));
        assert_int_equal(xring_recv(&rx->rx, in, sizeof(in), &len, &notify), XE_OK);
        assert_int_equal(len, l);
        assert_memory_equal(in, out, l);
        assert_int_equal(xring_recv(&rx->rx, in, sizeof(in), &len, &notify), XE_WOULD_BLOCK);
    }
    assert_true(sent > 100u * a.tx.size); /* many laps, every offset class crossed the end */
    assert_int_equal(a.tx.stats.msgs + b.tx.stats.msgs, 3000);
    assert_int_equal(a.rx.stats.bad_record + b.rx.stats.bad_record, 0);
    assert_guards_intact();
}

/* Several messages queued, then drained in order. */
static void test_fifo_and_full(void **state)
{
    (void)state;
    uint8_t msg[100], in[200];
    bool notify;
    uint32_t len, n = 0;
    xen_err_t err;
    /* 100-byte message = 112-byte record; 1024 / 112 = 9 fit. */
    for (;;) {
        fill(msg, sizeof(msg), n);
        err = xring_send(&a.tx, msg, sizeof(msg), &notify);
        if (err != XE_OK) {
            break;
        }
        n++;
    }
    assert_int_equal(err, XE_WOULD_BLOCK);
    assert_int_equal(n, 9);
    assert_int_equal(xring_rx_pending(&b.rx), 9 * 112);
    for (uint32_t i = 0; i < n; i++) {
        fill(msg, sizeof(msg), i);
        assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
        assert_int_equal(len, sizeof(msg));
        assert_memory_equal(in, msg, sizeof(msg));
    }
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_WOULD_BLOCK);
}

static void test_sizes_rejected(void **state)
{
    (void)state;
    static uint8_t big[2048];
    uint8_t small[16];
    bool notify;
    uint32_t len;
    assert_int_equal(xring_send(&a.tx, big, 1017, &notify), XE_TOO_BIG);
    assert_int_equal(xring_send(&a.tx, big, 0, &notify), XE_BAD_ARG);
    assert_int_equal(xring_send(&a.rx, big, 8, &notify), XE_BAD_ARG); /* wrong direction */
    fill(big, 1016, 5);
    assert_int_equal(xring_send(&a.tx, big, 1016, &notify), XE_OK); /* exactly the maximum */
    /* A buffer too small keeps the message for a second try. */
    assert_int_equal(xring_recv(&b.rx, small, sizeof(small), &len, &notify), XE_TOO_BIG);
    assert_int_equal(len, 1016);
    static uint8_t in[1016];
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    assert_memory_equal(in, big, 1016);
}

/* The consumer never sleeps: only the very first message (fresh consumer) notifies. */
static void test_suppression_busy_consumer(void **state)
{
    (void)state;
    uint8_t m[24] = {0}, in[64];
    bool notify;
    uint32_t len;
    for (int i = 0; i < 500; i++) {
        assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
        assert_int_equal(notify, i == 0);
        assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
        assert_false(notify); /* producer never waited for space */
    }
    assert_int_equal(a.tx.stats.notify_sent, 1);
    assert_int_equal(a.tx.stats.notify_saved, 499);
    assert_int_equal(b.rx.stats.notify_sent, 0);
}

/* The consumer sleeps after each drain: exactly one notification per sleep, however many
 * messages arrive before it wakes. */
static void test_suppression_sleeping_consumer(void **state)
{
    (void)state;
    uint8_t m[8] = {0}, in[64];
    bool notify;
    uint32_t len;
    unsigned notifies = 0;
    assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
    assert_true(notify);
    /* Data present: preparing to wait must say "do not sleep". */
    assert_false(xring_rx_prepare_wait(&b.rx));
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    for (int round = 0; round < 50; round++) {
        assert_true(xring_rx_prepare_wait(&b.rx)); /* empty: going to sleep */
        for (int k = 0; k < 5; k++) {
            assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
            notifies += notify;
            assert_int_equal(notify, k == 0);
        }
        for (int k = 0; k < 5; k++) {
            assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
        }
    }
    assert_int_equal(notifies, 50);
}

/* A producer waiting for space is notified once the consumer frees enough, not before. */
static void test_tx_wait_for_space(void **state)
{
    (void)state;
    uint8_t m[120] = {0}, in[200];
    bool notify;
    uint32_t len;
    /* 120-byte messages = 128-byte records: 8 fill 1024 exactly. */
    for (int i = 0; i < 8; i++) {
        assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
    }
    assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_WOULD_BLOCK);
    /* Wants room for a 250-byte message (264-byte record): three records must go. */
    assert_true(xring_tx_prepare_wait(&a.tx, 250));
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    assert_false(notify);
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    assert_false(notify);
    assert_true(xring_tx_prepare_wait(&a.tx, 250)); /* 256 free: still short */
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    assert_true(notify); /* 384 free now */
    assert_false(xring_tx_prepare_wait(&a.tx, 250));
    static uint8_t big[250];
    assert_int_equal(xring_send(&a.tx, big, sizeof(big), &notify), XE_OK);
}

/* ---- hostile peer ------------------------------------------------------------------------ */

/* Peer's prod jumps beyond the ring or to a misaligned value: rejected, counted once per value,
 * our cons untouched; when the peer behaves again, traffic resumes. */
static void test_hostile_prod_index(void **state)
{
    (void)state;
    uint8_t m[16] = "hello", in[64];
    bool notify;
    uint32_t len;
    struct xring_ctrl *c = b.rx.ctrl;
    assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    uint32_t good = c->prod;
    c->prod = good + b.rx.size + 8; /* more than the ring can hold */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_PEER);
    }
    assert_int_equal(b.rx.stats.bad_index, 1);
    assert_int_equal(xring_rx_pending(&b.rx), 0);
    c->prod = good + 3; /* misaligned */
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_PEER);
    assert_int_equal(b.rx.stats.bad_index, 2);
    c->prod = good - 8; /* backwards */
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_PEER);
    assert_int_equal(b.rx.stats.bad_index, 3);
    assert_int_equal(b.rx.own, good);
    assert_int_equal(c->cons, good);
    c->prod = good; /* the peer repairs its index; a.tx still has it privately */
    assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    assert_string_equal((char *)in, "hello");
    assert_guards_intact();
}

/* Record headers that lie: oversized length, length beyond what was published, zero length,
 * wrong check word. Each is rejected and counted, the bytes dropped, the next message fine. */
static void test_hostile_records(void **state)
{
    (void)state;
    uint8_t m[40] = {0}, in[2048];
    bool notify;
    uint32_t len;
    uint32_t *hdr;
    const uint32_t lies[][2] = {
        {5000, ~5000u},   /* longer than the ring */
        {1016, ~1016u},   /* fits the ring but more than published */
        {0, ~0u},         /* empty record */
        {40, 0x12345678}, /* check word garbage */
    };
    for (unsigned i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
        uint32_t pos = a.tx.own;
        assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
        hdr = (uint32_t *)(a.tx.data + (pos & (a.tx.size - 1)));
        hdr[0] = lies[i][0];
        hdr[1] = lies[i][1] ^ pos;
        if (i == 3) {
            hdr[1] = lies[i][1];
        }
        assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_PEER);
        assert_int_equal(b.rx.stats.bad_record, i + 1);
        assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_WOULD_BLOCK);
        fill(m, sizeof(m), i);
        assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
        assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
        assert_memory_equal(in, m, sizeof(m));
    }
    assert_int_equal(b.rx.stats.bytes_dropped, 4 * 48);
    assert_guards_intact();
}

/* Torn write: the peer publishes prod before writing the record. The stale bytes there (a
 * record from the previous lap) fail the position-bound check word. */
static void test_hostile_torn_write(void **state)
{
    (void)state;
    uint8_t m[56] = {0}, in[128];
    bool notify;
    uint32_t len;
    /* One full lap of valid 64-byte records so the area holds well-formed stale headers. */
    for (int i = 0; i < 16; i++) {
        assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
        assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    }
    /* Peer bumps prod by one record without writing it. */
    a.tx.ctrl->prod = a.tx.own + 64;
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_PEER);
    assert_int_equal(b.rx.stats.bad_record, 1);
    assert_int_equal(b.rx.stats.msgs, 16);
}

/* The peer scribbles on the fields we own: our private indices win, nothing is lost. */
static void test_hostile_overwrites_our_fields(void **state)
{
    (void)state;
    uint8_t m[32], in[64];
    bool notify;
    uint32_t len;
    for (int i = 0; i < 3; i++) {
        fill(m, sizeof(m), i);
        assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
    }
    /* Side b (the peer of a's tx ring) overwrites a's prod, which only a writes. */
    a.tx.ctrl->prod = 0xdeadbeef;
    /* ... and b's rx sees a bad index, counted. */
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_PEER);
    /* a publishes again on its next send: its three messages plus the new one arrive intact. */
    fill(m, sizeof(m), 3);
    assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
    for (int i = 0; i < 4; i++) {
        fill(m, sizeof(m), i);
        assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
        assert_memory_equal(in, m, sizeof(m));
    }
}

/* The consumer lies about cons: our send refuses (counted), writes nothing, and our own
 * queued messages are still there once cons is sane again. */
static void test_hostile_cons_index(void **state)
{
    (void)state;
    uint8_t m[32], in[64];
    bool notify;
    uint32_t len;
    fill(m, sizeof(m), 1);
    assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_OK);
    uint8_t snapshot[1024];
    memcpy(snapshot, a.tx.data, sizeof(snapshot));
    uint32_t real = b.rx.ctrl->cons;
    const uint32_t bad[] = {a.tx.own + 8, a.tx.own - 2048, 4};
    for (unsigned i = 0; i < 3; i++) {
        b.rx.ctrl->cons = bad[i];
        assert_int_equal(xring_send(&a.tx, m, sizeof(m), &notify), XE_PEER);
        assert_false(xring_tx_prepare_wait(&a.tx, 32)); /* never sleep on garbage */
    }
    assert_int_equal(a.tx.stats.bad_index, 3);
    assert_memory_equal(a.tx.data, snapshot, sizeof(snapshot));
    b.rx.ctrl->cons = real;
    assert_int_equal(xring_recv(&b.rx, in, sizeof(in), &len, &notify), XE_OK);
    assert_memory_equal(in, m, sizeof(m));
}

/* Random garbage anywhere in the shared region between operations, thousands of times: only
 * the documented results, never a length above the caller's buffer, guards intact. */
static void test_hostile_fuzz(void **state)
{
    (void)state;
    srand(1234);
    uint8_t m[300] = {0}, in[512];
    bool notify;
    uint32_t len;
    unsigned ok = 0, rejected = 0;
    for (int i = 0; i < 20000; i++) {
        uint32_t l = 1 + (uint32_t)rand() % sizeof(m);
        xen_err_t err = xring_send(&a.tx, m, l, &notify);
        assert_true(err == XE_OK || err == XE_WOULD_BLOCK || err == XE_PEER);
        switch (rand() % 8) {
        case 0: /* a random byte anywhere: data, headers, indices, hello words */
            region[(unsigned)rand() % REGION_SIZE] = (uint8_t)rand();
            break;
        case 1: /* the header of the next record to be read */
            b.rx.data[(b.rx.own + (unsigned)rand() % 8) & (b.rx.size - 1)] = (uint8_t)rand();
            break;
        case 2: /* the producer's index */
            b.rx.ctrl->prod += (uint32_t)(rand() % 64) - 32;
            break;
        case 3: /* the consumer's index and event indices */
            a.tx.ctrl->cons ^= 1u << (rand() % 32);
            a.tx.ctrl->prod_event = (uint32_t)rand();
            a.tx.ctrl->cons_event = (uint32_t)rand();
            break;
        default:
            break;
        }
        err = xring_recv(&b.rx, in, sizeof(in), &len, &notify);
        assert_true(err == XE_OK || err == XE_WOULD_BLOCK || err == XE_PEER || err == XE_TOO_BIG);
        assert_true(len <= xring_max_msg(b.rx.size));
        if (err == XE_OK) {
            assert_true(len <= sizeof(in));
            ok++;
        } else if (err == XE_PEER) {
            rejected++;
        }
        if (err == XE_TOO_BIG) {
            /* A forged length larger than our buffer: the reader side's app would drop it. */
            assert_true(len > sizeof(in));
            b.rx.ctrl->prod = b.rx.own; /* peer "repairs" */
        }
        (void)xring_rx_prepare_wait(&b.rx);
        (void)xring_tx_prepare_wait(&a.tx, l);
    }
    print_message("fuzz: %u delivered, %u rejected\n", ok, rejected);
    assert_true(ok > 1000);
    assert_true(rejected > 100);
    assert_true(a.tx.stats.bad_index + b.rx.stats.bad_index + b.rx.stats.bad_record > 100);
    assert_guards_intact();
}

/* ---- a peer that restarts ------------------------------------------------------------------ */

static void send_seq(struct xring *tx, uint32_t seq)
{
    uint8_t m[24];
    bool notify;
    fill(m, sizeof(m), seq);
    assert_int_equal(xring_send(tx, m, sizeof(m), &notify), XE_OK);
}

static void expect_seq(struct xring *rx, uint32_t seq)
{
    uint8_t m[24], in[64];
    bool notify;
    uint32_t len;
    fill(m, sizeof(m), seq);
    assert_int_equal(xring_recv(rx, in, sizeof(in), &len, &notify), XE_OK);
    assert_int_equal(len, sizeof(m));
    assert_memory_equal(in, m, sizeof(m));
}

static void expect_empty(struct xring *rx)
{
    uint8_t in[64];
    bool notify;
    uint32_t len;
    assert_int_equal(xring_recv(rx, in, sizeof(in), &len, &notify), XE_WOULD_BLOCK);
}

/* Side b restarts mid-stream: its memory is lost and it initialises again over the same region.
 * a counts one restart per direction; what b's old instance had published reaches a once; what
 * a had sent and b had not read is skipped by the new b and counted as lost (32-byte records),
 * never delivered; then traffic flows both ways, in order, for many laps. */
static void test_peer_restart(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < 5; i++) {
        send_seq(&a.tx, i);
    }
    expect_seq(&b.rx, 0);
    expect_seq(&b.rx, 1);
    for (uint32_t i = 100; i < 103; i++) {
        send_seq(&b.tx, i);
    }
    expect_seq(&a.rx, 100);

    memset(&b, 0x5a, sizeof(b));
    assert_int_equal(xring_pair_init(&b, region, REGION_SIZE, 1), XE_OK);
    assert_int_equal(b.rx.stats.bytes_lost, 3 * 32); /* a's 2, 3, 4 */

    send_seq(&a.tx, 5);
    expect_seq(&b.rx, 5);
    expect_empty(&b.rx);
    send_seq(&b.tx, 103);
    expect_seq(&a.rx, 101);
    expect_seq(&a.rx, 102);
    expect_seq(&a.rx, 103);
    expect_empty(&a.rx);
    assert_int_equal(a.tx.stats.peer_restarts, 1);
    assert_int_equal(a.rx.stats.peer_restarts, 1);
    assert_int_equal(a.tx.stats.bytes_lost, 3 * 32);
    assert_int_equal(a.rx.stats.bytes_lost, 0);
    for (uint32_t i = 0; i < 200; i++) {
        send_seq(&a.tx, 1000 + i);
        send_seq(&b.tx, 2000 + i);
        expect_seq(&b.rx, 1000 + i);
        expect_seq(&a.rx, 2000 + i);
    }
    assert_int_equal(a.tx.stats.peer_restarts + a.rx.stats.peer_restarts, 2);
    assert_int_equal(a.rx.stats.bad_index + a.tx.stats.bad_index + a.rx.stats.bad_record, 0);
    assert_int_equal(b.rx.stats.bad_index + b.tx.stats.bad_index + b.rx.stats.bad_record, 0);
    assert_guards_intact();
}

/* A peer that restarts the old way, zeroing its indexes (with a new generation): a follows it
 * instead of reporting a bad index forever; what was unread in the old ring is counted lost. */
static void test_peer_restart_zeroing(void **state)
{
    (void)state;
    send_seq(&a.tx, 0);
    send_seq(&a.tx, 1);
    expect_seq(&b.rx, 0);
    send_seq(&a.tx, 2);
    send_seq(&b.tx, 100);
    send_seq(&b.tx, 101);
    send_seq(&b.tx, 102);
    expect_seq(&a.rx, 100);
    /* b re-initialises: new generation, its prod and cons back to 0. */
    b.hdr->gen[1]++;
    b.tx.ctrl->prod = 0;
    b.rx.ctrl->cons = 0;
    b.tx.own = 0;
    b.rx.own = 0;
    expect_empty(&a.rx);  /* a follows b's prod back to 0 (its cons too, or b could not send) */
    send_seq(&b.tx, 103); /* the new instance's first message, at position 0 */
    expect_seq(&a.rx, 103);
    expect_empty(&a.rx);
    assert_int_equal(a.rx.stats.peer_restarts, 1);
    assert_int_equal(a.rx.stats.bytes_lost, 2 * 32);
    assert_int_equal(a.rx.stats.bad_index, 0);
    /* a's tx follows b's zeroed cons: its unread 1, 2 are lost, then it sends from 0. */
    send_seq(&a.tx, 3);
    assert_int_equal(a.tx.stats.peer_restarts, 1);
    assert_int_equal(a.tx.stats.bytes_lost, 2 * 32);
    expect_seq(&b.rx, 3);
    expect_empty(&b.rx);
    for (uint32_t i = 0; i < 100; i++) {
        send_seq(&a.tx, 10 + i);
        send_seq(&b.tx, 200 + i);
        expect_seq(&b.rx, 10 + i);
        expect_seq(&a.rx, 200 + i);
    }
    assert_guards_intact();
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_layout, setup),
        cmocka_unit_test_setup(test_bad_init_args, setup),
        cmocka_unit_test_setup(test_roundtrip_wraps, setup),
        cmocka_unit_test_setup(test_fifo_and_full, setup),
        cmocka_unit_test_setup(test_sizes_rejected, setup),
        cmocka_unit_test_setup(test_suppression_busy_consumer, setup),
        cmocka_unit_test_setup(test_suppression_sleeping_consumer, setup),
        cmocka_unit_test_setup(test_tx_wait_for_space, setup),
        cmocka_unit_test_setup(test_hostile_prod_index, setup),
        cmocka_unit_test_setup(test_hostile_records, setup),
        cmocka_unit_test_setup(test_hostile_torn_write, setup),
        cmocka_unit_test_setup(test_hostile_overwrites_our_fields, setup),
        cmocka_unit_test_setup(test_hostile_cons_index, setup),
        cmocka_unit_test_setup(test_hostile_fuzz, setup),
        cmocka_unit_test_setup(test_peer_restart, setup),
        cmocka_unit_test_setup(test_peer_restart_zeroing, setup),
    };
    return cmocka_run_group_tests_name("xen_ring", tests, NULL, NULL);
}
