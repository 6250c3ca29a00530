/*
 * tx_internal.h - what the kernel's object implementations share: kernel globals, the generic
 * suspension mechanism, created lists, caller-context checks, priority and preemption helpers.
 *
 * Not for applications. Every function here expects interrupts disabled (TX_DISABLE) unless its
 * comment says otherwise; services restore interrupts and then call _tx_thread_preempt_check().
 *
 * A blocking service, e.g. a semaphore get (the pattern every object follows):
 *
 *     TX_INTERRUPT_SAVE_AREA
 *     TX_DISABLE
 *     if (sem->tx_semaphore_count > 0) { sem->tx_semaphore_count--; TX_RESTORE return TX_SUCCESS; }
 *     if (wait_option == TX_NO_WAIT) { TX_RESTORE return TX_NO_INSTANCE; }
 *     status = _tx_thread_suspend_on(&sem->tx_semaphore_suspension_list,
 *                                    &sem->tx_semaphore_suspended_count, sem, TX_SEMAPHORE_SUSP,
 *                                    _tx_semaphore_cleanup, wait_option, TX_NO_INSTANCE);
 *     TX_RESTORE
 *     return status;   // set by whoever woke us: TX_SUCCESS, TX_NO_INSTANCE on timeout,
 *                      // TX_WAIT_ABORTED, TX_DELETED
 *
 * and the waking side (put):
 *
 *     thread = sem->tx_semaphore_suspension_list;           // FIFO head
 *     _tx_thread_suspension_list_remove(&sem->tx_semaphore_suspension_list,
 *                                       &sem->tx_semaphore_suspended_count, thread);
 *     _tx_thread_wait_complete(thread, TX_SUCCESS);          // ready again, may preempt us
 *     TX_RESTORE
 *     _tx_thread_preempt_check();
 *
 * The cleanup function (here _tx_semaphore_cleanup) is called by the core, interrupts disabled,
 * when a wait ends other than by the object: timeout, tx_thread_wait_abort, tx_thread_terminate,
 * tx_thread_delete, tx_thread_reset. It must only unlink the thread from the object's suspension
 * list (and undo object-specific state, e.g. a mutex owner's inherited priority); the core then
 * readies (or not) the thread. On entry tx_thread_suspend_status already holds the wait's
 * result: the timeout_status given to _tx_thread_suspend_on for a timeout (count the object's
 * timeouts then), TX_WAIT_ABORTED for an abort, terminate or reset.
 */
#ifndef TX_INTERNAL_H
#define TX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#ifndef TX_SOURCE_CODE
#define TX_SOURCE_CODE
#endif
#include "tx_api.h"
#include "tx_arch.h"

/* ---- Object id words (tx_<object>_id of a created control block) --------------------------- */

#define TX_THREAD_ID      ((ULONG)0x54485244UL)
#define TX_QUEUE_ID       ((ULONG)0x51554555UL)
#define TX_SEMAPHORE_ID   ((ULONG)0x53454D41UL)
#define TX_EVENT_FLAGS_ID ((ULONG)0x4456444EUL)
#define TX_BLOCK_POOL_ID  ((ULONG)0x424C4F43UL)
#define TX_BYTE_POOL_ID   ((ULONG)0x42595445UL)
#define TX_MUTEX_ID       ((ULONG)0x4D555445UL)
#define TX_TIMER_ID       ((ULONG)0x4154494DUL)
#define TX_CLEAR_ID       ((ULONG)0)

/* TX_INITIALIZE_IN_PROGRESS and its companions: tx_arch.h. */

#define TX_PRIORITY_MAP_WORDS (TX_MAX_PRIORITIES / 32u)

/* Optional port hooks (tx_port.h may define them). */
#ifndef TX_THREAD_CREATE_EXTENSION
#define TX_THREAD_CREATE_EXTENSION(thread_ptr)
#endif
#ifndef TX_THREAD_DELETE_EXTENSION
#define TX_THREAD_DELETE_EXTENSION(thread_ptr)
#endif

/* ---- Kernel globals (all defined in tx_initialize.c; object files must not define them) ----- */

/* _tx_thread_current_ptr, _tx_thread_execute_ptr, _tx_thread_system_state,
 * _tx_thread_preempt_disable and _tx_initialize_unused_memory: tx_arch.h (ports use them). */

/* Ready lists: circular, linked through tx_thread_ready_next/previous, one per priority. */
extern TX_THREAD *_tx_thread_priority_list[TX_MAX_PRIORITIES];
extern ULONG _tx_thread_priority_maps[TX_PRIORITY_MAP_WORDS];
/* Threads preempted while above their preemption threshold, most recent first. */
extern TX_THREAD *_tx_thread_preempted_list;

extern TX_THREAD *_tx_thread_created_ptr;
extern ULONG _tx_thread_created_count;
extern VOID (*_tx_thread_application_stack_error_handler)(TX_THREAD *thread_ptr);

/* Release every mutex `thread_ptr` owns; called on terminate/delete/reset (interrupts enabled,
 * preemption disabled). Set by the mutex implementation (in _tx_mutex_create) so the core needs
 * no link-time reference to it; NULL until a mutex exists. */
extern VOID (*_tx_thread_mutex_release)(TX_THREAD *thread_ptr);

extern volatile ULONG _tx_timer_system_clock;
/* Head of the active timer list (application timers and thread timeouts, sorted, deltas). */
extern TX_TIMER_INTERNAL *_tx_timer_list;
/* The application timer whose expiration function is running, NULL otherwise ("timer
 * context": those functions run from the tick interrupt). */
extern TX_TIMER *_tx_timer_expired_timer_ptr;
/* The core running that expiration function; TX_THREAD_SMP_MAX_CORES when none. Only that core
 * is in timer context. */
extern volatile UINT _tx_timer_smp_expired_core;
/* Who the timer context is as a mutex owner. ThreadX runs expiration functions in its system
 * timer thread (priority 0), so a mutex got there is owned by that thread and any later
 * expiration function may put it. We have no such thread; this control block stands for it:
 * named, priority 0, never created, scheduled or valid for thread services (id clear). */
extern TX_THREAD _tx_timer_thread;

extern TX_TIMER *_tx_timer_created_ptr;
extern ULONG _tx_timer_created_count;
extern TX_SEMAPHORE *_tx_semaphore_created_ptr;
extern ULONG _tx_semaphore_created_count;
extern TX_QUEUE *_tx_queue_created_ptr;
extern ULONG _tx_queue_created_count;
extern TX_EVENT_FLAGS_GROUP *_tx_event_flags_created_ptr;
extern ULONG _tx_event_flags_created_count;
extern TX_BLOCK_POOL *_tx_block_pool_created_ptr;
extern ULONG _tx_block_pool_created_count;
extern TX_BYTE_POOL *_tx_byte_pool_created_ptr;
extern ULONG _tx_byte_pool_created_count;
extern TX_MUTEX *_tx_mutex_created_ptr;
extern ULONG _tx_mutex_created_count;

/* System-wide performance counters (zeroed by tx_kernel_enter). Object files keep their own. */
extern ULONG _tx_thread_performance_resume_count;
extern ULONG _tx_thread_performance_suspend_count;
extern ULONG _tx_thread_performance_solicited_preemption_count;
extern ULONG _tx_thread_performance_interrupt_preemption_count;
extern ULONG _tx_thread_performance_priority_inversion_count;
extern ULONG _tx_thread_performance_time_slice_count;
extern ULONG _tx_thread_performance_relinquish_count;
extern ULONG _tx_thread_performance_timeout_count;
extern ULONG _tx_thread_performance_wait_abort_count;
extern ULONG _tx_thread_performance_non_idle_return_count;
extern ULONG _tx_thread_performance_idle_return_count;
extern ULONG _tx_semaphore_performance_put_count;
extern ULONG _tx_semaphore_performance_get_count;
extern ULONG _tx_semaphore_performance_suspension_count;
extern ULONG _tx_semaphore_performance_timeout_count;
extern ULONG _tx_timer_performance_activate_count;
extern ULONG _tx_timer_performance_reactivate_count;
extern ULONG _tx_timer_performance_deactivate_count;
extern ULONG _tx_timer_performance_expiration_count;
extern ULONG _tx_timer_performance_expiration_adjust_count;
extern ULONG _tx_queue_performance_messages_sent_count;
extern ULONG _tx_queue_performance_messages_received_count;
extern ULONG _tx_queue_performance_empty_suspension_count;
extern ULONG _tx_queue_performance_full_suspension_count;
extern ULONG _tx_queue_performance_full_error_count;
extern ULONG _tx_queue_performance_timeout_count;
extern ULONG _tx_event_flags_performance_set_count;
extern ULONG _tx_event_flags_performance_get_count;
extern ULONG _tx_event_flags_performance_suspension_count;
extern ULONG _tx_event_flags_performance_timeout_count;
extern ULONG _tx_block_pool_performance_allocate_count;
extern ULONG _tx_block_pool_performance_release_count;
extern ULONG _tx_block_pool_performance_suspension_count;
extern ULONG _tx_block_pool_performance_timeout_count;
extern ULONG _tx_byte_pool_performance_allocate_count;
extern ULONG _tx_byte_pool_performance_release_count;
extern ULONG _tx_byte_pool_performance_merge_count;
extern ULONG _tx_byte_pool_performance_split_count;
extern ULONG _tx_byte_pool_performance_search_count;
extern ULONG _tx_byte_pool_performance_suspension_count;
extern ULONG _tx_byte_pool_performance_timeout_count;
extern ULONG _tx_mutex_performance_put_count;
extern ULONG _tx_mutex_performance_get_count;
extern ULONG _tx_mutex_performance_suspension_count;
extern ULONG _tx_mutex_performance_timeout_count;
extern ULONG _tx_mutex_performance_priority_inversion_count;
extern ULONG _tx_mutex_performance_priority_inheritance_count;

/* ---- Caller context (for _txe_* checks; read with interrupts enabled is fine) --------------- */

/* TX_IN_ISR, TX_IN_INIT, TX_IN_THREAD: tx_arch.h. */
/* In an application timer's expiration function. */
#if TX_THREAD_SMP_MAX_CORES > 1
/* Read without the lock from any core: only the core that runs a function ever sees its own id
 * there (it writes the id before and TX_THREAD_SMP_MAX_CORES after, under the lock). */
#define TX_IN_TIMER() (_tx_timer_smp_expired_core == TX_ARCH_CORE_ID())
#else
#define TX_IN_TIMER() (_tx_timer_expired_timer_ptr != TX_NULL)
#endif

/*
 * ThreadX's "Allowed from" rules as predicates. A _txe_ service returns TX_CALLER_ERROR when
 * the predicate is false.
 *   _tx_caller_threads()            threads only (object deletes, reset, relinquish, sleep)
 *   _tx_caller_threads_and_init()   create services
 *   _tx_caller_threads_and_timers() terminate, priority/preemption/time-slice change
 *   _tx_caller_not_isr()            initialization, threads and timers (mutex get/put)
 * Services allowed everywhere need no check. A wait option other than TX_NO_WAIT is only allowed
 * from a thread: _tx_caller_may_wait() false -> TX_WAIT_ERROR.
 */
/* The two on the fast paths (relinquish, every blocking call) inline: a few loads on one core. */
static inline UINT _tx_caller_threads(VOID)
{
    return TX_IN_THREAD() ? TX_TRUE : TX_FALSE;
}
UINT _tx_caller_threads_and_init(VOID);
UINT _tx_caller_threads_and_timers(VOID);
UINT _tx_caller_init_or_timer(VOID);
/* A thread inline (the mutex fast path's caller), the rest out of line. */
static inline UINT _tx_caller_not_isr(VOID)
{
    return (TX_IN_THREAD() || (_tx_caller_init_or_timer() != TX_FALSE)) ? TX_TRUE : TX_FALSE;
}
static inline UINT _tx_caller_may_wait(VOID)
{
    return _tx_caller_threads(); /* ThreadX: a wait is allowed exactly where threads may call */
}

/* ---- Created lists (circular, doubly linked; the head is the oldest object) ----------------- */
/* head and count are the _tx_<object>_created_ptr / _count globals; next/prev the field names. */

#define TX_CREATED_LIST_INSERT(head, count, obj, next, prev)                                       \
    do {                                                                                           \
        if ((head) == TX_NULL) {                                                                   \
            (head) = (obj);                                                                        \
            (obj)->next = (obj);                                                                   \
            (obj)->prev = (obj);                                                                   \
        } else {                                                                                   \
            (obj)->next = (head);                                                                  \
            (obj)->prev = (head)->prev;                                                            \
            (head)->prev->next = (obj);                                                            \
            (head)->prev = (obj);                                                                  \
        }                                                                                          \
        (count)++;                                                                                 \
    } while (0)

#define TX_CREATED_LIST_REMOVE(head, count, obj, next, prev)                                       \
    do {                                                                                           \
        if ((obj)->next == (obj)) {                                                                \
            (head) = TX_NULL;                                                                      \
        } else {                                                                                   \
            (obj)->next->prev = (obj)->prev;                                                       \
            (obj)->prev->next = (obj)->next;                                                       \
            if ((head) == (obj)) {                                                                 \
                (head) = (obj)->next;                                                              \
            }                                                                                      \
        }                                                                                          \
        (obj)->next = TX_NULL;                                                                     \
        (obj)->prev = TX_NULL;                                                                     \
        (count)--;                                                                                 \
    } while (0)

/* Next object for *_info_get: NULL-safe. */
#define TX_CREATED_LIST_NEXT(obj, next) ((obj)->next)

/* ---- Suspension lists (per object: head pointer + UINT count; FIFO) ------------------------- */

/* Append `thread` at the tail (FIFO order). */
VOID _tx_thread_suspension_list_insert(TX_THREAD **list, UINT *count, TX_THREAD *thread_ptr);
/* Unlink `thread` (anywhere in the list). */
VOID _tx_thread_suspension_list_remove(TX_THREAD **list, UINT *count, TX_THREAD *thread_ptr);
/* Move the highest-priority thread to the head; the others keep their order (FIFO among
 * equals: the first of the highest priority wins). Implements *_prioritize services. */
VOID _tx_thread_suspension_list_prioritize(TX_THREAD **list);

/*
 * Block the calling thread on an object. Appends it to (list, count), records `object` and
 * `cleanup`, sets tx_thread_state = state and, unless wait_option is TX_WAIT_FOREVER, a timeout
 * of wait_option ticks after which the wait ends with `timeout_status`. Returns, still with
 * interrupts disabled, the thread's tx_thread_suspend_status once it runs again.
 * Set any tx_thread_suspend_info / tx_thread_additional_suspend_info / tx_thread_suspend_option
 * on _tx_thread_current_ptr before calling. Returns TX_WAIT_ERROR without blocking when not
 * called from a thread (ISR, timer, init) - _txe_ checks normally catch that first.
 */
UINT _tx_thread_suspend_on(TX_THREAD **list, UINT *count, VOID *object, UINT state,
                           VOID (*cleanup)(TX_THREAD *thread_ptr, ULONG suspension_sequence),
                           ULONG wait_option, UINT timeout_status);

/* End `thread`'s wait with `status` (it must already be off the object's suspension list):
 * cancels its timeout, clears cleanup/control block and makes it ready (or TX_SUSPENDED when a
 * tx_thread_suspend arrived during the wait). May change _tx_thread_execute_ptr; the caller
 * restores interrupts then calls _tx_thread_preempt_check(). */
VOID _tx_thread_wait_complete(TX_THREAD *thread_ptr, UINT status);

/* End the wait of every thread on (list, count) with `status`, in list order (object delete
 * resumes its waiters with TX_DELETED). Same caller duties as _tx_thread_wait_complete. */
VOID _tx_thread_suspension_list_release_all(TX_THREAD **list, UINT *count, UINT status);

/* ---- Scheduling ----------------------------------------------------------------------------- */

/* Interrupts ENABLED on entry: if the scheduler chose another thread than the caller and the
 * caller is a thread with preemption enabled, switch now (returns when the caller runs again).
 * No-op in ISR/init context (the port switches at ISR exit). */
VOID _tx_thread_system_preempt_check(VOID);
/* Its inline front, as ThreadX's services test before they call: with one core in use, no
 * switch is due while core 0 runs its chosen thread, and an interrupt that changes the choice
 * after the test switches at its own exit. Several cores: the caller's core is known only with
 * interrupts disabled, so the full check. A pending stack error is delivered by the full check
 * (the next safe point), so a build that checks stacks always calls it. */
static inline VOID _tx_thread_preempt_check(VOID)
{
#ifdef TX_ENABLE_STACK_CHECKING
    _tx_thread_system_preempt_check();
#else
#if TX_THREAD_SMP_MAX_CORES > 1
    if ((_tx_thread_smp_lock_enabled != 0u) || (_tx_thread_core_switch_due(0u) != TX_FALSE)) {
        _tx_thread_system_preempt_check();
    }
#else
    if (_tx_thread_core_switch_due(0u) != TX_FALSE) {
        _tx_thread_system_preempt_check();
    }
#endif
#endif
}

/* Interrupts DISABLED: the same check, made inside the service's own critical section before it
 * restores interrupts (one lockout instead of two). For a service with nothing to do between
 * its change and the switch (no notify callback to call first, as ThreadX orders them). The
 * same inline front as _tx_thread_preempt_check (written out again: a shared predicate made the
 * compiler lay out every service's exit differently). */
VOID _tx_thread_system_preempt_check_disabled(VOID);
static inline VOID _tx_thread_preempt_check_disabled(VOID)
{
#ifdef TX_ENABLE_STACK_CHECKING
    _tx_thread_system_preempt_check_disabled();
#else
#if TX_THREAD_SMP_MAX_CORES > 1
    if ((_tx_thread_smp_lock_enabled != 0u) || (_tx_thread_core_switch_due(0u) != TX_FALSE)) {
        _tx_thread_system_preempt_check_disabled();
    }
#else
    if (_tx_thread_core_switch_due(0u) != TX_FALSE) {
        _tx_thread_system_preempt_check_disabled();
    }
#endif
#endif
}

/* Make a thread ready (state TX_READY, on its ready list) / take it off the ready lists
 * (state `state`), updating _tx_thread_execute_ptr. Do not use for waits on objects: use
 * _tx_thread_suspend_on / _tx_thread_wait_complete. */
VOID _tx_thread_system_ready(TX_THREAD *thread_ptr);
VOID _tx_thread_system_unready(TX_THREAD *thread_ptr, UINT state);

/*
 * Set the thread's effective priority (mutex priority inheritance and its undoing). The user's
 * priority (tx_thread_user_priority) is unchanged; the effective preemption threshold becomes
 * min(new_priority, tx_thread_user_preempt_threshold). A ready thread moves to its new ready
 * list. Suspension lists are not reordered. The caller restores interrupts then calls
 * _tx_thread_preempt_check(). The mutex code keeps tx_thread_inherit_priority up to date: it is
 * the inherited priority in force (TX_MAX_PRIORITIES: none), used by tx_thread_priority_change
 * so a user change never lowers a thread below what it inherited.
 */
VOID _tx_thread_priority_set_internal(TX_THREAD *thread_ptr, UINT new_priority);

/* ---- Timers --------------------------------------------------------------------------------- */

/* Put a timer on the active list to expire in `ticks` (> 0) ticks / take it off (no-op when not
 * active). Remaining ticks of an active timer. */
VOID _tx_timer_internal_activate(TX_TIMER_INTERNAL *timer, ULONG ticks);
VOID _tx_timer_internal_deactivate(TX_TIMER_INTERNAL *timer);
ULONG _tx_timer_internal_remaining(TX_TIMER_INTERNAL *timer);

/* ---- Core private (thread/timer/semaphore files of the core) ------------------------------- */

/* The calling thread stops being ready (`state`) for at most `timeout` ticks (TX_WAIT_FOREVER:
 * no limit) and gives the CPU away; returns its tx_thread_suspend_status when it runs again. */
UINT _tx_thread_block_current(UINT state, ULONG timeout);
/* End a wait without the object (abort, terminate, ...): timeout cancelled, status set, then
 * the object's cleanup called. The thread is not made ready. */
VOID _tx_thread_wait_cancel(TX_THREAD *thread_ptr, UINT status);
VOID _tx_thread_timeout(TX_THREAD *thread_ptr);
VOID _tx_thread_yield_internal(TX_THREAD *current);
VOID _tx_thread_time_slice_expired(TX_THREAD *thread_ptr);
VOID _tx_thread_reschedule_internal(VOID);
/* SMP: re-choose every core's thread (after a core exclusion or core count change). */
VOID _tx_thread_smp_rebalance_internal(VOID);
/* Whether thread_ptr is the chosen thread of some core. */
UINT _tx_thread_smp_chosen(const TX_THREAD *thread_ptr);
VOID _tx_thread_shell_entry(VOID);
#ifdef TX_ENABLE_STACK_CHECKING
/* Call the stack error handler for a stack error found during a switch (safe points only). */
VOID _tx_thread_stack_error_deliver(VOID);
#endif

/* ---- Compiler hints -------------------------------------------------------------------------- */

/* Keeps a path that one core never takes (the SMP choice) out of its caller, whose prologue
 * would otherwise save every register that path needs, on every call. */
#if defined(__GNUC__)
#define TX_NOINLINE __attribute__((noinline))
#else
#define TX_NOINLINE
#endif

/* ---- Freestanding helpers (the core has no libc) -------------------------------------------- */

VOID _tx_memory_set(VOID *dest, UCHAR value, ULONG size);
VOID _tx_memory_copy(VOID *dest, const VOID *src, ULONG size);

#endif /* TX_INTERNAL_H */
