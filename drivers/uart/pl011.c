/*
 * pl011.c - PL011 / SBSA UART driver (see pl011.h).
 */
#include "drivers/pl011.h"

#include "arch/mmio.h"

/* PrimeCell identification (PL011 TRM 3.3.14): part number 0x011 in ID0 and ID1's low nibble,
 * designer 0x41 ('A', Arm) across ID1's high and ID2's low nibble; the revision is not checked. */
static bool is_pl011(uintptr_t base)
{
    uint32_t id0 = mmio_read32(base + PL011_PERIPHID0) & 0xffU;
    uint32_t id1 = mmio_read32(base + PL011_PERIPHID0 + 4U) & 0xffU;
    uint32_t id2 = mmio_read32(base + PL011_PERIPHID0 + 8U) & 0xffU;
    uint32_t part = id0 | ((id1 & 0x0fU) << 8U);
    uint32_t designer = (id1 >> 4U) | ((id2 & 0x0fU) << 4U);

    return (part == 0x011U) && (designer == 0x41U);
}

int pl011_init(struct pl011 *u, uintptr_t base, bool full)
{
    int rc = 0;

    if (full && !is_pl011(base)) {
        rc = -1;
    } else {
        if (full) {
            /* Baud rate and line format stay as firmware (or the machine's reset) left them:
             * they need the UART clock, which whoever set up the line knows. Only make sure
             * the UART sends and receives. */
            uint32_t cr = mmio_read32(base + PL011_CR);
            if ((cr & PL011_CR_ON) != PL011_CR_ON) {
                mmio_write32(base + PL011_CR, cr | PL011_CR_ON);
            }
        }
        u->base = base;
        u->rx_head = 0;
        u->rx_tail = 0;
        mmio_write32(base + PL011_ICR, 0x7ff);
        mmio_write32(base + PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
    }
    return rc;
}

void pl011_write(struct pl011 *u, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\n') {
            while (mmio_read32(u->base + PL011_FR) & PL011_FR_TXFF) {
            }
            mmio_write32(u->base + PL011_DR, '\r');
        }
        while (mmio_read32(u->base + PL011_FR) & PL011_FR_TXFF) {
        }
        mmio_write32(u->base + PL011_DR, (uint8_t)buf[i]);
    }
}

void pl011_irq(struct pl011 *u)
{
    while ((mmio_read32(u->base + PL011_FR) & PL011_FR_RXFE) == 0) {
        uint32_t d = mmio_read32(u->base + PL011_DR);
        if (d & PL011_DR_ERRORS) {
            u->rx_errors++;
            continue;
        }
        unsigned int next = (u->rx_head + 1) % PL011_RX_RING;
        if (next == u->rx_tail) {
            u->rx_dropped++;
            continue;
        }
        u->rx[u->rx_head] = (char)d;
        __asm__ volatile("dmb ish" ::: "memory"); /* data before index */
        u->rx_head = next;
    }
    mmio_write32(u->base + PL011_ICR, PL011_INT_RX | PL011_INT_RT);
}

size_t pl011_read(struct pl011 *u, char *buf, size_t len)
{
    size_t n = 0;

    while (n < len && u->rx_tail != u->rx_head) {
        __asm__ volatile("dmb ish" ::: "memory"); /* index before data */
        buf[n++] = u->rx[u->rx_tail];
        u->rx_tail = (u->rx_tail + 1) % PL011_RX_RING;
    }
    return n;
}
