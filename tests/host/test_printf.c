/*
 * test_printf.c - lib/printf.c's %f %e %g (and its integer conversions) against the host's
 * glibc printf, which prints the exact binary value correctly rounded for every precision.
 *
 * lib/printf.c is built for this test with its public names prefixed xr_ (tests.mk), so that
 * it does not replace glibc's. On the host, doubles come from va_arg; the AArch64-only pieces
 * (the AAPCS64 va_list reader, binary128 long doubles) are checked on their own from
 * printf_fp.h. Every mismatch is printed (the first few) and fails the test.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "txtest.h"

#include "../../lib/include/printf_fp.h" /* lib/include is not on host tests' path */

int xr_snprintf(char *buf, size_t size, const char *fmt, ...);
int xr_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#define OUT_MAX 4096

static unsigned long checks;
static unsigned long failures;
static unsigned long glibc_hash_g; /* outputs where glibc deviates from C11 and we do not */

static int reset_failures(void **state)
{
    (void)state;
    failures = 0;
    return 0;
}

static void report(const char *what, const char *fmt, const char *want, int nwant, const char *got,
                   int ngot)
{
    failures++;
    if (failures <= 20) {
        print_message("MISMATCH %s fmt \"%s\": glibc \"%s\" (%d), ours \"%s\" (%d)\n", what, fmt,
                      want, nwant, got, ngot);
    }
}

/*
 * glibc 2.36 prints %#g wrong when rounding moves the value into %e style: %#.2g of 99.5 gives
 * "1.e+02", where C11 7.21.6.1 asks for style e with precision P - 1 and no trailing zeros
 * removed under '#': "1.0e+02" (ours). When rounding does not change the style, glibc is right
 * (%#g of 9999995.0 is "1.00000e+07"). Such an output is accepted when it is exactly glibc's
 * own %#.<P-1>e of the value and that has an exponent >= P (so style e is the right one).
 * fmt: flags, optional width, optional ".prec" as digits, then 'g' or 'G'.
 */
static bool glibc_hash_g_bug(const char *fmt, double v, const char *got)
{
    size_t len = strlen(fmt);
    char conv = fmt[len - 1];

    if (strchr(fmt, '#') == NULL || (conv != 'g' && conv != 'G')) {
        return false;
    }
    const char *dot = strchr(fmt, '.');
    int p = dot != NULL ? atoi(dot + 1) : 6;
    if (p == 0) {
        p = 1;
    }
    char efmt[48];
    int head = (int)(dot != NULL ? (size_t)(dot - fmt) : len - 1);
    snprintf(efmt, sizeof(efmt), "%.*s.%d%c", head, fmt, p - 1, conv == 'g' ? 'e' : 'E');
    char want[OUT_MAX];
    snprintf(want, sizeof(want), efmt, v);
    const char *e = strrchr(want, conv == 'g' ? 'e' : 'E');
    if (e == NULL || atoi(e + 1) < p || strcmp(want, got) != 0) {
        return false;
    }
    glibc_hash_g++;
    return true;
}

/* One double through one format, both printfs. */
static void check_double(const char *fmt, double v)
{
    char want[OUT_MAX];
    char got[OUT_MAX];
    int nwant = snprintf(want, sizeof(want), fmt, v);
    int ngot = xr_snprintf(got, sizeof(got), fmt, v);

    checks++;
    if ((nwant != ngot || strcmp(want, got) != 0) && !glibc_hash_g_bug(fmt, v, got)) {
        char what[64];
        snprintf(what, sizeof(what), "value %a", v);
        report(what, fmt, want, nwant, got, ngot);
    }
}

/* A format with a precision given as an argument ("%.*e"). */
static void check_double_prec(const char *fmt, int prec, double v)
{
    char want[OUT_MAX];
    char got[OUT_MAX];
    int nwant = snprintf(want, sizeof(want), fmt, prec, v);
    int ngot = xr_snprintf(got, sizeof(got), fmt, prec, v);

    checks++;
    if (nwant != ngot || strcmp(want, got) != 0) {
        char what[64];
        snprintf(what, sizeof(what), "value %a prec %d", v, prec);
        report(what, fmt, want, nwant, got, ngot);
    }
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u; /* fixed seed: the same values every run */

static uint64_t rng(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

static double from_bits(uint64_t b)
{
    double v;
    memcpy(&v, &b, sizeof(v));
    return v;
}

static const double table[] = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1,
    1.0 / 3.0,
    2.0 / 3.0,
    -2.0 / 3.0,
    1e-300,
    5e-324,                  /* the smallest subnormal */
    2.2250738585072009e-308, /* the largest subnormal */
    DBL_MIN,
    DBL_MAX,
    -DBL_MAX,
    0.5,
    1.5,
    2.5, /* exact ties: to even */
    -2.5,
    3.5,
    0.125,
    0.375,
    1e-5,
    0.0001,
    0.00009999995,
    9.5,
    99.5,
    9.9999995,
    0.99999999,
    999999.5,
    9999995.0,
    123456.0,
    1e15,
    1e16,
    1e17,
    1e21,
    1e22,
    1e23,
    123456789.125,
    4503599627370496.5,     /* 2^52 + 0.5 */
    9007199254740993.0,     /* 2^53 + 1, not representable: 2^53 */
    18446744073709551616.0, /* 2^64 */
    3.141592653589793,
    2.718281828459045,
    1e100,
    1.7976931348623157e308,
    6.02214076e23,
    1.602176634e-19,
};

static const char *const convs = "feEgGF";
static const char *const flag_chars = "-+ #0";

/* Every value of the table in every conversion, every combination of flags, several widths and
 * precisions 0..17 and beyond. */
static void test_table(void **state)
{
    (void)state;
    static const int widths[] = {-1, 1, 12, 30};
    static const int precs[] = {-1, 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10,
                                11, 12, 13, 14, 15, 16, 17, 20, 25, 40, 60};
    unsigned long before = checks;

    for (size_t vi = 0; vi < sizeof(table) / sizeof(table[0]); vi++) {
        for (const char *c = convs; *c != '\0'; c++) {
            for (unsigned flags = 0; flags < 32u; flags++) {
                for (size_t wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
                    for (size_t pi = 0; pi < sizeof(precs) / sizeof(precs[0]); pi++) {
                        char fmt[32];
                        int n = 0;
                        fmt[n++] = '%';
                        for (int f = 0; f < 5; f++) {
                            if ((flags & (1u << f)) != 0) {
                                fmt[n++] = flag_chars[f];
                            }
                        }
                        if (widths[wi] >= 0) {
                            n += snprintf(fmt + n, sizeof(fmt) - (size_t)n, "%d", widths[wi]);
                        }
                        if (precs[pi] >= 0) {
                            n += snprintf(fmt + n, sizeof(fmt) - (size_t)n, ".%d", precs[pi]);
                        }
                        fmt[n++] = *c;
                        fmt[n] = '\0';
                        check_double(fmt, table[vi]);
                    }
                }
            }
        }
    }
    print_message("table: %lu formats x values\n", checks - before);
    assert_int_equal(failures, 0);
}

/* inf and nan: every conversion, flags, widths, precisions; the sign of a NaN is printed. */
static void test_inf_nan(void **state)
{
    (void)state;
    const double specials[] = {INFINITY, -INFINITY, NAN, -NAN};
    static const char *const fmts[] = {"%f",   "%F",    "%e",   "%E",    "%g",     "%G",
                                       "%+f",  "% F",   "%10e", "%-10E", "%010g",  "%-+010G",
                                       "%.3f", "%#.0e", "%#g",  "%5.1f", "%+.20e", "|% -8g|"};

    for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
        for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
            check_double(fmts[f], specials[i]);
        }
    }
    assert_int_equal(failures, 0);
}

/* Precisions far beyond 17 digits: the exact expansion of a double (up to 1074 fraction digits,
 * 309 integer digits) and zeros after it. */
static void test_long_precision(void **state)
{
    (void)state;
    static const int precs[] = {30, 50, 100, 330, 400, 767, 800, 1074, 1100};

    for (size_t vi = 0; vi < sizeof(table) / sizeof(table[0]); vi++) {
        for (size_t pi = 0; pi < sizeof(precs) / sizeof(precs[0]); pi++) {
            check_double_prec("%.*f", precs[pi], table[vi]);
            check_double_prec("%.*e", precs[pi], table[vi]);
            check_double_prec("%.*g", precs[pi], table[vi]);
            check_double_prec("%#.*G", precs[pi], table[vi]);
        }
    }
    assert_int_equal(failures, 0);
}

/* Pseudo-random doubles over every exponent (uniform bit patterns), shortest round-trip form,
 * %e and %f, then random precisions. */
static void test_random(void **state)
{
    (void)state;
    unsigned long before = checks;

    for (int i = 0; i < 10000; i++) {
        double v = from_bits(rng());
        check_double("%.17g", v);
        check_double("%e", v);
        check_double("%f", v);
        int prec = (int)(rng() % 26u);
        check_double_prec("%.*e", prec, v);
        check_double_prec("%.*g", prec, v);
        check_double_prec("%.*f", prec, v);
    }
    /* Magnitudes where %f prints digits on both sides of the point. */
    for (int i = 0; i < 10000; i++) {
        uint64_t b = rng();
        uint64_t exp = 1023u - 40u + b % 100u; /* 2^-40 .. 2^59 */
        double v = from_bits((b & 0x800FFFFFFFFFFFFFu) | (exp << 52));
        int prec = (int)(rng() % 20u);
        check_double_prec("%.*f", prec, v);
        check_double_prec("%.*e", prec, v);
        check_double_prec("%#.*g", prec + 1, v);
    }
    print_message("random: %lu checks\n", checks - before);
    assert_int_equal(failures, 0);
}

/* Values on and next to decimal rounding boundaries: exact binary ties (n / 2^j printed with
 * fewer than j fraction digits) and decimal fractions whose nearest double is just above or
 * below the halfway point. */
static void test_ties(void **state)
{
    (void)state;
    unsigned long before = checks;

    for (int j = 1; j <= 12; j++) {
        for (int i = 0; i < 200; i++) {
            double v = (double)(rng() % 100000u) / (double)(1u << j);
            for (int prec = 0; prec <= j; prec++) {
                check_double_prec("%.*f", prec, v);
                check_double_prec("%.*e", prec, v);
                check_double_prec("%.*g", prec + 1, v);
            }
        }
    }
    for (int i = 0; i < 2000; i++) {
        int digits = 1 + (int)(rng() % 6u);
        double v = ((double)(rng() % 2000000u) + 0.5) / pow(10.0, digits); /* x.xxx5 */
        check_double_prec("%.*f", digits, v);
        check_double_prec("%.*e", digits, v);
        check_double_prec("%.*g", digits + 1, v);
        check_double_prec("%.*f", digits, nextafter(v, 0.0));
        check_double_prec("%.*f", digits, nextafter(v, 1e300));
    }
    print_message("ties: %lu checks\n", checks - before);
    assert_int_equal(failures, 0);
}

/* Several arguments of mixed types, '*' width and precision (negative ones too), the return
 * value and truncation of snprintf, L, and %a (not supported: shown as is, argument taken). */
static void test_mixed_args(void **state)
{
    (void)state;
    char want[OUT_MAX];
    char got[OUT_MAX];
    int nwant;
    int ngot;

#define BOTH(...)                                                                                  \
    do {                                                                                           \
        nwant = snprintf(want, sizeof(want), __VA_ARGS__);                                         \
        ngot = xr_snprintf(got, sizeof(got), __VA_ARGS__);                                         \
        checks++;                                                                                  \
        if (nwant != ngot || strcmp(want, got) != 0) {                                             \
            report("mixed", #__VA_ARGS__, want, nwant, got, ngot);                                 \
        }                                                                                          \
    } while (0)

    BOTH("%d|%f|%s|%e|%ld|%g|%c|%.3f|%u", 42, 0.5, "x", 1e10, -7L, 1e-10, 'z', 2.0 / 3.0, 9u);
    BOTH("%f %f %f %f %f %f %f %f %f %f %d", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11);
    BOTH("%*.*f|%-*.*e|%.*g|%*f", 12, 3, 3.14159, 14, 2, -2.5e-7, -1, 1.0 / 7.0, -9, 0.25);
    BOTH("%Lf|%Le|%Lg|%d", (long double)0.1, (long double)-1e300, (long double)5e-324, 3);
    BOTH("%5.2f%%|%+08.2f|% 08.2e|%-8.1g|", 99.999, -1.005, 12345.678, 0.000123);
    BOTH("%hd %hhu %lld %zu %jd %#x %#o %-5d| %05d %+d % d %.0d|%.3s|%5c", (short)-3,
         (unsigned char)200, -12345678901LL, (size_t)77, (intmax_t)-1, 255u, 8u, 4, -42, 5, 6, 0,
         "abcdef", 'q');

    /* A long double that is not a double: ours rounds it to a double first. */
    long double third = 1.0L / 3.0L;
    nwant = snprintf(want, sizeof(want), "%.25f", (double)third);
    ngot = xr_snprintf(got, sizeof(got), "%.25Lf", third);
    checks++;
    if (nwant != ngot || strcmp(want, got) != 0) {
        report("L rounds to double", "%.25Lf", want, nwant, got, ngot);
    }

    /* %a: shown as is; its double is consumed, so the next arguments line up. */
    ngot = xr_snprintf(got, sizeof(got), "%a|%.3f|%d|%LA|%e", 1.0, 0.5, 7, 2.0L, 1.0);
    assert_string_equal(got, "%a|0.500|7|%A|1.000000e+00");
    assert_int_equal(ngot, (int)strlen(got));

    /* Truncation: same return value, same terminated prefix. */
    static const size_t sizes[] = {0, 1, 2, 5, 9, 10, 11, 40};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        memset(want, 'W', sizeof(want));
        memset(got, 'W', sizeof(got));
        nwant = snprintf(want, sizes[i], "%.4e|%10.3f", -123.456, 1e6);
        ngot = xr_snprintf(got, sizes[i], "%.4e|%10.3f", -123.456, 1e6);
        checks++;
        assert_int_equal(nwant, ngot);
        assert_memory_equal(want, got, sizes[i] + 1);
    }
#undef BOTH
    assert_int_equal(failures, 0);
}

static int call_vsnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = xr_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* vsnprintf with a va_list of the caller's own variadic function (as an application's logger). */
static void test_vsnprintf(void **state)
{
    (void)state;
    char got[128];

    int n = call_vsnprintf(got, sizeof(got), "[%s] %.2f %d %g", "t", 1.005, 3, 1e-7);
    assert_string_equal(got, "[t] 1.00 3 1e-07"); /* 1.005 is 1.00499999999999989... */
    assert_int_equal(n, (int)strlen(got));
}

/* The AAPCS64 va_list reader: doubles from the FP/SIMD save area (low half of each 16-byte
 * slot), then from the stack; a long double takes a whole register, or 16 aligned stack bytes. */
static void test_aapcs64_reader(void **state)
{
    (void)state;
    uint64_t vr[16]; /* 8 slots of 16 bytes */
    uint64_t stk[8] __attribute__((aligned(16)));
    struct aapcs64_va va;
    uint64_t lo;
    uint64_t hi;

    for (int i = 0; i < 8; i++) {
        vr[2 * i] = 0x1000u + (uint64_t)i;     /* the double */
        vr[2 * i + 1] = 0x2000u + (uint64_t)i; /* upper half of q<i> (a long double's top) */
        stk[i] = 0x3000u + (uint64_t)i;
    }
    /* Two named FP arguments: 6 slots left. */
    va = (struct aapcs64_va){.stack = stk, .vr_top = vr + 16, .vr_offs = -6 * 16};
    for (int i = 2; i < 7; i++) {
        aapcs64_va_fp(&va, false, &lo, &hi);
        assert_int_equal(lo, 0x1000u + (uint64_t)i);
    }
    aapcs64_va_fp(&va, true, &lo, &hi); /* the last register: a long double */
    assert_int_equal(lo, 0x1007u);
    assert_int_equal(hi, 0x2007u);
    assert_int_equal(va.vr_offs, 0);
    aapcs64_va_fp(&va, false, &lo, &hi); /* save area used up: the stack */
    assert_int_equal(lo, 0x3000u);
    assert_ptr_equal(va.stack, stk + 1);
    aapcs64_va_fp(&va, true, &lo, &hi); /* 16-byte aligned: skips stk[1] */
    assert_int_equal(lo, 0x3002u);
    assert_int_equal(hi, 0x3003u);
    aapcs64_va_fp(&va, false, &lo, &hi);
    assert_int_equal(lo, 0x3004u);
    assert_int_equal(va.vr_offs, 0);

    /* A va_list of a -mgeneral-regs-only variadic function (vr_offs 0): the stack directly. */
    va = (struct aapcs64_va){.stack = stk, .vr_top = vr + 16, .vr_offs = 0};
    aapcs64_va_fp(&va, false, &lo, &hi);
    assert_int_equal(lo, 0x3000u);
    /* One slot left (-16) and a long double: it still fits the register. Then the stack, with
     * vr_offs moving past 0 as GCC's va_arg leaves it. */
    va = (struct aapcs64_va){.stack = stk, .vr_top = vr + 16, .vr_offs = -16};
    aapcs64_va_fp(&va, true, &lo, &hi);
    assert_int_equal(lo, 0x1007u);
    aapcs64_va_fp(&va, false, &lo, &hi);
    assert_int_equal(lo, 0x3000u);
}

/* binary128 -> binary64 rounding (AArch64's long double), against the compiler's __float128
 * conversion (libgcc soft-fp, correctly rounded). */
static void check_f128(uint64_t hi, uint64_t lo)
{
#ifdef __SIZEOF_FLOAT128__
    __float128 q;
    uint64_t words[2] = {lo, hi}; /* little-endian */
    memcpy(&q, words, sizeof(q));
    double want = (double)q;
    uint64_t wbits;
    memcpy(&wbits, &want, sizeof(wbits));
    uint64_t got = f128_to_f64_bits(hi, lo);
    checks++;
    if (want != want) {
        /* NaN: any quiet NaN of the same sign. */
        if ((got & 0x7FF8000000000000u) != 0x7FF8000000000000u || (got >> 63) != (wbits >> 63)) {
            failures++;
        }
    } else if (got != wbits) {
        failures++;
        if (failures <= 20) {
            print_message("MISMATCH f128 %016llx%016llx: want %016llx, got %016llx\n",
                          (unsigned long long)hi, (unsigned long long)lo, (unsigned long long)wbits,
                          (unsigned long long)got);
        }
    }
#else
    (void)hi;
    (void)lo;
#endif
}

static void test_f128_to_f64(void **state)
{
    (void)state;
#ifndef __SIZEOF_FLOAT128__
    skip();
#endif
    const uint64_t one = 0x3FFF; /* biased exponent of 1.0 */
    unsigned long before = checks;

    /* Boundaries: the largest double and half an ulp above it, the smallest subnormal, half of
     * it (a tie: to 0), just above half, 3/4 of it, the largest subnormal + half an ulp. */
    check_f128((one + 1023u) << 48 | 0xFFFFFFFFFFFFu, 0xF000000000000000u);
    check_f128((one + 1023u) << 48 | 0xFFFFFFFFFFFFu, 0xF800000000000000u);
    check_f128((one + 1023u) << 48 | 0xFFFFFFFFFFFFu, 0xFFFFFFFFFFFFFFFFu);
    check_f128((one + 1024u) << 48, 0);
    check_f128((one - 1074u) << 48, 0);
    check_f128((one - 1075u) << 48, 0);
    check_f128((one - 1075u) << 48, 1);
    check_f128((one - 1076u) << 48, 0);
    check_f128((one - 1075u) << 48 | 0x800000000000u, 0);
    check_f128((one - 1023u) << 48 | 0xFFFFFFFFFFFFu, 0xF800000000000000u);
    check_f128((one - 1022u) << 48, 0);
    check_f128(UINT64_C(0x7FFF) << 48, 0);
    check_f128(UINT64_C(0xFFFF) << 48, 0);
    check_f128(UINT64_C(0x7FFF) << 48, 1);
    check_f128(0x8000000000000000u, 0);
    check_f128(0, 1);
    for (int i = 0; i < 100000; i++) {
        uint64_t hi = rng();
        uint64_t lo = rng();
        if (i % 4 != 0) {
            /* Exponents around the double range, and ties: the bits below the 53rd cleared but
             * the half bit (for a normal result) or random trailing ones. */
            uint64_t e = one - 1100u + rng() % 2200u;
            hi = (hi & 0x8000FFFFFFFFFFFFu) | (e << 48);
            if (i % 8 == 1) {
                lo = (lo & ~0x0FFFFFFFFFFFFFFFu) | 0x0800000000000000u;
            }
        }
        check_f128(hi, lo);
    }
    print_message("f128: %lu conversions\n", checks - before);
    assert_int_equal(failures, 0);
}

static void test_fmt_scan(void **state)
{
    (void)state;
    assert_false(fmt_has_fp_conversion(""));
    assert_false(fmt_has_fp_conversion("plain text, f e g"));
    assert_false(fmt_has_fp_conversion("%d %s %lu %-08x %% %zu %p %c"));
    assert_false(fmt_has_fp_conversion("100%%f"));
    assert_false(fmt_has_fp_conversion("trailing %"));
    assert_true(fmt_has_fp_conversion("%f"));
    assert_true(fmt_has_fp_conversion("%d %s %+-#0 12.*Lg"));
    assert_true(fmt_has_fp_conversion("%%%e"));
    assert_true(fmt_has_fp_conversion("x %*.*E"));
    assert_true(fmt_has_fp_conversion("%lF"));
    assert_true(fmt_has_fp_conversion("%A"));
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_table, reset_failures),
        cmocka_unit_test_setup(test_inf_nan, reset_failures),
        cmocka_unit_test_setup(test_long_precision, reset_failures),
        cmocka_unit_test_setup(test_random, reset_failures),
        cmocka_unit_test_setup(test_ties, reset_failures),
        cmocka_unit_test_setup(test_mixed_args, reset_failures),
        cmocka_unit_test_setup(test_vsnprintf, reset_failures),
        cmocka_unit_test_setup(test_aapcs64_reader, reset_failures),
        cmocka_unit_test_setup(test_f128_to_f64, reset_failures),
        cmocka_unit_test_setup(test_fmt_scan, reset_failures),
    };
    int rc = cmocka_run_group_tests_name("printf", tests, NULL, NULL);
    print_message("printf: %lu checks (%lu where glibc's %%#g is wrong and ours follows C11)\n",
                  checks, glibc_hash_g);
    return rc;
}
