/*
 * txtest.c - harness of the host unit tests: main() enters the kernel, the runner thread runs
 * the test file's txtest_main() (cmocka) and exits the process with its result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "txtest.h"

/* The kernel's view, for the teardown's walk of the created lists. */
extern TX_THREAD *_tx_thread_created_ptr;
extern ULONG _tx_thread_created_count;
extern TX_SEMAPHORE *_tx_semaphore_created_ptr;
extern TX_TIMER *_tx_timer_created_ptr;

TX_THREAD txtest_runner;
VOID *txtest_first_unused_memory;

#define TXTEST_RUNNER_STACK 16384u
#define TXTEST_ARENA_SIZE   (1024u * 1024u)

static ULONG runner_stack[TXTEST_RUNNER_STACK / sizeof(ULONG)];
static ALIGN_TYPE arena[TXTEST_ARENA_SIZE / sizeof(ALIGN_TYPE)];
static size_t arena_used;

VOID *txtest_stack(ULONG size)
{
    size_t rounded = ((size_t)size + 15u) & ~(size_t)15u;
    VOID *p;

    if (arena_used + rounded > sizeof(arena)) {
        fail_msg("txtest_stack: arena exhausted");
    }
    p = (UCHAR *)arena + arena_used;
    arena_used += rounded;
    return p;
}

VOID txtest_thread_create(TX_THREAD *thread, CHAR *name, VOID (*entry)(ULONG), ULONG input,
                          UINT priority)
{
    assert_int_equal(tx_thread_create(thread, name, entry, input, txtest_stack(TXTEST_STACK_SIZE),
                                      TXTEST_STACK_SIZE, priority, priority, TX_NO_TIME_SLICE,
                                      TX_AUTO_START),
                     TX_SUCCESS);
}

int txtest_teardown(void **state)
{
    UINT old;

    (void)state;
    tx_host_tick_config(0);
    /* A failed assert may have left the test with interrupts disabled. */
    (void)tx_interrupt_control(TX_INT_ENABLE);
    /* Threads first (they may be waiting on the objects deleted next). */
    for (;;) {
        TX_THREAD *walk = _tx_thread_created_ptr;
        TX_THREAD *victim = TX_NULL;
        ULONG i;

        for (i = 0; i < _tx_thread_created_count; i++) {
            if (walk != &txtest_runner) {
                victim = walk;
                break;
            }
            walk = walk->tx_thread_created_next;
        }
        if (victim == TX_NULL) {
            break;
        }
        tx_thread_terminate(victim);
        tx_thread_delete(victim);
    }
    while (_tx_semaphore_created_ptr != TX_NULL) {
        tx_semaphore_delete(_tx_semaphore_created_ptr);
    }
    while (_tx_timer_created_ptr != TX_NULL) {
        tx_timer_delete(_tx_timer_created_ptr);
    }
    tx_thread_priority_change(&txtest_runner, TXTEST_RUNNER_PRIORITY, &old);
    tx_thread_preemption_change(&txtest_runner, TXTEST_RUNNER_PRIORITY, &old);
    tx_thread_entry_exit_notify(&txtest_runner, TX_NULL);
    arena_used = 0;
    return 0;
}

static VOID runner_entry(ULONG input)
{
    int failed;

    (void)input;
    failed = txtest_main();
    tx_host_tick_config(0);
    (void)tx_interrupt_control(TX_INT_DISABLE);
    fflush(stdout);
    fflush(stderr);
    _exit(failed != 0 ? 1 : 0);
}

/* Default: nothing to define before the runner. A test file overrides it (txtest.h). */
__attribute__((weak)) VOID txtest_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
}

VOID tx_application_define(VOID *first_unused_memory)
{
    UINT status;

    txtest_first_unused_memory = first_unused_memory;
    txtest_application_define(first_unused_memory);
    status = tx_thread_create(&txtest_runner, "txtest runner", runner_entry, 0, runner_stack,
                              sizeof(runner_stack), TXTEST_RUNNER_PRIORITY, TXTEST_RUNNER_PRIORITY,
                              TX_NO_TIME_SLICE, TX_AUTO_START);
    if (status != TX_SUCCESS) {
        fprintf(stderr, "txtest: cannot create the runner thread (%u)\n", status);
        _exit(2);
    }
}

int main(void)
{
    setvbuf(stdout, TX_NULL, _IOLBF, 0);
    tx_host_tick_config(0);
    tx_kernel_enter();
    return 3; /* not reached */
}
