/*
 * tx_arch.h - the only way the portable kernel reaches the CPU.
 *
 * Implemented twice: arch/aarch64 (the Xen guest) and arch/host (Linux, for unit tests).
 * Basic types (UINT, ULONG, ...), TX_INTERRUPT_SAVE_AREA / TX_DISABLE / TX_RESTORE and the
 * port's configuration come from that port's tx_port.h, included by tx_api.h.
 *
 * Kernel state a port reads and writes (defined by the core, declared in tx_api.h's internals):
 *   _tx_thread_current_ptr     thread whose context is on the CPU; NULL while idle
 *   _tx_thread_execute_ptr     thread the core wants on the CPU; NULL when none is ready
 *   _tx_thread_system_state    ISR nesting depth (> 0 inside an ISR); TX_INITIALIZE_IN_PROGRESS
 *                              during tx_kernel_enter before scheduling starts
 *   _tx_thread_preempt_disable non-zero forbids a switch at ISR exit
 *
 * Interrupt contract of a port: on ISR entry increment _tx_thread_system_state; call the
 * handler (which may call ISR-callable services and _tx_timer_ticks_elapsed()); decrement on
 * exit. When it returns to 0 with _tx_thread_preempt_disable == 0 and
 * _tx_thread_current_ptr != _tx_thread_execute_ptr, save the interrupted thread's context, call
 * _tx_thread_switch_note() and dispatch _tx_thread_execute_ptr (or idle until one is ready).
 */
#ifndef TX_ARCH_H
#define TX_ARCH_H

#include "tx_api.h"

/* ---- Implemented by the port, called by the core ------------------------------------------ */

/* Prepare a new thread's stack (tx_thread_stack_start .. tx_thread_stack_end) so that its first
 * dispatch runs shell() with interrupts enabled; sets thread->tx_thread_stack_ptr. */
VOID _tx_arch_thread_stack_build(TX_THREAD *thread, VOID (*shell)(VOID));

/* Start scheduling; never returns. Called once from tx_kernel_enter, interrupts disabled, after
 * tx_application_define. Dispatches _tx_thread_execute_ptr and idles (WFI) while it is NULL. */
VOID _tx_arch_schedule(VOID);

/* Called by the running thread, never from an ISR, after the core changed
 * _tx_thread_execute_ptr (or suspended the caller): saves the caller's context, calls
 * _tx_thread_switch_note() and dispatches the next thread or idles. Returns when the caller is
 * dispatched again, with its interrupt mask as it was at the call. */
VOID _tx_arch_thread_system_return(VOID);

/* ---- Implemented by the core, called by the port ------------------------------------------ */

/* Called by the port with interrupts disabled immediately before it dispatches `to` (NULL: the
 * CPU goes idle); `from` is the thread whose context was just saved (NULL: was idle). Updates
 * _tx_thread_current_ptr, time-slice bookkeeping, run counts and stack checking. */
VOID _tx_thread_switch_note(TX_THREAD *from, TX_THREAD *to);

/* One timer tick elapsed; equivalent to _tx_timer_ticks_elapsed(1). Called from the tick ISR. */
VOID _tx_timer_interrupt(VOID);

/* Tickless support. Ticks until the next application-timer expiry, thread timeout or time-slice
 * end; TX_WAIT_FOREVER when nothing is due. */
ULONG _tx_timer_ticks_to_next(VOID);

/* Account `ticks` elapsed ticks at once (1 <= ticks <= _tx_timer_ticks_to_next()) and process
 * what expires at the end. Called from the timer ISR. */
VOID _tx_timer_ticks_elapsed(ULONG ticks);

#endif /* TX_ARCH_H */
