/*
 * main.c - the minimal configuration: two threads that hand a semaphore back and forth, and
 * nothing else of the kernel (no queue, mutex, event flags, pools, timers of its own). Its link
 * is the footprint figure of bench.py ("minimal configuration"); it prints a verdict so that a
 * test shows the image works, not only that it links.
 */
#include <stdio.h>

#include "tx_api.h"

#define ROUNDS 1000u

static TX_THREAD ping_thread;
static TX_THREAD pong_thread;
static TX_SEMAPHORE ping_sem;
static TX_SEMAPHORE pong_sem;
static uint8_t ping_stack[2048] __attribute__((aligned(16)));
static uint8_t pong_stack[2048] __attribute__((aligned(16)));
static volatile ULONG pongs;

static void pong_entry(ULONG arg)
{
    (void)arg;
    for (;;) {
        if (tx_semaphore_get(&pong_sem, TX_WAIT_FOREVER) != TX_SUCCESS) {
            return;
        }
        pongs++;
        (void)tx_semaphore_put(&ping_sem);
    }
}

static void ping_entry(ULONG arg)
{
    (void)arg;
    ULONG rounds = 0;
    while (rounds < ROUNDS) {
        (void)tx_semaphore_put(&pong_sem);
        if (tx_semaphore_get(&ping_sem, TX_WAIT_FOREVER) != TX_SUCCESS) {
            break;
        }
        rounds++;
    }
    if (rounds == ROUNDS && pongs == ROUNDS) {
        printf("TEST minimal PASS %lu semaphore round trips between two threads\n",
               (unsigned long)rounds);
    } else {
        printf("TEST minimal FAIL %lu rounds, %lu pongs\n", (unsigned long)rounds,
               (unsigned long)pongs);
    }
    printf("TEST-DONE\n");
}

VOID tx_application_define(VOID *first_unused_memory)
{
    (void)first_unused_memory;
    (void)tx_semaphore_create(&ping_sem, "ping", 0);
    (void)tx_semaphore_create(&pong_sem, "pong", 0);
    (void)tx_thread_create(&pong_thread, "pong", pong_entry, 0, pong_stack, sizeof(pong_stack), 5,
                           5, TX_NO_TIME_SLICE, TX_AUTO_START);
    (void)tx_thread_create(&ping_thread, "ping", ping_entry, 0, ping_stack, sizeof(ping_stack), 10,
                           10, TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
