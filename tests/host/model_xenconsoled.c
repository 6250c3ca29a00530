/*
 * model_xenconsoled.c - xenconsoled and the services below xen/pvconsole.c (see the header).
 */
#include <string.h>

#include "model_xenconsoled.h"
#include "tx_api.h"
#include "xen_hypercall.h"
#include "xen_port.h"
#include "xen_xenstore.h"

struct xencons_interface xcons_page __attribute__((aligned(4096)));
struct xencons_interface *xcons_ring;
bool xcons_from_xen = true;
struct xcons_backend xcons_be;
evtchn_t xcons_port;
xen_evtchn_handler_t xcons_handler;
void *xcons_handler_arg;
unsigned xcons_bad_sends;
void (*xcons_on_notify)(void);
xen_err_t xcons_xs_result = XE_NOSYS;

void xcons_reset(void)
{
    memset(&xcons_page, 0, sizeof(xcons_page));
    memset(&xcons_be, 0, sizeof(xcons_be));
    xcons_ring = NULL;
    xcons_from_xen = true;
    xcons_port = evtchn_init(XCONS_PORT);
    xcons_handler = NULL;
    xcons_handler_arg = NULL;
    xcons_bad_sends = 0;
    xcons_on_notify = NULL;
    xcons_xs_result = XE_NOSYS;
}

void xcons_take(void)
{
    struct xencons_interface *r = xcons_ring;
    uint32_t prod = r->out_prod;
    /* A run of the ring at a time: a hostile out_prod makes it take all `seen` holds on every
     * call, and a byte loop was nearly all of the fuzz target's time. */
    while (xcons_be.out_cons != prod && xcons_be.nseen < sizeof(xcons_be.seen)) {
        uint32_t off = MASK_XENCONS_IDX(xcons_be.out_cons, r->out);
        size_t run = sizeof(r->out) - off;
        if (run > prod - xcons_be.out_cons) {
            run = prod - xcons_be.out_cons;
        }
        if (run > sizeof(xcons_be.seen) - xcons_be.nseen) {
            run = sizeof(xcons_be.seen) - xcons_be.nseen;
        }
        memcpy(xcons_be.seen + xcons_be.nseen, r->out + off, run);
        xcons_be.nseen += run;
        xcons_be.out_cons += (uint32_t)run;
    }
    r->out_cons = xcons_be.out_cons;
}

void xcons_type(const char *s, size_t n)
{
    struct xencons_interface *r = xcons_ring;
    for (size_t i = 0; i < n; i++) {
        r->in[MASK_XENCONS_IDX(xcons_be.in_prod, r->in)] = s[i];
        xcons_be.in_prod++;
    }
    r->in_prod = xcons_be.in_prod;
}

long HYPERVISOR_hvm_op(int cmd, void *arg)
{
    struct xen_hvm_param *p = arg;
    if (cmd != HVMOP_get_param) {
        return -XEN_ENOSYS;
    }
    p->value = !xcons_from_xen                        ? 0
               : p->index == HVM_PARAM_CONSOLE_PFN    ? XCONS_PFN
               : p->index == HVM_PARAM_CONSOLE_EVTCHN ? XCONS_PORT
                                                      : 0;
    return 0;
}

void *xen_port_map_ram(paddr_t pa, uint64_t size)
{
    (void)size;
    if (pa_addr(pa) != (uint64_t)XCONS_PFN << XEN_PAGE_SHIFT) {
        return NULL;
    }
    xcons_ring = &xcons_page;
    return &xcons_page;
}

/* Only the layer's own console page is translated: that is how the model finds it. */
paddr_t xen_port_virt_to_phys(const void *va)
{
    xcons_ring = (struct xencons_interface *)(uintptr_t)va;
    return pa_init((uint64_t)(uintptr_t)va);
}

/* The Xen layer's critical section (pvconsole.c's counters), on the host port's interrupt lock. */
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

xen_err_t xen_evtchn_alloc_unbound(xen_domid_t remote, evtchn_t *p)
{
    (void)remote;
    xcons_port = evtchn_init(XCONS_PORT + 1);
    *p = xcons_port;
    return XE_OK;
}

xen_err_t xen_evtchn_set_handler(evtchn_t p, xen_evtchn_handler_t h, void *arg, UINT priority)
{
    (void)priority;
    if (evtchn_val(p) != evtchn_val(xcons_port)) {
        return XE_BAD_ARG;
    }
    xcons_handler = h;
    xcons_handler_arg = arg;
    return XE_OK;
}

xen_err_t xen_evtchn_send(evtchn_t p)
{
    if (evtchn_val(p) != evtchn_val(xcons_port)) {
        xcons_bad_sends++;
        return XE_BAD_ARG;
    }
    if (xcons_be.consume) {
        xcons_take();
    }
    if (xcons_on_notify != NULL) {
        xcons_on_notify();
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
    return xcons_xs_result;
}

xen_err_t xen_xs_txn_end(xen_xs_txn_t t, bool commit)
{
    (void)t;
    (void)commit;
    return xcons_xs_result;
}

xen_err_t xen_xs_write_str(xen_xs_txn_t t, const char *path, const char *value)
{
    (void)t;
    (void)path;
    (void)value;
    return xcons_xs_result;
}

xen_err_t xen_xs_read(xen_xs_txn_t t, const char *path, char *buf, size_t size, size_t *len)
{
    (void)t;
    (void)path;
    if (xcons_xs_result != XE_OK) {
        return XE_NOENT;
    }
    if (size > 0) {
        buf[0] = '\0';
    }
    if (len != NULL) {
        *len = 0;
    }
    return XE_OK;
}
