/*
 * api.c - the portable platform API of applications (include/xenrtos/platform.h) on the Xen
 * guest: each call is a thin view of the platform, the CPU port or the console.
 */
#include "xenrtos/platform.h"

#include "arch/arch.h"
#include "arch/mmu.h"
#include "arch/sysreg.h"
#include "drivers/gic.h"
#include "platform/platform.h"

unsigned int xr_cpu_id(void)
{
    return arch_cpu_index();
}

unsigned int xr_cpu_count(void)
{
    return platform_cpus_online();
}

int xr_cpu_send_sgi(unsigned int cpu, unsigned int sgi)
{
    if (!platform_cpu_is_online(cpu) || sgi >= GIC_SGI_PREEMPT) {
        return -1;
    }
    return gic_send_sgi(platform.cpu_mpidr[cpu], sgi);
}

void xr_set_secondary_timer_handler(void (*fn)(unsigned int cpu))
{
    platform_secondary_timer_hook = fn;
}

const char *xr_console_name(void)
{
    return platform_console_name();
}

size_t xr_console_read(char *buf, size_t len)
{
    return platform_console_read(buf, len);
}

bool xr_bootarg(const char *key, char *buf, unsigned int len)
{
    return platform_bootarg(key, buf, len);
}

paddr_t xr_virt_to_phys(const void *va)
{
    uint64_t addr = (uint64_t)(uintptr_t)va;

    if (addr >= PHYS_MAP_VA && addr - PHYS_MAP_VA < PHYS_MAP_LIMIT) {
        return pa_init(addr - PHYS_MAP_VA);
    }
    return kimage_va_to_pa(va);
}

void xr_boot_times(struct xr_boot_times *out)
{
    out->entry = boot_info.entry_cntvct;
    out->first_dispatch = arch_first_dispatch_cntvct;
}

void xr_set_irq_entry_probe(void (*probe)(void))
{
    arch_irq_entry_probe = probe;
}
