/*
 * xen_hypercall.S - every HYPERVISOR_* stub of the Xen layer (xen/include/xen_hypercall.h),
 * generated from XEN_HYPERCALLS: the CPU port supplies the hypercall instruction.
 *
 * Xen on Arm hypercall convention (xen/include/public/arch-arm.h, "Hypercall calling
 * convention"): HVC with immediate XEN_HYPERCALL_TAG (0xEA1), hypercall number in x16,
 * arguments in x0-x4, result in x0. Xen may clobber x1-x4 and x16 (debug builds poison them),
 * all of which are caller-saved under AAPCS64, so a plain function call is a correct wrapper.
 */
#include "xen_hypercall_table.h"

/* Local func/endfunc: an ELF function symbol with a size, in its own section for --gc-sections. */
.macro xen_func name
    .section .text.\name, "ax", %progbits
    .global \name
    .type \name, %function
    .balign 4
\name:
.endm

.macro xen_endfunc name
    .size \name, . - \name
.endm

/*
 * long HYPERVISOR_<name>(args...)
 * In:  x0-x4 the hypercall's arguments, unchanged.
 * Out: x0 Xen's result (>= 0 success, -XEN_Exxx error).
 * Clobbers: x1-x4, x16, x17 (x16 holds the number; Xen may poison x1-x4); with an observer set,
 *           whatever a C function may clobber.
 * Preconditions: running as a Xen guest at EL1; pointer arguments are guest virtual addresses
 * of memory mapped as normal cacheable memory (Xen walks the stage-1 tables to reach them).
 * Without an observer (xen_hypercall_observer == NULL) the stub costs three instructions more
 * than the HVC itself.
 */
.macro hypercall name, nr
xen_func HYPERVISOR_\name
    adrp    x16, xen_hypercall_observer
    ldr     x16, [x16, :lo12:xen_hypercall_observer]
    cbnz    x16, 1f
    mov     x16, #\nr
    hvc     #XEN_HYPERCALL_TAG
    ret
1:  mov     x17, #\nr
    b       xen_hypercall_observed
xen_endfunc HYPERVISOR_\name
.endm

/*
 * xen_hypercall_observed: tail of a stub when an observer is set.
 * In:  x0-x4 the hypercall's arguments, x16 the observer, x17 the hypercall number, x30 the
 *      stub's caller.
 * Calls observer(number, x0), then makes the hypercall with the arguments unchanged.
 * Clobbers: what the observer (a C function) may clobber, x16, x17.
 */
xen_func xen_hypercall_observed
    stp     x29, x30, [sp, #-64]!
    mov     x29, sp
    stp     x0, x1, [sp, #16]
    stp     x2, x3, [sp, #32]
    stp     x4, x17, [sp, #48]
    mov     x1, x0
    mov     x0, x17
    blr     x16
    ldp     x4, x16, [sp, #48]      /* x16 = the hypercall number again */
    ldp     x2, x3, [sp, #32]
    ldp     x0, x1, [sp, #16]
    ldp     x29, x30, [sp], #64
    hvc     #XEN_HYPERCALL_TAG
    ret
xen_endfunc xen_hypercall_observed

/* ';' separates statements for the AArch64 assembler, so one cpp line may hold one stub. */
#define XEN_STUB(name, nr) hypercall name, nr;
XEN_HYPERCALLS(XEN_STUB)
