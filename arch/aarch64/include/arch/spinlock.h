/*
 * spinlock.h - a lock between CPUs for short critical sections outside the kernel (the console,
 * the GIC driver's tables), taken with this CPU's IRQs masked. It nests on one CPU (a fault
 * report printed while the console lock is held must not deadlock its own CPU).
 * Exclusives need normal cacheable memory: use only once the MMU is on.
 */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/cpu.h"
#include "arch/sysreg.h"

struct arch_spinlock {
    uint32_t owner; /* CPU index + 1 of the holder, 0: free */
    uint32_t depth; /* the holder's nesting */
};

#define ARCH_SPINLOCK_INIT                                                                         \
    {                                                                                              \
        0u, 0u                                                                                     \
    }

/* Mask IRQs, then take `l`; returns the DAIF to give back to arch_spin_unlock_irqrestore. */
static inline uint64_t arch_spin_lock_irqsave(struct arch_spinlock *l)
{
    uint64_t daif = irq_save();
    uint32_t me = arch_cpu_index() + 1u;
    uint32_t expected = 0u;

    if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
        l->depth++;
        return daif;
    }
    while (!__atomic_compare_exchange_n(&l->owner, &expected, me, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED)) {
        expected = 0u;
        __asm__ volatile("yield" ::: "memory");
    }
    l->depth = 1u;
    return daif;
}

static inline void arch_spin_unlock_irqrestore(struct arch_spinlock *l, uint64_t daif)
{
    if (--l->depth == 0u) {
        __atomic_store_n(&l->owner, 0u, __ATOMIC_RELEASE);
    }
    irq_restore(daif);
}

#endif /* ARCH_SPINLOCK_H */
