/*
 * printf.c - a small printf for the RTOS (see <stdio.h> for the conversions).
 *
 * One formatter writes through a sink; printf() formats into a stack buffer and hands whole
 * lines to the console so that lines from different threads do not interleave mid-line.
 * No floating point: the image is built with -mgeneral-regs-only.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF, LEN_MAX };

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
    case LEN_SIZE:
    case LEN_PTRDIFF:
        return va_arg(*ap, ptrdiff_t);
    case LEN_MAX:
        return va_arg(*ap, intmax_t);
    default:
        return va_arg(*ap, int);
    }
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

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
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

int printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

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
