/*
 * tx_byte_pool.c - variable-size allocation, first fit, from a chain of blocks (layout in
 * tx_byte_pool.h).
 *
 * Freed blocks are not merged at release: a search merges each free block with the free blocks
 * that follow it as it passes them, so the cost is paid only when memory is needed. The search
 * starts at tx_byte_pool_search, a hint that stays at or before the lowest free block seen so
 * far (a release below it moves it down), which keeps the search close to first fit without
 * walking the allocated prefix every time. Everything runs with interrupts disabled; a search is
 * bounded by the pool's fragment count.
 *
 * tx_byte_pool_available counts the free blocks whole, headers included (as ThreadX does): an
 * allocation takes its size plus one header, a release gives back the block's size plus its
 * header, a merge changes nothing. So the figure is the same after everything is released as
 * right after create (the pool minus the end marker's header), whatever the order of the
 * releases and whether the search has merged the free blocks yet.
 */
#include "tx_byte_pool.h"
#include "tx_trace.h"

UCHAR *_tx_byte_block_next(UCHAR *block)
{
    return *(UCHAR **)(VOID *)block;
}

VOID _tx_byte_block_next_set(UCHAR *block, UCHAR *next)
{
    *(UCHAR **)(VOID *)block = next;
}

ALIGN_TYPE _tx_byte_block_owner(UCHAR *block)
{
    return ((ALIGN_TYPE *)(VOID *)block)[1];
}

VOID _tx_byte_block_owner_set(UCHAR *block, ALIGN_TYPE owner)
{
    ((ALIGN_TYPE *)(VOID *)block)[1] = owner;
}

ULONG _tx_byte_block_usable(UCHAR *block)
{
    return (ULONG)((ALIGN_TYPE)_tx_byte_block_next(block) - (ALIGN_TYPE)block) -
           TX_BYTE_HEADER_SIZE;
}

static VOID byte_pool_cleanup(TX_THREAD *thread_ptr, ULONG suspension_sequence)
{
    TX_BYTE_POOL *pool_ptr = (TX_BYTE_POOL *)thread_ptr->tx_thread_suspend_control_block;

    (VOID) suspension_sequence;
    if ((pool_ptr == TX_NULL) || (pool_ptr->tx_byte_pool_id != TX_BYTE_POOL_ID)) {
        return;
    }
    _tx_thread_suspension_list_remove(&pool_ptr->tx_byte_pool_suspension_list,
                                      &pool_ptr->tx_byte_pool_suspended_count, thread_ptr);
    if (thread_ptr->tx_thread_suspend_status == thread_ptr->tx_thread_suspend_timeout_status) {
        pool_ptr->tx_byte_pool_performance_timeout_count++;
        _tx_byte_pool_performance_timeout_count++;
    }
}

/*
 * Find and take `size` bytes (a multiple of ALIGN_TYPE). Returns the memory or NULL. Merges free
 * neighbours it walks past, splits the block it takes when the rest is worth keeping.
 */
static UCHAR *byte_pool_search(TX_BYTE_POOL *pool_ptr, ULONG size)
{
    UCHAR *block = pool_ptr->tx_byte_pool_search;
    UCHAR *first_free = TX_NULL;
    UCHAR *found = TX_NULL;
    UCHAR *next;
    UCHAR *rest;
    UINT examine = pool_ptr->tx_byte_pool_fragments + 1U;

    while (examine != 0U) {
        examine--;
        pool_ptr->tx_byte_pool_performance_search_count++;
        _tx_byte_pool_performance_search_count++;
        if (_tx_byte_block_owner(block) == TX_BYTE_BLOCK_FREE) {
            /* Absorb the free blocks that follow; the end marker is never free, so this stops
             * before the end of the pool. */
            next = _tx_byte_block_next(block);
            while (_tx_byte_block_owner(next) == TX_BYTE_BLOCK_FREE) {
                _tx_byte_block_next_set(block, _tx_byte_block_next(next));
                pool_ptr->tx_byte_pool_fragments--;
                pool_ptr->tx_byte_pool_performance_merge_count++;
                _tx_byte_pool_performance_merge_count++;
                if (pool_ptr->tx_byte_pool_search == next) {
                    pool_ptr->tx_byte_pool_search = block;
                }
                if (first_free == next) {
                    first_free = block;
                }
                if (examine != 0U) {
                    examine--;
                }
                next = _tx_byte_block_next(block);
            }
            if (_tx_byte_block_usable(block) >= size) {
                found = block;
                break;
            }
            if (first_free == TX_NULL) {
                first_free = block;
            }
        }
        block = _tx_byte_block_next(block);
    }
    if (found == TX_NULL) {
        if (first_free != TX_NULL) {
            pool_ptr->tx_byte_pool_search = first_free;
        }
        return TX_NULL;
    }

    if ((_tx_byte_block_usable(found) - size) >= (TX_BYTE_HEADER_SIZE + TX_BYTE_BLOCK_MIN)) {
        rest = &found[TX_BYTE_HEADER_SIZE + size];
        _tx_byte_block_next_set(rest, _tx_byte_block_next(found));
        _tx_byte_block_owner_set(rest, TX_BYTE_BLOCK_FREE);
        _tx_byte_block_next_set(found, rest);
        pool_ptr->tx_byte_pool_fragments++;
        pool_ptr->tx_byte_pool_available -= size + TX_BYTE_HEADER_SIZE;
        pool_ptr->tx_byte_pool_performance_split_count++;
        _tx_byte_pool_performance_split_count++;
    } else {
        pool_ptr->tx_byte_pool_available -= _tx_byte_block_usable(found) + TX_BYTE_HEADER_SIZE;
    }
    _tx_byte_block_owner_set(found, (ALIGN_TYPE)pool_ptr);
    pool_ptr->tx_byte_pool_performance_allocate_count++;
    _tx_byte_pool_performance_allocate_count++;

    /* Next search starts at the lowest free block this one saw. */
    pool_ptr->tx_byte_pool_search =
        (first_free != TX_NULL) ? first_free : _tx_byte_block_next(found);
    return &found[TX_BYTE_HEADER_SIZE];
}

UINT _tx_byte_pool_create(TX_BYTE_POOL *pool_ptr, CHAR *name_ptr, VOID *pool_start, ULONG pool_size)
{
    TX_INTERRUPT_SAVE_AREA
    ALIGN_TYPE align = (ALIGN_TYPE)sizeof(ALIGN_TYPE);
    ALIGN_TYPE start = ((ALIGN_TYPE)pool_start + align - 1U) & ~(align - 1U);
    UCHAR *first;
    UCHAR *end_marker;

    /* Use only the whole ALIGN_TYPE words inside the caller's area. */
    pool_size -= (ULONG)(start - (ALIGN_TYPE)pool_start);
    pool_size &= ~((ULONG)sizeof(ALIGN_TYPE) - 1U);
    first = (UCHAR *)start;
    end_marker = &first[pool_size - TX_BYTE_HEADER_SIZE];

    _tx_memory_set(pool_ptr, 0, sizeof(TX_BYTE_POOL));
    pool_ptr->tx_byte_pool_name = name_ptr;
    pool_ptr->tx_byte_pool_start = first;
    pool_ptr->tx_byte_pool_size = pool_size;
    pool_ptr->tx_byte_pool_list = first;
    pool_ptr->tx_byte_pool_search = first;

    _tx_byte_block_next_set(first, end_marker);
    _tx_byte_block_owner_set(first, TX_BYTE_BLOCK_FREE);
    _tx_byte_block_next_set(end_marker, first);
    _tx_byte_block_owner_set(end_marker, (ALIGN_TYPE)pool_ptr);
    pool_ptr->tx_byte_pool_fragments = 2;
    /* The free block, header included; only the end marker is not available. */
    pool_ptr->tx_byte_pool_available = pool_size - TX_BYTE_HEADER_SIZE;

    TX_DISABLE
    TX_TRACE_REGISTER(TX_TRACE_OBJECT_TYPE_BYTE_POOL, pool_ptr, name_ptr, pool_size, 0u);
    TX_TRACE_INSERT(TX_TRACE_BYTE_POOL_CREATE, TX_TRACE_PTR(pool_ptr), TX_TRACE_PTR(pool_start),
                    pool_size, TX_TRACE_STACK_PTR, TX_TRACE_BYTE_POOL_EVENTS);
    pool_ptr->tx_byte_pool_id = TX_BYTE_POOL_ID;
    TX_CREATED_LIST_INSERT(_tx_byte_pool_created_ptr, _tx_byte_pool_created_count, pool_ptr,
                           tx_byte_pool_created_next, tx_byte_pool_created_previous);
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_byte_pool_delete(TX_BYTE_POOL *pool_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BYTE_POOL_DELETE, TX_TRACE_PTR(pool_ptr), TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_BYTE_POOL_EVENTS);
    TX_TRACE_UNREGISTER(pool_ptr);
    pool_ptr->tx_byte_pool_id = TX_CLEAR_ID;
    TX_CREATED_LIST_REMOVE(_tx_byte_pool_created_ptr, _tx_byte_pool_created_count, pool_ptr,
                           tx_byte_pool_created_next, tx_byte_pool_created_previous);
    _tx_thread_suspension_list_release_all(&pool_ptr->tx_byte_pool_suspension_list,
                                           &pool_ptr->tx_byte_pool_suspended_count, TX_DELETED);
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_byte_allocate(TX_BYTE_POOL *pool_ptr, VOID **memory_ptr, ULONG memory_size,
                       ULONG wait_option)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    UCHAR *memory;
    UINT status;

    memory_size =
        (memory_size + (ULONG)sizeof(ALIGN_TYPE) - 1U) & ~((ULONG)sizeof(ALIGN_TYPE) - 1U);

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BYTE_ALLOCATE, TX_TRACE_PTR(pool_ptr), TX_TRACE_PTR(memory_ptr),
                    memory_size, wait_option, TX_TRACE_BYTE_POOL_EVENTS);
    memory = byte_pool_search(pool_ptr, memory_size);
    if (memory != TX_NULL) {
        *memory_ptr = memory;
        TX_RESTORE
        return TX_SUCCESS;
    }
    if (wait_option == TX_NO_WAIT) {
        TX_RESTORE
        return TX_NO_MEMORY;
    }
    /* _tx_byte_release retries this size for us and stores the memory through memory_ptr. */
    thread_ptr = _tx_thread_current_ptr;
    if (thread_ptr != TX_NULL) {
        thread_ptr->tx_thread_suspend_info = memory_size;
        thread_ptr->tx_thread_additional_suspend_info = memory_ptr;
        pool_ptr->tx_byte_pool_performance_suspension_count++;
        _tx_byte_pool_performance_suspension_count++;
    }
    status = _tx_thread_suspend_on(&pool_ptr->tx_byte_pool_suspension_list,
                                   &pool_ptr->tx_byte_pool_suspended_count, pool_ptr,
                                   TX_BYTE_MEMORY, byte_pool_cleanup, wait_option, TX_NO_MEMORY);
    TX_RESTORE
    return status;
}

UINT _tx_byte_release(VOID *memory_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    UCHAR *block = (UCHAR *)memory_ptr - TX_BYTE_HEADER_SIZE;
    TX_BYTE_POOL *pool_ptr;
    TX_THREAD *thread_ptr;
    UCHAR *memory;
    UINT resumed = TX_FALSE;

    TX_DISABLE
    pool_ptr = (TX_BYTE_POOL *)_tx_byte_block_owner(block);
    TX_TRACE_INSERT(TX_TRACE_BYTE_RELEASE, TX_TRACE_PTR(pool_ptr), TX_TRACE_PTR(memory_ptr),
                    pool_ptr->tx_byte_pool_suspended_count, pool_ptr->tx_byte_pool_available,
                    TX_TRACE_BYTE_POOL_EVENTS);
    _tx_byte_block_owner_set(block, TX_BYTE_BLOCK_FREE);
    pool_ptr->tx_byte_pool_available += _tx_byte_block_usable(block) + TX_BYTE_HEADER_SIZE;
    pool_ptr->tx_byte_pool_performance_release_count++;
    _tx_byte_pool_performance_release_count++;
    if (block < pool_ptr->tx_byte_pool_search) {
        pool_ptr->tx_byte_pool_search = block;
    }

    /* Serve the waiters in order; stop at the first that still does not fit, so a large
     * request is not overtaken forever by small ones. */
    thread_ptr = pool_ptr->tx_byte_pool_suspension_list;
    while (thread_ptr != TX_NULL) {
        memory = byte_pool_search(pool_ptr, thread_ptr->tx_thread_suspend_info);
        if (memory == TX_NULL) {
            break;
        }
        _tx_thread_suspension_list_remove(&pool_ptr->tx_byte_pool_suspension_list,
                                          &pool_ptr->tx_byte_pool_suspended_count, thread_ptr);
        *(VOID **)thread_ptr->tx_thread_additional_suspend_info = memory;
        _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
        resumed = TX_TRUE;
        thread_ptr = pool_ptr->tx_byte_pool_suspension_list;
    }
    TX_RESTORE
    if (resumed != 0U) {
        _tx_thread_preempt_check();
    }
    return TX_SUCCESS;
}

UINT _tx_byte_pool_info_get(TX_BYTE_POOL *pool_ptr, CHAR **name, ULONG *available_bytes,
                            ULONG *fragments, TX_THREAD **first_suspended, ULONG *suspended_count,
                            TX_BYTE_POOL **next_pool)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BYTE_POOL_INFO_GET, TX_TRACE_PTR(pool_ptr), 0u, 0u, 0u,
                    TX_TRACE_BYTE_POOL_EVENTS);
    if (name != TX_NULL) {
        *name = pool_ptr->tx_byte_pool_name;
    }
    if (available_bytes != TX_NULL) {
        *available_bytes = pool_ptr->tx_byte_pool_available;
    }
    if (fragments != TX_NULL) {
        *fragments = pool_ptr->tx_byte_pool_fragments;
    }
    if (first_suspended != TX_NULL) {
        *first_suspended = pool_ptr->tx_byte_pool_suspension_list;
    }
    if (suspended_count != TX_NULL) {
        *suspended_count = pool_ptr->tx_byte_pool_suspended_count;
    }
    if (next_pool != TX_NULL) {
        *next_pool = pool_ptr->tx_byte_pool_created_next;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_byte_pool_performance_info_get(TX_BYTE_POOL *pool_ptr, ULONG *allocates, ULONG *releases,
                                        ULONG *fragments_searched, ULONG *merges, ULONG *splits,
                                        ULONG *suspensions, ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    if ((pool_ptr == TX_NULL) || (pool_ptr->tx_byte_pool_id != TX_BYTE_POOL_ID)) {
        return TX_PTR_ERROR;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BYTE_POOL_PERFORMANCE_INFO_GET, TX_TRACE_PTR(pool_ptr), 0u, 0u, 0u,
                    TX_TRACE_BYTE_POOL_EVENTS);
    if (allocates != TX_NULL) {
        *allocates = pool_ptr->tx_byte_pool_performance_allocate_count;
    }
    if (releases != TX_NULL) {
        *releases = pool_ptr->tx_byte_pool_performance_release_count;
    }
    if (fragments_searched != TX_NULL) {
        *fragments_searched = pool_ptr->tx_byte_pool_performance_search_count;
    }
    if (merges != TX_NULL) {
        *merges = pool_ptr->tx_byte_pool_performance_merge_count;
    }
    if (splits != TX_NULL) {
        *splits = pool_ptr->tx_byte_pool_performance_split_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = pool_ptr->tx_byte_pool_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = pool_ptr->tx_byte_pool_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_byte_pool_performance_system_info_get(ULONG *allocates, ULONG *releases,
                                               ULONG *fragments_searched, ULONG *merges,
                                               ULONG *splits, ULONG *suspensions, ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BYTE_POOL__PERFORMANCE_SYSTEM_INFO_GET, 0u, 0u, 0u, 0u,
                    TX_TRACE_BYTE_POOL_EVENTS);
    if (allocates != TX_NULL) {
        *allocates = _tx_byte_pool_performance_allocate_count;
    }
    if (releases != TX_NULL) {
        *releases = _tx_byte_pool_performance_release_count;
    }
    if (fragments_searched != TX_NULL) {
        *fragments_searched = _tx_byte_pool_performance_search_count;
    }
    if (merges != TX_NULL) {
        *merges = _tx_byte_pool_performance_merge_count;
    }
    if (splits != TX_NULL) {
        *splits = _tx_byte_pool_performance_split_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = _tx_byte_pool_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = _tx_byte_pool_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_byte_pool_prioritize(TX_BYTE_POOL *pool_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BYTE_POOL_PRIORITIZE, TX_TRACE_PTR(pool_ptr),
                    pool_ptr->tx_byte_pool_suspended_count, TX_TRACE_STACK_PTR, 0u,
                    TX_TRACE_BYTE_POOL_EVENTS);
    _tx_thread_suspension_list_prioritize(&pool_ptr->tx_byte_pool_suspension_list);
    TX_RESTORE
    return TX_SUCCESS;
}
