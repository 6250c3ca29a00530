/*
 * fuzz_xenstore_client.c - the XenStore client (xen/xenstore.c over xen/xenstore_proto.c,
 * unchanged) against the model of xenstored of tests/host/model_xenstored.c, with the fuzzer
 * deciding what the daemon does with each request: answer it, answer with the wrong type, an
 * error, a garbage body, a reply to an old or a random req_id first, a watch event with any path
 * and token first, slowly, or not at all; between requests it writes raw bytes into the response
 * ring or resets (zeroes both rings and forgets what it had queued).
 *
 * The client calls kernel services and has the daemon thread above it: each input runs in one
 * thread of the real kernel (fuzz_kernel.h). The source is included here so that each input
 * starts from a fresh client (its state is static) and its req_ids are known.
 *
 * Checked: every call returns, within the client's request timeout (virtual time), with a known
 * result; a reply accepted for a request is one the daemon sent with that request's req_id and
 * type (and, for a read, that body), unless raw garbage may have been taken for a message since;
 * an event returned by a watch is one sent with its token; counters never go back; after any of
 * this, an honest daemon gets the client going again within a few requests.
 */
#include "fuzz.h"
#include "fuzz_kernel.h"
#include "model_xenstored.h"

#include "../xen/xenstore.c"

#define DAEMON_PRIO 8u
#define LOG_MAX     512u
#define EVENTS_MAX  32u
#define WATCHES     2u
#define DROPS_MAX   2u /* requests left unanswered per input (each costs a request timeout) */
#define PROBES      6u
/* Timed-out requests after which an input's steps end (the final probe still runs): each costs
 * REQ_TIMEOUT ticks of polling, and a stream held mid-body by garbage times out on every
 * request, which made such inputs most of the run time. */
#define TIMEOUTS_MAX 3u

struct sent {
    uint32_t req_id, type, len;
    uint64_t hash;
};

static struct {
    struct fuzz_in in;
    bool probing; /* the daemon is honest (a liveness probe) */
    bool tainted; /* raw bytes may have been read as a message */
    unsigned drops;
    struct sent log[LOG_MAX];
    unsigned nlog;
    bool log_full;
    struct {
        char token[XEN_XS_TOKEN_MAX];
        char path[XEN_XS_PATH_MAX];
    } ev[EVENTS_MAX];
    unsigned nev;
    struct xen_xs_watch w[WATCHES];
    bool live[WATCHES];
} f;

static bool client_made;

static uint64_t hash(const void *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ ((const uint8_t *)p)[i]) * 1099511628211ull;
    }
    return h;
}

static bool sent_with(uint32_t req_id, uint32_t type, const void *body, size_t len, bool check_body)
{
    if (f.log_full || f.tainted) {
        return true; /* not known: not checked */
    }
    uint64_t h = check_body ? hash(body, len) : 0;
    for (unsigned i = 0; i < f.nlog; i++) {
        const struct sent *s = &f.log[i];
        if (s->req_id == req_id && s->type == type &&
            (!check_body || (s->len == len && s->hash == h))) {
            return true;
        }
    }
    return false;
}

static void on_queue(const struct xsd_sockmsg *h, const void *body)
{
    if (f.nlog == LOG_MAX) {
        f.log_full = true;
        return;
    }
    f.log[f.nlog++] = (struct sent){h->req_id, h->type, h->len, hash(body, h->len)};
    if (h->type == XS_WATCH_EVENT && f.nev < EVENTS_MAX) {
        /* path\0token\0, as the client will split it */
        const char *b = body;
        size_t pl = strnlen(b, h->len);
        if (pl < h->len) {
            size_t tl = strnlen(b + pl + 1, h->len - pl - 1);
            snprintf(f.ev[f.nev].path, sizeof(f.ev[f.nev].path), "%.*s", (int)pl, b);
            snprintf(f.ev[f.nev].token, sizeof(f.ev[f.nev].token), "%.*s", (int)tl, b + pl + 1);
            f.nev++;
        }
    }
}

static void send_msg(uint32_t type, uint32_t req_id, const void *body, uint32_t len)
{
    struct xsd_sockmsg h = {.type = type, .req_id = req_id, .len = len};
    xsd_queue(&h, body);
}

/* The daemon's decision for each request (in the daemon thread). */
static bool on_request(const struct xsd_sockmsg *req, const char *body)
{
    (void)body;
    if (f.probing) {
        return false;
    }
    uint8_t a = fuzz_u8(&f.in) % 16u;
    uint8_t buf[64];
    size_t n;
    const uint8_t *p;
    switch (a) {
    case 8: /* the wrong type */
        send_msg(fuzz_u8(&f.in) % (XS_TYPE_COUNT + 2u), req->req_id, "OK", 3);
        return true;
    case 9: { /* an error, named or not */
        static const char *const names[] = {"ENOENT", "EACCES", "EAGAIN", "EINVAL", "E2BIG", "X"};
        const char *e = names[fuzz_u8(&f.in) % 6u];
        send_msg(XS_ERROR, req->req_id, e, (uint32_t)strlen(e) + (fuzz_u8(&f.in) & 1u));
        return true;
    }
    case 10: /* no answer */
        if (f.drops < DROPS_MAX) {
            f.drops++;
            return true;
        }
        return false;
    case 11: /* a reply to an earlier request first */
        send_msg(req->type, req->req_id - 1u - fuzz_u8(&f.in) % 4u, "old", 4);
        return false;
    case 12: /* a reply to any req_id first */
        send_msg(fuzz_u8(&f.in) % XS_TYPE_COUNT, fuzz_u32(&f.in), "any", 4);
        return false;
    case 13: { /* a watch event first: any bytes, or a path and one of our tokens */
        p = fuzz_bytes(&f.in, fuzz_u8(&f.in) % 48u, &n);
        memcpy(buf, p, n);
        if (fuzz_u8(&f.in) & 1u) {
            n = (size_t)snprintf((char *)buf, sizeof(buf), "/w/%.*s", (int)(n % 20u), p);
            n += 1u + (size_t)snprintf((char *)buf + n + 1, sizeof(buf) - n - 1, "xenrtos-%u",
                                       1u + fuzz_u8(&f.in) % 3u);
            n++;
        }
        send_msg(XS_WATCH_EVENT, 0, buf, (uint32_t)n);
        return false;
    }
    case 14: /* the right id and type, any body */
        p = fuzz_bytes(&f.in, fuzz_u8(&f.in) % 64u, &n);
        send_msg(req->type, req->req_id, p, (uint32_t)n);
        return true;
    case 15: /* slowly: a few bytes a tick for a while */
        xsd.rsp_per_tick = 1u + fuzz_u8(&f.in) % 8u;
        xsd.slow_rsp_until = tx_time_get() + fuzz_u8(&f.in) % 64u;
        return false;
    default:
        return false;
    }
}

/* A fresh client: what xenstore.c holds, as at boot. */
static void client_reset(void)
{
    for (unsigned i = 0; i < WATCHES; i++) {
        if (f.live[i]) {
            FUZZ_CHECK(tx_semaphore_delete(&f.w[i].events) == TX_SUCCESS);
            f.live[i] = false;
        }
    }
    if (client_made) {
        FUZZ_CHECK(tx_mutex_delete(&req_lock) == TX_SUCCESS);
        FUZZ_CHECK(tx_mutex_delete(&rx_lock) == TX_SUCCESS);
        FUZZ_CHECK(tx_semaphore_delete(&reply_sem) == TX_SUCCESS);
        FUZZ_CHECK(tx_event_flags_delete(&bringup) == TX_SUCCESS);
        client_made = false;
    }
    intf = NULL;
    store_port = evtchn_init(0);
    ready = false;
    memset(&rx, 0, sizeof(rx));
    resync_gen = 0;
    reconnecting = false;
    said_resync = said_late = false;
    tx_len = tx_off = 0;
    tx_gen = 0;
    rsp_cons_own = req_prod_own = 0;
    req_id_next = 1;
    waiting_id = 0;
    memset(&reply_hdr, 0, sizeof(reply_hdr));
    rx_early = false;
    watches = NULL;
    watch_seq = 0;
    memset(&stats, 0, sizeof(stats));
    home[0] = '\0';
    self_id = 0;
}

static void check_stats(const struct xen_xs_stats *a)
{
    FUZZ_CHECK(stats.requests >= a->requests && stats.replies >= a->replies);
    FUZZ_CHECK(stats.replies - a->replies <= stats.requests - a->requests + 1u);
    FUZZ_CHECK(stats.timeouts >= a->timeouts && stats.peer_errors >= a->peer_errors);
    FUZZ_CHECK(stats.resyncs >= a->resyncs && stats.late >= a->late);
    FUZZ_CHECK(stats.stray >= a->stray && stats.watch_events >= a->watch_events);
}

/* A result the layer defines (an error name from the daemon maps to one of them too). */
static bool known_result(xen_err_t e)
{
    return (unsigned)e < (unsigned)XE_COUNT_;
}

static const char *pick_path(char *buf, size_t size)
{
    static const char *const paths[] = {"/a", "/b", "/local/domain/2/domid", "/w/x"};
    uint8_t c = fuzz_u8(&f.in);
    if (c < 200) {
        return paths[c % 4u];
    }
    size_t n;
    const uint8_t *p = fuzz_bytes(&f.in, fuzz_u8(&f.in) % 40u, &n);
    snprintf(buf, size, "/%.*s", (int)n, (const char *)p);
    return buf;
}

/* One client call; returns its result after the common checks. */
static xen_err_t call(uint8_t op)
{
    static char buf[XENSTORE_PAYLOAD_MAX + 1];
    char pbuf[48];
    const char *path = pick_path(pbuf, sizeof(pbuf));
    uint32_t id = req_id_next;
    xen_err_t err = XE_OK;
    size_t len = 0, n;
    const uint8_t *p;
    unsigned count;
    struct xen_xs_perm perms[4];
    switch (op) {
    case 0:
        err = xen_xs_read(XEN_XS_NO_TXN, path, buf, fuzz_u8(&f.in) < 16 ? 4u : sizeof(buf), &len);
        if (err == XE_OK) {
            FUZZ_CHECK(sent_with(id, XS_READ, buf, len, true));
        }
        break;
    case 1:
        p = fuzz_bytes(&f.in, fuzz_u8(&f.in), &n);
        err = xen_xs_write(XEN_XS_NO_TXN, path, p, n);
        FUZZ_CHECK(err != XE_OK || sent_with(id, XS_WRITE, NULL, 0, false));
        break;
    case 2:
        err = fuzz_u8(&f.in) & 1u ? xen_xs_mkdir(XEN_XS_NO_TXN, path)
                                  : xen_xs_rm(XEN_XS_NO_TXN, path);
        break;
    case 3:
        err = xen_xs_directory(XEN_XS_NO_TXN, path, buf, sizeof(buf), &count);
        FUZZ_CHECK(err != XE_OK || sent_with(id, XS_DIRECTORY, NULL, 0, false));
        break;
    case 4:
        if (fuzz_u8(&f.in) & 1u) {
            err = xen_xs_get_perms(XEN_XS_NO_TXN, path, perms, 4, &count);
            FUZZ_CHECK(err != XE_OK || (count <= 4 && sent_with(id, XS_GET_PERMS, NULL, 0, false)));
        } else {
            perms[0] = (struct xen_xs_perm){XSD_SELF, XEN_XS_PERM_NONE};
            perms[1] = (struct xen_xs_perm){0, XEN_XS_PERM_READ};
            err = xen_xs_set_perms(XEN_XS_NO_TXN, path, perms, 2);
        }
        break;
    case 5: {
        xen_xs_txn_t t = 0;
        err = xen_xs_txn_start(&t);
        FUZZ_CHECK(err != XE_OK || (t != 0 && sent_with(id, XS_TRANSACTION_START, NULL, 0, false)));
        if (err == XE_OK) {
            err = xen_xs_txn_end(t, fuzz_u8(&f.in) & 1u);
        }
        break;
    }
    case 6: {
        unsigned i = fuzz_u8(&f.in) % WATCHES;
        if (f.live[i]) {
            f.live[i] = false;
            err = xen_xs_unwatch(&f.w[i]);
        } else {
            err = xen_xs_watch(&f.w[i], path);
            f.live[i] = err == XE_OK;
        }
        break;
    }
    default: {
        unsigned i = fuzz_u8(&f.in) % WATCHES;
        if (!f.live[i]) {
            return XE_OK;
        }
        err = xen_xs_watch_wait(&f.w[i], buf, sizeof(buf), fuzz_u8(&f.in) % 16u);
        if (err == XE_OK && !f.tainted && !f.log_full && f.nev < EVENTS_MAX) {
            bool found = false;
            for (unsigned k = 0; k < f.nev && !found; k++) {
                found = strcmp(f.ev[k].token, f.w[i].token) == 0 &&
                        strncmp(f.ev[k].path, buf, XEN_XS_PATH_MAX - 1) == 0;
            }
            FUZZ_CHECK(found);
        }
        break;
    }
    }
    FUZZ_CHECK(known_result(err));
    return err;
}

/* The daemon behaves: a read of a node it holds must come back right within a few tries. */
static void probe(void)
{
    f.probing = true;
    xsd.slow_rsp_until = 0;
    int i = xsd_find("/probe", false);
    FUZZ_CHECK(i >= 0);
    memcpy(xsd.node[i].val, "alive", 5);
    xsd.node[i].len = 5;
    xen_err_t err = XE_IO;
    unsigned tries = f.tainted ? 1u : PROBES; /* (see below: more would only cost time) */
    for (unsigned k = 0; k < tries && err != XE_OK; k++) {
        char buf[16];
        size_t len = 0;
        err = xen_xs_read(XEN_XS_NO_TXN, "/probe", buf, sizeof(buf), &len);
        FUZZ_CHECK(err == XE_OK || err == XE_PEER || err == XE_TIMEOUT);
        FUZZ_CHECK(err != XE_OK || (len == 5 && memcmp(buf, "alive", 5) == 0));
    }
    /* After raw bytes, or a skip that cut a message, a header of garbage may hold the client
     * mid-body for up to XENSTORE_PAYLOAD_MAX bytes of replies (each request then times out):
     * the protocol cannot tell, so only a clean stream must come back at once. */
    FUZZ_CHECK(err == XE_OK || f.tainted);
    f.probing = false;
}

static void run_input(void *arg)
{
    (void)arg;
    FUZZ_CHECK(xsd_start(DAEMON_PRIO) == TX_SUCCESS);
    client_reset();
    xsd_reset();
    memset(&f.log, 0, sizeof(f.log));
    f.nlog = f.nev = f.drops = 0;
    f.log_full = f.tainted = f.probing = false;
    uint8_t mode = fuzz_u8(&f.in);
    xsd.reconnection = (mode & 1u) != 0;
    xsd_store.server_features = xsd.reconnection ? XENSTORE_SERVER_FEATURE_RECONNECTION : 0;
    xsd_store.connection = XENSTORE_CONNECTED;
    xsd.on_queue = on_queue;
    xsd.on_request = on_request;
    memcpy(xsd.node[0].path, "/a", 3);
    memcpy(xsd.node[0].val, "1", 1);
    xsd.node[0].len = 1;
    memcpy(xsd.node[1].path, "/probe", 7); /* reserved: probe() needs no free node */

    ULONG t0 = tx_time_get();
    xen_err_t err = xen_xs_init(12, 100);
    client_made = true;
    FUZZ_CHECK(known_result(err));
    /* Bring-up: two requests and the wait for the page. */
    FUZZ_CHECK(tx_time_get() - t0 <= 2u * REQ_TIMEOUT + 200u);
    if (err != XE_OK) {
        return;
    }
    FUZZ_CHECK(strcmp(xen_xs_home(), "/local/domain/2") == 0 || !f.tainted);

    for (unsigned steps = 0; f.in.n > 0 && steps < 64 && stats.timeouts < TIMEOUTS_MAX; steps++) {
        uint8_t op = fuzz_u8(&f.in) % 12u;
        struct xen_xs_stats st = stats;
        ULONG t = tx_time_get();
        if (op < 8) {
            (void)call(op);
        } else if (op == 8) { /* raw bytes into the response ring now */
            size_t n;
            const uint8_t *p = fuzz_bytes(&f.in, fuzz_u8(&f.in), &n);
            xsd_raw(p, n);
            f.tainted = true;
        } else if (op == 9) { /* the daemon resets in the middle */
            xsd_store.req_cons = xsd_store.req_prod = xsd_store.rsp_cons = xsd_store.rsp_prod = 0;
            xsd.in_got = 0;
            xsd.out_len = xsd.out_off = 0;
        } else if (op == 10) { /* our watch fires (or one that is not ours) */
            char ev[80];
            int n = snprintf(ev, sizeof(ev), "/w/%u", fuzz_u8(&f.in));
            n += 1 + snprintf(ev + n + 1, sizeof(ev) - (size_t)n - 1, "xenrtos-%u",
                              fuzz_u8(&f.in) % 3u);
            send_msg(XS_WATCH_EVENT, 0, ev, (uint32_t)n + 1u);
            (void)xen_evtchn_send(store_port);
        } else {
            probe();
        }
        /* Every call returns: the wait for a reconnection, the request and its reply share one
         * request timeout; a failed watch unwatches, a transaction is two requests. */
        ULONG requests = op == 11 ? PROBES : op == 5 || op == 6 ? 2u : 1u; /* watch: unwatch */
        FUZZ_CHECK(tx_time_get() - t <= requests * (REQ_TIMEOUT + 20u));
        FUZZ_CHECK(waiting_id == 0);
        check_stats(&st);
        /* Skipping to the end of the ring may cut a message the daemon still writes: the rest
         * is garbage that can pass for one. */
        if (!xsd.reconnection && stats.resyncs != st.resyncs) {
            f.tainted = true;
        }
    }
    probe();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_quiet();
    f.in = (struct fuzz_in){data, size};
    fuzz_kernel_run(run_input, NULL);
    return 0;
}
