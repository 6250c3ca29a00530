/*
 * pl061.h - Arm PrimeCell GPIO (PL061, Arm DDI 0190): 8 pins, each an input or an output, each
 * able to interrupt on a rising, falling or either edge or on a high or low level; one combined
 * interrupt line (GPIOINTR). Registers: drivers/gpio/pl061_regs.h.
 *
 * The platform maps the registers (Device-nGnRE) and hands their address to pl061_init(); the
 * driver knows no kernel and no device tree. It keeps no lock: calls that read-modify-write a
 * register (direction, trigger, mask) must not race each other, so the caller serialises them
 * (the platform does so with interrupts masked, platform/gpio.c). pl061_set, pl061_get and the
 * port accessors are single accesses and safe anywhere.
 *
 * Every pin argument is checked: a pin outside 0..7 or an unknown trigger returns
 * PL061_ERR_ARG and touches no register.
 */
#ifndef DRIVERS_PL061_H
#define DRIVERS_PL061_H

#include <stdbool.h>
#include <stdint.h>

#define PL061_PINS 8

/* Return codes. */
#define PL061_OK      0
#define PL061_ERR_ID  (-1) /* pl061_init: the identification registers are not a PL061's */
#define PL061_ERR_ARG (-2) /* pin outside 0..PL061_PINS-1, or an unknown trigger */

enum pl061_trigger {
    PL061_EDGE_RISING,
    PL061_EDGE_FALLING,
    PL061_EDGE_BOTH,
    PL061_LEVEL_HIGH,
    PL061_LEVEL_LOW,
};

struct pl061 {
    uintptr_t base;     /* virtual address of the registers */
    uint8_t level_pins; /* pins configured level-sensitive (what pl061_irq_take masks) */
};

/* Check the PrimeCell identification (part 0x061, designer Arm, cell ID 0xB105F00D), then mask
 * every pin's interrupt, clear all latched status and put every pin under software control
 * (GPIOAFSEL = 0). Pin directions and output values are left as they are. Returns PL061_OK or
 * PL061_ERR_ID (nothing written then). */
int pl061_init(struct pl061 *g, uintptr_t base);

/* Direction of one pin: output true drives it from the data register, false makes it an input. */
int pl061_set_direction(struct pl061 *g, unsigned int pin, bool output);
/* 1 if `pin` is an output, 0 if an input, or PL061_ERR_ARG. */
int pl061_get_direction(const struct pl061 *g, unsigned int pin);

/* Drive `pin` high (level != 0) or low: one write to the address-masked data register, so it
 * changes no other pin. The device ignores it for an input pin. */
int pl061_set(struct pl061 *g, unsigned int pin, int level);
/* The pin's level: 0 or 1 (an output reads what it drives), or PL061_ERR_ARG. */
int pl061_get(const struct pl061 *g, unsigned int pin);

/* The whole port: bit n is pin n. pl061_write_port changes only the pins in `mask` (outputs). */
uint8_t pl061_read_port(const struct pl061 *g);
void pl061_write_port(struct pl061 *g, uint8_t mask, uint8_t value);

/* Program `pin`'s trigger. The pin is left masked with its latched status cleared (a stale
 * event of the old configuration cannot fire); pl061_irq_unmask() arms it. */
int pl061_irq_config(struct pl061 *g, unsigned int pin, enum pl061_trigger trigger);
int pl061_irq_mask(struct pl061 *g, unsigned int pin);
int pl061_irq_unmask(struct pl061 *g, unsigned int pin);
/* Clear `pin`'s latched status, then unmask it: how a level pin is re-armed after its handler
 * ran. A level still active latches again at once and interrupts anew. */
int pl061_irq_rearm(struct pl061 *g, unsigned int pin);

/* For the interrupt handler: the pins whose interrupt is pending and unmasked (GPIOMIS), each
 * acknowledged as its trigger needs. Edge pins: their latch is cleared (an edge arriving after
 * this is latched again and interrupts again; one arriving between the read and the clear is
 * folded into this take). Level pins: masked, not cleared, because a level still active would
 * latch again at once and the line would storm; the caller re-arms them with
 * pl061_irq_rearm() once the pin's handler has run (platform/gpio.c does this in the handler
 * thread). *level_out (if not NULL) gets which of the returned pins are level pins. After the
 * call no returned pin holds GPIOINTR asserted. 0: nothing pending (a spurious interrupt). */
uint8_t pl061_irq_take(struct pl061 *g, uint8_t *level_out);

/* Raw (GPIORIS) and masked (GPIOMIS) status and the mask (GPIOIE), for tests and reports. */
uint8_t pl061_irq_raw(const struct pl061 *g);
uint8_t pl061_irq_pending(const struct pl061 *g);
uint8_t pl061_irq_enabled(const struct pl061 *g);

#endif /* DRIVERS_PL061_H */
