/*
 * xenstore.c - XenStore client of the RTOS (see xen_xenstore.h for the bring-up).
 *
 * Locks: `req_lock` keeps one request in flight (the reply is matched by req_id) and owns the
 * send state (tx_*); `rx_lock` protects the receive state, taken by the store port's handler
 * thread and by a requester that polls while it waits. Replies go to `reply`, watch events to
 * their watch's queue.
 *
 * Framing. A request is built whole in tx_buf and copied into the ring as space frees up; a
 * timeout may leave it half-written, and then the next request first writes the rest (the
 * daemon must see whole messages) and only then its own. The reply of a request that timed out
 * is recognised by its req_id when it comes, discarded and counted (`late`). The receive state
 * (rx) lives across requests, so a reply half-read at a timeout is finished and skipped later.
 *
 * Resynchronisation. A protocol error (impossible index, length or type) is counted in
 * `resyncs`: if xenstored offers XENSTORE_SERVER_FEATURE_RECONNECTION we ask for a reconnection
 * (connection = XENSTORE_RECONNECT; the daemon empties both rings and says CONNECTED again),
 * otherwise we drop what the response ring holds and go on with the next header. Either way the
 * request in flight fails with XE_PEER, a half-written request is dropped, and later requests
 * work again.
 *
 * Our indexes. rsp_cons and req_prod are ours: xenstored moves them only in a reconnection we
 * asked for. We keep our own copy of each, and a page that disagrees (a daemon that zeroed or
 * moved the rings by itself) is a protocol error like the others: otherwise the message we had
 * half read would be finished with the bytes of the daemon's next replies (a header made of two
 * messages, holding us mid-body or passing for a reply), and the rest of a half-written request
 * would reach the daemon as the start of a new one.
 *
 * Several vCPUs: requesters and the handler thread may run on different vCPUs at once. Besides
 * the two mutexes, the watch list and queues and `stats` are only touched inside
 * xen_port_irq_save (the kernel's lock on SMP: stats are bumped by holders of either mutex), a
 * watch's token number is taken atomically, and `ready` is published with release / acquire.
 */
#include <stdio.h>
#include <string.h>

#include "xen_evtchn.h"
#include "xen_hv.h"
#include "xen_hypercall.h"
#include "xen_port.h"
#include "xen_xenstore.h"

#define POLL_TICKS  1u  /* a requester looks at the ring itself this often */
#define PARAM_POLL  10u /* ticks between looks at HVM_PARAM_STORE_PFN */
#define REQ_TIMEOUT (5u * TX_TIMER_TICKS_PER_SECOND)
#define LATE_WINDOW 1024u /* req_ids this far back are ours: a reply to one of them is late */

static struct xenstore_domain_interface *intf;
static evtchn_t store_port;
static bool ready; /* release / acquire: intf and store_port are set before */

static TX_MUTEX req_lock;
static TX_MUTEX rx_lock;
static TX_SEMAPHORE reply_sem;
static struct xen_xs_rx rx;

/* Resynchronisations so far (a requester compares it with the value it started with) and
 * whether we wait for the daemon to finish a reconnection. */
static volatile uint32_t resync_gen;
static volatile bool reconnecting;
static bool said_resync, said_late;

/* The request being written (req_lock): tx_buf[tx_off, tx_len) is not in the ring yet; it
 * belongs to resynchronisation tx_gen. */
static uint8_t tx_buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
static size_t tx_len, tx_off;
static uint32_t tx_gen;
/* Our indexes as we last wrote them: rsp_cons (rx_lock), req_prod (req_lock). */
static uint32_t rsp_cons_own;
static uint32_t req_prod_own;

/* The request in flight and its reply (valid once reply_sem was put). */
static uint32_t req_id_next = 1; /* req_lock; read atomically by discard_reply (rx_lock) */
static uint32_t waiting_id;      /* 0: no requester */
static struct xsd_sockmsg reply_hdr;
/* rx_lock: the message being read began before the request in flight was sent (not its reply). */
static bool rx_early;
static char reply_body[XENSTORE_PAYLOAD_MAX + 1];

static struct xen_xs_watch *watches;
static unsigned watch_seq;
static struct xen_xs_stats stats;

static char home[32];
static xen_domid_t self_id;

static void xs_stat_inc(uint32_t *counter)
{
    unsigned long flags = xen_port_irq_save();
    (*counter)++;
    xen_port_irq_restore(flags);
}

static bool xs_is_ready(void)
{
    return __atomic_load_n(&ready, __ATOMIC_ACQUIRE);
}

static xen_err_t hvm_get_param(uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};
    long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);
    *value = p.value;
    return xen_err_from_rc(rc);
}

/* ---- receive side ------------------------------------------------------------------------- */

static void deliver_watch_event(void)
{
    unsigned n;
    if (xen_xs_strings_count(rx.body, rx.hdr.len, &n) != XE_OK || n < 2) {
        xs_stat_inc(&stats.peer_errors);
        return;
    }
    const char *path = xen_xs_strings_get(rx.body, rx.hdr.len, 0);
    const char *token = xen_xs_strings_get(rx.body, rx.hdr.len, 1);
    xs_stat_inc(&stats.watch_events);
    unsigned long flags = xen_port_irq_save();
    for (struct xen_xs_watch *w = watches; w != NULL; w = w->next) {
        if (w->active && strcmp(w->token, token) == 0) {
            if (w->count == XEN_XS_WATCH_QUEUE) {
                w->overflows++;
                xen_port_irq_restore(flags);
                return;
            }
            char *slot = w->queue[(w->head + w->count) % XEN_XS_WATCH_QUEUE];
            size_t len = strnlen(path, XEN_XS_PATH_MAX - 1);
            memcpy(slot, path, len);
            slot[len] = '\0';
            w->count++;
            xen_port_irq_restore(flags);
            tx_semaphore_put(&w->events);
            return;
        }
    }
    xen_port_irq_restore(flags);
    xs_stat_inc(&stats.stray);
}

/* A protocol error: resynchronise (see the top of the file). Caller holds rx_lock. */
static void resync_locked(const char *what, xen_err_t err)
{
    xs_stat_inc(&stats.peer_errors);
    xs_stat_inc(&stats.resyncs);
    bool reconnect =
        (*(volatile uint32_t *)&intf->server_features & XENSTORE_SERVER_FEATURE_RECONNECTION) != 0;
    if (!said_resync) {
        printf("xenstore: daemon broke the protocol (%s: %s); %s\n", what, xen_strerror(err),
               reconnect ? "reconnecting" : "skipping to the next message");
        said_resync = true;
    }
    rx.hdr_got = 0;
    rx.body_got = 0;
    rx_early = false;
    if (reconnect) {
        reconnecting = true;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        *(volatile uint32_t *)&intf->connection = XENSTORE_RECONNECT;
    } else {
        /* Everything the daemon has published so far is skipped. */
        uint32_t prod = *(volatile uint32_t *)&intf->rsp_prod;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        *(volatile uint32_t *)&intf->rsp_cons = prod;
        rsp_cons_own = prod;
    }
    __atomic_fetch_add(&resync_gen, 1u, __ATOMIC_SEQ_CST);
    (void)xen_evtchn_send(store_port);
}

/* A reply nobody waits for: late (a request of ours that timed out) or stray. */
static void discard_reply(void)
{
    uint32_t back = __atomic_load_n(&req_id_next, __ATOMIC_RELAXED) - rx.hdr.req_id;
    if (rx.hdr.req_id != 0 && back >= 1u && back <= LATE_WINDOW) {
        xs_stat_inc(&stats.late);
        if (!said_late) {
            printf("xenstore: late reply to request %u (timed out), discarded\n",
                   (unsigned)rx.hdr.req_id);
            said_late = true;
        }
    } else {
        xs_stat_inc(&stats.stray);
    }
}

/* Bytes of the message in progress taken off the ring so far. */
static uint32_t rx_taken(void)
{
    return (rx.hdr_got < sizeof(rx.hdr)) ? rx.hdr_got : (rx.hdr_got + rx.body_got);
}

/* Take every complete message off the ring. Caller holds rx_lock. */
static void drain_locked(void)
{
    bool notify = false;
    if (reconnecting) {
        if (*(volatile uint32_t *)&intf->connection != XENSTORE_CONNECTED) {
            return;
        }
        /* The daemon emptied both rings. */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        rx.hdr_got = 0;
        rx.body_got = 0;
        rx_early = false;
        rsp_cons_own = *(volatile uint32_t *)&intf->rsp_cons;
        reconnecting = false;
    }
    for (;;) {
        if (*(volatile uint32_t *)&intf->rsp_cons != rsp_cons_own) {
            resync_locked("response ring: our rsp_cons moved", XE_PEER);
            notify = false;
            break;
        }
        bool consumed;
        uint32_t before = rx_taken();
        xen_err_t err = xen_xs_rx_step(intf, &rx, &consumed);
        notify = notify || consumed;
        if ((err != XE_OK) && (err != XE_WOULD_BLOCK)) {
            resync_locked("response ring", err);
            notify = false;
            break;
        }
        rsp_cons_own += rx_taken() - before;
        if (err == XE_WOULD_BLOCK) {
            break;
        }
        if (rx.hdr.type == XS_WATCH_EVENT) {
            deliver_watch_event();
        } else if ((waiting_id != 0u) && (rx.hdr.req_id == waiting_id) && !rx_early) {
            reply_hdr = rx.hdr;
            memcpy(reply_body, rx.body, rx.hdr.len + 1u);
            waiting_id = 0;
            xs_stat_inc(&stats.replies);
            tx_semaphore_put(&reply_sem);
        } else {
            discard_reply();
        }
        rx.hdr_got = 0;
        rx.body_got = 0;
        rx_early = false;
    }
    if (notify) {
        (void)xen_evtchn_send(store_port);
    }
}

static void drain(void)
{
    if (tx_mutex_get(&rx_lock, TX_WAIT_FOREVER) == TX_SUCCESS) {
        drain_locked();
        tx_mutex_put(&rx_lock);
    }
}

static TX_EVENT_FLAGS_GROUP bringup;

static void store_event(evtchn_t port, void *arg)
{
    (void)port;
    (void)arg;
    if (xs_is_ready()) {
        drain();
    } else {
        tx_event_flags_set(&bringup, 1u, TX_OR);
    }
}

/* ---- requests ----------------------------------------------------------------------------- */

/* Before a request is sent (id != 0): what the ring holds already was written before the daemon
 * saw the request, so it cannot be the reply, whatever its req_id says (a daemon's garbage, a
 * message of its own). Complete messages are taken off now, with nobody waiting; one begun is
 * marked, and discarded when it ends. */
static void set_waiting(uint32_t id)
{
    if (tx_mutex_get(&rx_lock, TX_WAIT_FOREVER) == TX_SUCCESS) {
        if (id != 0u) {
            drain_locked();
            rx_early = rx_taken() > 0u;
        }
        waiting_id = id;
        tx_mutex_put(&rx_lock);
    }
}

/* Copy the rest of tx_buf into the ring. Caller holds req_lock. */
static xen_err_t flush_tx(ULONG *waited, uint32_t gen)
{
    while (tx_off < tx_len) {
        if (resync_gen != gen) {
            return XE_PEER;
        }
        size_t put = 0;
        xen_err_t err = XE_PEER;
        const char *what = "request ring: our req_prod moved";
        if (*(volatile uint32_t *)&intf->req_prod == req_prod_own) {
            err = xen_xs_ring_put(intf, tx_buf + tx_off, tx_len - tx_off, &put);
            what = "request ring";
        }
        if (err != XE_OK) {
            if (tx_mutex_get(&rx_lock, TX_WAIT_FOREVER) == TX_SUCCESS) {
                resync_locked(what, err);
                tx_mutex_put(&rx_lock);
            }
            return XE_PEER;
        }
        if (put > 0) {
            tx_off += put;
            req_prod_own += (uint32_t)put;
            (void)xen_evtchn_send(store_port);
            continue;
        }
        if (*waited >= REQ_TIMEOUT) {
            return XE_TIMEOUT;
        }
        tx_thread_sleep(POLL_TICKS);
        *waited += POLL_TICKS;
    }
    return XE_OK;
}

/* Before a request: a reconnection we asked for must be over. Caller holds req_lock. */
static xen_err_t wait_connected(ULONG *waited)
{
    while (reconnecting) {
        drain();
        if (!reconnecting) {
            break;
        }
        if (*waited >= REQ_TIMEOUT) {
            return XE_TIMEOUT;
        }
        tx_thread_sleep(POLL_TICKS);
        *waited += POLL_TICKS;
    }
    return XE_OK;
}

/* Send `type` with the payload made of `n` pieces, wait for the reply. On XE_OK the reply is in
 * reply_hdr/reply_body; the caller holds req_lock (taken here) and must call req_done(). */
static xen_err_t request(uint32_t type, xen_xs_txn_t t, const void *const *parts,
                         const size_t *lens, unsigned n)
{
    size_t total = 0;
    for (unsigned i = 0; i < n; i++) {
        total += lens[i];
    }
    if (!xs_is_ready()) {
        return XE_NOT_READY;
    }
    if (total > XENSTORE_PAYLOAD_MAX) {
        return XE_TOO_BIG;
    }
    if (tx_mutex_get(&req_lock, TX_WAIT_FOREVER) != TX_SUCCESS) {
        return XE_BUSY;
    }
    ULONG waited = 0;
    xen_err_t err = wait_connected(&waited);
    if (err != XE_OK) {
        xs_stat_inc(&stats.timeouts);
        tx_mutex_put(&req_lock);
        return err;
    }
    uint32_t gen = resync_gen;
    if (tx_gen != gen) {
        tx_off = tx_len = 0; /* a resynchronisation dropped it */
        /* After a reconnection the daemon starts the rings again (at 0). */
        req_prod_own = *(volatile uint32_t *)&intf->req_prod;
        tx_gen = gen;
    }
    /* A request a timeout left half-written goes first; its reply will be discarded as late. */
    err = flush_tx(&waited, gen);
    if (err != XE_OK) {
        if (err == XE_TIMEOUT) {
            xs_stat_inc(&stats.timeouts);
        }
        tx_mutex_put(&req_lock);
        return err;
    }

    struct xsd_sockmsg hdr = {
        .type = type, .req_id = req_id_next, .tx_id = t, .len = (uint32_t)total};
    __atomic_store_n(&req_id_next, req_id_next + 1u == 0 ? 1u : req_id_next + 1u, __ATOMIC_RELAXED);
    memcpy(tx_buf, &hdr, sizeof(hdr));
    tx_len = sizeof(hdr);
    for (unsigned i = 0; i < n; i++) {
        memcpy(tx_buf + tx_len, parts[i], lens[i]);
        tx_len += lens[i];
    }
    tx_off = 0;
    tx_gen = gen;
    while (tx_semaphore_get(&reply_sem, TX_NO_WAIT) == TX_SUCCESS) {
        /* a reply put just as its request timed out */
    }
    set_waiting(hdr.req_id);
    xs_stat_inc(&stats.requests);

    err = flush_tx(&waited, gen);
    if (err == XE_OK) {
        while (tx_semaphore_get(&reply_sem, POLL_TICKS) != TX_SUCCESS) {
            drain();
            if (tx_semaphore_get(&reply_sem, TX_NO_WAIT) == TX_SUCCESS) {
                break;
            }
            waited += POLL_TICKS;
            if (resync_gen != gen) {
                err = XE_PEER;
                break;
            }
            if (waited >= REQ_TIMEOUT) {
                err = XE_TIMEOUT;
                break;
            }
        }
    }
    if (err != XE_OK) {
        /* The rest of a half-written request stays in tx_buf for the next request. */
        set_waiting(0);
        if (err == XE_TIMEOUT) {
            xs_stat_inc(&stats.timeouts);
        }
        tx_mutex_put(&req_lock);
        return err;
    }
    if (reply_hdr.type == XS_ERROR) {
        err = xen_xs_error_code(reply_body, reply_hdr.len);
        tx_mutex_put(&req_lock);
        return err;
    }
    if (reply_hdr.type != type) {
        xs_stat_inc(&stats.peer_errors);
        tx_mutex_put(&req_lock);
        return XE_PEER;
    }
    return XE_OK;
}

static void req_done(void)
{
    tx_mutex_put(&req_lock);
}

static size_t path_len(const char *path)
{
    return strnlen(path, XENSTORE_ABS_PATH_MAX) + 1; /* with the NUL */
}

/* A request whose payload is `path\0` and whose reply is ignored ("OK"). */
static xen_err_t simple(uint32_t type, xen_xs_txn_t t, const char *path)
{
    const void *parts[1] = {path};
    size_t lens[1] = {path_len(path)};
    xen_err_t err = request(type, t, parts, lens, 1);
    if (err == XE_OK) {
        req_done();
    }
    return err;
}

/* ---- bring-up ----------------------------------------------------------------------------- */

xen_err_t xen_xs_init(UINT handler_priority, ULONG timeout)
{
    uint64_t evtchn, pfn;
    xen_err_t err = hvm_get_param(HVM_PARAM_STORE_EVTCHN, &evtchn);
    if (err != XE_OK) {
        printf("xenstore: HVM_PARAM_STORE_EVTCHN: %s\n", xen_strerror(err));
        return err;
    }
    if (evtchn == 0 || evtchn >= XEN_EVTCHN_MAX_PORTS) {
        printf("xenstore: no store event channel (%llu): not xen,enhanced\n",
               (unsigned long long)evtchn);
        return XE_NOENT;
    }
    store_port = evtchn_init((uint32_t)evtchn);
    if (tx_mutex_create(&req_lock, "xs req", TX_INHERIT) != TX_SUCCESS ||
        tx_mutex_create(&rx_lock, "xs rx", TX_INHERIT) != TX_SUCCESS ||
        tx_semaphore_create(&reply_sem, "xs reply", 0) != TX_SUCCESS ||
        tx_event_flags_create(&bringup, "xs up") != TX_SUCCESS) {
        return XE_NO_SLOT;
    }
    err = xen_evtchn_set_handler(store_port, store_event, NULL, handler_priority);
    if (err != XE_OK) {
        return err;
    }

    /* Until dom0's init-dom0less has run, the page does not exist (PFN ~0). */
    ULONG waited = 0;
    bool said = false;
    for (;;) {
        err = hvm_get_param(HVM_PARAM_STORE_PFN, &pfn);
        if (err != XE_OK) {
            return err;
        }
        if (pfn != 0 && pfn != ~0ull) {
            break;
        }
        if (!said) {
            printf("xenstore: waiting for dom0 to set up the store page (port %u)\n",
                   evtchn_val(store_port));
            said = true;
        }
        if (waited >= timeout) {
            return XE_TIMEOUT;
        }
        ULONG got;
        (void)tx_event_flags_get(&bringup, 1u, TX_OR_CLEAR, &got, PARAM_POLL);
        waited += PARAM_POLL;
    }
    intf = xen_port_map_ram(gfn_to_pa(gfn_init(pfn)), XEN_PAGE_SIZE);
    if (intf == NULL) {
        printf("xenstore: cannot map store page %#llx\n", (unsigned long long)pfn);
        return XE_NO_REGION;
    }
    /* xenstored says CONNECTED once it introduced us. */
    while (*(volatile uint32_t *)&intf->connection != XENSTORE_CONNECTED) {
        if (waited >= timeout) {
            return XE_TIMEOUT;
        }
        ULONG got;
        (void)tx_event_flags_get(&bringup, 1u, TX_OR_CLEAR, &got, PARAM_POLL);
        waited += PARAM_POLL;
    }
    /* Indexes from before we came must be sane too. */
    if (intf->req_prod - intf->req_cons > XENSTORE_RING_SIZE ||
        intf->rsp_prod - intf->rsp_cons > XENSTORE_RING_SIZE) {
        printf("xenstore: ring indexes out of range at connection\n");
        return XE_PEER;
    }
    rsp_cons_own = intf->rsp_cons;
    req_prod_own = intf->req_prod;
    __atomic_store_n(&ready, true, __ATOMIC_RELEASE);
    drain();

    /* Who are we: XS_GET_DOMAIN_PATH needs our id, which the domain path gives back. The id
     * is read from the "domid" node written by init-dom0less under that path. */
    xen_domid_t id;
    err = xen_self_domid(&id);
    if (err != XE_OK) {
        return err;
    }
    char idstr[8]; /* a domid has 5 digits at most */
    (void)snprintf(idstr, sizeof(idstr), "%u", id);
    const void *parts[1] = {idstr};
    size_t lens[1] = {strlen(idstr) + 1};
    err = request(XS_GET_DOMAIN_PATH, XEN_XS_NO_TXN, parts, lens, 1);
    if (err != XE_OK) {
        return err;
    }
    size_t hl = strnlen(reply_body, reply_hdr.len);
    if (hl == 0 || hl >= sizeof(home)) {
        req_done();
        return XE_PEER;
    }
    memcpy(home, reply_body, hl);
    home[hl] = '\0';
    req_done();
    self_id = id;
    char path[64], val[16]; /* home < 32 chars: never cut */
    (void)snprintf(path, sizeof(path), "%s/domid", home);
    uint32_t check;
    if (xen_xs_read(XEN_XS_NO_TXN, path, val, sizeof(val), NULL) == XE_OK &&
        (!xen_xs_parse_u32(val, &check) || check != id)) {
        printf("xenstore: %s says %s, Xen says %u\n", path, val, id);
    }
    printf("xenstore: connected, page %#llx port %u, home %s\n", (unsigned long long)pfn,
           evtchn_val(store_port), home);
    return XE_OK;
}

bool xen_xs_ready(void)
{
    return xs_is_ready() && !reconnecting;
}

const char *xen_xs_home(void)
{
    return home;
}

xen_domid_t xen_xs_domid(void)
{
    return self_id;
}

/* ---- operations --------------------------------------------------------------------------- */

xen_err_t xen_xs_read(xen_xs_txn_t t, const char *path, char *buf, size_t size, size_t *len)
{
    if (path == NULL || buf == NULL || size == 0) {
        return XE_BAD_ARG;
    }
    const void *parts[1] = {path};
    size_t lens[1] = {path_len(path)};
    xen_err_t err = request(XS_READ, t, parts, lens, 1);
    if (err != XE_OK) {
        return err;
    }
    if (reply_hdr.len + 1u > size) {
        req_done();
        return XE_NOSPC;
    }
    memcpy(buf, reply_body, reply_hdr.len);
    buf[reply_hdr.len] = '\0';
    if (len != NULL) {
        *len = reply_hdr.len;
    }
    req_done();
    return XE_OK;
}

xen_err_t xen_xs_write(xen_xs_txn_t t, const char *path, const void *value, size_t len)
{
    if (path == NULL || (value == NULL && len > 0)) {
        return XE_BAD_ARG;
    }
    const void *parts[2] = {path, value};
    size_t lens[2] = {path_len(path), len};
    xen_err_t err = request(XS_WRITE, t, parts, lens, 2);
    if (err == XE_OK) {
        req_done();
    }
    return err;
}

xen_err_t xen_xs_write_str(xen_xs_txn_t t, const char *path, const char *value)
{
    return xen_xs_write(t, path, value, strlen(value));
}

xen_err_t xen_xs_mkdir(xen_xs_txn_t t, const char *path)
{
    return path == NULL ? XE_BAD_ARG : simple(XS_MKDIR, t, path);
}

xen_err_t xen_xs_rm(xen_xs_txn_t t, const char *path)
{
    return path == NULL ? XE_BAD_ARG : simple(XS_RM, t, path);
}

xen_err_t xen_xs_directory(xen_xs_txn_t t, const char *path, char *buf, size_t size,
                           unsigned *count)
{
    if (path == NULL || buf == NULL || count == NULL) {
        return XE_BAD_ARG;
    }
    const void *parts[1] = {path};
    size_t lens[1] = {path_len(path)};
    xen_err_t err = request(XS_DIRECTORY, t, parts, lens, 1);
    if (err != XE_OK) {
        return err;
    }
    err = xen_xs_strings_count(reply_body, reply_hdr.len, count);
    if (err == XE_OK && reply_hdr.len > size) {
        err = XE_NOSPC;
    }
    if (err == XE_OK) {
        memcpy(buf, reply_body, reply_hdr.len);
    }
    req_done();
    return err;
}

xen_err_t xen_xs_get_perms(xen_xs_txn_t t, const char *path, struct xen_xs_perm *perms,
                           unsigned max, unsigned *n)
{
    if (path == NULL || perms == NULL || n == NULL) {
        return XE_BAD_ARG;
    }
    const void *parts[1] = {path};
    size_t lens[1] = {path_len(path)};
    xen_err_t err = request(XS_GET_PERMS, t, parts, lens, 1);
    if (err != XE_OK) {
        return err;
    }
    err = xen_xs_perms_decode(reply_body, reply_hdr.len, perms, max, n);
    req_done();
    return err;
}

xen_err_t xen_xs_set_perms(xen_xs_txn_t t, const char *path, const struct xen_xs_perm *perms,
                           unsigned n)
{
    char wire[128];
    if (path == NULL || perms == NULL) {
        return XE_BAD_ARG;
    }
    size_t wl = xen_xs_perms_encode(perms, n, wire, sizeof(wire));
    if (wl == 0) {
        return XE_BAD_ARG;
    }
    const void *parts[2] = {path, wire};
    size_t lens[2] = {path_len(path), wl};
    xen_err_t err = request(XS_SET_PERMS, t, parts, lens, 2);
    if (err == XE_OK) {
        req_done();
    }
    return err;
}

xen_err_t xen_xs_txn_start(xen_xs_txn_t *t)
{
    if (t == NULL) {
        return XE_BAD_ARG;
    }
    const void *parts[1] = {""};
    size_t lens[1] = {1};
    xen_err_t err = request(XS_TRANSACTION_START, XEN_XS_NO_TXN, parts, lens, 1);
    if (err != XE_OK) {
        return err;
    }
    uint32_t id;
    bool ok = xen_xs_parse_u32(reply_body, &id) && id != 0;
    req_done();
    if (!ok) {
        return XE_PEER;
    }
    *t = id;
    return XE_OK;
}

xen_err_t xen_xs_txn_end(xen_xs_txn_t t, bool commit)
{
    if (t == XEN_XS_NO_TXN) {
        return XE_BAD_ARG;
    }
    const char *arg = commit ? "T" : "F";
    const void *parts[1] = {arg};
    size_t lens[1] = {2};
    xen_err_t err = request(XS_TRANSACTION_END, t, parts, lens, 1);
    if (err == XE_OK) {
        req_done();
    }
    return err;
}

/* ---- watches ------------------------------------------------------------------------------ */

xen_err_t xen_xs_watch(struct xen_xs_watch *w, const char *path)
{
    if (w == NULL || path == NULL || strnlen(path, XEN_XS_PATH_MAX) >= XEN_XS_PATH_MAX) {
        return XE_BAD_ARG;
    }
    memset(w, 0, sizeof(*w));
    memcpy(w->path, path, strlen(path) + 1);
    /* Two threads watching at once get different tokens. Fits 32: 18 chars. */
    (void)snprintf(w->token, sizeof(w->token), "xenrtos-%u",
                   __atomic_add_fetch(&watch_seq, 1u, __ATOMIC_RELAXED));
    if (tx_semaphore_create(&w->events, "xs watch", 0) != TX_SUCCESS) {
        return XE_NO_SLOT;
    }
    /* Listed before the request: xenstored fires the first event right after its reply. */
    unsigned long flags = xen_port_irq_save();
    w->active = true;
    w->next = watches;
    watches = w;
    xen_port_irq_restore(flags);
    const void *parts[2] = {w->path, w->token};
    size_t lens[2] = {strlen(w->path) + 1, strlen(w->token) + 1};
    xen_err_t err = request(XS_WATCH, XEN_XS_NO_TXN, parts, lens, 2);
    if (err == XE_OK) {
        req_done();
    } else {
        (void)xen_xs_unwatch(w);
    }
    return err;
}

xen_err_t xen_xs_watch_wait(struct xen_xs_watch *w, char *path, size_t size, ULONG timeout)
{
    if (w == NULL || !w->active) {
        return XE_BAD_ARG;
    }
    ULONG waited = 0;
    for (;;) {
        ULONG slice = timeout - waited < POLL_TICKS * 10u ? timeout - waited : POLL_TICKS * 10u;
        if (tx_semaphore_get(&w->events, slice) == TX_SUCCESS) {
            break;
        }
        waited += slice;
        drain(); /* an event whose notification was missed */
        if (tx_semaphore_get(&w->events, TX_NO_WAIT) == TX_SUCCESS) {
            break;
        }
        if (waited >= timeout) {
            return XE_TIMEOUT;
        }
    }
    unsigned long flags = xen_port_irq_save();
    if (w->count == 0) {
        xen_port_irq_restore(flags);
        return XE_WOULD_BLOCK;
    }
    const char *p = w->queue[w->head];
    if (path != NULL && size > 0) {
        size_t len = strnlen(p, size - 1);
        memcpy(path, p, len);
        path[len] = '\0';
    }
    w->head = (w->head + 1) % XEN_XS_WATCH_QUEUE;
    w->count--;
    xen_port_irq_restore(flags);
    return XE_OK;
}

xen_err_t xen_xs_unwatch(struct xen_xs_watch *w)
{
    if (w == NULL) {
        return XE_BAD_ARG;
    }
    bool was = w->active;
    unsigned long flags = xen_port_irq_save();
    for (struct xen_xs_watch **pp = &watches; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == w) {
            *pp = w->next;
            break;
        }
    }
    w->active = false;
    xen_port_irq_restore(flags);
    xen_err_t err = XE_OK;
    if (was) {
        const void *parts[2] = {w->path, w->token};
        size_t lens[2] = {strlen(w->path) + 1, strlen(w->token) + 1};
        err = request(XS_UNWATCH, XEN_XS_NO_TXN, parts, lens, 2);
        if (err == XE_OK) {
            req_done();
        }
    }
    tx_semaphore_delete(&w->events);
    return err;
}

void xen_xs_get_stats(struct xen_xs_stats *out)
{
    unsigned long flags = xen_port_irq_save();
    *out = stats;
    xen_port_irq_restore(flags);
}
