/*
 * test_host_port.c - the host port itself: interrupt masking holds the tick back, thread
 * pthreads come and go (create/delete/reset many times, also for threads parked inside the tick
 * handler), ISR context as tx_host_isr_run presents it, deterministic idle time.
 */
#include <string.h>
#include <time.h>

#include "txtest.h"
#include "tx_arch.h"

static void spin_ms(long ms)
{
    struct timespec a, b;

    clock_gettime(CLOCK_MONOTONIC, &a);
    do {
        clock_gettime(CLOCK_MONOTONIC, &b);
    } while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

static void test_masking_holds_the_tick(void **state)
{
    TX_INTERRUPT_SAVE_AREA
    ULONG before, masked, after;

    (void)state;
    tx_host_tick_config(200);
    spin_ms(30); /* ticks arrive while the runner computes */
    before = tx_time_get();
    assert_true(before > 0);
    TX_DISABLE
    masked = tx_time_get();
    spin_ms(60); /* ~12 ticks due, none may be taken */
    assert_int_equal(tx_time_get(), masked);
    TX_RESTORE
    /* Unmasked: the pending tick is taken at once and catches up on the ones held back. */
    after = tx_time_get();
    tx_host_tick_config(0);
    assert_true(after >= masked + 5);
}

static int isr_depth_seen;
static int isr_in_isr_seen;
static int isr_in_thread_seen;

static void isr_probe(VOID *arg)
{
    (void)arg;
    isr_depth_seen = (int)_tx_thread_system_state;
    isr_in_isr_seen = TX_IN_ISR() ? 1 : 0;
    isr_in_thread_seen = TX_IN_THREAD() ? 1 : 0;
}

static void test_isr_context(void **state)
{
    UINT posture;

    (void)state;
    tx_host_isr_run(isr_probe, TX_NULL);
    assert_int_equal(isr_depth_seen, 1);
    assert_int_equal(isr_in_isr_seen, 1);
    assert_int_equal(isr_in_thread_seen, 0);
    assert_int_equal(_tx_thread_system_state, 0);
    /* The ISR leaves the interrupt posture as it found it. */
    posture = tx_interrupt_control(TX_INT_ENABLE);
    assert_int_equal(posture, TX_INT_ENABLE);
}

static TX_THREAD churn;
static volatile ULONG churn_runs;

static void entry_count(ULONG unused)
{
    (void)unused;
    churn_runs++;
}

static void test_thread_churn(void **state)
{
    static UCHAR stack[2048];
    int i;

    (void)state;
    churn_runs = 0;
    for (i = 0; i < 300; i++) {
        assert_int_equal(tx_thread_create(&churn, "churn", entry_count, 0, stack, sizeof(stack), 5,
                                          5, 0, TX_AUTO_START),
                         TX_SUCCESS);
        assert_int_equal(churn.tx_thread_state, TX_COMPLETED);
        if ((i % 3) == 0) {
            /* Reset (which replaces the pthread) and run again, twice; a suspended thread
             * cannot be reset. */
            assert_int_equal(tx_thread_reset(&churn), TX_SUCCESS);
            assert_int_equal(tx_thread_reset(&churn), TX_NOT_DONE);
            assert_int_equal(tx_thread_resume(&churn), TX_SUCCESS);
            assert_int_equal(tx_thread_reset(&churn), TX_SUCCESS);
            assert_int_equal(tx_thread_resume(&churn), TX_SUCCESS);
        }
        assert_int_equal(tx_thread_delete(&churn), TX_SUCCESS);
    }
    assert_int_equal(churn_runs, 500);
    TX_THREAD *next = TX_NULL;
    assert_int_equal(tx_thread_info_get(&txtest_runner, TX_NULL, TX_NULL, TX_NULL, TX_NULL, TX_NULL,
                                        TX_NULL, &next, TX_NULL),
                     TX_SUCCESS);
    assert_ptr_equal(next, &txtest_runner); /* only the runner: the created list is a ring */
}

static volatile ULONG spinning;
static volatile int spin_stop;

static void entry_spin(ULONG unused)
{
    (void)unused;
    while (!spin_stop) {
        spinning++;
    }
}

static void test_preempted_thread_reset_and_deleted(void **state)
{
    static UCHAR stack[2048];
    UINT old;
    ULONG seen;

    (void)state;
    spin_stop = 0;
    spinning = 0;
    assert_int_equal(tx_thread_priority_change(&txtest_runner, 5, &old), TX_SUCCESS);
    assert_int_equal(tx_thread_create(&churn, "spin", entry_spin, 0, stack, sizeof(stack), 20, 20,
                                      0, TX_AUTO_START),
                     TX_SUCCESS);
    tx_host_tick_config(200);
    assert_int_equal(tx_thread_sleep(4), TX_SUCCESS);
    /* The spinner was preempted by a tick: its pthread is parked in the tick handler. */
    seen = spinning;
    assert_true(seen > 0);
    assert_int_equal(churn.tx_thread_state, TX_READY);
    assert_int_equal(tx_thread_terminate(&churn), TX_SUCCESS);
    assert_int_equal(tx_thread_reset(&churn), TX_SUCCESS);
    spinning = 0;
    assert_int_equal(tx_thread_resume(&churn), TX_SUCCESS);
    assert_int_equal(tx_thread_sleep(4), TX_SUCCESS);
    assert_true(spinning > 0); /* runs again from its entry */
    spin_stop = 1;
    assert_int_equal(tx_thread_sleep(4), TX_SUCCESS);
    tx_host_tick_config(0);
    assert_int_equal(churn.tx_thread_state, TX_COMPLETED);
    assert_int_equal(tx_thread_delete(&churn), TX_SUCCESS);
}

static void test_idle_jumps_virtual_time(void **state)
{
    ULONG idle0 = tx_host_idle_count();
    ULONG t0 = tx_time_get();
    struct timespec a, b;
    long ms;

    (void)state;
    assert_int_equal(tx_host_tick_rate(), 0);
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(tx_thread_sleep(100000), TX_SUCCESS); /* 1000 s of virtual time */
    clock_gettime(CLOCK_MONOTONIC, &b);
    ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    assert_int_equal(tx_time_get(), t0 + 100000);
    assert_true(ms < 1000);
    assert_int_equal(tx_host_idle_count(), idle0 + 1);
}

static void test_printf(void **state)
{
    (void)state;
    assert_int_equal(tx_host_printf("tx_host_printf: %d%s\n", 42, "!"), 20);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_masking_holds_the_tick, txtest_teardown),
        cmocka_unit_test_teardown(test_isr_context, txtest_teardown),
        cmocka_unit_test_teardown(test_thread_churn, txtest_teardown),
        cmocka_unit_test_teardown(test_preempted_thread_reset_and_deleted, txtest_teardown),
        cmocka_unit_test_teardown(test_idle_jumps_virtual_time, txtest_teardown),
        cmocka_unit_test_teardown(test_printf, txtest_teardown),
    };
    return cmocka_run_group_tests_name("host_port", tests, NULL, NULL);
}
