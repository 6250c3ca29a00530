/*
 * api.c - the portable platform API of applications (include/xenrtos/platform.h) on the Xen
 * guest: each call is a thin view of the platform, the CPU port or the console.
 */
#include "xenrtos/platform.h"

#include "arch/arch.h"
#include "arch/mmu.h"
#include "arch/sysreg.h"
#include "platform/platform.h"

unsigned int xr_cpu_id(void)
{
    /* MPIDR_EL1.Aff0: Xen numbers a domain's vCPUs 0..n-1 there. */
    return (unsigned int)(read_sysreg(mpidr_el1) & 0xffU);
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

paddr_t xr_virt_to_phys(const void *p)
{
    uint64_t va = (uint64_t)(uintptr_t)p;

    if (va >= PHYS_MAP_VA && va - PHYS_MAP_VA < PHYS_MAP_LIMIT) {
        return pa_init(va - PHYS_MAP_VA);
    }
    return kimage_va_to_pa(p);
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
