/*
 * txe_thread.c - argument and caller checks of the thread services, then the service.
 */
#include "tx_internal.h"

#define TX_THREAD_VALID(t) (((t) != TX_NULL) && ((t)->tx_thread_id == TX_THREAD_ID))

/* Already on the created list, or a stack overlapping another thread's. */
static UINT _txe_thread_conflict(const TX_THREAD *thread_ptr, const UCHAR *stack_start,
                                 ULONG stack_size)
{
    TX_INTERRUPT_SAVE_AREA
    const UCHAR *stack_end = stack_start + stack_size - 1u;
    TX_THREAD *walk;
    ULONG i;
    UINT status = TX_SUCCESS;

    TX_DISABLE
    walk = _tx_thread_created_ptr;
    for (i = 0; (i < _tx_thread_created_count) && (status == TX_SUCCESS); i++) {
        if (walk == thread_ptr) {
            status = TX_THREAD_ERROR;
        } else if ((stack_start <= (const UCHAR *)walk->tx_thread_stack_end) &&
                   (stack_end >= (const UCHAR *)walk->tx_thread_stack_start)) {
            status = TX_PTR_ERROR;
        } else {
            walk = walk->tx_thread_created_next;
        }
    }
    TX_RESTORE
    return status;
}

UINT _txe_thread_create(TX_THREAD *thread_ptr, CHAR *name_ptr,
                        VOID (*entry_function)(ULONG entry_input), ULONG entry_input,
                        VOID *stack_start, ULONG stack_size, UINT priority, UINT preempt_threshold,
                        ULONG time_slice, UINT auto_start, UINT thread_control_block_size)
{
    UINT status;

    if ((thread_ptr == TX_NULL) || (thread_control_block_size != sizeof(TX_THREAD))) {
        return TX_THREAD_ERROR;
    }
    if ((entry_function == TX_NULL) || (stack_start == TX_NULL)) {
        return TX_PTR_ERROR;
    }
    if (stack_size < TX_MINIMUM_STACK) {
        return TX_SIZE_ERROR;
    }
    if (((ALIGN_TYPE)stack_start + stack_size - 1u) < (ALIGN_TYPE)stack_start) {
        return TX_PTR_ERROR; /* wraps around the address space */
    }
    status = _txe_thread_conflict(thread_ptr, (const UCHAR *)stack_start, stack_size);
    if (status != TX_SUCCESS) {
        return status;
    }
    if (priority >= TX_MAX_PRIORITIES) {
        return TX_PRIORITY_ERROR;
    }
    if (preempt_threshold > priority) {
        return TX_THRESH_ERROR;
    }
    if (auto_start > TX_AUTO_START) {
        return TX_START_ERROR;
    }
    if (_tx_caller_threads_and_init() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_thread_create(thread_ptr, name_ptr, entry_function, entry_input, stack_start,
                             stack_size, priority, preempt_threshold, time_slice, auto_start);
}

UINT _txe_thread_delete(TX_THREAD *thread_ptr)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    /* ThreadX: allowed from threads and timers. */
    if (_tx_caller_threads_and_timers() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_thread_delete(thread_ptr);
}

UINT _txe_thread_entry_exit_notify(TX_THREAD *thread_ptr,
                                   VOID (*thread_entry_exit_notify)(TX_THREAD *notify_thread_ptr,
                                                                    UINT type))
{
    /* Allowed from every context (ThreadX): no caller check. */
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    return _tx_thread_entry_exit_notify(thread_ptr, thread_entry_exit_notify);
}

UINT _txe_thread_info_get(TX_THREAD *thread_ptr, CHAR **name, UINT *state, ULONG *run_count,
                          UINT *priority, UINT *preemption_threshold, ULONG *time_slice,
                          TX_THREAD **next_thread, TX_THREAD **next_suspended_thread)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    return _tx_thread_info_get(thread_ptr, name, state, run_count, priority, preemption_threshold,
                               time_slice, next_thread, next_suspended_thread);
}

UINT _txe_thread_preemption_change(TX_THREAD *thread_ptr, UINT new_threshold, UINT *old_threshold)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    if (old_threshold == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if (new_threshold > thread_ptr->tx_thread_user_priority) {
        return TX_THRESH_ERROR;
    }
    if (_tx_caller_threads_and_timers() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_thread_preemption_change(thread_ptr, new_threshold, old_threshold);
}

UINT _txe_thread_priority_change(TX_THREAD *thread_ptr, UINT new_priority, UINT *old_priority)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    if (old_priority == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if (new_priority >= TX_MAX_PRIORITIES) {
        return TX_PRIORITY_ERROR;
    }
    if (_tx_caller_threads_and_timers() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_thread_priority_change(thread_ptr, new_priority, old_priority);
}

VOID _txe_thread_relinquish(VOID)
{
    /* Only a thread can give the CPU away; anywhere else this is a no-op, which the service
     * itself ensures (it checks the caller before anything else): nothing to check twice. */
    _tx_thread_relinquish();
}

UINT _txe_thread_reset(TX_THREAD *thread_ptr)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    if (_tx_caller_threads() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_thread_reset(thread_ptr);
}

UINT _txe_thread_resume(TX_THREAD *thread_ptr)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    return _tx_thread_resume(thread_ptr);
}

/* A thread suspending itself must be able to switch away. Out of line: the checks of the
 * caller's context would put a stack frame on every suspend of another thread. */
static TX_NOINLINE UINT txe_thread_suspend_self(TX_THREAD *thread_ptr)
{
    if (TX_IN_THREAD() && (_tx_thread_preempt_disable != 0u)) {
        return TX_SUSPEND_ERROR;
    }
    return _tx_thread_suspend(thread_ptr);
}

UINT _txe_thread_suspend(TX_THREAD *thread_ptr)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    if (thread_ptr == _tx_thread_current_ptr) {
        return txe_thread_suspend_self(thread_ptr);
    }
    return _tx_thread_suspend(thread_ptr);
}

UINT _txe_thread_terminate(TX_THREAD *thread_ptr)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    if (_tx_caller_threads_and_timers() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_thread_terminate(thread_ptr);
}

UINT _txe_thread_time_slice_change(TX_THREAD *thread_ptr, ULONG new_time_slice,
                                   ULONG *old_time_slice)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    if (old_time_slice == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if (_tx_caller_threads_and_timers() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_thread_time_slice_change(thread_ptr, new_time_slice, old_time_slice);
}

UINT _txe_thread_wait_abort(TX_THREAD *thread_ptr)
{
    if (!TX_THREAD_VALID(thread_ptr)) {
        return TX_THREAD_ERROR;
    }
    return _tx_thread_wait_abort(thread_ptr);
}
