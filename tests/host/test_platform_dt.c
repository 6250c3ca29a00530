/*
 * test_platform_dt.c - the RTOS's one device-tree reader (platform/dt.c), unchanged, on the host
 * (Debian's libfdt underneath): every property is length-checked before it is read, a
 * malformed one is an error naming the node, and the first error of a parse is the one kept.
 * Trees are built here with libfdt's sequential writer. Every test runs twice: through libfdt's
 * walks, and with the node table (dt_index_build), which must give the same answers.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "platform/dt.h"
#include "txtest.h"

#define TREE_SIZE 4096

static char tree[TREE_SIZE];
static char err[128];
static struct dt dt;

static void cell_prop(void *t, const char *name, const uint32_t *v, int n)
{
    fdt32_t be[8];

    for (int i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(v[i]);
    }
    assert_int_equal(fdt_property(t, name, be, n * 4), 0);
}

/*
 * /  (#address-cells 2, #size-cells 1)
 *   memory@40000000      device_type "memory", reg <0 0x40000000 0x1000000>, <0 0x60000000 0x1000>
 *   memory@80000000      status "disabled"
 *   gic (phandle 1)      #interrupt-cells 4
 *   timer                interrupt-parent <1>, interrupts: 2 entries of 4 cells
 *   uart                 no interrupt-parent: 3 cells; interrupts <0 1 4>; status "okay"
 *   bad-reg              reg of 5 bytes
 *   zero                 reg <0 0x1000 0>
 *   wrap                 reg <0xffffffff 0xfffff000 0x2000>
 *   high                 reg <0x1 0 0x1000>   (above an addr_limit of 4 GB)
 *   odd-parent           interrupt-parent <2> (no #interrupt-cells there)
 *   two-cell (phandle 2) #interrupt-cells missing; child of root
 *   weird-cells          interrupt-parent <3> with #interrupt-cells 2
 *   irqs-short           interrupts of 7 bytes
 *   unterminated         compatible "abc" without its NUL, status without NUL
 *   long-name            model "a-rather-long-string"
 */
static void build_tree(void)
{
    void *t = tree;
    static const uint32_t one = 1;

    assert_int_equal(fdt_create(t, TREE_SIZE), 0);
    assert_int_equal(fdt_finish_reservemap(t), 0);
    assert_int_equal(fdt_begin_node(t, ""), 0);
    cell_prop(t, "#address-cells", (uint32_t[]){2}, 1);
    cell_prop(t, "#size-cells", &one, 1);

    assert_int_equal(fdt_begin_node(t, "memory@40000000"), 0);
    assert_int_equal(fdt_property_string(t, "device_type", "memory"), 0);
    cell_prop(t, "reg", (uint32_t[]){0, 0x40000000, 0x1000000, 0, 0x60000000, 0x1000}, 6);
    assert_int_equal(fdt_end_node(t), 0);

    assert_int_equal(fdt_begin_node(t, "memory@80000000"), 0);
    assert_int_equal(fdt_property_string(t, "device_type", "memory"), 0);
    assert_int_equal(fdt_property_string(t, "status", "disabled"), 0);
    cell_prop(t, "reg", (uint32_t[]){0, 0x80000000, 0x1000}, 3);
    assert_int_equal(fdt_end_node(t), 0);

    assert_int_equal(fdt_begin_node(t, "gic"), 0);
    assert_int_equal(fdt_property_string(t, "compatible", "arm,gic-v3"), 0);
    cell_prop(t, "phandle", &one, 1);
    cell_prop(t, "#interrupt-cells", (uint32_t[]){4}, 1);
    assert_int_equal(fdt_end_node(t), 0);

    assert_int_equal(fdt_begin_node(t, "timer"), 0);
    assert_int_equal(fdt_property_string(t, "compatible", "arm,armv8-timer"), 0);
    cell_prop(t, "interrupt-parent", &one, 1);
    cell_prop(t, "interrupts", (uint32_t[]){1, 11, 4, 0, 1, 14, 1, 0}, 8);
    assert_int_equal(fdt_end_node(t), 0);

    assert_int_equal(fdt_begin_node(t, "uart"), 0);
    assert_int_equal(fdt_property_string(t, "compatible", "arm,sbsa-uart"), 0);
    assert_int_equal(fdt_property_string(t, "status", "okay"), 0);
    cell_prop(t, "interrupts", (uint32_t[]){0, 1, 4}, 3);
    assert_int_equal(fdt_end_node(t), 0);

    assert_int_equal(fdt_begin_node(t, "bad-reg"), 0);
    assert_int_equal(fdt_property(t, "reg", "\1\2\3\4\5", 5), 0);
    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_begin_node(t, "zero"), 0);
    cell_prop(t, "reg", (uint32_t[]){0, 0x1000, 0}, 3);
    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_begin_node(t, "wrap"), 0);
    cell_prop(t, "reg", (uint32_t[]){0xffffffff, 0xfffff000, 0x2000}, 3);
    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_begin_node(t, "high"), 0);
    cell_prop(t, "reg", (uint32_t[]){1, 0, 0x1000}, 3);
    assert_int_equal(fdt_end_node(t), 0);

    assert_int_equal(fdt_begin_node(t, "odd-parent"), 0);
    cell_prop(t, "interrupt-parent", (uint32_t[]){2}, 1);
    cell_prop(t, "interrupts", (uint32_t[]){0, 5, 4}, 3);
    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_begin_node(t, "two-cell"), 0);
    cell_prop(t, "phandle", (uint32_t[]){2}, 1);
    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_begin_node(t, "weird-intc"), 0);
    cell_prop(t, "phandle", (uint32_t[]){3}, 1);
    cell_prop(t, "#interrupt-cells", (uint32_t[]){2}, 1);
    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_begin_node(t, "weird-cells"), 0);
    cell_prop(t, "interrupt-parent", (uint32_t[]){3}, 1);
    cell_prop(t, "interrupts", (uint32_t[]){0, 5}, 2);
    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_begin_node(t, "irqs-short"), 0);
    assert_int_equal(fdt_property(t, "interrupts", "\0\0\0\0\0\0\1", 7), 0);
    assert_int_equal(fdt_end_node(t), 0);

    assert_int_equal(fdt_begin_node(t, "unterminated"), 0);
    assert_int_equal(fdt_property(t, "compatible", "abc", 3), 0);
    assert_int_equal(fdt_property(t, "status", "okay", 4), 0);
    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_begin_node(t, "long-name"), 0);
    assert_int_equal(fdt_property_string(t, "model", "a-rather-long-string"), 0);
    assert_int_equal(fdt_end_node(t), 0);

    assert_int_equal(fdt_end_node(t), 0);
    assert_int_equal(fdt_finish(t), 0);
}

static int open_tree(void **state)
{
    (void)state;
    build_tree();
    assert_true(dt_open(&dt, tree, err, sizeof(err)));
    assert_string_equal(err, "");
    return 0;
}

static struct dt_index index_storage;

static int open_tree_indexed(void **state)
{
    (void)open_tree(state);
    assert_true(dt_index_build(&dt, &index_storage));
    assert_ptr_equal(dt.index, &index_storage);
    assert_int_equal(index_storage.count, 17); /* the root and its 16 children */
    return 0;
}

static int node(const char *path)
{
    int n = dt_path(&dt, path);

    assert_true(n >= 0);
    return n;
}

static void test_open_rejects_garbage(void **state)
{
    char junk[64];
    struct dt d;

    (void)state;
    memset(junk, 0x5a, sizeof(junk));
    assert_false(dt_open(&d, junk, err, sizeof(err)));
    assert_non_null(strstr(err, "invalid header"));
    assert_false(dt_open(&d, NULL, err, sizeof(err)));
}

static void test_reg_entries_with_parent_cells(void **state)
{
    struct dt_region r;
    int mem = node("/memory@40000000");

    (void)state;
    assert_int_equal(dt_reg_count(&dt, mem), 2);
    assert_true(dt_reg(&dt, mem, 0, &r));
    assert_int_equal(pa_addr(r.base), 0x40000000);
    assert_int_equal(r.size, 0x1000000);
    assert_true(dt_reg(&dt, mem, 1, &r));
    assert_int_equal(pa_addr(r.base), 0x60000000);
    assert_false(dt_reg(&dt, mem, 2, &r));
    assert_string_equal(err, "memory@40000000: reg has no entry 2");
}

static void test_malformed_reg_is_an_error(void **state)
{
    struct dt_region r;

    (void)state;
    assert_int_equal(dt_reg_count(&dt, node("/bad-reg")), -1);
    assert_string_equal(err, "bad-reg: malformed reg (5 bytes for 2+1 cells)");
    dt_clear_error(&dt);
    assert_false(dt_reg(&dt, node("/zero"), 0, &r));
    assert_non_null(strstr(err, "zero: reg entry 0"));
    dt_clear_error(&dt);
    assert_false(dt_reg(&dt, node("/wrap"), 0, &r));
    assert_non_null(strstr(err, "out of range"));
    dt_clear_error(&dt);
    assert_true(dt_reg(&dt, node("/high"), 0, &r)); /* no limit set */
    dt.addr_limit = 1ull << 32;
    assert_false(dt_reg(&dt, node("/high"), 0, &r));
    assert_non_null(strstr(err, "high: reg entry 0 (0x100000000 size 0x1000) out of range"));
}

static void test_first_error_is_kept(void **state)
{
    struct dt_region r;

    (void)state;
    assert_false(dt_reg(&dt, node("/zero"), 0, &r));
    assert_false(dt_reg(&dt, node("/wrap"), 0, &r));
    assert_non_null(strstr(err, "zero:"));
    assert_true(dt.failed);
    dt_clear_error(&dt);
    assert_false(dt.failed);
    assert_string_equal(err, "");
}

static void test_interrupts_follow_the_parent_cells(void **state)
{
    unsigned int intid;
    bool edge;
    int timer = node("/timer");

    (void)state;
    /* 4 cells per entry (GICv3 PPI partition cell ignored). */
    assert_true(dt_irq(&dt, timer, 0, &intid, &edge));
    assert_int_equal(intid, 16 + 11);
    assert_false(edge);
    assert_true(dt_irq(&dt, timer, 1, &intid, &edge));
    assert_int_equal(intid, 16 + 14);
    assert_true(edge);
    assert_false(dt_irq(&dt, timer, 2, &intid, &edge));
    assert_string_equal(err, "timer: interrupts has no entry 2");
    dt_clear_error(&dt);
    /* No interrupt-parent anywhere up the tree: the GIC binding's 3 cells. */
    assert_true(dt_irq(&dt, node("/uart"), 0, &intid, &edge));
    assert_int_equal(intid, 32 + 1);
}

static void test_bad_interrupt_specifiers(void **state)
{
    unsigned int intid;
    bool edge;

    (void)state;
    assert_false(dt_irq(&dt, node("/odd-parent"), 0, &intid, &edge));
    assert_string_equal(err, "odd-parent: interrupt parent without #interrupt-cells");
    dt_clear_error(&dt);
    assert_false(dt_irq(&dt, node("/weird-cells"), 0, &intid, &edge));
    assert_string_equal(err, "weird-cells: #interrupt-cells 2 is not a GIC's (3 or 4)");
    dt_clear_error(&dt);
    assert_false(dt_irq(&dt, node("/irqs-short"), 0, &intid, &edge));
    assert_string_equal(err, "irqs-short: malformed interrupts (want 3 cells each)");
    dt_clear_error(&dt);
    assert_false(dt_irq(&dt, node("/gic"), 0, &intid, &edge));
    assert_string_equal(err, "gic: no interrupts property");
}

static void test_strings_are_checked(void **state)
{
    char buf[8];
    int u = node("/unterminated");

    (void)state;
    assert_null(dt_string(&dt, u, "compatible"));
    assert_null(dt_string(&dt, u, "nothing"));
    dt_copy_string(&dt, u, "compatible", buf, sizeof(buf));
    assert_string_equal(buf, "");
    /* A status that is not a string is not "okay". */
    assert_false(dt_enabled(&dt, u));
    dt_copy_string(&dt, node("/long-name"), "model", buf, sizeof(buf));
    assert_string_equal(buf, "a-rathe");
    assert_string_equal(dt_string(&dt, node("/uart"), "compatible"), "arm,sbsa-uart");
}

static void test_status_and_lookups(void **state)
{
    int n;

    (void)state;
    assert_true(dt_enabled(&dt, node("/uart")));
    assert_true(dt_enabled(&dt, node("/gic")));
    assert_false(dt_enabled(&dt, node("/memory@80000000")));
    assert_int_equal(dt_find_compatible(&dt, "arm,sbsa-uart"), node("/uart"));
    assert_int_equal(dt_find_compatible(&dt, "no,such"), DT_NOT_FOUND);
    /* The disabled bank is skipped. */
    n = dt_next_device_type(&dt, -1, "memory");
    assert_int_equal(n, node("/memory@40000000"));
    assert_int_equal(dt_next_device_type(&dt, n, "memory"), DT_NOT_FOUND);
    assert_string_equal(dt_name(&dt, node("/timer")), "timer");
    assert_true(dt_is_compatible(&dt, node("/timer"), "arm,armv8-timer"));
}

/* A tree the table cannot hold is read through libfdt: the same lookups still answer. */
static void test_index_refused_for_a_big_tree(void **state)
{
    static char big[16384];
    struct dt d;
    struct dt_index ix;
    char name[16];

    (void)state;
    assert_int_equal(fdt_create(big, sizeof(big)), 0);
    assert_int_equal(fdt_finish_reservemap(big), 0);
    assert_int_equal(fdt_begin_node(big, ""), 0);
    for (int i = 0; i < DT_INDEX_NODES; i++) {
        snprintf(name, sizeof(name), "n%d", i);
        assert_int_equal(fdt_begin_node(big, name), 0);
        if (i == DT_INDEX_NODES - 1) {
            assert_int_equal(fdt_property_string(big, "compatible", "last"), 0);
        }
        assert_int_equal(fdt_end_node(big), 0);
    }
    assert_int_equal(fdt_end_node(big), 0);
    assert_int_equal(fdt_finish(big), 0);
    assert_true(dt_open(&d, big, err, sizeof(err)));
    assert_false(dt_index_build(&d, &ix)); /* DT_INDEX_NODES + 1 nodes with the root */
    assert_null(d.index);
    assert_int_equal(dt_find_compatible(&d, "last"), fdt_path_offset(big, "/n127"));
}

/* Nested deeper than the table's stack: refused too. */
static void test_index_refused_for_a_deep_tree(void **state)
{
    static char deep[4096];
    struct dt d;
    struct dt_index ix;

    (void)state;
    assert_int_equal(fdt_create(deep, sizeof(deep)), 0);
    assert_int_equal(fdt_finish_reservemap(deep), 0);
    assert_int_equal(fdt_begin_node(deep, ""), 0);
    for (int i = 0; i < DT_INDEX_DEPTH; i++) {
        assert_int_equal(fdt_begin_node(deep, "d"), 0);
    }
    for (int i = 0; i <= DT_INDEX_DEPTH; i++) {
        assert_int_equal(fdt_end_node(deep), 0);
    }
    assert_int_equal(fdt_finish(deep), 0);
    assert_true(dt_open(&d, deep, err, sizeof(err)));
    assert_false(dt_index_build(&d, &ix));
    assert_null(d.index);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_refused_for_a_big_tree),
        cmocka_unit_test(test_index_refused_for_a_deep_tree),
        cmocka_unit_test_setup(test_reg_entries_with_parent_cells, open_tree_indexed),
        cmocka_unit_test_setup(test_malformed_reg_is_an_error, open_tree_indexed),
        cmocka_unit_test_setup(test_first_error_is_kept, open_tree_indexed),
        cmocka_unit_test_setup(test_interrupts_follow_the_parent_cells, open_tree_indexed),
        cmocka_unit_test_setup(test_bad_interrupt_specifiers, open_tree_indexed),
        cmocka_unit_test_setup(test_strings_are_checked, open_tree_indexed),
        cmocka_unit_test_setup(test_status_and_lookups, open_tree_indexed),
        cmocka_unit_test(test_open_rejects_garbage),
        cmocka_unit_test_setup(test_reg_entries_with_parent_cells, open_tree),
        cmocka_unit_test_setup(test_malformed_reg_is_an_error, open_tree),
        cmocka_unit_test_setup(test_first_error_is_kept, open_tree),
        cmocka_unit_test_setup(test_interrupts_follow_the_parent_cells, open_tree),
        cmocka_unit_test_setup(test_bad_interrupt_specifiers, open_tree),
        cmocka_unit_test_setup(test_strings_are_checked, open_tree),
        cmocka_unit_test_setup(test_status_and_lookups, open_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
