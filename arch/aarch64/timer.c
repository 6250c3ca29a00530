/*
 * timer.c - the kernel tick from the EL1 virtual timer (CNTV_*, Arm ARM D11 "The Generic Timer").
 *
 * While threads run the timer fires every tick. In idle it is programmed for the next expiry
 * the kernel reports (_tx_timer_ticks_to_next()), or masked when nothing is due; elapsed ticks
 * are always derived from the counter, never from the number of interrupts, so late or skipped
 * interrupts lose no time.
 *
 * QEMU (7.2) misbehaves with CNTV_CVAL values far in the future (the deadline overflows and the
 * timer fires continuously), so the distance programmed is clamped to MAX_DISTANCE_S seconds and
 * written as a small TVAL; a longer wait just takes one extra, harmless interrupt.
 */
#include <stdio.h>

#include "tx_api.h"
#include "tx_arch.h"
#include "tx_internal.h"

#include "arch/arch.h"
#include "arch/gic.h"
#include "arch/platform.h"
#include "arch/sysreg.h"
#include "arch/counter.h"

#define MAX_DISTANCE_S 1 /* keeps TVAL far below 2^31 for any frequency below 2 GHz */

static uint64_t freq;
static uint64_t cycles_per_tick;
static uint64_t tick_base; /* counter value of the last tick boundary accounted */
static bool idle_mode;

uint64_t timer_freq(void)
{
    return freq;
}

static void program_at(uint64_t deadline)
{
    uint64_t now = arch_counter_now();
    uint64_t max = freq * MAX_DISTANCE_S;
    uint64_t dist = deadline > now ? deadline - now : 1;

    if (dist > max) {
        dist = max;
    }
    write_sysreg(cntv_tval_el0, dist);
    write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
    isb();
}

static void mask_timer(void)
{
    write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
    isb();
}

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
        program_at(tick_base + cycles_per_tick);
        return;
    }
    ULONG next = _tx_timer_ticks_to_next();
    if (next == TX_WAIT_FOREVER) {
        mask_timer();
        return;
    }
    if (next == 0) {
        next = 1;
    }
    program_at(tick_base + (uint64_t)next * cycles_per_tick);
}

static void timer_irq(unsigned int irq, void *arg)
{
    (void)irq;
    (void)arg;
    /* The handler runs with IRQs unmasked (nesting); the tick bookkeeping must not. */
    uint64_t daif = irq_save();
    account_ticks();
    program_next();
    irq_restore(daif);
}

void timer_init(void)
{
    freq = read_sysreg(cntfrq_el0) & 0xffffffffU;
    if (freq == 0) {
        arch_panic("timer: CNTFRQ_EL0 is 0");
    }
    cycles_per_tick = freq / TX_TIMER_TICKS_PER_SECOND;
    if (cycles_per_tick == 0) {
        arch_panic("timer: %llu Hz cannot give %u ticks per second", (unsigned long long)freq,
                   (unsigned)TX_TIMER_TICKS_PER_SECOND);
    }
    platform.timer_freq = freq;
    write_sysreg(cntv_ctl_el0, 0);
    if (arch_irq_register(platform.timer_virt_irq, timer_irq, NULL, GIC_PRIO_TIMER,
                          platform.timer_virt_edge) != 0) {
        arch_panic("timer: cannot register interrupt %u", platform.timer_virt_irq);
    }
}

void timer_start_periodic(void)
{
    tick_base = arch_counter_now();
    idle_mode = false;
    program_next();
    (void)arch_irq_enable(platform.timer_virt_irq);
}

void timer_idle_enter(void)
{
    idle_mode = true;
    program_next();
}

void timer_idle_exit(void)
{
    if (!idle_mode) {
        return;
    }
    idle_mode = false;
    /* Catch up now so that the thread about to run sees the right time. */
    /* Expiration functions run here as in the tick interrupt (FP use included: fp.c). */
    _tx_thread_system_state++;
    account_ticks();
    arch_fp_irq_exit(_tx_thread_system_state);
    _tx_thread_system_state--;
    program_next();
}
