/*
 * barrier.h - memory barriers of the host port (arch/aarch64/include/arch/barrier.h is the
 * reference): C11 fences, as strong as the AArch64 DMBs they stand for.
 */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

static inline void arch_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void arch_rmb(void)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
}

static inline void arch_wmb(void)
{
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

#endif /* ARCH_BARRIER_H */
