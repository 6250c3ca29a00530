/*
 * mmu.h - stage 1 translation for the RTOS (4 KB granule, 48-bit VA, TTBR1 only after boot).
 *
 * Virtual memory map (all in the TTBR1 half, so that any low address - NULL included - faults):
 *   KERNEL_VA_BASE + x   the image, linked there; x = offset from the load address
 *   FDT_VA_BASE          the device tree Xen passed in x0, read-only (a 4 MB window)
 *   PHYS_MAP_VA + pa     RAM from /memory (normal write-back) and MMIO found in the tree
 *                        (Device-nGnRE), mapped on demand at a fixed offset from the IPA.
 * Xen loads the image anywhere in guest RAM: the boot code computes the physical offset
 * (kimage_voffset = link address - load address) and never assumes VA = PA.
 *
 * Descriptor bits: Arm ARM D8.3 "Translation table descriptor formats".
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include "arch/asm.h"

#define PAGE_SHIFT      12
#define PAGE_SIZE       (ULL(1) << PAGE_SHIFT)
#define BLOCK_SHIFT     21 /* level 2 block: 2 MB */
#define BLOCK_SIZE      (ULL(1) << BLOCK_SHIFT)
#define VA_BITS         48

#define KERNEL_VA_BASE  ULL(0xffff000000000000)
#define FDT_VA_BASE     ULL(0xffff000040000000)
#define FDT_WINDOW_SIZE (ULL(4) << 20)
#define PHYS_MAP_VA     ULL(0xffff800000000000)
#define PHYS_MAP_LIMIT  (ULL(1) << 46) /* IPAs above this cannot be mapped */

/* Descriptors (D8.3.1, D8.3.2). */
#define PTE_VALID       BIT(0)
#define PTE_TABLE       BIT(1) /* level 0-2: next-level table; level 3: page */
#define PTE_PAGE        BIT(1)
#define PTE_BLOCK       ULL(0)
#define PTE_ATTRINDX(i) ((ULL(i) & 7) << 2)
#define PTE_AP_RO       BIT(7) /* AP[2]: read-only */
#define PTE_SH_INNER    (ULL(3) << 8)
#define PTE_AF          BIT(10) /* access flag: set, we do not use AF faults */
#define PTE_NG          BIT(11)
#define PTE_PXN         BIT(53)
#define PTE_UXN         BIT(54)
#define PTE_ADDR_MASK   GENMASK(47, 12)

/* Mapping kinds used by the port. */
#define PROT_KERNEL_TEXT (PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_AP_RO | PTE_UXN)
#define PROT_KERNEL_RO                                                                             \
    (PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_AP_RO | PTE_UXN | PTE_PXN)
#define PROT_KERNEL_RW (PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN | PTE_PXN)
#define PROT_DEVICE    (PTE_ATTRINDX(MT_DEVICE_nGnRE) | PTE_AF | PTE_UXN | PTE_PXN)
/* The identity map used only while switching the MMU on: executable, read-only. */
#define PROT_IDMAP (PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_AP_RO | PTE_UXN)

/* Page table pool in the image (section .pgtables, not part of .bss: it is written with the MMU
 * off, before .bss is cleared with the MMU on). */
#define PT_POOL_PAGES U(32)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/sysreg.h"

#include "xenrtos/addr.h" /* paddr_t, vaddr_t */

/* Translation context: where the tables live and how the code that edits them reaches them
 * (table_va = table_pa + pt_offset; 0 while the MMU is off). */
struct mmu_ctx {
    uint64_t *pool;     /* first page of the table pool, as reachable now */
    unsigned int used;  /* pages of the pool in use */
    uint64_t pool_pa;   /* physical address of pool[0] */
    uint64_t pt_offset; /* reachable address - physical address */
    uint64_t *root_ttbr1;
    uint64_t *root_ttbr0;
};

/* Values handed from the MMU-off code to C. */
struct boot_info {
    uint64_t load_pa;        /* physical address of the image's first byte */
    uint64_t kimage_voffset; /* KERNEL_VA_BASE - load_pa */
    uint64_t fdt_pa;         /* x0 at entry */
    uint64_t entry_cntvct;   /* CNTVCT_EL0 read on the first instruction */
    unsigned int pt_used;    /* table pool pages used by the early map */
};

extern struct boot_info boot_info;

/* Early (MMU off, called from head.S): builds the TTBR1 map of the image and the FDT window and
 * an identity map of the image in TTBR0. Returns pool pages used; 0 means the pool is too small. */
unsigned int mmu_early_map(uint64_t load_pa, uint64_t fdt_pa);

/* Map [pa, pa + size) at PHYS_MAP_VA + pa with `prot` (MMU on). Returns the virtual address, or
 * va_init(0) if the range is unmappable or the table pool is exhausted. Mapping an already
 * mapped page with the same attributes is allowed (shared MMIO frames). */
vaddr_t mmu_map_phys(paddr_t pa, uint64_t size, uint64_t prot);

/* Translation helpers for the image and the physical map. */
static inline paddr_t kimage_va_to_pa(const void *p)
{
    return pa_init((uint64_t)(uintptr_t)p - boot_info.kimage_voffset);
}

static inline vaddr_t phys_to_virt(paddr_t pa)
{
    return va_init(PHYS_MAP_VA + pa.pa);
}

/* Pages of the table pool in use. */
unsigned int mmu_pool_used(void);

/* Disable TTBR0 walks once running from the high map. */
void mmu_drop_identity_map(void);

/* Map the image's sections with their final permissions (called in early map). */
int mmu_map_range(struct mmu_ctx *ctx, uint64_t *root, uint64_t va, uint64_t pa, uint64_t size,
                  uint64_t prot, bool allow_blocks);
#endif

#endif /* ARCH_MMU_H */
