/*
 * demo.h - the classic 8-thread demo: what the application exposes to its printers and tests.
 *
 * demo.c holds demo_define() and the thread bodies; main.c enters the kernel and its
 * tx_application_define() calls demo_define() and printer_define(). Tests and other images
 * (apps/tests/demo-rates) link demo.c and call demo_define() from their own definition.
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

/* Create the demo's objects and threads (from tx_application_define; first_unused_memory is not
 * used: the demo's pool is a static array). */
VOID demo_define(VOID *first_unused_memory);

/* printer.c: a low-priority thread printing the counters once a second. */
VOID demo_printer_define(VOID);

/* Print one line per thread with its counter (demo_print.c; needs the port's printf). */
VOID demo_print_counters(VOID);

#endif /* DEMO_H */
