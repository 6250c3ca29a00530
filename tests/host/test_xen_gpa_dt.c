/*
 * test_xen_gpa_dt.c - guest-physical frame allocation in the extended regions (xen/gpa.c) and
 * static shared memory discovery in the device tree (xen/dt.c), with well-formed and
 * malformed trees built here with libfdt's sequential writer.
 * Needs xen/gpa.c xen/dt.c, -Ixen/include and -lfdt (Debian libfdt-dev).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "txtest.h"
#include <libfdt.h>

#include "xen_hv.h"

#define PG 4096ull

static struct xen_range range(uint64_t base, uint64_t size)
{
    return (struct xen_range){pa_init(base), size};
}

/* ---- gpa allocator ------------------------------------------------------------------------ */

static void test_gpa_skips_exclusions_and_never_repeats(void **state)
{
    (void)state;
    struct xen_dt_info info = {0};
    info.nr_ext = 2;
    info.ext[0] = range(0x80000000, 16 * PG);
    info.ext[1] = range(0x90000000, 4 * PG);
    info.nr_ram = 1;
    info.ram[0] = range(0x8000a000, 2 * PG); /* RAM inside a region: must be skipped */
    info.nr_shm = 1;
    info.shm[0].range = range(0x80003000, 3 * PG); /* pages 3, 4, 5 */
    info.gnttab = range(0x90001000, PG);
    xen_gpa_init(&info);
    assert_int_equal(xen_gpa_available(), 16 - 2 - 3 + 4 - 1);

    uint64_t got[32];
    unsigned n = 0;
    gfn_t g;
    while (xen_gpa_alloc(&g) == XE_OK) {
        assert_true(n < 32);
        got[n++] = pa_addr(gfn_to_pa(g));
    }
    assert_int_equal(n, 14);
    assert_int_equal(xen_gpa_available(), 0);
    for (unsigned i = 0; i < n; i++) {
        uint64_t a = got[i];
        assert_false(a >= 0x80003000 && a < 0x80006000);
        assert_false(a >= 0x8000a000 && a < 0x8000c000);
        assert_false(a == 0x90001000);
        assert_true((a >= 0x80000000 && a < 0x80010000) || (a >= 0x90000000 && a < 0x90004000));
        for (unsigned k = 0; k < i; k++) {
            assert_true(got[k] != a);
        }
    }
    assert_int_equal(xen_gpa_alloc(&g), XE_NO_REGION);
    /* A freed frame is handed out again, and only once. */
    xen_gpa_free(pa_to_gfn(pa_init(got[4])));
    assert_int_equal(xen_gpa_available(), 1);
    assert_int_equal(xen_gpa_alloc(&g), XE_OK);
    assert_int_equal(pa_addr(gfn_to_pa(g)), got[4]);
    assert_int_equal(xen_gpa_alloc(&g), XE_NO_REGION);
}

static void test_gpa_unaligned_and_empty(void **state)
{
    (void)state;
    struct xen_dt_info info = {0};
    info.nr_ext = 2;
    info.ext[0] = range(0x80000800, 2 * PG); /* only [0x80001000, 0x80002000) is whole */
    info.ext[1] = range(0x90000100, 0x200);  /* no whole page */
    xen_gpa_init(&info);
    assert_int_equal(xen_gpa_available(), 1);
    gfn_t g;
    assert_int_equal(xen_gpa_alloc(&g), XE_OK);
    assert_int_equal(gfn_val(g), 0x80001);
    assert_int_equal(xen_gpa_alloc(&g), XE_NO_REGION);

    struct xen_dt_info none = {0};
    xen_gpa_init(&none);
    assert_int_equal(xen_gpa_alloc(&g), XE_NO_REGION);
}

/* ---- /reserved-memory ---------------------------------------------------------------------- */

static char blob[8192];

struct shm_node {
    const char *name;
    const char *compat;
    const char *id; /* NULL: no xen,id */
    int id_len;     /* bytes of the property (-1: strlen + 1) */
    uint64_t base, size;
    int reg_cells; /* 4 normally; anything else is malformed */
};

static void build_tree(const struct shm_node *nodes, unsigned n, bool with_resv)
{
    assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
    assert_int_equal(fdt_finish_reservemap(blob), 0);
    assert_int_equal(fdt_begin_node(blob, ""), 0);
    assert_int_equal(fdt_property_cell(blob, "#address-cells", 2), 0);
    assert_int_equal(fdt_property_cell(blob, "#size-cells", 2), 0);
    if (with_resv) {
        assert_int_equal(fdt_begin_node(blob, "reserved-memory"), 0);
        assert_int_equal(fdt_property_cell(blob, "#address-cells", 2), 0);
        assert_int_equal(fdt_property_cell(blob, "#size-cells", 2), 0);
        assert_int_equal(fdt_property(blob, "ranges", NULL, 0), 0);
        for (unsigned i = 0; i < n; i++) {
            const struct shm_node *s = &nodes[i];
            assert_int_equal(fdt_begin_node(blob, s->name), 0);
            assert_int_equal(fdt_property_string(blob, "compatible", s->compat), 0);
            fdt32_t reg[4] = {cpu_to_fdt32(s->base >> 32), cpu_to_fdt32((uint32_t)s->base),
                              cpu_to_fdt32(s->size >> 32), cpu_to_fdt32((uint32_t)s->size)};
            assert_int_equal(fdt_property(blob, "reg", reg, s->reg_cells * 4), 0);
            if (s->id != NULL) {
                int len = s->id_len >= 0 ? s->id_len : (int)strlen(s->id) + 1;
                assert_int_equal(fdt_property(blob, "xen,id", s->id, len), 0);
            }
            assert_int_equal(fdt_end_node(blob), 0);
        }
        assert_int_equal(fdt_end_node(blob), 0);
    }
    assert_int_equal(fdt_end_node(blob), 0);
    assert_int_equal(fdt_finish(blob), 0);
}

static void test_shm_found(void **state)
{
    (void)state;
    const struct shm_node nodes[] = {
        {"xen-shmem@7fe00000", "xen,shared-memory-v1", "ping", -1, 0x7fe00000, 0x200000, 4},
        {"other@1000", "vendor,other", "x", -1, 0x1000, 0x1000, 4},
        {"xen-shmem@7fc00000", "xen,shared-memory-v1", "bulk", -1, 0x7fc00000, 0x10000, 4},
    };
    build_tree(nodes, 3, true);
    struct xen_dt_info info = {0};
    assert_int_equal(xen_dt_read_shm(blob, &info), XE_OK);
    assert_int_equal(info.nr_shm, 2);
    assert_string_equal(info.shm[0].id, "ping");
    assert_int_equal(pa_addr(info.shm[0].range.base), 0x7fe00000);
    assert_int_equal(info.shm[0].range.size, 0x200000);
    assert_string_equal(info.shm[1].id, "bulk");
    assert_int_equal(info.shm[1].range.size, 0x10000);
}

static void test_shm_malformed_nodes_skipped(void **state)
{
    (void)state;
    const struct shm_node nodes[] = {
        {"a", "xen,shared-memory-v1", NULL, 0, 0x7fe00000, 0x1000, 4},  /* no xen,id */
        {"b", "xen,shared-memory-v1", "abc", 3, 0x7fe00000, 0x1000, 4}, /* not terminated */
        {"c", "xen,shared-memory-v1", "ok", -1, 0x7fe00000, 0, 4},      /* size 0 */
        {"d", "xen,shared-memory-v1", "ok", -1, 0x7fe00800, 0x1000, 4}, /* unaligned */
        {"e", "xen,shared-memory-v1", "ok", -1, 0x7fe00000, 0x1000, 3}, /* reg truncated */
        {"f", "xen,shared-memory-v1", "ok", -1, 0xfffffffffffff000ull, 0x2000, 4}, /* wraps */
        {"g", "xen,shared-memory-v1", "an-id-much-longer-than-any-xen-would-accept", -1, 0x7fe00000,
         0x1000, 4},
        {"h", "xen,shared-memory-v1", "good", -1, 0x7fd00000, 0x1000, 4},
    };
    build_tree(nodes, 8, true);
    struct xen_dt_info info = {0};
    assert_int_equal(xen_dt_read_shm(blob, &info), XE_OK);
    assert_int_equal(info.nr_shm, 1);
    assert_string_equal(info.shm[0].id, "good");
}

static void test_shm_absent_and_garbage(void **state)
{
    (void)state;
    struct xen_dt_info info = {0};
    build_tree(NULL, 0, false);
    assert_int_equal(xen_dt_read_shm(blob, &info), XE_OK);
    assert_int_equal(info.nr_shm, 0);
    memset(blob, 0x5a, 256);
    assert_int_equal(xen_dt_read_shm(blob, &info), XE_BAD_DT);
    assert_int_equal(xen_dt_read_shm(NULL, &info), XE_BAD_DT);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_int_equal(xen_err_from_rc(0), XE_OK);
    assert_int_equal(xen_err_from_rc(5), XE_OK);
    assert_int_equal(xen_err_from_rc(-22), XE_INVAL);
    assert_int_equal(xen_err_from_rc(-3), XE_SRCH);
    assert_int_equal(xen_err_from_rc(-12), XE_NOMEM);
    assert_int_equal(xen_err_from_rc(-38), XE_NOSYS);
    assert_int_equal(xen_err_from_rc(-95), XE_OPNOTSUPP);
    assert_int_equal(xen_err_from_rc(-96), XE_XEN_OTHER);
    assert_int_equal(xen_err_from_rc(-4), XE_XEN_OTHER); /* EINTR never reaches guests */
    assert_int_equal(xen_err_from_rc(-2147483647L - 1), XE_XEN_OTHER);
    assert_int_equal(xen_err_from_gntst(-3), XE_GNT_BAD_REF);
    assert_int_equal(xen_err_from_gntst(0), XE_OK);
    assert_string_equal(xen_strerror(XE_INVAL), "XE_INVAL (invalid argument)");
    assert_string_equal(xen_strerror(XE_COUNT_), "XE_? (invalid error code)");
    for (int e = 0; e < XE_COUNT_; e++) {
        assert_true(strncmp(xen_strerror((xen_err_t)e), "XE_", 3) == 0);
        assert_true(strcmp(xen_strerror((xen_err_t)e), "XE_? (invalid error code)") != 0);
    }
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gpa_skips_exclusions_and_never_repeats),
        cmocka_unit_test(test_gpa_unaligned_and_empty),
        cmocka_unit_test(test_shm_found),
        cmocka_unit_test(test_shm_malformed_nodes_skipped),
        cmocka_unit_test(test_shm_absent_and_garbage),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests_name("xen_gpa_dt", tests, NULL, NULL);
}
