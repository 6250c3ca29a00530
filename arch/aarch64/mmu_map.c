/*
 * mmu_map.c - translation table construction, shared by the MMU-off boot path and later C.
 *
 * Runs before the MMU is on (from head.S, at the load address, data accesses Device-nGnRnE), so
 * this file is built with -mstrict-align and without calls to library functions, and it only
 * reaches memory PC-relatively (adrp): no absolute addresses of data, no pointer tables.
 * The caller says how tables are reached (ctx->pt_offset: 0 with the MMU off).
 */
#include "arch/mmu.h"

#define ENTRIES        512
#define LEVEL_SHIFT(l) (12 + 9 * (3 - (l)))

extern char _image_start[], _text_end[], _rodata_end[], _image_end[], _pt_pool[];
extern char _exc_stack_base[], _exc_stack_top[], _fault_stack_base[], _fault_stack_top[];
extern char _image_file_end[];

static uint64_t *table_ptr(struct mmu_ctx *ctx, uint64_t pa)
{
    return (uint64_t *)(uintptr_t)(pa + ctx->pt_offset);
}

static uint64_t *alloc_table(struct mmu_ctx *ctx)
{
    if (ctx->used >= PT_POOL_PAGES) {
        return (uint64_t *)0;
    }
    /* Pool pages are zeroed: by head.S before the early map, at release never (no unmapping). */
    uint64_t *t = (uint64_t *)((char *)ctx->pool + (uint64_t)ctx->used * PAGE_SIZE);
    ctx->used++;
    return t;
}

static uint64_t table_pa(struct mmu_ctx *ctx, uint64_t *t)
{
    return (uint64_t)(uintptr_t)t - ctx->pt_offset;
}

/* Returns 0 on success, -1 pool exhausted, -2 conflicting existing mapping. */
int mmu_map_range(struct mmu_ctx *ctx, uint64_t *root, uint64_t va, uint64_t pa, uint64_t size,
                  uint64_t prot, bool allow_blocks)
{
    uint64_t end = va + size;

    while (va < end) {
        uint64_t *t = root;
        int level = 0;

        for (;;) {
            unsigned int idx = (unsigned int)((va >> LEVEL_SHIFT(level)) & (ENTRIES - 1));
            uint64_t blk = ULL(1) << LEVEL_SHIFT(level);

            if (level == 3) {
                uint64_t want = (pa & PTE_ADDR_MASK) | prot | PTE_VALID | PTE_PAGE;
                if (t[idx] != 0 && t[idx] != want) {
                    return -2;
                }
                t[idx] = want;
                va += PAGE_SIZE;
                pa += PAGE_SIZE;
                break;
            }
            if (level == 2 && allow_blocks && (va & (blk - 1)) == 0 && (pa & (blk - 1)) == 0 &&
                end - va >= blk) {
                uint64_t want = (pa & PTE_ADDR_MASK) | prot | PTE_VALID | PTE_BLOCK;
                if (t[idx] != 0 && t[idx] != want) {
                    return -2;
                }
                t[idx] = want;
                va += blk;
                pa += blk;
                break;
            }
            if (t[idx] == 0) {
                uint64_t *n = alloc_table(ctx);
                if (n == (uint64_t *)0) {
                    return -1;
                }
                t[idx] = table_pa(ctx, n) | PTE_VALID | PTE_TABLE;
            } else if ((t[idx] & (PTE_VALID | PTE_TABLE)) != (PTE_VALID | PTE_TABLE)) {
                /* A block already covers this address: accept an identical one only. */
                uint64_t base = t[idx] & PTE_ADDR_MASK & ~(blk - 1);
                uint64_t want_attrs = prot | PTE_VALID;
                if ((t[idx] & ~PTE_ADDR_MASK) != want_attrs || base + (va & (blk - 1)) != pa) {
                    return -2;
                }
                uint64_t step = blk - (va & (blk - 1));
                va += step;
                pa += step;
                break;
            }
            t = table_ptr(ctx, t[idx] & PTE_ADDR_MASK);
            level++;
        }
    }
    return 0;
}

/* Offset of a linker symbol from the image start: PC-relative on both sides. */
static uint64_t img_off(const char *sym)
{
    return (uint64_t)(uintptr_t)sym - (uint64_t)(uintptr_t)_image_start;
}

unsigned int mmu_early_map(uint64_t load_pa, uint64_t fdt_pa)
{
    struct mmu_ctx ctx;
    int rc = 0;

    ctx.pool = (uint64_t *)(uintptr_t)_pt_pool; /* physical: we run at the load address */
    ctx.pool_pa = (uint64_t)(uintptr_t)_pt_pool;
    ctx.pt_offset = 0;
    ctx.used = 2;
    ctx.root_ttbr1 = ctx.pool;
    ctx.root_ttbr0 = (uint64_t *)((char *)ctx.pool + PAGE_SIZE);

    uint64_t text = img_off(_text_end);
    uint64_t ro = img_off(_rodata_end);
    uint64_t exc_lo = img_off(_exc_stack_base), exc_hi = img_off(_exc_stack_top);
    uint64_t flt_lo = img_off(_fault_stack_base), flt_hi = img_off(_fault_stack_top);
    uint64_t img_end = img_off(_image_end);

    /* Text: read-only executable. Rodata: read-only. Data, tables, bss: read-write, never
     * executable. The pages below each stack stay unmapped as guards. */
    rc |=
        mmu_map_range(&ctx, ctx.root_ttbr1, KERNEL_VA_BASE, load_pa, text, PROT_KERNEL_TEXT, false);
    rc |= mmu_map_range(&ctx, ctx.root_ttbr1, KERNEL_VA_BASE + text, load_pa + text, ro - text,
                        PROT_KERNEL_RO, false);
    rc |= mmu_map_range(&ctx, ctx.root_ttbr1, KERNEL_VA_BASE + ro, load_pa + ro,
                        (exc_lo - PAGE_SIZE) - ro, PROT_KERNEL_RW, false);
    rc |= mmu_map_range(&ctx, ctx.root_ttbr1, KERNEL_VA_BASE + exc_lo, load_pa + exc_lo,
                        exc_hi - exc_lo, PROT_KERNEL_RW, false);
    rc |= mmu_map_range(&ctx, ctx.root_ttbr1, KERNEL_VA_BASE + flt_lo, load_pa + flt_lo,
                        flt_hi - flt_lo, PROT_KERNEL_RW, false);
    if (img_end > flt_hi) {
        rc |= mmu_map_range(&ctx, ctx.root_ttbr1, KERNEL_VA_BASE + flt_hi, load_pa + flt_hi,
                            img_end - flt_hi, PROT_KERNEL_RW, false);
    }

    /* The device tree: a read-only window of two 2 MB blocks from the block holding x0. */
    /* head.S checked the magic and that totalsize <= 2 MB; map only the blocks it spans so
     * that nothing past the end of RAM gets a mapping. */
    uint32_t be_size = *(volatile uint32_t *)(uintptr_t)(fdt_pa + 4);
    uint64_t fdt_end = fdt_pa + __builtin_bswap32(be_size);
    uint64_t fdt_base = fdt_pa & ~(BLOCK_SIZE - 1);
    uint64_t fdt_top = (fdt_end + BLOCK_SIZE - 1) & ~(BLOCK_SIZE - 1);
    rc |= mmu_map_range(&ctx, ctx.root_ttbr1, FDT_VA_BASE, fdt_base, fdt_top - fdt_base,
                        PROT_KERNEL_RO, true);

    /* Identity map of the image, needed only across the instruction that sets SCTLR.M. */
    uint64_t id_lo = load_pa & ~(BLOCK_SIZE - 1);
    uint64_t id_hi = (load_pa + img_end + BLOCK_SIZE - 1) & ~(BLOCK_SIZE - 1);
    rc |= mmu_map_range(&ctx, ctx.root_ttbr0, id_lo, id_lo, id_hi - id_lo, PROT_IDMAP, true);

    return rc == 0 ? ctx.used : 0;
}
