/*
 * tx_timer.c - the tick: one sorted list of active timers (application timers and thread
 * timeouts) holding deltas, so a tick touches only the head and tickless idle can ask for the
 * next expiry in O(1); time slicing; and the application timer services.
 *
 * An application timer's expiration function runs from the tick interrupt ("timer context":
 * _tx_timer_expired_timer_ptr is set while it runs), with its timer inactive; a periodic timer
 * is re-armed after the function returns unless the function deactivated, deleted or
 * re-activated it (tx_timer_change in the function sets the next period). Inactive application
 * timers keep in tx_timer_internal_remaining_ticks the ticks to use at the next activation (0 after
 * a one-shot expiry, which tx_timer_activate refuses until tx_timer_change).
 */
#include <stddef.h>

#define TX_THREAD_SMP_SOURCE_CODE
#include "tx_arch.h"
#include "tx_trace.h"

/* Cleared when the running expiration function deactivates or deletes its own timer. */
static UINT _tx_timer_rearm;

#if TX_THREAD_SMP_MAX_CORES > 1
/* Due application timers handed to another core (tx_timer_smp_core_exclude), oldest first. */
static TX_TIMER *_tx_timer_smp_deferred_head;
static TX_TIMER *_tx_timer_smp_deferred_tail;
#endif

#define TX_TIMER_OF(internal)                                                                      \
    ((TX_TIMER *)(VOID *)((UCHAR *)(internal)-offsetof(TX_TIMER, tx_timer_internal)))

VOID _tx_timer_internal_activate(TX_TIMER_INTERNAL *timer, ULONG ticks)
{
    TX_TIMER_INTERNAL *previous = TX_NULL;
    TX_TIMER_INTERNAL *next = _tx_timer_list;

    if (timer->tx_timer_internal_list_head != TX_NULL) {
        _tx_timer_internal_deactivate(timer);
    }
    /* After every timer due no later: equal deadlines expire in activation order. */
    while ((next != TX_NULL) && (next->tx_timer_internal_remaining_ticks <= ticks)) {
        ticks -= next->tx_timer_internal_remaining_ticks;
        previous = next;
        next = next->tx_timer_internal_active_next;
    }
    timer->tx_timer_internal_remaining_ticks = ticks;
    timer->tx_timer_internal_active_previous = previous;
    timer->tx_timer_internal_active_next = next;
    if (next != TX_NULL) {
        next->tx_timer_internal_remaining_ticks -= ticks;
        next->tx_timer_internal_active_previous = timer;
    }
    if (previous != TX_NULL) {
        previous->tx_timer_internal_active_next = timer;
    } else {
        _tx_timer_list = timer;
    }
    timer->tx_timer_internal_list_head = &_tx_timer_list;
}

VOID _tx_timer_internal_deactivate(TX_TIMER_INTERNAL *timer)
{
    TX_TIMER_INTERNAL *next = timer->tx_timer_internal_active_next;
    TX_TIMER_INTERNAL *previous = timer->tx_timer_internal_active_previous;

    if (timer->tx_timer_internal_list_head == TX_NULL) {
        return;
    }
    if (next != TX_NULL) {
        next->tx_timer_internal_remaining_ticks += timer->tx_timer_internal_remaining_ticks;
        next->tx_timer_internal_active_previous = previous;
    }
    if (previous != TX_NULL) {
        previous->tx_timer_internal_active_next = next;
    } else {
        _tx_timer_list = next;
    }
    timer->tx_timer_internal_active_next = TX_NULL;
    timer->tx_timer_internal_active_previous = TX_NULL;
    timer->tx_timer_internal_list_head = TX_NULL;
}

ULONG _tx_timer_internal_remaining(TX_TIMER_INTERNAL *timer)
{
    TX_TIMER_INTERNAL *walk;
    ULONG ticks = 0;

    if (timer->tx_timer_internal_list_head == TX_NULL) {
        return timer->tx_timer_internal_remaining_ticks;
    }
    for (walk = _tx_timer_list; walk != TX_NULL; walk = walk->tx_timer_internal_active_next) {
        ticks += walk->tx_timer_internal_remaining_ticks;
        if (walk == timer) {
            break;
        }
    }
    return ticks;
}

/* Time slicing applies to a ready thread with a slice and no preemption threshold in force
 * (ThreadX: a threshold disables time slicing). */
static UINT _tx_timer_slicing(const TX_THREAD *thread_ptr)
{
    return ((thread_ptr != TX_NULL) && (thread_ptr->tx_thread_state == TX_READY) &&
            (thread_ptr->tx_thread_new_time_slice != 0u) &&
            (thread_ptr->tx_thread_preempt_threshold >= thread_ptr->tx_thread_priority))
               ? TX_TRUE
               : TX_FALSE;
}

ULONG _tx_timer_ticks_to_next(VOID)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *current;
    ULONG ticks = TX_WAIT_FOREVER;

    UINT c;

    TX_DISABLE
    if (_tx_timer_list != TX_NULL) {
        ticks = _tx_timer_list->tx_timer_internal_remaining_ticks;
    }
    /* Every core's running thread has a slice. */
    for (c = 0; c < _tx_thread_smp_max_cores; c++) {
        current = _tx_thread_current_ptr[c];
        if ((_tx_timer_slicing(current) != TX_FALSE) && (current->tx_thread_time_slice < ticks)) {
            ticks = current->tx_thread_time_slice;
        }
    }
    TX_RESTORE
    return (ticks == 0u) ? 1u : ticks;
}

/* Run an application timer's expiration function (it is due, off the active list). */
static VOID _tx_timer_app_expire(TX_TIMER *app)
{
    TX_TIMER_INTERNAL *timer = &app->tx_timer_internal;
    VOID (*function)(ULONG) = timer->tx_timer_internal_timeout_function;
    ULONG param = timer->tx_timer_internal_timeout_param;

    app->tx_timer_performance_expiration_count++;
    _tx_timer_performance_expiration_count++;
    /* The timer is inactive while its function runs (as in ThreadX): the function may
     * change, deactivate or delete it. A periodic timer left alone is re-armed after. */
    timer->tx_timer_internal_remaining_ticks = timer->tx_timer_internal_re_initialize_ticks;
    _tx_timer_rearm = (timer->tx_timer_internal_re_initialize_ticks != 0u) ? TX_TRUE : TX_FALSE;
#if TX_THREAD_SMP_MAX_CORES > 1
    _tx_timer_smp_expired_core = TX_ARCH_CORE_ID();
#endif
    _tx_timer_expired_timer_ptr = app;
    if (function != TX_NULL) {
        /* Runs in the tick interrupt's context, with its interrupt posture. */
        function(param);
    }
    _tx_timer_expired_timer_ptr = TX_NULL;
#if TX_THREAD_SMP_MAX_CORES > 1
    _tx_timer_smp_expired_core = TX_THREAD_SMP_MAX_CORES;
#endif
    if ((_tx_timer_rearm != TX_FALSE) && (app->tx_timer_id == TX_TIMER_ID) &&
        (timer->tx_timer_internal_list_head == TX_NULL) &&
        (timer->tx_timer_internal_re_initialize_ticks != 0u)) {
        _tx_timer_internal_activate(timer, timer->tx_timer_internal_re_initialize_ticks);
        app->tx_timer_performance_reactivate_count++;
        _tx_timer_performance_reactivate_count++;
    }
}

#if TX_THREAD_SMP_MAX_CORES > 1
/* A due application timer (off the active list) whose expiration may not run on this core is
 * handed to the lowest allowed core in use; TX_FALSE when it may run here. */
static UINT _tx_timer_smp_defer(TX_TIMER *timer_ptr)
{
    ULONG in_use = (0xFFFFFFFFu >> (32u - _tx_thread_smp_max_cores));
    ULONG allowed = ~timer_ptr->tx_timer_smp_cores_excluded & in_use;
    UINT self = TX_ARCH_CORE_ID();
    UINT deferred = TX_FALSE;

    /* Excluded from every core in use (the core count shrank): it runs here, late rather than
     * never. */
    if (((allowed & ((ULONG)1u << self)) == 0u) && (allowed != 0u)) {
        timer_ptr->tx_timer_smp_deferred = TX_TRUE;
        timer_ptr->tx_timer_smp_deferred_next = TX_NULL;
        if (_tx_timer_smp_deferred_tail == TX_NULL) {
            _tx_timer_smp_deferred_head = timer_ptr;
        } else {
            _tx_timer_smp_deferred_tail->tx_timer_smp_deferred_next = timer_ptr;
        }
        _tx_timer_smp_deferred_tail = timer_ptr;
        _tx_arch_core_preempt((UINT)__builtin_ctz(allowed));
        deferred = TX_TRUE;
    }
    return deferred;
}

/* Take a timer off the deferred list (delete, deactivate); no-op when not on it. */
static VOID _tx_timer_smp_undefer(TX_TIMER *timer_ptr)
{
    TX_TIMER **link = &_tx_timer_smp_deferred_head;
    TX_TIMER *previous = TX_NULL;

    while ((timer_ptr->tx_timer_smp_deferred != TX_FALSE) && (*link != TX_NULL)) {
        if (*link == timer_ptr) {
            *link = timer_ptr->tx_timer_smp_deferred_next;
            if (_tx_timer_smp_deferred_tail == timer_ptr) {
                _tx_timer_smp_deferred_tail = previous;
            }
            break;
        }
        previous = *link;
        link = &(*link)->tx_timer_smp_deferred_next;
    }
    timer_ptr->tx_timer_smp_deferred = TX_FALSE;
    timer_ptr->tx_timer_smp_deferred_next = TX_NULL;
}

VOID _tx_thread_smp_core_interrupt(VOID)
{
    TX_INTERRUPT_SAVE_AREA
    TX_TIMER *walk;
    UINT self;

    TX_DISABLE
    self = TX_ARCH_CORE_ID();
    walk = _tx_timer_smp_deferred_head;
    while (walk != TX_NULL) {
        TX_TIMER *next = walk->tx_timer_smp_deferred_next;
        ULONG in_use = (0xFFFFFFFFu >> (32u - _tx_thread_smp_max_cores));
        ULONG allowed = ~walk->tx_timer_smp_cores_excluded & in_use;

        if (((allowed & ((ULONG)1u << self)) != 0u) || (allowed == 0u)) {
            _tx_timer_smp_undefer(walk);
            _tx_timer_app_expire(walk);
            /* The function may have changed the list: start over. */
            next = _tx_timer_smp_deferred_head;
        }
        walk = next;
    }
    TX_RESTORE
}
#else
VOID _tx_thread_smp_core_interrupt(VOID)
{
}
#endif

/* Expire every timer at the head whose delta reached 0. Interrupts disabled. */
static VOID _tx_timer_expire(VOID)
{
    TX_TIMER_INTERNAL *timer;

    while ((_tx_timer_list != TX_NULL) &&
           (_tx_timer_list->tx_timer_internal_remaining_ticks == 0u)) {
        timer = _tx_timer_list;
        _tx_timer_internal_deactivate(timer);
        if (timer->tx_timer_internal_thread != TX_NULL) {
            _tx_thread_timeout(timer->tx_timer_internal_thread);
        } else {
            TX_TIMER *app = TX_TIMER_OF(timer);

#if TX_THREAD_SMP_MAX_CORES > 1
            if ((_tx_thread_smp_max_cores > 1u) && (_tx_timer_smp_defer(app) != TX_FALSE)) {
                /* Runs on an allowed core, from its preemption interrupt. */
                timer->tx_timer_internal_remaining_ticks =
                    timer->tx_timer_internal_re_initialize_ticks;
                continue;
            }
#endif
            _tx_timer_app_expire(app);
        }
    }
}

VOID _tx_timer_ticks_elapsed(ULONG ticks)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *current;

    UINT c;

    TX_DISABLE
    _tx_timer_system_clock += ticks;

    /* One tick for every core: each core's running thread uses up its slice. */
    for (c = 0; c < _tx_thread_smp_max_cores; c++) {
        current = _tx_thread_current_ptr[c];
        if (_tx_timer_slicing(current) != TX_FALSE) {
            if (current->tx_thread_time_slice <= ticks) {
                _tx_thread_time_slice_expired(current);
            } else {
                current->tx_thread_time_slice -= ticks;
            }
        }
    }

    /* More ticks than to the next expiry (a late tick): expire step by step so periodic
     * timers keep their phase. */
    while ((ticks != 0u) && (_tx_timer_list != TX_NULL)) {
        if (_tx_timer_list->tx_timer_internal_remaining_ticks > ticks) {
            _tx_timer_list->tx_timer_internal_remaining_ticks -= ticks;
            ticks = 0;
        } else {
            ticks -= _tx_timer_list->tx_timer_internal_remaining_ticks;
            _tx_timer_list->tx_timer_internal_remaining_ticks = 0;
            _tx_timer_expire();
        }
    }
    TX_RESTORE
}

VOID _tx_timer_interrupt(VOID)
{
    _tx_timer_ticks_elapsed(1);
}

/* ---- Application timer services ------------------------------------------------------------ */

UINT _tx_timer_create(TX_TIMER *timer_ptr, CHAR *name_ptr, VOID (*expiration_function)(ULONG input),
                      ULONG expiration_input, ULONG initial_ticks, ULONG reschedule_ticks,
                      UINT auto_activate)
{
    TX_INTERRUPT_SAVE_AREA

    _tx_memory_set(timer_ptr, 0, sizeof(TX_TIMER));
    timer_ptr->tx_timer_name = name_ptr;
    timer_ptr->tx_timer_internal.tx_timer_internal_remaining_ticks = initial_ticks;
    timer_ptr->tx_timer_internal.tx_timer_internal_re_initialize_ticks = reschedule_ticks;
    timer_ptr->tx_timer_internal.tx_timer_internal_timeout_function = expiration_function;
    timer_ptr->tx_timer_internal.tx_timer_internal_timeout_param = expiration_input;

    TX_DISABLE
    TX_TRACE_REGISTER(TX_TRACE_OBJECT_TYPE_TIMER, timer_ptr, name_ptr, initial_ticks,
                      reschedule_ticks);
    TX_TRACE_INSERT(TX_TRACE_TIMER_CREATE, TX_TRACE_PTR(timer_ptr), initial_ticks, reschedule_ticks,
                    auto_activate, TX_TRACE_TIMER_EVENTS);
    timer_ptr->tx_timer_id = TX_TIMER_ID;
    TX_CREATED_LIST_INSERT(_tx_timer_created_ptr, _tx_timer_created_count, timer_ptr,
                           tx_timer_created_next, tx_timer_created_previous);
    if ((auto_activate == TX_AUTO_ACTIVATE) && (initial_ticks != 0u)) {
        _tx_timer_internal_activate(&timer_ptr->tx_timer_internal, initial_ticks);
        timer_ptr->tx_timer_performance_activate_count++;
        _tx_timer_performance_activate_count++;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_timer_delete(TX_TIMER *timer_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_TIMER_DELETE, TX_TRACE_PTR(timer_ptr), 0u, 0u, 0u,
                    TX_TRACE_TIMER_EVENTS);
    TX_TRACE_UNREGISTER(timer_ptr);
    _tx_timer_internal_deactivate(&timer_ptr->tx_timer_internal);
#if TX_THREAD_SMP_MAX_CORES > 1
    _tx_timer_smp_undefer(timer_ptr);
#endif
    if (timer_ptr == _tx_timer_expired_timer_ptr) {
        _tx_timer_rearm = TX_FALSE;
    }
    timer_ptr->tx_timer_id = TX_CLEAR_ID;
    TX_CREATED_LIST_REMOVE(_tx_timer_created_ptr, _tx_timer_created_count, timer_ptr,
                           tx_timer_created_next, tx_timer_created_previous);
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_timer_activate(TX_TIMER *timer_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_TIMER_INTERNAL *timer = &timer_ptr->tx_timer_internal;
    UINT status = TX_SUCCESS;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_TIMER_ACTIVATE, TX_TRACE_PTR(timer_ptr), 0u, 0u, 0u,
                    TX_TRACE_TIMER_EVENTS);
    if ((timer->tx_timer_internal_list_head != TX_NULL) ||
        (timer->tx_timer_internal_remaining_ticks == 0u)) {
        /* Already active, or a one-shot that expired (re-arm with tx_timer_change). */
        status = TX_ACTIVATE_ERROR;
    } else {
        _tx_timer_internal_activate(timer, timer->tx_timer_internal_remaining_ticks);
        timer_ptr->tx_timer_performance_activate_count++;
        _tx_timer_performance_activate_count++;
    }
    TX_RESTORE
    return status;
}

UINT _tx_timer_deactivate(TX_TIMER *timer_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_TIMER_INTERNAL *timer = &timer_ptr->tx_timer_internal;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_TIMER_DEACTIVATE, TX_TRACE_PTR(timer_ptr), TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_TIMER_EVENTS);
    if (timer_ptr == _tx_timer_expired_timer_ptr) {
        /* From its own expiration function: no re-arming. */
        _tx_timer_rearm = TX_FALSE;
    }
#if TX_THREAD_SMP_MAX_CORES > 1
    _tx_timer_smp_undefer(timer_ptr);
#endif
    if (timer->tx_timer_internal_list_head != TX_NULL) {
        ULONG remaining = _tx_timer_internal_remaining(timer);

        _tx_timer_internal_deactivate(timer);
        /* A later activate resumes with what was left. */
        timer->tx_timer_internal_remaining_ticks = remaining;
        timer_ptr->tx_timer_performance_deactivate_count++;
        _tx_timer_performance_deactivate_count++;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_timer_change(TX_TIMER *timer_ptr, ULONG initial_ticks, ULONG reschedule_ticks)
{
    TX_INTERRUPT_SAVE_AREA
    TX_TIMER_INTERNAL *timer = &timer_ptr->tx_timer_internal;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_TIMER_CHANGE, TX_TRACE_PTR(timer_ptr), initial_ticks, reschedule_ticks,
                    0u, TX_TRACE_TIMER_EVENTS);
    /* As in ThreadX, only an inactive timer changes (deactivate it first). */
    if (timer->tx_timer_internal_list_head == TX_NULL) {
        timer->tx_timer_internal_remaining_ticks = initial_ticks;
        timer->tx_timer_internal_re_initialize_ticks = reschedule_ticks;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_timer_info_get(TX_TIMER *timer_ptr, CHAR **name, UINT *active, ULONG *remaining_ticks,
                        ULONG *reschedule_ticks, TX_TIMER **next_timer)
{
    TX_INTERRUPT_SAVE_AREA
    TX_TIMER_INTERNAL *timer = &timer_ptr->tx_timer_internal;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_TIMER_INFO_GET, TX_TRACE_PTR(timer_ptr), TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_TIMER_EVENTS);
    if (name != TX_NULL) {
        *name = timer_ptr->tx_timer_name;
    }
    if (active != TX_NULL) {
        *active = (timer->tx_timer_internal_list_head != TX_NULL) ? TX_TRUE : TX_FALSE;
    }
    if (remaining_ticks != TX_NULL) {
        *remaining_ticks = _tx_timer_internal_remaining(timer);
    }
    if (reschedule_ticks != TX_NULL) {
        *reschedule_ticks = timer->tx_timer_internal_re_initialize_ticks;
    }
    if (next_timer != TX_NULL) {
        *next_timer = timer_ptr->tx_timer_created_next;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_timer_performance_info_get(TX_TIMER *timer_ptr, ULONG *activates, ULONG *reactivates,
                                    ULONG *deactivates, ULONG *expirations,
                                    ULONG *expiration_adjusts)
{
    TX_INTERRUPT_SAVE_AREA

    if ((timer_ptr == TX_NULL) || (timer_ptr->tx_timer_id != TX_TIMER_ID)) {
        return TX_PTR_ERROR;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_TIMER_PERFORMANCE_INFO_GET, TX_TRACE_PTR(timer_ptr), 0u, 0u, 0u,
                    TX_TRACE_TIMER_EVENTS);
    if (activates != TX_NULL) {
        *activates = timer_ptr->tx_timer_performance_activate_count;
    }
    if (reactivates != TX_NULL) {
        *reactivates = timer_ptr->tx_timer_performance_reactivate_count;
    }
    if (deactivates != TX_NULL) {
        *deactivates = timer_ptr->tx_timer_performance_deactivate_count;
    }
    if (expirations != TX_NULL) {
        *expirations = timer_ptr->tx_timer_performance_expiration_count;
    }
    if (expiration_adjusts != TX_NULL) {
        *expiration_adjusts = timer_ptr->tx_timer_performance__expiration_adjust_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_timer_performance_system_info_get(ULONG *activates, ULONG *reactivates, ULONG *deactivates,
                                           ULONG *expirations, ULONG *expiration_adjusts)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_TIMER_PERFORMANCE_SYSTEM_INFO_GET, 0u, 0u, 0u, 0u,
                    TX_TRACE_TIMER_EVENTS);
    if (activates != TX_NULL) {
        *activates = _tx_timer_performance_activate_count;
    }
    if (reactivates != TX_NULL) {
        *reactivates = _tx_timer_performance_reactivate_count;
    }
    if (deactivates != TX_NULL) {
        *deactivates = _tx_timer_performance_deactivate_count;
    }
    if (expirations != TX_NULL) {
        *expirations = _tx_timer_performance_expiration_count;
    }
    if (expiration_adjusts != TX_NULL) {
        *expiration_adjusts = _tx_timer_performance_expiration_adjust_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}
