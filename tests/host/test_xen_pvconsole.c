/*
 * test_xen_pvconsole.c - xen/pvconsole.c, unchanged, against a model of xenconsoled on a console
 * page "from Xen" (HVM_PARAM_CONSOLE_PFN/EVTCHN set): the backend takes our output and feeds
 * input through the page; a hostile backend rewinds or moves our own indexes (out_prod, in_cons)
 * in the page, or writes impossible values into its own (out_cons, in_prod).
 *
 * Below the console: the model of tests/host/model_xenconsoled.c (shared with
 * fuzz/fuzz_pvconsole.c); a send to the backend runs it at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "model_xenconsoled.h"
#include "txtest.h"
#include "xen_pvconsole.h"

static void backend_type(const char *s)
{
    xcons_type(s, strlen(s));
}

/* ---- tests -------------------------------------------------------------------------------- */

static struct xen_pvcon_stats stats(void)
{
    struct xen_pvcon_stats s;
    xen_pvcon_get_stats(&s);
    return s;
}

static void put(const char *s)
{
    assert_int_equal(xen_pvcon_write(s, strlen(s), 20), XE_OK);
}

static void get(const char *want)
{
    char buf[64];
    size_t got;
    assert_int_equal(xen_pvcon_read(buf, sizeof(buf) - 1, &got, 20), XE_OK);
    buf[got] = '\0';
    assert_string_equal(buf, want);
}

static void test_init_and_streams(void **state)
{
    (void)state;
    xcons_reset();
    xcons_be.consume = true;
    assert_int_equal(xen_pvcon_init(10), XE_OK);
    assert_ptr_equal(xcons_ring, &xcons_page);
    assert_non_null(xcons_handler);
    assert_true(xen_pvcon_connected());
    put("0123456789");
    assert_int_equal(xcons_be.nseen, 10);
    backend_type("hello");
    get("hello");
    assert_int_equal(xcons_page.in_cons, 5);
    assert_int_equal(stats().peer_errors, 0);
}

/* The backend moves our out_prod forwards and back, our in_cons back and forwards: our streams
 * go on from our own indexes, nothing repeated, nothing skipped. */
static void test_backend_moves_our_indexes(void **state)
{
    (void)state;
    uint32_t errors = stats().peer_errors;
    xcons_page.out_prod += 100; /* skip: the backend would read 100 stale bytes */
    put("abc");
    xcons_page.out_prod -= 7; /* rewind: it would read "789abc" again */
    put("def");
    xcons_be.seen[xcons_be.nseen] = '\0';
    assert_string_equal(xcons_be.seen, "0123456789abcdef");
    assert_int_equal(xcons_page.out_prod, 16);

    xcons_page.in_cons = 0; /* rewind: "hello" again */
    backend_type(" world");
    get(" world");
    xcons_page.in_cons += 50; /* skip */
    backend_type("!");
    get("!");
    assert_int_equal(xcons_page.in_cons, 12);
    assert_int_equal(stats().peer_errors, errors); /* the backend's own indexes were fine */
}

/* The backend's indexes moving backwards or beyond the possible are rejected and counted; we go
 * on from the last good value. */
static void test_garbage_peer_indexes(void **state)
{
    (void)state;
    uint32_t errors = stats().peer_errors;
    size_t seen = xcons_be.nseen;

    /* out_cons beyond what we produced: not taken as free space. */
    xcons_be.consume = false;
    xcons_page.out_cons = xcons_page.out_prod + 100;
    assert_int_equal(xen_pvcon_write("g", 1, 0), XE_OK);
    assert_true(stats().peer_errors > errors);
    uint32_t e1 = stats().peer_errors;
    /* out_cons moving backwards. */
    xcons_page.out_cons = xcons_be.out_cons - 5;
    assert_int_equal(xen_pvcon_write("h", 1, 0), XE_OK);
    assert_true(stats().peer_errors > e1);
    uint32_t e2 = stats().peer_errors;
    xcons_be.consume = true;
    put("i");
    xcons_be.seen[xcons_be.nseen] = '\0';
    assert_string_equal(xcons_be.seen + seen, "ghi");

    /* in_prod more than a ring ahead: nothing read from it. */
    char buf[8];
    size_t got;
    xcons_page.in_prod = xcons_be.in_prod + 5000;
    assert_int_equal(xen_pvcon_read(buf, sizeof(buf), &got, 0), XE_TIMEOUT);
    assert_true(stats().peer_errors > e2);
    uint32_t e3 = stats().peer_errors;
    /* in_prod moving backwards, below what it had announced. */
    xcons_page.in_prod = xcons_be.in_prod;
    backend_type("xyz");
    assert_int_equal(xen_pvcon_read(buf, 1, &got, 0), XE_OK);
    assert_int_equal(got, 1);
    assert_int_equal(buf[0], 'x');
    xcons_page.in_prod = xcons_be.in_prod - 2;
    get("yz"); /* the last good value: "xyz" was announced */
    assert_true(stats().peer_errors > e3);
    uint32_t e4 = stats().peer_errors;
    xcons_page.in_prod = xcons_be.in_prod;
    backend_type("ok");
    get("ok");
    assert_int_equal(stats().peer_errors, e4);
    assert_int_equal(xcons_bad_sends, 0); /* every notification went to the backend's port */
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_and_streams),
        cmocka_unit_test(test_backend_moves_our_indexes),
        cmocka_unit_test(test_garbage_peer_indexes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
