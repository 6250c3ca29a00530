/*
 * xen_channel.h - message channel between two domains: a ring pair in shared memory plus an
 * event channel (xen_ring.h does the ring work and all validation of what the peer writes).
 *
 * One sending thread and one receiving thread per channel at a time (single producer, single
 * consumer); they may be different threads. Waits take ThreadX wait options: TX_NO_WAIT, a
 * number of ticks, or TX_WAIT_FOREVER. The peer is notified only when it asked to be
 * (it sleeps), so a busy pair exchanges messages without any hypercall.
 *
 * Garbage from the peer never reaches the caller: a bad record is dropped and counted in
 * xen_channel_stats (rx.bad_record, rx.bad_index, rx.bytes_dropped) and the receive goes on
 * waiting for a valid message; the data we sent before is unaffected. While the peer's index
 * stays garbage the receiver looks again after 1, 2, 4 .. BAD_INDEX_POLL_MAX ticks, or at the
 * next notification, instead of polling every tick.
 *
 * The channel survives a peer that restarts (closes, loses its memory, opens again over the
 * same region as the same side): see "Restart" in xen_ring.h. Messages flow again both ways, none
 * is delivered twice; what was in flight to the old instance is counted in tx.bytes_lost, the
 * restart in peer_restarts. Each restart, and each run of garbage from the peer, is logged in one
 * line (log_lines counts them).
 */
#ifndef XEN_CHANNEL_H
#define XEN_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "tx_api.h"
#include "xen_err.h"
#include "xen_ring.h"
#include "xen_types.h"

struct xen_channel_stats {
    struct xring_stats tx;
    struct xring_stats rx;
    uint32_t events_in;     /* notifications received */
    uint32_t events_out;    /* notifications sent */
    uint32_t peer_restarts; /* peer re-initialisations seen (either direction, counted once) */
    uint32_t log_lines;     /* lines logged about the peer: restarts and runs of garbage */
};

struct xen_channel {
    struct xring_pair rings;
    evtchn_t port;
    TX_EVENT_FLAGS_GROUP flags;
    uint32_t events_in;
    uint32_t events_out;
    uint32_t logged_gen; /* peer generation last logged as a restart */
    uint32_t peer_restarts;
    uint32_t log_lines;
    ULONG bad_wait;  /* receiver's next look at a garbage index, ticks (backs off) */
    bool rx_garbage; /* in a run of garbage seen by the receiver (logged at its start) */
    bool tx_garbage; /* same, sender */
    bool open;
};

/* Open a channel over `shared` (size bytes, 64-byte aligned; both domains pass the same region)
 * as side 0 or 1 (the two domains must differ: e.g. the lower domain id takes side 0), signalled
 * through the bound interdomain `port`. Notifications are handled at `priority`. */
xen_err_t xen_channel_open(struct xen_channel *ch, void *shared, size_t size, unsigned side,
                           evtchn_t port, UINT priority);

/* Wait until the peer has opened its side. XE_TIMEOUT / XE_WOULD_BLOCK when it has not. */
xen_err_t xen_channel_wait_peer(struct xen_channel *ch, ULONG wait_option);

/* Send `len` bytes (1 .. xen_channel_max_msg). XE_WOULD_BLOCK (TX_NO_WAIT) or XE_TIMEOUT when
 * there is no room in time, XE_TOO_BIG, XE_NOT_READY before the peer opened, XE_PEER when the
 * peer's consumer index is garbage (counted). */
xen_err_t xen_channel_send(struct xen_channel *ch, const void *msg, uint32_t len,
                           ULONG wait_option);

/* Receive the next message into buf (capacity cap), its length in *len. XE_WOULD_BLOCK /
 * XE_TIMEOUT when none arrives in time; XE_TOO_BIG (message kept, *len = its size). */
xen_err_t xen_channel_receive(struct xen_channel *ch, void *buf, uint32_t cap, uint32_t *len,
                              ULONG wait_option);

uint32_t xen_channel_max_msg(const struct xen_channel *ch);

void xen_channel_get_stats(struct xen_channel *ch, struct xen_channel_stats *out);

/* Remove the event handler; the shared region and the port stay as they are. */
void xen_channel_close(struct xen_channel *ch);

#endif /* XEN_CHANNEL_H */
