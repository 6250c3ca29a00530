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
 * Ports are masked until a handler is set; an event that arrived earlier is delivered when the
 * handler is set (EVTCHNOP_unmask re-raises pending events).
 *
 * Static event channels (`xen,evtchn` in the dom0less configuration) are bound by Xen before
 * the domain starts and appear nowhere in the guest's device tree. xen_evtchn_init() finds them
 * by asking Xen for the status of every valid port (EVTCHNOP_status) before anything else is
 * bound: each port already in state "interdomain" at that point is a static channel, reported
 * with its remote domain and remote port. Applications then pick theirs with
 * xen_evtchn_static_find() by remote domain (and optionally the local port number written in
 * the configuration).
 */
#ifndef XEN_EVTCHN_H
#define XEN_EVTCHN_H

#include <stdint.h>

#include "tx_api.h"
#include "xen_err.h"
#include "xen_types.h"

#define XEN_EVTCHN_MAX_PORTS  1024 /* ports this layer can handle (2-level allows 4096) */
#define XEN_EVTCHN_MAX_LEVELS 8    /* distinct handler thread priorities */
#define XEN_EVTCHN_MAX_STATIC 16   /* static channels remembered */
#define XEN_EVTCHN_STACK_SIZE 4096 /* bytes, per handler thread */

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
    uint32_t upcalls;    /* upcall interrupts taken */
    uint32_t spurious;   /* of those, upcalls that found no event: with the peer on another
                          * CPU, an event the previous upcall took while Xen was injecting the
                          * interrupt for it (an injected interrupt cannot be withdrawn) */
    uint32_t events;     /* port events handed to handler threads */
    uint32_t unhandled;  /* events on ports without handler (port masked again) */
    uint32_t dispatched; /* handler calls made by handler threads */
    uint32_t bound;      /* ports that have a handler now: the most upcalls a flood can cost a
                          * thread above every handler thread, per activation */
};

/* Mask every port, discover static channels, attach the upcall interrupt. After xen_hv_init,
 * before any bind. */
xen_err_t xen_evtchn_init(void);

xen_err_t xen_evtchn_alloc_unbound(xen_domid_t remote, evtchn_t *port);
xen_err_t xen_evtchn_bind_interdomain(xen_domid_t remote, evtchn_t remote_port, evtchn_t *port);
xen_err_t xen_evtchn_bind_virq(uint32_t virq, evtchn_t *port);
xen_err_t xen_evtchn_send(evtchn_t port);
/* Close the port; its handler is removed first. */
xen_err_t xen_evtchn_close(evtchn_t port);
xen_err_t xen_evtchn_mask(evtchn_t port);
xen_err_t xen_evtchn_unmask(evtchn_t port);
xen_err_t xen_evtchn_status(evtchn_t port, struct xen_evtchn_info *info);

/* Deliver `port` to handler(port, arg) in a thread of `priority` (ThreadX numbering, 0 is
 * highest), then unmask the port. handler NULL removes it and masks the port. */
xen_err_t xen_evtchn_set_handler(evtchn_t port, xen_evtchn_handler_t handler, void *arg,
                                 UINT priority);

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

#endif /* XEN_EVTCHN_H */
