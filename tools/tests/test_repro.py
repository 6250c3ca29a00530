"""Tests of the reproducibility comparison and manifest (tools/repro.py) on small fake build
directories: the check must fail on a flipped byte, a missing artefact and a changed size."""

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import repro  # noqa: E402


class Compare(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="repro-test-")
        self.a, self.b = os.path.join(self.dir, "a"), os.path.join(self.dir, "b")
        for d in (self.a, self.b):
            os.makedirs(os.path.join(d, "aarch64"))
            for name, data in (("demo.img", b"\x00" * 5000), ("hello.img", b"hello" * 100)):
                with open(os.path.join(d, "aarch64", name), "wb") as f:
                    f.write(data)
            with open(os.path.join(d, "manifest.json"), "w") as f:
                f.write("{}\n")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def compare(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = repro.compare("images", self.a, self.b)
        return rc, out.getvalue()

    def test_identical(self):
        rc, out = self.compare()
        self.assertEqual(rc, 0, out)
        self.assertIn("3 artefacts, 3 identical, 0 different", out)

    def test_flipped_byte_names_its_offset(self):
        with open(os.path.join(self.b, "aarch64", "demo.img"), "r+b") as f:
            f.seek(4660)
            f.write(b"\x01")
        rc, out = self.compare()
        self.assertEqual(rc, 1)
        self.assertIn("DIFFERENT aarch64/demo.img: first difference at byte offset 4660 (0x1234)", out)

    def test_longer_file_differs_at_the_shorter_end(self):
        with open(os.path.join(self.b, "aarch64", "hello.img"), "ab") as f:
            f.write(b"!")
        rc, out = self.compare()
        self.assertEqual(rc, 1)
        self.assertIn("aarch64/hello.img: first difference at byte offset 500", out)

    def test_missing_in_one_tree(self):
        os.remove(os.path.join(self.a, "aarch64", "hello.img"))
        rc, out = self.compare()
        self.assertEqual(rc, 1)
        self.assertIn("DIFFERENT aarch64/hello.img: built in one tree only", out)


class Manifest(unittest.TestCase):
    def test_lists_artefacts_by_relative_path_with_their_inputs(self):
        d = tempfile.mkdtemp(prefix="repro-test-")
        try:
            os.makedirs(os.path.join(d, "dom0"))
            with open(os.path.join(d, "dom0", "Image"), "wb") as f:
                f.write(b"ARMd")
            path, digest, entries = repro.manifest(d)
            with open(path) as f:
                m = json.load(f)
            self.assertEqual(list(m["artefacts"]), ["dom0/Image"])
            kernel = [n for n, (u, _, _) in repro.read_lock().items() if "kernel" in u]
            self.assertEqual(len(kernel), 1)
            self.assertEqual(m["artefacts"]["dom0/Image"]["inputs"],
                             ["deb:%s=%s" % (kernel[0], m["lock"]["packages"][kernel[0]])])
            # Nothing changed: the same bytes, so the same digest in every banner.
            self.assertEqual(repro.manifest(d)[1], digest)
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    unittest.main()
