/*
 * xen_xenstore.h - XenStore client over the shared ring (Xen's io/xs_wire.h protocol).
 *
 * Bring-up of a dom0less domain with xen,enhanced = "enabled" (Xen 4.17): Xen allocates the
 * store event channel at boot (HVM_PARAM_STORE_EVTCHN, unbound towards dom0) and sets
 * HVM_PARAM_STORE_PFN to ~0. Only when dom0's init-dom0less has run is a page added at
 * GUEST_MAGIC_BASE + 4 KiB, its `connection` set to XENSTORE_RECONNECT, the param set, and the
 * domain introduced to xenstored, which then sets `connection` to XENSTORE_CONNECTED.
 * xen_xs_init() therefore polls the param (and wakes early on the store event), maps the page and
 * waits for XENSTORE_CONNECTED.
 *
 * One request is in flight at a time (a mutex serialises callers); replies and watch events are
 * taken off the ring by the store port's event handler thread and by a requester that waits.
 * Every index and length read from the ring is validated. A request is never left half-sent
 * for another to be mixed into: after a timeout the next request first finishes it, and a late
 * reply is matched by req_id and discarded. A protocol error fails the request in flight
 * (XE_PEER) and resynchronises the ring (XenStore's reconnection if the daemon offers it, else
 * skipping what the response ring holds); later requests work again.
 */
#ifndef XEN_XENSTORE_H
#define XEN_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen_err.h"
#include "xen_public.h"
#include "xen_types.h"

#include <xen/io/xs_wire.h>

#ifndef XEN_XS_NO_RTOS
#include "tx_api.h"
#endif

/* Transaction id; XEN_XS_NO_TXN (0) outside a transaction. */
typedef uint32_t xen_xs_txn_t;
#define XEN_XS_NO_TXN    0u

#define XEN_XS_PATH_MAX  256u /* paths this client builds and watch paths it keeps */
#define XEN_XS_TOKEN_MAX 32u

/* One entry of a node's permission list; the first entry names the owner and what everybody
 * else may do. */
enum xen_xs_perm_bits {
    XEN_XS_PERM_NONE = 0,
    XEN_XS_PERM_READ = 1,
    XEN_XS_PERM_WRITE = 2,
    XEN_XS_PERM_BOTH = 3,
};

struct xen_xs_perm {
    xen_domid_t domid;
    uint8_t perms; /* enum xen_xs_perm_bits */
};

/* ---- Protocol logic, portable (no hypercall, no ThreadX): host-tested ---------------------- */

/* Receive state: a message is taken off the ring in pieces (a reply may exceed the 1 KiB ring). */
struct xen_xs_rx {
    struct xsd_sockmsg hdr;
    uint32_t hdr_got;                    /* bytes of hdr received */
    uint32_t body_got;                   /* bytes of body received */
    char body[XENSTORE_PAYLOAD_MAX + 1]; /* NUL-terminated for convenience */
};

/* Copy up to `len` bytes into the request ring. *put = bytes copied (0 when full). XE_PEER if
 * the daemon's consumer index is impossible. */
xen_err_t xen_xs_ring_put(struct xenstore_domain_interface *intf, const void *data, size_t len,
                          size_t *put);

/* Continue receiving one message from the response ring. XE_OK: rx holds a complete message
 * (reset rx->hdr_got/body_got to 0 before the next). XE_WOULD_BLOCK: not complete yet
 * (*consumed says whether bytes were taken, i.e. the daemon should be notified). XE_PEER: bad
 * index, length or type from the daemon. */
xen_err_t xen_xs_rx_step(struct xenstore_domain_interface *intf, struct xen_xs_rx *rx,
                         bool *consumed);

/* XS_ERROR payload ("ENOENT", ...) to an error code; XE_IO for an unknown name. */
xen_err_t xen_xs_error_code(const char *payload, size_t len);

/* Wire form of a permission list: "<c><domid>\0" per entry, c one of n r w b. Returns the length
 * or 0 if it does not fit / the list is invalid. */
size_t xen_xs_perms_encode(const struct xen_xs_perm *perms, unsigned n, char *buf, size_t size);

/* Parse a XS_GET_PERMS reply. XE_PEER on malformed input, XE_NO_SLOT if more than `max`. */
xen_err_t xen_xs_perms_decode(const char *buf, size_t len, struct xen_xs_perm *perms, unsigned max,
                              unsigned *n);

/* Check a list of NUL-terminated strings (XS_DIRECTORY reply, watch event) and count them.
 * XE_PEER if the last one is not terminated. */
xen_err_t xen_xs_strings_count(const char *buf, size_t len, unsigned *count);

/* The i-th string of such a list, or NULL. */
const char *xen_xs_strings_get(const char *buf, size_t len, unsigned i);

/* A XenStore value that must be a decimal number (domain ids, grant refs, ports): digits only,
 * at most UINT32_MAX. False for anything else. */
bool xen_xs_parse_u32(const char *s, uint32_t *out);

/* ---- Client (RTOS) -------------------------------------------------------------------------- */
#ifndef XEN_XS_NO_RTOS

/* A watch: events for `path` (and below) are queued here for the thread that waits on it. */
#define XEN_XS_WATCH_QUEUE 4
struct xen_xs_watch {
    char path[XEN_XS_PATH_MAX];
    char token[XEN_XS_TOKEN_MAX];
    TX_SEMAPHORE events; /* one count per queued event */
    char queue[XEN_XS_WATCH_QUEUE][XEN_XS_PATH_MAX];
    unsigned head, count;
    uint32_t overflows; /* events dropped because the queue was full */
    bool active;
    struct xen_xs_watch *next;
};

struct xen_xs_stats {
    uint32_t requests;
    uint32_t replies;
    uint32_t watch_events;
    uint32_t stray; /* replies nobody waited for, events for no watch */
    uint32_t peer_errors;
    uint32_t late;     /* replies to requests that had timed out, discarded */
    uint32_t timeouts; /* requests that returned XE_TIMEOUT */
    uint32_t resyncs;  /* protocol errors after which the ring was resynchronised */
};

/* Find the store page and event channel, wait (up to `timeout` ticks) until dom0 has set them
 * up and xenstored is connected. Event handling runs at `handler_priority`. After
 * xen_evtchn_init. XE_TIMEOUT if dom0 did not come. */
xen_err_t xen_xs_init(UINT handler_priority, ULONG timeout);

bool xen_xs_ready(void);

/* "/local/domain/<our id>" (from XS_GET_DOMAIN_PATH). */
const char *xen_xs_home(void);
xen_domid_t xen_xs_domid(void);

/* Read a node into buf (NUL-terminated); *len (may be NULL) = value length. XE_NOSPC if it does
 * not fit. */
xen_err_t xen_xs_read(xen_xs_txn_t t, const char *path, char *buf, size_t size, size_t *len);
xen_err_t xen_xs_write(xen_xs_txn_t t, const char *path, const void *value, size_t len);
xen_err_t xen_xs_write_str(xen_xs_txn_t t, const char *path, const char *value);
xen_err_t xen_xs_mkdir(xen_xs_txn_t t, const char *path);
xen_err_t xen_xs_rm(xen_xs_txn_t t, const char *path);

/* Children of `path` as NUL-separated names in buf; *count names. */
xen_err_t xen_xs_directory(xen_xs_txn_t t, const char *path, char *buf, size_t size,
                           unsigned *count);

xen_err_t xen_xs_get_perms(xen_xs_txn_t t, const char *path, struct xen_xs_perm *perms,
                           unsigned max, unsigned *n);
xen_err_t xen_xs_set_perms(xen_xs_txn_t t, const char *path, const struct xen_xs_perm *perms,
                           unsigned n);

/* Transactions: end with commit = false to abort. A commit that conflicted with another
 * writer returns XE_AGAIN: start over. */
xen_err_t xen_xs_txn_start(xen_xs_txn_t *t);
xen_err_t xen_xs_txn_end(xen_xs_txn_t t, bool commit);

/* Register `w` for `path`; xenstored sends one event at once (the current state). */
xen_err_t xen_xs_watch(struct xen_xs_watch *w, const char *path);
/* Wait up to `timeout` ticks for the next event; the path that fired goes to `path`. */
xen_err_t xen_xs_watch_wait(struct xen_xs_watch *w, char *path, size_t size, ULONG timeout);
xen_err_t xen_xs_unwatch(struct xen_xs_watch *w);

void xen_xs_get_stats(struct xen_xs_stats *out);

#endif /* XEN_XS_NO_RTOS */

#endif /* XEN_XENSTORE_H */
