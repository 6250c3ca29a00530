/*
 * test_xen_evtchn.c - xen/evtchn.c, unchanged, over a model of Xen's 2-level event-channel
 * delivery (fake_xen_evtchn.c): what a flood may take from other threads (handler budgets,
 * round-robin, rests), that no event is lost whatever its handler does (move, removal,
 * re-registration), the upcall's mask-before-clear order, the masking bound: upcalls per
 * activation of a thread above the handlers at most the bound ports, and several vCPUs: the
 * upcall reads the vcpu_info of the vCPU it runs on, xen_evtchn_bind_vcpu and its errors, no
 * event lost across a rebinding.
 *
 * Built twice: test_xen_evtchn (and -noerr, -stack), and test_xen_evtchn-nomask with
 * XEN_EVTCHN_TEST_NO_MASK for layer and test, where ports stay unmasked: the masking test then
 * asserts the bound broken, and the mask-order test is left out (it has no mask to order).
 *
 * The layer's state (handler threads, ports) lives as long as the process: the teardown here
 * removes the handlers, lets the handler threads finish and terminates only the test's threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake_xen_evtchn.h"
#include "txtest.h"
#include "xen_evtchn.h"
#include "xen_public.h"

#ifdef XEN_EVTCHN_TEST_NO_MASK
#define MASKED_BUILD false
#else
#define MASKED_BUILD true
#endif

#define RT_PRIO        2  /* the real-time thread of the masking test */
#define CTRL_PRIO      4  /* the runner during a test: above every handler thread */
#define MOVER_PRIO     6  /* changes handlers under a flood */
#define HANDLER_PRIO   10 /* handler threads */
#define HANDLER_PRIO_B 12
#define LOW_PRIO       20 /* below the handlers: what a flood must not starve */

#define PEER_DOM       1u
#define NR_STATIC      4u /* ports 1..4: static channels to PEER_DOM ports 101..104 */
#define USED_PORTS     8u /* ports the teardown cleans */

#define STEPS_PER_TICK 1000u
#define WARMUP_TICKS   5u
#define FLOOD_TICKS    50u

static evtchn_t port1, port2, port3;

/* ---- handlers ------------------------------------------------------------------------------ */

enum action {
    ACT_NONE,
    ACT_NOTIFY_AND_MOVE,   /* the peer notifies during the call, the handler moves itself */
    ACT_NOTIFY_AND_REMOVE, /* the peer notifies during the call, the handler removes itself */
};

struct hstat {
    uint32_t calls;
    uint32_t seen;     /* peer notifications made before the last call began */
    UINT prio;         /* of the thread of the last call */
    uint32_t overlaps; /* calls begun while another call of this port's handler ran */
    bool inside;
    enum action act; /* done once, by the next call */
};

static struct hstat hs[FAKE_XEN_PORTS];  /* on_event */
static struct hstat hsb[FAKE_XEN_PORTS]; /* on_event_b */
static unsigned work_steps;              /* fake_xen_step()s per handler call */

static void count(struct hstat *h, evtchn_t port)
{
    if (h->inside) {
        h->overlaps++;
    }
    h->inside = true;
    h->calls++;
    h->seen = fake_xen_notifies(port);
    h->prio = tx_thread_identify()->tx_thread_priority;
    for (unsigned i = 0; i < work_steps; i++) {
        fake_xen_step();
    }
}

static void on_event(evtchn_t port, void *arg)
{
    (void)arg;
    struct hstat *h = &hs[evtchn_val(port)];
    count(h, port);
    enum action act = h->act;
    h->act = ACT_NONE;
    if (act == ACT_NOTIFY_AND_MOVE) {
        fake_xen_notify(port);
        (void)xen_evtchn_set_handler(port, on_event, NULL, HANDLER_PRIO_B);
    } else if (act == ACT_NOTIFY_AND_REMOVE) {
        fake_xen_notify(port);
        (void)xen_evtchn_set_handler(port, NULL, NULL, 0);
    }
    h->inside = false;
}

static void on_event_b(evtchn_t port, void *arg)
{
    (void)arg;
    count(&hsb[evtchn_val(port)], port);
    hsb[evtchn_val(port)].inside = false;
}

/* ---- test threads -------------------------------------------------------------------------- */

#define MAX_THREADS  4u
#define THREAD_STACK 8192u

static TX_THREAD threads[MAX_THREADS];
static uint8_t stacks[MAX_THREADS][THREAD_STACK] __attribute__((aligned(16)));
static unsigned nr_threads;

static void spawn(CHAR *name, VOID (*entry)(ULONG), UINT priority)
{
    assert_true(nr_threads < MAX_THREADS);
    assert_int_equal(tx_thread_create(&threads[nr_threads], name, entry, 0, stacks[nr_threads],
                                      THREAD_STACK, priority, priority, TX_NO_TIME_SLICE,
                                      TX_AUTO_START),
                     TX_SUCCESS);
    nr_threads++;
}

static void park(void)
{
    for (;;) {
        tx_thread_sleep(1000);
    }
}

/* Below the handlers: works without pause. */
static volatile uint64_t low_steps;
static void low_entry(ULONG arg)
{
    (void)arg;
    for (;;) {
        low_steps++;
        fake_xen_step();
    }
}

/* At the handlers' priority: one step each tick. */
static volatile uint32_t same_runs;
static void same_entry(ULONG arg)
{
    (void)arg;
    for (;;) {
        tx_thread_sleep(1);
        same_runs++;
        fake_xen_step();
    }
}

/* ---- fixtures ------------------------------------------------------------------------------ */

/* Let the threads below the runner run until they are done (the model's clock idles forward). */
static void settle(void)
{
    tx_thread_sleep(2);
}

static void bind(evtchn_t port, xen_evtchn_handler_t fn, UINT priority)
{
    assert_int_equal(xen_evtchn_set_handler(port, fn, NULL, priority), XE_OK);
}

static void get_stats(struct xen_evtchn_stats *st)
{
    memset(st, 0, sizeof(*st));
    xen_evtchn_get_stats(st);
}

static int group_setup(void **state)
{
    (void)state;
    port1 = evtchn_init(1);
    port2 = evtchn_init(2);
    port3 = evtchn_init(3);
    for (uint32_t p = 1; p <= NR_STATIC; p++) {
        fake_xen_bind_static(p, PEER_DOM, 100 + p);
    }
    return xen_evtchn_init() == XE_OK ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    UINT old;
    memset(hs, 0, sizeof(hs));
    memset(hsb, 0, sizeof(hsb));
    work_steps = 0;
    low_steps = 0;
    same_runs = 0;
    tx_thread_priority_change(&txtest_runner, CTRL_PRIO, &old);
    tx_thread_preemption_change(&txtest_runner, CTRL_PRIO, &old);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    UINT old;
    fake_xen_flood(NULL, 0);
    fake_xen_set_steps_per_tick(0);
    (void)tx_interrupt_control(TX_INT_ENABLE);
    for (unsigned i = 0; i < nr_threads; i++) {
        tx_thread_terminate(&threads[i]);
        tx_thread_delete(&threads[i]);
    }
    nr_threads = 0;
    for (unsigned p = 0; p < FAKE_XEN_PORTS; p++) {
        hs[p].act = ACT_NONE;
    }
    work_steps = 0;
    fake_xen_set_cpu(0);
    settle();
    for (uint32_t p = 1; p < USED_PORTS; p++) {
        (void)xen_evtchn_bind_vcpu(evtchn_init(p), 0); /* XE_BAD_ARG without a handler */
        (void)xen_evtchn_set_handler(evtchn_init(p), NULL, NULL, 0);
    }
    fake_xen_reset_vcpus();
    settle();
    for (uint32_t p = 1; p < USED_PORTS; p++) {
        fake_xen_clear_pending(evtchn_init(p));
    }
    tx_thread_priority_change(&txtest_runner, TXTEST_RUNNER_PRIORITY, &old);
    tx_thread_preemption_change(&txtest_runner, TXTEST_RUNNER_PRIORITY, &old);
    return 0;
}

/* ---- the model and the layer's plain operations ------------------------------------------- */

static void test_static_channels_found(void **state)
{
    (void)state;
    evtchn_t p;
    xen_domid_t remote;
    assert_int_equal(xen_evtchn_static_count(), NR_STATIC);
    assert_int_equal(xen_evtchn_static_find(PEER_DOM, 3, &p, &remote), XE_OK);
    assert_int_equal(evtchn_val(p), 3);
    assert_int_equal(remote, PEER_DOM);
    assert_int_equal(xen_evtchn_static_find(7, 0, &p, NULL), XE_NOENT);
    struct xen_evtchn_info info;
    assert_int_equal(xen_evtchn_status(port3, &info), XE_OK);
    assert_int_equal(info.state, XEN_EVTCHN_INTERDOMAIN);
    assert_int_equal(evtchn_val(info.remote_port), 103);
    assert_int_equal(xen_evtchn_status(evtchn_init(FAKE_XEN_PORTS), &info), XE_INVAL);
    /* Everything is masked until a handler is set. */
    fake_xen_notify(port1);
    assert_true(fake_xen_masked(port1));
    assert_true(fake_xen_pending(port1));
    bind(port1, on_event, HANDLER_PRIO);
    settle();
    assert_int_equal(hs[1].calls, 1);
}

static void test_loopback_channel(void **state)
{
    (void)state;
    evtchn_t a, b;
    struct xen_evtchn_info info;
    assert_int_equal(xen_evtchn_alloc_unbound(FAKE_XEN_SELF, &a), XE_OK);
    assert_int_equal(xen_evtchn_bind_interdomain(FAKE_XEN_SELF, a, &b), XE_OK);
    assert_true(evtchn_val(a) < USED_PORTS && evtchn_val(b) < USED_PORTS);
    bind(a, on_event, HANDLER_PRIO);
    bind(b, on_event, HANDLER_PRIO);
    settle();
    /* Xen notifies the binding end once when it binds. */
    assert_int_equal(hs[evtchn_val(a)].calls, 0);
    assert_int_equal(hs[evtchn_val(b)].calls, 1);
    /* The first send's upcall takes the event and masks a; the second waits in a's pending
     * bit, and the handler thread takes it after the first call. Unmasked, each send is an
     * upcall and both events wait for one call. */
    uint32_t up0 = fake_xen_upcalls();
    assert_int_equal(xen_evtchn_send(b), XE_OK);
    assert_int_equal(xen_evtchn_send(b), XE_OK);
    assert_int_equal(fake_xen_upcalls(), up0 + (MASKED_BUILD ? 1 : 2));
    settle();
    assert_int_equal(hs[evtchn_val(a)].calls, MASKED_BUILD ? 2 : 1);
    assert_int_equal(xen_evtchn_send(a), XE_OK);
    settle();
    assert_int_equal(hs[evtchn_val(b)].calls, 2);
    assert_int_equal(xen_evtchn_close(b), XE_OK);
    assert_int_equal(xen_evtchn_status(a, &info), XE_OK);
    assert_int_equal(info.state, XEN_EVTCHN_UNBOUND);
    assert_int_equal(xen_evtchn_close(a), XE_OK);
    assert_int_equal(xen_evtchn_status(a, &info), XE_OK);
    assert_int_equal(info.state, XEN_EVTCHN_CLOSED);
    /* To another domain: the model's peer counts it. */
    uint32_t sent = fake_xen_sent(port2);
    assert_int_equal(xen_evtchn_send(port2), XE_OK);
    assert_int_equal(fake_xen_sent(port2), sent + 1);
}

/* ---- 1. a flood: budget, round-robin, rests ----------------------------------------------- */

/*
 * The peer notifies ports 1 and 2 (one handler priority) in every step of every thread; each
 * handler call is one step of work, so every call finds a new event: a flood the handler
 * cannot keep up with. Each tick is STEPS_PER_TICK steps. The guarantee: per tick the handler
 * thread makes at most XEN_EVTCHN_BUSY_PASSES passes of at most a budget of calls per port, so
 * the thread below it gets at least STEPS_PER_TICK - BUSY_PASSES x (budget1 + budget2) steps,
 * minus what the thread at the handlers' priority takes (one step a tick); both ports are
 * served and that thread runs every tick.
 */
static void test_flood_leaves_lower_threads_their_share(void **state)
{
    (void)state;
    const evtchn_t flood[] = {port1, port2};
    const uint64_t handler_per_tick = XEN_EVTCHN_BUSY_PASSES * 2u * XEN_EVTCHN_DEFAULT_BUDGET;
    const uint64_t low_bound = (uint64_t)FLOOD_TICKS * (STEPS_PER_TICK - handler_per_tick - 1u);
    struct xen_evtchn_stats st0, st1;

    bind(port1, on_event, HANDLER_PRIO);
    bind(port2, on_event, HANDLER_PRIO);
    work_steps = 1;
    fake_xen_set_steps_per_tick(STEPS_PER_TICK);
    spawn("low", low_entry, LOW_PRIO);
    spawn("same", same_entry, HANDLER_PRIO);
    fake_xen_flood(flood, 2);
    tx_thread_sleep(WARMUP_TICKS);

    uint64_t steps0 = fake_xen_steps(), low0 = low_steps;
    uint32_t c1 = hs[1].calls, c2 = hs[2].calls, same0 = same_runs;
    get_stats(&st0);
    tx_thread_sleep(FLOOD_TICKS);
    uint64_t steps = fake_xen_steps() - steps0, low = low_steps - low0;
    c1 = hs[1].calls - c1;
    c2 = hs[2].calls - c2;
    uint32_t same = same_runs - same0;
    get_stats(&st1);
    fake_xen_flood(NULL, 0);

    printf("flood: %u ticks of %u steps: low-priority thread %llu steps (%.1f%%, guaranteed "
           ">= %llu = %.1f%%); handler calls port 1 %u, port 2 %u; same-priority thread %u runs; "
           "%u yields, %u rests\n",
           FLOOD_TICKS, STEPS_PER_TICK, (unsigned long long)low,
           100.0 * (double)low / (double)steps, (unsigned long long)low_bound,
           100.0 * (double)low_bound / (double)steps, c1, c2, same, st1.yields - st0.yields,
           st1.rests - st0.rests);
    assert_int_equal(steps, (uint64_t)FLOOD_TICKS * STEPS_PER_TICK);
    assert_true(low >= low_bound);
    const uint32_t served = (FLOOD_TICKS - 1u) * XEN_EVTCHN_BUSY_PASSES * XEN_EVTCHN_DEFAULT_BUDGET;
    assert_true(c1 >= served);
    assert_true(c2 >= served);
    assert_true(same >= FLOOD_TICKS - 1u);
    assert_true(st1.rests - st0.rests >= FLOOD_TICKS - 1u);
    assert_int_equal(hs[1].overlaps + hs[2].overlaps, 0);
}

/* A port's budget set at registration: per tick it gets BUSY_PASSES x budget calls. */
static void test_flood_budget_set_at_registration(void **state)
{
    (void)state;
    const unsigned budget = 3;
    const evtchn_t flood[] = {port3};

    assert_int_equal(xen_evtchn_set_handler_budget(port3, on_event, NULL, HANDLER_PRIO, budget),
                     XE_OK);
    assert_int_equal(xen_evtchn_set_handler_budget(port3, on_event, NULL, HANDLER_PRIO,
                                                   XEN_EVTCHN_MAX_BUDGET + 1u),
                     XE_BAD_ARG);
    work_steps = 1;
    fake_xen_set_steps_per_tick(STEPS_PER_TICK);
    spawn("low", low_entry, LOW_PRIO);
    fake_xen_flood(flood, 1);
    tx_thread_sleep(WARMUP_TICKS);
    uint32_t c = hs[3].calls;
    uint64_t low0 = low_steps;
    tx_thread_sleep(FLOOD_TICKS);
    c = hs[3].calls - c;
    uint64_t low = low_steps - low0;
    fake_xen_flood(NULL, 0);

    printf("budget %u: %u handler calls in %u ticks, low-priority thread %llu steps\n", budget, c,
           FLOOD_TICKS, (unsigned long long)low);
    assert_int_equal(c, FLOOD_TICKS * XEN_EVTCHN_BUSY_PASSES * budget);
    assert_true(low >= (uint64_t)FLOOD_TICKS * (STEPS_PER_TICK - XEN_EVTCHN_BUSY_PASSES * budget));
}

/* ---- 4. no event lost, whatever the handler does ------------------------------------------ */

/* The upcall took the event for the handler thread of HANDLER_PRIO; before that thread ran the
 * handler moved to HANDLER_PRIO_B. */
static void test_event_taken_then_handler_moved(void **state)
{
    (void)state;
    bind(port1, on_event, HANDLER_PRIO);
    fake_xen_notify(port1);
    assert_false(fake_xen_pending(port1)); /* taken by the upcall */
    assert_int_equal(hs[1].calls, 0);      /* its handler thread has not run */
    bind(port1, on_event, HANDLER_PRIO_B);
    settle();
    assert_int_equal(hs[1].calls, 1);
    assert_int_equal(hs[1].prio, HANDLER_PRIO_B);
    /* And the port works at its new priority. */
    fake_xen_notify(port1);
    settle();
    assert_int_equal(hs[1].calls, 2);
}

/* Taken, then the handler removed before its thread ran, then set again. */
static void test_event_taken_then_handler_removed_and_set_again(void **state)
{
    (void)state;
    bind(port1, on_event, HANDLER_PRIO);
    fake_xen_notify(port1);
    assert_int_equal(xen_evtchn_set_handler(port1, NULL, NULL, 0), XE_OK);
    settle();
    assert_int_equal(hs[1].calls, 0);
    bind(port1, on_event, HANDLER_PRIO);
    settle();
    assert_int_equal(hs[1].calls, 1);
}

/* Taken, then another handler set in its place: the new one gets the event, at its priority. */
static void test_event_taken_then_handler_replaced(void **state)
{
    (void)state;
    bind(port1, on_event, HANDLER_PRIO);
    bind(port2, on_event, HANDLER_PRIO);
    fake_xen_notify(port1);
    fake_xen_notify(port2);
    bind(port1, on_event_b, HANDLER_PRIO);
    bind(port2, on_event_b, HANDLER_PRIO_B);
    settle();
    assert_int_equal(hs[1].calls + hs[2].calls, 0);
    assert_int_equal(hsb[1].calls, 1);
    assert_int_equal(hsb[2].calls, 1);
    assert_int_equal(hsb[2].prio, HANDLER_PRIO_B);
}

/* The peer notifies while the handler runs, and the handler moves itself. */
static void test_handler_moves_itself_while_notified(void **state)
{
    (void)state;
    bind(port1, on_event, HANDLER_PRIO);
    hs[1].act = ACT_NOTIFY_AND_MOVE;
    fake_xen_notify(port1);
    settle();
    assert_int_equal(hs[1].calls, 2);
    assert_int_equal(hs[1].prio, HANDLER_PRIO_B);
    assert_int_equal(hs[1].seen, fake_xen_notifies(port1));
    assert_int_equal(hs[1].overlaps, 0);
}

/* The peer notifies while the handler runs, and the handler removes itself; set again. */
static void test_handler_removes_itself_while_notified(void **state)
{
    (void)state;
    bind(port1, on_event, HANDLER_PRIO);
    hs[1].act = ACT_NOTIFY_AND_REMOVE;
    fake_xen_notify(port1);
    settle();
    assert_int_equal(hs[1].calls, 1);
    assert_true(fake_xen_pending(port1));
    bind(port1, on_event, HANDLER_PRIO_B);
    settle();
    assert_int_equal(hs[1].calls, 2);
    assert_int_equal(hs[1].seen, fake_xen_notifies(port1));
}

/* Notified while no handler is set: no upcall (masked); the next handler gets it. */
static void test_event_while_no_handler(void **state)
{
    (void)state;
    bind(port1, on_event, HANDLER_PRIO);
    assert_int_equal(xen_evtchn_set_handler(port1, NULL, NULL, 0), XE_OK);
    uint32_t up0 = fake_xen_upcalls();
    fake_xen_notify(port1);
    assert_int_equal(fake_xen_upcalls(), up0);
    bind(port1, on_event, HANDLER_PRIO);
    settle();
    assert_int_equal(hs[1].calls, 1);
}

/* The application unmasked a port that has no handler; the upcall masks it again but keeps the
 * event for the handler set later. */
static void test_unmasked_port_without_handler_keeps_event(void **state)
{
    (void)state;
    assert_int_equal(xen_evtchn_unmask(port1), XE_OK);
    assert_false(fake_xen_masked(port1));
    uint32_t up0 = fake_xen_upcalls();
    fake_xen_notify(port1);
    assert_int_equal(fake_xen_upcalls(), up0 + 1);
    assert_true(fake_xen_masked(port1));
    bind(port1, on_event, HANDLER_PRIO);
    settle();
    assert_int_equal(hs[1].calls, 1);
}

/* The application masks and unmasks the port while an event taken for it waits for its thread,
 * and the peer notifies meanwhile: both reach the handler, and the unmask does not lift the
 * mask the upcall set before the handler ran (no upcall from it). */
static void test_user_mask_while_event_taken(void **state)
{
    (void)state;
    bind(port1, on_event, HANDLER_PRIO);
    fake_xen_notify(port1);
    uint32_t up0 = fake_xen_upcalls();
    assert_int_equal(xen_evtchn_mask(port1), XE_OK);
    fake_xen_notify(port1);
    assert_int_equal(xen_evtchn_unmask(port1), XE_OK);
    if (MASKED_BUILD) {
        assert_int_equal(fake_xen_upcalls(), up0);
        assert_true(fake_xen_masked(port1));
    }
    settle();
    /* Unmasked, the unmask takes the second event before the first call: one call for both. */
    assert_int_equal(hs[1].calls, MASKED_BUILD ? 2 : 1);
    assert_int_equal(hs[1].seen, fake_xen_notifies(port1));
    assert_false(fake_xen_masked(port1));
}

/* Under a flood of ports 1 and 2, a thread above the handlers changes their handlers every tick
 * (move, move back, remove, set again, set with a budget, mask, unmask). A port's handler never
 * runs twice at once, and once the handlers are set and the flood stops, every port's handler
 * has run after its peer's last notification. */
static volatile bool mover_stop;
static volatile uint32_t mover_ops;
static void mover_entry(ULONG arg)
{
    (void)arg;
    for (uint32_t k = 0; !mover_stop; k++) {
        tx_thread_sleep(1);
        for (uint32_t p = 1; p <= 2; p++) {
            evtchn_t port = evtchn_init(p);
            switch ((k + 3u * p) % 7u) {
            case 0:
                (void)xen_evtchn_set_handler(port, on_event, NULL, HANDLER_PRIO_B);
                break;
            case 1:
                (void)xen_evtchn_set_handler(port, on_event, NULL, HANDLER_PRIO);
                break;
            case 2:
                (void)xen_evtchn_set_handler(port, NULL, NULL, 0);
                break;
            case 3:
                (void)xen_evtchn_set_handler(port, on_event, NULL, HANDLER_PRIO);
                break;
            case 4:
                (void)xen_evtchn_set_handler_budget(port, on_event, NULL, HANDLER_PRIO_B, 2);
                break;
            case 5:
                (void)xen_evtchn_mask(port);
                break;
            default:
                (void)xen_evtchn_unmask(port);
                break;
            }
            mover_ops++;
        }
    }
    park();
}

static void test_handler_changes_under_flood_lose_nothing(void **state)
{
    (void)state;
    const evtchn_t flood[] = {port1, port2};
    bind(port1, on_event, HANDLER_PRIO);
    bind(port2, on_event, HANDLER_PRIO);
    work_steps = 1;
    mover_stop = false;
    mover_ops = 0;
    fake_xen_set_steps_per_tick(200);
    spawn("low", low_entry, LOW_PRIO);
    spawn("mover", mover_entry, MOVER_PRIO);
    fake_xen_flood(flood, 2);
    tx_thread_sleep(70);
    mover_stop = true;
    fake_xen_flood(NULL, 0);
    tx_thread_sleep(2);
    bind(port1, on_event, HANDLER_PRIO);
    bind(port2, on_event, HANDLER_PRIO);
    settle();
    printf("handler changes: %u operations; calls port 1 %u, port 2 %u, low-priority steps %llu\n",
           mover_ops, hs[1].calls, hs[2].calls, (unsigned long long)low_steps);
    assert_true(mover_ops >= 100);
    assert_true(low_steps > 0);
    for (uint32_t p = 1; p <= 2; p++) {
        assert_true(hs[p].calls > 0);
        assert_int_equal(hs[p].seen, fake_xen_notifies(evtchn_init(p)));
        if (MASKED_BUILD) {
            assert_int_equal(hs[p].overlaps, 0);
        }
    }
}

/* ---- 7. the upcall masks a port before it clears its pending bit --------------------------- */

#ifndef XEN_EVTCHN_TEST_NO_MASK
/* The peer notifies again between the upcall's two updates of the port (mask, pending): the
 * event is the one being taken, and raises no upcall that would find nothing. */
static void test_upcall_masks_before_clearing(void **state)
{
    (void)state;
    struct xen_evtchn_stats st0, st1;
    bind(port1, on_event, HANDLER_PRIO);
    get_stats(&st0);
    uint32_t inj0 = fake_xen_injected(), n0 = fake_xen_notifies(port1);
    fake_xen_notify_inside_upcall(port1);
    fake_xen_notify(port1);
    settle();
    get_stats(&st1);
    enum fake_xen_first first = fake_xen_inside_upcall_result();
    printf("notify inside the upcall, after its first update (%s): %u upcalls injected, "
           "%u taken, %u found nothing; handler calls %u\n",
           first == FAKE_XEN_FIRST_MASK      ? "mask"
           : first == FAKE_XEN_FIRST_PENDING ? "pending"
                                             : "-",
           fake_xen_injected() - inj0, st1.upcalls - st0.upcalls, st1.spurious - st0.spurious,
           hs[1].calls);
    assert_int_equal(fake_xen_notifies(port1) - n0, 2); /* the window was reached */
    assert_int_equal(st1.spurious - st0.spurious, 0);
    assert_int_equal(st1.upcalls - st0.upcalls, 1);
    assert_int_equal(fake_xen_injected() - inj0, 1);
    assert_int_equal(first, FAKE_XEN_FIRST_MASK);
    assert_true(hs[1].calls >= 1);
    assert_int_equal(hs[1].seen, fake_xen_notifies(port1));
}
#endif

/* ---- the masking bound -------------------------------------------------------------------- */

/*
 * A thread above every handler thread is released each tick and works RT_STEPS steps, while the
 * peer notifies ports 1, 2 and 3 in every step (it notifies only then: between activations the
 * handler threads catch up, so every activation starts with the ports armed). With the mask
 * the upcalls in one activation are at most the bound ports; without it
 * (XEN_EVTCHN_TEST_NO_MASK) every notification is an upcall.
 */
#define RT_STEPS 16u
static volatile bool rt_stop;
static volatile uint32_t rt_worst, rt_activations;
static void rt_entry(ULONG arg)
{
    (void)arg;
    const evtchn_t flood[] = {port1, port2, port3};
    while (!rt_stop) {
        tx_thread_sleep(1);
        uint32_t up0 = fake_xen_upcalls();
        fake_xen_flood(flood, 3);
        for (unsigned i = 0; i < RT_STEPS; i++) {
            fake_xen_step();
        }
        fake_xen_flood(NULL, 0);
        uint32_t n = fake_xen_upcalls() - up0;
        rt_worst = n > rt_worst ? n : rt_worst;
        rt_activations++;
    }
    park();
}

static void test_flood_upcalls_per_activation_bounded(void **state)
{
    (void)state;
    struct xen_evtchn_stats st;
    bind(port1, on_event, HANDLER_PRIO);
    bind(port2, on_event, HANDLER_PRIO);
    bind(port3, on_event, HANDLER_PRIO_B);
    rt_stop = false;
    rt_worst = 0;
    rt_activations = 0;
    spawn("rt", rt_entry, RT_PRIO);
    tx_thread_sleep(20);
    rt_stop = true;
    tx_thread_sleep(2);
    get_stats(&st);
    printf("%s: %u activations, at most %u upcalls in one, %u bound ports\n",
           MASKED_BUILD ? "masked" : "unmasked (XEN_EVTCHN_TEST_NO_MASK)", rt_activations, rt_worst,
           st.bound);
    assert_true(rt_activations >= 10);
    assert_int_equal(st.bound, 3);
    if (MASKED_BUILD) {
        assert_true(rt_worst >= 1 && rt_worst <= st.bound);
    } else {
        assert_true(rt_worst > st.bound);
    }
    assert_true(hs[1].calls > 0 && hs[2].calls > 0 && hs[3].calls > 0);
}

/* ---- several vCPUs ------------------------------------------------------------------------- */

/* A port bound to vCPU 1: Xen raises the upcall there, in vCPU 1's vcpu_info; the upcall run as
 * vCPU 1 takes it from there, and vCPU 0's vcpu_info is left alone. */
static void test_event_on_vcpu1_taken_by_vcpu1_upcall(void **state)
{
    (void)state;
    struct xen_evtchn_stats st0, st1;
    fake_xen_vcpu_register(1, true);
    uint32_t bound0 = xen_evtchn_vcpu_bound(0), bound1 = xen_evtchn_vcpu_bound(1);
    bind(port1, on_event, HANDLER_PRIO);
    assert_int_equal(xen_evtchn_vcpu_bound(0), bound0 + 1);
    assert_int_equal(xen_evtchn_bind_vcpu(port1, 1), XE_OK);
    assert_int_equal(xen_evtchn_vcpu(port1), 1);
    /* The handler's port now counts against vCPU 1, not vCPU 0. */
    assert_int_equal(xen_evtchn_vcpu_bound(0), bound0);
    assert_int_equal(xen_evtchn_vcpu_bound(1), bound1 + 1);
    assert_int_equal(xen_evtchn_vcpu_bound(XEN_MAX_VCPUS), 0);
    get_stats(&st0);
    uint32_t acc1 = xen_evtchn_vcpu_upcall_count(1);
    uint32_t up0 = fake_xen_upcalls_on(0);
    fake_xen_notify(port1);
    /* Raised on vCPU 1; vCPU 0, which the core plays, sees nothing. */
    assert_true(fake_xen_upcall_waiting(1));
    assert_int_equal(fake_xen_vcpu(1)->evtchn_upcall_pending, 1);
    assert_int_equal(fake_xen_vcpu(1)->evtchn_pending_sel, 1); /* port 1: word 0 */
    assert_int_equal(fake_xen_vcpu(0)->evtchn_upcall_pending, 0);
    assert_int_equal(fake_xen_vcpu(0)->evtchn_pending_sel, 0);
    settle();
    assert_int_equal(fake_xen_upcalls_on(0), up0);
    assert_int_equal(hs[1].calls, 0);
    fake_xen_set_cpu(1); /* vCPU 1 takes its interrupt */
    assert_false(fake_xen_upcall_waiting(1));
    assert_int_equal(fake_xen_vcpu(1)->evtchn_upcall_pending, 0);
    assert_int_equal(fake_xen_vcpu(1)->evtchn_pending_sel, 0);
    assert_false(fake_xen_pending(port1));
    fake_xen_set_cpu(0);
    settle();
    assert_int_equal(hs[1].calls, 1);
    get_stats(&st1);
    assert_int_equal(st1.vcpu_upcalls[1] - st0.vcpu_upcalls[1], 1);
    assert_int_equal(st1.vcpu_upcalls[0] - st0.vcpu_upcalls[0], 0);
    assert_int_equal(xen_evtchn_vcpu_upcall_count(1) - acc1, 1);
    assert_int_equal(st1.vcpu_spurious[1], st0.vcpu_spurious[1]);
    assert_int_equal(st1.upcalls - st0.upcalls, 1);
    assert_int_equal(st1.spurious - st0.spurious, 0);
    assert_int_equal(fake_xen_upcalls_on(0), up0);
}

/* xen_evtchn_bind_vcpu is one EVTCHNOP_bind_vcpu with the port and vCPU; Xen then raises the
 * port's upcalls on that vCPU, and after a bind back on vCPU 0. */
static void test_bind_vcpu_hypercall_moves_upcalls(void **state)
{
    (void)state;
    uint32_t port, vcpu;
    fake_xen_vcpu_register(2, true);
    bind(port2, on_event, HANDLER_PRIO);
    uint32_t calls0 = fake_xen_bind_vcpu_calls(NULL, NULL);
    assert_int_equal(xen_evtchn_bind_vcpu(port2, 2), XE_OK);
    assert_int_equal(fake_xen_bind_vcpu_calls(&port, &vcpu), calls0 + 1);
    assert_int_equal(port, 2);
    assert_int_equal(vcpu, 2);
    assert_int_equal(fake_xen_port_vcpu(port2), 2);
    struct xen_evtchn_info info;
    assert_int_equal(xen_evtchn_status(port2, &info), XE_OK);
    assert_int_equal(info.state, XEN_EVTCHN_INTERDOMAIN);

    uint32_t on0 = fake_xen_upcalls_on(0), on2 = fake_xen_upcalls_on(2);
    fake_xen_notify(port2);
    assert_false(fake_xen_upcall_waiting(1));
    assert_true(fake_xen_upcall_waiting(2));
    fake_xen_set_cpu(2);
    assert_int_equal(fake_xen_upcalls_on(2), on2 + 1);
    fake_xen_set_cpu(0);
    settle();
    assert_int_equal(hs[2].calls, 1);

    assert_int_equal(xen_evtchn_bind_vcpu(port2, 0), XE_OK);
    assert_int_equal(fake_xen_bind_vcpu_calls(&port, &vcpu), calls0 + 2);
    assert_int_equal(vcpu, 0);
    assert_int_equal(xen_evtchn_vcpu(port2), 0);
    fake_xen_notify(port2);
    assert_int_equal(fake_xen_upcalls_on(0), on0 + 1);
    assert_false(fake_xen_upcall_waiting(2));
    settle();
    assert_int_equal(hs[2].calls, 2);
    assert_int_equal(hs[2].seen, fake_xen_notifies(port2));
}

/* Refused without a hypercall: bad port, port without handler, vCPU out of range or without
 * vcpu_info. Xen's own refusal (a per-vCPU VIRQ cannot move) comes back as its error. The
 * recorded vCPU stays as it was. */
static void test_bind_vcpu_errors(void **state)
{
    (void)state;
    fake_xen_vcpu_register(1, true);
    bind(port1, on_event, HANDLER_PRIO);
    uint32_t calls0 = fake_xen_bind_vcpu_calls(NULL, NULL);
    assert_int_equal(xen_evtchn_bind_vcpu(evtchn_init(0), 1), XE_BAD_ARG);
    assert_int_equal(xen_evtchn_bind_vcpu(evtchn_init(XEN_EVTCHN_MAX_PORTS), 1), XE_BAD_ARG);
    assert_int_equal(xen_evtchn_bind_vcpu(port3, 1), XE_BAD_ARG); /* no handler here */
    assert_int_equal(xen_evtchn_bind_vcpu(port1, XEN_MAX_VCPUS), XE_BAD_ARG);
    assert_int_equal(xen_evtchn_bind_vcpu(port1, 3), XE_BAD_ARG); /* no vcpu_info */
    assert_int_equal(fake_xen_bind_vcpu_calls(NULL, NULL), calls0);
    assert_int_equal(xen_evtchn_vcpu(port1), 0);
    assert_int_equal(fake_xen_port_vcpu(port1), 0);

    evtchn_t virq;
    assert_int_equal(xen_evtchn_bind_virq(1, &virq), XE_OK);
    bind(virq, on_event, HANDLER_PRIO);
    assert_int_equal(xen_evtchn_bind_vcpu(virq, 1), XE_INVAL);
    assert_int_equal(fake_xen_bind_vcpu_calls(NULL, NULL), calls0 + 1);
    assert_int_equal(xen_evtchn_vcpu(virq), 0);
    assert_int_equal(xen_evtchn_close(virq), XE_OK);
    /* Closed: no handler any more. */
    assert_int_equal(xen_evtchn_bind_vcpu(virq, 1), XE_BAD_ARG);
    assert_int_equal(xen_evtchn_vcpu(evtchn_init(XEN_EVTCHN_MAX_PORTS)), 0);
}

/* An upcall on a vCPU whose vcpu_info was never registered scans nothing and is counted. */
static void test_upcall_without_vcpu_info_counted(void **state)
{
    (void)state;
    struct xen_evtchn_stats st0, st1;
    get_stats(&st0);
    fake_xen_raise(3);
    fake_xen_set_cpu(3);
    fake_xen_set_cpu(0);
    get_stats(&st1);
    assert_int_equal(st1.no_vcpu_info - st0.no_vcpu_info, 1);
    assert_int_equal(st1.vcpu_upcalls[3] - st0.vcpu_upcalls[3], 1);
    assert_int_equal(st1.upcalls - st0.upcalls, 1);
    assert_int_equal(st1.spurious - st0.spurious, 0);
    assert_int_equal(st1.events - st0.events, 0);
}

#ifndef XEN_EVTCHN_TEST_NO_MASK
/* Rebinding between notifications: (1) an event taken on vCPU 0, not handled yet, the port
 * moved to vCPU 1 and notified again while held; (2) an upcall waiting on vCPU 1, the port
 * moved back to vCPU 0 before vCPU 1 took it, notified again. Every notification reaches the
 * handler, no call finds nothing, and no upcall goes to a vCPU the port is not bound to (but
 * the one already injected). */
static void test_rebind_between_notifications_loses_nothing(void **state)
{
    (void)state;
    struct xen_evtchn_stats st0, st1;
    fake_xen_vcpu_register(1, true);
    bind(port1, on_event, HANDLER_PRIO);
    get_stats(&st0);

    fake_xen_notify(port1);
    assert_false(fake_xen_pending(port1)); /* taken by vCPU 0's upcall */
    assert_int_equal(xen_evtchn_bind_vcpu(port1, 1), XE_OK);
    fake_xen_notify(port1); /* held: pending, masked, no upcall anywhere */
    assert_false(fake_xen_upcall_waiting(1));
    settle();
    assert_int_equal(hs[1].calls, 2);
    assert_int_equal(hs[1].seen, fake_xen_notifies(port1));
    assert_false(fake_xen_masked(port1));

    fake_xen_notify(port1);
    assert_true(fake_xen_upcall_waiting(1));
    assert_int_equal(xen_evtchn_bind_vcpu(port1, 0), XE_OK);
    fake_xen_notify(port1); /* already pending */
    settle();
    assert_int_equal(hs[1].calls, 2);
    fake_xen_set_cpu(1); /* the upcall injected before the rebinding takes it */
    fake_xen_set_cpu(0);
    settle();
    assert_int_equal(hs[1].calls, 3);
    assert_int_equal(hs[1].seen, fake_xen_notifies(port1));

    uint32_t on0 = fake_xen_upcalls_on(0);
    fake_xen_notify(port1);
    assert_int_equal(fake_xen_upcalls_on(0), on0 + 1);
    settle();
    assert_int_equal(hs[1].calls, 4);
    assert_int_equal(hs[1].seen, fake_xen_notifies(port1));
    get_stats(&st1);
    assert_int_equal(st1.spurious - st0.spurious, 0);
    assert_int_equal(st1.vcpu_upcalls[1] - st0.vcpu_upcalls[1], 1);
    assert_int_equal(hs[1].overlaps, 0);
}
#endif

int txtest_main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_static_channels_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loopback_channel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flood_leaves_lower_threads_their_share, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_flood_budget_set_at_registration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_taken_then_handler_moved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_taken_then_handler_removed_and_set_again, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_event_taken_then_handler_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_handler_moves_itself_while_notified, setup, teardown),
        cmocka_unit_test_setup_teardown(test_handler_removes_itself_while_notified, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_event_while_no_handler, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unmasked_port_without_handler_keeps_event, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_user_mask_while_event_taken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_handler_changes_under_flood_lose_nothing, setup,
                                        teardown),
#ifndef XEN_EVTCHN_TEST_NO_MASK
        cmocka_unit_test_setup_teardown(test_upcall_masks_before_clearing, setup, teardown),
#endif
        cmocka_unit_test_setup_teardown(test_flood_upcalls_per_activation_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_on_vcpu1_taken_by_vcpu1_upcall, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bind_vcpu_hypercall_moves_upcalls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bind_vcpu_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upcall_without_vcpu_info_counted, setup, teardown),
#ifndef XEN_EVTCHN_TEST_NO_MASK
        cmocka_unit_test_setup_teardown(test_rebind_between_notifications_loses_nothing, setup,
                                        teardown),
#endif
    };
    return cmocka_run_group_tests_name(MASKED_BUILD ? "xen_evtchn" : "xen_evtchn_nomask", tests,
                                       group_setup, NULL);
}
