/*
 * arch/asm.h for host tests: the C half of arch/aarch64/include/arch/asm.h (constants), for
 * driver headers compiled on the host. Found through -Itests/host.
 */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

#define U(x)            (x##U)
#define ULL(x)          (x##ULL)
#define BIT(n)          (ULL(1) << (n))
#define GENMASK(hi, lo) (((~ULL(0)) >> (63 - (hi))) & ~((ULL(1) << (lo)) - 1))

#endif /* ARCH_ASM_H */
