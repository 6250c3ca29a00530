/*
 * vchan_ring.c - libxenvchan ring arithmetic, validation and notify bits, without the OS.
 * Host-tested (tests/host/test_xen_vchan.c).
 */
#include <string.h>

#define XEN_VCHAN_NO_RTOS
#include "xen_atomic.h"
#include "xen_vchan.h"

/* Offset of grants[] in the shared page, and where the first in-page ring may start. */
#define GRANTS_OFFSET ((uint32_t)sizeof(struct vchan_interface))
#define INPAGE_FIRST  1024u

uint32_t xen_vchan_ring_bytes(unsigned order)
{
    if (order < XEN_VCHAN_ORDER_MIN || order > XEN_VCHAN_ORDER_MAX) {
        return 0;
    }
    return 1u << order;
}

unsigned xen_vchan_ring_pages(unsigned order)
{
    return order >= 12u && order <= XEN_VCHAN_ORDER_MAX ? 1u << (order - 12u) : 0u;
}

xen_err_t xen_vchan_check_orders(unsigned left_order, unsigned right_order)
{
    if (xen_vchan_ring_bytes(left_order) == 0 || xen_vchan_ring_bytes(right_order) == 0) {
        return XE_PEER;
    }
    if (left_order == right_order && left_order < 12u) {
        return XE_PEER; /* both rings at the same offset of the page */
    }
    unsigned pages = xen_vchan_ring_pages(left_order) + xen_vchan_ring_pages(right_order);
    if (xen_vchan_ring_pages(left_order) > XEN_VCHAN_MAX_RING_PAGES ||
        xen_vchan_ring_pages(right_order) > XEN_VCHAN_MAX_RING_PAGES) {
        return XE_TOO_BIG;
    }
    /* The grant list must end before the first in-page ring (or the page). */
    uint32_t limit = (left_order < 12u || right_order < 12u) ? INPAGE_FIRST : 4096u;
    if (GRANTS_OFFSET + 4u * pages > limit) {
        return XE_PEER;
    }
    return XE_OK;
}

static uint32_t load_idx(const uint32_t *p)
{
    return *(const volatile uint32_t *)p;
}

static void store_idx(uint32_t *p, uint32_t v)
{
    *(volatile uint32_t *)p = v;
}

xen_err_t xen_vchan_ring_readable(const struct xen_vchan_ring *r, uint32_t *n)
{
    uint32_t prod = load_idx(&r->idx->prod);
    xen_rmb();
    uint32_t ready = prod - r->own;
    if (ready > r->size) {
        *n = 0;
        return XE_PEER;
    }
    *n = ready;
    return XE_OK;
}

xen_err_t xen_vchan_ring_writable(const struct xen_vchan_ring *r, uint32_t *n)
{
    uint32_t cons = load_idx(&r->idx->cons);
    xen_mb();
    uint32_t used = r->own - cons;
    if (used > r->size) {
        *n = 0;
        return XE_PEER;
    }
    *n = r->size - used;
    return XE_OK;
}

/* Byte `off` (< size) of the ring. */
static uint8_t *at(const struct xen_vchan_ring *r, uint32_t off, uint32_t *contiguous)
{
    uint32_t in_chunk = off & 4095u;
    uint32_t chunk_len = r->size < 4096u ? r->size : 4096u;
    *contiguous = chunk_len - in_chunk;
    return r->chunk[off >> 12] + in_chunk;
}

xen_err_t xen_vchan_ring_read(struct xen_vchan_ring *r, void *buf, size_t len, size_t *got)
{
    uint32_t ready;
    xen_err_t err = xen_vchan_ring_readable(r, &ready);
    *got = 0;
    if (err != XE_OK) {
        return err;
    }
    size_t n = len < ready ? len : ready;
    for (size_t done = 0; done < n;) {
        uint32_t cont;
        const uint8_t *src = at(r, (r->own + (uint32_t)done) & (r->size - 1u), &cont);
        size_t chunk = n - done < cont ? n - done : cont;
        memcpy((uint8_t *)buf + done, src, chunk);
        done += chunk;
    }
    xen_mb(); /* the data is read before the space is given back */
    r->own += (uint32_t)n;
    store_idx(&r->idx->cons, r->own);
    *got = n;
    return XE_OK;
}

xen_err_t xen_vchan_ring_write(struct xen_vchan_ring *r, const void *buf, size_t len, size_t *put)
{
    uint32_t space;
    xen_err_t err = xen_vchan_ring_writable(r, &space);
    *put = 0;
    if (err != XE_OK) {
        return err;
    }
    size_t n = len < space ? len : space;
    for (size_t done = 0; done < n;) {
        uint32_t cont;
        uint8_t *dst = at(r, (r->own + (uint32_t)done) & (r->size - 1u), &cont);
        size_t chunk = n - done < cont ? n - done : cont;
        memcpy(dst, (const uint8_t *)buf + done, chunk);
        done += chunk;
    }
    xen_wmb(); /* the data is visible before the index that publishes it */
    r->own += (uint32_t)n;
    store_idx(&r->idx->prod, r->own);
    *put = n;
    return XE_OK;
}

void xen_vchan_notify_request(uint8_t *byte, uint8_t bit)
{
    (void)xen_atomic_fetch_or8(byte, bit);
    xen_mb();
}

bool xen_vchan_notify_take(uint8_t *byte, uint8_t bit)
{
    xen_mb();
    return (xen_atomic_fetch_andnot8(byte, bit) & bit) != 0;
}
