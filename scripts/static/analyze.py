#!/usr/bin/env python3
"""MISRA C 2012 (cppcheck's addon) and clang-tidy over the RTOS image's C, behind `make check`.

    analyze.py misra            every area; fails unless each area's per-rule finding counts are
                                exactly the ones docs/misra-deviations.md documents
    analyze.py misra-update     the same run; writes the figures found into the existing rows of
                                docs/misra-deviations.md (for review: `git diff`); lists the
                                rules that have no row, which need a reason written by hand
    analyze.py misra-selftest   a file with known violations through the same code: it must be
                                flagged, and the comparison must fail on it
    analyze.py tidy [FILE...]   clang-tidy (.clang-tidy) on every image source, or on FILEs;
                                fails on any finding not in scripts/static/tidy-suppressions
    analyze.py tidy-selftest    a file with known defects must produce them
    analyze.py compdb           write build/static/compile_commands.json (for clang-tidy, clangd)

The sources and their flags are the build's own: `make -n -B image` prints the cross compiler's
command of every object of the RTOS images, so each file is analysed with its room's include
paths and defines (docs/design.md, "Layers"). Test programs (*/tests/) and applications are not
part of the scope. Areas (one table each in docs/misra-deviations.md) are named by path: kernel/,
xen/, arch/, drivers/, lib/ (with include/xenrtos/, the same room), platform/. A finding in a
header counts once, in the header's area, however many files include it; findings in code that is
not ours (Xen's public headers, libfdt) are not counted.

MISRA_ADDON=path overrides the addon dpkg reports (to show that a broken addon fails the check).
"""
import concurrent.futures
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", "build")
WORK = os.path.join(BUILD, "static")
DOC = "docs/misra-deviations.md"
AREAS = ["kernel", "xen", "arch", "drivers", "lib", "platform"]
# Repository paths of the scope: the image's C minus test programs.
SCOPE = re.compile(r"^(kernel/src|xen|arch/aarch64|drivers|lib|platform)/")
NOT_SCOPE = re.compile(r"/tests/")
JOBS = max(1, os.cpu_count() or 1)
# Predefined macros of the cross compiler that our code or Xen's headers test; cppcheck defines
# none of its own, and given one -D it checks only that configuration (one parse per file).
TARGET_DEFINES = ["-D__aarch64__=1", "-D__GNUC__=12", "-D__STDC_VERSION__=201112L",
                  "-D__STDC_HOSTED__=0"]


def fail(msg):
    print(msg)
    sys.exit(1)


def area_of(path):
    """Area of repository path `path`, None for code that is not ours."""
    top = path.split("/", 1)[0]
    if top == "include":
        return "lib"
    return top if top in AREAS else None


# ---- the build's commands ---------------------------------------------------------------------
def build_commands():
    """{source: argv} of the cross compiler, for every C file of the images in the scope."""
    env = dict(os.environ)
    # A parent make's variables (CROSS=..., BUILD=...) apply; its jobserver is not ours to use.
    env["MAKEFLAGS"] = " ".join(t for t in env.get("MAKEFLAGS", "").split()
                                if not t.startswith("--jobserver"))
    p = subprocess.run(["make", "-n", "-B", "image"], cwd=ROOT, env=env, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail("static: `make -n -B image` failed:\n" + p.stderr[-2000:])
    cmds = {}
    for line in p.stdout.splitlines():
        if "gcc " not in line or not re.search(r" -[cS] \S+\.c ", line):
            continue
        argv = shlex.split(line)
        src = argv[argv.index("-c") + 1] if "-c" in argv else argv[argv.index("-S") + 1]
        out = argv[argv.index("-o") + 1] if "-o" in argv else ""
        if "/variant/" in out or src in cmds:
            continue  # an app's recompiled copy: the common object's flags are the reference
        if SCOPE.match(src) and not NOT_SCOPE.search(src):
            cmds[src] = argv
    for a in AREAS:
        if not any(area_of(s) == a for s in cmds):
            fail(f"static: no source of {a}/ in `make -n -B image`: has the build changed?")
    return dict(sorted(cmds.items()))


def libfdt_include(arg_dir):
    """libfdt's headers for analysis: the build's copy (build/libfdt/src) once the build has
    fetched it, before that the same API from Debian's libfdt-dev, through a directory that holds
    only libfdt.h and fdt.h (a cross build must never see the rest of the host's /usr/include)."""
    if os.path.isfile(os.path.join(ROOT, arg_dir, "libfdt.h")):
        return arg_dir
    view = os.path.join(WORK, "libfdt-view")
    os.makedirs(os.path.join(ROOT, view), exist_ok=True)
    for h in ("libfdt.h", "fdt.h"):
        if not os.path.isfile(f"/usr/include/{h}"):
            fail(f"static: neither {arg_dir}/libfdt.h nor /usr/include/{h} (libfdt-dev)")
        try:
            os.symlink(f"/usr/include/{h}", os.path.join(ROOT, view, h))
        except FileExistsError:
            pass  # made by an earlier run, or by misra and tidy at once (make -j)
    return view


def split_flags(argv):
    """(include dirs, defines) of a compiler command, in order."""
    incs, defs = [], []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-I", "-D") and i + 1 < len(argv):
            (incs if a == "-I" else defs).append(argv[i + 1])
            i += 1
        elif a.startswith("-I"):
            incs.append(a[2:])
        elif a.startswith("-D"):
            defs.append(a[2:])
        i += 1
    incs = [libfdt_include(d) if d.endswith("libfdt/src") else d for d in incs]
    return incs, defs


# ---- MISRA ------------------------------------------------------------------------------------
def misra_addon():
    addon = os.environ.get("MISRA_ADDON")
    if not addon:
        p = subprocess.run(["dpkg", "-L", "cppcheck"], text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        addon = next((l for l in p.stdout.splitlines() if l.endswith("/addons/misra.py")), "")
    if not addon or not os.path.isfile(addon):
        fail("misra: cppcheck's MISRA addon (misra.py) not found: is cppcheck installed?")
    return addon


def run(argv):
    return subprocess.run(argv, cwd=ROOT, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)


def misra_tu(addon, work, src, incs, defs):
    """Dump one translation unit and run the addon on it. Returns (findings, ctu-info path).

    cppcheck writes its dump beside the file it is given: it is given a copy under `work`, with
    the original's directory first on the include path, so that "..." includes resolve as they
    do for the compiler and no file ever appears in the source tree."""
    copy = os.path.join(work, "tu", src)
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(os.path.join(ROOT, src), copy)
    argv = ["cppcheck", "-q", "--dump", "--error-exitcode=1", "--std=c11", "--platform=unix64",
            "--suppress=missingIncludeSystem", "-I", os.path.dirname(src) or "."]
    argv += [f"-I{d}" for d in incs] + TARGET_DEFINES + [f"-D{d}" for d in defs] + [copy]
    p = run(argv)
    if p.returncode != 0 or not os.path.isfile(os.path.join(ROOT, copy + ".dump")):
        raise RuntimeError(f"cppcheck failed on {src} (status {p.returncode}):\n{p.stderr[-2000:]}")
    ctu = copy + ".ctu-info"
    # Every unit leaves a summary for the whole-program rules: none means the addon checked
    # nothing. Seen once in many runs (cause unknown): one retry, said aloud, then a failure.
    for attempt in (1, 2):
        findings = addon_run(addon, [copy + ".dump"], src)
        if os.path.isfile(os.path.join(ROOT, ctu)):
            break
        size = os.path.getsize(os.path.join(ROOT, copy + ".dump"))
        if attempt == 2:
            raise RuntimeError(f"the MISRA addon left no summary for {src} (dump {size} bytes, "
                               f"{len(findings)} findings): did it run?")
        print(f"misra: no summary from the addon for {src} (dump {size} bytes): once more")
    os.unlink(os.path.join(ROOT, copy + ".dump"))  # 5-10 MB each
    return findings, ctu


def addon_run(addon, inputs, what):
    """The addon in cppcheck's own mode (--cli: one JSON finding a line, status 0 unless the addon
    itself fails). Anything else on its output is a failure too: it must not pass unseen."""
    p = run(["python3", addon, "--cli"] + inputs)
    junk = [l for l in p.stdout.splitlines() if l.strip() and not l.startswith("{")]
    if p.returncode != 0 or p.stderr.strip() or junk:
        raise RuntimeError(f"the MISRA addon failed on {what} (status {p.returncode}):\n"
                           + (p.stderr + "\n".join(junk))[-2000:])
    out = []
    for l in p.stdout.splitlines():
        if l.startswith("{"):
            j = json.loads(l)
            if j.get("addon") == "misra":
                out.append((j["file"], j["linenr"], j["errorId"].replace("c2012-", "")))
    return out


def misra_findings(tus, addon, work):
    """{(file, line, rule)} of translation units `tus` ({src: (incs, defs)}), whole-program rules
    included (the addon's second pass over every unit's summary, as cppcheck runs it)."""
    shutil.rmtree(os.path.join(ROOT, work), ignore_errors=True)  # summaries are appended to
    os.makedirs(os.path.join(ROOT, work))
    found, ctus, errors = set(), [], []
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        futs = {ex.submit(misra_tu, addon, work, s, *tus[s]): s for s in tus}
        for f in concurrent.futures.as_completed(futs):
            try:
                fs, ctu = f.result()
                found.update(fs)
                ctus.append(ctu)
            except RuntimeError as e:
                errors.append(str(e))
    if errors:
        fail("misra: FAILED, the analysis did not run:\n" + "\n".join(errors))
    try:
        found.update(addon_run(addon, sorted(ctus), "the whole-program summaries"))
    except RuntimeError as e:
        fail(f"misra: FAILED, the analysis did not run:\n{e}")
    prefix = os.path.join(work, "tu") + "/"
    return {(os.path.normpath(f[len(prefix):] if f.startswith(prefix) else f), l, r)
            for f, l, r in found}


def documented_counts(doc_text):
    """{(area, rule): count} from the tables of docs/misra-deviations.md: a `## <area>` heading
    starts an area's table, whose rows are | rule | category | findings | why |."""
    counts, area = {}, None
    for line in doc_text.splitlines():
        m = re.match(r"^##\s+(\w+)\b", line)
        if m:
            area = m.group(1) if m.group(1) in AREAS else None
            continue
        m = re.match(r"^\|\s*(\d+\.\d+)\s*\|[^|]*\|\s*(\d+)\s*\|\s*(\S.*)\|\s*$", line)
        if m and area:
            if (area, m.group(1)) in counts:
                fail(f"misra: {DOC}: rule {m.group(1)} twice in the table of {area}")
            if not m.group(3).strip():
                fail(f"misra: {DOC}: rule {m.group(1)} of {area} has no reason")
            counts[(area, m.group(1))] = int(m.group(2))
    return counts


def rule_key(rule):
    return tuple(int(x) for x in rule.split("."))


def compare(findings, documented, areas):
    """Print the per-area, per-rule table; returns the number of mismatches with `documented`."""
    actual = {}
    for f, l, r in findings:
        a = area_of(f)
        if a:
            actual.setdefault((a, r), []).append(f"{f}:{l}")
    bad = 0
    for a in areas:
        keys = sorted({r for (x, r) in actual if x == a} | {r for (x, r) in documented if x == a},
                      key=rule_key)
        total = sum(len(v) for (x, _), v in actual.items() if x == a)
        print(f"misra: {a}: {total} findings in {len(keys)} rules" if keys else
              f"misra: {a}: no findings")
        for r in keys:
            n, want = len(actual.get((a, r), [])), documented.get((a, r))
            if want is None:
                print(f"misra:   rule {r}: {n} - NOT a documented deviation of {a}:")
            elif n > want:
                print(f"misra:   rule {r}: {n}, {DOC} says {want}: {n - want} NEW:")
            elif n < want:
                print(f"misra:   rule {r}: {n}, {DOC} says {want}: {want - n} fewer - good: "
                      f"write {n} in the table of {a}")
            if want != n:
                bad += 1
                if want is None or n > want:
                    for loc in sorted(actual[(a, r)])[:12]:
                        print(f"misra:     {loc}: misra-c2012-{r}")
    return bad


def update_counts(doc_text, findings):
    """The doc with the figure of every existing row set to the count found; the rules found
    without a row are returned too (a row needs a reason, which only a person can write)."""
    actual = {}
    for f, _, r in findings:
        if area_of(f):
            actual[(area_of(f), r)] = actual.get((area_of(f), r), 0) + 1
    out, area, seen = [], None, set()
    row = re.compile(r"^(\|\s*(\d+\.\d+)\s*\|[^|]*\|\s*)(\d+)(\s*\|.*)$")
    for line in doc_text.splitlines(keepends=True):
        m = re.match(r"^##\s+(\w+)\b", line)
        if m:
            area = m.group(1) if m.group(1) in AREAS else None
        m = row.match(line)
        if m and area:
            seen.add((area, m.group(2)))
            line = f"{m.group(1)}{actual.get((area, m.group(2)), 0)}{m.group(4)}"
            line += "" if line.endswith("\n") else "\n"
        out.append(line)
    return "".join(out), sorted(k for k in actual if k not in seen)


def cmd_misra(update=False):
    addon = misra_addon()
    cmds = build_commands()
    tus = {s: split_flags(a) for s, a in cmds.items()}
    findings = misra_findings(tus, addon, os.path.join(WORK, "misra"))
    foreign = sum(1 for f, _, _ in findings if area_of(f) is None)
    # Every finding, for reading (the check itself compares counts).
    with open(os.path.join(ROOT, WORK, "misra-findings.txt"), "w") as fh:
        for f, l, r in sorted(findings, key=lambda x: (x[0], x[1], rule_key(x[2]))):
            if area_of(f):
                fh.write(f"{f}:{l}: misra-c2012-{r}\n")
    if not any(area_of(f) for f, _, _ in findings):
        fail("misra: FAILED: the addon reported nothing at all (did it run?)")
    with open(os.path.join(ROOT, DOC)) as fh:
        doc_text = fh.read()
    if update:
        text, missing = update_counts(doc_text, findings)
        with open(os.path.join(ROOT, DOC), "w") as fh:
            fh.write(text)
        for a, r in missing:
            print(f"misra-update: {a}: rule {r} has no row: add one, with its reason")
        print(f"misra-update: figures of {DOC} set to the findings (review the diff)")
        sys.exit(1 if missing else 0)
    documented = documented_counts(doc_text)
    bad = compare(findings, documented, AREAS)
    if bad:
        fail(f"misra: FAILED: {bad} rule counts differ from {DOC}: fix a new finding, or deviate "
             "it there with its reason; write the lower figure of a fixed one (`scripts/static/"
             "analyze.py misra-update` sets the figures of existing rows, for review)")
    print(f"misra: {len(tus)} files in {len(AREAS)} areas, every finding as documented "
          f"({foreign} in Xen's headers and libfdt not counted)")


SELFTEST = "scripts/static/selftest/misra_violation.c"


def cmd_misra_selftest():
    """The check can fail: a file with known violations (it includes nothing, so it needs no
    flags), analysed by the same functions, must produce them, and the comparison must fail."""
    addon = misra_addon()
    with open(os.path.join(ROOT, SELFTEST)) as fh:
        expect = {(SELFTEST, i + 1, m.group(1)) for i, l in enumerate(fh)
                  for m in [re.search(r"misra-expect: (\d+\.\d+)", l)] if m}
    found = misra_findings({SELFTEST: ([], [])}, addon, os.path.join(WORK, "misra-selftest"))
    missed = expect - found
    if not expect or missed:
        fail(f"misra-selftest: FAILED: the addon did not report {sorted(missed)} in {SELFTEST}")
    # Counted in an area that documents nothing, the findings must fail the comparison.
    sample = {(f.replace("scripts/", "lib/", 1), l, r) for f, l, r in found}
    with contextlib.redirect_stdout(io.StringIO()):
        bad = compare(sample, {}, ["lib"])
    if bad == 0:
        fail("misra-selftest: FAILED: undocumented findings did not fail the comparison")
    print(f"misra-selftest: the {len(expect)} known violations of {SELFTEST} are found and fail "
          "the comparison (as they must)")


# ---- clang-tidy -------------------------------------------------------------------------------
# gcc options clang does not know; nothing they change matters to the analysis.
GCC_ONLY = {"-fno-tree-loop-distribute-patterns", "-MMD", "-MP", "-Werror"}


def clang_argv(argv):
    """The cross compiler's command for clang: same target, flags and include paths (Xen's public
    headers, libfdt and generated headers as system headers, i.e. not ours to clean)."""
    out = ["clang", "--target=aarch64-linux-gnu"]
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "-o":
            i += 2
            continue
        if a in GCC_ONLY:
            pass
        elif a.startswith("-I") and (a.startswith(f"-I{BUILD}/") or a == "-I"):
            d = argv[i + 1] if a == "-I" else a[2:]
            if a == "-I":
                i += 1
            if d.endswith("libfdt/src"):
                d = libfdt_include(d)
            out += ["-isystem", d] if d.startswith(f"{BUILD}/") else [f"-I{d}"]
        elif a == "-S":
            out.append("-c")
        else:
            out.append(a)
        i += 1
    return out


def cmd_compdb(quiet=False):
    cmds = build_commands()
    db = [{"directory": ROOT, "file": s, "arguments": clang_argv(a)} for s, a in cmds.items()]
    os.makedirs(os.path.join(ROOT, WORK), exist_ok=True)
    path = os.path.join(ROOT, WORK, "compile_commands.json")
    with open(path, "w") as fh:
        json.dump(db, fh, indent=1)
    if not quiet:
        print(f"compdb: {path}: {len(db)} files")
    return [e["file"] for e in db]


FINDING = re.compile(r"^(\S+?):(\d+):(\d+): (warning|error): (.*?)(?: \[([\w.,-]+)\])?$")


def tidy_one(src, argv=None):
    """Findings of one file: with its entry in the compilation database, or with `argv`."""
    cmd = ["clang-tidy", "--quiet", "-p", WORK, src] + (["--"] + argv[1:] if argv else [])
    p = subprocess.run(cmd, cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    found = []
    for line in p.stdout.splitlines():
        m = FINDING.match(line)
        if m:
            f = os.path.relpath(os.path.join(ROOT, m.group(1)), ROOT)
            found.append((f, int(m.group(2)), m.group(6) or m.group(4), m.group(5)))
    if p.returncode != 0 and not found:
        raise RuntimeError(f"clang-tidy failed on {src} (status {p.returncode}):\n"
                           + (p.stderr + p.stdout)[-2000:])
    return found


TIDY_SUPPRESSIONS = "scripts/static/tidy-suppressions"


def tidy_suppressions():
    """[(file, check, text, reason)]: findings in files we may not edit yet, each with its reason.
    An entry matches a finding of `check` in `file` on a line that contains `text` (not a line
    number: it survives edits elsewhere in the file)."""
    out = []
    with open(os.path.join(ROOT, TIDY_SUPPRESSIONS)) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = [x.strip() for x in line.split("|")]
            if len(parts) != 4 or not all(parts):
                fail(f"tidy: {TIDY_SUPPRESSIONS}:{n}: want `file | check | text | reason`")
            out.append(tuple(parts))
    return out


def tidy_config_ok(src):
    """clang-tidy ignores a .clang-tidy it cannot parse and runs its defaults instead: that would
    pass or fail for the wrong reasons, so the configuration is checked to be the one in force."""
    p = subprocess.run(["clang-tidy", "--list-checks", "-p", WORK, src], cwd=ROOT, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    checks = [l.strip() for l in p.stdout.splitlines() if l.startswith("    ")]
    if p.returncode != 0 or "rror" in p.stderr or not any(c.startswith("bugprone-") for c in checks) \
            or not any(c.startswith("cert-") for c in checks) \
            or any(c.startswith("clang-analyzer-") for c in checks):
        fail("tidy: FAILED: .clang-tidy is not the configuration in force:\n"
             + (p.stderr + p.stdout)[-1500:])
    return len(checks)


def cmd_tidy(files):
    if shutil.which("clang-tidy") is None:
        fail("tidy: clang-tidy not found (Debian's clang-tidy package)")
    if not os.path.isfile(os.path.join(ROOT, ".clang-tidy")):
        fail("tidy: no .clang-tidy at the top of the tree")
    srcs = cmd_compdb(quiet=True)
    if files:
        unknown = [f for f in files if f not in srcs]
        if unknown:
            fail(f"tidy: not image sources in the scope: {' '.join(unknown)}")
        srcs = files
    nchecks = tidy_config_ok(srcs[0])
    found, errors = set(), []
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        for f in concurrent.futures.as_completed([ex.submit(tidy_one, s) for s in srcs]):
            try:
                found.update(f.result())
            except RuntimeError as e:
                errors.append(str(e))
    if errors:
        fail("tidy: FAILED, clang-tidy did not run:\n" + "\n".join(errors))
    sups = tidy_suppressions()
    used, left, lines = set(), [], {}
    for f, l, check, msg in sorted(found):
        if f not in lines:
            with open(os.path.join(ROOT, f), errors="replace") as fh:
                lines[f] = fh.read().splitlines()
        code = lines[f][l - 1] if 0 < l <= len(lines[f]) else ""
        hit = [i for i, (sf, sc, st, _) in enumerate(sups)
               if sf == f and sc in check.split(",") and st in code]
        if hit:
            used.update(hit)
        else:
            left.append((f, l, check, msg))
    for f, l, check, msg in left:
        print(f"{f}:{l}: {check}: {msg}")
    stale = [] if files else [sups[i] for i in range(len(sups)) if i not in used]
    for sf, sc, st, _ in stale:
        print(f"tidy: {TIDY_SUPPRESSIONS}: `{sf} | {sc} | {st}` matches no finding any more: "
              "remove it")
    if left or stale:
        fail(f"tidy: FAILED: {len(left)} findings, {len(stale)} stale suppressions (fix a finding;"
             " or, for a false positive, NOLINT(check) with the reason on its line, or disable "
             "the check with its reason in .clang-tidy)")
    print(f"tidy: {len(srcs)} files, {nchecks} checks, no findings "
          f"({len(used)} documented in {TIDY_SUPPRESSIONS})")


TIDY_SELFTEST = "scripts/static/selftest/tidy_violation.c"


def cmd_tidy_selftest():
    """The check can fail: a file with known defects, with the flags of a real source (lib's),
    under the configuration in force, must produce the expected findings."""
    cmds = build_commands()
    cmd_compdb(quiet=True)  # tidy_config_ok reads it: a clean tree has none yet
    argv = [a for a in clang_argv(cmds["lib/string.c"]) if a != "lib/string.c"]
    with open(os.path.join(ROOT, TIDY_SELFTEST)) as fh:
        expect = {(i + 1, m.group(1)) for i, l in enumerate(fh)
                  for m in [re.search(r"tidy-expect: ([\w.-]+)", l)] if m}
    tidy_config_ok("lib/string.c")
    got = {(l, c) for f, l, check, _ in tidy_one(TIDY_SELFTEST, argv)
           for c in check.split(",") if f == TIDY_SELFTEST}
    missed = expect - got
    if not expect or missed:
        fail(f"tidy-selftest: FAILED: clang-tidy did not report {sorted(missed)} in {TIDY_SELFTEST}")
    print(f"tidy-selftest: the {len(expect)} known defects of {TIDY_SELFTEST} are found")


def main():
    os.chdir(ROOT)
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "misra":
        cmd_misra()
    elif cmd == "misra-update":
        cmd_misra(update=True)
    elif cmd == "misra-selftest":
        cmd_misra_selftest()
    elif cmd == "tidy-selftest":
        cmd_tidy_selftest()
    elif cmd == "tidy":
        cmd_tidy(sys.argv[2:])
    elif cmd == "compdb":
        cmd_compdb()
    else:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
