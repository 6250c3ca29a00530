/*
 * printf_fp.h - internals of lib/printf.c's %f %e %g, integer-only, kept in a header so that the
 * host test (tests/host/test_printf.c) can check them on their own: they are not a public API.
 *
 * - aapcs64_va_fp(): the next double or long double argument of an AAPCS64 va_list, read from
 *   memory with integer loads (GCC rejects va_arg(ap, double) under -mgeneral-regs-only).
 * - f128_to_f64_bits(): a binary128 (AArch64 long double) rounded to binary64, ties to even.
 * - fmt_has_fp_conversion(): whether a format has a conversion that takes a double.
 */
#ifndef XENRTOS_PRINTF_FP_H
#define XENRTOS_PRINTF_FP_H

#include <stdbool.h>
#include <stdint.h>

/* The AAPCS64 va_list (Procedure Call Standard for the Arm 64-bit Architecture, "Appendix B:
 * Variable argument lists"): the field order and sizes of GCC's __builtin_va_list. */
struct aapcs64_va {
    void *stack;  /* next argument passed on the stack */
    void *gr_top; /* end of the general-register save area */
    void *vr_top; /* end of the FP/SIMD register save area */
    int gr_offs;  /* minus the bytes of the general-register save area not yet consumed */
    int vr_offs;  /* minus the bytes of the FP/SIMD save area not yet consumed (16 per register) */
};

/* The next floating-point argument, as GCC's va_arg does it: from the FP/SIMD save area while
 * vr_offs says one is left (a double is the low 8 bytes of its 16-byte slot), else from the
 * stack (a double takes 8 bytes; a long double 16, aligned to 16). quad: a long double, whose
 * 16 bytes are returned in *lo and *hi; else the double's bits in *lo. Little-endian only. */
static inline void aapcs64_va_fp(struct aapcs64_va *va, bool quad, uint64_t *lo, uint64_t *hi)
{
    const unsigned char *src;
    int offs = va->vr_offs;

    if (offs < 0 && offs + 16 <= 0) {
        va->vr_offs = offs + 16;
        src = (const unsigned char *)va->vr_top + offs;
    } else {
        if (offs < 0) {
            va->vr_offs = offs + 16; /* GCC's va_arg does the same before going to the stack */
        }
        uintptr_t addr = (uintptr_t)va->stack;
        if (quad) {
            addr = (addr + 15u) & ~(uintptr_t)15u;
        }
        src = (const unsigned char *)addr;
        va->stack = (void *)(addr + (quad ? 16u : 8u));
    }
    __builtin_memcpy(lo, src, sizeof(*lo));
    *hi = 0;
    if (quad) {
        __builtin_memcpy(hi, src + 8, sizeof(*hi));
    }
}

/* hi:lo >> s (1 <= s <= 127) into *r, with the last bit shifted out (*half) and whether any bit
 * below that one was set (*sticky). */
static inline void shr128_round_bits(uint64_t hi, uint64_t lo, unsigned s, uint64_t *r, bool *half,
                                     bool *sticky)
{
    if (s < 64) {
        *r = (lo >> s) | (hi << (64u - s));
        *half = ((lo >> (s - 1u)) & 1u) != 0;
        *sticky = (lo & ((UINT64_C(1) << (s - 1u)) - 1u)) != 0;
    } else if (s == 64) {
        *r = hi;
        *half = (lo >> 63) != 0;
        *sticky = (lo & ~(UINT64_C(1) << 63)) != 0;
    } else {
        *r = hi >> (s - 64u);
        *half = ((hi >> (s - 65u)) & 1u) != 0;
        *sticky = lo != 0 || (hi & ((UINT64_C(1) << (s - 65u)) - 1u)) != 0;
    }
}

/* IEEE binary128 (sign, 15-bit exponent, 112-bit fraction; hi holds the top 64 bits) rounded to
 * the nearest binary64, ties to even: overflow gives infinity, binary128 subnormals give zero
 * (they are far below binary64's smallest subnormal), a NaN gives a quiet NaN of the same sign. */
static inline uint64_t f128_to_f64_bits(uint64_t hi, uint64_t lo)
{
    const uint64_t sign = hi & (UINT64_C(1) << 63);
    const unsigned ef = (unsigned)(hi >> 48) & 0x7fffu;
    const uint64_t fhi = hi & ((UINT64_C(1) << 48) - 1u);
    const uint64_t inf = UINT64_C(0x7ff) << 52;

    if (ef == 0x7fffu) {
        return sign | inf | ((fhi | lo) != 0 ? UINT64_C(1) << 51 : 0);
    }
    if (ef == 0) {
        return sign; /* zero or a binary128 subnormal (< 2^-16382) */
    }
    int e2 = (int)ef - 16383; /* value = 1.fraction * 2^e2: a 113-bit significand */
    uint64_t shi = fhi | (UINT64_C(1) << 48);
    if (e2 > 1023) {
        return sign | inf;
    }
    /* Keep 53 bits for a normal result, fewer for a subnormal (unit 2^-1074). */
    int s = e2 >= -1022 ? 60 : 60 + (-1022 - e2);
    if (s > 113) {
        return sign; /* below half the smallest subnormal (s == 113 can still round up) */
    }
    uint64_t r;
    bool half;
    bool sticky;
    shr128_round_bits(shi, lo, (unsigned)s, &r, &half, &sticky);
    if (half && (sticky || (r & 1u) != 0)) {
        r++;
    }
    if (e2 < -1022) {
        return sign | r; /* r == 2^52 after rounding is the smallest normal: same encoding */
    }
    /* r includes the implicit bit (2^52), which adds one to the exponent field; a carry of the
     * rounding into 2^53 adds one more, up to infinity's encoding for e2 == 1023. */
    return sign | (((uint64_t)(e2 + 1022) << 52) + r);
}

static inline bool fmt_char_in(char c, const char *set)
{
    for (; *set != '\0'; set++) {
        if (c == *set) {
            return true;
        }
    }
    return false;
}

/* Whether some conversion of fmt takes a floating-point argument (a, e, f, g in either case).
 * Skips what printf's parser accepts between '%' and the conversion; a format it would reject
 * may make this answer true where printf then takes no double, never the reverse. */
static inline bool fmt_has_fp_conversion(const char *fmt)
{
    for (const char *p = fmt; *p != '\0'; p++) {
        if (*p != '%') {
            continue;
        }
        p++;
        while (*p != '\0' && fmt_char_in(*p, "-+ #0123456789.*hlLjzt")) {
            p++;
        }
        if (*p == '\0') {
            break;
        }
        if (fmt_char_in(*p, "aAeEfFgG")) {
            return true;
        }
    }
    return false;
}

#endif /* XENRTOS_PRINTF_FP_H */
