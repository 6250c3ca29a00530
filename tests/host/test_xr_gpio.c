/*
 * test_xr_gpio.c - the GPIO API of applications (platform/gpio.c, xenrtos/gpio.h) and the PL061
 * driver, both unchanged, over the register model (model_pl061.c) and a fake GIC line: handler
 * threads by priority, edge events merged, level pins masked until handled and re-fired while
 * active (the self-trigger of an output), unhandled and spurious interrupts, detach dropping a
 * recorded event and waiting for a running handler, self-detach, re-attach, bad arguments.
 * Needs TEST_EXTRA_SRCS_test_xr_gpio := platform/gpio.c drivers/gpio/pl061.c
 * tests/host/model_pl061.c.
 *
 * The tests run in order on one device and keep its handler threads (gpio.c creates them once,
 * for good): their teardown checks and cleans, but does not delete threads.
 */
#include <limits.h>
#include <string.h>

#include "txtest.h"

#include "drivers/gic.h"
#include "model_pl061.h"
#include "xenrtos/gpio.h"
#include "xenrtos/platform.h"

/* platform/gpio.c's boot entry (declared for the platform in platform/platform.h). */
int platform_gpio_init(uintptr_t regs, paddr_t phys, unsigned int irq, bool edge);

#define PRIO_HI 10 /* above the runner (TXTEST_RUNNER_PRIORITY): runs at the ISR's exit */
#define PRIO_LO 20 /* below it: runs when the runner blocks */

/* ---- a fake GIC: one line, level-sensitive ------------------------------------------------ */

static struct {
    unsigned int irq;
    irq_handler_t handler;
    void *arg;
    uint8_t prio;
    bool edge;
    bool enabled;
    unsigned registered;
} gic;

int gic_irq_register(unsigned int irq, irq_handler_t handler, void *arg, uint8_t prio, bool edge)
{
    gic.irq = irq;
    gic.handler = handler;
    gic.arg = arg;
    gic.prio = prio;
    gic.edge = edge;
    gic.registered++;
    return 0;
}

int gic_irq_enable(unsigned int irq)
{
    gic.enabled = irq == gic.irq && gic.handler != NULL;
    return gic.enabled ? 0 : -1;
}

static VOID isr_trampoline(VOID *unused)
{
    (void)unused;
    gic.handler(gic.irq, gic.arg);
}

/* Take the interrupt as long as the line is asserted (a level-sensitive SPI), as the CPU would
 * with interrupts enabled in the runner. Returns the interrupts taken; a storm stops at 100. */
static unsigned pump(void)
{
    unsigned n = 0;

    while (gic.enabled && model_pl061_irq_line() && n < 100) {
        tx_host_isr_run(isr_trampoline, NULL);
        n++;
    }
    return n;
}

/* ---- handlers ----------------------------------------------------------------------------- */

struct rec {
    unsigned int pin;
    int level;
    uint32_t merged;
    uint64_t isr_count;
    int who;
};
static struct rec log_[32];
static volatile unsigned nlog;
static volatile bool slow_done;
static volatile int self_detach_rc;

static void record(const struct xr_gpio_event *ev, int who)
{
    if (nlog < sizeof(log_) / sizeof(log_[0])) {
        log_[nlog] = (struct rec){ev->pin, ev->level, ev->merged, ev->isr_count, who};
    }
    nlog++;
}

static void h_log(const struct xr_gpio_event *ev, void *arg)
{
    record(ev, (int)(intptr_t)arg);
}

/* The self-trigger: a level-high output, lowered by the third call. */
static void h_selftest(const struct xr_gpio_event *ev, void *arg)
{
    record(ev, (int)(intptr_t)arg);
    if (nlog >= 3) {
        (void)xr_gpio_set(ev->pin, 0);
    }
}

/* A level-low input the outside releases at the second call. */
static void h_release(const struct xr_gpio_event *ev, void *arg)
{
    record(ev, (int)(intptr_t)arg);
    if (nlog >= 2) {
        model_pl061_drive(ev->pin, 1);
    }
}

static void h_slow(const struct xr_gpio_event *ev, void *arg)
{
    record(ev, (int)(intptr_t)arg);
    (void)tx_thread_sleep(5);
    slow_done = true;
}

static void h_self_detach(const struct xr_gpio_event *ev, void *arg)
{
    record(ev, (int)(intptr_t)arg);
    self_detach_rc = xr_gpio_irq_detach(ev->pin);
}

static void h_lower_input(const struct xr_gpio_event *ev, void *arg)
{
    record(ev, (int)(intptr_t)arg);
    model_pl061_drive(ev->pin, 0);
}

/* ---- fixture ------------------------------------------------------------------------------ */

static struct xr_gpio_stats before;

static int setup(void **state)
{
    (void)state;
    nlog = 0;
    memset(log_, 0, sizeof(log_));
    slow_done = false;
    xr_gpio_get_stats(&before);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(model_pl061.bad_accesses, 0);
    assert_false(model_pl061_irq_line());
    return 0;
}

static struct xr_gpio_stats delta(void)
{
    struct xr_gpio_stats now;
    xr_gpio_get_stats(&now);
    return (struct xr_gpio_stats){now.irqs - before.irqs, now.events - before.events,
                                  now.unhandled - before.unhandled, now.spurious - before.spurious,
                                  now.cancelled - before.cancelled};
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_absent(void **state)
{
    (void)state;
    assert_false(xr_gpio_present());
    assert_int_equal(xr_gpio_base_phys(), 0);
    assert_int_equal(xr_gpio_direction(0, true), XR_GPIO_ENODEV);
    assert_int_equal(xr_gpio_set(0, 1), XR_GPIO_ENODEV);
    assert_int_equal(xr_gpio_get(0), XR_GPIO_ENODEV);
    assert_int_equal(xr_gpio_irq_attach(0, XR_GPIO_EDGE_RISING, h_log, NULL, PRIO_HI),
                     XR_GPIO_ENODEV);
    assert_int_equal(xr_gpio_irq_detach(0), XR_GPIO_ENODEV);
}

static void test_init_bad_id(void **state)
{
    (void)state;
    model_pl061_reset();
    model_pl061.id[0] = 0x11;
    assert_int_equal(platform_gpio_init(MODEL_PL061_BASE, pa_init(0x9030000), 39, false), -1);
    assert_int_equal(gic.registered, 0);
    assert_false(xr_gpio_present());
}

static void test_init(void **state)
{
    (void)state;
    model_pl061_reset();
    assert_int_equal(platform_gpio_init(MODEL_PL061_BASE, pa_init(0x9030000), 39, false), 0);
    assert_true(xr_gpio_present());
    assert_int_equal(xr_gpio_base_phys(), 0x9030000);
    assert_int_equal(gic.irq, 39);
    assert_false(gic.edge);
    assert_int_equal(gic.prio, GIC_PRIO_DEFAULT);
    assert_true(gic.enabled);
    assert_int_equal(model_pl061.ie, 0);
}

static volatile int isr_attach_rc;
static volatile int isr_detach_rc;
static VOID attach_from_isr(VOID *unused)
{
    (void)unused;
    isr_attach_rc = xr_gpio_irq_attach(0, XR_GPIO_EDGE_RISING, h_log, NULL, PRIO_HI);
    isr_detach_rc = xr_gpio_irq_detach(0);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    static const unsigned int bad[] = {XR_GPIO_PINS, 9, 255, UINT_MAX};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(xr_gpio_direction(bad[i], true), XR_GPIO_EPIN);
        assert_int_equal(xr_gpio_set(bad[i], 1), XR_GPIO_EPIN);
        assert_int_equal(xr_gpio_get(bad[i]), XR_GPIO_EPIN);
        assert_int_equal(xr_gpio_irq_attach(bad[i], XR_GPIO_EDGE_RISING, h_log, NULL, PRIO_HI),
                         XR_GPIO_EPIN);
        assert_int_equal(xr_gpio_irq_detach(bad[i]), XR_GPIO_EPIN);
    }
    assert_int_equal(xr_gpio_irq_attach(0, (enum xr_gpio_trigger)5, h_log, NULL, PRIO_HI),
                     XR_GPIO_ETRIGGER);
    assert_int_equal(xr_gpio_irq_attach(0, (enum xr_gpio_trigger) - 1, h_log, NULL, PRIO_HI),
                     XR_GPIO_ETRIGGER);
    assert_int_equal(xr_gpio_irq_attach(0, XR_GPIO_EDGE_RISING, NULL, NULL, PRIO_HI),
                     XR_GPIO_EINVAL);
    assert_int_equal(xr_gpio_irq_attach(0, XR_GPIO_EDGE_RISING, h_log, NULL, TX_MAX_PRIORITIES),
                     XR_GPIO_EINVAL);
    assert_int_equal(xr_gpio_irq_detach(0), XR_GPIO_ENOTATT);
    tx_host_isr_run(attach_from_isr, NULL);
    assert_int_equal(isr_attach_rc, XR_GPIO_ECONTEXT);
    assert_int_equal(isr_detach_rc, XR_GPIO_ECONTEXT);
    assert_int_equal(model_pl061.ie, 0);

    /* Direction, set and get. */
    assert_int_equal(xr_gpio_direction(4, true), XR_GPIO_OK);
    assert_int_equal(xr_gpio_set(4, 1), XR_GPIO_OK);
    assert_int_equal(xr_gpio_get(4), 1);
    assert_int_equal(model_pl061_levels(), 0x10);
    assert_int_equal(xr_gpio_set(4, 0), XR_GPIO_OK);
    assert_int_equal(xr_gpio_get(4), 0);
    assert_int_equal(xr_gpio_direction(4, false), XR_GPIO_OK);
    model_pl061_drive(4, 1);
    assert_int_equal(xr_gpio_get(4), 1);
    model_pl061_drive(4, 0);

    /* Set on an input, then made an output: drives the level set (the device alone would
     * ignore the write). */
    assert_int_equal(xr_gpio_set(4, 1), XR_GPIO_OK);
    assert_int_equal(xr_gpio_get(4), 0);
    assert_int_equal(xr_gpio_direction(4, true), XR_GPIO_OK);
    assert_int_equal(xr_gpio_get(4), 1);
    assert_int_equal(xr_gpio_direction(4, false), XR_GPIO_OK);
    assert_int_equal(xr_gpio_direction(4, true), XR_GPIO_OK); /* applied once only */
    assert_int_equal(xr_gpio_set(4, 0), XR_GPIO_OK);
    assert_int_equal(xr_gpio_direction(4, false), XR_GPIO_OK);
    assert_int_equal(model_pl061_levels(), 0);
}

static void test_edge_high_priority(void **state)
{
    (void)state;
    assert_int_equal(xr_gpio_irq_attach(1, XR_GPIO_EDGE_RISING, h_log, (void *)1, PRIO_HI), 0);
    uint64_t t0 = xr_counter_now();
    model_pl061_drive(1, 1);
    assert_int_equal(pump(), 1);
    /* The handler thread, above the runner, ran at the interrupt's exit. */
    assert_int_equal(nlog, 1);
    assert_int_equal(log_[0].pin, 1);
    assert_int_equal(log_[0].level, 1);
    assert_int_equal(log_[0].merged, 1);
    assert_int_equal(log_[0].who, 1);
    assert_true(log_[0].isr_count >= t0 && log_[0].isr_count <= xr_counter_now());
    model_pl061_drive(1, 0); /* falling: nothing */
    assert_int_equal(pump(), 0);
    struct xr_gpio_stats d = delta();
    assert_int_equal(d.irqs, 1);
    assert_int_equal(d.events, 1);
    assert_int_equal(xr_gpio_irq_detach(1), 0);
}

static void test_edge_merged_low_priority(void **state)
{
    (void)state;
    assert_int_equal(xr_gpio_irq_attach(2, XR_GPIO_EDGE_BOTH, h_log, (void *)2, PRIO_LO), 0);
    model_pl061_drive(2, 1);
    assert_int_equal(pump(), 1);
    uint64_t between = xr_counter_now();
    model_pl061_drive(2, 0);
    assert_int_equal(pump(), 1);
    model_pl061_drive(2, 1);
    assert_int_equal(pump(), 1);
    /* The runner never blocked: nothing handled yet, the pin still armed (edges). */
    assert_int_equal(nlog, 0);
    assert_int_equal(model_pl061.ie & 0x04, 0x04);
    (void)tx_thread_sleep(1);
    assert_int_equal(nlog, 1);
    assert_int_equal(log_[0].merged, 3);
    assert_int_equal(log_[0].level, 1);
    assert_true(log_[0].isr_count <= between); /* the first interrupt's time */
    struct xr_gpio_stats d = delta();
    assert_int_equal(d.irqs, 3);
    assert_int_equal(d.events, 1);
    assert_int_equal(xr_gpio_irq_detach(2), 0);
    model_pl061_drive(2, 0);
}

static void test_level_output_self_trigger(void **state)
{
    (void)state;
    assert_int_equal(xr_gpio_direction(5, true), 0);
    assert_int_equal(xr_gpio_set(5, 0), 0);
    assert_int_equal(xr_gpio_irq_attach(5, XR_GPIO_LEVEL_HIGH, h_selftest, (void *)5, PRIO_HI), 0);
    assert_int_equal(pump(), 0);
    assert_int_equal(xr_gpio_set(5, 1), 0);
    /* Each call leaves the output high until the third: re-armed after each, it fires again. */
    assert_int_equal(pump(), 3);
    assert_int_equal(nlog, 3);
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(log_[i].pin, 5);
        assert_int_equal(log_[i].level, 1);
        assert_int_equal(log_[i].merged, 1);
    }
    assert_int_equal(xr_gpio_get(5), 0);
    assert_int_equal(model_pl061.ie & 0x20, 0x20); /* armed again */
    assert_int_equal(delta().events, 3);
    /* Once more. */
    assert_int_equal(xr_gpio_set(5, 1), 0);
    assert_int_equal(pump(), 1);
    assert_int_equal(nlog, 4);
    assert_int_equal(xr_gpio_irq_detach(5), 0);
    assert_int_equal(xr_gpio_direction(5, false), 0);
}

static void test_level_masked_until_handled(void **state)
{
    (void)state;
    /* Pin 6 is an input held low: level-low fires as soon as it is armed. */
    assert_int_equal(xr_gpio_irq_attach(6, XR_GPIO_LEVEL_LOW, h_release, (void *)6, PRIO_LO), 0);
    assert_int_equal(pump(), 1); /* one interrupt, then masked: no storm */
    assert_int_equal(model_pl061.ie & 0x40, 0);
    assert_int_equal(nlog, 0);
    (void)tx_thread_sleep(1);
    assert_int_equal(nlog, 1); /* still low after the call: re-armed, fires again */
    assert_int_equal(pump(), 1);
    (void)tx_thread_sleep(1);
    assert_int_equal(nlog, 2); /* released by this call: quiet */
    assert_int_equal(pump(), 0);
    assert_int_equal(model_pl061.ie & 0x40, 0x40);
    assert_int_equal(delta().events, 2);
    assert_int_equal(xr_gpio_irq_detach(6), 0);
}

static void test_unhandled_and_spurious(void **state)
{
    (void)state;
    /* Pin 7 unmasked behind the API's back: taken, counted, masked, never delivered. */
    model_pl061.is |= 0x80;
    model_pl061.iev |= 0x80;
    model_pl061.ie |= 0x80;
    model_pl061_drive(7, 1);
    assert_int_equal(pump(), 1);
    assert_int_equal(model_pl061.ie & 0x80, 0);
    /* Nothing pending at all. */
    tx_host_isr_run(isr_trampoline, NULL);
    struct xr_gpio_stats d = delta();
    assert_int_equal(d.irqs, 2);
    assert_int_equal(d.unhandled, 1);
    assert_int_equal(d.spurious, 1);
    assert_int_equal(d.events, 0);
    assert_int_equal(nlog, 0);
    model_pl061.is &= 0x7f;
    model_pl061.iev &= 0x7f;
    model_pl061_drive(7, 0);
    model_pl061.ris = 0;
}

static void test_detach_cancels_recorded(void **state)
{
    (void)state;
    assert_int_equal(xr_gpio_irq_attach(1, XR_GPIO_EDGE_RISING, h_log, (void *)1, PRIO_LO), 0);
    model_pl061_drive(1, 1);
    assert_int_equal(pump(), 1);
    assert_int_equal(xr_gpio_irq_detach(1), 0);
    (void)tx_thread_sleep(2);
    assert_int_equal(nlog, 0);
    struct xr_gpio_stats d = delta();
    assert_int_equal(d.cancelled, 1);
    assert_int_equal(d.events, 0);
    assert_int_equal(model_pl061.ie & 0x02, 0);
    /* Detached: edges latch but interrupt nobody. */
    model_pl061_drive(1, 0);
    model_pl061_drive(1, 1);
    assert_int_equal(pump(), 0);
    model_pl061_drive(1, 0);
}

static void test_detach_waits_for_running_handler(void **state)
{
    (void)state;
    assert_int_equal(xr_gpio_irq_attach(2, XR_GPIO_EDGE_RISING, h_slow, (void *)2, PRIO_LO), 0);
    model_pl061_drive(2, 1);
    assert_int_equal(pump(), 1);
    (void)tx_thread_sleep(1); /* the handler starts, and sleeps 5 ticks */
    assert_int_equal(nlog, 1);
    assert_false(slow_done);
    assert_int_equal(xr_gpio_irq_detach(2), 0);
    assert_true(slow_done);
    model_pl061_drive(2, 0);
}

static void test_self_detach_and_reattach(void **state)
{
    (void)state;
    assert_int_equal(xr_gpio_irq_attach(3, XR_GPIO_EDGE_RISING, h_self_detach, (void *)1, PRIO_HI),
                     0);
    model_pl061_drive(3, 1);
    assert_int_equal(pump(), 1);
    assert_int_equal(nlog, 1);
    assert_int_equal(self_detach_rc, 0);
    model_pl061_drive(3, 0);
    model_pl061_drive(3, 1);
    assert_int_equal(pump(), 0);
    assert_int_equal(nlog, 1);
    /* Another handler, another trigger: the input is high, level-high fires at once, to the
     * new handler only; the edge latched while detached is not delivered. */
    assert_int_equal(xr_gpio_irq_attach(3, XR_GPIO_LEVEL_HIGH, h_lower_input, (void *)2, PRIO_HI),
                     0);
    assert_int_equal(pump(), 1);
    assert_int_equal(nlog, 2);
    assert_int_equal(log_[1].who, 2);
    assert_int_equal(pump(), 0);
    assert_int_equal(xr_gpio_irq_detach(3), 0);
}

static void test_busy_and_thread_limit(void **state)
{
    (void)state;
    assert_int_equal(xr_gpio_irq_attach(0, XR_GPIO_EDGE_RISING, h_log, NULL, PRIO_HI), 0);
    assert_int_equal(xr_gpio_irq_attach(0, XR_GPIO_EDGE_FALLING, h_log, NULL, PRIO_HI),
                     XR_GPIO_EBUSY);
    /* PRIO_HI and PRIO_LO hold two of the XR_GPIO_MAX_LEVELS threads. */
    _Static_assert(XR_GPIO_MAX_LEVELS == 4, "the limit this test fills");
    assert_int_equal(xr_gpio_irq_attach(1, XR_GPIO_EDGE_RISING, h_log, NULL, 11), 0);
    assert_int_equal(xr_gpio_irq_attach(2, XR_GPIO_EDGE_RISING, h_log, NULL, 12), 0);
    assert_int_equal(xr_gpio_irq_attach(3, XR_GPIO_EDGE_RISING, h_log, NULL, 13),
                     XR_GPIO_ENOTHREAD);
    assert_int_equal(xr_gpio_irq_attach(3, XR_GPIO_EDGE_RISING, h_log, NULL, PRIO_LO), 0);
    for (unsigned int pin = 0; pin < 4; pin++) {
        assert_int_equal(xr_gpio_irq_detach(pin), 0);
    }
    assert_int_equal(model_pl061.ie, 0);
}

/* Pin 1 rises just after the ISR's first read of the status: with an edge-triggered SPI the
 * GIC would not interrupt again while the line stays high, so the ISR must read until it is
 * low. */
static void raise_pin1_once(void)
{
    model_pl061.after_mis_read = NULL;
    model_pl061_drive(1, 1);
}

static void test_edge_triggered_spi_reads_until_quiet(void **state)
{
    (void)state;
    assert_int_equal(platform_gpio_init(MODEL_PL061_BASE, pa_init(0x9030000), 39, true), 0);
    assert_true(gic.edge);
    assert_int_equal(xr_gpio_irq_attach(0, XR_GPIO_EDGE_RISING, h_log, (void *)0, PRIO_LO), 0);
    assert_int_equal(xr_gpio_irq_attach(1, XR_GPIO_EDGE_RISING, h_log, (void *)1, PRIO_LO), 0);
    model_pl061.after_mis_read = raise_pin1_once;
    model_pl061_drive(0, 1);
    tx_host_isr_run(isr_trampoline, NULL); /* one interrupt: the rising edge of the line */
    assert_false(model_pl061_irq_line());
    (void)tx_thread_sleep(1);
    assert_int_equal(nlog, 2);
    assert_int_equal(log_[0].pin, 0);
    assert_int_equal(log_[1].pin, 1);
    struct xr_gpio_stats d = delta();
    assert_int_equal(d.irqs, 1);
    assert_int_equal(d.events, 2);
    assert_int_equal(xr_gpio_irq_detach(0), 0);
    assert_int_equal(xr_gpio_irq_detach(1), 0);
    model_pl061_drive(0, 0);
    model_pl061_drive(1, 0);
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_bad_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edge_high_priority, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edge_merged_low_priority, setup, teardown),
        cmocka_unit_test_setup_teardown(test_level_output_self_trigger, setup, teardown),
        cmocka_unit_test_setup_teardown(test_level_masked_until_handled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unhandled_and_spurious, setup, teardown),
        cmocka_unit_test_setup_teardown(test_detach_cancels_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_detach_waits_for_running_handler, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_detach_and_reattach, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_and_thread_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edge_triggered_spi_reads_until_quiet, setup, teardown),
    };
    return cmocka_run_group_tests_name("xr_gpio", tests, NULL, NULL);
}
