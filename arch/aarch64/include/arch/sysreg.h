/*
 * sysreg.h - AArch64 system register fields used by the port, and C accessors.
 * Section numbers refer to the Arm Architecture Reference Manual for A-profile (DDI 0487), D17
 * "AArch64 System Register Descriptions" unless stated otherwise.
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include "arch/asm.h"

/* SCTLR_EL1 (D17.2.118). */
#define SCTLR_M_BIT   BIT(0)  /* stage 1 MMU enable */
#define SCTLR_A_BIT   BIT(1)  /* alignment check (we leave it off: libfdt reads unaligned) */
#define SCTLR_C_BIT   BIT(2)  /* data cacheability */
#define SCTLR_SA_BIT  BIT(3)  /* SP alignment check at EL1 */
#define SCTLR_SA0_BIT BIT(4)  /* SP alignment check at EL0 */
#define SCTLR_I_BIT   BIT(12) /* instruction cacheability */
#define SCTLR_WXN_BIT BIT(19) /* writable implies execute-never */
/* Bits RES1 in ARMv8.0 (29, 28, 23, 22, 20, 11). */
#define SCTLR_EL1_RES1 (BIT(29) | BIT(28) | BIT(23) | BIT(22) | BIT(20) | BIT(11))

/* TCR_EL1 (D17.2.131). */
#define TCR_T0SZ_SHIFT 0
#define TCR_EPD0_BIT   BIT(7) /* no walks through TTBR0: low addresses fault */
#define TCR_IRGN0_WBWA (ULL(1) << 8)
#define TCR_ORGN0_WBWA (ULL(1) << 10)
#define TCR_SH0_INNER  (ULL(3) << 12)
#define TCR_TG0_4K     (ULL(0) << 14)
#define TCR_T1SZ_SHIFT 16
#define TCR_IRGN1_WBWA (ULL(1) << 24)
#define TCR_ORGN1_WBWA (ULL(1) << 26)
#define TCR_SH1_INNER  (ULL(3) << 28)
#define TCR_TG1_4K     (ULL(2) << 30)
#define TCR_IPS_SHIFT  32

/* ID_AA64MMFR0_EL1.PARange (D17.2.64). */
#define ID_AA64MMFR0_PARANGE_MASK ULL(0xf)

/* MAIR_EL1 attribute encodings (D17.2.97); index = position in MAIR. */
#define MAIR_DEVICE_nGnRE ULL(0x04)
#define MAIR_NORMAL_WB    ULL(0xff) /* inner/outer write-back, read/write-allocate */
#define MAIR_NORMAL_NC    ULL(0x44)
#define MT_DEVICE_nGnRE   0
#define MT_NORMAL         1
#define MT_NORMAL_NC      2
#define MAIR_EL1_VALUE                                                                             \
    ((MAIR_DEVICE_nGnRE << (8 * MT_DEVICE_nGnRE)) | (MAIR_NORMAL_WB << (8 * MT_NORMAL)) |          \
     (MAIR_NORMAL_NC << (8 * MT_NORMAL_NC)))

/* CPACR_EL1 (D17.2.30): FPEN, bits [21:20], traps FP/SIMD instructions and registers. The lazy
 * FP switch (fp.c) uses only "trap at EL0 and EL1" and "no trap"; a trapped access is a
 * synchronous exception with ESR_EC_FP_ACCESS. A write takes effect after a context
 * synchronization event (ISB, or the ERET that enters the thread). */
#define CPACR_FPEN_SHIFT  20
#define CPACR_FPEN_MASK   (ULL(3) << CPACR_FPEN_SHIFT)
#define CPACR_FPEN_TRAP   (ULL(0) << CPACR_FPEN_SHIFT)
#define CPACR_FPEN_NOTRAP (ULL(3) << CPACR_FPEN_SHIFT)

/* FPCR (C5.2.8): the rounding mode field RMode, bits [23:22]. 0 is the architectural default
 * (round to nearest, no trapped exceptions, no flush to zero) given to a thread's first FP use
 * and to interrupt handlers. */
#define FPCR_RMODE_SHIFT 22
#define FPCR_RMODE_MASK  (ULL(3) << FPCR_RMODE_SHIFT)
#define FPCR_RMODE_RN    (ULL(0) << FPCR_RMODE_SHIFT) /* to nearest */
#define FPCR_RMODE_RP    (ULL(1) << FPCR_RMODE_SHIFT) /* towards plus infinity */
#define FPCR_RMODE_RM    (ULL(2) << FPCR_RMODE_SHIFT) /* towards minus infinity */
#define FPCR_RMODE_RZ    (ULL(3) << FPCR_RMODE_SHIFT) /* towards zero */

/* DAIF bits as in PSTATE / SPSR (C5.2.2), and the immediates of MSR DAIFSet/DAIFClr. */
#define DAIF_F_BIT   BIT(6)
#define DAIF_I_SHIFT 7
#define DAIF_I_BIT   BIT(DAIF_I_SHIFT)
#define DAIF_A_BIT   BIT(8)
#define DAIF_D_BIT   BIT(9)
#define DAIFSET_IRQ  2
#define DAIFSET_ALL  0xf

/* SPSR_EL1 (C5.2.18): mode field. */
#define SPSR_M_EL1T 0x4 /* EL1 using SP_EL0: threads */
#define SPSR_M_EL1H 0x5 /* EL1 using SP_EL1: exception handlers, idle */
#define SPSR_M_MASK 0xf

/* ESR_EL1 (D17.2.40): exception class and the fields the fault report decodes. */
#define ESR_EC_SHIFT         26
#define ESR_EC_MASK          ULL(0x3f)
#define ESR_EC_WIDTH         6
#define ESR_IL_BIT           BIT(25)
#define ESR_ISS_MASK         ULL(0x1ffffff)
#define ESR_EC_UNKNOWN       0x00
#define ESR_EC_WFX           0x01
#define ESR_EC_FP_ACCESS     0x07
#define ESR_EC_ILLEGAL_STATE 0x0e
#define ESR_EC_SVC64         0x15
#define ESR_EC_HVC64         0x16
#define ESR_EC_SMC64         0x17
#define ESR_EC_SYSREG        0x18
#define ESR_EC_IABT_LOW      0x20
#define ESR_EC_IABT_CUR      0x21
#define ESR_EC_PC_ALIGN      0x22
#define ESR_EC_DABT_LOW      0x24
#define ESR_EC_DABT_CUR      0x25
#define ESR_EC_SP_ALIGN      0x26
#define ESR_EC_FP_EXC64      0x2c
#define ESR_EC_SERROR        0x2f
#define ESR_EC_BRK64         0x3c
/* Data/instruction abort ISS: fault status code and write-not-read (D17.2.40). */
#define ESR_ISS_FSC_MASK ULL(0x3f)
#define ESR_ISS_WNR_BIT  BIT(6)

/* CNTV_CTL_EL0 (D17.8.20). */
#define CNTV_CTL_ENABLE  BIT(0)
#define CNTV_CTL_IMASK   BIT(1)
#define CNTV_CTL_ISTATUS BIT(2)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define read_sysreg(name)                                                                          \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mrs %0, " #name : "=r"(v_));                                             \
        v_;                                                                                        \
    })

#define write_sysreg(name, v)                                                                      \
    do {                                                                                           \
        uint64_t v_ = (uint64_t)(v);                                                               \
        __asm__ volatile("msr " #name ", %0" ::"r"(v_) : "memory");                                \
    } while (0)

static inline void isb(void)
{
    __asm__ volatile("isb" ::: "memory");
}

static inline void dsb_sy(void)
{
    __asm__ volatile("dsb sy" ::: "memory");
}

static inline void dsb_ishst(void)
{
    __asm__ volatile("dsb ishst" ::: "memory");
}

static inline void dsb_ish(void)
{
    __asm__ volatile("dsb ish" ::: "memory");
}

static inline void wfi(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

/* Wait for an event (another CPU's SEV, an interrupt, or a spurious wake-up: always re-check).
 * Arm ARM D1.6.1. */
static inline void wfe(void)
{
    __asm__ volatile("wfe" ::: "memory");
}

static inline void sev(void)
{
    __asm__ volatile("sev" ::: "memory");
}

static inline uint64_t irq_save(void)
{
    uint64_t daif = read_sysreg(daif);

    __asm__ volatile("msr daifset, #2" ::: "memory");
    return daif;
}

static inline void irq_restore(uint64_t daif)
{
    write_sysreg(daif, daif);
}

static inline void irq_enable(void)
{
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable(void)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
}
#endif

#endif /* ARCH_SYSREG_H */
