/*
 * platform.h - the machine as its device tree describes it (platform.c: Xen's for a guest,
 * QEMU's on bare metal), and the platform's services to the rest of the port. Filled once at
 * boot, read-only afterwards. Applications use the portable API (include/xenrtos/platform.h).
 */
#ifndef PLATFORM_PLATFORM_H
#define PLATFORM_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/dt.h"

#define PLAT_MAX_MEM_BANKS   4
#define PLAT_MAX_EXT_REGIONS 8
#define PLAT_MAX_CPUS        8 /* the CPU port's ARCH_MAX_CPUS (smp.c checks) */

enum console_kind { CONSOLE_HVC, CONSOLE_PL011 };

struct platform {
    struct dt_region mem[PLAT_MAX_MEM_BANKS];
    unsigned int mem_banks;

    int gic_version; /* 2 or 3 */
    struct dt_region gicd;
    struct dt_region gicc; /* GICv2 CPU interface */
    struct dt_region gicr; /* GICv3 redistributors (first region) */

    unsigned int timer_virt_irq; /* interrupt ID (PPI number + 16) */
    bool timer_virt_edge;
    uint64_t timer_freq;

    bool uart_present;
    bool uart_pl011; /* a full PL011 (`arm,pl011`, bare metal), not the SBSA subset (vpl011) */
    struct dt_region uart;
    unsigned int uart_irq;

    bool psci_present;
    bool psci_smc; /* method = "smc" (else hvc) */
    char psci_compat[24];

    bool xen_present;
    char xen_compat[24]; /* e.g. "xen,xen-4.17" */
    unsigned int xen_evtchn_irq;
    struct dt_region xen_grant;
    struct dt_region xen_ext[PLAT_MAX_EXT_REGIONS];
    unsigned int xen_ext_count;

    bool gpio_present; /* an enabled arm,pl061 node with usable reg and interrupts */
    struct dt_region gpio;
    unsigned int gpio_irq; /* SPI, as an interrupt ID */
    bool gpio_irq_edge;

    /* vCPUs: the enabled cpu nodes, the boot CPU first (index 0), then in tree order. */
    unsigned int cpu_count;
    uint64_t cpu_mpidr[PLAT_MAX_CPUS]; /* affinity (the node's reg) */

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

/* Largest free RAM range (not the image, not the device tree), mapped; handed to the kernel as
 * tx_application_define's first unused memory (boot.c). */
extern struct dt_region platform_free_ram;

/* console.c: the console the tree and bootargs choose (PL011 or Xen's console_io). */
void platform_console_init(void);
const char *platform_console_name(void);
/* Non-blocking read of input received by the UART interrupt; returns bytes copied. */
size_t platform_console_read(char *buf, size_t len);

/* gpio.c: start the PL061 the tree describes (platform.gpio*), its registers mapped at `regs`:
 * identification check, interrupt `irq` (trigger `edge`) registered with the GIC. Returns 0, or
 * -1 with the reason printed (the GPIO API, xenrtos/gpio.h, then reports no device).
 * platform_gpio_irq: its interrupt ID once started (for the banner). */
int platform_gpio_init(uintptr_t regs, paddr_t phys, unsigned int irq, bool edge);
unsigned int platform_gpio_irq(void);

/* tick.c: the kernel tick on the generic timer's virtual timer (started by the CPU port). */
void platform_tick_init(void);
/* A secondary CPU's virtual timer fired (masked again): hook(cpu) in its interrupt handler. */
extern void (*volatile platform_secondary_timer_hook)(unsigned int cpu);

/* smp.c: start every other vCPU of the tree (after the GIC, the tick and the console are up);
 * each initialises its GIC interface, registers its vcpu_info with Xen and waits for
 * interrupts. Prints what it did. */
void platform_smp_start(void);
/* vCPUs that came online (1 before platform_smp_start or without other vCPUs). */
unsigned int platform_cpus_online(void);
/* Cores the kernel may use: the online vCPUs numbered 0 .. n-1 without a gap. */
unsigned int platform_smp_cores(void);
bool platform_cpu_is_online(unsigned int index);

#endif /* PLATFORM_PLATFORM_H */
