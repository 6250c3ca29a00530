/*
 * fp.S - FP/SIMD register file to and from memory, for the lazy FP switch (fp.c).
 * Layout: TX_ARCH_FP_STATE (tx_port.h): q0-q31, FPSR, FPCR; offsets from asm-offsets.h.
 */
#include "arch/asm.h"
#include "asm-offsets.h"

/*
 * void arch_fp_store(TX_ARCH_FP_STATE *state)
 * x0 = state. Clobbers x1, x2. Preconditions: FP access enabled (CPACR_EL1.FPEN, synchronized).
 */
func arch_fp_store
    stp     q0, q1, [x0, #0]
    stp     q2, q3, [x0, #32]
    stp     q4, q5, [x0, #64]
    stp     q6, q7, [x0, #96]
    stp     q8, q9, [x0, #128]
    stp     q10, q11, [x0, #160]
    stp     q12, q13, [x0, #192]
    stp     q14, q15, [x0, #224]
    stp     q16, q17, [x0, #256]
    stp     q18, q19, [x0, #288]
    stp     q20, q21, [x0, #320]
    stp     q22, q23, [x0, #352]
    stp     q24, q25, [x0, #384]
    stp     q26, q27, [x0, #416]
    stp     q28, q29, [x0, #448]
    stp     q30, q31, [x0, #480]
    mrs     x1, fpsr
    mrs     x2, fpcr
    str     x1, [x0, #FP_STATE_FPSR]    /* STP's immediate cannot reach: two STRs */
    str     x2, [x0, #FP_STATE_FPCR]
    ret
endfunc arch_fp_store

/*
 * void arch_fp_load(const TX_ARCH_FP_STATE *state)
 * x0 = state. Clobbers x1, x2 and every FP/SIMD register. Preconditions: as arch_fp_store.
 */
func arch_fp_load
    ldp     q0, q1, [x0, #0]
    ldp     q2, q3, [x0, #32]
    ldp     q4, q5, [x0, #64]
    ldp     q6, q7, [x0, #96]
    ldp     q8, q9, [x0, #128]
    ldp     q10, q11, [x0, #160]
    ldp     q12, q13, [x0, #192]
    ldp     q14, q15, [x0, #224]
    ldp     q16, q17, [x0, #256]
    ldp     q18, q19, [x0, #288]
    ldp     q20, q21, [x0, #320]
    ldp     q22, q23, [x0, #352]
    ldp     q24, q25, [x0, #384]
    ldp     q26, q27, [x0, #416]
    ldp     q28, q29, [x0, #448]
    ldp     q30, q31, [x0, #480]
    ldr     x1, [x0, #FP_STATE_FPSR]
    ldr     x2, [x0, #FP_STATE_FPCR]
    msr     fpsr, x1
    msr     fpcr, x2
    ret
endfunc arch_fp_load
