/*
 * model_xenstored.h - a model of xenstored on the store page, and what xen/xenstore.c needs below
 * it (HVM params, page mapping, the event channel, our domain id), shared by
 * tests/host/test_xen_xenstore.c and fuzz/fuzz_xenstore_client.c.
 *
 * The daemon is a ThreadX thread (xsd_start) above the client's that serves the rings at each
 * notification and each tick. It can be slow (takes no request bytes, or writes its replies a few
 * bytes a tick, until a given tick), honour XENSTORE_RECONNECT, and keeps a few nodes. Hooks let
 * a caller take over: see every look at the rings, answer a request itself, see every message
 * queued for the response ring.
 */
#ifndef MODEL_XENSTORED_H
#define MODEL_XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tx_api.h"
#include "xen_xenstore.h"

#define XSD_PFN   0x7777u
#define XSD_PORT  3u
#define XSD_SELF  2u /* our domain id */
#define XSD_NODES 8u

extern struct xenstore_domain_interface xsd_store;

struct xsd_model {
    ULONG stall_req_until; /* takes no request bytes before this tick */
    ULONG slow_rsp_until;  /* before this tick, writes at most rsp_per_tick bytes a tick */
    size_t rsp_per_tick;
    ULONG last_tick;
    size_t tick_budget;
    bool reconnection; /* honours XENSTORE_RECONNECT */
    uint32_t reconnects;
    uint32_t handled; /* requests */
    uint8_t in[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    size_t in_got;
    uint8_t out[4 * (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)];
    size_t out_len, out_off;
    struct {
        char path[64];
        char val[XENSTORE_PAYLOAD_MAX];
        size_t len;
    } node[XSD_NODES];
    /* Hooks (NULL: none). on_serve runs at the start of each look at the rings; on_request may
     * answer a whole request itself (true: the model does nothing more with it); on_queue sees
     * each message queued for the response ring. */
    void (*on_serve)(void);
    bool (*on_request)(const struct xsd_sockmsg *req, const char *body);
    void (*on_queue)(const struct xsd_sockmsg *h, const void *body);
};
extern struct xsd_model xsd;

/* The daemon thread at `priority` and its notification semaphore (once). */
UINT xsd_start(UINT priority);
/* An empty model (hooks, nodes, queue) and a zeroed page; the daemon thread stays. */
void xsd_reset(void);
/* Queue a message (dropped if the queue is full); a reply to `req` of `type`. */
void xsd_queue(const struct xsd_sockmsg *h, const void *body);
void xsd_reply(const struct xsd_sockmsg *req, uint32_t type, const void *body, size_t len);
/* Raw bytes into the response ring at once, whatever the space (garbage). */
void xsd_raw(const void *data, size_t len);
/* Find a node by path; with `create`, make it if there is room. -1: none. */
int xsd_find(const char *path, bool create);

#endif /* MODEL_XENSTORED_H */
