#!/usr/bin/env python3
"""QEMU integration test harness: boots configurations under Xen, reads verdicts from the console.

  tests/qemu/harness.py [-v] [--list] [CASE.test ...]     (default: tests/qemu/cases/*.test)

Case file format: tests/qemu/README.md. Each case (and each variant of a `matrix:`) boots once;
the timeout is a hang detector, not a performance target. QEMU is stopped by its PID. Prints one
line per run, the console log of every failing run, and finally `N passed, M failed`.
"""

import argparse
import glob
import itertools
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import bootcfg  # noqa: E402
import qemurun  # noqa: E402

# Lines that fail any case at once: Xen panics and guest crashes, RTOS panics, failed tests.
DEFAULT_FORBID = [
    r"PANIC",
    r"Panic on CPU",
    r"\(XEN\) .*crashed",
    r"FATAL (PAGE|TRAP)",
    r"\bTEST \S+ FAIL\b",
]
TEST_RE = re.compile(r"\bTEST (\S+) (PASS|FAIL)\b(.*)")
# Which domain printed a console line: "(XEN) DOM<n>: ..." (vpl011), "(d<n>) ..." (console_io);
# anything else is dom0's console (Linux's hvc0) or Xen itself: "dom0". Xen prints whole lines,
# but dom0's console can leave an unfinished line on the shared serial stream, so a Xen prefix
# may start mid-line ("...(ash)(XEN) DOM1: TEST x PASS"): what counts is the last prefix before
# the position asked about.
DOMAIN_RE = re.compile(r"\(XEN\) DOM(\d+): |\(d(\d+)\) ")


def domain_of(line, pos=None):
    """Domain whose output is at `pos` of `line` (default: the line's end)."""
    end = len(line) if pos is None else pos
    last = None
    for m in DOMAIN_RE.finditer(line, 0, end):
        last = m
    if last is None:
        return "dom0"
    return "DOM" + (last.group(1) or last.group(2))
# Which Xen a case uses unless it says `xen:` (XEN=deb in the environment switches the default).
DEFAULT_XEN = os.environ.get("XEN", "src")
KEYS = ("config", "set", "matrix", "xen", "expect", "order", "forbid", "allow", "tests", "timeout",
        "needs", "icount", "monitor")
# One-pCPU runs get virtual time unless a case says `icount: off`: QEMU -icount shift=0,sleep=off
# (one guest instruction = 1 ns, idle time skipped), so whatever a guest measures against its
# counter is the same on a busy host as on an idle one. -icount needs one pCPU (tools/bootcfg.py).
ICOUNT_SETS = ["QEMU_ICOUNT=0", "QEMU_ICOUNT_SLEEP=off"]
REPEATABLE = ("set", "expect", "forbid", "allow", "tests", "needs", "monitor")


class CaseError(Exception):
    pass


class Case:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.config = None
        self.sets = []
        self.matrix = []  # [(KEY, [values])]
        self.xen = DEFAULT_XEN
        self.expect = []
        self.ordered = True
        self.forbid = []
        self.allow = []  # entries of DEFAULT_FORBID this case expects (e.g. a deliberate PANIC)
        self.tests = []  # [(domain or None, verdict name)]
        self.timeout = 60.0
        self.needs = []
        self.icount = "auto"
        self.monitor = []  # [(regex, QEMU monitor command)]
        self._parse()

    def _parse(self):
        try:
            with open(self.path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError as e:
            raise CaseError("%s: cannot read: %s" % (self.path, e.strerror)) from None
        seen = set()
        for n, raw in enumerate(lines, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            m = re.match(r"^([a-z]+):\s*(.*)$", line)
            where = "%s:%d" % (self.path, n)
            if not m:
                raise CaseError("%s: expected 'key: value', got %r" % (where, line))
            key, val = m.group(1), m.group(2).strip()
            if key not in KEYS:
                raise CaseError("%s: unknown key %r (known: %s)" % (where, key, ", ".join(KEYS)))
            if key in seen and key not in REPEATABLE:
                raise CaseError("%s: %s given twice" % (where, key))
            seen.add(key)
            if key == "config":
                self.config = val
            elif key == "set":
                self.sets.append(val)
            elif key == "matrix":
                for item in val.split():
                    k, _, vs = item.partition("=")
                    if not k or not vs:
                        raise CaseError("%s: matrix item %r is not KEY=v1,v2" % (where, item))
                    self.matrix.append((k, vs.split(",")))
            elif key == "xen":
                if val not in ("src", "deb", "deb-4.20"):
                    raise CaseError("%s: xen must be src, deb or deb-4.20" % where)
                self.xen = val
            elif key in ("expect", "forbid"):
                try:
                    re.compile(val)
                except re.error as e:
                    raise CaseError("%s: bad regex %r: %s" % (where, val, e)) from None
                getattr(self, key).append(val)
            elif key == "allow":
                if val not in DEFAULT_FORBID:
                    raise CaseError("%s: allow must name one of the default forbidden patterns: %s"
                                    % (where, " ".join(DEFAULT_FORBID)))
                self.allow.append(val)
            elif key == "order":
                if val not in ("in-order", "any-order"):
                    raise CaseError("%s: order must be in-order or any-order" % where)
                self.ordered = val == "in-order"
            elif key == "tests":
                # "tests: DOM1: a b" - domain 1 must print TEST a PASS and TEST b PASS;
                # "tests: dom0: c" - dom0 (Linux) must; "tests: a b" - the case's one domain.
                m = re.match(r"^(DOM[1-9][0-9]*|dom0):\s*(.*)$", val)
                dom, names = (m.group(1), m.group(2)) if m else (None, val)
                if not names.split():
                    raise CaseError("%s: tests: names no verdict" % where)
                self.tests += [(dom, n) for n in names.split()]
            elif key == "needs":
                self.needs += val.split()
            elif key == "monitor":
                rx, sep, command = val.partition("=>")
                if not sep or not rx.strip() or not command.strip():
                    raise CaseError("%s: monitor: expected 'REGEX => COMMAND'" % where)
                try:
                    re.compile(rx.strip())
                except re.error as e:
                    raise CaseError("%s: bad regex %r: %s" % (where, rx.strip(), e)) from None
                self.monitor.append((rx.strip(), command.strip()))
            elif key == "icount":
                if val not in ("auto", "off"):
                    raise CaseError("%s: icount must be auto or off" % where)
                self.icount = val
            elif key == "timeout":
                try:
                    self.timeout = float(val)
                except ValueError:
                    raise CaseError("%s: timeout must be a number of seconds" % where) from None
        if not self.config:
            raise CaseError("%s: no 'config:' line" % self.path)
        if not self.expect:
            self.expect = ["TEST-DONE"]

    def forbidden(self):
        """The default forbidden patterns less those the case allows, plus its own."""
        return [f for f in DEFAULT_FORBID if f not in self.allow] + self.forbid

    def variants(self):
        """[(label, [KEY=value overrides])]: the cartesian product of the matrix."""
        if not self.matrix:
            return [("", [])]
        keys = [k for k, _ in self.matrix]
        out = []
        for combo in itertools.product(*[vs for _, vs in self.matrix]):
            sets = ["%s=%s" % (k, v) for k, v in zip(keys, combo)]
            out.append(("[" + ",".join(sets) + "]", sets))
        return out


def check_verdicts(wanted, results):
    """(ok, detail): every wanted (domain, name) printed PASS in that domain. An entry without a
    domain stands for the case's one domain: when verdicts came from several domains, the case
    must say which domain prints which verdict (one domain's PASS never stands in for another's)."""
    printed = sorted({d for d, _ in results})
    missing = []
    for dom, name in wanted:
        if dom is None:
            if len(printed) > 1:
                return False, ("verdicts from %s: name the domain of %s (tests: DOMn: ...)"
                               % (", ".join(printed), name))
            dom = printed[0] if printed else "?"
        if results.get((dom, name)) != "PASS":
            missing.append("%s:%s" % (dom, name))
    if missing:
        return False, "no PASS for: %s" % " ".join(missing)
    return True, ""


def run_variant(case, label, extra, verbose, logdir):
    """Returns (ok, detail, log lines, log path)."""
    missing = [n for n in case.needs if not os.path.exists(os.path.join(ROOT, n))]
    if missing:
        return False, "needs %s, not built (make image / make fixtures)" % " ".join(missing), [], None
    os.environ["XEN"] = case.xen
    cfg = qemurun.load_config(case.config, case.sets + extra)
    if case.icount == "auto" and cfg.cpus == 1 and cfg.icount is None:
        cfg = qemurun.load_config(case.config, case.sets + extra + ICOUNT_SETS)
    clock = "virtual time" if cfg.icount is not None else "wall time"
    cmd = qemurun.prepare(cfg)
    results = {}  # (domain, verdict name) -> PASS | FAIL: never merged across domains

    def on_line(line):
        m = TEST_RE.search(line)
        if m:
            results[(domain_of(line, m.start()), m.group(1))] = m.group(2)
        return None

    logname = re.sub(r"[^A-Za-z0-9_.,=\[\]-]", "_", case.name + label) + ".log"
    logpath = os.path.join(logdir, logname)
    # `{KEY}` in an expect line stands for this variant's value of a matrix key.
    values = dict(item.split("=", 1) for item in extra)
    expect = [re.sub(r"\{([A-Za-z0-9_\[\]]+)\}",
                     lambda m: re.escape(values[m.group(1)]) if m.group(1) in values else m.group(0),
                     e) for e in case.expect]
    r = qemurun.watch(cmd, expect=expect, ordered=case.ordered,
                      forbid=case.forbidden(), timeout=case.timeout, echo=verbose,
                      logfile=logpath, on_line=on_line, monitor=case.monitor)
    if not r.ok:
        return False, r.detail, r.log, logpath
    ok, detail = check_verdicts(case.tests, results)
    if not ok:
        return False, detail, r.log, logpath
    npass = sum(1 for v in results.values() if v == "PASS")
    detail = "%d TEST lines passed" % npass if results else r.detail
    return True, "%s, %s" % (detail, clock), r.log, logpath


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="*")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every console as it runs")
    ap.add_argument("--list", action="store_true", help="list the runs, boot nothing")
    a = ap.parse_args()
    paths = a.cases or sorted(glob.glob(os.path.join(HERE, "cases", "*.test")))
    logdir = os.path.join(qemurun.build_dir(), "qemu-test")
    os.makedirs(logdir, exist_ok=True)
    passed = failed = 0
    for p in paths:
        try:
            case = Case(p)
        except CaseError as e:
            print("FAIL %s: %s" % (os.path.basename(p), e))
            failed += 1
            continue
        for label, extra in case.variants():
            name = case.name + label
            if a.list:
                print("%s  (config %s, xen %s)" % (name, case.config, case.xen))
                continue
            t0 = time.monotonic()
            try:
                ok, detail, log, logpath = run_variant(case, label, extra, a.verbose, logdir)
            except bootcfg.ConfigError as e:
                ok, detail, log, logpath = False, "configuration: %s" % e, [], None
            dt = time.monotonic() - t0
            if ok:
                passed += 1
                print("PASS %s (%.1f s, %s)" % (name, dt, detail), flush=True)
            else:
                failed += 1
                print("FAIL %s (%.1f s): %s" % (name, dt, detail), flush=True)
                if log and not a.verbose:
                    print("---- console of %s (%s) ----" % (name, os.path.relpath(logpath, ROOT)))
                    print("\n".join(log))
                    print("---- end of console ----", flush=True)
    if a.list:
        return 0
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
