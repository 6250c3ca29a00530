#!/usr/bin/env python3
"""Runs the boot kit's own tests (tools/tests/test_*.py); last line: `N passed, M failed`."""

import os
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py")
    r = unittest.TextTestRunner(verbosity=1 if "-q" in sys.argv else 2, stream=sys.stdout).run(suite)
    bad = len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses)
    print("%d passed, %d failed" % (r.testsRun - bad - len(r.skipped), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
