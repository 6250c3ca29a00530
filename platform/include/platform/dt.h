/*
 * dt.h - the one device-tree reader of the RTOS (libfdt underneath), used by the platform, the
 * Xen layer and the drivers. Every property is length-checked here, once: a malformed tree gives
 * an error message, never a fault or an out-of-bounds read.
 *
 * A `struct dt` carries the blob and the first error of a parse: each reader returns false (or
 * a negative count) and records "<node>: <problem>" in the caller's buffer; dt_clear_error()
 * drops it so that an optional node's problem does not stop the parse.
 */
#ifndef PLATFORM_DT_H
#define PLATFORM_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenrtos/addr.h"

/* A table of the tree's nodes, in document order, built by one walk (dt_index_build): each
 * node's parent, its compatible and device_type values, status and phandle. The lookups that
 * would otherwise walk the whole tree again (by compatible, by device_type, a parent, a phandle)
 * read the table. libfdt rescans a node's name a byte at a time on every step: at boot, without
 * the table, the platform's parse cost ~1.3 M instructions under Xen and ~5.9 M on QEMU's bare
 * tree. Same answers as without it; a tree it cannot hold entirely is read through libfdt. */
#define DT_INDEX_NODES 128
#define DT_INDEX_DEPTH 16

struct dt_index_node {
    int offset;
    int parent;         /* index in the table, -1 for the root */
    const char *compat; /* the compatible property's value, NULL if none */
    int compat_len;
    int compat_err; /* libfdt's error reading it (not "not found"): a search stops here */
    const char *device_type;
    int device_type_len;
    uint32_t phandle; /* 0: none */
    bool enabled;     /* dt_enabled() */
};

struct dt_index {
    unsigned int count;
    struct dt_index_node node[DT_INDEX_NODES];
};

struct dt {
    const void *fdt;
    uint64_t addr_limit; /* exclusive bound of addresses dt_reg() accepts; 0: none */
    char *err;
    size_t err_len;
    bool failed;
    const struct dt_index *index; /* NULL: every lookup through libfdt */
};

/* What the node lookups return when nothing matches (libfdt's -FDT_ERR_NOTFOUND). */
#define DT_NOT_FOUND (-1)

struct dt_region {
    paddr_t base;
    uint64_t size;
};

/* Check the header of `fdt` and bind it to `dt` with an error buffer. Returns false (error set)
 * if the blob is not a valid device tree. */
bool dt_open(struct dt *dt, const void *fdt, char *err, size_t err_len);

/* After dt_open: fill `index` (the caller's storage, alive as long as `dt` is used) from the
 * tree and let `dt`'s lookups use it. False, and `dt` left without it, when the tree has more
 * than DT_INDEX_NODES nodes, nests deeper than DT_INDEX_DEPTH, or cannot be walked to its end
 * (libfdt then reports the problem where a lookup meets it). */
bool dt_index_build(struct dt *dt, struct dt_index *index);

/* Record the first error (printf format, plus libfdt's text for a negative fdt_err); always
 * returns false so that readers can `return dt_fail(...)`. */
bool dt_fail(struct dt *dt, int fdt_err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void dt_clear_error(struct dt *dt);

/* Name of `node` ("?" if unreadable). */
const char *dt_name(const struct dt *dt, int node);

/* Node offsets; negative when absent. dt_find_compatible skips nodes whose status is not
 * "okay"/"ok". dt_next_child iterates: start with child = -1. */
int dt_path(const struct dt *dt, const char *path);
int dt_find_compatible(const struct dt *dt, const char *compat);
int dt_next_child(const struct dt *dt, int parent, int child);
bool dt_is_compatible(const struct dt *dt, int node, const char *compat);
bool dt_enabled(const struct dt *dt, int node);

/* Next enabled node with device_type = `type` after `from` (-1: from the start); negative when
 * none is left (-FDT_ERR_NOTFOUND) or on a tree error. */
int dt_next_device_type(const struct dt *dt, int from, const char *type);

/* A string property, NUL-terminated inside its length; NULL if absent or not a string. */
const char *dt_string(const struct dt *dt, int node, const char *prop);

/* Bounded copy of a (first) string property into buf; "" if absent or malformed. */
void dt_copy_string(const struct dt *dt, int node, const char *prop, char *buf, size_t size);

/* A property's bytes and length; NULL if absent. */
const void *dt_prop(const struct dt *dt, int node, const char *prop, int *len);

/* Number of `reg` entries of `node` (0 if none); -1 with an error if malformed or the parent's
 * #address-cells / #size-cells are unsupported (1..2 / 0..2). */
int dt_reg_count(struct dt *dt, int node);

/* `reg` entry `index`; false with an error if absent, zero-sized, wrapping or above addr_limit. */
bool dt_reg(struct dt *dt, int node, int index, struct dt_region *out);

/* Interrupt `index` of `node` as a GIC interrupt ID (GIC binding: type, number, flags, plus a
 * PPI partition cell on a 4-cell GICv3), with its trigger (edge or level). The entry size is
 * the interrupt parent's #interrupt-cells (Devicetree Specification 2.4); 3 without a parent. */
bool dt_irq(struct dt *dt, int node, int index, unsigned int *intid, bool *edge);

#endif /* PLATFORM_DT_H */
