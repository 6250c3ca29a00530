/*
 * test_gic.c - the GIC driver's common part (drivers/gic/gic.c), unchanged, over a model of a
 * GIC with several CPUs: banked SGI/PPI enables and priorities per CPU, SGIs pending per CPU,
 * an IRQ mask per CPU (tests/host/arch/sysreg.h). The CPU the caller runs on is the host port's
 * core index (arch/host/include/arch/cpu.h: _tx_host_core, this pthread's), which the model sets
 * and gives back after every test (no tick runs: nothing else reads it meanwhile). A thread may be
 * moved to another CPU whenever its CPU could take an interrupt, which the model does after a
 * banked write made with IRQs unmasked when a test asks for it.
 *
 * What is checked: a PPI enabled (or disabled) on one CPU reaches every CPU that is up, also
 * when the caller moves to another CPU in the middle of gic_irq_enable (the move that left the
 * event-channel PPI off on vCPU 1, so that no upcall bound there was ever taken); a CPU that
 * arrives later applies the enables; a PPI without a handler is never enabled.
 * Needs TEST_EXTRA_SRCS_test_gic := drivers/gic/gic.c.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include "txtest.h"

#include "drivers/gic.h"
#include "../../drivers/gic/gic_regs.h"

#define NCPU     4
#define BANKED   32 /* SGIs and PPIs */
#define IRQ_NONE 1023u

#include "arch/cpu.h"

/* The CPU the caller runs on. */
#define CUR _tx_host_core

static struct {
    bool masked[NCPU];
    bool active[NCPU];          /* an interrupt is being handled (running priority) */
    uint32_t enabled[NCPU];     /* banked enables, bit = interrupt ID */
    uint8_t prio[NCPU][BANKED]; /* banked priorities */
    uint32_t sgi_pending[NCPU]; /* bit = SGI */
    uint32_t spi_enabled[16];   /* distributor: bit per SPI */
    int migrate_to;             /* >= 0: after the next banked write made unmasked, move there */
    unsigned int migrations;
    unsigned int handled[NCPU][BANKED];
} m;

/* ---- the model's CPU (arch/sysreg.h) ------------------------------------------------------ */

static void deliver(void);

uint64_t irq_save(void)
{
    uint64_t was = m.masked[CUR];
    m.masked[CUR] = true;
    return was;
}

void irq_restore(uint64_t daif)
{
    m.masked[CUR] = daif != 0;
    deliver();
}

void irq_enable(void)
{
    m.masked[CUR] = false;
    deliver();
}

void irq_disable(void)
{
    m.masked[CUR] = true;
}

/* A preemption point: the caller could take an interrupt here, so the scheduler could move it. */
static void maybe_migrate(void)
{
    if (!m.masked[CUR] && m.migrate_to >= 0) {
        CUR = (unsigned int)m.migrate_to;
        m.migrate_to = -1;
        m.migrations++;
    }
}

/* ---- the model's GIC (struct gic_ops) ----------------------------------------------------- */

static int fake_init(const struct gic_config *config)
{
    (void)config;
    return 0;
}

static unsigned int fake_max_irq(void)
{
    return 512;
}

static void fake_enable(unsigned int irq)
{
    if (irq < BANKED) {
        m.enabled[CUR] |= 1u << irq;
    } else {
        m.spi_enabled[(irq - BANKED) / 32] |= 1u << (irq % 32);
    }
    maybe_migrate();
}

static void fake_disable(unsigned int irq)
{
    if (irq < BANKED) {
        m.enabled[CUR] &= ~(1u << irq);
    } else {
        m.spi_enabled[(irq - BANKED) / 32] &= ~(1u << (irq % 32));
    }
    maybe_migrate();
}

static void fake_set_priority(unsigned int irq, uint8_t prio)
{
    if (irq < BANKED) {
        m.prio[CUR][irq] = prio;
    }
    maybe_migrate();
}

static void fake_set_edge(unsigned int irq, bool edge)
{
    (void)irq;
    (void)edge;
}

static unsigned int fake_ack(void)
{
    uint32_t ready = m.sgi_pending[CUR] & m.enabled[CUR];
    if (ready == 0) {
        return IRQ_NONE;
    }
    unsigned int sgi = (unsigned int)__builtin_ctz(ready);
    m.sgi_pending[CUR] &= ~(1u << sgi);
    m.active[CUR] = true;
    return sgi;
}

static void fake_eoi(unsigned int irq)
{
    (void)irq;
    m.active[CUR] = false;
}

static void fake_send_sgi(uint64_t mpidr, unsigned int sgi)
{
    assert_true(mpidr < NCPU);
    m.sgi_pending[mpidr] |= 1u << sgi;
}

static void fake_send_sgi_self(unsigned int sgi)
{
    fake_send_sgi(CUR, sgi);
}

static int fake_init_cpu(void)
{
    return 0;
}

static const struct gic_ops fake_ops = {
    .name = "model",
    .version = 3,
    .init = fake_init,
    .max_irq = fake_max_irq,
    .enable = fake_enable,
    .disable = fake_disable,
    .set_priority = fake_set_priority,
    .set_edge = fake_set_edge,
    .ack = fake_ack,
    .eoi = fake_eoi,
    .send_sgi_self = fake_send_sgi_self,
    .init_cpu = fake_init_cpu,
    .send_sgi = fake_send_sgi,
};
const struct gic_ops gicv3_ops = fake_ops;
const struct gic_ops gicv2_ops = fake_ops;

/* Take this CPU's deliverable SGIs, as the IRQ vector would (not while one is being handled). */
static void deliver(void)
{
    unsigned int cpu = CUR;
    while (!m.masked[cpu] && !m.active[cpu] && (m.sgi_pending[cpu] & m.enabled[cpu]) != 0) {
        m.masked[cpu] = true; /* the exception masks IRQs */
        gic_irq_dispatch();
        assert_int_equal(CUR, cpu); /* an interrupt handler does not migrate */
        m.masked[cpu] = false;
    }
}

/* Every CPU runs a while with IRQs unmasked: each applies what its doorbells asked. */
static void settle(void)
{
    unsigned int home = CUR;
    for (int round = 0; round < 3; round++) {
        for (unsigned int c = 0; c < NCPU; c++) {
            CUR = c;
            irq_enable();
        }
    }
    CUR = home;
}

static void on_ppi(unsigned int irq, void *arg)
{
    (void)arg;
    m.handled[CUR][irq]++;
}

static unsigned int home_core; /* the runner's own core, given back after each test */

static int back_home(void **state)
{
    (void)state;
    CUR = home_core;
    return 0;
}

/* Boot: the boot CPU initialises the controller, CPUs 1-3 arrive with IRQs masked. */
static int group_setup(void **state)
{
    (void)state;
    home_core = CUR;
    memset(&m, 0, sizeof(m));
    m.migrate_to = -1;
    for (unsigned int c = 0; c < NCPU; c++) {
        m.masked[c] = true;
    }
    struct gic_config cfg = {.version = 3, .dist = 0x1000, .redist = 0x2000, .redist_size = 1};
    CUR = 0;
    if (gic_init(&cfg) != 0) {
        return -1;
    }
    for (unsigned int c = 1; c < NCPU; c++) {
        CUR = c;
        if (gic_init_cpu() != 0) {
            return -1;
        }
    }
    CUR = 0;
    settle();
    return back_home(state);
}

static void assert_ppi_on_every_cpu(unsigned int ppi, bool on, uint8_t prio)
{
    for (unsigned int c = 0; c < NCPU; c++) {
        bool is_on = (m.enabled[c] & (1u << ppi)) != 0;
        if (is_on != on) {
            fail_msg("PPI %u is %s on CPU %u", ppi, is_on ? "on" : "off", c);
        }
        if (on) {
            assert_int_equal(m.prio[c][ppi], prio);
        }
    }
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_enable_reaches_every_cpu(void **state)
{
    (void)state;
    CUR = 0;
    assert_int_equal(gic_irq_register(27, on_ppi, NULL, GIC_PRIO_TIMER, false), 0);
    assert_int_equal(gic_irq_enable(27), 0);
    settle();
    assert_ppi_on_every_cpu(27, true, GIC_PRIO_TIMER);
}

/* The caller may be moved to another CPU at any preemption point inside gic_irq_enable: whatever
 * it does there, every CPU ends with the PPI on. Before the fix, the move after the banked write
 * left the CPU moved to off (it skipped itself when ringing the others). */
/* A thread on CPU `from` (interrupts enabled) turns PPI `ppi` on or off; the model may move it
 * to CPU `to` at a preemption point inside the call. Then every CPU runs its doorbells. */
static void switch_ppi_moving(unsigned int ppi, bool on, unsigned int from, unsigned int to)
{
    CUR = from;
    m.masked[from] = false;
    m.migrate_to = (int)to;
    assert_int_equal(on ? gic_irq_enable(ppi) : gic_irq_disable(ppi), 0);
    m.migrate_to = -1; /* the model moves only at a preemption point: maybe there was none */
    settle();
}

static void test_enable_with_a_migration(void **state)
{
    (void)state;
    CUR = 0;
    assert_int_equal(gic_irq_register(31, on_ppi, NULL, GIC_PRIO_DEFAULT, false), 0);
    switch_ppi_moving(31, true, 0, 1);
    assert_ppi_on_every_cpu(31, true, GIC_PRIO_DEFAULT);
}

static void test_disable_with_a_migration(void **state)
{
    (void)state;
    switch_ppi_moving(31, false, 2, 3);
    assert_ppi_on_every_cpu(31, false, 0);
    /* And on again from yet another CPU. */
    switch_ppi_moving(31, true, 1, 0);
    assert_ppi_on_every_cpu(31, true, GIC_PRIO_DEFAULT);
}

/* Masked callers (an interrupt handler, boot code) keep their mask. */
static void test_mask_kept(void **state)
{
    (void)state;
    CUR = 0;
    m.masked[0] = true;
    assert_int_equal(gic_irq_enable(27), 0);
    assert_true(m.masked[0]);
    m.masked[0] = false;
    assert_int_equal(gic_irq_enable(27), 0);
    assert_false(m.masked[0]);
}

/* A PPI nobody registered is refused, and no CPU turns it on. */
static void test_no_handler_no_enable(void **state)
{
    (void)state;
    CUR = 0;
    assert_int_equal(gic_irq_enable(26), -1);
    settle();
    assert_ppi_on_every_cpu(26, false, 0);
    assert_int_equal(gic_irq_enable(600), -1);
}

/* The doorbell SGI itself is handled by the driver: it is on everywhere and runs no handler of
 * ours; the PPIs' handlers run on the CPU that takes them. */
static void test_doorbell_on_everywhere(void **state)
{
    (void)state;
    for (unsigned int c = 0; c < NCPU; c++) {
        assert_true((m.enabled[c] & (1u << GIC_SGI_SYNC)) != 0);
        assert_int_equal(m.handled[c][GIC_SGI_SYNC], 0);
    }
}

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_enable_reaches_every_cpu, back_home),
        cmocka_unit_test_teardown(test_enable_with_a_migration, back_home),
        cmocka_unit_test_teardown(test_disable_with_a_migration, back_home),
        cmocka_unit_test_teardown(test_mask_kept, back_home),
        cmocka_unit_test_teardown(test_no_handler_no_enable, back_home),
        cmocka_unit_test_teardown(test_doorbell_on_everywhere, back_home),
    };
    return cmocka_run_group_tests_name("gic", tests, group_setup, back_home);
}
