"""Fuzz test of the boot kit's configuration parser (tools/bootcfg.py).

Any text gives either a configuration or a ConfigError naming the file (and, for a problem of
one line, the line and its key); never another exception. Inputs are mutations of the
configurations in config/ and lines made of the parser's own keys with odd values: with Debian's
python3-hypothesis when it is importable, otherwise (or as well) a seeded mutation loop, so a
failure names its seed and replays.
"""

import os
import random
import re
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import bootcfg  # noqa: E402

try:
    import hypothesis
    from hypothesis import strategies as st
except ImportError:  # pyenv's or a bare python3: the seeded loop alone
    hypothesis = None

PATH = "fuzz.cfg"
BUDGET_S = 6.0  # per test: the kit's suite stays well under 20 s
SEEDS = [open(os.path.join(ROOT, "config", f), encoding="utf-8").read()
         for f in sorted(os.listdir(os.path.join(ROOT, "config"))) if f.endswith(".cfg")]
KEYS = sorted(bootcfg.KEYS)
ODD = ["", "0", "-1", "0x", "0x1p3", "1e3", "99999999999999999999", "'a b'", '"', "'", "\\",
       "1,2 null", "0,0 credit", "9 rtds", "x y", "$HOME", "`id`", "#", "enabled", "none",
       "config/default.cfg", "/nonexistent", "..", "\x00", "\u00e9", "3", "2", "1", "64", "512"]
LINE_RE = re.compile(r"^%s:(\d+): ([A-Z0-9_]+(?:\[\d+\])?)(?::|$| )" % re.escape(PATH))


def random_line(rnd):
    key = rnd.choice(KEYS)
    idx = rnd.choice(["", "[0]", "[1]", "[7]", "[-1]", "[x]", "[99999]"])
    return "%s%s=%s" % (key, idx, rnd.choice(ODD + [str(rnd.randint(-5, 5000))]))


def mutate(rnd, text):
    lines = text.splitlines()
    for _ in range(rnd.randint(1, 6)):
        what = rnd.randrange(6)
        i = rnd.randrange(len(lines) + 1)
        if what == 0 and lines:
            del lines[min(i, len(lines) - 1)]
        elif what == 1:
            lines.insert(i, random_line(rnd))
        elif what == 2 and lines:
            j = min(i, len(lines) - 1)
            s = lines[j]
            k = rnd.randrange(len(s) + 1)
            lines[j] = s[:k] + rnd.choice("=[]'\"#$ \t0x9-,.\\") + s[k + 1:]
        elif what == 3 and lines:
            lines.insert(i, rnd.choice(lines))
        elif what == 4:
            lines.insert(i, "".join(chr(rnd.randrange(1, 0x250)) for _ in range(rnd.randrange(20))))
        elif lines:
            j = min(i, len(lines) - 1)
            key = lines[j].split("=", 1)[0]
            lines[j] = "%s=%s" % (key, rnd.choice(ODD))
    return "\n".join(lines) + "\n"


class FuzzFailure(AssertionError):
    pass


def check(text):
    """Parse and build `text`; return None or raise FuzzFailure with what went wrong."""
    n_lines = len(text.splitlines())
    try:
        values = bootcfg.parse_file(PATH, text)
        bootcfg.Config(PATH, ROOT, values=values, check_files=False)
    except bootcfg.ConfigError as e:
        msg = str(e)
        if not msg.startswith(PATH + ":"):
            raise FuzzFailure("error does not name the file: %r" % msg) from None
        m = LINE_RE.match(msg)
        if m:
            line = int(m.group(1))
            if not 1 <= line <= n_lines:
                raise FuzzFailure("error names line %d of %d: %r" % (line, n_lines, msg)) from None
            key = m.group(2).split("[")[0]
            if key not in bootcfg.KEYS and key not in text.splitlines()[line - 1]:
                raise FuzzFailure("error names key %s not on line %d: %r" % (key, line, msg))
        elif re.match(r"^%s:\d+:" % re.escape(PATH), msg) and "expected KEY=value" not in msg:
            raise FuzzFailure("error names a line but no key: %r" % msg)
    except Exception as e:  # the defect this test exists for: a traceback
        raise FuzzFailure("%s: %s on input:\n%s" % (type(e).__name__, e, text)) from e


class TestBootcfgFuzz(unittest.TestCase):
    def test_checker_catches_a_traceback(self):
        # The check itself must fail on a traceback (a test that cannot fail is a defect).
        orig = bootcfg.parse_file
        bootcfg.parse_file = lambda path, text: {}[0]
        try:
            with self.assertRaises(FuzzFailure):
                check("GIC_VERSION=3\n")
        finally:
            bootcfg.parse_file = orig

    def test_seeds_build(self):
        for text in SEEDS:
            check(text)

    def test_seeded_mutations(self):
        deadline = time.monotonic() + BUDGET_S
        n = 0
        while time.monotonic() < deadline and n < 20000:
            rnd = random.Random(n)
            text = mutate(rnd, rnd.choice(SEEDS))
            try:
                check(text)
            except FuzzFailure as e:
                self.fail("seed %d: %s" % (n, e))
            n += 1
        self.assertGreater(n, 100)

    @unittest.skipIf(hypothesis is None, "python3-hypothesis not importable by this python3")
    def test_hypothesis_lines(self):
        line = st.one_of(
            st.builds(lambda k, i, v: "%s%s=%s" % (k, i, v), st.sampled_from(KEYS),
                      st.sampled_from(["", "[0]", "[1]", "[3]", "[x]"]),
                      st.one_of(st.sampled_from(ODD), st.text(max_size=12))),
            st.text(max_size=30))

        @hypothesis.settings(max_examples=400, deadline=None, database=None)
        @hypothesis.given(st.sampled_from(SEEDS), st.lists(line, max_size=8), st.randoms())
        def run(seed, extra, rnd):
            lines = seed.splitlines()
            for x in extra:
                lines.insert(rnd.randrange(len(lines) + 1), x)
            check("\n".join(lines) + "\n")

        run()


if __name__ == "__main__":
    unittest.main()
