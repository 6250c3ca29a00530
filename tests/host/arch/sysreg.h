/*
 * arch/sysreg.h for host tests: the IRQ mask of the CPU the caller runs on, as functions that a
 * test's model of several CPUs implements (tests/host/test_gic.c), so that a driver compiled
 * unchanged on the host masks and unmasks the model's CPUs. Found through -Itests/host.
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <stdint.h>

uint64_t irq_save(void);
void irq_restore(uint64_t daif);
void irq_enable(void);
void irq_disable(void);

#endif /* ARCH_SYSREG_H */
