/*
 * vchan-peer - the far end of a channel that dies: started by dom0 with `xl create` (dom0/client/
 * xenrtos-vchan-peer-xl.cfg), it publishes a vchan server for the RTOS service's domain
 * (bootarg peer=<domid>, default 1) under <home>/data/vchan-peer, takes the service's
 * connection and its hello line, and then holds the channel without ever answering, printing a
 * line each second, until dom0 destroys it (`xl destroy`). The service, a vchan client here
 * (its `vchan-client` command), must notice, end its side (unmapping our pages, so that Xen can
 * free this domain) and go on serving: dom0/client/service-test.sh linux-xl-destroy-peer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tx_api.h"
#include "xen_evtchn.h"
#include "xen_gnttab.h"
#include "xen_hv.h"
#include "xen_vchan.h"
#include "xen_xenstore.h"
#include "xenrtos/platform.h"

#define HANDLER_PRIO 10
#define MAIN_PRIO    12
#define XS_WAIT      (30u * TX_TIMER_TICKS_PER_SECOND)

static TX_THREAD main_thread;
static uint8_t main_stack[16384] __attribute__((aligned(16)));
static uint8_t page[XEN_PAGE_SIZE] __attribute__((aligned(XEN_PAGE_SIZE)));
static struct xen_vchan chan;
static char path[XEN_XS_PATH_MAX];

static xen_domid_t peer_domid(void)
{
    char v[8];
    char *end = NULL;
    unsigned long id = 1;

    if (xr_bootarg("peer", v, sizeof(v))) {
        id = strtoul(v, &end, 10);
        if (end == v || *end != '\0' || id >= DOMID_FIRST_RESERVED) {
            printf("vchan-peer: bad peer=%s, using domain 1\n", v);
            id = 1;
        }
    }
    return (xen_domid_t)id;
}

static void main_entry(ULONG arg)
{
    (void)arg;
    xen_err_t err = xen_hv_init();
    err = err == XE_OK ? xen_evtchn_init() : err;
    err = err == XE_OK ? xen_gnttab_init() : err;
    err = err == XE_OK ? xen_xs_init(HANDLER_PRIO, XS_WAIT) : err;
    if (err != XE_OK) {
        printf("vchan-peer: Xen layer: %s\n", xen_strerror(err));
        return;
    }
    xen_domid_t peer = peer_domid();
    (void)snprintf(path, sizeof(path), "%s/data/vchan-peer", xen_xs_home());
    err = xen_vchan_server_init(&chan, page, peer, path, HANDLER_PRIO);
    if (err != XE_OK) {
        printf("vchan-peer: vchan server for domain %u at %s: %s\n", peer, path, xen_strerror(err));
        return;
    }
    printf("vchan-peer: listening on %s for domain %u\n", path, peer);
    err = xen_vchan_wait_connected(&chan, TX_WAIT_FOREVER);
    if (err != XE_OK) {
        printf("vchan-peer: waiting for the client: %s\n", xen_strerror(err));
        return;
    }
    char line[64];
    size_t got = 0;
    err = xen_vchan_read(&chan, line, sizeof(line) - 1, &got, 10u * TX_TIMER_TICKS_PER_SECOND);
    line[got] = '\0';
    printf("vchan-peer: connected, received %u bytes (%s); holding the channel\n", (unsigned)got,
           xen_strerror(err));
    for (unsigned s = 1;; s++) {
        tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND);
        printf("vchan-peer: holding %u s, client %s\n", s,
               xen_vchan_peer_live(&chan) ? "connected" : "gone");
    }
}

void tx_application_define(void *first_unused)
{
    (void)first_unused;
    if (tx_thread_create(&main_thread, "vchan-peer", main_entry, 0, main_stack, sizeof(main_stack),
                         MAIN_PRIO, MAIN_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START) != TX_SUCCESS) {
        printf("PANIC: vchan-peer: cannot create its thread\n");
    }
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
