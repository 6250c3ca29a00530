/*
 * txe_mutex.c - argument and caller checks of the mutex services. Get and put are allowed from
 * initialization, threads and timers (ThreadX), never from ISRs: an ISR has no owner identity.
 */
#include "tx_internal.h"

static UINT mutex_valid(TX_MUTEX *mutex_ptr)
{
    return (mutex_ptr != TX_NULL) && (mutex_ptr->tx_mutex_id == TX_MUTEX_ID);
}

static UINT mutex_already_created(TX_MUTEX *mutex_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_MUTEX *walk;
    ULONG left;
    UINT found = TX_FALSE;

    TX_DISABLE
    walk = _tx_mutex_created_ptr;
    for (left = _tx_mutex_created_count; left != 0U; left--) {
        if (walk == mutex_ptr) {
            found = TX_TRUE;
            break;
        }
        walk = walk->tx_mutex_created_next;
    }
    TX_RESTORE
    return found;
}

UINT _txe_mutex_create(TX_MUTEX *mutex_ptr, CHAR *name_ptr, UINT inherit,
                       UINT mutex_control_block_size)
{
    if ((mutex_ptr == TX_NULL) || (mutex_control_block_size != sizeof(TX_MUTEX))) {
        return TX_MUTEX_ERROR;
    }
    if (mutex_already_created(mutex_ptr) != 0U) {
        return TX_MUTEX_ERROR;
    }
    if ((inherit != TX_INHERIT) && (inherit != TX_NO_INHERIT)) {
        return TX_INHERIT_ERROR;
    }
    if (!_tx_caller_threads_and_init()) {
        return TX_CALLER_ERROR;
    }
    return _tx_mutex_create(mutex_ptr, name_ptr, inherit);
}

UINT _txe_mutex_delete(TX_MUTEX *mutex_ptr)
{
    if (!mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    if (!_tx_caller_threads()) {
        return TX_CALLER_ERROR;
    }
    return _tx_mutex_delete(mutex_ptr);
}

UINT _txe_mutex_get(TX_MUTEX *mutex_ptr, ULONG wait_option)
{
    if (!mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    if ((wait_option != TX_NO_WAIT) && !_tx_caller_may_wait()) {
        return TX_WAIT_ERROR;
    }
    if (!_tx_caller_not_isr()) {
        return TX_CALLER_ERROR;
    }
    return _tx_mutex_get(mutex_ptr, wait_option);
}

UINT _txe_mutex_info_get(TX_MUTEX *mutex_ptr, CHAR **name, ULONG *count, TX_THREAD **owner,
                         TX_THREAD **first_suspended, ULONG *suspended_count, TX_MUTEX **next_mutex)
{
    if (!mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    return _tx_mutex_info_get(mutex_ptr, name, count, owner, first_suspended, suspended_count,
                              next_mutex);
}

UINT _txe_mutex_prioritize(TX_MUTEX *mutex_ptr)
{
    if (!mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    return _tx_mutex_prioritize(mutex_ptr);
}

UINT _txe_mutex_put(TX_MUTEX *mutex_ptr)
{
    if (!mutex_valid(mutex_ptr)) {
        return TX_MUTEX_ERROR;
    }
    if (!_tx_caller_not_isr()) {
        return TX_CALLER_ERROR;
    }
    return _tx_mutex_put(mutex_ptr);
}
