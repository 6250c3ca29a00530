/*
 * stdio.h - formatted output of lib/printf.c. printf() writes to the console the port selected
 * (lib_set_putc()); snprintf() never writes past `size` and always terminates when size > 0.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags '-' '0' ' ' '+' '#', width and precision
 * (also '*'), length modifiers hh h l ll z t j.
 */
#ifndef XENRTOS_STDIO_H
#define XENRTOS_STDIO_H

#include <stdarg.h>
#include <stddef.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int putchar(int c);
int puts(const char *s);

/* Where printf's output goes: `write` gets whole chunks (a line or a full buffer). */
void lib_set_console(void (*write)(const char *buf, size_t len));

#endif /* XENRTOS_STDIO_H */
