/*
 * demo.h - the classic 8-thread demo: what the application exposes to its printers and tests.
 *
 * demo.c holds tx_application_define() and the thread bodies; main.c only enters the kernel, so
 * the host tests link demo.c against their own main().
 */
#ifndef DEMO_H
#define DEMO_H

#include "tx_api.h"

#define DEMO_THREADS 8

/* Progress of the demo. Each thread only ever increments its own counter. */
struct demo_counters {
    ULONG thread[DEMO_THREADS]; /* loop iterations completed by thread n */
    ULONG messages_sent;        /* thread 1: messages the queue accepted */
    ULONG messages_received;    /* thread 2: messages taken, each checked against the sequence */
    ULONG errors;               /* unexpected service status or out-of-sequence message */
    UINT last_error;            /* status (or bad message) behind the latest error */
};

extern struct demo_counters demo_counters;

/* Objects the demo creates; tests read their state through the info_get services. */
extern TX_QUEUE demo_queue;
extern TX_SEMAPHORE demo_semaphore;
extern TX_EVENT_FLAGS_GROUP demo_event_flags;
extern TX_MUTEX demo_mutex;
extern TX_BLOCK_POOL demo_block_pool;
extern TX_BYTE_POOL demo_byte_pool;
extern TX_THREAD demo_thread[DEMO_THREADS];

/* Print one line per thread with its counter (demo_print.c; needs the port's printf). */
VOID demo_print_counters(VOID);

#endif /* DEMO_H */
