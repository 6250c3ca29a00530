/*
 * model_pl061.c - the PL061 register model (model_pl061.h) and the host's MMIO accessors
 * (tests/host/arch/mmio.h) that reach it.
 */
#include "model_pl061.h"

#include <string.h>

#include "arch/mmio.h"

struct model_pl061 model_pl061;

/* TRM 3.3.11-3.3.18: part 0x061, designer 0x41 (Arm), revision 1, configuration 0; 0xB105F00D. */
static const uint8_t pl061_id[8] = {0x61, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

void model_pl061_reset(void)
{
    memset(&model_pl061, 0, sizeof(model_pl061));
    memcpy(model_pl061.id, pl061_id, sizeof(pl061_id));
}

uint8_t model_pl061_levels(void)
{
    struct model_pl061 *m = &model_pl061;

    return (uint8_t)((m->out & m->dir) | (m->in & ~m->dir));
}

/* Latch what the pins' levels now say: edges of inputs since the last update, then every
 * level condition (outputs too). */
static void update(void)
{
    struct model_pl061 *m = &model_pl061;
    uint8_t level = model_pl061_levels();
    uint8_t changed = (uint8_t)((level ^ m->prev_level) & ~m->dir);
    uint8_t edge_pins = (uint8_t)(changed & ~m->is);

    /* Both edges, or the one GPIOIEV selects (rising: new level 1; falling: new level 0). */
    m->ris |= (uint8_t)(edge_pins & (m->ibe | ~(level ^ m->iev)));
    m->ris |= (uint8_t)(~(level ^ m->iev) & m->is);
    m->prev_level = level;
}

void model_pl061_drive(unsigned int pin, int level)
{
    uint8_t bit = (uint8_t)(1u << (pin & 7u));

    model_pl061.in = level ? (uint8_t)(model_pl061.in | bit) : (uint8_t)(model_pl061.in & ~bit);
    update();
}

bool model_pl061_irq_line(void)
{
    return (model_pl061.ris & model_pl061.ie) != 0;
}

static bool ours(uintptr_t addr, uintptr_t *off)
{
    if (addr < MODEL_PL061_BASE || addr - MODEL_PL061_BASE >= 0x1000 || (addr & 3u) != 0) {
        model_pl061.bad_accesses++;
        return false;
    }
    *off = addr - MODEL_PL061_BASE;
    return true;
}

uint32_t mmio_read32(uintptr_t addr)
{
    struct model_pl061 *m = &model_pl061;
    uintptr_t off;

    if (!ours(addr, &off)) {
        return 0;
    }
    if (off < 0x400) {
        return model_pl061_levels() & (off >> 2);
    }
    if (off >= 0xfe0) {
        return m->id[(off - 0xfe0) / 4];
    }
    switch (off) {
    case 0x400:
        return m->dir;
    case 0x404:
        return m->is;
    case 0x408:
        return m->ibe;
    case 0x40c:
        return m->iev;
    case 0x410:
        return m->ie;
    case 0x414:
        return m->ris;
    case 0x418: {
        uint32_t mis = (uint32_t)(m->ris & m->ie);
        if (m->after_mis_read != NULL) {
            m->after_mis_read();
        }
        return mis;
    }
    case 0x420:
        return m->afsel;
    default:
        m->bad_accesses++; /* GPIOIC is write-only; the rest is reserved */
        return 0;
    }
}

void mmio_write32(uintptr_t addr, uint32_t v)
{
    struct model_pl061 *m = &model_pl061;
    uintptr_t off;
    uint8_t b = (uint8_t)v;

    if (!ours(addr, &off)) {
        return;
    }
    m->writes++;
    if (off < 0x400) {
        uint8_t mask = (uint8_t)((off >> 2) & m->dir);
        m->out = (uint8_t)((m->out & ~mask) | (b & mask));
        update();
        return;
    }
    switch (off) {
    case 0x400:
        m->dir = b;
        break;
    case 0x404:
        m->is = b;
        break;
    case 0x408:
        m->ibe = b;
        break;
    case 0x40c:
        m->iev = b;
        break;
    case 0x410:
        m->ie = b;
        break;
    case 0x41c:
        m->ic_writes++;
        m->ris &= (uint8_t)~b;
        break;
    case 0x420:
        m->afsel = b;
        break;
    default:
        m->bad_accesses++; /* read-only (RIS, MIS, IDs) or reserved */
        return;
    }
    update();
}

/* No driver under test uses other widths: each access is a finding. */
uint8_t mmio_read8(uintptr_t addr)
{
    (void)addr;
    model_pl061.bad_accesses++;
    return 0;
}

void mmio_write8(uintptr_t addr, uint8_t v)
{
    (void)addr;
    (void)v;
    model_pl061.bad_accesses++;
}

uint64_t mmio_read64(uintptr_t addr)
{
    (void)addr;
    model_pl061.bad_accesses++;
    return 0;
}

void mmio_write64(uintptr_t addr, uint64_t v)
{
    (void)addr;
    (void)v;
    model_pl061.bad_accesses++;
}
