/*
 * offsets.c - structure offsets for assembly. Compiled to assembly only; the build turns each
 * "->NAME value" marker into `#define NAME value` in asm-offsets.h (see aarch64.mk). Never
 * write these numbers by hand.
 */
#include <stddef.h>

#include "tx_api.h"

#include "arch/arch.h"
#include "arch/mmu.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" ::"i"(val))

void offsets(void);

void offsets(void)
{
    DEFINE(FRAME_SIZE, sizeof(struct arch_frame));
    DEFINE(FRAME_CPACR, offsetof(struct arch_frame, cpacr));
    DEFINE(FP_STATE_FPSR, offsetof(TX_ARCH_FP_STATE, tx_fp_fpsr));
    DEFINE(FP_STATE_FPCR, offsetof(TX_ARCH_FP_STATE, tx_fp_fpcr));
    DEFINE(FRAME_X0, offsetof(struct arch_frame, x));
    DEFINE(FRAME_ELR, offsetof(struct arch_frame, elr));
    DEFINE(FRAME_SPSR, offsetof(struct arch_frame, spsr));
    DEFINE(FAULT_FRAME_SIZE, sizeof(struct arch_fault_frame));
    DEFINE(FAULT_STACK_SHIFT, ARCH_FAULT_STACK_SHIFT);
    DEFINE(FAULT_X0, offsetof(struct arch_fault_frame, x));
    DEFINE(FAULT_SP, offsetof(struct arch_fault_frame, sp));
    DEFINE(FAULT_ELR, offsetof(struct arch_fault_frame, elr));
    DEFINE(FAULT_ESR, offsetof(struct arch_fault_frame, esr));
    DEFINE(BOOT_INFO_LOAD_PA, offsetof(struct boot_info, load_pa));
    DEFINE(BOOT_INFO_KIMAGE_VOFFSET, offsetof(struct boot_info, kimage_voffset));
    DEFINE(BOOT_INFO_FDT_PA, offsetof(struct boot_info, fdt_pa));
    DEFINE(BOOT_INFO_ENTRY_CNTVCT, offsetof(struct boot_info, entry_cntvct));
    DEFINE(BOOT_INFO_PT_USED, offsetof(struct boot_info, pt_used));
}
