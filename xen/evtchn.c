/*
 * evtchn.c - event channels, 2-level ABI, delivered by priority-ordered handler threads.
 *
 * 2-level ABI (xen/include/public/xen.h, "Event channel endpoints"): shared_info holds a
 * pending and a mask bit per port; vcpu_info holds evtchn_upcall_pending and a selector word
 * saying which 64-port words of `pending` may have bits set. Xen raises the upcall PPI when it
 * sets a pending bit of an unmasked port, on the vCPU the port is bound to (vCPU 0 unless
 * xen_evtchn_bind_vcpu moved it). What delivery guarantees (masking, budgets, rests, no event
 * lost) is said in xen_evtchn.h; tests/host/test_xen_evtchn.c runs this file on a model of Xen's
 * side.
 *
 * Several vCPUs: the upcall may run on any of them, on two at once, and handler threads and
 * callers on any. Xen's words (pending, mask, selector) are changed with atomics; everything of
 * ours (ports[], levels[].pending, stats) only inside xen_port_irq_save, which on an SMP build
 * is the kernel's lock as well. The upcall scans without it and re-checks each port under it, so
 * an event another vCPU's upcall or a re-arm took meanwhile is not taken twice.
 */
#include <stdio.h>
#include <string.h>

#include "xen_atomic.h"
#include "xen_evtchn.h"
#include "xen_hv.h"
#include "xen_hypercall.h"
#include "xen_port.h"
#include "xen_trace.h"

/* Test-only: XEN_EVTCHN_TEST_NO_MASK leaves a port unmasked when its upcall is taken, so every
 * notification can raise another upcall. It exists to show that the flood test fails without
 * the mask (tests/qemu/cases/xen-channel-nomask.test); no real image is built with it. */
#ifdef XEN_EVTCHN_TEST_NO_MASK
#define MASK_UNTIL_HANDLED false
#else
#define MASK_UNTIL_HANDLED true
#endif

#define WORD_BITS 64u
#define NR_WORDS  (XEN_EVTCHN_MAX_PORTS / WORD_BITS)

_Static_assert(XEN_EVTCHN_MAX_PORTS % WORD_BITS == 0, "whole words of ports");
_Static_assert(XEN_EVTCHN_MAX_PORTS <= 64 * 64, "2-level ABI limit on 64-bit");

/* Delivery state of a port, all of it changed inside xen_port_irq_save.
 * A port's event is always in exactly one place until a handler call has begun for it: Xen's
 * pending bit, or (once taken) the `pending` bitmap of the level that owns the port now. Moving
 * the handler moves the record to the new level; removing it gives the event back to Xen's
 * pending bit (the port is masked then), where the next handler finds it. */
struct port_entry {
    xen_evtchn_handler_t handler;
    void *arg;
    uint16_t budget; /* handler calls per pass of its level thread */
    uint8_t level;
    bool user_masked; /* masked by xen_evtchn_mask: handling must not unmask it */
    bool held;        /* masked by delivery: an event was taken and the level thread has not
                       * re-armed the port since (nobody else unmasks it meanwhile) */
    uint8_t vcpu;     /* the vCPU Xen notifies for it (xen_evtchn_bind_vcpu; 0 as Xen binds) */
};

_Static_assert(XEN_MAX_VCPUS <= 256, "vcpu fits port_entry.vcpu");

/* One handler thread per priority in use. `pending` is set by the upcall ISR (on any vCPU) and
 * by re-arming, and taken by the thread, always inside xen_port_irq_save (the kernel's lock on
 * SMP), so it needs no atomics of its own. */
struct level {
    bool used;
    UINT priority;
    TX_THREAD thread;
    TX_EVENT_FLAGS_GROUP wake;
    uint64_t pending[NR_WORDS];
    uint8_t stack[XEN_EVTCHN_STACK_SIZE] __attribute__((aligned(16)));
};

struct static_chan {
    evtchn_t local;
    xen_domid_t remote_dom;
    evtchn_t remote_port;
};

static struct port_entry ports[XEN_EVTCHN_MAX_PORTS];
static struct level levels[XEN_EVTCHN_MAX_LEVELS];
static struct static_chan statics[XEN_EVTCHN_MAX_STATIC];
static unsigned nr_statics;
static struct xen_evtchn_stats stats; /* inside xen_port_irq_save; upcalls, spurious atomic too */
static bool ready;                    /* release / acquire: set once by xen_evtchn_init */
static TX_MUTEX level_lock;           /* serialises creation of handler threads */

#define WAKE_FLAG 1u

static bool evt_ready(void)
{
    return __atomic_load_n(&ready, __ATOMIC_ACQUIRE);
}

/* Add one to a counter of `stats`, outside the lock. */
static void evt_stat_inc(uint32_t *counter)
{
    unsigned long flags = xen_port_irq_save();
    (*counter)++;
    xen_port_irq_restore(flags);
}

static bool port_ok(evtchn_t p)
{
    return evtchn_val(p) != 0 && evtchn_val(p) < XEN_EVTCHN_MAX_PORTS;
}

static uint64_t bit_of(uint32_t port)
{
    return 1ull << (port % WORD_BITS);
}

static void wake_levels(uint32_t woken)
{
    while (woken != 0) {
        unsigned l = (unsigned)__builtin_ctz(woken);
        woken &= woken - 1;
        (void)tx_event_flags_set(&levels[l].wake, WAKE_FLAG, TX_OR);
    }
}

/* ---- upcall (interrupt context) ----------------------------------------------------------- */

/* Inside xen_port_irq_save: take the event of `port` if it is still pending and unmasked (the
 * upcall looked without the lock: another vCPU's upcall or a re-arm may have taken it since).
 * False if it had gone. */
static bool upcall_take_locked(struct shared_info *s, uint32_t port, uint32_t *woken)
{
    unsigned w = port / WORD_BITS;
    uint64_t bit = bit_of(port);
    if ((__atomic_load_n(&s->evtchn_pending[w], __ATOMIC_ACQUIRE) &
         ~__atomic_load_n(&s->evtchn_mask[w], __ATOMIC_ACQUIRE) & bit) == 0) {
        return false;
    }
    if (port < XEN_EVTCHN_MAX_PORTS && ports[port].handler != NULL) {
        /* Masked until its handler thread has run: however fast the peer notifies, no further
         * upcall comes from this port meanwhile. The mask goes first: an event arriving before
         * the pending bit is cleared then finds it still set, one arriving after finds the port
         * masked; neither raises an upcall that would find nothing. */
        if (MASK_UNTIL_HANDLED) {
            xen_atomic_or64(&s->evtchn_mask[w], bit);
            ports[port].held = true;
        }
        xen_atomic_andnot64(&s->evtchn_pending[w], bit);
        levels[ports[port].level].pending[w] |= bit;
        *woken |= 1u << ports[port].level;
        stats.events++;
    } else {
        /* Nobody listens: mask it so that it cannot storm, and leave the event pending for the
         * handler that is set later. */
        xen_atomic_or64(&s->evtchn_mask[w], bit);
        stats.unhandled++;
    }
    return true;
}

/* Runs on the vCPU that took the interrupt, and reads that vCPU's vcpu_info: Xen sets the
 * selector and upcall flag of the vCPU a port is bound to. */
static void upcall_isr(void *unused)
{
    (void)unused;
    struct shared_info *s = xen_shared_info();
    unsigned int cpu = xen_port_cpu_index(); /* an ISR does not migrate */
    struct vcpu_info *v = xen_vcpu_info_of(cpu);
    uint32_t woken = 0; /* bit per level to wake */
    bool found = false;

    unsigned long flags = xen_port_irq_save();
    uint32_t n = __atomic_add_fetch(&stats.upcalls, 1u, __ATOMIC_RELAXED);
    if (cpu < XEN_MAX_VCPUS) {
        stats.vcpu_upcalls[cpu]++;
    }
    if (v == NULL) {
        /* Xen upcalls a vCPU only for ports bound to it, and xen_evtchn_bind_vcpu binds none to
         * a vCPU without vcpu_info: not reached unless the platform enabled the PPI too early. */
        stats.no_vcpu_info++;
    }
    xen_port_irq_restore(flags);
    XEN_TRACE(XEN_TRACE_UPCALL, n, 0u);
    (void)n; /* used by the trace build only */
    if (v == NULL) {
        return;
    }
    /* Clear the flag before scanning: an event arriving during the scan sets it again, and the
     * loop condition catches it. */
    do {
        __atomic_store_n(&v->evtchn_upcall_pending, 0, __ATOMIC_RELAXED);
        xen_mb();
        uint64_t sel = xen_atomic_xchg64(&v->evtchn_pending_sel, 0);
        while (sel != 0) {
            unsigned w = (unsigned)__builtin_ctzll(sel);
            sel &= sel - 1;
            uint64_t bits = __atomic_load_n(&s->evtchn_pending[w], __ATOMIC_ACQUIRE) &
                            ~__atomic_load_n(&s->evtchn_mask[w], __ATOMIC_ACQUIRE);
            while (bits != 0) {
                unsigned b = (unsigned)__builtin_ctzll(bits);
                bits &= bits - 1;
                flags = xen_port_irq_save();
                found = upcall_take_locked(s, w * WORD_BITS + b, &woken) || found;
                xen_port_irq_restore(flags);
            }
        }
    } while (__atomic_load_n(&v->evtchn_upcall_pending, __ATOMIC_ACQUIRE) != 0);
    if (!found) {
        /* The event that raised this upcall was taken by the previous one (or, with several
         * vCPUs, by another vCPU's upcall or a re-arm), which saw it arrive while it scanned: the
         * interrupt Xen injected meanwhile cannot be withdrawn. */
        flags = xen_port_irq_save();
        (void)__atomic_add_fetch(&stats.spurious, 1u, __ATOMIC_RELAXED);
        stats.vcpu_spurious[cpu]++; /* in range: v, its vcpu_info, exists */
        xen_port_irq_restore(flags);
    }
    wake_levels(woken);
}

/* ---- handler threads ---------------------------------------------------------------------- */

/* Called with interrupts masked, after a handler call or when a handler is set or the port
 * unmasked. Unless the application masked the port or no handler is set (then it stays masked
 * and an event stays pending in Xen's bit), an event that arrived meanwhile is taken (pending
 * cleared, port kept masked) and recorded for the level that owns the port now; otherwise the
 * port is unmasked. Returns the level to wake (bit), 0 for none. */
static uint32_t rearm_locked(uint32_t port)
{
    struct shared_info *s = xen_shared_info();
    struct port_entry *e = &ports[port];
    unsigned w = port / WORD_BITS;
    uint64_t bit = bit_of(port);

    if (e->handler == NULL || e->user_masked) {
        e->held = false;
        return 0;
    }
    if ((__atomic_load_n(&s->evtchn_pending[w], __ATOMIC_ACQUIRE) & bit) == 0) {
        xen_atomic_andnot64(&s->evtchn_mask[w], bit);
        xen_mb();
        /* An event from before the unmask raised no upcall: look again. */
        if ((__atomic_load_n(&s->evtchn_pending[w], __ATOMIC_ACQUIRE) & bit) == 0) {
            e->held = false;
            return 0;
        }
    }
    if (MASK_UNTIL_HANDLED) {
        xen_atomic_or64(&s->evtchn_mask[w], bit);
    }
    xen_atomic_andnot64(&s->evtchn_pending[w], bit);
    e->held = MASK_UNTIL_HANDLED;
    levels[e->level].pending[w] |= bit;
    stats.events++;
    return 1u << e->level;
}

/* Take the recorded event of `port` from `lv` for one handler call: false if there is none. */
static bool take(struct level *lv, uint32_t port, xen_evtchn_handler_t *fn, void **arg,
                 unsigned *budget)
{
    unsigned w = port / WORD_BITS;
    uint64_t bit = bit_of(port);
    bool got = false;
    unsigned long flags = xen_port_irq_save();
    if ((lv->pending[w] & bit) != 0) {
        lv->pending[w] &= ~bit;
        if (ports[port].handler != NULL) {
            *fn = ports[port].handler;
            *arg = ports[port].arg;
            *budget = ports[port].budget;
            stats.dispatched++;
            got = true;
        } else {
            /* Not reached (a record is only ever where the port's handler is): keep the event
             * in Xen's bit rather than spin on it. */
            xen_atomic_or64(&xen_shared_info()->evtchn_pending[w], bit);
        }
    }
    xen_port_irq_restore(flags);
    return got;
}

static bool has_work(const struct level *lv)
{
    uint64_t any = 0;
    unsigned long flags = xen_port_irq_save();
    for (unsigned w = 0; w < NR_WORDS; w++) {
        any |= lv->pending[w];
    }
    xen_port_irq_restore(flags);
    return any != 0;
}

/* One pass: every port recorded when it starts gets up to its budget of handler calls, in port
 * order; an event taken by re-arming is handled within the budget or left recorded (the port
 * stays masked) for the next pass. */
static void level_pass(unsigned index)
{
    struct level *lv = &levels[index];
    uint64_t todo[NR_WORDS];
    unsigned long flags = xen_port_irq_save();
    memcpy(todo, lv->pending, sizeof(todo));
    xen_port_irq_restore(flags);

    for (unsigned w = 0; w < NR_WORDS; w++) {
        while (todo[w] != 0) {
            unsigned b = (unsigned)__builtin_ctzll(todo[w]);
            todo[w] &= todo[w] - 1;
            uint32_t port = w * WORD_BITS + b;
            xen_evtchn_handler_t fn;
            void *arg;
            unsigned budget;
            unsigned calls = 0;
            while (take(lv, port, &fn, &arg, &budget)) {
                XEN_TRACE(XEN_TRACE_HANDLER, port, index);
                fn(evtchn_init(port), arg);
                flags = xen_port_irq_save();
                uint32_t woken = rearm_locked(port);
                xen_port_irq_restore(flags);
                /* The handler may have moved to another level: wake that one. */
                wake_levels(woken & ~(1u << index));
                if (++calls >= budget) {
                    break;
                }
            }
        }
    }
}

/* A pass that ends with work left was a flood: the thread relinquishes (other threads of its
 * priority, and other ports' passes, come first), and after XEN_EVTCHN_BUSY_PASSES such passes
 * in a row it sleeps to the next tick, which is what lets threads below its priority run. */
static void level_thread(ULONG index)
{
    struct level *lv = &levels[index];
    unsigned busy = 0; /* passes in a row that left work */
    for (;;) {
        if (!has_work(lv)) {
            busy = 0;
            ULONG actual;
            (void)tx_event_flags_get(&lv->wake, WAKE_FLAG, TX_OR_CLEAR, &actual, TX_WAIT_FOREVER);
            continue;
        }
        level_pass(index);
        if (has_work(lv)) {
            if (++busy >= XEN_EVTCHN_BUSY_PASSES) {
                busy = 0;
                evt_stat_inc(&stats.rests);
                (void)tx_thread_sleep(1);
            } else {
                evt_stat_inc(&stats.yields);
                (void)tx_thread_relinquish();
            }
        }
    }
}

/* The level for `priority`, created on first use. Called from thread context, level_lock held. */
static xen_err_t level_for_locked(UINT priority, uint8_t *out)
{
    int free_slot = -1;
    for (unsigned i = 0; i < XEN_EVTCHN_MAX_LEVELS; i++) {
        if (levels[i].used && levels[i].priority == priority) {
            *out = (uint8_t)i;
            return XE_OK;
        }
        if (!levels[i].used && free_slot < 0) {
            free_slot = (int)i;
        }
    }
    if (free_slot < 0) {
        return XE_NO_SLOT;
    }
    struct level *lv = &levels[free_slot];
    memset(lv->pending, 0, sizeof(lv->pending));
    if (tx_event_flags_create(&lv->wake, "xen-evtchn") != TX_SUCCESS) {
        return XE_NO_SLOT;
    }
    if (tx_thread_create(&lv->thread, "xen-evtchn", level_thread, (ULONG)free_slot, lv->stack,
                         sizeof(lv->stack), priority, priority, TX_NO_TIME_SLICE,
                         TX_AUTO_START) != TX_SUCCESS) {
        (void)tx_event_flags_delete(&lv->wake);
        return XE_BAD_ARG; /* priority out of range */
    }
    lv->priority = priority;
    lv->used = true;
    *out = (uint8_t)free_slot;
    return XE_OK;
}

static xen_err_t level_for(UINT priority, uint8_t *out)
{
    if (tx_mutex_get(&level_lock, TX_WAIT_FOREVER) != TX_SUCCESS) {
        return XE_NOT_READY;
    }
    xen_err_t err = level_for_locked(priority, out);
    (void)tx_mutex_put(&level_lock);
    return err;
}

/* ---- operations --------------------------------------------------------------------------- */

static xen_err_t op(int cmd, void *arg)
{
    return xen_err_from_rc(HYPERVISOR_event_channel_op(cmd, arg));
}

xen_err_t xen_evtchn_status(evtchn_t port, struct xen_evtchn_info *info)
{
    struct evtchn_status st = {.dom = DOMID_SELF, .port = evtchn_val(port)};
    xen_err_t err = op(EVTCHNOP_status, &st);
    if (err != XE_OK) {
        return err;
    }
    memset(info, 0, sizeof(*info));
    switch (st.status) {
    case EVTCHNSTAT_closed:
        info->state = XEN_EVTCHN_CLOSED;
        break;
    case EVTCHNSTAT_unbound:
        info->state = XEN_EVTCHN_UNBOUND;
        info->remote_dom = st.u.unbound.dom;
        break;
    case EVTCHNSTAT_interdomain:
        info->state = XEN_EVTCHN_INTERDOMAIN;
        info->remote_dom = st.u.interdomain.dom;
        info->remote_port = evtchn_init(st.u.interdomain.port);
        break;
    case EVTCHNSTAT_virq:
        info->state = XEN_EVTCHN_VIRQ;
        info->virq = st.u.virq;
        break;
    default:
        info->state = XEN_EVTCHN_OTHER;
        break;
    }
    return XE_OK;
}

/* Record every port already bound interdomain: at this point only Xen can have bound them. */
static void discover_static(void)
{
    for (uint32_t p = 1; p < 64 * 64; p++) {
        struct xen_evtchn_info info;
        xen_err_t err = xen_evtchn_status(evtchn_init(p), &info);
        if (err != XE_OK) {
            break; /* -EINVAL: beyond the ports Xen has allocated for us */
        }
        if (info.state != XEN_EVTCHN_INTERDOMAIN) {
            continue;
        }
        printf("xen: static event channel: port %u <-> domain %u port %u\n", p, info.remote_dom,
               evtchn_val(info.remote_port));
        if (nr_statics < XEN_EVTCHN_MAX_STATIC) {
            statics[nr_statics++] =
                (struct static_chan){evtchn_init(p), info.remote_dom, info.remote_port};
        } else {
            printf("xen: too many static event channels, port %u ignored\n", p);
        }
    }
}

xen_err_t xen_evtchn_init(void)
{
    struct shared_info *s = xen_shared_info();
    if (s == NULL) {
        return XE_NOT_READY;
    }
    if (evt_ready()) {
        return XE_OK;
    }
    if (tx_mutex_create(&level_lock, "xen-evtchn", TX_INHERIT) != TX_SUCCESS) {
        return XE_NOT_READY;
    }
    /* Everything masked until somebody listens. */
    for (unsigned w = 0; w < sizeof(s->evtchn_mask) / sizeof(s->evtchn_mask[0]); w++) {
        xen_atomic_or64(&s->evtchn_mask[w], ~0ull);
    }
    if (!MASK_UNTIL_HANDLED) {
        printf(
            "xen: TEST BUILD: ports stay unmasked during their upcall (XEN_EVTCHN_TEST_NO_MASK)\n");
    }
    discover_static();
    xen_err_t err = xen_port_irq_attach(xen_hv_info()->evtchn_intid, upcall_isr, NULL);
    if (err != XE_OK) {
        printf("xen: cannot attach event channel interrupt %u: %s\n", xen_hv_info()->evtchn_intid,
               xen_strerror(err));
        return err;
    }
    __atomic_store_n(&ready, true, __ATOMIC_RELEASE);
    return XE_OK;
}

xen_err_t xen_evtchn_alloc_unbound(xen_domid_t remote, evtchn_t *port)
{
    struct evtchn_alloc_unbound a = {.dom = DOMID_SELF, .remote_dom = remote};
    xen_err_t err = op(EVTCHNOP_alloc_unbound, &a);
    if (err == XE_OK) {
        *port = evtchn_init(a.port);
    }
    return err;
}

xen_err_t xen_evtchn_bind_interdomain(xen_domid_t remote, evtchn_t remote_port, evtchn_t *port)
{
    struct evtchn_bind_interdomain b = {.remote_dom = remote,
                                        .remote_port = evtchn_val(remote_port)};
    xen_err_t err = op(EVTCHNOP_bind_interdomain, &b);
    if (err == XE_OK) {
        *port = evtchn_init(b.local_port);
    }
    return err;
}

xen_err_t xen_evtchn_bind_virq(uint32_t virq, evtchn_t *port)
{
    struct evtchn_bind_virq b = {.virq = virq, .vcpu = 0};
    xen_err_t err = op(EVTCHNOP_bind_virq, &b);
    if (err == XE_OK) {
        *port = evtchn_init(b.port);
    }
    return err;
}

xen_err_t xen_evtchn_send(evtchn_t port)
{
    struct evtchn_send s = {.port = evtchn_val(port)};
    return op(EVTCHNOP_send, &s);
}

xen_err_t xen_evtchn_mask(evtchn_t port)
{
    struct shared_info *s = xen_shared_info();
    if (s == NULL) {
        return XE_NOT_READY;
    }
    uint32_t p = evtchn_val(port);
    if (p == 0 || p >= 64 * 64) {
        return XE_BAD_ARG;
    }
    unsigned long flags = xen_port_irq_save();
    if (p < XEN_EVTCHN_MAX_PORTS) {
        ports[p].user_masked = true;
    }
    xen_atomic_or64(&s->evtchn_mask[p / WORD_BITS], bit_of(p));
    xen_port_irq_restore(flags);
    return XE_OK;
}

xen_err_t xen_evtchn_unmask(evtchn_t port)
{
    uint32_t p = evtchn_val(port);
    if (p != 0 && p < XEN_EVTCHN_MAX_PORTS) {
        unsigned long flags = xen_port_irq_save();
        ports[p].user_masked = false;
        if (ports[p].handler != NULL) {
            /* Ours to arm: an event that arrived while masked is taken here, as the upcall
             * would. While the port is held its level thread re-arms it after the handler. */
            uint32_t woken = ports[p].held ? 0 : rearm_locked(p);
            xen_port_irq_restore(flags);
            wake_levels(woken);
            return XE_OK;
        }
        xen_port_irq_restore(flags);
    }
    /* No handler: the hypercall clears the mask and re-raises the upcall if the port is
     * pending (the upcall then masks it again and leaves the event pending). */
    struct evtchn_unmask u = {.port = p};
    return op(EVTCHNOP_unmask, &u);
}

/* Remove the handler, interrupts masked. An event already taken for it goes back to Xen's
 * pending bit (the port is masked now), for the next handler; one being handled right now is
 * the level thread's to finish (its re-arm sees no handler and leaves the port masked). */
static void remove_locked(uint32_t p)
{
    struct shared_info *s = xen_shared_info();
    struct port_entry *e = &ports[p];
    unsigned w = p / WORD_BITS;
    uint64_t bit = bit_of(p);

    e->user_masked = true;
    xen_atomic_or64(&s->evtchn_mask[w], bit);
    if (e->handler != NULL) {
        stats.bound--;
        stats.vcpu_bound[e->vcpu]--;
        if ((levels[e->level].pending[w] & bit) != 0) {
            levels[e->level].pending[w] &= ~bit;
            xen_atomic_or64(&s->evtchn_pending[w], bit);
            e->held = false;
        }
    }
    e->handler = NULL;
    e->arg = NULL;
}

xen_err_t xen_evtchn_set_handler_budget(evtchn_t port, xen_evtchn_handler_t handler, void *arg,
                                        UINT priority, unsigned budget)
{
    if (!evt_ready()) {
        return XE_NOT_READY;
    }
    if (!port_ok(port) || budget > XEN_EVTCHN_MAX_BUDGET) {
        return XE_BAD_ARG;
    }
    uint32_t p = evtchn_val(port);
    unsigned long flags;
    if (handler == NULL) {
        flags = xen_port_irq_save();
        remove_locked(p);
        xen_port_irq_restore(flags);
        return XE_OK;
    }
    uint8_t level;
    xen_err_t err = level_for(priority, &level);
    if (err != XE_OK) {
        return err;
    }
    unsigned w = p / WORD_BITS;
    uint64_t bit = bit_of(p);
    uint32_t woken = 0;
    flags = xen_port_irq_save();
    struct port_entry *e = &ports[p];
    stats.bound += e->handler == NULL ? 1u : 0u;
    stats.vcpu_bound[e->vcpu] += (e->handler == NULL) ? 1u : 0u;
    if (e->handler != NULL && e->level != level && (levels[e->level].pending[w] & bit) != 0) {
        /* An event taken for the old level, not handled yet: it goes with the handler. */
        levels[e->level].pending[w] &= ~bit;
        levels[level].pending[w] |= bit;
        woken |= 1u << level;
    }
    e->handler = handler;
    e->arg = arg;
    e->level = level;
    e->budget = (uint16_t)(budget == 0 ? XEN_EVTCHN_DEFAULT_BUDGET : budget);
    e->user_masked = false;
    if (!e->held) {
        woken |= rearm_locked(p);
    }
    xen_port_irq_restore(flags);
    wake_levels(woken);
    return XE_OK;
}

static unsigned int default_vcpu; /* xen_evtchn_set_default_vcpu; 0: Xen's own choice */

xen_err_t xen_evtchn_set_default_vcpu(unsigned int vcpu)
{
    if (vcpu >= XEN_MAX_VCPUS || xen_vcpu_info_of(vcpu) == NULL) {
        return XE_BAD_ARG;
    }
    __atomic_store_n(&default_vcpu, vcpu, __ATOMIC_RELAXED);
    return XE_OK;
}

xen_err_t xen_evtchn_set_handler(evtchn_t port, xen_evtchn_handler_t handler, void *arg,
                                 UINT priority)
{
    bool first = port_ok(port) && handler != NULL && ports[evtchn_val(port)].handler == NULL;
    xen_err_t err = xen_evtchn_set_handler_budget(port, handler, arg, priority, 0);
    unsigned int vcpu = __atomic_load_n(&default_vcpu, __ATOMIC_RELAXED);

    if (err == XE_OK && first && vcpu != 0u && xen_evtchn_vcpu(port) == 0u) {
        /* A port Xen cannot move (a per-vCPU VIRQ) stays where it is: not an error here. */
        (void)xen_evtchn_bind_vcpu(port, vcpu);
    }
    return err;
}

xen_err_t xen_evtchn_close(evtchn_t port)
{
    if (port_ok(port)) {
        (void)xen_evtchn_set_handler(port, NULL, NULL, 0);
    }
    struct evtchn_close c = {.port = evtchn_val(port)};
    xen_err_t err = op(EVTCHNOP_close, &c);
    if (err == XE_OK && port_ok(port)) {
        /* Xen binds the number to vCPU 0 again when it reuses it. */
        unsigned long flags = xen_port_irq_save();
        ports[evtchn_val(port)].vcpu = 0;
        xen_port_irq_restore(flags);
    }
    return err;
}

xen_err_t xen_evtchn_bind_vcpu(evtchn_t port, unsigned int vcpu)
{
    if (!evt_ready()) {
        return XE_NOT_READY;
    }
    if (!port_ok(port) || vcpu >= XEN_MAX_VCPUS || xen_vcpu_info_of(vcpu) == NULL) {
        return XE_BAD_ARG;
    }
    uint32_t p = evtchn_val(port);
    unsigned long flags = xen_port_irq_save();
    bool registered = ports[p].handler != NULL;
    xen_port_irq_restore(flags);
    if (!registered) {
        return XE_BAD_ARG;
    }
    /* Outside the lock: a hypercall is long. Xen's pending and mask bits are shared by all
     * vCPUs, so an event pending now is still found, by an upcall already injected into the old
     * vCPU or by the next one on the new (or by the handler thread's re-arm if the port is
     * held): nothing to move. */
    struct evtchn_bind_vcpu b = {.port = p, .vcpu = vcpu};
    xen_err_t err = op(EVTCHNOP_bind_vcpu, &b);
    if (err == XE_OK) {
        flags = xen_port_irq_save();
        if (ports[p].handler != NULL) {
            stats.vcpu_bound[ports[p].vcpu]--;
            stats.vcpu_bound[vcpu]++;
        }
        ports[p].vcpu = (uint8_t)vcpu;
        xen_port_irq_restore(flags);
    }
    return err;
}

unsigned int xen_evtchn_vcpu(evtchn_t port)
{
    if (!port_ok(port)) {
        return 0;
    }
    unsigned long flags = xen_port_irq_save();
    unsigned int vcpu = ports[evtchn_val(port)].vcpu;
    xen_port_irq_restore(flags);
    return vcpu;
}

xen_err_t xen_evtchn_static_find(xen_domid_t remote, uint32_t local, evtchn_t *port,
                                 xen_domid_t *remote_out)
{
    for (unsigned i = 0; i < nr_statics; i++) {
        if ((remote == XEN_DOMID_ANY || statics[i].remote_dom == remote) &&
            (local == 0 || evtchn_val(statics[i].local) == local)) {
            *port = statics[i].local;
            if (remote_out != NULL) {
                *remote_out = statics[i].remote_dom;
            }
            return XE_OK;
        }
    }
    return XE_NOENT;
}

unsigned xen_evtchn_static_count(void)
{
    return nr_statics;
}

void xen_evtchn_get_stats(struct xen_evtchn_stats *out)
{
    unsigned long flags = xen_port_irq_save();
    *out = stats;
    xen_port_irq_restore(flags);
}

uint32_t xen_evtchn_upcall_count(void)
{
    return __atomic_load_n(&stats.upcalls, __ATOMIC_RELAXED);
}

uint32_t xen_evtchn_spurious_count(void)
{
    return __atomic_load_n(&stats.spurious, __ATOMIC_RELAXED);
}

uint32_t xen_evtchn_vcpu_upcall_count(unsigned int vcpu)
{
    return (vcpu < (unsigned int)XEN_MAX_VCPUS)
               ? __atomic_load_n(&stats.vcpu_upcalls[vcpu], __ATOMIC_RELAXED)
               : 0u;
}

uint32_t xen_evtchn_vcpu_spurious_count(unsigned int vcpu)
{
    return (vcpu < (unsigned int)XEN_MAX_VCPUS)
               ? __atomic_load_n(&stats.vcpu_spurious[vcpu], __ATOMIC_RELAXED)
               : 0u;
}

uint32_t xen_evtchn_vcpu_bound(unsigned int vcpu)
{
    return (vcpu < (unsigned int)XEN_MAX_VCPUS)
               ? __atomic_load_n(&stats.vcpu_bound[vcpu], __ATOMIC_RELAXED)
               : 0u;
}
