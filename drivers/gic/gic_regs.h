/*
 * gic_regs.h - GIC registers (GICv2: IHI 0048B; GICv3: IHI 0069) and the operations each version
 * provides. Private to drivers/gic.
 */
#ifndef DRIVERS_GIC_REGS_H
#define DRIVERS_GIC_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/asm.h"
#include "arch/mmio.h"
#include "drivers/gic.h"

/* Distributor (both versions unless noted). */
#define GICD_CTLR               0x0000
#define GICD_TYPER              0x0004
#define GICD_IIDR               0x0008
#define GICD_IGROUPR(n)         (0x0080 + 4 * (n))
#define GICD_ISENABLER(n)       (0x0100 + 4 * (n))
#define GICD_ICENABLER(n)       (0x0180 + 4 * (n))
#define GICD_ICPENDR(n)         (0x0280 + 4 * (n))
#define GICD_ICACTIVER(n)       (0x0380 + 4 * (n))
#define GICD_IPRIORITYR(n)      (0x0400 + (n)) /* byte access */
#define GICD_ITARGETSR(n)       (0x0800 + (n)) /* GICv2, byte access */
#define GICD_ICFGR(n)           (0x0c00 + 4 * (n))
#define GICD_IROUTER(n)         (0x6000 + 8 * (n)) /* GICv3, SPIs */
#define GICD_SGIR               0x0f00             /* GICv2 */
#define GICD_SGIR_TO_SELF       (2U << 24)         /* TargetListFilter: the requester only */
#define GICD_SGIR_TARGET_SHIFT  16                 /* CPUTargetList (IHI 0048B 4.3.15) */
#define GICD_TYPER_ITLINES_MASK 0x1f
#define GICD_CTLR_ENABLE_G0     BIT(0)  /* GICv2: forward group 0 */
#define GICD_CTLR_ENABLE_G1NS   BIT(1)  /* GICv3 non-secure view: forward group 1 */
#define GICD_CTLR_ARE_NS        BIT(4)  /* GICv3: affinity routing */
#define GICD_CTLR_RWP           BIT(31) /* GICv3: register write pending */

/* GICv2 CPU interface (IHI 0048B 4.4). */
#define GICC_CTLR        0x0000
#define GICC_PMR         0x0004
#define GICC_BPR         0x0008
#define GICC_IAR         0x000c
#define GICC_EOIR        0x0010
#define GICC_CTLR_ENABLE BIT(0)
#define GICC_IAR_ID_MASK 0x3ff

/* GICv3 redistributor: RD_base frame, then SGI_base frame 64 KB above (IHI 0069 9.1). */
#define GICR_CTLR                  0x0000
#define GICR_TYPER                 0x0008 /* 64-bit */
#define GICR_WAKER                 0x0014
#define GICR_SGI_BASE              0x10000
#define GICR_TYPER_LAST            BIT(4)
#define GICR_TYPER_VLPIS           BIT(1)
#define GICR_TYPER_AFF_SHIFT       32
#define GICR_WAKER_PROCESSOR_SLEEP BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT(2)
#define GICR_IGROUPR0              (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0            (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0            (GICR_SGI_BASE + 0x0180)
#define GICR_IPRIORITYR(n)         (GICR_SGI_BASE + 0x0400 + (n))

/* GICv3 CPU interface system registers (IHI 0069 12.2), by encoding. */
#define ICC_PMR_EL1           S3_0_C4_C6_0
#define ICC_IAR1_EL1          S3_0_C12_C12_0
#define ICC_EOIR1_EL1         S3_0_C12_C12_1
#define ICC_BPR1_EL1          S3_0_C12_C12_3
#define ICC_CTLR_EL1          S3_0_C12_C12_4
#define ICC_SRE_EL1           S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1       S3_0_C12_C12_7
#define ICC_SGI1R_EL1         S3_0_C12_C11_5
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF1_SHIFT  16
#define ICC_SGI1R_AFF2_SHIFT  32
#define ICC_SGI1R_AFF3_SHIFT  48
#define ICC_SRE_SRE           BIT(0)
#define ICC_IAR_ID_MASK       0xffffff

/* Level or edge trigger of SPI `irq` in the distributor's GICD_ICFGR<n>: two bits per
 * interrupt, the upper one set for edge (IHI 0048B 4.3.13, IHI 0069 12.9.9). Same layout in v2
 * and v3. */
static inline void gicd_set_edge(uintptr_t gicd, unsigned int irq, bool edge)
{
    uintptr_t reg = gicd + GICD_ICFGR(irq / 16);
    uint32_t bit = 1U << (2 * (irq % 16) + 1);
    uint32_t v = mmio_read32(reg);

    mmio_write32(reg, edge ? (v | bit) : (v & ~bit));
}

/* A controller's operations; gicv2.c and gicv3.c each provide one. */
struct gic_ops {
    const char *name;
    int version;
    int (*init)(const struct gic_config *config); /* distributor + this CPU's interface */
    unsigned int (*max_irq)(void);                /* exclusive bound of valid interrupt IDs */
    void (*enable)(unsigned int irq);
    void (*disable)(unsigned int irq);
    void (*set_priority)(unsigned int irq, uint8_t prio);
    void (*set_edge)(unsigned int irq, bool edge); /* SPIs only */
    unsigned int (*ack)(void); /* returns the interrupt ID (1020-1023: spurious) */
    void (*eoi)(unsigned int irq);
    void (*send_sgi_self)(unsigned int sgi); /* software-generated interrupt to this CPU */
    int (*init_cpu)(void);                   /* a secondary CPU's own interface */
    void (*send_sgi)(uint64_t mpidr, unsigned int sgi); /* to the CPU of that affinity */
};

extern const struct gic_ops gicv2_ops;
extern const struct gic_ops gicv3_ops;

#endif /* DRIVERS_GIC_REGS_H */
