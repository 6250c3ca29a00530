/*
 * txe_queue.c - argument and caller checks of the queue services (ThreadX's _txe_ layer).
 */
#include "tx_internal.h"

static UINT queue_valid(TX_QUEUE *queue_ptr)
{
    return (queue_ptr != TX_NULL) && (queue_ptr->tx_queue_id == TX_QUEUE_ID);
}

/* A control block already on the created list must not be created again. */
static UINT queue_already_created(TX_QUEUE *queue_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_QUEUE *walk;
    ULONG left;
    UINT found = TX_FALSE;

    TX_DISABLE
    walk = _tx_queue_created_ptr;
    for (left = _tx_queue_created_count; left != 0U; left--) {
        if (walk == queue_ptr) {
            found = TX_TRUE;
            break;
        }
        walk = walk->tx_queue_created_next;
    }
    TX_RESTORE
    return found;
}

UINT _txe_queue_create(TX_QUEUE *queue_ptr, CHAR *name_ptr, UINT message_size, VOID *queue_start,
                       ULONG queue_size, UINT queue_control_block_size)
{
    if ((queue_ptr == TX_NULL) || (queue_control_block_size != sizeof(TX_QUEUE))) {
        return TX_QUEUE_ERROR;
    }
    if (queue_already_created(queue_ptr) != 0U) {
        return TX_QUEUE_ERROR;
    }
    if (queue_start == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if ((message_size < TX_1_ULONG) || (message_size > TX_16_ULONG)) {
        return TX_SIZE_ERROR;
    }
    /* Room for at least one message. */
    if (queue_size < (ULONG)(message_size * sizeof(ULONG))) {
        return TX_SIZE_ERROR;
    }
    if (!_tx_caller_threads_and_init()) {
        return TX_CALLER_ERROR;
    }
    return _tx_queue_create(queue_ptr, name_ptr, message_size, queue_start, queue_size);
}

UINT _txe_queue_delete(TX_QUEUE *queue_ptr)
{
    if (!queue_valid(queue_ptr)) {
        return TX_QUEUE_ERROR;
    }
    if (!_tx_caller_threads()) {
        return TX_CALLER_ERROR;
    }
    return _tx_queue_delete(queue_ptr);
}

UINT _txe_queue_flush(TX_QUEUE *queue_ptr)
{
    if (!queue_valid(queue_ptr)) {
        return TX_QUEUE_ERROR;
    }
    return _tx_queue_flush(queue_ptr);
}

UINT _txe_queue_info_get(TX_QUEUE *queue_ptr, CHAR **name, ULONG *enqueued,
                         ULONG *available_storage, TX_THREAD **first_suspended,
                         ULONG *suspended_count, TX_QUEUE **next_queue)
{
    if (!queue_valid(queue_ptr)) {
        return TX_QUEUE_ERROR;
    }
    return _tx_queue_info_get(queue_ptr, name, enqueued, available_storage, first_suspended,
                              suspended_count, next_queue);
}

UINT _txe_queue_prioritize(TX_QUEUE *queue_ptr)
{
    if (!queue_valid(queue_ptr)) {
        return TX_QUEUE_ERROR;
    }
    return _tx_queue_prioritize(queue_ptr);
}

/* Shared by receive, send and front send: allowed everywhere, but only a thread may wait. */
static UINT queue_transfer_check(TX_QUEUE *queue_ptr, VOID *message_ptr, ULONG wait_option)
{
    if (!queue_valid(queue_ptr)) {
        return TX_QUEUE_ERROR;
    }
    if (message_ptr == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if ((wait_option != TX_NO_WAIT) && !_tx_caller_may_wait()) {
        return TX_WAIT_ERROR;
    }
    return TX_SUCCESS;
}

UINT _txe_queue_receive(TX_QUEUE *queue_ptr, VOID *destination_ptr, ULONG wait_option)
{
    UINT status = queue_transfer_check(queue_ptr, destination_ptr, wait_option);

    if (status != TX_SUCCESS) {
        return status;
    }
    return _tx_queue_receive(queue_ptr, destination_ptr, wait_option);
}

UINT _txe_queue_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option)
{
    UINT status = queue_transfer_check(queue_ptr, source_ptr, wait_option);

    if (status != TX_SUCCESS) {
        return status;
    }
    return _tx_queue_send(queue_ptr, source_ptr, wait_option);
}

UINT _txe_queue_front_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option)
{
    UINT status = queue_transfer_check(queue_ptr, source_ptr, wait_option);

    if (status != TX_SUCCESS) {
        return status;
    }
    return _tx_queue_front_send(queue_ptr, source_ptr, wait_option);
}

UINT _txe_queue_send_notify(TX_QUEUE *queue_ptr,
                            VOID (*queue_send_notify)(TX_QUEUE *notify_queue_ptr))
{
    /* Allowed from every context (ThreadX): no caller check. */
    if (!queue_valid(queue_ptr)) {
        return TX_QUEUE_ERROR;
    }
    return _tx_queue_send_notify(queue_ptr, queue_send_notify);
}
