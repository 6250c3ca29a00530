/*
 * xen_hv.h - what the RTOS learns about its hypervisor, and the guest-physical space it may use.
 *
 * Start-up order (the port's startup or the application calls these, once, MMU on):
 *   xen_hv_init()       collect the `hypervisor` node and /reserved-memory, map the shared info
 *                       page, register vCPU 0's vcpu_info
 *   xen_evtchn_init()   (xen_evtchn.h) upcall interrupt, static channel discovery
 *   xen_gnttab_init()   (xen_gnttab.h) only if grants are used
 *
 * Frames for shared info, grant table and foreign mappings are taken from the extended regions
 * the `hypervisor` node lists (guest-physical space Xen guarantees is neither RAM nor MMIO of
 * this guest), minus anything the tree also names as RAM (/memory), static shared memory
 * (/reserved-memory) or the grant table region: never on top of RAM or MMIO.
 */
#ifndef XEN_HV_H
#define XEN_HV_H

#include <stddef.h>
#include <stdint.h>

#include "xen_err.h"
#include "xen_types.h"

#define XEN_DT_MAX_RANGES 8u /* per kind; extra entries are reported and ignored */
#define XEN_SHM_ID_MAX    32 /* Xen's MAX_SHM_ID_LENGTH is 16; room to spare */

struct xen_range {
    paddr_t base;
    uint64_t size;
};

struct xen_shm_region {
    struct xen_range range;
    char id[XEN_SHM_ID_MAX]; /* "xen,id" */
};

/* Values read from the device tree Xen generated for this domain. */
struct xen_dt_info {
    struct xen_range gnttab; /* `hypervisor` reg[0]: where grant frames may be mapped */
    uint32_t evtchn_intid;   /* GIC INTID of the event channel upcall (PPI 15 -> 31) */
    unsigned nr_ext;         /* `hypervisor` reg[1..]: extended regions */
    struct xen_range ext[XEN_DT_MAX_RANGES];
    unsigned nr_ram; /* /memory reg entries */
    struct xen_range ram[XEN_DT_MAX_RANGES];
    unsigned nr_shm; /* /reserved-memory/xen-shmem@* (compatible xen,shared-memory-v1) */
    struct xen_shm_region shm[XEN_DT_MAX_RANGES];
};

/* Fill info->shm from /reserved-memory/xen-shmem@* nodes of `fdt`. Malformed nodes are
 * reported and skipped; XE_BAD_DT only for a blob that is not a device tree. Pure: no
 * hypercall, host-testable. The other fields come from the port (xen_port_dt_info). */
xen_err_t xen_dt_read_shm(const void *fdt, struct xen_dt_info *info);

/* Collect the tree's values, map shared info, register vcpu_info. Prints one line per failure.
 * XE_NOT_XEN when the tree has no `hypervisor` node. */
xen_err_t xen_hv_init(void);

/* Values parsed by xen_hv_init (NULL before). */
const struct xen_dt_info *xen_hv_info(void);

/* The shared info page (NULL before xen_hv_init) and vCPU 0's vcpu_info. */
struct shared_info *xen_shared_info(void);
struct vcpu_info *xen_vcpu_info(void);

/* vCPUs beyond 0: Xen on Arm keeps no vcpu_info for them in the shared page
 * (XEN_LEGACY_MAX_VCPUS is 1), so each registers one of these before it takes an upcall. */
#define XEN_MAX_VCPUS 8
/* Register vcpu_info for vCPU `vcpu` (1..XEN_MAX_VCPUS-1), called on that vCPU (Xen also
 * allows it for an offline one): VCPUOP_register_vcpu_info. Needs no xen_hv_init. */
xen_err_t xen_hv_vcpu_init(unsigned int vcpu);
/* vCPU `vcpu`'s registered vcpu_info (vCPU 0: xen_vcpu_info()), or NULL when it has none. */
struct vcpu_info *xen_vcpu_info_of(unsigned int vcpu);

/* This domain's id, learnt once from Xen (see hypervisor.c), or XE_* on failure. */
xen_err_t xen_self_domid(xen_domid_t *out);

/* ---- Guest-physical frames from the extended regions -------------------------------------- */

/* Initialise the allocator over info's extended regions minus RAM, grant region and static
 * shared memory. Pure (host-testable); xen_hv_init calls it. */
void xen_gpa_init(const struct xen_dt_info *info);

/* One free frame in the extended regions, or XE_NO_REGION. Never returns a frame twice until
 * it is freed. */
xen_err_t xen_gpa_alloc(gfn_t *out);

/* Give back a frame from xen_gpa_alloc (nothing must be mapped there anymore). */
void xen_gpa_free(gfn_t frame);

/* Frames still available (for tests and the banner). */
uint64_t xen_gpa_available(void);

#endif /* XEN_HV_H */
