/*
 * dt.c - the device-tree reader (platform/include/platform/dt.h) over libfdt. The only file of
 * the RTOS that calls libfdt: each property's length is checked here before it is read.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "drivers/gic.h"
#include "platform/dt.h"

_Static_assert(DT_NOT_FOUND == -FDT_ERR_NOTFOUND, "DT_NOT_FOUND is libfdt's not-found");

bool dt_open(struct dt *dt, const void *fdt, char *err, size_t err_len)
{
    memset(dt, 0, sizeof(*dt));
    dt->err = err;
    dt->err_len = err_len;
    if (err_len > 0) {
        err[0] = '\0';
    }
    int rc = fdt == NULL ? -FDT_ERR_BADMAGIC : fdt_check_header(fdt);
    /* Devicetree Specification 5.1: the structure block is 4-byte aligned, the reservation
     * block 8-byte; libfdt loads cells through aligned pointers, which may fault when they
     * are not. */
    if (rc == 0 && (fdt_off_dt_struct(fdt) % 4 != 0 || fdt_off_mem_rsvmap(fdt) % 8 != 0)) {
        rc = -FDT_ERR_ALIGNMENT;
    }
    if (rc != 0) {
        return dt_fail(dt, rc, "invalid header");
    }
    dt->fdt = fdt;
    return true;
}

bool dt_fail(struct dt *dt, int fdt_err, const char *fmt, ...)
{
    va_list ap;

    if (dt->failed || dt->err_len == 0) {
        dt->failed = true;
        return false;
    }
    dt->failed = true;
    va_start(ap, fmt);
    int n = vsnprintf(dt->err, dt->err_len, fmt, ap);
    va_end(ap);
    if (fdt_err < 0 && n >= 0 && (size_t)n < dt->err_len) {
        /* A cut message is still a message: the buffer is the caller's. */
        (void)snprintf(dt->err + n, dt->err_len - (size_t)n, " (%s)", fdt_strerror(fdt_err));
    }
    return false;
}

/* ---- the node table ---------------------------------------------------------------------- */

bool dt_index_build(struct dt *dt, struct dt_index *index)
{
    int stack[DT_INDEX_DEPTH];
    int depth = -1;
    int off;
    int last = -1;

    dt->index = NULL;
    index->count = 0;
    for (off = fdt_next_node(dt->fdt, -1, &depth); off >= 0 && depth >= 0;
         off = fdt_next_node(dt->fdt, off, &depth)) {
        if (index->count == DT_INDEX_NODES || depth >= DT_INDEX_DEPTH) {
            return false;
        }
        struct dt_index_node *n = &index->node[index->count];
        n->offset = off;
        n->parent = depth > 0 ? stack[depth - 1] : -1;
        n->compat = fdt_getprop(dt->fdt, off, "compatible", &n->compat_len);
        n->compat_err = 0;
        if (n->compat == NULL) {
            /* libfdt's search by compatible returns this error when it reaches the node. */
            n->compat_err = n->compat_len == -FDT_ERR_NOTFOUND ? 0 : n->compat_len;
            n->compat_len = 0;
        }
        n->device_type = dt_prop(dt, off, "device_type", &n->device_type_len);
        n->phandle = fdt_get_phandle(dt->fdt, off);
        n->enabled = dt_enabled(dt, off);
        stack[depth] = (int)index->count;
        index->count++;
        last = off;
    }
    if (off < 0 && off != -FDT_ERR_NOTFOUND) {
        return false;
    }
    /* Nothing after the root's end: libfdt's own walks (which do not count depth) would find
     * the same nodes, in the same order. */
    if (last < 0 || fdt_next_node(dt->fdt, last, NULL) != -FDT_ERR_NOTFOUND) {
        return false;
    }
    dt->index = index;
    return true;
}

/* The table position of node `offset`, -1 if it is not a node's. */
static int index_of(const struct dt_index *ix, int offset)
{
    int lo = 0;
    int hi = (int)ix->count - 1;

    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (ix->node[mid].offset == offset) {
            return mid;
        }
        if (ix->node[mid].offset < offset) {
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return -1;
}

/* fdt_parent_offset, from the table when there is one. */
static int parent_of(const struct dt *dt, int node)
{
    if (dt->index != NULL) {
        int i = index_of(dt->index, node);
        if (i >= 0) {
            int p = dt->index->node[i].parent;
            return p >= 0 ? dt->index->node[p].offset : -FDT_ERR_NOTFOUND;
        }
    }
    return fdt_parent_offset(dt->fdt, node);
}

/* fdt_node_offset_by_phandle, likewise. */
static int node_by_phandle(const struct dt *dt, uint32_t phandle)
{
    if (dt->index == NULL) {
        return fdt_node_offset_by_phandle(dt->fdt, phandle);
    }
    if (phandle == 0 || phandle == UINT32_MAX) {
        return -FDT_ERR_BADPHANDLE;
    }
    for (unsigned int i = 0; i < dt->index->count; i++) {
        if (dt->index->node[i].phandle == phandle) {
            return dt->index->node[i].offset;
        }
    }
    return -FDT_ERR_NOTFOUND;
}

void dt_clear_error(struct dt *dt)
{
    dt->failed = false;
    if (dt->err_len > 0) {
        dt->err[0] = '\0';
    }
}

const char *dt_name(const struct dt *dt, int node)
{
    const char *name = fdt_get_name(dt->fdt, node, NULL);

    return name != NULL ? name : "?";
}

/* Whether node name `node_name` is what libfdt's path lookup takes for `component`
 * (`len` bytes): the same name, or, for a component without a unit address, the name before
 * the node's '@'. */
static bool name_matches(const char *node_name, const char *component, size_t len)
{
    return (strncmp(node_name, component, len) == 0) &&
           ((node_name[len] == '\0') ||
            ((memchr(component, '@', len) == NULL) && (node_name[len] == '@')));
}

int dt_path(const struct dt *dt, const char *path)
{
    /* A child of the root ("/name"), from the table: libfdt's walk to it passes over every node
     * before it, a byte at a time (~29 k instructions for /reserved-memory under Xen, most of
     * the 160 k on QEMU's bare tree). Same answer: the first match in document order. */
    const char *component = &path[1];
    int found = DT_NOT_FOUND;

    if ((dt->index == NULL) || (path[0] != '/') || (component[0] == '\0') ||
        (strchr(component, '/') != NULL)) {
        found = fdt_path_offset(dt->fdt, path);
    } else {
        size_t len = strlen(component);
        for (unsigned int i = 1; (i < dt->index->count) && (found == DT_NOT_FOUND); i++) {
            const struct dt_index_node *n = &dt->index->node[i];
            const char *node_name =
                (n->parent == 0) ? fdt_get_name(dt->fdt, n->offset, NULL) : NULL;
            if ((node_name != NULL) && name_matches(node_name, component, len)) {
                found = n->offset;
            }
        }
    }
    return found;
}

const void *dt_prop(const struct dt *dt, int node, const char *prop, int *len)
{
    int n = 0;
    const void *p = fdt_getprop(dt->fdt, node, prop, &n);

    if (p == NULL || n < 0) {
        n = 0;
        p = NULL;
    }
    if (len != NULL) {
        *len = n;
    }
    return p;
}

const char *dt_string(const struct dt *dt, int node, const char *prop)
{
    int len;
    const char *s = dt_prop(dt, node, prop, &len);

    if (s == NULL || len <= 0 || strnlen(s, (size_t)len) == (size_t)len) {
        return NULL;
    }
    return s;
}

void dt_copy_string(const struct dt *dt, int node, const char *prop, char *buf, size_t size)
{
    const char *s = dt_string(dt, node, prop);
    size_t n = s != NULL ? strlen(s) : 0;

    if (size == 0) {
        return;
    }
    if (n >= size) {
        n = size - 1;
    }
    if (n > 0) {
        memcpy(buf, s, n);
    }
    buf[n] = '\0';
}

bool dt_enabled(const struct dt *dt, int node)
{
    int len;
    const char *status = dt_prop(dt, node, "status", &len);

    if (status == NULL) {
        return true;
    }
    /* A status that is not a string is not "okay". */
    status = dt_string(dt, node, "status");
    return status != NULL && (strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0);
}

bool dt_is_compatible(const struct dt *dt, int node, const char *compat)
{
    return fdt_node_check_compatible(dt->fdt, node, compat) == 0;
}

int dt_find_compatible(const struct dt *dt, const char *compat)
{
    int node = -1;

    if (dt->index != NULL) {
        for (unsigned int i = 0; i < dt->index->count; i++) {
            const struct dt_index_node *n = &dt->index->node[i];
            if (n->compat_err < 0) {
                return n->compat_err;
            }
            if (n->enabled && n->compat != NULL &&
                fdt_stringlist_contains(n->compat, n->compat_len, compat)) {
                return n->offset;
            }
        }
        return DT_NOT_FOUND;
    }

    do {
        node = fdt_node_offset_by_compatible(dt->fdt, node, compat);
    } while (node >= 0 && !dt_enabled(dt, node));
    return node;
}

int dt_next_child(const struct dt *dt, int parent, int child)
{
    return child < 0 ? fdt_first_subnode(dt->fdt, parent) : fdt_next_subnode(dt->fdt, child);
}

int dt_next_device_type(const struct dt *dt, int from, const char *type)
{
    int node = from;
    int start = 0; /* the table position to search from; -1: `from` is not in the table */

    if (dt->index != NULL && from >= 0) {
        int i = index_of(dt->index, from);
        start = i >= 0 ? i + 1 : -1;
    }
    if (dt->index != NULL && start >= 0) {
        int want = (int)strlen(type) + 1;
        for (unsigned int i = (unsigned int)start; i < dt->index->count; i++) {
            const struct dt_index_node *n = &dt->index->node[i];
            /* libfdt compares the value's bytes, terminator included: the same length, a
             * terminator last and the same string are that. */
            if (n->enabled && n->device_type != NULL && n->device_type_len == want &&
                n->device_type[want - 1] == '\0' && strcmp(n->device_type, type) == 0) {
                return n->offset;
            }
        }
        return DT_NOT_FOUND;
    }

    do {
        node = fdt_node_offset_by_prop_value(dt->fdt, node, "device_type", type,
                                             (int)strlen(type) + 1);
    } while (node >= 0 && !dt_enabled(dt, node));
    return node;
}

/* Cells of the parent of `node` (#address-cells / #size-cells), validated. */
static bool parent_cells(struct dt *dt, int node, int *ac, int *sc)
{
    int parent = parent_of(dt, node);

    if (parent < 0) {
        return dt_fail(dt, parent, "%s: no parent", dt_name(dt, node));
    }
    *ac = fdt_address_cells(dt->fdt, parent);
    *sc = fdt_size_cells(dt->fdt, parent);
    if (*ac < 1 || *ac > 2 || *sc < 0 || *sc > 2) {
        return dt_fail(dt, *ac < 0 ? *ac : (*sc < 0 ? *sc : 0),
                       "%s: unsupported #address-cells/#size-cells", dt_name(dt, node));
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

int dt_reg_count(struct dt *dt, int node)
{
    int ac;
    int sc;
    int len;

    if (!parent_cells(dt, node, &ac, &sc)) {
        return -1;
    }
    const void *reg = dt_prop(dt, node, "reg", &len);
    if (reg == NULL) {
        return 0;
    }
    if (len <= 0 || len % ((ac + sc) * 4) != 0) {
        dt_fail(dt, 0, "%s: malformed reg (%d bytes for %d+%d cells)", dt_name(dt, node), len, ac,
                sc);
        return -1;
    }
    return len / ((ac + sc) * 4);
}

bool dt_reg(struct dt *dt, int node, int index, struct dt_region *out)
{
    int ac;
    int sc;
    int n = dt_reg_count(dt, node);

    if (n < 0) {
        return false;
    }
    if (index < 0 || index >= n) {
        return dt_fail(dt, 0, "%s: reg has no entry %d", dt_name(dt, node), index);
    }
    (void)parent_cells(dt, node, &ac, &sc);
    const fdt32_t *reg = dt_prop(dt, node, "reg", NULL);
    reg += index * (ac + sc);
    uint64_t base = read_cells(reg, ac);
    uint64_t size = read_cells(reg + ac, sc);
    if (size == 0 || base + size < base || (dt->addr_limit != 0 && base + size > dt->addr_limit)) {
        return dt_fail(dt, 0, "%s: reg entry %d (%#llx size %#llx) out of range", dt_name(dt, node),
                       index, (unsigned long long)base, (unsigned long long)size);
    }
    out->base = pa_init(base);
    out->size = size;
    return true;
}

/* #interrupt-cells of `node`'s interrupt parent: the `interrupt-parent` phandle found on the node
 * or its nearest ancestor (Devicetree Specification, 2.4 "Interrupts and Interrupt Mapping").
 * A tree without one (our own test trees, some hand-written ones) gets the GIC binding's 3. */
static bool interrupt_cells(struct dt *dt, int node, uint32_t *cells)
{
    for (int n = node; n >= 0; n = parent_of(dt, n)) {
        int len;
        const fdt32_t *ph = dt_prop(dt, n, "interrupt-parent", &len);
        if (ph == NULL) {
            continue;
        }
        int parent = len == 4 ? node_by_phandle(dt, fdt32_to_cpu(*ph)) : -1;
        const fdt32_t *ic = parent >= 0 ? dt_prop(dt, parent, "#interrupt-cells", &len) : NULL;
        if (ic == NULL || len != 4) {
            return dt_fail(dt, 0, "%s: interrupt parent without #interrupt-cells",
                           dt_name(dt, node));
        }
        *cells = fdt32_to_cpu(*ic);
        /* GIC bindings: type, number, flags (+ a PPI partition phandle on GICv3). */
        if (*cells != 3 && *cells != 4) {
            return dt_fail(dt, 0, "%s: #interrupt-cells %u is not a GIC's (3 or 4)",
                           dt_name(dt, node), *cells);
        }
        return true;
    }
    *cells = 3;
    return true;
}

bool dt_irq(struct dt *dt, int node, int index, unsigned int *intid, bool *edge)
{
    int len;
    uint32_t cells = 3;
    const char *name = dt_name(dt, node);
    const fdt32_t *c = dt_prop(dt, node, "interrupts", &len);

    if (c == NULL) {
        return dt_fail(dt, 0, "%s: no interrupts property", name);
    }
    if (!interrupt_cells(dt, node, &cells)) {
        return false;
    }
    int entry = (int)cells * 4;
    if (len <= 0 || len % entry != 0) {
        return dt_fail(dt, 0, "%s: malformed interrupts (want %u cells each)", name, cells);
    }
    if (index < 0 || (index + 1) * entry > len) {
        return dt_fail(dt, 0, "%s: interrupts has no entry %d", name, index);
    }
    c += cells * (uint32_t)index;
    uint32_t type = fdt32_to_cpu(c[0]);
    uint32_t num = fdt32_to_cpu(c[1]);
    uint32_t flags = fdt32_to_cpu(c[2]);
    if (type == 0 && num < GIC_MAX_IRQ - GIC_SPI_BASE) {
        *intid = num + GIC_SPI_BASE;
    } else if (type == 1 && num < 16) {
        *intid = num + GIC_PPI_BASE;
    } else {
        return dt_fail(dt, 0, "%s: interrupt <%u %u> out of range", name, type, num);
    }
    /* Trigger type in flags[3:0]: 1 = rising edge, 2 = falling edge, 4/8 = level. */
    *edge = (flags & 0x3) != 0;
    return true;
}
