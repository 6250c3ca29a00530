/*
 * psci.c - PSCI through the conduit the device tree names (`method`, "hvc" on Xen), SMC Calling
 * Convention (DEN0028): function ID in x0, arguments in x1-x3, result in x0.
 */
#include "arch/psci.h"
#include "arch/sysreg.h"

static bool use_smc;

void psci_set_conduit(bool smc)
{
    use_smc = smc;
}

static int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;

    if (use_smc) {
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
    } else {
        /* No node (reported at boot) or method "hvc": Xen always answers PSCI on HVC. */
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
    }
    return (int64_t)x0;
}

int64_t psci_version(void)
{
    return psci_call(PSCI_VERSION, 0, 0, 0);
}

int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
    return psci_call(PSCI_CPU_ON_64, mpidr, entry, context);
}

int64_t psci_affinity_info(uint64_t mpidr)
{
    return psci_call(PSCI_AFFINITY_INFO_64, mpidr, 0, 0); /* lowest affinity level: the CPU */
}

static __attribute__((noreturn)) void park(void)
{
    irq_disable();
    for (;;) {
        wfi();
    }
}

void psci_system_off(void)
{
    (void)psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    park();
}

void psci_cpu_off(void)
{
    (void)psci_call(PSCI_CPU_OFF, 0, 0, 0);
    park();
}

void psci_system_reset(void)
{
    (void)psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
    park();
}
