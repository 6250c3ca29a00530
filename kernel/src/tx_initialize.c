/*
 * tx_initialize.c - kernel globals, tx_kernel_enter, caller-context predicates, and the small
 * services that belong to no object: time, interrupt control, trace, memory helpers.
 */
#define TX_THREAD_SMP_SOURCE_CODE
#include "tx_arch.h"
#include "tx_internal.h"
#include "tx_trace.h"

TX_THREAD *volatile _tx_thread_current_ptr[TX_THREAD_SMP_MAX_CORES];
TX_THREAD *volatile _tx_thread_execute_ptr[TX_THREAD_SMP_MAX_CORES];
/* Core 0 counts as initializing until tx_kernel_enter is done (the port may configure cores
 * before). */
volatile ULONG _tx_thread_system_state[TX_THREAD_SMP_MAX_CORES] = {TX_INITIALIZE_IN_PROGRESS};
volatile UINT _tx_thread_preempt_disable[TX_THREAD_SMP_MAX_CORES];
/* The port's (set before tx_kernel_enter), so tx_kernel_enter keeps it. */
volatile UINT _tx_thread_smp_max_cores = 1u;
volatile UINT _tx_thread_smp_lock_enabled;
TX_THREAD *_tx_thread_priority_list[TX_MAX_PRIORITIES];
ULONG _tx_thread_priority_maps[TX_PRIORITY_MAP_WORDS];
TX_THREAD *_tx_thread_preempted_list;
TX_THREAD *_tx_thread_created_ptr;
ULONG _tx_thread_created_count;
VOID (*_tx_thread_application_stack_error_handler)(TX_THREAD *thread_ptr);
VOID (*_tx_thread_mutex_release)(TX_THREAD *thread_ptr);

volatile ULONG _tx_timer_system_clock;
TX_TIMER_INTERNAL *_tx_timer_list;
TX_TIMER *_tx_timer_expired_timer_ptr;
volatile UINT _tx_timer_smp_expired_core = TX_THREAD_SMP_MAX_CORES;
TX_THREAD _tx_timer_thread;

TX_TIMER *_tx_timer_created_ptr;
ULONG _tx_timer_created_count;
TX_SEMAPHORE *_tx_semaphore_created_ptr;
ULONG _tx_semaphore_created_count;
TX_QUEUE *_tx_queue_created_ptr;
ULONG _tx_queue_created_count;
TX_EVENT_FLAGS_GROUP *_tx_event_flags_created_ptr;
ULONG _tx_event_flags_created_count;
TX_BLOCK_POOL *_tx_block_pool_created_ptr;
ULONG _tx_block_pool_created_count;
TX_BYTE_POOL *_tx_byte_pool_created_ptr;
ULONG _tx_byte_pool_created_count;
TX_MUTEX *_tx_mutex_created_ptr;
ULONG _tx_mutex_created_count;

VOID *_tx_initialize_unused_memory;

ULONG _tx_thread_performance_resume_count;
ULONG _tx_thread_performance_suspend_count;
ULONG _tx_thread_performance_solicited_preemption_count;
ULONG _tx_thread_performance_interrupt_preemption_count;
ULONG _tx_thread_performance_priority_inversion_count;
ULONG _tx_thread_performance_time_slice_count;
ULONG _tx_thread_performance_relinquish_count;
ULONG _tx_thread_performance_timeout_count;
ULONG _tx_thread_performance_wait_abort_count;
ULONG _tx_thread_performance_non_idle_return_count;
ULONG _tx_thread_performance_idle_return_count;
ULONG _tx_semaphore_performance_put_count;
ULONG _tx_semaphore_performance_get_count;
ULONG _tx_semaphore_performance_suspension_count;
ULONG _tx_semaphore_performance_timeout_count;
ULONG _tx_timer_performance_activate_count;
ULONG _tx_timer_performance_reactivate_count;
ULONG _tx_timer_performance_deactivate_count;
ULONG _tx_timer_performance_expiration_count;
ULONG _tx_timer_performance_expiration_adjust_count;
ULONG _tx_queue_performance_messages_sent_count;
ULONG _tx_queue_performance_messages_received_count;
ULONG _tx_queue_performance_empty_suspension_count;
ULONG _tx_queue_performance_full_suspension_count;
ULONG _tx_queue_performance_full_error_count;
ULONG _tx_queue_performance_timeout_count;
ULONG _tx_event_flags_performance_set_count;
ULONG _tx_event_flags_performance_get_count;
ULONG _tx_event_flags_performance_suspension_count;
ULONG _tx_event_flags_performance_timeout_count;
ULONG _tx_block_pool_performance_allocate_count;
ULONG _tx_block_pool_performance_release_count;
ULONG _tx_block_pool_performance_suspension_count;
ULONG _tx_block_pool_performance_timeout_count;
ULONG _tx_byte_pool_performance_allocate_count;
ULONG _tx_byte_pool_performance_release_count;
ULONG _tx_byte_pool_performance_merge_count;
ULONG _tx_byte_pool_performance_split_count;
ULONG _tx_byte_pool_performance_search_count;
ULONG _tx_byte_pool_performance_suspension_count;
ULONG _tx_byte_pool_performance_timeout_count;
ULONG _tx_mutex_performance_put_count;
ULONG _tx_mutex_performance_get_count;
ULONG _tx_mutex_performance_suspension_count;
ULONG _tx_mutex_performance_timeout_count;
ULONG _tx_mutex_performance_priority_inversion_count;
ULONG _tx_mutex_performance_priority_inheritance_count;

VOID _tx_initialize_kernel_enter(VOID)
{
    /* _tx_timer_thread's name (ThreadX's), spelled out: cppcheck's MISRA 7.4 flags a literal. */
    static CHAR timer_thread_name[] = {'S', 'y', 's', 't', 'e', 'm', ' ', 'T', 'i', 'm',
                                       'e', 'r', ' ', 'T', 'h', 'r', 'e', 'a', 'd', '\0'};
    /* Nothing survives from an earlier run in the same image; BSS is zero on a cold boot, this
     * makes the state explicit. _tx_initialize_unused_memory is the port's, kept. */
    UINT i;

    for (i = 0; i < TX_THREAD_SMP_MAX_CORES; i++) {
        _tx_thread_current_ptr[i] = TX_NULL;
        _tx_thread_execute_ptr[i] = TX_NULL;
        _tx_thread_preempt_disable[i] = 0;
        _tx_thread_system_state[i] = TX_INITIALIZE_IN_PROGRESS;
    }
    for (i = 0; i < TX_MAX_PRIORITIES; i++) {
        _tx_thread_priority_list[i] = TX_NULL;
    }
    for (i = 0; i < TX_PRIORITY_MAP_WORDS; i++) {
        _tx_thread_priority_maps[i] = 0;
    }
    _tx_thread_preempted_list = TX_NULL;
    _tx_thread_created_ptr = TX_NULL;
    _tx_thread_created_count = 0;
    _tx_thread_application_stack_error_handler = TX_NULL;
    _tx_thread_mutex_release = TX_NULL;
    _tx_timer_system_clock = 0;
    _tx_timer_list = TX_NULL;
    _tx_timer_expired_timer_ptr = TX_NULL;
    _tx_timer_smp_expired_core = TX_THREAD_SMP_MAX_CORES;
    /* ThreadX's timer thread runs at TX_TIMER_THREAD_PRIORITY, 0 by default: as an owner it
     * then never inherits (no waiter is more important). Not TX_MUTEX_SUSP: it never waits. */
    _tx_memory_set(&_tx_timer_thread, 0, sizeof(TX_THREAD));
    _tx_timer_thread.tx_thread_name = timer_thread_name;
    _tx_timer_thread.tx_thread_state = TX_SUSPENDED;
    _tx_timer_thread.tx_thread_inherit_priority = TX_MAX_PRIORITIES;
    _tx_timer_created_ptr = TX_NULL;
    _tx_timer_created_count = 0;
    _tx_semaphore_created_ptr = TX_NULL;
    _tx_semaphore_created_count = 0;
    _tx_queue_created_ptr = TX_NULL;
    _tx_queue_created_count = 0;
    _tx_event_flags_created_ptr = TX_NULL;
    _tx_event_flags_created_count = 0;
    _tx_block_pool_created_ptr = TX_NULL;
    _tx_block_pool_created_count = 0;
    _tx_byte_pool_created_ptr = TX_NULL;
    _tx_byte_pool_created_count = 0;
    _tx_mutex_created_ptr = TX_NULL;
    _tx_mutex_created_count = 0;

    /* Every core counts as initializing until now: only core 0 runs this, the others wait in
     * their port until _tx_arch_schedule releases them. */
    tx_application_define(_tx_initialize_unused_memory);
    for (i = 0; i < TX_THREAD_SMP_MAX_CORES; i++) {
        _tx_thread_system_state[i] = TX_INITIALIZE_IS_FINISHED;
    }

    /* Interrupts stay disabled until the first thread (or idle) enables them. */
    (VOID) _tx_arch_interrupt_control(TX_INT_DISABLE);
    _tx_arch_schedule();
}

UINT _tx_caller_threads_and_init(VOID)
{
    return (TX_IN_THREAD() || TX_IN_INIT()) ? TX_TRUE : TX_FALSE;
}

UINT _tx_caller_threads_and_timers(VOID)
{
    return (TX_IN_THREAD() || TX_IN_TIMER()) ? TX_TRUE : TX_FALSE;
}

UINT _tx_caller_init_or_timer(VOID)
{
    return (TX_IN_INIT() || TX_IN_TIMER()) ? TX_TRUE : TX_FALSE;
}

ULONG _tx_time_get(VOID)
{
    return _tx_timer_system_clock;
}

VOID _tx_time_set(ULONG new_time)
{
    TX_INTERRUPT_SAVE_AREA

    TX_DISABLE
    TX_TRACE_INSERT(TX_TRACE_TIME_SET, new_time, 0u, 0u, 0u, TX_TRACE_TIME_EVENTS);
    _tx_timer_system_clock = new_time;
    TX_RESTORE
}

UINT _tx_interrupt_control(UINT new_posture)
{
    TX_TRACE_INSERT(TX_TRACE_INTERRUPT_CONTROL, new_posture, TX_TRACE_STACK_PTR, 0u, 0u,
                    TX_TRACE_INTERRUPT_CONTROL_EVENT);
    return _tx_arch_interrupt_control(new_posture);
}

VOID _tx_memory_set(VOID *dest, UCHAR value, ULONG size)
{
    volatile UCHAR *d = (volatile UCHAR *)dest;
    ULONG i;

    /* volatile: keeps the compiler from turning the loop back into a memset call. */
    for (i = 0; i < size; i++) {
        d[i] = value;
    }
}

VOID _tx_memory_copy(VOID *dest, const VOID *src, ULONG size)
{
    volatile UCHAR *d = (volatile UCHAR *)dest;
    const UCHAR *s = (const UCHAR *)src;
    ULONG i;

    for (i = 0; i < size; i++) {
        d[i] = s[i];
    }
}

/* Trace services: tx_trace.c. */
