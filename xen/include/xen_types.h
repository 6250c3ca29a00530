/*
 * xen_types.h - distinct types for the numbers the Xen layer juggles.
 *
 * Guest physical addresses, guest frame numbers, grant references and event channel ports are
 * all plain integers to Xen; here each is a one-member struct (as Hafnium's paddr_t), so that
 * passing a frame number where a grant reference belongs fails to compile. Constructors and
 * accessors are the only way in and out; they cost nothing after inlining.
 */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE  (1ull << XEN_PAGE_SHIFT)

/* Guest physical addresses: paddr_t, shared with the port. */
#include "xenrtos/addr.h"

/* Guest frame number: guest physical address >> 12 (Xen's xen_pfn_t / gfn). */
typedef struct {
    uint64_t gfn;
} gfn_t;

static inline gfn_t gfn_init(uint64_t gfn)
{
    return (gfn_t){gfn};
}

static inline uint64_t gfn_val(gfn_t g)
{
    return g.gfn;
}

static inline gfn_t pa_to_gfn(paddr_t p)
{
    return (gfn_t){pa_addr(p) >> XEN_PAGE_SHIFT};
}

static inline paddr_t gfn_to_pa(gfn_t g)
{
    return pa_init(g.gfn << XEN_PAGE_SHIFT);
}

/* Grant reference: index into our grant table (Xen's grant_ref_t). */
typedef struct {
    uint32_t ref;
} gref_t;

static inline gref_t gref_init(uint32_t ref)
{
    return (gref_t){ref};
}

static inline uint32_t gref_val(gref_t r)
{
    return r.ref;
}

/* Event channel port of this domain (Xen's evtchn_port_t). Port 0 is never valid. */
typedef struct {
    uint32_t port;
} evtchn_t;

static inline evtchn_t evtchn_init(uint32_t port)
{
    return (evtchn_t){port};
}

static inline uint32_t evtchn_val(evtchn_t p)
{
    return p.port;
}

/* Handle of a foreign grant mapped here (Xen's grant_handle_t). */
typedef struct {
    uint32_t handle;
} gnt_handle_t;

/* Xen domain id (Xen's domid_t); ids are not mixed with the numbers above. */
typedef uint16_t xen_domid_t;

#endif /* XEN_TYPES_H */
