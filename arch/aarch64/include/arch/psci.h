/*
 * psci.h - Power State Coordination Interface calls (DEN0022D), issued with HVC to Xen.
 */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H

#include "arch/asm.h"

/* Function IDs, SMC32 calling convention (DEN0022D 5.1). */
#define PSCI_VERSION          U(0x84000000)
#define PSCI_SYSTEM_OFF       U(0x84000008)
#define PSCI_SYSTEM_RESET     U(0x84000009)
#define PSCI_CPU_OFF          U(0x84000002)
#define PSCI_CPU_ON_64        U(0xC4000003) /* SMC64: target MPIDR, entry PA, context ID (5.1.4) */
#define PSCI_AFFINITY_INFO_64 U(0xC4000004)

/* Return codes (DEN0022D 5.2.2). */
#define PSCI_SUCCESS            0
#define PSCI_E_NOT_SUPPORTED    (-1)
#define PSCI_E_INVALID_PARAMS   (-2)
#define PSCI_E_DENIED           (-3)
#define PSCI_E_ALREADY_ON       (-4)
#define PSCI_E_ON_PENDING       (-5)
#define PSCI_E_INTERNAL_FAILURE (-6)
#define PSCI_E_NOT_PRESENT      (-7)
#define PSCI_E_DISABLED         (-8)
#define PSCI_E_INVALID_ADDRESS  (-9)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* The conduit the device tree's PSCI node names: SMC if `smc`, else HVC (the default). */
void psci_set_conduit(bool smc);

/* Stop this domain (SYSTEM_OFF). Never returns: if PSCI fails, parks the CPU in WFI. */
__attribute__((noreturn)) void psci_system_off(void);
__attribute__((noreturn)) void psci_system_reset(void);
/* Returns the PSCI version word (major << 16 | minor), or a negative PSCI error. */
int64_t psci_version(void);
/* Power on the CPU `mpidr` at physical `entry` (MMU off, EL1) with x0 = `context`: PSCI_SUCCESS
 * or a negative PSCI error (PSCI_E_ALREADY_ON, PSCI_E_INVALID_PARAMS for no such CPU, ...). */
int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
/* Power this CPU off (the domain goes on). Never returns. */
__attribute__((noreturn)) void psci_cpu_off(void);
/* AFFINITY_INFO for one CPU: 0 on, 1 off, 2 on pending, or a negative PSCI error. */
int64_t psci_affinity_info(uint64_t mpidr);
#endif

#endif /* ARCH_PSCI_H */
