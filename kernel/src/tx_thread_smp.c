/*
 * tx_thread_smp.c - SMP: the kernel lock, the core count, the thread SMP services
 * (tx_thread_smp_core_exclude, tx_thread_smp_core_exclude_get, tx_thread_smp_core_get) and the
 * caller-context predicates that must not race with a migration. The choice of every core's
 * thread is in tx_thread_schedule.c.
 */
#define TX_THREAD_SMP_SOURCE_CODE
#include "tx_arch.h"
#include "tx_internal.h"

#ifndef TX_ARCH_SPIN_WAIT
/* What a core does while another holds the lock (a port may yield the host CPU, or WFE). */
#define TX_ARCH_SPIN_WAIT()
#endif

#define TX_SMP_NONE ((UINT)TX_THREAD_SMP_MAX_CORES)

/* Owner core of the kernel lock (TX_SMP_NONE: free) and its nesting depth (owner only). */
static volatile UINT _tx_thread_smp_lock_owner = TX_SMP_NONE;
static UINT _tx_thread_smp_lock_depth;

VOID _tx_thread_smp_lock(VOID)
{
    UINT core;
    UINT expected;

    if (_tx_thread_smp_lock_enabled != 0u) {
        core = TX_ARCH_CORE_ID();
        if (__atomic_load_n(&_tx_thread_smp_lock_owner, __ATOMIC_RELAXED) == core) {
            _tx_thread_smp_lock_depth++;
        } else {
            expected = TX_SMP_NONE;
            while (__atomic_compare_exchange_n(&_tx_thread_smp_lock_owner, &expected, core, 0,
                                               __ATOMIC_ACQUIRE, __ATOMIC_RELAXED) == 0) {
                expected = TX_SMP_NONE;
                TX_ARCH_SPIN_WAIT();
            }
            _tx_thread_smp_lock_depth = 1u;
        }
    }
}

VOID _tx_thread_smp_unlock(VOID)
{
    if (_tx_thread_smp_lock_enabled != 0u) {
        _tx_thread_smp_lock_depth--;
        if (_tx_thread_smp_lock_depth == 0u) {
            __atomic_store_n(&_tx_thread_smp_lock_owner, TX_SMP_NONE, __ATOMIC_RELEASE);
        }
    }
}

UINT _tx_thread_smp_lock_save(VOID)
{
    UINT depth = _tx_thread_smp_lock_depth;

    if (_tx_thread_smp_lock_enabled != 0u) {
        _tx_thread_smp_lock_depth = 1u;
    }
    return depth;
}

VOID _tx_thread_smp_lock_restore(UINT depth)
{
    if (_tx_thread_smp_lock_enabled != 0u) {
        /* The lock came back with the CPU: held by the core we now run on, at depth 1. */
        __atomic_store_n(&_tx_thread_smp_lock_owner, TX_ARCH_CORE_ID(), __ATOMIC_RELAXED);
        _tx_thread_smp_lock_depth = depth;
    }
}

UINT _tx_thread_smp_max_cores_set(UINT count)
{
    UINT posture;
    UINT c;
    UINT status = TX_SIZE_ERROR;

    if ((count >= 1u) && (count <= TX_THREAD_SMP_MAX_CORES)) {
        posture = _tx_arch_interrupt_control(TX_INT_DISABLE);
        if (count > 1u) {
            /* Once on, never off again: a core may be about to take the lock as it turns off. */
            _tx_thread_smp_lock_enabled = 1u;
        }
        _tx_thread_smp_lock();
        /* The cores given up go idle. */
        for (c = count; c < _tx_thread_smp_max_cores; c++) {
            if (_tx_thread_execute_ptr[c] != TX_NULL) {
                _tx_thread_execute_ptr[c] = TX_NULL;
                if (c != TX_ARCH_CORE_ID()) {
                    _tx_arch_core_preempt(c);
                }
            }
        }
        _tx_thread_smp_max_cores = count;
        if (_tx_thread_system_state[0] < TX_INITIALIZE_IN_PROGRESS) {
            _tx_thread_smp_rebalance_internal();
        }
        _tx_thread_smp_unlock();
        (VOID) _tx_arch_interrupt_control(posture);
        if (_tx_thread_system_state[0] < TX_INITIALIZE_IN_PROGRESS) {
            /* The caller itself may have to move. */
            _tx_thread_preempt_check();
        }
        status = TX_SUCCESS;
    }
    return status;
}

#if TX_THREAD_SMP_MAX_CORES > 1
/* Caller context read with interrupts disabled: a thread may not migrate between reading its
 * core's id and that core's state. */
UINT _tx_thread_smp_caller_is(UINT what)
{
    UINT posture = _tx_arch_interrupt_control(TX_INT_DISABLE);
    UINT core = TX_ARCH_CORE_ID();
    UINT result;

    if (what == TX_THREAD_SMP_CALLER_ISR) {
        result = TX_IN_ISR_CORE(core) ? TX_TRUE : TX_FALSE;
    } else if (what == TX_THREAD_SMP_CALLER_INIT) {
        result = TX_IN_INIT_CORE(core) ? TX_TRUE : TX_FALSE;
    } else {
        result = TX_IN_THREAD_CORE(core) ? TX_TRUE : TX_FALSE;
    }
    (VOID) _tx_arch_interrupt_control(posture);
    return result;
}
#endif

/* ---- Services -------------------------------------------------------------------------------- */

UINT _tx_thread_smp_core_exclude(TX_THREAD *thread_ptr, ULONG exclusion_map)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    thread_ptr->tx_thread_smp_cores_excluded = exclusion_map;
    thread_ptr->tx_thread_smp_cores_allowed = ~exclusion_map & TX_THREAD_SMP_CORE_MASK;
    if (thread_ptr->tx_thread_state == TX_READY) {
        /* The thread may have to move (off the caller's core, if it is the caller). */
        _tx_thread_smp_rebalance_internal();
    }
    TX_RESTORE
    _tx_thread_preempt_check();
    return TX_SUCCESS;
}

UINT _tx_thread_smp_core_exclude_get(TX_THREAD *thread_ptr, ULONG *exclusion_map_ptr)
{
    *exclusion_map_ptr = thread_ptr->tx_thread_smp_cores_excluded;
    return TX_SUCCESS;
}

UINT _tx_thread_smp_core_get(VOID)
{
    TX_INTERRUPT_SAVE_AREA
    UINT core;

    TX_DISABLE
    core = TX_ARCH_CORE_ID();
    TX_RESTORE
    return core;
}
