/*
 * txtest.h - harness of the host unit tests (tests/host/test_*.c), linked into every test binary
 * with the kernel and the host port.
 *
 * main() (in txtest.c) selects deterministic ticks (tx_host_tick_config(0)) and enters the
 * kernel; the runner thread (priority TXTEST_RUNNER_PRIORITY) then calls the test file's
 * txtest_main(), which returns cmocka_run_group_tests(...); the process exits with its result.
 * So every test function runs inside a ThreadX thread and may block, sleep, advance ticks.
 *
 * Rules: cmocka asserts only in the runner thread (they longjmp): other threads record what they
 * see in globals the test checks afterwards. Use txtest_teardown as each test's teardown: it
 * terminates and deletes every thread but the runner, deletes semaphores and timers left over,
 * restores the runner's priority and deterministic ticks, and frees txtest_stack() memory.
 * Objects of other types a test creates it deletes itself.
 * txtest.c defines tx_application_define: it calls txtest_application_define(), which a test
 * file may define (e.g. to run an application's definition, or to call services from the
 * initialization context), then starts the runner.
 */
#ifndef TXTEST_H
#define TXTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tx_api.h"
#include "tx_host.h"

#define TXTEST_RUNNER_PRIORITY 16
#define TXTEST_STACK_SIZE      4096

/* Defined by each test file. */
int txtest_main(void);

/* Optional (a weak empty default): runs inside tx_application_define, before the runner. */
VOID txtest_application_define(VOID *first_unused_memory);

/* The thread running the tests. */
extern TX_THREAD txtest_runner;
/* What tx_kernel_enter passed to tx_application_define. */
extern VOID *txtest_first_unused_memory;

/* Stack memory for test threads (8-byte aligned, from an arena reset by txtest_teardown). */
VOID *txtest_stack(ULONG size);

/* tx_thread_create with a txtest_stack(TXTEST_STACK_SIZE) stack, threshold = priority, no time
 * slice, auto start; asserts success. */
VOID txtest_thread_create(TX_THREAD *thread, CHAR *name, VOID (*entry)(ULONG), ULONG input,
                          UINT priority);

int txtest_teardown(void **state);

#endif /* TXTEST_H */
