/*
 * fake_xen_evtchn.h - a host model of Xen's 2-level event-channel delivery to FAKE_XEN_VCPUS
 * vCPUs, under xen/evtchn.c compiled unchanged (tests/host/test_xen_evtchn.c).
 *
 * What the layer needs from below, implemented here: xen_shared_info(), xen_vcpu_info(),
 * xen_vcpu_info_of(), xen_hv_info() (xen_hv.h), xen_port_irq_attach/save/restore and
 * xen_port_cpu_index (xen_port.h) and HYPERVISOR_event_channel_op (xen_hypercall.h). The model
 * keeps the shared_info words evtchn_pending/evtchn_mask and vcpu_info's
 * evtchn_upcall_pending/evtchn_pending_sel as Xen's public headers describe them (xen.h, "Event
 * channel endpoints"; event_channel.h):
 *   - a send sets the port's pending bit; if it was clear and the port is not masked and the
 *     port's selector bit was clear in the vcpu_info of the vCPU the port is bound to, it sets
 *     that bit; if that vCPU's evtchn_upcall_pending was clear, it sets it and injects the upcall
 *     interrupt into that vCPU (pending until taken; injecting again meanwhile changes nothing,
 *     as for a GIC interrupt);
 *   - EVTCHNOP_unmask clears the mask bit and, if the port is pending, does the same from the
 *     selector step on;
 *   - EVTCHNOP_bind_vcpu moves a port's notifications to another vCPU (unbound and
 *     interdomain ports; -EINVAL for VIRQs, which the model treats as per-vCPU; -ENOENT beyond
 *     FAKE_XEN_VCPUS); pending bits stay, only later notifications go to the new vCPU;
 *   - EVTCHNOP_status, alloc_unbound, bind_interdomain, bind_virq, close, send on this
 *     domain's FAKE_XEN_PORTS ports (beyond: -EINVAL). Interdomain channels to ourselves loop
 *     back; sends to another domain are counted (fake_xen_sent).
 * Interrupts: the injected upcall runs the attached ISR, through the host port's
 * tx_host_isr_run (the same ISR context as the tick), at the first point where the running
 * thread has interrupts enabled: on return from a hypercall, when xen_port_irq_restore enables
 * them again, after each peer notification made from a thread. Time: fake_xen_step() is one unit
 * of the calling thread's work; every `steps_per_tick` steps it raises a tick.
 * The layer's atomics on shared words are seen through tests/host/fake_xen/xen_atomic.h, which
 * calls fake_xen_atomic_done() after each: that is where a test can make the peer notify in the
 * middle of the upcall ISR (fake_xen_notify_inside_upcall).
 * vCPUs: the one host core plays one vCPU at a time (fake_xen_set_cpu, default 0), which is
 * what xen_port_cpu_index() returns; an upcall injected into another vCPU waits, as at that
 * vCPU's GIC, until the core plays it. vCPU 0's vcpu_info is registered, the others' when a
 * test says so (fake_xen_vcpu_register, as xen_hv_vcpu_init). One host core: no locks.
 */
#ifndef FAKE_XEN_EVTCHN_H
#define FAKE_XEN_EVTCHN_H

#include <stdbool.h>
#include <stdint.h>

#include "xen_types.h"

#define FAKE_XEN_PORTS     64u /* ports Xen has allocated to this domain */
#define FAKE_XEN_SELF      2u  /* our domain id */
#define FAKE_XEN_MAX_FLOOD 8u
#define FAKE_XEN_VCPUS     4u /* vCPUs of this domain (Xen's view; the layer allows more) */

/* Before xen_evtchn_init: port `local` bound to (remote_dom, remote_port) as Xen binds static
 * (dom0less `xen,evtchn`) channels before the domain runs. */
void fake_xen_bind_static(uint32_t local, xen_domid_t remote_dom, uint32_t remote_port);

/* The remote end of our port `port` notifies it (the peer's EVTCHNOP_send). Called from a thread
 * with interrupts enabled, an upcall it raises is taken before it returns. */
void fake_xen_notify(evtchn_t port);
/* Peer notifications of `port` so far. */
uint32_t fake_xen_notifies(evtchn_t port);
/* Our sends to the remote domain on `port` (EVTCHNOP_send on a channel to another domain). */
uint32_t fake_xen_sent(evtchn_t port);

/* The flooding peer: each fake_xen_step() notifies every port of `ports` (n 0: stop). */
void fake_xen_flood(const evtchn_t *ports, unsigned n);
/* One unit of work of the calling thread: the flood's notifications (each upcall taken at once
 * if interrupts are enabled), then the model clock; may switch threads (upcall, tick). */
void fake_xen_step(void);
/* A tick every `steps` steps (0: steps never tick; the idle loop still jumps to timers). */
void fake_xen_set_steps_per_tick(unsigned steps);
uint64_t fake_xen_steps(void);

/* Upcall interrupts injected so far / taken (ISR runs) so far. */
uint32_t fake_xen_injected(void);
uint32_t fake_xen_upcalls(void);

/* Xen's bits of `port`. */
bool fake_xen_pending(evtchn_t port);
bool fake_xen_masked(evtchn_t port);
/* Forget an event of `port` (between tests). */
void fake_xen_clear_pending(evtchn_t port);

/* Which of the upcall ISR's atomic updates came first for the armed port. */
enum fake_xen_first { FAKE_XEN_FIRST_NONE, FAKE_XEN_FIRST_PENDING, FAKE_XEN_FIRST_MASK };
/* The peer notifies `port` once, right after the next upcall ISR's first atomic update of the
 * word of `port`'s pending or mask bit: between the ISR's two steps on that port. */
void fake_xen_notify_inside_upcall(evtchn_t port);
enum fake_xen_first fake_xen_inside_upcall_result(void);

/* Play vCPU `v` from now on (< FAKE_XEN_VCPUS): its waiting upcall is taken at once if the
 * caller is a thread with interrupts enabled. */
void fake_xen_set_cpu(unsigned v);
/* vCPU v's vcpu_info registered (returned by xen_vcpu_info_of) or not; vCPU 0's always is. */
void fake_xen_vcpu_register(unsigned v, bool registered);
/* vCPU v's vcpu_info as Xen writes it, registered or not. */
struct vcpu_info *fake_xen_vcpu(unsigned v);
/* An upcall injected into vCPU v not taken yet; upcalls taken on vCPU v so far. */
bool fake_xen_upcall_waiting(unsigned v);
uint32_t fake_xen_upcalls_on(unsigned v);
/* The vCPU Xen notifies for `port`. */
unsigned fake_xen_port_vcpu(evtchn_t port);
/* Xen injects the upcall into vCPU v (sets its evtchn_upcall_pending) without any event. */
void fake_xen_raise(unsigned v);
/* EVTCHNOP_bind_vcpu calls so far, and the last one's port and vcpu. */
uint32_t fake_xen_bind_vcpu_calls(uint32_t *port, uint32_t *vcpu);
/* Back to vCPU 0 only: played, registered, every port bound to it (between tests). */
void fake_xen_reset_vcpus(void);

/* Called by tests/host/fake_xen/xen_atomic.h after each atomic update of `word`. */
void fake_xen_atomic_done(volatile void *word);

#endif /* FAKE_XEN_EVTCHN_H */
