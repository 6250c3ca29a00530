/*
 * gicv2.c - GICv2 driver (IHI 0048B): memory-mapped distributor and CPU interface; Xen's vGIC
 * exposes it for `arm,gic-400` / `arm,cortex-a15-gic` nodes.
 */
#include <stdio.h>

#include "gic_regs.h"

static uintptr_t gicd;
static uintptr_t gicc;
static unsigned int lines;

/* This CPU's banked distributor part (SGIs and PPIs disabled, nothing pending) and its CPU
 * interface: the same addresses on every CPU (IHI 0048B 4.1.4, banking). */
static int v2_init_cpu(void)
{
    mmio_write32(gicd + GICD_ICENABLER(0), 0xffffffffU);
    mmio_write32(gicd + GICD_ICPENDR(0), 0xffffffffU);
    mmio_write32(gicc + GICC_PMR, GIC_PRIO_MASK_NONE);
    mmio_write32(gicc + GICC_BPR, 0); /* all priority bits for preemption */
    mmio_write32(gicc + GICC_CTLR, GICC_CTLR_ENABLE);
    return 0;
}

static int v2_init(const struct gic_config *config)
{
    if (config->dist == 0 || config->cpu == 0) {
        printf("gicv2: distributor or CPU interface not mapped\n");
        return -1;
    }
    gicd = config->dist;
    gicc = config->cpu;
    lines = 32 * ((mmio_read32(gicd + GICD_TYPER) & GICD_TYPER_ITLINES_MASK) + 1);
    if (lines > GIC_MAX_IRQ) {
        lines = GIC_MAX_IRQ;
    }

    mmio_write32(gicd + GICD_CTLR, 0);
    for (unsigned int i = 0; i < lines / 32; i++) {
        mmio_write32(gicd + GICD_ICENABLER(i), 0xffffffffU);
        mmio_write32(gicd + GICD_ICPENDR(i), 0xffffffffU);
    }
    for (unsigned int i = GIC_SPI_BASE; i < lines; i++) {
        mmio_write8(gicd + GICD_IPRIORITYR(i), GIC_PRIO_DEFAULT);
        mmio_write8(gicd + GICD_ITARGETSR(i), 1); /* our only vCPU */
    }
    mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ENABLE_G0);

    return v2_init_cpu();
}

static unsigned int v2_max_irq(void)
{
    return lines;
}

static void v2_enable(unsigned int irq)
{
    mmio_write32(gicd + GICD_ISENABLER(irq / 32), 1U << (irq % 32));
}

static void v2_disable(unsigned int irq)
{
    mmio_write32(gicd + GICD_ICENABLER(irq / 32), 1U << (irq % 32));
}

static void v2_set_priority(unsigned int irq, uint8_t prio)
{
    mmio_write8(gicd + GICD_IPRIORITYR(irq), prio);
}

static void v2_set_edge(unsigned int irq, bool edge)
{
    gicd_set_edge(gicd, irq, edge);
}

static unsigned int v2_ack(void)
{
    return mmio_read32(gicc + GICC_IAR) & GICC_IAR_ID_MASK;
}

static void v2_eoi(unsigned int irq)
{
    mmio_write32(gicc + GICC_EOIR, irq);
}

static void v2_send_sgi_self(unsigned int sgi)
{
    mmio_write32(gicd + GICD_SGIR, GICD_SGIR_TO_SELF | sgi);
}

/* GICv2 names CPUs by interface number; Xen's vGIC gives vCPU n interface n, and vCPU n's
 * MPIDR Aff0 (a v2 domain has at most 8 vCPUs). */
static void v2_send_sgi(uint64_t mpidr, unsigned int sgi)
{
    /* The SGI's memory effects before it come first. */
    __asm__ volatile("dsb ish" ::: "memory");
    mmio_write32(gicd + GICD_SGIR, (1U << ((mpidr & 0x7) + GICD_SGIR_TARGET_SHIFT)) | sgi);
}

const struct gic_ops gicv2_ops = {
    .name = "v2",
    .version = 2,
    .init = v2_init,
    .max_irq = v2_max_irq,
    .enable = v2_enable,
    .disable = v2_disable,
    .set_priority = v2_set_priority,
    .set_edge = v2_set_edge,
    .ack = v2_ack,
    .eoi = v2_eoi,
    .send_sgi_self = v2_send_sgi_self,
    .init_cpu = v2_init_cpu,
    .send_sgi = v2_send_sgi,
};
