/*
 * test_bootargs.c - boot arguments (lib/bootargs.c, shared by the platform's /chosen/bootargs
 * and the host port's $XENRTOS_BOOTARGS): words, values cut to the buffer, absent keys.
 */
#include <stdlib.h>
#include <string.h>

#include "txtest.h"
#include "xenrtos/bootargs.h"
#include "xenrtos/platform.h"

static void test_finds_the_word(void **state)
{
    char buf[16];

    (void)state;
    assert_true(xr_bootargs_find("console=hvc bench=irq  samples=200", "bench", buf, sizeof(buf)));
    assert_string_equal(buf, "irq");
    assert_true(xr_bootargs_find("console=hvc bench=irq  samples=200", "samples", buf, 16));
    assert_string_equal(buf, "200");
    assert_true(xr_bootargs_find("  console=hvc", "console", buf, sizeof(buf)));
    assert_string_equal(buf, "hvc");
    assert_true(xr_bootargs_find("empty=", "empty", buf, sizeof(buf)));
    assert_string_equal(buf, "");
}

static void test_whole_keys_only(void **state)
{
    char buf[16] = "untouched";

    (void)state;
    /* A key that is a prefix of another, or a value that looks like the key, does not match. */
    assert_false(xr_bootargs_find("consoles=2 x=console=pl011", "console", buf, sizeof(buf)));
    assert_false(xr_bootargs_find("console", "console", buf, sizeof(buf)));
    assert_false(xr_bootargs_find("", "console", buf, sizeof(buf)));
    assert_false(xr_bootargs_find(NULL, "console", buf, sizeof(buf)));
    assert_false(xr_bootargs_find("a=b", "a", buf, 0));
    assert_string_equal(buf, "untouched");
}

static void test_value_cut_to_the_buffer(void **state)
{
    char buf[4];

    (void)state;
    assert_true(xr_bootargs_find("fault=wx-write", "fault", buf, sizeof(buf)));
    assert_string_equal(buf, "wx-");
}

static void test_host_reads_the_environment(void **state)
{
    char buf[16];

    (void)state;
    assert_int_equal(setenv("XENRTOS_BOOTARGS", "timing=report", 1), 0);
    assert_true(xr_bootarg("timing", buf, sizeof(buf)));
    assert_string_equal(buf, "report");
    assert_int_equal(unsetenv("XENRTOS_BOOTARGS"), 0);
    assert_false(xr_bootarg("timing", buf, sizeof(buf)));
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finds_the_word),
        cmocka_unit_test(test_whole_keys_only),
        cmocka_unit_test(test_value_cut_to_the_buffer),
        cmocka_unit_test(test_host_reads_the_environment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
