/*
 * tx_byte_pool.h - layout of a byte pool's memory, shared by the byte pool services, their
 * checks and the tests that audit a pool.
 *
 * The pool is a chain of blocks in address order. Each block starts with a header of two
 * ALIGN_TYPE words: the address of the next block's header, and the owner word - the pool's
 * address while the block is allocated, TX_BYTE_BLOCK_FREE while it is free. The chain ends with
 * a header-only block at the very end of the pool that is permanently allocated and links back
 * to the first block, so walks wrap around and merging never runs past the end. A block's size
 * is implied by its successor; the usable bytes of a block are (next - block - header).
 */
#ifndef TX_BYTE_POOL_H
#define TX_BYTE_POOL_H

#include "tx_internal.h"

#define TX_BYTE_BLOCK_FREE    ((ALIGN_TYPE)0xFFFFEEEEUL)
#define TX_BYTE_HEADER_SIZE   ((ULONG)(2 * sizeof(ALIGN_TYPE)))
/* Smallest pool tx_byte_pool_create accepts (as ThreadX). */
#define TX_BYTE_POOL_MIN      ((ULONG)100)
/* A split leaves a free block only if it could hold this many bytes. */
#define TX_BYTE_BLOCK_MIN     ((ULONG)(2 * sizeof(ALIGN_TYPE)))

static inline UCHAR *_tx_byte_block_next(UCHAR *block)
{
    return *(UCHAR **)(VOID *)block;
}

static inline VOID _tx_byte_block_next_set(UCHAR *block, UCHAR *next)
{
    *(UCHAR **)(VOID *)block = next;
}

static inline ALIGN_TYPE _tx_byte_block_owner(UCHAR *block)
{
    return ((ALIGN_TYPE *)(VOID *)block)[1];
}

static inline VOID _tx_byte_block_owner_set(UCHAR *block, ALIGN_TYPE owner)
{
    ((ALIGN_TYPE *)(VOID *)block)[1] = owner;
}

/* Usable bytes of a block (valid for any block but the end marker). */
static inline ULONG _tx_byte_block_usable(UCHAR *block)
{
    return (ULONG)(_tx_byte_block_next(block) - block) - TX_BYTE_HEADER_SIZE;
}

#endif /* TX_BYTE_POOL_H */
