/*
 * fake_xen_evtchn.c - host model of Xen's 2-level event-channel delivery (see
 * fake_xen_evtchn.h), below xen/evtchn.c in tests/host/test_xen_evtchn.c.
 */
#include <stddef.h>
#include <string.h>

#include "fake_xen_evtchn.h"
#include "tx_api.h"
#include "tx_host.h"
#include "xen_hv.h"
#include "xen_hypercall.h"
#include "xen_port.h"

#define WORD_BITS 64u

_Static_assert(FAKE_XEN_PORTS <= WORD_BITS * WORD_BITS, "2-level ABI on 64-bit words");

struct fake_port {
    uint32_t state; /* EVTCHNSTAT_* */
    xen_domid_t remote_dom;
    uint32_t remote_port;
    uint32_t virq;
    uint32_t notifies; /* by the peer */
    uint32_t sent;     /* by us, to another domain */
    uint32_t vcpu;     /* notified vCPU: 0 from allocation, EVTCHNOP_bind_vcpu moves it */
};

static struct shared_info shared;
/* Registered vcpu_info of each vCPU (the guest's memory, as xen_hv_vcpu_init registers it). */
static struct vcpu_info vcpus[XEN_MAX_VCPUS];
static bool vcpu_registered[XEN_MAX_VCPUS] = {true};
static struct xen_dt_info dt = {.evtchn_intid = 31};
static struct fake_port fports[FAKE_XEN_PORTS];

static void (*upcall_isr)(void *arg);
static void *upcall_arg;
static unsigned cur_cpu;              /* the vCPU the host core plays */
static bool injected[FAKE_XEN_VCPUS]; /* the upcall PPI is pending at that vCPU's GIC */
static unsigned isr_depth;            /* inside the upcall ISR */
static uint32_t injections;           /* interrupts injected */
static uint32_t upcalls;              /* ISR runs */
static uint32_t vcpu_upcalls[FAKE_XEN_VCPUS];
static uint32_t bind_vcpu_calls, bind_vcpu_port, bind_vcpu_vcpu;

static evtchn_t flood_ports[FAKE_XEN_MAX_FLOOD];
static unsigned nr_flood;
static uint64_t steps;
static unsigned steps_per_tick;
static unsigned since_tick;

static bool inside_armed;
static evtchn_t inside_port;
static enum fake_xen_first inside_first;

static uint64_t word_bit(uint32_t port)
{
    return 1ull << (port % WORD_BITS);
}

/* ---- Xen's side of the 2-level ABI ------------------------------------------------------- */

/* vcpu_mark_events_pending: inject only when the flag goes from 0 to 1. */
static void mark_events_pending(unsigned v)
{
    if (__atomic_exchange_n(&vcpus[v].evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST) == 0) {
        injected[v] = true;
        injections++;
    }
}

/* The selector step, for a pending, unmasked port: on the vCPU the port is bound to. */
static void select_word(uint32_t port)
{
    unsigned v = fports[port].vcpu;
    uint64_t sel = 1ull << (port / WORD_BITS);
    if ((__atomic_fetch_or(&vcpus[v].evtchn_pending_sel, sel, __ATOMIC_SEQ_CST) & sel) == 0) {
        mark_events_pending(v);
    }
}

static void set_pending(uint32_t port)
{
    unsigned w = port / WORD_BITS;
    uint64_t bit = word_bit(port);
    if ((__atomic_fetch_or(&shared.evtchn_pending[w], bit, __ATOMIC_SEQ_CST) & bit) != 0) {
        return;
    }
    if ((__atomic_load_n(&shared.evtchn_mask[w], __ATOMIC_SEQ_CST) & bit) == 0) {
        select_word(port);
    }
}

static void unmask(uint32_t port)
{
    unsigned w = port / WORD_BITS;
    uint64_t bit = word_bit(port);
    if ((__atomic_fetch_and(&shared.evtchn_mask[w], ~bit, __ATOMIC_SEQ_CST) & bit) != 0 &&
        (__atomic_load_n(&shared.evtchn_pending[w], __ATOMIC_SEQ_CST) & bit) != 0) {
        select_word(port);
    }
}

/* ---- interrupts ---------------------------------------------------------------------------- */

static VOID upcall_trampoline(VOID *arg)
{
    (void)arg;
    isr_depth++;
    upcalls++;
    vcpu_upcalls[cur_cpu]++;
    upcall_isr(upcall_arg);
    isr_depth--;
}

static bool interrupts_enabled(void)
{
    TX_INTERRUPT_SAVE_AREA
    TX_DISABLE
    bool enabled = interrupt_save == TX_INT_ENABLE;
    TX_RESTORE
    return enabled;
}

/* Take the upcall injected into the vCPU being played if it may: a thread runs with interrupts
 * enabled. Other vCPUs' upcalls wait until the core plays them (fake_xen_set_cpu). */
static void deliver(void)
{
    while (injected[cur_cpu] && upcall_isr != NULL && isr_depth == 0 &&
           tx_thread_identify() != NULL && interrupts_enabled()) {
        injected[cur_cpu] = false;
        tx_host_isr_run(upcall_trampoline, NULL);
    }
}

/* ---- what xen/ asks of the hypervisor layer and the port ---------------------------------- */

struct shared_info *xen_shared_info(void)
{
    return &shared;
}

struct vcpu_info *xen_vcpu_info(void)
{
    return &vcpus[0];
}

struct vcpu_info *xen_vcpu_info_of(unsigned int v)
{
    return v < XEN_MAX_VCPUS && vcpu_registered[v] ? &vcpus[v] : NULL;
}

unsigned int xen_port_cpu_index(void)
{
    return cur_cpu;
}

const struct xen_dt_info *xen_hv_info(void)
{
    return &dt;
}

xen_err_t xen_port_irq_attach(uint32_t intid, void (*isr)(void *arg), void *arg)
{
    if (intid != dt.evtchn_intid) {
        return XE_BAD_ARG;
    }
    upcall_isr = isr;
    upcall_arg = arg;
    return XE_OK;
}

unsigned long xen_port_irq_save(void)
{
    TX_INTERRUPT_SAVE_AREA
    TX_DISABLE
    return interrupt_save;
}

void xen_port_irq_restore(unsigned long flags)
{
    UINT interrupt_save = (UINT)flags;
    TX_RESTORE
    if (flags == TX_INT_ENABLE) {
        deliver();
    }
}

/* ---- EVTCHNOP_* ---------------------------------------------------------------------------- */

static bool self_dom(xen_domid_t d)
{
    return d == DOMID_SELF || d == FAKE_XEN_SELF;
}

static bool valid(uint32_t port)
{
    return port != 0 && port < FAKE_XEN_PORTS;
}

static long alloc_port(uint32_t *out)
{
    for (uint32_t p = 1; p < FAKE_XEN_PORTS; p++) {
        if (fports[p].state == EVTCHNSTAT_closed) {
            memset(&fports[p], 0, sizeof(fports[p]));
            *out = p;
            return 0;
        }
    }
    return -XEN_ENOSPC;
}

static long op_status(struct evtchn_status *st)
{
    if (!self_dom(st->dom)) {
        return -XEN_EPERM;
    }
    if (st->port >= FAKE_XEN_PORTS) {
        return -XEN_EINVAL;
    }
    const struct fake_port *f = &fports[st->port];
    memset(&st->u, 0, sizeof(st->u));
    st->status = f->state;
    st->vcpu = f->vcpu;
    if (f->state == EVTCHNSTAT_unbound) {
        st->u.unbound.dom = f->remote_dom;
    } else if (f->state == EVTCHNSTAT_interdomain) {
        st->u.interdomain.dom = f->remote_dom;
        st->u.interdomain.port = f->remote_port;
    } else if (f->state == EVTCHNSTAT_virq) {
        st->u.virq = f->virq;
    }
    return 0;
}

static long op_alloc_unbound(struct evtchn_alloc_unbound *a)
{
    if (!self_dom(a->dom)) {
        return -XEN_EPERM;
    }
    uint32_t p;
    long rc = alloc_port(&p);
    if (rc == 0) {
        fports[p].state = EVTCHNSTAT_unbound;
        fports[p].remote_dom = self_dom(a->remote_dom) ? FAKE_XEN_SELF : a->remote_dom;
        a->port = p;
    }
    return rc;
}

static long op_bind_interdomain(struct evtchn_bind_interdomain *b)
{
    bool loop = self_dom(b->remote_dom);
    if (loop && (!valid(b->remote_port) || fports[b->remote_port].state != EVTCHNSTAT_unbound ||
                 fports[b->remote_port].remote_dom != FAKE_XEN_SELF)) {
        return -XEN_EINVAL;
    }
    uint32_t p;
    long rc = alloc_port(&p);
    if (rc != 0) {
        return rc;
    }
    /* Another domain's port is the model's peer: it accepts. */
    fports[p].state = EVTCHNSTAT_interdomain;
    fports[p].remote_dom = loop ? FAKE_XEN_SELF : b->remote_dom;
    fports[p].remote_port = b->remote_port;
    if (loop) {
        fports[b->remote_port].state = EVTCHNSTAT_interdomain;
        fports[b->remote_port].remote_port = p;
    }
    b->local_port = p;
    /* Xen raises the new channel's event on the local port once it is bound. */
    set_pending(p);
    return 0;
}

static long op_bind_virq(struct evtchn_bind_virq *b)
{
    uint32_t p;
    long rc = alloc_port(&p);
    if (rc == 0) {
        fports[p].state = EVTCHNSTAT_virq;
        fports[p].virq = b->virq;
        b->port = p;
    }
    return rc;
}

static long op_close(const struct evtchn_close *c)
{
    if (!valid(c->port)) {
        return -XEN_EINVAL;
    }
    struct fake_port *f = &fports[c->port];
    if (f->state == EVTCHNSTAT_interdomain && f->remote_dom == FAKE_XEN_SELF) {
        /* The other end waits for a new connection. */
        fports[f->remote_port].state = EVTCHNSTAT_unbound;
        fports[f->remote_port].remote_port = 0;
    }
    memset(f, 0, sizeof(*f));
    fake_xen_clear_pending(evtchn_init(c->port));
    return 0;
}

static long op_send(const struct evtchn_send *s)
{
    if (!valid(s->port)) {
        return -XEN_EINVAL;
    }
    struct fake_port *f = &fports[s->port];
    switch (f->state) {
    case EVTCHNSTAT_interdomain:
        if (f->remote_dom == FAKE_XEN_SELF) {
            set_pending(f->remote_port);
        } else {
            f->sent++;
        }
        return 0;
    case EVTCHNSTAT_unbound:
        return 0; /* nobody to tell */
    default:
        return -XEN_EINVAL;
    }
}

/* As Xen's evtchn_bind_vcpu for the 2-level ABI: a vCPU the domain has, a port that is unbound
 * or interdomain (the model's VIRQs are all per-vCPU ones, which cannot move). Pending bits
 * stay where they are; only later notifications go to the new vCPU. */
static long op_bind_vcpu(const struct evtchn_bind_vcpu *b)
{
    bind_vcpu_calls++;
    bind_vcpu_port = b->port;
    bind_vcpu_vcpu = b->vcpu;
    if (b->vcpu >= FAKE_XEN_VCPUS) {
        return -XEN_ENOENT;
    }
    if (!valid(b->port)) {
        return -XEN_EINVAL;
    }
    struct fake_port *f = &fports[b->port];
    if (f->state != EVTCHNSTAT_unbound && f->state != EVTCHNSTAT_interdomain) {
        return -XEN_EINVAL;
    }
    f->vcpu = b->vcpu;
    return 0;
}

static long op_unmask(const struct evtchn_unmask *u)
{
    if (u->port >= FAKE_XEN_PORTS) {
        return -XEN_EINVAL;
    }
    unmask(u->port);
    return 0;
}

long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    long rc;
    switch (cmd) {
    case EVTCHNOP_status:
        rc = op_status(arg);
        break;
    case EVTCHNOP_alloc_unbound:
        rc = op_alloc_unbound(arg);
        break;
    case EVTCHNOP_bind_interdomain:
        rc = op_bind_interdomain(arg);
        break;
    case EVTCHNOP_bind_virq:
        rc = op_bind_virq(arg);
        break;
    case EVTCHNOP_close:
        rc = op_close(arg);
        break;
    case EVTCHNOP_send:
        rc = op_send(arg);
        break;
    case EVTCHNOP_unmask:
        rc = op_unmask(arg);
        break;
    case EVTCHNOP_bind_vcpu:
        rc = op_bind_vcpu(arg);
        break;
    default:
        rc = -XEN_ENOSYS;
        break;
    }
    /* An upcall raised meanwhile is taken as the hypercall returns. */
    deliver();
    return rc;
}

/* ---- test controls ------------------------------------------------------------------------- */

void fake_xen_bind_static(uint32_t local, xen_domid_t remote_dom, uint32_t remote_port)
{
    if (valid(local)) {
        fports[local] = (struct fake_port){
            .state = EVTCHNSTAT_interdomain, .remote_dom = remote_dom, .remote_port = remote_port};
    }
}

void fake_xen_notify(evtchn_t port)
{
    uint32_t p = evtchn_val(port);
    if (valid(p)) {
        fports[p].notifies++;
        set_pending(p);
        deliver();
    }
}

uint32_t fake_xen_notifies(evtchn_t port)
{
    return valid(evtchn_val(port)) ? fports[evtchn_val(port)].notifies : 0;
}

uint32_t fake_xen_sent(evtchn_t port)
{
    return valid(evtchn_val(port)) ? fports[evtchn_val(port)].sent : 0;
}

void fake_xen_flood(const evtchn_t *ports, unsigned n)
{
    nr_flood = 0;
    for (unsigned i = 0; i < n && i < FAKE_XEN_MAX_FLOOD; i++) {
        flood_ports[nr_flood++] = ports[i];
    }
}

void fake_xen_step(void)
{
    steps++;
    for (unsigned i = 0; i < nr_flood; i++) {
        fake_xen_notify(flood_ports[i]);
    }
    if (steps_per_tick != 0 && ++since_tick >= steps_per_tick) {
        since_tick = 0;
        tx_host_ticks_advance(1);
    }
}

void fake_xen_set_steps_per_tick(unsigned n)
{
    steps_per_tick = n;
    since_tick = 0;
}

uint64_t fake_xen_steps(void)
{
    return steps;
}

uint32_t fake_xen_injected(void)
{
    return injections;
}

uint32_t fake_xen_upcalls(void)
{
    return upcalls;
}

bool fake_xen_pending(evtchn_t port)
{
    uint32_t p = evtchn_val(port);
    return (__atomic_load_n(&shared.evtchn_pending[p / WORD_BITS], __ATOMIC_SEQ_CST) &
            word_bit(p)) != 0;
}

bool fake_xen_masked(evtchn_t port)
{
    uint32_t p = evtchn_val(port);
    return (__atomic_load_n(&shared.evtchn_mask[p / WORD_BITS], __ATOMIC_SEQ_CST) & word_bit(p)) !=
           0;
}

void fake_xen_clear_pending(evtchn_t port)
{
    uint32_t p = evtchn_val(port);
    __atomic_fetch_and(&shared.evtchn_pending[p / WORD_BITS], ~word_bit(p), __ATOMIC_SEQ_CST);
}

void fake_xen_notify_inside_upcall(evtchn_t port)
{
    inside_port = port;
    inside_first = FAKE_XEN_FIRST_NONE;
    inside_armed = true;
}

enum fake_xen_first fake_xen_inside_upcall_result(void)
{
    return inside_first;
}

void fake_xen_atomic_done(volatile void *word)
{
    if (!inside_armed || isr_depth == 0) {
        return;
    }
    unsigned w = evtchn_val(inside_port) / WORD_BITS;
    if (word == &shared.evtchn_pending[w]) {
        inside_first = FAKE_XEN_FIRST_PENDING;
    } else if (word == &shared.evtchn_mask[w]) {
        inside_first = FAKE_XEN_FIRST_MASK;
    } else {
        return;
    }
    inside_armed = false;
    fake_xen_notify(inside_port); /* in the ISR: an upcall it raises waits until it returns */
}

/* ---- several vCPUs ------------------------------------------------------------------------- */

void fake_xen_set_cpu(unsigned v)
{
    if (v < FAKE_XEN_VCPUS) {
        cur_cpu = v;
        deliver();
    }
}

void fake_xen_vcpu_register(unsigned v, bool registered)
{
    if (v > 0 && v < XEN_MAX_VCPUS) {
        vcpu_registered[v] = registered;
    }
}

struct vcpu_info *fake_xen_vcpu(unsigned v)
{
    return &vcpus[v < XEN_MAX_VCPUS ? v : 0];
}

bool fake_xen_upcall_waiting(unsigned v)
{
    return v < FAKE_XEN_VCPUS && injected[v];
}

uint32_t fake_xen_upcalls_on(unsigned v)
{
    return v < FAKE_XEN_VCPUS ? vcpu_upcalls[v] : 0;
}

unsigned fake_xen_port_vcpu(evtchn_t port)
{
    return valid(evtchn_val(port)) ? fports[evtchn_val(port)].vcpu : 0;
}

void fake_xen_raise(unsigned v)
{
    if (v < FAKE_XEN_VCPUS) {
        mark_events_pending(v);
        deliver();
    }
}

uint32_t fake_xen_bind_vcpu_calls(uint32_t *port, uint32_t *vcpu)
{
    if (port != NULL) {
        *port = bind_vcpu_port;
    }
    if (vcpu != NULL) {
        *vcpu = bind_vcpu_vcpu;
    }
    return bind_vcpu_calls;
}

void fake_xen_reset_vcpus(void)
{
    cur_cpu = 0;
    for (unsigned v = 1; v < XEN_MAX_VCPUS; v++) {
        vcpu_registered[v] = false;
        memset(&vcpus[v], 0, sizeof(vcpus[v]));
    }
    for (unsigned v = 1; v < FAKE_XEN_VCPUS; v++) {
        injected[v] = false;
    }
    for (uint32_t p = 0; p < FAKE_XEN_PORTS; p++) {
        fports[p].vcpu = 0;
    }
}
