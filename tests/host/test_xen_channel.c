/*
 * test_xen_channel.c - xen/channel/channel.c on the host port: two channel ends in one process
 * over one buffer, the event channel replaced by a loopback that runs the peer's handler at
 * once (the real layer defers it to a handler thread; the channel code cannot tell). Blocking,
 * timeouts, wake-ups, notification suppression, peer readiness and a garbage-writing peer.
 * Needs xen/channel/channel.c xen/channel/ring.c xen/error.c and -Ixen/include.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "txtest.h"
#include "xen_channel.h"
#include "xen_evtchn.h"

/* ---- loopback event channel: port 1 <-> port 2 ------------------------------------------- */

static xen_evtchn_handler_t handlers[3];
static void *handler_args[3];
static unsigned sends[3];

xen_err_t xen_evtchn_set_handler(evtchn_t port, xen_evtchn_handler_t handler, void *arg,
                                 UINT priority)
{
    (void)priority;
    uint32_t p = evtchn_val(port);
    if (p < 1 || p > 2) {
        return XE_BAD_ARG;
    }
    handlers[p] = handler;
    handler_args[p] = arg;
    return XE_OK;
}

xen_err_t xen_evtchn_send(evtchn_t port)
{
    uint32_t p = evtchn_val(port);
    if (p < 1 || p > 2) {
        return XE_INVAL;
    }
    sends[p]++;
    uint32_t other = 3 - p;
    if (handlers[other] != NULL) {
        handlers[other](evtchn_init(other), handler_args[other]);
    }
    return XE_OK;
}

/* ---- fixtures ------------------------------------------------------------------------------ */

#define REGION 16384u

static uint8_t region[REGION] __attribute__((aligned(64)));
static struct xen_channel a, b;

static int setup(void **state)
{
    (void)state;
    memset(region, 0, sizeof(region));
    memset(handlers, 0, sizeof(handlers));
    memset(sends, 0, sizeof(sends));
    return 0;
}

static int teardown(void **state)
{
    xen_channel_close(&a);
    xen_channel_close(&b);
    return txtest_teardown(state);
}

static void open_both(void)
{
    assert_int_equal(xen_channel_open(&a, region, REGION, 0, evtchn_init(1), 10), XE_OK);
    assert_int_equal(xen_channel_open(&b, region, REGION, 1, evtchn_init(2), 10), XE_OK);
}

/* ---- tests --------------------------------------------------------------------------------- */

static void test_peer_readiness(void **state)
{
    (void)state;
    uint8_t m[8] = {0};
    assert_int_equal(xen_channel_open(&a, region, REGION, 0, evtchn_init(1), 10), XE_OK);
    assert_int_equal(xen_channel_send(&a, m, sizeof(m), TX_NO_WAIT), XE_NOT_READY);
    assert_int_equal(xen_channel_wait_peer(&a, TX_NO_WAIT), XE_WOULD_BLOCK);
    ULONG t0 = tx_time_get();
    assert_int_equal(xen_channel_wait_peer(&a, 5), XE_TIMEOUT);
    assert_true(tx_time_get() - t0 >= 5);
    assert_int_equal(xen_channel_open(&b, region, REGION, 1, evtchn_init(2), 10), XE_OK);
    assert_int_equal(xen_channel_wait_peer(&a, TX_NO_WAIT), XE_OK);
    assert_int_equal(xen_channel_wait_peer(&b, TX_NO_WAIT), XE_OK);
    assert_int_equal(xen_channel_max_msg(&a), 4096 - 8);
}

static void test_send_receive_both_ways(void **state)
{
    (void)state;
    open_both();
    char buf[64];
    uint32_t len;
    for (int i = 0; i < 100; i++) {
        char m[32];
        int n = snprintf(m, sizeof(m), "message %d", i);
        struct xen_channel *tx = (i & 1) ? &b : &a, *rx = (i & 1) ? &a : &b;
        assert_int_equal(xen_channel_send(tx, m, (uint32_t)n + 1, TX_NO_WAIT), XE_OK);
        assert_int_equal(xen_channel_receive(rx, buf, sizeof(buf), &len, TX_NO_WAIT), XE_OK);
        assert_int_equal(len, n + 1);
        assert_string_equal(buf, m);
    }
    assert_int_equal(xen_channel_receive(&a, buf, sizeof(buf), &len, TX_NO_WAIT), XE_WOULD_BLOCK);
    /* Nobody ever slept: apart from the two hellos and the first message each way, no
     * notifications. */
    struct xen_channel_stats st;
    xen_channel_get_stats(&a, &st);
    assert_int_equal(st.tx.msgs, 50);
    assert_int_equal(st.tx.notify_sent, 1);
    assert_int_equal(st.events_out, 2);
}

static void test_receive_timeout(void **state)
{
    (void)state;
    open_both();
    char buf[16];
    uint32_t len;
    ULONG t0 = tx_time_get();
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, 7), XE_TIMEOUT);
    ULONG waited = tx_time_get() - t0;
    assert_true(waited >= 7 && waited <= 8);
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, TX_NO_WAIT), XE_WOULD_BLOCK);
}

/* Test threads park here when done instead of returning (teardown terminates them). */
static void park(void)
{
    for (;;) {
        tx_thread_sleep(1000000);
    }
}

/* A receiver blocked forever is woken by the sender's notification. */
static volatile uint32_t got_len;
static volatile xen_err_t got_err = XE_COUNT_;
static char got_buf[64];

static void receiver(ULONG arg)
{
    (void)arg;
    uint32_t len;
    got_err = xen_channel_receive(&b, got_buf, sizeof(got_buf), &len, TX_WAIT_FOREVER);
    got_len = len;
    park();
}

static void test_blocking_receive_woken(void **state)
{
    (void)state;
    open_both();
    static TX_THREAD t;
    txtest_thread_create(&t, "rx", receiver, 0, 8); /* above the runner: blocks at once */
    assert_int_equal(got_err, XE_COUNT_);
    unsigned before = sends[1];
    assert_int_equal(xen_channel_send(&a, "wake up", 8, TX_NO_WAIT), XE_OK);
    assert_int_equal(sends[1], before + 1); /* the receiver slept: one notification */
    assert_int_equal(got_err, XE_OK);
    assert_int_equal(got_len, 8);
    assert_string_equal(got_buf, "wake up");
}

/* A sender blocked on a full ring is woken when the consumer frees enough space. */
static volatile xen_err_t sender_err = XE_COUNT_;

static void big_sender(ULONG arg)
{
    (void)arg;
    static uint8_t big[3000];
    sender_err = xen_channel_send(&a, big, sizeof(big), TX_WAIT_FOREVER);
    park();
}

static void test_blocking_send_woken(void **state)
{
    (void)state;
    open_both();
    static uint8_t big[3000];
    uint32_t len;
    /* Ring of 4096: one 3000-byte message fits, a second does not. */
    assert_int_equal(xen_channel_send(&a, big, sizeof(big), TX_NO_WAIT), XE_OK);
    assert_int_equal(xen_channel_send(&a, big, sizeof(big), TX_NO_WAIT), XE_WOULD_BLOCK);
    assert_int_equal(xen_channel_send(&a, big, sizeof(big), 3), XE_TIMEOUT);
    static TX_THREAD t;
    txtest_thread_create(&t, "tx", big_sender, 0, 8);
    assert_int_equal(sender_err, XE_COUNT_); /* blocked */
    assert_int_equal(xen_channel_receive(&b, big, sizeof(big), &len, TX_NO_WAIT), XE_OK);
    assert_int_equal(sender_err, XE_OK); /* woken by the consumer's notification */
    assert_int_equal(xen_channel_receive(&b, big, sizeof(big), &len, TX_NO_WAIT), XE_OK);
    assert_int_equal(len, sizeof(big));
    assert_int_equal(xen_channel_send(&a, big, 4096, TX_NO_WAIT), XE_TOO_BIG);
}

/* The peer writes a lying record header, then a good message: the receiver returns the good
 * one and counts the bad one. */
static void test_garbage_skipped(void **state)
{
    (void)state;
    open_both();
    struct xring *r = &a.rings.tx;
    uint32_t *hdr = (uint32_t *)(r->data + (r->own & (r->size - 1)));
    hdr[0] = 100000;
    hdr[1] = 42;
    r->own += 16;
    r->ctrl->prod = r->own;
    char buf[32];
    uint32_t len;
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, TX_NO_WAIT), XE_WOULD_BLOCK);
    assert_int_equal(xen_channel_send(&a, "good", 5, TX_NO_WAIT), XE_OK);
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, TX_NO_WAIT), XE_OK);
    assert_string_equal(buf, "good");
    /* A wild index: counted, then the sender's next message repairs it. */
    r->ctrl->prod = r->own + 12345;
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, 2), XE_TIMEOUT);
    assert_int_equal(xen_channel_send(&a, "again", 6, TX_NO_WAIT), XE_OK);
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, TX_NO_WAIT), XE_OK);
    assert_string_equal(buf, "again");
    struct xen_channel_stats st;
    xen_channel_get_stats(&b, &st);
    assert_int_equal(st.rx.bad_record, 1);
    assert_int_equal(st.rx.bytes_dropped, 16);
    assert_int_equal(st.rx.bad_index, 1);
    assert_int_equal(st.rx.msgs, 2);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    uint32_t len;
    char buf[4];
    assert_int_equal(xen_channel_open(NULL, region, REGION, 0, evtchn_init(1), 10), XE_BAD_ARG);
    assert_int_equal(xen_channel_open(&a, region, 100, 0, evtchn_init(1), 10), XE_BAD_ARG);
    assert_int_equal(xen_channel_open(&a, region, REGION, 0, evtchn_init(7), 10), XE_BAD_ARG);
    open_both();
    assert_int_equal(xen_channel_receive(&a, buf, sizeof(buf), NULL, TX_NO_WAIT), XE_BAD_ARG);
    assert_int_equal(xen_channel_send(&a, "12345678", 9, TX_NO_WAIT), XE_OK);
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, TX_NO_WAIT), XE_TOO_BIG);
    assert_int_equal(len, 9);
}

/* ---- a peer that restarts, a peer stuck on garbage ------------------------------------------ */

static void chan_send(struct xen_channel *tx, const char *tag, int i)
{
    char m[16] = {0};
    snprintf(m, sizeof(m), "%s%d", tag, i);
    assert_int_equal(xen_channel_send(tx, m, sizeof(m), TX_NO_WAIT), XE_OK);
}

static void chan_expect(struct xen_channel *rx, const char *tag, int i)
{
    char m[16] = {0}, in[32];
    uint32_t len;
    snprintf(m, sizeof(m), "%s%d", tag, i);
    assert_int_equal(xen_channel_receive(rx, in, sizeof(in), &len, TX_NO_WAIT), XE_OK);
    assert_int_equal(len, sizeof(m));
    assert_string_equal(in, m);
}

/* b restarts mid-stream (closes, loses its memory, opens again as side 1): a logs and counts one
 * restart; b's old in-flight messages reach a once, a's unread ones are counted lost (24-byte
 * records) and never delivered; then messages flow both ways in order. */
static void test_peer_restart(void **state)
{
    (void)state;
    open_both();
    for (int i = 0; i < 5; i++) {
        chan_send(&a, "a", i);
    }
    chan_expect(&b, "a", 0);
    chan_expect(&b, "a", 1);
    for (int i = 0; i < 3; i++) {
        chan_send(&b, "b", i);
    }
    chan_expect(&a, "b", 0);

    xen_channel_close(&b);
    memset(&b, 0x5a, sizeof(b));
    assert_int_equal(xen_channel_open(&b, region, REGION, 1, evtchn_init(2), 10), XE_OK);
    assert_int_equal(xen_channel_wait_peer(&b, TX_NO_WAIT), XE_OK);

    chan_send(&a, "a", 5);
    chan_expect(&b, "a", 5);
    char buf[32];
    uint32_t len;
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, TX_NO_WAIT), XE_WOULD_BLOCK);
    chan_send(&b, "b", 3);
    chan_expect(&a, "b", 1);
    chan_expect(&a, "b", 2);
    chan_expect(&a, "b", 3);
    assert_int_equal(xen_channel_receive(&a, buf, sizeof(buf), &len, TX_NO_WAIT), XE_WOULD_BLOCK);
    for (int i = 0; i < 300; i++) {
        chan_send(&a, "x", i);
        chan_send(&b, "y", i);
        chan_expect(&b, "x", i);
        chan_expect(&a, "y", i);
    }
    struct xen_channel_stats st = {0};
    xen_channel_get_stats(&a, &st);
    assert_int_equal(st.peer_restarts, 1);
    assert_int_equal(st.log_lines, 1);
    assert_int_equal(st.tx.peer_restarts, 1);
    assert_int_equal(st.rx.peer_restarts, 1);
    assert_int_equal(st.tx.bytes_lost, 3 * 24); /* a2, a3, a4 */
    assert_int_equal(st.rx.bytes_lost, 0);
    assert_int_equal(st.rx.bad_index + st.tx.bad_index + st.rx.bad_record, 0);
    xen_channel_get_stats(&b, &st);
    assert_int_equal(st.rx.bytes_lost, 3 * 24);
    assert_int_equal(st.peer_restarts, 0);
    assert_int_equal(st.rx.msgs, 1 + 300);
}

/* A peer that keeps writing a new garbage prod every tick. */
static volatile bool garbage_on;

static void garbage_writer(ULONG arg)
{
    (void)arg;
    struct xring *r = &a.rings.tx;
    uint32_t n = 0;
    while (garbage_on) {
        __atomic_store_n(&r->ctrl->prod, r->own + 5000u + 8u * n++, __ATOMIC_RELEASE);
        tx_thread_sleep(1);
    }
    park();
}

/* Garbage indexes, a new value every tick for 100 ticks: the receiver looks at a backing-off
 * interval (a few looks, each new value counted), logs one line for the run, and resumes
 * when the peer repairs its index; a second run is a second line. */
static void test_garbage_index_backoff(void **state)
{
    (void)state;
    open_both();
    char buf[32];
    uint32_t len;
    garbage_on = true;
    static TX_THREAD t;
    txtest_thread_create(&t, "garbage", garbage_writer, 0, 8);
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, 100), XE_TIMEOUT);
    garbage_on = false;
    tx_thread_sleep(2);
    struct xen_channel_stats st = {0};
    xen_channel_get_stats(&b, &st);
    print_message("garbage for 100 ticks: %u bad indexes seen, %u lines logged\n", st.rx.bad_index,
                  st.log_lines);
    assert_true(st.rx.bad_index >= 3);
    assert_true(st.rx.bad_index <= 12); /* one look a tick would see ~100 */
    assert_int_equal(st.log_lines, 1);
    chan_send(&a, "ok", 1); /* republishes a's real prod */
    chan_expect(&b, "ok", 1);
    a.rings.tx.ctrl->prod += 12345;
    assert_int_equal(xen_channel_receive(&b, buf, sizeof(buf), &len, 2), XE_TIMEOUT);
    chan_send(&a, "ok", 2);
    chan_expect(&b, "ok", 2);
    xen_channel_get_stats(&b, &st);
    assert_int_equal(st.log_lines, 2);
    assert_int_equal(st.rx.msgs, 2);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_peer_readiness, setup, teardown),
        cmocka_unit_test_setup_teardown(test_send_receive_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(test_receive_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocking_receive_woken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocking_send_woken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_peer_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_index_backoff, setup, teardown),
    };
    return cmocka_run_group_tests_name("xen_channel", tests, NULL, NULL);
}
