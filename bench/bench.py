#!/usr/bin/env python3
"""bench.py - `make bench`: boot the benchmark configurations, print the table.

Every boot runs under QEMU `-icount shift=0,sleep=off` with one CPU: one guest instruction = 1 ns
of virtual time, and idle time is skipped instead of waited for, so the figures are the same
from run to run (checked: the first configuration is booted twice and compared). The guest
measures with its generic counter and prints `BENCH ...` lines (apps/bench); this script only
collects them, adds footprint figures from the build and writes $BUILD/bench/results.md (raw
console logs next to it). The benchmark image also boots bare metal (config/bare.cfg, the same
machine and arguments): its figures go under `bare.`, and what Xen adds under `xen_cost.`. Benchmarks never fail on speed: the exit status is non-zero only when
a benchmark could not run at all.
"""

import argparse
import datetime
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import bootcfg  # noqa: E402
import qemurun  # noqa: E402

CROSS = os.environ.get("CROSS", "aarch64-linux-gnu-")
FORBID = [r"PANIC", r"Panic on CPU", r"\(XEN\) .* crashed", r"FATAL PAGE FAULT"]
LINE_RE = re.compile(r"^\(XEN\) (?:\[([0-9a-f]+)\] )?(?:DOM(\d+): )?(.*)$")

# ThreadX's published figures (200 MHz part: 0.4 / 0.2 / 0.3 / 0.6 us) in cycles.
THREADX = {"context switch": 80, "sem_get_put": 40, "queue_send_receive": 60,
           "thread_suspend_resume": 120}

# Thread-Metric (apps/bench/tm.c): the scenarios in the order the image runs them, and ThreadX's
# own scores from issue 17 (ThreadX at 7ad78c40, cortex_a53 port, bare metal, the same QEMU -icount
# machine), in events per 5 s of virtual time.
TM_SCENARIOS = ("cooperative_scheduling", "preemptive_scheduling", "interrupt_processing",
                "interrupt_preemption_processing", "message_processing",
                "synchronization_processing", "memory_allocation")
THREADX_TM_PER_5S = {"cooperative_scheduling": 56179008, "preemptive_scheduling": 18939112,
                     "interrupt_processing": 25906376, "interrupt_preemption_processing": 10822381,
                     "message_processing": 35628960, "synchronization_processing": 83332174,
                     "memory_allocation": 80644044}

# results.json: figures whose key starts with one of these are better when higher; every other
# one is better when lower. Keys under "realtime." are host wall-clock figures, never compared.
HIGHER_IS_BETTER = ("thread_metric.", "bare.thread_metric.", "chan.flood_msgs_per_s")
BASELINE = os.path.join(ROOT, "bench", "baseline.json")
MOVED_PCT = 5.0


def build_dir():
    return qemurun.build_dir()


def out_dir():
    d = os.path.join(build_dir(), "bench")
    os.makedirs(d, exist_ok=True)
    return d


class Boot:
    """One QEMU run: BENCH lines per domain, Xen's raw-timestamped lines."""

    def __init__(self, name, status, detail, lines, wall):
        self.name, self.status, self.detail, self.wall = name, status, detail, wall
        self.bench = {}   # domain -> list of "BENCH ..." payloads
        self.xen = []     # (timestamp, text) of Xen's own lines
        for line in lines:
            m = LINE_RE.match(line)
            if not m:
                if line.startswith("BENCH"):   # a Linux console is not prefixed by Xen
                    self.bench.setdefault(0, []).append(line)
                continue
            ts, dom, text = m.group(1), m.group(2), m.group(3)
            if dom is not None:
                if text.startswith("BENCH"):
                    self.bench.setdefault(int(dom), []).append(text)
            elif ts:
                self.xen.append((int(ts, 16), text))

    @property
    def ok(self):
        return self.status == "match"

    def kv(self, dom, prefix):
        """key=value dicts of this domain's BENCH lines starting with `prefix`."""
        out = []
        for text in self.bench.get(dom, []):
            if text.startswith(prefix + " ") or text == prefix:
                out.append(dict(re.findall(r"(\w+)=(\S+)", text[len(prefix):])))
        return out

    def xen_ts(self, pattern, nth=0):
        hits = [ts for ts, text in self.xen if re.search(pattern, text)]
        return hits[nth] if len(hits) > nth else None


def boot(name, cfg, sets=(), expect=("BENCH-DONE",), timeout=300, icount=True, forbid=FORBID):
    """Boots `cfg` with `sets`; returns a Boot. The console goes to $BUILD/bench/<name>.log."""
    c = qemurun.load_config(os.path.join(ROOT, cfg), list(sets))
    cmd = qemurun.prepare(c)
    if icount:
        if "-icount" not in cmd:
            raise SystemExit("bench: %s has no QEMU_ICOUNT" % cfg)
        i = cmd.index("-icount")
        cmd[i + 1] += ",sleep=off"
    t0 = time.monotonic()
    res = qemurun.watch(cmd, expect=list(expect), ordered=False, forbid=forbid, timeout=timeout,
                        echo=False, logfile=os.path.join(out_dir(), name + ".log"))
    b = Boot(name, res.status, res.detail, res.log, time.monotonic() - t0)
    print("bench: %-14s %-9s %5.1f s wall  %s" % (name, res.status, b.wall,
                                                  "" if b.ok else res.detail), flush=True)
    return b


SWITCH_KEYS = {"relinquish": "kernel.switch_relinquish",
               "sem_roundtrip": "kernel.switch_semaphore"}


def ns_to_us(ns):
    return "%.1f" % (float(ns) / 1000.0)


def tm_results(b, dom=1):
    """{scenario: key=value dict} of the Thread-Metric lines of domain `dom`
    ("BENCH tm <scenario>[.core] events=N ... per_s=R check=ok")."""
    out = {}
    for text in b.bench.get(dom, []) if b is not None else []:
        m = re.match(r"^BENCH tm ([a-z_.]+) (.*)$", text)
        if m and "=" not in m.group(1):
            out[m.group(1)] = dict(re.findall(r"(\w+)=(\S+)", m.group(2)))
    return out


def rtos_figures(b, dom):
    """The figures of one bench=all run by their results.json keys, whether bare metal (dom 0: no
    Xen prefix) or under Xen (dom 1): kernel.*, thread_metric.*, latency.{timer,gpio}.alone.* and
    the boot spans of the RTOS itself (boot.first_instruction_to_first_thread_us, boot.phase.*,
    boot.qemu_start_to_first_thread_us). The same keys as main() files the Xen run under."""
    fig = {}
    if b is None or not b.ok:
        return fig
    for d in b.kv(dom, "BENCH op"):
        fig["kernel.%s.%s" % (d["name"], d["path"])] = float(d["mean_ns"])
    for d in b.kv(dom, "BENCH switch"):
        fig[SWITCH_KEYS.get(d["name"], "kernel.switch_" + d["name"])] = float(d["per_switch_ns"])
    bk = {}
    for d in b.kv(dom, "BENCH boot"):
        bk.update(d)
    if "freq" in bk:
        tick_us = 1e6 / int(bk["freq"])
        entry, first, voff = int(bk["entry_ticks"]), int(bk["first_ticks"]), int(bk["voff_ticks"])
        fig["boot.first_instruction_to_first_thread_us"] = round((first - entry) * tick_us, 3)
        fig["boot.qemu_start_to_first_thread_us"] = round((voff + first) * tick_us, 3)
    for d in b.kv(dom, "BENCH bootphase"):
        fig["boot.phase.%s_us" % d["name"]] = round(int(d["ns"]) / 1000.0, 3)
    for key, d in tm_results(b, dom).items():
        fig["thread_metric." + key] = int(d["per_s"])
    for kind, line in (("timer", "BENCH irq"), ("gpio", "BENCH gpio")):
        for d in b.kv(dom, line):
            k = "latency.%s.alone.%s.%s" % (kind, d["guest"], d["point"])
            fig[k + ".mean_us"] = round(int(d["mean_ns"]) / 1000.0, 3)
            fig[k + ".max_us"] = round(int(d["max_ns"]) / 1000.0, 3)
    return fig


def xen_cost(key, bare, xen):
    """What Xen adds to figure `key` (under Xen - bare metal), in the figure's own unit, except a
    Thread-Metric score: instructions (ns) per event, 1e9 / score under Xen - 1e9 / score bare."""
    if key.startswith("thread_metric."):
        return round(1e9 / xen - 1e9 / bare, 1)
    return round(xen - bare, 3)


def xen_ratio(key, bare, xen):
    """Xen's time / bare metal's time (> 1: slower under Xen); '-' when bare is 0."""
    if key.startswith("thread_metric."):
        bare, xen = xen, bare
    return "%.2f" % (xen / bare) if bare else "-"


def cost_rows(bare, xen):
    """(label, bare, xen, cost, ratio) rows of the figures measured both ways, in table order."""
    def num(v):
        return "{:,}".format(int(v)) if v == int(v) else "{:,.1f}".format(v)

    rows = []
    order = ("kernel.", "thread_metric.", "latency.", "boot.")
    keys = [k for k in bare if k in xen and not k.endswith(".max_us")
            and k != "kernel.empty_call.api"]
    keys.sort(key=lambda k: next(i for i, p in enumerate(order) if k.startswith(p)))
    for k in keys:
        b, x = bare[k], xen[k]
        if k.startswith("thread_metric."):
            unit, shown = "events/s", (num(b), num(x))
            cost = "{:+,.0f} ns/event".format(xen_cost(k, b, x))
        elif k.startswith("latency."):
            unit, shown = "ns", (num(round(b * 1000.0, 1)), num(round(x * 1000.0, 1)))
            cost = "{:+,.0f}".format(xen_cost(k, b, x) * 1000.0)
        elif k.endswith("_us"):
            unit, shown = "us", (num(b), num(x))
            cost = "{:+,.1f}".format(xen_cost(k, b, x))
        else:
            unit, shown = "ns", (num(b), num(x))
            cost = "{:+,.1f}".format(xen_cost(k, b, x))
        label = k.replace("_us", "") if k.endswith("_us") else k
        rows.append(("`%s`" % label, unit) + shown + (cost, xen_ratio(k, b, x)))
    return rows


def slug(text):
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# ---- Linux domU -------------------------------------------------------------------------------

def cpio_newc(entries):
    """entries: (name, mode, data, rdev_major, rdev_minor). Returns an uncompressed newc archive."""
    out = bytearray()
    ino = 1
    for name, mode, data, rmaj, rmin in entries + [("TRAILER!!!", 0, b"", 0, 0)]:
        nb = name.encode() + b"\0"
        hdr = "070701" + "".join("%08x" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, rmaj, rmin, len(nb), 0))
        out += hdr.encode() + nb
        out += b"\0" * ((4 - len(out) % 4) % 4)
        out += data
        out += b"\0" * ((4 - len(out) % 4) % 4)
        ino += 1
    return bytes(out)


def linux_initramfs():
    init = os.path.join(out_dir(), "linux-init")
    with open(init, "rb") as f:
        data = f.read()
    arc = cpio_newc([("dev", 0o040755, b"", 0, 0), ("dev/console", 0o020600, b"", 5, 1),
                     ("proc", 0o040555, b"", 0, 0), ("init", 0o100755, data, 0, 0)])
    path = os.path.join(out_dir(), "linux-initramfs.cpio.gz")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(arc)
    return path


# ---- footprint --------------------------------------------------------------------------------

def size_of(paths):
    """(text, data, bss) summed over object files, by aarch64-linux-gnu-size (Berkeley)."""
    if not paths:
        return (0, 0, 0)
    out = subprocess.run([CROSS + "size"] + paths, check=True, capture_output=True,
                         text=True).stdout.splitlines()[1:]
    t = d = b = 0
    for line in out:
        f = line.split()
        t, d, b = t + int(f[0]), d + int(f[1]), b + int(f[2])
    return (t, d, b)


def linked_by_object(mapfile):
    """Bytes of each input object kept in the link, from the map file's input sections:
    {object path: {"text": n, "data": n, "bss": n}}."""
    res = {}
    sec = None
    pending = None
    with open(mapfile, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("Linker script and memory map", 1)[-1].splitlines()
    for line in lines:
        m = re.match(r"^ (\.[\w.$]+)\s*$", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^ (\.[\w.$]+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.o)\s*$", line)
        if m:
            name = m.group(1) or pending
            pending = None
            if name is None:
                continue
            size = int(m.group(3), 16)
            if name.startswith((".text", ".rodata")):
                sec = "text"
            elif name.startswith((".bss", "COMMON", ".sbss")):
                sec = "bss"
            elif name.startswith((".data", ".sdata")):
                sec = "data"
            else:
                continue
            res.setdefault(m.group(4), {"text": 0, "data": 0, "bss": 0})[sec] += size
        else:
            pending = None
    return res


def footprint():
    obj = os.path.join(build_dir(), "aarch64", "obj")
    groups = {}
    for p in sorted(glob.glob(os.path.join(obj, "kernel", "src", "*.c.o"))):
        base = os.path.basename(p)[:-4]
        kind = re.sub(r"^txe?_", "", base)
        groups.setdefault("kernel: " + kind, []).append(p)
    for label, pat in (("port: arch/aarch64", "arch/aarch64/*.o"), ("platform", "platform/*.o"),
                       ("lib", "lib/*.o"), ("drivers", "drivers/*/*.o"),
                       ("xen layer", "xen/**/*.o")):
        groups[label] = sorted(glob.glob(os.path.join(obj, pat), recursive=True))
    demo_map = os.path.join(build_dir(), "aarch64", "demo.map")
    linked = linked_by_object(demo_map) if os.path.exists(demo_map) else {}
    rows = []
    for label, paths in groups.items():
        o = size_of(paths)
        lk = [0, 0, 0]
        for p in paths:
            rel = os.path.relpath(p, ROOT)
            for key, v in linked.items():
                if key == rel or key.endswith("/" + rel) or os.path.abspath(key) == p:
                    lk = [lk[0] + v["text"], lk[1] + v["data"], lk[2] + v["bss"]]
        rows.append((label, o, tuple(lk)))
    demo = size_of([os.path.join(build_dir(), "aarch64", "demo.elf")])
    img = os.path.getsize(os.path.join(build_dir(), "aarch64", "demo.img"))
    return rows, demo, img


def minimal_footprint():
    """Kernel text+rodata the minimal image links, per kernel object, and the total; None if it
    was not built."""
    mapfile = os.path.join(build_dir(), "aarch64", "minimal.map")
    if not os.path.exists(mapfile):
        return None
    by_obj = {}
    for path, v in linked_by_object(mapfile).items():
        if "/kernel/src/" in path and v["text"]:
            by_obj[os.path.basename(path)[:-len(".c.o")]] = v["text"]
    return by_obj, sum(by_obj.values())


def memsize_search():
    """Smallest DOMU_MEM (MB) in which the demo boots and runs its first second."""
    results = []
    smallest = None
    for mb in (16, 8, 4, 3, 2, 1):
        b = boot("memsize-%d" % mb, "bench/cfg/one.cfg",
                 sets=["DOMU_KERNEL[0]=build/aarch64/demo.img", "DOMU_MEM[0]=%d" % mb,
                       'DOMU_CMD[0]=""'],
                 expect=[r"DOM1: demo: --- 1 s"], timeout=60, forbid=[r"PANIC"])
        why = b.detail
        if not b.ok:
            # Xen's panic names the reason on the line after "Panic on CPU".
            log = open(os.path.join(out_dir(), "memsize-%d.log" % mb), errors="replace").read()
            m = re.search(r"Panic on CPU \d+:\n(?:\(XEN\) (?:\[[0-9a-f]+\] )?)(.*)", log)
            if m:
                why = "Xen: " + m.group(1).strip()
        results.append((mb, b.status, why))
        if not b.ok:
            break
        smallest = mb
    return smallest, results


# ---- report -----------------------------------------------------------------------------------

def git_describe():
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def latency_rows(runs, prefix):
    """Table rows of the latency lines `prefix` of domain 1 in each (boot, label) that ran."""
    rows = []
    for b, what in runs:
        if b is None or not b.ok:
            continue
        for d in b.kv(1, prefix):
            rows.append((what, d["guest"], d["point"], ns_to_us(d["mean_ns"]),
                         ns_to_us(d["max_ns"]), d["hist"]))
    return rows


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


# ---- results.json and the baseline -------------------------------------------------------------

def higher_is_better(key):
    return key.startswith(HIGHER_IS_BETTER)


def compare_baseline(figures, path):
    """Compares `figures` with the baseline file: (text lines, markdown). Prints, never fails:
    a figure that moved by more than MOVED_PCT % either way is listed, better or worse."""
    try:
        with open(path) as f:
            base = json.load(f)
    except FileNotFoundError:
        return ["bench: no baseline at %s (BENCH_ARGS=--update-baseline writes it)"
                % os.path.relpath(path, ROOT)], "No baseline (`%s`)." % os.path.relpath(path, ROOT)
    old = base.get("figures", {})
    keys = [k for k in sorted(figures) if k in old and not k.startswith("realtime.")]
    moved = []
    for k in keys:
        a, b = old[k], figures[k]
        if a == b:
            continue
        pct = (b - a) * 100.0 / abs(a) if a != 0 else float("inf")
        if abs(pct) > MOVED_PCT:
            moved.append((k, a, b, pct, "better" if (b > a) == higher_is_better(k) else "worse"))
    new = [k for k in figures if k not in old and not k.startswith("realtime.")]
    gone = [k for k in old if k not in figures and not k.startswith("realtime.")]
    where = "%s (commit %s, %s)" % (os.path.relpath(path, ROOT), base.get("commit", "?"),
                                    base.get("date", "?"))
    head = ("%d figures compared with %s: %d moved by more than %g%%%s%s"
            % (len(keys), where, len(moved), MOVED_PCT,
               ", %d new" % len(new) if new else "", ", %d not measured" % len(gone)
               if gone else ""))
    lines = ["bench: " + head]
    rows = []

    def num(v):
        return "{:,}".format(int(v)) if v == int(v) else "{:,.3f}".format(v).rstrip("0")
    for k, a, b, pct, verdict in moved:
        change = "%+.1f%%" % pct if pct != float("inf") else "from 0"
        lines.append("bench:   %-50s %14s -> %-14s %8s  %s" % (k, num(a), num(b), change, verdict))
        rows.append(("`%s`" % k, num(a), num(b), change, verdict))
    text = head + "."
    if rows:
        text += "\n\n" + table(("figure", "baseline", "now", "change", ""), rows)
    return lines, text


def write_baseline(figures, meta, path):
    """Writes the baseline from this run; figures a partial run (--skip) did not measure keep
    their old values, and are named."""
    old = {}
    try:
        with open(path) as f:
            old = json.load(f).get("figures", {})
    except FileNotFoundError:
        pass
    kept = sorted(k for k in old if k not in figures)
    merged = dict(old)
    merged.update(figures)
    with open(path, "w") as f:
        json.dump(dict(meta, figures=dict(sorted(merged.items()))), f, indent=1, sort_keys=False)
        f.write("\n")
    print("bench: baseline written to %s (%d figures%s)"
          % (os.path.relpath(path, ROOT), len(merged),
             ", %d kept from the old baseline: %s" % (len(kept), ", ".join(kept)) if kept else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip", default="", help="comma list of: bare, load, chan, smp, linux, "
                    "memsize, repeat")
    ap.add_argument("--realtime-pool", action="store_true",
                    help="also bench/cfg/load-pool.cfg (2 pCPUs, own null pools) in real time: "
                    "host-dependent, see docs/performance.md")
    ap.add_argument("--out", default=None, help="results file (default $BUILD/bench/results.md)")
    ap.add_argument("--json", default=None,
                    help="figures, one number each (default $BUILD/bench/results.json)")
    ap.add_argument("--baseline", default=BASELINE,
                    help="baseline to compare with (default bench/baseline.json)")
    ap.add_argument("--update-baseline", action="store_true",
                    help="write this run's figures to the baseline (after comparing)")
    args = ap.parse_args()
    skip = set(s for s in args.skip.split(",") if s)
    t_start = time.monotonic()
    md = []
    failures = []
    fig = {}   # results.json: one number per figure (units: docs/performance.md)

    # -- the RTOS alone: boot, kernel operations, latency (twice: determinism) --
    one = boot("one", "bench/cfg/one.cfg")
    if not one.ok:
        failures.append("one: " + one.detail)
    same = None
    if "repeat" not in skip:
        again = boot("one-repeat", "bench/cfg/one.cfg")
        if again.ok and one.ok:
            a, b = one.bench.get(1, []), again.bench.get(1, [])
            diff = [x for x, y in zip(a, b) if x != y] + (["(line count)"] if len(a) != len(b)
                                                          else [])
            same = (len(diff), len(a))
    # The same image and arguments bare metal (config/bare.cfg: QEMU's virt without Xen, the
    # same machine as one.cfg's): its lines have no Xen prefix, so they are domain 0's.
    bare = None
    if "bare" not in skip:
        bare = boot("bare", "config/bare.cfg", ["KERNEL=build/aarch64/bench.img",
                                                'CMD="bench=all"', "QEMU_ICOUNT=0"])
        if not bare.ok:
            failures.append("bare: " + bare.detail)
    load = boot("load", "bench/cfg/load.cfg") if "load" not in skip else None
    pools = []
    if args.realtime_pool:
        for n, sets in (("pool-idle", ['DOMU_CMD[1]="bench=idle"']), ("pool-busy", [])):
            pools.append((n, boot(n, "bench/cfg/load-pool.cfg", sets=sets,
                                  expect=["DOM1: BENCH-DONE"], timeout=120, icount=False)))
    chan = (boot("chan", "bench/cfg/chan.cfg", expect=[r"DOM1: BENCH-DONE", r"DOM2: BENCH-DONE"])
            if "chan" not in skip else None)
    linux = None
    kernel = os.path.join(build_dir(), "dom0", "Image")
    if "linux" not in skip:
        if os.path.exists(kernel) and os.path.exists(os.path.join(out_dir(), "linux-init")):
            rd = linux_initramfs()
            linux = boot("linux", "bench/cfg/linux.cfg",
                         sets=["DOMU_RAMDISK[0]=%s" % os.path.relpath(rd, ROOT)], timeout=600)
        else:
            print("bench: linux: skipped (%s or the /init missing: make dom0)" % kernel)
    smp = (boot("smp", "bench/cfg/smp.cfg", timeout=300, icount=False)
           if "smp" not in skip else None)
    mem = memsize_search() if "memsize" not in skip else None
    fp = footprint()

    # -- boot --
    md.append("## Boot (virtual time, 1 ns = 1 instruction)\n")
    rows = []
    if one.ok and one.kv(1, "BENCH boot"):
        bk = {}
        for d in one.kv(1, "BENCH boot"):
            bk.update(d)
        tick_ns = 1e9 / int(bk["freq"])
        voff, entry, first = int(bk["voff_ticks"]), int(bk["entry_ticks"]), int(bk["first_ticks"])
        load_ts = one.xen_ts(r"\*\*\* LOADING DOMU")
        # Xen prints "LOADING DOMU" a little after it created the domain (CNTVOFF): the RTOS
        # knows both, and the same lag is assumed for Linux.
        lag = (load_ts - voff) if load_ts is not None else 0
        lx = {}
        if linux is not None and linux.ok:
            for d in linux.kv(1, "BENCH linux"):
                lx.update(d)
        lx_voff = None
        if lx:
            lts = linux.xen_ts(r"\*\*\* LOADING DOMU")
            lx_voff = lts - lag if lts is not None else None
        lxi = int(lx["init_cntvct"]) if lx else None

        def usf(ticks):
            return round(ticks * tick_ns / 1000.0, 3)

        def us(ticks):
            return "-" if ticks is None else "%.1f" % usf(ticks)
        fig["boot.qemu_start_to_domain_us"] = usf(voff)
        fig["boot.domain_to_first_instruction_us"] = usf(entry)
        fig["boot.first_instruction_to_first_thread_us"] = usf(first - entry)
        fig["boot.domain_to_first_thread_us"] = usf(first)
        fig["boot.qemu_start_to_first_thread_us"] = usf(voff + first)
        if lx_voff is not None:
            fig["linux.qemu_start_to_domain_us"] = usf(lx_voff)
        if lxi is not None:
            fig["linux.domain_to_init_us"] = usf(lxi)
            if lx_voff is not None:
                fig["linux.qemu_start_to_init_us"] = usf(lx_voff + lxi)
        if lx and lx.get("uptime_s"):
            fig["linux.uptime_at_init_s"] = float(lx["uptime_s"])
        rows.append(("QEMU start -> Xen creates the domain (CNTVOFF)", us(voff),
                     us(lx_voff) + (" (from Xen's log)" if lx_voff is not None else "")))
        rows.append(("domain created -> first instruction (Xen builds the rest, unpauses)",
                     us(entry), "-"))
        rows.append(("first instruction -> first thread running", us(first - entry), "-"))
        rows.append(("domain created -> first thread / Linux /init", us(first), us(lxi)))
        rows.append(("QEMU start -> first thread / Linux /init", us(voff + first),
                     us(lx_voff + lxi) if lx_voff is not None and lxi is not None else "-"))
        if lx:
            rows.append(("Linux's own /proc/uptime at /init", "-", "%s s" % lx.get("uptime_s")))
        md.append(table(("span", "xenrtos (us)", "Linux domU (us)"), rows))
        if lx:
            md.append("\nLinux: Debian %s, `%s`, %s MB; RTOS: `bench/cfg/one.cfg`, 32 MB."
                      % (linux_kernel_version(), "console=ttyAMA0 quiet rdinit=/init", "128"))
        elif linux is not None:
            md.append("\nLinux domU: did not complete (%s)." % linux.detail)
        phases = one.kv(1, "BENCH bootphase")
        if phases:
            md.append("\nFirst instruction -> first thread, by phase (milestones of "
                      "platform/boot.c, xr_boot_phases; kernel_init = main() -> "
                      "tx_application_define, first_thread = the application's define and the "
                      "scheduler's start):\n")
            rows = []
            for d in phases:
                us_ = round(int(d["ns"]) / 1000.0, 3)
                fig["boot.phase.%s_us" % d["name"]] = us_
                rows.append((d["name"], "%.1f" % us_, ns_to_us(d["at_ns"])))
            md.append(table(("phase (ends at)", "us", "us since first instruction"), rows))
    else:
        md.append("boot figures missing (%s)" % one.detail)

    # -- kernel operations --
    md.append("\n## Kernel operations (mean / max over 20000 iterations, ns = instructions)\n")
    ops = {}
    for d in one.kv(1, "BENCH op"):
        ops[(d["name"], d["path"])] = d
    rows = []
    names = [d["name"] for d in one.kv(1, "BENCH op") if d["path"] == "api"]
    for n in names:
        a, c = ops.get((n, "api"), {}), ops.get((n, "core"), {})
        rows.append((n, a.get("mean_ns", "-"), a.get("max_ns", "-"), c.get("mean_ns", "-"),
                     c.get("max_ns", "-"), THREADX.get(n, "")))
        for path, d in (("api", a), ("core", c)):
            if "mean_ns" in d:
                fig["kernel.%s.%s" % (n, path)] = float(d["mean_ns"])
    for d in one.kv(1, "BENCH switch"):
        fig[SWITCH_KEYS.get(d["name"], "kernel.switch_" + d["name"])] = float(d["per_switch_ns"])
        rows.append(("context switch: %s (per switch)" % d["name"], d["per_switch_ns"],
                     d["max_ns"] + (" (round trip)" if d["name"] == "sem_roundtrip" else ""),
                     "", "", THREADX["context switch"]))
    md.append(table(("operation", "API mean", "API max", "core mean", "core max",
                     "ThreadX published (cycles)"), rows))
    errs = one.kv(1, "BENCH ops")
    if errs:
        md.append("\nService errors during the loops: %s." % errs[0].get("errors"))

    # -- Thread-Metric --
    md.append("\n## Thread-Metric (events per second of virtual time, higher is better)\n")
    tm = tm_results(one)
    if tm:
        rows = []
        for name in TM_SCENARIOS:
            tx = THREADX_TM_PER_5S[name] / 5.0
            score, ratio, checks = [], [], []
            for key in (name, name + ".core"):
                d = tm.get(key)
                if d is None:
                    score.append("-")
                    ratio.append("-")
                    checks.append("missing")
                    continue
                ours = int(d["per_s"])
                fig["thread_metric." + key] = ours
                score.append("{:,}".format(ours))
                ratio.append("%.2f" % (ours / tx))
                checks.append(d.get("check", "?"))
            rows.append((name, score[0], score[1], "{:,.0f}".format(tx), ratio[0], ratio[1],
                         "/".join(checks)))
        md.append(table(("scenario", "xenrtos per s, tx_*", "xenrtos per s, _tx_*",
                         "ThreadX per s", "ratio tx_*", "ratio _tx_*", "check"), rows))
        interval = next((d["seconds"] for d in tm.values() if "seconds" in d), "?")
        md.append("\nEach scenario runs %s s of virtual time per path (tm_ms=); the figure is its "
                  "count / the interval. ThreadX: issue 17's figures per 5 s, divided by 5 "
                  "(ThreadX, bare metal on the same QEMU machine); xenrtos: under Xen, "
                  "this run. Thread-Metric's own score for a period of P seconds is P x the "
                  "figure per second." % interval)
    else:
        md.append("(no Thread-Metric lines)")

    # -- Thread-Metric bare metal against ThreadX: the like-for-like comparison --
    bfig = rtos_figures(bare, 0)
    if bare is not None:
        md.append("\n### Thread-Metric bare metal against ThreadX (like for like: ThreadX's "
                  "figures are bare metal on the same QEMU machine)\n")
        rows = []
        for name in TM_SCENARIOS:
            tx = THREADX_TM_PER_5S[name] / 5.0
            cells = []
            for key in (name, name + ".core"):
                v = bfig.get("thread_metric." + key)
                cells += ["-", "-"] if v is None else ["{:,}".format(v), "%.2f" % (v / tx)]
            rows.append((name, cells[0], cells[2], "{:,.0f}".format(tx), cells[1], cells[3]))
        md.append(table(("scenario", "bare per s, tx_*", "bare per s, _tx_*", "ThreadX per s",
                         "ratio tx_*", "ratio _tx_*"), rows))

    # -- interrupt latency --
    md.append("\n## Timer interrupt latency (virtual timer expiry -> ..., 1000 samples each)\n")
    edges = "<1,<2,<5,<10,<20,<50,<100,<200,<1000,more"
    runs = [(one, "alone"), (load, "busy domain, same pCPU (credit2)")]
    runs += [(b, {"pool-idle": "REAL TIME, 2 pCPUs: idle domain, own null pool",
                  "pool-busy": "REAL TIME, 2 pCPUs: busy domain, own null pool"}[n])
             for n, b in pools]
    lat_head = ("other domain", "this domain", "to", "mean us", "max us",
                "histogram (us: %s)" % edges)
    md.append(table(lat_head, latency_rows(runs, "BENCH irq")))
    for b, what in runs:
        if b is None or not b.ok:
            continue
        # REAL TIME rows (the pools) are host-dependent: kept apart from the compared figures.
        other = {"alone": "alone", "busy domain, same pCPU (credit2)": "busy_domain"}.get(what)
        prefix = "latency" if other else "realtime.latency"
        other = other or slug(b.name)
        for kind, line in (("timer", "BENCH irq"), ("gpio", "BENCH gpio")):
            for d in b.kv(1, line):
                k = "%s.%s.%s.%s.%s" % (prefix, kind, other, d["guest"], d["point"])
                fig[k + ".mean_us"] = round(int(d["mean_ns"]) / 1000.0, 3)
                fig[k + ".max_us"] = round(int(d["max_ns"]) / 1000.0, 3)

    # -- device interrupt latency --
    md.append("\n## Device interrupt latency: the PL061 passed through (register write that raises "
              "its interrupt -> ..., 1000 samples each)\n")
    rows = latency_rows(runs, "BENCH gpio")
    md.append(table(lat_head, rows) if rows else "(no figures: the bench domain found no PL061)")

    # -- channel --
    md.append("\n## Event channel between two RTOS domains (one pCPU, credit2)\n")
    if chan is not None and chan.ok:
        r = chan.kv(1, "BENCH chan rtt")
        f = chan.kv(1, "BENCH chan flood")
        h = chan.kv(1, "BENCH chan hypercalls")
        rows = []
        if r:
            fig["chan.rtt_mean_us"] = round(int(r[0]["mean_ns"]) / 1000.0, 3)
            fig["chan.rtt_max_us"] = round(int(r[0]["max_ns"]) / 1000.0, 3)
            if r[0].get("leader_hc", "?") != "?":
                fig["chan.rtt_sender_hypercalls"] = int(r[0]["leader_hc"])
            rows.append(("round trip (PING -> PONG, %s)" % r[0]["n"],
                         "mean %s us, max %s us; sender: %s hypercalls (%s EVTCHNOP_send)"
                         % (ns_to_us(r[0]["mean_ns"]), ns_to_us(r[0]["max_ns"]),
                            r[0].get("leader_hc", "?"), r[0].get("leader_send", "?"))))
        if f:
            fig["chan.flood_msgs_per_s"] = int(f[0]["msgs_per_s"])
            fig["chan.flood_hypercalls_per_msg"] = int(f[0]["hc_per_million_msgs"]) / 1e6
            rows.append(("flood of %s 64-byte messages" % f[0]["n"],
                         "%s msgs/s; %.6f hypercalls per message (both sides)"
                         % (f[0]["msgs_per_s"], int(f[0]["hc_per_million_msgs"]) / 1e6)))
        if h:
            fig["chan.flood_sender_hypercalls"] = int(h[0]["leader_hc"])
            fig["chan.flood_receiver_hypercalls"] = int(h[0]["follower_hc"])
            rows.append(("hypercalls during the flood",
                         "sender %s (%s EVTCHNOP_send), receiver %s (%s EVTCHNOP_send)"
                         % (h[0]["leader_hc"], h[0]["leader_send"], h[0]["follower_hc"],
                            h[0]["follower_send"])))
        md.append(table(("figure", "value"), rows))
    elif chan is not None:
        md.append("did not complete: %s" % chan.detail)

    # -- SMP --
    md.append("\n## Several vCPUs (bench/cfg/smp.cfg: 4 vCPUs on 4 pCPUs, null pool; REAL TIME: "
              "QEMU cannot run several pCPUs under -icount, so these are TCG's speed on this "
              "host, comparable with each other only)\n")
    if smp is not None and smp.ok:
        rows = []
        for what, label in (("wake_cross", "semaphore put on vCPU 0 -> waiter runs on vCPU 1"),
                            ("wake_local", "semaphore put on vCPU 0 -> waiter runs on vCPU 0"),
                            ("ipi", "SGI raised on vCPU 0 -> handler runs on vCPU 1")):
            k = smp.kv(1, "BENCH smp " + what)
            if k:
                for stat in ("mean", "min", "max"):
                    fig["realtime.smp.%s.%s_us" % (what, stat)] = round(
                        int(k[0][stat + "_ns"]) / 1000.0, 3)
                rows.append((label, ns_to_us(k[0]["mean_ns"]), ns_to_us(k[0]["min_ns"]),
                             ns_to_us(k[0]["max_ns"]), k[0]["samples"]))
        md.append(table(("figure", "mean us", "min us", "max us", "samples"), rows))
        rows = [(k["threads"], ns_to_us(k["elapsed_ns"]), k["speedup"])
                for k in smp.kv(1, "BENCH smp scale")]
        for k in smp.kv(1, "BENCH smp scale"):
            fig["realtime.smp.scale_%s_threads_us" % k["threads"]] = round(
                int(k["elapsed_ns"]) / 1000.0, 3)
        md.append("\nOne fixed integer workload split over k threads, one per vCPU:\n")
        md.append(table(("threads", "elapsed us", "speed-up over 1"), rows))
    elif smp is not None:
        md.append("did not complete: %s" % smp.detail)

    # -- footprint --
    rows_fp, demo, img = fp
    md.append("\n## Footprint (bytes; objects as compiled, and what the demo image links of "
              "them after --gc-sections)\n")
    rows = [(label, o[0], o[1], o[2], lk[0], lk[1], lk[2]) for label, o, lk in rows_fp]
    for r in rows:
        for i, what in enumerate(("text", "data", "bss", "linked_text", "linked_data",
                                  "linked_bss")):
            fig["footprint.%s.%s" % (slug(r[0]), what)] = r[i + 1]
    kt = [sum(r[i] for r in rows if r[0].startswith("kernel:")) for i in range(1, 7)]
    rows.append(("**kernel total**",) + tuple(kt))
    md.append(table(("group", "text", "data", "bss", "linked text", "linked data",
                     "linked bss"), rows))
    for i, what in enumerate(("text", "data", "bss", "linked_text", "linked_data", "linked_bss")):
        fig["footprint.kernel_total.%s" % what] = kt[i]
    for i, what in enumerate(("text", "data", "bss")):
        fig["footprint.demo_elf.%s" % what] = demo[i]
    fig["footprint.demo_img_bytes"] = img
    md.append("\nWhole demo image (`demo.elf`): text %d, data %d, bss %d; `demo.img` file %d "
              "bytes. ThreadX publishes a ~2 KB minimal core." % (demo[0], demo[1], demo[2], img))
    mini = minimal_footprint()
    if mini is not None:
        by_obj, total = mini
        md.append("\n### Minimal configuration (`apps/bench/minimal`: threads and semaphores only, "
                  "the kernel built for one core without error checking)\n")
        md.append(table(("kernel object", "linked text+rodata"), sorted(by_obj.items())))
        md.append("\nKernel text linked: **%d bytes** (issue 17's target: 4096). Event flags are "
                  "there for the platform's console and Xen layer, tx_thread_smp for the port's "
                  "lock hooks, tx_timer for sleeps and timeouts." % total)
        fig["footprint.minimal.kernel_text"] = total
    else:
        md.append("\nMinimal configuration: build/aarch64/minimal.map missing (make "
                  "build/aarch64/minimal.img)")
    if mem is not None:
        smallest, tries = mem
        if smallest is not None:
            fig["memsize.demo_smallest_mb"] = smallest
        md.append("\nSmallest domain memory the demo runs in (`DOMU_MEM[0]`, whole MB): %s MB "
                  "(tried: %s)." % (smallest, ", ".join(
                      "%d MB %s" % (mb, "ok" if st == "match" else "fails: " + why)
                      for mb, st, why in tries)))

    # -- bare metal against Xen: the cost of Xen --
    md.append("\n## The cost of Xen: the same image bare metal and under Xen\n")
    if bare is not None and bare.ok and one.ok:
        xfig = rtos_figures(one, 1)
        for k, v in bfig.items():
            fig["bare." + k] = v
            if k in xfig:
                fig["xen_cost." + k] = xen_cost(k, v, xfig[k])
        md.append("Bare metal: `config/bare.cfg` (QEMU's virt without Xen, entry at EL1) with "
                  "`KERNEL=build/aarch64/bench.img CMD=\"bench=all\"`; under Xen: "
                  "`bench/cfg/one.cfg`. Same QEMU machine (GICv3, cortex-a57, 1 CPU, `-icount "
                  "shift=0,sleep=off`), same image and arguments. Cost = under Xen - bare metal "
                  "(ns = instructions); for Thread-Metric, per event (1e9 / score). Ratio = "
                  "Xen's time / bare metal's (for Thread-Metric: bare score / Xen score). "
                  "Latencies are means; `boot.*` are the RTOS's own spans.\n")
        md.append(table(("figure", "unit", "bare metal", "under Xen", "cost of Xen",
                         "ratio"), cost_rows(bfig, xfig)))
    elif bare is not None:
        md.append("did not complete: %s" % (bare.detail if not bare.ok else one.detail))
    else:
        md.append("(skipped: --skip bare)")

    # -- against the baseline --
    now = datetime.datetime.now(datetime.timezone.utc)
    command = "make bench%s" % (" BENCH_ARGS='%s'" % " ".join(sys.argv[1:])
                                if len(sys.argv) > 1 else "")
    meta = {"date": now.strftime("%Y-%m-%d %H:%M UTC"), "commit": git_describe(),
            "command": command,
            "units": "kernel.*: instructions (ns of virtual time) per operation or per switch; "
                     "bare.*: the same figure bare metal; xen_cost.*: under Xen - bare metal, in the "
                     "figure's unit (for thread_metric.*: instructions per event); "
                     "thread_metric.*: events per virtual second; *_us: microseconds and *_s: "
                     "seconds of virtual time; footprint.*: bytes; memsize.*: MB; chan.*: as "
                     "named; realtime.*: host wall clock, never compared"}
    cmp_lines, cmp_md = compare_baseline(fig, args.baseline)
    md.append("\n## Against the baseline (moved by more than %g%%; figures only, nothing fails)"
              "\n" % MOVED_PCT)
    md.append(cmp_md)

    # -- header --
    head = ["# xenrtos benchmarks", "",
            "- date: %s" % meta["date"],
            "- commit: %s" % meta["commit"],
            "- command: `%s`" % command,
            "- QEMU `-icount shift=0,sleep=off -smp 1`, cortex-a57, GICv3, Xen 4.17 (build/xen); "
            "bare metal: the same machine without Xen (config/bare.cfg)",
            "- determinism: %s" % ("not checked" if same is None else
                                   "identical BENCH lines in two runs" if same[0] == 0 else
                                   "%d of %d BENCH lines differ between two runs" % same),
            "- wall time: %.0f s" % (time.monotonic() - t_start), ""]
    text = "\n".join(head + md) + "\n"
    path = args.out or os.path.join(out_dir(), "results.md")
    with open(path, "w") as f:
        f.write(text)
    print()
    print(text)
    print("bench: written to %s" % os.path.relpath(path, ROOT))
    jpath = args.json or os.path.join(out_dir(), "results.json")
    with open(jpath, "w") as f:
        json.dump(dict(meta, figures=dict(sorted(fig.items()))), f, indent=1)
        f.write("\n")
    print("bench: %d figures written to %s" % (len(fig), os.path.relpath(jpath, ROOT)))
    for line in cmp_lines:
        print(line)
    if args.update_baseline:
        if failures:
            print("bench: baseline not updated: a benchmark could not run")
        else:
            write_baseline(fig, meta, args.baseline)
    if failures:
        print("bench: could not run: %s" % "; ".join(failures))
        return 1
    return 0


def linux_kernel_version():
    man = os.path.join(build_dir(), "dom0", "manifest.txt")
    try:
        with open(man) as f:
            for line in f:
                if line.startswith("kernel "):
                    return line.split()[1]
    except OSError:
        pass
    return "arm64 kernel"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except bootcfg.ConfigError as e:
        print("bench: %s" % e)
        sys.exit(3)
