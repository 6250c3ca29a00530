/*
 * ops.c - kernel services and context switches, mean and maximum over many iterations.
 *
 * Services that do not switch threads run in a loop behind a function pointer. The mean is the
 * whole loop's time divided by the iterations, minus the same loop around an empty function
 * (so the call and loop overhead cancel out); the maximum is the largest single iteration,
 * read around each call, minus the empty function's mean. Maxima include whatever else happened
 * in that iteration (the 100 Hz tick interrupt) and the counter's 16 ns steps.
 *
 * Each service is measured twice: through the public API (tx_*: the _txe_ argument checks,
 * then the service) and through the service alone (_tx_*; what TX_DISABLE_ERROR_CHECKING
 * builds call).
 */
#include <stdio.h>

#include "bench.h"
#include "tx_api.h"
#include "xenrtos/platform.h"

#define OPS_N    20000u
#define SWITCH_N 10000u

typedef void (*op_fn)(void);

/* ---- objects -------------------------------------------------------------------------------- */

static TX_SEMAPHORE sem;
static TX_QUEUE queue;
static ULONG queue_area[16];
static TX_MUTEX mutex;
static TX_EVENT_FLAGS_GROUP flags;
static TX_BLOCK_POOL block_pool;
static uint8_t block_area[8 * (64 + sizeof(void *))] __attribute__((aligned(16)));
static TX_BYTE_POOL byte_pool;
static uint8_t byte_area[4096] __attribute__((aligned(16)));
static TX_TIMER timer;
static TX_THREAD victim;
static uint8_t victim_stack[4096] __attribute__((aligned(16)));
static unsigned op_errors;

static void check(UINT status)
{
    if (status != TX_SUCCESS) {
        op_errors++;
    }
}

static void timer_fn(ULONG arg)
{
    (void)arg;
}

static void victim_entry(ULONG arg)
{
    (void)arg;
    for (;;) {
        tx_thread_suspend(tx_thread_identify());
    }
}

/* ---- one function per service pair, through the API (tx_) and the core (_tx_) ---------------- */

static void op_empty(void)
{
    __asm__ volatile("" ::: "memory");
}

#define OPS_FOR(P, S)                                                                              \
    static void op_sem_##S(void)                                                                   \
    {                                                                                              \
        check(P##semaphore_get(&sem, TX_NO_WAIT));                                                 \
        check(P##semaphore_put(&sem));                                                             \
    }                                                                                              \
    static void op_queue_##S(void)                                                                 \
    {                                                                                              \
        ULONG msg = 0x5a5a, got;                                                                   \
        check(P##queue_send(&queue, &msg, TX_NO_WAIT));                                            \
        check(P##queue_receive(&queue, &got, TX_NO_WAIT));                                         \
    }                                                                                              \
    static void op_mutex_##S(void)                                                                 \
    {                                                                                              \
        check(P##mutex_get(&mutex, TX_NO_WAIT));                                                   \
        check(P##mutex_put(&mutex));                                                               \
    }                                                                                              \
    static void op_flags_##S(void)                                                                 \
    {                                                                                              \
        ULONG actual;                                                                              \
        check(P##event_flags_set(&flags, 0x1, TX_OR));                                             \
        check(P##event_flags_get(&flags, 0x1, TX_OR_CLEAR, &actual, TX_NO_WAIT));                  \
    }                                                                                              \
    static void op_block_##S(void)                                                                 \
    {                                                                                              \
        VOID *b;                                                                                   \
        check(P##block_allocate(&block_pool, &b, TX_NO_WAIT));                                     \
        check(P##block_release(b));                                                                \
    }                                                                                              \
    static void op_byte_##S(void)                                                                  \
    {                                                                                              \
        VOID *b;                                                                                   \
        check(P##byte_allocate(&byte_pool, &b, 64, TX_NO_WAIT));                                   \
        check(P##byte_release(b));                                                                 \
    }                                                                                              \
    static void op_thread_##S(void)                                                                \
    {                                                                                              \
        check(P##thread_suspend(&victim));                                                         \
        check(P##thread_resume(&victim));                                                          \
    }                                                                                              \
    static void op_timer_##S(void)                                                                 \
    {                                                                                              \
        check(P##timer_activate(&timer));                                                          \
        check(P##timer_deactivate(&timer));                                                        \
    }

OPS_FOR(tx_, api)
OPS_FOR(_tx_, core)

struct op_case {
    const char *name;
    op_fn api;
    op_fn core;
};

static const struct op_case op_cases[] = {
    {"sem_get_put", op_sem_api, op_sem_core},
    {"queue_send_receive", op_queue_api, op_queue_core},
    {"mutex_get_put", op_mutex_api, op_mutex_core},
    {"flags_set_get", op_flags_api, op_flags_core},
    {"block_alloc_release", op_block_api, op_block_core},
    {"byte_alloc_release", op_byte_api, op_byte_core},
    {"thread_suspend_resume", op_thread_api, op_thread_core},
    {"timer_activate_deactivate", op_timer_api, op_timer_core},
};

/* Mean of one call in tenths of a ns (whole loop / n) and the largest single call in ns. */
static void measure(op_fn fn, uint64_t *mean10, uint64_t *max_ticks)
{
    uint64_t t0 = xr_counter_now();
    for (unsigned i = 0; i < OPS_N; i++) {
        fn();
    }
    uint64_t total = xr_counter_now() - t0;
    uint64_t max = 0;
    for (unsigned i = 0; i < OPS_N; i++) {
        uint64_t a = xr_counter_now();
        fn();
        uint64_t d = xr_counter_now() - a;
        max = d > max ? d : max;
    }
    *mean10 = bench_ns10(total) / OPS_N;
    *max_ticks = max;
}

static uint64_t sub0(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

static void run_op(const char *name, op_fn fn, const char *path, uint64_t empty10)
{
    uint64_t mean10, max;
    unsigned errors = op_errors;

    measure(fn, &mean10, &max);
    printf("BENCH op name=%s path=%s n=%u mean_ns=%llu.%u max_ns=%llu errors=%u\n", name, path,
           OPS_N, BENCH_TENTHS(sub0(mean10, empty10)),
           (unsigned long long)sub0(bench_ns(max), empty10 / 10), op_errors - errors);
}

/* ---- context switches ----------------------------------------------------------------------- */

static TX_THREAD waker;
static uint8_t waker_stack[4096] __attribute__((aligned(16)));
static TX_SEMAPHORE cs_sem, cs_done;
static TX_THREAD rel_a, rel_b;
static uint8_t rel_a_stack[4096] __attribute__((aligned(16)));
static uint8_t rel_b_stack[4096] __attribute__((aligned(16)));
static volatile uint64_t rel_start, rel_end, rel_max;
static volatile unsigned rel_finished;

/* Priority 5 (above the caller at 10): blocks on cs_sem; every put by the caller switches here,
 * and the next get switches back. */
static void waker_entry(ULONG arg)
{
    (void)arg;
    for (unsigned i = 0; i < 2 * SWITCH_N; i++) {
        check(tx_semaphore_get(&cs_sem, TX_WAIT_FOREVER));
    }
    check(tx_semaphore_put(&cs_done));
}

/* Two threads of equal priority (11, below the caller) hand the CPU to each other. */
static void rel_entry(ULONG which)
{
    if (which == 0) {
        rel_start = xr_counter_now();
    }
    uint64_t max = 0;
    for (unsigned i = 0; i < SWITCH_N; i++) {
        uint64_t a = xr_counter_now();
        tx_thread_relinquish();
        uint64_t d = xr_counter_now() - a;
        max = d > max ? d : max;
    }
    if (max > rel_max) {
        rel_max = max;
    }
    if (++rel_finished == 2) {
        rel_end = xr_counter_now();
        check(tx_semaphore_put(&cs_done));
    }
}

static void bench_switches(void)
{
    check(tx_semaphore_create(&cs_sem, "cs", 0));
    check(tx_semaphore_create(&cs_done, "cs done", 0));
    check(tx_thread_create(&waker, "waker", waker_entry, 0, waker_stack, sizeof(waker_stack), 5, 5,
                           TX_NO_TIME_SLICE, TX_AUTO_START));
    /* Through the semaphore: put -> switch to the waker -> its get blocks -> switch back. One
     * iteration = 2 switches + put + blocking get. The first half is timed as a loop (mean), the
     * second half call by call (maximum). */
    uint64_t t0 = xr_counter_now();
    for (unsigned i = 0; i < SWITCH_N; i++) {
        check(tx_semaphore_put(&cs_sem));
    }
    uint64_t total = xr_counter_now() - t0;
    uint64_t max = 0;
    for (unsigned i = 0; i < SWITCH_N; i++) {
        uint64_t a = xr_counter_now();
        check(tx_semaphore_put(&cs_sem));
        uint64_t d = xr_counter_now() - a;
        max = d > max ? d : max;
    }
    check(tx_semaphore_get(&cs_done, TX_WAIT_FOREVER));
    uint64_t mean10 = bench_ns10(total) / SWITCH_N;
    printf(
        "BENCH switch name=sem_roundtrip n=%u mean_ns=%llu.%u max_ns=%llu per_switch_ns=%llu.%u\n",
        SWITCH_N, BENCH_TENTHS(mean10), (unsigned long long)bench_ns(max),
        BENCH_TENTHS(mean10 / 2));

    /* Relinquish: 2 * SWITCH_N switches between rel_a and rel_b, the caller waiting. A single
     * relinquish seen by one thread spans two switches and the other thread's loop. */
    rel_finished = 0;
    rel_max = 0;
    check(tx_thread_create(&rel_a, "rel a", rel_entry, 0, rel_a_stack, sizeof(rel_a_stack), 11, 11,
                           TX_NO_TIME_SLICE, TX_AUTO_START));
    check(tx_thread_create(&rel_b, "rel b", rel_entry, 1, rel_b_stack, sizeof(rel_b_stack), 11, 11,
                           TX_NO_TIME_SLICE, TX_AUTO_START));
    check(tx_semaphore_get(&cs_done, TX_WAIT_FOREVER));
    mean10 = bench_ns10(rel_end - rel_start) / (2 * SWITCH_N);
    printf("BENCH switch name=relinquish n=%u mean_ns=%llu.%u max_ns=%llu per_switch_ns=%llu.%u\n",
           2 * SWITCH_N, BENCH_TENTHS(mean10), (unsigned long long)bench_ns(rel_max / 2),
           BENCH_TENTHS(mean10));
    /* All three have finished their entry functions; terminating them just marks that. */
    (void)tx_thread_terminate(&waker);
    (void)tx_thread_terminate(&rel_a);
    (void)tx_thread_terminate(&rel_b);
}

void bench_ops(void)
{
    check(tx_semaphore_create(&sem, "sem", 1));
    check(tx_queue_create(&queue, "queue", TX_1_ULONG, queue_area, sizeof(queue_area)));
    check(tx_mutex_create(&mutex, "mutex", TX_NO_INHERIT));
    check(tx_event_flags_create(&flags, "flags"));
    check(tx_block_pool_create(&block_pool, "blocks", 64, block_area, sizeof(block_area)));
    check(tx_byte_pool_create(&byte_pool, "bytes", byte_area, sizeof(byte_area)));
    check(tx_timer_create(&timer, "timer", timer_fn, 0, 1000, 0, TX_NO_ACTIVATE));
    /* Ready but below us: it never runs while we measure, so suspend/resume never switch. */
    check(tx_thread_create(&victim, "victim", victim_entry, 0, victim_stack, sizeof(victim_stack),
                           30, 30, TX_NO_TIME_SLICE, TX_AUTO_START));
    if (op_errors != 0) {
        printf("bench: %u errors creating the objects\n", op_errors);
    }

    uint64_t empty10, empty_max;
    measure(op_empty, &empty10, &empty_max);
    printf("BENCH op name=empty_call path=api n=%u mean_ns=%llu.%u max_ns=%llu errors=0\n", OPS_N,
           BENCH_TENTHS(empty10), (unsigned long long)bench_ns(empty_max));
    for (unsigned i = 0; i < sizeof(op_cases) / sizeof(op_cases[0]); i++) {
        run_op(op_cases[i].name, op_cases[i].api, "api", empty10);
        run_op(op_cases[i].name, op_cases[i].core, "core", empty10);
    }
    check(tx_thread_suspend(&victim));
    bench_switches();
    printf("BENCH ops errors=%u\n", op_errors);
}
