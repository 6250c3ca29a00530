/*
 * channel.c - xen_channel.h: rings (ring.c) + event channel + ThreadX waits.
 *
 * Every notification from the peer sets both wake flags; each waiter re-checks its own
 * condition, so a stale flag costs one extra loop and a missed one cannot happen: a waiter
 * publishes its event index (xring_*_prepare_wait) before it sleeps, and the peer notifies
 * after it moved its index past it.
 */
#include <stdio.h>

#include "xen_channel.h"
#include "xen_evtchn.h"
#include "xen_trace.h"

#define FLAG_RX            1u /* peer published data (or opened) */
#define FLAG_TX            2u /* peer consumed data (or opened) */

#define BAD_INDEX_POLL_MAX 64u /* longest wait between looks at a peer index found garbage */

static void on_event(evtchn_t port, void *arg)
{
    (void)port;
    struct xen_channel *ch = arg;
    __atomic_fetch_add(&ch->events_in, 1u, __ATOMIC_RELAXED);
    (void)tx_event_flags_set(&ch->flags, FLAG_RX | FLAG_TX, TX_OR);
}

/* One line per restart, whichever direction notices it first (both do). */
static void note_restart(struct xen_channel *ch, const struct xring *r, uint32_t restarts_before)
{
    if (r->stats.peer_restarts == restarts_before) {
        return;
    }
    if (__atomic_exchange_n(&ch->logged_gen, r->peer_gen, __ATOMIC_RELAXED) != r->peer_gen) {
        __atomic_fetch_add(&ch->peer_restarts, 1u, __ATOMIC_RELAXED);
        __atomic_fetch_add(&ch->log_lines, 1u, __ATOMIC_RELAXED);
        printf("xen-channel: port %u: peer restarted (generation %u), resynchronised\n",
               evtchn_val(ch->port), r->peer_gen);
    }
}

/* One line at the start of a run of garbage from the peer (cleared by the next good result). */
static void note_garbage(struct xen_channel *ch, bool *in_run, xen_err_t err, const char *what)
{
    if (err == XE_PEER && !*in_run) {
        *in_run = true;
        __atomic_fetch_add(&ch->log_lines, 1u, __ATOMIC_RELAXED);
        printf("xen-channel: port %u: peer wrote garbage (%s), counted and skipped\n",
               evtchn_val(ch->port), what);
    } else if (err == XE_OK) {
        *in_run = false;
    }
}

static void notify_peer(struct xen_channel *ch)
{
    /* Sender and receiver (two threads, maybe on two vCPUs) both notify. */
    if (xen_evtchn_send(ch->port) == XE_OK) {
        __atomic_fetch_add(&ch->events_out, 1u, __ATOMIC_RELAXED);
    }
}

xen_err_t xen_channel_open(struct xen_channel *ch, void *shared, size_t size, unsigned side,
                           evtchn_t port, UINT priority)
{
    if (ch == NULL) {
        return XE_BAD_ARG;
    }
    *ch = (struct xen_channel){.port = port, .bad_wait = 1};
    xen_err_t err = xring_pair_init(&ch->rings, shared, size, side);
    if (err != XE_OK) {
        return err;
    }
    if (tx_event_flags_create(&ch->flags, "xen-channel") != TX_SUCCESS) {
        return XE_BAD_ARG;
    }
    err = xen_evtchn_set_handler(port, on_event, ch, priority);
    if (err != XE_OK) {
        (void)tx_event_flags_delete(&ch->flags);
        return err;
    }
    ch->logged_gen = ch->rings.rx.peer_gen;
    ch->open = true;
    /* The peer may already wait for our hello (or, after our restart, for anything). */
    notify_peer(ch);
    return XE_OK;
}

void xen_channel_close(struct xen_channel *ch)
{
    if (ch != NULL && ch->open) {
        (void)xen_evtchn_set_handler(ch->port, NULL, NULL, 0);
        (void)tx_event_flags_delete(&ch->flags);
        ch->open = false;
    }
}

uint32_t xen_channel_max_msg(const struct xen_channel *ch)
{
    return xring_max_msg(ch->rings.tx.size);
}

/* Ticks left of `wait` since `start`; 0 once elapsed. TX_WAIT_FOREVER stays forever. */
static ULONG remaining(ULONG wait, ULONG start)
{
    if (wait == TX_WAIT_FOREVER) {
        return TX_WAIT_FOREVER;
    }
    ULONG spent = tx_time_get() - start;
    return spent >= wait ? 0 : wait - spent;
}

/* Sleep until `flag` is set or `left` ticks pass. XE_OK when woken. */
static xen_err_t sleep_on(struct xen_channel *ch, ULONG flag, ULONG left)
{
    ULONG actual;
    if (left == 0) {
        return XE_TIMEOUT;
    }
    UINT rc = tx_event_flags_get(&ch->flags, flag, TX_OR_CLEAR, &actual, left);
    return rc == TX_SUCCESS ? XE_OK : XE_TIMEOUT;
}

static xen_err_t timeout_result(ULONG wait_option)
{
    return wait_option == TX_NO_WAIT ? XE_WOULD_BLOCK : XE_TIMEOUT;
}

xen_err_t xen_channel_wait_peer(struct xen_channel *ch, ULONG wait_option)
{
    if (ch == NULL || !ch->open) {
        return XE_BAD_ARG;
    }
    ULONG start = tx_time_get();
    while (!xring_pair_peer_ready(&ch->rings)) {
        if (sleep_on(ch, FLAG_RX, remaining(wait_option, start)) != XE_OK) {
            return timeout_result(wait_option);
        }
    }
    return XE_OK;
}

xen_err_t xen_channel_send(struct xen_channel *ch, const void *msg, uint32_t len, ULONG wait_option)
{
    if (ch == NULL || !ch->open) {
        return XE_BAD_ARG;
    }
    if (!xring_pair_peer_ready(&ch->rings)) {
        return XE_NOT_READY;
    }
    ULONG start = tx_time_get();
    for (;;) {
        bool notify;
        uint32_t restarts = ch->rings.tx.stats.peer_restarts;
        xen_err_t err = xring_send(&ch->rings.tx, msg, len, &notify);
        note_restart(ch, &ch->rings.tx, restarts);
        note_garbage(ch, &ch->tx_garbage, err, "consumer index");
        if (err == XE_OK) {
            XEN_TRACE(XEN_TRACE_CHANNEL_SEND, evtchn_val(ch->port), len);
        }
        if (err == XE_OK && notify) {
            notify_peer(ch);
        }
        if (err != XE_WOULD_BLOCK) {
            return err;
        }
        if (wait_option == TX_NO_WAIT) {
            return XE_WOULD_BLOCK; /* without asking the peer for a notification */
        }
        if (!xring_tx_prepare_wait(&ch->rings.tx, len)) {
            continue; /* space appeared meanwhile */
        }
        if (sleep_on(ch, FLAG_TX, remaining(wait_option, start)) != XE_OK) {
            return timeout_result(wait_option);
        }
    }
}

xen_err_t xen_channel_receive(struct xen_channel *ch, void *buf, uint32_t cap, uint32_t *len,
                              ULONG wait_option)
{
    if (ch == NULL || !ch->open || len == NULL) {
        return XE_BAD_ARG;
    }
    ULONG start = tx_time_get();
    for (;;) {
        bool notify;
        uint32_t restarts = ch->rings.rx.stats.peer_restarts;
        xen_err_t err = xring_recv(&ch->rings.rx, buf, cap, len, &notify);
        note_restart(ch, &ch->rings.rx, restarts);
        if (notify) {
            notify_peer(ch);
        }
        bool bad_index = err == XE_PEER && !xring_rx_index_valid(&ch->rings.rx);
        note_garbage(ch, &ch->rx_garbage, err, bad_index ? "producer index" : "record");
        if (err == XE_OK) {
            XEN_TRACE(XEN_TRACE_CHANNEL_RECEIVE, evtchn_val(ch->port), *len);
        }
        if (!bad_index) {
            ch->bad_wait = 1;
        }
        if (err == XE_PEER && !bad_index) {
            continue; /* a bad record was dropped: look at what follows */
        }
        if (err != XE_WOULD_BLOCK && !bad_index) {
            return err;
        }
        if (wait_option == TX_NO_WAIT) {
            return XE_WOULD_BLOCK;
        }
        ULONG left = remaining(wait_option, start);
        if (bad_index) {
            /* The peer's index is garbage (counted). Its repair may come without a notification
             * (the event index protocol assumes we saw what it had published), so look again
             * at the next notification or after a timeout that doubles up to
             * BAD_INDEX_POLL_MAX: a peer stuck on garbage costs a few wake-ups, not one a tick. */
            if (left == 0) {
                return timeout_result(wait_option);
            }
            ULONG wait = ch->bad_wait < left ? ch->bad_wait : left;
            if (sleep_on(ch, FLAG_RX, wait) != XE_OK && ch->bad_wait < BAD_INDEX_POLL_MAX) {
                ch->bad_wait *= 2u;
            }
            continue;
        }
        if (!xring_rx_prepare_wait(&ch->rings.rx)) {
            continue; /* data raced in */
        }
        if (sleep_on(ch, FLAG_RX, left) != XE_OK) {
            return timeout_result(wait_option);
        }
    }
}

void xen_channel_get_stats(struct xen_channel *ch, struct xen_channel_stats *out)
{
    out->tx = ch->rings.tx.stats;
    out->rx = ch->rings.rx.stats;
    out->events_in = __atomic_load_n(&ch->events_in, __ATOMIC_RELAXED);
    out->events_out = __atomic_load_n(&ch->events_out, __ATOMIC_RELAXED);
    out->peer_restarts = __atomic_load_n(&ch->peer_restarts, __ATOMIC_RELAXED);
    out->log_lines = __atomic_load_n(&ch->log_lines, __ATOMIC_RELAXED);
}
