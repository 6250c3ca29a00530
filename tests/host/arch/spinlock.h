/*
 * arch/spinlock.h for host tests: the model runs one CPU at a time, so a lock is the IRQ mask.
 * Found through -Itests/host.
 */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <stdint.h>

#include "arch/sysreg.h"

struct arch_spinlock {
    int unused;
};

#define ARCH_SPINLOCK_INIT                                                                         \
    {                                                                                              \
        0                                                                                          \
    }

static inline uint64_t arch_spin_lock_irqsave(struct arch_spinlock *l)
{
    (void)l;
    return irq_save();
}

static inline void arch_spin_unlock_irqrestore(struct arch_spinlock *l, uint64_t daif)
{
    (void)l;
    irq_restore(daif);
}

#endif /* ARCH_SPINLOCK_H */
