/*
 * cpu.h - which CPU is running: its index (0 = the boot CPU) and its MPIDR affinity. A
 * low-level header: drivers use it for their per-CPU registers (GIC redistributors, SGIs).
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

#include "arch/sysreg.h"

/* vCPUs the port brings up (index 0 = the boot CPU, 1.. in the order the platform starts them). */
#define ARCH_MAX_CPUS 8

/* Each CPU's fault stack (vectors.S fault_entry): 1 << ARCH_FAULT_STACK_SHIFT bytes, CPU i's
 * that many times i below _fault_stack_top; image.ld reserves ARCH_MAX_CPUS of them. */
#define ARCH_FAULT_STACK_SHIFT 13

/* This CPU's index, kept in TPIDR_EL1 (set at entry; the vectors use EL0's registers as
 * scratch, never this one). */
static inline unsigned int arch_cpu_index(void)
{
    uint64_t v;

    __asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
    return (unsigned int)v;
}

/* MPIDR_EL1's affinity fields (Aff3..Aff0), the form PSCI and the tree's cpu nodes use
 * (Arm ARM D17.2.101). */
#define MPIDR_AFF_MASK 0xff00ffffffULL
static inline uint64_t arch_cpu_mpidr(void)
{
    return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

#endif /* ARCH_CPU_H */
