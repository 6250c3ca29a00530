/*
 * gic.c - interrupt dispatch common to GICv2 and GICv3; the version is the one the device tree
 * describes (the platform passes it in struct gic_config).
 */
#include <stdio.h>

#include "arch/cpu.h"
#include "arch/spinlock.h"
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

/* PPIs are banked per CPU but their handler is one for all: an enabled PPI is enabled on every
 * CPU that initialised its interface. Bit p - GIC_PPI_BASE: PPI p wanted on. A CPU applies the
 * set when it initialises its interface and whenever another changes it (GIC_SGI_SYNC). */
static volatile uint32_t ppi_wanted;
static uint64_t cpu_mpidr[ARCH_MAX_CPUS];
static volatile uint32_t cpus_up; /* bit i: CPU i's interface is initialised */

volatile uint64_t gic_spurious_count;
volatile uint64_t gic_irq_count;

/* This CPU's banked PPIs as ppi_wanted says (priorities from the table). IRQs masked. */
static void sync_ppis(void)
{
    uint32_t wanted = __atomic_load_n(&ppi_wanted, __ATOMIC_ACQUIRE);

    for (unsigned int ppi = GIC_PPI_BASE; ppi < GIC_SPI_BASE; ppi++) {
        if ((wanted & (1u << (ppi - GIC_PPI_BASE))) != 0 && irq_table[ppi].handler != NULL) {
            gic->set_priority(ppi, irq_table[ppi].prio);
            gic->enable(ppi);
        } else {
            gic->disable(ppi);
        }
    }
}

static void sync_irq(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    uint64_t daif = irq_save();
    sync_ppis();
    irq_restore(daif);
}

static void cpu_arrived(void)
{
    unsigned int cpu = arch_cpu_index();

    if (cpu < ARCH_MAX_CPUS) {
        cpu_mpidr[cpu] = arch_cpu_mpidr();
        __atomic_fetch_or(&cpus_up, 1u << cpu, __ATOMIC_RELEASE);
    }
}

/* Tell the other CPUs that ppi_wanted changed. */
static void sync_others(void)
{
    uint32_t others = __atomic_load_n(&cpus_up, __ATOMIC_ACQUIRE) & ~(1u << arch_cpu_index());

    while (others != 0) {
        unsigned int cpu = (unsigned int)__builtin_ctz(others);
        others &= others - 1u;
        gic->send_sgi(cpu_mpidr[cpu], GIC_SGI_SYNC);
    }
}

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
    irq_table[GIC_SGI_SYNC].handler = sync_irq;
    irq_table[GIC_SGI_SYNC].prio = GIC_PRIO_TIMER;
    gic->set_priority(GIC_SGI_SYNC, GIC_PRIO_TIMER);
    gic->enable(GIC_SGI_SYNC);
    cpu_arrived();
    return 0;
}

static bool irq_valid(unsigned int irq)
{
    return gic != NULL && irq < IRQ_TABLE_SIZE && irq < gic->max_irq();
}

int gic_irq_register(unsigned int irq, irq_handler_t handler, void *arg, uint8_t prio, bool edge)
{
    static struct arch_spinlock table_lock = ARCH_SPINLOCK_INIT; /* CPUs registering at once */

    if (!irq_valid(irq) || handler == NULL) {
        printf("irq: cannot register interrupt %u (invalid ID or handler)\n", irq);
        return -1;
    }
    uint64_t daif = arch_spin_lock_irqsave(&table_lock);
    if (irq_table[irq].handler != NULL) {
        arch_spin_unlock_irqrestore(&table_lock, daif);
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
    arch_spin_unlock_irqrestore(&table_lock, daif);
    return 0;
}

/* IRQs stay masked from the banked write to the doorbells: a thread that moved to another CPU
 * in between would tell every CPU but the one it moved to, which would never apply the change
 * (seen: the event-channel PPI never enabled on vCPU 1, every upcall bound there lost). */
int gic_irq_enable(unsigned int irq)
{
    if (!irq_valid(irq) || irq_table[irq].handler == NULL) {
        return -1;
    }
    uint64_t daif = irq_save();
    if (irq < GIC_SPI_BASE) {
        gic->set_priority(irq, irq_table[irq].prio); /* this CPU's copy */
    }
    gic->enable(irq);
    if (irq >= GIC_PPI_BASE && irq < GIC_SPI_BASE) {
        __atomic_fetch_or(&ppi_wanted, 1u << (irq - GIC_PPI_BASE), __ATOMIC_RELEASE);
        sync_others();
    }
    irq_restore(daif);
    return 0;
}

int gic_irq_disable(unsigned int irq)
{
    if (!irq_valid(irq)) {
        return -1;
    }
    uint64_t daif = irq_save(); /* as in gic_irq_enable */
    gic->disable(irq);
    if (irq >= GIC_PPI_BASE && irq < GIC_SPI_BASE) {
        __atomic_fetch_and(&ppi_wanted, ~(1u << (irq - GIC_PPI_BASE)), __ATOMIC_RELEASE);
        sync_others();
    }
    irq_restore(daif);
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
        gic->set_priority(sgi, sgi == GIC_SGI_SYNC ? GIC_PRIO_TIMER : GIC_PRIO_DEFAULT);
        gic->enable(sgi);
    }
    cpu_arrived();
    uint64_t daif = irq_save();
    sync_ppis();
    irq_restore(daif);
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
        __atomic_fetch_add(&gic_spurious_count, 1u, __ATOMIC_RELAXED);
        return;
    }
    __atomic_fetch_add(&gic_irq_count, 1u, __ATOMIC_RELAXED);
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
