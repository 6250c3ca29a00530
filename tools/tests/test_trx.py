"""Tests of tools/trx.py's event table: ThreadX's published ids (kernel/src/tx_trace.h) and the
information word where each event holds the caller's stack pointer."""

import os
import re
import struct
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import trx  # noqa: E402

BASE = 0x40001000
THREAD = 0x40100000


def one_event_buffer(eid, info):
    """Header, no registry, one event slot holding (THREAD, eid, info)."""
    first = BASE + 48
    head = struct.pack("<IIIIHHIIIIIII", 0x54585442, 0xFFFFFFFF, BASE, first, 0, 32, first,
                       first, first + 32, first, 0, 0, 0)
    return head + struct.pack("<8I", THREAD, 5, eid, 1, *info)


def kernel_ids():
    """{id: name} from the kernel's tx_trace.h (#define TX_TRACE_<NAME> <n>u)."""
    path = os.path.join(ROOT, "kernel", "src", "tx_trace.h")
    ids = {}
    with open(path) as f:
        for m in re.finditer(r"#define TX_TRACE_([A-Z_]+)\s+(\d+)u\b", f.read()):
            name, value = m.group(1), int(m.group(2))
            if not name.startswith(("OBJECT_", "REGISTRY_")):
                ids[value] = name.replace("__", "_")
    return ids


class EventTable(unittest.TestCase):
    def test_names_match_the_kernel(self):
        ids = kernel_ids()
        self.assertEqual(len(ids), len(trx.EVENT_NAMES))
        self.assertEqual(ids, trx.EVENT_NAMES)

    def test_new_service_events_named(self):
        for eid, name in ((13, "BLOCK_POOL_INFO_GET"), (56, "MUTEX_PRIORITIZE"),
                          (70, "QUEUE_SEND_NOTIFY"), (89, "SEMAPHORE_PUT_NOTIFY"),
                          (102, "THREAD_ENTRY_EXIT_NOTIFY"),
                          (129, "TIMER_PERFORMANCE_SYSTEM_INFO_GET")):
            self.assertEqual(trx.event_name(eid), name)

    def test_stack_pointer_word(self):
        # THREAD_RESUME: thread, previous state, sp, next thread.
        t = trx.parse(one_event_buffer(1, (THREAD, 7, 0x4011FF80, THREAD)))
        self.assertEqual(t.events[0]["stack_pointer"], 0x4011FF80)
        # ISR_ENTER: sp first.
        t = trx.parse(one_event_buffer(3, (0x40200F00, 27, 1, 0)))
        self.assertEqual(t.events[0]["stack_pointer"], 0x40200F00)
        # MUTEX_GET has none; nor has a user event.
        t = trx.parse(one_event_buffer(52, (1, 2, 3, 4)))
        self.assertIsNone(t.events[0]["stack_pointer"])
        t = trx.parse(one_event_buffer(trx.USER_EVENT_START + 1, (1, 2, 3, 4)))
        self.assertIsNone(t.events[0]["stack_pointer"])

    def test_stack_pointer_words_are_known_events(self):
        for eid, word in trx.STACK_POINTER_WORD.items():
            self.assertIn(eid, trx.EVENT_NAMES)
            self.assertIn(word, range(4))


if __name__ == "__main__":
    unittest.main()
