"""Tests of the QEMU test harness (tests/qemu/harness.py): case file parsing, matrix variants, and
with Xen and the fixtures built, that a failing case really fails."""

import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))
import harness  # noqa: E402


class CaseFiles(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="harness-test-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def case(self, text):
        path = os.path.join(self.dir, "c.test")
        with open(path, "w") as f:
            f.write(text)
        return harness.Case(path)

    def test_parse(self):
        c = self.case("# x\nconfig: config/default.cfg\nset: A=1\nset: B[0]=\"x y\"\nexpect: one\n"
                      "expect: two\norder: any-order\nforbid: bad\ntests: t1 t2\ntests: t3\n"
                      "timeout: 5\nneeds: f1\nxen: deb\n")
        self.assertEqual(c.sets, ["A=1", 'B[0]="x y"'])
        self.assertEqual((c.expect, c.ordered, c.forbid), (["one", "two"], False, ["bad"]))
        self.assertEqual((c.tests, c.timeout, c.needs, c.xen),
                         ([(None, "t1"), (None, "t2"), (None, "t3")], 5.0, ["f1"], "deb"))
        self.assertEqual(c.variants(), [("", [])])

    def test_allow_drops_one_default_forbid(self):
        c = self.case("config: x.cfg\nallow: PANIC\nforbid: bad\n")
        self.assertNotIn("PANIC", c.forbidden())
        self.assertIn(r"\bTEST \S+ FAIL\b", c.forbidden())
        self.assertEqual(c.forbidden()[-1], "bad")
        self.assertIn("PANIC", self.case("config: x.cfg\n").forbidden())

    def test_default_expect_is_test_done(self):
        self.assertEqual(self.case("config: x.cfg\n").expect, ["TEST-DONE"])

    def test_matrix(self):
        c = self.case("config: x.cfg\nmatrix: GIC_VERSION=2,3 NUM_CPUS=1,4\n")
        self.assertEqual([v[1] for v in c.variants()],
                         [["GIC_VERSION=2", "NUM_CPUS=1"], ["GIC_VERSION=2", "NUM_CPUS=4"],
                          ["GIC_VERSION=3", "NUM_CPUS=1"], ["GIC_VERSION=3", "NUM_CPUS=4"]])
        self.assertEqual(c.variants()[1][0], "[GIC_VERSION=2,NUM_CPUS=4]")

    def test_monitor(self):
        c = self.case("config: x.cfg\nmonitor: ready => xp /1wx 0x1000\nmonitor: a=>b => c\n")
        self.assertEqual(c.monitor, [("ready", "xp /1wx 0x1000"), ("a", "b => c")])

    def test_tests_per_domain(self):
        c = self.case("config: x.cfg\ntests: DOM1: a b\ntests: dom0: c\ntests: DOM12: d\n")
        self.assertEqual(c.tests, [("DOM1", "a"), ("DOM1", "b"), ("dom0", "c"), ("DOM12", "d")])

    def test_domain_of(self):
        self.assertEqual(harness.domain_of("(XEN) DOM2: TEST a PASS"), "DOM2")
        self.assertEqual(harness.domain_of("(d13) TEST a PASS"), "DOM13")
        self.assertEqual(harness.domain_of("TEST linux-rtt PASS"), "dom0")
        self.assertEqual(harness.domain_of("(XEN) Xen version"), "dom0")
        # dom0's unfinished line, then a whole line of Xen's for DOM1 (seen on the serial stream):
        line = "BusyBox v1.35.0 built-in shell (ash)(XEN) DOM1: TEST svc-vchan-up PASS"
        self.assertEqual(harness.domain_of(line, line.index("TEST")), "DOM1")
        self.assertEqual(harness.domain_of("dom0 text (XEN) DOM3: x", 3), "dom0")

    def test_verdicts_never_merge_across_domains(self):
        both = {("DOM1", "a"): "PASS", ("DOM2", "b"): "PASS"}
        # DOM1's PASS of a does not stand in for DOM2's missing a.
        self.assertEqual(harness.check_verdicts([("DOM1", "a"), ("DOM2", "a")], both),
                         (False, "no PASS for: DOM2:a"))
        self.assertEqual(harness.check_verdicts([("DOM1", "a"), ("DOM2", "b")], both), (True, ""))
        ok, detail = harness.check_verdicts([(None, "a")], both)
        self.assertFalse(ok)
        self.assertIn("name the domain of a", detail)
        # One domain: unnamed entries are that domain's.
        self.assertEqual(harness.check_verdicts([(None, "a")], {("DOM1", "a"): "PASS"}), (True, ""))
        self.assertEqual(harness.check_verdicts([(None, "a")], {("DOM1", "a"): "FAIL"}),
                         (False, "no PASS for: DOM1:a"))

    def test_errors(self):
        for text, msg in (("config: a\nbogus: 1\n", "c.test:2: unknown key 'bogus'"),
                          ("expect: x\n", "no 'config:' line"),
                          ("config: a\nexpect: (\n", "c.test:2: bad regex"),
                          ("config: a\nconfig: b\n", "c.test:2: config given twice"),
                          ("config: a\norder: random\n", "c.test:2: order must be"),
                          ("config: a\ntimeout: soon\n", "c.test:2: timeout must be a number"),
                          ("config: a\nmatrix: GIC_VERSION\n", "c.test:2: matrix item"),
                          ("config: a\nxen: upstream\n", "c.test:2: xen must be src, deb or deb-4.20"),
                          ("config: a\nallow: P.*\n", "c.test:2: allow must name one of"),
                          ("config: a\ntests: DOM1:\n", "c.test:2: tests: names no verdict"),
                          ("config: a\nicount: on\n", "c.test:2: icount must be auto or off"),
                          ("config: a\nmonitor: x\n", "c.test:2: monitor: expected 'REGEX => COMMAND'"),
                          ("config: a\nmonitor: ( => info\n", "c.test:2: bad regex"),
                          ("config a\n", "c.test:1: expected 'key: value'")):
            with self.assertRaises(harness.CaseError, msg=text) as cm:
                self.case(text)
            self.assertIn(msg, str(cm.exception))


@unittest.skipUnless(os.path.exists(os.path.join(ROOT, "build", "xen", "xen"))
                     and os.path.exists(os.path.join(ROOT, "build", "fixtures", "hello0.img")),
                     "needs make xen fixtures")
class FailingCases(unittest.TestCase):
    """A real boot (Xen + fixture) whose case must fail: the verdict is not a formality."""

    def run_case(self, text):
        d = tempfile.mkdtemp(prefix="harness-test-")
        try:
            path = os.path.join(d, "neg.test")
            with open(path, "w") as f:
                f.write("config: config/default.cfg\nset: DOMU_KERNEL[0]=build/fixtures/hello0.img\n" + text)
            return harness.run_variant(harness.Case(path), "", [], False, d)
        finally:
            shutil.rmtree(d)

    def test_passes_as_is(self):
        ok, detail, _, _ = self.run_case("tests: fixture0-dtb\n")
        self.assertTrue(ok, detail)

    def test_forbidden_line(self):
        ok, detail, log, _ = self.run_case("forbid: hello from vpl011\n")
        self.assertFalse(ok)
        self.assertIn("forbidden line", detail)
        self.assertTrue(any("Xen version" in line for line in log))

    def test_missing_test_verdict(self):
        ok, detail, _, _ = self.run_case("tests: fixture0-dtb no-such-test\n")
        self.assertEqual((ok, detail), (False, "no PASS for: DOM1:no-such-test"))

    def test_hang_detector(self):
        ok, detail, _, _ = self.run_case("expect: never printed\ntimeout: 3\n")
        self.assertFalse(ok)
        self.assertIn("timeout after 3 s", detail)

    def test_monitor_answer_is_checked(self):
        # QEMU's monitor reads the PL061's data register (all pins low: nothing drives them):
        # the right value passes, a wrong one fails, so the readback is not a formality.
        mon = "monitor: hello from vpl011 => xp /1wx 0x090303fc\n"
        ok, detail, log, _ = self.run_case(
            mon + "expect: monitor: xp /1wx 0x090303fc: 00000000090303fc: 0x00000000$\n")
        self.assertTrue(ok, detail)
        ok, detail, _, _ = self.run_case(
            mon + "expect: monitor: xp /1wx 0x090303fc: 00000000090303fc: 0x000000a5$\ntimeout: 5\n")
        self.assertFalse(ok)
        self.assertIn("timeout after 5 s", detail)

    def test_missing_image(self):
        ok, detail, _, _ = self.run_case("needs: build/fixtures/none.img\n")
        self.assertFalse(ok)
        self.assertIn("not built", detail)


if __name__ == "__main__":
    unittest.main()
