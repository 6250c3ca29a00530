"""Reader of ThreadX event-trace buffers (.trx), as TraceX's user guide (chapter 11) lays them out.

The kernel (kernel/src/tx_trace.h) writes: a 48-byte control header, `n` 48-byte object-registry
entries, then 32-byte event entries in a ring whose current pointer is the oldest entry. Pointers
are 32-bit words; offsets into the file are `pointer - base address` modulo 2**32. The byte order
is read from the header id (0x54585442, "TXTB").
"""

import struct

HEADER_ID = 0x54585442
THREAD_INIT = 0xF0F0F0F0
THREAD_ISR = 0xFFFFFFFF
USER_EVENT_START = 4096

OBJECT_TYPES = {1: "thread", 2: "timer", 3: "queue", 4: "semaphore", 5: "mutex",
                6: "event flags", 7: "block pool", 8: "byte pool"}

# ThreadX's published event ids (tx_trace.h of ThreadX; kernel/src/tx_trace.h lists their
# information words). xenrtos records all but RUNNING, THREAD_IDENTIFY and TIME_GET.
EVENT_NAMES = {
    1: "THREAD_RESUME", 2: "THREAD_SUSPEND", 3: "ISR_ENTER", 4: "ISR_EXIT", 5: "TIME_SLICE",
    6: "RUNNING",
    10: "BLOCK_ALLOCATE", 11: "BLOCK_POOL_CREATE", 12: "BLOCK_POOL_DELETE",
    13: "BLOCK_POOL_INFO_GET", 14: "BLOCK_POOL_PERFORMANCE_INFO_GET",
    15: "BLOCK_POOL_PERFORMANCE_SYSTEM_INFO_GET", 16: "BLOCK_POOL_PRIORITIZE",
    17: "BLOCK_RELEASE",
    20: "BYTE_ALLOCATE", 21: "BYTE_POOL_CREATE", 22: "BYTE_POOL_DELETE",
    23: "BYTE_POOL_INFO_GET", 24: "BYTE_POOL_PERFORMANCE_INFO_GET",
    25: "BYTE_POOL_PERFORMANCE_SYSTEM_INFO_GET", 26: "BYTE_POOL_PRIORITIZE", 27: "BYTE_RELEASE",
    30: "EVENT_FLAGS_CREATE", 31: "EVENT_FLAGS_DELETE", 32: "EVENT_FLAGS_GET",
    33: "EVENT_FLAGS_INFO_GET", 34: "EVENT_FLAGS_PERFORMANCE_INFO_GET",
    35: "EVENT_FLAGS_PERFORMANCE_SYSTEM_INFO_GET", 36: "EVENT_FLAGS_SET",
    37: "EVENT_FLAGS_SET_NOTIFY",
    40: "INTERRUPT_CONTROL",
    50: "MUTEX_CREATE", 51: "MUTEX_DELETE", 52: "MUTEX_GET", 53: "MUTEX_INFO_GET",
    54: "MUTEX_PERFORMANCE_INFO_GET", 55: "MUTEX_PERFORMANCE_SYSTEM_INFO_GET",
    56: "MUTEX_PRIORITIZE", 57: "MUTEX_PUT",
    60: "QUEUE_CREATE", 61: "QUEUE_DELETE", 62: "QUEUE_FLUSH", 63: "QUEUE_FRONT_SEND",
    64: "QUEUE_INFO_GET", 65: "QUEUE_PERFORMANCE_INFO_GET",
    66: "QUEUE_PERFORMANCE_SYSTEM_INFO_GET", 67: "QUEUE_PRIORITIZE", 68: "QUEUE_RECEIVE",
    69: "QUEUE_SEND", 70: "QUEUE_SEND_NOTIFY",
    80: "SEMAPHORE_CEILING_PUT", 81: "SEMAPHORE_CREATE", 82: "SEMAPHORE_DELETE",
    83: "SEMAPHORE_GET", 84: "SEMAPHORE_INFO_GET", 85: "SEMAPHORE_PERFORMANCE_INFO_GET",
    86: "SEMAPHORE_PERFORMANCE_SYSTEM_INFO_GET", 87: "SEMAPHORE_PRIORITIZE",
    88: "SEMAPHORE_PUT", 89: "SEMAPHORE_PUT_NOTIFY",
    100: "THREAD_CREATE", 101: "THREAD_DELETE", 102: "THREAD_ENTRY_EXIT_NOTIFY",
    103: "THREAD_IDENTIFY", 104: "THREAD_INFO_GET", 105: "THREAD_PERFORMANCE_INFO_GET",
    106: "THREAD_PERFORMANCE_SYSTEM_INFO_GET", 107: "THREAD_PREEMPTION_CHANGE",
    108: "THREAD_PRIORITY_CHANGE", 109: "THREAD_RELINQUISH", 110: "THREAD_RESET",
    111: "THREAD_RESUME_API", 112: "THREAD_SLEEP", 113: "THREAD_STACK_ERROR_NOTIFY",
    114: "THREAD_SUSPEND_API", 115: "THREAD_TERMINATE", 116: "THREAD_TIME_SLICE_CHANGE",
    117: "THREAD_WAIT_ABORT",
    120: "TIME_GET", 121: "TIME_SET", 122: "TIMER_ACTIVATE", 123: "TIMER_CHANGE",
    124: "TIMER_CREATE", 125: "TIMER_DEACTIVATE", 126: "TIMER_DELETE", 127: "TIMER_INFO_GET",
    128: "TIMER_PERFORMANCE_INFO_GET", 129: "TIMER_PERFORMANCE_SYSTEM_INFO_GET",
}
# The information word (0-based) where an event records the caller's stack pointer, as ThreadX
# does; parse() gives it as the event's "stack_pointer" (None for the other events).
STACK_POINTER_WORD = {
    1: 2, 2: 2, 3: 0, 4: 0, 5: 3, 12: 1, 16: 2, 17: 3, 21: 3, 22: 1, 26: 2, 30: 1, 31: 1, 40: 1,
    50: 2, 51: 1, 56: 2, 57: 3, 61: 1, 62: 1, 67: 2, 81: 2, 82: 1, 83: 3, 87: 2, 88: 3, 101: 1,
    102: 2, 109: 0, 111: 2, 112: 2, 114: 2, 115: 2, 117: 2, 120: 1, 125: 1, 127: 1,
}
# xenrtos's own user events (xen/include/xen_trace.h).
XEN_USER_EVENTS = {USER_EVENT_START + 0x100: "XEN_UPCALL", USER_EVENT_START + 0x101: "XEN_HANDLER",
                   USER_EVENT_START + 0x102: "XEN_CHANNEL_SEND",
                   USER_EVENT_START + 0x103: "XEN_CHANNEL_RECEIVE"}


class TrxError(ValueError):
    pass


def event_name(event_id):
    if event_id in EVENT_NAMES:
        return EVENT_NAMES[event_id]
    if event_id in XEN_USER_EVENTS:
        return XEN_USER_EVENTS[event_id]
    if event_id >= USER_EVENT_START:
        return "USER_%d" % event_id
    return "EVENT_%d" % event_id


class Trace:
    """header: dict; objects: list of dicts; events: list of dicts, oldest first."""

    def __init__(self, header, objects, events):
        self.header = header
        self.objects = objects
        self.events = events

    def name_of(self, pointer):
        for o in self.objects:
            if o["pointer"] == pointer and o["type"] != 0:
                return o["name"]
        return None


def parse(data):
    if len(data) < 48:
        raise TrxError("file too short for a control header (%d bytes)" % len(data))
    for order in ("<", ">"):
        if struct.unpack_from(order + "I", data, 0)[0] == HEADER_ID:
            break
    else:
        raise TrxError("no TXTB control header id")
    (hid, mask, base, reg_start, _res1, name_size, reg_end, buf_start, buf_end,
     current) = struct.unpack_from(order + "IIIIHHIIII", data, 0)

    def off(ptr):
        return (ptr - base) & 0xFFFFFFFF

    if name_size == 0 or not (48 <= off(reg_start) <= off(reg_end) <= off(buf_start)
                              <= off(buf_end) <= len(data)):
        raise TrxError("control header pointers out of the file")
    entry_size = 16 + name_size
    if (off(reg_end) - off(reg_start)) % entry_size or (off(buf_end) - off(buf_start)) % 32:
        raise TrxError("registry or event area not a whole number of entries")
    if not off(buf_start) <= off(current) < off(buf_end) or (off(current) - off(buf_start)) % 32:
        raise TrxError("current pointer outside the event area")
    header = dict(id=hid, byte_order=order, timer_valid_mask=mask, base=base,
                  registry_start=reg_start, registry_end=reg_end, name_size=name_size,
                  buffer_start=buf_start, buffer_end=buf_end, current=current)
    objects = []
    for o in range(off(reg_start), off(reg_end), entry_size):
        avail, otype, r1, r2, ptr, p1, p2 = struct.unpack_from(order + "BBBBIII", data, o)
        raw = data[o + 16:o + 16 + name_size]
        name = raw.split(b"\0", 1)[0].decode("utf-8", "replace")
        objects.append(dict(available=avail, deleted=avail == 1 and otype != 0, type=otype,
                            type_name=OBJECT_TYPES.get(otype, "?"), reserved=(r1, r2),
                            pointer=ptr, parameters=(p1, p2), name=name))
    n = (off(buf_end) - off(buf_start)) // 32
    cur = (off(current) - off(buf_start)) // 32
    events = []
    for k in range(n):
        e = off(buf_start) + 32 * ((cur + k) % n)
        thread, prio, eid, ts, i1, i2, i3, i4 = struct.unpack_from(order + "8I", data, e)
        if thread == 0:
            continue  # never written
        info = (i1, i2, i3, i4)
        sp = STACK_POINTER_WORD.get(eid) if eid < USER_EVENT_START else None
        events.append(dict(thread=thread, priority=prio, id=eid, name=event_name(eid),
                           time=ts, info=info, stack_pointer=None if sp is None else info[sp]))
    return Trace(header, objects, events)


def read(path):
    with open(path, "rb") as f:
        return parse(f.read())
