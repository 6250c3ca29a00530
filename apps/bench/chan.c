/*
 * chan.c - the channel between two RTOS domains (xen_channel.h over the static event channel and
 * static shared memory of bench/cfg/chan.cfg), both running this image with bench=chan. The
 * lower domain id leads:
 *   rtt    PING -> PONG round trips, each timed by the leader
 *   flood  the leader sends FLOOD_N messages as fast as the ring takes them, the follower
 *          receives them all and answers DONE with its hypercall counts; messages per second
 *          and hypercalls per message of both sides
 * Hypercalls are counted here, in the guest: every HYPERVISOR_* stub the Xen layer calls is
 * observed (xen_hypercall_observer), so a count is exactly the HVCs issued.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "tx_api.h"
#include "xen_channel.h"
#include "xen_evtchn.h"
#include "xen_hv.h"
#include "xen_hypercall.h"
#include "xen_shm.h"
#include "xenrtos/platform.h"

#define HANDLER_PRIO 5
#define RTT_WARM     20u
#define RTT_N        1000u
#define FLOOD_N      20000u
#define WAIT_LONG    (30 * TX_TIMER_TICKS_PER_SECOND)

/* ---- hypercall counting --------------------------------------------------------------------- */

struct bench_hypercalls bench_hc;

/* Installed by the exchange (xen_hypercall_observer, xen_hypercall.h): every stub reports here
 * before its HVC, so a count is exactly the HVCs issued. */
static void count_hypercall(unsigned long nr, unsigned long cmd)
{
    bench_hc.total++;
    if (nr == __HYPERVISOR_event_channel_op) {
        if (cmd == EVTCHNOP_send) {
            bench_hc.evtchn_send++;
        } else {
            bench_hc.evtchn_other++;
        }
    } else if (nr == __HYPERVISOR_sched_op) {
        bench_hc.sched++;
    } else {
        bench_hc.other++;
    }
}

void bench_count_hypercalls(void)
{
    xen_hypercall_observer = count_hypercall;
}

/* ---- the exchange --------------------------------------------------------------------------- */

enum { MSG_PING = 1, MSG_PONG, MSG_DATA, MSG_DONE };

struct msg {
    uint32_t type;
    uint32_t seq;
    uint64_t a, b, c;    /* DONE: the follower's hypercalls (total, sends, other) */
    uint8_t payload[32]; /* 64-byte messages */
};

static struct xen_channel ch;

static bool send_msg(const struct msg *m)
{
    xen_err_t e = xen_channel_send(&ch, m, sizeof(*m), WAIT_LONG);
    if (e != XE_OK) {
        printf("bench: chan send: %s\n", xen_strerror(e));
        return false;
    }
    return true;
}

static bool recv_msg(struct msg *m, uint32_t type)
{
    uint32_t len;
    xen_err_t e = xen_channel_receive(&ch, m, sizeof(*m), &len, WAIT_LONG);
    if (e != XE_OK) {
        printf("bench: chan receive: %s\n", xen_strerror(e));
        return false;
    }
    if (len != sizeof(*m) || m->type != type) {
        printf("bench: chan: expected type %u, got %u (%u bytes)\n", type, m->type, len);
        return false;
    }
    return true;
}

static void leader(void)
{
    struct msg m = {0};
    struct bench_hypercalls rtt_before = {0};
    uint64_t sum = 0, max = 0;

    for (uint32_t i = 0; i < RTT_WARM + RTT_N; i++) {
        if (i == RTT_WARM) {
            rtt_before = bench_hc;
        }
        uint64_t t0 = xr_counter_now();
        m.type = MSG_PING;
        m.seq = i;
        if (!send_msg(&m) || !recv_msg(&m, MSG_PONG)) {
            return;
        }
        uint64_t d = xr_counter_now() - t0;
        if (i >= RTT_WARM) {
            sum += d;
            max = d > max ? d : max;
        }
    }
    /* The peer sleeps between pings, so every message asks for a notification. */
    printf("BENCH chan rtt n=%u mean_ns=%llu max_ns=%llu leader_hc=%llu leader_send=%llu\n", RTT_N,
           (unsigned long long)bench_ns(sum / RTT_N), (unsigned long long)bench_ns(max),
           (unsigned long long)(bench_hc.total - rtt_before.total),
           (unsigned long long)(bench_hc.evtchn_send - rtt_before.evtchn_send));

    struct bench_hypercalls before = bench_hc;
    uint64_t t0 = xr_counter_now();
    m.type = MSG_DATA;
    for (uint32_t i = 0; i < FLOOD_N; i++) {
        m.seq = i;
        if (!send_msg(&m)) {
            return;
        }
    }
    if (!recv_msg(&m, MSG_DONE)) {
        return;
    }
    uint64_t ns = bench_ns(xr_counter_now() - t0);
    uint64_t own = bench_hc.total - before.total;
    uint64_t own_send = bench_hc.evtchn_send - before.evtchn_send;
    /* Two lines: Xen splits a guest's console line after 128 characters. */
    printf("BENCH chan flood n=%u ns=%llu msgs_per_s=%llu hc_per_million_msgs=%llu\n", FLOOD_N,
           (unsigned long long)ns,
           (unsigned long long)(ns ? (uint64_t)FLOOD_N * 1000000000ull / ns : 0),
           (unsigned long long)((own + m.a) * 1000000 / FLOOD_N));
    printf("BENCH chan hypercalls leader_hc=%llu leader_send=%llu follower_hc=%llu "
           "follower_send=%llu\n",
           (unsigned long long)own, (unsigned long long)own_send, (unsigned long long)m.a,
           (unsigned long long)m.b);
}

static void follower(void)
{
    struct msg m;

    for (uint32_t i = 0; i < RTT_WARM + RTT_N; i++) {
        if (!recv_msg(&m, MSG_PING)) {
            return;
        }
        m.type = MSG_PONG;
        if (!send_msg(&m)) {
            return;
        }
    }
    struct bench_hypercalls before = bench_hc;
    for (uint32_t i = 0; i < FLOOD_N; i++) {
        if (!recv_msg(&m, MSG_DATA)) {
            return;
        }
        if (m.seq != i) {
            printf("bench: chan flood: message %u has sequence %u\n", i, m.seq);
            return;
        }
    }
    memset(&m, 0, sizeof(m));
    m.type = MSG_DONE;
    m.a = bench_hc.total - before.total;
    m.b = bench_hc.evtchn_send - before.evtchn_send;
    m.c = bench_hc.other - before.other;
    (void)send_msg(&m);
    printf("BENCH chan follower n=%u hc=%llu send=%llu\n", FLOOD_N, (unsigned long long)m.a,
           (unsigned long long)m.b);
}

void bench_chan(void)
{
    xen_domid_t self, peer;
    evtchn_t port;
    struct xen_shm shm;
    const char *id;
    xen_err_t e;

    if ((e = xen_hv_init()) != XE_OK || (e = xen_evtchn_init()) != XE_OK ||
        (e = xen_self_domid(&self)) != XE_OK ||
        (e = xen_evtchn_static_find(XEN_DOMID_ANY, 0, &port, &peer)) != XE_OK ||
        (e = xen_shm_map_first(&shm, &id)) != XE_OK) {
        printf("bench: chan: Xen set-up failed: %s\n", xen_strerror(e));
        return;
    }
    size_t size = shm.size > (1u << 20) ? (1u << 20) : shm.size;
    bool lead = self < peer;
    if ((e = xen_channel_open(&ch, shm.va, size, lead ? 0 : 1, port, HANDLER_PRIO)) != XE_OK ||
        (e = xen_channel_wait_peer(&ch, WAIT_LONG)) != XE_OK) {
        printf("bench: chan: open: %s\n", xen_strerror(e));
        return;
    }
    printf("bench: chan: domain %u %s, peer %u, rings of %u bytes\n", self,
           lead ? "leads" : "follows", peer, ch.rings.tx.size);
    if (lead) {
        leader();
    } else {
        follower();
    }
}
