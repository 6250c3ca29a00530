/*
 * vchan.c - libxenvchan-compatible endpoint (see xen_vchan.h): set-up over grants, event
 * channels and XenStore; blocking read/write with the notify-bit protocol.
 */
#include <stdio.h>
#include <string.h>

#include "xen_atomic.h"
#include "xen_evtchn.h"
#include "xen_port.h"
#include "xen_vchan.h"

#define EV_PEER    1u
#define WAIT_SLICE 10u /* ticks: recheck the live bytes even without an event */

static void vchan_event(evtchn_t port, void *arg)
{
    struct xen_vchan *v = arg;
    (void)port;
    __atomic_fetch_add(&v->notifies_received, 1u, __ATOMIC_RELAXED);
    tx_event_flags_set(&v->ev, EV_PEER, TX_OR);
}

/* Reader and writer (two threads, maybe on two vCPUs) both notify. */
static void notify(struct xen_vchan *v)
{
    __atomic_fetch_add(&v->notifies_sent, 1u, __ATOMIC_RELAXED);
    (void)xen_evtchn_send(v->port);
}

/* The byte the peer checks (we set bits in it) and ours (the peer sets bits in it). */
static uint8_t *peer_byte(struct xen_vchan *v)
{
    return v->server ? &v->shared->cli_notify : &v->shared->srv_notify;
}

static uint8_t *own_byte(struct xen_vchan *v)
{
    return v->server ? &v->shared->srv_notify : &v->shared->cli_notify;
}

static uint8_t peer_live(const struct xen_vchan *v)
{
    const volatile uint8_t *b = v->server ? &v->shared->cli_live : &v->shared->srv_live;
    return *b;
}

bool xen_vchan_peer_live(const struct xen_vchan *v)
{
    return v != NULL && v->open && peer_live(v) == 1;
}

/* A connected peer that dies without closing (a killed client, a destroyed domain) leaves its
 * live byte at 1, but its end of the event channel goes with it, and Xen turns ours back into an
 * unbound port (EVTCHNOP_status no longer says interdomain). Asked once per wait slice without
 * progress, so an idle connection costs one hypercall per WAIT_SLICE ticks. Reported once. */
static bool peer_vanished(struct xen_vchan *v)
{
    struct xen_evtchn_info info;

    if (peer_live(v) != 1 || xen_evtchn_status(v->port, &info) != XE_OK ||
        info.state == XEN_EVTCHN_INTERDOMAIN) {
        return false;
    }
    if (!__atomic_exchange_n(&v->peer_vanished, true, __ATOMIC_RELAXED)) { /* reader or writer */
        printf("vchan: %s: dom%u went away without closing (its event channel is gone)\n", v->path,
               (unsigned)v->peer);
    }
    return true;
}

static void ring_in_page(struct xen_vchan_ring *r, struct ring_shared *idx, uint8_t *page,
                         unsigned order)
{
    memset(r, 0, sizeof(*r));
    r->idx = idx;
    r->size = 1u << order;
    r->chunk[0] = page + (order == 10 ? 1024u : 2048u);
}

/* Publish `<path>/ring-ref` and `<path>/event-channel`, owner us, readable by the peer. */
static xen_err_t publish(struct xen_vchan *v)
{
    xen_domid_t self = xen_xs_domid();
    struct xen_xs_perm perms[2] = {{self, XEN_XS_PERM_NONE}, {v->peer, XEN_XS_PERM_READ}};
    /* Never cut (cert-err33-c): v->path < XEN_XS_PATH_MAX, "/event-channel" and its NUL take 15. */
    char node[XEN_XS_PATH_MAX + 16], val[16];
    for (unsigned attempt = 0; attempt < 10; attempt++) {
        xen_xs_txn_t t;
        xen_err_t err = xen_xs_txn_start(&t);
        if (err != XE_OK) {
            return err;
        }
        (void)snprintf(node, sizeof(node), "%s/ring-ref", v->path);
        (void)snprintf(val, sizeof(val), "%u", gref_val(v->ref));
        err = xen_xs_write_str(t, node, val);
        if (err == XE_OK) {
            err = xen_xs_set_perms(t, node, perms, 2);
        }
        if (err == XE_OK) {
            (void)snprintf(node, sizeof(node), "%s/event-channel", v->path);
            (void)snprintf(val, sizeof(val), "%u", evtchn_val(v->port));
            err = xen_xs_write_str(t, node, val);
        }
        if (err == XE_OK) {
            err = xen_xs_set_perms(t, node, perms, 2);
        }
        if (err != XE_OK) {
            (void)xen_xs_txn_end(t, false);
            printf("vchan: publishing under %s: %s\n", v->path, xen_strerror(err));
            return err;
        }
        err = xen_xs_txn_end(t, true);
        if (err != XE_AGAIN) {
            return err;
        }
    }
    return XE_AGAIN;
}

xen_err_t xen_vchan_server_init(struct xen_vchan *v, void *page, xen_domid_t peer, const char *path,
                                UINT priority)
{
    if (v == NULL || page == NULL || ((uintptr_t)page & (XEN_PAGE_SIZE - 1)) != 0 || path == NULL ||
        strnlen(path, XEN_XS_PATH_MAX) >= XEN_XS_PATH_MAX) {
        return XE_BAD_ARG;
    }
    if (!xen_xs_ready()) {
        return XE_NOT_READY;
    }
    memset(v, 0, sizeof(*v));
    v->server = true;
    v->peer = peer;
    v->shared = page;
    memcpy(v->path, path, strlen(path) + 1);

    memset(page, 0, XEN_PAGE_SIZE);
    v->shared->left_order = 10;  /* client -> server, 1 KiB at offset 1024 */
    v->shared->right_order = 11; /* server -> client, 2 KiB at offset 2048 */
    v->shared->cli_live = 2;     /* not connected yet */
    v->shared->srv_live = 1;
    v->shared->cli_notify = VCHAN_NOTIFY_WRITE;
    ring_in_page(&v->rd, &v->shared->left, page, 10);
    ring_in_page(&v->wr, &v->shared->right, page, 11);

    if (tx_event_flags_create(&v->ev, "vchan") != TX_SUCCESS) {
        return XE_NO_SLOT;
    }
    xen_err_t err = xen_evtchn_alloc_unbound(peer, &v->port);
    if (err != XE_OK) {
        tx_event_flags_delete(&v->ev);
        return err;
    }
    err = xen_evtchn_set_handler(v->port, vchan_event, v, priority);
    if (err == XE_OK) {
        xen_mb(); /* the page is complete before the peer may see it */
        err = xen_gnttab_grant(peer, pa_to_gfn(xen_port_virt_to_phys(page)), false, &v->ref);
    }
    if (err != XE_OK) {
        (void)xen_evtchn_close(v->port);
        tx_event_flags_delete(&v->ev);
        return err;
    }
    v->open = true;
    err = publish(v);
    if (err != XE_OK) {
        (void)xen_vchan_close(v);
        return err;
    }
    return XE_OK;
}

static void client_unmap(struct xen_vchan *v)
{
    for (unsigned i = 0; i < v->nr_ring_maps; i++) {
        (void)xen_gnttab_unmap(&v->ring_map[i]);
    }
    v->nr_ring_maps = 0;
    if (v->map.mapped) {
        (void)xen_gnttab_unmap(&v->map);
    }
}

/* Map the `pages` grant refs at grants[first..] for one ring of a server's page. */
static xen_err_t client_map_ring(struct xen_vchan *v, struct xen_vchan_ring *r,
                                 struct ring_shared *idx, unsigned order, unsigned first,
                                 bool readonly)
{
    memset(r, 0, sizeof(*r));
    r->idx = idx;
    r->size = 1u << order;
    if (order < 12) {
        r->chunk[0] = (uint8_t *)v->shared + (order == 10 ? 1024u : 2048u);
        return XE_OK;
    }
    unsigned pages = xen_vchan_ring_pages(order);
    for (unsigned i = 0; i < pages; i++) {
        uint32_t g = *(volatile uint32_t *)&v->shared->grants[first + i];
        if (g < 8u) { /* reserved entries, never a ring */
            return XE_PEER;
        }
        struct xen_gnt_map *m = &v->ring_map[v->nr_ring_maps];
        xen_err_t err = xen_gnttab_map(v->peer, gref_init(g), readonly, m);
        if (err != XE_OK) {
            return err;
        }
        v->nr_ring_maps++;
        r->chunk[i] = m->va;
    }
    return XE_OK;
}

xen_err_t xen_vchan_client_init(struct xen_vchan *v, xen_domid_t peer, const char *path,
                                UINT priority)
{
    if (v == NULL || path == NULL || strnlen(path, XEN_XS_PATH_MAX) >= XEN_XS_PATH_MAX) {
        return XE_BAD_ARG;
    }
    memset(v, 0, sizeof(*v));
    v->server = false;
    v->peer = peer;
    memcpy(v->path, path, strlen(path) + 1);

    char node[XEN_XS_PATH_MAX + 16], val[16]; /* never cut: path checked above */
    uint32_t ref, port;
    (void)snprintf(node, sizeof(node), "%s/ring-ref", path);
    xen_err_t err = xen_xs_read(XEN_XS_NO_TXN, node, val, sizeof(val), NULL);
    if (err != XE_OK) {
        return err;
    }
    if (!xen_xs_parse_u32(val, &ref) || ref == 0) { /* libxenvchan refuses 0 too */
        return XE_PEER;
    }
    (void)snprintf(node, sizeof(node), "%s/event-channel", path);
    err = xen_xs_read(XEN_XS_NO_TXN, node, val, sizeof(val), NULL);
    if (err != XE_OK) {
        return err;
    }
    if (!xen_xs_parse_u32(val, &port) || port == 0) {
        return XE_PEER;
    }
    err = xen_gnttab_map(peer, gref_init(ref), false, &v->map);
    if (err != XE_OK) {
        return err;
    }
    v->shared = v->map.va;
    unsigned lo = *(volatile uint16_t *)&v->shared->left_order;
    unsigned ro = *(volatile uint16_t *)&v->shared->right_order;
    err = xen_vchan_check_orders(lo, ro);
    if (err == XE_OK) {
        /* Client writes left, reads right (read-only mapping is enough for those pages). */
        err = client_map_ring(v, &v->wr, &v->shared->left, lo, 0, false);
    }
    if (err == XE_OK) {
        err = client_map_ring(v, &v->rd, &v->shared->right, ro, xen_vchan_ring_pages(lo), true);
    }
    if (err != XE_OK) {
        printf("vchan: server %u at %s: bad shared page (orders %u/%u): %s\n", peer, path, lo, ro,
               xen_strerror(err));
        client_unmap(v);
        return err;
    }
    /* Our indexes start where the server's are now. */
    v->wr.own = *(volatile uint32_t *)&v->shared->left.prod;
    v->rd.own = *(volatile uint32_t *)&v->shared->right.cons;
    if (tx_event_flags_create(&v->ev, "vchan") != TX_SUCCESS) {
        client_unmap(v);
        return XE_NO_SLOT;
    }
    err = xen_evtchn_bind_interdomain(peer, evtchn_init(port), &v->port);
    if (err == XE_OK) {
        err = xen_evtchn_set_handler(v->port, vchan_event, v, priority);
        if (err != XE_OK) {
            (void)xen_evtchn_close(v->port);
        }
    }
    if (err != XE_OK) {
        tx_event_flags_delete(&v->ev);
        client_unmap(v);
        return err;
    }
    v->open = true;
    v->shared->cli_live = 1;
    v->shared->srv_notify = VCHAN_NOTIFY_WRITE;
    xen_mb();
    notify(v);
    return XE_OK;
}

xen_err_t xen_vchan_wait_connected(struct xen_vchan *v, ULONG timeout)
{
    if (v == NULL || !v->open) {
        return XE_BAD_ARG;
    }
    ULONG waited = 0;
    for (;;) {
        uint8_t live = peer_live(v);
        if (live == 1) {
            return XE_OK;
        }
        if (live == 0 && !v->server) {
            return XE_NOENT;
        }
        if (live > 2) {
            return XE_PEER;
        }
        if (waited >= timeout) {
            return XE_TIMEOUT;
        }
        ULONG got, slice = timeout - waited < WAIT_SLICE ? timeout - waited : WAIT_SLICE;
        (void)tx_event_flags_get(&v->ev, EV_PEER, TX_OR_CLEAR, &got, slice);
        waited += slice;
    }
}

uint32_t xen_vchan_data_ready(const struct xen_vchan *v)
{
    uint32_t n = 0;
    if (v != NULL && v->open) {
        (void)xen_vchan_ring_readable(&v->rd, &n);
    }
    return n;
}

xen_err_t xen_vchan_read(struct xen_vchan *v, void *buf, size_t len, size_t *got, ULONG timeout)
{
    if (v == NULL || !v->open || buf == NULL || got == NULL || len == 0) {
        return XE_BAD_ARG;
    }
    ULONG waited = 0;
    *got = 0;
    for (;;) {
        uint32_t ready;
        xen_err_t err = xen_vchan_ring_readable(&v->rd, &ready);
        if (err != XE_OK) {
            return err;
        }
        if (ready == 0) {
            /* Ask for a notification, then look again: the writer may have just checked. */
            xen_vchan_notify_request(peer_byte(v), VCHAN_NOTIFY_WRITE);
            err = xen_vchan_ring_readable(&v->rd, &ready);
            if (err != XE_OK) {
                return err;
            }
        }
        if (ready > 0) {
            err = xen_vchan_ring_read(&v->rd, buf, len, got);
            if (err == XE_OK && xen_vchan_notify_take(own_byte(v), VCHAN_NOTIFY_READ)) {
                notify(v);
            }
            return err;
        }
        if (peer_live(v) == 0) {
            return XE_NOENT;
        }
        if (waited >= timeout) {
            return XE_TIMEOUT;
        }
        ULONG evs, slice = timeout - waited < WAIT_SLICE ? timeout - waited : WAIT_SLICE;
        if (tx_event_flags_get(&v->ev, EV_PEER, TX_OR_CLEAR, &evs, slice) != TX_SUCCESS &&
            peer_vanished(v)) {
            return XE_NOENT;
        }
        waited += slice;
    }
}

xen_err_t xen_vchan_write(struct xen_vchan *v, const void *buf, size_t len, ULONG timeout)
{
    if (v == NULL || !v->open || (buf == NULL && len > 0)) {
        return XE_BAD_ARG;
    }
    const uint8_t *p = buf;
    ULONG waited = 0;
    while (len > 0) {
        if (peer_live(v) == 0) {
            return XE_NOENT;
        }
        uint32_t space;
        xen_err_t err = xen_vchan_ring_writable(&v->wr, &space);
        if (err != XE_OK) {
            return err;
        }
        if (space == 0) {
            xen_vchan_notify_request(peer_byte(v), VCHAN_NOTIFY_READ);
            err = xen_vchan_ring_writable(&v->wr, &space);
            if (err != XE_OK) {
                return err;
            }
        }
        if (space > 0) {
            size_t put;
            err = xen_vchan_ring_write(&v->wr, p, len, &put);
            if (err != XE_OK) {
                return err;
            }
            if (xen_vchan_notify_take(own_byte(v), VCHAN_NOTIFY_WRITE)) {
                notify(v);
            }
            p += put;
            len -= put;
            continue;
        }
        if (waited >= timeout) {
            return XE_TIMEOUT;
        }
        ULONG evs, slice = timeout - waited < WAIT_SLICE ? timeout - waited : WAIT_SLICE;
        if (tx_event_flags_get(&v->ev, EV_PEER, TX_OR_CLEAR, &evs, slice) != TX_SUCCESS &&
            peer_vanished(v)) {
            return XE_NOENT;
        }
        waited += slice;
    }
    return XE_OK;
}

static xen_err_t shut(struct xen_vchan *v, bool remove_path)
{
    if (v == NULL) {
        return XE_BAD_ARG;
    }
    if (v->open) {
        if (v->server) {
            v->shared->srv_live = 0;
        } else {
            v->shared->cli_live = 0;
        }
        xen_mb();
        notify(v);
        if (v->server && remove_path) {
            (void)xen_xs_rm(XEN_XS_NO_TXN, v->path);
        }
        (void)xen_evtchn_close(v->port);
        tx_event_flags_delete(&v->ev);
        v->open = false;
        if (!v->server) {
            client_unmap(v);
            return XE_OK;
        }
    }
    if (!v->server || gref_val(v->ref) == 0) {
        return XE_OK;
    }
    xen_err_t err = xen_gnttab_end(v->ref);
    if (err == XE_OK) {
        v->ref = gref_init(0);
    }
    return err;
}

xen_err_t xen_vchan_close(struct xen_vchan *v)
{
    return shut(v, true);
}

xen_err_t xen_vchan_retire(struct xen_vchan *v)
{
    return shut(v, false);
}
