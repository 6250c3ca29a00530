/*
 * gic.h - the Arm Generic Interrupt Controller driver's API (GICv2: IHI 0048B; GICv3: IHI 0069).
 * The version is the one the device tree describes; the platform maps the registers and calls
 * gic_init(). Registers and the per-version operations are private (drivers/gic/gic_regs.h).
 */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

/* Interrupt ID ranges (IHI 0069 2.2). */
#define GIC_PPI_BASE       16
#define GIC_SPI_BASE       32
#define GIC_SPURIOUS_FIRST 1020 /* 1020-1023: special / spurious, never acknowledged */
#define GIC_MAX_IRQ        1020

/* One GICv3 redistributor: RD + SGI frames (no VLPI frames on Xen's vGIC), IHI 0069 9.1. */
#define GICR_FRAME_SIZE 0x20000

/* SGIs the platform and the driver reserve; applications use 0-12 (tests use 8-10). */
#define GIC_SGI_PREEMPT 14 /* the kernel's "reschedule" to another CPU (platform/smp.c) */
#define GIC_SGI_SYNC    15 /* "apply the PPI enables again" (gic.c: one handler, banked PPIs) */

/* Priorities: lower value = more urgent. Xen's vGIC implements the top bits only. */
#define GIC_PRIO_HIGHEST   0x00
#define GIC_PRIO_TIMER     0x80
#define GIC_PRIO_DEFAULT   0xa0
#define GIC_PRIO_MASK_NONE 0xff

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

typedef void (*irq_handler_t)(unsigned int irq, void *arg);

/* Where the controller's registers are mapped (the platform maps them, from the device tree). */
struct gic_config {
    int version;          /* 2 or 3 */
    uintptr_t dist;       /* distributor */
    uintptr_t cpu;        /* GICv2 CPU interface */
    uintptr_t redist;     /* GICv3 redistributors (first region) */
    uint64_t redist_size; /* bytes mapped at redist */
};

/* Initialise the distributor and this CPU's interface. Returns 0, or negative with a message
 * printed. */
int gic_init(const struct gic_config *config);

/* Install `handler` for interrupt `irq` with `prio` (0 = most urgent, 0xff = least) and, for
 * SPIs, the trigger. Returns 0, or -1 for an invalid ID or one already taken. The interrupt
 * stays disabled until gic_irq_enable(). A PPI's handler serves every CPU: enabling or disabling
 * a PPI does so on every CPU whose interface is initialised (the others follow within an SGI's
 * delivery), and on CPUs initialised later. */
int gic_irq_register(unsigned int irq, irq_handler_t handler, void *arg, uint8_t prio, bool edge);
int gic_irq_enable(unsigned int irq);
int gic_irq_disable(unsigned int irq);

/* Raise SGI `sgi` (0-15) on this CPU (tests, self-IPIs). Returns -1 for an invalid number. */
int gic_send_sgi_self(unsigned int sgi);
/* Raise SGI `sgi` on the CPU whose MPIDR affinity is `mpidr` (another CPU: an IPI). Memory
 * writes before the call are visible to the target's handler. -1 for an invalid number. */
int gic_send_sgi(uint64_t mpidr, unsigned int sgi);
/* On a secondary CPU, after gic_init on the boot CPU: this CPU's interface (v2: banked
 * distributor part and CPU interface; v3: its redistributor, found by affinity, and ICC_*).
 * Its SGIs are enabled (default priority), its PPIs as they are on the others. 0, or -1 with
 * the reason printed. */
int gic_init_cpu(void);

/* Called from the IRQ vector with IRQs masked: acknowledges, runs the handler with IRQs
 * unmasked (higher-priority interrupts nest), EOIs. */
void gic_irq_dispatch(void);

/* Counters for tests and the fault report. */
extern volatile uint64_t gic_spurious_count;
extern volatile uint64_t gic_irq_count;
#endif

#endif /* DRIVERS_GIC_H */
