/*
 * xen-basic - the Xen layer inside one domain (any configuration with a `hypervisor` node):
 * shared info and vcpu_info, our domain id, event channels looped back to ourselves (delivery,
 * handler priority, deferral below a busy higher-priority thread, mask/unmask, close, VIRQ
 * binding, errors), grant tables granted to and mapped by ourselves (busy check, growth,
 * errors). Prints TEST lines, then TEST-DONE.
 */
#include <stdio.h>
#include <string.h>

#include "xtest.h"
#include "tx_api.h"
#include "xen_gnttab.h"
#include "xen_hypercall.h"
#include "xenrtos/platform.h"

#define HANDLER_PRIO 10
#define BUSY_PRIO    5
#define MAIN_PRIO    12

static TX_THREAD main_thread;
static uint8_t main_stack[16384] __attribute__((aligned(16)));
static TX_THREAD busy_thread;
static uint8_t busy_stack[4096] __attribute__((aligned(16)));
static TX_SEMAPHORE handled;
static TX_SEMAPHORE busy_done;

static xen_domid_t self;
static evtchn_t port_a, port_b; /* a loopback pair: a <-> b */

static volatile unsigned handler_calls;
static volatile uint32_t handler_port;
static volatile UINT handler_prio;

static void on_event(evtchn_t port, void *arg)
{
    (void)arg;
    handler_calls++;
    handler_port = evtchn_val(port);
    handler_prio = tx_thread_identify()->tx_thread_priority;
    (void)tx_semaphore_put(&handled);
}

static bool test_domid(void)
{
    XT_OK("xen-domid", xen_self_domid(&self));
    XT_REQUIRE("xen-domid", self >= 1 && self < DOMID_FIRST_RESERVED, "domid %u", self);
    printf("xen-basic: domain id %u\n", self);
    return xr_pass("xen-domid");
}

static bool test_loopback(void)
{
    const char *t = "xen-evtchn-loopback";
    XT_OK(t, xen_evtchn_alloc_unbound(self, &port_a));
    struct xen_evtchn_info info;
    XT_OK(t, xen_evtchn_status(port_a, &info));
    XT_REQUIRE(t, info.state == XEN_EVTCHN_UNBOUND && info.remote_dom == self,
               "unbound port %u: state %d remote %u", evtchn_val(port_a), info.state,
               info.remote_dom);
    XT_OK(t, xen_evtchn_bind_interdomain(self, port_a, &port_b));
    XT_OK(t, xen_evtchn_status(port_a, &info));
    XT_REQUIRE(t,
               info.state == XEN_EVTCHN_INTERDOMAIN &&
                   evtchn_val(info.remote_port) == evtchn_val(port_b),
               "port %u: state %d remote port %u, want %u", evtchn_val(port_a), info.state,
               evtchn_val(info.remote_port), evtchn_val(port_b));
    /* Xen marks the new local port pending when it binds it ("we may have lost notifications
     * on the remote unbound port"); the port was masked, so setting the handler delivers it. */
    XT_OK(t, xen_evtchn_set_handler(port_b, on_event, NULL, HANDLER_PRIO));
    XT_REQUIRE(t, tx_semaphore_get(&handled, 100) == TX_SUCCESS,
               "event pending before the handler was set is lost");
    XT_REQUIRE(t, handler_calls == 1, "%u calls for the bind-time event", handler_calls);
    handler_calls = 0;
    for (unsigned i = 0; i < 50; i++) {
        XT_OK(t, xen_evtchn_send(port_a));
        UINT rc = tx_semaphore_get(&handled, 100);
        XT_REQUIRE(t, rc == TX_SUCCESS, "event %u not delivered within 100 ticks", i);
    }
    XT_REQUIRE(t, handler_calls == 50, "%u handler calls for 50 events", handler_calls);
    XT_REQUIRE(t, handler_port == evtchn_val(port_b), "handler got port %u", handler_port);
    XT_REQUIRE(t, handler_prio == HANDLER_PRIO, "handler ran at priority %u", handler_prio);
    struct xen_evtchn_stats st;
    xen_evtchn_get_stats(&st);
    printf("xen-basic: %u upcalls, %u events, %u dispatched\n", st.upcalls, st.events,
           st.dispatched);
    return xr_verdict(t, st.upcalls >= 50 && st.dispatched >= 50, "stats %u/%u", st.upcalls,
                      st.dispatched);
}

/* A thread above the handler's priority sends and then stays busy: the handler must wait
 * until it gives up the CPU, although the upcall interrupt itself arrives at once. */
static volatile bool busy_saw_handler;
static volatile uint32_t upcalls_during_busy;

static void busy_entry(ULONG arg)
{
    (void)arg;
    struct xen_evtchn_stats before, after;
    xen_evtchn_get_stats(&before);
    unsigned calls = handler_calls;
    (void)xen_evtchn_send(port_a);
    uint64_t end = xr_counter_now() + xr_counter_freq() / 20; /* 50 ms */
    while (xr_counter_now() < end) {
        if (handler_calls != calls) {
            busy_saw_handler = true;
        }
    }
    xen_evtchn_get_stats(&after);
    upcalls_during_busy = after.upcalls - before.upcalls;
    (void)tx_semaphore_put(&busy_done);
}

static bool test_deferred(void)
{
    const char *t = "xen-evtchn-deferred";
    unsigned calls = handler_calls;
    if (tx_thread_create(&busy_thread, "busy", busy_entry, 0, busy_stack, sizeof(busy_stack),
                         BUSY_PRIO, BUSY_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START) != TX_SUCCESS) {
        return xr_verdict(t, false, "thread create");
    }
    XT_REQUIRE(t, tx_semaphore_get(&busy_done, 200) == TX_SUCCESS, "busy thread did not end");
    XT_REQUIRE(t, tx_semaphore_get(&handled, 100) == TX_SUCCESS, "event never handled");
    XT_REQUIRE(t, !busy_saw_handler, "handler ran while a higher-priority thread was busy");
    XT_REQUIRE(t, upcalls_during_busy >= 1, "no upcall interrupt during the busy period");
    (void)tx_thread_terminate(&busy_thread);
    (void)tx_thread_delete(&busy_thread);
    return xr_verdict(t, handler_calls == calls + 1, "%u calls", handler_calls - calls);
}

static bool test_mask(void)
{
    const char *t = "xen-evtchn-mask";
    unsigned calls = handler_calls;
    XT_OK(t, xen_evtchn_mask(port_b));
    XT_OK(t, xen_evtchn_send(port_a));
    XT_OK(t, xen_evtchn_send(port_a));
    XT_REQUIRE(t, tx_semaphore_get(&handled, 5) == TX_NO_INSTANCE, "masked port delivered");
    XT_REQUIRE(t, handler_calls == calls, "masked port delivered");
    /* Unmask re-raises what arrived meanwhile: one delivery for the two sends. */
    XT_OK(t, xen_evtchn_unmask(port_b));
    XT_REQUIRE(t, tx_semaphore_get(&handled, 100) == TX_SUCCESS, "pending event lost on unmask");
    return xr_verdict(t, handler_calls == calls + 1, "%u calls", handler_calls - calls);
}

static bool test_errors(void)
{
    const char *t = "xen-evtchn-errors";
    struct xen_evtchn_info info;
    XT_REQUIRE(t, xen_evtchn_send(evtchn_init(4000)) == XE_INVAL, "send to unallocated port");
    XT_REQUIRE(t, xen_evtchn_status(evtchn_init(4000), &info) == XE_INVAL, "status");
    XT_REQUIRE(t, xen_evtchn_set_handler(evtchn_init(0), on_event, NULL, 10) == XE_BAD_ARG,
               "handler on port 0");
    XT_REQUIRE(t,
               xen_evtchn_set_handler(evtchn_init(XEN_EVTCHN_MAX_PORTS), on_event, NULL, 10) ==
                   XE_BAD_ARG,
               "handler beyond the table");
    XT_REQUIRE(t, xen_evtchn_bind_interdomain(DOMID_FIRST_RESERVED - 1, port_a, &port_b) != XE_OK,
               "bind to a domain that does not exist");
    evtchn_t p;
    xen_err_t e = xen_evtchn_bind_interdomain(self, evtchn_init(4000), &p);
    XT_REQUIRE(t, e == XE_INVAL, "bind to bad remote port: %s", xen_strerror(e));
    return xr_pass(t);
}

static bool test_virq_and_close(void)
{
    const char *t = "xen-evtchn-virq-close";
    evtchn_t v;
    XT_OK(t, xen_evtchn_bind_virq(VIRQ_TIMER, &v));
    struct xen_evtchn_info info;
    XT_OK(t, xen_evtchn_status(v, &info));
    XT_REQUIRE(t, info.state == XEN_EVTCHN_VIRQ && info.virq == VIRQ_TIMER, "virq status %d",
               info.state);
    XT_OK(t, xen_evtchn_close(v));
    XT_OK(t, xen_evtchn_status(v, &info));
    XT_REQUIRE(t, info.state == XEN_EVTCHN_CLOSED, "closed virq port state %d", info.state);
    /* Closing one end of a loopback pair leaves the other unbound. */
    XT_OK(t, xen_evtchn_close(port_b));
    XT_OK(t, xen_evtchn_status(port_a, &info));
    XT_REQUIRE(t, info.state == XEN_EVTCHN_UNBOUND, "peer of closed port: state %d", info.state);
    XT_OK(t, xen_evtchn_close(port_a));
    XT_REQUIRE(t, xen_evtchn_close(port_a) == XE_INVAL, "double close accepted");
    return xr_pass(t);
}

/* ---- grant tables, granted to ourselves ---------------------------------------------------- */

static uint8_t page[4096] __attribute__((aligned(4096)));

static bool test_grant_self(void)
{
    const char *t = "xen-gnttab-self";
    XT_OK(t, xen_gnttab_init());
    gfn_t frame = pa_to_gfn(xr_virt_to_phys(page));
    gref_t ref;
    memset(page, 0, sizeof(page));
    XT_OK(t, xen_gnttab_grant(self, frame, false, &ref));
    struct xen_gnt_map map;
    XT_OK(t, xen_gnttab_map(self, ref, false, &map));
    uint32_t *w = map.va;
    for (unsigned i = 0; i < 1024; i++) {
        w[i] = 0xc0de0000u + i;
    }
    XT_REQUIRE(t, xen_gnttab_end(ref) == XE_STILL_MAPPED, "ended access while mapped");
    XT_OK(t, xen_gnttab_unmap(&map));
    XT_OK(t, xen_gnttab_end(ref));
    XT_REQUIRE(t, xen_gnttab_end(ref) == XE_BAD_ARG, "ended a free reference");
    const uint32_t *p = (const uint32_t *)page;
    for (unsigned i = 0; i < 1024; i++) {
        XT_REQUIRE(t, p[i] == 0xc0de0000u + i, "word %u is %#x", i, p[i]);
    }
    /* Read-only grant: a read-write map is refused, a read-only one works. */
    XT_OK(t, xen_gnttab_grant(self, frame, true, &ref));
    xen_err_t e = xen_gnttab_map(self, ref, false, &map);
    XT_REQUIRE(t, e != XE_OK, "read-write map of a read-only grant");
    XT_OK(t, xen_gnttab_map(self, ref, true, &map));
    XT_REQUIRE(t, ((const uint32_t *)map.va)[7] == 0xc0de0007u, "read-only view differs");
    XT_OK(t, xen_gnttab_unmap(&map));
    XT_OK(t, xen_gnttab_end(ref));
    /* A reference nobody granted. */
    e = xen_gnttab_map(self, gref_init(300), false, &map);
    XT_REQUIRE(t, e != XE_OK, "mapped an unused reference");
    return xr_verdict(t, xen_gnttab_in_use() == 0, "%u refs still in use", xen_gnttab_in_use());
}

#define MANY 700

static gref_t refs[MANY];

static bool test_grant_growth(void)
{
    const char *t = "xen-gnttab-growth";
    gfn_t frame = pa_to_gfn(xr_virt_to_phys(page));
    unsigned cap0 = xen_gnttab_capacity();
    for (unsigned i = 0; i < MANY; i++) {
        XT_OK(t, xen_gnttab_grant(self, frame, true, &refs[i]));
        for (unsigned k = 0; k < i; k++) {
            XT_REQUIRE(t, gref_val(refs[k]) != gref_val(refs[i]), "ref %u handed out twice",
                       gref_val(refs[i]));
        }
        XT_REQUIRE(t, gref_val(refs[i]) >= 8, "reserved ref %u handed out", gref_val(refs[i]));
    }
    unsigned cap1 = xen_gnttab_capacity();
    XT_REQUIRE(t, cap1 > cap0 && cap1 >= MANY, "capacity %u -> %u", cap0, cap1);
    /* The last (second-frame) grant really works. */
    struct xen_gnt_map map;
    XT_OK(t, xen_gnttab_map(self, refs[MANY - 1], true, &map));
    XT_OK(t, xen_gnttab_unmap(&map));
    for (unsigned i = 0; i < MANY; i++) {
        XT_OK(t, xen_gnttab_end(refs[i]));
    }
    printf("xen-basic: grant capacity %u -> %u\n", cap0, cap1);
    return xr_verdict(t, xen_gnttab_in_use() == 0, "%u refs still in use", xen_gnttab_in_use());
}

static void main_entry(ULONG arg)
{
    (void)arg;
    if (xt_xen_start() && test_domid()) {
        if (test_loopback()) {
            (void)test_deferred();
            (void)test_mask();
            (void)test_errors();
            (void)test_virq_and_close();
        }
        if (test_grant_self()) {
            (void)test_grant_growth();
        }
    }
    xr_done();
}

VOID tx_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
    (void)tx_semaphore_create(&handled, "handled", 0);
    (void)tx_semaphore_create(&busy_done, "busy-done", 0);
    (void)tx_thread_create(&main_thread, "xen-basic", main_entry, 0, main_stack, sizeof(main_stack),
                           MAIN_PRIO, MAIN_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
