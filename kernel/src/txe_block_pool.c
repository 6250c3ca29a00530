/*
 * txe_block_pool.c - argument and caller checks of the block pool services.
 */
#include "tx_internal.h"

static UINT block_pool_valid(TX_BLOCK_POOL *pool_ptr)
{
    return (pool_ptr != TX_NULL) && (pool_ptr->tx_block_pool_id == TX_BLOCK_POOL_ID);
}

static UINT block_pool_already_created(TX_BLOCK_POOL *pool_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_BLOCK_POOL *walk;
    ULONG left;
    UINT found = TX_FALSE;

    TX_DISABLE
    walk = _tx_block_pool_created_ptr;
    for (left = _tx_block_pool_created_count; left != 0U; left--) {
        if (walk == pool_ptr) {
            found = TX_TRUE;
            break;
        }
        walk = walk->tx_block_pool_created_next;
    }
    TX_RESTORE
    return found;
}

UINT _txe_block_pool_create(TX_BLOCK_POOL *pool_ptr, CHAR *name_ptr, ULONG block_size,
                            VOID *pool_start, ULONG pool_size, UINT pool_control_block_size)
{
    ULONG rounded;

    if ((pool_ptr == TX_NULL) || (pool_control_block_size != sizeof(TX_BLOCK_POOL))) {
        return TX_POOL_ERROR;
    }
    if (block_pool_already_created(pool_ptr) != 0U) {
        return TX_POOL_ERROR;
    }
    if (pool_start == TX_NULL) {
        return TX_PTR_ERROR;
    }
    /* At least one block, header included, after rounding the block size up. */
    rounded = (block_size + (ULONG)sizeof(ALIGN_TYPE) - 1U) & ~((ULONG)sizeof(ALIGN_TYPE) - 1U);
    if ((block_size == 0U) || (rounded < block_size) ||
        (pool_size < (rounded + (ULONG)sizeof(UCHAR *)))) {
        return TX_SIZE_ERROR;
    }
    if (!_tx_caller_threads_and_init()) {
        return TX_CALLER_ERROR;
    }
    return _tx_block_pool_create(pool_ptr, name_ptr, block_size, pool_start, pool_size);
}

UINT _txe_block_pool_delete(TX_BLOCK_POOL *pool_ptr)
{
    if (!block_pool_valid(pool_ptr)) {
        return TX_POOL_ERROR;
    }
    if (!_tx_caller_threads()) {
        return TX_CALLER_ERROR;
    }
    return _tx_block_pool_delete(pool_ptr);
}

UINT _txe_block_allocate(TX_BLOCK_POOL *pool_ptr, VOID **block_ptr, ULONG wait_option)
{
    if (!block_pool_valid(pool_ptr)) {
        return TX_POOL_ERROR;
    }
    if (block_ptr == TX_NULL) {
        return TX_PTR_ERROR;
    }
    if ((wait_option != TX_NO_WAIT) && !_tx_caller_may_wait()) {
        return TX_WAIT_ERROR;
    }
    return _tx_block_allocate(pool_ptr, block_ptr, wait_option);
}

UINT _txe_block_pool_info_get(TX_BLOCK_POOL *pool_ptr, CHAR **name, ULONG *available_blocks,
                              ULONG *total_blocks, TX_THREAD **first_suspended,
                              ULONG *suspended_count, TX_BLOCK_POOL **next_pool)
{
    if (!block_pool_valid(pool_ptr)) {
        return TX_POOL_ERROR;
    }
    return _tx_block_pool_info_get(pool_ptr, name, available_blocks, total_blocks, first_suspended,
                                   suspended_count, next_pool);
}

UINT _txe_block_pool_prioritize(TX_BLOCK_POOL *pool_ptr)
{
    if (!block_pool_valid(pool_ptr)) {
        return TX_POOL_ERROR;
    }
    return _tx_block_pool_prioritize(pool_ptr);
}

/*
 * The block names its pool in the header in front of it. Reject what cannot be an allocated
 * block of a live pool: no pool there (free block, garbage), or an address that is not a block
 * boundary inside that pool.
 */
UINT _txe_block_release(VOID *block_ptr)
{
    TX_BLOCK_POOL *pool_ptr;
    UCHAR *block;
    ALIGN_TYPE stride;
    ALIGN_TYPE offset;

    if (block_ptr == TX_NULL) {
        return TX_PTR_ERROR;
    }
    block = (UCHAR *)block_ptr - sizeof(UCHAR *);
    pool_ptr = (TX_BLOCK_POOL *)*(VOID **)(VOID *)block;
    if (!block_pool_valid(pool_ptr)) {
        return TX_PTR_ERROR;
    }
    stride = (ALIGN_TYPE)pool_ptr->tx_block_pool_block_size + (ALIGN_TYPE)sizeof(UCHAR *);
    if ((ALIGN_TYPE)block < (ALIGN_TYPE)pool_ptr->tx_block_pool_start) {
        return TX_PTR_ERROR;
    }
    offset = (ALIGN_TYPE)block - (ALIGN_TYPE)pool_ptr->tx_block_pool_start;
    if (((offset % stride) != 0U) ||
        ((offset / stride) >= (ALIGN_TYPE)pool_ptr->tx_block_pool_total)) {
        return TX_PTR_ERROR;
    }
    return _tx_block_release(block_ptr);
}
