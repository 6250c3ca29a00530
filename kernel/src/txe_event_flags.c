/*
 * txe_event_flags.c - argument and caller checks of the event flags services.
 */
#include "tx_internal.h"

static UINT group_valid(TX_EVENT_FLAGS_GROUP *group_ptr)
{
    return (group_ptr != TX_NULL) && (group_ptr->tx_event_flags_group_id == TX_EVENT_FLAGS_ID);
}

static UINT group_already_created(TX_EVENT_FLAGS_GROUP *group_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_EVENT_FLAGS_GROUP *walk;
    ULONG left;
    UINT found = TX_FALSE;

    TX_DISABLE
    walk = _tx_event_flags_created_ptr;
    for (left = _tx_event_flags_created_count; left != 0U; left--) {
        if (walk == group_ptr) {
            found = TX_TRUE;
            break;
        }
        walk = walk->tx_event_flags_group_created_next;
    }
    TX_RESTORE
    return found;
}

UINT _txe_event_flags_create(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR *name_ptr,
                             UINT event_control_block_size)
{
    if ((group_ptr == TX_NULL) || (event_control_block_size != sizeof(TX_EVENT_FLAGS_GROUP))) {
        return TX_GROUP_ERROR;
    }
    if (group_already_created(group_ptr) != 0U) {
        return TX_GROUP_ERROR;
    }
    if (!_tx_caller_threads_and_init()) {
        return TX_CALLER_ERROR;
    }
    return _tx_event_flags_create(group_ptr, name_ptr);
}

UINT _txe_event_flags_delete(TX_EVENT_FLAGS_GROUP *group_ptr)
{
    if (!group_valid(group_ptr)) {
        return TX_GROUP_ERROR;
    }
    if (!_tx_caller_threads()) {
        return TX_CALLER_ERROR;
    }
    return _tx_event_flags_delete(group_ptr);
}

UINT _txe_event_flags_get(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG requested_flags, UINT get_option,
                          ULONG *actual_flags_ptr, ULONG wait_option)
{
    if (!group_valid(group_ptr)) {
        return TX_GROUP_ERROR;
    }
    if (actual_flags_ptr == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if ((wait_option != TX_NO_WAIT) && !_tx_caller_may_wait()) {
        return TX_WAIT_ERROR;
    }
    if ((get_option != TX_AND) && (get_option != TX_AND_CLEAR) && (get_option != TX_OR) &&
        (get_option != TX_OR_CLEAR)) {
        return TX_OPTION_ERROR;
    }
    return _tx_event_flags_get(group_ptr, requested_flags, get_option, actual_flags_ptr,
                               wait_option);
}

UINT _txe_event_flags_info_get(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR **name, ULONG *current_flags,
                               TX_THREAD **first_suspended, ULONG *suspended_count,
                               TX_EVENT_FLAGS_GROUP **next_group)
{
    if (!group_valid(group_ptr)) {
        return TX_GROUP_ERROR;
    }
    return _tx_event_flags_info_get(group_ptr, name, current_flags, first_suspended,
                                    suspended_count, next_group);
}

UINT _txe_event_flags_set(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG flags_to_set, UINT set_option)
{
    if (!group_valid(group_ptr)) {
        return TX_GROUP_ERROR;
    }
    if ((set_option != TX_AND) && (set_option != TX_OR)) {
        return TX_OPTION_ERROR;
    }
    return _tx_event_flags_set(group_ptr, flags_to_set, set_option);
}

UINT _txe_event_flags_set_notify(TX_EVENT_FLAGS_GROUP *group_ptr,
                                 VOID (*events_set_notify)(TX_EVENT_FLAGS_GROUP *notify_group_ptr))
{
    /* Allowed from every context (ThreadX): no caller check. */
    if (!group_valid(group_ptr)) {
        return TX_GROUP_ERROR;
    }
    return _tx_event_flags_set_notify(group_ptr, events_set_notify);
}
