"""Tests of the console watcher (tools/qemurun.py) against a fake QEMU: a shell script that prints
lines and then hangs or exits, as Xen and a guest would."""

import os
import shutil
import stat
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import qemurun  # noqa: E402


class Watch(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="qemurun-test-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def fake(self, body):
        """A stand-in for qemu-system-aarch64; it ignores its arguments (e.g. -nographic)."""
        path = os.path.join(self.dir, "fake-qemu")
        with open(path, "w") as f:
            f.write("#!/bin/sh\necho $$ > %s/pid\n%s\n" % (self.dir, body))
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        return [path]

    def assertStopped(self):
        with open(os.path.join(self.dir, "pid")) as f:
            pid = int(f.read())
        with self.assertRaises(ProcessLookupError):
            os.kill(pid, 0)

    def test_match_in_order_then_stop(self):
        cmd = self.fake("echo '(XEN) Xen version 4.17.5'; printf 'a\\r\\nTEST-DONE\\n'; sleep 30")
        r = qemurun.watch(cmd, expect=["Xen version", "TEST-DONE"], timeout=10, echo=False)
        self.assertEqual(r.status, "match")
        self.assertEqual(r.log, ["(XEN) Xen version 4.17.5", "a", "TEST-DONE"])
        self.assertStopped()

    def test_order_matters(self):
        cmd = self.fake("echo second; echo first; sleep 30")
        r = qemurun.watch(cmd, expect=["first", "second"], timeout=0.5, echo=False)
        self.assertEqual(r.status, "timeout")
        self.assertIn("/second/", r.detail)
        self.assertStopped()
        r = qemurun.watch(cmd, expect=["first", "second"], ordered=False, timeout=10, echo=False)
        self.assertEqual(r.status, "match")

    def test_forbidden_line_ends_run(self):
        cmd = self.fake("echo '(XEN) Panic on CPU 0:'; sleep 30")
        r = qemurun.watch(cmd, expect=["never"], forbid=["Panic on CPU"], timeout=10, echo=False)
        self.assertEqual(r.status, "forbidden")
        self.assertStopped()

    def test_qemu_exits_first(self):
        r = qemurun.watch(self.fake("echo booting; exit 3"), expect=["TEST-DONE"], timeout=10, echo=False)
        self.assertEqual(r.status, "exit")
        self.assertIn("status 3", r.detail)

    def test_last_line_without_newline(self):
        r = qemurun.watch(self.fake("printf 'TEST-DONE'"), expect=["TEST-DONE"], timeout=10, echo=False)
        self.assertEqual(r.status, "match")

    def test_seconds(self):
        r = qemurun.watch(self.fake("echo hi; sleep 30"), seconds=0.3, echo=False)
        self.assertEqual((r.status, r.log), ("seconds", ["hi"]))
        self.assertStopped()

    def test_on_line_verdict_and_log_file(self):
        log = os.path.join(self.dir, "console.log")
        r = qemurun.watch(self.fake("echo 'TEST x FAIL oops'; sleep 30"), expect=["never"], timeout=10,
                          echo=False, logfile=log,
                          on_line=lambda l: ("forbidden", l) if "FAIL" in l else None)
        self.assertEqual(r.status, "forbidden")
        with open(log) as f:
            self.assertEqual(f.read(), "TEST x FAIL oops\n")


if __name__ == "__main__":
    unittest.main()
