/*
 * fuzz_kernel.c - the kernel under a libFuzzer target (see fuzz_kernel.h).
 *
 * Between inputs the runner thread waits in a host semaphore while it owns the CPU: with no tick
 * and no other thread ready, the kernel has nothing else to run, and libFuzzer's thread hands
 * over each input and waits in turn.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_kernel.h"
#include "tx_host.h"

#define RUNNER_STACK 65536u

static TX_THREAD runner;
static ULONG runner_stack[RUNNER_STACK / sizeof(ULONG)];
static sem_t go, done;
static void (*job)(void *arg);
static void *job_arg;

static void host_wait(sem_t *s)
{
    while (sem_wait(s) != 0) {
    }
}

static VOID runner_entry(ULONG input)
{
    (void)input;
    for (;;) {
        host_wait(&go);
        job(job_arg);
        sem_post(&done);
    }
}

VOID tx_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
    if (tx_thread_create(&runner, "fuzz runner", runner_entry, 0, runner_stack,
                         sizeof(runner_stack), FUZZ_RUNNER_PRIORITY, FUZZ_RUNNER_PRIORITY,
                         TX_NO_TIME_SLICE, TX_AUTO_START) != TX_SUCCESS) {
        fprintf(stderr, "fuzz: cannot create the runner thread\n");
        abort();
    }
}

static void *kernel_main(void *arg)
{
    (void)arg;
    tx_kernel_enter();
    return NULL;
}

void fuzz_kernel_run(void (*fn)(void *arg), void *arg)
{
    static bool started;
    if (!started) {
        pthread_t kernel;
        if (sem_init(&go, 0, 0) != 0 || sem_init(&done, 0, 0) != 0) {
            abort();
        }
        tx_host_tick_config(0);
        if (pthread_create(&kernel, NULL, kernel_main, NULL) != 0) {
            abort();
        }
        started = true;
    }
    job = fn;
    job_arg = arg;
    sem_post(&go);
    host_wait(&done);
}
