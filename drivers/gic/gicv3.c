/*
 * gicv3.c - GICv3 driver (IHI 0069): memory-mapped distributor and redistributor, system
 * register CPU interface (ICC_*_EL1); Xen's vGIC exposes it for `arm,gic-v3` nodes.
 */
#include <stdio.h>

#include "arch/cpu.h"
#include "arch/sysreg.h"
#include "gic_regs.h"

#define STR_(x) #x
#define STR(x)  STR_(x)
#define read_icc(reg)                                                                              \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mrs %0, " STR(reg) : "=r"(v_));                                          \
        v_;                                                                                        \
    })
#define write_icc(reg, v) __asm__ volatile("msr " STR(reg) ", %0" ::"r"((uint64_t)(v)) : "memory")

static uintptr_t gicd;
static uintptr_t redist_base; /* the tree's redistributor region */
static uint64_t redist_size;
static uintptr_t rd_of_cpu[ARCH_MAX_CPUS]; /* each CPU's redistributor RD_base */
static unsigned int lines;

/* This CPU's redistributor (found by its own init). */
#define rd (rd_of_cpu[arch_cpu_index()])

static void wait_rwp(void)
{
    for (unsigned int i = 0; i < 1000000; i++) {
        if ((mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP) == 0) {
            return;
        }
    }
    printf("gicv3: distributor write still pending\n");
}

/* The redistributor whose GICR_TYPER affinity matches MPIDR_EL1 (IHI 0069 9.11.35). */
static uintptr_t find_redistributor(uintptr_t base, uint64_t size)
{
    uint64_t mpidr = read_sysreg(mpidr_el1);
    uint32_t aff = (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));

    for (uint64_t off = 0; off + GICR_FRAME_SIZE <= size;) {
        uint64_t typer = mmio_read64(base + off + GICR_TYPER);
        if ((uint32_t)(typer >> GICR_TYPER_AFF_SHIFT) == aff) {
            return base + off;
        }
        if (typer & GICR_TYPER_LAST) {
            break;
        }
        off += GICR_FRAME_SIZE + ((typer & GICR_TYPER_VLPIS) ? GICR_FRAME_SIZE : 0);
    }
    return 0;
}

/* This CPU's redistributor and CPU interface: wake the redistributor, SGIs/PPIs group 1 and
 * disabled, the system-register interface on. */
static int v3_init_cpu(void)
{
    uintptr_t r = find_redistributor(redist_base, redist_size);

    if (r == 0) {
        printf("gicv3: no redistributor for CPU %u (MPIDR %#llx) in the device tree's region\n",
               arch_cpu_index(), (unsigned long long)arch_cpu_mpidr());
        return -1;
    }
    rd_of_cpu[arch_cpu_index()] = r;
    uint32_t waker = mmio_read32(r + GICR_WAKER);
    mmio_write32(r + GICR_WAKER, waker & ~GICR_WAKER_PROCESSOR_SLEEP);
    for (unsigned int i = 0; i < 1000000; i++) {
        if ((mmio_read32(r + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) == 0) {
            break;
        }
    }
    mmio_write32(r + GICR_ICENABLER0, 0xffffffffU);
    mmio_write32(r + GICR_IGROUPR0, 0xffffffffU);

    write_icc(ICC_SRE_EL1, read_icc(ICC_SRE_EL1) | ICC_SRE_SRE);
    isb();
    write_icc(ICC_PMR_EL1, GIC_PRIO_MASK_NONE);
    write_icc(ICC_BPR1_EL1, 0);
    write_icc(ICC_CTLR_EL1, 0); /* EOImode 0: EOIR both drops priority and deactivates */
    write_icc(ICC_IGRPEN1_EL1, 1);
    isb();
    return 0;
}

static int v3_init(const struct gic_config *config)
{
    if (config->dist == 0 || config->redist == 0) {
        printf("gicv3: distributor or redistributors not mapped\n");
        return -1;
    }
    gicd = config->dist;
    redist_base = config->redist;
    redist_size = config->redist_size;
    if (find_redistributor(redist_base, redist_size) == 0) {
        printf("gicv3: no redistributor for this CPU in the device tree's region\n");
        return -1;
    }
    lines = 32 * ((mmio_read32(gicd + GICD_TYPER) & GICD_TYPER_ITLINES_MASK) + 1);
    if (lines > GIC_MAX_IRQ) {
        lines = GIC_MAX_IRQ;
    }

    /* Distributor: affinity routing, group 1, all SPIs to this CPU. */
    mmio_write32(gicd + GICD_CTLR, 0);
    wait_rwp();
    for (unsigned int i = 1; i < lines / 32; i++) {
        mmio_write32(gicd + GICD_ICENABLER(i), 0xffffffffU);
        mmio_write32(gicd + GICD_ICPENDR(i), 0xffffffffU);
        mmio_write32(gicd + GICD_IGROUPR(i), 0xffffffffU);
    }
    uint64_t mpidr = read_sysreg(mpidr_el1);
    uint64_t route = (mpidr & 0xffffff) | (((mpidr >> 32) & 0xff) << 32);
    for (unsigned int i = GIC_SPI_BASE; i < lines; i++) {
        mmio_write8(gicd + GICD_IPRIORITYR(i), GIC_PRIO_DEFAULT);
        mmio_write64(gicd + GICD_IROUTER(i), route);
    }
    wait_rwp();
    mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1NS);
    wait_rwp();
    return v3_init_cpu();
}

static unsigned int v3_max_irq(void)
{
    return lines;
}

static void v3_enable(unsigned int irq)
{
    if (irq < GIC_SPI_BASE) {
        mmio_write32(rd + GICR_ISENABLER0, 1U << irq);
    } else {
        mmio_write32(gicd + GICD_ISENABLER(irq / 32), 1U << (irq % 32));
    }
}

static void v3_disable(unsigned int irq)
{
    if (irq < GIC_SPI_BASE) {
        mmio_write32(rd + GICR_ICENABLER0, 1U << irq);
    } else {
        mmio_write32(gicd + GICD_ICENABLER(irq / 32), 1U << (irq % 32));
        wait_rwp();
    }
}

static void v3_set_priority(unsigned int irq, uint8_t prio)
{
    if (irq < GIC_SPI_BASE) {
        mmio_write8(rd + GICR_IPRIORITYR(irq), prio);
    } else {
        mmio_write8(gicd + GICD_IPRIORITYR(irq), prio);
    }
}

static void v3_set_edge(unsigned int irq, bool edge)
{
    gicd_set_edge(gicd, irq, edge);
}

static unsigned int v3_ack(void)
{
    uint64_t v = read_icc(ICC_IAR1_EL1);

    /* Make the acknowledge visible before the handler touches the device. */
    __asm__ volatile("dsb sy" ::: "memory");
    return (unsigned int)(v & ICC_IAR_ID_MASK);
}

static void v3_eoi(unsigned int irq)
{
    write_icc(ICC_EOIR1_EL1, irq);
    isb();
}

/* ICC_SGI1R_EL1 for the CPU of affinity `mpidr` (IHI 0069 12.11.29): its Aff3.Aff2.Aff1
 * cluster, a target list with bit Aff0 (Aff0 0-15: Xen numbers vCPUs 16 to a cluster). */
static void v3_send_sgi(uint64_t mpidr, unsigned int sgi)
{
    uint64_t v = ((uint64_t)sgi << ICC_SGI1R_INTID_SHIFT) | (1ULL << (mpidr & 0xf)) |
                 (((mpidr >> 8) & 0xff) << ICC_SGI1R_AFF1_SHIFT) |
                 (((mpidr >> 16) & 0xff) << ICC_SGI1R_AFF2_SHIFT) |
                 (((mpidr >> 32) & 0xff) << ICC_SGI1R_AFF3_SHIFT);

    /* The SGI's memory effects before it (e.g. a flag the target reads) come first. */
    __asm__ volatile("dsb ish" ::: "memory");
    write_icc(ICC_SGI1R_EL1, v);
    isb();
}

static void v3_send_sgi_self(unsigned int sgi)
{
    v3_send_sgi(read_sysreg(mpidr_el1), sgi);
}

const struct gic_ops gicv3_ops = {
    .name = "v3",
    .version = 3,
    .init = v3_init,
    .max_irq = v3_max_irq,
    .enable = v3_enable,
    .disable = v3_disable,
    .set_priority = v3_set_priority,
    .set_edge = v3_set_edge,
    .ack = v3_ack,
    .eoi = v3_eoi,
    .send_sgi_self = v3_send_sgi_self,
    .init_cpu = v3_init_cpu,
    .send_sgi = v3_send_sgi,
};
