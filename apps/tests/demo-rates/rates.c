/*
 * rates.c - test image: the classic demo (apps/demo/demo.c, unchanged) runs, and a checker thread
 * measures its counters over 3 s against the rates its design implies (100 ticks/s):
 *   TEST demo-period     thread 0 sleeps 10 ticks per loop: 30 +- 1 loops
 *   TEST demo-events     thread 5 wakes once per thread-0 loop: within 1 of thread 0
 *   TEST demo-semaphore  threads 3/4 share a semaphore, 2-tick hold: 75 +- 2 each, within 1
 *   TEST demo-mutex      threads 6/7 likewise with a nested mutex
 *   TEST demo-queue      threads 1/2 move messages; at most a queue's depth apart, in sequence
 *   TEST demo-errors     no service returned an unexpected status
 * Its tx_application_define runs the demo's definition (demo_define), then adds the checker.
 */
#include <stdio.h>

#include "demo.h"
#include "tx_api.h"
#include "xr_test.h"

#define WINDOW_TICKS (3 * TX_TIMER_TICKS_PER_SECOND)

static TX_THREAD checker;
static ULONG checker_stack[1024] __attribute__((aligned(16)));

static long diff(ULONG a, ULONG b)
{
    return (long)a - (long)b;
}

static void checker_entry(ULONG arg)
{
    struct demo_counters c0;
    struct demo_counters c1;

    (void)arg;
    tx_thread_sleep(TX_TIMER_TICKS_PER_SECOND); /* let the demo settle */
    c0 = demo_counters;
    tx_thread_sleep(WINDOW_TICKS);
    c1 = demo_counters;

    long d[DEMO_THREADS] = {0};
    for (int i = 0; i < DEMO_THREADS; i++) {
        d[i] = diff(c1.thread[i], c0.thread[i]);
        printf("rates: thread %d +%ld in %u ticks\n", i, d[i], (unsigned)WINDOW_TICKS);
    }
    long sent = diff(c1.messages_sent, c0.messages_sent);
    long lag = diff(c1.messages_sent, c1.messages_received);
    xr_verdict("demo-period", d[0] >= 29 && d[0] <= 31, "%ld loops, want 30 +- 1", d[0]);
    xr_verdict("demo-events", d[5] - d[0] >= -1 && d[5] - d[0] <= 1,
               "thread 5 +%ld vs thread 0 +%ld, want within 1", d[5], d[0]);
    xr_verdict("demo-semaphore", d[3] >= 73 && d[3] <= 77 && d[3] - d[4] >= -1 && d[3] - d[4] <= 1,
               "threads 3/4 +%ld/+%ld, want 75 +- 2 each, within 1", d[3], d[4]);
    xr_verdict("demo-mutex", d[6] >= 73 && d[6] <= 77 && d[6] - d[7] >= -1 && d[6] - d[7] <= 1,
               "threads 6/7 +%ld/+%ld, want 75 +- 2 each, within 1", d[6], d[7]);
    /* Thread 1 counts a message after tx_queue_send returns, thread 2 after receiving it: the
     * snapshot may catch the receiver one ahead; at most the queue's 100 messages behind. */
    xr_verdict("demo-queue", sent > 1000 && lag >= -1 && lag <= 101,
               "%ld sent, receiver %ld behind, want > 1000 and -1..101", sent, lag);
    xr_verdict("demo-errors", c1.errors == 0, "%lu errors, last status %lu",
               (unsigned long)c1.errors, (unsigned long)c1.last_error);
    xr_done();
}

VOID tx_application_define(VOID *first_unused_memory)
{
    demo_define(first_unused_memory);
    tx_thread_create(&checker, "rates checker", checker_entry, 0, checker_stack,
                     sizeof(checker_stack), 2, 2, TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
