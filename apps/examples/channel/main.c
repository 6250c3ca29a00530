/*
 * channel example - two RTOS domains talk over a xen_channel (config/two-domains.cfg boots this
 * image in both). Each finds the static event channel and the static shared memory that the
 * configuration declared, opens its side of the ring pair, and then:
 *   the lower domain id ("client") sends a numbered request every 100 ms and waits for the reply;
 *   the other ("server") answers each request with its number doubled.
 * Once a second both print what they sent, received and rejected (garbage from the peer).
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"
#include "xen_channel.h"
#include "xen_evtchn.h"
#include "xen_hv.h"
#include "xen_shm.h"

#define APP_PRIO     10
#define HANDLER_PRIO 12 /* channel notifications are handled below the application thread */
#define TICKS(ms)    ((ULONG)((ms)*TX_TIMER_TICKS_PER_SECOND / 1000u))

struct request {
    uint32_t seq;
    uint32_t value;
};

static TX_THREAD app_thread;
static uint8_t app_stack[8192] __attribute__((aligned(16)));
static struct xen_channel ch;

/* Find what the configuration set up and open our side; the lower domain id takes side 0. */
static xen_err_t open_channel(int *is_client)
{
    xen_domid_t self, peer;
    evtchn_t port;
    struct xen_shm shm;
    const char *id;
    xen_err_t err;

    if ((err = xen_hv_init()) != XE_OK || (err = xen_evtchn_init()) != XE_OK ||
        (err = xen_self_domid(&self)) != XE_OK ||
        (err = xen_evtchn_static_find(XEN_DOMID_ANY, 0, &port, &peer)) != XE_OK ||
        (err = xen_shm_map_first(&shm, &id)) != XE_OK) {
        return err;
    }
    *is_client = self < peer;
    printf("channel: domain %u, peer %u, port %u, shared memory '%s' (%llu KB), %s\n", self, peer,
           evtchn_val(port), id, (unsigned long long)(shm.size / 1024),
           *is_client ? "client" : "server");
    /* Both sides must pass the same size: 64 KB of the region is plenty for small messages. */
    size_t size = shm.size < 65536u ? shm.size : 65536u;
    err = xen_channel_open(&ch, shm.va, size, *is_client ? 0 : 1, port, HANDLER_PRIO);
    return err == XE_OK ? xen_channel_wait_peer(&ch, TX_WAIT_FOREVER) : err;
}

static void report(uint32_t sent, uint32_t received)
{
    struct xen_channel_stats st;
    xen_channel_get_stats(&ch, &st);
    printf("channel: sent %u received %u rejected %u (notifications sent %u, saved %u)\n", sent,
           received, st.rx.bad_record + st.rx.bad_index, st.tx.notify_sent, st.tx.notify_saved);
}

static void app_entry(ULONG arg)
{
    (void)arg;
    int is_client = 0;
    uint32_t sent = 0, received = 0;
    ULONG next_report = tx_time_get() + TX_TIMER_TICKS_PER_SECOND;
    xen_err_t err = open_channel(&is_client);
    if (err != XE_OK) {
        printf("channel: cannot open: %s\n", xen_strerror(err));
        return;
    }
    for (;;) {
        struct request msg = {0};
        uint32_t len = 0;
        if (is_client) {
            msg.seq = sent;
            msg.value = sent;
            err = xen_channel_send(&ch, &msg, sizeof(msg), TICKS(1000));
            if (err == XE_OK) {
                sent++;
                err = xen_channel_receive(&ch, &msg, sizeof(msg), &len, TICKS(1000));
            }
            if (err == XE_OK && len == sizeof(msg) && msg.value == 2 * msg.seq) {
                received++;
            }
            tx_thread_sleep(TICKS(100));
        } else {
            err = xen_channel_receive(&ch, &msg, sizeof(msg), &len, TICKS(1000));
            if (err == XE_OK && len == sizeof(msg)) {
                received++;
                msg.value *= 2;
                sent += xen_channel_send(&ch, &msg, sizeof(msg), TICKS(1000)) == XE_OK;
            }
        }
        if (err != XE_OK && err != XE_TIMEOUT) {
            printf("channel: %s\n", xen_strerror(err));
        }
        if ((LONG)(tx_time_get() - next_report) >= 0) {
            report(sent, received);
            next_report += TX_TIMER_TICKS_PER_SECOND;
        }
    }
}

VOID tx_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
    (void)tx_thread_create(&app_thread, "channel", app_entry, 0, app_stack, sizeof(app_stack),
                           APP_PRIO, APP_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
