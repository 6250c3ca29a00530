/*
 * tx_thread.c - thread services (the work; argument checks are in txe_thread.c).
 */
#include "tx_arch.h"
#include "tx_trace.h"

/* First code of every thread, entered by the port with interrupts enabled. */
VOID _tx_thread_shell_entry(VOID)
{
    TX_INTERRUPT_SAVE_AREA
    UINT status;
    TX_THREAD *thread_ptr = _tx_thread_identify();
    VOID (*notify)(TX_THREAD *, UINT) = thread_ptr->tx_thread_entry_exit_notify;

    if (notify != TX_NULL) {
        notify(thread_ptr, TX_THREAD_ENTRY);
    }
    thread_ptr->tx_thread_entry(thread_ptr->tx_thread_entry_parameter);

    notify = thread_ptr->tx_thread_entry_exit_notify;
    if (notify != TX_NULL) {
        notify(thread_ptr, TX_THREAD_EXIT);
    }
    TX_DISABLE
    if ((thread_ptr->tx_thread_owned_mutex_count != 0u) && (_tx_thread_mutex_release != TX_NULL)) {
        /* As for terminate: interrupts enabled, preemption disabled. */
        _tx_thread_preempt_disable++;
        TX_RESTORE
        _tx_thread_mutex_release(thread_ptr);
        TX_DISABLE
        _tx_thread_preempt_disable--;
    }
    /* Completed: never dispatched again (tx_thread_reset builds a new context). */
    status = _tx_thread_block_current(TX_COMPLETED, TX_WAIT_FOREVER);
    for (;;) {
        (VOID) status;
    }
    TX_RESTORE
}

/* Fill the stack with the pattern, build the port's initial context. Interrupts disabled. */
static VOID _tx_thread_stack_prepare(TX_THREAD *thread_ptr)
{
    _tx_memory_set(thread_ptr->tx_thread_stack_start, (UCHAR)(TX_STACK_FILL & 0xFFu),
                   thread_ptr->tx_thread_stack_size);
    ULONG *guard =
        (ULONG *)(VOID *)(((ALIGN_TYPE)thread_ptr->tx_thread_stack_start + sizeof(ULONG) - 1u) &
                          ~(ALIGN_TYPE)(sizeof(ULONG) - 1u));

    _tx_arch_thread_stack_build(thread_ptr, _tx_thread_shell_entry);
    /* Skip what the port put at the bottom (its own guard words), at most 64 bytes. */
    while ((*guard != TX_STACK_FILL) &&
           ((UCHAR *)guard < (UCHAR *)thread_ptr->tx_thread_stack_start + 64u) &&
           ((VOID *)guard < thread_ptr->tx_thread_stack_ptr)) {
        guard++;
    }
    thread_ptr->tx_thread_stack_guard_ptr = guard;
    thread_ptr->tx_thread_stack_highest_ptr = thread_ptr->tx_thread_stack_ptr;
    thread_ptr->tx_thread_stack_error_reported = TX_FALSE;
}

UINT _tx_thread_create(TX_THREAD *thread_ptr, CHAR *name_ptr,
                       VOID (*entry_function)(ULONG entry_input), ULONG entry_input,
                       VOID *stack_start, ULONG stack_size, UINT priority, UINT preempt_threshold,
                       ULONG time_slice, UINT auto_start)
{
    TX_INTERRUPT_SAVE_AREA

    _tx_memory_set(thread_ptr, 0, sizeof(TX_THREAD));
    thread_ptr->tx_thread_name = name_ptr;
    thread_ptr->tx_thread_entry = entry_function;
    thread_ptr->tx_thread_entry_parameter = entry_input;
    thread_ptr->tx_thread_stack_start = stack_start;
    thread_ptr->tx_thread_stack_size = stack_size;
    thread_ptr->tx_thread_stack_end = (UCHAR *)stack_start + stack_size - 1u;
    thread_ptr->tx_thread_priority = priority;
    thread_ptr->tx_thread_user_priority = priority;
    thread_ptr->tx_thread_preempt_threshold = preempt_threshold;
    thread_ptr->tx_thread_user_preempt_threshold = preempt_threshold;
    thread_ptr->tx_thread_smp_cores_excluded = 0;
    thread_ptr->tx_thread_smp_cores_allowed = TX_THREAD_SMP_CORE_MASK;
    thread_ptr->tx_thread_smp_core_executing = TX_THREAD_SMP_MAX_CORES;
    thread_ptr->tx_thread_smp_core_mapped = TX_THREAD_SMP_MAX_CORES;
    thread_ptr->tx_thread_inherit_priority = TX_MAX_PRIORITIES;
    thread_ptr->tx_thread_time_slice = time_slice;
    thread_ptr->tx_thread_new_time_slice = time_slice;
    thread_ptr->tx_thread_state = TX_SUSPENDED;
    thread_ptr->tx_thread_timer.tx_timer_internal_thread = thread_ptr;

    TX_DISABLE
    TX_TRACE_REGISTER(TX_TRACE_OBJECT_TYPE_THREAD, thread_ptr, name_ptr, TX_TRACE_PTR(stack_start),
                      stack_size);
    TX_TRACE_INSERT(TX_TRACE_THREAD_CREATE, TX_TRACE_PTR(thread_ptr), priority,
                    TX_TRACE_PTR(stack_start), stack_size, TX_TRACE_THREAD_EVENTS);
    _tx_thread_stack_prepare(thread_ptr);
    thread_ptr->tx_thread_id = TX_THREAD_ID;
    TX_CREATED_LIST_INSERT(_tx_thread_created_ptr, _tx_thread_created_count, thread_ptr,
                           tx_thread_created_next, tx_thread_created_previous);
    TX_THREAD_CREATE_EXTENSION(thread_ptr)
    if (auto_start == TX_AUTO_START) {
        _tx_thread_system_ready(thread_ptr);
    }
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_thread_delete(TX_THREAD *thread_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_DELETE, TX_TRACE_PTR(thread_ptr), TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_THREAD_EVENTS);
    if ((thread_ptr->tx_thread_state != TX_COMPLETED) &&
        (thread_ptr->tx_thread_state != TX_TERMINATED)) {
        TX_RESTORE
        return TX_DELETE_ERROR;
    }
#if TX_THREAD_SMP_MAX_CORES > 1
    /* SMP: the thread may still be on another core's CPU, switching out (it stopped being ready
     * a moment ago); its control block and stack are reused only once it is off. */
    while ((thread_ptr->tx_thread_smp_core_executing < TX_THREAD_SMP_MAX_CORES) &&
           (thread_ptr->tx_thread_smp_core_executing != TX_ARCH_CORE_ID())) {
        TX_RESTORE
        TX_DISABLE
    }
#endif
    thread_ptr->tx_thread_id = TX_CLEAR_ID;
    TX_TRACE_UNREGISTER(thread_ptr);
    TX_CREATED_LIST_REMOVE(_tx_thread_created_ptr, _tx_thread_created_count, thread_ptr,
                           tx_thread_created_next, tx_thread_created_previous);
    _tx_timer_internal_deactivate(&thread_ptr->tx_thread_timer);
    TX_THREAD_DELETE_EXTENSION(thread_ptr)
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_thread_entry_exit_notify(TX_THREAD *thread_ptr,
                                  VOID (*thread_entry_exit_notify)(TX_THREAD *notify_thread_ptr,
                                                                   UINT type))
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_ENTRY_EXIT_NOTIFY, TX_TRACE_PTR(thread_ptr),
                    thread_ptr->tx_thread_state, TX_TRACE_STACK_PTR, 0u, TX_TRACE_THREAD_EVENTS);
    thread_ptr->tx_thread_entry_exit_notify = thread_entry_exit_notify;
    TX_RESTORE
    return TX_SUCCESS;
}

TX_THREAD *_tx_thread_identify(VOID)
{
    /* From an ISR: the interrupted thread (NULL if the CPU was idle), as ThreadX does. */
#if TX_THREAD_SMP_MAX_CORES > 1
    UINT posture;
    TX_THREAD *thread_ptr;

    if (_tx_thread_smp_lock_enabled == 0u) {
        /* One core in use (never more without the lock on): no migration to race with. */
        return _tx_thread_current_ptr;
    }
    /* Interrupts disabled: the caller may not migrate between reading its core and its slot. */
    posture = _tx_arch_interrupt_control(TX_INT_DISABLE);
    thread_ptr = _tx_thread_current_ptr;
    (VOID) _tx_arch_interrupt_control(posture);
    return thread_ptr;
#else
    return _tx_thread_current_ptr;
#endif
}

UINT _tx_thread_info_get(TX_THREAD *thread_ptr, CHAR **name, UINT *state, ULONG *run_count,
                         UINT *priority, UINT *preemption_threshold, ULONG *time_slice,
                         TX_THREAD **next_thread, TX_THREAD **next_suspended_thread)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_INFO_GET, TX_TRACE_PTR(thread_ptr), thread_ptr->tx_thread_state,
                    0u, 0u, TX_TRACE_THREAD_EVENTS);
    if (name != TX_NULL) {
        *name = thread_ptr->tx_thread_name;
    }
    if (state != TX_NULL) {
        *state = thread_ptr->tx_thread_state;
    }
    if (run_count != TX_NULL) {
        *run_count = thread_ptr->tx_thread_run_count;
    }
    if (priority != TX_NULL) {
        *priority = thread_ptr->tx_thread_priority;
    }
    if (preemption_threshold != TX_NULL) {
        *preemption_threshold = thread_ptr->tx_thread_preempt_threshold;
    }
    if (time_slice != TX_NULL) {
        *time_slice = thread_ptr->tx_thread_time_slice;
    }
    if (next_thread != TX_NULL) {
        *next_thread = thread_ptr->tx_thread_created_next;
    }
    if (next_suspended_thread != TX_NULL) {
        *next_suspended_thread = thread_ptr->tx_thread_suspended_next;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_thread_performance_info_get(TX_THREAD *thread_ptr, ULONG *resumptions, ULONG *suspensions,
                                     ULONG *solicited_preemptions, ULONG *interrupt_preemptions,
                                     ULONG *priority_inversions, ULONG *time_slices,
                                     ULONG *relinquishes, ULONG *timeouts, ULONG *wait_aborts,
                                     TX_THREAD **last_preempted_by)
{
    TX_INTERRUPT_SAVE_AREA

    if ((thread_ptr == TX_NULL) || (thread_ptr->tx_thread_id != TX_THREAD_ID)) {
        return TX_PTR_ERROR;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_PERFORMANCE_INFO_GET, TX_TRACE_PTR(thread_ptr),
                    thread_ptr->tx_thread_state, 0u, 0u, TX_TRACE_THREAD_EVENTS);
    if (resumptions != TX_NULL) {
        *resumptions = thread_ptr->tx_thread_performance_resume_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = thread_ptr->tx_thread_performance_suspend_count;
    }
    if (solicited_preemptions != TX_NULL) {
        *solicited_preemptions = thread_ptr->tx_thread_performance_solicited_preemption_count;
    }
    if (interrupt_preemptions != TX_NULL) {
        *interrupt_preemptions = thread_ptr->tx_thread_performance_interrupt_preemption_count;
    }
    if (priority_inversions != TX_NULL) {
        *priority_inversions = thread_ptr->tx_thread_performance_priority_inversion_count;
    }
    if (time_slices != TX_NULL) {
        *time_slices = thread_ptr->tx_thread_performance_time_slice_count;
    }
    if (relinquishes != TX_NULL) {
        *relinquishes = thread_ptr->tx_thread_performance_relinquish_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = thread_ptr->tx_thread_performance_timeout_count;
    }
    if (wait_aborts != TX_NULL) {
        *wait_aborts = thread_ptr->tx_thread_performance_wait_abort_count;
    }
    if (last_preempted_by != TX_NULL) {
        *last_preempted_by = thread_ptr->tx_thread_performance_last_preempting_thread;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_thread_performance_system_info_get(ULONG *resumptions, ULONG *suspensions,
                                            ULONG *solicited_preemptions,
                                            ULONG *interrupt_preemptions,
                                            ULONG *priority_inversions, ULONG *time_slices,
                                            ULONG *relinquishes, ULONG *timeouts,
                                            ULONG *wait_aborts, ULONG *non_idle_returns,
                                            ULONG *idle_returns)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_PERFORMANCE_SYSTEM_INFO_GET, 0u, 0u, 0u, 0u,
                    TX_TRACE_THREAD_EVENTS);
    if (resumptions != TX_NULL) {
        *resumptions = _tx_thread_performance_resume_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = _tx_thread_performance_suspend_count;
    }
    if (solicited_preemptions != TX_NULL) {
        *solicited_preemptions = _tx_thread_performance_solicited_preemption_count;
    }
    if (interrupt_preemptions != TX_NULL) {
        *interrupt_preemptions = _tx_thread_performance_interrupt_preemption_count;
    }
    if (priority_inversions != TX_NULL) {
        *priority_inversions = _tx_thread_performance_priority_inversion_count;
    }
    if (time_slices != TX_NULL) {
        *time_slices = _tx_thread_performance_time_slice_count;
    }
    if (relinquishes != TX_NULL) {
        *relinquishes = _tx_thread_performance_relinquish_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = _tx_thread_performance_timeout_count;
    }
    if (wait_aborts != TX_NULL) {
        *wait_aborts = _tx_thread_performance_wait_abort_count;
    }
    if (non_idle_returns != TX_NULL) {
        *non_idle_returns = _tx_thread_performance_non_idle_return_count;
    }
    if (idle_returns != TX_NULL) {
        *idle_returns = _tx_thread_performance_idle_return_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_thread_preemption_change(TX_THREAD *thread_ptr, UINT new_threshold, UINT *old_threshold)
{
    TX_INTERRUPT_SAVE_AREA
    UINT effective;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_PREEMPTION_CHANGE, TX_TRACE_PTR(thread_ptr), new_threshold,
                    thread_ptr->tx_thread_user_preempt_threshold, thread_ptr->tx_thread_state,
                    TX_TRACE_THREAD_EVENTS);
    /* Checked here, not only in _txe_: it depends on the thread's priority at the time of the
     * call, and ThreadX makes the check with TX_DISABLE_ERROR_CHECKING too. Nothing changes. */
    if (new_threshold > thread_ptr->tx_thread_user_priority) {
        TX_RESTORE
        return TX_THRESH_ERROR;
    }
    *old_threshold = thread_ptr->tx_thread_user_preempt_threshold;
    thread_ptr->tx_thread_user_preempt_threshold = new_threshold;
    effective = new_threshold;
    if (thread_ptr->tx_thread_priority < effective) {
        /* An inherited priority above the new threshold still bounds it. */
        effective = thread_ptr->tx_thread_priority;
    }
    thread_ptr->tx_thread_preempt_threshold = effective;
    if (thread_ptr->tx_thread_state == TX_READY) {
        _tx_thread_reschedule_internal();
    }
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_thread_priority_change(TX_THREAD *thread_ptr, UINT new_priority, UINT *old_priority)
{
    TX_INTERRUPT_SAVE_AREA
    UINT effective = new_priority;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_PRIORITY_CHANGE, TX_TRACE_PTR(thread_ptr), new_priority,
                    thread_ptr->tx_thread_user_priority, thread_ptr->tx_thread_state,
                    TX_TRACE_THREAD_EVENTS);
    *old_priority = thread_ptr->tx_thread_user_priority;
    thread_ptr->tx_thread_user_priority = new_priority;
    /* As in ThreadX, the threshold follows the priority; tx_thread_preemption_change after. */
    thread_ptr->tx_thread_user_preempt_threshold = new_priority;
    if (thread_ptr->tx_thread_inherit_priority < effective) {
        effective = thread_ptr->tx_thread_inherit_priority;
    }
    _tx_thread_priority_set_internal(thread_ptr, effective);
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

VOID _tx_thread_relinquish(VOID)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;

    if (!TX_IN_THREAD()) {
        return;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_RELINQUISH, TX_TRACE_STACK_PTR,
                    TX_TRACE_PTR(_tx_thread_execute_ptr), 0u, 0u, TX_TRACE_THREAD_EVENTS);
    thread_ptr = _tx_thread_current_ptr;
    thread_ptr->tx_thread_performance_relinquish_count++;
    _tx_thread_performance_relinquish_count++;
    _tx_thread_yield_internal(thread_ptr);
    TX_RESTORE
}

UINT _tx_thread_reset(TX_THREAD *thread_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_RESET, TX_TRACE_PTR(thread_ptr), thread_ptr->tx_thread_state,
                    0u, 0u, TX_TRACE_THREAD_EVENTS);
    if (thread_ptr == _tx_thread_current_ptr) {
        TX_RESTORE
        return TX_NOT_DONE;
    }
    if ((thread_ptr->tx_thread_state != TX_COMPLETED) &&
        (thread_ptr->tx_thread_state != TX_TERMINATED)) {
        TX_RESTORE
        return TX_NOT_DONE;
    }
#if TX_THREAD_SMP_MAX_CORES > 1
    /* SMP: the thread may still be on another core's CPU, switching out (it stopped being ready
     * a moment ago); its control block and stack are reused only once it is off. */
    while ((thread_ptr->tx_thread_smp_core_executing < TX_THREAD_SMP_MAX_CORES) &&
           (thread_ptr->tx_thread_smp_core_executing != TX_ARCH_CORE_ID())) {
        TX_RESTORE
        TX_DISABLE
    }
#endif
    if ((thread_ptr->tx_thread_owned_mutex_count != 0u) && (_tx_thread_mutex_release != TX_NULL)) {
        _tx_thread_preempt_disable++;
        TX_RESTORE
        _tx_thread_mutex_release(thread_ptr);
        TX_DISABLE
        _tx_thread_preempt_disable--;
    }
    _tx_timer_internal_deactivate(&thread_ptr->tx_thread_timer);
    thread_ptr->tx_thread_priority = thread_ptr->tx_thread_user_priority;
    thread_ptr->tx_thread_preempt_threshold = thread_ptr->tx_thread_user_preempt_threshold;
    thread_ptr->tx_thread_inherit_priority = TX_MAX_PRIORITIES;
    thread_ptr->tx_thread_time_slice = thread_ptr->tx_thread_new_time_slice;
    thread_ptr->tx_thread_delayed_suspend = TX_FALSE;
    thread_ptr->tx_thread_suspending = TX_FALSE;
    thread_ptr->tx_thread_suspend_cleanup = TX_NULL;
    thread_ptr->tx_thread_suspend_control_block = TX_NULL;
    _tx_thread_stack_prepare(thread_ptr);
    thread_ptr->tx_thread_state = TX_SUSPENDED;
    TX_RESTORE
    _tx_thread_preempt_check(); /* a released mutex may have readied a waiter */
    return TX_SUCCESS;
}

UINT _tx_thread_resume(TX_THREAD *thread_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    UINT status = TX_SUCCESS;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_RESUME_API, TX_TRACE_PTR(thread_ptr),
                    thread_ptr->tx_thread_state, TX_TRACE_STACK_PTR, 0u, TX_TRACE_THREAD_EVENTS);
    if (thread_ptr->tx_thread_state == TX_SUSPENDED) {
        _tx_thread_system_ready(thread_ptr);
    } else if (thread_ptr->tx_thread_delayed_suspend != TX_FALSE) {
        /* Suspended while waiting: the pending suspension is lifted, the wait goes on. */
        thread_ptr->tx_thread_delayed_suspend = TX_FALSE;
        status = TX_SUSPEND_LIFTED;
    } else {
        status = TX_RESUME_ERROR;
    }
    TX_RESTORE
    _tx_thread_preempt_check();
    return status;
}

UINT _tx_thread_sleep(ULONG timer_ticks)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    UINT status;

    /* No _txe_ form (as in ThreadX): the context check is part of the service. */
    if ((!TX_IN_THREAD()) || (_tx_thread_preempt_disable != 0u)) {
        return TX_CALLER_ERROR;
    }
    if (timer_ticks == 0u) {
        return TX_SUCCESS;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_SLEEP, timer_ticks, _tx_thread_current_ptr->tx_thread_state,
                    TX_TRACE_STACK_PTR, 0u, TX_TRACE_THREAD_EVENTS);
    thread_ptr = _tx_thread_current_ptr;
    thread_ptr->tx_thread_suspend_cleanup = TX_NULL;
    thread_ptr->tx_thread_suspend_status = TX_SUCCESS;
    thread_ptr->tx_thread_suspend_timeout_status = TX_SUCCESS;
    status = _tx_thread_block_current(TX_SLEEP, timer_ticks);
    TX_RESTORE
    return status;
}

UINT _tx_thread_stack_error_notify(VOID (*stack_error_handler)(TX_THREAD *thread_ptr))
{
#ifdef TX_ENABLE_STACK_CHECKING
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_STACK_ERROR_NOTIFY, 0u, 0u, 0u, 0u, TX_TRACE_THREAD_EVENTS);
    _tx_thread_application_stack_error_handler = stack_error_handler;
    TX_RESTORE
    return TX_SUCCESS;
#else
    (VOID) stack_error_handler;
    return TX_FEATURE_NOT_ENABLED;
#endif
}

UINT _tx_thread_suspend(TX_THREAD *thread_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    UINT status = TX_SUCCESS;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_SUSPEND_API, TX_TRACE_PTR(thread_ptr),
                    thread_ptr->tx_thread_state, TX_TRACE_STACK_PTR, 0u, TX_TRACE_THREAD_EVENTS);
    switch (thread_ptr->tx_thread_state) {
    case TX_READY:
        _tx_thread_system_unready(thread_ptr, TX_SUSPENDED);
        break;
    case TX_SUSPENDED:
        break;
    case TX_COMPLETED:
    case TX_TERMINATED:
        status = TX_SUSPEND_ERROR;
        break;
    default:
        /* Waiting (sleep or an object): suspend when the wait ends. */
        thread_ptr->tx_thread_delayed_suspend = TX_TRUE;
        break;
    }
    TX_RESTORE
    _tx_thread_preempt_check();
    return status;
}

UINT _tx_thread_terminate(TX_THREAD *thread_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    VOID (*notify)(TX_THREAD *, UINT);
    UINT state;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_TERMINATE, TX_TRACE_PTR(thread_ptr),
                    thread_ptr->tx_thread_state, TX_TRACE_STACK_PTR, 0u, TX_TRACE_THREAD_EVENTS);
    state = thread_ptr->tx_thread_state;
    if ((state == TX_COMPLETED) || (state == TX_TERMINATED)) {
        TX_RESTORE
        return TX_SUCCESS;
    }
    if (state == TX_READY) {
        _tx_thread_system_unready(thread_ptr, TX_TERMINATED);
    } else {
        if (state != TX_SUSPENDED) {
            _tx_thread_wait_cancel(thread_ptr, TX_WAIT_ABORTED);
        }
        thread_ptr->tx_thread_state = TX_TERMINATED;
    }
    _tx_timer_internal_deactivate(&thread_ptr->tx_thread_timer);
    thread_ptr->tx_thread_delayed_suspend = TX_FALSE;
    thread_ptr->tx_thread_suspending = TX_FALSE;
    /* No switch until the thread's notify and mutexes are dealt with (it may be the caller). */
    _tx_thread_preempt_disable++;
    notify = thread_ptr->tx_thread_entry_exit_notify;
    TX_RESTORE

    if (notify != TX_NULL) {
        notify(thread_ptr, TX_THREAD_EXIT);
    }
    if ((thread_ptr->tx_thread_owned_mutex_count != 0u) && (_tx_thread_mutex_release != TX_NULL)) {
        _tx_thread_mutex_release(thread_ptr);
    }

    TX_DISABLE
    _tx_thread_preempt_disable--;
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_thread_time_slice_change(TX_THREAD *thread_ptr, ULONG new_time_slice,
                                  ULONG *old_time_slice)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_TIME_SLICE_CHANGE, TX_TRACE_PTR(thread_ptr), new_time_slice,
                    thread_ptr->tx_thread_new_time_slice, 0u, TX_TRACE_THREAD_EVENTS);
    *old_time_slice = thread_ptr->tx_thread_new_time_slice;
    thread_ptr->tx_thread_new_time_slice = new_time_slice;
    thread_ptr->tx_thread_time_slice = new_time_slice;
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_thread_wait_abort(TX_THREAD *thread_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    UINT state;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_THREAD_WAIT_ABORT, TX_TRACE_PTR(thread_ptr),
                    thread_ptr->tx_thread_state, TX_TRACE_STACK_PTR, 0u, TX_TRACE_THREAD_EVENTS);
    state = thread_ptr->tx_thread_state;
    if ((state == TX_READY) || (state == TX_COMPLETED) || (state == TX_TERMINATED) ||
        (state == TX_SUSPENDED)) {
        TX_RESTORE
        return TX_WAIT_ABORT_ERROR;
    }
    thread_ptr->tx_thread_performance_wait_abort_count++;
    _tx_thread_performance_wait_abort_count++;
    _tx_thread_wait_cancel(thread_ptr, TX_WAIT_ABORTED);
    _tx_thread_wait_complete(thread_ptr, TX_WAIT_ABORTED);
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}
