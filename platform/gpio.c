/*
 * gpio.c - the GPIO API of applications (include/xenrtos/gpio.h) over the PL061 driver
 * (drivers/pl061.h): interrupts deferred to handler threads of the priority each pin asks for,
 * like the Xen layer's event channels (xen/evtchn.c).
 *
 * boot.c maps the controller the tree describes (platform.c) and calls platform_gpio_init()
 * with the mapping; everything else happens here. The file needs no MMU, CPU or tree knowledge,
 * so a host test (tests/host/test_xr_gpio.c) runs it over a register model.
 *
 * Concurrency (one CPU runs the RTOS): every piece of delivery state below, and every
 * read-modify-write of a PL061 register, is changed with interrupts masked, by the interrupt
 * handler or by threads. attach/detach are also serialised among themselves by `lock` (they may
 * create a thread, which cannot be done with interrupts masked).
 */
#include <stdio.h>
#include <string.h>

#include "tx_api.h"
#include "tx_arch.h"

#include "drivers/gic.h"
#include "drivers/pl061.h"
#include "platform/platform.h"
#include "xenrtos/gpio.h"
#include "xenrtos/platform.h"

_Static_assert(XR_GPIO_PINS == PL061_PINS, "one API pin per PL061 pin");
_Static_assert(XR_GPIO_MAX_LEVELS <= 32, "a bit per level in a wake mask");

/* A pin's event is in exactly one place until its handler call begins: the pending bit of the
 * level its handler belongs to (with the event's data in the pin's entry), set by the interrupt
 * handler and taken by the level's thread or dropped by a detach, all with interrupts masked.
 * So an event is never delivered twice, nor to a handler attached after its interrupt. */
struct pin_entry {
    xr_gpio_handler_t fn; /* NULL: detached (the pin is masked) */
    void *arg;
    uint32_t gen; /* attachment number: tells a finishing call whether its attachment is
                   * still the current one (only then does it re-arm a level pin) */
    uint8_t level;
    bool level_trig;
    /* The event being gathered while the pin's bit is pending. */
    uint64_t ev_count;
    uint32_t ev_merged;
    int ev_level;
};

/* One handler thread per priority in use. */
struct level {
    bool used;
    UINT priority;
    uint8_t pending; /* pins with an event for this level */
    bool busy;       /* a handler call is running: of cur_pin, attachment cur_gen */
    uint8_t cur_pin;
    uint32_t cur_gen;
    TX_THREAD thread;
    TX_EVENT_FLAGS_GROUP wake;
    uint8_t stack[XR_GPIO_STACK_SIZE] __attribute__((aligned(16)));
};

static struct pl061 dev;
static bool present;
static paddr_t dev_phys;
static unsigned int dev_irq;
static bool dev_edge; /* the tree says the controller's SPI is edge-triggered */
/* Levels set for pins while they were inputs (the PL061 ignores data writes to inputs), to
 * drive when they become outputs: so that set-then-direction works as callers expect. */
static uint8_t preset_valid;
static uint8_t preset_level;
static struct pin_entry pins[XR_GPIO_PINS];
static struct level levels[XR_GPIO_MAX_LEVELS];
static struct xr_gpio_stats stats;
static TX_MUTEX lock; /* serialises attach/detach (and creation of handler threads) */
static bool lock_ready;

#define WAKE_FLAG 1u

static unsigned long irq_lock(void)
{
    TX_INTERRUPT_SAVE_AREA
    TX_DISABLE
    return (unsigned long)interrupt_save;
}

static void irq_unlock(unsigned long flags)
{
    TX_INTERRUPT_SAVE_AREA
    interrupt_save = flags;
    TX_RESTORE
}

static void wake_levels(uint32_t woken)
{
    while (woken != 0) {
        unsigned int l = (unsigned int)__builtin_ctz(woken);
        woken &= woken - 1;
        (void)tx_event_flags_set(&levels[l].wake, WAKE_FLAG, TX_OR);
    }
}

/* ---- interrupt handler --------------------------------------------------------------------- */

/* Record the pins of one take for their levels; returns the levels to wake. */
static uint32_t record_locked(uint8_t pend, uint64_t now)
{
    uint8_t port = pl061_read_port(&dev);
    uint32_t woken = 0;

    while (pend != 0) {
        unsigned int pin = (unsigned int)__builtin_ctz(pend);
        uint8_t bit = (uint8_t)(1u << pin);
        pend &= (uint8_t)(pend - 1);
        struct pin_entry *e = &pins[pin];
        if (e->fn == NULL) {
            /* Unmasked without a handler (through the driver directly): masked so that it
             * cannot storm; never fatal. */
            (void)pl061_irq_mask(&dev, pin);
            stats.unhandled++;
            continue;
        }
        struct level *lv = &levels[e->level];
        if ((lv->pending & bit) == 0) {
            lv->pending |= bit;
            e->ev_count = now;
            e->ev_merged = 0;
        }
        e->ev_merged++;
        e->ev_level = (port & bit) != 0;
        woken |= 1u << e->level;
    }
    return woken;
}

/* Records the pending pins for their levels and wakes those; the PL061 driver has already
 * acknowledged edge pins and masked level pins (pl061_irq_take), so the line is quiet when this
 * returns. Interrupts stay masked throughout: a handful of loads and stores. */
static void gpio_isr(unsigned int irq, void *unused)
{
    (void)irq;
    (void)unused;
    uint64_t now = xr_counter_now();
    uint32_t woken = 0;
    unsigned int rounds = 0;
    unsigned long flags = irq_lock();

    stats.irqs++;
    uint8_t pend = pl061_irq_take(&dev, NULL);
    if (pend == 0) {
        stats.spurious++;
    }
    while (pend != 0) {
        woken |= record_locked(pend, now);
        /* GPIOINTR is a level. A tree that calls it edge-triggered makes the GIC wait for the
         * next rising edge, which never comes while a pin that became pending after our read
         * keeps the line high: then read until it is low (bounded, a storm is not ours to
         * absorb here). A level-triggered line just interrupts again. */
        pend = dev_edge && ++rounds < PL061_PINS ? pl061_irq_take(&dev, NULL) : 0;
    }
    irq_unlock(flags);
    wake_levels(woken);
}

/* ---- handler threads ---------------------------------------------------------------------- */

/* Take `pin`'s event from `lv` and call its handler; then, for a level pin whose attachment is
 * still the one the event was for, acknowledge and unmask it (it fires again if the level is
 * still active). A level pin detached meanwhile stays masked; one re-attached was armed by that
 * attach. */
static void run_one(struct level *lv, unsigned int pin)
{
    uint8_t bit = (uint8_t)(1u << pin);
    struct pin_entry *e = &pins[pin];
    unsigned long flags = irq_lock();

    if ((lv->pending & bit) == 0) {
        irq_unlock(flags); /* dropped by a detach since the pass began */
        return;
    }
    lv->pending &= (uint8_t)~bit;
    struct xr_gpio_event ev = {
        .pin = pin, .level = e->ev_level, .isr_count = e->ev_count, .merged = e->ev_merged};
    xr_gpio_handler_t fn = e->fn;
    void *arg = e->arg;
    uint32_t gen = e->gen;
    lv->busy = true;
    lv->cur_pin = (uint8_t)pin;
    lv->cur_gen = gen;
    stats.events++;
    irq_unlock(flags);

    fn(&ev, arg);

    flags = irq_lock();
    lv->busy = false;
    if (e->fn != NULL && e->gen == gen && e->level_trig) {
        (void)pl061_irq_rearm(&dev, pin);
    }
    irq_unlock(flags);
}

static void level_thread(ULONG index)
{
    struct level *lv = &levels[index];

    for (;;) {
        unsigned long flags = irq_lock();
        uint8_t todo = lv->pending;
        irq_unlock(flags);
        if (todo == 0) {
            /* An event recorded since the look above has set the flag: no lost wake-up. */
            ULONG actual;
            (void)tx_event_flags_get(&lv->wake, WAKE_FLAG, TX_OR_CLEAR, &actual, TX_WAIT_FOREVER);
            continue;
        }
        /* One call per pending pin per pass, in pin order: a pin that keeps firing does not
         * starve the others of its level. */
        while (todo != 0) {
            unsigned int pin = (unsigned int)__builtin_ctz(todo);
            todo &= (uint8_t)(todo - 1);
            run_one(lv, pin);
        }
    }
}

/* The level of `priority`, its thread created on first use. Caller holds `lock` (or runs in
 * tx_application_define). */
static int level_for(UINT priority, uint8_t *out)
{
    int free_slot = -1;

    if (priority >= TX_MAX_PRIORITIES) {
        return XR_GPIO_EINVAL;
    }
    for (unsigned int i = 0; i < XR_GPIO_MAX_LEVELS; i++) {
        if (levels[i].used && levels[i].priority == priority) {
            *out = (uint8_t)i;
            return XR_GPIO_OK;
        }
        if (!levels[i].used && free_slot < 0) {
            free_slot = (int)i;
        }
    }
    if (free_slot < 0) {
        return XR_GPIO_ENOTHREAD;
    }
    struct level *lv = &levels[free_slot];
    lv->pending = 0;
    lv->busy = false;
    if (tx_event_flags_create(&lv->wake, "xr-gpio") != TX_SUCCESS) {
        return XR_GPIO_ENOTHREAD;
    }
    lv->priority = priority;
    lv->used = true;
    if (tx_thread_create(&lv->thread, "xr-gpio", level_thread, (ULONG)free_slot, lv->stack,
                         sizeof(lv->stack), priority, priority, TX_NO_TIME_SLICE,
                         TX_AUTO_START) != TX_SUCCESS) {
        lv->used = false;
        (void)tx_event_flags_delete(&lv->wake);
        return XR_GPIO_EINVAL;
    }
    *out = (uint8_t)free_slot;
    return XR_GPIO_OK;
}

/* ---- attach / detach ---------------------------------------------------------------------- */

/* Thread context takes `lock`; tx_application_define runs alone and needs none. */
static int enter(bool *locked)
{
    *locked = false;
    if (TX_IN_INIT()) {
        return XR_GPIO_OK;
    }
    if (!TX_IN_THREAD()) {
        return XR_GPIO_ECONTEXT; /* an ISR, a timer expiration, or before the kernel runs */
    }
    unsigned long flags = irq_lock();
    if (!lock_ready) {
        lock_ready = tx_mutex_create(&lock, "xr-gpio", TX_INHERIT) == TX_SUCCESS;
    }
    irq_unlock(flags);
    if (!lock_ready || tx_mutex_get(&lock, TX_WAIT_FOREVER) != TX_SUCCESS) {
        return XR_GPIO_ECONTEXT;
    }
    *locked = true;
    return XR_GPIO_OK;
}

static void leave(bool locked)
{
    if (locked) {
        (void)tx_mutex_put(&lock);
    }
}

static enum pl061_trigger to_pl061(enum xr_gpio_trigger t)
{
    switch (t) {
    case XR_GPIO_EDGE_RISING:
        return PL061_EDGE_RISING;
    case XR_GPIO_EDGE_FALLING:
        return PL061_EDGE_FALLING;
    case XR_GPIO_EDGE_BOTH:
        return PL061_EDGE_BOTH;
    case XR_GPIO_LEVEL_HIGH:
        return PL061_LEVEL_HIGH;
    default:
        return PL061_LEVEL_LOW;
    }
}

int xr_gpio_irq_attach(unsigned int pin, enum xr_gpio_trigger t, xr_gpio_handler_t fn, void *arg,
                       unsigned int priority)
{
    if (!present) {
        return XR_GPIO_ENODEV;
    }
    if (pin >= XR_GPIO_PINS) {
        return XR_GPIO_EPIN;
    }
    if ((unsigned int)t > (unsigned int)XR_GPIO_LEVEL_LOW) {
        return XR_GPIO_ETRIGGER;
    }
    if (fn == NULL) {
        return XR_GPIO_EINVAL;
    }
    bool locked;
    int rc = enter(&locked);
    if (rc != XR_GPIO_OK) {
        return rc;
    }
    struct pin_entry *e = &pins[pin];
    uint8_t level = 0;
    /* Only attach and detach change fn, and they hold the lock: no thread is created for an
     * attach that fails as busy. */
    rc = e->fn != NULL ? XR_GPIO_EBUSY : level_for(priority, &level);
    if (rc == XR_GPIO_OK) {
        unsigned long flags = irq_lock();
        /* Masked and cleared first: what latched while nobody listened is not delivered. */
        (void)pl061_irq_config(&dev, pin, to_pl061(t));
        e->fn = fn;
        e->arg = arg;
        e->level = level;
        e->level_trig = t == XR_GPIO_LEVEL_HIGH || t == XR_GPIO_LEVEL_LOW;
        e->gen++;
        (void)pl061_irq_unmask(&dev, pin);
        irq_unlock(flags);
    }
    leave(locked);
    return rc;
}

int xr_gpio_irq_detach(unsigned int pin)
{
    if (!present) {
        return XR_GPIO_ENODEV;
    }
    if (pin >= XR_GPIO_PINS) {
        return XR_GPIO_EPIN;
    }
    bool locked;
    int rc = enter(&locked);
    if (rc != XR_GPIO_OK) {
        return rc;
    }
    struct pin_entry *e = &pins[pin];
    uint8_t bit = (uint8_t)(1u << pin);
    unsigned long flags = irq_lock();
    if (e->fn == NULL) {
        irq_unlock(flags);
        leave(locked);
        return XR_GPIO_ENOTATT;
    }
    /* Masked before the handler goes: an interrupt already on its way finds nothing pending
     * (counted spurious), none arrives later. */
    (void)pl061_irq_mask(&dev, pin);
    struct level *lv = &levels[e->level];
    if ((lv->pending & bit) != 0) {
        lv->pending &= (uint8_t)~bit;
        stats.cancelled++;
    }
    uint32_t gen = e->gen;
    e->fn = NULL;
    e->arg = NULL;
    irq_unlock(flags);
    leave(locked);

    /* Wait for a call of this attachment still running in its level's thread, unless that
     * call is the caller. Outside the lock: the handler may itself attach or detach pins. The
     * wait is rare (a detach racing its own pin's handler), so a tick's sleep per look does. */
    if (locked && tx_thread_identify() != &lv->thread) {
        for (;;) {
            flags = irq_lock();
            bool running = lv->busy && lv->cur_pin == pin && lv->cur_gen == gen;
            irq_unlock(flags);
            if (!running) {
                break;
            }
            (void)tx_thread_sleep(1);
        }
    }
    return XR_GPIO_OK;
}

/* ---- pins --------------------------------------------------------------------------------- */

bool xr_gpio_present(void)
{
    return present;
}

uint64_t xr_gpio_base_phys(void)
{
    return present ? pa_addr(dev_phys) : 0;
}

int xr_gpio_direction(unsigned int pin, bool output)
{
    if (!present) {
        return XR_GPIO_ENODEV;
    }
    if (pin >= XR_GPIO_PINS) {
        return XR_GPIO_EPIN;
    }
    uint8_t bit = (uint8_t)(1u << pin);
    unsigned long flags = irq_lock(); /* GPIODIR is read-modify-written */
    (void)pl061_set_direction(&dev, pin, output);
    if (output && (preset_valid & bit) != 0) {
        /* Right after the switch: the one write cannot come before it on a PL061. */
        (void)pl061_set(&dev, pin, (preset_level & bit) != 0);
        preset_valid &= (uint8_t)~bit;
    }
    irq_unlock(flags);
    return XR_GPIO_OK;
}

int xr_gpio_set(unsigned int pin, int level)
{
    if (!present) {
        return XR_GPIO_ENODEV;
    }
    if (pin >= XR_GPIO_PINS) {
        return XR_GPIO_EPIN;
    }
    uint8_t bit = (uint8_t)(1u << pin);
    if (pl061_get_direction(&dev, pin) == 1) {
        return pl061_set(&dev, pin, level) == PL061_OK ? XR_GPIO_OK : XR_GPIO_EPIN;
    }
    unsigned long flags = irq_lock();
    if (pl061_get_direction(&dev, pin) == 1) { /* made an output meanwhile */
        (void)pl061_set(&dev, pin, level);
    } else {
        preset_valid |= bit;
        preset_level = level != 0 ? (uint8_t)(preset_level | bit) : (uint8_t)(preset_level & ~bit);
    }
    irq_unlock(flags);
    return XR_GPIO_OK;
}

int xr_gpio_get(unsigned int pin)
{
    if (!present) {
        return XR_GPIO_ENODEV;
    }
    if (pin >= XR_GPIO_PINS) {
        return XR_GPIO_EPIN;
    }
    return pl061_get(&dev, pin);
}

void xr_gpio_get_stats(struct xr_gpio_stats *s)
{
    unsigned long flags = irq_lock();
    *s = stats;
    irq_unlock(flags);
}

/* ---- boot --------------------------------------------------------------------------------- */

int platform_gpio_init(uintptr_t regs, paddr_t phys, unsigned int irq, bool edge)
{
    int rc = pl061_init(&dev, regs);

    if (rc != PL061_OK) {
        printf("gpio: pl061 at %#llx: identification registers are not a PL061's, ignored\n",
               (unsigned long long)pa_addr(phys));
        return -1;
    }
    /* Below the tick's priority, like every interrupt that only hands work to threads. */
    if (gic_irq_register(irq, gpio_isr, NULL, GIC_PRIO_DEFAULT, edge) != 0 ||
        gic_irq_enable(irq) != 0) {
        printf("gpio: cannot attach interrupt %u, pl061 ignored\n", irq);
        return -1;
    }
    dev_phys = phys;
    dev_irq = irq;
    dev_edge = edge;
    present = true;
    return 0;
}

unsigned int platform_gpio_irq(void)
{
    return dev_irq;
}
