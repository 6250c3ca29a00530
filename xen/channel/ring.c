/*
 * ring.c - SPSC message ring over shared memory with an untrusted peer (see xen_ring.h).
 *
 * Every value read from shared memory is read exactly once into a local and validated before
 * it is used as an offset or a length (no double fetch). Ordering: acquire when reading the
 * peer's index, release when publishing ours, and a full fence between publishing our index and
 * reading the peer's event index (the same rule as Xen's RING_PUSH_REQUESTS_AND_CHECK_NOTIFY).
 */
#include "xen_ring.h"

static inline uint32_t load_acquire(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline uint32_t load_once(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void store_release(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static inline void full_fence(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

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

xen_err_t xring_init(struct xring *r, struct xring_ctrl *ctrl, void *data, uint32_t size,
                     bool is_tx)
{
    if (r == NULL || ctrl == NULL || data == NULL || size < XRING_MIN_SIZE ||
        (size & (size - 1u)) != 0) {
        return XE_BAD_ARG;
    }
    *r = (struct xring){.ctrl = ctrl, .data = data, .size = size, .is_tx = is_tx};
    if (is_tx) {
        store_release(&ctrl->cons_event, 0);
        store_release(&ctrl->prod, 0);
    } else {
        /* Ask for the first message: a fresh consumer is asleep by definition. */
        store_release(&ctrl->prod_event, 1);
        store_release(&ctrl->cons, 0);
    }
    return XE_OK;
}

/* Our index lives privately; if the peer scribbled over its shared copy, publish it again, so
 * that a damaged field heals on our next call instead of stalling the ring. */
static void republish_own(struct xring *r)
{
    uint32_t *field = r->is_tx ? &r->ctrl->prod : &r->ctrl->cons;
    if (load_once(field) != r->own) {
        store_release(field, r->own);
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
    uint32_t cons = load_acquire(&r->ctrl->cons);
    int64_t space = tx_free(r, cons);
    if (space < 0) {
        note_bad_index(r, cons);
        return XE_PEER;
    }
    uint32_t rec = record_size(len);
    if ((uint32_t)space < rec) {
        return XE_WOULD_BLOCK;
    }
    uint32_t old = r->own;
    uint32_t hdr[2] = {len, hdr_check(len, old)};
    copy_in(r, old, (const uint8_t *)hdr, sizeof(hdr));
    copy_in(r, old + XRING_HDR_SIZE, msg, len);
    r->own = old + rec;
    store_release(&r->ctrl->prod, r->own);
    full_fence();
    *notify = crosses(load_once(&r->ctrl->prod_event), old, r->own);
    note_notify(r, *notify);
    r->stats.msgs++;
    return XE_OK;
}

bool xring_rx_index_valid(const struct xring *r)
{
    uint32_t avail = load_acquire(&r->ctrl->prod) - r->own;
    return avail <= r->size && (avail & (XRING_ALIGN - 1u)) == 0;
}

uint32_t xring_rx_pending(const struct xring *r)
{
    uint32_t avail = load_acquire(&r->ctrl->prod) - r->own;
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
    store_release(&r->ctrl->cons, new_cons);
    full_fence();
    bool notify = crosses(load_once(&r->ctrl->cons_event), old, new_cons);
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
    uint32_t prod = load_acquire(&r->ctrl->prod);
    uint32_t avail = prod - r->own;
    if (avail == 0) {
        return XE_WOULD_BLOCK;
    }
    if (avail > r->size || (avail & (XRING_ALIGN - 1u)) != 0) {
        note_bad_index(r, prod);
        return XE_PEER;
    }
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
    store_release(&r->ctrl->prod_event, r->own + 1u);
    full_fence();
    return load_acquire(&r->ctrl->prod) == r->own;
}

bool xring_tx_prepare_wait(struct xring *r, uint32_t len)
{
    uint32_t rec = record_size(len);
    /* Space for `rec` exists once cons reaches own + rec - size. */
    store_release(&r->ctrl->cons_event, r->own + rec - r->size);
    full_fence();
    int64_t space = tx_free(r, load_acquire(&r->ctrl->cons));
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
    xen_err_t err = xring_init(&p->tx, &hdr->ring[side], data + (size_t)side * size, size, true);
    if (err == XE_OK) {
        err = xring_init(&p->rx, &hdr->ring[1u - side], data + (size_t)(1u - side) * size, size,
                         false);
    }
    if (err != XE_OK) {
        return err;
    }
    /* Our fields are reset before we say so. */
    store_release(&hdr->hello[side], XRING_HELLO_MAGIC);
    return XE_OK;
}

bool xring_pair_peer_ready(const struct xring_pair *p)
{
    return load_acquire(&p->hdr->hello[1u - p->side]) == XRING_HELLO_MAGIC;
}
