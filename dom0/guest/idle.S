/*
 * A dom0less guest that stays alive: the stand-in for the RTOS beside the Linux dom0 until the
 * RTOS image runs under Xen. dom0's checks (xl list, cpupools, XenStore) need a domain that is
 * running, and the boot kit's fixture guests power themselves off.
 *
 * Entered by Xen at guest RAM base 0x40000000 + text_offset (0) with the MMU off and x0 = DTB.
 * Prints "idle: up" on the emulated PL011 (vpl011), then waits for interrupts forever (none is
 * enabled, so wfi only returns on spurious wake-ups).
 */

/* PL011 TRM (DDI 0183): data register, flag register with FR.TXFF = transmit FIFO full. */
#define GUEST_PL011_BASE   0x22000000  /* xen/arch-arm.h */
#define UART_DR            0x00
#define UART_FR            0x18
#define UART_FR_TXFF_SHIFT 5

    .section .text.head, "ax"
    .globl _head
_head:
    /* arm64 Image header (the layout Xen's kernel_zimage64_probe() checks) */
    b       entry                   /* code0 */
    .long   0                       /* code1 */
    .quad   0                       /* text_offset */
    .quad   _end - _head            /* image_size */
    .quad   0xa                     /* flags: little-endian, 4K pages, placement anywhere */
    .quad   0, 0, 0                 /* res2..res4 */
    .ascii  "ARM\x64"               /* magic, offset 0x38 */
    .long   0                       /* res5 */

/*
 * void entry(paddr_t dtb)
 * MMU and caches off, no stack. Clobbers x0, x4..x6.
 */
entry:
    adr     x0, msg_up              /* MMU off: PC-relative address == guest-physical address */
    mov     x4, #GUEST_PL011_BASE
1:  ldrb    w5, [x0], #1
    cbz     w5, 3f
2:  ldr     w6, [x4, #UART_FR]      /* vpl011 reports TXFF while its ring is full */
    tbnz    w6, #UART_FR_TXFF_SHIFT, 2b
    strb    w5, [x4, #UART_DR]
    b       1b
3:  wfi
    b       3b

msg_up:
    .asciz  "idle: up\r\n"
    .balign 8
_end:
