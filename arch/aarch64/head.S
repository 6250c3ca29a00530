/*
 * head.S - arm64 Image header and the MMU-off boot path.
 *
 * Xen's zImage64 loader (and any Linux-style bootloader) enters at the first byte at EL1, MMU and
 * D-cache off, IRQs masked, x0 = physical address of the device tree (Linux
 * Documentation/arm64/booting.rst, the Image header format). The image is linked at
 * KERNEL_VA_BASE but runs from wherever it was loaded until the MMU is on: everything here is
 * PC-relative.
 */
#include "arch/asm.h"
#include "arch/mmu.h"
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "asm-offsets.h"
#include "xen_hypercall_table.h"
/* Device tree header: magic and totalsize are big-endian 32-bit words at offsets 0 and 4. */
#define FDT_MAGIC 0xd00dfeed

/*
 * text_offset: Xen 4.17 places the image at RAM base + text_offset and the device tree in a
 * 2 MB-rounded slot (arch/arm/kernel.c, place_modules): after the image if a 2 MB block is free
 * above the image's rounded end, else below the image if *more* than 2 MB is free there. With
 * offset 0 a 4 MB domain has neither; 2 MB + 4 KB puts the tree below the image, so domains of
 * 4 MB upwards boot. The 2 MB below the image are not lost: they are free RAM for the application.
 */
#define TEXT_OFFSET 0x201000

/* Image header flags: bit 0 = 0 little endian, bits 2:1 = 1 4 KB pages, bit 3 = 0 placement
 * near the start of RAM (we are relocatable, but Xen ignores the bit anyway). */
#define IMAGE_FLAGS ((1 << 1))

/*
 * mmu_on: x0 = physical address of the page-table pool (pool[0] = TTBR1 root, pool[1] = TTBR0
 * root, the identity map). MAIR/TCR already set (mmu_enable_regs). Turns the MMU and caches on
 * with WXN; execution continues through the identity map. Clobbers x0. Boot and secondary CPUs.
 */
.macro mmu_on
    msr     ttbr1_el1, x0
    add     x0, x0, #PAGE_SIZE
    msr     ttbr0_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb

    ldr     x0, =(SCTLR_EL1_RES1 | SCTLR_M_BIT | SCTLR_C_BIT | SCTLR_I_BIT | SCTLR_SA_BIT | \
                  SCTLR_SA0_BIT | SCTLR_WXN_BIT)
    msr     sctlr_el1, x0
    isb
    ic      iallu
    dsb     nsh
    isb
.endm

    .section .head.text, "ax", %progbits
    .global _head
_head:
    b       primary_entry           /* code0 */
    .long   0                       /* code1 */
    .quad   TEXT_OFFSET             /* text_offset */
    .quad   _image_size             /* image_size: file + NOLOAD sections */
    .quad   IMAGE_FLAGS             /* flags */
    .quad   0                       /* res2 */
    .quad   0                       /* res3 */
    .quad   0                       /* res4 */
    .ascii  "ARM\x64"               /* magic */
    .long   0                       /* res5 (PE header offset: none) */

/*
 * early_fail: print the NUL-terminated message at x0 through console_io and power off.
 * Works with the MMU off (Xen reads the buffer at guest VA = IPA). Never returns.
 */
.macro early_fail msg
    adr_l   x2, \msg
    b       early_panic
.endm

/*
 * primary_entry: x0 = device tree PA. MMU off, no stack.
 * Register use until C: x19 pool pages used, x20 CNTVCT at entry, x21 FDT PA, x22 load PA.
 */
func primary_entry, .text.boot
    mrs     x20, cntvct_el0         /* first thing: boot time is measured from here */
    mov     x21, x0
    msr     daifset, #DAIFSET_ALL
    msr     tpidr_el1, xzr          /* arch_cpu_index(): the boot CPU is 0 */
    adr     x22, _head

    mrs     x0, CurrentEL
    cmp     x0, #(1 << 2)
    b.eq    1f
    early_fail msg_not_el1
1:
    /* The device tree: present, 8-byte aligned, valid magic, not overlapping the image. */
    cbnz    x21, 2f
    early_fail msg_no_fdt
2:  tst     x21, #7
    b.eq    3f
    early_fail msg_fdt_align
3:  ldr     w0, [x21]               /* 4-byte aligned loads are fine on Device memory */
    rev     w0, w0
    movz    w1, #(FDT_MAGIC & 0xffff)
    movk    w1, #(FDT_MAGIC >> 16), lsl #16
    cmp     w0, w1
    b.eq    4f
    early_fail msg_fdt_magic
4:  ldr     w0, [x21, #4]
    rev     w0, w0                  /* x0 = totalsize */
    mov     x1, #FDT_WINDOW_SIZE - BLOCK_SIZE
    cmp     x0, x1
    b.ls    5f
    early_fail msg_fdt_size
5:  add     x0, x21, x0             /* x0 = FDT end */
    adr_l   x1, _image_end          /* x1 = image end (physical: PC-relative) */
    cmp     x0, x22                 /* fdt_end <= image start: fine */
    b.ls    6f
    cmp     x21, x1                 /* fdt start >= image end: fine */
    b.hs    6f
    early_fail msg_fdt_overlap
6:
    /* Early stack: the exception stack, by physical address. */
    adr_l   x0, _exc_stack_top
    mov     sp, x0

    /* Clean+invalidate the pool (Xen may hold dirty lines for these frames that would later
     * overwrite what we write with the cache off), zero it, then build the tables. */
    adr_l   x0, _pt_pool
    adr_l   x1, _pt_pool_end
    bl      dcache_inval_range
    adr_l   x0, _pt_pool
    adr_l   x1, _pt_pool_end
7:  stp     xzr, xzr, [x0], #16
    cmp     x0, x1
    b.lo    7b

    mov     x0, x22
    mov     x1, x21
    bl      mmu_early_map
    cbnz    x0, 8f
    early_fail msg_pt_pool
8:  mov     x19, x0

    /* Drop any line fetched meanwhile so the walker and later cached reads see memory. */
    adr_l   x0, _pt_pool
    adr_l   x1, _pt_pool_end
    bl      dcache_inval_range

    bl      mmu_enable_regs
    adr_l   x0, _pt_pool            /* pool[0] = TTBR1 root, pool[1] = TTBR0 root */
    mmu_on

    /* Still running at the physical address through the identity map: jump high. */
    ldr     x0, =high_entry
    br      x0
endfunc primary_entry

/*
 * void mmu_enable_regs(void)
 * Sets MAIR_EL1 and TCR_EL1 (48-bit VA both halves, 4 KB granule, walks cacheable inner
 * shareable, IPS = the CPU's PARange). Clobbers x0, x1. MMU off or on.
 */
func mmu_enable_regs, .text.boot
    ldr     x0, =MAIR_EL1_VALUE
    msr     mair_el1, x0
    ldr     x0, =((64 - VA_BITS) << TCR_T0SZ_SHIFT | (64 - VA_BITS) << TCR_T1SZ_SHIFT | \
                  TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K | \
                  TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K)
    mrs     x1, id_aa64mmfr0_el1
    and     x1, x1, #ID_AA64MMFR0_PARANGE_MASK
    cmp     x1, #5                  /* cap at 48 bits: our descriptors hold 48-bit addresses */
    mov     x2, #5
    csel    x1, x1, x2, ls
    orr     x0, x0, x1, lsl #TCR_IPS_SHIFT
    msr     tcr_el1, x0
    ret
endfunc mmu_enable_regs

/*
 * void dcache_inval_range(uintptr_t start, uintptr_t end)
 * Invalidates [start, end) to the point of coherency by VA (DC IVAC; under Xen's stage 2 the
 * CPU performs it as clean+invalidate). Set/way maintenance is not virtualised: never used.
 * Clobbers x0-x3. MMU off or on.
 */
func dcache_inval_range, .text.boot
    mrs     x3, ctr_el0
    ubfx    x3, x3, #16, #4         /* DminLine: log2(words) */
    mov     x2, #4
    lsl     x2, x2, x3              /* x2 = line size in bytes */
    sub     x3, x2, #1
    bic     x0, x0, x3
1:  dc      ivac, x0
    add     x0, x0, x2
    cmp     x0, x1
    b.lo    1b
    dsb     sy
    ret
endfunc dcache_inval_range

/*
 * early_panic: x2 = NUL-terminated message (PC-relative address). Never returns.
 * console_io(CONSOLEIO_write, len, buf) then PSCI SYSTEM_OFF, then WFI forever.
 */
func early_panic, .text.boot
    mov     x1, #0
1:  ldrb    w3, [x2, x1]
    cbz     w3, 2f
    add     x1, x1, #1
    b       1b
2:  mov     x0, #CONSOLEIO_write
    mov     x16, #__HYPERVISOR_console_io
    hvc     #XEN_HYPERCALL_TAG
    ldr     x0, =PSCI_SYSTEM_OFF
    hvc     #0
3:  wfi
    b       3b
endfunc early_panic

    .ltorg

/*
 * high_entry: first instruction at the link address. MMU and caches on; x19-x22 as above.
 */
func high_entry, .text.boot
    adr_l   x0, _exc_stack_top
    mov     sp, x0
    adr_l   x0, arch_vectors
    msr     vbar_el1, x0
    mov     x0, #CPACR_FPEN_NOTRAP  /* FP open for main()/tx_application_define; fp.c */
    msr     cpacr_el1, x0
    isb

    adr_l   x0, _bss_start
    adr_l   x1, _bss_end
1:  stp     xzr, xzr, [x0], #16
    cmp     x0, x1
    b.lo    1b

    adr_l   x0, boot_info
    str     x22, [x0, #BOOT_INFO_LOAD_PA]
    ldr     x1, =KERNEL_VA_BASE
    sub     x1, x1, x22
    str     x1, [x0, #BOOT_INFO_KIMAGE_VOFFSET]
    str     x21, [x0, #BOOT_INFO_FDT_PA]
    str     x20, [x0, #BOOT_INFO_ENTRY_CNTVCT]
    str     w19, [x0, #BOOT_INFO_PT_USED]

    mov     x29, #0                 /* end of the frame-pointer chain for backtraces */
    mov     x30, #0
    bl      platform_main
2:  wfi
    b       2b
endfunc high_entry

    .ltorg

/*
 * secondary_entry: where PSCI CPU_ON starts a secondary CPU (smp.c, arch_cpu_start).
 * x0 = its index (the context ID). EL1, MMU and caches off, IRQs masked, no stack.
 * It reads no memory until its MMU is on (the boot CPU wrote its stack pointer with caches on),
 * then uses the boot CPU's tables: TTBR1 as they are now, TTBR0's identity map of the image,
 * which the boot CPU only stopped walking (mmu_drop_identity_map: TCR_EL1.EPD0 is per CPU).
 * Register use: x19 = index.
 */
func secondary_entry, .text.boot
    msr     daifset, #DAIFSET_ALL
    mov     x19, x0
    msr     tpidr_el1, x19
    mrs     x0, CurrentEL
    cmp     x0, #(1 << 2)
    b.eq    1f
    early_fail msg_not_el1
1:  bl      mmu_enable_regs
    adr_l   x0, _pt_pool
    mmu_on
    ldr     x0, =secondary_high
    br      x0
endfunc secondary_entry

    .ltorg

/*
 * secondary_high: at the link address; x19 = index. Takes the exception stack the boot CPU
 * gave this index (arch_cpu_stack_top), the vectors, FP/SIMD closed (a secondary runs no FP
 * code yet: a use traps and is reported), then arch_secondary_c(index), which never returns.
 */
func secondary_high, .text.boot
    adr_l   x0, arch_cpu_stack_top
    ldr     x0, [x0, x19, lsl #3]
    mov     sp, x0
    adr_l   x0, arch_vectors
    msr     vbar_el1, x0
    mov     x0, #CPACR_FPEN_TRAP
    msr     cpacr_el1, x0
    isb
    mov     x29, #0
    mov     x30, #0
    mov     x0, x19
    bl      arch_secondary_c
2:  wfi
    b       2b
endfunc secondary_high

    .ltorg

    .section .rodata.boot_msgs, "a"
msg_not_el1:     .asciz "PANIC: xenrtos: not entered at EL1\n"
msg_no_fdt:      .asciz "PANIC: xenrtos: no device tree (x0 = 0)\n"
msg_fdt_align:   .asciz "PANIC: xenrtos: device tree address not 8-byte aligned\n"
msg_fdt_magic:   .asciz "PANIC: xenrtos: bad device tree magic at x0\n"
msg_fdt_size:    .asciz "PANIC: xenrtos: device tree larger than 2 MB\n"
msg_fdt_overlap: .asciz "PANIC: xenrtos: device tree overlaps the image's bss; give the domain more memory\n"
msg_pt_pool:     .asciz "PANIC: xenrtos: boot page table pool exhausted\n"
