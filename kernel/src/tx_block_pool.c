/*
 * tx_block_pool.c - pools of fixed-size blocks.
 *
 * Each block is preceded by one pointer-sized header: while the block is free it links to the
 * next free block, while it is allocated it points at the owning pool, which is how
 * tx_block_release finds the pool from the block alone.
 */
#include "tx_trace.h"

#define BLOCK_HEADER_SIZE ((ULONG)sizeof(UCHAR *))

static UCHAR **block_header(UCHAR *block)
{
    return (UCHAR **)(VOID *)block;
}

static VOID block_pool_cleanup(TX_THREAD *thread_ptr, ULONG suspension_sequence)
{
    TX_BLOCK_POOL *pool_ptr = (TX_BLOCK_POOL *)thread_ptr->tx_thread_suspend_control_block;

    (VOID) suspension_sequence;
    if ((pool_ptr == TX_NULL) || (pool_ptr->tx_block_pool_id != TX_BLOCK_POOL_ID)) {
        return;
    }
    _tx_thread_suspension_list_remove(&pool_ptr->tx_block_pool_suspension_list,
                                      &pool_ptr->tx_block_pool_suspended_count, thread_ptr);
    if (thread_ptr->tx_thread_suspend_status == thread_ptr->tx_thread_suspend_timeout_status) {
        pool_ptr->tx_block_pool_performance_timeout_count++;
        _tx_block_pool_performance_timeout_count++;
    }
}

static VOID block_allocate_accounting(TX_BLOCK_POOL *pool_ptr)
{
    pool_ptr->tx_block_pool_performance_allocate_count++;
    _tx_block_pool_performance_allocate_count++;
}

UINT _tx_block_pool_create(TX_BLOCK_POOL *pool_ptr, CHAR *name_ptr, ULONG block_size,
                           VOID *pool_start, ULONG pool_size)
{
    TX_INTERRUPT_SAVE_AREA
    /* Round up so every block (and so every header) stays ALIGN_TYPE aligned. */
    ULONG rounded =
        (block_size + (ULONG)sizeof(ALIGN_TYPE) - 1U) & ~((ULONG)sizeof(ALIGN_TYPE) - 1U);
    ULONG stride = rounded + BLOCK_HEADER_SIZE;
    UINT blocks;
    UINT i;
    UCHAR *block;

    /* Room for no block: refused here, not only in _txe_, as ThreadX does with
     * TX_DISABLE_ERROR_CHECKING too (a size so large that the rounding or the header wraps
     * around has no room either). The control block is left as it was. */
    if ((rounded < block_size) || (stride < rounded) || (pool_size < stride)) {
        return TX_SIZE_ERROR;
    }
    blocks = (UINT)(pool_size / stride);

    _tx_memory_set(pool_ptr, 0, sizeof(TX_BLOCK_POOL));
    pool_ptr->tx_block_pool_name = name_ptr;
    pool_ptr->tx_block_pool_start = (UCHAR *)pool_start;
    pool_ptr->tx_block_pool_size = pool_size;
    pool_ptr->tx_block_pool_block_size = (UINT)rounded;
    pool_ptr->tx_block_pool_total = blocks;
    pool_ptr->tx_block_pool_available = blocks;

    /* Free list in address order. */
    block = (UCHAR *)pool_start;
    for (i = 0; i < blocks; i++) {
        *block_header(block) = ((i + 1U) < blocks) ? &block[stride] : TX_NULL;
        block = &block[stride];
    }
    pool_ptr->tx_block_pool_available_list = (UCHAR *)pool_start;

    TX_DISABLE
    TX_TRACE_REGISTER(TX_TRACE_OBJECT_TYPE_BLOCK_POOL, pool_ptr, name_ptr, blocks, rounded);
    TX_TRACE_INSERT(TX_TRACE_BLOCK_POOL_CREATE, TX_TRACE_PTR(pool_ptr), TX_TRACE_PTR(pool_start),
                    blocks, rounded, TX_TRACE_BLOCK_POOL_EVENTS);
    pool_ptr->tx_block_pool_id = TX_BLOCK_POOL_ID;
    TX_CREATED_LIST_INSERT(_tx_block_pool_created_ptr, _tx_block_pool_created_count, pool_ptr,
                           tx_block_pool_created_next, tx_block_pool_created_previous);
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_block_pool_delete(TX_BLOCK_POOL *pool_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BLOCK_POOL_DELETE, TX_TRACE_PTR(pool_ptr), TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_BLOCK_POOL_EVENTS);
    TX_TRACE_UNREGISTER(pool_ptr);
    pool_ptr->tx_block_pool_id = TX_CLEAR_ID;
    TX_CREATED_LIST_REMOVE(_tx_block_pool_created_ptr, _tx_block_pool_created_count, pool_ptr,
                           tx_block_pool_created_next, tx_block_pool_created_previous);
    _tx_thread_suspension_list_release_all(&pool_ptr->tx_block_pool_suspension_list,
                                           &pool_ptr->tx_block_pool_suspended_count, TX_DELETED);
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_block_allocate(TX_BLOCK_POOL *pool_ptr, VOID **block_ptr, ULONG wait_option)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    UCHAR *block;
    UINT status;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BLOCK_ALLOCATE, TX_TRACE_PTR(pool_ptr), TX_TRACE_PTR(block_ptr),
                    wait_option, pool_ptr->tx_block_pool_available, TX_TRACE_BLOCK_POOL_EVENTS);
    block = pool_ptr->tx_block_pool_available_list;
    if (block != TX_NULL) {
        pool_ptr->tx_block_pool_available_list = *block_header(block);
        pool_ptr->tx_block_pool_available--;
        *block_header(block) = (UCHAR *)pool_ptr;
        block_allocate_accounting(pool_ptr);
        *block_ptr = block + BLOCK_HEADER_SIZE;
        TX_RESTORE
        return TX_SUCCESS;
    }
    if (wait_option == TX_NO_WAIT) {
        TX_RESTORE
        return TX_NO_MEMORY;
    }
    /* _tx_block_release stores the block it hands over through this pointer. */
    thread_ptr = _tx_thread_current_ptr;
    if (thread_ptr != TX_NULL) {
        thread_ptr->tx_thread_additional_suspend_info = block_ptr;
        pool_ptr->tx_block_pool_performance_suspension_count++;
        _tx_block_pool_performance_suspension_count++;
    }
    status = _tx_thread_suspend_on(&pool_ptr->tx_block_pool_suspension_list,
                                   &pool_ptr->tx_block_pool_suspended_count, pool_ptr,
                                   TX_BLOCK_MEMORY, block_pool_cleanup, wait_option, TX_NO_MEMORY);
    TX_RESTORE
    return status;
}

UINT _tx_block_release(VOID *block_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    UCHAR *block = (UCHAR *)block_ptr - BLOCK_HEADER_SIZE;
    TX_BLOCK_POOL *pool_ptr;
    TX_THREAD *thread_ptr;

    TX_DISABLE
    pool_ptr = (TX_BLOCK_POOL *)(VOID *)*block_header(block);
    TX_TRACE_INSERT(TX_TRACE_BLOCK_RELEASE, TX_TRACE_PTR(pool_ptr), TX_TRACE_PTR(block_ptr),
                    pool_ptr->tx_block_pool_suspended_count, TX_TRACE_STACK_PTR,
                    TX_TRACE_BLOCK_POOL_EVENTS);
    pool_ptr->tx_block_pool_performance_release_count++;
    _tx_block_pool_performance_release_count++;

    thread_ptr = pool_ptr->tx_block_pool_suspension_list;
    if (thread_ptr != TX_NULL) {
        /* Straight to the first waiter; the header keeps pointing at the pool. */
        _tx_thread_suspension_list_remove(&pool_ptr->tx_block_pool_suspension_list,
                                          &pool_ptr->tx_block_pool_suspended_count, thread_ptr);
        *(VOID **)thread_ptr->tx_thread_additional_suspend_info = block_ptr;
        block_allocate_accounting(pool_ptr);
        _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
        TX_RESTORE
        _tx_thread_preempt_check();
        return TX_SUCCESS;
    }
    *block_header(block) = pool_ptr->tx_block_pool_available_list;
    pool_ptr->tx_block_pool_available_list = block;
    pool_ptr->tx_block_pool_available++;
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_block_pool_info_get(TX_BLOCK_POOL *pool_ptr, CHAR **name, ULONG *available_blocks,
                             ULONG *total_blocks, TX_THREAD **first_suspended,
                             ULONG *suspended_count, TX_BLOCK_POOL **next_pool)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BLOCK_POOL_INFO_GET, TX_TRACE_PTR(pool_ptr), 0u, 0u, 0u,
                    TX_TRACE_BLOCK_POOL_EVENTS);
    if (name != TX_NULL) {
        *name = pool_ptr->tx_block_pool_name;
    }
    if (available_blocks != TX_NULL) {
        *available_blocks = pool_ptr->tx_block_pool_available;
    }
    if (total_blocks != TX_NULL) {
        *total_blocks = pool_ptr->tx_block_pool_total;
    }
    if (first_suspended != TX_NULL) {
        *first_suspended = pool_ptr->tx_block_pool_suspension_list;
    }
    if (suspended_count != TX_NULL) {
        *suspended_count = pool_ptr->tx_block_pool_suspended_count;
    }
    if (next_pool != TX_NULL) {
        *next_pool = pool_ptr->tx_block_pool_created_next;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_block_pool_performance_info_get(TX_BLOCK_POOL *pool_ptr, ULONG *allocates, ULONG *releases,
                                         ULONG *suspensions, ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    if ((pool_ptr == TX_NULL) || (pool_ptr->tx_block_pool_id != TX_BLOCK_POOL_ID)) {
        return TX_PTR_ERROR;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BLOCK_POOL_PERFORMANCE_INFO_GET, TX_TRACE_PTR(pool_ptr), 0u, 0u, 0u,
                    TX_TRACE_BLOCK_POOL_EVENTS);
    if (allocates != TX_NULL) {
        *allocates = pool_ptr->tx_block_pool_performance_allocate_count;
    }
    if (releases != TX_NULL) {
        *releases = pool_ptr->tx_block_pool_performance_release_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = pool_ptr->tx_block_pool_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = pool_ptr->tx_block_pool_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_block_pool_performance_system_info_get(ULONG *allocates, ULONG *releases,
                                                ULONG *suspensions, ULONG *timeouts)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BLOCK_POOL__PERFORMANCE_SYSTEM_INFO_GET, 0u, 0u, 0u, 0u,
                    TX_TRACE_BLOCK_POOL_EVENTS);
    if (allocates != TX_NULL) {
        *allocates = _tx_block_pool_performance_allocate_count;
    }
    if (releases != TX_NULL) {
        *releases = _tx_block_pool_performance_release_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = _tx_block_pool_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = _tx_block_pool_performance_timeout_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_block_pool_prioritize(TX_BLOCK_POOL *pool_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_BLOCK_POOL_PRIORITIZE, TX_TRACE_PTR(pool_ptr),
                    pool_ptr->tx_block_pool_suspended_count, TX_TRACE_STACK_PTR, 0u,
                    TX_TRACE_BLOCK_POOL_EVENTS);
    _tx_thread_suspension_list_prioritize(&pool_ptr->tx_block_pool_suspension_list);
    TX_RESTORE
    return TX_SUCCESS;
}
