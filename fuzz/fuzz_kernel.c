/*
 * fuzz_kernel.c - the kernel under a libFuzzer target (see fuzz_kernel.h).
 *
 * Between inputs the runner thread waits in a host semaphore while it owns the CPU: with no tick
 * and no other thread ready, the kernel has nothing else to run, and libFuzzer's thread hands
 * over each input and waits in turn.
 *
 * One host CPU for all of it. Every ThreadX thread is a pthread of the host port, and only one of
 * them (or libFuzzer's thread) runs at a time: each hand-over posts one semaphore and waits on
 * another. Left to the host scheduler, the woken pthread is often put on the other CPU, so every
 * hand-over costs a cross-CPU wake-up (an IPI and the other CPU leaving idle) instead of a
 * switch on the same CPU; a request of the XenStore target makes hundreds of them. So before the
 * kernel starts, the calling thread (libFuzzer's) is bound to one CPU of its affinity mask (the one
 * it runs on, else the first allowed), and every pthread the kernel makes inherits that. Only the
 * speed changes: one simulated core, one owner of it at a time, in virtual time, whatever the host
 * CPUs. FUZZ_NO_PIN=1 in the environment leaves the affinity alone (to compare).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Bind the calling thread (and so the pthreads made after) to one CPU it may use. A failure
 * only costs speed: said, and the run goes on unbound. */
static void pin_to_one_cpu(void)
{
    const char *no = getenv("FUZZ_NO_PIN");
    if (no != NULL && no[0] != '\0' && strcmp(no, "0") != 0) {
        return;
    }
    cpu_set_t allowed, one;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) {
        fprintf(stderr, "fuzz: sched_getaffinity: %s; the kernel's threads stay unbound (slower)\n",
                strerror(errno));
        return;
    }
    /* The CPU it runs on now (the host scheduler's choice, in the mask), else the first one
     * the mask allows. */
    int cpu = sched_getcpu();
    if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed)) {
        cpu = -1;
    }
    for (int c = 0; c < CPU_SETSIZE && cpu < 0; c++) {
        if (CPU_ISSET(c, &allowed)) {
            cpu = c;
        }
    }
    if (cpu < 0) {
        fprintf(stderr, "fuzz: empty CPU affinity mask; the kernel's threads stay unbound\n");
        return;
    }
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof(one), &one) != 0) {
        fprintf(stderr,
                "fuzz: sched_setaffinity(CPU %d): %s; the kernel's threads stay unbound "
                "(slower)\n",
                cpu, strerror(errno));
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
        pin_to_one_cpu();
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
