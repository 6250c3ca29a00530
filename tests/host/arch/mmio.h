/*
 * arch/mmio.h for host tests: the register accessors of arch/aarch64/include/arch/mmio.h as
 * functions, so that a driver compiled unchanged on the host reaches a register model instead
 * of memory. Found through -Itests/host (the host port has no arch/mmio.h of its own). Today
 * tests/host/model_pl061.c implements them (the PL061 model); a second model would dispatch by
 * address there.
 */
#ifndef ARCH_MMIO_H
#define ARCH_MMIO_H

#include <stdint.h>

uint32_t mmio_read32(uintptr_t addr);
void mmio_write32(uintptr_t addr, uint32_t v);
uint8_t mmio_read8(uintptr_t addr);
void mmio_write8(uintptr_t addr, uint8_t v);
uint64_t mmio_read64(uintptr_t addr);
void mmio_write64(uintptr_t addr, uint64_t v);

#endif /* ARCH_MMIO_H */
