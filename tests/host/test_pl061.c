/*
 * test_pl061.c - the PL061 driver (drivers/gpio/pl061.c), unchanged, over a register model of
 * the device (model_pl061.c, reached through tests/host/arch/mmio.h): identification check,
 * init, direction and data through the address-masked data register, each trigger, take and
 * acknowledge for edge and level pins (level on an output included), bad arguments.
 * Needs TEST_EXTRA_SRCS_test_pl061 := drivers/gpio/pl061.c tests/host/model_pl061.c.
 */
#include <limits.h>
#include <string.h>

#include "txtest.h"

#include "drivers/pl061.h"
#include "model_pl061.h"

static struct pl061 g;

static int setup(void **state)
{
    (void)state;
    model_pl061_reset();
    memset(&g, 0, sizeof(g));
    return 0;
}

static int teardown(void **state)
{
    assert_int_equal(model_pl061.bad_accesses, 0);
    return txtest_teardown(state);
}

static void init_ok(void)
{
    assert_int_equal(pl061_init(&g, MODEL_PL061_BASE), PL061_OK);
}

/* ---- identification and init -------------------------------------------------------------- */

static void test_id_mismatch_refused(void **state)
{
    (void)state;
    /* Each identification byte that must match, changed in turn: refused, nothing written. */
    static const struct {
        unsigned int index;
        uint8_t value;
    } bad[] = {
        {0, 0x11}, /* part number [7:0] (a PL011's) */
        {1, 0x11}, /* part number [11:8] */
        {1, 0x00}, /* designer [3:0] */
        {2, 0x15}, /* designer [7:4] */
        {3, 0x01}, /* configuration */
        {4, 0x00}, /* PCellID0 */
        {5, 0x00}, {6, 0x00}, {7, 0x00},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        model_pl061_reset();
        model_pl061.ie = 0x5a;
        model_pl061.id[bad[i].index] = bad[i].value;
        assert_int_equal(pl061_init(&g, MODEL_PL061_BASE), PL061_ERR_ID);
        assert_int_equal(model_pl061.writes, 0);
        assert_int_equal(model_pl061.ie, 0x5a);
    }
    /* All-ones (nothing there, or a bus error pattern) and all-zeroes are refused too. */
    model_pl061_reset();
    memset(model_pl061.id, 0xff, sizeof(model_pl061.id));
    assert_int_equal(pl061_init(&g, MODEL_PL061_BASE), PL061_ERR_ID);
    memset(model_pl061.id, 0, sizeof(model_pl061.id));
    assert_int_equal(pl061_init(&g, MODEL_PL061_BASE), PL061_ERR_ID);
}

static void test_id_any_revision(void **state)
{
    (void)state;
    model_pl061.id[2] = 0xf4; /* revision 15, designer nibble 4 */
    init_ok();
}

static void test_init_masks_and_clears(void **state)
{
    (void)state;
    /* What a previous owner left: interrupts unmasked and latched, pins in hardware mode,
     * outputs driven. Init masks and clears all, hands pins to software, keeps the outputs. */
    model_pl061.ie = 0xff;
    model_pl061.ris = 0xff;
    model_pl061.afsel = 0x0f;
    model_pl061.dir = 0x30;
    model_pl061.out = 0x10;
    init_ok();
    assert_int_equal(model_pl061.ie, 0);
    assert_int_equal(model_pl061.ris, 0);
    assert_int_equal(model_pl061.afsel, 0);
    assert_int_equal(model_pl061.dir, 0x30);
    assert_int_equal(model_pl061_levels() & 0x30, 0x10);
    assert_false(model_pl061_irq_line());
    assert_int_equal(pl061_irq_take(&g, NULL), 0);
}

/* ---- direction and data ------------------------------------------------------------------- */

static void test_direction_set_get(void **state)
{
    (void)state;
    init_ok();
    for (unsigned int pin = 0; pin < PL061_PINS; pin++) {
        assert_int_equal(pl061_get_direction(&g, pin), 0);
    }
    assert_int_equal(pl061_set_direction(&g, 2, true), PL061_OK);
    assert_int_equal(pl061_set_direction(&g, 5, true), PL061_OK);
    assert_int_equal(model_pl061.dir, 0x24);
    assert_int_equal(pl061_get_direction(&g, 2), 1);
    assert_int_equal(pl061_get_direction(&g, 3), 0);

    /* Set through the masked data register: only the named pin changes. */
    assert_int_equal(pl061_set(&g, 2, 1), PL061_OK);
    assert_int_equal(model_pl061_levels(), 0x04);
    assert_int_equal(pl061_set(&g, 5, 7), PL061_OK); /* any non-zero is high */
    assert_int_equal(model_pl061_levels(), 0x24);
    assert_int_equal(pl061_set(&g, 2, 0), PL061_OK);
    assert_int_equal(model_pl061_levels(), 0x20);
    assert_int_equal(pl061_get(&g, 2), 0);
    assert_int_equal(pl061_get(&g, 5), 1);

    /* Inputs read what drives them; writing one changes nothing. */
    model_pl061_drive(3, 1);
    assert_int_equal(pl061_get(&g, 3), 1);
    assert_int_equal(pl061_set(&g, 3, 0), PL061_OK);
    assert_int_equal(pl061_get(&g, 3), 1);
    model_pl061_drive(3, 0);
    assert_int_equal(pl061_get(&g, 3), 0);

    /* The whole port. */
    model_pl061_drive(0, 1);
    assert_int_equal(pl061_read_port(&g), 0x21);
    pl061_write_port(&g, 0x24, 0xff); /* pins 2 and 5 high, nothing else */
    assert_int_equal(pl061_read_port(&g), 0x25);
    pl061_write_port(&g, 0x04, 0x00);
    assert_int_equal(pl061_read_port(&g), 0x21);

    /* Back to input: the pin now reads its outside level. */
    assert_int_equal(pl061_set_direction(&g, 5, false), PL061_OK);
    assert_int_equal(pl061_get(&g, 5), 0);
    assert_int_equal(model_pl061.dir, 0x04);
}

/* ---- triggers, take, acknowledge ---------------------------------------------------------- */

/* Configure `pin` as an input with `t`, unmasked. */
static void arm_input(unsigned int pin, enum pl061_trigger t)
{
    assert_int_equal(pl061_irq_config(&g, pin, t), PL061_OK);
    assert_int_equal(pl061_irq_enabled(&g) & (1u << pin), 0); /* left masked */
    assert_int_equal(pl061_irq_pending(&g), 0);
    assert_int_equal(pl061_irq_unmask(&g, pin), PL061_OK);
}

static void expect_edge_take(unsigned int pin)
{
    uint8_t level = 0xff;
    assert_true(model_pl061_irq_line());
    assert_int_equal(pl061_irq_take(&g, &level), 1u << pin);
    assert_int_equal(level, 0);
    /* Acknowledged, still armed. */
    assert_false(model_pl061_irq_line());
    assert_int_equal(model_pl061.ris & (1u << pin), 0);
    assert_int_equal(pl061_irq_enabled(&g) & (1u << pin), 1u << pin);
}

static void test_edge_rising(void **state)
{
    (void)state;
    init_ok();
    arm_input(1, PL061_EDGE_RISING);
    model_pl061_drive(1, 1);
    expect_edge_take(1);
    model_pl061_drive(1, 0); /* falling: nothing */
    assert_false(model_pl061_irq_line());
    assert_int_equal(pl061_irq_take(&g, NULL), 0);
    model_pl061_drive(1, 1);
    expect_edge_take(1);
}

static void test_edge_falling(void **state)
{
    (void)state;
    init_ok();
    model_pl061_drive(6, 1);
    arm_input(6, PL061_EDGE_FALLING);
    model_pl061_drive(6, 0);
    expect_edge_take(6);
    model_pl061_drive(6, 1); /* rising: nothing */
    assert_false(model_pl061_irq_line());
    model_pl061_drive(6, 0);
    expect_edge_take(6);
}

static void test_edge_both(void **state)
{
    (void)state;
    init_ok();
    arm_input(0, PL061_EDGE_BOTH);
    model_pl061_drive(0, 1);
    expect_edge_take(0);
    model_pl061_drive(0, 0);
    expect_edge_take(0);
    assert_int_equal(model_pl061.ibe, 0x01);
}

static void test_edge_while_masked_latches(void **state)
{
    (void)state;
    init_ok();
    arm_input(4, PL061_EDGE_RISING);
    assert_int_equal(pl061_irq_mask(&g, 4), PL061_OK);
    model_pl061_drive(4, 1);
    assert_false(model_pl061_irq_line());
    assert_int_equal(pl061_irq_raw(&g), 0x10);
    /* Unmasking delivers the edge that came while masked (a mask does not lose it). */
    assert_int_equal(pl061_irq_unmask(&g, 4), PL061_OK);
    expect_edge_take(4);
}

/* A level pin taken: masked, not cleared (the level is still there), line quiet. */
static void expect_level_take(unsigned int pin)
{
    uint8_t level = 0;
    unsigned ic = model_pl061.ic_writes;
    assert_true(model_pl061_irq_line());
    assert_int_equal(pl061_irq_take(&g, &level), 1u << pin);
    assert_int_equal(level, 1u << pin);
    assert_false(model_pl061_irq_line());
    assert_int_equal(pl061_irq_enabled(&g) & (1u << pin), 0);
    assert_int_equal(model_pl061.ic_writes, ic);
}

static void test_level_high_input(void **state)
{
    (void)state;
    init_ok();
    arm_input(3, PL061_LEVEL_HIGH);
    assert_false(model_pl061_irq_line());
    model_pl061_drive(3, 1);
    expect_level_take(3);
    /* Re-armed while still high: fires again at once. */
    assert_int_equal(pl061_irq_rearm(&g, 3), PL061_OK);
    expect_level_take(3);
    /* Gone low while masked: the stale latch is cleared by the re-arm, nothing fires. */
    model_pl061_drive(3, 0);
    assert_int_equal(pl061_irq_raw(&g) & 0x08, 0x08); /* still latched */
    assert_int_equal(pl061_irq_rearm(&g, 3), PL061_OK);
    assert_false(model_pl061_irq_line());
    assert_int_equal(pl061_irq_enabled(&g) & 0x08, 0x08);
    assert_int_equal(pl061_irq_take(&g, NULL), 0);
}

static void test_level_low_input(void **state)
{
    (void)state;
    init_ok();
    model_pl061_drive(7, 1);
    arm_input(7, PL061_LEVEL_LOW);
    assert_false(model_pl061_irq_line());
    model_pl061_drive(7, 0);
    expect_level_take(7);
    model_pl061_drive(7, 1);
    assert_int_equal(pl061_irq_rearm(&g, 7), PL061_OK);
    assert_false(model_pl061_irq_line());
}

static void test_level_config_while_active(void **state)
{
    (void)state;
    init_ok();
    /* An input low, configured level-low: active at once. Config leaves it masked; the
     * unmask then raises the interrupt. */
    assert_int_equal(pl061_irq_config(&g, 2, PL061_LEVEL_LOW), PL061_OK);
    assert_false(model_pl061_irq_line());
    assert_int_equal(pl061_irq_unmask(&g, 2), PL061_OK);
    expect_level_take(2);
}

/* The self-trigger path: an output, level-high, driven high interrupts. */
static void test_level_high_output_self_trigger(void **state)
{
    (void)state;
    init_ok();
    assert_int_equal(pl061_set_direction(&g, 5, true), PL061_OK);
    assert_int_equal(pl061_set(&g, 5, 0), PL061_OK);
    arm_input(5, PL061_LEVEL_HIGH);
    assert_false(model_pl061_irq_line());
    assert_int_equal(pl061_set(&g, 5, 1), PL061_OK);
    expect_level_take(5);
    /* The handler drives it low; the re-arm then leaves the line quiet. */
    assert_int_equal(pl061_set(&g, 5, 0), PL061_OK);
    assert_int_equal(pl061_irq_rearm(&g, 5), PL061_OK);
    assert_false(model_pl061_irq_line());
    /* And again. */
    assert_int_equal(pl061_set(&g, 5, 1), PL061_OK);
    expect_level_take(5);
}

static void test_edge_on_output_silent(void **state)
{
    (void)state;
    init_ok();
    assert_int_equal(pl061_set_direction(&g, 1, true), PL061_OK);
    arm_input(1, PL061_EDGE_BOTH);
    assert_int_equal(pl061_set(&g, 1, 1), PL061_OK);
    assert_int_equal(pl061_set(&g, 1, 0), PL061_OK);
    assert_false(model_pl061_irq_line());
}

static void test_reconfig_drops_stale_status(void **state)
{
    (void)state;
    init_ok();
    /* Level-high on a high input latches; reconfigured as rising edge, the stale level status
     * must not fire. */
    model_pl061_drive(0, 1);
    assert_int_equal(pl061_irq_config(&g, 0, PL061_LEVEL_HIGH), PL061_OK);
    assert_int_equal(pl061_irq_raw(&g) & 1u, 1u);
    assert_int_equal(pl061_irq_config(&g, 0, PL061_EDGE_RISING), PL061_OK);
    assert_int_equal(pl061_irq_raw(&g) & 1u, 0);
    assert_int_equal(pl061_irq_unmask(&g, 0), PL061_OK);
    assert_false(model_pl061_irq_line());
    /* And the registers say rising edge. */
    assert_int_equal(model_pl061.is & 1u, 0);
    assert_int_equal(model_pl061.ibe & 1u, 0);
    assert_int_equal(model_pl061.iev & 1u, 1u);
}

static void test_take_mixed(void **state)
{
    (void)state;
    init_ok();
    arm_input(0, PL061_EDGE_RISING);
    arm_input(3, PL061_LEVEL_HIGH);
    arm_input(6, PL061_EDGE_FALLING);
    model_pl061_drive(6, 1); /* rising on a falling pin: nothing */
    model_pl061_drive(0, 1);
    model_pl061_drive(3, 1);
    model_pl061_drive(6, 0);
    uint8_t level = 0;
    assert_int_equal(pl061_irq_take(&g, &level), 0x49);
    assert_int_equal(level, 0x08);
    assert_false(model_pl061_irq_line());
    assert_int_equal(pl061_irq_enabled(&g), 0x41); /* edges armed, the level pin masked */
    assert_int_equal(model_pl061.ris, 0x08);
    /* A masked pin with latched status is not taken. */
    assert_int_equal(pl061_irq_mask(&g, 0), PL061_OK);
    model_pl061_drive(0, 0);
    model_pl061_drive(0, 1);
    assert_int_equal(pl061_irq_take(&g, NULL), 0);
    assert_int_equal(model_pl061.ris, 0x09);
}

/* ---- bad arguments ------------------------------------------------------------------------ */

static void test_bad_pins(void **state)
{
    (void)state;
    init_ok();
    static const unsigned int bad[] = {PL061_PINS, 9, 31, 32, 255, 0x80000000u, UINT_MAX};
    unsigned writes = model_pl061.writes;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        unsigned int pin = bad[i];
        assert_int_equal(pl061_set_direction(&g, pin, true), PL061_ERR_ARG);
        assert_int_equal(pl061_get_direction(&g, pin), PL061_ERR_ARG);
        assert_int_equal(pl061_set(&g, pin, 1), PL061_ERR_ARG);
        assert_int_equal(pl061_get(&g, pin), PL061_ERR_ARG);
        assert_int_equal(pl061_irq_config(&g, pin, PL061_LEVEL_HIGH), PL061_ERR_ARG);
        assert_int_equal(pl061_irq_mask(&g, pin), PL061_ERR_ARG);
        assert_int_equal(pl061_irq_unmask(&g, pin), PL061_ERR_ARG);
        assert_int_equal(pl061_irq_rearm(&g, pin), PL061_ERR_ARG);
    }
    assert_int_equal(model_pl061.writes, writes);
    assert_int_equal(model_pl061.dir, 0);
    assert_int_equal(model_pl061.ie, 0);
}

static void test_bad_trigger(void **state)
{
    (void)state;
    init_ok();
    unsigned writes = model_pl061.writes;
    assert_int_equal(pl061_irq_config(&g, 1, (enum pl061_trigger)5), PL061_ERR_ARG);
    assert_int_equal(pl061_irq_config(&g, 1, (enum pl061_trigger) - 1), PL061_ERR_ARG);
    assert_int_equal(pl061_irq_config(&g, 1, (enum pl061_trigger)1000), PL061_ERR_ARG);
    assert_int_equal(model_pl061.writes, writes);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_id_mismatch_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_any_revision, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_masks_and_clears, setup, teardown),
        cmocka_unit_test_setup_teardown(test_direction_set_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edge_rising, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edge_falling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edge_both, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edge_while_masked_latches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_level_high_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_level_low_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_level_config_while_active, setup, teardown),
        cmocka_unit_test_setup_teardown(test_level_high_output_self_trigger, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edge_on_output_silent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reconfig_drops_stale_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_take_mixed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_pins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_trigger, setup, teardown),
    };
    return cmocka_run_group_tests_name("pl061", tests, NULL, NULL);
}
