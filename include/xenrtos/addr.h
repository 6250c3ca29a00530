/*
 * xenrtos/addr.h - address types that must not mix (after Hafnium's paddr_t/vaddr_t).
 *
 * A guest physical (intermediate physical) address and a virtual address are distinct structs,
 * so passing one where the other belongs fails to compile. Shared by the AArch64 port (MMU,
 * device tree), the Xen layer (frames, mappings) and host unit tests; no CPU knowledge here.
 */
#ifndef XENRTOS_ADDR_H
#define XENRTOS_ADDR_H

#include <stdint.h>

typedef struct {
    uint64_t pa;
} paddr_t;

typedef struct {
    uint64_t va;
} vaddr_t;

static inline paddr_t pa_init(uint64_t pa)
{
    return (paddr_t){pa};
}

static inline uint64_t pa_addr(paddr_t p)
{
    return p.pa;
}

static inline paddr_t pa_add(paddr_t p, uint64_t n)
{
    return (paddr_t){p.pa + n};
}

static inline vaddr_t va_init(uint64_t va)
{
    return (vaddr_t){va};
}

static inline uint64_t va_addr(vaddr_t v)
{
    return v.va;
}

static inline void *va_ptr(vaddr_t v)
{
    return (void *)(uintptr_t)v.va;
}

#endif /* XENRTOS_ADDR_H */
