/*
 * gnttab.c - grant tables v1 (xen/include/public/grant_table.h).
 *
 * Entry protocol (v1): we write frame and domid, then, after a barrier, flags with
 * GTF_permit_access; Xen sets GTF_reading/GTF_writing while the peer maps the page. Ending
 * access is a compare-and-swap of flags to 0 that fails while either busy bit is set, so the
 * peer can never keep a mapping of a page we believe is ours again.
 *
 * Any vCPU may call in: the reference bitmap, in_use and nr_frames are changed inside
 * xen_port_irq_save (the kernel's lock on SMP; nr_frames also under grow_lock), and the
 * lock-free readers (xen_gnttab_in_use, _capacity) load them atomically.
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"
#include "xen_atomic.h"
#include "xen_gnttab.h"
#include "xen_hv.h"
#include "xen_hypercall.h"
#include "xen_port.h"

#define PER_FRAME (XEN_PAGE_SIZE / sizeof(grant_entry_v1_t))
#define MAX_REFS  (XEN_GNTTAB_MAX_FRAMES * PER_FRAME)
#define WORD_BITS 64u

static grant_entry_v1_t *frames[XEN_GNTTAB_MAX_FRAMES];
static unsigned nr_frames;  /* mapped; grows inside grow_lock and xen_port_irq_save */
static unsigned max_frames; /* Xen's limit for us, capped by ours and by the grant region */
static uint64_t used[MAX_REFS / WORD_BITS];
static unsigned in_use;
static bool ready;         /* release / acquire: threads on other vCPUs see the frames mapped */
static TX_MUTEX grow_lock; /* one growth at a time: each maps frame `nr_frames` */

static grant_entry_v1_t *entry(uint32_t ref)
{
    return &frames[ref / PER_FRAME][ref % PER_FRAME];
}

/* Map table frame `idx` at the idx-th page of the grant region. */
static xen_err_t map_frame(unsigned idx)
{
    const struct xen_dt_info *info = xen_hv_info();
    paddr_t pa = pa_add(info->gnttab.base, (uint64_t)idx * XEN_PAGE_SIZE);
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_grant_table,
        .idx = idx,
        .gpfn = gfn_val(pa_to_gfn(pa)),
    };
    xen_err_t err = xen_err_from_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp));
    if (err != XE_OK) {
        printf("xen: grant frame %u: add_to_physmap: %s\n", idx, xen_strerror(err));
        return err;
    }
    frames[idx] = xen_port_map_ram(pa, XEN_PAGE_SIZE);
    return frames[idx] != NULL ? XE_OK : XE_NOMEM;
}

xen_err_t xen_gnttab_init(void)
{
    const struct xen_dt_info *info = xen_hv_info();
    if (info == NULL) {
        return XE_NOT_READY;
    }
    if (__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
        return XE_OK;
    }
    struct gnttab_query_size q = {.dom = DOMID_SELF};
    xen_err_t err = xen_err_from_rc(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1));
    if (err == XE_OK) {
        err = xen_err_from_gntst(q.status);
    }
    if (err != XE_OK) {
        printf("xen: grant table query_size: %s\n", xen_strerror(err));
        return err;
    }
    max_frames = q.max_nr_frames;
    if (max_frames > XEN_GNTTAB_MAX_FRAMES) {
        max_frames = XEN_GNTTAB_MAX_FRAMES;
    }
    if (max_frames > info->gnttab.size / XEN_PAGE_SIZE) {
        max_frames = (unsigned)(info->gnttab.size / XEN_PAGE_SIZE);
    }
    if (tx_mutex_create(&grow_lock, "xen-gnttab", TX_INHERIT) != TX_SUCCESS) {
        return XE_NOT_READY;
    }
    unsigned initial = q.nr_frames == 0 ? 1 : q.nr_frames;
    if (initial > max_frames) {
        initial = max_frames;
    }
    for (unsigned i = 0; i < initial; i++) {
        err = map_frame(i);
        if (err != XE_OK) {
            return err;
        }
        nr_frames = i + 1;
    }
    /* Refs 0..7 are reserved (the toolstack uses 0 and 1 for console and XenStore). */
    used[0] = (1ull << GNTTAB_NR_RESERVED_ENTRIES) - 1;
    __atomic_store_n(&ready, nr_frames > 0, __ATOMIC_RELEASE);
    printf("xen: grant table v1: %u of max %u frame(s) mapped\n", nr_frames, q.max_nr_frames);
    return nr_frames > 0 ? XE_OK : XE_NOMEM;
}

/* Ask Xen for one more frame and map it, unless another thread did while we waited for the
 * lock (`seen`: the frame count when the caller found no free reference). */
static xen_err_t grow_locked(unsigned seen)
{
    if (nr_frames != seen) {
        return XE_OK;
    }
    if (nr_frames >= max_frames) {
        return XE_NO_SLOT;
    }
    xen_pfn_t list[XEN_GNTTAB_MAX_FRAMES];
    struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = nr_frames + 1};
    set_xen_guest_handle(st.frame_list, list);
    xen_err_t err = xen_err_from_rc(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1));
    if (err == XE_OK) {
        err = xen_err_from_gntst(st.status);
    }
    if (err != XE_OK) {
        printf("xen: grant table growth to %u frames: %s\n", nr_frames + 1, xen_strerror(err));
        return err;
    }
    err = map_frame(nr_frames);
    if (err == XE_OK) {
        unsigned long irq = xen_port_irq_save();
        /* take_ref may now use the new frame's references (frames[] is written before). */
        __atomic_store_n(&nr_frames, nr_frames + 1u, __ATOMIC_RELAXED);
        xen_port_irq_restore(irq);
    }
    return err;
}

static xen_err_t grow(unsigned seen)
{
    if (tx_mutex_get(&grow_lock, TX_WAIT_FOREVER) != TX_SUCCESS) {
        return XE_NOT_READY;
    }
    xen_err_t err = grow_locked(seen);
    (void)tx_mutex_put(&grow_lock);
    return err;
}

/* Lowest free reference within the mapped frames, marked used; or -1. *seen: the frames it
 * looked at (for grow). */
static int take_ref(unsigned *seen)
{
    unsigned long flags = xen_port_irq_save();
    int ref = -1;
    *seen = nr_frames;
    unsigned words = nr_frames * PER_FRAME / WORD_BITS;
    for (unsigned w = 0; w < words; w++) {
        if (~used[w] != 0) {
            unsigned b = (unsigned)__builtin_ctzll(~used[w]);
            used[w] |= 1ull << b;
            __atomic_store_n(&in_use, in_use + 1u, __ATOMIC_RELAXED);
            ref = (int)(w * WORD_BITS + b);
            break;
        }
    }
    xen_port_irq_restore(flags);
    return ref;
}

/* Inside xen_port_irq_save. */
static bool ref_granted_locked(uint32_t ref)
{
    return ref >= GNTTAB_NR_RESERVED_ENTRIES && ref < nr_frames * PER_FRAME &&
           (used[ref / WORD_BITS] & (1ull << (ref % WORD_BITS))) != 0;
}

xen_err_t xen_gnttab_grant(xen_domid_t domid, gfn_t frame, bool readonly, gref_t *out)
{
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
        return XE_NOT_READY;
    }
    if (domid >= DOMID_FIRST_RESERVED) {
        return XE_BAD_ARG;
    }
    unsigned seen;
    int ref = take_ref(&seen);
    while (ref < 0) {
        xen_err_t err = grow(seen);
        if (err != XE_OK) {
            return err == XE_NO_SLOT ? XE_NOSPC : err;
        }
        ref = take_ref(&seen);
    }
    grant_entry_v1_t *e = entry((uint32_t)ref);
    e->frame = (uint32_t)gfn_val(frame);
    e->domid = domid;
    /* Frame and domid must be visible before Xen may act on the flags. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    __atomic_store_n(&e->flags, (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0)),
                     __ATOMIC_RELEASE);
    *out = gref_init((uint32_t)ref);
    return XE_OK;
}

xen_err_t xen_gnttab_end(gref_t gref)
{
    uint32_t ref = gref_val(gref);
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
        return XE_BAD_ARG;
    }
    unsigned long irq = xen_port_irq_save();
    bool granted = ref_granted_locked(ref);
    xen_port_irq_restore(irq);
    if (!granted) {
        return XE_BAD_ARG;
    }
    grant_entry_v1_t *e = entry(ref);
    uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
    for (;;) {
        if ((flags & (GTF_reading | GTF_writing)) != 0) {
            return XE_STILL_MAPPED;
        }
        uint16_t found = xen_atomic_cmpxchg16(&e->flags, flags, 0);
        if (found == flags) {
            break;
        }
        flags = found; /* Xen changed it under us: re-examine */
    }
    irq = xen_port_irq_save();
    used[ref / WORD_BITS] &= ~(1ull << (ref % WORD_BITS));
    __atomic_store_n(&in_use, in_use - 1u, __ATOMIC_RELAXED);
    xen_port_irq_restore(irq);
    return XE_OK;
}

xen_err_t xen_gnttab_map(xen_domid_t domid, gref_t ref, bool readonly, struct xen_gnt_map *map)
{
    if (map == NULL || domid >= DOMID_FIRST_RESERVED) {
        return XE_BAD_ARG;
    }
    memset(map, 0, sizeof(*map));
    gfn_t frame;
    unsigned long irq = xen_port_irq_save();
    xen_err_t err = xen_gpa_alloc(&frame);
    xen_port_irq_restore(irq);
    if (err != XE_OK) {
        return err;
    }
    struct gnttab_map_grant_ref op = {
        .host_addr = pa_addr(gfn_to_pa(frame)),
        .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
        .ref = gref_val(ref),
        .dom = domid,
    };
    err = xen_err_from_rc(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1));
    if (err == XE_OK) {
        err = xen_err_from_gntst(op.status);
    }
    if (err == XE_OK) {
        map->va = xen_port_map_ram(gfn_to_pa(frame), XEN_PAGE_SIZE);
        if (map->va == NULL) {
            struct gnttab_unmap_grant_ref un = {.host_addr = op.host_addr, .handle = op.handle};
            (void)HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &un, 1);
            err = XE_NOMEM;
        }
    }
    if (err != XE_OK) {
        irq = xen_port_irq_save();
        xen_gpa_free(frame);
        xen_port_irq_restore(irq);
        return err;
    }
    map->frame = frame;
    map->handle = (gnt_handle_t){op.handle};
    map->mapped = true;
    return XE_OK;
}

xen_err_t xen_gnttab_unmap(struct xen_gnt_map *map)
{
    if (map == NULL || !map->mapped) {
        return XE_BAD_ARG;
    }
    struct gnttab_unmap_grant_ref op = {
        .host_addr = pa_addr(gfn_to_pa(map->frame)),
        .dev_bus_addr = 0,
        .handle = map->handle.handle,
    };
    xen_err_t err = xen_err_from_rc(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1));
    if (err == XE_OK) {
        err = xen_err_from_gntst(op.status);
    }
    if (err != XE_OK) {
        return err;
    }
    /* Our stage-1 mapping of the frame stays (same attributes on reuse); Xen removed the page
     * from stage 2, so a stray access faults instead of reaching the peer's memory. */
    unsigned long irq = xen_port_irq_save();
    xen_gpa_free(map->frame);
    xen_port_irq_restore(irq);
    map->mapped = false;
    map->va = NULL;
    return XE_OK;
}

unsigned xen_gnttab_in_use(void)
{
    return __atomic_load_n(&in_use, __ATOMIC_RELAXED);
}

unsigned xen_gnttab_capacity(void)
{
    return __atomic_load_n(&nr_frames, __ATOMIC_RELAXED) * PER_FRAME - GNTTAB_NR_RESERVED_ENTRIES;
}
