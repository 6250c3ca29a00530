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
 * Kernel state a port reads and writes (defined by the core, declared below), one element per
 * core (arrays indexed by core, element 0 first; see "Per-core state" below for the views):
 *   _tx_thread_current_ptr     thread whose context is on the core's CPU; NULL while idle
 *   _tx_thread_execute_ptr     thread the core wants on its CPU; NULL when none is ready for it
 *   _tx_thread_system_state    ISR nesting depth (> 0 inside an ISR); TX_INITIALIZE_IN_PROGRESS
 *                              during tx_kernel_enter before scheduling starts
 *   _tx_thread_preempt_disable non-zero forbids a switch at ISR exit
 *   _tx_thread_smp_max_cores   cores in use
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
 * Interrupt contract of a port, per core k: on ISR entry increment _tx_thread_system_state[k];
 * call the handler (which may call ISR-callable services and _tx_timer_ticks_elapsed()); the
 * handler of the interrupt _tx_arch_core_preempt raises calls _tx_thread_smp_core_interrupt();
 * decrement on exit. When it returns to 0 with _tx_thread_preempt_disable[k] == 0 and
 * _tx_thread_current_ptr[k] != _tx_thread_execute_ptr[k], take the kernel lock, save the
 * interrupted thread's context, call _tx_thread_switch_note() and dispatch
 * _tx_thread_execute_ptr[k] (or idle until one is ready).
 *
 * SMP duties of a port (more than one core): each core k other than 0 enters its own scheduling
 * loop once _tx_arch_schedule runs on core 0; TX_ARCH_CORE_ID() / _tx_arch_core_id() say which
 * core runs; TX_DISABLE / TX_RESTORE take and drop the kernel lock (_tx_thread_smp_lock below)
 * and the lock passes with the CPU at a switch; _tx_arch_core_preempt interrupts another core.
 * A core dispatches thread T = _tx_thread_execute_ptr[k] only once its context is saved:
 * T->tx_thread_smp_core_executing == TX_THREAD_SMP_MAX_CORES (T may still be switching out of
 * another core; that core's _tx_thread_switch_note then preempts k). Until then k idles.
 * A single-core port (TX_THREAD_SMP_MAX_CORES 1, or one core in use) keeps all of this trivial:
 * core id 0, no preemption of other cores, the lock a no-op.
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

/* The core executing the caller (0 .. TX_THREAD_SMP_MAX_CORES - 1); stable while interrupts are
 * disabled. A port may define TX_ARCH_CORE_ID() in tx_port.h as something inline (a system
 * register read); a single-core build makes it the constant 0. */
UINT _tx_arch_core_id(VOID);
#ifndef TX_ARCH_CORE_ID
#if TX_THREAD_SMP_MAX_CORES == 1
#define TX_ARCH_CORE_ID() (0u)
#else
#define TX_ARCH_CORE_ID() _tx_arch_core_id()
#endif
#endif

/* Per-core state, one element per core, element 0 first (so an address taken of the array is
 * core 0's element: single-core assembly keeps working). Code that defines
 * TX_THREAD_SMP_SOURCE_CODE before including this header sees the arrays (ThreadX SMP's view:
 * _tx_thread_current_ptr[core]); other code sees, under the old scalar names, the element of the
 * core it runs on (read it with interrupts disabled: a thread may migrate in between). */
extern TX_THREAD *volatile _tx_thread_current_ptr[TX_THREAD_SMP_MAX_CORES];
extern TX_THREAD *volatile _tx_thread_execute_ptr[TX_THREAD_SMP_MAX_CORES];
extern volatile ULONG _tx_thread_system_state[TX_THREAD_SMP_MAX_CORES];
extern volatile UINT _tx_thread_preempt_disable[TX_THREAD_SMP_MAX_CORES];
/* Cores in use, 1 .. TX_THREAD_SMP_MAX_CORES (ThreadX's TX_THREAD_SMP_DYNAMIC_CORE_MAX
 * variable); 1 until the port calls _tx_thread_smp_max_cores_set. Cores at or above it never
 * get a thread. */
extern volatile UINT _tx_thread_smp_max_cores;
/* First free memory after the image; the port sets it before tx_kernel_enter (which passes it
 * to tx_application_define). */
extern VOID *_tx_initialize_unused_memory;

/* What core `core` runs: an ISR (application timer expiration functions included), the
 * initialization (tx_application_define), a thread; and whether it must switch (the thread on
 * its CPU is not the one chosen for it). Read with interrupts disabled, or core 0's while one
 * core is in use (nothing migrates). Functions rather than macros: they name the arrays, which
 * the scalar names below hide from most files. */
static inline UINT _tx_thread_core_in_isr(UINT core)
{
    ULONG state = _tx_thread_system_state[core];

    return ((state != 0u) && (state < TX_INITIALIZE_IN_PROGRESS)) ? TX_TRUE : TX_FALSE;
}
static inline UINT _tx_thread_core_in_init(UINT core)
{
    return (_tx_thread_system_state[core] >= TX_INITIALIZE_IN_PROGRESS) ? TX_TRUE : TX_FALSE;
}
static inline UINT _tx_thread_core_in_thread(UINT core)
{
    return ((_tx_thread_system_state[core] == 0u) && (_tx_thread_current_ptr[core] != TX_NULL))
               ? TX_TRUE
               : TX_FALSE;
}
static inline UINT _tx_thread_core_switch_due(UINT core)
{
    return (_tx_thread_current_ptr[core] != _tx_thread_execute_ptr[core]) ? TX_TRUE : TX_FALSE;
}
#define TX_IN_ISR_CORE(core)    (_tx_thread_core_in_isr(core) != TX_FALSE)
#define TX_IN_INIT_CORE(core)   (_tx_thread_core_in_init(core) != TX_FALSE)
#define TX_IN_THREAD_CORE(core) (_tx_thread_core_in_thread(core) != TX_FALSE)

/* The caller's context, safe with interrupts enabled. While one core is in use (the lock off:
 * it is on before a second core schedules) the caller is on core 0 and cannot migrate, so core
 * 0's element is read directly; otherwise the kernel reads the caller's core's element with
 * interrupts disabled (_tx_thread_smp_caller_is). */
#if TX_THREAD_SMP_MAX_CORES > 1
#define TX_IN_ISR()                                                                                \
    ((_tx_thread_smp_lock_enabled == 0u)                                                           \
         ? TX_IN_ISR_CORE(0u)                                                                      \
         : (_tx_thread_smp_caller_is(TX_THREAD_SMP_CALLER_ISR) != 0u))
#define TX_IN_INIT()                                                                               \
    ((_tx_thread_smp_lock_enabled == 0u)                                                           \
         ? TX_IN_INIT_CORE(0u)                                                                     \
         : (_tx_thread_smp_caller_is(TX_THREAD_SMP_CALLER_INIT) != 0u))
#define TX_IN_THREAD()                                                                             \
    ((_tx_thread_smp_lock_enabled == 0u)                                                           \
         ? TX_IN_THREAD_CORE(0u)                                                                   \
         : (_tx_thread_smp_caller_is(TX_THREAD_SMP_CALLER_THREAD) != 0u))
#else
#define TX_IN_ISR()    TX_IN_ISR_CORE(0u)
#define TX_IN_INIT()   TX_IN_INIT_CORE(0u)
#define TX_IN_THREAD() TX_IN_THREAD_CORE(0u)
#endif

#ifndef TX_THREAD_SMP_SOURCE_CODE
/* Code that does not define TX_THREAD_SMP_SOURCE_CODE (the object files, single-core port code,
 * tests) sees the caller's core's element under the old scalar name; SMP-aware code (the
 * scheduler, ports that handle several cores) indexes the arrays itself. A macro does not
 * expand inside its own expansion, so the name inside refers to the array. */
#define _tx_thread_current_ptr     (_tx_thread_current_ptr[TX_ARCH_CORE_ID()])
#define _tx_thread_execute_ptr     (_tx_thread_execute_ptr[TX_ARCH_CORE_ID()])
#define _tx_thread_system_state    (_tx_thread_system_state[TX_ARCH_CORE_ID()])
#define _tx_thread_preempt_disable (_tx_thread_preempt_disable[TX_ARCH_CORE_ID()])
#endif
#define TX_THREAD_SMP_CALLER_ISR    1u
#define TX_THREAD_SMP_CALLER_INIT   2u
#define TX_THREAD_SMP_CALLER_THREAD 3u
UINT _tx_thread_smp_caller_is(UINT what);

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

/* Make `core` (!= the caller's, < _tx_thread_smp_max_cores) reschedule: on hardware an
 * inter-processor interrupt. Called with the kernel lock held, after the core changed
 * _tx_thread_execute_ptr[core] or handed that core a timer expiration. The interrupt it raises
 * is an ISR like any other (interrupt contract below) that also calls
 * _tx_thread_smp_core_interrupt(). A single-core port does nothing. */
VOID _tx_arch_core_preempt(UINT core);

/* ---- Implemented by the core, called by the port ------------------------------------------ */

/* Before tx_kernel_enter: the number of cores the kernel may use, 1 .. TX_THREAD_SMP_MAX_CORES
 * (cores 0 .. count - 1; the port starts the others itself, each entering its scheduling loop).
 * Returns TX_SUCCESS, or TX_SIZE_ERROR for a count out of range. Also callable afterwards from
 * a thread with interrupts enabled and no kernel lock held (the host port's tests): the threads
 * are rebalanced at once. */
UINT _tx_thread_smp_max_cores_set(UINT count);

/* The kernel lock (cross-core protection; docs/design.md "SMP"). ThreadX SMP has one protected
 * section for the whole kernel; so do we. An SMP port's TX_DISABLE masks the caller's interrupts
 * and then takes it, TX_RESTORE drops it and restores the posture:
 *     TX_DISABLE = posture = mask(); _tx_thread_smp_lock();
 *     TX_RESTORE = _tx_thread_smp_unlock(); restore(posture);
 * It nests per core (a depth count); it is a no-op until a count above 1 was set, so a single-core
 * system pays one load and branch per call. Interrupts of the caller must be disabled. */
#ifndef TX_THREAD_SMP_LOCK_DECLARED /* a port's TX_DISABLE may declare them first (tx_port.h) */
VOID _tx_thread_smp_lock(VOID);
VOID _tx_thread_smp_unlock(VOID);
#endif
/* Non-zero once more than one core was configured (never cleared). The macros save a call on a
 * single-core system: TX_DISABLE / TX_RESTORE of an SMP port may use them. */
#ifndef TX_THREAD_SMP_LOCK_DECLARED
extern volatile UINT _tx_thread_smp_lock_enabled;
#endif
#define TX_THREAD_SMP_LOCK()                                                                       \
    do {                                                                                           \
        if (_tx_thread_smp_lock_enabled != 0u) {                                                   \
            _tx_thread_smp_lock();                                                                 \
        }                                                                                          \
    } while (0)
#define TX_THREAD_SMP_UNLOCK()                                                                     \
    do {                                                                                           \
        if (_tx_thread_smp_lock_enabled != 0u) {                                                   \
            _tx_thread_smp_unlock();                                                               \
        }                                                                                          \
    } while (0)
/* Context switches with the lock held. _tx_arch_thread_system_return is entered with the lock at
 * depth 1 (the core saved the caller's depth and restores it when the caller runs again). A
 * port that switches from an ISR exit does the same around it: depth = _tx_thread_smp_lock_save()
 * (leaves depth 1), switch, _tx_thread_smp_lock_restore(depth) when the interrupted context runs
 * again. The lock passes with the CPU: whoever dispatches a thread holds it at depth 1 and the
 * dispatched thread inherits it; a thread that resumes from an interrupt or starts for the first
 * time drops it (_tx_thread_smp_unlock) before it runs its own code; a core that goes idle drops
 * it before it waits. */
UINT _tx_thread_smp_lock_save(VOID);
VOID _tx_thread_smp_lock_restore(UINT depth);

/* ISR context, on the core _tx_arch_core_preempt targeted: runs the application timer
 * expirations handed to this core (tx_timer_smp_core_exclude). The port's ISR exit then switches
 * as for any interrupt. */
VOID _tx_thread_smp_core_interrupt(VOID);

/* Called by the port with interrupts disabled (and the kernel lock held) immediately before it
 * dispatches `to` on the calling core (NULL: the core goes idle); `from` is the thread whose
 * context was just saved (NULL: was idle). Updates _tx_thread_current_ptr[core], the threads'
 * tx_thread_smp_core_executing, run counts and stack checking; preempts a core that waits for
 * `from`'s context. */
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
