/*
 * psci.h - Power State Coordination Interface calls (DEN0022D), issued with HVC to Xen.
 */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H

#include "arch/asm.h"

/* Function IDs, SMC32 calling convention (DEN0022D 5.1). */
#define PSCI_VERSION      U(0x84000000)
#define PSCI_SYSTEM_OFF   U(0x84000008)
#define PSCI_SYSTEM_RESET U(0x84000009)

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
#endif

#endif /* ARCH_PSCI_H */
