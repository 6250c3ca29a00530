/*
 * fuzz_ring.c - the channel's ring pair (xen/channel/ring.c, xen_ring.h), unchanged, with the
 * fuzzer as the peer. We are side 0; between our operations the peer either behaves (sends
 * well-formed records, consumes ours) or writes anything anywhere in the shared region, our own
 * fields included.
 *
 * Checked after every operation: we wrote nothing outside the fields and data area we own (and
 * a send nothing outside its record); our private indexes move forward by whole records, at most
 * a ring's size, and the copy in the page is ours again; a rejection is counted; counters never
 * go back; a received message is the bytes of its record. While the peer has only behaved,
 * every message arrives once, in order, unchanged, in both directions, and nothing is counted
 * as bad.
 */
#include "fuzz.h"
#include "xen_ring.h"

#define QMAX 64u

struct msgq {
    uint8_t data[QMAX][1024];
    uint32_t len[QMAX];
    unsigned head, count;
};

static struct msgq to_peer, to_us;
static uint8_t before[XRING_PAIR_HDR_SIZE + 2u * 1024u + 64u];

static void q_push(struct msgq *q, const uint8_t *m, uint32_t len)
{
    if (q->count < QMAX) {
        unsigned i = (q->head + q->count++) % QMAX;
        memcpy(q->data[i], m, len);
        q->len[i] = len;
    }
}

/* Bytes at ring position pos (wrapping) of a data area of `size`. */
static void ring_read(const uint8_t *area, uint32_t size, uint32_t pos, uint8_t *dst, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        dst[i] = area[(pos + i) & (size - 1u)];
    }
}

static void ring_write(uint8_t *area, uint32_t size, uint32_t pos, const uint8_t *src, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        area[(pos + i) & (size - 1u)] = src[i];
    }
}

static uint32_t rec_size(uint32_t len)
{
    return XRING_HDR_SIZE + ((len + 7u) & ~7u);
}

/* May we (side 0) have changed byte `off` of the region? Only our fields and our tx data; in
 * the tx data only inside [lo, hi) (ring positions) when `lo != hi`, nowhere when `data_ok`
 * is false. */
static bool ours(size_t off, uint32_t size, bool data_ok, uint32_t lo, uint32_t hi)
{
    const size_t ctrl0 = offsetof(struct xring_pair_hdr, ring[0]);
    const size_t ctrl1 = offsetof(struct xring_pair_hdr, ring[1]);
    if ((off >= ctrl0 + offsetof(struct xring_ctrl, prod) &&
         off < ctrl0 + offsetof(struct xring_ctrl, cons_event) + 4) ||
        (off >= ctrl1 + offsetof(struct xring_ctrl, cons) &&
         off < ctrl1 + offsetof(struct xring_ctrl, prod_event) + 4)) {
        return true;
    }
    for (size_t w = 0; w < 3; w++) {
        size_t base = w == 0   ? offsetof(struct xring_pair_hdr, hello[0])
                      : w == 1 ? offsetof(struct xring_pair_hdr, gen[0])
                               : offsetof(struct xring_pair_hdr, lost[0]);
        if (off >= base && off < base + 4) {
            return true;
        }
    }
    if (off >= XRING_PAIR_HDR_SIZE && off < XRING_PAIR_HDR_SIZE + size) {
        if (!data_ok) {
            return false;
        }
        uint32_t pos = (uint32_t)(off - XRING_PAIR_HDR_SIZE);
        return ((pos - lo) & (size - 1u)) < ((hi - lo) & (size - 1u)) || hi - lo == size;
    }
    return false;
}

static void check_writes(const uint8_t *shared, size_t n, uint32_t size, bool data_ok, uint32_t lo,
                         uint32_t hi)
{
    /* Most of the region is unchanged: a byte-by-byte look at every step was most of a run. */
    for (size_t at = 0; at < n; at += 64) {
        size_t end = at + 64 < n ? at + 64 : n;
        if (memcmp(shared + at, before + at, end - at) == 0) {
            continue;
        }
        for (size_t i = at; i < end; i++) {
            if (shared[i] != before[i]) {
                FUZZ_CHECK(ours(i, size, data_ok, lo, hi));
            }
        }
    }
}

static void check_stats_monotonic(const struct xring_stats *a, const struct xring_stats *b)
{
    FUZZ_CHECK(b->msgs >= a->msgs && b->bad_index >= a->bad_index);
    FUZZ_CHECK(b->bad_record >= a->bad_record && b->bytes_dropped >= a->bytes_dropped);
    FUZZ_CHECK(b->peer_restarts >= a->peer_restarts && b->bytes_lost >= a->bytes_lost);
    FUZZ_CHECK(b->notify_sent >= a->notify_sent && b->notify_saved >= a->notify_saved);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    /* Ring data areas of 64..1024 bytes, and a region a little larger than two of them. */
    uint32_t rsize = XRING_MIN_SIZE << (fuzz_u8(&in) % 5u);
    size_t shared_size = XRING_PAIR_HDR_SIZE + 2u * rsize + (fuzz_u8(&in) % 64u);
    uint8_t *shared = NULL;
    FUZZ_CHECK(posix_memalign((void **)&shared, 64, shared_size) == 0);
    memset(shared, 0, shared_size);
    struct xring_pair_hdr *hdr = (struct xring_pair_hdr *)shared;
    uint8_t *tx_area = shared + XRING_PAIR_HDR_SIZE;         /* ring[0]: ours */
    uint8_t *rx_area = shared + XRING_PAIR_HDR_SIZE + rsize; /* ring[1]: the peer's */
    struct xring_pair p;
    FUZZ_CHECK(xring_pair_init(&p, shared, shared_size, 0) == XE_OK);
    FUZZ_CHECK(p.tx.size == rsize && p.rx.size == rsize);
    /* The peer as a well-behaved side 1 would be, until it misbehaves. */
    uint32_t peer_prod = 0, peer_cons = 0;
    hdr->gen[1] = 1;
    hdr->hello[1] = XRING_HELLO_MAGIC;
    bool honest = true;
    /* Empty queues (each slot is written before it is read: no need to clear 128 KB). */
    to_peer.head = to_peer.count = to_us.head = to_us.count = 0;
    uint8_t msg[1024], buf[1024];

    for (unsigned steps = 0; in.n > 0 && steps < 512; steps++) {
        uint8_t op = fuzz_u8(&in) % 10u;
        if (op >= 4 && op <= 8) { /* our operations: what they wrote is checked against it */
            memcpy(before, shared, shared_size);
        }
        struct xring_stats txs = p.tx.stats, rxs = p.rx.stats;
        uint32_t tx_own = p.tx.own, rx_own = p.rx.own;
        uint32_t tx_gen = p.tx.peer_gen, rx_gen = p.rx.peer_gen;
        bool notify;
        switch (op) {
        case 0: { /* the peer writes a word anywhere */
            size_t off = (fuzz_u32(&in) % shared_size) & ~(size_t)3;
            uint32_t v = fuzz_u32(&in);
            if (off + 4 <= shared_size) {
                memcpy(shared + off, &v, 4);
                honest = false;
            }
            continue;
        }
        case 1: { /* the peer moves one of its indexes by a small amount */
            uint32_t *f = fuzz_u8(&in) & 1u ? &hdr->ring[1].prod : &hdr->ring[0].cons;
            *f += (uint32_t)(int8_t)fuzz_u8(&in);
            honest = false;
            continue;
        }
        case 2: { /* the peer sends a well-formed record, if it has room */
            uint32_t len = 1u + fuzz_u8(&in) % xring_max_msg(rsize);
            uint32_t rec = rec_size(len);
            if (rec > rsize - (peer_prod - hdr->ring[1].cons) || to_us.count == QMAX) {
                continue;
            }
            for (uint32_t i = 0; i < len; i++) {
                msg[i] = fuzz_u8(&in);
            }
            uint32_t h[2] = {len, ~len ^ peer_prod};
            ring_write(rx_area, rsize, peer_prod, (const uint8_t *)h, 8);
            ring_write(rx_area, rsize, peer_prod + 8, msg, len);
            peer_prod += rec;
            hdr->ring[1].prod = peer_prod;
            q_push(&to_us, msg, len);
            continue;
        }
        case 3: { /* the peer consumes our oldest record */
            if (hdr->ring[0].prod == peer_cons) {
                continue;
            }
            uint32_t h[2];
            ring_read(tx_area, rsize, peer_cons, (uint8_t *)h, 8);
            if (honest) {
                FUZZ_CHECK(to_peer.count > 0);
                unsigned i = to_peer.head;
                FUZZ_CHECK(h[0] == to_peer.len[i] && h[1] == (~h[0] ^ peer_cons));
                ring_read(tx_area, rsize, peer_cons + 8, buf, h[0]);
                FUZZ_CHECK(memcmp(buf, to_peer.data[i], h[0]) == 0);
                to_peer.head = (i + 1) % QMAX;
                to_peer.count--;
                peer_cons += rec_size(h[0]);
            } else {
                peer_cons = hdr->ring[0].prod;
            }
            hdr->ring[0].cons = peer_cons;
            continue;
        }
        case 4: { /* we send */
            uint32_t len = fuzz_u8(&in) % (rsize + 2u);
            for (uint32_t i = 0; i < len && i < sizeof(msg); i++) {
                msg[i] = fuzz_u8(&in);
            }
            xen_err_t err = xring_send(&p.tx, msg, len, &notify);
            bool restart = p.tx.peer_gen != tx_gen;
            uint32_t rec = rec_size(len);
            if (err == XE_OK) {
                FUZZ_CHECK(len > 0 && len <= xring_max_msg(rsize));
                FUZZ_CHECK(restart || p.tx.own - tx_own == rec);
                check_writes(shared, shared_size, rsize, true, p.tx.own - rec, p.tx.own);
                if (honest) {
                    q_push(&to_peer, msg, len);
                }
            } else {
                FUZZ_CHECK(restart || p.tx.own == tx_own);
                check_writes(shared, shared_size, rsize, false, 0, 0);
                FUZZ_CHECK(err != XE_PEER || p.tx.stats.bad_index > txs.bad_index ||
                           (p.tx.have_last_bad && p.tx.last_bad == hdr->ring[0].cons));
                FUZZ_CHECK(!honest || err != XE_PEER);
                FUZZ_CHECK(err != XE_BAD_ARG || len == 0);
                FUZZ_CHECK(err != XE_TOO_BIG || len > xring_max_msg(rsize));
            }
            if (err != XE_BAD_ARG && err != XE_TOO_BIG) {
                FUZZ_CHECK(hdr->ring[0].prod == p.tx.own);
            }
            break;
        }
        case 5: { /* we receive */
            uint32_t cap = fuzz_u8(&in) % (rsize + 1u);
            uint32_t prod = hdr->ring[1].prod, len = 0;
            xen_err_t err = xring_recv(&p.rx, buf, cap, &len, &notify);
            bool restart = p.rx.peer_gen != rx_gen;
            check_writes(shared, shared_size, rsize, false, 0, 0);
            uint32_t moved = p.rx.own - rx_own;
            FUZZ_CHECK(restart || (moved <= rsize && (moved & 7u) == 0));
            if (err == XE_OK) {
                FUZZ_CHECK(len > 0 && len <= cap && len <= xring_max_msg(rsize));
                FUZZ_CHECK(restart || moved == rec_size(len));
                uint8_t want[1024];
                ring_read(before + XRING_PAIR_HDR_SIZE + rsize, rsize, p.rx.own - rec_size(len) + 8,
                          want, len);
                FUZZ_CHECK(memcmp(buf, want, len) == 0);
                if (honest) {
                    unsigned i = to_us.head;
                    FUZZ_CHECK(to_us.count > 0 && to_us.len[i] == len);
                    FUZZ_CHECK(memcmp(buf, to_us.data[i], len) == 0);
                    to_us.head = (i + 1) % QMAX;
                    to_us.count--;
                }
            } else if (err == XE_TOO_BIG) {
                FUZZ_CHECK(len > cap && (restart || moved == 0)); /* a restart moves us */
            } else if (err == XE_PEER) {
                FUZZ_CHECK(!honest);
                FUZZ_CHECK(p.rx.stats.bad_record > rxs.bad_record ||
                           p.rx.stats.bad_index > rxs.bad_index ||
                           (p.rx.have_last_bad && p.rx.last_bad == prod));
            } else {
                FUZZ_CHECK(err == XE_WOULD_BLOCK && (restart || moved == 0));
                FUZZ_CHECK(!honest || to_us.count == 0);
            }
            FUZZ_CHECK(hdr->ring[1].cons == p.rx.own);
            break;
        }
        case 6:
            (void)xring_rx_prepare_wait(&p.rx);
            check_writes(shared, shared_size, rsize, false, 0, 0);
            break;
        case 7:
            (void)xring_tx_prepare_wait(&p.tx, 1u + fuzz_u8(&in) % xring_max_msg(rsize));
            check_writes(shared, shared_size, rsize, false, 0, 0);
            break;
        case 8: /* we restart (our private state lost), the peer carries on */
            FUZZ_CHECK(xring_pair_init(&p, shared, shared_size, 0) == XE_OK);
            check_writes(shared, shared_size, rsize, false, 0, 0);
            honest = false;
            continue;
        default:
            (void)xring_rx_pending(&p.rx);
            (void)xring_rx_index_valid(&p.rx);
            (void)xring_pair_peer_ready(&p);
            continue;
        }
        check_stats_monotonic(&txs, &p.tx.stats);
        check_stats_monotonic(&rxs, &p.rx.stats);
        if (honest) {
            FUZZ_CHECK(p.rx.stats.bad_index == 0 && p.rx.stats.bad_record == 0);
            FUZZ_CHECK(p.tx.stats.bad_index == 0 && p.tx.stats.bytes_lost == 0);
        }
    }
    free(shared);
    return 0;
}
