/*
 * test_service_cmd.c - apps/service/cmd.c, unchanged, on the host port: line assembly
 * (cmd_feed) and every command of cmd_execute, with the answer captured through cmd_out_t and
 * compared with the exact text. What cmd.c needs from rt.c, events.c and the Xen layer comes
 * from tests/host/fake_service.c (known figures, a scripted vchan server); xen_strerror is the
 * real xen/error.c. "threads" walks real kernel threads the tests create.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "service.h"
#include "txtest.h"
#include "xen_evtchn.h"
#include "xen_pvconsole.h"
#include "xen_vchan.h"
#include "xen_xenstore.h"

/* ---- the fakes' controls (fake_service.c) --------------------------------------------------- */

extern struct rt_stats fake_rt_stats;
extern struct cpu_sample fake_cpu[CPU_SLOTS];
extern unsigned fake_cpu_used;
extern uint32_t fake_cpu_total;
extern UINT fake_period_status;
extern ULONG fake_period_arg;
extern unsigned fake_period_calls;
extern struct events_stats fake_events;
extern struct xen_evtchn_stats fake_evtchn_stats;
extern struct xen_xs_stats fake_xs_stats;
extern struct xen_pvcon_stats fake_pvcon_stats;
extern bool fake_xs_up;
extern xen_err_t fake_xs_err;
extern char fake_xs_path[XEN_XS_PATH_MAX];
extern char fake_xs_value[128];
extern void (*fake_vchan_on_read)(void);
extern xen_err_t fake_vchan_init_err;
extern xen_domid_t fake_vchan_peer;
extern char fake_vchan_path[XEN_XS_PATH_MAX];
extern UINT fake_vchan_prio;
extern unsigned fake_vchan_inits;
extern xen_err_t fake_vchan_write_err;
extern char fake_vchan_written[256];
extern size_t fake_vchan_written_len;
extern ULONG fake_vchan_write_timeout;
extern const char *fake_vchan_reply[4];
extern xen_err_t fake_vchan_read_end;
extern unsigned fake_vchan_reads;
extern ULONG fake_vchan_read_timeout;
extern unsigned fake_vchan_closes;

/* The kernel's list, to count what "threads" should find. */
extern ULONG _tx_thread_created_count;

/* ---- capturing an answer ----------------------------------------------------------------------
 */

static struct {
    char text[65536]; /* a trace dump is about 37 KB */
    size_t len;
    unsigned chunks;
    unsigned bad_chunks; /* chunks that were not one whole line */
} out;

static void capture(void *ctx, const char *text, size_t len)
{
    assert_ptr_equal(ctx, &out);
    if (len == 0 || text[len - 1] != '\n' || memchr(text, '\0', len) != NULL) {
        out.bad_chunks++;
    }
    if (len < sizeof(out.text) - out.len) {
        memcpy(out.text + out.len, text, len);
        out.len += len;
        out.text[out.len] = '\0';
    }
    out.chunks++;
}

/* Run one command; returns its whole answer. */
static const char *run(const char *line)
{
    memset(&out, 0, sizeof(out));
    cmd_execute(line, capture, &out);
    assert_int_equal(out.bad_chunks, 0);
    return out.text;
}

static int reset_fakes(void **state)
{
    (void)state;
    memset(&fake_rt_stats, 0, sizeof(fake_rt_stats));
    memset(fake_cpu, 0, sizeof(fake_cpu));
    fake_cpu_used = 0;
    fake_cpu_total = 0;
    fake_period_status = TX_SUCCESS;
    fake_period_arg = 0;
    fake_period_calls = 0;
    memset(&fake_events, 0, sizeof(fake_events));
    memset(&fake_evtchn_stats, 0, sizeof(fake_evtchn_stats));
    memset(&fake_xs_stats, 0, sizeof(fake_xs_stats));
    memset(&fake_pvcon_stats, 0, sizeof(fake_pvcon_stats));
    fake_vchan_init_err = XE_OK;
    fake_vchan_peer = 0;
    memset(fake_vchan_path, 0, sizeof(fake_vchan_path));
    fake_vchan_prio = 0;
    fake_vchan_inits = 0;
    fake_vchan_write_err = XE_OK;
    memset(fake_vchan_written, 0, sizeof(fake_vchan_written));
    fake_vchan_written_len = 0;
    fake_vchan_write_timeout = 0;
    memset(fake_vchan_reply, 0, sizeof(fake_vchan_reply));
    fake_vchan_read_end = XE_TIMEOUT;
    fake_vchan_reads = 0;
    fake_vchan_read_timeout = 0;
    fake_vchan_closes = 0;
    fake_vchan_on_read = NULL;
    return 0;
}

/* ---- cmd_feed ------------------------------------------------------------------------------- */

#define MAX_LINES 8

static struct {
    char line[MAX_LINES][CMD_LINE_MAX];
    unsigned n;
    unsigned too_long; /* NULL lines */
} got;

static void on_line(void *ctx, const char *line)
{
    assert_ptr_equal(ctx, &got);
    if (line == NULL) {
        got.too_long++;
        return;
    }
    assert_true(got.n < MAX_LINES);
    assert_true(strlen(line) < CMD_LINE_MAX);
    strcpy(got.line[got.n++], line);
}

static void feed(struct cmd_lines *l, const char *bytes, size_t n)
{
    cmd_feed(l, bytes, n, on_line, &got);
}

static void feed_str(struct cmd_lines *l, const char *s)
{
    feed(l, s, strlen(s));
}

static void test_feed_lines_in_one_chunk(void **state)
{
    struct cmd_lines l = {0};
    (void)state;
    memset(&got, 0, sizeof(got));
    feed_str(&l, "ping\nuptime\nthreads\n");
    assert_int_equal(got.n, 3);
    assert_string_equal(got.line[0], "ping");
    assert_string_equal(got.line[1], "uptime");
    assert_string_equal(got.line[2], "threads");
    assert_int_equal(got.too_long, 0);
    assert_int_equal(l.len, 0);
}

static void test_feed_line_split_across_chunks(void **state)
{
    struct cmd_lines l = {0};
    (void)state;
    memset(&got, 0, sizeof(got));
    feed_str(&l, "per");
    feed_str(&l, "iod");
    assert_int_equal(got.n, 0); /* no newline yet: kept */
    assert_int_equal(l.len, 6);
    feed_str(&l, " 5\nst");
    assert_int_equal(got.n, 1);
    assert_string_equal(got.line[0], "period 5");
    feed_str(&l, "ats\n");
    assert_int_equal(got.n, 2);
    assert_string_equal(got.line[1], "stats");
    /* One byte at a time. */
    for (const char *p = "help\n"; *p != '\0'; p++) {
        feed(&l, p, 1);
    }
    assert_int_equal(got.n, 3);
    assert_string_equal(got.line[2], "help");
}

static void test_feed_cr_lf_and_empty_lines(void **state)
{
    struct cmd_lines l = {0};
    (void)state;
    memset(&got, 0, sizeof(got));
    /* CR, LF and CRLF each end a line; the empty lines between them give nothing. */
    feed_str(&l, "a\r\nb\rc\n\n\r\n\r\rd\r");
    assert_int_equal(got.n, 4);
    assert_string_equal(got.line[0], "a");
    assert_string_equal(got.line[1], "b");
    assert_string_equal(got.line[2], "c");
    assert_string_equal(got.line[3], "d");
    /* A CRLF split between chunks is still one line end. */
    feed_str(&l, "e\r");
    feed_str(&l, "\nf\n");
    assert_int_equal(got.n, 6);
    assert_string_equal(got.line[4], "e");
    assert_string_equal(got.line[5], "f");
    assert_int_equal(got.too_long, 0);
    /* Zero bytes: nothing happens. */
    feed(&l, "x", 0);
    assert_int_equal(got.n, 6);
    assert_int_equal(l.len, 0);
}

static void test_feed_longest_line_fits(void **state)
{
    struct cmd_lines l = {0};
    char line[CMD_LINE_MAX + 1];
    (void)state;
    memset(&got, 0, sizeof(got));
    memset(line, 'x', CMD_LINE_MAX - 1);
    line[CMD_LINE_MAX - 1] = '\n';
    feed(&l, line, CMD_LINE_MAX);
    assert_int_equal(got.too_long, 0);
    assert_int_equal(got.n, 1);
    assert_int_equal(strlen(got.line[0]), CMD_LINE_MAX - 1);
    assert_int_equal(got.line[0][CMD_LINE_MAX - 2], 'x');
}

static void test_feed_over_long_line_dropped(void **state)
{
    struct cmd_lines l = {0};
    char line[300];
    (void)state;
    memset(&got, 0, sizeof(got));
    /* One byte over: reported once as NULL, and the next line is intact. */
    memset(line, 'y', CMD_LINE_MAX);
    line[CMD_LINE_MAX] = '\n';
    feed(&l, line, CMD_LINE_MAX + 1);
    assert_int_equal(got.too_long, 1);
    assert_int_equal(got.n, 0);
    assert_int_equal(l.overflow, 0);
    feed_str(&l, "ping\n");
    assert_int_equal(got.n, 1);
    assert_string_equal(got.line[0], "ping");

    /* Much longer, spread over chunks, ended by CRLF: still one NULL, nothing of it leaks into
     * the next line. */
    memset(line, 'z', sizeof(line));
    feed(&l, line, 100);
    feed(&l, line, 100);
    assert_int_equal(l.overflow, 1);
    feed(&l, line, sizeof(line));
    feed_str(&l, "\r\nhelp\n");
    assert_int_equal(got.too_long, 2);
    assert_int_equal(got.n, 2);
    assert_string_equal(got.line[1], "help");
}

static void test_feed_nul_byte_ends_the_text(void **state)
{
    struct cmd_lines l = {0};
    (void)state;
    memset(&got, 0, sizeof(got));
    /* No special case for NUL: it is stored, so the line the callback sees stops there. */
    feed(&l, "pi\0ng\n", 6);
    assert_int_equal(got.n, 1);
    assert_string_equal(got.line[0], "pi");
}

/* Feeding lines straight into cmd_execute, as main.c's transports do. */
static void exec_line(void *ctx, const char *line)
{
    assert_ptr_equal(ctx, &out);
    assert_non_null(line);
    cmd_execute(line, capture, &out);
}

static void test_feed_into_execute(void **state)
{
    struct cmd_lines l = {0};
    (void)state;
    memset(&out, 0, sizeof(out));
    cmd_feed(&l, "ping\r\npi", 8, exec_line, &out);
    cmd_feed(&l, "ng\nnope\n", 8, exec_line, &out);
    assert_string_equal(out.text, "pong\nok\npong\nok\nerror: unknown command 'nope'\n");
    assert_int_equal(out.bad_chunks, 0);
}

/* ---- cmd_execute: simple commands ------------------------------------------------------------ */

static void test_ping(void **state)
{
    (void)state;
    uint32_t served = cmd_served;
    assert_string_equal(run("ping"), "pong\nok\n");
    assert_int_equal(out.chunks, 2); /* one callback per line */
    /* Leading blanks and arguments are ignored. */
    assert_string_equal(run(" \t ping"), "pong\nok\n");
    assert_string_equal(run("ping me now"), "pong\nok\n");
    assert_int_equal(cmd_served, served + 3);
}

static void test_help(void **state)
{
    (void)state;
    assert_string_equal(
        run("help"),
        "commands: ping uptime threads stats period <ticks> vchan-client <domid> <path> "
        "trace start|stop|dump gpio [set|get|watch] xs read|write <node> [value] help\n"
        "ok\n");
}

/* trace start|stop|dump: without the event trace the kernel says so; with it (the -trace build)
 * the dump's frames rebuild the buffer: offsets in order, line sums, the total, a TXTB header. */
static void test_trace(void **state)
{
    (void)state;
    assert_string_equal(run("trace"), "error: usage: trace start|stop|dump\n");
#ifndef TX_ENABLE_EVENT_TRACE
    assert_string_equal(run("trace start"),
                        "error: trace: kernel built without TX_ENABLE_EVENT_TRACE\n");
    assert_string_equal(run("trace dump"), "error: trace: nothing recorded\n");
#else
    static uint8_t buf[16384];
    assert_string_equal(run("trace dump"), "error: trace: nothing recorded\n");
    assert_string_equal(run("trace start"), "trace started: 16384 bytes\nok\n");
    assert_string_equal(run("trace start"), "error: trace: already started\n");
    assert_string_equal(run("trace dump"), "error: trace: stop it first\n");
    assert_int_equal(tx_trace_user_event_insert(4242, 1, 2, 3, 4), TX_SUCCESS);
    assert_string_equal(run("trace stop"), "trace stopped\nok\n");
    assert_string_equal(run("trace stop"), "error: trace: not started\n");
    const char *p = run("trace dump");
    assert_int_equal(strncmp(p, "trace 16384 bytes\n", 18), 0);
    p += 18;
    unsigned long expect = 0, total = 0, sum, end;
    while (strncmp(p, "trx ", 4) == 0) {
        unsigned long off = strtoul(p + 4, NULL, 16);
        assert_int_equal(off, expect);
        const char *h = p + 13;
        unsigned line = 0;
        for (int i = 0; i < 64; i++) {
            unsigned v;
            assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
            buf[off + (unsigned long)i] = (uint8_t)v;
            line += v;
        }
        assert_int_equal(h[128], ' ');
        sum = strtoul(h + 129, NULL, 16);
        assert_int_equal(sum, line & 0xffu);
        total += line;
        expect += 64;
        p = strchr(p, '\n') + 1;
    }
    assert_int_equal(expect, sizeof(buf));
    assert_int_equal(sscanf(p, "trace end %lx", &end), 1);
    assert_int_equal(end, total & 0xffffffffu);
    assert_string_equal(strchr(p, '\n') + 1, "ok\n");
    uint32_t id;
    memcpy(&id, buf, 4);
    assert_int_equal(id, 0x54585442u);
    /* The user event is in it (the first event after header and registry). */
    uint32_t ev;
    memcpy(&ev, buf + 48 + 32 * 48 + 8, 4);
    assert_int_equal(ev, 4242);
#endif
}

static void test_unknown_and_empty(void **state)
{
    (void)state;
    uint32_t served = cmd_served;
    assert_string_equal(run("frobnicate"), "error: unknown command 'frobnicate'\n");
    assert_string_equal(run("PING"), "error: unknown command 'PING'\n");
    assert_string_equal(run("pingx"), "error: unknown command 'pingx'\n");
    /* The command word is cut at 15 characters. */
    assert_string_equal(run("abcdefghijklmnopqrstuvwxyz"),
                        "error: unknown command 'abcdefghijklmno'\n");
    assert_string_equal(run(""), "error: empty command\n");
    assert_string_equal(run("  \t "), "error: empty command\n");
    /* Errors are answered too: they count. */
    assert_int_equal(cmd_served, served + 6);
}

static void test_uptime(void **state)
{
    (void)state;
    /* Deterministic ticks: the clock stands still unless set. */
    tx_time_set(12345);
    assert_string_equal(run("uptime"), "uptime 12345 ticks 123.45 s\nok\n");
    tx_time_set(7);
    assert_string_equal(run("uptime"), "uptime 7 ticks 0.07 s\nok\n");
    tx_time_set(0);
    assert_string_equal(run("uptime"), "uptime 0 ticks 0.00 s\nok\n");
}

static void test_period_valid(void **state)
{
    (void)state;
    assert_string_equal(run("period 5"), "period 5 ticks\nok\n");
    assert_int_equal(fake_period_calls, 1);
    assert_int_equal(fake_period_arg, 5);
    assert_string_equal(run("\tperiod \t 1000"), "period 1000 ticks\nok\n");
    assert_int_equal(fake_period_arg, 1000);
    assert_string_equal(run("period 007"), "period 7 ticks\nok\n");
    assert_int_equal(fake_period_arg, 7);
    /* The parser's own limit is far above the range; rt_set_period judges the range. */
    assert_string_equal(run("period 1000000009"), "period 1000000009 ticks\nok\n");
    assert_int_equal(fake_period_arg, 1000000009u);
    assert_int_equal(fake_period_calls, 4);
}

static void test_period_rejected_by_rt(void **state)
{
    (void)state;
    fake_period_status = TX_SIZE_ERROR;
    assert_string_equal(run("period 0"), "error: period must be 1..1000 ticks\n");
    assert_int_equal(fake_period_arg, 0);
    assert_string_equal(run("period 1001"), "error: period must be 1..1000 ticks\n");
    assert_int_equal(fake_period_arg, 1001);
    assert_int_equal(fake_period_calls, 2);
}

static void test_period_bad_number(void **state)
{
    static const char *const bad[] = {
        "period",     "period ",           "period abc", "period -1",   "period +1",
        "period 5x",  "period 1.5",        "period 5 ",  "period 0x10", "period 99999999999",
        "period 5 6", "period 1000000010",
    };
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_string_equal(run(bad[i]), "error: usage: period <ticks>\n");
    }
    assert_int_equal(fake_period_calls, 0);
}

/* ---- threads -------------------------------------------------------------------------------- */

#define T_STACK 1024u
static uint8_t rt_stack[T_STACK] __attribute__((aligned(16)));
static uint8_t stacks[4][T_STACK] __attribute__((aligned(16)));
static TX_THREAD sleeper, waiter, lazy, noname;
static TX_SEMAPHORE never;

static VOID sleep_entry(ULONG arg)
{
    (void)arg;
    tx_thread_sleep(100000);
}

static VOID wait_entry(ULONG arg)
{
    (void)arg;
    tx_semaphore_get(&never, TX_WAIT_FOREVER);
}

static void create(TX_THREAD *t, CHAR *name, VOID (*entry)(ULONG), void *stack, UINT prio,
                   UINT start)
{
    assert_int_equal(
        tx_thread_create(t, name, entry, 0, stack, T_STACK, prio, prio, TX_NO_TIME_SLICE, start),
        TX_SUCCESS);
}

static void test_threads(void **state)
{
    (void)state;
    assert_int_equal(tx_semaphore_create(&never, "never", 0), TX_SUCCESS);
    /* The real-time thread never started, with 300 bytes of its stack "used". */
    create(&rt_thread, "rt", sleep_entry, rt_stack, RT_PRIO, TX_DONT_START);
    rt_stack[T_STACK - 300] = 0;
    /* Above the runner: runs at once, then blocks. */
    create(&sleeper, "sleeper", sleep_entry, stacks[0], 5, TX_AUTO_START);
    create(&waiter, "waiter", wait_entry, stacks[1], 8, TX_AUTO_START);
    /* Below the runner: ready, never ran. */
    create(&lazy, "lazy", sleep_entry, stacks[2], 20, TX_AUTO_START);
    create(&noname, TX_NULL, sleep_entry, stacks[3], 21, TX_DONT_START);

    const char *a = run("threads");
    /* The walk starts at rt_thread and follows the kernel's created list (creation order),
     * around to the threads created before it. Stack: the host port's 64-byte initial frame,
     * or what the test wrote. */
    const char *expect = "name             state      prio       runs        stack\n"
                         "rt               suspended     2          0   300/1024  \n"
                         "sleeper          sleep         5          1    64/1024  \n"
                         "waiter           semaphore     8          1    64/1024  \n"
                         "lazy             ready        20          0    64/1024  \n"
                         "-                suspended    21          0    64/1024  \n";
    assert_memory_equal(a, expect, strlen(expect));
    /* Then the runner (running: "ready"), and the count of every created thread. */
    assert_non_null(strstr(a, "\ntxtest runner    ready        16 "));
    char tail[64];
    snprintf(tail, sizeof(tail), "threads: %lu\nok\n", (unsigned long)_tx_thread_created_count);
    assert_true(strlen(a) > strlen(tail));
    assert_string_equal(a + strlen(a) - strlen(tail), tail);
    assert_int_equal(out.chunks, 1 + _tx_thread_created_count + 2);
    tx_semaphore_delete(&never);
}

#ifndef TX_DISABLE_ERROR_CHECKING
/* Before rt_start: tx_thread_info_get refuses the uncreated rt_thread, the list is empty. (With
 * TX_DISABLE_ERROR_CHECKING the same call reads the zeroed control block: see the report.) */
static void test_threads_before_rt_start(void **state)
{
    (void)state;
    assert_string_equal(run("threads"), "name             state      prio       runs        stack\n"
                                        "threads: 0\n"
                                        "ok\n");
}
#endif

/* ---- stats ---------------------------------------------------------------------------------- */

static void test_stats(void **state)
{
    static TX_THREAD cmd_thread, anon_thread; /* only their names are read */
    (void)state;
    cmd_thread.tx_thread_name = "cmd";
    anon_thread.tx_thread_name = TX_NULL;
    fake_cpu[0] = (struct cpu_sample){&cmd_thread, 150};
    fake_cpu[1] = (struct cpu_sample){TX_NULL, 49};
    fake_cpu[2] = (struct cpu_sample){&anon_thread, 1};
    fake_cpu_used = 3;
    fake_cpu_total = 200;
    fake_rt_stats = (struct rt_stats){
        .period = 2,
        .releases = 1000,
        .missed = 7,
        .missed_dispatch = 3,
        .dispatch_max = 45678, /* host counter: ns */
        .late_max = 900000,
        .late_sum = 250000000,
        .late_last = 123456,
        .upcalls_max = 4,
        .bound_at_max = 3,
        .over_bound = 1,
        .unmarked = 2,
    };
    fake_evtchn_stats = (struct xen_evtchn_stats){.upcalls = 500,
                                                  .spurious = 5,
                                                  .events = 480,
                                                  .unhandled = 2,
                                                  .dispatched = 470,
                                                  .bound = 5};
    fake_events =
        (struct events_stats){.up = true, .port = 9, .handled = 17, .bound_by_peer = true};
    fake_xs_stats = (struct xen_xs_stats){.requests = 31,
                                          .watch_events = 6,
                                          .peer_errors = 1,
                                          .resyncs = 2,
                                          .timeouts = 3,
                                          .late = 4};
    fake_pvcon_stats =
        (struct xen_pvcon_stats){.out_bytes = 1024, .in_bytes = 64, .out_dropped = 8};
    cmd_served = 41;

    assert_string_equal(
        run("stats"),
        "cpu: 200 tick samples\n"
        "cpu cmd               75.0%\n"
        "cpu (idle)            24.5%\n"
        "cpu -                  0.5%\n"
        "rt: period 2 ticks (20000 us) releases 1000 missed 7 (dispatch 3, late tick 4)\n"
        "rt: dispatch latency max 45 us\n"
        "rt: lateness max 900 us avg 250 us last 123 us\n"
        "rt: upcalls per activation max 4 bound ports 3 (now 5) over bound 1 unmarked 2\n"
        "evtchn: 500 upcalls (5 spurious) 480 events 470 handler calls 2 unhandled 5 bound ports\n"
        "events: port 9 bound by dom0, 17 handler runs (at most one per tick)\n"
        "xenstore: 31 requests 6 watch events 1 peer errors 2 resyncs 3 timeouts 4 late\n"
        "pvconsole: out 1024 in 64 dropped 8\n"
        "commands: 42\n"
        "ok\n");
}

/* xs: one request on a node under the domain's home; the layer's error is reported, not "ok". */
static void test_xs(void **state)
{
    (void)state;
    fake_xs_up = true;
    fake_xs_err = XE_OK;
    assert_string_equal(run("xs write data/probe 42 b"), "xs data/probe = 42 b\nok\n");
    assert_string_equal(fake_xs_path, "/local/domain/7/data/probe");
    assert_string_equal(fake_xs_value, "42 b");
    assert_string_equal(run("xs read data/probe"), "xs data/probe = 42 b\nok\n");
    assert_string_equal(run("xs read data/none"),
                        "error: xs read data/none: XE_NOENT (no such object)\n");
    fake_xs_err = XE_PEER;
    assert_non_null(strstr(run("xs write data/probe 1"), "error: xs write data/probe: "));
    fake_xs_err = XE_OK;
    assert_non_null(strstr(run("xs read /abs"), "error: xs: a relative node name"));
    assert_non_null(strstr(run("xs delete x"), "error: usage: xs read"));
    fake_xs_up = false;
    assert_string_equal(run("xs read data/probe"), "error: xs: no XenStore connection\n");
    fake_xs_up = true;
}

static void test_stats_empty(void **state)
{
    (void)state;
    /* A slot but no samples (no division by zero), no releases (no average), port unbound. */
    fake_cpu[0] = (struct cpu_sample){TX_NULL, 0};
    fake_cpu_used = 1;
    fake_rt_stats.period = 1000;
    fake_events = (struct events_stats){.up = true, .port = 3, .handled = 0};
    cmd_served = 0;
    const char *a = run("stats");
    assert_non_null(strstr(a, "cpu: 0 tick samples\ncpu (idle)             0.0%\nrt: period 1000 "
                              "ticks (10000000 us) releases 0 missed 0 (dispatch 0, late tick "
                              "0)\n"));
    assert_non_null(strstr(a, "\nrt: lateness max 0 us avg 0 us last 0 us\n"));
    assert_non_null(strstr(a, "\nevents: port 3 unbound, 0 handler runs (at most one per tick)\n"));
    assert_non_null(strstr(a, "\ncommands: 1\nok\n"));

    /* No events port at all. */
    fake_events.up = false;
    fake_cpu_used = 0;
    a = run("stats");
    assert_non_null(strstr(a, "cpu: 0 tick samples\nrt: period"));
    assert_non_null(strstr(a, "\nevents: no port\nxenstore: "));
}

/* ---- vchan-client --------------------------------------------------------------------------- */

#define VCHAN_USAGE "error: usage: vchan-client <domid> <absolute xenstore path>\n"

static void test_vchan_client_usage(void **state)
{
    static const char *const bad[] = {
        "vchan-client",
        "vchan-client 0",
        "vchan-client /local/domain/0/data/vchan",
        "vchan-client 0 local/domain/0/data/vchan",
        "vchan-client x /p",
        "vchan-client -1 /p",
        "vchan-client 32752 /p", /* DOMID_FIRST_RESERVED */
        "vchan-client 99999 /p",
        "vchan-client 12345678 /p", /* more digits than it reads */
    };
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_string_equal(run(bad[i]), VCHAN_USAGE);
    }
    assert_int_equal(fake_vchan_inits, 0);
}

static void test_vchan_client_round_trip(void **state)
{
    (void)state;
    fake_vchan_reply[0] = "hel";
    fake_vchan_reply[1] = "lo from dom0\r\n";
    assert_string_equal(run("vchan-client 0 /local/domain/0/data/vchan"),
                        "received: hello from dom0\nok\n");
    assert_int_equal(fake_vchan_inits, 1);
    assert_int_equal(fake_vchan_peer, 0);
    assert_string_equal(fake_vchan_path, "/local/domain/0/data/vchan");
    assert_int_equal(fake_vchan_prio, HANDLER_PRIO);
    assert_int_equal(fake_vchan_written_len, strlen("xenrtos: hello over vchan\n"));
    assert_memory_equal(fake_vchan_written, "xenrtos: hello over vchan\n", fake_vchan_written_len);
    assert_int_equal(fake_vchan_write_timeout, 5 * TX_TIMER_TICKS_PER_SECOND);
    assert_int_equal(fake_vchan_read_timeout, 5 * TX_TIMER_TICKS_PER_SECOND);
    assert_int_equal(fake_vchan_reads, 2); /* stops at the newline */
    assert_int_equal(fake_vchan_closes, 1);

    /* Largest domid, extra blanks before the path. */
    fake_vchan_reply[0] = "x\n";
    fake_vchan_reads = 0;
    assert_string_equal(run("vchan-client 32751   /a"), "received: x\nok\n");
    assert_int_equal(fake_vchan_peer, 32751);
    assert_string_equal(fake_vchan_path, "/a");
    assert_int_equal(fake_vchan_closes, 2);
}

static void test_vchan_client_partial_reply(void **state)
{
    (void)state;
    /* No newline before the server goes quiet: what came is the answer. */
    fake_vchan_reply[0] = "half a line";
    fake_vchan_read_end = XE_TIMEOUT;
    assert_string_equal(run("vchan-client 7 /p"), "received: half a line\nok\n");
    assert_int_equal(fake_vchan_reads, 2);
    assert_int_equal(fake_vchan_peer, 7);
    assert_int_equal(fake_vchan_closes, 1);
}

static void test_vchan_client_errors(void **state)
{
    (void)state;
    /* Connecting fails: nothing to close. */
    fake_vchan_init_err = XE_NOENT;
    assert_string_equal(run("vchan-client 0 /local/domain/0/data/vchan"),
                        "error: connect to 0 at /local/domain/0/data/vchan: XE_NOENT (no such "
                        "object)\n");
    assert_int_equal(fake_vchan_closes, 0);
    assert_int_equal(fake_vchan_written_len, 0);

    /* Nothing comes back. */
    fake_vchan_init_err = XE_OK;
    fake_vchan_read_end = XE_TIMEOUT;
    assert_string_equal(run("vchan-client 0 /p"),
                        "error: nothing received: XE_TIMEOUT (timed out)\n");
    assert_int_equal(fake_vchan_closes, 1);

    /* The write fails: no read is tried, its error is the reason given. */
    fake_vchan_reads = 0;
    fake_vchan_write_err = XE_PEER;
    assert_string_equal(run("vchan-client 0 /p"),
                        "error: nothing received: XE_PEER (peer wrote inconsistent shared data)\n");
    assert_int_equal(fake_vchan_reads, 0);
    assert_int_equal(fake_vchan_closes, 2);
}

static void test_vchan_client_long_reply_stays_one_line(void **state)
{
    static char reply[200];

    (void)state;
    memset(reply, 'y', sizeof(reply) - 2);
    reply[sizeof(reply) - 2] = '\n';
    fake_vchan_reply[0] = reply;
    run("vchan-client 0 /p");
    /* The reply is cut to the line buffer but ends in its newline; "ok" is a line of its own. */
    assert_int_equal(out.chunks, 2);
    assert_int_equal(out.len, 159 + 3); /* say()'s 160-byte buffer, less its NUL */
    assert_memory_equal(out.text, "received: yyy", 13);
    assert_string_equal(out.text + 158, "\nok\n");
}

/* A second vchan-client while one is running (the vchan and console threads both execute). */
static char second_answer[128];

static void capture_second(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    size_t have = strlen(second_answer);
    if (len < sizeof(second_answer) - have) {
        memcpy(second_answer + have, text, len);
        second_answer[have + len] = '\0';
    }
}

static void second_command(void)
{
    fake_vchan_on_read = NULL;
    cmd_execute("vchan-client 0 /q", capture_second, NULL);
}

static void test_vchan_client_one_at_a_time(void **state)
{
    (void)state;
    second_answer[0] = '\0';
    fake_vchan_on_read = second_command;
    fake_vchan_reply[0] = "first\n";
    assert_string_equal(run("vchan-client 0 /p"), "received: first\nok\n");
    assert_string_equal(second_answer, "error: vchan-client: another one is running\n");
    assert_int_equal(fake_vchan_inits, 1);
    /* Once the first is done, the next may run. */
    fake_vchan_reads = 0;
    assert_string_equal(run("vchan-client 0 /p"), "received: first\nok\n");
    assert_int_equal(fake_vchan_inits, 2);
}

/* ---- gpio ---------------------------------------------------------------------------------- */

extern struct svc_gpio_info fake_gpio_info;
extern int fake_gpio_result;
extern unsigned fake_gpio_pin, fake_gpio_seconds, fake_gpio_calls;
extern int fake_gpio_level;
extern struct svc_gpio_event fake_gpio_event;

static void reset_gpio(void)
{
    memset(&fake_gpio_info, 0, sizeof(fake_gpio_info));
    fake_gpio_result = 0;
    fake_gpio_pin = 99;
    fake_gpio_level = -1;
    fake_gpio_seconds = 0;
    fake_gpio_calls = 0;
    memset(&fake_gpio_event, 0, sizeof(fake_gpio_event));
}

static void test_gpio_info(void **state)
{
    (void)state;
    reset_gpio();
    assert_string_equal(run("gpio"), "error: no GPIO controller in this domain's device tree\n");
    fake_gpio_info = (struct svc_gpio_info){
        .present = true, .base = 0x9030000, .irqs = 5, .events = 4, .unhandled = 1, .spurious = 0};
    assert_string_equal(run("gpio"), "gpio pl061 base 0x9030000 irqs 5 events 4 unhandled 1 "
                                     "spurious 0\nok\n");
}

static void test_gpio_set_get(void **state)
{
    (void)state;
    reset_gpio();
    assert_string_equal(run("gpio set 5 1"), "gpio 5 = 1\nok\n");
    assert_int_equal(fake_gpio_pin, 5);
    assert_int_equal(fake_gpio_level, 1);
    assert_string_equal(run("gpio set 0 0"), "gpio 0 = 0\nok\n");
    assert_int_equal(fake_gpio_level, 0);
    fake_gpio_result = 1;
    assert_string_equal(run("gpio get 2"), "gpio 2 = 1\nok\n");
    assert_int_equal(fake_gpio_pin, 2);
    /* The pin number is checked by the service (the fake's error stands for it). */
    fake_gpio_result = -2;
    assert_string_equal(run("gpio set 9 1"), "error: gpio set 9: fake error\n");
    assert_string_equal(run("gpio get 12"), "error: gpio get 12: fake error\n");
}

static void test_gpio_usage(void **state)
{
    (void)state;
    reset_gpio();
    static const char *const bad[] = {
        "gpio set",         "gpio set 1",     "gpio set 1 2", "gpio set x 1", "gpio set 1 1 1",
        "gpio get",         "gpio get 1 2",   "gpio get -1",  "gpio watch",   "gpio watch 3 0",
        "gpio watch 3 601", "gpio watch 3 x", "gpio toggle 1"};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *a = run(bad[i]);
        assert_true(strncmp(a, "error: usage: gpio", 18) == 0);
        assert_null(strstr(a, "ok\n"));
    }
    assert_int_equal(fake_gpio_calls, 0); /* nothing reached the device */
}

static void test_gpio_watch(void **state)
{
    (void)state;
    reset_gpio();
    fake_gpio_event =
        (struct svc_gpio_event){.pin = 3, .level = 1, .merged = 1, .isr_to_handler_ns = 4321};
    assert_string_equal(run("gpio watch 3"),
                        "gpio 3 event level 1 merged 1 isr-to-handler 4321 ns\nok\n");
    assert_int_equal(fake_gpio_seconds, 30);
    assert_string_equal(run("gpio watch 3 5"),
                        "gpio 3 event level 1 merged 1 isr-to-handler 4321 ns\nok\n");
    assert_int_equal(fake_gpio_seconds, 5);
    fake_gpio_result = SVC_GPIO_TIMEOUT;
    assert_string_equal(run("gpio watch 3 1"), "error: gpio watch 3: no edge before the timeout\n");
}

int txtest_main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, reset_fakes, txtest_teardown)
    const struct CMUnitTest tests[] = {
        T(test_feed_lines_in_one_chunk),
        T(test_feed_line_split_across_chunks),
        T(test_feed_cr_lf_and_empty_lines),
        T(test_feed_longest_line_fits),
        T(test_feed_over_long_line_dropped),
        T(test_feed_nul_byte_ends_the_text),
        T(test_feed_into_execute),
        T(test_ping),
        T(test_help),
        T(test_trace),
        T(test_unknown_and_empty),
        T(test_uptime),
        T(test_period_valid),
        T(test_period_rejected_by_rt),
        T(test_period_bad_number),
#ifndef TX_DISABLE_ERROR_CHECKING
        T(test_threads_before_rt_start),
#endif
        T(test_threads),
        T(test_stats),
        T(test_stats_empty),
        T(test_xs),
        T(test_vchan_client_usage),
        T(test_vchan_client_round_trip),
        T(test_vchan_client_partial_reply),
        T(test_vchan_client_errors),
        T(test_vchan_client_long_reply_stays_one_line),
        T(test_vchan_client_one_at_a_time),
        T(test_gpio_info),
        T(test_gpio_set_get),
        T(test_gpio_usage),
        T(test_gpio_watch),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
