/*
 * xen_vchan.h - a libxenvchan-compatible byte stream between this domain and another.
 *
 * Wire format: Xen's public <xen/io/libxenvchan.h> (struct vchan_interface), as Linux's
 * libxenvchan and vchan-socket-proxy use it (dom0/VCHAN-NOTES.md):
 *   - the server grants one shared page; ring "left" carries client -> server bytes, "right"
 *     server -> client; orders 10 / 11 put them inside the shared page at 1024 / 2048, orders
 *     12..20 in 2^(order-12) separate pages whose grant refs follow the header;
 *   - free-running u32 byte counters, offset = index & (size - 1);
 *   - VCHAN_NOTIFY_WRITE / _READ bits: a reader short of data sets WRITE in the byte the peer
 *     checks, a writer clears its own byte's bit after publishing and notifies only if it was set;
 *   - the server publishes `<path>/ring-ref` and `<path>/event-channel` in XenStore, readable by
 *     the client, and marks srv_live = 0 when it goes away; the client sets cli_live = 1 when it
 *     connects (its kernel writes 0 when it dies).
 * Everything the peer writes (indexes, orders, grant refs, live bytes) is validated; a peer that
 * breaks the protocol gets XE_PEER and is disconnected, never an out-of-bounds access.
 */
#ifndef XEN_VCHAN_H
#define XEN_VCHAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen_err.h"
#include "xen_public.h"
#include "xen_types.h"

#include <xen/io/libxenvchan.h>

#ifndef XEN_VCHAN_NO_RTOS
#include "tx_api.h"
#include "xen_gnttab.h"
#include "xen_xenstore.h"
#endif

#define XEN_VCHAN_MAX_RING_PAGES 4u /* per ring, when the peer is the server (order <= 14) */
#define XEN_VCHAN_ORDER_MIN      10u
#define XEN_VCHAN_ORDER_MAX      20u

/* ---- Ring logic, portable (host-tested) ---------------------------------------------------- */

/* One direction. The ring's bytes may be split over pages that are not contiguous in our
 * address space (a client maps each granted page separately): chunk i covers bytes
 * [i * 4096, (i + 1) * 4096) of the ring, or the whole ring if it is smaller than a page. */
struct xen_vchan_ring {
    struct ring_shared *idx; /* in the shared page */
    uint8_t *chunk[XEN_VCHAN_MAX_RING_PAGES];
    uint32_t size; /* bytes, power of two */
    uint32_t own;  /* our index: cons when we read this ring, prod when we write it */
};

/* Bytes of `order` rings, or 0 if the order is out of 10..20. */
uint32_t xen_vchan_ring_bytes(unsigned order);

/* Check orders as a client must before trusting a shared page: both in 10..20, not both inside
 * the page at the same offset, and the grant list inside the page's header area (and within
 * our own limit of pages). */
xen_err_t xen_vchan_check_orders(unsigned left_order, unsigned right_order);

/* Number of ring pages a ring of `order` needs listed in grants[] (0 for in-page rings). */
unsigned xen_vchan_ring_pages(unsigned order);

/* Bytes ready to read / space to write; XE_PEER if the peer's index is impossible. */
xen_err_t xen_vchan_ring_readable(const struct xen_vchan_ring *r, uint32_t *n);
xen_err_t xen_vchan_ring_writable(const struct xen_vchan_ring *r, uint32_t *n);

/* Copy out up to `len` bytes and publish the new consumer index. */
xen_err_t xen_vchan_ring_read(struct xen_vchan_ring *r, void *buf, size_t len, size_t *got);
/* Copy in up to `len` bytes and publish the new producer index. */
xen_err_t xen_vchan_ring_write(struct xen_vchan_ring *r, const void *buf, size_t len, size_t *put);

/* Atomic OR of `bit` into a notify byte, then a full barrier. */
void xen_vchan_notify_request(uint8_t *byte, uint8_t bit);
/* Atomically clear `bit` in a notify byte; true if it was set (the peer asked to be told). */
bool xen_vchan_notify_take(uint8_t *byte, uint8_t bit);

/* ---- Endpoint (RTOS) ----------------------------------------------------------------------- */
#ifndef XEN_VCHAN_NO_RTOS

struct xen_vchan {
    struct vchan_interface *shared;
    struct xen_vchan_ring rd, wr; /* server: rd = left, wr = right; client: the reverse */
    bool server;
    bool open;
    xen_domid_t peer;
    evtchn_t port;
    gref_t ref;             /* server: the shared page's grant */
    struct xen_gnt_map map; /* client: the mapped shared page */
    struct xen_gnt_map ring_map[2 * XEN_VCHAN_MAX_RING_PAGES];
    unsigned nr_ring_maps;
    char path[XEN_XS_PATH_MAX];
    TX_EVENT_FLAGS_GROUP ev; /* bit 0: the peer signalled */
    uint32_t notifies_sent;
    uint32_t notifies_received;
    bool peer_vanished; /* the peer went away without closing (reads and writes: XE_NOENT) */
};

/* Server side: share `page` (4 KiB, page-aligned, ours) with `peer`, rings of 1 KiB (in) and
 * 2 KiB (out) inside it, event channel handled at `priority`; publish ring-ref and
 * event-channel under `path` readable by the peer only. Needs xen_gnttab_init, xen_xs_init. */
xen_err_t xen_vchan_server_init(struct xen_vchan *v, void *page, xen_domid_t peer, const char *path,
                                UINT priority);

/* Client side: connect to the server `peer` which published under `path`. Maps its pages into
 * the extended regions. */
xen_err_t xen_vchan_client_init(struct xen_vchan *v, xen_domid_t peer, const char *path,
                                UINT priority);

/* Server: wait until a client connected (cli_live == 1). XE_TIMEOUT. */
xen_err_t xen_vchan_wait_connected(struct xen_vchan *v, ULONG timeout);

/* Is the other side still there (its live byte is 1)? */
bool xen_vchan_peer_live(const struct xen_vchan *v);

/* Read at least one byte (at most `len`), waiting up to `timeout` ticks. XE_NOENT: the peer
 * closed, or went away without closing (killed, destroyed: peer_vanished), and nothing is left
 * to read. */
xen_err_t xen_vchan_read(struct xen_vchan *v, void *buf, size_t len, size_t *got, ULONG timeout);

/* Write all `len` bytes, waiting for space up to `timeout` ticks in total. XE_NOENT: peer gone. */
xen_err_t xen_vchan_write(struct xen_vchan *v, const void *buf, size_t len, ULONG timeout);

/* Bytes waiting to be read now (0 on a broken ring). */
uint32_t xen_vchan_data_ready(const struct xen_vchan *v);

/* Tell the peer we are gone, remove the XenStore entries, close the port, end the grants.
 * XE_STILL_MAPPED: the peer still maps the server's page (the page must not be reused yet; the
 * call may be repeated to try again). */
xen_err_t xen_vchan_close(struct xen_vchan *v);

/* Server: xen_vchan_close without removing the XenStore entries, for when a successor endpoint
 * has just been published under the same path (new clients find it without a gap). */
xen_err_t xen_vchan_retire(struct xen_vchan *v);

#endif /* XEN_VCHAN_NO_RTOS */

#endif /* XEN_VCHAN_H */
