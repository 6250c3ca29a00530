/*
 * tx_arch.h - the kernel's border with its ports: the only way the portable kernel reaches the
 * CPU, and everything of the kernel a port may use. kernel/src (the kernel's internals) is on no
 * other include path; `make check` rejects an include of it from outside kernel/.
 *
 * Implemented twice: arch/aarch64 (the Xen guest, with platform/ for the tick) and arch/host
 * (Linux, for unit tests). Basic types (UINT, ULONG, ...), TX_INTERRUPT_SAVE_AREA / TX_DISABLE /
 * TX_RESTORE and the port's configuration come from that port's tx_port.h, included by
 * tx_api.h.
 *
 * Kernel state a port reads and writes (defined by the core, declared below):
 *   _tx_thread_current_ptr     thread whose context is on the CPU; NULL while idle
 *   _tx_thread_execute_ptr     thread the core wants on the CPU; NULL when none is ready
 *   _tx_thread_system_state    ISR nesting depth (> 0 inside an ISR); TX_INITIALIZE_IN_PROGRESS
 *                              during tx_kernel_enter before scheduling starts
 *   _tx_thread_preempt_disable non-zero forbids a switch at ISR exit
 *
 * What a port's tx_port.h provides: the basic types VOID, CHAR, UCHAR, INT, UINT, LONG, ULONG
 * (32 bits), SHORT, USHORT, ULONG64, ALIGN_TYPE (an unsigned integer as wide as a pointer);
 * TX_INTERRUPT_SAVE_AREA, TX_DISABLE, TX_RESTORE (nestable); TX_INT_DISABLE, TX_INT_ENABLE.
 * Optional: TX_MAX_PRIORITIES, TX_TIMER_TICKS_PER_SECOND, TX_MINIMUM_STACK,
 * TX_THREAD_PORT_EXTENSION (extra TX_THREAD fields), TX_THREAD_CREATE_EXTENSION(thread_ptr) and
 * TX_THREAD_DELETE_EXTENSION(thread_ptr) (called by tx_thread_create / tx_thread_delete).
 * The core calls _tx_arch_thread_stack_build and _tx_arch_thread_system_return with interrupts
 * disabled. The port may set _tx_initialize_unused_memory (VOID *, defined by the core) before
 * calling tx_kernel_enter; it is passed to tx_application_define.
 *
 * Interrupt contract of a port: on ISR entry increment _tx_thread_system_state; call the
 * handler (which may call ISR-callable services and _tx_timer_ticks_elapsed()); decrement on
 * exit. When it returns to 0 with _tx_thread_preempt_disable == 0 and
 * _tx_thread_current_ptr != _tx_thread_execute_ptr, save the interrupted thread's context, call
 * _tx_thread_switch_note() and dispatch _tx_thread_execute_ptr (or idle until one is ready).
 */
#ifndef TX_ARCH_H
#define TX_ARCH_H

#ifndef TX_SOURCE_CODE
#define TX_SOURCE_CODE
#endif
#include "tx_api.h"

/* ---- Kernel state shared with the port (defined in tx_initialize.c) ------------------------- */

/* _tx_thread_system_state while tx_kernel_enter runs tx_application_define. Values below it are
 * the ISR nesting depth. */
#define TX_INITIALIZE_IN_PROGRESS ((ULONG)0xF0F0F0F0UL)
#define TX_INITIALIZE_ALMOST_DONE ((ULONG)0xF0F0F0F1UL)
#define TX_INITIALIZE_IS_FINISHED ((ULONG)0)

extern TX_THREAD *volatile _tx_thread_current_ptr;
extern TX_THREAD *volatile _tx_thread_execute_ptr;
extern volatile ULONG _tx_thread_system_state;
extern volatile UINT _tx_thread_preempt_disable;
/* First free memory after the image; the port sets it before tx_kernel_enter (which passes it
 * to tx_application_define). */
extern VOID *_tx_initialize_unused_memory;

/* Caller context (a port's checks, the kernel's _txe_* checks). */
/* In an ISR (this includes application timer expiration functions). */
#define TX_IN_ISR()                                                                                \
    ((_tx_thread_system_state != 0u) && (_tx_thread_system_state < TX_INITIALIZE_IN_PROGRESS))
/* In tx_application_define. */
#define TX_IN_INIT() (_tx_thread_system_state >= TX_INITIALIZE_IN_PROGRESS)
/* In a thread (not ISR, not init, not timer). */
#define TX_IN_THREAD() ((_tx_thread_system_state == 0u) && (_tx_thread_current_ptr != TX_NULL))

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

/* tx_interrupt_control: set the interrupt posture (TX_INT_ENABLE or TX_INT_DISABLE, defined by
 * tx_port.h) of the caller and return the previous one. */
UINT _tx_arch_interrupt_control(UINT new_posture);

/* Time stamp of a trace event (TraceX's TX_TRACE_TIME_SOURCE): the low 32 bits of a
 * free-running counter (all 32 bits valid), callable with interrupts disabled and from any
 * context. Only a kernel built with TX_ENABLE_EVENT_TRACE calls it. */
ULONG _tx_arch_trace_time(VOID);

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
