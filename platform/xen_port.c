/*
 * xen_port.c - the services the Xen layer asks of the machine (xen/include/xen_port.h): the
 * hypervisor node and memory the tree describes, RAM mappings, the upcall interrupt, interrupt
 * masking. The Xen layer names no platform, driver or CPU function but these.
 */
#include <stddef.h>
#include <string.h>

#include "arch/cpu.h"
#include "arch/mmu.h"
#include "drivers/gic.h"
#include "platform/platform.h"
#include "tx_api.h"
#include "xenrtos/platform.h"
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

paddr_t xen_port_virt_to_phys(const void *va)
{
    return xr_virt_to_phys(va);
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
    if (gic_irq_register(intid, upcall_trampoline, NULL, GIC_PRIO_DEFAULT, false) != 0 ||
        gic_irq_enable(intid) != 0) {
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

unsigned int xen_port_cpu_index(void)
{
    return arch_cpu_index();
}
