/*
 * tm.c - Thread-Metric, the RTOS benchmark suite published with ThreadX, written here from its
 * published description (the suite's README): each scenario counts the RTOS events it completes
 * in a fixed interval, higher is better.
 *   cooperative_scheduling           5 threads of one priority: count, relinquish (sum of the 5)
 *   preemptive_scheduling            5 threads of 5 priorities, each resuming the next higher one,
 *                                    which counts and suspends (sum of the 5)
 *   interrupt_processing             a thread raises an SGI to itself; the handler counts and puts
 *                                    a semaphore, the thread gets it and counts (interrupts)
 *   interrupt_preemption_processing  the handler resumes a higher-priority thread, which counts
 *                                    and suspends; then the interrupted thread counts (interrupts)
 *   message_processing               send and receive a 16-byte message (4 ULONGs) on a queue
 *   synchronization_processing       get and put a semaphore
 *   memory_allocation                allocate and release a 128-byte block of a block pool
 * The suite's rules kept here: the RTOS services are called through functions of a porting
 * layer, not macros (tm_* below, never inlined), the interrupt is a real one (it saves the
 * interrupted thread's whole context and may preempt it), and the 100 Hz tick runs throughout.
 * The porting layer calls the public API (tx_*, error checks included: bench_tm) or, compiled
 * again by tm_core.c with TX_DISABLE_ERROR_CHECKING, the services alone (_tx_*, what such a
 * build calls: bench_tm_core, scenario names suffixed ".core").
 * The suite's reporting thread is the caller (priority 10, above every test thread): it sleeps
 * for the interval, wakes on a tick, preempts the test and reads the counters.
 *
 * The suite recommends 30 s periods; under QEMU -icount one virtual second is 10^9 instructions,
 * so the interval is `tm_ms=` milliseconds of virtual time (bootargs, default 200) and the figure
 * is per virtual second: per_s * P is the suite's "time period total" for a period of P seconds.
 * Output, one line per scenario:
 *   BENCH tm <scenario>[.core] events=N ns=<interval> seconds=S per_s=R check=ok|bad
 * `check` is the suite's own validity test (counters within 1 of each other, no service error,
 * messages intact): a wrong count, never a slow one.
 */
#include <stdio.h>

#include "bench.h"
#include "drivers/gic.h"
#include "tx_api.h"
#include "xenrtos/platform.h"

/* Integer registers only: a test thread that touched FP/SIMD (a struct copy, say) would make the
 * port move FP state at its switches, which the suite does not measure. */
#pragma GCC target("general-regs-only")

#ifndef TM_CORE
#define TM_ENTRY  bench_tm
#define TM_SUFFIX ""
#define TM_SGI    12u /* applications' SGIs are 0-12 (drivers/gic.h); smp.c takes 11 */
#else
#define TM_ENTRY  bench_tm_core
#define TM_SUFFIX ".core"
#define TM_SGI    10u /* its own: each handler is registered once */
#endif
#define TM_THREADS    5u
#define TM_STACK      4096u
#define TM_BLOCK      128u
#define TM_BLOCKS     8u
#define TM_QUEUE_MSGS 8u

/* Test threads run below the caller (the reporter, MAIN_PRIO 10 in main.c). */
#define TM_PRIO_BASE 11u
#define TM_NOINLINE  __attribute__((noinline))

static TX_THREAD tm_thread[TM_THREADS];
static uint8_t tm_stack[TM_THREADS][TM_STACK] __attribute__((aligned(16)));
static volatile unsigned long tm_count[TM_THREADS];
static volatile unsigned long tm_handler_count;
static volatile unsigned tm_errors;

static TX_SEMAPHORE tm_sem;
static TX_QUEUE tm_queue;
static ULONG tm_queue_area[TM_QUEUE_MSGS * TX_4_ULONG];
static TX_BLOCK_POOL tm_pool;
static uint8_t tm_pool_area[TM_BLOCKS * (TM_BLOCK + sizeof(void *))] __attribute__((aligned(16)));

/* What the interrupt handler does in the running scenario. */
static void (*volatile tm_isr_action)(void);

/* ---- the porting layer: one function per service, as the suite requires ---------------------- */

static void tm_check(UINT status)
{
    if (status != TX_SUCCESS) {
        tm_errors++;
    }
}

static TM_NOINLINE void tm_thread_create(unsigned id, UINT prio, void (*entry)(ULONG))
{
    tm_check(tx_thread_create(&tm_thread[id], "tm", entry, id, tm_stack[id], TM_STACK, prio, prio,
                              TX_NO_TIME_SLICE, TX_DONT_START));
}

static TM_NOINLINE void tm_thread_resume(unsigned id)
{
    tm_check(tx_thread_resume(&tm_thread[id]));
}

static TM_NOINLINE void tm_thread_suspend(unsigned id)
{
    tm_check(tx_thread_suspend(&tm_thread[id]));
}

static TM_NOINLINE void tm_thread_relinquish(void)
{
    tx_thread_relinquish();
}

static TM_NOINLINE void tm_semaphore_get(void)
{
    tm_check(tx_semaphore_get(&tm_sem, TX_WAIT_FOREVER));
}

static TM_NOINLINE void tm_semaphore_put(void)
{
    tm_check(tx_semaphore_put(&tm_sem));
}

static TM_NOINLINE void tm_queue_send(ULONG *msg)
{
    tm_check(tx_queue_send(&tm_queue, msg, TX_WAIT_FOREVER));
}

static TM_NOINLINE void tm_queue_receive(ULONG *msg)
{
    tm_check(tx_queue_receive(&tm_queue, msg, TX_WAIT_FOREVER));
}

static TM_NOINLINE void tm_memory_allocate(UCHAR **block)
{
    VOID *p = NULL;
    tm_check(tx_block_allocate(&tm_pool, &p, TX_WAIT_FOREVER));
    *block = p;
}

static TM_NOINLINE void tm_memory_release(UCHAR *block)
{
    tm_check(tx_block_release(block));
}

/* The suite's "instruction that generates an interrupt": an SGI to this CPU, taken as soon as
 * the GIC (or, under Xen, the trapped write and the injection) delivers it. */
static TM_NOINLINE void tm_cause_interrupt(void)
{
    if (gic_send_sgi_self(TM_SGI) != 0) {
        tm_errors++;
    }
}

static void tm_interrupt_handler(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    tm_handler_count++;
    void (*action)(void) = tm_isr_action;
    if (action != NULL) {
        action();
    }
}

/* ---- the scenarios' threads ----------------------------------------------------------------- */

static void coop_entry(ULONG id)
{
    for (;;) {
        tm_count[id]++;
        tm_thread_relinquish();
    }
}

/* Thread 0 (lowest) resumes 1, which preempts it and resumes 2, ... up to 4; each counts and
 * suspends, so the chain unwinds back to thread 0, still in its resume call. */
static void preempt_entry(ULONG id)
{
    for (;;) {
        tm_count[id]++;
        if (id + 1u < TM_THREADS) {
            tm_thread_resume(id + 1u);
        }
        if (id != 0u) {
            tm_thread_suspend(id);
        }
    }
}

static void irq_entry(ULONG id)
{
    for (;;) {
        tm_cause_interrupt();
        tm_semaphore_get();
        tm_count[id]++;
    }
}

static void irq_put_action(void)
{
    tm_semaphore_put();
}

/* Thread 1 raises the interrupt; its handler resumes thread 0 (higher priority), which runs
 * before the handler's return reaches thread 1 again. */
static void irq_preempt_high_entry(ULONG id)
{
    for (;;) {
        tm_count[id]++;
        tm_thread_suspend(id);
    }
}

static void irq_preempt_low_entry(ULONG id)
{
    for (;;) {
        tm_cause_interrupt();
        tm_count[id]++;
    }
}

static void irq_resume_action(void)
{
    tm_thread_resume(0);
}

static void message_entry(ULONG id)
{
    ULONG sent[TX_4_ULONG] = {0x11, 0x22, 0x33, 0};
    ULONG got[TX_4_ULONG];

    for (;;) {
        /* A new tag every round: a stale or lost message shows. */
        sent[3] = (ULONG)tm_count[id];
        tm_queue_send(sent);
        tm_queue_receive(got);
        if (got[3] != sent[3]) {
            tm_errors++;
        }
        tm_count[id]++;
    }
}

static void sync_entry(ULONG id)
{
    for (;;) {
        tm_semaphore_get();
        tm_semaphore_put();
        tm_count[id]++;
    }
}

static void memory_entry(ULONG id)
{
    for (;;) {
        UCHAR *block;
        tm_memory_allocate(&block);
        tm_memory_release(block);
        tm_count[id]++;
    }
}

/* ---- the reporter ---------------------------------------------------------------------------- */

/* Counters within 1 of their mean (the suite's test). */
static bool tm_even(const unsigned long *v, unsigned n)
{
    unsigned long sum = 0;

    for (unsigned i = 0; i < n; i++) {
        sum += v[i];
    }
    unsigned long mean = sum / n;
    for (unsigned i = 0; i < n; i++) {
        if (v[i] + 1u < mean || v[i] > mean + 1u) {
            return false;
        }
    }
    return true;
}

/* Lets the created test threads run for `ticks` ticks; returns the elapsed counter ticks. The
 * counters stand still from the wake-up on: this thread preempts every test thread. */
static uint64_t tm_window(ULONG ticks, const unsigned *start, unsigned nstart)
{
    for (unsigned i = 0; i < nstart; i++) {
        tm_thread_resume(start[i]);
    }
    /* Start on a tick boundary, the test already running: the interval is whole ticks. */
    tx_thread_sleep(1);
    uint64_t t0 = xr_counter_now();
    for (unsigned i = 0; i < TM_THREADS; i++) {
        tm_count[i] = 0;
    }
    tm_handler_count = 0;
    tx_thread_sleep(ticks);
    return xr_counter_now() - t0;
}

/* Before a scenario creates its objects: their errors count too. */
static void tm_begin(void)
{
    tm_errors = 0;
}

static void tm_cleanup(unsigned nthreads)
{
    tm_isr_action = NULL;
    for (unsigned i = 0; i < nthreads; i++) {
        (void)tx_thread_terminate(&tm_thread[i]);
        (void)tx_thread_delete(&tm_thread[i]);
    }
}

static void tm_report(const char *name, unsigned long events, uint64_t elapsed, bool valid)
{
    uint64_t ns = bench_ns(elapsed);
    uint64_t ms = (ns + 500000u) / 1000000u;
    uint64_t per_s = elapsed != 0 ? (uint64_t)events * xr_counter_freq() / elapsed : 0;

    printf("BENCH tm %s%s events=%lu ns=%llu seconds=%llu.%03u per_s=%llu check=%s\n", name,
           TM_SUFFIX, events, (unsigned long long)ns, (unsigned long long)(ms / 1000u),
           (unsigned)(ms % 1000u), (unsigned long long)per_s,
           valid && tm_errors == 0 ? "ok" : "bad");
}

static unsigned long tm_sum(const unsigned long *v, unsigned n)
{
    unsigned long s = 0;

    for (unsigned i = 0; i < n; i++) {
        s += v[i];
    }
    return s;
}

/* A snapshot of the counters (volatile, read once). */
static void tm_snapshot(unsigned long *v)
{
    for (unsigned i = 0; i < TM_THREADS; i++) {
        v[i] = tm_count[i];
    }
}

static void tm_cooperative(ULONG ticks)
{
    static const unsigned start[] = {0, 1, 2, 3, 4};
    unsigned long v[TM_THREADS];

    tm_begin();
    for (unsigned i = 0; i < TM_THREADS; i++) {
        tm_thread_create(i, TM_PRIO_BASE + 4u, coop_entry);
    }
    uint64_t t = tm_window(ticks, start, TM_THREADS);
    tm_snapshot(v);
    tm_cleanup(TM_THREADS);
    tm_report("cooperative_scheduling", tm_sum(v, TM_THREADS), t, tm_even(v, TM_THREADS));
}

static void tm_preemptive(ULONG ticks)
{
    static const unsigned start[] = {0};
    unsigned long v[TM_THREADS];

    tm_begin();
    /* Thread i at priority base + 4 - i: thread 0 lowest, thread 4 highest. */
    for (unsigned i = 0; i < TM_THREADS; i++) {
        tm_thread_create(i, TM_PRIO_BASE + 4u - i, preempt_entry);
    }
    uint64_t t = tm_window(ticks, start, 1);
    tm_snapshot(v);
    tm_cleanup(TM_THREADS);
    tm_report("preemptive_scheduling", tm_sum(v, TM_THREADS), t, tm_even(v, TM_THREADS));
}

static void tm_interrupt(ULONG ticks)
{
    static const unsigned start[] = {0};
    unsigned long v[TM_THREADS];

    tm_begin();
    tm_check(tx_semaphore_create(&tm_sem, "tm", 0));
    tm_isr_action = irq_put_action;
    tm_thread_create(0, TM_PRIO_BASE + 4u, irq_entry);
    uint64_t t = tm_window(ticks, start, 1);
    tm_snapshot(v);
    unsigned long handler = tm_handler_count;
    tm_cleanup(1);
    (void)tx_semaphore_delete(&tm_sem);
    unsigned long both[2] = {v[0], handler};
    tm_report("interrupt_processing", handler, t, tm_even(both, 2));
}

static void tm_interrupt_preemption(ULONG ticks)
{
    static const unsigned start[] = {1};
    unsigned long v[TM_THREADS];

    tm_begin();
    tm_isr_action = irq_resume_action;
    tm_thread_create(0, TM_PRIO_BASE + 3u, irq_preempt_high_entry);
    tm_thread_create(1, TM_PRIO_BASE + 4u, irq_preempt_low_entry);
    uint64_t t = tm_window(ticks, start, 1);
    tm_snapshot(v);
    unsigned long handler = tm_handler_count;
    tm_cleanup(2);
    unsigned long all[3] = {v[0], v[1], handler};
    tm_report("interrupt_preemption_processing", handler, t, tm_even(all, 3));
}

/* The three one-thread scenarios: their thread (on the object the caller created) runs for the
 * window; returns the window's length, *count the thread's rounds. */
static uint64_t tm_one_thread(ULONG ticks, void (*entry)(ULONG), unsigned long *count)
{
    static const unsigned start[] = {0};
    unsigned long v[TM_THREADS];

    tm_thread_create(0, TM_PRIO_BASE + 4u, entry);
    uint64_t t = tm_window(ticks, start, 1);
    tm_snapshot(v);
    tm_cleanup(1);
    *count = v[0];
    return t;
}

static void tm_message(ULONG ticks)
{
    unsigned long n;

    tm_begin();
    tm_check(tx_queue_create(&tm_queue, "tm", TX_4_ULONG, tm_queue_area, sizeof(tm_queue_area)));
    uint64_t t = tm_one_thread(ticks, message_entry, &n);
    (void)tx_queue_delete(&tm_queue);
    tm_report("message_processing", n, t, n != 0);
}

static void tm_synchronization(ULONG ticks)
{
    unsigned long n;

    tm_begin();
    tm_check(tx_semaphore_create(&tm_sem, "tm", 1));
    uint64_t t = tm_one_thread(ticks, sync_entry, &n);
    (void)tx_semaphore_delete(&tm_sem);
    tm_report("synchronization_processing", n, t, n != 0);
}

static void tm_memory(ULONG ticks)
{
    unsigned long n;

    tm_begin();
    tm_check(tx_block_pool_create(&tm_pool, "tm", TM_BLOCK, tm_pool_area, sizeof(tm_pool_area)));
    uint64_t t = tm_one_thread(ticks, memory_entry, &n);
    (void)tx_block_pool_delete(&tm_pool);
    tm_report("memory_allocation", n, t, n != 0);
}

void TM_ENTRY(unsigned ms)
{
    static bool registered;
    ULONG ticks = (ULONG)(((uint64_t)ms * TX_TIMER_TICKS_PER_SECOND + 999u) / 1000u);

    if (ticks == 0) {
        ticks = 1;
    }
    if (!registered) {
        if (gic_irq_register(TM_SGI, tm_interrupt_handler, NULL, GIC_PRIO_DEFAULT, true) != 0 ||
            gic_irq_enable(TM_SGI) != 0) {
            printf("bench: tm: cannot register SGI %u\n", TM_SGI);
            return;
        }
        registered = true;
    }
    /* Nothing but the test in the interrupt path (irq.c sets its probe later). */
    xr_set_irq_entry_probe(NULL);
    printf("BENCH tm interval_ticks=%lu tick_hz=%lu path=%s\n", (unsigned long)ticks,
           (unsigned long)TX_TIMER_TICKS_PER_SECOND, TM_SUFFIX[0] != '\0' ? "core" : "api");
    tm_cooperative(ticks);
    tm_preemptive(ticks);
    tm_interrupt(ticks);
    tm_interrupt_preemption(ticks);
    tm_message(ticks);
    tm_synchronization(ticks);
    tm_memory(ticks);
}
