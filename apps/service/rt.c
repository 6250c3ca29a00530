/*
 * rt.c - the real-time thread: wakes every `period` ticks and measures how late it runs with the
 * generic counter; and the tick sampler behind per-thread CPU use.
 *
 * Lateness of release k = counter at wake-up - (counter at release 0 + k * period). Release 0 is
 * the first wake-up after a (re)start, so the figure is jitter relative to the first release
 * (the tick's own phase does not count). It includes everything: Xen, the host running QEMU,
 * late tick interrupts. Dispatch latency = counter at wake-up - counter when the tick interrupt
 * processed the release tick (recorded by the sampler, which runs in that interrupt): the part
 * the RTOS itself is responsible for. A release is missed when the thread wakes after the tick
 * at which the next release was due; a miss counts against the RTOS ("dispatch") when the
 * dispatch latency exceeded the period, else it is due to the tick interrupt arriving late
 * ("late tick": the vCPU did not run - Xen, or the host under QEMU).
 *
 * Upcalls per activation = event-channel upcalls taken from the tick interrupt that released the
 * thread (the sampler records xen_evtchn_vcpu_upcall_count(0) there) to the thread's next sleep.
 * The thread runs above every event-channel handler thread, and a port stays masked from the upcall
 * until its handler thread has run (xen/evtchn.c), so however hard other domains notify, an
 * activation takes at most one upcall per port that has a handler: the figure is checked
 * against xen_evtchn_vcpu_bound(0) at every activation ("over bound" counts violations).
 * With dom0 on another pCPU an upcall can also find nothing (xen_evtchn_stats.spurious: the
 * previous upcall took the event while Xen injected the interrupt for it), so "over bound"
 * counts the upcalls that found an event; the maximum shown counts every upcall.
 *
 * Several vCPUs: the thread runs on vCPU 0 only and the service binds every port to the last
 * vCPU (main.c), so the figures are vCPU 0's (xen_evtchn_vcpu_*: on one vCPU, the totals) and
 * the bound is the ports bound to vCPU 0: none.
 */
#include <string.h>

#include "service.h"
#include "xen_evtchn.h"
#include "xenrtos/platform.h"

TX_THREAD rt_thread;
static uint8_t rt_stack[4096] __attribute__((aligned(16)));

static volatile ULONG period_req = RT_PERIOD_DEFAULT;
static volatile ULONG restart_req; /* bumped by rt_set_period: restart the figures */

/* Counter value and upcall count at which the tick interrupt processed each of the last
 * TICK_LOG ticks. */
#define TICK_LOG 64u
static uint64_t tick_at[TICK_LOG];
static uint32_t tick_upcalls[TICK_LOG], tick_spurious[TICK_LOG];
static ULONG tick_no[TICK_LOG];
static struct rt_stats st; /* written by rt_thread only (and reset by it) */

static TX_TIMER sampler;
static struct cpu_sample slots[CPU_SLOTS];
static unsigned nr_slots;
static uint32_t total_samples;

/* Tick interrupt context: the interrupted thread gets the tick. */
static void sample(ULONG arg)
{
    (void)arg;
    TX_THREAD *t = tx_thread_identify();
    ULONG now = tx_time_get();
    tick_at[now % TICK_LOG] = xr_counter_now();
    tick_upcalls[now % TICK_LOG] = xen_evtchn_vcpu_upcall_count(0);
    tick_spurious[now % TICK_LOG] = xen_evtchn_vcpu_spurious_count(0);
    tick_no[now % TICK_LOG] = now;
    total_samples++;
    for (unsigned i = 0; i < nr_slots; i++) {
        if (slots[i].thread == t) {
            slots[i].samples++;
            return;
        }
    }
    if (nr_slots < CPU_SLOTS) {
        slots[nr_slots].thread = t;
        slots[nr_slots].samples = 1;
        nr_slots++;
    }
}

unsigned cpu_samples(struct cpu_sample *out, unsigned max, uint32_t *total)
{
    TX_INTERRUPT_SAVE_AREA
    TX_DISABLE
    unsigned n = nr_slots < max ? nr_slots : max;
    memcpy(out, slots, n * sizeof(out[0]));
    *total = total_samples;
    TX_RESTORE
    return n;
}

static void rt_entry(ULONG arg)
{
    (void)arg;
    for (;;) {
        ULONG period = period_req;
        ULONG restart = restart_req;
        uint64_t counts_per_tick = xr_counter_freq() / TX_TIMER_TICKS_PER_SECOND;
        /* Restart: align on a tick, take that wake-up as release 0. */
        tx_thread_sleep(1);
        ULONG release0 = tx_time_get();
        ULONG release = release0;
        uint64_t t0 = xr_counter_now();
        TX_INTERRUPT_SAVE_AREA
        TX_DISABLE
        memset(&st, 0, sizeof(st));
        st.period = period;
        TX_RESTORE
        while (restart_req == restart) {
            release += period;
            ULONG now = tx_time_get();
            if ((LONG)(release - now) > 0) {
                tx_thread_sleep(release - now);
            }
            uint64_t woke = xr_counter_now();
            ULONG after = tx_time_get();
            uint64_t due = t0 + (uint64_t)(ULONG)(release - release0) * counts_per_tick;
            uint64_t late = woke > due ? woke - due : 0;
            uint64_t dispatch = 0;
            uint32_t upcalls0, spurious0;
            TX_DISABLE
            bool marked = tick_no[release % TICK_LOG] == release;
            if (marked && woke > tick_at[release % TICK_LOG]) {
                dispatch = woke - tick_at[release % TICK_LOG];
            }
            if (marked) {
                upcalls0 = tick_upcalls[release % TICK_LOG];
                spurious0 = tick_spurious[release % TICK_LOG];
            } else {
                upcalls0 = xen_evtchn_vcpu_upcall_count(0); /* count from now */
                spurious0 = xen_evtchn_vcpu_spurious_count(0);
                st.unmarked++;
            }
            if (dispatch > st.dispatch_max) {
                st.dispatch_max = dispatch;
            }
            st.releases++;
            st.late_last = late;
            st.late_sum += late;
            if (late > st.late_max) {
                st.late_max = late;
            }
            /* Woke at or after the tick of the following release: those are lost; keep the
             * phase by skipping to the last release that is due. */
            if ((LONG)(after - (release + period)) >= 0) {
                ULONG lost = (after - release) / period;
                st.missed += lost;
                if (dispatch >= (uint64_t)period * counts_per_tick) {
                    st.missed_dispatch += lost;
                }
                release += lost * period;
            }
            TX_RESTORE
            /* End of the activation: only the loop test and the sleep call follow. */
            uint32_t upcalls = xen_evtchn_vcpu_upcall_count(0) - upcalls0;
            uint32_t with_event = upcalls - (xen_evtchn_vcpu_spurious_count(0) - spurious0);
            uint32_t bound = xen_evtchn_vcpu_bound(0); /* ports whose upcall reaches its vCPU */
            TX_DISABLE
            if (upcalls > st.upcalls_max || st.releases == 1) {
                st.upcalls_max = upcalls;
                st.bound_at_max = bound;
            }
            if (with_event > bound) {
                st.over_bound++;
            }
            TX_RESTORE
        }
    }
}

UINT rt_start(void)
{
    UINT s = tx_thread_create(&rt_thread, "rt", rt_entry, 0, rt_stack, sizeof(rt_stack), RT_PRIO,
                              RT_PRIO, TX_NO_TIME_SLICE, TX_DONT_START);
    if (s == TX_SUCCESS && xr_cpu_count() > 1u) {
        s = tx_thread_smp_core_exclude(&rt_thread, ((1ul << xr_cpu_count()) - 1u) & ~1ul);
    }
    if (s == TX_SUCCESS) {
        s = tx_thread_resume(&rt_thread);
    }
    if (s == TX_SUCCESS) {
        s = tx_timer_create(&sampler, "cpu sampler", sample, 0, 1, 1, TX_AUTO_ACTIVATE);
    }
    return s;
}

void rt_get_stats(struct rt_stats *out)
{
    TX_INTERRUPT_SAVE_AREA
    TX_DISABLE
    *out = st;
    TX_RESTORE
}

UINT rt_set_period(ULONG ticks)
{
    if (ticks == 0 || ticks > RT_PERIOD_MAX) {
        return TX_SIZE_ERROR;
    }
    period_req = ticks;
    restart_req++;
    return TX_SUCCESS;
}
