/*
 * libfdt_env.h - the environment libfdt expects, for the freestanding RTOS: fixed-width types,
 * string functions from lib/, big-endian device tree cells converted with byte-swap builtins.
 * libfdt itself is compiled from a Debian source package into build/ (arch/aarch64/libfdt.sh),
 * never copied here; this header replaces the one shipped with it.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FDT_FORCE
#define FDT_BITWISE

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

/* The target is little endian; device tree cells are big endian. */
static inline uint16_t fdt16_to_cpu(fdt16_t x)
{
    return __builtin_bswap16(x);
}

static inline fdt16_t cpu_to_fdt16(uint16_t x)
{
    return __builtin_bswap16(x);
}

static inline uint32_t fdt32_to_cpu(fdt32_t x)
{
    return __builtin_bswap32(x);
}

static inline fdt32_t cpu_to_fdt32(uint32_t x)
{
    return __builtin_bswap32(x);
}

static inline uint64_t fdt64_to_cpu(fdt64_t x)
{
    return __builtin_bswap64(x);
}

static inline fdt64_t cpu_to_fdt64(uint64_t x)
{
    return __builtin_bswap64(x);
}

#endif /* LIBFDT_ENV_H */
