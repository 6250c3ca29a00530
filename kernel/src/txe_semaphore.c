/*
 * txe_semaphore.c - argument and caller checks of the semaphore services.
 */
#include "tx_internal.h"

#define TX_SEMAPHORE_VALID(s) (((s) != TX_NULL) && ((s)->tx_semaphore_id == TX_SEMAPHORE_ID))

static UINT _txe_semaphore_created(const TX_SEMAPHORE *semaphore_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_SEMAPHORE *walk;
    ULONG i;
    UINT found = TX_FALSE;

    TX_DISABLE
    walk = _tx_semaphore_created_ptr;
    for (i = 0; i < _tx_semaphore_created_count; i++) {
        if (walk == semaphore_ptr) {
            found = TX_TRUE;
            break;
        }
        walk = walk->tx_semaphore_created_next;
    }
    TX_RESTORE
    return found;
}

UINT _txe_semaphore_create(TX_SEMAPHORE *semaphore_ptr, CHAR *name_ptr, ULONG initial_count,
                           UINT semaphore_control_block_size)
{
    if ((semaphore_ptr == TX_NULL) || (semaphore_control_block_size != sizeof(TX_SEMAPHORE)) ||
        (_txe_semaphore_created(semaphore_ptr) != TX_FALSE)) {
        return TX_SEMAPHORE_ERROR;
    }
    if (_tx_caller_threads_and_init() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_semaphore_create(semaphore_ptr, name_ptr, initial_count);
}

UINT _txe_semaphore_delete(TX_SEMAPHORE *semaphore_ptr)
{
    if (!TX_SEMAPHORE_VALID(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    if (_tx_caller_threads() == TX_FALSE) {
        return TX_CALLER_ERROR;
    }
    return _tx_semaphore_delete(semaphore_ptr);
}

UINT _txe_semaphore_get(TX_SEMAPHORE *semaphore_ptr, ULONG wait_option)
{
    if (!TX_SEMAPHORE_VALID(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    if ((wait_option != TX_NO_WAIT) && (_tx_caller_may_wait() == TX_FALSE)) {
        return TX_WAIT_ERROR;
    }
    return _tx_semaphore_get(semaphore_ptr, wait_option);
}

UINT _txe_semaphore_put(TX_SEMAPHORE *semaphore_ptr)
{
    if (!TX_SEMAPHORE_VALID(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    return _tx_semaphore_put(semaphore_ptr);
}

UINT _txe_semaphore_ceiling_put(TX_SEMAPHORE *semaphore_ptr, ULONG ceiling)
{
    if (!TX_SEMAPHORE_VALID(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    if (ceiling == 0u) {
        return TX_INVALID_CEILING;
    }
    return _tx_semaphore_ceiling_put(semaphore_ptr, ceiling);
}

UINT _txe_semaphore_prioritize(TX_SEMAPHORE *semaphore_ptr)
{
    if (!TX_SEMAPHORE_VALID(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    return _tx_semaphore_prioritize(semaphore_ptr);
}

UINT _txe_semaphore_put_notify(TX_SEMAPHORE *semaphore_ptr,
                               VOID (*semaphore_put_notify)(TX_SEMAPHORE *notify_semaphore_ptr))
{
    /* Allowed from every context (ThreadX): no caller check. */
    if (!TX_SEMAPHORE_VALID(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    return _tx_semaphore_put_notify(semaphore_ptr, semaphore_put_notify);
}

UINT _txe_semaphore_info_get(TX_SEMAPHORE *semaphore_ptr, CHAR **name, ULONG *current_value,
                             TX_THREAD **first_suspended, ULONG *suspended_count,
                             TX_SEMAPHORE **next_semaphore)
{
    if (!TX_SEMAPHORE_VALID(semaphore_ptr)) {
        return TX_SEMAPHORE_ERROR;
    }
    return _tx_semaphore_info_get(semaphore_ptr, name, current_value, first_suspended,
                                  suspended_count, next_semaphore);
}
