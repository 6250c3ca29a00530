/*
 * cmd.c - the command service's line protocol. One command per line; the answer is zero or
 * more lines, then "ok" or "error: <why>":
 *   ping              -> pong
 *   uptime            -> ticks and seconds since boot
 *   threads           -> name, state, priority, run count, stack used/size per thread
 *   stats             -> per-thread CPU use (tick samples), real-time thread figures (lateness,
 *                        dispatch, missed periods, upcalls per activation against bound ports),
 *                        event channels, dom0's raw events port
 *   period <ticks>    -> set the real-time thread's period (1..RT_PERIOD_MAX)
 *   vchan-client <domid> <path>
 *                     -> the RTOS connects as a libxenvchan *client* to a server in domain
 *                        <domid> (e.g. dom0's vchan-socket-proxy -m server), sends one line,
 *                        answers with the first line it receives back
 *   trace start|stop|dump
 *                     -> event trace (TraceX format) into a static buffer: start enables it,
 *                        stop freezes it, dump sends it as text frames (a stopped trace only):
 *                          trace <size> bytes
 *                          trx <offset, 8 hex> <up to 64 bytes, hex> <8-bit sum of them, 2 hex>
 *                          ...
 *                          trace end <32-bit sum of all bytes, 8 hex>
 *                        (dom0/client/xenrtos-cmd.c `trace dump FILE` writes the .trx)
 *   gpio              -> the passed-through GPIO controller: base, interrupts, events,
 *                        unhandled and spurious interrupts
 *   gpio set <pin> 0|1  -> the pin becomes an output at that level
 *   gpio get <pin>      -> the pin's level
 *   gpio watch <pin> [seconds]
 *                     -> the pin becomes an input; waits (default 30 s) for its next edge and
 *                        answers with its level and the ISR-to-handler time
 *   help
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "service.h"
#include "xen_evtchn.h"
#include "xen_pvconsole.h"
#include "xen_vchan.h"
#include "xen_xenstore.h"
#include "xenrtos/platform.h"

uint32_t cmd_served;

struct out {
    cmd_out_t fn;
    void *ctx;
};

static void say(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct out *o, const char *fmt, ...)
{
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
    size_t flen = strlen(fmt);
    if ((size_t)n >= sizeof(line) && flen > 0 && fmt[flen - 1] == '\n') {
        line[len - 1] = '\n'; /* cut, but still one whole line: the next reply is not glued on */
    }
    o->fn(o->ctx, line, len);
}

static const char *state_name(UINT s)
{
    static const char *const names[] = {"ready", "completed", "terminated", "suspended", "sleep",
                                        "queue", "semaphore", "event",      "block",     "byte",
                                        "io",    "file",      "tcp",        "mutex"};
    return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

/* Bytes of the stack ever used: the kernel fills a new thread's stack with TX_STACK_FILL and the
 * port keeps guard words in the lowest 64 bytes; the deepest byte above those that lost the
 * pattern is the high-water mark. */
static ULONG stack_used(TX_THREAD *t)
{
    const uint8_t *lo = (const uint8_t *)t->tx_thread_stack_start + 64;
    const uint8_t *hi = (const uint8_t *)t->tx_thread_stack_end + 1;
    const uint8_t *p = lo;
    while (p < hi && *p == (uint8_t)(TX_STACK_FILL & 0xffu)) {
        p++;
    }
    return (ULONG)(hi - p);
}

static void cmd_threads(struct out *o)
{
    TX_THREAD *t = &rt_thread;
    unsigned n = 0;
    say(o, "%-16s %-10s %4s %10s %12s\n", "name", "state", "prio", "runs", "stack");
    do {
        CHAR *name;
        UINT state, prio, thresh;
        ULONG runs, slice;
        TX_THREAD *next, *susp;
        if (tx_thread_info_get(t, &name, &state, &runs, &prio, &thresh, &slice, &next, &susp) !=
            TX_SUCCESS) {
            break;
        }
        say(o, "%-16s %-10s %4u %10lu %5lu/%-6lu\n", name != NULL ? name : "-", state_name(state),
            prio, (unsigned long)runs, (unsigned long)stack_used(t),
            (unsigned long)t->tx_thread_stack_size);
        t = next;
        n++;
    } while (t != NULL && t != &rt_thread && n < 64);
    say(o, "threads: %u\n", n);
}

static void cmd_stats(struct out *o)
{
    struct cpu_sample s[CPU_SLOTS];
    uint32_t total;
    unsigned n = cpu_samples(s, CPU_SLOTS, &total);
    say(o, "cpu: %lu tick samples\n", (unsigned long)total);
    for (unsigned i = 0; i < n; i++) {
        uint32_t permille = total != 0 ? (uint32_t)((uint64_t)s[i].samples * 1000u / total) : 0;
        const char *name = s[i].thread == NULL ? "(idle)" : s[i].thread->tx_thread_name;
        say(o, "cpu %-16s %3lu.%lu%%\n", name != NULL ? name : "-", (unsigned long)permille / 10,
            (unsigned long)permille % 10);
    }
    struct rt_stats r;
    rt_get_stats(&r);
    uint64_t avg = r.releases != 0 ? r.late_sum / r.releases : 0;
    say(o,
        "rt: period %lu ticks (%lu us) releases %llu missed %llu (dispatch %llu, late tick %llu)\n",
        (unsigned long)r.period, (unsigned long)(r.period * 1000000u / TX_TIMER_TICKS_PER_SECOND),
        (unsigned long long)r.releases, (unsigned long long)r.missed,
        (unsigned long long)r.missed_dispatch, (unsigned long long)(r.missed - r.missed_dispatch));
    say(o, "rt: dispatch latency max %llu us\n",
        (unsigned long long)xr_counter_to_us(r.dispatch_max));
    say(o, "rt: lateness max %llu us avg %llu us last %llu us\n",
        (unsigned long long)xr_counter_to_us(r.late_max), (unsigned long long)xr_counter_to_us(avg),
        (unsigned long long)xr_counter_to_us(r.late_last));
    struct xen_evtchn_stats ev;
    xen_evtchn_get_stats(&ev);
    say(o,
        "rt: upcalls per activation max %lu bound ports %lu (now %lu) over bound %lu "
        "unmarked %lu\n",
        (unsigned long)r.upcalls_max, (unsigned long)r.bound_at_max, (unsigned long)ev.bound,
        (unsigned long)r.over_bound, (unsigned long)r.unmarked);
    say(o,
        "evtchn: %lu upcalls (%lu spurious) %lu events %lu handler calls %lu unhandled %lu "
        "bound ports\n",
        (unsigned long)ev.upcalls, (unsigned long)ev.spurious, (unsigned long)ev.events,
        (unsigned long)ev.dispatched, (unsigned long)ev.unhandled, (unsigned long)ev.bound);
    struct events_stats es;
    events_get(&es);
    if (es.up) {
        say(o, "events: port %lu %s, %lu handler runs (at most one per tick)\n",
            (unsigned long)es.port, es.bound_by_peer ? "bound by dom0" : "unbound",
            (unsigned long)es.handled);
    } else {
        say(o, "events: no port\n");
    }
    struct xen_xs_stats xs;
    xen_xs_get_stats(&xs);
    say(o,
        "xenstore: %lu requests %lu watch events %lu peer errors %lu resyncs %lu timeouts "
        "%lu late\n",
        (unsigned long)xs.requests, (unsigned long)xs.watch_events, (unsigned long)xs.peer_errors,
        (unsigned long)xs.resyncs, (unsigned long)xs.timeouts, (unsigned long)xs.late);
    struct xen_pvcon_stats pc;
    xen_pvcon_get_stats(&pc);
    say(o, "pvconsole: out %lu in %lu dropped %lu\n", (unsigned long)pc.out_bytes,
        (unsigned long)pc.in_bytes, (unsigned long)pc.out_dropped);
    say(o, "commands: %lu\n", (unsigned long)cmd_served);
}

static bool parse_ulong(const char *s, ULONG *out)
{
    ULONG v = 0;
    if (*s == '\0') {
        return false;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > 100000000u) {
            return false;
        }
        v = v * 10u + (ULONG)(*s - '0');
    }
    *out = v;
    return true;
}

/* The RTOS as a vchan client of a server in another domain: one line out, one line back. One at
 * a time (the vchan and PV console threads both execute commands; the endpoint is static). */
static bool vchan_client_run(struct out *o, const char *arg)
{
    static struct xen_vchan v;
    static char line[160];
    ULONG domid = 0;
    size_t i = 0;
    char num[8];
    while (arg[i] >= '0' && arg[i] <= '9' && i < sizeof(num) - 1) {
        num[i] = arg[i];
        i++;
    }
    num[i] = '\0';
    const char *path = arg + i;
    while (*path == ' ') {
        path++;
    }
    if (!parse_ulong(num, &domid) || domid >= 0x7ff0 || path[0] != '/') {
        say(o, "error: usage: vchan-client <domid> <absolute xenstore path>\n");
        return false;
    }
    xen_err_t err = xen_vchan_client_init(&v, (xen_domid_t)domid, path, HANDLER_PRIO);
    if (err != XE_OK) {
        say(o, "error: connect to %lu at %s: %s\n", (unsigned long)domid, path, xen_strerror(err));
        return false;
    }
    static const char hello[] = "xenrtos: hello over vchan\n";
    err = xen_vchan_write(&v, hello, sizeof(hello) - 1, 5u * TX_TIMER_TICKS_PER_SECOND);
    size_t len = 0;
    while (err == XE_OK && (len == 0 || line[len - 1] != '\n') && len < sizeof(line) - 1) {
        size_t got;
        err = xen_vchan_read(&v, line + len, sizeof(line) - 1 - len, &got,
                             5u * TX_TIMER_TICKS_PER_SECOND);
        len += got;
    }
    (void)xen_vchan_close(&v);
    if (len == 0) {
        say(o, "error: nothing received: %s\n", xen_strerror(err));
        return false;
    }
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
        len--;
    }
    line[len] = '\0';
    say(o, "received: %s\n", line);
    return true;
}

static bool vchan_client(struct out *o, const char *arg)
{
    static bool busy;
    UINT posture = tx_interrupt_control(TX_INT_DISABLE);
    bool taken = busy;
    busy = true;
    (void)tx_interrupt_control(posture);
    if (taken) {
        say(o, "error: vchan-client: another one is running\n");
        return false;
    }
    bool ok = vchan_client_run(o, arg);
    busy = false;
    return ok;
}

/* The service image's kernel is built with TX_ENABLE_EVENT_TRACE (app.mk); 16 KB is about 480
 * events after a 32-object registry. */
#define TRACE_BUFFER_SIZE 16384u
#define TRACE_REGISTRY    32u
#define TRACE_FRAME_BYTES 64u
static ULONG trace_buffer[TRACE_BUFFER_SIZE / sizeof(ULONG)];
static bool trace_running;
static bool trace_recorded;

static bool cmd_trace(struct out *o, const char *arg)
{
    if (strcmp(arg, "start") == 0) {
        UINT st = tx_trace_enable(trace_buffer, sizeof(trace_buffer), TRACE_REGISTRY);
        if (st == TX_FEATURE_NOT_ENABLED) {
            say(o, "error: trace: kernel built without TX_ENABLE_EVENT_TRACE\n");
            return false;
        }
        if (st != TX_SUCCESS) {
            say(o, "error: trace: already started\n");
            return false;
        }
        trace_running = true;
        trace_recorded = true;
        say(o, "trace started: %u bytes\n", TRACE_BUFFER_SIZE);
    } else if (strcmp(arg, "stop") == 0) {
        if (tx_trace_disable() != TX_SUCCESS) {
            say(o, "error: trace: not started\n");
            return false;
        }
        trace_running = false;
        say(o, "trace stopped\n");
    } else if (strcmp(arg, "dump") == 0) {
        const uint8_t *b = (const uint8_t *)trace_buffer;
        uint32_t total = 0;
        if (trace_running || !trace_recorded) {
            say(o, "error: trace: %s\n", trace_running ? "stop it first" : "nothing recorded");
            return false;
        }
        say(o, "trace %u bytes\n", TRACE_BUFFER_SIZE);
        for (uint32_t off = 0; off < TRACE_BUFFER_SIZE; off += TRACE_FRAME_BYTES) {
            char hex[2 * TRACE_FRAME_BYTES + 1];
            unsigned sum = 0;
            for (uint32_t i = 0; i < TRACE_FRAME_BYTES; i++) {
                static const char digits[] = "0123456789abcdef";
                hex[2 * i] = digits[b[off + i] >> 4];
                hex[2 * i + 1] = digits[b[off + i] & 15u];
                sum += b[off + i];
            }
            hex[2 * TRACE_FRAME_BYTES] = '\0';
            total += sum;
            say(o, "trx %08lx %s %02x\n", (unsigned long)off, hex, sum & 0xffu);
        }
        say(o, "trace end %08lx\n", (unsigned long)total);
    } else {
        say(o, "error: usage: trace start|stop|dump\n");
        return false;
    }
    return true;
}

/* Parse "<pin>" or "<pin> <n>" (n optional when `n` is NULL-able: *has_n says). */
static bool parse_pin_args(const char *arg, ULONG *pin, ULONG *n, bool *has_n)
{
    char first[12];
    size_t i = 0;
    while (arg[i] != '\0' && arg[i] != ' ' && i < sizeof(first) - 1) {
        first[i] = arg[i];
        i++;
    }
    first[i] = '\0';
    if (!parse_ulong(first, pin)) {
        return false;
    }
    arg += i;
    while (*arg == ' ') {
        arg++;
    }
    *has_n = *arg != '\0';
    return !*has_n || parse_ulong(arg, n);
}

static bool cmd_gpio(struct out *o, const char *arg)
{
    char sub[8];
    size_t i = 0;
    ULONG pin = 0;
    ULONG n = 0;
    bool has_n = false;
    int r;

    while (arg[i] != '\0' && arg[i] != ' ' && i < sizeof(sub) - 1) {
        sub[i] = arg[i];
        i++;
    }
    sub[i] = '\0';
    arg += i;
    while (*arg == ' ') {
        arg++;
    }
    if (sub[0] == '\0') {
        struct svc_gpio_info gi;
        svc_gpio_info(&gi);
        if (!gi.present) {
            say(o, "error: no GPIO controller in this domain's device tree\n");
            return false;
        }
        say(o, "gpio pl061 base %#llx irqs %llu events %llu unhandled %llu spurious %llu\n",
            (unsigned long long)gi.base, (unsigned long long)gi.irqs, (unsigned long long)gi.events,
            (unsigned long long)gi.unhandled, (unsigned long long)gi.spurious);
        return true;
    }
    if (strcmp(sub, "set") == 0) {
        if (!parse_pin_args(arg, &pin, &n, &has_n) || !has_n || n > 1u) {
            say(o, "error: usage: gpio set <pin> 0|1\n");
            return false;
        }
        r = svc_gpio_set((unsigned int)pin, (int)n);
    } else if (strcmp(sub, "get") == 0) {
        if (!parse_pin_args(arg, &pin, &n, &has_n) || has_n) {
            say(o, "error: usage: gpio get <pin>\n");
            return false;
        }
        r = svc_gpio_get((unsigned int)pin);
        if (r >= 0) {
            say(o, "gpio %lu = %d\n", (unsigned long)pin, r);
            return true;
        }
    } else if (strcmp(sub, "watch") == 0) {
        struct svc_gpio_event ev;
        if (!parse_pin_args(arg, &pin, &n, &has_n) ||
            (has_n && (n == 0u || n > GPIO_WATCH_MAX_S))) {
            say(o, "error: usage: gpio watch <pin> [seconds 1..%u]\n", GPIO_WATCH_MAX_S);
            return false;
        }
        r = svc_gpio_watch((unsigned int)pin, has_n ? (unsigned int)n : 30u, &ev);
        if (r == 0) {
            say(o, "gpio %u event level %d merged %lu isr-to-handler %llu ns\n", ev.pin, ev.level,
                (unsigned long)ev.merged, (unsigned long long)ev.isr_to_handler_ns);
            return true;
        }
    } else {
        say(o, "error: usage: gpio [set <pin> 0|1 | get <pin> | watch <pin> [seconds]]\n");
        return false;
    }
    if (r < 0) {
        say(o, "error: gpio %s %lu: %s\n", sub, (unsigned long)pin, svc_gpio_strerror(r));
        return false;
    }
    say(o, "gpio %lu = %lu\n", (unsigned long)pin, (unsigned long)n);
    return true;
}

/* "xs read <node>" / "xs write <node> <value>": one XenStore request for dom0's tests, on a node
 * under our home (/local/domain/<id>/<node>; dom0's tools create data/ writable by us). */
static bool cmd_xs(struct out *o, const char *arg)
{
    char path[XEN_XS_PATH_MAX];
    char node[64];
    char value[128];
    size_t i = 0;
    xen_err_t err;

    if (!xen_xs_ready()) {
        say(o, "error: xs: no XenStore connection\n");
        return false;
    }
    bool is_write = strncmp(arg, "write ", 6) == 0;
    if (!is_write && strncmp(arg, "read ", 5) != 0) {
        say(o, "error: usage: xs read <node> | xs write <node> <value>\n");
        return false;
    }
    arg += is_write ? 6 : 5;
    while (arg[i] != '\0' && arg[i] != ' ' && i < sizeof(node) - 1) {
        node[i] = arg[i];
        i++;
    }
    node[i] = '\0';
    if (i == 0 || node[0] == '/' || (arg[i] != '\0' && arg[i] != ' ')) {
        say(o, "error: xs: a relative node name of 1..%u characters\n",
            (unsigned)sizeof(node) - 1u);
        return false;
    }
    (void)snprintf(path, sizeof(path), "%s/%s", xen_xs_home(), node);
    if (is_write) {
        const char *v = arg + i;
        while (*v == ' ') {
            v++;
        }
        err = xen_xs_write_str(XEN_XS_NO_TXN, path, v);
        if (err == XE_OK) {
            say(o, "xs %s = %s\n", node, v);
        }
    } else {
        err = xen_xs_read(XEN_XS_NO_TXN, path, value, sizeof(value), NULL);
        if (err == XE_OK) {
            say(o, "xs %s = %s\n", node, value);
        }
    }
    if (err != XE_OK) {
        say(o, "error: xs %s %s: %s\n", is_write ? "write" : "read", node, xen_strerror(err));
        return false;
    }
    return true;
}

void cmd_execute(const char *line, cmd_out_t fn, void *ctx)
{
    struct out o = {fn, ctx};
    char word[16];
    const char *arg;
    size_t i = 0;
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    while (line[i] != '\0' && line[i] != ' ' && i < sizeof(word) - 1) {
        word[i] = line[i];
        i++;
    }
    word[i] = '\0';
    arg = line + i;
    while (*arg == ' ' || *arg == '\t') {
        arg++;
    }
    (void)__atomic_fetch_add(&cmd_served, 1u, __ATOMIC_RELAXED); /* two threads execute commands */

    if (strcmp(word, "ping") == 0) {
        say(&o, "pong\n");
    } else if (strcmp(word, "uptime") == 0) {
        ULONG t = tx_time_get();
        say(&o, "uptime %lu ticks %lu.%02lu s\n", (unsigned long)t,
            (unsigned long)(t / TX_TIMER_TICKS_PER_SECOND),
            (unsigned long)(t % TX_TIMER_TICKS_PER_SECOND * 100u / TX_TIMER_TICKS_PER_SECOND));
    } else if (strcmp(word, "threads") == 0) {
        cmd_threads(&o);
    } else if (strcmp(word, "stats") == 0) {
        cmd_stats(&o);
    } else if (strcmp(word, "period") == 0) {
        ULONG p;
        if (!parse_ulong(arg, &p)) {
            say(&o, "error: usage: period <ticks>\n");
            return;
        }
        if (rt_set_period(p) != TX_SUCCESS) {
            say(&o, "error: period must be 1..%u ticks\n", RT_PERIOD_MAX);
            return;
        }
        say(&o, "period %lu ticks\n", (unsigned long)p);
    } else if (strcmp(word, "vchan-client") == 0) {
        if (!vchan_client(&o, arg)) {
            return;
        }
    } else if (strcmp(word, "trace") == 0) {
        if (!cmd_trace(&o, arg)) {
            return;
        }
    } else if (strcmp(word, "gpio") == 0) {
        if (!cmd_gpio(&o, arg)) {
            return;
        }
    } else if (strcmp(word, "xs") == 0) {
        if (!cmd_xs(&o, arg)) {
            return;
        }
    } else if (strcmp(word, "help") == 0) {
        say(&o, "commands: ping uptime threads stats period <ticks> vchan-client <domid> <path> "
                "trace start|stop|dump gpio [set|get|watch] xs read|write <node> [value] help\n");
    } else if (word[0] == '\0') {
        say(&o, "error: empty command\n");
        return;
    } else {
        say(&o, "error: unknown command '%s'\n", word);
        return;
    }
    say(&o, "ok\n");
}

void cmd_feed(struct cmd_lines *l, const char *bytes, size_t n,
              void (*on_line)(void *ctx, const char *line), void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        char c = bytes[i];
        if (c == '\n' || c == '\r') {
            if (l->overflow) {
                on_line(ctx, NULL);
            } else if (l->len > 0) {
                l->buf[l->len] = '\0';
                on_line(ctx, l->buf);
            }
            l->len = 0;
            l->overflow = 0;
            continue;
        }
        if (l->len >= CMD_LINE_MAX - 1) {
            l->overflow = 1;
            continue;
        }
        l->buf[l->len++] = c;
    }
}
