/*
 * counter.h - the Arm generic counter (Arm ARM D11.2), for the port and for applications that
 * time things more finely than a tick. Under Xen, CNTVCT_EL0 counts from the domain's creation
 * (Xen sets CNTVOFF_EL2 then) and CNTPCT_EL0 from the machine's start (EL1 may read it: Xen sets
 * CNTHCTL_EL2.EL1PCTEN). Both tick at CNTFRQ_EL0.
 */
#ifndef ARCH_COUNTER_H
#define ARCH_COUNTER_H

#include <stdint.h>

/* Virtual count. The isb keeps the read from being taken early (Arm ARM D11.2.2). */
static inline uint64_t arch_counter_now(void)
{
    uint64_t v;

    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
}

/* Physical count. */
static inline uint64_t arch_counter_phys_now(void)
{
    uint64_t v;

    __asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v)::"memory");
    return v;
}

/* Counter frequency in Hz (CNTFRQ_EL0 bits [31:0]; the upper half is RES0). */
static inline uint64_t arch_counter_freq(void)
{
    uint64_t v;

    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v & 0xffffffffu;
}

static inline uint64_t arch_counter_to_us(uint64_t counts)
{
    return counts * 1000000u / arch_counter_freq();
}

/* Nanoseconds: under QEMU -icount shift=0, instructions. */
static inline uint64_t arch_counter_to_ns(uint64_t counts)
{
    return counts * 1000000000u / arch_counter_freq();
}

#endif /* ARCH_COUNTER_H */
