/*
 * xen_shm.h - static shared memory between domains (Xen 4.17 `xen,shared-mem`, CONFIG_STATIC_SHM).
 *
 * The configuration gives each borrowing domain a `xen,domain-shared-memory-v1` node; Xen maps
 * the host region into the domain before it starts and describes it to the guest as
 * /reserved-memory/xen-shmem@<guest address> (compatible "xen,shared-memory-v1", reg, xen,id).
 * No hypercall is involved: the guest finds the node by its id and maps the range.
 */
#ifndef XEN_SHM_H
#define XEN_SHM_H

#include <stdint.h>

#include "xen_err.h"
#include "xen_types.h"

struct xen_shm {
    paddr_t base;
    uint64_t size;
    void *va; /* mapped normal write-back, like the peer's mapping */
};

/* Map the region whose xen,id is `id`. XE_NOENT if the tree has no such region. */
xen_err_t xen_shm_map(const char *id, struct xen_shm *out);

/* The first region of the tree, whatever its id (for single-region configurations). */
xen_err_t xen_shm_map_first(struct xen_shm *out, const char **id);

#endif /* XEN_SHM_H */
