/*
 * dt.c - read the Xen-specific parts of the guest device tree (libfdt, no hypercalls).
 *
 * What Xen 4.17 puts in a dom0less domU's tree (xen/arch/arm/domain_build.c):
 *   /hypervisor  compatible "xen,xen-4.17", "xen,xen"; reg = grant table region, then the
 *                extended regions; interrupts = the event channel PPI (GIC 3-cell specifier)
 *   /reserved-memory/xen-shmem@<gbase>  compatible "xen,shared-memory-v1"; reg; xen,id
 *                (only with static shared memory, CONFIG_STATIC_SHM)
 * Static event channels are not described in the guest's tree at all (see evtchn.c).
 * The port's platform.c already reads the hypervisor node and /memory (xen_port_dt_info hands
 * those over); this file reads what only the Xen layer needs: the static shared memory.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "xen_hv.h"

static uint64_t read_cells(const fdt32_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        v = (v << 32) | fdt32_to_cpu(p[i]);
    }
    return v;
}

/* Cells of a node's parent, with the defaults of the DT spec when absent. */
static void parent_cells(const void *fdt, int node, int *ac, int *sc)
{
    int parent = fdt_parent_offset(fdt, node);
    *ac = parent >= 0 ? fdt_address_cells(fdt, parent) : 2;
    *sc = parent >= 0 ? fdt_size_cells(fdt, parent) : 1;
}

/* Read up to `max` (base, size) pairs of `reg`, skipping `skip` leading entries. Returns the
 * number stored or -1 if `reg` is malformed. Entries with a zero size or that wrap are bad. */
static int read_reg(const void *fdt, int node, const char *what, int skip, struct xen_range *out,
                    unsigned max)
{
    int ac, sc, len;
    parent_cells(fdt, node, &ac, &sc);
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    if (reg == NULL || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len <= 0 ||
        len % ((ac + sc) * 4) != 0) {
        printf("xen: %s: missing or malformed reg\n", what);
        return -1;
    }
    int entries = len / ((ac + sc) * 4);
    unsigned n = 0;
    for (int i = skip; i < entries; i++) {
        const fdt32_t *e = reg + i * (ac + sc);
        uint64_t base = read_cells(e, ac);
        uint64_t size = read_cells(e + ac, sc);
        if (size == 0 || base + size < base) {
            printf("xen: %s: reg entry %d (%#llx size %#llx) is invalid\n", what, i,
                   (unsigned long long)base, (unsigned long long)size);
            return -1;
        }
        if (n == max) {
            printf("xen: %s: more than %u ranges, ignoring the rest\n", what, max);
            break;
        }
        out[n].base = pa_init(base);
        out[n].size = size;
        n++;
    }
    return (int)n;
}

static void read_shm(const void *fdt, struct xen_dt_info *info)
{
    int resv = fdt_path_offset(fdt, "/reserved-memory");
    if (resv < 0) {
        return;
    }
    int child;
    fdt_for_each_subnode(child, fdt, resv)
    {
        if (fdt_node_check_compatible(fdt, child, "xen,shared-memory-v1") != 0) {
            continue;
        }
        const char *name = fdt_get_name(fdt, child, NULL);
        if (info->nr_shm == XEN_DT_MAX_RANGES) {
            printf("xen: more than %u shared memory regions, ignoring %s\n", XEN_DT_MAX_RANGES,
                   name);
            continue;
        }
        struct xen_shm_region *s = &info->shm[info->nr_shm];
        int len;
        const char *id = fdt_getprop(fdt, child, "xen,id", &len);
        if (id == NULL || len < 2 || len > XEN_SHM_ID_MAX || id[len - 1] != '\0') {
            printf("xen: %s: missing or malformed xen,id, region ignored\n", name);
            continue;
        }
        if (read_reg(fdt, child, name, 0, &s->range, 1) != 1 ||
            (pa_addr(s->range.base) | s->range.size) % XEN_PAGE_SIZE != 0) {
            printf("xen: %s: region ignored\n", name);
            continue;
        }
        memcpy(s->id, id, (size_t)len);
        info->nr_shm++;
    }
}

xen_err_t xen_dt_read_shm(const void *fdt, struct xen_dt_info *info)
{
    info->nr_shm = 0;
    if (fdt == NULL || fdt_check_header(fdt) != 0) {
        printf("xen: invalid device tree blob\n");
        return XE_BAD_DT;
    }
    read_shm(fdt, info);
    return XE_OK;
}
