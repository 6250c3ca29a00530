/*
 * barrier.h - memory barriers for memory shared with other agents (Xen, other domains, other
 * CPUs), as the CPU port supplies them to portable code (the Xen layer, the kernel's users).
 * Inner Shareable DMBs (Arm ARM B2.3.12 "Data Memory Barrier"): every CPU of a domain and the
 * hypervisor's view of guest memory are in the Inner Shareable domain.
 * Atomic read-modify-writes are the compiler's __atomic builtins, inline because every file is
 * built with -mno-outline-atomics (arch/aarch64/aarch64.mk): no libgcc helpers in the image.
 */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

/* All earlier loads and stores before all later ones. */
static inline void arch_mb(void)
{
    __asm__ volatile("dmb ish" ::: "memory");
}

/* Earlier loads before later loads and stores. */
static inline void arch_rmb(void)
{
    __asm__ volatile("dmb ishld" ::: "memory");
}

/* Earlier stores before later stores. */
static inline void arch_wmb(void)
{
    __asm__ volatile("dmb ishst" ::: "memory");
}

#endif /* ARCH_BARRIER_H */
