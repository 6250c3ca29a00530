/*
 * dtparse.c - test image: the port's device tree parser (platform_parse) against trees built
 * here with libfdt's sequential writer: one well-formed tree shaped like Xen's, one shaped like
 * QEMU's own (bare metal: a PL011, no hypervisor node), and variants with a node missing or a
 * property garbled. Mandatory nodes must give a clear error (never a fault), optional ones must
 * be left out with the rest of the tree still read.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "tx_api.h"

#include "drivers/gic.h"
#include "platform/platform.h"

enum {
    NO_MEMORY = 1 << 0,
    NO_GIC = 1 << 1,
    NO_TIMER = 1 << 2,
    TIMER_SHORT_IRQS = 1 << 3, /* interrupts of 8 bytes */
    GIC_ONE_REG = 1 << 4,      /* redistributor reg missing */
    MEMORY_ODD_REG = 1 << 5,   /* reg length not a multiple of the cells */
    UART_NO_IRQ = 1 << 6,      /* optional node garbled */
    BOOTARGS_UNTERMINATED = 1 << 7,
    TIMER_SPI = 1 << 8,        /* virtual timer given as an SPI */
    TIMER_PPI_RANGE = 1 << 9,  /* PPI number 20 */
    GICV2 = 1 << 10,           /* arm,gic-400 instead of gic-v3 */
    HYP_NO_REG = 1 << 11,      /* hypervisor node without reg */
    MEMORY_DISABLED = 1 << 12, /* a second memory node with status = "disabled" */
    IRQ_CELLS_4 = 1 << 13,     /* interrupt-parent is a GIC with #interrupt-cells = 4 */
    CELLS_1 = 1 << 14,         /* #address-cells = #size-cells = 1 */
    IRQ_CELLS_2 = 1 << 15,     /* interrupt-parent with #interrupt-cells = 2: not a GIC */
    GPIO = 1 << 16,            /* a PL061 under /passthrough, as Xen copies a partial tree */
    GPIO_DISABLED = 1 << 17,   /* ... with status = "disabled" */
    GPIO_PPI = 1 << 18,        /* ... whose interrupt is a PPI */
    BARE = 1 << 19,            /* QEMU's own tree: a PL011, no vpl011, no hypervisor node */
    PL011_TOO = 1 << 20,       /* a PL011 beside the vpl011 (Xen's stays the console) */
    PRIMECELL_ONLY = 1 << 21,  /* the PL011 node says only "arm,primecell" */
    PL011_SMALL = 1 << 22,     /* ... its reg too small for the ID registers */
    SHM = 1 << 23,             /* a static shared-memory region under /reserved-memory (4.17) */
    SHM_IN_MEMORY = 1 << 24,   /* ... listed in /memory as well (Xen 4.19 on) */
    RESERVED_IN_RAM = 1 << 25, /* a reserved region inside the RAM bank: it splits in two */
    RESERVED_BAD = 1 << 26,    /* a reserved region whose reg is garbled */
    RESERVED_ALL = 1 << 27,    /* the whole RAM bank reserved */
};

static char tree[4096] __attribute__((aligned(8)));

static void cells(void *fdt, const char *name, const uint32_t *v, int n)
{
    fdt32_t be[12];

    for (int i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(v[i]);
    }
    fdt_property(fdt, name, be, n * 4);
}

/* reg of (address, size) pairs, in 2+2 cells or, with CELLS_1, 1+1 cells (values below 4 GB). */
static void reg(void *fdt, unsigned int flags, const uint32_t *pairs, int n)
{
    uint32_t v[12];
    int k = 0;

    for (int i = 0; i < n; i++) {
        if (!(flags & CELLS_1)) {
            v[k++] = 0;
        }
        v[k++] = pairs[i];
    }
    cells(fdt, "reg", v, k);
}

/* An interrupts property: each entry type, number, flags (+ a 0 fourth cell with IRQ_CELLS_4;
 * only number, flags with IRQ_CELLS_2). */
static void irqs(void *fdt, unsigned int flags, const uint32_t *v3, int entries)
{
    uint32_t v[16];
    int k = 0;

    for (int i = 0; i < entries; i++) {
        if (!(flags & IRQ_CELLS_2)) {
            v[k++] = v3[3 * i];
        }
        v[k++] = v3[3 * i + 1];
        v[k++] = v3[3 * i + 2];
        if (flags & IRQ_CELLS_4) {
            v[k++] = 0;
        }
    }
    cells(fdt, "interrupts", v, k);
}

static int build(unsigned int flags)
{
    void *f = tree;
    int rc = fdt_create(f, sizeof(tree));

    rc |= fdt_finish_reservemap(f);
    rc |= fdt_begin_node(f, "");
    rc |= fdt_property_u32(f, "#address-cells", (flags & CELLS_1) ? 1 : 2);
    rc |= fdt_property_u32(f, "#size-cells", (flags & CELLS_1) ? 1 : 2);
    if (flags & (IRQ_CELLS_4 | IRQ_CELLS_2)) {
        rc |= fdt_property_u32(f, "interrupt-parent", 1);
    }
    if (!(flags & NO_MEMORY)) {
        rc |= fdt_begin_node(f, "memory@40000000");
        rc |= fdt_property_string(f, "device_type", "memory");
        if (flags & MEMORY_ODD_REG) {
            uint32_t odd[] = {0, 0x40000000, 0, 0x2000000, 0};
            cells(f, "reg", odd, 5);
        } else if (flags & SHM_IN_MEMORY) {
            uint32_t m[] = {0x40000000, 0x2000000, 0x60000000, 0x1000000};
            reg(f, flags, m, 4);
        } else {
            uint32_t m[] = {0x40000000, 0x2000000};
            reg(f, flags, m, 2);
        }
        rc |= fdt_end_node(f);
    }
    if (flags & (SHM | RESERVED_IN_RAM | RESERVED_BAD | RESERVED_ALL)) {
        /* As Xen writes a static shared-memory region (xen/arch/arm/domain_build.c), and a
         * region of another kind inside RAM. */
        rc |= fdt_begin_node(f, "reserved-memory");
        rc |= fdt_property_u32(f, "#address-cells", (flags & CELLS_1) ? 1 : 2);
        rc |= fdt_property_u32(f, "#size-cells", (flags & CELLS_1) ? 1 : 2);
        rc |= fdt_property(f, "ranges", NULL, 0);
        if (flags & SHM) {
            rc |= fdt_begin_node(f, "xen-shmem@60000000");
            rc |= fdt_property_string(f, "compatible", "xen,shared-memory-v1");
            uint32_t shm[] = {0x60000000, 0x1000000};
            reg(f, flags, shm, 2);
            rc |= fdt_property_string(f, "xen,id", "ch0");
            rc |= fdt_end_node(f);
        }
        if (flags & (RESERVED_IN_RAM | RESERVED_BAD | RESERVED_ALL)) {
            rc |= fdt_begin_node(f, "region@40800000");
            if (flags & RESERVED_BAD) {
                uint32_t odd[] = {0, 0x40800000, 0};
                cells(f, "reg", odd, 3);
            } else if (flags & RESERVED_ALL) {
                uint32_t all[] = {0x40000000, 0x2000000};
                reg(f, flags, all, 2);
            } else {
                uint32_t in_ram[] = {0x40800000, 0x100000};
                reg(f, flags, in_ram, 2);
            }
            rc |= fdt_end_node(f);
        }
        rc |= fdt_end_node(f);
    }
    if (flags & MEMORY_DISABLED) {
        rc |= fdt_begin_node(f, "memory@50000000");
        rc |= fdt_property_string(f, "device_type", "memory");
        rc |= fdt_property_string(f, "status", "disabled");
        uint32_t m[] = {0x50000000, 0x1000000};
        reg(f, flags, m, 2);
        rc |= fdt_end_node(f);
    }
    if (!(flags & NO_GIC)) {
        rc |= fdt_begin_node(f, "interrupt-controller@3001000");
        rc |= fdt_property_string(f, "compatible", (flags & GICV2) ? "arm,gic-400" : "arm,gic-v3");
        uint32_t g[] = {0x3001000, 0x10000, 0x3020000, 0x20000};
        reg(f, flags, g, (flags & GIC_ONE_REG) ? 2 : 4);
        if (flags & (IRQ_CELLS_4 | IRQ_CELLS_2)) {
            rc |= fdt_property_u32(f, "#interrupt-cells", (flags & IRQ_CELLS_4) ? 4 : 2);
            rc |= fdt_property_u32(f, "phandle", 1);
        }
        rc |= fdt_end_node(f);
    }
    if (!(flags & NO_TIMER)) {
        rc |= fdt_begin_node(f, "timer");
        rc |= fdt_property_string(f, "compatible", "arm,armv8-timer");
        uint32_t irqs_v[] = {1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08, 1, 10, 0xf08};
        if (flags & TIMER_SPI) {
            irqs_v[6] = 0;
        }
        if (flags & TIMER_PPI_RANGE) {
            irqs_v[7] = 20;
        }
        if (flags & TIMER_SHORT_IRQS) {
            cells(f, "interrupts", irqs_v, 2);
        } else {
            irqs(f, flags, irqs_v, 4);
        }
        rc |= fdt_end_node(f);
    }
    if (flags & (BARE | PL011_TOO)) {
        /* As QEMU's virt describes its PL011 (SPI 1, level). */
        rc |= fdt_begin_node(f, "pl011@9000000");
        if (flags & PRIMECELL_ONLY) {
            rc |= fdt_property_string(f, "compatible", "arm,primecell");
        } else {
            rc |= fdt_property(f, "compatible", "arm,pl011\0arm,primecell",
                               sizeof("arm,pl011\0arm,primecell"));
        }
        uint32_t preg[] = {0x9000000, (flags & PL011_SMALL) ? 0x100u : 0x1000u};
        reg(f, flags, preg, 2);
        uint32_t pirq[] = {0, 1, 4};
        irqs(f, flags, pirq, 1);
        rc |= fdt_end_node(f);
    }
    if (!(flags & BARE)) {
        rc |= fdt_begin_node(f, "sbsa-uart@22000000");
        rc |= fdt_property_string(f, "compatible", "arm,sbsa-uart");
        uint32_t ureg[] = {0x22000000, 0x1000};
        reg(f, flags, ureg, 2);
        if (!(flags & UART_NO_IRQ)) {
            uint32_t uirq[] = {0, 0, 4};
            irqs(f, flags, uirq, 1);
        }
        rc |= fdt_end_node(f);
        rc |= fdt_begin_node(f, "hypervisor");
        rc |=
            fdt_property(f, "compatible", "xen,xen-4.17\0xen,xen", sizeof("xen,xen-4.17\0xen,xen"));
        if (!(flags & HYP_NO_REG)) {
            uint32_t hreg[] = {0x38000000, 0x1000000, 0x42000000, 0xbe000000};
            reg(f, flags, hreg, 4);
        }
        uint32_t hirq[] = {1, 15, 0xf08};
        irqs(f, flags, hirq, 1);
        rc |= fdt_end_node(f);
    }
    if (flags & (GPIO | GPIO_DISABLED | GPIO_PPI)) {
        /* A bus with cells of its own (2 + 1, unlike the root's): reg is read with them. */
        rc |= fdt_begin_node(f, "passthrough");
        rc |= fdt_property_string(f, "compatible", "simple-bus");
        rc |= fdt_property(f, "ranges", NULL, 0);
        rc |= fdt_property_u32(f, "#address-cells", 2);
        rc |= fdt_property_u32(f, "#size-cells", 1);
        rc |= fdt_begin_node(f, "pl061@9030000");
        rc |= fdt_property(f, "compatible", "arm,pl061\0arm,primecell",
                           sizeof("arm,pl061\0arm,primecell"));
        uint32_t greg[] = {0, 0x9030000, 0x1000};
        cells(f, "reg", greg, 3);
        uint32_t girq[] = {(flags & GPIO_PPI) ? 1u : 0u, 7, 4};
        irqs(f, flags, girq, 1);
        if (flags & GPIO_DISABLED) {
            rc |= fdt_property_string(f, "status", "disabled");
        }
        rc |= fdt_end_node(f);
        rc |= fdt_end_node(f);
    }
    rc |= fdt_begin_node(f, "chosen");
    if (flags & BOOTARGS_UNTERMINATED) {
        rc |= fdt_property(f, "bootargs", "console=hvc", 11);
    } else if (flags & BARE) {
        rc |= fdt_property_string(f, "bootargs", "x=1"); /* QEMU's -append */
    } else {
        rc |= fdt_property_string(f, "bootargs", "console=hvc x=1");
    }
    rc |= fdt_end_node(f);
    rc |= fdt_end_node(f);
    rc |= fdt_finish(f);
    return rc;
}

static void expect_error(const char *name, unsigned int flags, const char *want)
{
    struct platform p;
    char err[128];

    if (build(flags) != 0) {
        printf("TEST %s FAIL cannot build the tree\n", name);
        return;
    }
    int rc = platform_parse(tree, &p, err, sizeof(err));
    if (rc == -1 && strstr(err, want) != NULL) {
        printf("TEST %s PASS\n", name);
        printf("dtparse: %s -> \"%s\"\n", name, err);
    } else {
        printf("TEST %s FAIL rc %d error \"%s\", wanted \"%s\"\n", name, rc, err, want);
    }
}

static void expect_ok(const char *name, unsigned int flags, int (*check)(const struct platform *))
{
    struct platform p;
    char err[128];

    if (build(flags) != 0) {
        printf("TEST %s FAIL cannot build the tree\n", name);
        return;
    }
    int rc = platform_parse(tree, &p, err, sizeof(err));
    if (rc == 0 && check(&p)) {
        printf("TEST %s PASS\n", name);
    } else {
        printf("TEST %s FAIL rc %d error \"%s\"\n", name, rc, err);
    }
}

static int check_good(const struct platform *p)
{
    return p->mem_banks == 1 && pa_addr(p->mem[0].base) == 0x40000000 &&
           p->mem[0].size == 0x2000000 && p->gic_version == 3 &&
           pa_addr(p->gicr.base) == 0x3020000 && p->timer_virt_irq == 27 && !p->timer_virt_edge &&
           p->uart_present && p->uart_irq == 32 && p->xen_present && p->xen_evtchn_irq == 31 &&
           pa_addr(p->xen_grant.base) == 0x38000000 && p->xen_ext_count == 1 &&
           p->xen_ext[0].size == 0xbe000000 && p->console == CONSOLE_HVC &&
           strcmp(p->bootargs, "console=hvc x=1") == 0 &&
           strcmp(p->xen_compat, "xen,xen-4.17") == 0;
}

/* The RAM bank, split around the reserved megabyte at 0x40800000. */
static int check_split(const struct platform *p)
{
    return p->mem_banks == 2 && pa_addr(p->mem[0].base) == 0x40000000 &&
           p->mem[0].size == 0x800000 && pa_addr(p->mem[1].base) == 0x40900000 &&
           p->mem[1].size == 0x2000000 - 0x900000 && p->gic_version == 3;
}

static int check_v2(const struct platform *p)
{
    return p->gic_version == 2 && pa_addr(p->gicc.base) == 0x3020000;
}

static int check_no_uart(const struct platform *p)
{
    return !p->uart_present && p->console == CONSOLE_HVC && p->xen_present;
}

static int check_no_bootargs(const struct platform *p)
{
    return p->bootargs[0] == '\0' && p->console == CONSOLE_PL011;
}

static int check_no_hyp(const struct platform *p)
{
    return !p->xen_present && p->uart_present;
}

static int check_gpio(const struct platform *p)
{
    return check_good(p) && p->gpio_present && pa_addr(p->gpio.base) == 0x9030000 &&
           p->gpio.size == 0x1000 && p->gpio_irq == 39 && !p->gpio_irq_edge;
}

static int check_no_gpio(const struct platform *p)
{
    return check_good(p) && !p->gpio_present;
}

/* Bare metal: the PL011 is the console, and there is no Xen. */
static int check_bare(const struct platform *p)
{
    return p->uart_present && p->uart_pl011 && pa_addr(p->uart.base) == 0x9000000 &&
           p->uart.size == 0x1000 && p->uart_irq == 33 && p->console == CONSOLE_PL011 &&
           !p->xen_present && p->timer_virt_irq == 27 && strcmp(p->bootargs, "x=1") == 0;
}

static int check_bare_v3(const struct platform *p)
{
    return check_bare(p) && p->gic_version == 3;
}

static int check_bare_v2(const struct platform *p)
{
    return check_bare(p) && p->gic_version == 2;
}

/* Xen's vpl011 wins over a PL011 beside it: the console under Xen is unchanged. */
static int check_pl011_too(const struct platform *p)
{
    return check_good(p) && !p->uart_pl011 && pa_addr(p->uart.base) == 0x22000000;
}

/* No usable UART bare metal: nothing to print on but console_io (which QEMU ignores). */
static int check_bare_no_uart(const struct platform *p)
{
    return !p->uart_present && !p->uart_pl011 && p->console == CONSOLE_HVC && !p->xen_present;
}

static TX_THREAD main_thread;
static ULONG main_stack[2048] __attribute__((aligned(16)));

static void main_entry(ULONG arg)
{
    (void)arg;
    expect_ok("dt-good", 0, check_good);
    expect_ok("dt-gicv2", GICV2, check_v2);
    expect_error("dt-no-memory", NO_MEMORY, "no /memory node");
    expect_error("dt-memory-bad-reg", MEMORY_ODD_REG, "malformed reg");
    expect_error("dt-no-gic", NO_GIC, "no interrupt controller");
    expect_error("dt-gic-short-reg", GIC_ONE_REG, "reg has no entry 1");
    expect_error("dt-no-timer", NO_TIMER, "no arm,armv8-timer node");
    expect_error("dt-timer-bad-irqs", TIMER_SHORT_IRQS, "malformed interrupts");
    expect_error("dt-timer-spi", TIMER_SPI, "is not a PPI");
    expect_error("dt-timer-ppi-range", TIMER_PPI_RANGE, "out of range");
    expect_ok("dt-uart-garbled", UART_NO_IRQ, check_no_uart);
    expect_ok("dt-bootargs-unterminated", BOOTARGS_UNTERMINATED, check_no_bootargs);
    expect_ok("dt-hypervisor-garbled", HYP_NO_REG, check_no_hyp);
    expect_ok("dt-memory-disabled", MEMORY_DISABLED, check_good);
    expect_ok("dt-interrupt-cells-4", IRQ_CELLS_4, check_good);
    expect_ok("dt-cells-1", CELLS_1, check_good);
    expect_ok("dt-cells-1-irq-cells-4", CELLS_1 | IRQ_CELLS_4 | MEMORY_DISABLED, check_good);
    expect_error("dt-interrupt-cells-2", IRQ_CELLS_2, "is not a GIC's");
    expect_ok("dt-gpio", GPIO, check_gpio);
    expect_ok("dt-gpio-irq-cells-4", GPIO | IRQ_CELLS_4, check_gpio);
    expect_ok("dt-gpio-disabled", GPIO_DISABLED, check_no_gpio);
    expect_ok("dt-gpio-ppi", GPIO_PPI, check_no_gpio);
    expect_ok("dt-no-gpio", 0, check_no_gpio);
    expect_ok("dt-bare-pl011", BARE, check_bare_v3);
    expect_ok("dt-bare-pl011-gicv2", BARE | GICV2, check_bare_v2);
    expect_ok("dt-bare-pl011-cells-1", BARE | CELLS_1 | IRQ_CELLS_4, check_bare_v3);
    expect_ok("dt-pl011-beside-vpl011", PL011_TOO, check_pl011_too);
    expect_ok("dt-bare-primecell-only", BARE | PRIMECELL_ONLY, check_bare_no_uart);
    expect_ok("dt-bare-pl011-small", BARE | PL011_SMALL, check_bare_no_uart);
    /* The heap never lands on shared memory, whether Xen lists it in /memory (4.19 on) or not. */
    expect_ok("dt-shm-reserved", SHM, check_good);
    expect_ok("dt-shm-in-memory", SHM | SHM_IN_MEMORY, check_good);
    expect_ok("dt-shm-in-memory-cells-1", SHM | SHM_IN_MEMORY | CELLS_1, check_good);
    expect_ok("dt-reserved-splits-ram", RESERVED_IN_RAM, check_split);
    expect_error("dt-reserved-bad-reg", RESERVED_BAD, "malformed reg");
    expect_error("dt-reserved-all-ram", RESERVED_ALL, "all of /memory is in /reserved-memory");
    /* A tree with a destroyed header. */
    (void)build(0);
    tree[0] ^= 0xff;
    {
        struct platform p;
        char err[128];
        int rc = platform_parse(tree, &p, err, sizeof(err));
        printf(rc == -1 && strstr(err, "invalid header") != NULL ? "TEST dt-bad-magic PASS\n"
                                                                 : "TEST dt-bad-magic FAIL\n");
    }
    printf("TEST-DONE\n");
}

void tx_application_define(void *first_unused_memory)
{
    (void)first_unused_memory;
    tx_thread_create(&main_thread, "dtparse", main_entry, 0, main_stack, sizeof(main_stack), 10, 10,
                     TX_NO_TIME_SLICE, TX_AUTO_START);
}

int main(void)
{
    tx_kernel_enter();
    return 0;
}
