/*
 * tx_trace.h - event trace (TX_ENABLE_EVENT_TRACE) in the layout of TraceX's user guide,
 * chapter 11 ("Format of event trace buffer"), which tools (TraceX, tools/trace2perfetto) read:
 *
 *   control header   48 bytes  TX_TRACE_CONTROL_HEADER
 *   object registry  48 bytes per entry (registry_entries of tx_trace_enable)
 *   event entries    32 bytes each, a ring: header's current pointer = oldest = next written
 *
 * Every field is a 32-bit word in the CPU's byte order (the header id tells the order). Addresses
 * (object and thread pointers, the header's pointers) are stored as their low 32 bits: the format
 * has 32-bit fields, and a reader works with offsets from the base address modulo 2^32.
 *
 * Event entry: thread pointer (0xF0F0F0F0 outside threads before scheduling, 0xFFFFFFFF in an
 * ISR, 0 = entry never written), thread priority word (in a thread: its priority in bits 0-15,
 * its preemption threshold in bits 16-31; in an ISR: the interrupted thread's pointer), event id,
 * time stamp (_tx_arch_trace_time), four information words (per id below; "sp" words hold the
 * caller's stack pointer, as ThreadX records it).
 *
 * Without TX_ENABLE_EVENT_TRACE every macro below expands to nothing that generates code.
 */
#ifndef TX_TRACE_H
#define TX_TRACE_H

#include "tx_internal.h"

/* ---- Event ids (ThreadX's published numbering) ----------------------------------------------
 * Each group's comment gives the information words I1..I4 of its events (a missing word is 0),
 * as TraceX's user guide (chapter 6, "ThreadX events") and ThreadX's tx_trace.h define them;
 * "sp" is the caller's stack pointer (TX_TRACE_STACK_PTR): an address in the recording
 * function's frame, on whatever stack it runs (the thread's, or the interrupt's). Every id
 * ThreadX defines is here; all are recorded except RUNNING (no service has it), THREAD_IDENTIFY
 * and TIME_GET (hot read-only paths: a trace would fill up with them). */

/* Scheduling. RESUME: thread, previous state, sp, next thread to run. SUSPEND: thread, new
 * state, sp, next thread. ISR_ENTER/EXIT: sp, ISR id, system state, preempt disable.
 * TIME_SLICE: next thread, system state, preempt disable, sp. */
#define TX_TRACE_THREAD_RESUME  1u
#define TX_TRACE_THREAD_SUSPEND 2u
#define TX_TRACE_ISR_ENTER      3u
#define TX_TRACE_ISR_EXIT       4u
#define TX_TRACE_TIME_SLICE     5u
#define TX_TRACE_RUNNING        6u

/* Block pools. ALLOCATE: pool, block, wait option, available blocks. CREATE: pool, start,
 * total blocks, block size. DELETE: pool, sp. INFO_GET, PERFORMANCE_INFO_GET: pool.
 * PRIORITIZE: pool, suspended count, sp. RELEASE: pool, block, suspended count, sp. */
#define TX_TRACE_BLOCK_ALLOCATE                          10u
#define TX_TRACE_BLOCK_POOL_CREATE                       11u
#define TX_TRACE_BLOCK_POOL_DELETE                       12u
#define TX_TRACE_BLOCK_POOL_INFO_GET                     13u
#define TX_TRACE_BLOCK_POOL_PERFORMANCE_INFO_GET         14u
#define TX_TRACE_BLOCK_POOL__PERFORMANCE_SYSTEM_INFO_GET 15u
#define TX_TRACE_BLOCK_POOL_PRIORITIZE                   16u
#define TX_TRACE_BLOCK_RELEASE                           17u

/* Byte pools. ALLOCATE: pool, memory, size requested, wait option. CREATE: pool, start, size,
 * sp. DELETE: pool, sp. INFO_GET, PERFORMANCE_INFO_GET: pool. PRIORITIZE: pool, suspended
 * count, sp. RELEASE: pool, memory, suspended count, available bytes. */
#define TX_TRACE_BYTE_ALLOCATE                          20u
#define TX_TRACE_BYTE_POOL_CREATE                       21u
#define TX_TRACE_BYTE_POOL_DELETE                       22u
#define TX_TRACE_BYTE_POOL_INFO_GET                     23u
#define TX_TRACE_BYTE_POOL_PERFORMANCE_INFO_GET         24u
#define TX_TRACE_BYTE_POOL__PERFORMANCE_SYSTEM_INFO_GET 25u
#define TX_TRACE_BYTE_POOL_PRIORITIZE                   26u
#define TX_TRACE_BYTE_RELEASE                           27u

/* Event flags. CREATE, DELETE: group, sp. GET: group, requested flags, current flags, get
 * option. INFO_GET, PERFORMANCE_INFO_GET, SET_NOTIFY: group. SET: group, flags to set, set
 * option, suspended count. INTERRUPT_CONTROL: new posture, sp. */
#define TX_TRACE_EVENT_FLAGS_CREATE                       30u
#define TX_TRACE_EVENT_FLAGS_DELETE                       31u
#define TX_TRACE_EVENT_FLAGS_GET                          32u
#define TX_TRACE_EVENT_FLAGS_INFO_GET                     33u
#define TX_TRACE_EVENT_FLAGS_PERFORMANCE_INFO_GET         34u
#define TX_TRACE_EVENT_FLAGS__PERFORMANCE_SYSTEM_INFO_GET 35u
#define TX_TRACE_EVENT_FLAGS_SET                          36u
#define TX_TRACE_EVENT_FLAGS_SET_NOTIFY                   37u
#define TX_TRACE_INTERRUPT_CONTROL                        40u

/* Mutexes. CREATE: mutex, inheritance, sp. DELETE: mutex, sp. GET: mutex, wait option, owner,
 * own count. INFO_GET, PERFORMANCE_INFO_GET: mutex. PRIORITIZE: mutex, suspended count, sp.
 * PUT: mutex, owner, own count, sp. */
#define TX_TRACE_MUTEX_CREATE                      50u
#define TX_TRACE_MUTEX_DELETE                      51u
#define TX_TRACE_MUTEX_GET                         52u
#define TX_TRACE_MUTEX_INFO_GET                    53u
#define TX_TRACE_MUTEX_PERFORMANCE_INFO_GET        54u
#define TX_TRACE_MUTEX_PERFORMANCE_SYSTEM_INFO_GET 55u
#define TX_TRACE_MUTEX_PRIORITIZE                  56u
#define TX_TRACE_MUTEX_PUT                         57u

/* Queues. CREATE: queue, message size (words), start, size. DELETE, FLUSH: queue, sp.
 * FRONT_SEND, SEND: queue, source, wait option, enqueued. INFO_GET, PERFORMANCE_INFO_GET,
 * SEND_NOTIFY: queue. PRIORITIZE: queue, suspended count, sp. RECEIVE: queue, destination,
 * wait option, enqueued. */
#define TX_TRACE_QUEUE_CREATE                      60u
#define TX_TRACE_QUEUE_DELETE                      61u
#define TX_TRACE_QUEUE_FLUSH                       62u
#define TX_TRACE_QUEUE_FRONT_SEND                  63u
#define TX_TRACE_QUEUE_INFO_GET                    64u
#define TX_TRACE_QUEUE_PERFORMANCE_INFO_GET        65u
#define TX_TRACE_QUEUE_PERFORMANCE_SYSTEM_INFO_GET 66u
#define TX_TRACE_QUEUE_PRIORITIZE                  67u
#define TX_TRACE_QUEUE_RECEIVE                     68u
#define TX_TRACE_QUEUE_SEND                        69u
#define TX_TRACE_QUEUE_SEND_NOTIFY                 70u

/* Semaphores. CEILING_PUT: semaphore, count, suspended count, ceiling. CREATE: semaphore,
 * initial count, sp. DELETE: semaphore, sp. GET: semaphore, wait option, count, sp. INFO_GET,
 * PERFORMANCE_INFO_GET, PUT_NOTIFY: semaphore. PRIORITIZE: semaphore, suspended count, sp.
 * PUT: semaphore, count, suspended count, sp. */
#define TX_TRACE_SEMAPHORE_CEILING_PUT                  80u
#define TX_TRACE_SEMAPHORE_CREATE                       81u
#define TX_TRACE_SEMAPHORE_DELETE                       82u
#define TX_TRACE_SEMAPHORE_GET                          83u
#define TX_TRACE_SEMAPHORE_INFO_GET                     84u
#define TX_TRACE_SEMAPHORE_PERFORMANCE_INFO_GET         85u
#define TX_TRACE_SEMAPHORE__PERFORMANCE_SYSTEM_INFO_GET 86u
#define TX_TRACE_SEMAPHORE_PRIORITIZE                   87u
#define TX_TRACE_SEMAPHORE_PUT                          88u
#define TX_TRACE_SEMAPHORE_PUT_NOTIFY                   89u

/* Threads. CREATE: thread, priority, stack start, stack size. DELETE: thread, sp.
 * ENTRY_EXIT_NOTIFY, RESUME_API, SUSPEND_API, TERMINATE, WAIT_ABORT: thread, state, sp.
 * INFO_GET, PERFORMANCE_INFO_GET, RESET: thread, state. PREEMPTION_CHANGE: thread, new
 * threshold, old threshold, state. PRIORITY_CHANGE: thread, new priority, old priority, state.
 * RELINQUISH: sp, next thread. SLEEP: ticks, state, sp. TIME_SLICE_CHANGE: thread, new slice,
 * old slice. */
#define TX_TRACE_THREAD_CREATE                      100u
#define TX_TRACE_THREAD_DELETE                      101u
#define TX_TRACE_THREAD_ENTRY_EXIT_NOTIFY           102u
#define TX_TRACE_THREAD_IDENTIFY                    103u
#define TX_TRACE_THREAD_INFO_GET                    104u
#define TX_TRACE_THREAD_PERFORMANCE_INFO_GET        105u
#define TX_TRACE_THREAD_PERFORMANCE_SYSTEM_INFO_GET 106u
#define TX_TRACE_THREAD_PREEMPTION_CHANGE           107u
#define TX_TRACE_THREAD_PRIORITY_CHANGE             108u
#define TX_TRACE_THREAD_RELINQUISH                  109u
#define TX_TRACE_THREAD_RESET                       110u
#define TX_TRACE_THREAD_RESUME_API                  111u
#define TX_TRACE_THREAD_SLEEP                       112u
#define TX_TRACE_THREAD_STACK_ERROR_NOTIFY          113u
#define TX_TRACE_THREAD_SUSPEND_API                 114u
#define TX_TRACE_THREAD_TERMINATE                   115u
#define TX_TRACE_THREAD_TIME_SLICE_CHANGE           116u
#define TX_TRACE_THREAD_WAIT_ABORT                  117u

/* Time and timers. TIME_GET: time, sp. TIME_SET: new time. ACTIVATE, DELETE,
 * PERFORMANCE_INFO_GET: timer. CHANGE: timer, initial ticks, reschedule ticks. CREATE: timer,
 * initial ticks, reschedule ticks, auto activate. DEACTIVATE, INFO_GET: timer, sp. */
#define TX_TRACE_TIME_GET                          120u
#define TX_TRACE_TIME_SET                          121u
#define TX_TRACE_TIMER_ACTIVATE                    122u
#define TX_TRACE_TIMER_CHANGE                      123u
#define TX_TRACE_TIMER_CREATE                      124u
#define TX_TRACE_TIMER_DEACTIVATE                  125u
#define TX_TRACE_TIMER_DELETE                      126u
#define TX_TRACE_TIMER_INFO_GET                    127u
#define TX_TRACE_TIMER_PERFORMANCE_INFO_GET        128u
#define TX_TRACE_TIMER_PERFORMANCE_SYSTEM_INFO_GET 129u

/* ---- Object registry types (chapter 11) ------------------------------------------------------ */

#define TX_TRACE_OBJECT_TYPE_THREAD       1u
#define TX_TRACE_OBJECT_TYPE_TIMER        2u
#define TX_TRACE_OBJECT_TYPE_QUEUE        3u
#define TX_TRACE_OBJECT_TYPE_SEMAPHORE    4u
#define TX_TRACE_OBJECT_TYPE_MUTEX        5u
#define TX_TRACE_OBJECT_TYPE_EVENT_FLAGS  6u
#define TX_TRACE_OBJECT_TYPE_BLOCK_POOL   7u
#define TX_TRACE_OBJECT_TYPE_BYTE_POOL    8u
#define TX_TRACE_OBJECT_REGISTRY_NAME     32u
#define TX_TRACE_CONTROL_HEADER_ID        ((ULONG)0x54585442UL) /* "TXTB" */
#define TX_TRACE_THREAD_POINTER_INIT      ((ULONG)0xF0F0F0F0UL)
#define TX_TRACE_THREAD_POINTER_ISR       ((ULONG)0xFFFFFFFFUL)
#define TX_TRACE_REGISTRY_ENTRY_AVAILABLE 1u
#define TX_TRACE_REGISTRY_ENTRY_IN_USE    0u

#ifdef TX_ENABLE_EVENT_TRACE

/* The three layouts (the recorder's view; readers use the documented offsets). */
typedef struct TX_TRACE_CONTROL_HEADER_STRUCT {
    ULONG tx_trace_control_header_id;
    ULONG tx_trace_control_header_timer_valid_mask;
    ULONG tx_trace_control_header_trace_base_address;
    ULONG tx_trace_control_header_object_registry_start_pointer;
    USHORT tx_trace_control_header_reserved1;
    USHORT tx_trace_control_header_object_registry_name_size;
    ULONG tx_trace_control_header_object_registry_end_pointer;
    ULONG tx_trace_control_header_buffer_start_pointer;
    ULONG tx_trace_control_header_buffer_end_pointer;
    ULONG tx_trace_control_header_buffer_current_pointer;
    ULONG tx_trace_control_header_reserved2;
    ULONG tx_trace_control_header_reserved3;
    ULONG tx_trace_control_header_reserved4;
} TX_TRACE_CONTROL_HEADER;

typedef struct TX_TRACE_OBJECT_ENTRY_STRUCT {
    UCHAR tx_trace_object_entry_available;
    UCHAR tx_trace_object_entry_type;
    UCHAR tx_trace_object_entry_reserved1; /* threads: priority at registration */
    UCHAR tx_trace_object_entry_reserved2; /* threads: preemption threshold */
    ULONG tx_trace_object_entry_pointer;
    ULONG tx_trace_object_entry_parameter_1;
    ULONG tx_trace_object_entry_parameter_2;
    UCHAR tx_trace_object_entry_name[TX_TRACE_OBJECT_REGISTRY_NAME];
} TX_TRACE_OBJECT_ENTRY;

typedef struct TX_TRACE_BUFFER_ENTRY_STRUCT {
    ULONG tx_trace_buffer_entry_thread_pointer;
    ULONG tx_trace_buffer_entry_thread_priority;
    ULONG tx_trace_buffer_entry_event_id;
    ULONG tx_trace_buffer_entry_time_stamp;
    ULONG tx_trace_buffer_entry_info_1;
    ULONG tx_trace_buffer_entry_info_2;
    ULONG tx_trace_buffer_entry_info_3;
    ULONG tx_trace_buffer_entry_info_4;
} TX_TRACE_BUFFER_ENTRY;

/* Record one event if tracing is on and `filter` (a TX_TRACE_*_EVENTS bit) is not filtered.
 * Any context; takes the interrupt lock itself. */
VOID _tx_trace_event_insert(ULONG event_id, ULONG info_1, ULONG info_2, ULONG info_3, ULONG info_4,
                            ULONG filter);
/* Registry: a created object (name, two type-specific parameters) / a deleted one. */
VOID _tx_trace_object_register(UINT type, const VOID *object, const CHAR *name, ULONG parameter_1,
                               ULONG parameter_2);
VOID _tx_trace_object_unregister(const VOID *object);

/* The low 32 bits of an address (the format's word). */
#define TX_TRACE_PTR(p) ((ULONG)(ALIGN_TYPE)(p))
/* The recording function's stack pointer, portably: the address of an object in its frame (a
 * compound literal has automatic storage in the block that evaluates it), as ThreadX records
 * the address of a local. */
#define TX_TRACE_STACK_PTR TX_TRACE_PTR(&(ULONG){0u})

#define TX_TRACE_INSERT(id, i1, i2, i3, i4, filter)                                                \
    _tx_trace_event_insert((ULONG)(id), (ULONG)(i1), (ULONG)(i2), (ULONG)(i3), (ULONG)(i4),        \
                           (ULONG)(filter))
#define TX_TRACE_REGISTER(type, object, name, p1, p2)                                              \
    _tx_trace_object_register((type), (object), (name), (ULONG)(p1), (ULONG)(p2))
#define TX_TRACE_UNREGISTER(object) _tx_trace_object_unregister(object)

#else

#define TX_TRACE_INSERT(id, i1, i2, i3, i4, filter)                                                \
    do {                                                                                           \
    } while (0)
#define TX_TRACE_REGISTER(type, object, name, p1, p2)                                              \
    do {                                                                                           \
    } while (0)
#define TX_TRACE_UNREGISTER(object)                                                                \
    do {                                                                                           \
    } while (0)

#endif /* TX_ENABLE_EVENT_TRACE */

#endif /* TX_TRACE_H */
