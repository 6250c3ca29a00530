/*
 * arm_generic_timer.h - the EL1 virtual timer of the Arm generic timer (CNTV_*, Arm ARM D11 "The
 * Generic Timer"): program a deadline in counter ticks, mask it, ask whether it fired.
 * Policy (what a tick is, when to sleep) belongs to its user: the platform's tick
 * (platform/tick.c).
 */
#ifndef DRIVERS_ARM_GENERIC_TIMER_H
#define DRIVERS_ARM_GENERIC_TIMER_H

#include <stdbool.h>
#include <stdint.h>

/* Counter frequency in Hz (CNTFRQ_EL0); 0 if the firmware left it unset. */
uint64_t gtimer_freq(void);

/* Fire at counter value `deadline` (now + 1 if already past). Distances are clamped to one
 * second: QEMU 7.2 misbehaves with deadlines far in the future (it fires continuously), and a
 * longer wait just takes one extra, harmless interrupt. */
void gtimer_program(uint64_t deadline);

/* Keep counting but raise no interrupt (nothing is due). */
void gtimer_mask(void);

/* Disable the timer altogether. */
void gtimer_stop(void);

/* True if the timer is enabled and its condition is met (CNTV_CTL_EL0.ISTATUS); `*deadline` then
 * holds the compare value it fired for. For latency probes. */
bool gtimer_expired(uint64_t *deadline);

#endif /* DRIVERS_ARM_GENERIC_TIMER_H */
