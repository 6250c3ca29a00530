/*
 * pl011.c - PL011 / SBSA UART driver (see pl011.h).
 */
#include "drivers/pl011.h"

#include "arch/mmio.h"

void pl011_init(struct pl011 *u, uintptr_t base)
{
    u->base = base;
    u->rx_head = 0;
    u->rx_tail = 0;
    mmio_write32(base + PL011_ICR, 0x7ff);
    mmio_write32(base + PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
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
