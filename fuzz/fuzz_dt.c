/*
 * fuzz_dt.c - the device-tree reader (platform/dt.c over libfdt) and the Xen layer's
 * shared-memory descriptors (xen/dt.c, xen_dt_read_shm), unchanged, on arbitrary blobs and
 * mutations of real trees (seeds: fuzz/corpus/dt, boot trees of `make dtb` and dom0less domU
 * trees from fuzz/seeds/dt). Static event channels are not in the guest's tree (xen/dt.c): the
 * shared-memory nodes are the tree's only Xen descriptors besides the hypervisor node.
 *
 * Besides "no fault", what the reader promises (platform/dt.h): a region it returns is non-empty,
 * does not wrap and ends within addr_limit; an interrupt is a PPI or SPI ID; a failed read leaves
 * a NUL-terminated message; the lookups return enabled, matching nodes only.
 */
#include "fuzz.h"
#include "platform/dt.h"
#include "xen_hv.h"

#define MAX_NODES 500 /* a bound on the walk: the reader's cost is not what is measured */
#define MAX_DEPTH 32

static char err[128];
static size_t err_len;

/* An error message always ends within its buffer. */
static void check_err(const struct dt *dt)
{
    if (err_len > 0) {
        FUZZ_CHECK(memchr(err, '\0', err_len) != NULL);
    }
    FUZZ_CHECK(dt->failed);
}

/* Every dt_reg walks libfdt's tree twice (to the node's parent: O(tree) each) and dt_irq walks
 * it to the root and once more for the phandle of the interrupt parent, so calling them for
 * every index of every node made a boot tree cost O(nodes^2) walks, most of each run: each node
 * gets one valid index (its first or its last entry, which reads the property's final cells) and
 * one out-of-range index (-1 or one past the end) of `reg`, and one index of `interrupts` (entry
 * 0 half the time, else 1, 2 or -1), chosen by `pick`, which rotates over the nodes and with the
 * input's size. */
static void check_regs(struct dt *dt, int node, unsigned pick)
{
    int n = dt_reg_count(dt, node);
    if (n < 0) {
        check_err(dt);
        dt_clear_error(dt);
        return;
    }
    const int idx[2] = {pick & 1u ? -1 : n, pick & 2u ? n - 1 : 0};
    for (int k = 0; k < (n == 0 ? 1 : 2); k++) {
        struct dt_region r = {0};
        if (dt_reg(dt, node, idx[k], &r)) {
            FUZZ_CHECK(idx[k] >= 0 && idx[k] < n);
            uint64_t base = pa_addr(r.base);
            FUZZ_CHECK(r.size > 0);
            FUZZ_CHECK(base + r.size > base);
            FUZZ_CHECK(dt->addr_limit == 0 || base + r.size <= dt->addr_limit);
        } else {
            check_err(dt);
            dt_clear_error(dt);
        }
    }
}

static void check_irqs(struct dt *dt, int node, unsigned pick)
{
    int len;
    if (dt_prop(dt, node, "interrupts", &len) == NULL) {
        return;
    }
    FUZZ_CHECK(len >= 0);
    static const int index[] = {0, 1, 0, -1, 0, 2};
    int i = index[pick % 6u];
    unsigned int intid = ~0u;
    bool edge;
    if (dt_irq(dt, node, i, &intid, &edge)) {
        FUZZ_CHECK(i >= 0);
        FUZZ_CHECK(intid >= 16 && intid < 1020); /* GIC: PPI 16..31, SPI 32..1019 */
    } else {
        check_err(dt);
        dt_clear_error(dt);
    }
}

static void check_node(struct dt *dt, int node, unsigned pick)
{
    char small[6];
    FUZZ_CHECK(dt_name(dt, node) != NULL);
    (void)dt_enabled(dt, node);
    static const char *const strings[] = {"compatible", "status",   "device_type",
                                          "xen,id",     "bootargs", "method"};
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
        const char *s = dt_string(dt, node, strings[i]);
        int len;
        const char *p = dt_prop(dt, node, strings[i], &len);
        if (s != NULL) {
            FUZZ_CHECK(p == s && len > 0 && memchr(s, '\0', (size_t)len) != NULL);
        }
        memset(small, 'x', sizeof(small));
        dt_copy_string(dt, node, strings[i], small, sizeof(small));
        FUZZ_CHECK(memchr(small, '\0', sizeof(small)) != NULL);
        FUZZ_CHECK(s != NULL || small[0] == '\0');
    }
    check_regs(dt, node, pick);
    check_irqs(dt, node, pick);
}

static void walk(struct dt *dt, int node, int depth, int *count, unsigned seed)
{
    if (depth > MAX_DEPTH || *count >= MAX_NODES) {
        return;
    }
    check_node(dt, node, seed + (unsigned)(*count)++);
    for (int c = dt_next_child(dt, node, -1); c >= 0 && *count < MAX_NODES;
         c = dt_next_child(dt, node, c)) {
        walk(dt, c, depth + 1, count, seed);
    }
}

/* The lookups the platform makes (platform/platform.c): what they return is enabled and
 * matches. */
static void check_lookups(struct dt *dt)
{
    static const char *const compat[] = {"arm,gic-v3",      "arm,gic-400",   "arm,cortex-a15-gic",
                                         "arm,armv8-timer", "arm,sbsa-uart", "arm,psci-1.0",
                                         "arm,psci-0.2",    "xen,xen"};
    for (size_t i = 0; i < sizeof(compat) / sizeof(compat[0]); i++) {
        int node = dt_find_compatible(dt, compat[i]);
        if (node >= 0) {
            FUZZ_CHECK(dt_enabled(dt, node) && dt_is_compatible(dt, node, compat[i]));
        }
    }
    int node = -1;
    for (int i = 0; i < MAX_NODES; i++) {
        int next = dt_next_device_type(dt, node, "memory");
        if (next < 0) {
            break;
        }
        FUZZ_CHECK(next > node && dt_enabled(dt, next));
        FUZZ_CHECK(strcmp(dt_string(dt, next, "device_type"), "memory") == 0);
        node = next;
    }
    (void)dt_path(dt, "/chosen");
    (void)dt_path(dt, "/reserved-memory");
}

/* The node table (dt_index_build) must not change an answer: the platform's lookups, and each
 * node's reg and interrupts (parent cells, interrupt parent by phandle), against libfdt's walks.
 * The table may refuse a tree (too many nodes, too deep, not walkable to its end): then nothing
 * is to compare. */
static void check_index(const void *blob, uint64_t limit)
{
    static struct dt_index ix;
    static char err_a[128];
    static char err_b[128];
    struct dt a;
    struct dt b;

    FUZZ_CHECK(dt_open(&a, blob, err_a, sizeof(err_a)) && dt_open(&b, blob, err_b, sizeof(err_b)));
    a.addr_limit = b.addr_limit = limit;
    if (!dt_index_build(&b, &ix)) {
        FUZZ_CHECK(b.index == NULL);
        return;
    }
    FUZZ_CHECK(ix.count > 0 && ix.count <= DT_INDEX_NODES);
    static const char *const compat[] = {
        "arm,gic-v3", "arm,gic-400", "arm,cortex-a15-gic", "arm,armv8-timer", "arm,sbsa-uart",
        "arm,pl011",  "arm,pl061",   "arm,psci-1.0",       "xen,xen",         ""};
    for (size_t i = 0; i < sizeof(compat) / sizeof(compat[0]); i++) {
        FUZZ_CHECK(dt_find_compatible(&a, compat[i]) == dt_find_compatible(&b, compat[i]));
    }
    static const char *const paths[] = {
        "/reserved-memory", "/chosen", "/cpus", "/hypervisor", "/memory",
        "/memory@40000000", "/psci",   "/",     "/a/b"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        FUZZ_CHECK(dt_path(&a, paths[i]) == dt_path(&b, paths[i]));
    }
    static const char *const types[] = {"memory", "cpu"};
    for (size_t t = 0; t < 2; t++) {
        int na = -1;
        int nb = -1;
        for (int i = 0; i < MAX_NODES; i++) {
            na = dt_next_device_type(&a, na, types[t]);
            nb = dt_next_device_type(&b, nb, types[t]);
            FUZZ_CHECK(na == nb);
            if (na < 0) {
                break;
            }
        }
    }
    for (unsigned int i = 0; i < ix.count; i++) {
        int node = ix.node[i].offset;
        FUZZ_CHECK(ix.node[i].enabled == dt_enabled(&a, node));
        int ca = dt_reg_count(&a, node);
        FUZZ_CHECK(ca == dt_reg_count(&b, node));
        struct dt_region ra = {0};
        struct dt_region rb = {0};
        bool ga = ca > 0 && dt_reg(&a, node, ca - 1, &ra);
        bool gb = ca > 0 && dt_reg(&b, node, ca - 1, &rb);
        FUZZ_CHECK(ga == gb && pa_addr(ra.base) == pa_addr(rb.base) && ra.size == rb.size);
        unsigned int ia = 0;
        unsigned int ib = 0;
        bool ea = false;
        bool eb = false;
        bool ka = dt_irq(&a, node, 0, &ia, &ea);
        bool kb = dt_irq(&b, node, 0, &ib, &eb);
        FUZZ_CHECK(ka == kb && (!ka || (ia == ib && ea == eb)));
        FUZZ_CHECK(strcmp(err_a, err_b) == 0); /* the same first error, word for word */
        dt_clear_error(&a);
        dt_clear_error(&b);
    }
}

static void check_shm(const void *blob)
{
    struct xen_dt_info info;
    memset(&info, 0xa5, sizeof(info));
    if (xen_dt_read_shm(blob, &info) != XE_OK) {
        FUZZ_CHECK(info.nr_shm == 0);
        return;
    }
    FUZZ_CHECK(info.nr_shm <= XEN_DT_MAX_RANGES);
    for (unsigned i = 0; i < info.nr_shm; i++) {
        const struct xen_shm_region *s = &info.shm[i];
        uint64_t base = pa_addr(s->range.base);
        FUZZ_CHECK(s->range.size > 0 && base + s->range.size > base);
        FUZZ_CHECK(((base | s->range.size) & (XEN_PAGE_SIZE - 1)) == 0);
        size_t n = strnlen(s->id, sizeof(s->id));
        FUZZ_CHECK(n > 0 && n < sizeof(s->id));
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dt dt;

    /* The error buffer's size varies with the input (0 too: dt_fail must not write then). */
    err_len = size % (sizeof(err) + 1);
    if (!dt_open(&dt, NULL, err, err_len)) {
        check_err(&dt);
    }
    /* libfdt takes the header's totalsize as the blob's extent; at boot the blob is what Xen
     * placed in our RAM. Here the extent is the input: a header claiming more is clamped to it,
     * so that every read past the input is a read past the buffer (ASan). */
    if (size < 40) {
        return 0;
    }
    uint8_t *blob = malloc(size);
    FUZZ_CHECK(blob != NULL);
    memcpy(blob, data, size);
    uint32_t total = (uint32_t)blob[4] << 24 | blob[5] << 16 | blob[6] << 8 | blob[7];
    if (total > size) {
        blob[4] = (uint8_t)(size >> 24);
        blob[5] = (uint8_t)(size >> 16);
        blob[6] = (uint8_t)(size >> 8);
        blob[7] = (uint8_t)size;
    }
    if (!dt_open(&dt, blob, err, err_len)) {
        check_err(&dt);
        FUZZ_CHECK(xen_dt_read_shm(blob, &(struct xen_dt_info){0}) == XE_BAD_DT);
        free(blob);
        return 0;
    }
    FUZZ_CHECK(!dt.failed && (err_len == 0 || err[0] == '\0'));
    /* One of the limits the RTOS uses, by the input: none (the Xen layer), the platform's
     * physical-map limit, or one that real trees cross. */
    static const uint64_t limits[] = {0, 1ull << 40, 0x80000000ull};
    dt.addr_limit = limits[size % 3];
    int root = dt_path(&dt, "/");
    int count = 0;
    if (root >= 0) {
        walk(&dt, root, 0, &count, (unsigned)size);
    }
    check_lookups(&dt);
    check_index(blob, dt.addr_limit);
    check_shm(blob);
    free(blob);
    return 0;
}
