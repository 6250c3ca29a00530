/*
 * arm_generic_timer.c - the EL1 virtual timer (CNTV_TVAL/CTL/CVAL_EL0, Arm ARM D11.2.4). Under Xen
 * the virtual count starts at the domain's creation; its interrupt is the PPI the device tree's
 * arm,armv8-timer node gives (the platform routes it).
 */
#include "arch/counter.h"
#include "arch/sysreg.h"
#include "drivers/arm_generic_timer.h"

#define MAX_DISTANCE_S 1 /* keeps TVAL far below 2^31 for any frequency below 2 GHz */

uint64_t gtimer_freq(void)
{
    return arch_counter_freq();
}

void gtimer_program(uint64_t deadline)
{
    uint64_t now = arch_counter_now();
    uint64_t max = arch_counter_freq() * MAX_DISTANCE_S;
    uint64_t dist = deadline > now ? deadline - now : 1;

    if (dist > max) {
        dist = max;
    }
    /* A small TVAL, not CVAL: see the clamp above. */
    write_sysreg(cntv_tval_el0, dist);
    write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
    isb();
}

void gtimer_mask(void)
{
    write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
    isb();
}

void gtimer_stop(void)
{
    write_sysreg(cntv_ctl_el0, 0);
    isb();
}

bool gtimer_expired(uint64_t *deadline)
{
    uint64_t ctl = read_sysreg(cntv_ctl_el0);

    if ((ctl & (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS)) != (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS)) {
        return false;
    }
    *deadline = read_sysreg(cntv_cval_el0);
    return true;
}
