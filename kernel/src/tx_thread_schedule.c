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
 */
#include "tx_arch.h"
#include "tx_internal.h"
#include "tx_trace.h"

/* Why the running thread is giving up the CPU; read by _tx_thread_switch_note for statistics. */
#define TX_SWITCH_INTERRUPT 0u /* default: the port switches at ISR exit */
#define TX_SWITCH_SOLICITED 1u /* a service made a higher-priority thread ready */
#define TX_SWITCH_BLOCK     2u /* the thread suspended itself */
#define TX_SWITCH_YIELD     3u /* relinquish or end of time slice */

static UINT _tx_thread_switch_reason;

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

/* Choose _tx_thread_execute_ptr. `yield`: the current choice gives the CPU up voluntarily
 * (relinquish, time slice) and has no claim to keep it. */
static VOID _tx_thread_execute_update(UINT yield)
{
    TX_THREAD *current = _tx_thread_execute_ptr;
    TX_THREAD *preempted = _tx_thread_preempted_list;
    UINT highest = _tx_thread_highest_priority();

    if (highest == TX_MAX_PRIORITIES) {
        _tx_thread_execute_ptr = TX_NULL;
        return;
    }
    if ((yield == TX_FALSE) && (current != TX_NULL) && (current->tx_thread_state == TX_READY)) {
        if (highest >= current->tx_thread_preempt_threshold) {
            return;
        }
        if (current->tx_thread_preempt_threshold < current->tx_thread_priority) {
            _tx_thread_preempted_push(current);
        }
        _tx_thread_execute_ptr = _tx_thread_priority_list[highest];
        return;
    }
    if ((preempted != TX_NULL) && (highest >= preempted->tx_thread_preempt_threshold)) {
        _tx_thread_preempted_remove(preempted);
        _tx_thread_execute_ptr = preempted;
        return;
    }
    _tx_thread_execute_ptr = _tx_thread_priority_list[highest];
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
    _tx_thread_execute_update(TX_FALSE);
    /* After the choice: the event names the thread that runs next. */
    TX_TRACE_INSERT(TX_TRACE_THREAD_RESUME, TX_TRACE_PTR(thread_ptr), previous_state,
                    TX_TRACE_STACK_PTR, TX_TRACE_PTR(_tx_thread_execute_ptr),
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
        _tx_thread_execute_update(TX_FALSE);
        TX_TRACE_INSERT(TX_TRACE_THREAD_SUSPEND, TX_TRACE_PTR(thread_ptr), state,
                        TX_TRACE_STACK_PTR, TX_TRACE_PTR(_tx_thread_execute_ptr),
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

/* Interrupts disabled. Hand the CPU over if the running thread is no longer the chosen one and
 * a switch is allowed here (thread context, preemption enabled). */
static VOID _tx_thread_switch_if_needed(UINT reason)
{
    TX_THREAD *current = _tx_thread_current_ptr;

#ifdef TX_ENABLE_STACK_CHECKING
    if ((_tx_thread_system_state == 0u) && (_tx_thread_preempt_disable == 0u) &&
        (current != TX_NULL)) {
        _tx_thread_stack_error_deliver();
    }
#endif
    if ((_tx_thread_system_state != 0u) || (_tx_thread_preempt_disable != 0u) ||
        (current == TX_NULL) || (current == _tx_thread_execute_ptr)) {
        return;
    }
    if (current->tx_thread_state != TX_READY) {
        reason = TX_SWITCH_BLOCK;
        if (_tx_thread_execute_ptr == TX_NULL) {
            _tx_thread_performance_idle_return_count++;
        } else {
            _tx_thread_performance_non_idle_return_count++;
        }
    }
    _tx_thread_switch_reason = reason;
    _tx_arch_thread_system_return();
}

VOID _tx_thread_preempt_check(VOID)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    _tx_thread_switch_if_needed(TX_SWITCH_SOLICITED);
    TX_RESTORE
}

/* Interrupts disabled; the calling thread gives the CPU to its peers (relinquish). */
VOID _tx_thread_yield_internal(VOID)
{
    TX_THREAD *current = _tx_thread_current_ptr;

    if ((current == TX_NULL) || (current->tx_thread_state != TX_READY)) {
        return;
    }
    if (_tx_thread_priority_list[current->tx_thread_priority] == current) {
        _tx_thread_priority_list[current->tx_thread_priority] = current->tx_thread_ready_next;
    }
    current->tx_thread_time_slice = current->tx_thread_new_time_slice;
    _tx_thread_execute_update(TX_TRUE);
    _tx_thread_switch_if_needed(TX_SWITCH_YIELD);
}

/* Called from the tick with interrupts disabled when the running thread's slice ran out. */
VOID _tx_thread_time_slice_expired(TX_THREAD *thread_ptr)
{
    thread_ptr->tx_thread_time_slice = thread_ptr->tx_thread_new_time_slice;
    thread_ptr->tx_thread_performance_time_slice_count++;
    _tx_thread_performance_time_slice_count++;
    if ((thread_ptr->tx_thread_ready_next != thread_ptr) &&
        (_tx_thread_priority_list[thread_ptr->tx_thread_priority] == thread_ptr)) {
        _tx_thread_priority_list[thread_ptr->tx_thread_priority] = thread_ptr->tx_thread_ready_next;
        if (_tx_thread_execute_ptr == thread_ptr) {
            _tx_thread_execute_update(TX_TRUE);
            TX_TRACE_INSERT(TX_TRACE_TIME_SLICE, TX_TRACE_PTR(_tx_thread_execute_ptr),
                            _tx_thread_system_state, _tx_thread_preempt_disable, TX_TRACE_STACK_PTR,
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

VOID _tx_thread_switch_note(TX_THREAD *from, TX_THREAD *to)
{
    if ((from != TX_NULL) && (from != to)) {
        if (from->tx_thread_state == TX_READY) {
            if (_tx_thread_switch_reason == TX_SWITCH_SOLICITED) {
                from->tx_thread_performance_solicited_preemption_count++;
                _tx_thread_performance_solicited_preemption_count++;
                from->tx_thread_performance_last_preempting_thread = to;
            } else if (_tx_thread_switch_reason == TX_SWITCH_INTERRUPT) {
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
    _tx_thread_switch_reason = TX_SWITCH_INTERRUPT;
    _tx_thread_current_ptr = to;
    if (to != TX_NULL) {
        to->tx_thread_run_count++;
#ifdef TX_ENABLE_STACK_CHECKING
        _tx_thread_stack_check(to, TX_FALSE);
#endif
    }
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
    TX_THREAD *thread_ptr = _tx_thread_current_ptr;

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
    TX_THREAD *thread_ptr = _tx_thread_current_ptr;

    if ((!TX_IN_THREAD()) || (_tx_thread_preempt_disable != 0u)) {
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
        UINT at_head = (thread_ptr == _tx_thread_execute_ptr) ? TX_TRUE : TX_FALSE;

        _tx_thread_ready_remove(thread_ptr);
        thread_ptr->tx_thread_priority = new_priority;
        thread_ptr->tx_thread_preempt_threshold = threshold;
        _tx_thread_ready_insert(thread_ptr, at_head);
        _tx_thread_execute_update(TX_FALSE);
    } else {
        thread_ptr->tx_thread_priority = new_priority;
        thread_ptr->tx_thread_preempt_threshold = threshold;
    }
}

/* Interrupts disabled: re-evaluate the choice after a threshold change. */
VOID _tx_thread_reschedule_internal(VOID)
{
    _tx_thread_execute_update(TX_FALSE);
}
