/*
 * sys/types.h - stand-in for the C library header in freestanding builds of xen/.
 *
 * Xen's public <xen/io/libxenvchan.h> includes <sys/types.h> but needs only <stdint.h> types. An
 * image has no C library, so this header lets us include Xen's definition instead of copying it.
 * Hosted builds (unit tests put xen/include on their search path too) get the real header.
 */
#if __STDC_HOSTED__
#include_next <sys/types.h>
#else
#ifndef XENRTOS_SYS_TYPES_H
#define XENRTOS_SYS_TYPES_H
#include <stddef.h>
#include <stdint.h>
#endif
#endif
