/*
 * xen_ring.h - single-producer/single-consumer message ring over memory shared with an
 * untrusted peer. Portable: no hypercalls, no kernel calls; the caller moves notifications.
 *
 * One ring carries messages in one direction. Shared layout (struct xring_ctrl + data):
 *   producer writes: prod (bytes published, free-running), cons_event, the data bytes
 *   consumer writes: cons (bytes consumed, free-running), prod_event
 * Each field is written by one side only, and each side keeps its own index privately: what it
 * reads back from shared memory is the peer's index only, validated before use. Garbage written
 * by the peer (indices out of range, lengths too large, half-written records) is rejected and
 * counted in struct xring_stats; it can never make us read or write outside the ring or alter
 * our own index.
 *
 * Record: 8-byte header { len, check } then len payload bytes, padded to 8 bytes. The header is
 * 8-aligned and the data size a power of two, so a header never wraps; payloads may.
 * check = ~len ^ position: a stale record from an earlier lap, or a header the producer has not
 * written yet (prod published too early: a torn write), fails the check.
 *
 * Restart: a side that (re)initialises resumes from the indexes it finds instead of zeroing
 * them. Its consumer adopts the producer's prod (what was in flight to the old instance is
 * skipped: lost, counted in bytes_lost, never delivered twice); its producer resumes at the prod
 * its old instance published, if that is a position the consumer could be behind, else at the
 * consumer's cons (so the survivor neither loses nor re-reads what the old instance sent). That
 * read-back, once at init, is the only time a side reads its own index from shared memory. The
 * pair's gen[] word (xring_pair_init bumps it) tells the survivor that this happened: counted in
 * peer_restarts, and the bytes the restarted consumer skipped (it publishes them in lost[]) in
 * bytes_lost, on both sides. A peer that zeroes
 * its indexes instead (an older implementation) is resynchronised too: when its generation has
 * changed, an index we cannot follow is adopted rather than reported as garbage.
 *
 * Notification suppression (as Xen's io/ring.h event indices): a side about to sleep sets the
 * peer's event index (prod_event = cons + 1: "wake me when anything arrives"; cons_event =
 * position at which enough space frees up), then re-checks. The other side notifies only when
 * its update crosses that index, so a busy consumer or a producer that never fills the ring
 * generates no notifications at all.
 */
#ifndef XEN_RING_H
#define XEN_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen_err.h"

#define XRING_ALIGN     8u  /* record alignment, bytes */
#define XRING_HDR_SIZE  8u  /* record header, bytes */
#define XRING_MIN_SIZE  64u /* smallest data area, bytes */
#define XRING_CTRL_SIZE 128u

/* Shared control block of one direction. Producer and consumer fields sit in separate 64-byte
 * lines so that the two sides never write to the same cache line. */
struct xring_ctrl {
    uint32_t prod;       /* producer: bytes published */
    uint32_t cons_event; /* producer: notify me when cons reaches/passes this */
    uint8_t pad0_[56];
    uint32_t cons;       /* consumer: bytes consumed */
    uint32_t prod_event; /* consumer: notify me when prod reaches/passes this */
    uint8_t pad1_[56];
};
_Static_assert(sizeof(struct xring_ctrl) == XRING_CTRL_SIZE, "xring_ctrl layout");

struct xring_stats {
    uint32_t msgs;          /* messages sent (tx) or received (rx) */
    uint32_t notify_sent;   /* updates that required a notification */
    uint32_t notify_saved;  /* updates for which the peer asked for none */
    uint32_t bad_index;     /* peer index out of range or misaligned */
    uint32_t bad_record;    /* record header failed the check or its length is impossible */
    uint32_t bytes_dropped; /* peer bytes discarded to resynchronise after a bad record */
    uint32_t peer_restarts; /* peer generation changed (it re-initialised; first sighting not) */
    uint32_t bytes_lost;    /* bytes in flight that a restart discarded (see "Restart" above) */
};

/* Private view of one direction; lives in our memory, never in the shared region. */
struct xring {
    struct xring_ctrl *ctrl; /* shared */
    uint8_t *data;           /* shared, `size` bytes */
    uint32_t size;           /* power of two >= XRING_MIN_SIZE */
    uint32_t own;            /* our index (prod for a tx ring, cons for an rx ring) */
    uint32_t last_bad;       /* peer index last reported bad, to count each bad value once */
    bool have_last_bad;
    bool is_tx;
    const uint32_t *peer_gen_word;  /* shared: the peer's generation (NULL: standalone ring) */
    const uint32_t *peer_lost_word; /* shared: what the peer skipped at its init (tx only) */
    uint32_t peer_gen;              /* peer generation we follow (0: none seen yet) */
    uint32_t peer_seen;             /* peer index last validated (to count what a restart lost) */
    struct xring_stats stats;
};

/* Largest payload a ring of `size` data bytes can carry in one message. */
static inline uint32_t xring_max_msg(uint32_t size)
{
    return size - XRING_HDR_SIZE;
}

/* Attach to the shared control block and data area. `size` must be a power of two >=
 * XRING_MIN_SIZE. Sets our private index as "Restart" above describes (0 in a zeroed region)
 * and publishes it with our event index (prod and cons_event for tx; cons and prod_event for
 * rx). The peer's fields are not touched. */
xen_err_t xring_init(struct xring *r, struct xring_ctrl *ctrl, void *data, uint32_t size,
                     bool is_tx);

/* Append one message of `len` bytes (0 < len <= xring_max_msg(size)).
 * XE_OK: published; *notify says whether the peer asked to be told.
 * XE_WOULD_BLOCK: not enough space now (nothing written; see xring_tx_prepare_wait).
 * XE_TOO_BIG: len can never fit. XE_PEER: the peer's cons is invalid (counted). */
xen_err_t xring_send(struct xring *r, const void *msg, uint32_t len, bool *notify);

/* Take the oldest message into buf (capacity cap); *len receives its length.
 * XE_OK: consumed; *notify says whether the peer (waiting for space) asked to be told.
 * XE_WOULD_BLOCK: ring empty. XE_TOO_BIG: cap < message length (*len set, message kept).
 * XE_PEER: the peer's prod or the record is invalid; counted; a bad record and everything
 * published after it are discarded (framing is lost), a bad index is left for the peer to fix. */
xen_err_t xring_recv(struct xring *r, void *buf, uint32_t cap, uint32_t *len, bool *notify);

/* Before sleeping for data: ask for a notification on the next publish and re-check.
 * Returns true when the ring is still empty (sleep is safe), false if data raced in. */
bool xring_rx_prepare_wait(struct xring *r);

/* Before sleeping for space for a `len`-byte message: ask to be notified when the consumer
 * frees enough, and re-check. Returns true when still short of space (sleep is safe). */
bool xring_tx_prepare_wait(struct xring *r, uint32_t len);

/* False while the peer's producer index is garbage (out of range or misaligned). */
bool xring_rx_index_valid(const struct xring *r);

/* Bytes the peer has published and we have not consumed (rx), or 0 if its index is invalid. */
uint32_t xring_rx_pending(const struct xring *r);

/* ---- A pair of rings in one shared region: the transport under xen_channel.h ----------------- */

#define XRING_HELLO_MAGIC 0x58524e31u /* "XRN1": side has initialised the rings it owns */

/* Start of the shared region. Side s produces into ring[s] and consumes ring[1 - s]; the data
 * areas follow at XRING_PAIR_HDR_SIZE, ring[0]'s first. */
struct xring_pair_hdr {
    struct xring_ctrl ring[2];
    uint32_t hello[2]; /* hello[s] written by side s only */
    uint32_t gen[2];   /* gen[s]: side s's generation, bumped by each xring_pair_init */
    uint32_t lost[2];  /* lost[s]: bytes side s skipped in its rx ring at its last init */
    uint8_t pad_[40];
};
#define XRING_PAIR_HDR_SIZE 320u
_Static_assert(sizeof(struct xring_pair_hdr) == XRING_PAIR_HDR_SIZE, "xring_pair_hdr layout");

struct xring_pair {
    struct xring tx;
    struct xring rx;
    struct xring_pair_hdr *hdr;
    unsigned side;
};

/* Lay out two rings in `shared` (shared_size bytes, >= XRING_PAIR_HDR_SIZE + 2 * XRING_MIN_SIZE)
 * for side 0 or 1 (the two ends must pick different sides), bump gen[side], initialise the
 * fields this side owns and announce it in hello[side]. Each data area gets the largest power of
 * two that fits. Calling it again over the same region (a restarted side, its memory lost)
 * resumes as "Restart" above describes; the peer carries on. */
xen_err_t xring_pair_init(struct xring_pair *p, void *shared, size_t shared_size, unsigned side);

/* True once the peer has announced its side (hello[1 - side]); sending before that could race
 * with the peer resetting its cons. */
bool xring_pair_peer_ready(const struct xring_pair *p);

#endif /* XEN_RING_H */
