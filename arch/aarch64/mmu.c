/*
 * mmu.c - run-time mappings (MMU on): RAM and MMIO regions found in the device tree, mapped
 * at PHYS_MAP_VA + IPA. Tables come from the same pool as the boot map (include/arch/mmu.h).
 */
#include <stdio.h>

#include "arch/mmu.h"

extern char _image_start[], _pt_pool[];

struct boot_info boot_info;

static struct mmu_ctx ctx;

static void ctx_init(void)
{
    if (ctx.pool != NULL) {
        return;
    }
    ctx.pool = (uint64_t *)(uintptr_t)_pt_pool;
    ctx.pool_pa = pa_addr(kimage_va_to_pa(_pt_pool));
    ctx.pt_offset = boot_info.kimage_voffset;
    ctx.used = boot_info.pt_used;
    ctx.root_ttbr1 = ctx.pool;
    ctx.root_ttbr0 = (uint64_t *)((char *)ctx.pool + PAGE_SIZE);
}

vaddr_t mmu_map_phys(paddr_t pa, uint64_t size, uint64_t prot)
{
    ctx_init();
    uint64_t lo = pa_addr(pa) & ~(PAGE_SIZE - 1);
    uint64_t hi = (pa_addr(pa) + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

    if (size == 0 || hi <= lo || hi > PHYS_MAP_LIMIT) {
        return va_init(0);
    }
    uint64_t daif = irq_save();
    int rc = mmu_map_range(&ctx, ctx.root_ttbr1, PHYS_MAP_VA + lo, lo, hi - lo, prot, true);
    /* New entries only (invalid -> valid): make them visible to the walker, no TLB flush. */
    dsb_ishst();
    isb();
    irq_restore(daif);
    if (rc != 0) {
        printf("mmu: cannot map %#llx..%#llx (%s)\n", (unsigned long long)lo,
               (unsigned long long)hi, rc == -1 ? "page table pool exhausted" : "conflict");
        return va_init(0);
    }
    return phys_to_virt(pa);
}

void mmu_drop_identity_map(void)
{
    uint64_t tcr = read_sysreg(tcr_el1);

    write_sysreg(tcr_el1, tcr | TCR_EPD0_BIT);
    isb();
    __asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" ::: "memory");
}

unsigned int mmu_pool_used(void)
{
    ctx_init();
    return ctx.used;
}
