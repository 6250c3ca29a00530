/*
 * tx_semaphore.c - counting semaphores (the work; checks are in txe_semaphore.c).
 */
#include "tx_trace.h"

/* A waiter leaves without the semaphore (timeout, abort, terminate): unlink it. */
static VOID _tx_semaphore_cleanup(TX_THREAD *thread_ptr, ULONG suspension_sequence)
{
    TX_SEMAPHORE *semaphore_ptr = (TX_SEMAPHORE *)thread_ptr->tx_thread_suspend_control_block;

    (VOID) suspension_sequence;
    if ((semaphore_ptr == TX_NULL) || (semaphore_ptr->tx_semaphore_id != TX_SEMAPHORE_ID)) {
        return;
    }
    _tx_thread_suspension_list_remove(&semaphore_ptr->tx_semaphore_suspension_list,
                                      &semaphore_ptr->tx_semaphore_suspended_count, thread_ptr);
    if (thread_ptr->tx_thread_suspend_status == TX_NO_INSTANCE) {
        semaphore_ptr->tx_semaphore_performance_timeout_count++;
        _tx_semaphore_performance_timeout_count++;
    }
}

UINT _tx_semaphore_create(TX_SEMAPHORE *semaphore_ptr, CHAR *name_ptr, ULONG initial_count)
{
    TX_INTERRUPT_SAVE_AREA

    _tx_memory_set(semaphore_ptr, 0, sizeof(TX_SEMAPHORE));
    semaphore_ptr->tx_semaphore_name = name_ptr;
    semaphore_ptr->tx_semaphore_count = initial_count;

    TX_DISABLE
    TX_TRACE_REGISTER(TX_TRACE_OBJECT_TYPE_SEMAPHORE, semaphore_ptr, name_ptr, initial_count, 0u);
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_CREATE, TX_TRACE_PTR(semaphore_ptr), initial_count,
                    TX_TRACE_STACK_PTR, 0u, TX_TRACE_SEMAPHORE_EVENTS);
    semaphore_ptr->tx_semaphore_id = TX_SEMAPHORE_ID;
    TX_CREATED_LIST_INSERT(_tx_semaphore_created_ptr, _tx_semaphore_created_count, semaphore_ptr,
                           tx_semaphore_created_next, tx_semaphore_created_previous);
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_semaphore_delete(TX_SEMAPHORE *semaphore_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_DELETE, TX_TRACE_PTR(semaphore_ptr), TX_TRACE_STACK_PTR, 0u,
                    0u, TX_TRACE_SEMAPHORE_EVENTS);
    TX_TRACE_UNREGISTER(semaphore_ptr);
    semaphore_ptr->tx_semaphore_id = TX_CLEAR_ID;
    TX_CREATED_LIST_REMOVE(_tx_semaphore_created_ptr, _tx_semaphore_created_count, semaphore_ptr,
                           tx_semaphore_created_next, tx_semaphore_created_previous);
    _tx_thread_suspension_list_release_all(&semaphore_ptr->tx_semaphore_suspension_list,
                                           &semaphore_ptr->tx_semaphore_suspended_count,
                                           TX_DELETED);
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_semaphore_get(TX_SEMAPHORE *semaphore_ptr, ULONG wait_option)
{
    TX_INTERRUPT_SAVE_AREA
    UINT status;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_GET, TX_TRACE_PTR(semaphore_ptr), wait_option,
                    semaphore_ptr->tx_semaphore_count, TX_TRACE_STACK_PTR,
                    TX_TRACE_SEMAPHORE_EVENTS);
    semaphore_ptr->tx_semaphore_performance_get_count++;
    _tx_semaphore_performance_get_count++;
    if (semaphore_ptr->tx_semaphore_count != 0u) {
        semaphore_ptr->tx_semaphore_count--;
        TX_RESTORE
        return TX_SUCCESS;
    }
    if (wait_option == TX_NO_WAIT) {
        TX_RESTORE
        return TX_NO_INSTANCE;
    }
    semaphore_ptr->tx_semaphore_performance_suspension_count++;
    _tx_semaphore_performance_suspension_count++;
    status = _tx_thread_suspend_on(
        &semaphore_ptr->tx_semaphore_suspension_list, &semaphore_ptr->tx_semaphore_suspended_count,
        semaphore_ptr, TX_SEMAPHORE_SUSP, _tx_semaphore_cleanup, wait_option, TX_NO_INSTANCE);
    TX_RESTORE
    return status;
}

/* Interrupts disabled: give one instance, to the first waiter if there is one. */
static VOID _tx_semaphore_give(TX_SEMAPHORE *semaphore_ptr)
{
    TX_THREAD *thread_ptr = semaphore_ptr->tx_semaphore_suspension_list;

    semaphore_ptr->tx_semaphore_performance_put_count++;
    _tx_semaphore_performance_put_count++;
    if (thread_ptr != TX_NULL) {
        _tx_thread_suspension_list_remove(&semaphore_ptr->tx_semaphore_suspension_list,
                                          &semaphore_ptr->tx_semaphore_suspended_count, thread_ptr);
        _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
    } else {
        semaphore_ptr->tx_semaphore_count++;
    }
}

UINT _tx_semaphore_put(TX_SEMAPHORE *semaphore_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    VOID (*notify)(TX_SEMAPHORE *);

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_PUT, TX_TRACE_PTR(semaphore_ptr),
                    semaphore_ptr->tx_semaphore_count, semaphore_ptr->tx_semaphore_suspended_count,
                    TX_TRACE_STACK_PTR, TX_TRACE_SEMAPHORE_EVENTS);
    _tx_semaphore_give(semaphore_ptr);
    notify = semaphore_ptr->tx_semaphore_put_notify;
    if (notify == TX_NULL) {
        /* Nothing to call before a thread the put readied may run: switch from inside. */
        _tx_thread_preempt_check_disabled();
        TX_RESTORE
        return TX_SUCCESS;
    }
    TX_RESTORE
    notify(semaphore_ptr);
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_semaphore_ceiling_put(TX_SEMAPHORE *semaphore_ptr, ULONG ceiling)
{
    TX_INTERRUPT_SAVE_AREA
    VOID (*notify)(TX_SEMAPHORE *);

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_CEILING_PUT, TX_TRACE_PTR(semaphore_ptr),
                    semaphore_ptr->tx_semaphore_count, semaphore_ptr->tx_semaphore_suspended_count,
                    ceiling, TX_TRACE_SEMAPHORE_EVENTS);
    if ((semaphore_ptr->tx_semaphore_suspension_list == TX_NULL) &&
        (semaphore_ptr->tx_semaphore_count >= ceiling)) {
        TX_RESTORE
        return TX_CEILING_EXCEEDED;
    }
    _tx_semaphore_give(semaphore_ptr);
    notify = semaphore_ptr->tx_semaphore_put_notify;
    TX_RESTORE
    if (notify != TX_NULL) {
        notify(semaphore_ptr);
    }
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_semaphore_prioritize(TX_SEMAPHORE *semaphore_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_PRIORITIZE, TX_TRACE_PTR(semaphore_ptr),
                    semaphore_ptr->tx_semaphore_suspended_count, TX_TRACE_STACK_PTR, 0u,
                    TX_TRACE_SEMAPHORE_EVENTS);
    _tx_thread_suspension_list_prioritize(&semaphore_ptr->tx_semaphore_suspension_list);
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_semaphore_put_notify(TX_SEMAPHORE *semaphore_ptr,
                              VOID (*semaphore_put_notify)(TX_SEMAPHORE *notify_semaphore_ptr))
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_PUT_NOTIFY, TX_TRACE_PTR(semaphore_ptr), 0u, 0u, 0u,
                    TX_TRACE_SEMAPHORE_EVENTS);
    semaphore_ptr->tx_semaphore_put_notify = semaphore_put_notify;
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_semaphore_info_get(TX_SEMAPHORE *semaphore_ptr, CHAR **name, ULONG *current_value,
                            TX_THREAD **first_suspended, ULONG *suspended_count,
                            TX_SEMAPHORE **next_semaphore)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_INFO_GET, TX_TRACE_PTR(semaphore_ptr), 0u, 0u, 0u,
                    TX_TRACE_SEMAPHORE_EVENTS);
    if (name != TX_NULL) {
        *name = semaphore_ptr->tx_semaphore_name;
    }
    if (current_value != TX_NULL) {
        *current_value = semaphore_ptr->tx_semaphore_count;
    }
    if (first_suspended != TX_NULL) {
        *first_suspended = semaphore_ptr->tx_semaphore_suspension_list;
    }
    if (suspended_count != TX_NULL) {
        *suspended_count = semaphore_ptr->tx_semaphore_suspended_count;
    }
    if (next_semaphore != TX_NULL) {
        *next_semaphore = semaphore_ptr->tx_semaphore_created_next;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_semaphore_performance_info_get(TX_SEMAPHORE *semaphore_ptr, ULONG *puts, ULONG *gets,
                                        ULONG *suspensions, ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    if ((semaphore_ptr == TX_NULL) || (semaphore_ptr->tx_semaphore_id != TX_SEMAPHORE_ID)) {
        return TX_PTR_ERROR;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE_PERFORMANCE_INFO_GET, TX_TRACE_PTR(semaphore_ptr), 0u, 0u,
                    0u, TX_TRACE_SEMAPHORE_EVENTS);
    if (puts != TX_NULL) {
        *puts = semaphore_ptr->tx_semaphore_performance_put_count;
    }
    if (gets != TX_NULL) {
        *gets = semaphore_ptr->tx_semaphore_performance_get_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = semaphore_ptr->tx_semaphore_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = semaphore_ptr->tx_semaphore_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_semaphore_performance_system_info_get(ULONG *puts, ULONG *gets, ULONG *suspensions,
                                               ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_SEMAPHORE__PERFORMANCE_SYSTEM_INFO_GET, 0u, 0u, 0u, 0u,
                    TX_TRACE_SEMAPHORE_EVENTS);
    if (puts != TX_NULL) {
        *puts = _tx_semaphore_performance_put_count;
    }
    if (gets != TX_NULL) {
        *gets = _tx_semaphore_performance_get_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = _tx_semaphore_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = _tx_semaphore_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}
