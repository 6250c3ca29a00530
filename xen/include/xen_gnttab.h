/*
 * xen_gnttab.h - grant tables, version 1: share our pages with other domains and map theirs.
 *
 * Our table's frames are mapped (XENMAPSPACE_grant_table) into the grant region the
 * `hypervisor` node names; the table grows one frame at a time (GNTTABOP_setup_table) when
 * every reference of the mapped frames is in use, up to Xen's limit (GNTTABOP_query_size).
 * A reference is handed out by at most one xen_gnttab_grant at a time: it returns to the free
 * set only when xen_gnttab_end succeeded, i.e. after the remote domain unmapped the page.
 */
#ifndef XEN_GNTTAB_H
#define XEN_GNTTAB_H

#include <stdbool.h>

#include "xen_err.h"
#include "xen_types.h"

#define XEN_GNTTAB_MAX_FRAMES 8 /* 512 v1 entries per frame */

/* A foreign page mapped here. */
struct xen_gnt_map {
    gfn_t frame;         /* where it appears in our guest-physical space */
    void *va;            /* and in our address space */
    gnt_handle_t handle; /* Xen's handle, for the unmap */
    bool mapped;
};

/* After xen_hv_init. Maps the frames Xen has already set up (at least one). */
xen_err_t xen_gnttab_init(void);

/* Let `domid` access our page `frame`, read-only or read-write. *out is the reference the peer
 * needs. */
xen_err_t xen_gnttab_grant(xen_domid_t domid, gfn_t frame, bool readonly, gref_t *out);

/* Revoke a grant. XE_STILL_MAPPED while the peer maps it (nothing changes; try again later);
 * XE_BAD_ARG for a reference we did not grant. */
xen_err_t xen_gnttab_end(gref_t ref);

/* Map page `ref` granted by `domid` into a free frame of the extended regions. */
xen_err_t xen_gnttab_map(xen_domid_t domid, gref_t ref, bool readonly, struct xen_gnt_map *map);

/* Undo xen_gnttab_map; the frame goes back to the extended-region allocator. */
xen_err_t xen_gnttab_unmap(struct xen_gnt_map *map);

/* References currently granted, and capacity of the mapped frames (for tests). */
unsigned xen_gnttab_in_use(void);
unsigned xen_gnttab_capacity(void);

#endif /* XEN_GNTTAB_H */
