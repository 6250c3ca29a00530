/*
 * xen_evtchn.h - event channels (2-level ABI) with deferred, prioritised delivery.
 *
 * The upcall interrupt only records which ports fired and wakes the handler thread of each
 * port's priority; the handler runs in that thread. An application thread of higher priority
 * than a port's handler is therefore never delayed by that port's notifications (beyond the
 * few instructions of the upcall ISR), however fast they arrive. One handler thread is created
 * per distinct priority in use (at most XEN_EVTCHN_MAX_LEVELS).
 *
 * A port is also masked from its upcall until its handler has run, so a peer that notifies
 * without pause causes one upcall per handler run, not one per notification: the interrupt load
 * a remote domain can cause is bounded by how often we choose to run its handler.
 *
 * How often that is, is bounded too. A handler thread works in passes: in one pass each port
 * with an event gets at most its budget of handler calls (XEN_EVTCHN_DEFAULT_BUDGET, or set with
 * xen_evtchn_set_handler_budget); an event still there after that stays recorded, its port
 * masked, for the next pass. A pass that ends with work left relinquishes the CPU to the other
 * ready threads of the handler's priority; after XEN_EVTCHN_BUSY_PASSES such passes in a row the
 * handler thread sleeps to the next tick. So a peer that notifies without pause cannot keep a
 * handler thread busy: between waits (nothing left to do) and sleeps it makes at most
 * XEN_EVTCHN_BUSY_PASSES passes, and under a flood, where it never runs out of work, that is
 * per tick: at most XEN_EVTCHN_BUSY_PASSES x (sum of the flooded ports' budgets) handler calls
 * a tick, the rest of the tick left to threads below its priority, ports sharing a priority
 * served in turn (tests/host/test_xen_evtchn.c measures it). Work the handler keeps up with
 * (it finds nothing left and waits) is ordinary load and not limited. A notification that
 * arrives while the thread sleeps waits for the next tick: the price, under a flood only.
 *
 * Ports are masked until a handler is set. No event is lost, whatever happens to the handler:
 * one taken for a handler that moves to another priority goes with it; one taken for a handler
 * that is removed goes back to the port's pending bit, as do events arriving while no handler
 * is set (the port is masked then), and the next handler set gets them.
 *
 * Static event channels (`xen,evtchn` in the dom0less configuration) are bound by Xen before
 * the domain starts and appear nowhere in the guest's device tree. xen_evtchn_init() finds them
 * by asking Xen for the status of every valid port (EVTCHNOP_status) before anything else is
 * bound: each port already in state "interdomain" at that point is a static channel, reported
 * with its remote domain and remote port. Applications then pick theirs with
 * xen_evtchn_static_find() by remote domain (and optionally the local port number written in
 * the configuration).
 *
 * Several vCPUs. Xen binds every new port to vCPU 0: its upcall interrupt is raised there.
 * xen_evtchn_bind_vcpu moves that, and only that: the upcall (a few instructions that mask the
 * port and record it) then runs on the new vCPU, while the port's handler still runs in its
 * handler thread, on whichever vCPU the scheduler gives that thread (tx_thread_smp_core_exclude
 * on the thread pins it). Moving a port loses no event, whether it is pending, taken or being
 * handled. Every function here may be called from a thread on any vCPU (the upcall runs on the
 * vCPU that took the interrupt); handler calls of one port never overlap.
 */
#ifndef XEN_EVTCHN_H
#define XEN_EVTCHN_H

#include <stdint.h>

#include "tx_api.h"
#include "xen_err.h"
#include "xen_hv.h"
#include "xen_types.h"

#define XEN_EVTCHN_MAX_PORTS  1024 /* ports this layer can handle (2-level allows 4096) */
#define XEN_EVTCHN_MAX_LEVELS 8    /* distinct handler thread priorities */
#define XEN_EVTCHN_MAX_STATIC 16   /* static channels remembered */
#define XEN_EVTCHN_STACK_SIZE 4096 /* bytes, per handler thread */

/* Handler calls per port per pass of its handler thread, unless set at registration. */
#define XEN_EVTCHN_DEFAULT_BUDGET 16u
#define XEN_EVTCHN_MAX_BUDGET     0xffffu
/* Passes in a row that end with work left after which a handler thread sleeps to the next tick
 * (the share a flood leaves to threads below the handler's priority, see above). */
#ifndef XEN_EVTCHN_BUSY_PASSES
#define XEN_EVTCHN_BUSY_PASSES 4u
#endif

/* Runs in the handler thread of the port's priority: may block, may call any service. */
typedef void (*xen_evtchn_handler_t)(evtchn_t port, void *arg);

/* Any remote domain, for xen_evtchn_static_find. */
#define XEN_DOMID_ANY ((xen_domid_t)0xffff)

enum xen_evtchn_state {
    XEN_EVTCHN_CLOSED,
    XEN_EVTCHN_UNBOUND,
    XEN_EVTCHN_INTERDOMAIN,
    XEN_EVTCHN_VIRQ,
    XEN_EVTCHN_OTHER, /* PIRQ or IPI */
};

struct xen_evtchn_info {
    enum xen_evtchn_state state;
    xen_domid_t remote_dom; /* UNBOUND (allowed peer), INTERDOMAIN */
    evtchn_t remote_port;   /* INTERDOMAIN */
    uint32_t virq;          /* VIRQ */
};

struct xen_evtchn_stats {
    uint32_t upcalls;      /* upcall interrupts taken */
    uint32_t spurious;     /* of those, upcalls that found no event: with the peer on another
                            * CPU, an event the previous upcall took while Xen was injecting the
                            * interrupt for it (an injected interrupt cannot be withdrawn) */
    uint32_t events;       /* port events handed to handler threads */
    uint32_t unhandled;    /* upcalls' finds on ports without handler (port masked again, the
                            * event left pending for the next handler) */
    uint32_t dispatched;   /* handler calls made by handler threads */
    uint32_t bound;        /* ports that have a handler now: the most upcalls a flood can cost a
                            * thread above every handler thread, per activation */
    uint32_t yields;       /* passes that ended with work left (a flood): relinquished */
    uint32_t rests;        /* XEN_EVTCHN_BUSY_PASSES such passes in a row: slept to the next tick */
    uint32_t no_vcpu_info; /* upcalls on a vCPU without registered vcpu_info (nothing scanned) */
    uint32_t vcpu_upcalls[XEN_MAX_VCPUS];  /* upcalls taken, by the vCPU that took them */
    uint32_t vcpu_spurious[XEN_MAX_VCPUS]; /* of those, the spurious ones */
    uint32_t vcpu_bound[XEN_MAX_VCPUS];    /* ports with a handler, by the vCPU Xen notifies:
                                            * the most upcalls a flood can cost a thread on
                                            * that vCPU above every handler thread */
};

/* Mask every port, discover static channels, attach the upcall interrupt. After xen_hv_init,
 * before any bind. */
xen_err_t xen_evtchn_init(void);

xen_err_t xen_evtchn_alloc_unbound(xen_domid_t remote, evtchn_t *port);
xen_err_t xen_evtchn_bind_interdomain(xen_domid_t remote, evtchn_t remote_port, evtchn_t *port);
xen_err_t xen_evtchn_bind_virq(uint32_t virq, evtchn_t *port);
xen_err_t xen_evtchn_send(evtchn_t port);
/* Close the port; its handler is removed first. Xen binds the number to vCPU 0 again. */
xen_err_t xen_evtchn_close(evtchn_t port);

/* Have Xen raise `port`'s upcall on vCPU `vcpu` from now on (EVTCHNOP_bind_vcpu); see "Several
 * vCPUs" above: the handler thread does not move. The port must have a handler here
 * (xen_evtchn_set_handler) and `vcpu` a registered vcpu_info (0, or xen_hv_vcpu_init done);
 * else XE_BAD_ARG, no hypercall. Xen's refusal comes back as its error: XE_INVAL for a port it
 * cannot move (a per-vCPU VIRQ or an IPI), XE_NOENT for a vCPU the domain does not have. */
xen_err_t xen_evtchn_bind_vcpu(evtchn_t port, unsigned int vcpu);
/* The vCPU `port` was last bound to by xen_evtchn_bind_vcpu (0: Xen's default, and for a bad
 * port). */
unsigned int xen_evtchn_vcpu(evtchn_t port);
/* From now on a port that gets its first handler through xen_evtchn_set_handler (the Xen
 * layer's own ports too: XenStore, PV console, vchan, channel) is bound to `vcpu` (keeping
 * Xen's upcalls off the vCPUs of real-time threads); 0 restores Xen's default. XE_BAD_ARG for a
 * vCPU without registered vcpu_info. Ports bound before are not moved. */
xen_err_t xen_evtchn_set_default_vcpu(unsigned int vcpu);
/* The application's mask: no handler call for `port` until unmasked (one already begun or due
 * for an event taken earlier still happens). Unmasking delivers an event that arrived
 * meanwhile; a port still masked because its handler has not run yet stays so until it ran. */
xen_err_t xen_evtchn_mask(evtchn_t port);
xen_err_t xen_evtchn_unmask(evtchn_t port);
xen_err_t xen_evtchn_status(evtchn_t port, struct xen_evtchn_info *info);

/* Deliver `port` to handler(port, arg) in a thread of `priority` (ThreadX numbering, 0 is
 * highest), then unmask the port; an event that arrived earlier is delivered. handler NULL
 * removes it and masks the port. Calling it again moves or replaces the handler. The handler
 * gets XEN_EVTCHN_DEFAULT_BUDGET calls per pass. */
xen_err_t xen_evtchn_set_handler(evtchn_t port, xen_evtchn_handler_t handler, void *arg,
                                 UINT priority);
/* The same with the port's budget: handler calls per pass of its handler thread, 1 to
 * XEN_EVTCHN_MAX_BUDGET (0: XEN_EVTCHN_DEFAULT_BUDGET). */
xen_err_t xen_evtchn_set_handler_budget(evtchn_t port, xen_evtchn_handler_t handler, void *arg,
                                        UINT priority, unsigned budget);

/* Static channel to `remote` (XEN_DOMID_ANY: any), whose local port is `local` (0: any):
 * the first match found at init. XE_NOENT if none. */
xen_err_t xen_evtchn_static_find(xen_domid_t remote, uint32_t local, evtchn_t *port,
                                 xen_domid_t *remote_out);

/* Number of static channels found at init. */
unsigned xen_evtchn_static_count(void);

void xen_evtchn_get_stats(struct xen_evtchn_stats *out);
/* Upcall interrupts taken so far (stats.upcalls): one load, callable from any context, e.g. a
 * timer expiration routine that marks a thread's release. */
uint32_t xen_evtchn_upcall_count(void);
/* Spurious upcalls so far (stats.spurious), likewise. */
uint32_t xen_evtchn_spurious_count(void);
/* The same three per vCPU (stats.vcpu_upcalls, vcpu_spurious, vcpu_bound), likewise: what can
 * interrupt a thread on `vcpu` (on one vCPU, the totals). 0 for a vCPU out of range. */
uint32_t xen_evtchn_vcpu_upcall_count(unsigned int vcpu);
uint32_t xen_evtchn_vcpu_spurious_count(unsigned int vcpu);
uint32_t xen_evtchn_vcpu_bound(unsigned int vcpu);

#endif /* XEN_EVTCHN_H */
