/*
 * console.c - the RTOS console: Xen's console_io hypercall (`hvc`, also the emergency console)
 * or a UART: Xen's emulated SBSA UART (vpl011) or, bare metal, a real PL011 (`pl011`). Chosen by
 * `console=hvc|pl011` in /chosen/bootargs, otherwise the UART when the tree has one, else hvc.
 * Without a hypervisor node the emergency console is the PL011 too: there is no console_io.
 */
#include <stdio.h>
#include <string.h>

#include "xen_hypercall.h"

#include "arch/arch.h"
#include "arch/mmu.h"
#include "arch/spinlock.h"
#include "arch/sysreg.h"
#include "drivers/gic.h"
#include "drivers/pl011.h"
#include "platform/platform.h"

static struct pl011 uart;
static bool uart_ready;
static bool uart_emergency; /* bare metal: panics and fault reports go to the PL011, polled */
static struct arch_spinlock console_lock = ARCH_SPINLOCK_INIT;

void platform_emergency_write(const char *buf, size_t len)
{
    /* No lock: a panic must get out even if the CPU that holds the console lock is the one
     * that faulted. Polled writes of whole chunks need no driver state beyond the base. */
    if (uart_emergency) {
        pl011_write(&uart, buf, len);
    } else {
        /* Xen copies at most a page-sized chunk per call from a mapped buffer; our chunks are
         * printf's line buffer, so one call each. */
        (void)xen_console_write(buf, (unsigned int)len);
    }
}

static void console_write(const char *buf, size_t len)
{
    /* Whole chunks: lines from threads, ISRs and other CPUs do not mix. */
    uint64_t daif = arch_spin_lock_irqsave(&console_lock);

    if (platform.console == CONSOLE_PL011 && uart_ready) {
        pl011_write(&uart, buf, len);
    } else {
        platform_emergency_write(buf, len);
    }
    arch_spin_unlock_irqrestore(&console_lock, daif);
}

static void uart_irq(unsigned int irq, void *arg)
{
    (void)irq;
    pl011_irq(arg);
}

void platform_console_init(void)
{
    lib_set_console(console_write);
    if (!platform.uart_present) {
        return;
    }
    vaddr_t base = mmu_map_phys(platform.uart.base, platform.uart.size, PROT_DEVICE);
    if (va_addr(base) == 0) {
        platform.console = CONSOLE_HVC;
        printf("console: cannot map the UART, staying on hvc\n");
        return;
    }
    if (pl011_init(&uart, va_addr(base), platform.uart_pl011) != 0) {
        platform.uart_present = false;
        platform.console = CONSOLE_HVC;
        (void)printf("console: arm,pl011 at %#llx does not identify as a PL011, not used\n",
                     (unsigned long long)pa_addr(platform.uart.base));
    } else {
        uart_ready = true;
        /* A real PL011 without Xen: console_io does not exist (bare metal QEMU answers the HVC
         * as an unknown PSCI call), so fault reports need the UART. */
        uart_emergency = platform.uart_pl011 && !platform.xen_present;
        if (gic_irq_register(platform.uart_irq, uart_irq, &uart, GIC_PRIO_DEFAULT, false) == 0) {
            (void)gic_irq_enable(platform.uart_irq);
        }
    }
}

const char *platform_console_name(void)
{
    return platform.console == CONSOLE_PL011 ? "pl011" : "hvc";
}

size_t platform_console_read(char *buf, size_t len)
{
    if (!uart_ready) {
        return 0;
    }
    return pl011_read(&uart, buf, len);
}
