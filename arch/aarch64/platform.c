/*
 * platform.c - read the machine from the device tree Xen generated for this domain (libfdt).
 *
 * Mandatory: /memory, a GIC (`arm,gic-v3`, `arm,gic-400`, `arm,cortex-a15-gic`), the
 * `arm,armv8-timer`. Optional: `arm,sbsa-uart` (vpl011), PSCI, the `xen,xen` hypervisor node,
 * /chosen/bootargs. Every value is checked. platform_parse() reports the first problem as text;
 * platform_init() turns a problem with a mandatory node into a PANIC on the emergency console
 * followed by PSCI SYSTEM_OFF, never a fault. Problems with optional nodes are printed and the
 * node is ignored.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/gic.h"
#include "arch/platform.h"

struct platform platform;
static const void *fdt_blob;

const void *platform_fdt(void)
{
    return fdt_blob;
}

/* One parse at a time (boot, or a test with interrupts off): the context is static. */
struct parse {
    const void *fdt;
    struct platform *p;
    char *err;
    size_t err_len;
    bool failed;
};

static bool fail(struct parse *ps, int fdt_err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error; always returns false so that callers can `return fail(...)`. */
static bool fail(struct parse *ps, int fdt_err, const char *fmt, ...)
{
    va_list ap;

    if (ps->failed) {
        return false;
    }
    ps->failed = true;
    va_start(ap, fmt);
    int n = vsnprintf(ps->err, ps->err_len, fmt, ap);
    va_end(ap);
    if (fdt_err < 0 && n >= 0 && (size_t)n < ps->err_len) {
        snprintf(ps->err + n, ps->err_len - (size_t)n, " (%s)", fdt_strerror(fdt_err));
    }
    return false;
}

/* Cells of the parent of `node` (#address-cells / #size-cells), validated. */
static bool parent_cells(struct parse *ps, int node, int *ac, int *sc)
{
    int parent = fdt_parent_offset(ps->fdt, node);

    if (parent < 0) {
        return fail(ps, parent, "%s: no parent", fdt_get_name(ps->fdt, node, NULL));
    }
    *ac = fdt_address_cells(ps->fdt, parent);
    *sc = fdt_size_cells(ps->fdt, parent);
    if (*ac < 1 || *ac > 2 || *sc < 0 || *sc > 2) {
        return fail(ps, *ac < 0 ? *ac : (*sc < 0 ? *sc : 0),
                    "%s: unsupported #address-cells/#size-cells",
                    fdt_get_name(ps->fdt, node, NULL));
    }
    return true;
}

static uint64_t read_cells(const fdt32_t *c, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v = (v << 32) | fdt32_to_cpu(c[i]);
    }
    return v;
}

/* Number of reg entries of `node` (0 if none); -1 with an error if the property is malformed. */
static int reg_count(struct parse *ps, int node)
{
    int ac;
    int sc;
    int len;

    if (!parent_cells(ps, node, &ac, &sc)) {
        return -1;
    }
    const void *reg = fdt_getprop(ps->fdt, node, "reg", &len);
    if (reg == NULL) {
        return 0;
    }
    if (len <= 0 || len % ((ac + sc) * 4) != 0) {
        fail(ps, 0, "%s: malformed reg (%d bytes for %d+%d cells)",
             fdt_get_name(ps->fdt, node, NULL), len, ac, sc);
        return -1;
    }
    return len / ((ac + sc) * 4);
}

/* reg entry `index` of `node`; false (and an error) if absent or malformed. */
static bool get_reg(struct parse *ps, int node, int index, struct plat_region *out)
{
    int ac;
    int sc;
    int n = reg_count(ps, node);

    if (n < 0) {
        return false;
    }
    if (index >= n) {
        return fail(ps, 0, "%s: reg has no entry %d", fdt_get_name(ps->fdt, node, NULL), index);
    }
    (void)parent_cells(ps, node, &ac, &sc);
    const fdt32_t *reg = fdt_getprop(ps->fdt, node, "reg", NULL);
    reg += index * (ac + sc);
    out->base = pa_init(read_cells(reg, ac));
    out->size = read_cells(reg + ac, sc);
    if (out->size == 0 || pa_addr(out->base) + out->size < pa_addr(out->base) ||
        pa_addr(out->base) + out->size > PHYS_MAP_LIMIT) {
        return fail(ps, 0, "%s: reg entry %d out of range", fdt_get_name(ps->fdt, node, NULL),
                    index);
    }
    return true;
}

/* #interrupt-cells of `node`'s interrupt parent: the `interrupt-parent` phandle found on the node
 * or its nearest ancestor (Devicetree Specification, 2.4 "Interrupts and Interrupt Mapping").
 * A tree without one (our own test trees, some hand-written ones) gets the GIC binding's 3. */
static bool interrupt_cells(struct parse *ps, int node, const char *name, uint32_t *cells)
{
    for (int n = node; n >= 0; n = fdt_parent_offset(ps->fdt, n)) {
        int len;
        const fdt32_t *ph = fdt_getprop(ps->fdt, n, "interrupt-parent", &len);
        if (ph == NULL) {
            continue;
        }
        int parent = len == 4 ? fdt_node_offset_by_phandle(ps->fdt, fdt32_to_cpu(*ph)) : -1;
        const fdt32_t *ic =
            parent >= 0 ? fdt_getprop(ps->fdt, parent, "#interrupt-cells", &len) : NULL;
        if (ic == NULL || len != 4) {
            return fail(ps, 0, "%s: interrupt parent without #interrupt-cells", name);
        }
        *cells = fdt32_to_cpu(*ic);
        /* GIC bindings: type, number, flags (+ a PPI partition phandle on GICv3). */
        if (*cells != 3 && *cells != 4) {
            return fail(ps, 0, "%s: #interrupt-cells %u is not a GIC's (3 or 4)", name, *cells);
        }
        return true;
    }
    *cells = 3;
    return true;
}

/* Interrupt `index` of `node` as a GIC interrupt ID (GIC binding: type, number, flags, and on a
 * 4-cell GICv3 a PPI partition we do not use). */
static bool get_irq(struct parse *ps, int node, int index, unsigned int *irq, bool *edge)
{
    int len;
    uint32_t cells = 3;
    const char *name = fdt_get_name(ps->fdt, node, NULL);
    const fdt32_t *c = fdt_getprop(ps->fdt, node, "interrupts", &len);

    if (c == NULL) {
        return fail(ps, len, "%s: no interrupts property", name);
    }
    if (!interrupt_cells(ps, node, name, &cells)) {
        return false;
    }
    int entry = (int)cells * 4;
    if (len <= 0 || len % entry != 0) {
        return fail(ps, 0, "%s: malformed interrupts (want %u cells each)", name, cells);
    }
    if ((index + 1) * entry > len) {
        return fail(ps, 0, "%s: interrupts has no entry %d", name, index);
    }
    c += cells * (uint32_t)index;
    uint32_t type = fdt32_to_cpu(c[0]);
    uint32_t num = fdt32_to_cpu(c[1]);
    uint32_t flags = fdt32_to_cpu(c[2]);
    if (type == 0 && num < GIC_MAX_IRQ - GIC_SPI_BASE) {
        *irq = num + GIC_SPI_BASE;
    } else if (type == 1 && num < 16) {
        *irq = num + GIC_PPI_BASE;
    } else {
        return fail(ps, 0, "%s: interrupt <%u %u> out of range", name, type, num);
    }
    /* Trigger type in flags[3:0]: 1 = rising edge, 2 = falling edge, 4/8 = level. */
    *edge = (flags & 0x3) != 0;
    return true;
}

static bool node_enabled(struct parse *ps, int node)
{
    const char *status = fdt_getprop(ps->fdt, node, "status", NULL);

    return status == NULL || strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

static int find_compatible(struct parse *ps, const char *compat)
{
    int node = -1;

    do {
        node = fdt_node_offset_by_compatible(ps->fdt, node, compat);
    } while (node >= 0 && !node_enabled(ps, node));
    return node;
}

static void copy_str(char *dst, size_t size, const char *src, int len)
{
    size_t n = 0;

    if (src != NULL && len > 0) {
        n = strnlen(src, (size_t)len);
        if (n >= size) {
            n = size - 1;
        }
        memcpy(dst, src, n);
    }
    dst[n] = '\0';
}

static bool parse_memory(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = -1;

    while ((node = fdt_node_offset_by_prop_value(ps->fdt, node, "device_type", "memory",
                                                 sizeof("memory"))) >= 0) {
        if (!node_enabled(ps, node)) {
            continue; /* status = "disabled": not ours to use */
        }
        int n = reg_count(ps, node);
        if (n < 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            struct plat_region r;
            if (!get_reg(ps, node, i, &r)) {
                return false;
            }
            if (p->mem_banks == PLAT_MAX_MEM_BANKS) {
                printf("memory: more than %d banks, ignoring the rest\n", PLAT_MAX_MEM_BANKS);
                break;
            }
            p->mem[p->mem_banks++] = r;
        }
    }
    if (node != -FDT_ERR_NOTFOUND) {
        return fail(ps, node, "searching /memory");
    }
    if (p->mem_banks == 0) {
        return fail(ps, 0, "no /memory node with a reg entry");
    }
    return true;
}

static bool parse_gic(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = find_compatible(ps, "arm,gic-v3");

    if (node >= 0) {
        p->gic_version = 3;
        if (!get_reg(ps, node, 0, &p->gicd) || !get_reg(ps, node, 1, &p->gicr)) {
            return false;
        }
    } else {
        node = find_compatible(ps, "arm,gic-400");
        if (node < 0) {
            node = find_compatible(ps, "arm,cortex-a15-gic");
        }
        if (node < 0) {
            return fail(ps, 0,
                        "no interrupt controller (arm,gic-v3 / arm,gic-400 / arm,cortex-a15-gic)");
        }
        p->gic_version = 2;
        if (!get_reg(ps, node, 0, &p->gicd) || !get_reg(ps, node, 1, &p->gicc)) {
            return false;
        }
    }
    if (p->gicd.size < 0x1000 || (p->gic_version == 3 && p->gicr.size < GICR_FRAME_SIZE) ||
        (p->gic_version == 2 && p->gicc.size < 0x1000)) {
        return fail(ps, 0, "%s: GIC register regions too small", fdt_get_name(ps->fdt, node, NULL));
    }
    return true;
}

static bool parse_timer(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = find_compatible(ps, "arm,armv8-timer");

    if (node < 0) {
        return fail(ps, node == -FDT_ERR_NOTFOUND ? 0 : node, "no arm,armv8-timer node");
    }
    /* Order of the binding: secure phys, non-secure phys, virtual, hypervisor. */
    if (!get_irq(ps, node, 2, &p->timer_virt_irq, &p->timer_virt_edge)) {
        return false;
    }
    if (p->timer_virt_irq < GIC_PPI_BASE || p->timer_virt_irq >= GIC_SPI_BASE) {
        return fail(ps, 0, "timer: virtual timer interrupt %u is not a PPI", p->timer_virt_irq);
    }
    return true;
}

/* Optional nodes: a problem is printed and the node ignored. */
static void optional_failed(struct parse *ps, const char *what)
{
    printf("device tree: ignoring %s: %s\n", what, ps->err);
    ps->failed = false;
    ps->err[0] = '\0';
}

static void parse_uart(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = find_compatible(ps, "arm,sbsa-uart");
    bool edge;

    if (node < 0) {
        return;
    }
    if (!get_reg(ps, node, 0, &p->uart) || !get_irq(ps, node, 0, &p->uart_irq, &edge)) {
        optional_failed(ps, "arm,sbsa-uart");
        return;
    }
    if (p->uart.size < 0x48) {
        fail(ps, 0, "register region too small");
        optional_failed(ps, "arm,sbsa-uart");
        return;
    }
    p->uart_present = true;
}

static void parse_psci(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = find_compatible(ps, "arm,psci-1.0");
    int len;

    if (node < 0) {
        node = find_compatible(ps, "arm,psci-0.2");
    }
    if (node < 0) {
        printf("device tree: no PSCI 0.2+ node; power off will still try HVC\n");
        return;
    }
    const char *compat = fdt_getprop(ps->fdt, node, "compatible", &len);
    copy_str(p->psci_compat, sizeof(p->psci_compat), compat, len);
    const char *method = fdt_getprop(ps->fdt, node, "method", &len);
    if (method == NULL || len <= 0 || strnlen(method, (size_t)len) == (size_t)len ||
        (strcmp(method, "hvc") != 0 && strcmp(method, "smc") != 0)) {
        printf("device tree: PSCI method missing or unknown, using hvc\n");
    } else {
        p->psci_smc = strcmp(method, "smc") == 0;
    }
    p->psci_present = true;
}

static void parse_hypervisor(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = find_compatible(ps, "xen,xen");
    bool edge;
    int len;

    if (node < 0) {
        return;
    }
    const char *compat = fdt_getprop(ps->fdt, node, "compatible", &len);
    copy_str(p->xen_compat, sizeof(p->xen_compat), compat, len);
    if (!get_irq(ps, node, 0, &p->xen_evtchn_irq, &edge) || !get_reg(ps, node, 0, &p->xen_grant)) {
        optional_failed(ps, "hypervisor node");
        return;
    }
    int n = reg_count(ps, node);
    for (int i = 1; i < n && p->xen_ext_count < PLAT_MAX_EXT_REGIONS; i++) {
        if (!get_reg(ps, node, i, &p->xen_ext[p->xen_ext_count])) {
            optional_failed(ps, "hypervisor extended region");
            continue;
        }
        p->xen_ext_count++;
    }
    p->xen_present = true;
}

static bool bootarg(const char *args, const char *key, char *buf, unsigned int len)
{
    size_t klen = strlen(key);
    const char *a = args;

    if (a == NULL) {
        return false;
    }
    while (*a != '\0') {
        while (*a == ' ') {
            a++;
        }
        if (strncmp(a, key, klen) == 0 && a[klen] == '=') {
            a += klen + 1;
            unsigned int n = 0;
            while (a[n] != '\0' && a[n] != ' ' && n + 1 < len) {
                buf[n] = a[n];
                n++;
            }
            buf[n] = '\0';
            return true;
        }
        while (*a != '\0' && *a != ' ') {
            a++;
        }
    }
    return false;
}

bool platform_bootarg(const char *key, char *buf, unsigned int len)
{
    return bootarg(platform.bootargs, key, buf, len);
}

static void parse_chosen(struct parse *ps)
{
    struct platform *p = ps->p;
    int node = fdt_path_offset(ps->fdt, "/chosen");
    int len = 0;
    const char *args = node >= 0 ? fdt_getprop(ps->fdt, node, "bootargs", &len) : NULL;

    /* Must be NUL-terminated inside the property, or we ignore it. */
    if (args != NULL && (len <= 0 || strnlen(args, (size_t)len) == (size_t)len)) {
        printf("device tree: ignoring /chosen/bootargs: not a string\n");
        args = NULL;
    }
    p->bootargs = args != NULL ? args : "";
    char value[16];
    p->console = p->uart_present ? CONSOLE_PL011 : CONSOLE_HVC;
    if (bootarg(p->bootargs, "console", value, sizeof(value))) {
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
    struct parse ps = {.fdt = fdt, .p = p, .err = err, .err_len = err_len};
    int rc = fdt_check_header(fdt);

    memset(p, 0, sizeof(*p));
    err[0] = '\0';
    if (rc != 0) {
        fail(&ps, rc, "invalid header");
        return -1;
    }
    if (!parse_memory(&ps) || !parse_gic(&ps) || !parse_timer(&ps)) {
        return -1;
    }
    parse_uart(&ps);
    parse_psci(&ps);
    parse_hypervisor(&ps);
    parse_chosen(&ps);
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
