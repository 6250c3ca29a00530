/*
 * test_trace.c - the event trace (kernel/src/tx_trace.c). Without TX_ENABLE_EVENT_TRACE (the
 * default, -noerr and -stack builds) the services must say TX_FEATURE_NOT_ENABLED. In the -trace
 * build a known scenario is recorded and read back by a decoder written here from TraceX's
 * documented layout (byte offsets, not the kernel's structures, so a layout slip shows); the
 * "stack pointer" information words are checked against addresses on the recording stacks, and
 * the info-get, prioritize and notify services against their ThreadX event ids.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "txtest.h"

#include "tx_trace.h"

#ifndef TX_ENABLE_EVENT_TRACE

static VOID full_cb(VOID *buffer)
{
    (VOID) buffer;
}

static void test_not_enabled(void **state)
{
    static ULONG buf[256];
    (void)state;
    assert_int_equal(tx_trace_enable(buf, sizeof(buf), 4), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_event_filter(TX_TRACE_ALL_EVENTS), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_event_unfilter(TX_TRACE_ALL_EVENTS), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_buffer_full_notify(full_cb), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_user_event_insert(4097, 1, 2, 3, 4), TX_FEATURE_NOT_ENABLED);
    assert_int_equal(tx_trace_disable(), TX_FEATURE_NOT_ENABLED);
    tx_trace_isr_enter_insert(1);
    tx_trace_isr_exit_insert(1);
    /* Nothing was written into the buffer. */
    for (size_t i = 0; i < sizeof(buf) / sizeof(buf[0]); i++) {
        assert_int_equal(buf[i], 0);
    }
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_not_enabled, txtest_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

/* ---- Decoder (TraceX user guide, chapter 11) --------------------------------------------- */

struct ev {
    uint32_t thread, prio, id, time, info[4];
};
struct obj {
    uint8_t available, type;
    uint32_t ptr, p1, p2;
    char name[33];
};
struct trace {
    uint32_t base, reg_start, reg_end, buf_start, buf_end, current, mask;
    uint16_t name_size;
    unsigned nobj, nev;
    struct obj obj[32];
    struct ev ev[1024];
};

static uint32_t rd32(const uint8_t *b, size_t off)
{
    uint32_t v;
    memcpy(&v, b + off, 4);
    return v;
}

static uint32_t low32(const void *p)
{
    return (uint32_t)(uintptr_t)p;
}

/* Decode a buffer; the events oldest first (from the current pointer around), unused skipped. */
static void decode(const void *buffer, struct trace *t)
{
    const uint8_t *b = buffer;
    memset(t, 0, sizeof(*t));
    assert_int_equal(rd32(b, 0), 0x54585442u);
    t->mask = rd32(b, 4);
    t->base = rd32(b, 8);
    t->reg_start = rd32(b, 12);
    t->name_size = (uint16_t)(b[18] | (b[19] << 8));
    t->reg_end = rd32(b, 20);
    t->buf_start = rd32(b, 24);
    t->buf_end = rd32(b, 28);
    t->current = rd32(b, 32);
    assert_int_equal(t->base, low32(buffer));
    assert_int_equal(t->name_size, 32);
    assert_true((t->reg_end - t->reg_start) % 48u == 0);
    t->nobj = (t->reg_end - t->reg_start) / 48u;
    assert_true(t->nobj <= 32);
    for (unsigned i = 0; i < t->nobj; i++) {
        const uint8_t *r = b + (t->reg_start - t->base) + 48u * i;
        t->obj[i].available = r[0];
        t->obj[i].type = r[1];
        t->obj[i].ptr = rd32(r, 4);
        t->obj[i].p1 = rd32(r, 8);
        t->obj[i].p2 = rd32(r, 12);
        memcpy(t->obj[i].name, r + 16, 32);
    }
    unsigned n = (t->buf_end - t->buf_start) / 32u;
    unsigned cur = (t->current - t->buf_start) / 32u;
    assert_true(cur < n);
    for (unsigned k = 0; k < n; k++) {
        const uint8_t *e = b + (t->buf_start - t->base) + 32u * ((cur + k) % n);
        if (rd32(e, 0) == 0) {
            continue;
        }
        assert_true(t->nev < 1024);
        struct ev *v = &t->ev[t->nev++];
        v->thread = rd32(e, 0);
        v->prio = rd32(e, 4);
        v->id = rd32(e, 8);
        v->time = rd32(e, 12);
        for (int i = 0; i < 4; i++) {
            v->info[i] = rd32(e, 16 + 4 * i);
        }
    }
}

static const struct obj *find_obj(const struct trace *t, const void *p)
{
    for (unsigned i = 0; i < t->nobj; i++) {
        if (t->obj[i].ptr == low32(p) && t->obj[i].type != 0) {
            return &t->obj[i];
        }
    }
    return NULL;
}

/* Index of the next event with this id (and info 1, unless ~0) at or after `from`; -1: none. */
static int find_ev(const struct trace *t, int from, uint32_t id, uint32_t info1)
{
    for (unsigned i = (unsigned)from; i < t->nev; i++) {
        if (t->ev[i].id == id && (info1 == ~0u || t->ev[i].info[0] == info1)) {
            return (int)i;
        }
    }
    return -1;
}

static unsigned count_ev(const struct trace *t, uint32_t id)
{
    unsigned n = 0;
    for (unsigned i = 0; i < t->nev; i++) {
        n += t->ev[i].id == id;
    }
    return n;
}

/* A stack pointer word recorded by a service called from a function with a local at `here`:
 * on the same stack, a little deeper (stacks grow down; the service's frames are below). */
static void assert_sp_below(uint32_t sp, uint32_t here)
{
    assert_int_not_equal(sp, 0);
    assert_true((uint32_t)(here - sp) < 0x4000u);
}

/* ThreadX's events with a stack pointer word: id and word (0-based). */
static const struct {
    uint32_t id;
    unsigned word;
} sp_words[] = {
    {1, 2},   {2, 2},   {3, 0},   {4, 0},   {5, 3},   {12, 1},  {16, 2},  {17, 3},  {21, 3},
    {22, 1},  {26, 2},  {30, 1},  {31, 1},  {40, 1},  {50, 2},  {51, 1},  {56, 2},  {57, 3},
    {61, 1},  {62, 1},  {67, 2},  {81, 2},  {82, 1},  {83, 3},  {87, 2},  {88, 3},  {101, 1},
    {102, 2}, {109, 0}, {111, 2}, {112, 2}, {114, 2}, {115, 2}, {117, 2}, {125, 1}, {127, 1},
};

/* Every recorded event that has a stack pointer word has one (never 0); how many were seen. */
static unsigned assert_all_sp_words(const struct trace *t)
{
    unsigned seen = 0;
    for (unsigned i = 0; i < t->nev; i++) {
        for (size_t k = 0; k < sizeof(sp_words) / sizeof(sp_words[0]); k++) {
            if (t->ev[i].id == sp_words[k].id) {
                if (t->ev[i].info[sp_words[k].word] == 0) {
                    fail_msg("event %u: stack pointer word %u is 0", (unsigned)t->ev[i].id,
                             sp_words[k].word + 1);
                }
                seen++;
            }
        }
    }
    return seen;
}

/* ---- Scenario pieces --------------------------------------------------------------------- */

static ULONG trace_buf[4096];
static struct trace tr;
static TX_SEMAPHORE sem_a, sem_b;
static TX_THREAD ping, pong;
static TX_QUEUE queue;
static ULONG queue_mem[8];
static TX_TIMER timer;
static ULONG received[2];

/* Addresses on the stacks of the scenario's actors: "sp" words must lie just below them. */
static uint32_t ping_here, isr_here;

static void ping_entry(ULONG n)
{
    ULONG here;

    ping_here = low32(&here);
    for (ULONG i = 0; i < n; i++) {
        tx_semaphore_get(&sem_a, TX_WAIT_FOREVER);
        tx_semaphore_put(&sem_b);
    }
}

static void pong_entry(ULONG n)
{
    for (ULONG i = 0; i < n; i++) {
        tx_semaphore_get(&sem_b, TX_WAIT_FOREVER);
        tx_semaphore_put(&sem_a);
    }
}

static void receiver_entry(ULONG n)
{
    for (ULONG i = 0; i < n; i++) {
        tx_queue_receive(&queue, &received[i], TX_WAIT_FOREVER);
    }
}

static void timer_fn(ULONG input)
{
    tx_trace_user_event_insert(TX_TRACE_USER_EVENT_START + 2, input, 0, 0, 0);
}

static void isr_fn(VOID *arg)
{
    ULONG here;

    isr_here = low32(&here);
    tx_trace_isr_enter_insert(7);
    tx_semaphore_put((TX_SEMAPHORE *)arg);
    tx_trace_isr_exit_insert(7);
}

static int trace_teardown(void **state)
{
    tx_trace_disable();
    tx_trace_buffer_full_notify(TX_NULL);
    if (queue.tx_queue_name != TX_NULL) {
        tx_queue_delete(&queue);
        memset(&queue, 0, sizeof(queue));
    }
    return txtest_teardown(state);
}

static void test_enable_rules(void **state)
{
    (void)state;
    assert_int_equal(tx_trace_user_event_insert(4097, 0, 0, 0, 0), TX_NOT_DONE);
    assert_int_equal(tx_trace_disable(), TX_NOT_DONE);
    /* Header + 2 registry entries + one event is the least. */
    assert_int_equal(tx_trace_enable(trace_buf, 48 + 2 * 48 + 31, 2), TX_SIZE_ERROR);
    assert_int_equal(tx_trace_enable(trace_buf, 16, 0), TX_SIZE_ERROR);
    assert_int_equal(tx_trace_enable(trace_buf, 1000, 0xFFFFFFFFu), TX_SIZE_ERROR);
    assert_int_equal(tx_trace_enable(trace_buf, 48 + 2 * 48 + 32, 2), TX_SUCCESS);
    assert_int_equal(tx_trace_enable(trace_buf, sizeof(trace_buf), 2), TX_NOT_DONE);
    decode(trace_buf, &tr);
    assert_int_equal(tr.mask, 0xFFFFFFFFu);
    assert_int_equal(tr.reg_start - tr.base, 48);
    assert_int_equal(tr.buf_start, tr.reg_end);
    assert_int_equal(tr.buf_end - tr.buf_start, 32);
    assert_int_equal(tx_trace_disable(), TX_SUCCESS);
    assert_int_equal(tx_trace_user_event_insert(4097, 0, 0, 0, 0), TX_NOT_DONE);
}

/* Registry: objects from before the enable, a created one with its name and parameters, and a
 * deleted one (available again, name kept). */
static void test_registry(void **state)
{
    (void)state;
    assert_int_equal(tx_semaphore_create(&sem_a, "before enable", 3), TX_SUCCESS);
    assert_int_equal(tx_trace_enable(trace_buf, sizeof(trace_buf), 16), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&sem_b, "semaphore b", 5), TX_SUCCESS);
    assert_int_equal(tx_queue_create(&queue, "the queue", 2, queue_mem, sizeof(queue_mem)),
                     TX_SUCCESS);
    assert_int_equal(tx_semaphore_delete(&sem_b), TX_SUCCESS);
    assert_int_equal(tx_trace_disable(), TX_SUCCESS);
    decode(trace_buf, &tr);

    const struct obj *o = find_obj(&tr, &txtest_runner);
    assert_non_null(o);
    assert_int_equal(o->type, 1);
    assert_int_equal(o->available, 0);
    assert_string_equal(o->name, txtest_runner.tx_thread_name);
    assert_int_equal(o->p1, low32(txtest_runner.tx_thread_stack_start));
    assert_int_equal(o->p2, txtest_runner.tx_thread_stack_size);
    o = find_obj(&tr, &sem_a);
    assert_non_null(o);
    assert_int_equal(o->type, 4);
    assert_string_equal(o->name, "before enable");
    assert_int_equal(o->p1, 3);
    o = find_obj(&tr, &sem_b);
    assert_non_null(o);
    assert_int_equal(o->available, 1); /* deleted */
    assert_string_equal(o->name, "semaphore b");
    assert_int_equal(o->p1, 5);
    o = find_obj(&tr, &queue);
    assert_non_null(o);
    assert_int_equal(o->type, 3);
    assert_int_equal(o->available, 0);
    assert_string_equal(o->name, "the queue");
    assert_int_equal(o->p1, 4); /* capacity: 32 bytes / 8-byte messages */
    assert_int_equal(o->p2, 2);

    int i = find_ev(&tr, 0, TX_TRACE_SEMAPHORE_CREATE, low32(&sem_b));
    assert_true(i >= 0);
    assert_int_equal(tr.ev[i].info[1], 5);
    assert_int_equal(tr.ev[i].thread, low32(&txtest_runner));
    assert_int_equal(tr.ev[i].prio & 0xFFFFu, txtest_runner.tx_thread_priority);
    i = find_ev(&tr, i, TX_TRACE_QUEUE_CREATE, low32(&queue));
    assert_true(i >= 0);
    assert_true(find_ev(&tr, i, TX_TRACE_SEMAPHORE_DELETE, low32(&sem_b)) > i);
}

/* Ping-pong between two threads, a queue, a timer, a user event and an ISR: ids, order, info
 * words, thread fields. */
static void test_scenario(void **state)
{
    static TX_THREAD receiver;
    ULONG msg[2] = {0x1111, 0x2222};
    uint32_t here = low32(&msg[0]);
    (void)state;
    assert_int_equal(tx_semaphore_create(&sem_a, "sem a", 0), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&sem_b, "sem b", 0), TX_SUCCESS);
    assert_int_equal(tx_queue_create(&queue, "q", 1, queue_mem, sizeof(queue_mem)), TX_SUCCESS);
    assert_int_equal(tx_trace_enable(trace_buf, sizeof(trace_buf), 16), TX_SUCCESS);

    txtest_thread_create(&ping, "ping", ping_entry, 2, 5);
    txtest_thread_create(&pong, "pong", pong_entry, 2, 6);
    /* Both wait now. One put starts two rounds of ping -> pong. */
    assert_int_equal(tx_semaphore_put(&sem_a), TX_SUCCESS);
    /* Ping is done; pong's last put left sem_a at 1, and pong completed. */

    txtest_thread_create(&receiver, "receiver", receiver_entry, 2, 7);
    assert_int_equal(tx_queue_send(&queue, &msg[0], TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(tx_queue_send(&queue, &msg[1], TX_NO_WAIT), TX_SUCCESS);
    assert_int_equal(received[0], 0x1111);

    assert_int_equal(tx_timer_create(&timer, "tmr", timer_fn, 0xAB, 2, 0, TX_AUTO_ACTIVATE),
                     TX_SUCCESS);
    tx_host_ticks_advance(3);
    assert_int_equal(tx_trace_user_event_insert(TX_TRACE_USER_EVENT_START + 1, 1, 2, 3, 4),
                     TX_SUCCESS);
    tx_host_isr_run(isr_fn, &sem_b);
    assert_int_equal(tx_trace_disable(), TX_SUCCESS);
    assert_int_equal(tx_timer_delete(&timer), TX_SUCCESS);
    decode(trace_buf, &tr);

    assert_true(assert_all_sp_words(&tr) > 20);

    /* Thread creates, with names in the registry. */
    int c = find_ev(&tr, 0, TX_TRACE_THREAD_CREATE, low32(&ping));
    assert_true(c >= 0);
    assert_int_equal(tr.ev[c].info[1], 5);
    assert_string_equal(find_obj(&tr, &ping)->name, "ping");
    assert_string_equal(find_obj(&tr, &pong)->name, "pong");
    assert_string_equal(find_obj(&tr, &timer)->name, "tmr");

    /* The ping-pong, in order: runner puts a; ping resumed (and chosen to run); ping puts b;
     * pong resumed; ping suspends on a (pong next); pong puts a; ping resumed, ... */
    int i = find_ev(&tr, c, TX_TRACE_SEMAPHORE_PUT, low32(&sem_a));
    assert_true(i > c);
    assert_int_equal(tr.ev[i].thread, low32(&txtest_runner));
    assert_int_equal(tr.ev[i].info[2], 1);   /* ping waits */
    assert_sp_below(tr.ev[i].info[3], here); /* the runner's stack pointer */
    i = find_ev(&tr, i, TX_TRACE_THREAD_RESUME, low32(&ping));
    assert_true(i >= 0);
    assert_int_equal(tr.ev[i].info[1], TX_SEMAPHORE_SUSP); /* previous state */
    assert_int_equal(tr.ev[i].info[3], low32(&ping));      /* runs next */
    int first = i;
    static const struct {
        const void *thread;
        uint32_t id;
        const void *info1;
    } expect[] = {
        {&ping, TX_TRACE_SEMAPHORE_PUT, &sem_b}, {&ping, TX_TRACE_THREAD_RESUME, &pong},
        {&ping, TX_TRACE_SEMAPHORE_GET, &sem_a}, {&ping, TX_TRACE_THREAD_SUSPEND, &ping},
        {&pong, TX_TRACE_SEMAPHORE_PUT, &sem_a}, {&pong, TX_TRACE_THREAD_RESUME, &ping},
        {&ping, TX_TRACE_SEMAPHORE_PUT, &sem_b}, {&ping, TX_TRACE_THREAD_SUSPEND, &ping},
        {&pong, TX_TRACE_SEMAPHORE_GET, &sem_b}, {&pong, TX_TRACE_SEMAPHORE_PUT, &sem_a},
        {&pong, TX_TRACE_THREAD_SUSPEND, &pong},
    };
    for (size_t k = 0; k < sizeof(expect) / sizeof(expect[0]); k++) {
        int j = find_ev(&tr, i + 1, expect[k].id, low32(expect[k].info1));
        assert_true(j > i);
        /* Nothing of this kind in between: the order is exact for these ids. */
        for (int m = i + 1; m < j; m++) {
            assert_false(tr.ev[m].id == TX_TRACE_SEMAPHORE_PUT ||
                         tr.ev[m].id == TX_TRACE_SEMAPHORE_GET);
        }
        assert_int_equal(tr.ev[j].thread, low32(expect[k].thread));
        i = j;
    }
    /* ping's suspend names pong as the next thread; its state word is the semaphore wait. */
    int s = find_ev(&tr, first, TX_TRACE_THREAD_SUSPEND, low32(&ping));
    assert_int_equal(tr.ev[s].info[1], TX_SEMAPHORE_SUSP);
    assert_int_equal(tr.ev[s].info[3], low32(&pong));
    assert_int_equal(tr.ev[s].prio, 5u | (5u << 16));
    /* Stack pointers: ping's own events and its suspension are on ping's stack, not the
     * runner's; the resume (by the runner's put) on the runner's. */
    assert_sp_below(tr.ev[s].info[2], ping_here);
    int pp = find_ev(&tr, first, TX_TRACE_SEMAPHORE_PUT, low32(&sem_b));
    assert_int_equal(tr.ev[pp].thread, low32(&ping));
    assert_sp_below(tr.ev[pp].info[3], ping_here);
    assert_true((uint32_t)(here - tr.ev[pp].info[3]) >= 0x4000u);
    assert_sp_below(tr.ev[first].info[2], here);
    int g = find_ev(&tr, first, TX_TRACE_SEMAPHORE_GET, low32(&sem_a));
    assert_sp_below(tr.ev[g].info[3], ping_here);

    /* Queue: two sends (enqueued 0 then 0: the receiver takes each at once), two receives. */
    int q = find_ev(&tr, 0, TX_TRACE_QUEUE_SEND, low32(&queue));
    assert_true(q >= 0);
    assert_int_equal(tr.ev[q].info[1], low32(&msg[0]));
    assert_int_equal(tr.ev[q].info[2], TX_NO_WAIT);
    assert_true(find_ev(&tr, q + 1, TX_TRACE_QUEUE_RECEIVE, low32(&queue)) > q);
    assert_int_equal(count_ev(&tr, TX_TRACE_QUEUE_SEND), 2);
    assert_int_equal(count_ev(&tr, TX_TRACE_QUEUE_RECEIVE), 2);

    /* The timer's expiry in the tick interrupt: a user event from ISR context. */
    int t = find_ev(&tr, 0, TX_TRACE_TIMER_CREATE, low32(&timer));
    assert_int_equal(tr.ev[t].info[1], 2);
    int u = find_ev(&tr, t, TX_TRACE_USER_EVENT_START + 2, 0xAB);
    assert_true(u > t);
    assert_int_equal(tr.ev[u].thread, 0xFFFFFFFFu);

    /* User event from the runner. */
    u = find_ev(&tr, u, TX_TRACE_USER_EVENT_START + 1, 1);
    assert_true(u >= 0);
    assert_int_equal(tr.ev[u].thread, low32(&txtest_runner));
    assert_int_equal(tr.ev[u].info[1], 2);
    assert_int_equal(tr.ev[u].info[2], 3);
    assert_int_equal(tr.ev[u].info[3], 4);

    /* ISR: enter, the put inside, exit; ISR context marks, the interrupted thread in prio. */
    int e = find_ev(&tr, u, TX_TRACE_ISR_ENTER, ~0u);
    assert_true(e > u);
    assert_int_equal(tr.ev[e].thread, 0xFFFFFFFFu);
    assert_int_equal(tr.ev[e].prio, low32(&txtest_runner));
    assert_int_equal(tr.ev[e].info[1], 7);
    assert_int_equal(tr.ev[e].info[2], 1); /* nesting depth */
    assert_sp_below(tr.ev[e].info[0], isr_here);
    assert_int_equal(tr.ev[e + 1].id, TX_TRACE_SEMAPHORE_PUT);
    assert_int_equal(tr.ev[e + 1].thread, 0xFFFFFFFFu);
    assert_sp_below(tr.ev[e + 1].info[3], isr_here);
    assert_int_equal(tr.ev[e + 2].id, TX_TRACE_ISR_EXIT);
    assert_sp_below(tr.ev[e + 2].info[0], isr_here);

    /* Time stamps never go back (one CPU, monotonic counter; 4 s before a 32-bit wrap). */
    for (unsigned k = 1; k < tr.nev; k++) {
        assert_true((int32_t)(tr.ev[k].time - tr.ev[k - 1].time) >= 0);
    }
    const char *out = getenv("TXTEST_TRACE_OUT");
    if (out != NULL) {
        FILE *f = fopen(out, "wb");
        assert_non_null(f);
        fwrite(trace_buf, 1, sizeof(trace_buf), f);
        fclose(f);
    }
}

/* The services traced besides the scenario's: every *_info_get, *_performance_info_get,
 * *_performance_system_info_get, *_prioritize and notify setter records its ThreadX event, with
 * the object in I1 and, for prioritize, the suspended count and the stack pointer. */
static TX_BLOCK_POOL bpool;
static TX_BYTE_POOL ypool;
static TX_EVENT_FLAGS_GROUP group;
static TX_MUTEX mutex;
static ULONG bpool_mem[64];
static ULONG ypool_mem[256];

static VOID group_notify(TX_EVENT_FLAGS_GROUP *g)
{
    (VOID) g;
}
static VOID queue_notify(TX_QUEUE *q)
{
    (VOID) q;
}
static VOID sem_notify(TX_SEMAPHORE *s)
{
    (VOID) s;
}
static VOID thread_notify(TX_THREAD *t, UINT type)
{
    (VOID) t;
    (VOID) type;
}

static void waiter_entry(ULONG unused)
{
    (void)unused;
    tx_semaphore_get(&sem_a, TX_WAIT_FOREVER);
}

/* The event `id` with I1 = `object`: it exists, the runner recorded it; its index. */
static int expect_ev(uint32_t id, const void *object)
{
    int i = find_ev(&tr, 0, id, object != NULL ? low32(object) : ~0u);
    if (i < 0) {
        fail_msg("event %u not recorded", (unsigned)id);
    }
    assert_int_equal(tr.ev[i].thread, low32(&txtest_runner));
    return i;
}

static void test_info_prioritize_notify(void **state)
{
    static TX_THREAD waiter;
    CHAR *name;
    ULONG n;
    UINT u;
    ULONG here;
    uint32_t here32 = low32(&here);
    int i;

    (void)state;
    assert_int_equal(tx_block_pool_create(&bpool, "bp", 16, bpool_mem, sizeof(bpool_mem)),
                     TX_SUCCESS);
    assert_int_equal(tx_byte_pool_create(&ypool, "yp", ypool_mem, sizeof(ypool_mem)), TX_SUCCESS);
    assert_int_equal(tx_event_flags_create(&group, "ef"), TX_SUCCESS);
    assert_int_equal(tx_mutex_create(&mutex, "mx", TX_NO_INHERIT), TX_SUCCESS);
    assert_int_equal(tx_queue_create(&queue, "q", 1, queue_mem, sizeof(queue_mem)), TX_SUCCESS);
    assert_int_equal(tx_semaphore_create(&sem_a, "sem a", 0), TX_SUCCESS);
    assert_int_equal(tx_timer_create(&timer, "tmr", timer_fn, 0, 100, 0, TX_NO_ACTIVATE),
                     TX_SUCCESS);
    txtest_thread_create(&waiter, "waiter", waiter_entry, 0, 10); /* waits for sem_a */
    assert_int_equal(tx_trace_enable(trace_buf, sizeof(trace_buf), 16), TX_SUCCESS);

    assert_int_equal(tx_block_pool_info_get(&bpool, &name, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_block_pool_performance_info_get(&bpool, &n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_block_pool_performance_system_info_get(&n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_block_pool_prioritize(&bpool), TX_SUCCESS);
    assert_int_equal(tx_byte_pool_info_get(&ypool, &name, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_byte_pool_performance_info_get(&ypool, &n, TX_NULL, TX_NULL, TX_NULL,
                                                       TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_byte_pool_performance_system_info_get(&n, TX_NULL, TX_NULL, TX_NULL,
                                                              TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_byte_pool_prioritize(&ypool), TX_SUCCESS);
    assert_int_equal(tx_event_flags_info_get(&group, &name, &n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_event_flags_performance_info_get(&group, &n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_event_flags_performance_system_info_get(&n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_event_flags_set_notify(&group, group_notify), TX_SUCCESS);
    assert_int_equal(tx_mutex_info_get(&mutex, &name, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(
        tx_mutex_performance_info_get(&mutex, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(
        tx_mutex_performance_system_info_get(&n, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(tx_mutex_prioritize(&mutex), TX_SUCCESS);
    assert_int_equal(tx_queue_info_get(&queue, &name, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(
        tx_queue_performance_info_get(&queue, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(
        tx_queue_performance_system_info_get(&n, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    assert_int_equal(tx_queue_prioritize(&queue), TX_SUCCESS);
    assert_int_equal(tx_queue_send_notify(&queue, queue_notify), TX_SUCCESS);
    assert_int_equal(tx_semaphore_info_get(&sem_a, &name, &n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_semaphore_performance_info_get(&sem_a, &n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_semaphore_performance_system_info_get(&n, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_semaphore_prioritize(&sem_a), TX_SUCCESS);
    assert_int_equal(tx_semaphore_put_notify(&sem_a, sem_notify), TX_SUCCESS);
    assert_int_equal(tx_thread_entry_exit_notify(&waiter, thread_notify), TX_SUCCESS);
    assert_int_equal(tx_thread_info_get(&waiter, &name, &u, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                        TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_performance_info_get(&waiter, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                    TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_performance_system_info_get(&n, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                           TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                                           TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_thread_preemption_change(&waiter, 8, &u), TX_SUCCESS);
    assert_int_equal(tx_thread_time_slice_change(&waiter, 7, &n), TX_SUCCESS);
    assert_int_equal(tx_timer_info_get(&timer, &name, &u, &n, TX_NULL, TX_NULL), TX_SUCCESS);
    assert_int_equal(tx_timer_performance_info_get(&timer, &n, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_timer_performance_system_info_get(&n, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_trace_disable(), TX_SUCCESS);
    decode(trace_buf, &tr);

    assert_true(assert_all_sp_words(&tr) >= 7);
    expect_ev(TX_TRACE_BLOCK_POOL_INFO_GET, &bpool);
    expect_ev(TX_TRACE_BLOCK_POOL_PERFORMANCE_INFO_GET, &bpool);
    expect_ev(TX_TRACE_BLOCK_POOL__PERFORMANCE_SYSTEM_INFO_GET, NULL);
    i = expect_ev(TX_TRACE_BLOCK_POOL_PRIORITIZE, &bpool);
    assert_int_equal(tr.ev[i].info[1], 0);
    assert_sp_below(tr.ev[i].info[2], here32);
    expect_ev(TX_TRACE_BYTE_POOL_INFO_GET, &ypool);
    expect_ev(TX_TRACE_BYTE_POOL_PERFORMANCE_INFO_GET, &ypool);
    expect_ev(TX_TRACE_BYTE_POOL__PERFORMANCE_SYSTEM_INFO_GET, NULL);
    i = expect_ev(TX_TRACE_BYTE_POOL_PRIORITIZE, &ypool);
    assert_sp_below(tr.ev[i].info[2], here32);
    expect_ev(TX_TRACE_EVENT_FLAGS_INFO_GET, &group);
    expect_ev(TX_TRACE_EVENT_FLAGS_PERFORMANCE_INFO_GET, &group);
    expect_ev(TX_TRACE_EVENT_FLAGS__PERFORMANCE_SYSTEM_INFO_GET, NULL);
    expect_ev(TX_TRACE_EVENT_FLAGS_SET_NOTIFY, &group);
    expect_ev(TX_TRACE_MUTEX_INFO_GET, &mutex);
    expect_ev(TX_TRACE_MUTEX_PERFORMANCE_INFO_GET, &mutex);
    expect_ev(TX_TRACE_MUTEX_PERFORMANCE_SYSTEM_INFO_GET, NULL);
    i = expect_ev(TX_TRACE_MUTEX_PRIORITIZE, &mutex);
    assert_sp_below(tr.ev[i].info[2], here32);
    expect_ev(TX_TRACE_QUEUE_INFO_GET, &queue);
    expect_ev(TX_TRACE_QUEUE_PERFORMANCE_INFO_GET, &queue);
    expect_ev(TX_TRACE_QUEUE_PERFORMANCE_SYSTEM_INFO_GET, NULL);
    i = expect_ev(TX_TRACE_QUEUE_PRIORITIZE, &queue);
    assert_sp_below(tr.ev[i].info[2], here32);
    expect_ev(TX_TRACE_QUEUE_SEND_NOTIFY, &queue);
    expect_ev(TX_TRACE_SEMAPHORE_INFO_GET, &sem_a);
    expect_ev(TX_TRACE_SEMAPHORE_PERFORMANCE_INFO_GET, &sem_a);
    expect_ev(TX_TRACE_SEMAPHORE__PERFORMANCE_SYSTEM_INFO_GET, NULL);
    i = expect_ev(TX_TRACE_SEMAPHORE_PRIORITIZE, &sem_a);
    assert_int_equal(tr.ev[i].info[1], 1); /* the waiter */
    assert_sp_below(tr.ev[i].info[2], here32);
    expect_ev(TX_TRACE_SEMAPHORE_PUT_NOTIFY, &sem_a);
    i = expect_ev(TX_TRACE_THREAD_ENTRY_EXIT_NOTIFY, &waiter);
    assert_int_equal(tr.ev[i].info[1], TX_SEMAPHORE_SUSP);
    assert_sp_below(tr.ev[i].info[2], here32);
    i = expect_ev(TX_TRACE_THREAD_INFO_GET, &waiter);
    assert_int_equal(tr.ev[i].info[1], TX_SEMAPHORE_SUSP);
    i = expect_ev(TX_TRACE_THREAD_PERFORMANCE_INFO_GET, &waiter);
    assert_int_equal(tr.ev[i].info[1], TX_SEMAPHORE_SUSP);
    expect_ev(TX_TRACE_THREAD_PERFORMANCE_SYSTEM_INFO_GET, NULL);
    i = expect_ev(TX_TRACE_THREAD_PREEMPTION_CHANGE, &waiter);
    assert_int_equal(tr.ev[i].info[1], 8);
    assert_int_equal(tr.ev[i].info[2], 10);
    assert_int_equal(tr.ev[i].info[3], TX_SEMAPHORE_SUSP);
    i = expect_ev(TX_TRACE_THREAD_TIME_SLICE_CHANGE, &waiter);
    assert_int_equal(tr.ev[i].info[1], 7);
    assert_int_equal(tr.ev[i].info[2], 0);
    i = expect_ev(TX_TRACE_TIMER_INFO_GET, &timer);
    assert_sp_below(tr.ev[i].info[1], here32);
    expect_ev(TX_TRACE_TIMER_PERFORMANCE_INFO_GET, &timer);
    expect_ev(TX_TRACE_TIMER_PERFORMANCE_SYSTEM_INFO_GET, NULL);

    /* Filtered like the rest of their object's events. */
    assert_int_equal(tx_trace_enable(trace_buf, sizeof(trace_buf), 16), TX_SUCCESS);
    assert_int_equal(tx_trace_event_filter(TX_TRACE_MUTEX_EVENTS), TX_SUCCESS);
    assert_int_equal(tx_mutex_info_get(&mutex, &name, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_mutex_prioritize(&mutex), TX_SUCCESS);
    assert_int_equal(tx_semaphore_info_get(&sem_a, &name, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_int_equal(tx_trace_disable(), TX_SUCCESS);
    decode(trace_buf, &tr);
    assert_int_equal(count_ev(&tr, TX_TRACE_MUTEX_INFO_GET), 0);
    assert_int_equal(count_ev(&tr, TX_TRACE_MUTEX_PRIORITIZE), 0);
    assert_int_equal(count_ev(&tr, TX_TRACE_SEMAPHORE_INFO_GET), 1);

    assert_int_equal(tx_block_pool_delete(&bpool), TX_SUCCESS);
    assert_int_equal(tx_byte_pool_delete(&ypool), TX_SUCCESS);
    assert_int_equal(tx_event_flags_delete(&group), TX_SUCCESS);
    assert_int_equal(tx_mutex_delete(&mutex), TX_SUCCESS);
}

static void test_filters(void **state)
{
    (void)state;
    assert_int_equal(tx_semaphore_create(&sem_a, "sem a", 0), TX_SUCCESS);
    assert_int_equal(tx_trace_enable(trace_buf, sizeof(trace_buf), 4), TX_SUCCESS);
    assert_int_equal(tx_trace_event_filter(TX_TRACE_SEMAPHORE_EVENTS | TX_TRACE_USER_EVENTS),
                     TX_SUCCESS);
    tx_semaphore_put(&sem_a);
    assert_int_equal(tx_trace_user_event_insert(5000, 1, 0, 0, 0), TX_SUCCESS);
    assert_int_equal(tx_trace_event_unfilter(TX_TRACE_USER_EVENTS), TX_SUCCESS);
    assert_int_equal(tx_trace_user_event_insert(5000, 2, 0, 0, 0), TX_SUCCESS);
    tx_semaphore_get(&sem_a, TX_NO_WAIT);
    assert_int_equal(tx_trace_event_unfilter(TX_TRACE_ALL_EVENTS), TX_SUCCESS);
    tx_semaphore_put(&sem_a);
    assert_int_equal(tx_trace_disable(), TX_SUCCESS);
    decode(trace_buf, &tr);
    assert_int_equal(find_ev(&tr, 0, 5000, 1), -1);
    assert_true(find_ev(&tr, 0, 5000, 2) >= 0);
    assert_int_equal(count_ev(&tr, TX_TRACE_SEMAPHORE_GET), 0);
    assert_int_equal(count_ev(&tr, TX_TRACE_SEMAPHORE_PUT), 1);
    /* A new enable starts unfiltered. */
    assert_int_equal(tx_trace_event_filter(TX_TRACE_USER_EVENTS), TX_SUCCESS);
    assert_int_equal(tx_trace_enable(trace_buf, sizeof(trace_buf), 4), TX_SUCCESS);
    assert_int_equal(tx_trace_user_event_insert(5000, 3, 0, 0, 0), TX_SUCCESS);
    assert_int_equal(tx_trace_disable(), TX_SUCCESS);
    decode(trace_buf, &tr);
    assert_true(find_ev(&tr, 0, 5000, 3) >= 0);
}

static unsigned full_calls;
static VOID *full_arg;
static VOID full_cb(VOID *buffer)
{
    full_calls++;
    full_arg = buffer;
}

/* Room for 4 events: 10 inserts wrap twice (notify each time), the 4 newest remain, in order. */
static void test_wrap(void **state)
{
    (void)state;
    full_calls = 0;
    assert_int_equal(tx_trace_enable(trace_buf, 48 + 48 + 4 * 32 + 31, 1), TX_SUCCESS);
    assert_int_equal(tx_trace_buffer_full_notify(full_cb), TX_SUCCESS);
    tx_trace_event_filter(TX_TRACE_ALL_EVENTS); /* only the user events below */
    for (ULONG k = 1; k <= 10; k++) {
        assert_int_equal(tx_trace_user_event_insert(4200, k, 0, 0, 0), TX_SUCCESS);
        assert_int_equal(full_calls, k / 4);
    }
    assert_int_equal(tx_trace_disable(), TX_SUCCESS);
    assert_ptr_equal(full_arg, trace_buf);
    decode(trace_buf, &tr);
    assert_int_equal(tr.nev, 4);
    for (unsigned k = 0; k < 4; k++) {
        assert_int_equal(tr.ev[k].info[0], 7 + k);
    }
    assert_int_equal(tr.current - tr.buf_start, 2 * 32);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_enable_rules, trace_teardown),
        cmocka_unit_test_teardown(test_registry, trace_teardown),
        cmocka_unit_test_teardown(test_scenario, trace_teardown),
        cmocka_unit_test_teardown(test_info_prioritize_notify, trace_teardown),
        cmocka_unit_test_teardown(test_filters, trace_teardown),
        cmocka_unit_test_teardown(test_wrap, trace_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
