/*
 * pl011.h - Arm PL011 / SBSA generic UART (Arm DDI 0183; SBSA generic UART = the subset Xen's
 * vpl011 emulates: DR, FR, RIS, MIS, IMSC, ICR; no baud or line control).
 * Output is polled; input is interrupt-driven into a ring buffer.
 */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PL011_DR        0x000
#define PL011_FR        0x018
#define PL011_IMSC      0x038
#define PL011_RIS       0x03c
#define PL011_MIS       0x040
#define PL011_ICR       0x044
#define PL011_CR        0x030U /* full PL011 only: the SBSA subset (vpl011) faults on it */
#define PL011_PERIPHID0 0xfe0U /* full PL011 only: UARTPeriphID0..3, one byte per word */
#define PL011_CR_UARTEN 0x001U
#define PL011_CR_TXE    0x100U
#define PL011_CR_RXE    0x200U
#define PL011_CR_ON     (PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE)
#define PL011_FR_RXFE   (1U << 4) /* receive FIFO empty */
#define PL011_FR_TXFF   (1U << 5) /* transmit FIFO full */
#define PL011_INT_RX    (1U << 4)
#define PL011_INT_RT    (1U << 6) /* receive timeout */
#define PL011_DR_ERRORS 0xf00     /* overrun, break, parity, framing */

#define PL011_RX_RING   256

struct pl011 {
    uintptr_t base; /* virtual address of the registers */
    char rx[PL011_RX_RING];
    volatile unsigned int rx_head; /* written by the interrupt handler */
    volatile unsigned int rx_tail; /* written by the reader */
    volatile unsigned long rx_dropped;
    volatile unsigned long rx_errors;
};

/* Start the UART at `base`. `full`: a real PL011 (device tree `arm,pl011`), whose peripheral ID
 * is checked (part 0x011, designer Arm) and whose transmitter and receiver are enabled; the SBSA
 * subset (`arm,sbsa-uart`) has neither register. Returns 0, or -1 (nothing written) when a
 * `full` UART does not identify as a PL011. */
int pl011_init(struct pl011 *u, uintptr_t base, bool full);
void pl011_write(struct pl011 *u, const char *buf, size_t len);
/* Interrupt handler: drains the receive FIFO into the ring. */
void pl011_irq(struct pl011 *u);
/* Copies up to len received bytes; returns how many. Call with the UART interrupt masked or
 * from one reader only (single producer, single consumer ring). */
size_t pl011_read(struct pl011 *u, char *buf, size_t len);

#endif /* DRIVERS_PL011_H */
