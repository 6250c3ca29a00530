/*
 * console.c - Xen's emergency console (HYPERVISOR_console_io), the RTOS's first output.
 */
#include <stddef.h>

#include "xen_hypercall.h"

/* Xen copies the buffer in pieces anyway; bounding each call keeps the hypercall preemptible. */
#define CONSOLE_CHUNK 512u

xen_err_t xen_console_write(const char *buf, unsigned int len)
{
    if (buf == NULL && len != 0) {
        return XE_BAD_ARG;
    }
    while (len > 0) {
        unsigned int n = len < CONSOLE_CHUNK ? len : CONSOLE_CHUNK;
        long rc = HYPERVISOR_console_io(CONSOLEIO_write, n, buf);
        if (rc < 0) {
            return xen_err_from_rc(rc);
        }
        buf += n;
        len -= n;
    }
    return XE_OK;
}
