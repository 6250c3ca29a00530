/*
 * smp.c - the domain's other vCPUs: every enabled cpu node of the tree (platform.cpu_mpidr) is
 * started at boot with PSCI CPU_ON; each initialises its own GIC interface (v2: banked
 * distributor part and CPU interface; v3: its redistributor) with its SGIs enabled, keeps its
 * virtual timer masked, registers its vcpu_info with Xen and says it arrived. The kernel then
 * uses the vCPUs that arrived, numbered from 0 without a gap (platform_smp_cores): each waits
 * for the boot CPU to start scheduling and enters its own scheduling loop. Another core is
 * preempted with GIC_SGI_PREEMPT (_tx_arch_core_preempt -> platform_cpu_preempt).
 */
#include <stdio.h>

#include "tx_api.h"
#include "tx_arch.h"

#include "arch/arch.h"
#include "arch/counter.h"
#include "arch/psci.h"
#include "drivers/arm_generic_timer.h"
#include "drivers/gic.h"
#include "platform/platform.h"
#include "xen_hv.h"

_Static_assert(PLAT_MAX_CPUS == ARCH_MAX_CPUS, "one table of vCPUs for the platform and the port");

/* Bit i: CPU i reached the end of its start-up (platform_secondary_main). */
static volatile uint32_t online_mask = 1;
static volatile uint32_t failed_mask;

/* How long a started vCPU may take to arrive (it only sets up its interface). */
#define CPU_START_TIMEOUT_MS 1000

unsigned int platform_cpus_online(void)
{
    return (unsigned int)__builtin_popcount(online_mask);
}

bool platform_cpu_is_online(unsigned int index)
{
    return index < ARCH_MAX_CPUS && (online_mask & (1u << index)) != 0;
}

static const char *psci_error(int rc)
{
    switch (rc) {
    case PSCI_E_NOT_SUPPORTED:
        return "not supported";
    case PSCI_E_INVALID_PARAMS:
        return "invalid parameters (no such vCPU)";
    case PSCI_E_DENIED:
        return "denied";
    case PSCI_E_ALREADY_ON:
        return "already on";
    case PSCI_E_ON_PENDING:
        return "on pending";
    case PSCI_E_INVALID_ADDRESS:
        return "invalid address";
    default:
        return "failed";
    }
}

unsigned int platform_smp_cores(void)
{
    unsigned int n = 0;

    while (n < ARCH_MAX_CPUS && (online_mask & (1u << n)) != 0) {
        n++;
    }
    return n;
}

void platform_cpu_preempt(unsigned int cpu)
{
    if (cpu < ARCH_MAX_CPUS) {
        (void)gic_send_sgi(platform.cpu_mpidr[cpu], GIC_SGI_PREEMPT);
    }
}

/* Another core changed what this one runs, or handed it a timer expiration: the kernel's work
 * runs here, and the interrupt's exit switches (tx_arch.h interrupt contract). */
static void preempt_irq(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    _tx_thread_smp_core_interrupt();
}

static bool wait_online(unsigned int index)
{
    uint64_t freq = arch_counter_freq();
    uint64_t deadline = arch_counter_now() + freq / 1000u * CPU_START_TIMEOUT_MS;

    while (((online_mask | failed_mask) & (1u << index)) == 0) {
        if (arch_counter_now() > deadline) {
            return false;
        }
    }
    return (online_mask & (1u << index)) != 0;
}

void platform_smp_start(void)
{
    if (platform.cpu_count <= 1) {
        return;
    }
    if (gic_irq_register(GIC_SGI_PREEMPT, preempt_irq, NULL, GIC_PRIO_TIMER, false) != 0 ||
        gic_irq_enable(GIC_SGI_PREEMPT) != 0) {
        printf("smp: cannot register the preemption SGI: staying on one vCPU\n");
        return;
    }
    if (!platform.psci_present) {
        printf("smp: %u vCPUs in the tree but no PSCI node: staying on one\n", platform.cpu_count);
        return;
    }
    for (unsigned int i = 1; i < platform.cpu_count; i++) {
        int rc = arch_cpu_start(i, platform.cpu_mpidr[i]);
        if (rc != PSCI_SUCCESS) {
            printf("smp: CPU_ON vCPU %u (MPIDR %#llx): %s (%d)\n", i,
                   (unsigned long long)platform.cpu_mpidr[i], psci_error(rc), rc);
            continue;
        }
        if (!wait_online(i)) {
            printf("smp: vCPU %u (MPIDR %#llx) %s\n", i, (unsigned long long)platform.cpu_mpidr[i],
                   (failed_mask & (1u << i)) != 0 ? "failed its start-up"
                                                  : "did not arrive within 1 s");
        }
    }
    /* What PSCI says of a vCPU already on, and of one that does not exist: errors, not a
     * second start (the checks are cheap and show the conduit answers). */
    int again = arch_cpu_start(1, platform.cpu_mpidr[1]);
    int none = arch_cpu_start(1, 0xff00ULL); /* Aff1 255: vCPU 4080 (Xen: 16 per Aff1) */
    printf("smp: %u of %u vCPUs online; CPU_ON again: %s, of MPIDR 0xff00: %s\n",
           platform_cpus_online(), platform.cpu_count, psci_error(again), psci_error(none));
    if (platform_smp_cores() != platform_cpus_online()) {
        printf("smp: the kernel uses vCPUs 0-%u only (vCPU %u is missing)\n",
               platform_smp_cores() - 1u, platform_smp_cores());
    }
}

void platform_secondary_main(unsigned int index)
{
    uint32_t bit = 1u << index;

    if (gic_init_cpu() != 0) {
        __atomic_fetch_or(&failed_mask, bit, __ATOMIC_RELEASE);
        psci_cpu_off(); /* this vCPU only: the domain goes on without it */
    }
    gtimer_stop();
    /* Its own virtual timer (masked until someone programs it) and its doorbells. */
    (void)gic_irq_enable(platform.timer_virt_irq);
    if (platform.xen_present) {
        (void)xen_hv_vcpu_init(index);
    }
    /* Printed while the boot CPU still waits for the bit below: the console has one writer. */
    printf("smp: vCPU %u online (MPIDR %#llx)\n", index, (unsigned long long)arch_cpu_mpidr());
    __atomic_fetch_or(&online_mask, bit, __ATOMIC_RELEASE);
    /* The boot CPU decides the core count once every vCPU reported, then starts scheduling. */
    while (__atomic_load_n(&arch_scheduler_running, __ATOMIC_ACQUIRE) == 0) {
        wfe();
    }
    if (index < _tx_thread_smp_max_cores) {
        (void)gic_irq_enable(GIC_SGI_PREEMPT); /* this CPU's priority for it */
        arch_idle_loop();
    }
    /* Not a core of the kernel (a vCPU below it failed): interrupt handlers only. */
    irq_enable();
    for (;;) {
        wfi();
    }
}
