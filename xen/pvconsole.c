/*
 * pvconsole.c - PV console ring (see xen_pvconsole.h). `out` carries our bytes to xenconsoled
 * (we own out_prod), `in` carries keyboard input to us (we own in_cons).
 *
 * Our own indexes are kept here and only written to the page, never read back: a backend that
 * rewinds or moves them cannot make us repeat or skip bytes. The backend's indexes (out_cons,
 * in_prod) are checked against ours and against their last accepted value: they only move
 * forwards, out_cons never beyond out_prod, in_prod never more than a ring ahead of in_cons. A
 * value that breaks this is rejected (counted in peer_errors; logged at the first of a run of
 * rejections, at most LOG_MAX times) and the last accepted one is used instead, so we go on from a
 * consistent point; our index is written to the page again at each use.
 *
 * Several vCPUs: writers are serialised by out_lock (out_prod, out_cons_seen, bad_out), readers
 * by in_lock (in_cons, in_prod_seen, bad_in); `stats` and `logged`, which both sides touch, only
 * inside xen_port_irq_save (the kernel's lock on SMP).
 */
#include <stdio.h>
#include <string.h>

#include "xen_atomic.h"
#include "xen_evtchn.h"
#include "xen_hypercall.h"
#include "xen_port.h"
#include "xen_pvconsole.h"
#include "xen_xenstore.h"

#include <xen/io/console.h>

#define EV_BACKEND 1u
#define SLICE      5u

static uint8_t own_page[XEN_PAGE_SIZE] __attribute__((aligned(XEN_PAGE_SIZE)));
static struct xencons_interface *ring;
static gfn_t ring_gfn;
static evtchn_t port;
static bool from_xen; /* Xen/toolstack gave us the console: nothing to publish */
static bool published;
static TX_EVENT_FLAGS_GROUP ev;
static TX_MUTEX out_lock;
static TX_MUTEX in_lock;
static struct xen_pvcon_stats stats;

/* Ours (private), and the backend's last accepted values. */
static uint32_t out_prod, out_cons_seen;
static uint32_t in_cons, in_prod_seen;
static bool bad_out, bad_in; /* in a run of rejected values: logged at its start */
static unsigned logged;      /* such logs so far: at most LOG_MAX, then only counted */

#define LOG_MAX 8u

static void pvc_stat_add(uint32_t *counter, uint32_t n)
{
    unsigned long flags = xen_port_irq_save();
    *counter += n;
    xen_port_irq_restore(flags);
}

/* Count a rejected backend value; true if it is to be logged: the first of a run (`first`), and
 * at most LOG_MAX in all. */
static bool peer_error(bool first)
{
    unsigned long flags = xen_port_irq_save();
    stats.peer_errors++;
    bool log = first && logged < LOG_MAX;
    logged += log ? 1u : 0u;
    xen_port_irq_restore(flags);
    return log;
}

static void backend_event(evtchn_t p, void *arg)
{
    (void)p;
    (void)arg;
    tx_event_flags_set(&ev, EV_BACKEND, TX_OR);
}

static xen_err_t get_param(uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};
    long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);
    *value = p.value;
    return xen_err_from_rc(rc);
}

xen_err_t xen_pvcon_init(UINT priority)
{
    uint64_t pfn = 0, evt = 0;
    if (ring != NULL) {
        return XE_OK;
    }
    (void)get_param(HVM_PARAM_CONSOLE_PFN, &pfn);
    (void)get_param(HVM_PARAM_CONSOLE_EVTCHN, &evt);
    if (tx_event_flags_create(&ev, "pvcon") != TX_SUCCESS ||
        tx_mutex_create(&out_lock, "pvcon out", TX_INHERIT) != TX_SUCCESS ||
        tx_mutex_create(&in_lock, "pvcon in", TX_INHERIT) != TX_SUCCESS) {
        return XE_NO_SLOT;
    }
    xen_err_t err;
    if (pfn != 0 && pfn != ~0ull && evt != 0 && evt < XEN_EVTCHN_MAX_PORTS) {
        ring = xen_port_map_ram(gfn_to_pa(gfn_init(pfn)), XEN_PAGE_SIZE);
        if (ring == NULL) {
            return XE_NO_REGION;
        }
        ring_gfn = gfn_init(pfn);
        port = evtchn_init((uint32_t)evt);
        from_xen = true;
    } else {
        memset(own_page, 0, sizeof(own_page));
        ring = (struct xencons_interface *)own_page;
        ring_gfn = pa_to_gfn(xen_port_virt_to_phys(own_page));
        err = xen_evtchn_alloc_unbound(0, &port);
        if (err != XE_OK) {
            ring = NULL;
            return err;
        }
    }
    /* The one time the page's indexes are taken as they are: before we use the ring. */
    out_prod = *(volatile uint32_t *)&ring->out_prod;
    in_cons = *(volatile uint32_t *)&ring->in_cons;
    out_cons_seen = *(volatile uint32_t *)&ring->out_cons;
    in_prod_seen = *(volatile uint32_t *)&ring->in_prod;
    if (out_prod - out_cons_seen > sizeof(ring->out)) {
        out_cons_seen = out_prod;
    }
    if (in_prod_seen - in_cons > sizeof(ring->in)) {
        in_prod_seen = in_cons;
    }
    err = xen_evtchn_set_handler(port, backend_event, NULL, priority);
    if (err != XE_OK) {
        ring = NULL;
        return err;
    }
    printf("pvconsole: ring at frame %#llx, port %u (%s)\n", (unsigned long long)gfn_val(ring_gfn),
           evtchn_val(port), from_xen ? "from Xen" : "ours, to publish");
    return XE_OK;
}

static xen_err_t publish_once(void)
{
    /* Sized so that nothing is cut (cert-err33-c): home < 32 chars, val a u64 in decimal. */
    char base[64], node[96], val[24];
    (void)snprintf(base, sizeof(base), "%s/console", xen_xs_home());
    xen_xs_txn_t t;
    xen_err_t err = xen_xs_txn_start(&t);
    if (err != XE_OK) {
        return err;
    }
    (void)snprintf(node, sizeof(node), "%s/ring-ref", base);
    (void)snprintf(val, sizeof(val), "%llu", (unsigned long long)gfn_val(ring_gfn));
    err = xen_xs_write_str(t, node, val);
    if (err == XE_OK) {
        (void)snprintf(node, sizeof(node), "%s/port", base);
        (void)snprintf(val, sizeof(val), "%u", evtchn_val(port));
        err = xen_xs_write_str(t, node, val);
    }
    if (err == XE_OK) {
        (void)snprintf(node, sizeof(node), "%s/type", base);
        err = xen_xs_write_str(t, node, "xenconsoled");
    }
    if (err == XE_OK) {
        (void)snprintf(node, sizeof(node), "%s/output", base);
        err = xen_xs_write_str(t, node, "pty");
    }
    if (err != XE_OK) {
        (void)xen_xs_txn_end(t, false);
        return err;
    }
    return xen_xs_txn_end(t, true);
}

xen_err_t xen_pvcon_publish(ULONG timeout)
{
    if (ring == NULL) {
        return XE_NOT_READY;
    }
    if (from_xen || published) {
        return XE_OK;
    }
    ULONG waited = 0;
    xen_err_t err;
    bool said = false;
    for (;;) {
        err = publish_once();
        if (err == XE_OK) {
            published = true;
            printf("pvconsole: published under %s/console\n", xen_xs_home());
            return XE_OK;
        }
        if (err != XE_ACCES && err != XE_AGAIN && err != XE_NOENT) {
            return err;
        }
        if (!said) {
            printf("pvconsole: %s/console not writable yet (%s), retrying\n", xen_xs_home(),
                   xen_strerror(err));
            said = true;
        }
        if (waited >= timeout) {
            return XE_TIMEOUT;
        }
        tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND / 5);
        waited += TX_TIMER_TICKS_PER_SECOND / 5;
    }
}

bool xen_pvcon_connected(void)
{
    char path[80], tty[64]; /* home < 32 chars: path is never cut */
    if (from_xen) {
        return true;
    }
    if (!published) {
        return false;
    }
    (void)snprintf(path, sizeof(path), "%s/console/tty", xen_xs_home());
    return xen_xs_read(XEN_XS_NO_TXN, path, tty, sizeof(tty), NULL) == XE_OK;
}

/* A backend index that may only move forward from *seen, up to `limit`: accepted and returned,
 * or counted, logged at the start of a run of bad values, and the last good value returned. */
static uint32_t peer_index(const uint32_t *field, const char *name, uint32_t ours, uint32_t limit,
                           uint32_t *seen, bool *bad)
{
    uint32_t v = *(const volatile uint32_t *)field;
    if (v - *seen > limit - *seen) {
        if (peer_error(!*bad)) {
            printf("pvconsole: backend's %s %u impossible (ours %u, last %u), ignored\n", name,
                   (unsigned)v, (unsigned)ours, (unsigned)*seen);
        }
        *bad = true;
        return *seen;
    }
    *bad = false;
    *seen = v;
    return v;
}

/* out_cons: between the last accepted value and our out_prod. */
static uint32_t peer_out_cons(void)
{
    return peer_index(&ring->out_cons, "out_cons", out_prod, out_prod, &out_cons_seen, &bad_out);
}

/* in_prod: not behind the last accepted value (which is never behind in_cons), at most a ring
 * ahead of in_cons. */
static uint32_t peer_in_prod(void)
{
    return peer_index(&ring->in_prod, "in_prod", in_cons, in_cons + (uint32_t)sizeof(ring->in),
                      &in_prod_seen, &bad_in);
}

xen_err_t xen_pvcon_write(const void *buf, size_t len, ULONG timeout)
{
    const uint8_t *p = buf;
    if (ring == NULL) {
        return XE_NOT_READY;
    }
    if (buf == NULL && len > 0) {
        return XE_BAD_ARG;
    }
    if (tx_mutex_get(&out_lock, TX_WAIT_FOREVER) != TX_SUCCESS) {
        return XE_BUSY;
    }
    ULONG waited = 0;
    xen_err_t err = XE_OK;
    while (len > 0) {
        uint32_t cons = peer_out_cons();
        xen_mb();
        uint32_t space = (uint32_t)sizeof(ring->out) - (out_prod - cons);
        if (space == 0) {
            /* Ours again, in case the backend overwrote it. */
            *(volatile uint32_t *)&ring->out_prod = out_prod;
            if (waited >= timeout) {
                err = XE_TIMEOUT;
                break;
            }
            ULONG got;
            (void)tx_event_flags_get(&ev, EV_BACKEND, TX_OR_CLEAR, &got, SLICE);
            waited += SLICE;
            continue;
        }
        uint32_t n = len < space ? (uint32_t)len : space;
        for (uint32_t i = 0; i < n; i++) {
            ring->out[MASK_XENCONS_IDX(out_prod + i, ring->out)] = (char)p[i];
        }
        out_prod += n;
        __atomic_thread_fence(__ATOMIC_RELEASE);
        *(volatile uint32_t *)&ring->out_prod = out_prod;
        (void)xen_evtchn_send(port);
        pvc_stat_add(&stats.out_bytes, n);
        p += n;
        len -= n;
    }
    pvc_stat_add(&stats.out_dropped, (uint32_t)len);
    tx_mutex_put(&out_lock);
    return err;
}

static xen_err_t read_locked(uint8_t *out, size_t len, size_t *got, ULONG timeout);

xen_err_t xen_pvcon_read(void *buf, size_t len, size_t *got, ULONG timeout)
{
    uint8_t *out = buf;
    if (ring == NULL) {
        return XE_NOT_READY;
    }
    if (buf == NULL || got == NULL || len == 0) {
        return XE_BAD_ARG;
    }
    *got = 0;
    if (tx_mutex_get(&in_lock, TX_WAIT_FOREVER) != TX_SUCCESS) {
        return XE_BUSY;
    }
    xen_err_t err = read_locked(out, len, got, timeout);
    tx_mutex_put(&in_lock);
    return err;
}

/* xen_pvcon_read's work, in_lock held. */
static xen_err_t read_locked(uint8_t *out, size_t len, size_t *got, ULONG timeout)
{
    ULONG waited = 0;
    for (;;) {
        uint32_t prod = peer_in_prod();
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        uint32_t n = prod - in_cons;
        if (n > 0) {
            if (n > len) {
                n = (uint32_t)len;
            }
            for (uint32_t i = 0; i < n; i++) {
                out[i] = (uint8_t)ring->in[MASK_XENCONS_IDX(in_cons + i, ring->in)];
            }
            in_cons += n;
            xen_mb();
            *(volatile uint32_t *)&ring->in_cons = in_cons;
            (void)xen_evtchn_send(port);
            pvc_stat_add(&stats.in_bytes, n);
            *got = n;
            return XE_OK;
        }
        *(volatile uint32_t *)&ring->in_cons = in_cons; /* ours again, see above */
        if (waited >= timeout) {
            return XE_TIMEOUT;
        }
        ULONG evs, slice = timeout - waited < SLICE ? timeout - waited : SLICE;
        (void)tx_event_flags_get(&ev, EV_BACKEND, TX_OR_CLEAR, &evs, slice);
        waited += slice;
    }
}

void xen_pvcon_get_stats(struct xen_pvcon_stats *out)
{
    unsigned long flags = xen_port_irq_save();
    *out = stats;
    xen_port_irq_restore(flags);
}
