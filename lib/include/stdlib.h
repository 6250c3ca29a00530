/*
 * stdlib.h - the little of <stdlib.h> the RTOS and libfdt use (lib/string.c).
 */
#ifndef XENRTOS_STDLIB_H
#define XENRTOS_STDLIB_H

#include <stddef.h>

/* Parses like the C library's strtoul (base 0, 8, 10 or 16; optional 0x/0 prefix). */
unsigned long strtoul(const char *s, char **end, int base);

#endif /* XENRTOS_STDLIB_H */
