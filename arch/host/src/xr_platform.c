/*
 * xr_platform.c - the portable platform API (include/xenrtos/platform.h) on Linux, so that
 * portable applications (and their unit tests) build and run on the host port. One CPU, the
 * console is stdout with no input, boot arguments come from $XENRTOS_BOOTARGS, and addresses
 * are their own "physical" addresses.
 */
#include <stdlib.h>

#include "xenrtos/bootargs.h"
#include "xenrtos/platform.h"

static uint64_t process_start;

/* The host has no boot: "entry" and "first dispatch" are both the process start. */
__attribute__((constructor)) static void note_process_start(void)
{
    process_start = xr_counter_now();
}

unsigned int xr_cpu_id(void)
{
    return 0;
}

const char *xr_console_name(void)
{
    return "stdout";
}

size_t xr_console_read(char *buf, size_t len)
{
    (void)buf;
    (void)len;
    return 0;
}

bool xr_bootarg(const char *key, char *buf, unsigned int len)
{
    return xr_bootargs_find(getenv("XENRTOS_BOOTARGS"), key, buf, len);
}

paddr_t xr_virt_to_phys(const void *va)
{
    return pa_init((uint64_t)(uintptr_t)va);
}

void xr_boot_times(struct xr_boot_times *out)
{
    out->entry = process_start;
    out->first_dispatch = process_start;
}

unsigned int xr_boot_phases(struct xr_boot_phase *out, unsigned int max)
{
    (void)out;
    (void)max;
    return 0; /* a process has no boot to break down */
}

void xr_set_irq_entry_probe(void (*probe)(void))
{
    (void)probe; /* the host port's "interrupts" are a signal: nothing to probe */
}
