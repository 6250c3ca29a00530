/*
 * tx_event_flags.c - event flag groups: 32 flags, threads wait for all (AND) or any (OR) of a set,
 * optionally clearing the flags that satisfied them.
 *
 * A set evaluates every waiter against the flags as they stand right after the set, so one set
 * can release several waiters even when they clear what they consume; the clears requested by
 * the released waiters are applied together at the end (ThreadX does the same).
 */
#include "tx_trace.h"

#define EVENT_FLAGS_AND_MASK   ((UINT)2) /* TX_AND / TX_AND_CLEAR */
#define EVENT_FLAGS_CLEAR_MASK ((UINT)1) /* TX_OR_CLEAR / TX_AND_CLEAR */

static UINT event_flags_satisfied(ULONG current, ULONG requested, UINT get_option)
{
    UINT satisfied = TX_FALSE;

    if ((get_option & EVENT_FLAGS_AND_MASK) != 0U) {
        if ((current & requested) == requested) {
            satisfied = TX_TRUE;
        }
    } else {
        if ((current & requested) != 0U) {
            satisfied = TX_TRUE;
        }
    }
    return satisfied;
}

static VOID event_flags_cleanup(TX_THREAD *thread_ptr, ULONG suspension_sequence)
{
    TX_EVENT_FLAGS_GROUP *group_ptr =
        (TX_EVENT_FLAGS_GROUP *)thread_ptr->tx_thread_suspend_control_block;

    (VOID) suspension_sequence;
    if ((group_ptr == TX_NULL) || (group_ptr->tx_event_flags_group_id != TX_EVENT_FLAGS_ID)) {
        return;
    }
    _tx_thread_suspension_list_remove(&group_ptr->tx_event_flags_group_suspension_list,
                                      &group_ptr->tx_event_flags_group_suspended_count, thread_ptr);
    if (thread_ptr->tx_thread_suspend_status == thread_ptr->tx_thread_suspend_timeout_status) {
        group_ptr->tx_event_flags_group____performance_timeout_count++;
        _tx_event_flags_performance_timeout_count++;
    }
}

UINT _tx_event_flags_create(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR *name_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    _tx_memory_set(group_ptr, 0, sizeof(TX_EVENT_FLAGS_GROUP));
    group_ptr->tx_event_flags_group_name = name_ptr;

    TX_DISABLE
    TX_TRACE_REGISTER(TX_TRACE_OBJECT_TYPE_EVENT_FLAGS, group_ptr, name_ptr, 0u, 0u);
    TX_TRACE_INSERT(TX_TRACE_EVENT_FLAGS_CREATE, TX_TRACE_PTR(group_ptr), TX_TRACE_STACK_PTR, 0u,
                    0u, TX_TRACE_EVENT_FLAGS_EVENTS);
    group_ptr->tx_event_flags_group_id = TX_EVENT_FLAGS_ID;
    TX_CREATED_LIST_INSERT(_tx_event_flags_created_ptr, _tx_event_flags_created_count, group_ptr,
                           tx_event_flags_group_created_next,
                           tx_event_flags_group_created_previous);
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_event_flags_delete(TX_EVENT_FLAGS_GROUP *group_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_EVENT_FLAGS_DELETE, TX_TRACE_PTR(group_ptr), TX_TRACE_STACK_PTR, 0u,
                    0u, TX_TRACE_EVENT_FLAGS_EVENTS);
    TX_TRACE_UNREGISTER(group_ptr);
    group_ptr->tx_event_flags_group_id = TX_CLEAR_ID;
    TX_CREATED_LIST_REMOVE(_tx_event_flags_created_ptr, _tx_event_flags_created_count, group_ptr,
                           tx_event_flags_group_created_next,
                           tx_event_flags_group_created_previous);
    _tx_thread_suspension_list_release_all(&group_ptr->tx_event_flags_group_suspension_list,
                                           &group_ptr->tx_event_flags_group_suspended_count,
                                           TX_DELETED);
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_event_flags_get(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG requested_flags, UINT get_option,
                         ULONG *actual_flags_ptr, ULONG wait_option)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    ULONG current;
    UINT status;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_EVENT_FLAGS_GET, TX_TRACE_PTR(group_ptr), requested_flags,
                    group_ptr->tx_event_flags_group_current, get_option,
                    TX_TRACE_EVENT_FLAGS_EVENTS);
    group_ptr->tx_event_flags_group__performance_get_count++;
    _tx_event_flags_performance_get_count++;

    current = group_ptr->tx_event_flags_group_current;
    if (event_flags_satisfied(current, requested_flags, get_option) != 0U) {
        *actual_flags_ptr = current;
        if ((get_option & EVENT_FLAGS_CLEAR_MASK) != 0U) {
            group_ptr->tx_event_flags_group_current = current & ~requested_flags;
        }
        TX_RESTORE
        return TX_SUCCESS;
    }
    if (wait_option == TX_NO_WAIT) {
        TX_RESTORE
        return TX_NO_EVENTS;
    }

    /* _tx_event_flags_set reads the request from here and writes the flags it saw to
     * *actual_flags_ptr before ending the wait. */
    thread_ptr = _tx_thread_current_ptr;
    if (thread_ptr != TX_NULL) {
        thread_ptr->tx_thread_suspend_info = requested_flags;
        thread_ptr->tx_thread_suspend_option = get_option;
        thread_ptr->tx_thread_additional_suspend_info = actual_flags_ptr;
        group_ptr->tx_event_flags_group___performance_suspension_count++;
        _tx_event_flags_performance_suspension_count++;
    }
    status = _tx_thread_suspend_on(&group_ptr->tx_event_flags_group_suspension_list,
                                   &group_ptr->tx_event_flags_group_suspended_count, group_ptr,
                                   TX_EVENT_FLAG, event_flags_cleanup, wait_option, TX_NO_EVENTS);
    TX_RESTORE
    return status;
}

UINT _tx_event_flags_info_get(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR **name, ULONG *current_flags,
                              TX_THREAD **first_suspended, ULONG *suspended_count,
                              TX_EVENT_FLAGS_GROUP **next_group)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_EVENT_FLAGS_INFO_GET, TX_TRACE_PTR(group_ptr), 0u, 0u, 0u,
                    TX_TRACE_EVENT_FLAGS_EVENTS);
    if (name != TX_NULL) {
        *name = group_ptr->tx_event_flags_group_name;
    }
    if (current_flags != TX_NULL) {
        *current_flags = group_ptr->tx_event_flags_group_current;
    }
    if (first_suspended != TX_NULL) {
        *first_suspended = group_ptr->tx_event_flags_group_suspension_list;
    }
    if (suspended_count != TX_NULL) {
        *suspended_count = group_ptr->tx_event_flags_group_suspended_count;
    }
    if (next_group != TX_NULL) {
        *next_group = group_ptr->tx_event_flags_group_created_next;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_event_flags_performance_info_get(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG *sets, ULONG *gets,
                                          ULONG *suspensions, ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    if ((group_ptr == TX_NULL) || (group_ptr->tx_event_flags_group_id != TX_EVENT_FLAGS_ID)) {
        return TX_PTR_ERROR;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_EVENT_FLAGS_PERFORMANCE_INFO_GET, TX_TRACE_PTR(group_ptr), 0u, 0u, 0u,
                    TX_TRACE_EVENT_FLAGS_EVENTS);
    if (sets != TX_NULL) {
        *sets = group_ptr->tx_event_flags_group_performance_set_count;
    }
    if (gets != TX_NULL) {
        *gets = group_ptr->tx_event_flags_group__performance_get_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = group_ptr->tx_event_flags_group___performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = group_ptr->tx_event_flags_group____performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_event_flags_performance_system_info_get(ULONG *sets, ULONG *gets, ULONG *suspensions,
                                                 ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_EVENT_FLAGS__PERFORMANCE_SYSTEM_INFO_GET, 0u, 0u, 0u, 0u,
                    TX_TRACE_EVENT_FLAGS_EVENTS);
    if (sets != TX_NULL) {
        *sets = _tx_event_flags_performance_set_count;
    }
    if (gets != TX_NULL) {
        *gets = _tx_event_flags_performance_get_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = _tx_event_flags_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = _tx_event_flags_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_event_flags_set(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG flags_to_set, UINT set_option)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    TX_THREAD *next_ptr;
    VOID (*notify)(TX_EVENT_FLAGS_GROUP * notify_group_ptr);
    ULONG current;
    ULONG to_clear = 0U;
    UINT left;
    UINT resumed = TX_FALSE;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_EVENT_FLAGS_SET, TX_TRACE_PTR(group_ptr), flags_to_set, set_option,
                    group_ptr->tx_event_flags_group_suspended_count, TX_TRACE_EVENT_FLAGS_EVENTS);
    group_ptr->tx_event_flags_group_performance_set_count++;
    _tx_event_flags_performance_set_count++;

    if (set_option == TX_AND) {
        /* AND only clears flags, which cannot satisfy anybody. */
        group_ptr->tx_event_flags_group_current &= flags_to_set;
        TX_RESTORE
        return TX_SUCCESS;
    }

    current = group_ptr->tx_event_flags_group_current | flags_to_set;
    group_ptr->tx_event_flags_group_current = current;

    thread_ptr = group_ptr->tx_event_flags_group_suspension_list;
    for (left = group_ptr->tx_event_flags_group_suspended_count; left != 0U; left--) {
        next_ptr = thread_ptr->tx_thread_suspended_next;
        if (event_flags_satisfied(current, thread_ptr->tx_thread_suspend_info,
                                  thread_ptr->tx_thread_suspend_option) != 0U) {
            if ((thread_ptr->tx_thread_suspend_option & EVENT_FLAGS_CLEAR_MASK) != 0U) {
                to_clear |= thread_ptr->tx_thread_suspend_info;
            }
            *(ULONG *)thread_ptr->tx_thread_additional_suspend_info = current;
            _tx_thread_suspension_list_remove(&group_ptr->tx_event_flags_group_suspension_list,
                                              &group_ptr->tx_event_flags_group_suspended_count,
                                              thread_ptr);
            _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
            resumed = TX_TRUE;
        }
        thread_ptr = next_ptr;
    }
    group_ptr->tx_event_flags_group_current &= ~to_clear;
    notify = group_ptr->tx_event_flags_group_set_notify;
    TX_RESTORE

    if (notify != TX_NULL) {
        notify(group_ptr);
    }
    if (resumed != 0U) {
        _tx_thread_preempt_check();
    }
    return TX_SUCCESS;
}

UINT _tx_event_flags_set_notify(TX_EVENT_FLAGS_GROUP *group_ptr,
                                VOID (*events_set_notify)(TX_EVENT_FLAGS_GROUP *notify_group_ptr))
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_EVENT_FLAGS_SET_NOTIFY, TX_TRACE_PTR(group_ptr), 0u, 0u, 0u,
                    TX_TRACE_EVENT_FLAGS_EVENTS);
    group_ptr->tx_event_flags_group_set_notify = events_set_notify;
    TX_RESTORE
    return TX_SUCCESS;
}
