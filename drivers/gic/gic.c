/*
 * gic.c - interrupt dispatch common to GICv2 and GICv3; the version is the one the device tree
 * describes (the platform passes it in struct gic_config).
 */
#include <stdio.h>

#include "arch/sysreg.h"
#include "gic_regs.h"

#define IRQ_TABLE_SIZE 512 /* Xen guests see PPIs, vpl011 (SPI 32) and a few passthrough SPIs */

struct irq_slot {
    irq_handler_t handler;
    void *arg;
    uint8_t prio; /* SGIs and PPIs: set again on each CPU that enables them (banked) */
};

static struct irq_slot irq_table[IRQ_TABLE_SIZE];
static const struct gic_ops *gic;

volatile uint64_t gic_spurious_count;
volatile uint64_t gic_irq_count;

int gic_init(const struct gic_config *config)
{
    if (config->version != 2 && config->version != 3) {
        printf("gic: unsupported version %d\n", config->version);
        return -1;
    }
    const struct gic_ops *ops = config->version == 3 ? &gicv3_ops : &gicv2_ops;
    if (ops->init(config) != 0) {
        return -1;
    }
    gic = ops;
    return 0;
}

static bool irq_valid(unsigned int irq)
{
    return gic != NULL && irq < IRQ_TABLE_SIZE && irq < gic->max_irq();
}

int gic_irq_register(unsigned int irq, irq_handler_t handler, void *arg, uint8_t prio, bool edge)
{
    if (!irq_valid(irq) || handler == NULL) {
        printf("irq: cannot register interrupt %u (invalid ID or handler)\n", irq);
        return -1;
    }
    uint64_t daif = irq_save();
    if (irq_table[irq].handler != NULL) {
        irq_restore(daif);
        printf("irq: interrupt %u already has a handler\n", irq);
        return -1;
    }
    gic->disable(irq);
    gic->set_priority(irq, prio);
    if (irq >= GIC_SPI_BASE) {
        gic->set_edge(irq, edge);
    }
    irq_table[irq].handler = handler;
    irq_table[irq].arg = arg;
    irq_table[irq].prio = prio;
    irq_restore(daif);
    return 0;
}

int gic_irq_enable(unsigned int irq)
{
    if (!irq_valid(irq) || irq_table[irq].handler == NULL) {
        return -1;
    }
    if (irq < GIC_SPI_BASE) {
        gic->set_priority(irq, irq_table[irq].prio); /* this CPU's copy */
    }
    gic->enable(irq);
    return 0;
}

int gic_irq_disable(unsigned int irq)
{
    if (!irq_valid(irq)) {
        return -1;
    }
    gic->disable(irq);
    return 0;
}

int gic_init_cpu(void)
{
    if (gic == NULL || gic->init_cpu() != 0) {
        return -1;
    }
    /* SGIs are the CPUs' doorbells: on from the start on a secondary, whoever registers their
     * handlers later (an SGI nobody handles is disabled on that CPU when it arrives). */
    for (unsigned int sgi = 0; sgi < GIC_PPI_BASE; sgi++) {
        gic->set_priority(sgi, GIC_PRIO_DEFAULT);
        gic->enable(sgi);
    }
    return 0;
}

int gic_send_sgi(uint64_t mpidr, unsigned int sgi)
{
    if (gic == NULL || sgi >= GIC_PPI_BASE) {
        return -1;
    }
    gic->send_sgi(mpidr, sgi);
    return 0;
}

int gic_send_sgi_self(unsigned int sgi)
{
    if (gic == NULL || sgi >= GIC_PPI_BASE) {
        return -1;
    }
    gic->send_sgi_self(sgi);
    return 0;
}

void gic_irq_dispatch(void)
{
    unsigned int irq = gic->ack();

    if (irq >= GIC_SPURIOUS_FIRST) {
        /* Spurious (1023) or special: nothing to acknowledge, no EOI (IHI 0069 2.2.1). */
        gic_spurious_count++;
        return;
    }
    gic_irq_count++;
    struct irq_slot *slot = irq < IRQ_TABLE_SIZE ? &irq_table[irq] : NULL;
    if (slot != NULL && slot->handler != NULL) {
        /* The running priority now masks this and lower priorities: let higher ones nest. */
        irq_enable();
        slot->handler(irq, slot->arg);
        irq_disable();
    } else {
        /* Nobody asked for it: disable so it cannot storm, and say so. */
        gic->disable(irq);
        printf("irq: unexpected interrupt %u disabled\n", irq);
    }
    gic->eoi(irq);
}
