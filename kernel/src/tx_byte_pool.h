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

#define TX_BYTE_BLOCK_FREE  ((ALIGN_TYPE)0xFFFFEEEEUL)
#define TX_BYTE_HEADER_SIZE ((ULONG)(2U * sizeof(ALIGN_TYPE)))
/* Smallest pool tx_byte_pool_create accepts (as ThreadX). */
#define TX_BYTE_POOL_MIN ((ULONG)100U)
/* A split leaves a free block only if it could hold this many bytes. */
#define TX_BYTE_BLOCK_MIN ((ULONG)(2U * sizeof(ALIGN_TYPE)))

/* Accessors of a block header (tx_byte_pool.c). */
UCHAR *_tx_byte_block_next(UCHAR *block);
VOID _tx_byte_block_next_set(UCHAR *block, UCHAR *next);
ALIGN_TYPE _tx_byte_block_owner(UCHAR *block);
VOID _tx_byte_block_owner_set(UCHAR *block, ALIGN_TYPE owner);
/* Usable bytes of a block (any block but the end marker). */
ULONG _tx_byte_block_usable(UCHAR *block);

#endif /* TX_BYTE_POOL_H */
