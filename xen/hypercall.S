/*
 * hypercall.S - every HYPERVISOR_* stub, generated from XEN_HYPERCALLS.
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
 * Clobbers: x1-x4, x16 (x16 holds the number; Xen may poison x1-x4).
 * Preconditions: running as a Xen guest at EL1; pointer arguments are guest virtual addresses
 * of memory mapped as normal cacheable memory (Xen walks the stage-1 tables to reach them).
 */
.macro hypercall name, nr
xen_func HYPERVISOR_\name
    mov     x16, #\nr
    hvc     #XEN_HYPERCALL_TAG
    ret
xen_endfunc HYPERVISOR_\name
.endm

/* ';' separates statements for the AArch64 assembler, so one cpp line may hold one stub. */
#define XEN_STUB(name, nr) hypercall name, nr;
XEN_HYPERCALLS(XEN_STUB)
