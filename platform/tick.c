/*
 * tick.c - the kernel tick on the generic timer's EL1 virtual timer (drivers/timer).
 *
 * While threads run the timer fires every tick. In idle it is programmed for the next expiry
 * the kernel reports (_tx_timer_ticks_to_next()), or masked when nothing is due; elapsed ticks
 * are always derived from the counter, never from the number of interrupts, so late or skipped
 * interrupts lose no time.
 * With several cores the tick stays periodic while the boot CPU idles: a thread on another core
 * may start a timer at any moment, and only the boot CPU's timer drives the kernel's time.
 */
#include <stdio.h>

#include "tx_api.h"
#include "tx_arch.h"

#include "arch/arch.h"
#include "arch/counter.h"
#include "arch/sysreg.h"
#include "drivers/arm_generic_timer.h"
#include "drivers/gic.h"
#include "platform/platform.h"

static uint64_t freq;
static uint64_t cycles_per_tick;
static uint64_t tick_base; /* counter value of the last tick boundary accounted */
static bool idle_mode;

/* Account every whole tick since tick_base, in chunks the kernel accepts. IRQs masked, inside
 * the interrupt contract (system state > 0). */
static void account_ticks(void)
{
    uint64_t now = arch_counter_now();
    uint64_t n = (now - tick_base) / cycles_per_tick;

    tick_base += n * cycles_per_tick;
    while (n > 0) {
        ULONG next = _tx_timer_ticks_to_next();
        uint64_t chunk = n;
        if (next == 0) {
            chunk = 1;
        } else if (next != TX_WAIT_FOREVER && next < chunk) {
            chunk = next;
        }
        if (chunk > 0x7fffffffU) {
            chunk = 0x7fffffffU;
        }
        _tx_timer_ticks_elapsed((ULONG)chunk);
        n -= chunk;
    }
}

static void program_next(void)
{
    if (!idle_mode) {
        gtimer_program(tick_base + cycles_per_tick);
        return;
    }
    ULONG next = _tx_timer_ticks_to_next();
    if (next == TX_WAIT_FOREVER) {
        gtimer_mask();
        return;
    }
    if (next == 0) {
        next = 1;
    }
    gtimer_program(tick_base + (uint64_t)next * cycles_per_tick);
}

void (*volatile platform_secondary_timer_hook)(unsigned int cpu);

static void tick_irq(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    if (arch_cpu_index() != 0) {
        /* A secondary CPU's own virtual timer: not the kernel's tick (that is the boot CPU's).
         * Masked until whoever programmed it programs it again. */
        gtimer_mask();
        void (*hook)(unsigned int) = platform_secondary_timer_hook;
        if (hook != NULL) {
            hook(arch_cpu_index());
        }
        return;
    }
    /* The handler runs with IRQs unmasked (nesting); the tick bookkeeping must not. */
    uint64_t daif = irq_save();
    account_ticks();
    program_next();
    irq_restore(daif);
}

void platform_tick_init(void)
{
    freq = gtimer_freq();
    if (freq == 0) {
        arch_panic("timer: CNTFRQ_EL0 is 0");
    }
    cycles_per_tick = freq / TX_TIMER_TICKS_PER_SECOND;
    if (cycles_per_tick == 0) {
        arch_panic("timer: %llu Hz cannot give %u ticks per second", (unsigned long long)freq,
                   (unsigned)TX_TIMER_TICKS_PER_SECOND);
    }
    platform.timer_freq = freq;
    gtimer_stop();
    if (gic_irq_register(platform.timer_virt_irq, tick_irq, NULL, GIC_PRIO_TIMER,
                         platform.timer_virt_edge) != 0) {
        arch_panic("timer: cannot register interrupt %u", platform.timer_virt_irq);
    }
}

void platform_tick_start(void)
{
    tick_base = arch_counter_now();
    idle_mode = false;
    program_next();
    (void)gic_irq_enable(platform.timer_virt_irq);
}

void platform_tick_idle_enter(void)
{
    if (_tx_thread_smp_max_cores > 1u) {
        return;
    }
    idle_mode = true;
    program_next();
}

void platform_tick_idle_exit(void)
{
    if (!idle_mode) {
        return;
    }
    idle_mode = false;
    /* Catch up now so that the thread about to run sees the right time. */
    /* Expiration functions run here as in the tick interrupt (FP use included: fp.c). */
    arch_run_as_isr(account_ticks);
    program_next();
}
