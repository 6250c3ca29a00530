/*
 * printf.c - a small printf for the RTOS (see <stdio.h> for the conversions).
 *
 * One formatter writes through a sink; printf() formats into a stack buffer and hands whole
 * lines to the console so that lines from different threads do not interleave mid-line.
 * Integer-only, like all of lib (-mgeneral-regs-only), %f %e %g included: a double argument is
 * read from the va_list's memory as 64 bits (printf_fp.h) and converted with big integers; only
 * the AArch64 entry stubs of printf() and snprintf() touch FP registers, and only for a format
 * that has such a conversion (see "Variadic entry on AArch64" below).
 */
#include <stdbool.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "printf_fp.h"

struct sink {
    char *buf;
    size_t size; /* capacity of buf */
    size_t pos;  /* characters stored in buf */
    size_t total;
    void (*flush)(struct sink *s); /* NULL: truncate (snprintf) */
};

static void (*console_write)(const char *buf, size_t len);

void lib_set_console(void (*write)(const char *buf, size_t len))
{
    console_write = write;
}

static void sink_put(struct sink *s, char c)
{
    s->total++;
    if (s->pos < s->size) {
        s->buf[s->pos++] = c;
    }
    if (s->flush != NULL && (s->pos == s->size || c == '\n')) {
        s->flush(s);
    }
}

static void put_repeat(struct sink *s, char c, int n)
{
    for (int i = 0; i < n; i++) {
        sink_put(s, c);
    }
}

struct spec {
    bool left;
    bool zero;
    bool plus;
    bool space;
    bool alt;
    int width;
    int prec; /* -1: none */
};

static void put_number(struct sink *s, uintmax_t v, bool negative, unsigned base, bool upper,
                       const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    const char *prefix = "";
    char sign = '\0';

    while (v != 0) {
        /* base is 8, 10 or 16 (callers pass constants) */
        // cppcheck-suppress zerodivcond
        tmp[n++] = digits[v % base];
        v /= base;
    }
    int prec = sp->prec < 0 ? 1 : sp->prec;
    int zeros = prec > n ? prec - n : 0;
    if (negative) {
        sign = '-';
    } else if (sp->plus) {
        sign = '+';
    } else if (sp->space) {
        sign = ' ';
    }
    if (sp->alt && base == 16 && n > 0) {
        prefix = upper ? "0X" : "0x";
    } else if (sp->alt && base == 8 && zeros == 0) {
        zeros = 1;
    }
    int len = n + zeros + (sign != '\0' ? 1 : 0) + (int)strlen(prefix);
    int pad = sp->width > len ? sp->width - len : 0;

    if (!sp->left && !(sp->zero && sp->prec < 0)) {
        put_repeat(s, ' ', pad);
        pad = 0;
    }
    if (sign != '\0') {
        sink_put(s, sign);
    }
    for (const char *p = prefix; *p != '\0'; p++) {
        sink_put(s, *p);
    }
    if (!sp->left) {
        zeros += pad;
        pad = 0;
    }
    put_repeat(s, '0', zeros);
    while (n > 0) {
        sink_put(s, tmp[--n]);
    }
    put_repeat(s, ' ', pad);
}

static void put_string(struct sink *s, const char *str, const struct spec *sp)
{
    if (str == NULL) {
        str = "(null)";
    }
    int len = (int)strnlen(str, sp->prec < 0 ? SIZE_MAX : (size_t)sp->prec);
    int pad = sp->width > len ? sp->width - len : 0;

    if (!sp->left) {
        put_repeat(s, ' ', pad);
    }
    for (int i = 0; i < len; i++) {
        sink_put(s, str[i]);
    }
    if (sp->left) {
        put_repeat(s, ' ', pad);
    }
}

/* ---- %f %e %g -------------------------------------------------------------------------------
 * A finite double is m * 2^e2 with integers m < 2^53 and -1074 <= e2 <= 971. Its decimal
 * expansion is finite and is produced exactly, digit by digit, with integer arithmetic:
 * - the integer part, m << e2 (at most 1024 bits) or m >> -e2, is converted once into base 10^9
 *   limbs, so any of its digits can be read directly;
 * - the fraction f / 2^k (k = -e2, at most 1074 bits) gives its next nine digits as the bits
 *   above k of f * 10^9; it ends (f == 0) after at most k digits.
 * Every result is this exact value rounded once, at the last digit printed, to nearest with
 * ties to even (glibc's result in the default rounding mode), for any precision. Formatting
 * takes up to four passes over the digits, each from the first: find the leading digit (%e %g),
 * decide the rounding (%g may need it twice, for its two styles), then emit.
 */
#define FP_DEC_LIMBS  35 /* base 10^9 limbs of an integer < 2^1024 (309 digits) */
#define FP_FRAC_WORDS 36 /* 32-bit words of f * 10^9 < 2^(1074 + 30), one spare */
#define FP_BILLION    1000000000u
/* Larger precisions are taken as this one: keeps place arithmetic far from int overflow. */
#define FP_PREC_MAX (INT_MAX / 4)

static const uint32_t pow10_u32[10] = {1,      10,      100,      1000,      10000,
                                       100000, 1000000, 10000000, 100000000, 1000000000};

struct fp_digits {
    uint32_t dec[FP_DEC_LIMBS]; /* integer part, least significant limb first */
    int ndec;
    int idigits;    /* decimal digits of the integer part, 0 when it is 0 */
    uint64_t frac0; /* the fraction's initial bits: fraction = frac0 / 2^k */
    int k;
    uint32_t f[FP_FRAC_WORDS]; /* fraction being expanded, least significant word first */
    int fwords;                /* words in use: k + 32 bits */
    bool fzero;                /* f == 0: every further digit is 0 */
    uint32_t chunk;            /* the digits at places ctop .. ctop - 8 */
    int ctop;
};

static int u32_digits(uint32_t v)
{
    int n = 1;

    while (n < 10 && v >= pow10_u32[n]) {
        n++;
    }
    return n;
}

/* Back to the first fraction digit (place -1 comes next). */
static void fp_rewind(struct fp_digits *d)
{
    d->fwords = d->k / 32 + 2;
    for (int i = 0; i < d->fwords; i++) {
        d->f[i] = 0;
    }
    d->f[0] = (uint32_t)d->frac0;
    d->f[1] = (uint32_t)(d->frac0 >> 32);
    d->fzero = d->frac0 == 0;
    d->chunk = 0;
    d->ctop = 8; /* "covers" places 8 .. 0: no fraction digit produced yet */
}

static void fp_init(struct fp_digits *d, uint64_t m, int e2)
{
    d->ndec = 0;
    d->frac0 = 0;
    d->k = 0;
    if (e2 >= 0) {
        /* m << e2 in d->f as scratch (at most 33 words), then divided by 10^9 limb by limb. */
        int nw = (53 + e2) / 32 + 2;
        int w = e2 / 32;
        int sh = e2 % 32;
        for (int i = 0; i < nw; i++) {
            d->f[i] = 0;
        }
        uint64_t lo = m << sh;
        uint64_t hi = sh != 0 ? m >> (64 - sh) : 0;
        d->f[w] = (uint32_t)lo;
        d->f[w + 1] = (uint32_t)(lo >> 32);
        d->f[w + 2] = (uint32_t)hi;
        while (nw > 0 && d->f[nw - 1] == 0) {
            nw--;
        }
        while (nw > 0) {
            uint64_t rem = 0;
            for (int i = nw - 1; i >= 0; i--) {
                uint64_t cur = (rem << 32) | d->f[i];
                d->f[i] = (uint32_t)(cur / FP_BILLION);
                rem = cur % FP_BILLION;
            }
            d->dec[d->ndec++] = (uint32_t)rem;
            while (nw > 0 && d->f[nw - 1] == 0) {
                nw--;
            }
        }
    } else {
        d->k = -e2;
        uint64_t ip = d->k < 64 ? m >> d->k : 0;
        d->frac0 = d->k < 64 ? m & ((UINT64_C(1) << d->k) - 1u) : m;
        while (ip != 0) {
            d->dec[d->ndec++] = (uint32_t)(ip % FP_BILLION);
            ip /= FP_BILLION;
        }
    }
    d->idigits = d->ndec == 0 ? 0 : 9 * (d->ndec - 1) + u32_digits(d->dec[d->ndec - 1]);
    fp_rewind(d);
}

/* The next nine fraction digits: f *= 10^9, the bits above k are the digits. */
static void fp_next_chunk(struct fp_digits *d)
{
    d->ctop -= 9;
    if (d->fzero) {
        d->chunk = 0;
        return;
    }
    uint64_t carry = 0;
    for (int i = 0; i < d->fwords; i++) {
        uint64_t t = (uint64_t)d->f[i] * FP_BILLION + carry;
        d->f[i] = (uint32_t)t;
        carry = t >> 32;
    }
    int w = d->k / 32;
    int sh = d->k % 32;
    uint64_t top = (((uint64_t)d->f[w + 1] << 32) | d->f[w]) >> sh;
    d->chunk = (uint32_t)top;
    d->f[w] &= (uint32_t)((UINT64_C(1) << sh) - 1u);
    uint32_t any = 0;
    for (int i = 0; i < d->fwords; i++) {
        if (i > w) {
            d->f[i] = 0;
        }
        any |= d->f[i];
    }
    d->fzero = any == 0;
}

/* The digit at place p (its weight is 10^p). Fraction places must be asked for in decreasing
 * order after fp_rewind (skipping is allowed). */
static int fp_digit(struct fp_digits *d, int p)
{
    if (p >= 0) {
        return p >= d->idigits ? 0 : (int)(d->dec[p / 9] / pow10_u32[p % 9] % 10u);
    }
    while (p < d->ctop - 8) {
        fp_next_chunk(d);
    }
    return (int)(d->chunk / pow10_u32[8 - (d->ctop - p)] % 10u);
}

/* Whether every digit below place p is 0; p was the last place asked for. */
static bool fp_rest_zero(const struct fp_digits *d, int p)
{
    if (p < 0) {
        return d->chunk % pow10_u32[8 - (d->ctop - p)] == 0 && d->fzero;
    }
    for (int q = p - 1; q >= 0; q--) {
        if (q < d->idigits && d->dec[q / 9] / pow10_u32[q % 9] % 10u != 0) {
            return false;
        }
    }
    return d->frac0 == 0;
}

/* The place of the leading nonzero digit; 0 for zero. */
static int fp_lead(struct fp_digits *d)
{
    int p = -1;

    if (d->idigits > 0 || d->frac0 == 0) {
        return d->idigits > 0 ? d->idigits - 1 : 0;
    }
    fp_rewind(d);
    while (fp_digit(d, p) == 0) {
        p--;
    }
    return p;
}

/* The digits at places hi .. lo, rounded at lo. */
struct fp_round {
    bool up;     /* add one unit at place lo: place inc gets +1, the places below it become 0 */
    int inc;     /* hi + 1 when every digit was 9: the result is 1 followed by zeros */
    int last_nz; /* lowest place with a nonzero digit in the rounded result; hi + 1 if none */
};

static void fp_round_at(struct fp_digits *d, int hi, int lo, struct fp_round *r)
{
    int last_non9 = hi + 1; /* the 0 above hi, where a carry out of every 9 lands */
    int dig = 0;

    fp_rewind(d);
    r->last_nz = hi + 1;
    for (int p = hi; p >= lo; p--) {
        dig = fp_digit(d, p);
        if (dig != 9) {
            last_non9 = p;
        }
        if (dig != 0) {
            r->last_nz = p;
        }
    }
    int next = fp_digit(d, lo - 1);
    r->up = next > 5 || (next == 5 && (!fp_rest_zero(d, lo - 1) || (dig & 1) != 0));
    r->inc = last_non9;
    if (r->up) {
        r->last_nz = last_non9;
    }
}

/* Digit at place p of the rounded result; places in decreasing order after fp_rewind. */
static char fp_out_digit(struct fp_digits *d, const struct fp_round *r, int p)
{
    if (r->up && p < r->inc) {
        return '0';
    }
    int v = fp_digit(d, p);
    return (char)('0' + (r->up && p == r->inc ? v + 1 : v));
}

/* Not inlined into format(): its ~330 bytes of digits stay off the stack of integer-only prints. */
__attribute__((noinline)) static void put_float(struct sink *s, uint64_t bits, char conv,
                                                const struct spec *sp)
{
    const bool upper = conv == 'F' || conv == 'E' || conv == 'G';
    const unsigned ef = (unsigned)(bits >> 52) & 0x7ffu;
    const uint64_t mant = bits & ((UINT64_C(1) << 52) - 1u);
    char sign = '\0';

    if ((bits >> 63) != 0) {
        sign = '-';
    } else if (sp->plus) {
        sign = '+';
    } else if (sp->space) {
        sign = ' ';
    }
    if (ef == 0x7ffu) {
        /* inf and nan, with the sign (glibc prints "-nan" too); padded with spaces only. */
        char str[5] = {sign};
        const char *name = mant == 0 ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
        memcpy(sign != '\0' ? str + 1 : str, name, 4);
        struct spec plain = {.left = sp->left, .width = sp->width, .prec = -1};
        put_string(s, str, &plain);
        return;
    }

    struct fp_digits d;
    fp_init(&d, ef != 0 ? mant | (UINT64_C(1) << 52) : mant, ef != 0 ? (int)ef - 1075 : -1074);
    int prec = sp->prec < 0 ? 6 : (sp->prec > FP_PREC_MAX ? FP_PREC_MAX : sp->prec);
    bool estyle = conv == 'e' || conv == 'E';
    bool strip = false; /* %g without '#': no trailing zeros after the point, nor a bare point */
    struct fp_round r;
    int lead = 0;
    int fhi = d.idigits > 0 ? d.idigits - 1 : 0; /* top place of the f style */

    if (conv == 'g' || conv == 'G') {
        int sig = prec == 0 ? 1 : prec; /* significant digits */
        lead = fp_lead(&d);
        fp_round_at(&d, lead, lead - (sig - 1), &r);
        int x = r.up && r.inc == lead + 1 ? lead + 1 : lead; /* exponent of the e style */
        estyle = !(x < sig && x >= -4);
        prec = estyle ? sig - 1 : sig - 1 - x;
        strip = !sp->alt;
        if (!estyle) {
            fp_round_at(&d, fhi, -prec, &r);
        }
    } else if (estyle) {
        lead = fp_lead(&d);
        fp_round_at(&d, lead, lead - prec, &r);
    } else {
        fp_round_at(&d, fhi, -prec, &r);
    }

    /* top: the place of the first digit printed; frac: digits after the point. */
    int top = estyle ? lead : fhi;
    if (r.up && r.inc == top + 1) {
        top++;
    }
    int frac = prec;
    if (strip) {
        int keep = (estyle ? top : 0) - r.last_nz; /* digits after the point up to the last 1-9 */
        frac = keep < 0 ? 0 : (keep < prec ? keep : prec);
    }
    bool point = frac > 0 || sp->alt;
    int exp10 = top;
    int exp_digits = 0;
    int len = (sign != '\0' ? 1 : 0) + (point ? 1 : 0) + frac;
    if (estyle) {
        int a = exp10 < 0 ? -exp10 : exp10;
        exp_digits = a >= 100 ? 3 : 2;
        len += 1 + 1 + 1 + exp_digits; /* leading digit, 'e', exponent sign and digits */
    } else {
        len += top + 1;
    }
    int pad = sp->width > len ? sp->width - len : 0;

    if (!sp->left && !sp->zero) {
        put_repeat(s, ' ', pad);
    }
    if (sign != '\0') {
        sink_put(s, sign);
    }
    if (!sp->left && sp->zero) {
        put_repeat(s, '0', pad);
    }
    fp_rewind(&d);
    int p = top;
    for (int n = estyle ? 1 : top + 1; n > 0; n--) {
        sink_put(s, fp_out_digit(&d, &r, p--));
    }
    if (point) {
        sink_put(s, '.');
    }
    for (int n = 0; n < frac; n++) {
        sink_put(s, fp_out_digit(&d, &r, p--));
    }
    if (estyle) {
        int a = exp10 < 0 ? -exp10 : exp10;
        sink_put(s, upper ? 'E' : 'e');
        sink_put(s, exp10 < 0 ? '-' : '+');
        if (exp_digits == 3) {
            sink_put(s, (char)('0' + a / 100));
        }
        sink_put(s, (char)('0' + a / 10 % 10));
        sink_put(s, (char)('0' + a % 10));
    }
    if (sp->left) {
        put_repeat(s, ' ', pad);
    }
}

enum length {
    LEN_INT,
    LEN_CHAR,
    LEN_SHORT,
    LEN_LONG,
    LEN_LLONG,
    LEN_SIZE,
    LEN_PTRDIFF,
    LEN_MAX,
    LEN_LDOUBLE
};

static uintmax_t get_unsigned(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_CHAR:
        return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_SHORT:
        return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_LONG:
        return va_arg(*ap, unsigned long);
    case LEN_LLONG:
        return va_arg(*ap, unsigned long long);
    case LEN_SIZE:
        return va_arg(*ap, size_t);
    case LEN_PTRDIFF:
        return (uintmax_t)va_arg(*ap, ptrdiff_t);
    case LEN_MAX:
        return va_arg(*ap, uintmax_t);
    default:
        return va_arg(*ap, unsigned int);
    }
}

static intmax_t get_signed(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_CHAR:
        return (signed char)va_arg(*ap, int);
    case LEN_SHORT:
        return (short)va_arg(*ap, int);
    case LEN_LONG:
        return va_arg(*ap, long);
    case LEN_LLONG:
        return va_arg(*ap, long long);
    /* Same code as LEN_MAX's where ptrdiff_t and intmax_t are both long (LP64), not elsewhere. */
    case LEN_SIZE: /* NOLINT(bugprone-branch-clone) */
    case LEN_PTRDIFF:
        return va_arg(*ap, ptrdiff_t);
    case LEN_MAX:
        return va_arg(*ap, intmax_t);
    default:
        return va_arg(*ap, int);
    }
}

/* The bits of the next double argument; `L`: of the next long double, rounded to a double. */
static uint64_t get_fp_bits(va_list *ap, enum length len)
{
    uint64_t lo;
    uint64_t hi;

#if defined(__aarch64__) && !defined(__APPLE__)
    /* No va_arg(ap, double) under -mgeneral-regs-only: the AAPCS64 va_list is read as memory
     * (its FP/SIMD save area or the stack). Copies in and out keep the compiler's own va_arg of
     * the integer arguments in step with it. */
    struct aapcs64_va va;

    _Static_assert(sizeof(va) == sizeof(*ap), "va_list is not the AAPCS64 one");
    __builtin_memcpy(&va, ap, sizeof(va));
    aapcs64_va_fp(&va, len == LEN_LDOUBLE, &lo, &hi);
    __builtin_memcpy(ap, &va, sizeof(va));
    return len == LEN_LDOUBLE ? f128_to_f64_bits(hi, lo) : lo;
#else
    /* Other hosts (the host test): FP registers are allowed there. */
    double v = len == LEN_LDOUBLE ? (double)va_arg(*ap, long double) : va_arg(*ap, double);

    (void)hi;
    __builtin_memcpy(&lo, &v, sizeof(lo));
    return lo;
#endif
}

static void format(struct sink *s, const char *fmt, va_list ap_in)
{
    va_list ap;

    va_copy(ap, ap_in);
    for (const char *p = fmt; *p != '\0'; p++) {
        if (*p != '%') {
            sink_put(s, *p);
            continue;
        }
        struct spec sp = {.prec = -1};
        for (;; p++) {
            char f = p[1];
            if (f == '-') {
                sp.left = true;
            } else if (f == '0') {
                sp.zero = true;
            } else if (f == '+') {
                sp.plus = true;
            } else if (f == ' ') {
                sp.space = true;
            } else if (f == '#') {
                sp.alt = true;
            } else {
                break;
            }
        }
        p++;
        if (*p == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
            p++;
        } else {
            while (*p >= '0' && *p <= '9') {
                sp.width = sp.width * 10 + (*p++ - '0');
            }
        }
        if (*p == '.') {
            p++;
            sp.prec = 0;
            if (*p == '*') {
                sp.prec = va_arg(ap, int);
                p++;
            } else {
                while (*p >= '0' && *p <= '9') {
                    sp.prec = sp.prec * 10 + (*p++ - '0');
                }
            }
        }
        enum length len = LEN_INT;
        if (*p == 'h') {
            len = LEN_SHORT;
            if (*++p == 'h') {
                len = LEN_CHAR;
                p++;
            }
        } else if (*p == 'l') {
            len = LEN_LONG;
            if (*++p == 'l') {
                len = LEN_LLONG;
                p++;
            }
        } else if (*p == 'z') {
            len = LEN_SIZE;
            p++;
        } else if (*p == 't') {
            len = LEN_PTRDIFF;
            p++;
        } else if (*p == 'j') {
            len = LEN_MAX;
            p++;
        } else if (*p == 'L') {
            len = LEN_LDOUBLE;
            p++;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            intmax_t v = get_signed(&ap, len);
            put_number(s, v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v, v < 0, 10, false,
                       &sp);
            break;
        }
        case 'u':
            put_number(s, get_unsigned(&ap, len), false, 10, false, &sp);
            break;
        case 'x':
        case 'X':
            put_number(s, get_unsigned(&ap, len), false, 16, *p == 'X', &sp);
            break;
        case 'o':
            put_number(s, get_unsigned(&ap, len), false, 8, false, &sp);
            break;
        case 'p':
            sp.alt = true;
            put_number(s, (uintptr_t)va_arg(ap, void *), false, 16, false, &sp);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            char str[2] = {c, '\0'};
            sp.prec = 1;
            if (c == '\0') {
                sink_put(s, '\0');
            } else {
                put_string(s, str, &sp);
            }
            break;
        }
        case 's':
            put_string(s, va_arg(ap, const char *), &sp);
            break;
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
            put_float(s, get_fp_bits(&ap, len), *p, &sp);
            break;
        case 'a':
        case 'A':
            /* Not supported: shown as is, but its argument is taken so later ones stay in line. */
            (void)get_fp_bits(&ap, len);
            sink_put(s, '%');
            sink_put(s, *p);
            break;
        case '%':
            sink_put(s, '%');
            break;
        case '\0':
            p--; /* a lone '%' at the end: stop at the terminator */
            break;
        default:
            /* Unknown conversion: show it rather than consume an argument. */
            sink_put(s, '%');
            sink_put(s, *p);
            break;
        }
    }
    va_end(ap);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = {.buf = buf, .size = size > 0 ? size - 1 : 0};

    format(&s, fmt, ap);
    if (size > 0) {
        buf[s.pos] = '\0';
    }
    return (int)s.total;
}

static void console_flush(struct sink *s)
{
    if (console_write != NULL && s->pos > 0) {
        console_write(s->buf, s->pos);
    }
    s->pos = 0;
}

int vprintf(const char *fmt, va_list ap)
{
    char buf[160];
    struct sink s = {.buf = buf, .size = sizeof(buf), .flush = console_flush};

    format(&s, fmt, ap);
    console_flush(&s);
    return (int)s.total;
}

/* ---- Variadic entry on AArch64 --------------------------------------------------------------
 * A caller passes double arguments in v0-v7 (AAPCS64). A variadic function compiled with FP
 * stores all of q0-q7 into its va_list's save area in its prologue, on every call: that would
 * make every thread, interrupt handler and fault report that prints anything an FP user (a
 * lazy-switch trap, a save of the previous owner's registers, arch/aarch64/fp.c), and the fault
 * handler and idle loop must not touch FP at all. Compiled -mgeneral-regs-only, it saves none
 * (vr_offs 0), so its double arguments would be lost.
 * So printf() and snprintf() are these stubs: they build the va_list themselves (layout: the
 * AAPCS64's Appendix B, the same as GCC's prologue) and store q0-q7 only when the format has a
 * conversion that takes a double (fmt_uses_fp()), then call vprintf()/vsnprintf().
 * Why q0-q7 still hold the caller's arguments when they are stored, after the call of
 * fmt_uses_fp(): that function is integer-only C (lib's -mgeneral-regs-only), so it never
 * writes them, and an interruption in between preserves them: a thread switch leaves them in
 * the registers or saves them in the thread's TCB and reloads them at the thread's next FP
 * instruction (the lazy scheme's trap); an interrupt handler that uses FP saves them at its
 * first FP instruction and puts them back when its level exits. The store itself is an FP
 * instruction of a caller that just used FP to pass the double (thread or handler alike): it
 * may trap and then proceeds with the caller's registers like any application FP instruction.
 * vprintf() and vsnprintf() themselves never touch FP: a va_list built by an application's
 * own variadic function (FP-enabled, so it has the save area) works with them as it is.
 * Frame (256 bytes): [0] x29, x30; [16] the va_list; [64] x0-x7 (the general-register save
 * area ends at 128); [128] q0-q7 (the FP/SIMD save area ends at 256, the caller's sp, where
 * stacked arguments start). */
#if defined(__aarch64__) && !defined(__APPLE__)
/* The names through one more expansion: the host test renames them with -D (tests.mk). */
#define LIB_VA_ENTRY_(name, target, named) "lib_va_entry " #name ", " #target ", " #named "\n"
#define LIB_VA_ENTRY(name, target, named)  LIB_VA_ENTRY_(name, target, named)

__attribute__((used)) static int fmt_uses_fp(const char *fmt)
{
    return fmt_has_fp_conversion(fmt) ? 1 : 0;
}

/* name: the symbol; target: the va_list function; named: named (integer) arguments, the last
 * one the format (x<named-1>), the va_list going in x<named>. */
__asm__(".macro lib_va_entry name, target, named\n"
        "  .pushsection .text.\\name, \"ax\", %progbits\n"
        "  .global \\name\n"
        "  .type \\name, %function\n"
        "  .p2align 2\n"
        "\\name:\n"
        "  sub sp, sp, #256\n"
        "  stp x29, x30, [sp]\n"
        "  mov x29, sp\n"
        "  stp x0, x1, [sp, #64]\n"
        "  stp x2, x3, [sp, #80]\n"
        "  stp x4, x5, [sp, #96]\n"
        "  stp x6, x7, [sp, #112]\n"
        "  ldr x0, [sp, #64 + 8 * (\\named - 1)]\n" /* the format */
        "  bl fmt_uses_fp\n"
        "  mov w9, wzr\n" /* __vr_offs: no FP/SIMD save area */
        "  cbz w0, 1f\n"
        "  stp q0, q1, [sp, #128]\n"
        "  stp q2, q3, [sp, #160]\n"
        "  stp q4, q5, [sp, #192]\n"
        "  stp q6, q7, [sp, #224]\n"
        "  mov w9, #-128\n"
        "1:\n"
        "  add x10, sp, #256\n"
        "  add x11, sp, #128\n"
        "  stp x10, x11, [sp, #16]\n" /* __stack, __gr_top */
        "  str x10, [sp, #32]\n"      /* __vr_top */
        "  mov w12, #-8 * (8 - \\named)\n"
        "  stp w12, w9, [sp, #40]\n" /* __gr_offs, __vr_offs */
        "  ldp x0, x1, [sp, #64]\n"
        "  ldr x2, [sp, #80]\n"
        "  add x\\named, sp, #16\n" /* a va_list (32 bytes) is passed by reference */
        "  bl \\target\n"
        "  ldp x29, x30, [sp]\n"
        "  add sp, sp, #256\n"
        "  ret\n"
        "  .size \\name, . - \\name\n"
        "  .popsection\n"
        ".endm\n" LIB_VA_ENTRY(printf, vprintf, 1)
            LIB_VA_ENTRY(snprintf, vsnprintf, 3) ".purgem lib_va_entry\n");
#else
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
#endif

int putchar(int c)
{
    char ch = (char)c;

    if (console_write != NULL) {
        console_write(&ch, 1);
    }
    return (unsigned char)c;
}

int puts(const char *str)
{
    if (console_write != NULL) {
        console_write(str, strlen(str));
        console_write("\n", 1);
    }
    return 0;
}
