/*
 * smp.c - secondary CPUs: started through PSCI CPU_ON (DEN0022D 5.6) at head.S's
 * secondary_entry, each with its own exception stack, then handed to the platform
 * (platform_secondary_main). The boot CPU is index 0; the platform numbers the others in the
 * order it starts them and passes the index as CPU_ON's context ID, which the CPU keeps in
 * TPIDR_EL1 (arch_cpu_index()).
 */
#include "arch/arch.h"
#include "arch/mmu.h"
#include "arch/psci.h"

#define ARCH_CPU_STACK_SIZE 8192

/* Each CPU's exception stack top: read by secondary_high with the MMU on (cacheable, so the boot
 * CPU's writes are seen) and by every dispatch (vectors.S exc_stack_top). */
uint64_t arch_cpu_stack_top[ARCH_MAX_CPUS] = {(uint64_t)(uintptr_t)_exc_stack_top};

/* The boot CPU's exception stack is the linker's (.stacks, with a guard page); these have none
 * (a secondary's interrupt handlers and idle loop run here, as the boot CPU's do). */
static uint8_t cpu_stacks[ARCH_MAX_CPUS - 1][ARCH_CPU_STACK_SIZE] __attribute__((aligned(16)));

extern char secondary_entry[];

int arch_cpu_start(unsigned int index, uint64_t mpidr)
{
    if (index == 0 || index >= ARCH_MAX_CPUS) {
        return PSCI_E_INVALID_PARAMS;
    }
    if ((uint64_t)((uintptr_t)_fault_stack_top - (uintptr_t)_fault_stack_base) <
        ((uint64_t)ARCH_MAX_CPUS << ARCH_FAULT_STACK_SHIFT)) {
        arch_panic("image.ld reserves fault stacks for fewer than %u CPUs", ARCH_MAX_CPUS);
    }
    arch_cpu_stack_top[index] = (uint64_t)(uintptr_t)&cpu_stacks[index - 1][ARCH_CPU_STACK_SIZE];
    /* The stack pointer is in memory before the CPU can look for it. */
    dsb_ish();
    return (int)psci_cpu_on(mpidr, pa_addr(kimage_va_to_pa(secondary_entry)), index);
}

void arch_secondary_c(unsigned int index)
{
    /* Like the boot CPU: no identity map once running at the link address. */
    mmu_drop_identity_map();
    platform_secondary_main(index);
}
