/*
 * tx_host.h - controls of the host port for tests and host applications.
 *
 * Time: by default a tick pthread raises the tick "interrupt" TX_TIMER_TICKS_PER_SECOND times a
 * second in the running thread (real preemption). In deterministic mode (ticks_per_second 0) no
 * tick arrives by itself: a thread calls tx_host_ticks_advance(n), and when every thread is
 * suspended the idle loop jumps straight to the next timer expiry (time is virtual). All
 * threads suspended with nothing due is a deadlock: the port prints it and aborts.
 */
#ifndef TX_HOST_H
#define TX_HOST_H

#include "tx_api.h"

/* Bytes at tx_application_define's first_unused_memory (static, 16-byte aligned). */
#define TX_HOST_FREE_MEMORY_SIZE (4u * 1024u * 1024u)

/* Tick rate; 0 = deterministic mode. Callable before tx_kernel_enter or from a thread. */
VOID tx_host_tick_config(ULONG ticks_per_second);
ULONG tx_host_tick_rate(VOID);

/* Deterministic mode: `ticks` tick interrupts, one after the other, in the calling thread (which
 * may be preempted at each, as by a real tick). Also works with the periodic tick (extra ticks).
 * Call from a thread, not from an ISR. */
VOID tx_host_ticks_advance(ULONG ticks);

/* Run isr(arg) as an interrupt handler: in ISR context (ISR-callable services work, the others
 * return TX_CALLER_ERROR / TX_WAIT_ERROR), interrupts disabled; on return the port switches
 * threads if the handler readied a higher-priority one. Call from a thread. */
VOID tx_host_isr_run(VOID (*isr)(VOID *arg), VOID *arg);

/* printf for threads: a tick may preempt a thread inside libc while it holds a libc lock, so libc
 * calls that lock (stdio, malloc) must run with interrupts disabled; this does that for printf. */
int tx_host_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* SMP: use `count` simulated cores (1 .. TX_THREAD_SMP_MAX_CORES, 4; 1 at start), each run by
 * its own pthread, truly in parallel. Call from a thread, interrupts enabled; the threads are
 * rebalanced at once and the cores given up are idle on return. TX_SIZE_ERROR for a bad count.
 * (A real port gives the count before tx_kernel_enter, _tx_thread_smp_max_cores_set.) */
UINT tx_host_cores_set(UINT count);
UINT tx_host_cores(VOID);

/* Number of idle periods (no thread ready) so far: lets a test see the CPU went idle. */
ULONG tx_host_idle_count(VOID);

#endif /* TX_HOST_H */
