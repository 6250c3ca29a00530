/*
 * shm.c - static shared memory regions found in /reserved-memory (see xen_shm.h, dt.c).
 */
#include <stddef.h>
#include <string.h>

#include "xen_hv.h"
#include "xen_port.h"
#include "xen_shm.h"

static xen_err_t map_region(const struct xen_shm_region *r, struct xen_shm *out)
{
    out->base = r->range.base;
    out->size = r->range.size;
    out->va = xen_port_map_ram(r->range.base, r->range.size);
    return out->va != NULL ? XE_OK : XE_NOMEM;
}

xen_err_t xen_shm_map(const char *id, struct xen_shm *out)
{
    const struct xen_dt_info *info = xen_hv_info();
    if (info == NULL) {
        return XE_NOT_READY;
    }
    if (id == NULL || out == NULL) {
        return XE_BAD_ARG;
    }
    for (unsigned i = 0; i < info->nr_shm; i++) {
        if (strcmp(info->shm[i].id, id) == 0) {
            return map_region(&info->shm[i], out);
        }
    }
    return XE_NOENT;
}

xen_err_t xen_shm_map_first(struct xen_shm *out, const char **id)
{
    const struct xen_dt_info *info = xen_hv_info();
    if (info == NULL) {
        return XE_NOT_READY;
    }
    if (out == NULL) {
        return XE_BAD_ARG;
    }
    if (info->nr_shm == 0) {
        return XE_NOENT;
    }
    if (id != NULL) {
        *id = info->shm[0].id;
    }
    return map_region(&info->shm[0], out);
}
