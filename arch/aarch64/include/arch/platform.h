/*
 * platform.h - what the device tree Xen hands the guest says about the machine (platform.c).
 * Filled once at boot, read-only afterwards.
 */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/mmu.h"

#define PLAT_MAX_MEM_BANKS   4
#define PLAT_MAX_EXT_REGIONS 8

struct plat_region {
    paddr_t base;
    uint64_t size;
};

enum console_kind { CONSOLE_HVC, CONSOLE_PL011 };

struct platform {
    struct plat_region mem[PLAT_MAX_MEM_BANKS];
    unsigned int mem_banks;

    int gic_version; /* 2 or 3 */
    struct plat_region gicd;
    struct plat_region gicc; /* GICv2 CPU interface */
    struct plat_region gicr; /* GICv3 redistributors (first region) */

    unsigned int timer_virt_irq; /* interrupt ID (PPI number + 16) */
    bool timer_virt_edge;
    uint64_t timer_freq;

    bool uart_present;
    struct plat_region uart;
    unsigned int uart_irq;

    bool psci_present;
    bool psci_smc; /* method = "smc" (else hvc) */
    char psci_compat[24];

    bool xen_present;
    char xen_compat[24]; /* e.g. "xen,xen-4.17" */
    unsigned int xen_evtchn_irq;
    struct plat_region xen_grant;
    struct plat_region xen_ext[PLAT_MAX_EXT_REGIONS];
    unsigned int xen_ext_count;

    const char *bootargs; /* in the FDT window; "" if none */
    enum console_kind console;
};

extern struct platform platform;

/* Parse `fdt` into `*p`. Returns 0, or -1 with the first problem of a mandatory node described
 * in err (e.g. "no arm,armv8-timer node"); problems of optional nodes are printed and the node
 * is left out. Never faults on a malformed tree. */
int platform_parse(const void *fdt, struct platform *p, char *err, size_t err_len);

/* Parse the device tree at FDT_VA_BASE + offset. On a missing or malformed mandatory node
 * (memory, GIC, timer) prints "PANIC: ..." on the emergency console and powers off. */
void platform_init(const void *fdt);

/* Find `key=` in bootargs; copies its value (up to a space) into buf. True if found. */
bool platform_bootarg(const char *key, char *buf, unsigned int len);

/* Virtual address of the device tree (the FDT window). */
const void *platform_fdt(void);

#endif /* ARCH_PLATFORM_H */
