/*
 * tx_api.h - the public ThreadX 6.x API of xenrtos (source compatible with ThreadX applications).
 *
 * Every service exists as _tx_<name> (does the work, trusts its arguments) and, where ThreadX has
 * one, _txe_<name> (checks pointer, id word, sizes, options and caller context, then calls
 * _tx_<name>). The application names tx_<name> map to _txe_* or, when the application is built
 * with TX_DISABLE_ERROR_CHECKING, to _tx_*.
 *
 * Basic types (UINT, ULONG, ...), TX_INTERRUPT_SAVE_AREA / TX_DISABLE / TX_RESTORE and the port's
 * configuration come from the port's tx_port.h (arch/<port>/include, chosen by include path).
 */
#ifndef TX_API_H
#define TX_API_H

#include "tx_port.h"
#ifndef TX_MEMSET
#include <string.h> /* memset for TX_MEMSET: lib/string.c in the image, the C library on a host */
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Configuration (a port or the build may override) ------------------------------------- */

/* Number of priorities: a multiple of 32, 32 .. 1024. Priority 0 is the highest. */
#ifndef TX_MAX_PRIORITIES
#define TX_MAX_PRIORITIES 32u
#endif
#if (TX_MAX_PRIORITIES < 32) || (TX_MAX_PRIORITIES > 1024) || ((TX_MAX_PRIORITIES % 32u) != 0u)
#error "TX_MAX_PRIORITIES must be a multiple of 32 between 32 and 1024"
#endif

#ifndef TX_TIMER_TICKS_PER_SECOND
#define TX_TIMER_TICKS_PER_SECOND ((ULONG)100)
#endif

/* SMP (ThreadX SMP's configuration names). One kernel binary runs on 1 ..
 * TX_THREAD_SMP_MAX_CORES cores; the port gives the count at run time, before tx_kernel_enter
 * (_tx_thread_smp_max_cores_set, tx_arch.h), as ThreadX's TX_THREAD_SMP_DYNAMIC_CORE_MAX does.
 * A port that leaves TX_THREAD_SMP_MAX_CORES at 1 gets the single-core kernel, whose per-core
 * state is indexed by the constant 0. At most 32 cores (an exclusion map is a ULONG). */
#ifndef TX_THREAD_SMP_MAX_CORES
#define TX_THREAD_SMP_MAX_CORES 1u
#endif
#if (TX_THREAD_SMP_MAX_CORES < 1) || (TX_THREAD_SMP_MAX_CORES > 32)
#error "TX_THREAD_SMP_MAX_CORES must be 1 .. 32"
#endif
/* Bit map of every core the build supports (bit n: core n). */
#ifndef TX_THREAD_SMP_CORE_MASK
#define TX_THREAD_SMP_CORE_MASK (0xFFFFFFFFu >> (32u - TX_THREAD_SMP_MAX_CORES))
#endif
#ifndef TX_THREAD_SMP_DYNAMIC_CORE_MAX
#define TX_THREAD_SMP_DYNAMIC_CORE_MAX
#endif

/* Smallest stack tx_thread_create accepts (the port knows its context frame size). */
#ifndef TX_MINIMUM_STACK
#define TX_MINIMUM_STACK 256
#endif

/* ---- Constants ------------------------------------------------------------------------------ */

#define TX_NULL  ((void *)0)
#define TX_TRUE  ((UINT)1)
#define TX_FALSE ((UINT)0)

/* Wait options */
#define TX_NO_WAIT      ((ULONG)0)
#define TX_WAIT_FOREVER ((ULONG)0xFFFFFFFFUL)

/* Event flag get options */
#define TX_AND       ((UINT)2)
#define TX_AND_CLEAR ((UINT)3)
#define TX_OR        ((UINT)0)
#define TX_OR_CLEAR  ((UINT)1)

/* Queue message sizes, in ULONGs */
#define TX_1_ULONG       ((UINT)1)
#define TX_2_ULONG       ((UINT)2)
#define TX_4_ULONG       ((UINT)4)
#define TX_8_ULONG       ((UINT)8)
#define TX_16_ULONG      ((UINT)16)

#define TX_NO_TIME_SLICE ((ULONG)0)
#define TX_AUTO_START    ((UINT)1)
#define TX_DONT_START    ((UINT)0)
#define TX_AUTO_ACTIVATE ((UINT)1)
#define TX_NO_ACTIVATE   ((UINT)0)
#define TX_TRUE_ACTIVATE TX_AUTO_ACTIVATE
#define TX_INHERIT       ((UINT)1)
#define TX_NO_INHERIT    ((UINT)0)

/* tx_thread_entry_exit_notify() callback type */
#define TX_THREAD_ENTRY ((UINT)0)
#define TX_THREAD_EXIT  ((UINT)1)

/* Stack fill pattern (every byte 0xEF) */
#define TX_STACK_FILL ((ULONG)0xEFEFEFEFUL)

/* Thread states */
#define TX_READY           ((UINT)0)
#define TX_COMPLETED       ((UINT)1)
#define TX_TERMINATED      ((UINT)2)
#define TX_SUSPENDED       ((UINT)3)
#define TX_SLEEP           ((UINT)4)
#define TX_QUEUE_SUSP      ((UINT)5)
#define TX_SEMAPHORE_SUSP  ((UINT)6)
#define TX_EVENT_FLAG      ((UINT)7)
#define TX_BLOCK_MEMORY    ((UINT)8)
#define TX_BYTE_MEMORY     ((UINT)9)
#define TX_IO_DRIVER       ((UINT)10)
#define TX_FILE            ((UINT)11)
#define TX_TCP_IP          ((UINT)12)
#define TX_MUTEX_SUSP      ((UINT)13)
#define TX_PRIORITY_CHANGE ((UINT)14)

/* Service return values */
#define TX_SUCCESS             ((UINT)0x00)
#define TX_DELETED             ((UINT)0x01)
#define TX_POOL_ERROR          ((UINT)0x02)
#define TX_PTR_ERROR           ((UINT)0x03)
#define TX_WAIT_ERROR          ((UINT)0x04)
#define TX_SIZE_ERROR          ((UINT)0x05)
#define TX_GROUP_ERROR         ((UINT)0x06)
#define TX_NO_EVENTS           ((UINT)0x07)
#define TX_OPTION_ERROR        ((UINT)0x08)
#define TX_QUEUE_ERROR         ((UINT)0x09)
#define TX_QUEUE_EMPTY         ((UINT)0x0A)
#define TX_QUEUE_FULL          ((UINT)0x0B)
#define TX_SEMAPHORE_ERROR     ((UINT)0x0C)
#define TX_NO_INSTANCE         ((UINT)0x0D)
#define TX_THREAD_ERROR        ((UINT)0x0E)
#define TX_PRIORITY_ERROR      ((UINT)0x0F)
#define TX_NO_MEMORY           ((UINT)0x10)
#define TX_START_ERROR         ((UINT)0x10)
#define TX_DELETE_ERROR        ((UINT)0x11)
#define TX_RESUME_ERROR        ((UINT)0x12)
#define TX_CALLER_ERROR        ((UINT)0x13)
#define TX_SUSPEND_ERROR       ((UINT)0x14)
#define TX_TIMER_ERROR         ((UINT)0x15)
#define TX_TICK_ERROR          ((UINT)0x16)
#define TX_ACTIVATE_ERROR      ((UINT)0x17)
#define TX_THRESH_ERROR        ((UINT)0x18)
#define TX_SUSPEND_LIFTED      ((UINT)0x19)
#define TX_WAIT_ABORTED        ((UINT)0x1A)
#define TX_WAIT_ABORT_ERROR    ((UINT)0x1B)
#define TX_MUTEX_ERROR         ((UINT)0x1C)
#define TX_NOT_AVAILABLE       ((UINT)0x1D)
#define TX_NOT_OWNED           ((UINT)0x1E)
#define TX_INHERIT_ERROR       ((UINT)0x1F)
#define TX_NOT_DONE            ((UINT)0x20)
#define TX_CEILING_EXCEEDED    ((UINT)0x21)
#define TX_INVALID_CEILING     ((UINT)0x22)
#define TX_FEATURE_NOT_ENABLED ((UINT)0xFF)

/* Trace (TraceX's format; built with TX_ENABLE_EVENT_TRACE, else the services return
 * TX_FEATURE_NOT_ENABLED). User event ids and the filter bits of tx_trace_event_filter. */
#define TX_TRACE_USER_EVENT_START        4096
#define TX_TRACE_USER_EVENT_END          65535
#define TX_TRACE_ALL_EVENTS              0x000007FF
#define TX_TRACE_INTERNAL_EVENTS         0x00000001
#define TX_TRACE_BLOCK_POOL_EVENTS       0x00000002
#define TX_TRACE_BYTE_POOL_EVENTS        0x00000004
#define TX_TRACE_EVENT_FLAGS_EVENTS      0x00000008
#define TX_TRACE_INTERRUPT_CONTROL_EVENT 0x00000010
#define TX_TRACE_MUTEX_EVENTS            0x00000020
#define TX_TRACE_QUEUE_EVENTS            0x00000040
#define TX_TRACE_SEMAPHORE_EVENTS        0x00000080
#define TX_TRACE_THREAD_EVENTS           0x00000100
#define TX_TRACE_TIME_EVENTS             0x00000200
#define TX_TRACE_TIMER_EVENTS            0x00000400
#define TX_TRACE_USER_EVENTS             0x80000000UL

/* ---- Utility macros ------------------------------------------------------------------------ */

/* The helpers ThreadX's tx_api.h offers applications. A build may define its own TX_MEMSET. Not
 * here: TX_POINTER_TO_ULONG_CONVERT / TX_ULONG_TO_POINTER_CONVERT (ULONG is 32 bits and pointers
 * 64 on every xenrtos port: they would truncate; the ALIGN_TYPE forms are as wide as a pointer),
 * and the helpers of ThreadX's own internals (timer list arithmetic TX_TIMER_POINTER_ADD/DIF,
 * TX_USER_TIMER_POINTER_GET, message copy, stack check, MISRA hooks), which xenrtos does not
 * have. */
#ifndef TX_MEMSET
#define TX_MEMSET(a, b, c) memset((a), (b), (c))
#endif
#define TX_LOOP_FOREVER ((UINT)1)

/* Pointer arithmetic in bytes / in ULONGs; DIF is (a - b) as a ULONG count. */
#define TX_UCHAR_POINTER_ADD(a, b) (((UCHAR *)(a)) + ((UINT)(b)))
#define TX_UCHAR_POINTER_SUB(a, b) (((UCHAR *)(a)) - ((UINT)(b)))
#define TX_UCHAR_POINTER_DIF(a, b) ((ULONG)(((UCHAR *)(a)) - ((UCHAR *)(b))))
#define TX_ULONG_POINTER_ADD(a, b) (((ULONG *)(a)) + ((UINT)(b)))
#define TX_ULONG_POINTER_SUB(a, b) (((ULONG *)(a)) - ((UINT)(b)))
#define TX_ULONG_POINTER_DIF(a, b) ((ULONG)(((ULONG *)(a)) - ((ULONG *)(b))))

/* Pointer <-> integer as wide as a pointer. */
#define TX_POINTER_TO_ALIGN_TYPE_CONVERT(a) ((ALIGN_TYPE)((VOID *)(a)))
#define TX_ALIGN_TYPE_TO_POINTER_CONVERT(a) ((VOID *)((ALIGN_TYPE)(a)))

/* Pointer type conversions (through VOID *). */
#define TX_VOID_TO_UCHAR_POINTER_CONVERT(a)           ((UCHAR *)((VOID *)(a)))
#define TX_UCHAR_TO_VOID_POINTER_CONVERT(a)           ((VOID *)(a))
#define TX_VOID_TO_ULONG_POINTER_CONVERT(a)           ((ULONG *)((VOID *)(a)))
#define TX_CHAR_TO_UCHAR_POINTER_CONVERT(a)           ((UCHAR *)((VOID *)(a)))
#define TX_CONST_CHAR_TO_CHAR_POINTER_CONVERT(a)      ((CHAR *)((VOID *)(a)))
#define TX_UCHAR_TO_ALIGN_TYPE_POINTER_CONVERT(a)     ((ALIGN_TYPE *)((VOID *)(a)))
#define TX_UCHAR_TO_INDIRECT_UCHAR_POINTER_CONVERT(a) ((UCHAR **)((VOID *)(a)))
#define TX_VOID_TO_INDIRECT_UCHAR_POINTER_CONVERT(a)  ((UCHAR **)((VOID *)(a)))
#define TX_INDIRECT_VOID_TO_UCHAR_POINTER_CONVERT(a)  ((UCHAR **)((VOID *)(a)))
#define TX_VOID_TO_THREAD_POINTER_CONVERT(a)          ((TX_THREAD *)((VOID *)(a)))
#define TX_VOID_TO_QUEUE_POINTER_CONVERT(a)           ((TX_QUEUE *)((VOID *)(a)))
#define TX_VOID_TO_SEMAPHORE_POINTER_CONVERT(a)       ((TX_SEMAPHORE *)((VOID *)(a)))
#define TX_VOID_TO_MUTEX_POINTER_CONVERT(a)           ((TX_MUTEX *)((VOID *)(a)))
#define TX_VOID_TO_EVENT_FLAGS_POINTER_CONVERT(a)     ((TX_EVENT_FLAGS_GROUP *)((VOID *)(a)))
#define TX_VOID_TO_BLOCK_POOL_POINTER_CONVERT(a)      ((TX_BLOCK_POOL *)((VOID *)(a)))
#define TX_UCHAR_TO_BLOCK_POOL_POINTER_CONVERT(a)     ((TX_BLOCK_POOL *)((VOID *)(a)))
#define TX_BLOCK_POOL_TO_UCHAR_POINTER_CONVERT(a)     ((UCHAR *)((VOID *)(a)))
#define TX_VOID_TO_BYTE_POOL_POINTER_CONVERT(a)       ((TX_BYTE_POOL *)((VOID *)(a)))
#define TX_BYTE_POOL_TO_UCHAR_POINTER_CONVERT(a)      ((UCHAR *)((VOID *)(a)))

/* ---- Control blocks ------------------------------------------------------------------------- */

struct TX_THREAD_STRUCT;
struct TX_MUTEX_STRUCT;

/*
 * A timer as the kernel's timer list sees it: embedded in every TX_TIMER (application timers)
 * and every TX_THREAD (timeouts and sleep). The active list is kept sorted by expiry with
 * tx_timer_internal_remaining_ticks holding the delta to the previous entry.
 */
typedef struct TX_TIMER_INTERNAL_STRUCT {
    ULONG tx_timer_internal_remaining_ticks;
    ULONG tx_timer_internal_re_initialize_ticks;
    VOID (*tx_timer_internal_timeout_function)(ULONG id);
    ULONG tx_timer_internal_timeout_param;
    struct TX_TIMER_INTERNAL_STRUCT *tx_timer_internal_active_next;
    struct TX_TIMER_INTERNAL_STRUCT *tx_timer_internal_active_previous;
    /* Non-NULL while on the active list (points at the list head). */
    struct TX_TIMER_INTERNAL_STRUCT **tx_timer_internal_list_head;
    /* Owning thread for a thread's timeout timer; NULL for application timers. */
    struct TX_THREAD_STRUCT *tx_timer_internal_thread;
} TX_TIMER_INTERNAL;

typedef struct TX_TIMER_STRUCT {
    ULONG tx_timer_id;
    CHAR *tx_timer_name;
    TX_TIMER_INTERNAL tx_timer_internal;
    struct TX_TIMER_STRUCT *tx_timer_created_next;
    struct TX_TIMER_STRUCT *tx_timer_created_previous;
    ULONG tx_timer_performance_activate_count;
    ULONG tx_timer_performance_reactivate_count;
    ULONG tx_timer_performance_deactivate_count;
    ULONG tx_timer_performance_expiration_count;
    ULONG tx_timer_performance__expiration_adjust_count;
    /* SMP: cores whose tick may not run the expiration function (tx_timer_smp_core_exclude),
     * and the link of the list of expirations handed to another core. */
    ULONG tx_timer_smp_cores_excluded;
    struct TX_TIMER_STRUCT *tx_timer_smp_deferred_next;
    UINT tx_timer_smp_deferred;
} TX_TIMER;

/* Optional per-port fields at the end of TX_THREAD (e.g. the host port's pthread handle). */
#ifndef TX_THREAD_PORT_EXTENSION
#define TX_THREAD_PORT_EXTENSION
#endif
/* ThreadX's application extension points. */
#ifndef TX_THREAD_EXTENSION_0
#define TX_THREAD_EXTENSION_0
#endif
#ifndef TX_THREAD_EXTENSION_1
#define TX_THREAD_EXTENSION_1
#endif
#ifndef TX_THREAD_EXTENSION_2
#define TX_THREAD_EXTENSION_2
#endif
#ifndef TX_THREAD_EXTENSION_3
#define TX_THREAD_EXTENSION_3
#endif

typedef struct TX_THREAD_STRUCT {
    /* The first fields are those a port's context switch touches; keep their order. */
    ULONG tx_thread_id;
    ULONG tx_thread_run_count;
    VOID *tx_thread_stack_ptr; /* saved stack pointer while not running */
    VOID *tx_thread_stack_start;
    VOID *tx_thread_stack_end; /* address of the last byte of the stack */
    ULONG tx_thread_stack_size;
    ULONG tx_thread_time_slice;     /* ticks left in the current slice */
    ULONG tx_thread_new_time_slice; /* slice length; 0 = no time slicing */
    struct TX_THREAD_STRUCT *tx_thread_ready_next;
    struct TX_THREAD_STRUCT *tx_thread_ready_previous;
    TX_THREAD_EXTENSION_0

    CHAR *tx_thread_name;
    UINT tx_thread_priority; /* effective priority (may be inherited) */
    UINT tx_thread_state;
    UINT tx_thread_delayed_suspend; /* tx_thread_suspend() while waiting on an object */
    UINT tx_thread_suspending;
    UINT tx_thread_preempt_threshold; /* effective threshold */
    VOID (*tx_thread_entry)(ULONG id);
    ULONG tx_thread_entry_parameter;
    TX_TIMER_INTERNAL tx_thread_timer; /* timeouts and sleep */

    /* Suspension on an object (see tx_internal.h). */
    VOID (*tx_thread_suspend_cleanup)(struct TX_THREAD_STRUCT *thread_ptr, ULONG sequence);
    VOID *tx_thread_suspend_control_block;
    struct TX_THREAD_STRUCT *tx_thread_suspended_next;
    struct TX_THREAD_STRUCT *tx_thread_suspended_previous;
    ULONG tx_thread_suspend_info;
    VOID *tx_thread_additional_suspend_info;
    UINT tx_thread_suspend_option;
    UINT tx_thread_suspend_status;
    UINT tx_thread_suspend_timeout_status; /* status returned if the wait times out */
    ULONG tx_thread_suspension_sequence;
    TX_THREAD_EXTENSION_1

    struct TX_THREAD_STRUCT *tx_thread_created_next;
    struct TX_THREAD_STRUCT *tx_thread_created_previous;
    VOID *tx_thread_filex_ptr;

    /* Priorities as the application set them; the effective ones above may be raised by
     * mutex priority inheritance. tx_thread_inherit_priority is TX_MAX_PRIORITIES when none. */
    UINT tx_thread_user_priority;
    UINT tx_thread_user_preempt_threshold;
    UINT tx_thread_inherit_priority;
    UINT tx_thread_owned_mutex_count;
    struct TX_MUTEX_STRUCT *tx_thread_owned_mutex_list;

    ULONG tx_thread_performance_resume_count;
    ULONG tx_thread_performance_suspend_count;
    ULONG tx_thread_performance_solicited_preemption_count;
    ULONG tx_thread_performance_interrupt_preemption_count;
    ULONG tx_thread_performance_priority_inversion_count;
    struct TX_THREAD_STRUCT *tx_thread_performance_last_preempting_thread;
    ULONG tx_thread_performance_time_slice_count;
    ULONG tx_thread_performance_relinquish_count;
    ULONG tx_thread_performance_timeout_count;
    ULONG tx_thread_performance_wait_abort_count;

    VOID *tx_thread_stack_highest_ptr; /* lowest address ever found used (stack checking) */
    VOID (*tx_thread_entry_exit_notify)(struct TX_THREAD_STRUCT *thread_ptr, UINT type);
    TX_THREAD_EXTENSION_2

    /* Scheduler private: stack of threads preempted above their preemption threshold. */
    struct TX_THREAD_STRUCT *tx_thread_preempted_next;
    UINT tx_thread_preempted;
    /* Scheduler private: why the thread last gave its CPU up (statistics of the switch), read
     * and reset by _tx_thread_switch_note; 0 (an interrupt) unless the thread itself switched. */
    UINT tx_thread_switch_reason;
    UINT tx_thread_stack_error_reported;
    /* Lowest stack word holding TX_STACK_FILL after the port built the stack (a port may keep
     * its own guard below it); stack checking reports an overflow when it changes. */
    VOID *tx_thread_stack_guard_ptr;
    /* SMP (ThreadX SMP's names). Cores this thread may not run on (tx_thread_smp_core_exclude)
     * and their complement within TX_THREAD_SMP_CORE_MASK; the core whose CPU holds its context
     * (TX_THREAD_SMP_MAX_CORES: none, its context is saved) and the core the scheduler chose for
     * it (TX_THREAD_SMP_MAX_CORES: none). */
    ULONG tx_thread_smp_cores_excluded;
    ULONG tx_thread_smp_cores_allowed;
    UINT tx_thread_smp_core_executing;
    UINT tx_thread_smp_core_mapped;
    /* Scheduler private: generation mark of the last rebalance that saw it on a core. */
    ULONG tx_thread_smp_mark;
    TX_THREAD_EXTENSION_3
    TX_THREAD_PORT_EXTENSION
} TX_THREAD;

typedef struct TX_BLOCK_POOL_STRUCT {
    ULONG tx_block_pool_id;
    CHAR *tx_block_pool_name;
    UINT tx_block_pool_available;
    UINT tx_block_pool_total;
    UCHAR *tx_block_pool_available_list;
    UCHAR *tx_block_pool_start;
    ULONG tx_block_pool_size;
    UINT tx_block_pool_block_size;
    struct TX_THREAD_STRUCT *tx_block_pool_suspension_list;
    UINT tx_block_pool_suspended_count;
    struct TX_BLOCK_POOL_STRUCT *tx_block_pool_created_next;
    struct TX_BLOCK_POOL_STRUCT *tx_block_pool_created_previous;
    ULONG tx_block_pool_performance_allocate_count;
    ULONG tx_block_pool_performance_release_count;
    ULONG tx_block_pool_performance_suspension_count;
    ULONG tx_block_pool_performance_timeout_count;
} TX_BLOCK_POOL;

typedef struct TX_BYTE_POOL_STRUCT {
    ULONG tx_byte_pool_id;
    CHAR *tx_byte_pool_name;
    ULONG tx_byte_pool_available;
    UINT tx_byte_pool_fragments;
    UCHAR *tx_byte_pool_list;
    UCHAR *tx_byte_pool_search;
    UCHAR *tx_byte_pool_start;
    ULONG tx_byte_pool_size;
    struct TX_THREAD_STRUCT *tx_byte_pool_owner;
    struct TX_THREAD_STRUCT *tx_byte_pool_suspension_list;
    UINT tx_byte_pool_suspended_count;
    struct TX_BYTE_POOL_STRUCT *tx_byte_pool_created_next;
    struct TX_BYTE_POOL_STRUCT *tx_byte_pool_created_previous;
    ULONG tx_byte_pool_performance_allocate_count;
    ULONG tx_byte_pool_performance_release_count;
    ULONG tx_byte_pool_performance_merge_count;
    ULONG tx_byte_pool_performance_split_count;
    ULONG tx_byte_pool_performance_search_count;
    ULONG tx_byte_pool_performance_suspension_count;
    ULONG tx_byte_pool_performance_timeout_count;
} TX_BYTE_POOL;

typedef struct TX_EVENT_FLAGS_GROUP_STRUCT {
    ULONG tx_event_flags_group_id;
    CHAR *tx_event_flags_group_name;
    ULONG tx_event_flags_group_current;
    UINT tx_event_flags_group_reset_search;
    struct TX_THREAD_STRUCT *tx_event_flags_group_suspension_list;
    UINT tx_event_flags_group_suspended_count;
    struct TX_EVENT_FLAGS_GROUP_STRUCT *tx_event_flags_group_created_next;
    struct TX_EVENT_FLAGS_GROUP_STRUCT *tx_event_flags_group_created_previous;
    ULONG tx_event_flags_group_delayed_clear;
    ULONG tx_event_flags_group_performance_set_count;
    ULONG tx_event_flags_group__performance_get_count;
    ULONG tx_event_flags_group___performance_suspension_count;
    ULONG tx_event_flags_group____performance_timeout_count;
    VOID (*tx_event_flags_group_set_notify)(struct TX_EVENT_FLAGS_GROUP_STRUCT *group_ptr);
} TX_EVENT_FLAGS_GROUP;

typedef struct TX_MUTEX_STRUCT {
    ULONG tx_mutex_id;
    CHAR *tx_mutex_name;
    UINT tx_mutex_ownership_count;
    struct TX_THREAD_STRUCT *tx_mutex_owner;
    UINT tx_mutex_inherit;
    UINT tx_mutex_original_priority;
    struct TX_THREAD_STRUCT *tx_mutex_suspension_list;
    UINT tx_mutex_suspended_count;
    struct TX_MUTEX_STRUCT *tx_mutex_created_next;
    struct TX_MUTEX_STRUCT *tx_mutex_created_previous;
    UINT tx_mutex_highest_priority_waiting;
    /* Links in the owner's tx_thread_owned_mutex_list. */
    struct TX_MUTEX_STRUCT *tx_mutex_owned_next;
    struct TX_MUTEX_STRUCT *tx_mutex_owned_previous;
    ULONG tx_mutex_performance_put_count;
    ULONG tx_mutex_performance_get_count;
    ULONG tx_mutex_performance_suspension_count;
    ULONG tx_mutex_performance_timeout_count;
    ULONG tx_mutex_performance_priority_inversion_count;
    ULONG tx_mutex_performance__priority_inheritance_count;
} TX_MUTEX;

typedef struct TX_QUEUE_STRUCT {
    ULONG tx_queue_id;
    CHAR *tx_queue_name;
    UINT tx_queue_message_size; /* in ULONGs */
    UINT tx_queue_capacity;     /* in messages */
    UINT tx_queue_enqueued;
    UINT tx_queue_available_storage;
    ULONG *tx_queue_start;
    ULONG *tx_queue_end;
    ULONG *tx_queue_read;
    ULONG *tx_queue_write;
    struct TX_THREAD_STRUCT *tx_queue_suspension_list;
    UINT tx_queue_suspended_count;
    struct TX_QUEUE_STRUCT *tx_queue_created_next;
    struct TX_QUEUE_STRUCT *tx_queue_created_previous;
    ULONG tx_queue_performance_messages_sent_count;
    ULONG tx_queue_performance_messages_received_count;
    ULONG tx_queue_performance_empty_suspension_count;
    ULONG tx_queue_performance_full_suspension_count;
    ULONG tx_queue_performance_full_error_count;
    ULONG tx_queue_performance_timeout_count;
    VOID (*tx_queue_send_notify)(struct TX_QUEUE_STRUCT *queue_ptr);
} TX_QUEUE;

typedef struct TX_SEMAPHORE_STRUCT {
    ULONG tx_semaphore_id;
    CHAR *tx_semaphore_name;
    ULONG tx_semaphore_count;
    struct TX_THREAD_STRUCT *tx_semaphore_suspension_list;
    UINT tx_semaphore_suspended_count;
    struct TX_SEMAPHORE_STRUCT *tx_semaphore_created_next;
    struct TX_SEMAPHORE_STRUCT *tx_semaphore_created_previous;
    ULONG tx_semaphore_performance_put_count;
    ULONG tx_semaphore_performance_get_count;
    ULONG tx_semaphore_performance_suspension_count;
    ULONG tx_semaphore_performance_timeout_count;
    VOID (*tx_semaphore_put_notify)(struct TX_SEMAPHORE_STRUCT *semaphore_ptr);
} TX_SEMAPHORE;

/* ---- Services: _tx_* do the work ------------------------------------------------------------ */

/* The application's initialization, called by tx_kernel_enter before scheduling starts. */
VOID tx_application_define(VOID *first_unused_memory);

VOID _tx_initialize_kernel_enter(VOID);

UINT _tx_block_allocate(TX_BLOCK_POOL *pool_ptr, VOID **block_ptr, ULONG wait_option);
UINT _tx_block_pool_create(TX_BLOCK_POOL *pool_ptr, CHAR *name_ptr, ULONG block_size,
                           VOID *pool_start, ULONG pool_size);
UINT _tx_block_pool_delete(TX_BLOCK_POOL *pool_ptr);
UINT _tx_block_pool_info_get(TX_BLOCK_POOL *pool_ptr, CHAR **name, ULONG *available_blocks,
                             ULONG *total_blocks, TX_THREAD **first_suspended,
                             ULONG *suspended_count, TX_BLOCK_POOL **next_pool);
UINT _tx_block_pool_performance_info_get(TX_BLOCK_POOL *pool_ptr, ULONG *allocates, ULONG *releases,
                                         ULONG *suspensions, ULONG *timeouts);
UINT _tx_block_pool_performance_system_info_get(ULONG *allocates, ULONG *releases,
                                                ULONG *suspensions, ULONG *timeouts);
UINT _tx_block_pool_prioritize(TX_BLOCK_POOL *pool_ptr);
UINT _tx_block_release(VOID *block_ptr);

UINT _tx_byte_allocate(TX_BYTE_POOL *pool_ptr, VOID **memory_ptr, ULONG memory_size,
                       ULONG wait_option);
UINT _tx_byte_pool_create(TX_BYTE_POOL *pool_ptr, CHAR *name_ptr, VOID *pool_start,
                          ULONG pool_size);
UINT _tx_byte_pool_delete(TX_BYTE_POOL *pool_ptr);
UINT _tx_byte_pool_info_get(TX_BYTE_POOL *pool_ptr, CHAR **name, ULONG *available_bytes,
                            ULONG *fragments, TX_THREAD **first_suspended, ULONG *suspended_count,
                            TX_BYTE_POOL **next_pool);
UINT _tx_byte_pool_performance_info_get(TX_BYTE_POOL *pool_ptr, ULONG *allocates, ULONG *releases,
                                        ULONG *fragments_searched, ULONG *merges, ULONG *splits,
                                        ULONG *suspensions, ULONG *timeouts);
UINT _tx_byte_pool_performance_system_info_get(ULONG *allocates, ULONG *releases,
                                               ULONG *fragments_searched, ULONG *merges,
                                               ULONG *splits, ULONG *suspensions, ULONG *timeouts);
UINT _tx_byte_pool_prioritize(TX_BYTE_POOL *pool_ptr);
UINT _tx_byte_release(VOID *memory_ptr);

UINT _tx_event_flags_create(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR *name_ptr);
UINT _tx_event_flags_delete(TX_EVENT_FLAGS_GROUP *group_ptr);
UINT _tx_event_flags_get(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG requested_flags, UINT get_option,
                         ULONG *actual_flags_ptr, ULONG wait_option);
UINT _tx_event_flags_info_get(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR **name, ULONG *current_flags,
                              TX_THREAD **first_suspended, ULONG *suspended_count,
                              TX_EVENT_FLAGS_GROUP **next_group);
UINT _tx_event_flags_performance_info_get(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG *sets, ULONG *gets,
                                          ULONG *suspensions, ULONG *timeouts);
UINT _tx_event_flags_performance_system_info_get(ULONG *sets, ULONG *gets, ULONG *suspensions,
                                                 ULONG *timeouts);
UINT _tx_event_flags_set(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG flags_to_set, UINT set_option);
UINT _tx_event_flags_set_notify(TX_EVENT_FLAGS_GROUP *group_ptr,
                                VOID (*events_set_notify)(TX_EVENT_FLAGS_GROUP *notify_group_ptr));

UINT _tx_interrupt_control(UINT new_posture);

UINT _tx_mutex_create(TX_MUTEX *mutex_ptr, CHAR *name_ptr, UINT inherit);
UINT _tx_mutex_delete(TX_MUTEX *mutex_ptr);
UINT _tx_mutex_get(TX_MUTEX *mutex_ptr, ULONG wait_option);
UINT _tx_mutex_info_get(TX_MUTEX *mutex_ptr, CHAR **name, ULONG *count, TX_THREAD **owner,
                        TX_THREAD **first_suspended, ULONG *suspended_count, TX_MUTEX **next_mutex);
UINT _tx_mutex_performance_info_get(TX_MUTEX *mutex_ptr, ULONG *puts, ULONG *gets,
                                    ULONG *suspensions, ULONG *timeouts, ULONG *inversions,
                                    ULONG *inheritances);
UINT _tx_mutex_performance_system_info_get(ULONG *puts, ULONG *gets, ULONG *suspensions,
                                           ULONG *timeouts, ULONG *inversions, ULONG *inheritances);
UINT _tx_mutex_prioritize(TX_MUTEX *mutex_ptr);
UINT _tx_mutex_put(TX_MUTEX *mutex_ptr);

UINT _tx_queue_create(TX_QUEUE *queue_ptr, CHAR *name_ptr, UINT message_size, VOID *queue_start,
                      ULONG queue_size);
UINT _tx_queue_delete(TX_QUEUE *queue_ptr);
UINT _tx_queue_flush(TX_QUEUE *queue_ptr);
UINT _tx_queue_info_get(TX_QUEUE *queue_ptr, CHAR **name, ULONG *enqueued, ULONG *available_storage,
                        TX_THREAD **first_suspended, ULONG *suspended_count, TX_QUEUE **next_queue);
UINT _tx_queue_performance_info_get(TX_QUEUE *queue_ptr, ULONG *messages_sent,
                                    ULONG *messages_received, ULONG *empty_suspensions,
                                    ULONG *full_suspensions, ULONG *full_errors, ULONG *timeouts);
UINT _tx_queue_performance_system_info_get(ULONG *messages_sent, ULONG *messages_received,
                                           ULONG *empty_suspensions, ULONG *full_suspensions,
                                           ULONG *full_errors, ULONG *timeouts);
UINT _tx_queue_prioritize(TX_QUEUE *queue_ptr);
UINT _tx_queue_receive(TX_QUEUE *queue_ptr, VOID *destination_ptr, ULONG wait_option);
UINT _tx_queue_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option);
UINT _tx_queue_send_notify(TX_QUEUE *queue_ptr,
                           VOID (*queue_send_notify)(TX_QUEUE *notify_queue_ptr));
UINT _tx_queue_front_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option);

UINT _tx_semaphore_ceiling_put(TX_SEMAPHORE *semaphore_ptr, ULONG ceiling);
UINT _tx_semaphore_create(TX_SEMAPHORE *semaphore_ptr, CHAR *name_ptr, ULONG initial_count);
UINT _tx_semaphore_delete(TX_SEMAPHORE *semaphore_ptr);
UINT _tx_semaphore_get(TX_SEMAPHORE *semaphore_ptr, ULONG wait_option);
UINT _tx_semaphore_info_get(TX_SEMAPHORE *semaphore_ptr, CHAR **name, ULONG *current_value,
                            TX_THREAD **first_suspended, ULONG *suspended_count,
                            TX_SEMAPHORE **next_semaphore);
UINT _tx_semaphore_performance_info_get(TX_SEMAPHORE *semaphore_ptr, ULONG *puts, ULONG *gets,
                                        ULONG *suspensions, ULONG *timeouts);
UINT _tx_semaphore_performance_system_info_get(ULONG *puts, ULONG *gets, ULONG *suspensions,
                                               ULONG *timeouts);
UINT _tx_semaphore_prioritize(TX_SEMAPHORE *semaphore_ptr);
UINT _tx_semaphore_put(TX_SEMAPHORE *semaphore_ptr);
UINT _tx_semaphore_put_notify(TX_SEMAPHORE *semaphore_ptr,
                              VOID (*semaphore_put_notify)(TX_SEMAPHORE *notify_semaphore_ptr));

UINT _tx_thread_create(TX_THREAD *thread_ptr, CHAR *name_ptr,
                       VOID (*entry_function)(ULONG entry_input), ULONG entry_input,
                       VOID *stack_start, ULONG stack_size, UINT priority, UINT preempt_threshold,
                       ULONG time_slice, UINT auto_start);
UINT _tx_thread_delete(TX_THREAD *thread_ptr);
UINT _tx_thread_entry_exit_notify(TX_THREAD *thread_ptr,
                                  VOID (*thread_entry_exit_notify)(TX_THREAD *notify_thread_ptr,
                                                                   UINT type));
TX_THREAD *_tx_thread_identify(VOID);
UINT _tx_thread_smp_core_exclude(TX_THREAD *thread_ptr, ULONG exclusion_map);
UINT _tx_thread_smp_core_exclude_get(TX_THREAD *thread_ptr, ULONG *exclusion_map_ptr);
UINT _tx_thread_smp_core_get(VOID);
UINT _txe_thread_smp_core_exclude(TX_THREAD *thread_ptr, ULONG exclusion_map);
UINT _txe_thread_smp_core_exclude_get(TX_THREAD *thread_ptr, ULONG *exclusion_map_ptr);
UINT _tx_thread_info_get(TX_THREAD *thread_ptr, CHAR **name, UINT *state, ULONG *run_count,
                         UINT *priority, UINT *preemption_threshold, ULONG *time_slice,
                         TX_THREAD **next_thread, TX_THREAD **next_suspended_thread);
UINT _tx_thread_performance_info_get(TX_THREAD *thread_ptr, ULONG *resumptions, ULONG *suspensions,
                                     ULONG *solicited_preemptions, ULONG *interrupt_preemptions,
                                     ULONG *priority_inversions, ULONG *time_slices,
                                     ULONG *relinquishes, ULONG *timeouts, ULONG *wait_aborts,
                                     TX_THREAD **last_preempted_by);
UINT _tx_thread_performance_system_info_get(ULONG *resumptions, ULONG *suspensions,
                                            ULONG *solicited_preemptions,
                                            ULONG *interrupt_preemptions,
                                            ULONG *priority_inversions, ULONG *time_slices,
                                            ULONG *relinquishes, ULONG *timeouts,
                                            ULONG *wait_aborts, ULONG *non_idle_returns,
                                            ULONG *idle_returns);
UINT _tx_thread_preemption_change(TX_THREAD *thread_ptr, UINT new_threshold, UINT *old_threshold);
UINT _tx_thread_priority_change(TX_THREAD *thread_ptr, UINT new_priority, UINT *old_priority);
VOID _tx_thread_relinquish(VOID);
UINT _tx_thread_reset(TX_THREAD *thread_ptr);
UINT _tx_thread_resume(TX_THREAD *thread_ptr);
UINT _tx_thread_sleep(ULONG timer_ticks);
UINT _tx_thread_stack_error_notify(VOID (*stack_error_handler)(TX_THREAD *thread_ptr));
UINT _tx_thread_suspend(TX_THREAD *thread_ptr);
UINT _tx_thread_terminate(TX_THREAD *thread_ptr);
UINT _tx_thread_time_slice_change(TX_THREAD *thread_ptr, ULONG new_time_slice,
                                  ULONG *old_time_slice);
UINT _tx_thread_wait_abort(TX_THREAD *thread_ptr);

ULONG _tx_time_get(VOID);
VOID _tx_time_set(ULONG new_time);

UINT _tx_timer_activate(TX_TIMER *timer_ptr);
UINT _tx_timer_change(TX_TIMER *timer_ptr, ULONG initial_ticks, ULONG reschedule_ticks);
UINT _tx_timer_create(TX_TIMER *timer_ptr, CHAR *name_ptr, VOID (*expiration_function)(ULONG input),
                      ULONG expiration_input, ULONG initial_ticks, ULONG reschedule_ticks,
                      UINT auto_activate);
UINT _tx_timer_deactivate(TX_TIMER *timer_ptr);
UINT _tx_timer_delete(TX_TIMER *timer_ptr);
UINT _tx_timer_info_get(TX_TIMER *timer_ptr, CHAR **name, UINT *active, ULONG *remaining_ticks,
                        ULONG *reschedule_ticks, TX_TIMER **next_timer);
UINT _tx_timer_performance_info_get(TX_TIMER *timer_ptr, ULONG *activates, ULONG *reactivates,
                                    ULONG *deactivates, ULONG *expirations,
                                    ULONG *expiration_adjusts);
UINT _tx_timer_performance_system_info_get(ULONG *activates, ULONG *reactivates, ULONG *deactivates,
                                           ULONG *expirations, ULONG *expiration_adjusts);

UINT _tx_trace_enable(VOID *trace_buffer_start, ULONG trace_buffer_size, ULONG registry_entries);
UINT _tx_trace_event_filter(ULONG event_filter_bits);
UINT _tx_trace_event_unfilter(ULONG event_unfilter_bits);
UINT _tx_trace_disable(VOID);
VOID _tx_trace_isr_enter_insert(ULONG isr_id);
VOID _tx_trace_isr_exit_insert(ULONG isr_id);
UINT _tx_trace_buffer_full_notify(VOID (*full_buffer_callback)(VOID *buffer));
UINT _tx_trace_user_event_insert(ULONG event_id, ULONG info_field_1, ULONG info_field_2,
                                 ULONG info_field_3, ULONG info_field_4);

/* ---- Services: _txe_* check, then call _tx_* ------------------------------------------------ */
/* Create services take the caller's control block size so a mismatched build is caught. */

UINT _txe_block_allocate(TX_BLOCK_POOL *pool_ptr, VOID **block_ptr, ULONG wait_option);
UINT _txe_block_pool_create(TX_BLOCK_POOL *pool_ptr, CHAR *name_ptr, ULONG block_size,
                            VOID *pool_start, ULONG pool_size, UINT pool_control_block_size);
UINT _txe_block_pool_delete(TX_BLOCK_POOL *pool_ptr);
UINT _txe_block_pool_info_get(TX_BLOCK_POOL *pool_ptr, CHAR **name, ULONG *available_blocks,
                              ULONG *total_blocks, TX_THREAD **first_suspended,
                              ULONG *suspended_count, TX_BLOCK_POOL **next_pool);
UINT _txe_block_pool_prioritize(TX_BLOCK_POOL *pool_ptr);
UINT _txe_block_release(VOID *block_ptr);

UINT _txe_byte_allocate(TX_BYTE_POOL *pool_ptr, VOID **memory_ptr, ULONG memory_size,
                        ULONG wait_option);
UINT _txe_byte_pool_create(TX_BYTE_POOL *pool_ptr, CHAR *name_ptr, VOID *pool_start,
                           ULONG pool_size, UINT pool_control_block_size);
UINT _txe_byte_pool_delete(TX_BYTE_POOL *pool_ptr);
UINT _txe_byte_pool_info_get(TX_BYTE_POOL *pool_ptr, CHAR **name, ULONG *available_bytes,
                             ULONG *fragments, TX_THREAD **first_suspended, ULONG *suspended_count,
                             TX_BYTE_POOL **next_pool);
UINT _txe_byte_pool_prioritize(TX_BYTE_POOL *pool_ptr);
UINT _txe_byte_release(VOID *memory_ptr);

UINT _txe_event_flags_create(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR *name_ptr,
                             UINT event_control_block_size);
UINT _txe_event_flags_delete(TX_EVENT_FLAGS_GROUP *group_ptr);
UINT _txe_event_flags_get(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG requested_flags, UINT get_option,
                          ULONG *actual_flags_ptr, ULONG wait_option);
UINT _txe_event_flags_info_get(TX_EVENT_FLAGS_GROUP *group_ptr, CHAR **name, ULONG *current_flags,
                               TX_THREAD **first_suspended, ULONG *suspended_count,
                               TX_EVENT_FLAGS_GROUP **next_group);
UINT _txe_event_flags_set(TX_EVENT_FLAGS_GROUP *group_ptr, ULONG flags_to_set, UINT set_option);
UINT _txe_event_flags_set_notify(TX_EVENT_FLAGS_GROUP *group_ptr,
                                 VOID (*events_set_notify)(TX_EVENT_FLAGS_GROUP *notify_group_ptr));

UINT _txe_mutex_create(TX_MUTEX *mutex_ptr, CHAR *name_ptr, UINT inherit,
                       UINT mutex_control_block_size);
UINT _txe_mutex_delete(TX_MUTEX *mutex_ptr);
UINT _txe_mutex_get(TX_MUTEX *mutex_ptr, ULONG wait_option);
UINT _txe_mutex_info_get(TX_MUTEX *mutex_ptr, CHAR **name, ULONG *count, TX_THREAD **owner,
                         TX_THREAD **first_suspended, ULONG *suspended_count,
                         TX_MUTEX **next_mutex);
UINT _txe_mutex_prioritize(TX_MUTEX *mutex_ptr);
UINT _txe_mutex_put(TX_MUTEX *mutex_ptr);

UINT _txe_queue_create(TX_QUEUE *queue_ptr, CHAR *name_ptr, UINT message_size, VOID *queue_start,
                       ULONG queue_size, UINT queue_control_block_size);
UINT _txe_queue_delete(TX_QUEUE *queue_ptr);
UINT _txe_queue_flush(TX_QUEUE *queue_ptr);
UINT _txe_queue_info_get(TX_QUEUE *queue_ptr, CHAR **name, ULONG *enqueued,
                         ULONG *available_storage, TX_THREAD **first_suspended,
                         ULONG *suspended_count, TX_QUEUE **next_queue);
UINT _txe_queue_prioritize(TX_QUEUE *queue_ptr);
UINT _txe_queue_receive(TX_QUEUE *queue_ptr, VOID *destination_ptr, ULONG wait_option);
UINT _txe_queue_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option);
UINT _txe_queue_send_notify(TX_QUEUE *queue_ptr,
                            VOID (*queue_send_notify)(TX_QUEUE *notify_queue_ptr));
UINT _txe_queue_front_send(TX_QUEUE *queue_ptr, VOID *source_ptr, ULONG wait_option);

UINT _txe_semaphore_ceiling_put(TX_SEMAPHORE *semaphore_ptr, ULONG ceiling);
UINT _txe_semaphore_create(TX_SEMAPHORE *semaphore_ptr, CHAR *name_ptr, ULONG initial_count,
                           UINT semaphore_control_block_size);
UINT _txe_semaphore_delete(TX_SEMAPHORE *semaphore_ptr);
UINT _txe_semaphore_get(TX_SEMAPHORE *semaphore_ptr, ULONG wait_option);
UINT _txe_semaphore_info_get(TX_SEMAPHORE *semaphore_ptr, CHAR **name, ULONG *current_value,
                             TX_THREAD **first_suspended, ULONG *suspended_count,
                             TX_SEMAPHORE **next_semaphore);
UINT _txe_semaphore_prioritize(TX_SEMAPHORE *semaphore_ptr);
UINT _txe_semaphore_put(TX_SEMAPHORE *semaphore_ptr);
UINT _txe_semaphore_put_notify(TX_SEMAPHORE *semaphore_ptr,
                               VOID (*semaphore_put_notify)(TX_SEMAPHORE *notify_semaphore_ptr));

UINT _txe_thread_create(TX_THREAD *thread_ptr, CHAR *name_ptr,
                        VOID (*entry_function)(ULONG entry_input), ULONG entry_input,
                        VOID *stack_start, ULONG stack_size, UINT priority, UINT preempt_threshold,
                        ULONG time_slice, UINT auto_start, UINT thread_control_block_size);
UINT _txe_thread_delete(TX_THREAD *thread_ptr);
UINT _txe_thread_entry_exit_notify(TX_THREAD *thread_ptr,
                                   VOID (*thread_entry_exit_notify)(TX_THREAD *notify_thread_ptr,
                                                                    UINT type));
UINT _txe_thread_info_get(TX_THREAD *thread_ptr, CHAR **name, UINT *state, ULONG *run_count,
                          UINT *priority, UINT *preemption_threshold, ULONG *time_slice,
                          TX_THREAD **next_thread, TX_THREAD **next_suspended_thread);
UINT _txe_thread_preemption_change(TX_THREAD *thread_ptr, UINT new_threshold, UINT *old_threshold);
UINT _txe_thread_priority_change(TX_THREAD *thread_ptr, UINT new_priority, UINT *old_priority);
VOID _txe_thread_relinquish(VOID);
UINT _txe_thread_reset(TX_THREAD *thread_ptr);
UINT _txe_thread_resume(TX_THREAD *thread_ptr);
UINT _txe_thread_suspend(TX_THREAD *thread_ptr);
UINT _txe_thread_terminate(TX_THREAD *thread_ptr);
UINT _txe_thread_time_slice_change(TX_THREAD *thread_ptr, ULONG new_time_slice,
                                   ULONG *old_time_slice);
UINT _txe_thread_wait_abort(TX_THREAD *thread_ptr);

UINT _tx_timer_smp_core_exclude(TX_TIMER *timer_ptr, ULONG exclusion_map);
UINT _tx_timer_smp_core_exclude_get(TX_TIMER *timer_ptr, ULONG *exclusion_map_ptr);
UINT _txe_timer_smp_core_exclude(TX_TIMER *timer_ptr, ULONG exclusion_map);
UINT _txe_timer_smp_core_exclude_get(TX_TIMER *timer_ptr, ULONG *exclusion_map_ptr);
UINT _txe_timer_activate(TX_TIMER *timer_ptr);
UINT _txe_timer_change(TX_TIMER *timer_ptr, ULONG initial_ticks, ULONG reschedule_ticks);
UINT _txe_timer_create(TX_TIMER *timer_ptr, CHAR *name_ptr,
                       VOID (*expiration_function)(ULONG input), ULONG expiration_input,
                       ULONG initial_ticks, ULONG reschedule_ticks, UINT auto_activate,
                       UINT timer_control_block_size);
UINT _txe_timer_deactivate(TX_TIMER *timer_ptr);
UINT _txe_timer_delete(TX_TIMER *timer_ptr);
UINT _txe_timer_info_get(TX_TIMER *timer_ptr, CHAR **name, UINT *active, ULONG *remaining_ticks,
                         ULONG *reschedule_ticks, TX_TIMER **next_timer);

/* ---- Application names ---------------------------------------------------------------------- */
/* Services without a _txe_ form (as in ThreadX) check what they must themselves. Kernel sources
 * (TX_SOURCE_CODE, defined by tx_internal.h / tx_arch.h) do not see these names: some of them
 * are also control block fields (tx_queue_send_notify, ...), hence the function-like macros. */
#ifndef TX_SOURCE_CODE

#define tx_kernel_enter                            _tx_initialize_kernel_enter
#define tx_interrupt_control                       _tx_interrupt_control
#define tx_thread_identify                         _tx_thread_identify
#define tx_thread_sleep                            _tx_thread_sleep
#define tx_thread_smp_core_get                     _tx_thread_smp_core_get
#define tx_thread_stack_error_notify               _tx_thread_stack_error_notify
#define tx_time_get                                _tx_time_get
#define tx_time_set                                _tx_time_set
#define tx_trace_enable                            _tx_trace_enable
#define tx_trace_event_filter                      _tx_trace_event_filter
#define tx_trace_event_unfilter                    _tx_trace_event_unfilter
#define tx_trace_disable                           _tx_trace_disable
#define tx_trace_isr_enter_insert                  _tx_trace_isr_enter_insert
#define tx_trace_isr_exit_insert                   _tx_trace_isr_exit_insert
#define tx_trace_buffer_full_notify                _tx_trace_buffer_full_notify
#define tx_trace_user_event_insert                 _tx_trace_user_event_insert
#define tx_block_pool_performance_info_get         _tx_block_pool_performance_info_get
#define tx_block_pool_performance_system_info_get  _tx_block_pool_performance_system_info_get
#define tx_byte_pool_performance_info_get          _tx_byte_pool_performance_info_get
#define tx_byte_pool_performance_system_info_get   _tx_byte_pool_performance_system_info_get
#define tx_event_flags_performance_info_get        _tx_event_flags_performance_info_get
#define tx_event_flags_performance_system_info_get _tx_event_flags_performance_system_info_get
#define tx_mutex_performance_info_get              _tx_mutex_performance_info_get
#define tx_mutex_performance_system_info_get       _tx_mutex_performance_system_info_get
#define tx_queue_performance_info_get              _tx_queue_performance_info_get
#define tx_queue_performance_system_info_get       _tx_queue_performance_system_info_get
#define tx_semaphore_performance_info_get          _tx_semaphore_performance_info_get
#define tx_semaphore_performance_system_info_get   _tx_semaphore_performance_system_info_get
#define tx_thread_performance_info_get             _tx_thread_performance_info_get
#define tx_thread_performance_system_info_get      _tx_thread_performance_system_info_get
#define tx_timer_performance_info_get              _tx_timer_performance_info_get
#define tx_timer_performance_system_info_get       _tx_timer_performance_system_info_get

#ifdef TX_DISABLE_ERROR_CHECKING

#define tx_block_allocate                 _tx_block_allocate
#define tx_block_pool_create              _tx_block_pool_create
#define tx_block_pool_delete              _tx_block_pool_delete
#define tx_block_pool_info_get            _tx_block_pool_info_get
#define tx_block_pool_prioritize          _tx_block_pool_prioritize
#define tx_block_release                  _tx_block_release
#define tx_byte_allocate                  _tx_byte_allocate
#define tx_byte_pool_create               _tx_byte_pool_create
#define tx_byte_pool_delete               _tx_byte_pool_delete
#define tx_byte_pool_info_get             _tx_byte_pool_info_get
#define tx_byte_pool_prioritize           _tx_byte_pool_prioritize
#define tx_byte_release                   _tx_byte_release
#define tx_event_flags_create             _tx_event_flags_create
#define tx_event_flags_delete             _tx_event_flags_delete
#define tx_event_flags_get                _tx_event_flags_get
#define tx_event_flags_info_get           _tx_event_flags_info_get
#define tx_event_flags_set                _tx_event_flags_set
#define tx_event_flags_set_notify         _tx_event_flags_set_notify
#define tx_mutex_create                   _tx_mutex_create
#define tx_mutex_delete                   _tx_mutex_delete
#define tx_mutex_get                      _tx_mutex_get
#define tx_mutex_info_get                 _tx_mutex_info_get
#define tx_mutex_prioritize               _tx_mutex_prioritize
#define tx_mutex_put                      _tx_mutex_put
#define tx_queue_create                   _tx_queue_create
#define tx_queue_delete                   _tx_queue_delete
#define tx_queue_flush                    _tx_queue_flush
#define tx_queue_info_get                 _tx_queue_info_get
#define tx_queue_prioritize               _tx_queue_prioritize
#define tx_queue_receive                  _tx_queue_receive
#define tx_queue_send                     _tx_queue_send
#define tx_queue_send_notify(q, n)        _tx_queue_send_notify((q), (n))
#define tx_queue_front_send               _tx_queue_front_send
#define tx_semaphore_ceiling_put          _tx_semaphore_ceiling_put
#define tx_semaphore_create               _tx_semaphore_create
#define tx_semaphore_delete               _tx_semaphore_delete
#define tx_semaphore_get                  _tx_semaphore_get
#define tx_semaphore_info_get             _tx_semaphore_info_get
#define tx_semaphore_prioritize           _tx_semaphore_prioritize
#define tx_semaphore_put                  _tx_semaphore_put
#define tx_semaphore_put_notify(s, n)     _tx_semaphore_put_notify((s), (n))
#define tx_thread_create                  _tx_thread_create
#define tx_thread_delete                  _tx_thread_delete
#define tx_thread_entry_exit_notify(t, n) _tx_thread_entry_exit_notify((t), (n))
#define tx_thread_info_get                _tx_thread_info_get
#define tx_thread_preemption_change       _tx_thread_preemption_change
#define tx_thread_priority_change         _tx_thread_priority_change
#define tx_thread_relinquish              _tx_thread_relinquish
#define tx_thread_reset                   _tx_thread_reset
#define tx_thread_resume                  _tx_thread_resume
#define tx_thread_suspend                 _tx_thread_suspend
#define tx_thread_terminate               _tx_thread_terminate
#define tx_thread_time_slice_change       _tx_thread_time_slice_change
#define tx_thread_wait_abort              _tx_thread_wait_abort
#define tx_timer_activate                 _tx_timer_activate
#define tx_timer_change                   _tx_timer_change
#define tx_timer_create                   _tx_timer_create
#define tx_timer_deactivate               _tx_timer_deactivate
#define tx_timer_delete                   _tx_timer_delete
#define tx_timer_info_get                 _tx_timer_info_get
#define tx_thread_smp_core_exclude        _tx_thread_smp_core_exclude
#define tx_thread_smp_core_exclude_get    _tx_thread_smp_core_exclude_get
#define tx_timer_smp_core_exclude         _tx_timer_smp_core_exclude
#define tx_timer_smp_core_exclude_get     _tx_timer_smp_core_exclude_get

#else /* !TX_DISABLE_ERROR_CHECKING */

#define tx_block_allocate _txe_block_allocate
#define tx_block_pool_create(p, n, b, s, l)                                                        \
    _txe_block_pool_create((p), (n), (b), (s), (l), (UINT)sizeof(TX_BLOCK_POOL))
#define tx_block_pool_delete     _txe_block_pool_delete
#define tx_block_pool_info_get   _txe_block_pool_info_get
#define tx_block_pool_prioritize _txe_block_pool_prioritize
#define tx_block_release         _txe_block_release
#define tx_byte_allocate         _txe_byte_allocate
#define tx_byte_pool_create(p, n, s, l)                                                            \
    _txe_byte_pool_create((p), (n), (s), (l), (UINT)sizeof(TX_BYTE_POOL))
#define tx_byte_pool_delete     _txe_byte_pool_delete
#define tx_byte_pool_info_get   _txe_byte_pool_info_get
#define tx_byte_pool_prioritize _txe_byte_pool_prioritize
#define tx_byte_release         _txe_byte_release
#define tx_event_flags_create(g, n)                                                                \
    _txe_event_flags_create((g), (n), (UINT)sizeof(TX_EVENT_FLAGS_GROUP))
#define tx_event_flags_delete     _txe_event_flags_delete
#define tx_event_flags_get        _txe_event_flags_get
#define tx_event_flags_info_get   _txe_event_flags_info_get
#define tx_event_flags_set        _txe_event_flags_set
#define tx_event_flags_set_notify _txe_event_flags_set_notify
#define tx_mutex_create(m, n, i)  _txe_mutex_create((m), (n), (i), (UINT)sizeof(TX_MUTEX))
#define tx_mutex_delete           _txe_mutex_delete
#define tx_mutex_get              _txe_mutex_get
#define tx_mutex_info_get         _txe_mutex_info_get
#define tx_mutex_prioritize       _txe_mutex_prioritize
#define tx_mutex_put              _txe_mutex_put
#define tx_queue_create(q, n, m, s, l)                                                             \
    _txe_queue_create((q), (n), (m), (s), (l), (UINT)sizeof(TX_QUEUE))
#define tx_queue_delete            _txe_queue_delete
#define tx_queue_flush             _txe_queue_flush
#define tx_queue_info_get          _txe_queue_info_get
#define tx_queue_prioritize        _txe_queue_prioritize
#define tx_queue_receive           _txe_queue_receive
#define tx_queue_send              _txe_queue_send
#define tx_queue_send_notify(q, n) _txe_queue_send_notify((q), (n))
#define tx_queue_front_send        _txe_queue_front_send
#define tx_semaphore_ceiling_put   _txe_semaphore_ceiling_put
#define tx_semaphore_create(s, n, i)                                                               \
    _txe_semaphore_create((s), (n), (i), (UINT)sizeof(TX_SEMAPHORE))
#define tx_semaphore_delete           _txe_semaphore_delete
#define tx_semaphore_get              _txe_semaphore_get
#define tx_semaphore_info_get         _txe_semaphore_info_get
#define tx_semaphore_prioritize       _txe_semaphore_prioritize
#define tx_semaphore_put              _txe_semaphore_put
#define tx_semaphore_put_notify(s, n) _txe_semaphore_put_notify((s), (n))
#define tx_thread_create(t, n, e, i, s, l, p, r, c, a)                                             \
    _txe_thread_create((t), (n), (e), (i), (s), (l), (p), (r), (c), (a), (UINT)sizeof(TX_THREAD))
#define tx_thread_delete                  _txe_thread_delete
#define tx_thread_entry_exit_notify(t, n) _txe_thread_entry_exit_notify((t), (n))
#define tx_thread_info_get                _txe_thread_info_get
#define tx_thread_preemption_change       _txe_thread_preemption_change
#define tx_thread_priority_change         _txe_thread_priority_change
#define tx_thread_relinquish              _txe_thread_relinquish
#define tx_thread_reset                   _txe_thread_reset
#define tx_thread_resume                  _txe_thread_resume
#define tx_thread_suspend                 _txe_thread_suspend
#define tx_thread_terminate               _txe_thread_terminate
#define tx_thread_time_slice_change       _txe_thread_time_slice_change
#define tx_thread_wait_abort              _txe_thread_wait_abort
#define tx_timer_activate                 _txe_timer_activate
#define tx_timer_change                   _txe_timer_change
#define tx_timer_create(t, n, e, i, c, r, a)                                                       \
    _txe_timer_create((t), (n), (e), (i), (c), (r), (a), (UINT)sizeof(TX_TIMER))
#define tx_timer_deactivate            _txe_timer_deactivate
#define tx_timer_delete                _txe_timer_delete
#define tx_timer_info_get              _txe_timer_info_get
#define tx_thread_smp_core_exclude     _txe_thread_smp_core_exclude
#define tx_thread_smp_core_exclude_get _txe_thread_smp_core_exclude_get
#define tx_timer_smp_core_exclude      _txe_timer_smp_core_exclude
#define tx_timer_smp_core_exclude_get  _txe_timer_smp_core_exclude_get

#endif /* TX_DISABLE_ERROR_CHECKING */
#endif /* !TX_SOURCE_CODE */

#ifdef __cplusplus
}
#endif

#endif /* TX_API_H */
