/*
 * events.c - a raw notification port for dom0: an event channel the service allocates unbound
 * for domain 0 and publishes at <home>/data/xenrtos/events-port, so that a program in dom0 can
 * bind it (xenevtchn_bind_interdomain) and notify it without any protocol; dom0's
 * xenrtos-flood does so in a tight loop.
 *
 * Whoever binds it is treated as hostile: its handler runs in an event-channel handler thread of
 * its own at the lowest priority of the service (EVENTS_PRIO, below the console) and sleeps one
 * tick before returning. The event-channel layer keeps the port masked until the handler has
 * returned, so however fast dom0 notifies, this port costs the service at most one handler run
 * per tick and no upcall while the handler sleeps (an event that arrived meanwhile is taken when
 * the handler returns, without an interrupt), and never delays a thread of the service. The
 * count of handler runs is shown by `stats` ("events: ...").
 *
 * When dom0 unbinds, Xen returns our end to "unbound for dom0": the next flooder can bind again.
 */
#include <stdio.h>

#include "service.h"
#include "xen_evtchn.h"
#include "xen_xenstore.h"

static evtchn_t events_port;
static bool events_up;
static volatile uint32_t handled;

static void on_event(evtchn_t port, void *arg)
{
    (void)port;
    (void)arg;
    handled++;
    tx_thread_sleep(1); /* rate limit: the port stays masked meanwhile */
}

xen_err_t events_start(void)
{
    xen_err_t err = xen_evtchn_alloc_unbound(0, &events_port);
    if (err != XE_OK) {
        return err;
    }
    err = xen_evtchn_set_handler(events_port, on_event, NULL, EVENTS_PRIO);
    if (err != XE_OK) {
        (void)xen_evtchn_close(events_port);
        return err;
    }
    char path[XEN_XS_PATH_MAX];
    char val[12];
    snprintf(path, sizeof(path), "%s/data/xenrtos/events-port", xen_xs_home());
    snprintf(val, sizeof(val), "%u", evtchn_val(events_port));
    err = xen_xs_write_str(XEN_XS_NO_TXN, path, val);
    struct xen_xs_perm perms[2] = {{xen_xs_domid(), XEN_XS_PERM_NONE}, {0, XEN_XS_PERM_READ}};
    if (err == XE_OK) {
        err = xen_xs_set_perms(XEN_XS_NO_TXN, path, perms, 2);
    }
    if (err != XE_OK) {
        (void)xen_evtchn_close(events_port);
        return err;
    }
    events_up = true;
    printf("service: raw events port %u for dom0 at %s\n", evtchn_val(events_port), path);
    return XE_OK;
}

void events_get(struct events_stats *out)
{
    out->up = events_up;
    out->port = evtchn_val(events_port);
    out->handled = handled;
    out->bound_by_peer = false;
    if (events_up) {
        struct xen_evtchn_info info;
        if (xen_evtchn_status(events_port, &info) == XE_OK) {
            out->bound_by_peer = info.state == XEN_EVTCHN_INTERDOMAIN;
        }
    }
}
