/*
 * xenstore_proto.c - the XenStore wire protocol without the OS: ring copies with validation,
 * message reassembly, error names, permission strings. Host-tested
 * (tests/host/test_xen_xenstore.c).
 */
#include <string.h>

#define XEN_XS_NO_RTOS
#include "xen_xenstore.h"

/* Barriers of the shared-ring protocol (xs_wire.h: indexes read before data, data written before
 * the index is published). */
#define rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)

static uint32_t load32(const volatile uint32_t *p)
{
    return *p;
}

xen_err_t xen_xs_ring_put(struct xenstore_domain_interface *intf, const void *data, size_t len,
                          size_t *put)
{
    const uint8_t *src = data;
    uint32_t cons = load32(&intf->req_cons);
    uint32_t prod = load32(&intf->req_prod);
    mb(); /* read the indexes before writing the ring */
    *put = 0;
    if (prod - cons > XENSTORE_RING_SIZE) {
        return XE_PEER;
    }
    uint32_t space = XENSTORE_RING_SIZE - (prod - cons);
    size_t n = len < space ? len : space;
    for (size_t done = 0; done < n;) {
        uint32_t off = MASK_XENSTORE_IDX(prod + (uint32_t)done);
        size_t chunk = XENSTORE_RING_SIZE - off;
        if (chunk > n - done) {
            chunk = n - done;
        }
        memcpy(&intf->req[off], src + done, chunk);
        done += chunk;
    }
    wmb(); /* data visible before the index that publishes it */
    *(volatile uint32_t *)&intf->req_prod = prod + (uint32_t)n;
    *put = n;
    return XE_OK;
}

/* Take up to `len` bytes from the response ring. */
static xen_err_t ring_get(struct xenstore_domain_interface *intf, void *dst, size_t len,
                          size_t *got)
{
    uint8_t *out = dst;
    uint32_t cons = load32(&intf->rsp_cons);
    uint32_t prod = load32(&intf->rsp_prod);
    rmb(); /* the index before the data it covers */
    *got = 0;
    if (prod - cons > XENSTORE_RING_SIZE) {
        return XE_PEER;
    }
    size_t avail = prod - cons;
    size_t n = len < avail ? len : avail;
    for (size_t done = 0; done < n;) {
        uint32_t off = MASK_XENSTORE_IDX(cons + (uint32_t)done);
        size_t chunk = XENSTORE_RING_SIZE - off;
        if (chunk > n - done) {
            chunk = n - done;
        }
        memcpy(out + done, &intf->rsp[off], chunk);
        done += chunk;
    }
    mb(); /* finish reading before the daemon may overwrite */
    *(volatile uint32_t *)&intf->rsp_cons = cons + (uint32_t)n;
    *got = n;
    return XE_OK;
}

xen_err_t xen_xs_rx_step(struct xenstore_domain_interface *intf, struct xen_xs_rx *rx,
                         bool *consumed)
{
    size_t got;
    xen_err_t err;
    *consumed = false;
    if (rx->hdr_got < sizeof(rx->hdr)) {
        err =
            ring_get(intf, (uint8_t *)&rx->hdr + rx->hdr_got, sizeof(rx->hdr) - rx->hdr_got, &got);
        if (err != XE_OK) {
            return err;
        }
        *consumed = got > 0;
        rx->hdr_got += (uint32_t)got;
        if (rx->hdr_got < sizeof(rx->hdr)) {
            return XE_WOULD_BLOCK;
        }
        /* The header is complete: check it once, before trusting len. */
        if (rx->hdr.len > XENSTORE_PAYLOAD_MAX ||
            (rx->hdr.type >= XS_TYPE_COUNT && rx->hdr.type != XS_ERROR)) {
            return XE_PEER;
        }
        rx->body_got = 0;
    }
    if (rx->body_got < rx->hdr.len) {
        err = ring_get(intf, rx->body + rx->body_got, rx->hdr.len - rx->body_got, &got);
        if (err != XE_OK) {
            return err;
        }
        *consumed = *consumed || got > 0;
        rx->body_got += (uint32_t)got;
        if (rx->body_got < rx->hdr.len) {
            return XE_WOULD_BLOCK;
        }
    }
    rx->body[rx->hdr.len] = '\0';
    return XE_OK;
}

static const struct {
    const char *name;
    xen_err_t err;
} xs_errors[] = {
    {"EINVAL", XE_INVAL},   {"EACCES", XE_ACCES},  {"EEXIST", XE_EXIST},  {"EISDIR", XE_INVAL},
    {"ENOENT", XE_NOENT},   {"ENOMEM", XE_NOMEM},  {"ENOSPC", XE_NOSPC},  {"EIO", XE_IO},
    {"ENOTEMPTY", XE_BUSY}, {"ENOSYS", XE_NOSYS},  {"EROFS", XE_PERM},    {"EBUSY", XE_BUSY},
    {"EAGAIN", XE_AGAIN},   {"EISCONN", XE_EXIST}, {"E2BIG", XE_TOO_BIG}, {"EPERM", XE_PERM},
    {"EQUOTA", XE_NOSPC},
};

xen_err_t xen_xs_error_code(const char *payload, size_t len)
{
    /* The daemon sends the name with its NUL; tolerate it missing. */
    size_t n = strnlen(payload, len);
    for (size_t i = 0; i < sizeof(xs_errors) / sizeof(xs_errors[0]); i++) {
        if (strlen(xs_errors[i].name) == n && memcmp(xs_errors[i].name, payload, n) == 0) {
            return xs_errors[i].err;
        }
    }
    return XE_IO;
}

static char perm_char(uint8_t p)
{
    static const char c[4] = {'n', 'r', 'w', 'b'};
    return c[p & 3u];
}

size_t xen_xs_perms_encode(const struct xen_xs_perm *perms, unsigned n, char *buf, size_t size)
{
    size_t pos = 0;
    if (n == 0) {
        return 0;
    }
    for (unsigned i = 0; i < n; i++) {
        char digits[6];
        unsigned nd = 0;
        unsigned v = perms[i].domid;
        if (perms[i].perms > XEN_XS_PERM_BOTH) {
            return 0;
        }
        do {
            digits[nd++] = (char)('0' + v % 10u);
            v /= 10u;
        } while (v != 0);
        if (pos + 1 + nd + 1 > size) {
            return 0;
        }
        buf[pos++] = perm_char(perms[i].perms);
        while (nd > 0) {
            buf[pos++] = digits[--nd];
        }
        buf[pos++] = '\0';
    }
    return pos;
}

xen_err_t xen_xs_perms_decode(const char *buf, size_t len, struct xen_xs_perm *perms, unsigned max,
                              unsigned *n)
{
    unsigned count;
    xen_err_t err = xen_xs_strings_count(buf, len, &count);
    *n = 0;
    if (err != XE_OK) {
        return err;
    }
    if (count == 0) {
        return XE_PEER;
    }
    if (count > max) {
        return XE_NO_SLOT;
    }
    for (unsigned i = 0; i < count; i++) {
        const char *s = xen_xs_strings_get(buf, len, i);
        uint8_t p;
        switch (s[0]) {
        case 'n':
            p = XEN_XS_PERM_NONE;
            break;
        case 'r':
            p = XEN_XS_PERM_READ;
            break;
        case 'w':
            p = XEN_XS_PERM_WRITE;
            break;
        case 'b':
            p = XEN_XS_PERM_BOTH;
            break;
        default:
            return XE_PEER;
        }
        uint32_t id = 0;
        const char *d = s + 1;
        if (*d == '\0') {
            return XE_PEER;
        }
        for (; *d != '\0'; d++) {
            if (*d < '0' || *d > '9' || id > 0xffffu) {
                return XE_PEER;
            }
            id = id * 10u + (uint32_t)(*d - '0');
        }
        if (id > 0xffffu) {
            return XE_PEER;
        }
        perms[i].domid = (xen_domid_t)id;
        perms[i].perms = p;
    }
    *n = count;
    return XE_OK;
}

xen_err_t xen_xs_strings_count(const char *buf, size_t len, unsigned *count)
{
    *count = 0;
    if (len == 0) {
        return XE_OK;
    }
    if (buf[len - 1] != '\0') {
        return XE_PEER;
    }
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\0') {
            (*count)++;
        }
    }
    return XE_OK;
}

const char *xen_xs_strings_get(const char *buf, size_t len, unsigned i)
{
    size_t pos = 0;
    while (pos < len) {
        if (i == 0) {
            return memchr(buf + pos, '\0', len - pos) != NULL ? buf + pos : NULL;
        }
        const char *z = memchr(buf + pos, '\0', len - pos);
        if (z == NULL) {
            return NULL;
        }
        pos = (size_t)(z - buf) + 1;
        i--;
    }
    return NULL;
}

bool xen_xs_parse_u32(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    if (*s == '\0') {
        return false;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
        v = v * 10u + (uint64_t)(*s - '0');
        if (v > 0xffffffffu) {
            return false;
        }
    }
    *out = (uint32_t)v;
    return true;
}
