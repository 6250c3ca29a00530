/*
 * demo.c - the classic ThreadX-style 8-thread demonstration, written for xenrtos.
 *
 *   thread 0  prio 1   periodic: sleeps 10 ticks, borrows a block, sets event flag 0x1
 *   thread 1  prio 16  sends an increasing sequence number to the queue
 *   thread 2  prio 16  receives from the queue and checks the sequence (1 and 2 time-slice)
 *   thread 3  prio 8   takes the semaphore, sleeps 2 ticks, gives it back  } alternate through
 *   thread 4  prio 8   same as thread 3                                     } the semaphore
 *   thread 5  prio 4   waits for event flag 0x1 from thread 0 (OR, clearing it)
 *   thread 6  prio 8   takes the mutex twice (nested), sleeps 2 ticks, puts it twice
 *   thread 7  prio 8   same as thread 6
 *
 * Stacks, the queue's storage and the block pool's memory all come from one byte pool. Only the
 * public API (tx_api.h) is used, so the same file runs on the AArch64 port and the host port.
 */
#include "demo.h"

#define DEMO_STACK_SIZE     4096
#define DEMO_QUEUE_MESSAGES 100
#define DEMO_BLOCK_SIZE     64
#define DEMO_BLOCKS         8
#define DEMO_BYTE_POOL_SIZE (DEMO_THREADS * (DEMO_STACK_SIZE + 64) + 4096)
#define DEMO_EVENT_PERIODIC 0x1UL
#define DEMO_PERIOD_TICKS   10
#define DEMO_HOLD_TICKS     2
#define DEMO_TIME_SLICE     4

struct demo_counters demo_counters;

TX_QUEUE demo_queue;
TX_SEMAPHORE demo_semaphore;
TX_EVENT_FLAGS_GROUP demo_event_flags;
TX_MUTEX demo_mutex;
TX_BLOCK_POOL demo_block_pool;
TX_BYTE_POOL demo_byte_pool;
TX_THREAD demo_thread[DEMO_THREADS];

/* ALIGN_TYPE elements so the pool starts aligned for any object carved from it. */
static ALIGN_TYPE demo_pool_memory[DEMO_BYTE_POOL_SIZE / sizeof(ALIGN_TYPE)];

static VOID demo_error(UINT status)
{
    demo_counters.errors++;
    demo_counters.last_error = status;
}

static VOID demo_thread_0_entry(ULONG input)
{
    UINT status;
    VOID *block;

    (VOID) input;
    for (;;) {
        demo_counters.thread[0]++;
        tx_thread_sleep(DEMO_PERIOD_TICKS);

        /* Borrow a block and stamp it, so a pool corruption would show up as an error. */
        status = tx_block_allocate(&demo_block_pool, &block, TX_NO_WAIT);
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }
        *(ULONG *)block = demo_counters.thread[0];
        status = tx_block_release(block);
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }

        status = tx_event_flags_set(&demo_event_flags, DEMO_EVENT_PERIODIC, TX_OR);
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }
    }
}

static VOID demo_thread_1_entry(ULONG input)
{
    ULONG sequence = 0;
    UINT status;

    (VOID) input;
    for (;;) {
        demo_counters.thread[1]++;
        status = tx_queue_send(&demo_queue, &sequence, TX_WAIT_FOREVER);
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }
        demo_counters.messages_sent++;
        sequence++;
    }
}

static VOID demo_thread_2_entry(ULONG input)
{
    ULONG expected = 0;
    ULONG message;
    UINT status;

    (VOID) input;
    for (;;) {
        demo_counters.thread[2]++;
        status = tx_queue_receive(&demo_queue, &message, TX_WAIT_FOREVER);
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }
        if (message != expected) {
            demo_error((UINT)message);
            break;
        }
        demo_counters.messages_received++;
        expected++;
    }
}

/* Threads 3 and 4: input is the counter index. */
static VOID demo_semaphore_entry(ULONG input)
{
    UINT status;

    for (;;) {
        status = tx_semaphore_get(&demo_semaphore, TX_WAIT_FOREVER);
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }
        demo_counters.thread[input]++;
        tx_thread_sleep(DEMO_HOLD_TICKS);
        status = tx_semaphore_put(&demo_semaphore);
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }
    }
}

static VOID demo_thread_5_entry(ULONG input)
{
    ULONG actual;
    UINT status;

    (VOID) input;
    for (;;) {
        demo_counters.thread[5]++;
        status = tx_event_flags_get(&demo_event_flags, DEMO_EVENT_PERIODIC, TX_OR_CLEAR, &actual,
                                    TX_WAIT_FOREVER);
        if (status != TX_SUCCESS || (actual & DEMO_EVENT_PERIODIC) == 0) {
            demo_error(status != TX_SUCCESS ? status : (UINT)actual);
            break;
        }
    }
}

/* Threads 6 and 7: input is the counter index. The second get only bumps the ownership count. */
static VOID demo_mutex_entry(ULONG input)
{
    UINT status;

    for (;;) {
        status = tx_mutex_get(&demo_mutex, TX_WAIT_FOREVER);
        if (status == TX_SUCCESS) {
            status = tx_mutex_get(&demo_mutex, TX_WAIT_FOREVER);
        }
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }
        demo_counters.thread[input]++;
        tx_thread_sleep(DEMO_HOLD_TICKS);
        status = tx_mutex_put(&demo_mutex);
        if (status == TX_SUCCESS) {
            status = tx_mutex_put(&demo_mutex);
        }
        if (status != TX_SUCCESS) {
            demo_error(status);
            break;
        }
    }
}

struct demo_thread_spec {
    CHAR *name;
    VOID (*entry)(ULONG);
    UINT priority;
    ULONG time_slice;
};

static const struct demo_thread_spec demo_specs[DEMO_THREADS] = {
    {"demo thread 0", demo_thread_0_entry, 1, TX_NO_TIME_SLICE},
    {"demo thread 1", demo_thread_1_entry, 16, DEMO_TIME_SLICE},
    {"demo thread 2", demo_thread_2_entry, 16, DEMO_TIME_SLICE},
    {"demo thread 3", demo_semaphore_entry, 8, TX_NO_TIME_SLICE},
    {"demo thread 4", demo_semaphore_entry, 8, TX_NO_TIME_SLICE},
    {"demo thread 5", demo_thread_5_entry, 4, TX_NO_TIME_SLICE},
    {"demo thread 6", demo_mutex_entry, 8, TX_NO_TIME_SLICE},
    {"demo thread 7", demo_mutex_entry, 8, TX_NO_TIME_SLICE},
};

/* Carve `size` bytes from the demo's byte pool; NULL (and an error counted) if it cannot. */
static VOID *demo_allocate(ULONG size)
{
    VOID *memory = TX_NULL;
    UINT status = tx_byte_allocate(&demo_byte_pool, &memory, size, TX_NO_WAIT);

    if (status != TX_SUCCESS) {
        demo_error(status);
        return TX_NULL;
    }
    return memory;
}

VOID demo_define(VOID *first_unused_memory)
{
    VOID *memory;
    UINT status;
    UINT i;

    /* The pool is a static array, so the demo does not depend on what the port leaves free. */
    (VOID) first_unused_memory;

    status = tx_byte_pool_create(&demo_byte_pool, "demo byte pool", demo_pool_memory,
                                 sizeof(demo_pool_memory));
    if (status != TX_SUCCESS) {
        demo_error(status);
        return;
    }

    for (i = 0; i < DEMO_THREADS; i++) {
        const struct demo_thread_spec *spec = &demo_specs[i];

        memory = demo_allocate(DEMO_STACK_SIZE);
        if (memory == TX_NULL) {
            return;
        }
        status =
            tx_thread_create(&demo_thread[i], spec->name, spec->entry, i, memory, DEMO_STACK_SIZE,
                             spec->priority, spec->priority, spec->time_slice, TX_AUTO_START);
        if (status != TX_SUCCESS) {
            demo_error(status);
            return;
        }
    }

    memory = demo_allocate(DEMO_QUEUE_MESSAGES * sizeof(ULONG));
    if (memory == TX_NULL) {
        return;
    }
    status = tx_queue_create(&demo_queue, "demo queue", TX_1_ULONG, memory,
                             DEMO_QUEUE_MESSAGES * sizeof(ULONG));
    if (status == TX_SUCCESS) {
        status = tx_semaphore_create(&demo_semaphore, "demo semaphore", 1);
    }
    if (status == TX_SUCCESS) {
        status = tx_event_flags_create(&demo_event_flags, "demo event flags");
    }
    if (status == TX_SUCCESS) {
        status = tx_mutex_create(&demo_mutex, "demo mutex", TX_NO_INHERIT);
    }
    if (status != TX_SUCCESS) {
        demo_error(status);
        return;
    }

    /* A block pool needs room for its blocks plus one owner pointer per block. */
    memory = demo_allocate(DEMO_BLOCKS * (DEMO_BLOCK_SIZE + sizeof(VOID *)));
    if (memory == TX_NULL) {
        return;
    }
    status = tx_block_pool_create(&demo_block_pool, "demo block pool", DEMO_BLOCK_SIZE, memory,
                                  DEMO_BLOCKS * (DEMO_BLOCK_SIZE + sizeof(VOID *)));
    if (status != TX_SUCCESS) {
        demo_error(status);
    }
}
