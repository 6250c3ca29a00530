/*
 * pl061_regs.h - registers of the Arm PrimeCell GPIO (PL061), from its Technical Reference
 * Manual (Arm DDI 0190B), chapter 3 "Programmer's Model". Private to drivers/gpio.
 * Every register is 8 bits wide in a 32-bit word (bits [31:8] read as zero); bit n is pin n.
 */
#ifndef DRIVERS_PL061_REGS_H
#define DRIVERS_PL061_REGS_H

#include <stdint.h>

/* 3.3.1 GPIODATA: address-masked. Offset bits [9:2] select the pins an access touches: a read
 * at (mask << 2) returns the pins in mask (others read 0), a write there changes only them (and
 * only those configured as outputs). 0x000-0x3fc. */
#define PL061_DATA(mask) ((uintptr_t)((mask)&0xffu) << 2)
#define PL061_DATA_ALL   PL061_DATA(0xffu) /* 0x3fc: the whole port */

#define PL061_DIR        0x400 /* 3.3.2 GPIODIR: 1 = output, 0 = input (reset) */
#define PL061_IS         0x404 /* 3.3.3 GPIOIS: 1 = level-sensitive, 0 = edge-sensitive */
#define PL061_IBE        0x408 /* 3.3.4 GPIOIBE: 1 = both edges (overrides GPIOIEV), edge pins only */
#define PL061_IEV        0x40c /* 3.3.5 GPIOIEV: 1 = rising edge / high level, 0 = falling / low */
#define PL061_IE         0x410 /* 3.3.6 GPIOIE: 1 = interrupt unmasked (reaches GPIOINTR) */
#define PL061_RIS        0x414 /* 3.3.7 GPIORIS: raw status, read-only, latched whatever GPIOIE says */
#define PL061_MIS        0x418 /* 3.3.8 GPIOMIS: GPIORIS & GPIOIE, read-only */
#define PL061_IC         0x41c /* 3.3.9 GPIOIC: write 1 clears the latched status, write-only */
#define PL061_AFSEL      0x420 /* 3.3.10 GPIOAFSEL: 1 = pin under hardware (alternate) control */

/* 3.3.11-3.3.14 GPIOPeriphID0-3 and 3.3.15-3.3.18 GPIOPCellID0-3: one byte each in the low 8
 * bits of consecutive words. */
#define PL061_PERIPH_ID(n) (0xfe0 + 4 * (n))
#define PL061_PCELL_ID(n)  (0xff0 + 4 * (n))

/* Expected identification (3.3.11-3.3.18): part number 0x061 (PeriphID0 [7:0] and PeriphID1
 * [3:0]), designer 0x41 = Arm (PeriphID1 [7:4] and PeriphID2 [3:0]), configuration 0
 * (PeriphID3); the revision (PeriphID2 [7:4]) may be anything. The PrimeCell ID is 0xB105F00D
 * (PCellID3..0). */
#define PL061_PART_NUMBER 0x061u
#define PL061_DESIGNER    0x41u
#define PL061_PCELL_VALUE 0xb105f00du

#endif /* DRIVERS_PL061_REGS_H */
