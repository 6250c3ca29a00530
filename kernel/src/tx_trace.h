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
 * time stamp (_tx_arch_trace_time), four information words (per id below; "stack ptr" fields,
 * which ThreadX fills with an address on the caller's stack, are 0 here).
 *
 * Without TX_ENABLE_EVENT_TRACE every macro below expands to nothing that generates code.
 */
#ifndef TX_TRACE_H
#define TX_TRACE_H

#include "tx_internal.h"

/* ---- Event ids (ThreadX's published numbering; I1..I4 are the information words) ------------ */

#define TX_TRACE_THREAD_RESUME      1u /* thread, previous state, 0, next thread to run */
#define TX_TRACE_THREAD_SUSPEND     2u /* thread, new state, 0, next thread to run */
#define TX_TRACE_ISR_ENTER          3u /* 0, ISR id, system state, preempt disable */
#define TX_TRACE_ISR_EXIT           4u /* 0, ISR id, system state, preempt disable */
#define TX_TRACE_TIME_SLICE         5u /* next thread, system state, preempt disable, 0 */
#define TX_TRACE_RUNNING            6u

#define TX_TRACE_BLOCK_ALLOCATE     10u /* pool, block, wait option, available blocks */
#define TX_TRACE_BLOCK_POOL_CREATE  11u /* pool, pool start, total blocks, block size */
#define TX_TRACE_BLOCK_POOL_DELETE  12u /* pool, 0 */
#define TX_TRACE_BLOCK_RELEASE      17u /* pool, block, suspended count, 0 */

#define TX_TRACE_BYTE_ALLOCATE      20u /* pool, memory, size requested, wait option */
#define TX_TRACE_BYTE_POOL_CREATE   21u /* pool, start, size, 0 */
#define TX_TRACE_BYTE_POOL_DELETE   22u /* pool, 0 */
#define TX_TRACE_BYTE_RELEASE       27u /* pool, memory, suspended count, available bytes */

#define TX_TRACE_EVENT_FLAGS_CREATE 30u /* group, 0 */
#define TX_TRACE_EVENT_FLAGS_DELETE 31u /* group, 0 */
#define TX_TRACE_EVENT_FLAGS_GET    32u /* group, requested flags, current flags, get option */
#define TX_TRACE_EVENT_FLAGS_SET    36u /* group, flags to set, set option, suspended count */

#define TX_TRACE_INTERRUPT_CONTROL  40u /* new posture, 0 */

#define TX_TRACE_MUTEX_CREATE       50u /* mutex, inheritance, 0 */
#define TX_TRACE_MUTEX_DELETE       51u /* mutex, 0 */
#define TX_TRACE_MUTEX_GET          52u /* mutex, wait option, owning thread, own count */
#define TX_TRACE_MUTEX_PUT          57u /* mutex, owning thread, own count, 0 */

#define TX_TRACE_QUEUE_CREATE       60u /* queue, message size (words), queue start, queue size */
#define TX_TRACE_QUEUE_DELETE       61u /* queue, 0 */
#define TX_TRACE_QUEUE_FLUSH        62u /* queue, 0 */
#define TX_TRACE_QUEUE_FRONT_SEND   63u /* queue, source, wait option, enqueued */
#define TX_TRACE_QUEUE_RECEIVE      68u /* queue, destination, wait option, enqueued */
#define TX_TRACE_QUEUE_SEND         69u /* queue, source, wait option, enqueued */

#define TX_TRACE_SEMAPHORE_CEILING_PUT                                                             \
    80u                                     /* semaphore, current count, suspended count, ceiling  \
                                             */
#define TX_TRACE_SEMAPHORE_CREATE       81u /* semaphore, initial count, 0 */
#define TX_TRACE_SEMAPHORE_DELETE       82u /* semaphore, 0 */
#define TX_TRACE_SEMAPHORE_GET          83u /* semaphore, wait option, current count, 0 */
#define TX_TRACE_SEMAPHORE_PUT          88u /* semaphore, current count, suspended count, 0 */

#define TX_TRACE_THREAD_CREATE          100u /* thread, priority, stack start, stack size */
#define TX_TRACE_THREAD_DELETE          101u /* thread, 0 */
#define TX_TRACE_THREAD_PRIORITY_CHANGE 108u /* thread, new priority, old priority, state */
#define TX_TRACE_THREAD_RELINQUISH      109u /* 0, next thread */
#define TX_TRACE_THREAD_RESET           110u /* thread, state */
#define TX_TRACE_THREAD_RESUME_API      111u /* thread, state, 0 */
#define TX_TRACE_THREAD_SLEEP           112u /* sleep ticks, state, 0 */
#define TX_TRACE_THREAD_SUSPEND_API     114u /* thread, state, 0 */
#define TX_TRACE_THREAD_TERMINATE       115u /* thread, state, 0 */
#define TX_TRACE_THREAD_WAIT_ABORT      117u /* thread, state, 0 */

#define TX_TRACE_TIME_SET               121u /* new time */
#define TX_TRACE_TIMER_ACTIVATE         122u /* timer */
#define TX_TRACE_TIMER_CHANGE           123u /* timer, initial ticks, reschedule ticks */
#define TX_TRACE_TIMER_CREATE           124u /* timer, initial ticks, reschedule ticks, auto activate */
#define TX_TRACE_TIMER_DEACTIVATE       125u /* timer, 0 */
#define TX_TRACE_TIMER_DELETE           126u /* timer */

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
