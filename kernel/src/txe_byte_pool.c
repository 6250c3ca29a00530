/*
 * txe_byte_pool.c - argument and caller checks of the byte pool services. A search can be long,
 * so allocate and release are refused in ISR and timer context (as in ThreadX).
 */
#include "tx_byte_pool.h"

static UINT byte_pool_valid(TX_BYTE_POOL *pool_ptr)
{
    return (pool_ptr != TX_NULL) && (pool_ptr->tx_byte_pool_id == TX_BYTE_POOL_ID);
}

static UINT byte_pool_already_created(TX_BYTE_POOL *pool_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_BYTE_POOL *walk;
    ULONG left;
    UINT found = TX_FALSE;

    TX_DISABLE
    walk = _tx_byte_pool_created_ptr;
    for (left = _tx_byte_pool_created_count; left != 0U; left--) {
        if (walk == pool_ptr) {
            found = TX_TRUE;
            break;
        }
        walk = walk->tx_byte_pool_created_next;
    }
    TX_RESTORE
    return found;
}

UINT _txe_byte_pool_create(TX_BYTE_POOL *pool_ptr, CHAR *name_ptr, VOID *pool_start,
                           ULONG pool_size, UINT pool_control_block_size)
{
    if ((pool_ptr == TX_NULL) || (pool_control_block_size != sizeof(TX_BYTE_POOL))) {
        return TX_POOL_ERROR;
    }
    if (byte_pool_already_created(pool_ptr) != 0U) {
        return TX_POOL_ERROR;
    }
    if (pool_start == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if (pool_size < TX_BYTE_POOL_MIN) {
        return TX_SIZE_ERROR;
    }
    if (!_tx_caller_threads_and_init()) {
        return TX_CALLER_ERROR;
    }
    return _tx_byte_pool_create(pool_ptr, name_ptr, pool_start, pool_size);
}

UINT _txe_byte_pool_delete(TX_BYTE_POOL *pool_ptr)
{
    if (!byte_pool_valid(pool_ptr)) {
        return TX_POOL_ERROR;
    }
    if (!_tx_caller_threads()) {
        return TX_CALLER_ERROR;
    }
    return _tx_byte_pool_delete(pool_ptr);
}

UINT _txe_byte_allocate(TX_BYTE_POOL *pool_ptr, VOID **memory_ptr, ULONG memory_size,
                        ULONG wait_option)
{
    if (!byte_pool_valid(pool_ptr)) {
        return TX_POOL_ERROR;
    }
    if (memory_ptr == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if ((memory_size == 0U) || (memory_size > pool_ptr->tx_byte_pool_size)) {
        return TX_SIZE_ERROR;
    }
    if ((wait_option != TX_NO_WAIT) && !_tx_caller_may_wait()) {
        return TX_WAIT_ERROR;
    }
    if (!_tx_caller_threads_and_init()) {
        return TX_CALLER_ERROR;
    }
    return _tx_byte_allocate(pool_ptr, memory_ptr, memory_size, wait_option);
}

UINT _txe_byte_pool_info_get(TX_BYTE_POOL *pool_ptr, CHAR **name, ULONG *available_bytes,
                             ULONG *fragments, TX_THREAD **first_suspended, ULONG *suspended_count,
                             TX_BYTE_POOL **next_pool)
{
    if (!byte_pool_valid(pool_ptr)) {
        return TX_POOL_ERROR;
    }
    return _tx_byte_pool_info_get(pool_ptr, name, available_bytes, fragments, first_suspended,
                                  suspended_count, next_pool);
}

UINT _txe_byte_pool_prioritize(TX_BYTE_POOL *pool_ptr)
{
    if (!byte_pool_valid(pool_ptr)) {
        return TX_POOL_ERROR;
    }
    return _tx_byte_pool_prioritize(pool_ptr);
}

/*
 * The owner word in front of the memory names the pool. Reject what cannot be an allocated block
 * of a live pool: misaligned, a free block (double release), garbage, or outside that pool.
 */
UINT _txe_byte_release(VOID *memory_ptr)
{
    TX_BYTE_POOL *pool_ptr;
    UCHAR *block;
    UCHAR *end_marker;

    if ((memory_ptr == TX_NULL) || (((ALIGN_TYPE)memory_ptr % sizeof(ALIGN_TYPE)) != 0U)) {
        return TX_PTR_ERROR;
    }
    block = (UCHAR *)memory_ptr - TX_BYTE_HEADER_SIZE;
    pool_ptr = (TX_BYTE_POOL *)_tx_byte_block_owner(block);
    if ((_tx_byte_block_owner(block) == TX_BYTE_BLOCK_FREE) ||
        (((ALIGN_TYPE)pool_ptr % sizeof(ALIGN_TYPE)) != 0U) || !byte_pool_valid(pool_ptr)) {
        return TX_PTR_ERROR;
    }
    /* Within the pool, and not the end marker. */
    end_marker = &pool_ptr->tx_byte_pool_start[pool_ptr->tx_byte_pool_size - TX_BYTE_HEADER_SIZE];
    if ((block < pool_ptr->tx_byte_pool_start) || (block >= end_marker)) {
        return TX_PTR_ERROR;
    }
    if (!_tx_caller_threads_and_init()) {
        return TX_CALLER_ERROR;
    }
    return _tx_byte_release(memory_ptr);
}
