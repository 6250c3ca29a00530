/*
 * port_aarch64.c - xen_port.h on top of the AArch64 port (arch/platform.h, arch/mmu.h,
 * arch/gic.h). The only file of xen/ that names port functions.
 */
#include <stddef.h>
#include <string.h>

#include "arch/gic.h"
#include "arch/mmu.h"
#include "arch/platform.h"
#include "tx_api.h"
#include "xen_hv.h"
#include "xen_port.h"

xen_err_t xen_port_dt_info(struct xen_dt_info *info)
{
    memset(info, 0, sizeof(*info));
    if (!platform.xen_present) {
        return XE_NOT_XEN;
    }
    info->gnttab.base = platform.xen_grant.base;
    info->gnttab.size = platform.xen_grant.size;
    info->evtchn_intid = platform.xen_evtchn_irq;
    for (unsigned i = 0;
         i < platform.xen_ext_count && i < PLAT_MAX_EXT_REGIONS && i < XEN_DT_MAX_RANGES; i++) {
        info->ext[i].base = platform.xen_ext[i].base;
        info->ext[i].size = platform.xen_ext[i].size;
        info->nr_ext++;
    }
    for (unsigned i = 0; i < platform.mem_banks && i < PLAT_MAX_MEM_BANKS && i < XEN_DT_MAX_RANGES;
         i++) {
        info->ram[i].base = platform.mem[i].base;
        info->ram[i].size = platform.mem[i].size;
        info->nr_ram++;
    }
    return xen_dt_read_shm(platform_fdt(), info);
}

void *xen_port_map_ram(paddr_t pa, uint64_t size)
{
    vaddr_t va = mmu_map_phys(pa, size, PROT_KERNEL_RW);
    return va_addr(va) == 0 ? NULL : va_ptr(va);
}

paddr_t xen_port_virt_to_phys(const void *p)
{
    uint64_t va = (uint64_t)(uintptr_t)p;
    if (va >= PHYS_MAP_VA && va - PHYS_MAP_VA < PHYS_MAP_LIMIT) {
        return pa_init(va - PHYS_MAP_VA);
    }
    return kimage_va_to_pa(p);
}

static void (*upcall)(void *arg);
static void *upcall_arg;

static void upcall_trampoline(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    upcall(upcall_arg);
}

xen_err_t xen_port_irq_attach(uint32_t intid, void (*isr)(void *arg), void *arg)
{
    upcall = isr;
    upcall_arg = arg;
    /* Below the tick's priority: the upcall only marks work, it must not delay the tick. */
    if (arch_irq_register(intid, upcall_trampoline, NULL, GIC_PRIO_DEFAULT, false) != 0 ||
        arch_irq_enable(intid) != 0) {
        return XE_BAD_ARG;
    }
    return XE_OK;
}

unsigned long xen_port_irq_save(void)
{
    TX_INTERRUPT_SAVE_AREA
    TX_DISABLE
    return interrupt_save;
}

void xen_port_irq_restore(unsigned long flags)
{
    unsigned long interrupt_save = flags;
    TX_RESTORE
}
