/*
 * fuzz_xenstore.c - XenStore replies and watch events as xenstored's ring delivers them
 * (xen/xenstore_proto.c, XEN_XS_NO_RTOS), unchanged: the fuzzer is the daemon, writing any
 * indexes and bytes into the response ring between our reassembly steps; each complete message
 * is then parsed the way the client does (error names, directory and watch-event string lists,
 * permission lists, numbers).
 *
 * Checked: a message is accepted only with a header the protocol allows (length within
 * XENSTORE_PAYLOAD_MAX, a known type) and comes out NUL-terminated; our rsp_cons moves forward
 * by what was copied, never past rsp_prod; an impossible index is rejected without a copy;
 * requests never write outside the request ring; string lists and permissions parse only
 * from what they were given.
 */
#include "fuzz.h"
#define XEN_XS_NO_RTOS /* the protocol alone, as xenstore_proto.c builds it */
#include "xen_xenstore.h"

static void parse_body(const struct xen_xs_rx *rx)
{
    const char *b = rx->body;
    uint32_t len = rx->hdr.len;
    unsigned count = 0;
    FUZZ_CHECK(b[len] == '\0');
    if (rx->hdr.type == XS_ERROR) {
        (void)xen_xs_error_code(b, len);
    }
    if (xen_xs_strings_count(b, len, &count) == XE_OK) {
        FUZZ_CHECK(len == 0 || b[len - 1] == '\0');
        for (unsigned i = 0; i < count; i++) {
            const char *s = xen_xs_strings_get(b, len, i);
            FUZZ_CHECK(s != NULL && s >= b && s + strlen(s) < b + len);
        }
        FUZZ_CHECK(xen_xs_strings_get(b, len, count) == NULL);
        /* A watch event is "<path>\0<token>\0". */
        if (rx->hdr.type == XS_WATCH_EVENT && count >= 2) {
            uint32_t v;
            (void)xen_xs_parse_u32(xen_xs_strings_get(b, len, 1), &v);
        }
    }
    struct xen_xs_perm perms[4];
    unsigned n = 99;
    if (xen_xs_perms_decode(b, len, perms, 4, &n) == XE_OK) {
        FUZZ_CHECK(n >= 1 && n <= 4);
        char enc[64];
        size_t elen = xen_xs_perms_encode(perms, n, enc, sizeof(enc));
        FUZZ_CHECK(elen > 0 && elen <= len);
    } else {
        FUZZ_CHECK(n == 0);
    }
    uint32_t v;
    if (xen_xs_parse_u32(b, &v)) {
        FUZZ_CHECK(len > 0 && b[0] >= '0' && b[0] <= '9');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    struct xenstore_domain_interface *intf = malloc(sizeof(*intf));
    static struct xen_xs_rx rx;
    FUZZ_CHECK(intf != NULL);
    memset(intf, 0, sizeof(*intf));
    memset(&rx, 0, sizeof(rx));
    intf->rsp_cons = intf->rsp_prod = fuzz_u32(&in);
    intf->req_cons = intf->req_prod = fuzz_u32(&in);
    for (unsigned steps = 0; in.n > 0 && steps < 256; steps++) {
        uint8_t op = fuzz_u8(&in) % 5u;
        if (op == 0) { /* the daemon writes bytes at its rsp_prod and publishes them */
            size_t n;
            const uint8_t *p = fuzz_bytes(&in, fuzz_u8(&in), &n);
            for (size_t i = 0; i < n; i++) {
                intf->rsp[MASK_XENSTORE_IDX(intf->rsp_prod + (uint32_t)i)] = (char)p[i];
            }
            intf->rsp_prod += (uint32_t)n;
        } else if (op == 1) { /* it sets an index to anything */
            uint32_t v = fuzz_u32(&in);
            switch (fuzz_u8(&in) & 3u) {
            case 0:
                intf->rsp_prod = v;
                break;
            case 1:
                intf->rsp_cons = v;
                break;
            case 2:
                intf->req_cons = v;
                break;
            default:
                intf->req_prod = v;
            }
        } else if (op == 2) { /* we send a request */
            uint8_t req[XENSTORE_RING_SIZE + 8];
            size_t len = (size_t)fuzz_u8(&in) * 5u, put = 99;
            memset(req, 0x5a, sizeof(req));
            char rsp_before[XENSTORE_RING_SIZE];
            memcpy(rsp_before, intf->rsp, sizeof(rsp_before));
            uint32_t prod = intf->req_prod, cons = intf->req_cons;
            xen_err_t err = xen_xs_ring_put(intf, req, len, &put);
            FUZZ_CHECK(memcmp(rsp_before, intf->rsp, sizeof(rsp_before)) == 0);
            if (err == XE_OK) {
                FUZZ_CHECK(put <= len && put <= XENSTORE_RING_SIZE - (prod - cons));
                FUZZ_CHECK(intf->req_prod == prod + (uint32_t)put);
            } else {
                FUZZ_CHECK(err == XE_PEER && put == 0 && prod - cons > XENSTORE_RING_SIZE);
                FUZZ_CHECK(intf->req_prod == prod);
            }
        } else { /* we take what we can of the current message */
            uint32_t cons = intf->rsp_cons, prod = intf->rsp_prod;
            uint32_t had = rx.hdr_got + rx.body_got;
            bool consumed;
            xen_err_t err = xen_xs_rx_step(intf, &rx, &consumed);
            uint32_t moved = intf->rsp_cons - cons;
            FUZZ_CHECK(moved <= prod - cons || moved == 0);
            FUZZ_CHECK(consumed == (moved > 0));
            FUZZ_CHECK(rx.hdr_got <= sizeof(rx.hdr) && rx.body_got <= XENSTORE_PAYLOAD_MAX);
            if (prod - cons > XENSTORE_RING_SIZE) {
                FUZZ_CHECK(moved == 0);
            }
            if (err == XE_OK) {
                FUZZ_CHECK(rx.hdr.len <= XENSTORE_PAYLOAD_MAX && rx.body_got == rx.hdr.len);
                FUZZ_CHECK(rx.hdr.type < XS_TYPE_COUNT || rx.hdr.type == XS_ERROR);
                FUZZ_CHECK(rx.hdr_got + rx.body_got - had == moved);
                parse_body(&rx);
                rx.hdr_got = rx.body_got = 0; /* as the client does, for the next message */
            } else if (err == XE_PEER) {
                /* The client resyncs (xenstore.c): a new message from scratch. */
                rx.hdr_got = rx.body_got = 0;
            } else {
                FUZZ_CHECK(err == XE_WOULD_BLOCK);
            }
        }
    }
    free(intf);
    return 0;
}
