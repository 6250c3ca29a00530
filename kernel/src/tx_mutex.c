/*
 * tx_mutex.c - mutexes: an owner, a recursive ownership count and optional priority
 * inheritance.
 *
 * With TX_INHERIT, an owner runs at the highest priority of the threads waiting for any inherit
 * mutex it owns (and never below its own tx_thread_user_priority). Rather than remember what it
 * had before each boost, the owner's priority is recomputed from its owned mutexes whenever the
 * set of waiters or owned mutexes changes (put, timeout/abort of a waiter, delete), so releases
 * in any order restore the right priority. A boost propagates along a chain of owners that are
 * themselves waiting for inherit mutexes.
 *
 * Owners: a thread, "initialization" (NULL) or the timer context (_tx_timer_thread, priority 0:
 * it inherits nothing, and it is never terminated, so only a put or a delete frees its mutexes).
 */
#include "tx_trace.h"

static VOID mutex_release_all(TX_THREAD *thread_ptr);

/* ---- Owned-mutex list of a thread (circular, doubly linked) --------------------------------- */

static VOID mutex_owned_insert(TX_THREAD *thread_ptr, TX_MUTEX *mutex_ptr)
{
    TX_MUTEX *head = thread_ptr->tx_thread_owned_mutex_list;

    if (head == TX_NULL) {
        thread_ptr->tx_thread_owned_mutex_list = mutex_ptr;
        mutex_ptr->tx_mutex_owned_next = mutex_ptr;
        mutex_ptr->tx_mutex_owned_previous = mutex_ptr;
    } else {
        mutex_ptr->tx_mutex_owned_next = head;
        mutex_ptr->tx_mutex_owned_previous = head->tx_mutex_owned_previous;
        head->tx_mutex_owned_previous->tx_mutex_owned_next = mutex_ptr;
        head->tx_mutex_owned_previous = mutex_ptr;
    }
    thread_ptr->tx_thread_owned_mutex_count++;
}

static VOID mutex_owned_remove(TX_THREAD *thread_ptr, TX_MUTEX *mutex_ptr)
{
    if (mutex_ptr->tx_mutex_owned_next == mutex_ptr) {
        thread_ptr->tx_thread_owned_mutex_list = TX_NULL;
    } else {
        mutex_ptr->tx_mutex_owned_next->tx_mutex_owned_previous =
            mutex_ptr->tx_mutex_owned_previous;
        mutex_ptr->tx_mutex_owned_previous->tx_mutex_owned_next = mutex_ptr->tx_mutex_owned_next;
        if (thread_ptr->tx_thread_owned_mutex_list == mutex_ptr) {
            thread_ptr->tx_thread_owned_mutex_list = mutex_ptr->tx_mutex_owned_next;
        }
    }
    mutex_ptr->tx_mutex_owned_next = TX_NULL;
    mutex_ptr->tx_mutex_owned_previous = TX_NULL;
    thread_ptr->tx_thread_owned_mutex_count--;
}

/* ---- Priority inheritance ------------------------------------------------------------------- */

/* Highest (numerically lowest) priority among the waiters; TX_MAX_PRIORITIES when none. */
static UINT mutex_top_waiter_priority(TX_MUTEX *mutex_ptr)
{
    TX_THREAD *waiter = mutex_ptr->tx_mutex_suspension_list;
    UINT top = TX_MAX_PRIORITIES;
    UINT left;

    for (left = mutex_ptr->tx_mutex_suspended_count; left != 0U; left--) {
        if (waiter->tx_thread_priority < top) {
            top = waiter->tx_thread_priority;
        }
        waiter = waiter->tx_thread_suspended_next;
    }
    mutex_ptr->tx_mutex_highest_priority_waiting = top;
    return top;
}

/* The inherit mutex `thread_ptr` waits for, if any (the next link of an inheritance chain). */
static TX_MUTEX *mutex_waited_for(TX_THREAD *thread_ptr)
{
    TX_MUTEX *mutex_ptr;

    if (thread_ptr->tx_thread_state != TX_MUTEX_SUSP) {
        return TX_NULL;
    }
    mutex_ptr = (TX_MUTEX *)thread_ptr->tx_thread_suspend_control_block;
    if ((mutex_ptr == TX_NULL) || (mutex_ptr->tx_mutex_id != TX_MUTEX_ID) ||
        (mutex_ptr->tx_mutex_inherit != TX_INHERIT)) {
        return TX_NULL;
    }
    return mutex_ptr;
}

/*
 * Set `thread_ptr`'s effective priority from its own priority and the waiters of the inherit
 * mutexes it owns, then do the same for the owner of the mutex it waits for, and so on: a change
 * of a waiter's priority changes what its mutex's owner inherits. The walk is bounded because a
 * cycle of owners waiting for each other is a deadlock the application made.
 */
static VOID mutex_priority_update(TX_THREAD *thread_ptr)
{
    TX_MUTEX *mutex_ptr;
    UINT inherited;
    UINT target;
    UINT top;
    UINT left;
    ULONG links = _tx_mutex_created_count + 1U;

    while ((thread_ptr != TX_NULL) && (links != 0U)) {
        links--;
        inherited = TX_MAX_PRIORITIES;
        mutex_ptr = thread_ptr->tx_thread_owned_mutex_list;
        for (left = thread_ptr->tx_thread_owned_mutex_count; left != 0U; left--) {
            if (mutex_ptr->tx_mutex_inherit == TX_INHERIT) {
                top = mutex_top_waiter_priority(mutex_ptr);
                if (top < inherited) {
                    inherited = top;
                }
            }
            mutex_ptr = mutex_ptr->tx_mutex_owned_next;
        }
        target = thread_ptr->tx_thread_user_priority;
        if (inherited < target) {
            thread_ptr->tx_thread_inherit_priority = inherited;
            target = inherited;
        } else {
            thread_ptr->tx_thread_inherit_priority = TX_MAX_PRIORITIES;
        }
        if (target == thread_ptr->tx_thread_priority) {
            return;
        }
        _tx_thread_priority_set_internal(thread_ptr, target);

        mutex_ptr = mutex_waited_for(thread_ptr);
        thread_ptr = (mutex_ptr != TX_NULL) ? mutex_ptr->tx_mutex_owner : TX_NULL;
    }
}

/* Timeout, wait abort, terminate/delete/reset of a waiter: unlink it; its departure may lower
 * what the owner inherits. */
static VOID mutex_cleanup(TX_THREAD *thread_ptr, ULONG suspension_sequence)
{
    TX_MUTEX *mutex_ptr = (TX_MUTEX *)thread_ptr->tx_thread_suspend_control_block;

    (VOID) suspension_sequence;
    if ((mutex_ptr == TX_NULL) || (mutex_ptr->tx_mutex_id != TX_MUTEX_ID)) {
        return;
    }
    _tx_thread_suspension_list_remove(&mutex_ptr->tx_mutex_suspension_list,
                                      &mutex_ptr->tx_mutex_suspended_count, thread_ptr);
    if (thread_ptr->tx_thread_suspend_status == thread_ptr->tx_thread_suspend_timeout_status) {
        mutex_ptr->tx_mutex_performance_timeout_count++;
        _tx_mutex_performance_timeout_count++;
    }
    if ((mutex_ptr->tx_mutex_inherit == TX_INHERIT) && (mutex_ptr->tx_mutex_owner != TX_NULL)) {
        mutex_priority_update(mutex_ptr->tx_mutex_owner);
    }
}

/* ---- Ownership ------------------------------------------------------------------------------ */

static VOID mutex_take(TX_MUTEX *mutex_ptr, TX_THREAD *thread_ptr)
{
    mutex_ptr->tx_mutex_owner = thread_ptr;
    mutex_ptr->tx_mutex_ownership_count = 1;
    if (thread_ptr != TX_NULL) {
        mutex_ptr->tx_mutex_original_priority = thread_ptr->tx_thread_priority;
        mutex_owned_insert(thread_ptr, mutex_ptr);
    }
}

/*
 * Give up the mutex completely (ownership count already at zero): the waiter chosen gets it and
 * the previous owner's priority is recomputed without it. Interrupts disabled; the caller
 * restores them and calls _tx_thread_preempt_check().
 */
static VOID mutex_hand_over(TX_MUTEX *mutex_ptr)
{
    TX_THREAD *old_owner = mutex_ptr->tx_mutex_owner;
    TX_THREAD *next_owner;

    if (old_owner != TX_NULL) {
        mutex_owned_remove(old_owner, mutex_ptr);
    }
    mutex_ptr->tx_mutex_owner = TX_NULL;
    mutex_ptr->tx_mutex_ownership_count = 0U;

    next_owner = mutex_ptr->tx_mutex_suspension_list;
    if (next_owner != TX_NULL) {
        /* With inheritance the most important waiter goes first (FIFO among equals). */
        if (mutex_ptr->tx_mutex_inherit == TX_INHERIT) {
            _tx_thread_suspension_list_prioritize(&mutex_ptr->tx_mutex_suspension_list);
            next_owner = mutex_ptr->tx_mutex_suspension_list;
        }
        _tx_thread_suspension_list_remove(&mutex_ptr->tx_mutex_suspension_list,
                                          &mutex_ptr->tx_mutex_suspended_count, next_owner);
        mutex_take(mutex_ptr, next_owner);
        mutex_ptr->tx_mutex_performance_get_count++;
        _tx_mutex_performance_get_count++;
        /* The new owner inherits from whoever still waits. */
        if (mutex_ptr->tx_mutex_inherit == TX_INHERIT) {
            mutex_priority_update(next_owner);
        }
    } else {
        mutex_ptr->tx_mutex_highest_priority_waiting = TX_MAX_PRIORITIES;
    }
    /* An old owner that owns nothing more, runs at its own priority and inherits nothing has
     * nothing to give back: mutex_priority_update would find exactly that (the usual last put). */
    if ((old_owner != TX_NULL) &&
        ((old_owner->tx_thread_owned_mutex_count != 0U) ||
         (old_owner->tx_thread_priority != old_owner->tx_thread_user_priority) ||
         (old_owner->tx_thread_inherit_priority != TX_MAX_PRIORITIES))) {
        mutex_priority_update(old_owner);
    }
    if (next_owner != TX_NULL) {
        _tx_thread_wait_complete(next_owner, TX_SUCCESS);
    }
}

/* Called by the core (through _tx_thread_mutex_release) when a thread is terminated, deleted or
 * reset: every mutex it still owns passes on as if fully put. */
static VOID mutex_release_all(TX_THREAD *thread_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_MUTEX *mutex_ptr;

    TX_DISABLE
    mutex_ptr = thread_ptr->tx_thread_owned_mutex_list;
    while (mutex_ptr != TX_NULL) {
        mutex_ptr->tx_mutex_performance_put_count++;
        _tx_mutex_performance_put_count++;
        mutex_hand_over(mutex_ptr);
        mutex_ptr = thread_ptr->tx_thread_owned_mutex_list;
    }
    TX_RESTORE
}

/* ---- Services ------------------------------------------------------------------------------- */

/* Who a get or put acts for: NULL during initialization (the mutex is then owned by
 * "initialization"), _tx_timer_thread in an expiration function (ThreadX's owner there: its
 * timer thread; so a later expiration function may put what an earlier one got), otherwise the
 * running thread. */
static TX_THREAD *mutex_caller(VOID)
{
    /* Interrupts are disabled (every caller is inside its critical section): the caller's core
     * is read once, and stays the caller's until they are enabled again. */
    UINT core = TX_ARCH_CORE_ID();
    TX_THREAD *caller = _tx_thread_current_ptr;

    if (TX_IN_INIT_CORE(core)) {
        caller = TX_NULL;
    } else if (TX_IN_TIMER()) {
        caller = &_tx_timer_thread;
    } else {
        /* A thread (or, unchecked, an ISR: the interrupted thread). */
    }
    return caller;
}

UINT _tx_mutex_create(TX_MUTEX *mutex_ptr, CHAR *name_ptr, UINT inherit)
{
    TX_INTERRUPT_SAVE_AREA

    _tx_memory_set(mutex_ptr, 0, sizeof(TX_MUTEX));
    mutex_ptr->tx_mutex_name = name_ptr;
    mutex_ptr->tx_mutex_inherit = inherit;
    mutex_ptr->tx_mutex_highest_priority_waiting = TX_MAX_PRIORITIES;

    TX_DISABLE
    TX_TRACE_REGISTER(TX_TRACE_OBJECT_TYPE_MUTEX, mutex_ptr, name_ptr, inherit, 0u);
    TX_TRACE_INSERT(TX_TRACE_MUTEX_CREATE, TX_TRACE_PTR(mutex_ptr), inherit, TX_TRACE_STACK_PTR, 0u,
                    TX_TRACE_MUTEX_EVENTS);
    /* From now on terminate/delete/reset must release mutexes (the core links without us). */
    _tx_thread_mutex_release = mutex_release_all;
    mutex_ptr->tx_mutex_id = TX_MUTEX_ID;
    TX_CREATED_LIST_INSERT(_tx_mutex_created_ptr, _tx_mutex_created_count, mutex_ptr,
                           tx_mutex_created_next, tx_mutex_created_previous);
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_mutex_delete(TX_MUTEX *mutex_ptr)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *owner;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_MUTEX_DELETE, TX_TRACE_PTR(mutex_ptr), TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_MUTEX_EVENTS);
    TX_TRACE_UNREGISTER(mutex_ptr);
    mutex_ptr->tx_mutex_id = TX_CLEAR_ID;
    TX_CREATED_LIST_REMOVE(_tx_mutex_created_ptr, _tx_mutex_created_count, mutex_ptr,
                           tx_mutex_created_next, tx_mutex_created_previous);
    _tx_thread_suspension_list_release_all(&mutex_ptr->tx_mutex_suspension_list,
                                           &mutex_ptr->tx_mutex_suspended_count, TX_DELETED);
    owner = mutex_ptr->tx_mutex_owner;
    if (owner != TX_NULL) {
        mutex_owned_remove(owner, mutex_ptr);
        mutex_ptr->tx_mutex_owner = TX_NULL;
        mutex_ptr->tx_mutex_ownership_count = 0;
        mutex_priority_update(owner);
    }
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

/* Interrupts disabled: the mutex is owned by another (`owner`, NULL for initialization), so
 * the caller (`thread_ptr`) waits, or is told it cannot. Out of line: its register saves would
 * be in every uncontended get's prologue. */
static TX_NOINLINE UINT mutex_get_contended(TX_MUTEX *mutex_ptr, TX_THREAD *thread_ptr,
                                            TX_THREAD *owner, ULONG wait_option)
{
    TX_MUTEX *waited;
    TX_THREAD *boosted = owner; /* each owner up the chain of waits */

    if (wait_option == TX_NO_WAIT) {
        return TX_NOT_AVAILABLE;
    }
    /* Initialization and timers cannot wait (ThreadX: TX_WAIT_ERROR); refused here too, so
     * that with TX_DISABLE_ERROR_CHECKING the timer owner never counts as a waiter. */
    if (TX_IN_INIT() || TX_IN_TIMER()) {
        return TX_WAIT_ERROR;
    }
    if (thread_ptr != TX_NULL) {
        mutex_ptr->tx_mutex_performance_suspension_count++;
        _tx_mutex_performance_suspension_count++;
        if ((owner != TX_NULL) && (owner->tx_thread_priority > thread_ptr->tx_thread_priority)) {
            /* A more important thread waits for a less important one. */
            mutex_ptr->tx_mutex_performance_priority_inversion_count++;
            _tx_mutex_performance_priority_inversion_count++;
            thread_ptr->tx_thread_performance_priority_inversion_count++;
            _tx_thread_performance_priority_inversion_count++;
            if (mutex_ptr->tx_mutex_inherit == TX_INHERIT) {
                mutex_ptr->tx_mutex_performance__priority_inheritance_count++;
                _tx_mutex_performance_priority_inheritance_count++;
                /* We are not on the list yet, so boost the chain of owners by hand. */
                while ((boosted != TX_NULL) &&
                       (boosted->tx_thread_priority > thread_ptr->tx_thread_priority)) {
                    boosted->tx_thread_inherit_priority = thread_ptr->tx_thread_priority;
                    _tx_thread_priority_set_internal(boosted, thread_ptr->tx_thread_priority);
                    waited = mutex_waited_for(boosted);
                    boosted = ((waited != TX_NULL) && (waited->tx_mutex_owner != boosted))
                                  ? waited->tx_mutex_owner
                                  : TX_NULL;
                }
            }
        }
        if (thread_ptr->tx_thread_priority < mutex_ptr->tx_mutex_highest_priority_waiting) {
            mutex_ptr->tx_mutex_highest_priority_waiting = thread_ptr->tx_thread_priority;
        }
    }
    return _tx_thread_suspend_on(&mutex_ptr->tx_mutex_suspension_list,
                                 &mutex_ptr->tx_mutex_suspended_count, mutex_ptr, TX_MUTEX_SUSP,
                                 mutex_cleanup, wait_option, TX_NOT_AVAILABLE);
}

UINT _tx_mutex_get(TX_MUTEX *mutex_ptr, ULONG wait_option)
{
    TX_INTERRUPT_SAVE_AREA
    TX_THREAD *thread_ptr;
    TX_THREAD *owner;
    UINT status;

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_MUTEX_GET, TX_TRACE_PTR(mutex_ptr), wait_option,
                    TX_TRACE_PTR(mutex_ptr->tx_mutex_owner), mutex_ptr->tx_mutex_ownership_count,
                    TX_TRACE_MUTEX_EVENTS);
    thread_ptr = mutex_caller();
    owner = mutex_ptr->tx_mutex_owner;
    if (mutex_ptr->tx_mutex_ownership_count == 0U) {
        mutex_take(mutex_ptr, thread_ptr);
        mutex_ptr->tx_mutex_performance_get_count++;
        _tx_mutex_performance_get_count++;
        TX_RESTORE
        return TX_SUCCESS;
    }
    if (owner == thread_ptr) {
        mutex_ptr->tx_mutex_ownership_count++;
        mutex_ptr->tx_mutex_performance_get_count++;
        _tx_mutex_performance_get_count++;
        TX_RESTORE
        return TX_SUCCESS;
    }
    status = mutex_get_contended(mutex_ptr, thread_ptr, owner, wait_option);
    TX_RESTORE
    return status;
}

UINT _tx_mutex_put(TX_MUTEX *mutex_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_MUTEX_PUT, TX_TRACE_PTR(mutex_ptr),
                    TX_TRACE_PTR(mutex_ptr->tx_mutex_owner), mutex_ptr->tx_mutex_ownership_count,
                    TX_TRACE_STACK_PTR, TX_TRACE_MUTEX_EVENTS);
    if (mutex_ptr->tx_mutex_ownership_count == 0U) {
        TX_RESTORE
        return TX_NOT_OWNED;
    }
    /* Initialization may release whatever it took. */
    if ((mutex_ptr->tx_mutex_owner != mutex_caller()) && !TX_IN_INIT_CORE(TX_ARCH_CORE_ID())) {
        TX_RESTORE
        return TX_NOT_OWNED;
    }
    mutex_ptr->tx_mutex_performance_put_count++;
    _tx_mutex_performance_put_count++;
    mutex_ptr->tx_mutex_ownership_count--;
    if (mutex_ptr->tx_mutex_ownership_count != 0U) {
        TX_RESTORE
        return TX_SUCCESS;
    }
    /* A waiter may now run, or our own priority may have dropped below another thread's. */
    mutex_hand_over(mutex_ptr);
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_mutex_info_get(TX_MUTEX *mutex_ptr, CHAR **name, ULONG *count, TX_THREAD **owner,
                        TX_THREAD **first_suspended, ULONG *suspended_count, TX_MUTEX **next_mutex)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_MUTEX_INFO_GET, TX_TRACE_PTR(mutex_ptr), 0u, 0u, 0u,
                    TX_TRACE_MUTEX_EVENTS);
    if (name != TX_NULL) {
        *name = mutex_ptr->tx_mutex_name;
    }
    if (count != TX_NULL) {
        *count = mutex_ptr->tx_mutex_ownership_count;
    }
    if (owner != TX_NULL) {
        *owner = mutex_ptr->tx_mutex_owner;
    }
    if (first_suspended != TX_NULL) {
        *first_suspended = mutex_ptr->tx_mutex_suspension_list;
    }
    if (suspended_count != TX_NULL) {
        *suspended_count = mutex_ptr->tx_mutex_suspended_count;
    }
    if (next_mutex != TX_NULL) {
        *next_mutex = mutex_ptr->tx_mutex_created_next;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_mutex_performance_info_get(TX_MUTEX *mutex_ptr, ULONG *puts, ULONG *gets,
                                    ULONG *suspensions, ULONG *timeouts, ULONG *inversions,
                                    ULONG *inheritances)
{
    TX_INTERRUPT_SAVE_AREA

    if ((mutex_ptr == TX_NULL) || (mutex_ptr->tx_mutex_id != TX_MUTEX_ID)) {
        return TX_PTR_ERROR;
    }
    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_MUTEX_PERFORMANCE_INFO_GET, TX_TRACE_PTR(mutex_ptr), 0u, 0u, 0u,
                    TX_TRACE_MUTEX_EVENTS);
    if (puts != TX_NULL) {
        *puts = mutex_ptr->tx_mutex_performance_put_count;
    }
    if (gets != TX_NULL) {
        *gets = mutex_ptr->tx_mutex_performance_get_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = mutex_ptr->tx_mutex_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = mutex_ptr->tx_mutex_performance_timeout_count;
    }
    if (inversions != TX_NULL) {
        *inversions = mutex_ptr->tx_mutex_performance_priority_inversion_count;
    }
    if (inheritances != TX_NULL) {
        *inheritances = mutex_ptr->tx_mutex_performance__priority_inheritance_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_mutex_performance_system_info_get(ULONG *puts, ULONG *gets, ULONG *suspensions,
                                           ULONG *timeouts, ULONG *inversions, ULONG *inheritances)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_MUTEX_PERFORMANCE_SYSTEM_INFO_GET, 0u, 0u, 0u, 0u,
                    TX_TRACE_MUTEX_EVENTS);
    if (puts != TX_NULL) {
        *puts = _tx_mutex_performance_put_count;
    }
    if (gets != TX_NULL) {
        *gets = _tx_mutex_performance_get_count;
    }
    if (suspensions != TX_NULL) {
        *suspensions = _tx_mutex_performance_suspension_count;
    }
    if (timeouts != TX_NULL) {
        *timeouts = _tx_mutex_performance_timeout_count;
    }
    if (inversions != TX_NULL) {
        *inversions = _tx_mutex_performance_priority_inversion_count;
    }
    if (inheritances != TX_NULL) {
        *inheritances = _tx_mutex_performance_priority_inheritance_count;
    }
    TX_RESTORE
    return TX_SUCCESS;
}

UINT _tx_mutex_prioritize(TX_MUTEX *mutex_ptr)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_MUTEX_PRIORITIZE, TX_TRACE_PTR(mutex_ptr),
                    mutex_ptr->tx_mutex_suspended_count, TX_TRACE_STACK_PTR, 0u,
                    TX_TRACE_MUTEX_EVENTS);
    _tx_thread_suspension_list_prioritize(&mutex_ptr->tx_mutex_suspension_list);
    TX_RESTORE
    return TX_SUCCESS;
}
