/*
 * ring.c - SPSC message ring over shared memory with an untrusted peer (see xen_ring.h).
 *
 * Every value read from shared memory is read exactly once into a local and validated before
 * it is used as an offset or a length (no double fetch). Ordering: acquire when reading the
 * peer's index, release when publishing ours, and a full fence between publishing our index and
 * reading the peer's event index (the same rule as Xen's RING_PUSH_REQUESTS_AND_CHECK_NOTIFY).
 */
#include "xen_atomic.h"
#include "xen_ring.h"

static inline uint32_t record_size(uint32_t len)
{
    return XRING_HDR_SIZE + ((len + XRING_ALIGN - 1u) & ~(XRING_ALIGN - 1u));
}

static inline uint32_t hdr_check(uint32_t len, uint32_t pos)
{
    return ~len ^ pos;
}

/* True when `event` lies in (old, new]: the peer asked to hear about this update. */
static inline bool crosses(uint32_t event, uint32_t old, uint32_t new_idx)
{
    return (uint32_t)(new_idx - event) < (uint32_t)(new_idx - old);
}

static void copy_in(struct xring *r, uint32_t pos, const uint8_t *src, uint32_t n)
{
    uint32_t off = pos & (r->size - 1u);
    uint32_t first = r->size - off < n ? r->size - off : n;
    __builtin_memcpy(r->data + off, src, first);
    __builtin_memcpy(r->data, src + first, n - first);
}

static void copy_out(const struct xring *r, uint32_t pos, uint8_t *dst, uint32_t n)
{
    uint32_t off = pos & (r->size - 1u);
    uint32_t first = r->size - off < n ? r->size - off : n;
    __builtin_memcpy(dst, r->data + off, first);
    __builtin_memcpy(dst + first, r->data, n - first);
}

static void note_notify(struct xring *r, bool notify)
{
    if (notify) {
        r->stats.notify_sent++;
    } else {
        r->stats.notify_saved++;
    }
}

/* Count a bad peer index once per distinct value, so a peer stuck on garbage is counted once. */
static void note_bad_index(struct xring *r, uint32_t value)
{
    if (!r->have_last_bad || r->last_bad != value) {
        r->stats.bad_index++;
        r->last_bad = value;
        r->have_last_bad = true;
    }
}

static inline bool aligned(uint32_t v)
{
    return (v & (XRING_ALIGN - 1u)) == 0;
}

/* True when a producer at `prod` and a consumer at `cons` can coexist: 0..size bytes apart. */
static inline bool span_ok(uint32_t prod, uint32_t cons, uint32_t size)
{
    return prod - cons <= size && aligned(prod) && aligned(cons);
}

/* xring_init; an rx ring also publishes in *lost_word (if any) what it skipped, before it moves
 * its cons, so that a producer that sees the new cons can read the count. */
static xen_err_t ring_init(struct xring *r, struct xring_ctrl *ctrl, void *data, uint32_t size,
                           bool is_tx, uint32_t *lost_word)
{
    if (r == NULL || ctrl == NULL || data == NULL || size < XRING_MIN_SIZE ||
        (size & (size - 1u)) != 0) {
        return XE_BAD_ARG;
    }
    *r = (struct xring){.ctrl = ctrl, .data = data, .size = size, .is_tx = is_tx};
    if (is_tx) {
        /* Resume where our previous instance stopped (the one read-back of our own index; it
         * only decides where we start and is checked against the consumer's cons): what it
         * published is delivered once. Failing that, start at the consumer's position. */
        uint32_t cons = xen_load_acquire32(&ctrl->cons);
        uint32_t prev = xen_load_once32(&ctrl->prod);
        r->own = span_ok(prev, cons, size) ? prev : cons & ~(XRING_ALIGN - 1u);
        r->peer_seen = span_ok(r->own, cons, size) ? cons : r->own;
        xen_store_release32(&ctrl->cons_event, r->own); /* no notification until we wait */
        xen_store_release32(&ctrl->prod, r->own);
    } else {
        /* Start at the producer's position: what it had sent to our previous instance is
         * skipped (lost, counted), never delivered twice. */
        uint32_t prod = xen_load_acquire32(&ctrl->prod) & ~(XRING_ALIGN - 1u);
        uint32_t prev = xen_load_once32(&ctrl->cons);
        if (span_ok(prod, prev, size)) {
            r->stats.bytes_lost = prod - prev;
        }
        if (lost_word != NULL) {
            xen_store_release32(lost_word, r->stats.bytes_lost);
        }
        r->own = prod;
        r->peer_seen = prod;
        /* Ask for the first message: a fresh consumer is asleep by definition. */
        xen_store_release32(&ctrl->prod_event, prod + 1u);
        xen_store_release32(&ctrl->cons, prod);
    }
    return XE_OK;
}

xen_err_t xring_init(struct xring *r, struct xring_ctrl *ctrl, void *data, uint32_t size,
                     bool is_tx)
{
    return ring_init(r, ctrl, data, size, is_tx, NULL);
}

/* True when the peer's generation changed since we last looked (it re-initialised); counted.
 * Called after reading the peer's index: the peer bumps its generation before it moves that
 * index, so an index moved by a restart is always seen with the new generation. */
static bool peer_restarted(struct xring *r)
{
    if (r->peer_gen_word == NULL) {
        return false;
    }
    uint32_t gen = xen_load_acquire32(r->peer_gen_word);
    if (gen == r->peer_gen) {
        return false;
    }
    /* A peer opening after us is no restart (nor is one that restarted before we looked). */
    if (r->peer_gen != 0) {
        r->stats.peer_restarts++;
    }
    r->peer_gen = gen;
    return true;
}

/* Our index lives privately; if the peer scribbled over its shared copy, publish it again, so
 * that a damaged field heals on our next call instead of stalling the ring. */
static void republish_own(struct xring *r)
{
    uint32_t *field = r->is_tx ? &r->ctrl->prod : &r->ctrl->cons;
    if (xen_load_once32(field) != r->own) {
        xen_store_release32(field, r->own);
    }
}

/* Space the consumer has freed, or -1 when its cons is not a position it could have reached. */
static int64_t tx_free(struct xring *r, uint32_t cons)
{
    uint32_t used = r->own - cons;
    if (used > r->size || (cons & (XRING_ALIGN - 1u)) != 0) {
        return -1;
    }
    return (int64_t)(r->size - used);
}

xen_err_t xring_send(struct xring *r, const void *msg, uint32_t len, bool *notify)
{
    *notify = false;
    if (!r->is_tx || (msg == NULL && len != 0) || len == 0) {
        return XE_BAD_ARG;
    }
    if (len > xring_max_msg(r->size)) {
        return XE_TOO_BIG;
    }
    republish_own(r);
    uint32_t cons = xen_load_acquire32(&r->ctrl->cons);
    int64_t space = tx_free(r, cons);
    if (peer_restarted(r)) {
        uint32_t ahead = r->own - r->peer_seen;
        if (space >= 0 && cons - r->peer_seen <= ahead) {
            /* The restarted consumer skipped what it had not read (ring_init) and says how much. */
            uint32_t skipped = r->peer_lost_word != NULL ? xen_load_once32(r->peer_lost_word) : 0u;
            r->stats.bytes_lost += skipped <= ahead ? skipped : 0u;
        } else {
            /* It zeroed its cons (an older peer): follow it; what we had queued is lost. */
            r->stats.bytes_lost += ahead;
            r->own = cons & ~(XRING_ALIGN - 1u);
            /* Where we follow from is the new base of what a later restart could lose: left at
             * the old cons (when this cons is then rejected), own - peer_seen would wrap. */
            r->peer_seen = r->own;
            xen_store_release32(&r->ctrl->prod, r->own);
            space = tx_free(r, cons);
        }
    }
    if (space < 0) {
        note_bad_index(r, cons);
        return XE_PEER;
    }
    r->peer_seen = cons;
    uint32_t rec = record_size(len);
    if ((uint32_t)space < rec) {
        return XE_WOULD_BLOCK;
    }
    uint32_t old = r->own;
    uint32_t hdr[2] = {len, hdr_check(len, old)};
    copy_in(r, old, (const uint8_t *)hdr, sizeof(hdr));
    copy_in(r, old + XRING_HDR_SIZE, msg, len);
    r->own = old + rec;
    xen_store_release32(&r->ctrl->prod, r->own);
    xen_mb();
    *notify = crosses(xen_load_once32(&r->ctrl->prod_event), old, r->own);
    note_notify(r, *notify);
    r->stats.msgs++;
    return XE_OK;
}

bool xring_rx_index_valid(const struct xring *r)
{
    uint32_t avail = xen_load_acquire32(&r->ctrl->prod) - r->own;
    return avail <= r->size && (avail & (XRING_ALIGN - 1u)) == 0;
}

uint32_t xring_rx_pending(const struct xring *r)
{
    uint32_t avail = xen_load_acquire32(&r->ctrl->prod) - r->own;
    if (avail > r->size || (avail & (XRING_ALIGN - 1u)) != 0) {
        return 0;
    }
    return avail;
}

/* Publish our new cons and tell whether the producer, waiting for space, wants to know. */
static bool rx_advance(struct xring *r, uint32_t new_cons)
{
    uint32_t old = r->own;
    r->own = new_cons;
    xen_store_release32(&r->ctrl->cons, new_cons);
    xen_mb();
    bool notify = crosses(xen_load_once32(&r->ctrl->cons_event), old, new_cons);
    note_notify(r, notify);
    return notify;
}

xen_err_t xring_recv(struct xring *r, void *buf, uint32_t cap, uint32_t *len, bool *notify)
{
    *notify = false;
    *len = 0;
    if (r->is_tx || (buf == NULL && cap != 0)) {
        return XE_BAD_ARG;
    }
    republish_own(r);
    uint32_t prod = xen_load_acquire32(&r->ctrl->prod);
    uint32_t avail = prod - r->own;
    bool bad = avail > r->size || (avail & (XRING_ALIGN - 1u)) != 0;
    /* prod == own: caught up (a restarted producer resuming at our cons), nothing to follow. */
    bool behind = prod != r->own && prod != r->peer_seen && r->peer_seen - prod <= r->size;
    if (peer_restarted(r) && (bad || behind)) {
        /* Its prod went back (an older peer that zeroes it; ours resumes where it was): follow
         * it from 0, or from where it is if that cannot be; what its previous instance had
         * published and we had not read is lost. */
        r->stats.bytes_lost += r->peer_seen - r->own;
        r->own = span_ok(prod, 0, r->size) ? 0u : prod & ~(XRING_ALIGN - 1u);
        r->peer_seen = r->own;
        r->have_last_bad = false;
        xen_store_release32(&r->ctrl->cons, r->own);
        avail = prod - r->own;
        bad = false;
    }
    if (avail == 0) {
        return XE_WOULD_BLOCK;
    }
    if (bad) {
        note_bad_index(r, prod);
        return XE_PEER;
    }
    r->peer_seen = prod;
    uint32_t hdr[2];
    copy_out(r, r->own, (uint8_t *)hdr, sizeof(hdr));
    uint32_t mlen = hdr[0];
    if (hdr[1] != hdr_check(mlen, r->own) || mlen == 0 || mlen > xring_max_msg(r->size) ||
        record_size(mlen) > avail) {
        /* Framing is lost: nothing after this point can be trusted. Drop what the peer has
         * published so far and continue from its current prod. */
        r->stats.bad_record++;
        r->stats.bytes_dropped += avail;
        *notify = rx_advance(r, prod);
        return XE_PEER;
    }
    if (mlen > cap) {
        *len = mlen;
        return XE_TOO_BIG;
    }
    copy_out(r, r->own + XRING_HDR_SIZE, buf, mlen);
    *len = mlen;
    *notify = rx_advance(r, r->own + record_size(mlen));
    r->stats.msgs++;
    return XE_OK;
}

bool xring_rx_prepare_wait(struct xring *r)
{
    xen_store_release32(&r->ctrl->prod_event, r->own + 1u);
    xen_mb();
    return xen_load_acquire32(&r->ctrl->prod) == r->own;
}

bool xring_tx_prepare_wait(struct xring *r, uint32_t len)
{
    uint32_t rec = record_size(len);
    /* Space for `rec` exists once cons reaches own + rec - size. */
    xen_store_release32(&r->ctrl->cons_event, r->own + rec - r->size);
    xen_mb();
    int64_t space = tx_free(r, xen_load_acquire32(&r->ctrl->cons));
    /* A bad cons is reported by the next send; sleeping on it would only hang. */
    return space >= 0 && (uint32_t)space < rec;
}

xen_err_t xring_pair_init(struct xring_pair *p, void *shared, size_t shared_size, unsigned side)
{
    if (p == NULL || shared == NULL || side > 1 || ((uintptr_t)shared & 63u) != 0 ||
        shared_size < XRING_PAIR_HDR_SIZE + 2u * XRING_MIN_SIZE) {
        return XE_BAD_ARG;
    }
    size_t per_ring = (shared_size - XRING_PAIR_HDR_SIZE) / 2u;
    uint32_t size = XRING_MIN_SIZE;
    while ((size_t)size * 2u <= per_ring && size < (1u << 30)) {
        size *= 2u;
    }
    struct xring_pair_hdr *hdr = shared;
    uint8_t *data = (uint8_t *)shared + XRING_PAIR_HDR_SIZE;
    p->hdr = hdr;
    p->side = side;
    /* A new generation before our indexes move (see peer_restarted). The previous value is read
     * back only to differ from it. */
    uint32_t gen = xen_load_once32(&hdr->gen[side]) + 1u;
    xen_store_release32(&hdr->gen[side], gen != 0 ? gen : 1u);
    xen_mb();
    xen_err_t err =
        ring_init(&p->tx, &hdr->ring[side], data + (size_t)side * size, size, true, NULL);
    if (err == XE_OK) {
        err = ring_init(&p->rx, &hdr->ring[1u - side], data + (size_t)(1u - side) * size, size,
                        false, &hdr->lost[side]);
    }
    if (err != XE_OK) {
        return err;
    }
    p->tx.peer_gen_word = &hdr->gen[1u - side];
    p->rx.peer_gen_word = &hdr->gen[1u - side];
    p->tx.peer_lost_word = &hdr->lost[1u - side];
    p->tx.peer_gen = xen_load_acquire32(&hdr->gen[1u - side]);
    p->rx.peer_gen = p->tx.peer_gen;
    /* Our fields are set before we say so. */
    xen_store_release32(&hdr->hello[side], XRING_HELLO_MAGIC);
    return XE_OK;
}

bool xring_pair_peer_ready(const struct xring_pair *p)
{
    return xen_load_acquire32(&p->hdr->hello[1u - p->side]) == XRING_HELLO_MAGIC;
}
