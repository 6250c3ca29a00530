/*
 * test_xen_pvconsole.c - xen/pvconsole.c, unchanged, against a model of xenconsoled on a console
 * page "from Xen" (HVM_PARAM_CONSOLE_PFN/EVTCHN set): the backend takes our output and feeds
 * input through the page; a hostile backend rewinds or moves our own indexes (out_prod, in_cons)
 * in the page, or writes impossible values into its own (out_cons, in_prod).
 *
 * Below the console: HYPERVISOR_hvm_op, xen_port_map_ram/virt_to_phys, the event-channel calls
 * (a send runs the backend at once) and the XenStore calls of the publishing code, stubbed here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "txtest.h"
#include "xen_evtchn.h"
#include "xen_hypercall.h"
#include "xen_port.h"
#include "xen_pvconsole.h"
#include "xen_xenstore.h"

#include <xen/io/console.h>

#define CONS_PFN  0x4321u
#define CONS_PORT 7u

static struct xencons_interface page __attribute__((aligned(4096)));

/* ---- the backend (xenconsoled) ------------------------------------------------------------ */

static struct {
    uint32_t out_cons; /* its own indexes, written to the page */
    uint32_t in_prod;
    char seen[4096]; /* our output as it read it */
    size_t nseen;
    bool consume; /* takes our output at each notification */
} be;

/* Take our output: from its out_cons to the out_prod it finds in the page. */
static void backend_take(void)
{
    uint32_t prod = page.out_prod;
    while (be.out_cons != prod && be.nseen < sizeof(be.seen)) {
        be.seen[be.nseen++] = page.out[MASK_XENCONS_IDX(be.out_cons, page.out)];
        be.out_cons++;
    }
    page.out_cons = be.out_cons;
}

/* Keyboard input: written at its in_prod, whatever the page says. */
static void backend_type(const char *s)
{
    for (; *s != '\0'; s++) {
        page.in[MASK_XENCONS_IDX(be.in_prod, page.in)] = *s;
        be.in_prod++;
    }
    page.in_prod = be.in_prod;
}

/* ---- what pvconsole.c needs below it ------------------------------------------------------ */

long HYPERVISOR_hvm_op(int cmd, void *arg)
{
    struct xen_hvm_param *p = arg;
    if (cmd != HVMOP_get_param) {
        return -XEN_ENOSYS;
    }
    p->value = p->index == HVM_PARAM_CONSOLE_PFN      ? CONS_PFN
               : p->index == HVM_PARAM_CONSOLE_EVTCHN ? CONS_PORT
                                                      : 0;
    return 0;
}

void *xen_port_map_ram(paddr_t pa, uint64_t size)
{
    (void)size;
    return pa_addr(pa) == (uint64_t)CONS_PFN << XEN_PAGE_SHIFT ? &page : NULL;
}

paddr_t xen_port_virt_to_phys(const void *va)
{
    return pa_init((uint64_t)(uintptr_t)va);
}

xen_err_t xen_evtchn_alloc_unbound(xen_domid_t remote, evtchn_t *p)
{
    (void)remote;
    *p = evtchn_init(CONS_PORT + 1);
    return XE_OK;
}

static xen_evtchn_handler_t handler;
static void *handler_arg;

xen_err_t xen_evtchn_set_handler(evtchn_t p, xen_evtchn_handler_t h, void *arg, UINT priority)
{
    (void)p;
    (void)priority;
    handler = h;
    handler_arg = arg;
    return XE_OK;
}

xen_err_t xen_evtchn_send(evtchn_t p)
{
    assert_int_equal(evtchn_val(p), CONS_PORT);
    if (be.consume) {
        backend_take();
    }
    return XE_OK;
}

const char *xen_xs_home(void)
{
    return "/local/domain/2";
}

xen_err_t xen_xs_txn_start(xen_xs_txn_t *t)
{
    *t = 1;
    return XE_NOSYS;
}

xen_err_t xen_xs_txn_end(xen_xs_txn_t t, bool commit)
{
    (void)t;
    (void)commit;
    return XE_NOSYS;
}

xen_err_t xen_xs_write_str(xen_xs_txn_t t, const char *path, const char *value)
{
    (void)t;
    (void)path;
    (void)value;
    return XE_NOSYS;
}

xen_err_t xen_xs_read(xen_xs_txn_t t, const char *path, char *buf, size_t size, size_t *len)
{
    (void)t;
    (void)path;
    (void)buf;
    (void)size;
    (void)len;
    return XE_NOENT;
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
    memset(&page, 0, sizeof(page));
    memset(&be, 0, sizeof(be));
    be.consume = true;
    assert_int_equal(xen_pvcon_init(10), XE_OK);
    assert_non_null(handler);
    assert_true(xen_pvcon_connected());
    put("0123456789");
    assert_int_equal(be.nseen, 10);
    backend_type("hello");
    get("hello");
    assert_int_equal(page.in_cons, 5);
    assert_int_equal(stats().peer_errors, 0);
}

/* The backend moves our out_prod forwards and back, our in_cons back and forwards: our streams
 * go on from our own indexes, nothing repeated, nothing skipped. */
static void test_backend_moves_our_indexes(void **state)
{
    (void)state;
    uint32_t errors = stats().peer_errors;
    page.out_prod += 100; /* skip: the backend would read 100 stale bytes */
    put("abc");
    page.out_prod -= 7; /* rewind: it would read "789abc" again */
    put("def");
    be.seen[be.nseen] = '\0';
    assert_string_equal(be.seen, "0123456789abcdef");
    assert_int_equal(page.out_prod, 16);

    page.in_cons = 0; /* rewind: "hello" again */
    backend_type(" world");
    get(" world");
    page.in_cons += 50; /* skip */
    backend_type("!");
    get("!");
    assert_int_equal(page.in_cons, 12);
    assert_int_equal(stats().peer_errors, errors); /* the backend's own indexes were fine */
}

/* The backend's indexes moving backwards or beyond the possible are rejected and counted; we go
 * on from the last good value. */
static void test_garbage_peer_indexes(void **state)
{
    (void)state;
    uint32_t errors = stats().peer_errors;
    size_t seen = be.nseen;

    /* out_cons beyond what we produced: not taken as free space. */
    be.consume = false;
    page.out_cons = page.out_prod + 100;
    assert_int_equal(xen_pvcon_write("g", 1, 0), XE_OK);
    assert_true(stats().peer_errors > errors);
    uint32_t e1 = stats().peer_errors;
    /* out_cons moving backwards. */
    page.out_cons = be.out_cons - 5;
    assert_int_equal(xen_pvcon_write("h", 1, 0), XE_OK);
    assert_true(stats().peer_errors > e1);
    uint32_t e2 = stats().peer_errors;
    be.consume = true;
    put("i");
    be.seen[be.nseen] = '\0';
    assert_string_equal(be.seen + seen, "ghi");

    /* in_prod more than a ring ahead: nothing read from it. */
    char buf[8];
    size_t got;
    page.in_prod = be.in_prod + 5000;
    assert_int_equal(xen_pvcon_read(buf, sizeof(buf), &got, 0), XE_TIMEOUT);
    assert_true(stats().peer_errors > e2);
    uint32_t e3 = stats().peer_errors;
    /* in_prod moving backwards, below what it had announced. */
    page.in_prod = be.in_prod;
    backend_type("xyz");
    assert_int_equal(xen_pvcon_read(buf, 1, &got, 0), XE_OK);
    assert_int_equal(got, 1);
    assert_int_equal(buf[0], 'x');
    page.in_prod = be.in_prod - 2;
    get("yz"); /* the last good value: "xyz" was announced */
    assert_true(stats().peer_errors > e3);
    uint32_t e4 = stats().peer_errors;
    page.in_prod = be.in_prod;
    backend_type("ok");
    get("ok");
    assert_int_equal(stats().peer_errors, e4);
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
