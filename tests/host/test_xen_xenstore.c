/*
 * test_xen_xenstore.c - XenStore wire protocol of the RTOS client (xen/xenstore_proto.c) over a
 * plain xenstore_domain_interface page: request ring with wrap-around and back-pressure,
 * reassembly of replies split across ring refills (larger than the ring), a daemon that sends
 * garbage indexes, lengths or types, error names, permission strings.
 * The source is compiled into this test directly (it needs nothing but Xen's public headers).
 *
 * Then the client itself (xen/xenstore.c, unchanged, linked in) against the model of xenstored
 * of tests/host/model_xenstored.c (shared with fuzz/fuzz_xenstore_client.c) on a second page: a
 * ThreadX thread above the test's that serves the rings at each notification and each tick, and
 * can be slow, send garbage, and honour XENSTORE_RECONNECT; it also stubs what the client needs
 * below it (HVM params, page mapping, event channel, our domain id).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "model_xenstored.h"
#include "txtest.h"
#include "xen_evtchn.h"
#include "xen_hv.h"
#include "xen_hypercall.h"
#include "xen_port.h"
#include "xen_xenstore.h" /* with the client's part, before xenstore_proto.c leaves it out */

#include "../../xen/xenstore_proto.c"

static struct xenstore_domain_interface page;

/* The daemon's side: queue bytes into the response ring. */
static size_t daemon_put(const void *data, size_t len)
{
    uint32_t space = XENSTORE_RING_SIZE - (page.rsp_prod - page.rsp_cons);
    size_t n = len < space ? len : space;
    for (size_t i = 0; i < n; i++) {
        page.rsp[MASK_XENSTORE_IDX(page.rsp_prod + (uint32_t)i)] = ((const char *)data)[i];
    }
    page.rsp_prod += (uint32_t)n;
    return n;
}

/* The daemon's side: take bytes from the request ring. */
static size_t daemon_take(void *out, size_t len)
{
    uint32_t avail = page.req_prod - page.req_cons;
    size_t n = len < avail ? len : avail;
    for (size_t i = 0; i < n; i++) {
        ((char *)out)[i] = page.req[MASK_XENSTORE_IDX(page.req_cons + (uint32_t)i)];
    }
    page.req_cons += (uint32_t)n;
    return n;
}

static int reset(void **state)
{
    (void)state;
    memset(&page, 0, sizeof(page));
    return 0;
}

static void test_request_ring_wraps_and_fills(void **state)
{
    (void)state;
    /* Start near the index wrap of uint32 and off the ring's start. */
    page.req_cons = page.req_prod = 0xfffffff0u - 100u;
    char msg[700], back[700];
    for (unsigned i = 0; i < sizeof(msg); i++) {
        msg[i] = (char)(i * 13u);
    }
    size_t put;
    for (int round = 0; round < 5; round++) {
        assert_int_equal(xen_xs_ring_put(&page, msg, sizeof(msg), &put), XE_OK);
        assert_int_equal(put, sizeof(msg));
        assert_int_equal(daemon_take(back, sizeof(back)), sizeof(back));
        assert_memory_equal(msg, back, sizeof(msg));
    }
    /* Full ring: only what fits goes in, then nothing. */
    assert_int_equal(xen_xs_ring_put(&page, msg, sizeof(msg), &put), XE_OK);
    assert_int_equal(xen_xs_ring_put(&page, msg, sizeof(msg), &put), XE_OK);
    assert_int_equal(put, XENSTORE_RING_SIZE - sizeof(msg));
    assert_int_equal(xen_xs_ring_put(&page, msg, 1, &put), XE_OK);
    assert_int_equal(put, 0);
}

static void test_request_ring_bad_cons(void **state)
{
    (void)state;
    page.req_prod = 5000;
    page.req_cons = 100; /* the daemon claims to be 4900 bytes behind a 1024-byte ring */
    size_t put = 99;
    assert_int_equal(xen_xs_ring_put(&page, "x", 1, &put), XE_PEER);
    assert_int_equal(put, 0);
    assert_int_equal(page.req_prod, 5000);
}

static void send_msg(uint32_t type, uint32_t id, const char *body, uint32_t len)
{
    struct xsd_sockmsg h = {.type = type, .req_id = id, .tx_id = 0, .len = len};
    assert_int_equal(daemon_put(&h, sizeof(h)), sizeof(h));
    assert_int_equal(daemon_put(body, len), len);
}

static void test_reply_in_pieces(void **state)
{
    (void)state;
    static struct xen_xs_rx rx;
    bool consumed;
    memset(&rx, 0, sizeof(rx));
    struct xsd_sockmsg h = {.type = XS_READ, .req_id = 7, .len = 5};
    /* Half a header: nothing complete, but bytes were consumed. */
    daemon_put(&h, 10);
    assert_int_equal(xen_xs_rx_step(&page, &rx, &consumed), XE_WOULD_BLOCK);
    assert_true(consumed);
    assert_int_equal(xen_xs_rx_step(&page, &rx, &consumed), XE_WOULD_BLOCK);
    assert_false(consumed);
    daemon_put((char *)&h + 10, sizeof(h) - 10);
    daemon_put("ab", 2);
    assert_int_equal(xen_xs_rx_step(&page, &rx, &consumed), XE_WOULD_BLOCK);
    daemon_put("cde", 3);
    assert_int_equal(xen_xs_rx_step(&page, &rx, &consumed), XE_OK);
    assert_int_equal(rx.hdr.req_id, 7);
    assert_string_equal(rx.body, "abcde");
}

static void test_reply_larger_than_ring(void **state)
{
    (void)state;
    static struct xen_xs_rx rx;
    static char body[3000];
    bool consumed;
    memset(&rx, 0, sizeof(rx));
    for (unsigned i = 0; i < sizeof(body); i++) {
        body[i] = (char)('a' + i % 26u);
    }
    struct xsd_sockmsg h = {.type = XS_DIRECTORY, .req_id = 9, .len = sizeof(body)};
    daemon_put(&h, sizeof(h));
    size_t sent = 0;
    xen_err_t err;
    int steps = 0;
    do {
        sent += daemon_put(body + sent, sizeof(body) - sent);
        err = xen_xs_rx_step(&page, &rx, &consumed);
        steps++;
    } while (err == XE_WOULD_BLOCK && steps < 20);
    assert_int_equal(err, XE_OK);
    assert_true(steps >= 3);
    assert_int_equal(rx.body_got, sizeof(body));
    assert_memory_equal(rx.body, body, sizeof(body));
    assert_int_equal(rx.body[sizeof(body)], '\0');
}

static void test_daemon_garbage(void **state)
{
    (void)state;
    static struct xen_xs_rx rx;
    bool consumed;

    /* Length beyond XENSTORE_PAYLOAD_MAX. */
    memset(&rx, 0, sizeof(rx));
    struct xsd_sockmsg h = {.type = XS_READ, .req_id = 1, .len = XENSTORE_PAYLOAD_MAX + 1};
    daemon_put(&h, sizeof(h));
    assert_int_equal(xen_xs_rx_step(&page, &rx, &consumed), XE_PEER);

    /* Unknown message type. */
    memset(&page, 0, sizeof(page));
    memset(&rx, 0, sizeof(rx));
    h = (struct xsd_sockmsg){.type = 0x7777, .req_id = 1, .len = 0};
    daemon_put(&h, sizeof(h));
    assert_int_equal(xen_xs_rx_step(&page, &rx, &consumed), XE_PEER);

    /* Producer index far ahead of the consumer. */
    memset(&page, 0, sizeof(page));
    memset(&rx, 0, sizeof(rx));
    page.rsp_prod = 4096;
    assert_int_equal(xen_xs_rx_step(&page, &rx, &consumed), XE_PEER);
    assert_int_equal(page.rsp_cons, 0);

    /* An error reply is a valid message. */
    memset(&page, 0, sizeof(page));
    memset(&rx, 0, sizeof(rx));
    send_msg(XS_ERROR, 3, "ENOENT", 7);
    assert_int_equal(xen_xs_rx_step(&page, &rx, &consumed), XE_OK);
    assert_int_equal(xen_xs_error_code(rx.body, rx.hdr.len), XE_NOENT);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_int_equal(xen_xs_error_code("EACCES", 7), XE_ACCES);
    assert_int_equal(xen_xs_error_code("EAGAIN", 6), XE_AGAIN); /* without its NUL */
    assert_int_equal(xen_xs_error_code("EEXIST", 7), XE_EXIST);
    assert_int_equal(xen_xs_error_code("ENOENTX", 8), XE_IO);
    assert_int_equal(xen_xs_error_code("ENO", 3), XE_IO);
    assert_int_equal(xen_xs_error_code("", 0), XE_IO);
}

static void test_perms(void **state)
{
    (void)state;
    struct xen_xs_perm in[3] = {
        {1, XEN_XS_PERM_NONE}, {0, XEN_XS_PERM_READ}, {65000, XEN_XS_PERM_BOTH}};
    char wire[64];
    size_t len = xen_xs_perms_encode(in, 3, wire, sizeof(wire));
    assert_int_equal(len, 3 + 3 + 7);
    assert_memory_equal(wire, "n1\0r0\0b65000\0", len);
    /* Does not fit: nothing. */
    assert_int_equal(xen_xs_perms_encode(in, 3, wire, 10), 0);
    assert_int_equal(xen_xs_perms_encode(in, 0, wire, sizeof(wire)), 0);
    struct xen_xs_perm bad = {1, 9};
    assert_int_equal(xen_xs_perms_encode(&bad, 1, wire, sizeof(wire)), 0);

    struct xen_xs_perm out[4];
    unsigned n;
    assert_int_equal(xen_xs_perms_decode(wire, len, out, 4, &n), XE_OK);
    assert_int_equal(n, 3);
    assert_int_equal(out[2].domid, 65000);
    assert_int_equal(out[2].perms, XEN_XS_PERM_BOTH);
    assert_int_equal(out[0].perms, XEN_XS_PERM_NONE);
    assert_int_equal(xen_xs_perms_decode(wire, len, out, 2, &n), XE_NO_SLOT);
    assert_int_equal(xen_xs_perms_decode("x1", 3, out, 4, &n), XE_PEER);
    assert_int_equal(xen_xs_perms_decode("r", 2, out, 4, &n), XE_PEER);
    assert_int_equal(xen_xs_perms_decode("r1a", 4, out, 4, &n), XE_PEER);
    assert_int_equal(xen_xs_perms_decode("r70000", 7, out, 4, &n), XE_PEER);
    assert_int_equal(xen_xs_perms_decode("r99999999999", 13, out, 4, &n), XE_PEER);
    assert_int_equal(xen_xs_perms_decode("n1\0r0", 5, out, 4, &n), XE_PEER); /* unterminated */
    assert_int_equal(xen_xs_perms_decode("", 0, out, 4, &n), XE_PEER);
}

static void test_string_lists(void **state)
{
    (void)state;
    unsigned n;
    const char list[] = "a\0bc\0\0d"; /* 8 bytes with the final NUL */
    assert_int_equal(xen_xs_strings_count(list, sizeof(list), &n), XE_OK);
    assert_int_equal(n, 4);
    assert_string_equal(xen_xs_strings_get(list, sizeof(list), 1), "bc");
    assert_string_equal(xen_xs_strings_get(list, sizeof(list), 2), "");
    assert_string_equal(xen_xs_strings_get(list, sizeof(list), 3), "d");
    assert_null(xen_xs_strings_get(list, sizeof(list), 4));
    assert_int_equal(xen_xs_strings_count(list, sizeof(list) - 1, &n), XE_PEER);
    assert_null(xen_xs_strings_get(list, sizeof(list) - 1, 3)); /* "d" unterminated */
    assert_int_equal(xen_xs_strings_count(list, 0, &n), XE_OK);
    assert_int_equal(n, 0);
}

/* ---- the client against a model of xenstored ---------------------------------------------- */

#define DAEMON_PRIO  8u
#define REQ_TIMEOUT_ (5u * TX_TIMER_TICKS_PER_SECOND) /* xenstore.c's request timeout */

static struct xen_xs_stats xs_stats(void)
{
    struct xen_xs_stats st;
    xen_xs_get_stats(&st);
    return st;
}

static char big[3000];

static int client_setup(void **state)
{
    (void)state;
    xsd.stall_req_until = 0;
    xsd.slow_rsp_until = 0;
    xsd.reconnection = false;
    xsd_store.server_features = 0;
    return 0;
}

static void read_is(const char *path, const char *want)
{
    char buf[XENSTORE_PAYLOAD_MAX + 1];
    size_t len;
    assert_int_equal(xen_xs_read(XEN_XS_NO_TXN, path, buf, sizeof(buf), &len), XE_OK);
    assert_int_equal(len, strlen(want));
    assert_string_equal(buf, want);
}

static void test_client_init(void **state)
{
    (void)state;
    assert_int_equal(xsd_start(DAEMON_PRIO), TX_SUCCESS);
    xsd_store.connection = XENSTORE_CONNECTED;
    assert_int_equal(xen_xs_init(12, 100), XE_OK);
    assert_string_equal(xen_xs_home(), "/local/domain/2");
    assert_int_equal(xen_xs_write_str(XEN_XS_NO_TXN, "/a", "1"), XE_OK);
    assert_int_equal(xen_xs_write_str(XEN_XS_NO_TXN, "/b", "2"), XE_OK);
    read_is("/a", "1");
    for (unsigned i = 0; i < sizeof(big); i++) {
        big[i] = (char)('A' + i % 23u);
    }
}

/* A 3 KB request times out with a KB in the ring: the next request finishes it first, its
 * reply is discarded as late, and every request after gets its own reply. */
static void test_timeout_mid_request(void **state)
{
    (void)state;
    struct xen_xs_stats before = xs_stats();
    xsd.stall_req_until = tx_time_get() + 2 * REQ_TIMEOUT_;
    assert_int_equal(xen_xs_write(XEN_XS_NO_TXN, "/big", big, sizeof(big)), XE_TIMEOUT);
    assert_int_equal(xsd_store.req_prod - xsd_store.req_cons,
                     XENSTORE_RING_SIZE); /* half-written */
    xsd.stall_req_until = 0;
    read_is("/a", "1");
    read_is("/b", "2");
    char buf[sizeof(big) + 1];
    size_t len;
    assert_int_equal(xen_xs_read(XEN_XS_NO_TXN, "/big", buf, sizeof(buf), &len), XE_OK);
    assert_int_equal(len, sizeof(big));
    assert_memory_equal(buf, big, sizeof(big));
    struct xen_xs_stats after = xs_stats();
    assert_int_equal(after.late - before.late, 1);
    assert_int_equal(after.timeouts - before.timeouts, 1);
    assert_int_equal(after.resyncs, before.resyncs);
}

/* A reply dribbles in a few bytes a tick: the request times out halfway through the reply; the
 * rest is skipped when it comes and the next request gets its own reply. */
static void test_timeout_mid_reply(void **state)
{
    (void)state;
    assert_int_equal(xen_xs_write(XEN_XS_NO_TXN, "/big", big, sizeof(big)), XE_OK);
    struct xen_xs_stats before = xs_stats();
    xsd.rsp_per_tick = 4;
    xsd.slow_rsp_until = tx_time_get() + 2 * REQ_TIMEOUT_;
    char buf[sizeof(big) + 1];
    assert_int_equal(xen_xs_read(XEN_XS_NO_TXN, "/big", buf, sizeof(buf), NULL), XE_TIMEOUT);
    read_is("/b", "2"); /* waits for the rest of the old reply, then its own */
    read_is("/a", "1");
    struct xen_xs_stats after = xs_stats();
    assert_int_equal(after.late - before.late, 1);
    assert_int_equal(after.stray, before.stray);
}

/* Garbage on the response ring (a length beyond XENSTORE_PAYLOAD_MAX) from a daemon without
 * reconnection: the request in flight fails, the client skips what the ring holds, later
 * requests work. */
static void test_resync_by_skipping(void **state)
{
    (void)state;
    struct xen_xs_stats before = xs_stats();
    struct xsd_sockmsg bad = {.type = XS_READ, .req_id = 77, .len = XENSTORE_PAYLOAD_MAX + 1};
    xsd_raw(&bad, sizeof(bad));
    xsd_raw("junk", 4);
    assert_int_equal(xen_xs_read(XEN_XS_NO_TXN, "/a", (char[8]){0}, 8, NULL), XE_PEER);
    assert_true(xen_xs_ready());
    read_is("/a", "1");
    read_is("/b", "2");
    struct xen_xs_stats after = xs_stats();
    assert_int_equal(after.resyncs - before.resyncs, 1);
    assert_int_equal(xsd_store.rsp_prod, xsd_store.rsp_cons);
}

/* The daemon zeroes both rings and forgets what it had queued, without a reconnection asked for
 * (the fuzz target's "reset"). */
static void daemon_resets(void)
{
    xsd_store.req_cons = xsd_store.req_prod = xsd_store.rsp_cons = xsd_store.rsp_prod = 0;
    xsd.in_got = 0;
    xsd.out_len = xsd.out_off = 0;
    xsd.slow_rsp_until = 0;
    xsd.stall_req_until = 0;
}

/* A reply half read at a timeout, then the daemon resets the rings by itself: the rest of the
 * old reply never comes. The client must not finish that message with the bytes of the next
 * replies (it would sit mid-body, every request timing out, or take a header made of two
 * messages for a reply): it sees its rsp_cons moved, resynchronises, and the next request
 * works. With and without the reconnection feature. */
static void test_daemon_reset_mid_reply(void **state)
{
    (void)state;
    for (int reconnection = 0; reconnection < 2; reconnection++) {
        xsd.reconnection = reconnection != 0;
        xsd_store.server_features = reconnection ? XENSTORE_SERVER_FEATURE_RECONNECTION : 0;
        assert_int_equal(xen_xs_write(XEN_XS_NO_TXN, "/big", big, sizeof(big)), XE_OK);
        struct xen_xs_stats before = xs_stats();
        xsd.rsp_per_tick = 4;
        xsd.slow_rsp_until = tx_time_get() + 2 * REQ_TIMEOUT_;
        char buf[sizeof(big) + 1];
        assert_int_equal(xen_xs_read(XEN_XS_NO_TXN, "/big", buf, sizeof(buf), NULL), XE_TIMEOUT);
        assert_true(xsd_store.rsp_cons > 0 && xsd.out_off < xsd.out_len); /* half read */
        daemon_resets();
        ULONG t0 = tx_time_get();
        /* The request that finds the rings moved fails at once; the next one is answered. */
        assert_int_equal(xen_xs_read(XEN_XS_NO_TXN, "/a", buf, sizeof(buf), NULL), XE_PEER);
        read_is("/a", "1");
        read_is("/b", "2");
        assert_true(tx_time_get() - t0 < REQ_TIMEOUT_);
        struct xen_xs_stats after = xs_stats();
        assert_int_equal(after.resyncs - before.resyncs, 1);
        assert_int_equal(after.timeouts - before.timeouts, 1);
    }
}

/* A request half written at a timeout, then the daemon resets the rings by itself: the rest of
 * that request must not go into the emptied ring (the daemon would read its bytes as a new
 * header). */
static void test_daemon_reset_mid_request(void **state)
{
    (void)state;
    for (int reconnection = 0; reconnection < 2; reconnection++) {
        xsd.reconnection = reconnection != 0;
        xsd_store.server_features = reconnection ? XENSTORE_SERVER_FEATURE_RECONNECTION : 0;
        struct xen_xs_stats before = xs_stats();
        xsd.stall_req_until = tx_time_get() + 2 * REQ_TIMEOUT_;
        assert_int_equal(xen_xs_write(XEN_XS_NO_TXN, "/big", big, sizeof(big)), XE_TIMEOUT);
        assert_int_equal(xsd_store.req_prod - xsd_store.req_cons, XENSTORE_RING_SIZE);
        daemon_resets();
        ULONG t0 = tx_time_get();
        assert_int_equal(xen_xs_read(XEN_XS_NO_TXN, "/a", (char[8]){0}, 8, NULL), XE_PEER);
        read_is("/a", "1");
        read_is("/b", "2");
        assert_true(tx_time_get() - t0 < REQ_TIMEOUT_);
        struct xen_xs_stats after = xs_stats();
        assert_int_equal(after.resyncs - before.resyncs, 1);
        assert_int_equal(after.late, before.late); /* nothing of the dropped request came back */
    }
}

static uint32_t last_req_id;

static bool note_req_id(const struct xsd_sockmsg *req, const char *body)
{
    (void)body;
    last_req_id = req->req_id;
    return false; /* the model answers */
}

/* A message already in the response ring (whole, or begun) when a request is sent cannot be
 * that request's reply, whatever its req_id: the daemon answers only what it has read. Here the
 * daemon (without reconnection) writes a "reply" with the req_id the next request will have
 * before that request: whole, then only its header and 2 bytes of its body, the rest of which is
 * the real reply (17 bytes: header and "1"). The client must not return it as the reply. */
static void test_reply_before_request(void **state)
{
    (void)state;
    for (int whole = 1; whole >= 0; whole--) {
        xsd.on_request = note_req_id;
        read_is("/a", "1");
        xsd.on_request = NULL;
        struct xen_xs_stats before = xs_stats();
        struct xsd_sockmsg early = {
            .type = XS_READ, .req_id = last_req_id + 1u, .len = whole ? 4u : 2u + 17u};
        xsd_raw(&early, sizeof(early));
        xsd_raw("bad", whole ? 4u : 2u);
        char buf[64] = {0};
        size_t len = 0;
        xen_err_t err = xen_xs_read(XEN_XS_NO_TXN, "/a", buf, sizeof(buf), &len);
        if (whole) {
            /* Taken off the ring before the request went, and discarded (counted late: it has
             * the request's req_id); the real reply follows. */
            assert_int_equal(err, XE_OK);
            assert_int_equal(len, 1);
            assert_string_equal(buf, "1");
        } else {
            /* The real reply went into the early message, which is discarded: the request
             * times out. Nothing is left in the stream. */
            assert_int_equal(err, XE_TIMEOUT);
        }
        struct xen_xs_stats after = xs_stats();
        assert_int_equal(after.late + after.stray - before.late - before.stray, 1);
        assert_int_equal(after.resyncs, before.resyncs);
        read_is("/a", "1");
        read_is("/b", "2");
    }
}

/* The same with a daemon that offers reconnection: the client asks for it, waits for
 * XENSTORE_CONNECTED and goes on on the emptied rings. Also after an impossible request-ring
 * index. */
static void test_resync_by_reconnection(void **state)
{
    (void)state;
    xsd.reconnection = true;
    xsd_store.server_features = XENSTORE_SERVER_FEATURE_RECONNECTION;
    struct xen_xs_stats before = xs_stats();
    uint32_t reconnects = xsd.reconnects; /* earlier tests reconnect too */
    struct xsd_sockmsg bad = {.type = 0x7777, .req_id = 1, .len = 0};
    xsd_raw(&bad, sizeof(bad));
    assert_int_equal(xen_xs_read(XEN_XS_NO_TXN, "/a", (char[8]){0}, 8, NULL), XE_PEER);
    read_is("/a", "1");
    assert_int_equal(xsd.reconnects - reconnects, 1);
    assert_int_equal(xsd_store.connection, XENSTORE_CONNECTED);

    xsd_store.req_cons = xsd_store.req_prod + 3000; /* the daemon's index, impossible */
    assert_int_equal(xen_xs_write_str(XEN_XS_NO_TXN, "/c", "3"), XE_PEER);
    assert_int_equal(xen_xs_write_str(XEN_XS_NO_TXN, "/c", "3"), XE_OK);
    read_is("/c", "3");
    read_is("/b", "2");
    assert_int_equal(xsd.reconnects - reconnects, 2);
    struct xen_xs_stats after = xs_stats();
    assert_int_equal(after.resyncs - before.resyncs, 2);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_request_ring_wraps_and_fills, reset),
        cmocka_unit_test_setup(test_request_ring_bad_cons, reset),
        cmocka_unit_test_setup(test_reply_in_pieces, reset),
        cmocka_unit_test_setup(test_reply_larger_than_ring, reset),
        cmocka_unit_test_setup(test_daemon_garbage, reset),
        cmocka_unit_test(test_error_names),
        cmocka_unit_test(test_perms),
        cmocka_unit_test(test_string_lists),
        cmocka_unit_test_setup(test_client_init, client_setup),
        cmocka_unit_test_setup(test_timeout_mid_request, client_setup),
        cmocka_unit_test_setup(test_timeout_mid_reply, client_setup),
        cmocka_unit_test_setup(test_resync_by_skipping, client_setup),
        cmocka_unit_test_setup(test_daemon_reset_mid_reply, client_setup),
        cmocka_unit_test_setup(test_daemon_reset_mid_request, client_setup),
        cmocka_unit_test_setup(test_reply_before_request, client_setup),
        cmocka_unit_test_setup(test_resync_by_reconnection, client_setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
