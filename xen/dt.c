/*
 * dt.c - read the Xen-specific parts of the guest device tree (no hypercalls).
 *
 * What Xen 4.17 puts in a dom0less domU's tree (xen/arch/arm/domain_build.c):
 *   /hypervisor  compatible "xen,xen-4.17", "xen,xen"; reg = grant table region, then the
 *                extended regions; interrupts = the event channel PPI (GIC 3-cell specifier)
 *   /reserved-memory/xen-shmem@<gbase>  compatible "xen,shared-memory-v1"; reg; xen,id
 *                (only with static shared memory, CONFIG_STATIC_SHM)
 * Static event channels are not described in the guest's tree at all (see evtchn.c).
 * The platform already reads the hypervisor node and /memory (xen_port_dt_info hands those
 * over); this file reads what only the Xen layer needs, the static shared memory, through the
 * RTOS's one tree reader (platform/dt.h).
 */
#include <stdio.h>
#include <string.h>

#include "platform/dt.h"
#include "xen_hv.h"

static void read_shm(struct dt *dt, struct xen_dt_info *info)
{
    int resv = dt_path(dt, "/reserved-memory");
    if (resv < 0) {
        return;
    }
    for (int child = dt_next_child(dt, resv, -1); child >= 0;
         child = dt_next_child(dt, resv, child)) {
        if (!dt_is_compatible(dt, child, "xen,shared-memory-v1")) {
            continue;
        }
        const char *name = dt_name(dt, child);
        if (info->nr_shm == XEN_DT_MAX_RANGES) {
            printf("xen: more than %u shared memory regions, ignoring %s\n", XEN_DT_MAX_RANGES,
                   name);
            continue;
        }
        struct xen_shm_region *s = &info->shm[info->nr_shm];
        const char *id = dt_string(dt, child, "xen,id");
        size_t len = id != NULL ? strlen(id) + 1 : 0;
        if (id == NULL || len < 2 || len > XEN_SHM_ID_MAX) {
            printf("xen: %s: missing or malformed xen,id, region ignored\n", name);
            continue;
        }
        struct dt_region r;
        if (!dt_reg(dt, child, 0, &r)) {
            printf("xen: %s: %s, region ignored\n", name, dt->err);
            dt_clear_error(dt);
            continue;
        }
        if ((pa_addr(r.base) | r.size) % XEN_PAGE_SIZE != 0) {
            printf("xen: %s: region not page-aligned, ignored\n", name);
            continue;
        }
        s->range.base = r.base;
        s->range.size = r.size;
        memcpy(s->id, id, len);
        info->nr_shm++;
    }
}

xen_err_t xen_dt_read_shm(const void *fdt, struct xen_dt_info *info)
{
    struct dt dt;
    char err[96];

    info->nr_shm = 0;
    if (!dt_open(&dt, fdt, err, sizeof(err))) {
        printf("xen: invalid device tree blob\n");
        return XE_BAD_DT;
    }
    read_shm(&dt, info);
    return XE_OK;
}
