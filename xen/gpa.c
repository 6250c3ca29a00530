/*
 * gpa.c - guest-physical frames for Xen mappings, taken from the extended regions.
 *
 * A cursor walks the extended regions upwards and skips any frame that the tree also names as
 * RAM, grant table region or static shared memory (Xen 4.17 computes a domU's extended regions
 * without looking at its static shared memory, so an overlap is possible there). Freed frames
 * go to a small stack and are reused first. Not thread-safe: callers hold xen_lock (or run
 * before the scheduler starts).
 */
#include "xen_hv.h"

#define MAX_EXCLUDE (2 * XEN_DT_MAX_RANGES + 1)
#define FREE_STACK  64

static struct {
    struct xen_range ext[XEN_DT_MAX_RANGES];
    unsigned nr_ext;
    struct xen_range excl[MAX_EXCLUDE];
    unsigned nr_excl;
    unsigned cur;  /* region the cursor is in */
    uint64_t next; /* next candidate address in ext[cur] */
    uint64_t free[FREE_STACK];
    unsigned nr_free;
} g;

static uint64_t align_up(uint64_t v)
{
    return (v + XEN_PAGE_SIZE - 1) & ~(XEN_PAGE_SIZE - 1);
}

static uint64_t align_down(uint64_t v)
{
    return v & ~(XEN_PAGE_SIZE - 1);
}

static uint64_t range_end(const struct xen_range *r)
{
    return pa_addr(r->base) + r->size;
}

static void exclude(const struct xen_range *r)
{
    if (g.nr_excl < MAX_EXCLUDE && r->size != 0) {
        g.excl[g.nr_excl].base = pa_init(align_down(pa_addr(r->base)));
        g.excl[g.nr_excl].size = align_up(range_end(r)) - pa_addr(g.excl[g.nr_excl].base);
        g.nr_excl++;
    }
}

void xen_gpa_init(const struct xen_dt_info *info)
{
    g.nr_ext = 0;
    g.nr_excl = 0;
    g.nr_free = 0;
    g.cur = 0;
    for (unsigned i = 0; i < info->nr_ext && i < XEN_DT_MAX_RANGES; i++) {
        uint64_t b = align_up(pa_addr(info->ext[i].base));
        uint64_t e = align_down(range_end(&info->ext[i]));
        if (e > b) {
            g.ext[g.nr_ext].base = pa_init(b);
            g.ext[g.nr_ext].size = e - b;
            g.nr_ext++;
        }
    }
    for (unsigned i = 0; i < info->nr_ram; i++) {
        exclude(&info->ram[i]);
    }
    for (unsigned i = 0; i < info->nr_shm; i++) {
        exclude(&info->shm[i].range);
    }
    exclude(&info->gnttab);
    g.next = g.nr_ext > 0 ? pa_addr(g.ext[0].base) : 0;
}

/* The exclusion containing addr, or NULL. */
static const struct xen_range *excluded(uint64_t addr)
{
    for (unsigned i = 0; i < g.nr_excl; i++) {
        if (addr >= pa_addr(g.excl[i].base) && addr < range_end(&g.excl[i])) {
            return &g.excl[i];
        }
    }
    return NULL;
}

xen_err_t xen_gpa_alloc(gfn_t *out)
{
    if (g.nr_free > 0) {
        *out = pa_to_gfn(pa_init(g.free[--g.nr_free]));
        return XE_OK;
    }
    while (g.cur < g.nr_ext) {
        uint64_t end = range_end(&g.ext[g.cur]);
        while (g.next < end) {
            const struct xen_range *x = excluded(g.next);
            if (x == NULL) {
                *out = pa_to_gfn(pa_init(g.next));
                g.next += XEN_PAGE_SIZE;
                return XE_OK;
            }
            g.next = range_end(x);
        }
        g.cur++;
        if (g.cur < g.nr_ext) {
            g.next = pa_addr(g.ext[g.cur].base);
        }
    }
    return XE_NO_REGION;
}

void xen_gpa_free(gfn_t frame)
{
    /* When the stack is full the frame is simply not reused: a leak of guest-physical space
     * only, which the extended regions (gigabytes) can afford. */
    if (g.nr_free < FREE_STACK) {
        g.free[g.nr_free++] = pa_addr(gfn_to_pa(frame));
    }
}

uint64_t xen_gpa_available(void)
{
    uint64_t pages = g.nr_free;
    for (unsigned i = g.cur; i < g.nr_ext; i++) {
        uint64_t b = i == g.cur ? g.next : pa_addr(g.ext[i].base);
        uint64_t e = range_end(&g.ext[i]);
        if (e <= b) {
            continue;
        }
        uint64_t bytes = e - b;
        /* Subtract exclusions inside [b, e); they do not overlap each other in any tree Xen
         * generates (RAM, grant region and shared memory are disjoint). */
        for (unsigned k = 0; k < g.nr_excl; k++) {
            uint64_t xb = pa_addr(g.excl[k].base), xe = range_end(&g.excl[k]);
            uint64_t lo = xb > b ? xb : b, hi = xe < e ? xe : e;
            if (hi > lo) {
                bytes -= hi - lo;
            }
        }
        pages += bytes / XEN_PAGE_SIZE;
    }
    return pages;
}
