/*
 * test_demo.c - runs the classic 8-thread demo (apps/demo/demo.c, linked unchanged; its
 * tx_application_define runs before the test runner) on the host port with the periodic tick,
 * and checks that every thread progresses at the rate its design implies.
 *
 * The runner raises itself to priority 0 and samples the counters between sleeps; with the real
 * tick a sample may land in the middle of a thread's loop, hence the off-by-one allowances.
 */
#include <string.h>

#include "txtest.h"
#include "demo.h"

/* The demo defines its objects before the runner starts, as in the image. */
VOID txtest_application_define(VOID *first_unused_memory)
{
    demo_define(first_unused_memory);
}

static struct demo_counters sample(void)
{
    struct demo_counters copy;
    UINT posture = tx_interrupt_control(TX_INT_DISABLE);

    memcpy(&copy, &demo_counters, sizeof(copy));
    tx_interrupt_control(posture);
    return copy;
}

static ULONG diff(ULONG a, ULONG b)
{
    return (a > b) ? (a - b) : (b - a);
}

static void check_relations(const struct demo_counters *c, ULONG elapsed)
{
    ULONG enqueued;
    ULONG total, available;
    long long in_flight;

    assert_int_equal(c->errors, 0);

    /* Thread 0 wakes every 10 ticks; thread 5 is released by each of its event sets. */
    assert_true(c->thread[0] >= elapsed / 20);
    assert_true(c->thread[0] <= elapsed / 10 + 2);
    assert_true(diff(c->thread[0], c->thread[5]) <= 1);

    /* Threads 1 and 2: what was sent and not received is in the queue. A tick may preempt
     * thread 1 between a send and its count, so the count of sent messages may lag by one
     * (and thread 2 may already have received that message). The loop counters are one step
     * ahead of the message counts. */
    assert_int_equal(
        tx_queue_info_get(&demo_queue, TX_NULL, &enqueued, TX_NULL, TX_NULL, TX_NULL, TX_NULL),
        TX_SUCCESS);
    in_flight = (long long)c->messages_sent - (long long)c->messages_received;
    assert_true(in_flight >= -1);
    assert_true((in_flight - (long long)enqueued <= 1) && ((long long)enqueued - in_flight <= 1));
    assert_true(diff(c->thread[1], c->messages_sent) <= 1);
    assert_true(diff(c->thread[2], c->messages_received) <= 1);

    /* Threads 3 and 4 take turns with the semaphore, each holding it 2 ticks. */
    assert_true(diff(c->thread[3], c->thread[4]) <= 1);
    assert_true(c->thread[3] + c->thread[4] >= elapsed / 4);
    assert_true(c->thread[3] + c->thread[4] <= elapsed / 2 + 2);

    /* Threads 6 and 7 likewise with the mutex (taken twice each time). */
    assert_true(diff(c->thread[6], c->thread[7]) <= 1);
    assert_true(c->thread[6] + c->thread[7] >= elapsed / 4);
    assert_true(c->thread[6] + c->thread[7] <= elapsed / 2 + 2);

    /* Thread 0 returns its block right away (a tick may catch it holding one). */
    assert_int_equal(tx_block_pool_info_get(&demo_block_pool, TX_NULL, &available, &total, TX_NULL,
                                            TX_NULL, TX_NULL),
                     TX_SUCCESS);
    assert_true(available + 1 >= total);
}

static void test_demo_runs(void **state)
{
    struct demo_counters first, second;
    ULONG start, t1, t2;
    UINT old;
    UINT i;

    (void)state;
    /* Everything tx_application_define created is there. */
    assert_int_equal(demo_counters.errors, 0);
    for (i = 0; i < DEMO_THREADS; i++) {
        assert_int_equal(demo_thread[i].tx_thread_id, demo_thread[0].tx_thread_id);
    }

    assert_int_equal(tx_thread_priority_change(&txtest_runner, 0, &old), TX_SUCCESS);
    tx_host_tick_config(100);
    start = tx_time_get();
    tx_thread_sleep(150);
    t1 = tx_time_get();
    first = sample();
    check_relations(&first, t1 - start);

    tx_thread_sleep(150);
    t2 = tx_time_get();
    second = sample();
    check_relations(&second, t2 - start);
    assert_true(second.thread[0] >= first.thread[0] + 5);
    assert_true(second.messages_received > first.messages_received + 100);
    for (i = 0; i < DEMO_THREADS; i++) {
        assert_true(second.thread[i] > first.thread[i]);
    }

    /* The printer the AArch64 port calls every second (libc: interrupts off on the host). */
    old = tx_interrupt_control(TX_INT_DISABLE);
    demo_print_counters();
    tx_interrupt_control(old);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_demo_runs, txtest_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
