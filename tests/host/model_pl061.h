/*
 * model_pl061.h - a register model of the Arm PrimeCell GPIO (PL061), written from its TRM (Arm
 * DDI 0190B, chapter 3) plus what QEMU's emulation (the device the RTOS meets on virt) does where
 * the TRM leaves it open. The driver reaches it through tests/host/arch/mmio.h: every 32-bit
 * access in [MODEL_PL061_BASE, +0x1000) is a register access; any other access, width or offset
 * is recorded in model_pl061.bad_accesses (tests assert there are none).
 *
 * Semantics modelled:
 * - GPIODATA is address-masked: offset bits [9:2] select the pins. A read returns the selected
 *   pins' levels; a write changes the driven value of the selected pins that are outputs only.
 * - A pin's level is its driven value if it is an output, else what the outside drives
 *   (model_pl061_drive).
 * - Edges are detected on inputs only (a level change of an input pin, by its trigger).
 * - Level senses apply to every pin, outputs included: a level-high output driven high latches
 *   its status. GPIORIS latches whatever GPIOIE says; GPIOIC clears it, and a level condition
 *   still true latches it again at once.
 * - The interrupt line is GPIORIS & GPIOIE != 0.
 */
#ifndef MODEL_PL061_H
#define MODEL_PL061_H

#include <stdbool.h>
#include <stdint.h>

#define MODEL_PL061_BASE ((uintptr_t)0x9030000u)

struct model_pl061 {
    uint8_t out; /* driven values (meaningful for outputs) */
    uint8_t in;  /* levels driven from outside (meaningful for inputs) */
    uint8_t dir, is, ibe, iev, ie, ris, afsel;
    uint8_t prev_level; /* pin levels at the last update, for edge detection */
    uint8_t id[8];      /* PeriphID0-3, PCellID0-3 */
    unsigned writes;    /* register writes, all offsets */
    unsigned ic_writes; /* writes to GPIOIC */
    unsigned bad_accesses;
    /* Called after each read of GPIOMIS (NULL: nothing): lets a test change the pins between
     * the driver's read and what it does next. */
    void (*after_mis_read)(void);
};

extern struct model_pl061 model_pl061;

/* Reset values (TRM: all registers 0) and a PL061's identification. */
void model_pl061_reset(void);
/* Drive input `pin` from outside (it has no effect on the pin's level while it is an output). */
void model_pl061_drive(unsigned int pin, int level);
/* Levels of the 8 pins as the outside sees them. */
uint8_t model_pl061_levels(void);
/* GPIOINTR. */
bool model_pl061_irq_line(void);

#endif /* MODEL_PL061_H */
