/*
 * service - the RTOS application of config/linux.cfg: a real-time thread running from
 * the first tick, and, once dom0 has given the domain its XenStore, a command service on a
 * libxenvchan channel (/local/domain/<id>/data/vchan/0/cmd, server side) and on the PV console.
 *
 * Start-up prints verdict lines (docs/design.md) for what it checks against the real xenstored:
 *   svc-xen-start    hypervisor, event channels, grant table
 *   svc-xs-connect   store page found after dom0's init-dom0less, connection up
 *   svc-xs-rw        write, read back, read of a missing node fails with ENOENT, a write
 *                    outside our subtree fails with EACCES
 *   svc-xs-dir       directory listing
 *   svc-xs-perms     set and get permissions
 *   svc-xs-txn       a write inside a transaction is invisible outside until commit; an aborted
 *                    one never appears
 *   svc-xs-watch     the initial event and the event of a later write reach the waiting thread
 *   svc-events-up    the raw events port for dom0 (events.c) is allocated and published at
 *                    <home>/data/xenrtos/events-port
 *   svc-vchan-up     the channel is published (ring-ref, event-channel, readable by dom0)
 * then "service: ready" (no TEST-DONE: dom0's checks end the run).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "service.h"
#include "xen_evtchn.h"
#include "xen_gnttab.h"
#include "xen_hv.h"
#include "xen_pvconsole.h"
#include "xen_vchan.h"
#include "xen_xenstore.h"
#include "xenrtos/platform.h"
#include "xr_test.h"

#define XS_WAIT (600u * TX_TIMER_TICKS_PER_SECOND) /* dom0 boots in seconds; be patient */
#define IO_WAIT (5u * TX_TIMER_TICKS_PER_SECOND)

static TX_THREAD start_thread, cmd_thread, con_thread;
static uint8_t start_stack[8192] __attribute__((aligned(16)));
static uint8_t cmd_stack[8192] __attribute__((aligned(16)));
static uint8_t con_stack[8192] __attribute__((aligned(16)));

#define CHECK(name, cond, ...)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            return xr_verdict(name, false, __VA_ARGS__);                                           \
        }                                                                                          \
    } while (0)

#define CHECK_OK(name, expr)                                                                       \
    do {                                                                                           \
        xen_err_t e_ = (expr);                                                                     \
        CHECK(name, e_ == XE_OK, "%s: %s", #expr, xen_strerror(e_));                               \
    } while (0)

static char node[XEN_XS_PATH_MAX];

static const char *at(const char *rel)
{
    snprintf(node, sizeof(node), "%s/data/xenrtos/%s", xen_xs_home(), rel);
    return node;
}

/* ---- XenStore checks against the real daemon ---------------------------------------------- */

static bool xs_rw(void)
{
    const char *t = "svc-xs-rw";
    char buf[64];
    size_t len;
    CHECK_OK(t, xen_xs_write_str(XEN_XS_NO_TXN, at("hello"), "from the RTOS"));
    CHECK_OK(t, xen_xs_read(XEN_XS_NO_TXN, at("hello"), buf, sizeof(buf), &len));
    CHECK(t, len == 13 && strcmp(buf, "from the RTOS") == 0, "read back '%s' (%u)", buf,
          (unsigned)len);
    xen_err_t e = xen_xs_read(XEN_XS_NO_TXN, at("missing"), buf, sizeof(buf), NULL);
    CHECK(t, e == XE_NOENT, "missing node: %s", xen_strerror(e));
    e = xen_xs_read(XEN_XS_NO_TXN, at("hello"), buf, 4, NULL);
    CHECK(t, e == XE_NOSPC, "short buffer: %s", xen_strerror(e));
    e = xen_xs_write_str(XEN_XS_NO_TXN, "/local/domain/0/data/xenrtos-intruder", "x");
    CHECK(t, e == XE_ACCES, "write into dom0's tree: %s", xen_strerror(e));
    CHECK_OK(t, xen_xs_read(XEN_XS_NO_TXN, "name", buf, sizeof(buf), NULL)); /* relative path */
    printf("service: xenstore name '%s'\n", buf);
    return xr_verdict(t, true, "-");
}

static bool xs_dir(void)
{
    const char *t = "svc-xs-dir";
    char list[256];
    unsigned n;
    CHECK_OK(t, xen_xs_write_str(XEN_XS_NO_TXN, at("dir/a"), "1"));
    CHECK_OK(t, xen_xs_write_str(XEN_XS_NO_TXN, at("dir/b"), "2"));
    CHECK_OK(t, xen_xs_directory(XEN_XS_NO_TXN, at("dir"), list, sizeof(list), &n));
    CHECK(t, n == 2, "%u entries", n);
    const char *x = xen_xs_strings_get(list, sizeof(list), 0);
    const char *y = xen_xs_strings_get(list, sizeof(list), 1);
    CHECK(t,
          x != NULL && y != NULL &&
              ((strcmp(x, "a") == 0 && strcmp(y, "b") == 0) ||
               (strcmp(x, "b") == 0 && strcmp(y, "a") == 0)),
          "entries '%s' '%s'", x ? x : "?", y ? y : "?");
    CHECK_OK(t, xen_xs_rm(XEN_XS_NO_TXN, at("dir")));
    xen_err_t e = xen_xs_directory(XEN_XS_NO_TXN, at("dir"), list, sizeof(list), &n);
    CHECK(t, e == XE_NOENT, "after rm: %s", xen_strerror(e));
    return xr_verdict(t, true, "-");
}

static bool xs_perms(void)
{
    const char *t = "svc-xs-perms";
    struct xen_xs_perm p[4];
    unsigned n;
    xen_domid_t self = xen_xs_domid();
    CHECK_OK(t, xen_xs_get_perms(XEN_XS_NO_TXN, at("hello"), p, 4, &n));
    CHECK(t, n >= 1 && p[0].domid == self, "owner %u, want %u", n ? p[0].domid : 0xffff, self);
    struct xen_xs_perm set[2] = {{self, XEN_XS_PERM_NONE}, {0, XEN_XS_PERM_READ}};
    CHECK_OK(t, xen_xs_set_perms(XEN_XS_NO_TXN, at("hello"), set, 2));
    CHECK_OK(t, xen_xs_get_perms(XEN_XS_NO_TXN, at("hello"), p, 4, &n));
    CHECK(t,
          n == 2 && p[0].domid == self && p[0].perms == XEN_XS_PERM_NONE && p[1].domid == 0 &&
              p[1].perms == XEN_XS_PERM_READ,
          "got %u entries", n);
    return xr_verdict(t, true, "-");
}

static bool xs_txn(void)
{
    const char *t = "svc-xs-txn";
    char buf[16];
    xen_xs_txn_t x;
    (void)xen_xs_rm(XEN_XS_NO_TXN, at("txn"));
    CHECK_OK(t, xen_xs_txn_start(&x));
    CHECK_OK(t, xen_xs_write_str(x, at("txn"), "inside"));
    CHECK_OK(t, xen_xs_read(x, at("txn"), buf, sizeof(buf), NULL));
    xen_err_t e = xen_xs_read(XEN_XS_NO_TXN, at("txn"), buf, sizeof(buf), NULL);
    CHECK(t, e == XE_NOENT, "visible before commit: %s", xen_strerror(e));
    CHECK_OK(t, xen_xs_txn_end(x, true));
    CHECK_OK(t, xen_xs_read(XEN_XS_NO_TXN, at("txn"), buf, sizeof(buf), NULL));
    CHECK(t, strcmp(buf, "inside") == 0, "after commit '%s'", buf);
    CHECK_OK(t, xen_xs_txn_start(&x));
    CHECK_OK(t, xen_xs_write_str(x, at("aborted"), "never"));
    CHECK_OK(t, xen_xs_txn_end(x, false));
    e = xen_xs_read(XEN_XS_NO_TXN, at("aborted"), buf, sizeof(buf), NULL);
    CHECK(t, e == XE_NOENT, "aborted write visible: %s", xen_strerror(e));
    return xr_verdict(t, true, "-");
}

static struct xen_xs_watch watch;

static bool xs_watch(void)
{
    const char *t = "svc-xs-watch";
    char fired[XEN_XS_PATH_MAX];
    char path[XEN_XS_PATH_MAX];
    snprintf(path, sizeof(path), "%s", at("watched"));
    CHECK_OK(t, xen_xs_watch(&watch, path));
    /* xenstored fires once at registration. */
    CHECK_OK(t, xen_xs_watch_wait(&watch, fired, sizeof(fired), IO_WAIT));
    CHECK(t, strcmp(fired, path) == 0, "initial event for '%s'", fired);
    xen_err_t e = xen_xs_watch_wait(&watch, fired, sizeof(fired), TX_TIMER_TICKS_PER_SECOND / 5);
    CHECK(t, e == XE_TIMEOUT, "event without a write: %s", xen_strerror(e));
    CHECK_OK(t, xen_xs_write_str(XEN_XS_NO_TXN, path, "1"));
    CHECK_OK(t, xen_xs_watch_wait(&watch, fired, sizeof(fired), IO_WAIT));
    CHECK(t, strcmp(fired, path) == 0, "event for '%s'", fired);
    CHECK_OK(t, xen_xs_unwatch(&watch));
    return xr_verdict(t, true, "-");
}

/* ---- command service over vchan ---------------------------------------------------------- */

#define NPAGES 3
static uint8_t vpages[NPAGES][XEN_PAGE_SIZE] __attribute__((aligned(XEN_PAGE_SIZE)));
static struct xen_vchan chans[NPAGES];
static bool busy[NPAGES]; /* in use, or its last client has not unmapped it yet */
static char vchan_path[XEN_XS_PATH_MAX];

struct vchan_ctx {
    struct xen_vchan *v;
    xen_err_t err;
};

static void vchan_out(void *ctx, const char *text, size_t len)
{
    struct vchan_ctx *c = ctx;
    if (c->err == XE_OK) {
        c->err = xen_vchan_write(c->v, text, len, IO_WAIT);
    }
}

static void vchan_line(void *ctx, const char *line)
{
    struct vchan_ctx *c = ctx;
    if (line == NULL) {
        vchan_out(c, "error: line too long\n", 21);
        return;
    }
    cmd_execute(line, vchan_out, c);
}

static void serve(struct xen_vchan *v)
{
    static struct cmd_lines lines;
    char buf[256];
    struct vchan_ctx c = {v, XE_OK};
    memset(&lines, 0, sizeof(lines));
    for (;;) {
        size_t got;
        xen_err_t err = xen_vchan_read(v, buf, sizeof(buf), &got, TX_TIMER_TICKS_PER_SECOND);
        if (err == XE_TIMEOUT) {
            continue;
        }
        if (err != XE_OK) {
            if (err != XE_NOENT) {
                printf("service: vchan read: %s; dropping the client\n", xen_strerror(err));
            }
            return;
        }
        cmd_feed(&lines, buf, got, vchan_line, &c);
        if (c.err != XE_OK) {
            printf("service: vchan write: %s; dropping the client\n", xen_strerror(c.err));
            return;
        }
    }
}

/* A free page for the next endpoint; pages of retired endpoints become free once their grant
 * could be ended (the departed client unmapped them). */
static int free_page(void)
{
    for (int k = 0; k < NPAGES; k++) {
        if (busy[k] && !chans[k].open && xen_vchan_close(&chans[k]) == XE_OK) {
            busy[k] = false;
        }
    }
    for (int k = 0; k < NPAGES; k++) {
        if (!busy[k]) {
            return k;
        }
    }
    return -1;
}

/* Create and publish an endpoint on a free page; -1 if none could be made now. */
static int publish_endpoint(void)
{
    int k = free_page();
    if (k < 0) {
        return -1;
    }
    xen_err_t err = xen_vchan_server_init(&chans[k], vpages[k], 0, vchan_path, HANDLER_PRIO);
    if (err != XE_OK) {
        printf("service: vchan endpoint: %s\n", xen_strerror(err));
        return -1;
    }
    busy[k] = true;
    return k;
}

/* One client at a time. As soon as a client is connected, the endpoint for the next one is
 * published (overwriting ring-ref and event-channel), so a client that comes while or right
 * after another leaves never finds the path missing nor a departing endpoint. */
static void cmd_entry(ULONG arg)
{
    (void)arg;
    int cur = publish_endpoint();
    xr_verdict("svc-vchan-up", cur >= 0, "no endpoint");
    if (cur < 0) {
        return;
    }
    printf("service: listening on %s (ref %u, port %u)\n", vchan_path, gref_val(chans[cur].ref),
           evtchn_val(chans[cur].port));
    printf("service: ready\n");
    for (;;) {
        xen_err_t err = xen_vchan_wait_connected(&chans[cur], TX_WAIT_FOREVER);
        int next = publish_endpoint();
        if (err == XE_OK) {
            serve(&chans[cur]);
        } else {
            printf("service: waiting for a client: %s\n", xen_strerror(err));
        }
        err = next >= 0 ? xen_vchan_retire(&chans[cur]) : xen_vchan_close(&chans[cur]);
        for (unsigned k = 0; k < 10 && err == XE_STILL_MAPPED; k++) {
            tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND / 50);
            err = xen_vchan_close(&chans[cur]);
        }
        busy[cur] = err != XE_OK;
        while (next < 0) {
            next = publish_endpoint();
            if (next < 0) {
                tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND / 10);
            }
        }
        cur = next;
    }
}

/* ---- command service over the PV console -------------------------------------------------- */

static void con_out(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    (void)xen_pvcon_write(text, len, IO_WAIT);
}

static void con_line(void *ctx, const char *line)
{
    if (line == NULL) {
        con_out(ctx, "error: line too long\r\n", 22);
        return;
    }
    cmd_execute(line, con_out, ctx);
    con_out(ctx, "> ", 2);
}

static void con_entry(ULONG arg)
{
    (void)arg;
    xen_err_t err = xen_pvcon_publish(XS_WAIT);
    if (err != XE_OK) {
        printf("service: PV console not published: %s\n", xen_strerror(err));
        return;
    }
    static const char hello[] = "xenrtos service console: type help\n> ";
    (void)xen_pvcon_write(hello, sizeof(hello) - 1, IO_WAIT);
    static struct cmd_lines lines;
    for (;;) {
        char buf[64];
        size_t got;
        err = xen_pvcon_read(buf, sizeof(buf), &got, TX_WAIT_FOREVER);
        if (err == XE_OK) {
            cmd_feed(&lines, buf, got, con_line, NULL);
        } else if (err != XE_TIMEOUT) {
            printf("service: PV console read: %s\n", xen_strerror(err));
            tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND);
        }
    }
}

/* ---- start-up ----------------------------------------------------------------------------- */

static void start_entry(ULONG arg)
{
    (void)arg;
    xen_err_t e1 = xen_hv_init();
    xen_err_t e2 = e1 == XE_OK ? xen_evtchn_init() : e1;
    xen_err_t e3 = e2 == XE_OK ? xen_gnttab_init() : e2;
    if (e3 == XE_OK && xr_cpu_count() > 1u) {
        /* Several vCPUs: the real-time thread has vCPU 0 (rt.c), every upcall the last one. */
        e3 = xen_evtchn_set_default_vcpu(xr_cpu_count() - 1u);
        printf("service: %u vCPUs: upcalls on vCPU %u, the real-time thread on vCPU 0\n",
               xr_cpu_count(), xr_cpu_count() - 1u);
    }
    if (!xr_verdict("svc-xen-start", e3 == XE_OK, "%s", xen_strerror(e3))) {
        return;
    }
    xen_err_t err = xen_pvcon_init(HANDLER_PRIO);
    if (err != XE_OK) {
        printf("service: PV console: %s\n", xen_strerror(err));
    }
    uint64_t t0 = xr_counter_now();
    err = xen_xs_init(HANDLER_PRIO, XS_WAIT);
    if (!xr_verdict("svc-xs-connect", err == XE_OK, "%s", xen_strerror(err))) {
        return;
    }
    printf("service: xenstore up %llu ms after the request\n",
           (unsigned long long)(xr_counter_to_us(xr_counter_now() - t0) / 1000u));
    xs_rw();
    xs_dir();
    xs_perms();
    xs_txn();
    xs_watch();
    printf("service: %u xenstore check(s) failed\n", xr_test_failures);
    xen_err_t ee = events_start();
    xr_verdict("svc-events-up", ee == XE_OK, "%s", xen_strerror(ee));
    svc_gpio_start(); /* only when a GPIO controller was passed through */

    snprintf(vchan_path, sizeof(vchan_path), "%s/data/vchan/0/cmd", xen_xs_home());
    if (err == XE_OK) {
        (void)tx_thread_create(&cmd_thread, "cmd", cmd_entry, 0, cmd_stack, sizeof(cmd_stack),
                               CMD_PRIO, CMD_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START);
        (void)tx_thread_create(&con_thread, "console", con_entry, 0, con_stack, sizeof(con_stack),
                               CON_PRIO, CON_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START);
    }
}

void tx_application_define(void *first_unused)
{
    (void)first_unused;
    printf("service: real-time thread period %u ticks, priority %u\n", RT_PERIOD_DEFAULT, RT_PRIO);
    if (rt_start() != TX_SUCCESS ||
        tx_thread_create(&start_thread, "start", start_entry, 0, start_stack, sizeof(start_stack),
                         START_PRIO, START_PRIO, TX_NO_TIME_SLICE, TX_AUTO_START) != TX_SUCCESS) {
        printf("PANIC: service: cannot create threads\n");
    }
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
