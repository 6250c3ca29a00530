/*
 * pl061.c - Arm PrimeCell GPIO (PL061) driver (see drivers/pl061.h; registers: Arm DDI 0190B,
 * chapter 3, in pl061_regs.h).
 */
#include <stddef.h>

#include "drivers/pl061.h"

#include "arch/mmio.h"
#include "pl061_regs.h"

static bool pin_ok(unsigned int pin)
{
    return pin < PL061_PINS;
}

static uint8_t reg_read(const struct pl061 *g, uintptr_t off)
{
    return (uint8_t)(mmio_read32(g->base + off) & 0xffu);
}

static void reg_write(struct pl061 *g, uintptr_t off, uint8_t v)
{
    mmio_write32(g->base + off, v);
}

/* Set or clear the bits of `bits` in a read-write register. */
static void reg_update(struct pl061 *g, uintptr_t off, uint8_t bits, bool set)
{
    uint8_t v = reg_read(g, off);

    reg_write(g, off, set ? (uint8_t)(v | bits) : (uint8_t)(v & ~bits));
}

static bool id_ok(uintptr_t base)
{
    uint32_t p[4];
    uint32_t cell = 0;

    for (unsigned int i = 0; i < 4; i++) {
        p[i] = mmio_read32(base + PL061_PERIPH_ID(i)) & 0xffu;
        cell |= (mmio_read32(base + PL061_PCELL_ID(i)) & 0xffu) << (8 * i);
    }
    uint32_t part = p[0] | ((p[1] & 0xfu) << 8);
    uint32_t designer = (p[1] >> 4) | ((p[2] & 0xfu) << 4);
    return part == PL061_PART_NUMBER && designer == PL061_DESIGNER && p[3] == 0 &&
           cell == PL061_PCELL_VALUE;
}

int pl061_init(struct pl061 *g, uintptr_t base)
{
    if (!id_ok(base)) {
        return PL061_ERR_ID;
    }
    g->base = base;
    /* Nothing may interrupt before somebody configured and unmasked a pin; what was latched
     * before we owned the device belongs to nobody. */
    reg_write(g, PL061_IE, 0);
    reg_write(g, PL061_IC, 0xff);
    reg_write(g, PL061_AFSEL, 0);
    g->level_pins = reg_read(g, PL061_IS);
    return PL061_OK;
}

int pl061_set_direction(struct pl061 *g, unsigned int pin, bool output)
{
    if (!pin_ok(pin)) {
        return PL061_ERR_ARG;
    }
    reg_update(g, PL061_DIR, (uint8_t)(1u << pin), output);
    return PL061_OK;
}

int pl061_get_direction(const struct pl061 *g, unsigned int pin)
{
    if (!pin_ok(pin)) {
        return PL061_ERR_ARG;
    }
    uint32_t bit = (reg_read(g, PL061_DIR) >> pin) & 1u;
    return (int)bit;
}

int pl061_set(struct pl061 *g, unsigned int pin, int level)
{
    if (!pin_ok(pin)) {
        return PL061_ERR_ARG;
    }
    uint8_t bit = (uint8_t)(1u << pin);
    reg_write(g, PL061_DATA(bit), level != 0 ? bit : 0);
    return PL061_OK;
}

int pl061_get(const struct pl061 *g, unsigned int pin)
{
    if (!pin_ok(pin)) {
        return PL061_ERR_ARG;
    }
    uint8_t bit = (uint8_t)(1u << pin);
    return (reg_read(g, PL061_DATA(bit)) & bit) != 0;
}

uint8_t pl061_read_port(const struct pl061 *g)
{
    return reg_read(g, PL061_DATA_ALL);
}

void pl061_write_port(struct pl061 *g, uint8_t mask, uint8_t value)
{
    reg_write(g, PL061_DATA(mask), value);
}

int pl061_irq_config(struct pl061 *g, unsigned int pin, enum pl061_trigger trigger)
{
    bool level;
    bool both = false;
    bool high; /* rising edge or high level */

    switch (trigger) {
    case PL061_EDGE_RISING:
        level = false;
        high = true;
        break;
    case PL061_EDGE_FALLING:
        level = false;
        high = false;
        break;
    case PL061_EDGE_BOTH:
        level = false;
        both = true;
        high = false;
        break;
    case PL061_LEVEL_HIGH:
        level = true;
        high = true;
        break;
    case PL061_LEVEL_LOW:
        level = true;
        high = false;
        break;
    default:
        return PL061_ERR_ARG;
    }
    if (!pin_ok(pin)) {
        return PL061_ERR_ARG;
    }
    uint8_t bit = (uint8_t)(1u << pin);
    /* Masked while the sense changes: the intermediate states may latch a status (a level
     * sense written before its polarity, say), which the clear below drops. */
    reg_update(g, PL061_IE, bit, false);
    reg_update(g, PL061_IS, bit, level);
    reg_update(g, PL061_IBE, bit, both);
    reg_update(g, PL061_IEV, bit, high);
    reg_write(g, PL061_IC, bit);
    g->level_pins = level ? (uint8_t)(g->level_pins | bit) : (uint8_t)(g->level_pins & ~bit);
    return PL061_OK;
}

int pl061_irq_mask(struct pl061 *g, unsigned int pin)
{
    if (!pin_ok(pin)) {
        return PL061_ERR_ARG;
    }
    reg_update(g, PL061_IE, (uint8_t)(1u << pin), false);
    return PL061_OK;
}

int pl061_irq_unmask(struct pl061 *g, unsigned int pin)
{
    if (!pin_ok(pin)) {
        return PL061_ERR_ARG;
    }
    reg_update(g, PL061_IE, (uint8_t)(1u << pin), true);
    return PL061_OK;
}

int pl061_irq_rearm(struct pl061 *g, unsigned int pin)
{
    if (!pin_ok(pin)) {
        return PL061_ERR_ARG;
    }
    uint8_t bit = (uint8_t)(1u << pin);
    /* Clear before unmasking: a level that went away while the pin was masked must not fire
     * from its stale latch; one still active latches again and fires, as it should. */
    reg_write(g, PL061_IC, bit);
    reg_update(g, PL061_IE, bit, true);
    return PL061_OK;
}

uint8_t pl061_irq_take(struct pl061 *g, uint8_t *level_out)
{
    uint8_t pending = reg_read(g, PL061_MIS);
    uint8_t level = pending & g->level_pins;
    uint8_t edge = pending & (uint8_t)~g->level_pins;

    if (level != 0) {
        /* Masked until the caller re-arms them after their handler (pl061_irq_rearm): a level
         * still active would latch again as soon as it is cleared. */
        reg_update(g, PL061_IE, level, false);
    }
    if (edge != 0) {
        /* Only the pins just read: an edge on another pin since the read stays latched. */
        reg_write(g, PL061_IC, edge);
    }
    if (level_out != NULL) {
        *level_out = level;
    }
    return pending;
}

uint8_t pl061_irq_raw(const struct pl061 *g)
{
    return reg_read(g, PL061_RIS);
}

uint8_t pl061_irq_pending(const struct pl061 *g)
{
    return reg_read(g, PL061_MIS);
}

uint8_t pl061_irq_enabled(const struct pl061 *g)
{
    return reg_read(g, PL061_IE);
}
