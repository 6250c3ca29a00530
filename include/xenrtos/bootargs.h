/*
 * xenrtos/bootargs.h - `key=value` words of a boot-argument string (space separated), shared by
 * the platform (/chosen/bootargs) and the host port ($XENRTOS_BOOTARGS). lib/bootargs.c.
 */
#ifndef XENRTOS_BOOTARGS_H
#define XENRTOS_BOOTARGS_H

#include <stdbool.h>

/* Find `key=` in `args` (NULL: none); copies its value, up to a space, NUL-terminated and cut to
 * len - 1 bytes, into buf. True if found. */
bool xr_bootargs_find(const char *args, const char *key, char *buf, unsigned int len);

#endif /* XENRTOS_BOOTARGS_H */
