/*
 * xen_atomic.h - atomic read-modify-write on words shared with Xen.
 *
 * Xen sets event bits and grant flags from other physical CPUs at any time, so updates of those
 * words must be atomic. Written as exclusive-load/store loops (Arm ARM B2.9 "Synchronization and
 * semaphores") instead of __atomic builtins because GCC's default -moutline-atomics for
 * aarch64-linux-gnu would call libgcc helpers that a freestanding image does not link.
 * Host builds (unit tests) use the builtins.
 */
#ifndef XEN_ATOMIC_H
#define XEN_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__aarch64__)

static inline void xen_atomic_or64(volatile uint64_t *p, uint64_t bits)
{
    uint64_t tmp;
    uint32_t fail;
    __asm__ volatile("1: ldxr %0, %2\n"
                     "   orr %0, %0, %3\n"
                     "   stlxr %w1, %0, %2\n"
                     "   cbnz %w1, 1b\n"
                     : "=&r"(tmp), "=&r"(fail), "+Q"(*p)
                     : "r"(bits)
                     : "memory");
}

static inline void xen_atomic_andnot64(volatile uint64_t *p, uint64_t bits)
{
    uint64_t tmp;
    uint32_t fail;
    __asm__ volatile("1: ldxr %0, %2\n"
                     "   bic %0, %0, %3\n"
                     "   stlxr %w1, %0, %2\n"
                     "   cbnz %w1, 1b\n"
                     : "=&r"(tmp), "=&r"(fail), "+Q"(*p)
                     : "r"(bits)
                     : "memory");
}

static inline uint64_t xen_atomic_xchg64(volatile uint64_t *p, uint64_t v)
{
    uint64_t old;
    uint32_t fail;
    __asm__ volatile("1: ldaxr %0, %2\n"
                     "   stlxr %w1, %3, %2\n"
                     "   cbnz %w1, 1b\n"
                     : "=&r"(old), "=&r"(fail), "+Q"(*p)
                     : "r"(v)
                     : "memory");
    return old;
}

/* Replace *p by `new_val` if it equals `old`; returns the value found (== old on success). */
static inline uint16_t xen_atomic_cmpxchg16(volatile uint16_t *p, uint16_t old, uint16_t new_val)
{
    uint32_t found, fail;
    __asm__ volatile("1: ldaxrh %w0, %2\n"
                     "   cmp %w0, %w3\n"
                     "   b.ne 2f\n"
                     "   stlxrh %w1, %w4, %2\n"
                     "   cbnz %w1, 1b\n"
                     "2:\n"
                     : "=&r"(found), "=&r"(fail), "+Q"(*p)
                     : "r"((uint32_t)old), "r"((uint32_t)new_val)
                     : "memory", "cc");
    return (uint16_t)found;
}

#else

static inline void xen_atomic_or64(volatile uint64_t *p, uint64_t bits)
{
    __atomic_fetch_or(p, bits, __ATOMIC_SEQ_CST);
}

static inline void xen_atomic_andnot64(volatile uint64_t *p, uint64_t bits)
{
    __atomic_fetch_and(p, ~bits, __ATOMIC_SEQ_CST);
}

static inline uint64_t xen_atomic_xchg64(volatile uint64_t *p, uint64_t v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

static inline uint16_t xen_atomic_cmpxchg16(volatile uint16_t *p, uint16_t old, uint16_t new_val)
{
    __atomic_compare_exchange_n(p, &old, new_val, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return old;
}

#endif

/* Full barrier between our stores to shared memory and our next loads from it. */
static inline void xen_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

#endif /* XEN_ATOMIC_H */
