/*
 * tx_thread_schedule.c - the scheduler: ready lists, the choice of the next thread (priorities,
 * preemption threshold, round robin), the suspension mechanism shared by every object, and the
 * core side of the port interface (_tx_thread_switch_note).
 *
 * Scheduling rule. _tx_thread_execute_ptr is the thread that should own the CPU. A ready thread
 * E that has the CPU keeps it while no ready thread has a priority numerically below E's
 * preemption threshold. When E is preempted above its threshold it is pushed on
 * _tx_thread_preempted_list; when the CPU is next given away voluntarily, the most recently
 * preempted thread P gets it back unless a ready thread beats P's threshold. The pushed threads
 * nest (each preempts the previous above its threshold), so checking the top is enough.
 *
 * SMP (more than one core configured): _tx_thread_smp_rebalance chooses every core's thread at
 * once; see its comment. With one core the code above runs, unchanged.
 */
#define TX_THREAD_SMP_SOURCE_CODE
#include "tx_arch.h"
#include "tx_internal.h"
#include "tx_trace.h"

/* Why the running thread is giving up the CPU (tx_thread_switch_reason); read by
 * _tx_thread_switch_note for statistics. */
#define TX_SWITCH_INTERRUPT 0u /* default: the port switches at ISR exit */
#define TX_SWITCH_SOLICITED 1u /* a service made a higher-priority thread ready */
#define TX_SWITCH_BLOCK     2u /* the thread suspended itself */
#define TX_SWITCH_YIELD     3u /* relinquish or end of time slice */

/* "No core". */
#define TX_SMP_NONE ((UINT)TX_THREAD_SMP_MAX_CORES)

static UINT _tx_thread_highest_priority(VOID)
{
    UINT w;

    for (w = 0; w < TX_PRIORITY_MAP_WORDS; w++) {
        if (_tx_thread_priority_maps[w] != 0u) {
            return (w * 32u) + (UINT)__builtin_ctz(_tx_thread_priority_maps[w]);
        }
    }
    return TX_MAX_PRIORITIES;
}

static VOID _tx_thread_preempted_push(TX_THREAD *thread_ptr)
{
    if (thread_ptr->tx_thread_preempted == TX_FALSE) {
        thread_ptr->tx_thread_preempted = TX_TRUE;
        thread_ptr->tx_thread_preempted_next = _tx_thread_preempted_list;
        _tx_thread_preempted_list = thread_ptr;
    }
}

static VOID _tx_thread_preempted_remove(TX_THREAD *thread_ptr)
{
    TX_THREAD **link = &_tx_thread_preempted_list;

    if (thread_ptr->tx_thread_preempted == TX_FALSE) {
        return;
    }
    while (*link != TX_NULL) {
        if (*link == thread_ptr) {
            *link = thread_ptr->tx_thread_preempted_next;
            break;
        }
        link = &(*link)->tx_thread_preempted_next;
    }
    thread_ptr->tx_thread_preempted = TX_FALSE;
    thread_ptr->tx_thread_preempted_next = TX_NULL;
}

static VOID _tx_thread_ready_insert(TX_THREAD *thread_ptr, UINT at_head)
{
    UINT priority = thread_ptr->tx_thread_priority;
    TX_THREAD *head = _tx_thread_priority_list[priority];

    if (head == TX_NULL) {
        _tx_thread_priority_list[priority] = thread_ptr;
        thread_ptr->tx_thread_ready_next = thread_ptr;
        thread_ptr->tx_thread_ready_previous = thread_ptr;
        _tx_thread_priority_maps[priority / 32u] |= (ULONG)1u << (priority % 32u);
    } else {
        thread_ptr->tx_thread_ready_next = head;
        thread_ptr->tx_thread_ready_previous = head->tx_thread_ready_previous;
        head->tx_thread_ready_previous->tx_thread_ready_next = thread_ptr;
        head->tx_thread_ready_previous = thread_ptr;
        if (at_head != TX_FALSE) {
            _tx_thread_priority_list[priority] = thread_ptr;
        }
    }
}

static VOID _tx_thread_ready_remove(TX_THREAD *thread_ptr)
{
    UINT priority = thread_ptr->tx_thread_priority;

    if (thread_ptr->tx_thread_ready_next == thread_ptr) {
        _tx_thread_priority_list[priority] = TX_NULL;
        _tx_thread_priority_maps[priority / 32u] &= ~((ULONG)1u << (priority % 32u));
    } else {
        thread_ptr->tx_thread_ready_next->tx_thread_ready_previous =
            thread_ptr->tx_thread_ready_previous;
        thread_ptr->tx_thread_ready_previous->tx_thread_ready_next =
            thread_ptr->tx_thread_ready_next;
        if (_tx_thread_priority_list[priority] == thread_ptr) {
            _tx_thread_priority_list[priority] = thread_ptr->tx_thread_ready_next;
        }
    }
    thread_ptr->tx_thread_ready_next = TX_NULL;
    thread_ptr->tx_thread_ready_previous = TX_NULL;
    _tx_thread_preempted_remove(thread_ptr);
}

#if TX_THREAD_SMP_MAX_CORES > 1
/*
 * SMP choice. Every ready thread is a candidate, taken in this order: by key, then holders
 * before others, then by priority, then ready-list (FIFO) order. A holder is a thread that had
 * a core at the previous choice (unless it yields now) or that was preempted above its
 * preemption threshold (the preempted list); its key is its preemption threshold: it keeps (or
 * gets back) a core against every thread of a priority not better than that, as on one core.
 * Other threads' key is their priority. A candidate is admitted when
 *   - its priority is better than every admitted thread's threshold-in-force (below), and,
 *     if it has a threshold in force itself (threshold < priority), no admitted thread has a
 *     priority in its band (priority >= its threshold): a thread with a threshold in force runs
 *     alone among the threads it locks out, on all cores, as it would on one;
 *   - the admitted threads plus it can still be placed on distinct cores within their
 *     exclusions (an augmenting path moves admitted threads between cores when that helps);
 * until every core has one. So the running set is the N best ready threads that fit their
 * exclusions (ThreadX SMP: "the n highest priority threads on the n available processors").
 * Placement keeps a thread on its core when it can. Bounded by the number of ready threads.
 */
/* Lowest ready priority above `priority`, TX_MAX_PRIORITIES when none. */
static UINT _tx_thread_smp_next_priority(UINT priority)
{
    UINT p = priority + 1u;
    UINT found = TX_MAX_PRIORITIES;

    while ((p < TX_MAX_PRIORITIES) && (found == TX_MAX_PRIORITIES)) {
        UINT w = p / 32u;
        ULONG bits = _tx_thread_priority_maps[w] & (0xFFFFFFFFu << (p % 32u));

        if (bits != 0u) {
            found = (w * 32u) + (UINT)__builtin_ctz(bits);
        }
        p = (w + 1u) * 32u;
    }
    return found;
}

/* The cores a thread may take: its allowed cores among those in use, its previous core first
 * (pushed by the caller), then cores no holder had, then the others. */
static VOID _tx_thread_smp_push_cores(const TX_THREAD *thread_ptr, UINT via, ULONG cores,
                                      ULONG holder_cores, ULONG *visited, UINT *queue, UINT *from,
                                      UINT *tail, ULONG generation)
{
    ULONG mask = thread_ptr->tx_thread_smp_cores_allowed & cores & ~(*visited);
    ULONG pass[2];
    UINT i;
    UINT prev = thread_ptr->tx_thread_smp_core_mapped;

    if ((thread_ptr->tx_thread_smp_mark >= generation) && (prev < TX_SMP_NONE) &&
        ((mask & ((ULONG)1u << prev)) != 0u)) {
        queue[*tail] = prev;
        from[prev] = via;
        (*tail)++;
        mask &= ~((ULONG)1u << prev);
        *visited |= (ULONG)1u << prev;
    }
    pass[0] = mask & ~holder_cores;
    pass[1] = mask & holder_cores;
    for (i = 0; i < 2u; i++) {
        ULONG m = pass[i];
        while (m != 0u) {
            UINT c = (UINT)__builtin_ctz(m);
            m &= m - 1u;
            queue[*tail] = c;
            from[c] = via;
            (*tail)++;
            *visited |= (ULONG)1u << c;
        }
    }
}

/* Place thread_ptr on a core of `owner` (cores: the cores in use), moving placed threads along
 * a shortest augmenting path if needed. TX_FALSE (nothing changed) when impossible. */
static UINT _tx_thread_smp_place(TX_THREAD *thread_ptr, TX_THREAD **owner, ULONG cores,
                                 ULONG holder_cores, ULONG generation)
{
    UINT queue[TX_THREAD_SMP_MAX_CORES];
    UINT from[TX_THREAD_SMP_MAX_CORES];
    UINT head = 0;
    UINT tail = 0;
    ULONG visited = 0;

    UINT placed = TX_FALSE;

    _tx_thread_smp_push_cores(thread_ptr, TX_SMP_NONE, cores, holder_cores, &visited, queue, from,
                              &tail, generation);
    while ((head < tail) && (placed == TX_FALSE)) {
        UINT c = queue[head];
        head++;
        if (owner[c] == TX_NULL) {
            /* Shift along the path: each thread moves to the core found after its own. */
            while (from[c] != TX_SMP_NONE) {
                owner[c] = owner[from[c]];
                c = from[c];
            }
            owner[c] = thread_ptr;
            placed = TX_TRUE;
        } else {
            _tx_thread_smp_push_cores(owner[c], c, cores, holder_cores, &visited, queue, from,
                                      &tail, generation);
        }
    }
    return placed;
}

/* Whether holder a comes before holder b: key (threshold), priority, FIFO. */
static UINT _tx_thread_smp_holder_before(const TX_THREAD *a, const TX_THREAD *b)
{
    UINT before;

    if (b == TX_NULL) {
        before = TX_TRUE;
    } else if (a->tx_thread_preempt_threshold != b->tx_thread_preempt_threshold) {
        before =
            (a->tx_thread_preempt_threshold < b->tx_thread_preempt_threshold) ? TX_TRUE : TX_FALSE;
    } else if (a->tx_thread_priority != b->tx_thread_priority) {
        before = (a->tx_thread_priority < b->tx_thread_priority) ? TX_TRUE : TX_FALSE;
    } else {
        /* Same priority: ready-list (FIFO) order; walk from the head to the first of the two. */
        const TX_THREAD *walk = _tx_thread_priority_list[a->tx_thread_priority];

        while ((walk != a) && (walk != b)) {
            walk = walk->tx_thread_ready_next;
        }
        before = (walk == a) ? TX_TRUE : TX_FALSE;
    }
    return before;
}

/* The best holder not yet considered (mark == generation), NULL when none. */
static TX_THREAD *_tx_thread_smp_next_holder(UINT cores, ULONG generation)
{
    TX_THREAD *best = TX_NULL;
    TX_THREAD *walk;
    UINT c;

    for (c = 0; c < cores; c++) {
        walk = _tx_thread_execute_ptr[c];
        if ((walk != TX_NULL) && (walk->tx_thread_smp_mark == generation) &&
            (_tx_thread_smp_holder_before(walk, best) != TX_FALSE)) {
            best = walk;
        }
    }
    for (walk = _tx_thread_preempted_list; walk != TX_NULL; walk = walk->tx_thread_preempted_next) {
        if ((walk->tx_thread_smp_mark == generation) &&
            (_tx_thread_smp_holder_before(walk, best) != TX_FALSE)) {
            best = walk;
        }
    }
    return best;
}

static TX_NOINLINE VOID _tx_thread_smp_rebalance(TX_THREAD *yielder)
{
    static ULONG _tx_thread_smp_generation; /* bumped at every choice */
    TX_THREAD *owner[TX_THREAD_SMP_MAX_CORES];
    UINT cores = _tx_thread_smp_max_cores;
    ULONG core_mask = (0xFFFFFFFFu >> (32u - cores));
    ULONG holder_cores = 0;
    ULONG generation;
    UINT self = TX_ARCH_CORE_ID();
    UINT admitted = 0;
    UINT cutoff = TX_MAX_PRIORITIES;
    UINT lowest = 0; /* numerically largest admitted priority (valid when admitted > 0) */
    UINT priority = _tx_thread_highest_priority();
    TX_THREAD *plain =
        (priority < TX_MAX_PRIORITIES) ? _tx_thread_priority_list[priority] : TX_NULL;
    TX_THREAD *walk;
    UINT c;

    /* Marks: holders get `generation`, considered holders `generation + 1`; older values mean
     * "not a holder". On wrap-around, clear every mark so none looks current by accident. */
    _tx_thread_smp_generation += 2u;
    if (_tx_thread_smp_generation < 2u) {
        ULONG i;
        walk = _tx_thread_created_ptr;
        for (i = 0; i < _tx_thread_created_count; i++) {
            walk->tx_thread_smp_mark = 0;
            walk = walk->tx_thread_created_next;
        }
        _tx_thread_smp_generation = 2u;
    }
    generation = _tx_thread_smp_generation;
    for (walk = _tx_thread_preempted_list; walk != TX_NULL; walk = walk->tx_thread_preempted_next) {
        walk->tx_thread_smp_mark = generation;
        walk->tx_thread_smp_core_mapped = TX_SMP_NONE;
    }
    for (c = 0; c < cores; c++) {
        owner[c] = TX_NULL;
        walk = _tx_thread_execute_ptr[c];
        if (walk != TX_NULL) {
            walk->tx_thread_smp_core_mapped = c;
            if ((walk->tx_thread_state == TX_READY) && (walk != yielder)) {
                walk->tx_thread_smp_mark = generation;
                holder_cores |= (ULONG)1u << c;
            }
        }
    }

    while (admitted < cores) {
        TX_THREAD *holder = _tx_thread_smp_next_holder(cores, generation);
        TX_THREAD *candidate;

        /* Plain candidates skip holders (they come through the holder scan). */
        while ((plain != TX_NULL) && (plain->tx_thread_smp_mark >= generation)) {
            plain = plain->tx_thread_ready_next;
            if (plain == _tx_thread_priority_list[priority]) {
                priority = _tx_thread_smp_next_priority(priority);
                plain =
                    (priority < TX_MAX_PRIORITIES) ? _tx_thread_priority_list[priority] : TX_NULL;
            }
        }
        if ((plain != TX_NULL) && (plain->tx_thread_priority >= cutoff)) {
            plain = TX_NULL; /* every later one is locked out too */
        }
        if ((holder != TX_NULL) &&
            ((plain == TX_NULL) || (holder->tx_thread_preempt_threshold <= priority))) {
            candidate = holder;
            holder->tx_thread_smp_mark = generation + 1u;
        } else if (plain != TX_NULL) {
            candidate = plain;
            plain = plain->tx_thread_ready_next;
            if (plain == _tx_thread_priority_list[priority]) {
                priority = _tx_thread_smp_next_priority(priority);
                plain =
                    (priority < TX_MAX_PRIORITIES) ? _tx_thread_priority_list[priority] : TX_NULL;
            }
        } else {
            break;
        }
        if (candidate->tx_thread_priority >= cutoff) {
            continue;
        }
        if ((candidate->tx_thread_preempt_threshold < candidate->tx_thread_priority) &&
            (admitted != 0u) && (lowest >= candidate->tx_thread_preempt_threshold)) {
            continue;
        }
        if (_tx_thread_smp_place(candidate, owner, core_mask, holder_cores, generation) ==
            TX_FALSE) {
            continue;
        }
        admitted++;
        if ((admitted == 1u) || (candidate->tx_thread_priority > lowest)) {
            lowest = candidate->tx_thread_priority;
        }
        if (candidate->tx_thread_preempt_threshold < candidate->tx_thread_priority) {
            if (candidate->tx_thread_preempt_threshold < cutoff) {
                cutoff = candidate->tx_thread_preempt_threshold;
            }
        }
    }

    /* Publish. A holder that lost its core while above its threshold is stacked (it gets a core
     * back before the threads it locks out); a stacked thread that got one leaves the stack. */
    for (c = 0; c < cores; c++) {
        walk = _tx_thread_execute_ptr[c];
        if (walk != TX_NULL) {
            walk->tx_thread_smp_core_mapped = TX_SMP_NONE;
        }
    }
    for (c = 0; c < cores; c++) {
        if (owner[c] != TX_NULL) {
            owner[c]->tx_thread_smp_core_mapped = c;
        }
    }
    for (c = 0; c < cores; c++) {
        walk = _tx_thread_execute_ptr[c];
        if ((walk != TX_NULL) && (walk->tx_thread_smp_core_mapped == TX_SMP_NONE) &&
            (walk->tx_thread_state == TX_READY) && (walk != yielder) &&
            (walk->tx_thread_preempt_threshold < walk->tx_thread_priority)) {
            _tx_thread_preempted_push(walk);
        }
    }
    for (c = 0; c < cores; c++) {
        walk = owner[c];
        if ((walk != TX_NULL) && (walk->tx_thread_preempted != TX_FALSE)) {
            _tx_thread_preempted_remove(walk);
        }
    }
    for (c = 0; c < cores; c++) {
        if (_tx_thread_execute_ptr[c] != owner[c]) {
            _tx_thread_execute_ptr[c] = owner[c];
            if (c != self) {
                _tx_arch_core_preempt(c);
            }
        }
    }
}
#endif

/* Choose _tx_thread_execute_ptr. `yielder` (or NULL): the current choice gives the CPU up
 * voluntarily (relinquish, time slice) and has no claim to keep it. */
static VOID _tx_thread_execute_update(TX_THREAD *yielder)
{
    TX_THREAD *current;
    TX_THREAD *preempted = _tx_thread_preempted_list;
    UINT highest;

#if TX_THREAD_SMP_MAX_CORES > 1
    if (_tx_thread_smp_max_cores > 1u) {
        _tx_thread_smp_rebalance(yielder);
        return;
    }
#endif
    current = _tx_thread_execute_ptr[0];
    highest = _tx_thread_highest_priority();
    if (highest == TX_MAX_PRIORITIES) {
        _tx_thread_execute_ptr[0] = TX_NULL;
        return;
    }
    if ((yielder == TX_NULL) && (current != TX_NULL) && (current->tx_thread_state == TX_READY)) {
        if (highest >= current->tx_thread_preempt_threshold) {
            return;
        }
        if (current->tx_thread_preempt_threshold < current->tx_thread_priority) {
            _tx_thread_preempted_push(current);
        }
        _tx_thread_execute_ptr[0] = _tx_thread_priority_list[highest];
        return;
    }
    if ((preempted != TX_NULL) && (highest >= preempted->tx_thread_preempt_threshold)) {
        _tx_thread_preempted_remove(preempted);
        _tx_thread_execute_ptr[0] = preempted;
        return;
    }
    _tx_thread_execute_ptr[0] = _tx_thread_priority_list[highest];
}

UINT _tx_thread_smp_chosen(const TX_THREAD *thread_ptr)
{
    UINT chosen = (_tx_thread_execute_ptr[0] == thread_ptr) ? TX_TRUE : TX_FALSE;
#if TX_THREAD_SMP_MAX_CORES > 1
    UINT c = thread_ptr->tx_thread_smp_core_mapped;

    if (_tx_thread_smp_max_cores > 1u) {
        chosen = ((c < _tx_thread_smp_max_cores) && (_tx_thread_execute_ptr[c] == thread_ptr))
                     ? TX_TRUE
                     : TX_FALSE;
    }
#endif
    return chosen;
}

VOID _tx_thread_smp_rebalance_internal(VOID)
{
    _tx_thread_execute_update(TX_NULL);
}

VOID _tx_thread_system_ready(TX_THREAD *thread_ptr)
{
#ifdef TX_ENABLE_EVENT_TRACE
    UINT previous_state = thread_ptr->tx_thread_state;
#endif

    thread_ptr->tx_thread_state = TX_READY;
    thread_ptr->tx_thread_suspending = TX_FALSE;
    _tx_thread_ready_insert(thread_ptr, TX_FALSE);
    thread_ptr->tx_thread_performance_resume_count++;
    _tx_thread_performance_resume_count++;
    _tx_thread_execute_update(TX_NULL);
    /* After the choice: the event names the thread that runs next. */
    TX_TRACE_INSERT(TX_TRACE_THREAD_RESUME, TX_TRACE_PTR(thread_ptr), previous_state,
                    TX_TRACE_STACK_PTR, TX_TRACE_PTR(_tx_thread_execute_ptr[TX_ARCH_CORE_ID()]),
                    TX_TRACE_INTERNAL_EVENTS);
}

VOID _tx_thread_system_unready(TX_THREAD *thread_ptr, UINT state)
{
    UINT was_ready = (thread_ptr->tx_thread_state == TX_READY) ? TX_TRUE : TX_FALSE;

    thread_ptr->tx_thread_state = state;
    if (was_ready != TX_FALSE) {
        _tx_thread_ready_remove(thread_ptr);
        /* A thread that stops running starts its next turn with a full slice. */
        thread_ptr->tx_thread_time_slice = thread_ptr->tx_thread_new_time_slice;
        thread_ptr->tx_thread_performance_suspend_count++;
        _tx_thread_performance_suspend_count++;
        _tx_thread_execute_update(TX_NULL);
        TX_TRACE_INSERT(TX_TRACE_THREAD_SUSPEND, TX_TRACE_PTR(thread_ptr), state,
                        TX_TRACE_STACK_PTR, TX_TRACE_PTR(_tx_thread_execute_ptr[TX_ARCH_CORE_ID()]),
                        TX_TRACE_INTERNAL_EVENTS);
    }
}

#ifdef TX_ENABLE_STACK_CHECKING
/* A thread whose stack check failed during a switch. The application's handler is not called
 * from inside the port's switch path but at the next safe point, in thread context: the next
 * service that may switch (every blocking call, every preemption check). The handler may use
 * the services a thread may (e.g. terminate or suspend the offender). */
static TX_THREAD *_tx_thread_stack_error_pending;

VOID _tx_thread_stack_error_deliver(VOID)
{
    TX_THREAD *thread_ptr = _tx_thread_stack_error_pending;

    if (thread_ptr != TX_NULL) {
        _tx_thread_stack_error_pending = TX_NULL;
        if (_tx_thread_application_stack_error_handler != TX_NULL) {
            _tx_thread_application_stack_error_handler(thread_ptr);
        }
    }
}
#endif

/* Interrupts disabled. Hand the CPU over if `current`, core `core`'s running thread (or NULL),
 * is no longer the chosen one and a switch is allowed here (thread context, preemption
 * enabled). For callers that have read both already. */
static inline VOID _tx_thread_switch_current(UINT core, TX_THREAD *current, UINT reason)
{
    UINT depth;

#ifdef TX_ENABLE_STACK_CHECKING
    if ((_tx_thread_system_state[core] == 0u) && (_tx_thread_preempt_disable[core] == 0u) &&
        (current != TX_NULL)) {
        _tx_thread_stack_error_deliver();
    }
#endif
    if ((_tx_thread_system_state[core] != 0u) || (_tx_thread_preempt_disable[core] != 0u) ||
        (current == TX_NULL) || (current == _tx_thread_execute_ptr[core])) {
        return;
    }
    if (current->tx_thread_state != TX_READY) {
        reason = TX_SWITCH_BLOCK;
        if (_tx_thread_execute_ptr[core] == TX_NULL) {
            _tx_thread_performance_idle_return_count++;
        } else {
            _tx_thread_performance_non_idle_return_count++;
        }
    }
    current->tx_thread_switch_reason = reason;
    /* The lock passes to the next thread at depth 1; ours comes back when we run again (maybe
     * on another core: read nothing per-core after the call). */
#if TX_THREAD_SMP_MAX_CORES > 1
    if (_tx_thread_smp_lock_enabled != 0u) {
        depth = _tx_thread_smp_lock_save();
        _tx_arch_thread_system_return();
        _tx_thread_smp_lock_restore(depth);
    } else {
        _tx_arch_thread_system_return();
    }
#else
    (VOID) depth;
    _tx_arch_thread_system_return();
#endif
}

/* The same, for the caller's core. */
static VOID _tx_thread_switch_if_needed(UINT reason)
{
    UINT core = TX_ARCH_CORE_ID();

    _tx_thread_switch_current(core, _tx_thread_current_ptr[core], reason);
}

VOID _tx_thread_system_preempt_check(VOID)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    _tx_thread_switch_if_needed(TX_SWITCH_SOLICITED);
    TX_RESTORE
}

VOID _tx_thread_system_preempt_check_disabled(VOID)
{
    _tx_thread_switch_if_needed(TX_SWITCH_SOLICITED);
}

/* Interrupts disabled; the calling thread, `current` (the running thread of the caller's core),
 * gives the CPU to its peers (relinquish). */
VOID _tx_thread_yield_internal(TX_THREAD *current)
{
    if (current->tx_thread_state != TX_READY) {
        return;
    }
    if (_tx_thread_priority_list[current->tx_thread_priority] == current) {
        _tx_thread_priority_list[current->tx_thread_priority] = current->tx_thread_ready_next;
    }
    current->tx_thread_time_slice = current->tx_thread_new_time_slice;
    _tx_thread_execute_update(current);
    _tx_thread_switch_current(TX_ARCH_CORE_ID(), current, TX_SWITCH_YIELD);
}

/* Called from the tick with interrupts disabled when a running thread's slice ran out. */
VOID _tx_thread_time_slice_expired(TX_THREAD *thread_ptr)
{
    thread_ptr->tx_thread_time_slice = thread_ptr->tx_thread_new_time_slice;
    thread_ptr->tx_thread_performance_time_slice_count++;
    _tx_thread_performance_time_slice_count++;
    if ((thread_ptr->tx_thread_ready_next != thread_ptr) &&
        (_tx_thread_priority_list[thread_ptr->tx_thread_priority] == thread_ptr)) {
        _tx_thread_priority_list[thread_ptr->tx_thread_priority] = thread_ptr->tx_thread_ready_next;
        if (_tx_thread_smp_chosen(thread_ptr) != TX_FALSE) {
            _tx_thread_execute_update(thread_ptr);
            TX_TRACE_INSERT(TX_TRACE_TIME_SLICE,
                            TX_TRACE_PTR(_tx_thread_execute_ptr[TX_ARCH_CORE_ID()]),
                            _tx_thread_system_state[TX_ARCH_CORE_ID()],
                            _tx_thread_preempt_disable[TX_ARCH_CORE_ID()], TX_TRACE_STACK_PTR,
                            TX_TRACE_INTERNAL_EVENTS);
        }
    }
}

#ifdef TX_ENABLE_STACK_CHECKING
/* Check a thread whose context is saved: stack pointer inside the stack, the guard word (lowest
 * fill word, see _tx_thread_stack_prepare) intact; and track the deepest use (first word that
 * lost the pattern). */
static VOID _tx_thread_stack_check(TX_THREAD *thread_ptr, UINT analyze)
{
    UCHAR *start = (UCHAR *)thread_ptr->tx_thread_stack_start;
    UCHAR *end = (UCHAR *)thread_ptr->tx_thread_stack_end;
    UCHAR *sp = (UCHAR *)thread_ptr->tx_thread_stack_ptr;
    ULONG *word = (ULONG *)thread_ptr->tx_thread_stack_guard_ptr;
    UINT bad = TX_FALSE;

    if ((sp < start) || (sp > end) || (*word != TX_STACK_FILL)) {
        bad = TX_TRUE;
    } else if (analyze != TX_FALSE) {
        /* Upward from the guard to the first used word: costs the free space, not the stack. */
        while (((UCHAR *)word < (UCHAR *)thread_ptr->tx_thread_stack_highest_ptr) &&
               (*word == TX_STACK_FILL)) {
            word++;
        }
        if ((UCHAR *)word < (UCHAR *)thread_ptr->tx_thread_stack_highest_ptr) {
            thread_ptr->tx_thread_stack_highest_ptr = word;
        }
        if (sp < (UCHAR *)thread_ptr->tx_thread_stack_highest_ptr) {
            thread_ptr->tx_thread_stack_highest_ptr = sp;
        }
    } else {
        /* Incoming thread: the bounds and the guard are enough. */
    }
    if ((bad != TX_FALSE) && (thread_ptr->tx_thread_stack_error_reported == TX_FALSE) &&
        (_tx_thread_stack_error_pending == TX_NULL)) {
        /* Report once: the handler may print, and a corrupted stack stays corrupted. (With a
         * report already pending, this one is found again at the thread's next switch.) */
        thread_ptr->tx_thread_stack_error_reported = TX_TRUE;
        thread_ptr->tx_thread_stack_highest_ptr = start;
        _tx_thread_stack_error_pending = thread_ptr;
    }
}
#endif

#if TX_THREAD_SMP_MAX_CORES > 1
/* `from` switched out of core `self` and its context is saved: a core that chose it and waited
 * may dispatch it now. (A scan: with one core in use the choice does not keep
 * tx_thread_smp_core_mapped.) */
static TX_NOINLINE VOID _tx_thread_smp_saved_notify(const TX_THREAD *from, UINT self)
{
    UINT c;

    for (c = 0; c < _tx_thread_smp_max_cores; c++) {
        if ((c != self) && (_tx_thread_execute_ptr[c] == from)) {
            _tx_arch_core_preempt(c);
        }
    }
}
#endif

VOID _tx_thread_switch_note(TX_THREAD *from, TX_THREAD *to)
{
    UINT core = TX_ARCH_CORE_ID();

    if ((from != TX_NULL) && (from != to)) {
        if (from->tx_thread_state == TX_READY) {
            if (from->tx_thread_switch_reason == TX_SWITCH_SOLICITED) {
                from->tx_thread_performance_solicited_preemption_count++;
                _tx_thread_performance_solicited_preemption_count++;
                from->tx_thread_performance_last_preempting_thread = to;
            } else if (from->tx_thread_switch_reason == TX_SWITCH_INTERRUPT) {
                from->tx_thread_performance_interrupt_preemption_count++;
                _tx_thread_performance_interrupt_preemption_count++;
                from->tx_thread_performance_last_preempting_thread = to;
            } else {
                /* Blocked or yielded: not a preemption. */
            }
        }
#ifdef TX_ENABLE_STACK_CHECKING
        if (from->tx_thread_id == TX_THREAD_ID) {
            _tx_thread_stack_check(from, TX_TRUE);
        }
#endif
    }
    if (from != TX_NULL) {
        from->tx_thread_switch_reason = TX_SWITCH_INTERRUPT;
    }
    _tx_thread_current_ptr[core] = to;
    if (to != TX_NULL) {
        to->tx_thread_run_count++;
#if TX_THREAD_SMP_MAX_CORES > 1
        to->tx_thread_smp_core_executing = core;
#endif
#ifdef TX_ENABLE_STACK_CHECKING
        _tx_thread_stack_check(to, TX_FALSE);
#endif
    }
#if TX_THREAD_SMP_MAX_CORES > 1
    /* Last, so that the call is a tail call: the switch itself needs no stack frame here. */
    if ((from != TX_NULL) && (from != to)) {
        from->tx_thread_smp_core_executing = TX_SMP_NONE;
        if (_tx_thread_smp_lock_enabled != 0u) {
            _tx_thread_smp_saved_notify(from, core);
        }
    }
#endif
}

/* ---- Suspension lists --------------------------------------------------------------------- */

VOID _tx_thread_suspension_list_insert(TX_THREAD **list, UINT *count, TX_THREAD *thread_ptr)
{
    TX_THREAD *head = *list;

    if (head == TX_NULL) {
        *list = thread_ptr;
        thread_ptr->tx_thread_suspended_next = thread_ptr;
        thread_ptr->tx_thread_suspended_previous = thread_ptr;
    } else {
        thread_ptr->tx_thread_suspended_next = head;
        thread_ptr->tx_thread_suspended_previous = head->tx_thread_suspended_previous;
        head->tx_thread_suspended_previous->tx_thread_suspended_next = thread_ptr;
        head->tx_thread_suspended_previous = thread_ptr;
    }
    (*count)++;
}

VOID _tx_thread_suspension_list_remove(TX_THREAD **list, UINT *count, TX_THREAD *thread_ptr)
{
    if (thread_ptr->tx_thread_suspended_next == thread_ptr) {
        *list = TX_NULL;
    } else {
        thread_ptr->tx_thread_suspended_next->tx_thread_suspended_previous =
            thread_ptr->tx_thread_suspended_previous;
        thread_ptr->tx_thread_suspended_previous->tx_thread_suspended_next =
            thread_ptr->tx_thread_suspended_next;
        if (*list == thread_ptr) {
            *list = thread_ptr->tx_thread_suspended_next;
        }
    }
    thread_ptr->tx_thread_suspended_next = TX_NULL;
    thread_ptr->tx_thread_suspended_previous = TX_NULL;
    (*count)--;
}

VOID _tx_thread_suspension_list_release_all(TX_THREAD **list, UINT *count, UINT status)
{
    while (*list != TX_NULL) {
        TX_THREAD *thread_ptr = *list;
        _tx_thread_suspension_list_remove(list, count, thread_ptr);
        _tx_thread_wait_complete(thread_ptr, status);
    }
}

VOID _tx_thread_suspension_list_prioritize(TX_THREAD **list)
{
    TX_THREAD *head = *list;
    TX_THREAD *best;
    TX_THREAD *walk;

    if ((head == TX_NULL) || (head->tx_thread_suspended_next == head)) {
        return;
    }
    best = head;
    for (walk = head->tx_thread_suspended_next; walk != head;
         walk = walk->tx_thread_suspended_next) {
        if (walk->tx_thread_priority < best->tx_thread_priority) {
            best = walk;
        }
    }
    if (best == head) {
        return;
    }
    /* Unlink best and put it in front of the old head (the list is circular, so the new head's
     * previous is the tail). */
    best->tx_thread_suspended_previous->tx_thread_suspended_next = best->tx_thread_suspended_next;
    best->tx_thread_suspended_next->tx_thread_suspended_previous =
        best->tx_thread_suspended_previous;
    best->tx_thread_suspended_next = head;
    best->tx_thread_suspended_previous = head->tx_thread_suspended_previous;
    head->tx_thread_suspended_previous->tx_thread_suspended_next = best;
    head->tx_thread_suspended_previous = best;
    *list = best;
}

/* ---- Waiting ------------------------------------------------------------------------------ */

/* Interrupts disabled: the calling thread stops being ready (state) for at most `timeout`
 * ticks and gives the CPU away; returns when it runs again. */
UINT _tx_thread_block_current(UINT state, ULONG timeout)
{
    TX_THREAD *thread_ptr = _tx_thread_current_ptr[TX_ARCH_CORE_ID()];

    thread_ptr->tx_thread_suspending = TX_TRUE;
    if (timeout != TX_WAIT_FOREVER) {
        _tx_timer_internal_activate(&thread_ptr->tx_thread_timer, timeout);
    }
    _tx_thread_system_unready(thread_ptr, state);
    _tx_thread_switch_if_needed(TX_SWITCH_BLOCK);
    return thread_ptr->tx_thread_suspend_status;
}

UINT _tx_thread_suspend_on(TX_THREAD **list, UINT *count, VOID *object, UINT state,
                           VOID (*cleanup)(TX_THREAD *thread_ptr, ULONG suspension_sequence),
                           ULONG wait_option, UINT timeout_status)
{
    UINT core = TX_ARCH_CORE_ID();
    TX_THREAD *thread_ptr = _tx_thread_current_ptr[core];

    if ((!TX_IN_THREAD_CORE(core)) || (_tx_thread_preempt_disable[core] != 0u)) {
        return TX_WAIT_ERROR;
    }
    if (wait_option == TX_NO_WAIT) {
        return timeout_status;
    }
    thread_ptr->tx_thread_suspend_cleanup = cleanup;
    thread_ptr->tx_thread_suspend_control_block = object;
    thread_ptr->tx_thread_suspend_timeout_status = timeout_status;
    thread_ptr->tx_thread_suspend_status = TX_SUCCESS;
    thread_ptr->tx_thread_suspension_sequence++;
    _tx_thread_suspension_list_insert(list, count, thread_ptr);
    return _tx_thread_block_current(state, wait_option);
}

VOID _tx_thread_wait_complete(TX_THREAD *thread_ptr, UINT status)
{
    _tx_timer_internal_deactivate(&thread_ptr->tx_thread_timer);
    thread_ptr->tx_thread_suspend_cleanup = TX_NULL;
    thread_ptr->tx_thread_suspend_control_block = TX_NULL;
    thread_ptr->tx_thread_suspend_status = status;
    if (thread_ptr->tx_thread_delayed_suspend != TX_FALSE) {
        thread_ptr->tx_thread_delayed_suspend = TX_FALSE;
        thread_ptr->tx_thread_state = TX_SUSPENDED;
        thread_ptr->tx_thread_suspending = TX_FALSE;
    } else {
        _tx_thread_system_ready(thread_ptr);
    }
}

/* Interrupts disabled: end a wait without the object (timeout, abort, terminate...). Calls the
 * object's cleanup with tx_thread_suspend_status already set to `status`. */
VOID _tx_thread_wait_cancel(TX_THREAD *thread_ptr, UINT status)
{
    VOID (*cleanup)(TX_THREAD *, ULONG) = thread_ptr->tx_thread_suspend_cleanup;

    _tx_timer_internal_deactivate(&thread_ptr->tx_thread_timer);
    thread_ptr->tx_thread_suspend_status = status;
    thread_ptr->tx_thread_suspend_cleanup = TX_NULL;
    if (cleanup != TX_NULL) {
        cleanup(thread_ptr, thread_ptr->tx_thread_suspension_sequence);
    }
    thread_ptr->tx_thread_suspend_control_block = TX_NULL;
}

/* Timer expiry of a thread's timeout or sleep (tick interrupt, interrupts disabled). */
VOID _tx_thread_timeout(TX_THREAD *thread_ptr)
{
    UINT status = TX_SUCCESS;

    if (thread_ptr->tx_thread_state == TX_SLEEP) {
        _tx_thread_wait_complete(thread_ptr, TX_SUCCESS);
        return;
    }
    if (thread_ptr->tx_thread_suspend_cleanup != TX_NULL) {
        status = thread_ptr->tx_thread_suspend_timeout_status;
        thread_ptr->tx_thread_performance_timeout_count++;
        _tx_thread_performance_timeout_count++;
        _tx_thread_wait_cancel(thread_ptr, status);
        _tx_thread_wait_complete(thread_ptr, status);
    }
}

/* ---- Priorities --------------------------------------------------------------------------- */

VOID _tx_thread_priority_set_internal(TX_THREAD *thread_ptr, UINT new_priority)
{
    UINT threshold = thread_ptr->tx_thread_user_preempt_threshold;

    if (new_priority < threshold) {
        threshold = new_priority;
    }
    if (thread_ptr->tx_thread_state == TX_READY) {
        /* The thread on the CPU stays first at its new level (no round-robin penalty). */
        UINT at_head = _tx_thread_smp_chosen(thread_ptr);

        _tx_thread_ready_remove(thread_ptr);
        thread_ptr->tx_thread_priority = new_priority;
        thread_ptr->tx_thread_preempt_threshold = threshold;
        _tx_thread_ready_insert(thread_ptr, at_head);
        _tx_thread_execute_update(TX_NULL);
    } else {
        thread_ptr->tx_thread_priority = new_priority;
        thread_ptr->tx_thread_preempt_threshold = threshold;
    }
}

/* Interrupts disabled: re-evaluate the choice after a threshold change. */
VOID _tx_thread_reschedule_internal(VOID)
{
    _tx_thread_execute_update(TX_NULL);
}
