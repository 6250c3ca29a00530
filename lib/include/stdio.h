/*
 * stdio.h - formatted output of lib/printf.c. printf() writes to the console the port selected
 * (lib_set_console()); snprintf() never writes past `size` and always terminates when size > 0.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, %f %F %e %E %g %G, flags '-' '0' ' ' '+' '#',
 * width and precision (also '*'), length modifiers hh h l ll z t j, and L.
 * Floating point: the exact binary value rounded once to the digits asked for, to nearest with
 * ties to even, for every precision (what glibc prints in the default rounding mode); inf, nan
 * (with their sign; INF, NAN for F E G) and -0 as C11 says. L takes a long double and prints
 * the double nearest to it (ties to even; beyond DBL_MAX: inf). %a and %A are not supported:
 * shown as they are, their argument is skipped.
 */
#ifndef XENRTOS_STDIO_H
#define XENRTOS_STDIO_H

#include <stdarg.h>
#include <stddef.h>

int printf(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int putchar(int c);
int puts(const char *s);

/* Where printf's output goes: `write` gets whole chunks (a line or a full buffer). */
void lib_set_console(void (*write)(const char *buf, size_t len));

#endif /* XENRTOS_STDIO_H */
