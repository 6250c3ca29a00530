/*
 * fuzz_vchan.c - the vchan ring (xen/vchan_ring.c, XEN_VCHAN_NO_RTOS), unchanged: orders from a
 * hostile server's shared page, then reads and writes with the fuzzer moving the peer's
 * indexes. Each ring page is its own allocation (as a client maps them), so a byte outside the
 * ring is outside a buffer. Checked: accepted orders put the grant list before the first
 * in-page ring and the two in-page rings apart; a read or write moves our index by what it
 * copied, never more than the peer's index allows, and publishes it; copies are the ring's
 * bytes.
 */
#include "fuzz.h"
#define XEN_VCHAN_NO_RTOS /* the ring alone, as vchan_ring.c builds it */
#include "xen_vchan.h"

static void check_orders(unsigned lo, unsigned ro)
{
    xen_err_t err = xen_vchan_check_orders(lo, ro);
    if (err != XE_OK) {
        return;
    }
    FUZZ_CHECK(lo >= 10 && lo <= 20 && ro >= 10 && ro <= 20);
    FUZZ_CHECK(!(lo == ro && lo < 12));
    unsigned pages = xen_vchan_ring_pages(lo) + xen_vchan_ring_pages(ro);
    unsigned first = (lo == 10 || ro == 10) ? 1024u : (lo == 11 || ro == 11) ? 2048u : 4096u;
    FUZZ_CHECK(sizeof(struct vchan_interface) + 4u * pages <= first);
    FUZZ_CHECK(xen_vchan_ring_pages(lo) <= XEN_VCHAN_MAX_RING_PAGES);
}

/* n bytes of the ring from free-running position pos, a chunk's run at a time (a byte loop
 * over up to 20 KB per step was most of a run). */
static void ring_bytes(const struct xen_vchan_ring *r, uint32_t pos, uint8_t *dst, size_t n)
{
    while (n > 0) {
        uint32_t off = pos & (r->size - 1u);
        uint32_t in_chunk = off & 4095u;
        size_t run = (r->size < 4096u ? r->size : 4096u) - in_chunk;
        if (run > n) {
            run = n;
        }
        memcpy(dst, r->chunk[off >> 12] + in_chunk, run);
        dst += run;
        pos += (uint32_t)run;
        n -= run;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    unsigned lo = fuzz_u8(&in), ro = fuzz_u8(&in);
    check_orders(lo, ro);
    check_orders(lo % 12u + 9u, ro % 12u + 9u);
    unsigned order = 10u + fuzz_u8(&in) % 5u; /* 1 KiB .. 16 KiB: in-page and multi-page */
    struct ring_shared idx = {0};
    struct xen_vchan_ring r = {.idx = &idx, .size = 1u << order};
    unsigned chunks = order < 12u ? 1u : xen_vchan_ring_pages(order);
    uint32_t chunk_len = r.size < 4096u ? r.size : 4096u;
    for (unsigned i = 0; i < chunks; i++) {
        r.chunk[i] = malloc(chunk_len);
        FUZZ_CHECK(r.chunk[i] != NULL);
        memset(r.chunk[i], (int)i, chunk_len);
    }
    r.own = fuzz_u32(&in); /* free-running: any start */
    bool writer = fuzz_u8(&in) & 1u;
    idx.prod = idx.cons = r.own;
    static uint8_t buf[20000], want[20000], pattern[20000 + 256];
    if (pattern[1] == 0) {
        for (size_t i = 0; i < sizeof(pattern); i++) {
            pattern[i] = (uint8_t)(i * 7u);
        }
    }
    for (unsigned steps = 0; in.n > 0 && steps < 256; steps++) {
        uint8_t op = fuzz_u8(&in);
        size_t len = (size_t)fuzz_u8(&in) << (op >> 5 & 7u);
        if (len > sizeof(buf)) {
            len = sizeof(buf);
        }
        uint32_t own = r.own, peer;
        switch (op & 3u) {
        case 0: /* the peer sets its index anywhere */
            peer = fuzz_u32(&in);
            *(writer ? &idx.cons : &idx.prod) = peer;
            continue;
        case 1: /* the peer moves its index by a little */
            *(writer ? &idx.cons : &idx.prod) += (uint32_t)(int16_t)(fuzz_u8(&in) << 4);
            continue;
        default:
            break;
        }
        size_t done = 0;
        xen_err_t err;
        uint32_t n = 0;
        if (writer) {
            peer = idx.cons;
            xen_err_t werr = xen_vchan_ring_writable(&r, &n);
            FUZZ_CHECK(werr == XE_OK ? n <= r.size && own - peer + n == r.size : n == 0);
            /* The bytes i * 7 + op: pattern from offset op * 183 (7 * 183 = 1 mod 256). */
            const uint8_t *src = pattern + (uint8_t)(op * 183u);
            err = xen_vchan_ring_write(&r, src, len, &done);
            FUZZ_CHECK(err == werr);
            if (err == XE_OK) {
                FUZZ_CHECK(done == (len < n ? len : n) && idx.prod == r.own);
                ring_bytes(&r, own, want, done);
                FUZZ_CHECK(memcmp(want, src, done) == 0);
            }
        } else {
            peer = idx.prod;
            xen_err_t rerr = xen_vchan_ring_readable(&r, &n);
            FUZZ_CHECK(rerr == XE_OK ? n <= r.size && peer - own == n : n == 0);
            if (rerr == XE_OK) {
                ring_bytes(&r, own, want, len < n ? len : n);
            }
            err = xen_vchan_ring_read(&r, buf, len, &done);
            FUZZ_CHECK(err == rerr);
            if (err == XE_OK) {
                FUZZ_CHECK(done == (len < n ? len : n) && idx.cons == r.own);
                FUZZ_CHECK(memcmp(buf, want, done) == 0);
            }
        }
        FUZZ_CHECK(r.own - own == done);
        FUZZ_CHECK(err == XE_OK || err == XE_PEER);
        uint8_t byte = fuzz_u8(&in);
        xen_vchan_notify_request(&byte, VCHAN_NOTIFY_WRITE);
        FUZZ_CHECK(xen_vchan_notify_take(&byte, VCHAN_NOTIFY_WRITE));
        FUZZ_CHECK(!xen_vchan_notify_take(&byte, VCHAN_NOTIFY_WRITE));
    }
    for (unsigned i = 0; i < chunks; i++) {
        free(r.chunk[i]);
    }
    return 0;
}
