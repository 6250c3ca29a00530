"""Tests of the .trx reader (tools/trx.py) and tools/trace2perfetto, on buffers built here from
TraceX's documented layout and on the demo's recording in docs/demo.trx."""

import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.dom.minidom

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import trx  # noqa: E402

TOOL = os.path.join(ROOT, "tools", "trace2perfetto")
BASE = 0x40001000
A, B = 0x40100000, 0x40100200  # two threads
SEM = 0x40100400


def build(objects, events, slots, current=0, order="<", base=BASE):
    """A buffer: objects [(type, ptr, name)], events [(thread, id, time, info)] written from
    slot `current` on (wrapping), `slots` entries."""
    m = 0xFFFFFFFF  # addresses are 32-bit words: a buffer may straddle 2**32
    reg = (base + 48) & m
    first = (reg + 48 * len(objects)) & m
    end = (first + 32 * slots) & m
    ring = [b"\0" * 32] * slots
    for k, (thread, eid, ts, info) in enumerate(events):
        ring[(current + k) % slots] = struct.pack(order + "8I", thread, 5, eid, ts, *info)
    cur = (first + 32 * ((current + len(events)) % slots)) & m
    head = struct.pack(order + "IIIIHHIIIIIII", 0x54585442, 0xFFFFFFFF, base, reg, 0, 32, first,
                       first, end, cur, 0, 0, 0)
    regs = b"".join(struct.pack(order + "BBBBIII", 0, t, 0, 0, p, 1, 2)
                    + n.encode().ljust(32, b"\0") for t, p, n in objects)
    return head + regs + b"".join(ring)


OBJS = [(1, A, "alpha"), (1, B, "beta"), (4, SEM, "sem")]


class Reader(unittest.TestCase):
    def test_header_registry_events(self):
        data = build(OBJS, [(A, 88, 100, (SEM, 0, 1, 0)), (B, 4200, 200, (1, 2, 3, 4))], 8)
        t = trx.parse(data)
        self.assertEqual(t.header["base"], BASE)
        self.assertEqual([o["name"] for o in t.objects], ["alpha", "beta", "sem"])
        self.assertEqual(t.objects[2]["type_name"], "semaphore")
        self.assertEqual([e["name"] for e in t.events], ["SEMAPHORE_PUT", "USER_4200"])
        self.assertEqual(t.events[1]["info"], (1, 2, 3, 4))
        self.assertEqual(t.name_of(SEM), "sem")

    def test_wrapped_ring_oldest_first(self):
        evs = [(A, 4096 + k, k, (k, 0, 0, 0)) for k in range(6)]
        t = trx.parse(build(OBJS, evs, 4, current=3))
        self.assertEqual([e["info"][0] for e in t.events], [2, 3, 4, 5])

    def test_big_endian_and_low_base(self):
        t = trx.parse(build(OBJS, [(A, 1, 7, (A, 0, 0, A))], 2, order=">", base=0xFFFFFF00))
        self.assertEqual(t.header["byte_order"], ">")
        self.assertEqual(t.events[0]["time"], 7)
        self.assertEqual(t.objects[0]["name"], "alpha")

    def test_errors(self):
        good = build(OBJS, [], 2)
        with self.assertRaises(trx.TrxError):
            trx.parse(good[:40])
        with self.assertRaises(trx.TrxError):
            trx.parse(b"XXXX" + good[4:])
        with self.assertRaises(trx.TrxError):
            trx.parse(good[:-32])  # event area beyond the file
        bad = bytearray(good)
        struct.pack_into("<I", bad, 32, BASE + 1)  # current pointer inside the header
        with self.assertRaises(trx.TrxError):
            trx.parse(bytes(bad))


class Convert(unittest.TestCase):
    def setUp(self):
        # alpha runs, suspends naming beta next; an ISR readies alpha (switch at its exit).
        self.events = [
            (A, 83, 1000, (SEM, 0, 0, 0)),
            (A, 2, 2000, (A, 6, 0, B)),
            (B, 4200, 3000, (0, 0, 0, 0)),
            (trx.THREAD_ISR, 3, 4000, (0, 5, 1, 0)),
            (trx.THREAD_ISR, 1, 4500, (A, 6, 0, A)),
            (trx.THREAD_ISR, 4, 5000, (0, 5, 1, 0)),
            (A, 88, 6000, (SEM, 0, 0, 0)),
        ]
        self.trace = trx.parse(build(OBJS, self.events, 16))

    def load(self, *args):
        path = os.path.join(self.tmp, "t.trx")
        with open(path, "wb") as f:
            f.write(build(OBJS, self.events, 16))
        r = subprocess.run([sys.executable, TOOL, path] + list(args), capture_output=True,
                           text=True)
        return r

    def test_slices(self):
        tracks, slices, instants = self._timeline()
        runs = [(tracks[t], a, b) for t, n, a, b in slices if n == "running"]
        self.assertEqual(runs, [("alpha", 0.0, 1.0), ("beta", 1.0, 4.0), ("alpha", 4.0, 5.0)])
        isr = [(n, a, b) for t, n, a, b in slices if t == 1]
        self.assertEqual(isr, [("isr 5", 3.0, 4.0)])
        self.assertEqual(len(instants), len(self.events))

    def _timeline(self):
        import runpy
        mod = runpy.run_path(TOOL)
        return mod["timeline"](self.trace, 1e9)

    def test_json_and_svg(self):
        with tempfile.TemporaryDirectory() as self.tmp:
            out = os.path.join(self.tmp, "t.json")
            self.assertEqual(self.load("-o", out).returncode, 0)
            with open(out) as f:
                d = json.load(f)
            names = {e["args"]["name"] for e in d["traceEvents"] if e["name"] == "thread_name"}
            self.assertTrue({"alpha", "beta", "interrupts"} <= names)
            self.assertEqual(sum(e["ph"] == "i" for e in d["traceEvents"]), len(self.events))
            svg = os.path.join(self.tmp, "t.svg")
            self.assertEqual(self.load("--svg", svg).returncode, 0)
            doc = xml.dom.minidom.parse(svg)
            self.assertGreater(len(doc.getElementsByTagName("rect")), 3)
            r = self.load("--summary")
            self.assertEqual(r.returncode, 0)
            self.assertIn("7 events", r.stdout)

    def test_counter_wrap(self):
        evs = [(A, 4096, 0xFFFFFF00, (0,) * 4), (A, 4097, 0x100, (0,) * 4)]
        import runpy
        tl = runpy.run_path(TOOL)["timeline"]
        _, _, inst = tl(trx.parse(build(OBJS, evs, 4)), 1e9)
        self.assertAlmostEqual(inst[1][2] - inst[0][2], 0x200 / 1000.0)

    def test_bad_file(self):
        with tempfile.TemporaryDirectory() as self.tmp:
            path = os.path.join(self.tmp, "bad.trx")
            with open(path, "wb") as f:
                f.write(b"\0" * 100)
            r = subprocess.run([sys.executable, TOOL, path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("TXTB", r.stderr)


class Demo(unittest.TestCase):
    def test_docs_demo_trx(self):
        t = trx.read(os.path.join(ROOT, "docs", "demo.trx"))
        names = {o["name"] for o in t.objects}
        self.assertTrue({"demo thread 0", "demo queue", "demo byte pool"} <= names)
        self.assertGreater(len(t.events), 100)
        self.assertIn("QUEUE_SEND", {e["name"] for e in t.events})


if __name__ == "__main__":
    unittest.main()
