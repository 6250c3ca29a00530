/*
 * cpu.h - host port: which simulated core is running (arch/aarch64/include/arch/cpu.h's API, for
 * the platform code the host tests build). The core of a host pthread is the kernel's
 * TX_ARCH_CORE_ID (tx_port.h); there is no MPIDR, its stand-in is the index.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

/* As the AArch64 port: the platform's tables of vCPUs are this long. */
#define ARCH_MAX_CPUS 8

extern __thread unsigned int _tx_host_core;

static inline unsigned int arch_cpu_index(void)
{
    return _tx_host_core;
}

#define MPIDR_AFF_MASK 0xff00ffffffULL
static inline uint64_t arch_cpu_mpidr(void)
{
    return (uint64_t)_tx_host_core;
}

#endif /* ARCH_CPU_H */
