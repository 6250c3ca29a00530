/*
 * model_xenstored.c - xenstored and the services below xen/xenstore.c (see the header).
 */
#include <stdio.h>
#include <string.h>

#include "model_xenstored.h"
#include "xen_evtchn.h"
#include "xen_hv.h"
#include "xen_hypercall.h"
#include "xen_port.h"

struct xenstore_domain_interface xsd_store;
struct xsd_model xsd;

static TX_THREAD daemon_thread;
static TX_SEMAPHORE kick;
static bool started;
static uint8_t daemon_stack[16384] __attribute__((aligned(16)));

void xsd_queue(const struct xsd_sockmsg *h, const void *body)
{
    if (xsd.out_off == xsd.out_len) {
        xsd.out_off = xsd.out_len = 0;
    }
    if (xsd.out_len + sizeof(*h) + h->len > sizeof(xsd.out)) {
        return; /* the model's queue is full: dropped (no test goes that far) */
    }
    if (xsd.on_queue != NULL) {
        xsd.on_queue(h, body);
    }
    memcpy(xsd.out + xsd.out_len, h, sizeof(*h));
    memcpy(xsd.out + xsd.out_len + sizeof(*h), body, h->len);
    xsd.out_len += sizeof(*h) + h->len;
}

void xsd_reply(const struct xsd_sockmsg *req, uint32_t type, const void *body, size_t len)
{
    struct xsd_sockmsg h = {.type = type, .req_id = req->req_id, .tx_id = req->tx_id};
    h.len = (uint32_t)len;
    xsd_queue(&h, body);
}

int xsd_find(const char *path, bool create)
{
    for (unsigned i = 0; i < XSD_NODES; i++) {
        if (xsd.node[i].path[0] != '\0' && strcmp(xsd.node[i].path, path) == 0) {
            return (int)i;
        }
    }
    for (unsigned i = 0; create && i < XSD_NODES; i++) {
        if (xsd.node[i].path[0] == '\0') {
            snprintf(xsd.node[i].path, sizeof(xsd.node[i].path), "%s", path);
            return (int)i;
        }
    }
    return -1;
}

static void xsd_handle(const struct xsd_sockmsg *req, const char *body)
{
    xsd.handled++;
    if (xsd.on_request != NULL && xsd.on_request(req, body)) {
        return;
    }
    size_t plen = strnlen(body, req->len);
    char val[32];
    int i;
    switch (req->type) {
    case XS_GET_DOMAIN_PATH:
        snprintf(val, sizeof(val), "/local/domain/%s", body);
        xsd_reply(req, req->type, val, strlen(val) + 1);
        break;
    case XS_READ:
        i = xsd_find(body, false);
        if (i < 0) {
            xsd_reply(req, XS_ERROR, "ENOENT", 7);
        } else {
            xsd_reply(req, req->type, xsd.node[i].val, xsd.node[i].len);
        }
        break;
    case XS_WRITE:
        i = plen < req->len ? xsd_find(body, true) : -1;
        if (i < 0) {
            xsd_reply(req, XS_ERROR, "EINVAL", 7);
        } else {
            xsd.node[i].len = req->len - plen - 1;
            memcpy(xsd.node[i].val, body + plen + 1, xsd.node[i].len);
            xsd_reply(req, req->type, "OK", 3);
        }
        break;
    default:
        xsd_reply(req, req->type, "OK", 3);
        break;
    }
}

/* One look at the rings, as xenstored does on an event. */
static void xsd_serve(void)
{
    ULONG now = tx_time_get();
    if (xsd.on_serve != NULL) {
        xsd.on_serve();
    }
    if (xsd.reconnection && xsd_store.connection == XENSTORE_RECONNECT) {
        xsd_store.req_cons = xsd_store.req_prod = xsd_store.rsp_cons = xsd_store.rsp_prod = 0;
        xsd.in_got = 0;
        xsd.out_len = xsd.out_off = 0;
        xsd.reconnects++;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        xsd_store.connection = XENSTORE_CONNECTED;
    }
    while (now >= xsd.stall_req_until && xsd_store.req_prod != xsd_store.req_cons) {
        size_t want = xsd.in_got < sizeof(struct xsd_sockmsg)
                          ? sizeof(struct xsd_sockmsg)
                          : sizeof(struct xsd_sockmsg) + ((struct xsd_sockmsg *)xsd.in)->len;
        if (want > sizeof(xsd.in)) {
            return; /* a header it cannot take: it stops reading (the test then fails) */
        }
        while (xsd.in_got < want && xsd_store.req_prod != xsd_store.req_cons) {
            xsd.in[xsd.in_got++] = (uint8_t)xsd_store.req[MASK_XENSTORE_IDX(xsd_store.req_cons)];
            xsd_store.req_cons++;
        }
        if (xsd.in_got == want && want > sizeof(struct xsd_sockmsg)) {
            struct xsd_sockmsg h;
            memcpy(&h, xsd.in, sizeof(h));
            char body[XENSTORE_PAYLOAD_MAX + 1];
            memcpy(body, xsd.in + sizeof(h), h.len);
            body[h.len] = '\0';
            xsd.in_got = 0;
            xsd_handle(&h, body);
        } else if (xsd.in_got == want && ((struct xsd_sockmsg *)xsd.in)->len == 0) {
            struct xsd_sockmsg h;
            memcpy(&h, xsd.in, sizeof(h));
            xsd.in_got = 0;
            xsd_handle(&h, "");
        }
    }
    if (now != xsd.last_tick) {
        xsd.last_tick = now;
        xsd.tick_budget = xsd.rsp_per_tick;
    }
    while (xsd.out_off < xsd.out_len &&
           xsd_store.rsp_prod - xsd_store.rsp_cons < XENSTORE_RING_SIZE) {
        if (now < xsd.slow_rsp_until) {
            if (xsd.tick_budget == 0) {
                break;
            }
            xsd.tick_budget--;
        }
        xsd_store.rsp[MASK_XENSTORE_IDX(xsd_store.rsp_prod)] = (char)xsd.out[xsd.out_off++];
        __atomic_thread_fence(__ATOMIC_RELEASE);
        xsd_store.rsp_prod++;
    }
}

static VOID daemon_entry(ULONG arg)
{
    (void)arg;
    for (;;) {
        /* Every tick only while time matters (slow replies, stalled requests); otherwise the
         * client's event wakes it (it notifies after writing requests and after consuming
         * replies): a tick-by-tick poll doubled the cost of every client timeout. */
        ULONG now = tx_time_get();
        bool timed =
            (now < xsd.slow_rsp_until && xsd.out_off < xsd.out_len) || now < xsd.stall_req_until;
        (void)tx_semaphore_get(&kick, timed ? 1u : TX_WAIT_FOREVER);
        xsd_serve();
    }
}

/* Raw bytes from the daemon into the response ring (garbage). */
void xsd_raw(const void *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        xsd_store.rsp[MASK_XENSTORE_IDX(xsd_store.rsp_prod)] = ((const char *)data)[i];
        xsd_store.rsp_prod++;
    }
}

long HYPERVISOR_hvm_op(int cmd, void *arg)
{
    struct xen_hvm_param *p = arg;
    if (cmd != HVMOP_get_param) {
        return -XEN_ENOSYS;
    }
    p->value = p->index == HVM_PARAM_STORE_PFN      ? XSD_PFN
               : p->index == HVM_PARAM_STORE_EVTCHN ? XSD_PORT
                                                    : 0;
    return 0;
}

void *xen_port_map_ram(paddr_t pa, uint64_t size)
{
    (void)size;
    return pa_addr(pa) == (uint64_t)XSD_PFN << XEN_PAGE_SHIFT ? &xsd_store : NULL;
}

unsigned long xen_port_irq_save(void)
{
    TX_INTERRUPT_SAVE_AREA
    TX_DISABLE
    return interrupt_save;
}

void xen_port_irq_restore(unsigned long flags)
{
    UINT interrupt_save = (UINT)flags;
    TX_RESTORE
}

xen_err_t xen_self_domid(xen_domid_t *out)
{
    *out = XSD_SELF;
    return XE_OK;
}

xen_err_t xen_evtchn_set_handler(evtchn_t p, xen_evtchn_handler_t h, void *arg, UINT priority)
{
    (void)h;
    (void)arg;
    (void)priority;
    return evtchn_val(p) == XSD_PORT ? XE_OK : XE_BAD_ARG;
}

xen_err_t xen_evtchn_send(evtchn_t p)
{
    if (evtchn_val(p) != XSD_PORT) {
        return XE_BAD_ARG;
    }
    return tx_semaphore_put(&kick) == TX_SUCCESS ? XE_OK : XE_IO;
}

UINT xsd_start(UINT priority)
{
    if (started) {
        return TX_SUCCESS;
    }
    UINT st = tx_semaphore_create(&kick, "xsd kick", 0);
    if (st == TX_SUCCESS) {
        st = tx_thread_create(&daemon_thread, "xenstored", daemon_entry, 0, daemon_stack,
                              sizeof(daemon_stack), priority, priority, TX_NO_TIME_SLICE,
                              TX_AUTO_START);
    }
    started = st == TX_SUCCESS;
    return st;
}

void xsd_reset(void)
{
    memset(&xsd, 0, sizeof(xsd));
    memset(&xsd_store, 0, sizeof(xsd_store));
}
