/*
 * asm.h - helpers shared by C and assembly (TF-A style): U()/ULL() constants that lose their
 * suffix under __ASSEMBLER__, and func/endfunc for assembly routines.
 */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

#ifdef __ASSEMBLER__
#define U(x)   (x)
#define ULL(x) (x)
#else
#define U(x)   (x##U)
#define ULL(x) (x##ULL)
#endif

#define BIT(n) (ULL(1) << (n))
/* Mask of bits hi..lo inclusive. */
#define GENMASK(hi, lo) (((~ULL(0)) >> (63 - (hi))) & ~((ULL(1) << (lo)) - 1))

/* clang-format off */
#ifdef __ASSEMBLER__
/* An ELF function symbol with size, in its own section (for --gc-sections). */
.macro func name, section=.text
    .section \section\().\name, "ax", %progbits
    .global \name
    .type \name, %function
    .balign 4
\name:
.endm

.macro endfunc name
    .size \name, . - \name
.endm

/* x\reg = address of \sym, PC-relative: valid with the MMU off (physical) and on (virtual). */
.macro adr_l reg, sym
    adrp \reg, \sym
    add \reg, \reg, :lo12:\sym
.endm
#endif
/* clang-format on */

#endif /* ARCH_ASM_H */
