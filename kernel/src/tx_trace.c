/*
 * tx_trace.c - the trace services (TraceX's guide, chapter 5) and the recorder behind the
 * kernel's trace points (tx_trace.h: the buffer format). Without TX_ENABLE_EVENT_TRACE the
 * services only say so (TX_FEATURE_NOT_ENABLED) and the trace points vanish.
 */
#include "tx_trace.h"

#ifdef TX_ENABLE_EVENT_TRACE

/* The caller's buffer while tracing is on; NULL while off (every trace point tests it first). */
static TX_TRACE_CONTROL_HEADER *_tx_trace_header;
static TX_TRACE_OBJECT_ENTRY *_tx_trace_registry;
static ULONG _tx_trace_registry_entries;
static TX_TRACE_BUFFER_ENTRY *_tx_trace_first;
static TX_TRACE_BUFFER_ENTRY *_tx_trace_end;
static TX_TRACE_BUFFER_ENTRY *_tx_trace_current;
static ULONG _tx_trace_filter;
static VOID (*_tx_trace_full_notify)(VOID *buffer);

VOID _tx_trace_event_insert(ULONG event_id, ULONG info_1, ULONG info_2, ULONG info_3, ULONG info_4,
                            ULONG filter)
{
    TX_INTERRUPT_SAVE_AREA
    TX_TRACE_BUFFER_ENTRY *e;
    TX_THREAD *current;
    VOID (*notify)(VOID * buffer) = TX_NULL;
    VOID *buffer = TX_NULL;

    TX_DISABLE
    if ((_tx_trace_header == TX_NULL) || ((_tx_trace_filter & filter) != 0u)) {
        TX_RESTORE
        return;
    }
    e = _tx_trace_current;
    current = _tx_thread_current_ptr;
    if (TX_IN_ISR()) {
        e->tx_trace_buffer_entry_thread_pointer = TX_TRACE_THREAD_POINTER_ISR;
        e->tx_trace_buffer_entry_thread_priority = TX_TRACE_PTR(current);
    } else if ((current == TX_NULL) || TX_IN_INIT()) {
        e->tx_trace_buffer_entry_thread_pointer = TX_TRACE_THREAD_POINTER_INIT;
        e->tx_trace_buffer_entry_thread_priority = 0u;
    } else {
        e->tx_trace_buffer_entry_thread_pointer = TX_TRACE_PTR(current);
        e->tx_trace_buffer_entry_thread_priority =
            (ULONG)current->tx_thread_priority |
            ((ULONG)current->tx_thread_preempt_threshold << 16);
    }
    e->tx_trace_buffer_entry_event_id = event_id;
    e->tx_trace_buffer_entry_time_stamp = _tx_arch_trace_time();
    e->tx_trace_buffer_entry_info_1 = info_1;
    e->tx_trace_buffer_entry_info_2 = info_2;
    e->tx_trace_buffer_entry_info_3 = info_3;
    e->tx_trace_buffer_entry_info_4 = info_4;
    e++;
    if (e >= _tx_trace_end) {
        /* Wrapped: the oldest entries are overwritten from now on; tell the application. */
        e = _tx_trace_first;
        notify = _tx_trace_full_notify;
        buffer = _tx_trace_header;
    }
    _tx_trace_current = e;
    _tx_trace_header->tx_trace_control_header_buffer_current_pointer = TX_TRACE_PTR(e);
    TX_RESTORE
    if (notify != TX_NULL) {
        notify(buffer);
    }
}

/* Interrupts disabled, tracing on. */
static VOID _tx_trace_register_locked(UINT type, const VOID *object, const CHAR *name,
                                      ULONG parameter_1, ULONG parameter_2)
{
    TX_TRACE_OBJECT_ENTRY *r = TX_NULL;
    ULONG i;
    ULONG n;

    /* The object's own entry if it was registered before (re-created at the same address),
     * else the first available one; a full registry leaves the object unnamed. */
    for (i = 0u; i < _tx_trace_registry_entries; i++) {
        if (_tx_trace_registry[i].tx_trace_object_entry_pointer == TX_TRACE_PTR(object)) {
            r = &_tx_trace_registry[i];
            break;
        }
        if ((r == TX_NULL) && (_tx_trace_registry[i].tx_trace_object_entry_available ==
                               TX_TRACE_REGISTRY_ENTRY_AVAILABLE)) {
            r = &_tx_trace_registry[i];
        }
    }
    if (r == TX_NULL) {
        return;
    }
    r->tx_trace_object_entry_available = TX_TRACE_REGISTRY_ENTRY_IN_USE;
    r->tx_trace_object_entry_type = (UCHAR)type;
    r->tx_trace_object_entry_reserved1 = 0u;
    r->tx_trace_object_entry_reserved2 = 0u;
    if (type == TX_TRACE_OBJECT_TYPE_THREAD) {
        const TX_THREAD *t = (const TX_THREAD *)object;
        r->tx_trace_object_entry_reserved1 = (UCHAR)t->tx_thread_priority;
        r->tx_trace_object_entry_reserved2 = (UCHAR)t->tx_thread_preempt_threshold;
    }
    r->tx_trace_object_entry_pointer = TX_TRACE_PTR(object);
    r->tx_trace_object_entry_parameter_1 = parameter_1;
    r->tx_trace_object_entry_parameter_2 = parameter_2;
    n = 0u;
    if (name != TX_NULL) {
        while ((n < (TX_TRACE_OBJECT_REGISTRY_NAME - 1u)) && (name[n] != '\0')) {
            r->tx_trace_object_entry_name[n] = (UCHAR)name[n];
            n++;
        }
    }
    while (n < TX_TRACE_OBJECT_REGISTRY_NAME) {
        r->tx_trace_object_entry_name[n] = 0u;
        n++;
    }
}

VOID _tx_trace_object_register(UINT type, const VOID *object, const CHAR *name, ULONG parameter_1,
                               ULONG parameter_2)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    if (_tx_trace_header != TX_NULL) {
        _tx_trace_register_locked(type, object, name, parameter_1, parameter_2);
    }
    TX_RESTORE
}

VOID _tx_trace_object_unregister(const VOID *object)
{
    TX_INTERRUPT_SAVE_AREA
    ULONG i;

    TX_DISABLE
    if (_tx_trace_header != TX_NULL) {
        for (i = 0u; i < _tx_trace_registry_entries; i++) {
            /* Available again, the rest kept: events before the delete still have a name. */
            if ((_tx_trace_registry[i].tx_trace_object_entry_pointer == TX_TRACE_PTR(object)) &&
                (_tx_trace_registry[i].tx_trace_object_entry_available ==
                 TX_TRACE_REGISTRY_ENTRY_IN_USE)) {
                _tx_trace_registry[i].tx_trace_object_entry_available =
                    TX_TRACE_REGISTRY_ENTRY_AVAILABLE;
            }
        }
    }
    TX_RESTORE
}

/* Interrupts disabled: objects created before tracing started get their registry entries. */
static VOID _tx_trace_register_existing(VOID)
{
    ULONG i;
    TX_THREAD *t = _tx_thread_created_ptr;
    TX_TIMER *tm = _tx_timer_created_ptr;
    TX_QUEUE *q = _tx_queue_created_ptr;
    TX_SEMAPHORE *s = _tx_semaphore_created_ptr;
    TX_MUTEX *m = _tx_mutex_created_ptr;
    TX_EVENT_FLAGS_GROUP *g = _tx_event_flags_created_ptr;
    TX_BLOCK_POOL *bp = _tx_block_pool_created_ptr;
    TX_BYTE_POOL *yp = _tx_byte_pool_created_ptr;

    for (i = 0u; i < _tx_thread_created_count; i++) {
        _tx_trace_register_locked(TX_TRACE_OBJECT_TYPE_THREAD, t, t->tx_thread_name,
                                  TX_TRACE_PTR(t->tx_thread_stack_start), t->tx_thread_stack_size);
        t = t->tx_thread_created_next;
    }
    for (i = 0u; i < _tx_timer_created_count; i++) {
        _tx_trace_register_locked(TX_TRACE_OBJECT_TYPE_TIMER, tm, tm->tx_timer_name, 0u, 0u);
        tm = tm->tx_timer_created_next;
    }
    for (i = 0u; i < _tx_queue_created_count; i++) {
        _tx_trace_register_locked(TX_TRACE_OBJECT_TYPE_QUEUE, q, q->tx_queue_name,
                                  q->tx_queue_capacity, q->tx_queue_message_size);
        q = q->tx_queue_created_next;
    }
    for (i = 0u; i < _tx_semaphore_created_count; i++) {
        _tx_trace_register_locked(TX_TRACE_OBJECT_TYPE_SEMAPHORE, s, s->tx_semaphore_name,
                                  s->tx_semaphore_count, 0u);
        s = s->tx_semaphore_created_next;
    }
    for (i = 0u; i < _tx_mutex_created_count; i++) {
        _tx_trace_register_locked(TX_TRACE_OBJECT_TYPE_MUTEX, m, m->tx_mutex_name,
                                  m->tx_mutex_inherit, 0u);
        m = m->tx_mutex_created_next;
    }
    for (i = 0u; i < _tx_event_flags_created_count; i++) {
        _tx_trace_register_locked(TX_TRACE_OBJECT_TYPE_EVENT_FLAGS, g, g->tx_event_flags_group_name,
                                  0u, 0u);
        g = g->tx_event_flags_group_created_next;
    }
    for (i = 0u; i < _tx_block_pool_created_count; i++) {
        _tx_trace_register_locked(TX_TRACE_OBJECT_TYPE_BLOCK_POOL, bp, bp->tx_block_pool_name,
                                  bp->tx_block_pool_total, bp->tx_block_pool_block_size);
        bp = bp->tx_block_pool_created_next;
    }
    for (i = 0u; i < _tx_byte_pool_created_count; i++) {
        _tx_trace_register_locked(TX_TRACE_OBJECT_TYPE_BYTE_POOL, yp, yp->tx_byte_pool_name,
                                  yp->tx_byte_pool_size, 0u);
        yp = yp->tx_byte_pool_created_next;
    }
}

UINT _tx_trace_enable(VOID *trace_buffer_start, ULONG trace_buffer_size, ULONG registry_entries)
{
    TX_INTERRUPT_SAVE_AREA
    TX_TRACE_CONTROL_HEADER *h = (TX_TRACE_CONTROL_HEADER *)trace_buffer_start;
    ULONG fixed;
    ULONG entries;
    ULONG i;

    if (_tx_trace_header != TX_NULL) {
        return TX_NOT_DONE;
    }
    /* The header, the registry and at least one event must fit (the guide's TX_SIZE_ERROR); a
     * registry size that would overflow the sum cannot fit either. */
    if ((trace_buffer_start == TX_NULL) ||
        (registry_entries > (trace_buffer_size / sizeof(TX_TRACE_OBJECT_ENTRY)))) {
        return TX_SIZE_ERROR;
    }
    fixed = (ULONG)sizeof(TX_TRACE_CONTROL_HEADER) +
            (registry_entries * (ULONG)sizeof(TX_TRACE_OBJECT_ENTRY));
    if (trace_buffer_size < (fixed + (ULONG)sizeof(TX_TRACE_BUFFER_ENTRY))) {
        return TX_SIZE_ERROR;
    }
    entries = (trace_buffer_size - fixed) / (ULONG)sizeof(TX_TRACE_BUFFER_ENTRY);

    /* Zeroed: a never-written entry has thread pointer 0, which readers skip. */
    _tx_memory_set(trace_buffer_start, 0u,
                   fixed + (entries * (ULONG)sizeof(TX_TRACE_BUFFER_ENTRY)));
    _tx_trace_registry = (TX_TRACE_OBJECT_ENTRY *)(VOID *)&h[1];
    _tx_trace_registry_entries = registry_entries;
    _tx_trace_first = (TX_TRACE_BUFFER_ENTRY *)(VOID *)&_tx_trace_registry[registry_entries];
    _tx_trace_end = &_tx_trace_first[entries];
    _tx_trace_current = _tx_trace_first;
    for (i = 0u; i < registry_entries; i++) {
        _tx_trace_registry[i].tx_trace_object_entry_available = TX_TRACE_REGISTRY_ENTRY_AVAILABLE;
    }
    h->tx_trace_control_header_id = TX_TRACE_CONTROL_HEADER_ID;
    h->tx_trace_control_header_timer_valid_mask = 0xFFFFFFFFu;
    h->tx_trace_control_header_trace_base_address = TX_TRACE_PTR(h);
    h->tx_trace_control_header_object_registry_start_pointer = TX_TRACE_PTR(_tx_trace_registry);
    h->tx_trace_control_header_reserved1 = 0u;
    h->tx_trace_control_header_object_registry_name_size = (USHORT)TX_TRACE_OBJECT_REGISTRY_NAME;
    h->tx_trace_control_header_object_registry_end_pointer = TX_TRACE_PTR(_tx_trace_first);
    h->tx_trace_control_header_buffer_start_pointer = TX_TRACE_PTR(_tx_trace_first);
    h->tx_trace_control_header_buffer_end_pointer = TX_TRACE_PTR(_tx_trace_end);
    h->tx_trace_control_header_buffer_current_pointer = TX_TRACE_PTR(_tx_trace_first);

    TX_DISABLE
    _tx_trace_filter = 0u; /* the guide: nothing is filtered after an enable */
    _tx_trace_header = h;
    _tx_trace_register_existing();
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_trace_event_filter(ULONG event_filter_bits)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    _tx_trace_filter |= event_filter_bits;
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_trace_event_unfilter(ULONG event_unfilter_bits)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    _tx_trace_filter &= ~event_unfilter_bits;
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_trace_disable(VOID)
{
    TX_INTERRUPT_SAVE_AREA
    UINT status = TX_NOT_DONE;

    TX_DISABLE
    if (_tx_trace_header != TX_NULL) {
        _tx_trace_header = TX_NULL;
        status = TX_SUCCESS;
    }
    TX_RESTORE
    return status;
}

VOID _tx_trace_isr_enter_insert(ULONG isr_id)
{
    TX_TRACE_INSERT(TX_TRACE_ISR_ENTER, TX_TRACE_STACK_PTR, isr_id, _tx_thread_system_state,
                    _tx_thread_preempt_disable, TX_TRACE_INTERNAL_EVENTS);
}

VOID _tx_trace_isr_exit_insert(ULONG isr_id)
{
    TX_TRACE_INSERT(TX_TRACE_ISR_EXIT, TX_TRACE_STACK_PTR, isr_id, _tx_thread_system_state,
                    _tx_thread_preempt_disable, TX_TRACE_INTERNAL_EVENTS);
}

UINT _tx_trace_buffer_full_notify(VOID (*full_buffer_callback)(VOID *buffer))
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    _tx_trace_full_notify = full_buffer_callback;
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_trace_user_event_insert(ULONG event_id, ULONG info_field_1, ULONG info_field_2,
                                 ULONG info_field_3, ULONG info_field_4)
{
    /* Read without the lock: a disable racing with this insert is resolved inside it. */
    if (_tx_trace_header == TX_NULL) {
        return TX_NOT_DONE;
    }
    TX_TRACE_INSERT(event_id, info_field_1, info_field_2, info_field_3, info_field_4,
                    TX_TRACE_USER_EVENTS);
    return TX_SUCCESS;
}

#else /* !TX_ENABLE_EVENT_TRACE */

UINT _tx_trace_enable(VOID *trace_buffer_start, ULONG trace_buffer_size, ULONG registry_entries)
{
    (VOID) trace_buffer_start;
    (VOID) trace_buffer_size;
    (VOID) registry_entries;
    return TX_FEATURE_NOT_ENABLED;
}

UINT _tx_trace_event_filter(ULONG event_filter_bits)
{
    (VOID) event_filter_bits;
    return TX_FEATURE_NOT_ENABLED;
}

UINT _tx_trace_event_unfilter(ULONG event_unfilter_bits)
{
    (VOID) event_unfilter_bits;
    return TX_FEATURE_NOT_ENABLED;
}

UINT _tx_trace_disable(VOID)
{
    return TX_FEATURE_NOT_ENABLED;
}

VOID _tx_trace_isr_enter_insert(ULONG isr_id)
{
    (VOID) isr_id;
}

VOID _tx_trace_isr_exit_insert(ULONG isr_id)
{
    (VOID) isr_id;
}

UINT _tx_trace_buffer_full_notify(VOID (*full_buffer_callback)(VOID *buffer))
{
    (VOID) full_buffer_callback;
    return TX_FEATURE_NOT_ENABLED;
}

UINT _tx_trace_user_event_insert(ULONG event_id, ULONG info_field_1, ULONG info_field_2,
                                 ULONG info_field_3, ULONG info_field_4)
{
    (VOID) event_id;
    (VOID) info_field_1;
    (VOID) info_field_2;
    (VOID) info_field_3;
    (VOID) info_field_4;
    return TX_FEATURE_NOT_ENABLED;
}

#endif /* TX_ENABLE_EVENT_TRACE */
