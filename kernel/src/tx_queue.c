/*
 * tx_queue.c - message queues: fixed-size messages of 1..16 ULONGs in a circular buffer.
 *
 * One suspension list serves both directions: receivers wait only while the queue is empty and
 * senders only while it is full, so the list never holds both kinds at once. A sender finding a
 * waiting receiver hands the message straight to it. A receiver on a full queue with senders
 * waiting serves the first of them: a back sender's message moves into the slot just freed, a
 * front sender's message is the receiver's (it would have been read first) and the queue stays
 * as it was.
 */
#include "tx_trace.h"

static VOID queue_message_copy(ULONG *destination, const ULONG *source, UINT words)
{
    UINT i;

    for (i = 0U; i < words; i++) {
        destination[i] = source[i];
    }
}

/* Store a message at the tail (or, for a front send, before the oldest). Needs a free slot. */
static VOID queue_store(TX_QUEUE *queue_ptr, const ULONG *source, UINT front)
{
    UINT words = queue_ptr->tx_queue_message_size;

    if (front != 0U) {
        if (queue_ptr->tx_queue_read == queue_ptr->tx_queue_start) {
            queue_ptr->tx_queue_read = queue_ptr->tx_queue_end;
        }
        queue_ptr->tx_queue_read -= words;
        queue_message_copy(queue_ptr->tx_queue_read, source, words);
    } else {
        queue_message_copy(queue_ptr->tx_queue_write, source, words);
        queue_ptr->tx_queue_write += words;
        if (queue_ptr->tx_queue_write == queue_ptr->tx_queue_end) {
            queue_ptr->tx_queue_write = queue_ptr->tx_queue_start;
        }
    }
    queue_ptr->tx_queue_enqueued++;
    queue_ptr->tx_queue_available_storage--;
    queue_ptr->tx_queue_performance_messages_sent_count++;
    _tx_queue_performance_messages_sent_count++;
}

static VOID queue_receive_accounting(TX_QUEUE *queue_ptr)
{
    queue_ptr->tx_queue_performance_messages_received_count++;
    _tx_queue_performance_messages_received_count++;
}

/* Called by the core when a waiting thread's wait ends other than through the queue (timeout,
 * abort, terminate...); the status the thread will see is already set. */
static VOID queue_cleanup(TX_THREAD *thread_ptr, ULONG suspension_sequence)
{
    TX_QUEUE *queue_ptr = (TX_QUEUE *)thread_ptr->tx_thread_suspend_control_block;

    (VOID) suspension_sequence;
    if ((queue_ptr == TX_NULL) || (queue_ptr->tx_queue_id != TX_QUEUE_ID)) {
        return;
    }
    _tx_thread_suspension_list_remove(&queue_ptr->tx_queue_suspension_list,
                                      &queue_ptr->tx_queue_suspended_count, thread_ptr);
    if (thread_ptr->tx_thread_suspend_status == thread_ptr->tx_thread_suspend_timeout_status) {
        queue_ptr->tx_queue_performance_timeout_count++;
        _tx_queue_performance_timeout_count++;
    }
}

UINT _tx_queue_create(TX_QUEUE *queue_ptr, CHAR *name_ptr, UINT message_size, VOID *queue_start,
                      ULONG queue_size)
{
    TX_INTERRUPT_SAVE_AREA
    UINT capacity = (UINT)(queue_size / (message_size * (ULONG)sizeof(ULONG)));

    _tx_memory_set(queue_ptr, 0, sizeof(TX_QUEUE));
    queue_ptr->tx_queue_name = name_ptr;
    queue_ptr->tx_queue_message_size = message_size;
    queue_ptr->tx_queue_capacity = capacity;
    queue_ptr->tx_queue_available_storage = capacity;
    queue_ptr->tx_queue_start = (ULONG *)queue_start;
    queue_ptr->tx_queue_end = queue_ptr->tx_queue_start + ((ALIGN_TYPE)capacity * message_size);
    queue_ptr->tx_queue_read = queue_ptr->tx_queue_start;
    queue_ptr->tx_queue_write = queue_ptr->tx_queue_start;

    TX_DISABLE
    TX_TRACE_REGISTER(TX_TRACE_OBJECT_TYPE_QUEUE, queue_ptr, name_ptr, capacity, message_size);
    TX_TRACE_INSERT(TX_TRACE_QUEUE_CREATE, TX_TRACE_PTR(queue_ptr), message_size,
                    TX_TRACE_PTR(queue_start), queue_size, TX_TRACE_QUEUE_EVENTS);
    queue_ptr->tx_queue_id = TX_QUEUE_ID;
    TX_CREATED_LIST_INSERT(_tx_queue_created_ptr, _tx_queue_created_count, queue_ptr,
                           tx_queue_created_next, tx_queue_created_previous);
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_queue_delete(TX_QUEUE *queue_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_QUEUE_DELETE, TX_TRACE_PTR(queue_ptr), TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_QUEUE_EVENTS);
    TX_TRACE_UNREGISTER(queue_ptr);
    queue_ptr->tx_queue_id = TX_CLEAR_ID;
    TX_CREATED_LIST_REMOVE(_tx_queue_created_ptr, _tx_queue_created_count, queue_ptr,
                           tx_queue_created_next, tx_queue_created_previous);
    _tx_thread_suspension_list_release_all(&queue_ptr->tx_queue_suspension_list,
                                           &queue_ptr->tx_queue_suspended_count, TX_DELETED);
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_queue_flush(TX_QUEUE *queue_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    UINT had_messages;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_QUEUE_FLUSH, TX_TRACE_PTR(queue_ptr), TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_QUEUE_EVENTS);
    had_messages = TX_FALSE;
    if (queue_ptr->tx_queue_enqueued != 0U) {
        had_messages = TX_TRUE;
    }
    queue_ptr->tx_queue_read = queue_ptr->tx_queue_start;
    queue_ptr->tx_queue_write = queue_ptr->tx_queue_start;
    queue_ptr->tx_queue_enqueued = 0;
    queue_ptr->tx_queue_available_storage = queue_ptr->tx_queue_capacity;

    /* Waiters on a non-empty queue are senders: their messages are discarded with the rest and
     * they return TX_SUCCESS (ThreadX). Waiting receivers keep waiting. */
    if (had_messages != 0U) {
        thread_ptr = queue_ptr->tx_queue_suspension_list;
        while (thread_ptr != TX_NULL) {
            _tx_thread_suspension_list_remove(&queue_ptr->tx_queue_suspension_list,
                                              &queue_ptr->tx_queue_suspended_count, thread_ptr);
            _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
            thread_ptr = queue_ptr->tx_queue_suspension_list;
        }
    }
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_queue_info_get(TX_QUEUE *queue_ptr, CHAR **name, ULONG *enqueued, ULONG *available_storage,
                        TX_THREAD **first_suspended, ULONG *suspended_count, TX_QUEUE **next_queue)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_QUEUE_INFO_GET, TX_TRACE_PTR(queue_ptr), 0u, 0u, 0u,
                    TX_TRACE_QUEUE_EVENTS);
    if (name != TX_NULL) {
        *name = queue_ptr->tx_queue_name;
    }
    if (enqueued != TX_NULL) {
        *enqueued = queue_ptr->tx_queue_enqueued;
    }
    if (available_storage != TX_NULL) {
        *available_storage = queue_ptr->tx_queue_available_storage;
    }
    if (first_suspended != TX_NULL) {
        *first_suspended = queue_ptr->tx_queue_suspension_list;
    }
    if (suspended_count != TX_NULL) {
        *suspended_count = queue_ptr->tx_queue_suspended_count;
    }
    if (next_queue != TX_NULL) {
        *next_queue = queue_ptr->tx_queue_created_next;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_queue_performance_info_get(TX_QUEUE *queue_ptr, ULONG *messages_sent,
                                    ULONG *messages_received, ULONG *empty_suspensions,
                                    ULONG *full_suspensions, ULONG *full_errors, ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    if ((queue_ptr == TX_NULL) || (queue_ptr->tx_queue_id != TX_QUEUE_ID)) {
        return TX_PTR_ERROR;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_QUEUE_PERFORMANCE_INFO_GET, TX_TRACE_PTR(queue_ptr), 0u, 0u, 0u,
                    TX_TRACE_QUEUE_EVENTS);
    if (messages_sent != TX_NULL) {
        *messages_sent = queue_ptr->tx_queue_performance_messages_sent_count;
    }
    if (messages_received != TX_NULL) {
        *messages_received = queue_ptr->tx_queue_performance_messages_received_count;
    }
    if (empty_suspensions != TX_NULL) {
        *empty_suspensions = queue_ptr->tx_queue_performance_empty_suspension_count;
    }
    if (full_suspensions != TX_NULL) {
        *full_suspensions = queue_ptr->tx_queue_performance_full_suspension_count;
    }
    if (full_errors != TX_NULL) {
        *full_errors = queue_ptr->tx_queue_performance_full_error_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = queue_ptr->tx_queue_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_queue_performance_system_info_get(ULONG *messages_sent, ULONG *messages_received,
                                           ULONG *empty_suspensions, ULONG *full_suspensions,
                                           ULONG *full_errors, ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_QUEUE_PERFORMANCE_SYSTEM_INFO_GET, 0u, 0u, 0u, 0u,
                    TX_TRACE_QUEUE_EVENTS);
    if (messages_sent != TX_NULL) {
        *messages_sent = _tx_queue_performance_messages_sent_count;
    }
    if (messages_received != TX_NULL) {
        *messages_received = _tx_queue_performance_messages_received_count;
    }
    if (empty_suspensions != TX_NULL) {
        *empty_suspensions = _tx_queue_performance_empty_suspension_count;
    }
    if (full_suspensions != TX_NULL) {
        *full_suspensions = _tx_queue_performance_full_suspension_count;
    }
    if (full_errors != TX_NULL) {
        *full_errors = _tx_queue_performance_full_error_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = _tx_queue_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_queue_prioritize(TX_QUEUE *queue_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_QUEUE_PRIORITIZE, TX_TRACE_PTR(queue_ptr),
                    queue_ptr->tx_queue_suspended_count, TX_TRACE_STACK_PTR, 0u,
                    TX_TRACE_QUEUE_EVENTS);
    _tx_thread_suspension_list_prioritize(&queue_ptr->tx_queue_suspension_list);
    TX_RESTORE
    return TX_SUCCESS;
}

static UINT queue_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option, UINT front)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    VOID (*notify)(TX_QUEUE * notify_queue_ptr);
    UINT status;

    TX_DISABLE
    TX_TRACE_INSERT((front != TX_FALSE) ? TX_TRACE_QUEUE_FRONT_SEND : TX_TRACE_QUEUE_SEND,
                    TX_TRACE_PTR(queue_ptr), TX_TRACE_PTR(source_ptr), wait_option,
                    queue_ptr->tx_queue_enqueued, TX_TRACE_QUEUE_EVENTS);
    thread_ptr = queue_ptr->tx_queue_suspension_list;
    if ((thread_ptr != TX_NULL) && (queue_ptr->tx_queue_enqueued == 0U)) {
        /* An empty queue with waiters: they are receivers. Hand over directly. */
        _tx_thread_suspension_list_remove(&queue_ptr->tx_queue_suspension_list,
                                          &queue_ptr->tx_queue_suspended_count, thread_ptr);
        queue_message_copy((ULONG *)thread_ptr->tx_thread_additional_suspend_info,
                           (const ULONG *)source_ptr, queue_ptr->tx_queue_message_size);
        queue_ptr->tx_queue_performance_messages_sent_count++;
        _tx_queue_performance_messages_sent_count++;
        queue_receive_accounting(queue_ptr);
        _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
        status = TX_SUCCESS;
    } else if (queue_ptr->tx_queue_available_storage != 0U) {
        queue_store(queue_ptr, (const ULONG *)source_ptr, front);
        status = TX_SUCCESS;
    } else if (wait_option == TX_NO_WAIT) {
        queue_ptr->tx_queue_performance_full_error_count++;
        _tx_queue_performance_full_error_count++;
        TX_RESTORE
        return TX_QUEUE_FULL;
    } else {
        /* Full: wait until a receiver moves our message in (see _tx_queue_receive). */
        thread_ptr = _tx_thread_current_ptr;
        if (thread_ptr != TX_NULL) {
            thread_ptr->tx_thread_additional_suspend_info = source_ptr;
            thread_ptr->tx_thread_suspend_option = front;
            queue_ptr->tx_queue_performance_full_suspension_count++;
            _tx_queue_performance_full_suspension_count++;
        }
        status = _tx_thread_suspend_on(&queue_ptr->tx_queue_suspension_list,
                                       &queue_ptr->tx_queue_suspended_count, queue_ptr,
                                       TX_QUEUE_SUSP, queue_cleanup, wait_option, TX_QUEUE_FULL);
        if ((status != TX_SUCCESS) || (queue_ptr->tx_queue_id != TX_QUEUE_ID)) {
            TX_RESTORE
            return status;
        }
    }
    notify = queue_ptr->tx_queue_send_notify;
    TX_RESTORE
    if (notify != TX_NULL) {
        notify(queue_ptr);
    }
    _tx_thread_preempt_check();
    return status;
}

UINT _tx_queue_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option)
{
    return queue_send(queue_ptr, source_ptr, wait_option, TX_FALSE);
}

UINT _tx_queue_front_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option)
{
    return queue_send(queue_ptr, source_ptr, wait_option, TX_TRUE);
}

UINT _tx_queue_receive(TX_QUEUE *queue_ptr, VOID *destination_ptr, ULONG wait_option)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    UINT words = queue_ptr->tx_queue_message_size;
    UINT status;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_QUEUE_RECEIVE, TX_TRACE_PTR(queue_ptr), TX_TRACE_PTR(destination_ptr),
                    wait_option, queue_ptr->tx_queue_enqueued, TX_TRACE_QUEUE_EVENTS);
    thread_ptr = queue_ptr->tx_queue_suspension_list;
    if ((thread_ptr != TX_NULL) && (queue_ptr->tx_queue_enqueued != 0U) &&
        (thread_ptr->tx_thread_suspend_option != 0U)) {
        /* Full, and the first waiting sender sends to the front: its message is the one that
         * would be read next, so it goes straight to the receiver and the queue is left as it
         * is (ThreadX). */
        _tx_thread_suspension_list_remove(&queue_ptr->tx_queue_suspension_list,
                                          &queue_ptr->tx_queue_suspended_count, thread_ptr);
        queue_message_copy((ULONG *)destination_ptr,
                           (const ULONG *)thread_ptr->tx_thread_additional_suspend_info, words);
        queue_ptr->tx_queue_performance_messages_sent_count++;
        _tx_queue_performance_messages_sent_count++;
        queue_receive_accounting(queue_ptr);
        _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
        TX_RESTORE
        _tx_thread_preempt_check();
        return TX_SUCCESS;
    }
    if (queue_ptr->tx_queue_enqueued != 0U) {
        queue_message_copy((ULONG *)destination_ptr, queue_ptr->tx_queue_read, words);
        queue_ptr->tx_queue_read += words;
        if (queue_ptr->tx_queue_read == queue_ptr->tx_queue_end) {
            queue_ptr->tx_queue_read = queue_ptr->tx_queue_start;
        }
        queue_ptr->tx_queue_enqueued--;
        queue_ptr->tx_queue_available_storage++;
        queue_receive_accounting(queue_ptr);

        /* Waiters on a non-empty queue are senders blocked on a full queue; the first one
         * sends to the back (see above): its message goes into the slot just freed. */
        if (thread_ptr != TX_NULL) {
            _tx_thread_suspension_list_remove(&queue_ptr->tx_queue_suspension_list,
                                              &queue_ptr->tx_queue_suspended_count, thread_ptr);
            queue_store(queue_ptr, (const ULONG *)thread_ptr->tx_thread_additional_suspend_info,
                        TX_FALSE);
            _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
        }
        TX_RESTORE
        _tx_thread_preempt_check();
        return TX_SUCCESS;
    }
    if (wait_option == TX_NO_WAIT) {
        TX_RESTORE
        return TX_QUEUE_EMPTY;
    }
    thread_ptr = _tx_thread_current_ptr;
    if (thread_ptr != TX_NULL) {
        thread_ptr->tx_thread_additional_suspend_info = destination_ptr;
        queue_ptr->tx_queue_performance_empty_suspension_count++;
        _tx_queue_performance_empty_suspension_count++;
    }
    status = _tx_thread_suspend_on(&queue_ptr->tx_queue_suspension_list,
                                   &queue_ptr->tx_queue_suspended_count, queue_ptr, TX_QUEUE_SUSP,
                                   queue_cleanup, wait_option, TX_QUEUE_EMPTY);
    TX_RESTORE
    return status;
}

UINT _tx_queue_send_notify(TX_QUEUE *queue_ptr,
                           VOID (*queue_send_notify)(TX_QUEUE *notify_queue_ptr))
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_QUEUE_SEND_NOTIFY, TX_TRACE_PTR(queue_ptr), 0u, 0u, 0u,
                    TX_TRACE_QUEUE_EVENTS);
    queue_ptr->tx_queue_send_notify = queue_send_notify;
    TX_RESTORE
    return TX_SUCCESS;
}
