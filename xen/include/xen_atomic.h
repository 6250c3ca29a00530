/*
 * xen_atomic.h - atomics and ordering on memory shared with Xen and with other domains: the one
 * vocabulary of the Xen layer (event words, grant flags, rings, vchan notify bytes).
 *
 * Xen sets event bits and grant flags from other physical CPUs at any time, so updates of those
 * words must be atomic: the compiler's __atomic builtins (inline on AArch64: the port builds with
 * -mno-outline-atomics). Barriers are the CPU port's (arch/barrier.h): the one CPU-specific
 * header of the Xen layer besides the hypercall stubs the port supplies.
 */
#ifndef XEN_ATOMIC_H
#define XEN_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/barrier.h"

/* The __atomic builtins write through `p`, which readability-non-const-parameter does not see. */
/* NOLINTBEGIN(readability-non-const-parameter) */

static inline void xen_atomic_or64(volatile uint64_t *p, uint64_t bits)
{
    (void)__atomic_fetch_or(p, bits, __ATOMIC_SEQ_CST);
}

static inline void xen_atomic_andnot64(volatile uint64_t *p, uint64_t bits)
{
    (void)__atomic_fetch_and(p, ~bits, __ATOMIC_SEQ_CST);
}

static inline uint64_t xen_atomic_xchg64(volatile uint64_t *p, uint64_t v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

/* Replace *p by `new_val` if it equals `old`; returns the value found (== old on success). */
static inline uint16_t xen_atomic_cmpxchg16(volatile uint16_t *p, uint16_t old, uint16_t new_val)
{
    (void)__atomic_compare_exchange_n(p, &old, new_val, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return old;
}

/* Byte-wide set / clear returning the previous value (vchan's notify bytes). */
static inline uint8_t xen_atomic_fetch_or8(uint8_t *p, uint8_t bits)
{
    return __atomic_fetch_or(p, bits, __ATOMIC_SEQ_CST);
}

static inline uint8_t xen_atomic_fetch_andnot8(uint8_t *p, uint8_t bits)
{
    return __atomic_fetch_and(p, (uint8_t)~bits, __ATOMIC_SEQ_CST);
}

/* One read or write of a shared index: acquire when reading what the peer published, release
 * when publishing ours, relaxed (but exactly once) otherwise. */
static inline uint32_t xen_load_acquire32(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline uint32_t xen_load_once32(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void xen_store_release32(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}
/* NOLINTEND(readability-non-const-parameter) */

/* Full barrier between our stores to shared memory and our next loads from it. */
static inline void xen_mb(void)
{
    arch_mb();
}

/* Earlier loads (the peer's data) before later accesses. */
static inline void xen_rmb(void)
{
    arch_rmb();
}

/* Earlier stores (our data) before later stores (the index that publishes it). */
static inline void xen_wmb(void)
{
    arch_wmb();
}

#endif /* XEN_ATOMIC_H */
