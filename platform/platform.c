/*
 * platform.c - the machine, read from the device tree Xen generated for this domain or, bare
 * metal, the one QEMU generated for its virt board (through the one tree reader, platform/dt.c).
 *
 * Mandatory: /memory, a GIC (`arm,gic-v3`, `arm,gic-400`, `arm,cortex-a15-gic`), the
 * `arm,armv8-timer`. Optional: `arm,sbsa-uart` (vpl011) or else `arm,pl011`, `arm,pl061` (a
 * GPIO), PSCI, the `xen,xen` hypervisor node (none: no Xen, the Xen layer stays off),
 * /chosen/bootargs. Every value is checked.
 * platform_parse() reports the first problem as text; platform_init() turns a problem with a
 * mandatory node into a PANIC on the emergency console followed by PSCI SYSTEM_OFF, never a
 * fault. Problems with optional nodes are printed and the node is ignored.
 */
#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/mmu.h"
#include "drivers/gic.h"
#include "platform/dt.h"
#include "platform/platform.h"
#include "xenrtos/bootargs.h"

struct platform platform;
static const void *fdt_blob;

const void *platform_fdt(void)
{
    return fdt_blob;
}

/* One parse at a time (boot, or a test with interrupts off). */
struct parse {
    struct dt dt;
    struct platform *p;
};

static bool parse_memory(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = -1;

    /* Banks with status = "disabled" are not ours to use: the reader skips them. */
    while ((node = dt_next_device_type(&ps->dt, node, "memory")) >= 0) {
        int n = dt_reg_count(&ps->dt, node);
        if (n < 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            struct dt_region r;
            if (!dt_reg(&ps->dt, node, i, &r)) {
                return false;
            }
            if (p->mem_banks == PLAT_MAX_MEM_BANKS) {
                printf("memory: more than %d banks, ignoring the rest\n", PLAT_MAX_MEM_BANKS);
                break;
            }
            p->mem[p->mem_banks++] = r;
        }
    }
    if (node != DT_NOT_FOUND) {
        return dt_fail(&ps->dt, node, "searching /memory");
    }
    if (p->mem_banks == 0) {
        return dt_fail(&ps->dt, 0, "no /memory node with a reg entry");
    }
    return true;
}

/* Bank `i` of `p` without its bank: the later ones move down. */
static void mem_bank_remove(struct platform *p, unsigned int i)
{
    for (unsigned int j = i; (j + 1U) < p->mem_banks; j++) {
        p->mem[j] = p->mem[j + 1U];
    }
    p->mem_banks--;
}

/* Take `cut` out of the RAM banks; a bank it falls inside splits in two. With no room for the
 * second piece the smaller one is dropped, and said: RAM may be lost, shared memory is never
 * handed out as heap. */
static void mem_exclude(struct platform *p, struct dt_region cut)
{
    uint64_t cut_lo = pa_addr(cut.base);
    uint64_t cut_hi = cut_lo + cut.size;
    unsigned int i = 0;

    while (i < p->mem_banks) {
        uint64_t lo = pa_addr(p->mem[i].base);
        uint64_t hi = lo + p->mem[i].size;
        uint64_t head = 0U; /* what is left below the cut */
        uint64_t tail = 0U; /* and above it */

        if (cut_lo > lo) {
            head = cut_lo - lo;
        }
        if (hi > cut_hi) {
            tail = hi - cut_hi;
        }

        if ((cut_hi <= lo) || (cut_lo >= hi)) {
            i++;
        } else if ((head == 0U) && (tail == 0U)) {
            mem_bank_remove(p, i); /* all of it reserved; bank i is the next one now */
        } else if ((head != 0U) && (tail != 0U) &&
                   (p->mem_banks < (unsigned int)PLAT_MAX_MEM_BANKS)) {
            p->mem[i].size = head;
            /* After every bank: the same cut cannot reach it again. */
            p->mem[p->mem_banks].base = pa_init(cut_hi);
            p->mem[p->mem_banks].size = tail;
            p->mem_banks++;
            i++;
        } else {
            if ((head != 0U) && (tail != 0U)) {
                (void)printf("memory: more than %d banks after /reserved-memory, dropping %llu "
                             "bytes\n",
                             PLAT_MAX_MEM_BANKS, (unsigned long long)((head < tail) ? head : tail));
            }
            if (head >= tail) {
                p->mem[i].size = head;
            } else {
                p->mem[i].base = pa_init(cut_hi);
                p->mem[i].size = tail;
            }
            i++;
        }
    }
}

/* /reserved-memory's regions are not RAM to allocate from. Since Xen 4.19 a static
 * shared-memory region is listed in /memory too (docs/xen-4.20.md); on 4.17 it is only under
 * /reserved-memory, outside RAM, and this changes nothing. A region we cannot read is an error:
 * guessing could put the heap on memory another domain writes. */
static bool exclude_reserved(struct parse *ps)
{
    int resv = dt_path(&ps->dt, "/reserved-memory");
    int child;
    bool ok = true;

    if (resv == DT_NOT_FOUND) {
        return true;
    }
    if (resv < 0) {
        return dt_fail(&ps->dt, resv, "searching /reserved-memory");
    }
    child = dt_next_child(&ps->dt, resv, -1);
    while (ok && (child >= 0)) {
        int n = dt_enabled(&ps->dt, child) ? dt_reg_count(&ps->dt, child) : 0;
        ok = (n >= 0);
        for (int k = 0; ok && (k < n); k++) {
            struct dt_region r;
            ok = dt_reg(&ps->dt, child, k, &r);
            if (ok) {
                mem_exclude(ps->p, r);
            }
        }
        child = ok ? dt_next_child(&ps->dt, resv, child) : child;
    }
    if (!ok) {
        return false;
    }
    if (child != DT_NOT_FOUND) {
        return dt_fail(&ps->dt, child, "reading /reserved-memory");
    }
    if (ps->p->mem_banks == 0U) {
        return dt_fail(&ps->dt, 0, "all of /memory is in /reserved-memory");
    }
    return true;
}

static bool parse_gic(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = dt_find_compatible(&ps->dt, "arm,gic-v3");

    if (node >= 0) {
        p->gic_version = 3;
        if (!dt_reg(&ps->dt, node, 0, &p->gicd) || !dt_reg(&ps->dt, node, 1, &p->gicr)) {
            return false;
        }
    } else {
        node = dt_find_compatible(&ps->dt, "arm,gic-400");
        if (node < 0) {
            node = dt_find_compatible(&ps->dt, "arm,cortex-a15-gic");
        }
        if (node < 0) {
            return dt_fail(
                &ps->dt, 0,
                "no interrupt controller (arm,gic-v3 / arm,gic-400 / arm,cortex-a15-gic)");
        }
        p->gic_version = 2;
        if (!dt_reg(&ps->dt, node, 0, &p->gicd) || !dt_reg(&ps->dt, node, 1, &p->gicc)) {
            return false;
        }
    }
    if (p->gicd.size < 0x1000 || (p->gic_version == 3 && p->gicr.size < GICR_FRAME_SIZE) ||
        (p->gic_version == 2 && p->gicc.size < 0x1000)) {
        return dt_fail(&ps->dt, 0, "%s: GIC register regions too small", dt_name(&ps->dt, node));
    }
    return true;
}

static bool parse_timer(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = dt_find_compatible(&ps->dt, "arm,armv8-timer");

    if (node < 0) {
        return dt_fail(&ps->dt, node == DT_NOT_FOUND ? 0 : node, "no arm,armv8-timer node");
    }
    /* Order of the binding: secure phys, non-secure phys, virtual, hypervisor. */
    if (!dt_irq(&ps->dt, node, 2, &p->timer_virt_irq, &p->timer_virt_edge)) {
        return false;
    }
    if (p->timer_virt_irq < GIC_PPI_BASE || p->timer_virt_irq >= GIC_SPI_BASE) {
        return dt_fail(&ps->dt, 0, "timer: virtual timer interrupt %u is not a PPI",
                       p->timer_virt_irq);
    }
    return true;
}

/* Optional nodes: a problem is printed and the node ignored. */
static void optional_failed(struct parse *ps, const char *what)
{
    printf("device tree: ignoring %s: %s\n", what, ps->dt.err);
    dt_clear_error(&ps->dt);
}

/* The console UART: Xen's vpl011 (`arm,sbsa-uart`) when there is one, as always; otherwise a
 * real PL011 (bare metal: QEMU's virt node says "arm,pl011", "arm,primecell"). It is found by
 * "arm,pl011": "arm,primecell" alone names any PrimeCell (the PL061, the PL031 have it too), and
 * console.c checks the PL011's peripheral ID before using it. */
static void parse_uart(struct parse *ps)
{
    struct platform *p = ps->p;
    bool pl011 = false;
    int node = dt_find_compatible(&ps->dt, "arm,sbsa-uart");
    bool edge;

    if (node < 0) {
        pl011 = true;
        node = dt_find_compatible(&ps->dt, "arm,pl011");
    }
    if (node < 0) {
        return;
    }
    const char *what = pl011 ? "arm,pl011" : "arm,sbsa-uart";
    if (!dt_reg(&ps->dt, node, 0, &p->uart) || !dt_irq(&ps->dt, node, 0, &p->uart_irq, &edge)) {
        optional_failed(ps, what);
        return;
    }
    /* The SBSA subset ends at ICR (0x44); a PL011's ID registers are at 0xfe0-0xfff. */
    if (p->uart.size < (pl011 ? 0x1000u : 0x48u)) {
        dt_fail(&ps->dt, 0, "register region too small");
        optional_failed(ps, what);
        return;
    }
    p->uart_pl011 = pl011;
    p->uart_present = true;
}

/* A PL061 passed through (under Xen's /passthrough simple-bus: the reader takes the bus's cells
 * and the node's interrupt-parent, Xen's GIC). Only the first enabled one is used. */
static void parse_gpio(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = dt_find_compatible(&ps->dt, "arm,pl061");

    if (node < 0) {
        return;
    }
    if (!dt_reg(&ps->dt, node, 0, &p->gpio) ||
        !dt_irq(&ps->dt, node, 0, &p->gpio_irq, &p->gpio_irq_edge)) {
        optional_failed(ps, "arm,pl061");
        return;
    }
    /* The registers span 4 KB: identification at 0xfe0-0xffc (PL061 TRM 3.2). */
    if (p->gpio.size < 0x1000) {
        dt_fail(&ps->dt, 0, "register region too small");
        optional_failed(ps, "arm,pl061");
        return;
    }
    if (p->gpio_irq < GIC_SPI_BASE) {
        dt_fail(&ps->dt, 0, "interrupt %u is not an SPI", p->gpio_irq);
        optional_failed(ps, "arm,pl061");
        return;
    }
    p->gpio_present = true;
}

static void parse_psci(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = dt_find_compatible(&ps->dt, "arm,psci-1.0");

    if (node < 0) {
        node = dt_find_compatible(&ps->dt, "arm,psci-0.2");
    }
    if (node < 0) {
        printf("device tree: no PSCI 0.2+ node; power off will still try HVC\n");
        return;
    }
    dt_copy_string(&ps->dt, node, "compatible", p->psci_compat, sizeof(p->psci_compat));
    const char *method = dt_string(&ps->dt, node, "method");
    if (method == NULL || (strcmp(method, "hvc") != 0 && strcmp(method, "smc") != 0)) {
        printf("device tree: PSCI method missing or unknown, using hvc\n");
    } else {
        p->psci_smc = strcmp(method, "smc") == 0;
    }
    p->psci_present = true;
}

static void parse_hypervisor(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = dt_find_compatible(&ps->dt, "xen,xen");
    bool edge;

    if (node < 0) {
        return;
    }
    dt_copy_string(&ps->dt, node, "compatible", p->xen_compat, sizeof(p->xen_compat));
    if (!dt_irq(&ps->dt, node, 0, &p->xen_evtchn_irq, &edge) ||
        !dt_reg(&ps->dt, node, 0, &p->xen_grant)) {
        optional_failed(ps, "hypervisor node");
        return;
    }
    int n = dt_reg_count(&ps->dt, node);
    for (int i = 1; i < n && p->xen_ext_count < PLAT_MAX_EXT_REGIONS; i++) {
        if (!dt_reg(&ps->dt, node, i, &p->xen_ext[p->xen_ext_count])) {
            optional_failed(ps, "hypervisor extended region");
            continue;
        }
        p->xen_ext_count++;
    }
    p->xen_present = true;
}

/* /cpus: each enabled `device_type = "cpu"` node's reg is its MPIDR affinity, in /cpus's
 * #address-cells (1 or 2), #size-cells 0 (Devicetree Specification 3.7, 3.8). A tree without
 * them, or a malformed one, leaves the boot CPU alone (a problem is printed). */
static void parse_cpus(struct parse *ps)
{
    struct platform *p = ps->p;
    uint64_t self = arch_cpu_mpidr();
    int cpus = dt_path(&ps->dt, "/cpus");
    int len = 0;
    const void *ac = cpus >= 0 ? dt_prop(&ps->dt, cpus, "#address-cells", &len) : NULL;
    unsigned int cells = ac != NULL && len == 4 ? __builtin_bswap32(*(const uint32_t *)ac) : 0;
    bool found_self = false;

    p->cpu_count = 1;
    p->cpu_mpidr[0] = self;
    if (cpus < 0 || (cells != 1 && cells != 2)) {
        if (cpus >= 0) {
            printf("device tree: /cpus: #address-cells %u unsupported: one vCPU\n", cells);
        }
        return;
    }
    for (int node = dt_next_child(&ps->dt, cpus, -1); node >= 0;
         node = dt_next_child(&ps->dt, cpus, node)) {
        const char *type = dt_string(&ps->dt, node, "device_type");
        if (type == NULL || strcmp(type, "cpu") != 0 || !dt_enabled(&ps->dt, node)) {
            continue;
        }
        const uint8_t *reg = dt_prop(&ps->dt, node, "reg", &len);
        if (reg == NULL || len != (int)(4 * cells)) {
            printf("device tree: ignoring %s: reg is not %u cell(s)\n", dt_name(&ps->dt, node),
                   cells);
            continue;
        }
        uint64_t mpidr = 0;
        for (int i = 0; i < len; i++) {
            mpidr = mpidr << 8 | reg[i];
        }
        mpidr &= MPIDR_AFF_MASK;
        if (mpidr == self) {
            found_self = true;
            continue;
        }
        if (p->cpu_count == PLAT_MAX_CPUS) {
            printf("device tree: more than %d vCPUs, ignoring %s\n", PLAT_MAX_CPUS,
                   dt_name(&ps->dt, node));
            continue;
        }
        p->cpu_mpidr[p->cpu_count++] = mpidr;
    }
    if (!found_self) {
        printf("device tree: the boot vCPU (MPIDR %#llx) has no cpu node\n",
               (unsigned long long)self);
    }
}

bool platform_bootarg(const char *key, char *buf, unsigned int len)
{
    return xr_bootargs_find(platform.bootargs, key, buf, len);
}

static void parse_chosen(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = dt_path(&ps->dt, "/chosen");
    int len = 0;
    const char *args = node >= 0 ? dt_prop(&ps->dt, node, "bootargs", &len) : NULL;

    /* Must be NUL-terminated inside the property, or we ignore it. */
    if (args != NULL && dt_string(&ps->dt, node, "bootargs") == NULL) {
        printf("device tree: ignoring /chosen/bootargs: not a string\n");
        args = NULL;
    }
    p->bootargs = args != NULL ? args : "";
    char value[16];
    p->console = p->uart_present ? CONSOLE_PL011 : CONSOLE_HVC;
    if (xr_bootargs_find(p->bootargs, "console", value, sizeof(value))) {
        if (strcmp(value, "hvc") == 0) {
            p->console = CONSOLE_HVC;
        } else if (strcmp(value, "pl011") == 0 && p->uart_present) {
            p->console = CONSOLE_PL011;
        } else {
            printf("bootargs: console=%s unknown or absent, using %s\n", value,
                   p->uart_present ? "pl011" : "hvc");
        }
    }
}

int platform_parse(const void *fdt, struct platform *p, char *err, size_t err_len)
{
    struct parse ps = {.p = p};

    memset(p, 0, sizeof(*p));
    /* One parse at a time: the table can be static (it is too big for a boot stack). */
    static struct dt_index index;

    if (!dt_open(&ps.dt, fdt, err, err_len)) {
        return -1;
    }
    (void)dt_index_build(&ps.dt, &index); /* without it (a huge tree), libfdt's walks */
    ps.dt.addr_limit = PHYS_MAP_LIMIT;
    if (!parse_memory(&ps) || !exclude_reserved(&ps) || !parse_gic(&ps) || !parse_timer(&ps)) {
        return -1;
    }
    parse_uart(&ps);
    parse_gpio(&ps);
    parse_psci(&ps);
    parse_hypervisor(&ps);
    parse_chosen(&ps);
    parse_cpus(&ps);
    return 0;
}

void platform_init(const void *fdt)
{
    char err[128];

    fdt_blob = fdt;
    if (platform_parse(fdt, &platform, err, sizeof(err)) != 0) {
        arch_panic("device tree: %s", err);
    }
}
