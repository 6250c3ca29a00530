/*
 * xenrtos/gpio.h - the GPIO pins of the machine (on the Xen guest: a PL061 passed through to the
 * domain, found in the device tree), for applications. Implemented by platform/gpio.c.
 *
 * Pins are 0..XR_GPIO_PINS-1. Every call checks its arguments and returns a negative XR_GPIO_E*
 * code instead of faulting; without a GPIO controller every call but the queries returns
 * XR_GPIO_ENODEV.
 *
 * Interrupts are deferred, like event channels: the interrupt handler only records which pins
 * fired (with the counter value at its entry), masks level-triggered pins and wakes the handler
 * thread of each pin's priority; the handler runs in that thread, so it may block and call any
 * service, and a thread of higher priority than a pin's handler is never delayed by that pin
 * beyond the few instructions of the interrupt handler. One handler thread exists per distinct
 * priority in use (at most XR_GPIO_MAX_LEVELS, each with a static stack of XR_GPIO_STACK_SIZE
 * bytes), created by the first attach with that priority.
 *
 * Delivery:
 * - Edge triggers: the pin stays armed while its handler runs; interrupts that arrive before the
 *   handler is called are folded into one event (`merged` counts them), one that arrives while
 *   it runs gives a new event after it. Edges are detected on inputs only.
 * - Level triggers: the pin is masked from its interrupt until its handler has returned; then it
 *   is acknowledged and unmasked, and fires again at once if the level is still active. Level
 *   triggers apply to outputs too: an output configured XR_GPIO_LEVEL_HIGH and driven high
 *   interrupts, which is how software can raise a real device interrupt itself (self-tests,
 *   latency measurements); the handler drives it low again, or it keeps firing.
 * - No event is delivered twice, and none is delivered to a handler other than the one attached
 *   when its interrupt arrived. Interrupts from before an attach (the pin is masked while
 *   detached) are discarded by the attach.
 */
#ifndef XENRTOS_GPIO_H
#define XENRTOS_GPIO_H

#include <stdbool.h>
#include <stdint.h>

#define XR_GPIO_PINS 8
#ifndef XR_GPIO_MAX_LEVELS
#define XR_GPIO_MAX_LEVELS 4 /* distinct handler thread priorities */
#endif
#ifndef XR_GPIO_STACK_SIZE
#define XR_GPIO_STACK_SIZE 4096 /* bytes, per handler thread */
#endif

/* Return codes: 0 is success. */
#define XR_GPIO_OK        0
#define XR_GPIO_ENODEV    (-1) /* no GPIO controller in the device tree (or it failed its check) */
#define XR_GPIO_EPIN      (-2) /* pin outside 0..XR_GPIO_PINS-1 */
#define XR_GPIO_ETRIGGER  (-3) /* unknown enum xr_gpio_trigger value */
#define XR_GPIO_EINVAL    (-4) /* NULL handler, or a priority ThreadX refuses */
#define XR_GPIO_ENOTHREAD (-5) /* XR_GPIO_MAX_LEVELS handler threads, all at other priorities */
#define XR_GPIO_EBUSY     (-6) /* attach: the pin already has a handler (detach it first) */
#define XR_GPIO_ENOTATT   (-7) /* detach: the pin has no handler */
#define XR_GPIO_ECONTEXT  (-9) /* attach/detach from an interrupt or timer expiration */

enum xr_gpio_trigger {
    XR_GPIO_EDGE_RISING,
    XR_GPIO_EDGE_FALLING,
    XR_GPIO_EDGE_BOTH,
    XR_GPIO_LEVEL_HIGH,
    XR_GPIO_LEVEL_LOW,
};

struct xr_gpio_event {
    unsigned int pin;
    int level;          /* the pin's level read by the interrupt handler (at the latest of the
                         * merged interrupts) */
    uint64_t isr_count; /* xr_counter_now() at the entry of the interrupt handler that recorded
                         * the event (the first of the merged interrupts) */
    uint32_t merged;    /* interrupts of this pin folded into this event (1 unless an edge pin
                         * interrupted again before its handler was called) */
};

/* Runs in the handler thread of the pin's priority: may block, may call any service (including
 * xr_gpio_* on any pin, even detaching its own). */
typedef void (*xr_gpio_handler_t)(const struct xr_gpio_event *ev, void *arg);

struct xr_gpio_stats {
    uint64_t irqs;      /* GPIO controller interrupts taken */
    uint64_t events;    /* handler calls made */
    uint64_t unhandled; /* pin interrupts found for a pin without handler (the pin was masked;
                         * possible only if the pin was unmasked behind this API's back) */
    uint64_t spurious;  /* controller interrupts that found no pin pending (e.g. the pin was
                         * masked by a detach while the interrupt was on its way) */
    uint64_t cancelled; /* events recorded but dropped by a detach before their handler ran */
};

/* A GPIO controller was found in the device tree and passed its identification check. */
bool xr_gpio_present(void);
/* Its guest-physical base address (0 if absent), for tests and reports. */
uint64_t xr_gpio_base_phys(void);

/* Make `pin` an output or an input. An output drives the level last given to xr_gpio_set (set
 * first, then make it an output: on a PL061 the level is written just after the switch, so the
 * pin shows its previous data value for one register write). Any context. */
int xr_gpio_direction(unsigned int pin, bool output);
/* Drive `pin` high (level != 0) or low: on an output one register write that changes no other
 * pin; on an input the level is kept for when it becomes an output. Any context, interrupt
 * handlers included. */
int xr_gpio_set(unsigned int pin, int level);
/* The pin's level, 0 or 1 (an output reads what it drives), or a negative code. Any context. */
int xr_gpio_get(unsigned int pin);

/* Call fn(ev, arg) in a handler thread of ThreadX priority `priority` for each event of `pin`
 * with trigger `t`, then arm the pin. The first attach with a priority creates its handler
 * thread. Thread context or tx_application_define only (XR_GPIO_ECONTEXT from an interrupt or a
 * timer expiration function). The pin's direction is not changed. */
int xr_gpio_irq_attach(unsigned int pin, enum xr_gpio_trigger t, xr_gpio_handler_t fn, void *arg,
                       unsigned int priority);
/* Mask `pin` and remove its handler; an event recorded and not yet handled is dropped (counted
 * in `cancelled`). When it returns the handler is not running and will not be called again,
 * unless it is called from that handler itself (then the running call just finishes). Thread
 * context or tx_application_define only. The handler thread stays, for the next attach. */
int xr_gpio_irq_detach(unsigned int pin);

/* A consistent copy of the counters. Any context. */
void xr_gpio_get_stats(struct xr_gpio_stats *s);

#endif /* XENRTOS_GPIO_H */
