#!/usr/bin/env python3
"""The boot set's manifest and the byte-for-byte comparison behind `make repro-check`.

  tools/repro.py manifest [--build DIR] [-q]    write DIR/manifest.json (default $BUILD or build)
                                                from the artefacts present; rebuilds nothing
  tools/repro.py compare SET DIR_A DIR_B        table of every artefact of SET (images | full) in
                                                two build directories; exit 1 on any difference

The manifest names artefacts by their path inside the build directory and their inputs by
version, never by absolute path or time, so two reproducible builds give the same manifest.
"""

import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCK = os.path.join("dom0", "packages.lock")

# Boot set, by the path inside a build directory. "images" is what CI checks on every submission.
IMAGES = ["aarch64/*.img"]
FULL = IMAGES + ["xen/xen", "xen/xen-syms", "dom0/Image", "dom0/initramfs.cpio.gz", "dom0/idle.img",
                 "service/bin/xenrtos-cmd", "service/bin/xenrtos-flood",
                 "service/initramfs.cpio.gz"]
# Host tools (installed by scripts/setup.sh, not downloaded, so recorded rather than pinned).
TOOLCHAIN = ["gcc-aarch64-linux-gnu", "binutils-aarch64-linux-gnu", "device-tree-compiler",
             "qemu-system-arm", "gzip", "python3"]


def build_dir():
    b = os.environ.get("BUILD", "build")
    return b if os.path.isabs(b) else os.path.join(ROOT, b)


def configs(root=ROOT):
    return sorted(os.path.splitext(os.path.basename(p))[0]
                  for p in glob.glob(os.path.join(root, "config", "*.cfg")))


def dtbs(build):
    """The boot tree of every config/*.cfg that was generated (its plain name, no SET hash)."""
    return ["dt/%s.dtb" % c for c in configs() if os.path.isfile(os.path.join(build, "dt", c + ".dtb"))]


def artefacts(build, patterns):
    found = []
    for p in patterns:
        found += [os.path.relpath(f, build) for f in glob.glob(os.path.join(build, p))]
    return sorted(set(found))


def read_text(path):
    with open(path) as f:
        return f.read()


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_lock(root=ROOT):
    """name -> (users, version, sha256) from dom0/packages.lock."""
    out = {}
    with open(os.path.join(root, LOCK)) as f:
        for line in f:
            w = line.split()
            if w and not line.startswith("#"):
                out[w[1]] = (w[0].split(","), w[2], w[3])
    return out


def git(*args):
    p = subprocess.run(["git", "-C", ROOT] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    return p.stdout.strip() if p.returncode == 0 else "unknown"


def toolchain():
    p = subprocess.run(["dpkg-query", "-W", "-f", "${Package}=${Version}\\n"] + TOOLCHAIN,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return sorted(l for l in p.stdout.splitlines() if not l.endswith("="))


def inputs_of(rel, build, lock):
    """What an artefact came from (besides the commit, which holds our own sources)."""
    def debs(users):
        return ["deb:%s=%s" % (n, v) for n, (u, v, _) in sorted(lock.items())
                if set(u) & set(users)]
    if rel.startswith("aarch64/"):
        src = os.path.join(build, "libfdt", "src", "SOURCE")
        libfdt = read_text(src).strip() if os.path.isfile(src) else "unknown"
        return ["commit", "libfdt from Debian's %s source" % libfdt, "toolchain"]
    if rel.startswith("xen/"):
        _, v, s = lock["xen"]
        return ["src:xen=%s (dsc sha256 %s)" % (v, s), "config/xen/xenrtos.config", "toolchain"]
    if rel.startswith("dt/"):
        return ["config/%s.cfg" % os.path.splitext(os.path.basename(rel))[0],
                "the sizes of the images it names", "toolchain (QEMU's machine tree, dtc)"]
    if rel == "dom0/Image":
        return debs(["kernel"])
    if rel.startswith("dom0/"):
        return ["commit"] + debs(["dom0"])
    if rel.startswith("service/"):
        return ["commit", "dom0/initramfs.cpio.gz", "aarch64/demo.img"] + debs(["client", "kmod"])
    return ["commit"]


def manifest(build=None):
    """Writes BUILD/manifest.json (only if its content changed); returns (path, digest, entries)."""
    build = build or build_dir()
    lock = read_lock()
    entries = {}
    for rel in artefacts(build, FULL) + dtbs(build):
        p = os.path.join(build, rel)
        entries[rel] = {"size": os.path.getsize(p), "sha256": sha256(p),
                        "inputs": inputs_of(rel, build, lock)}
    m = {
        "commit": git("rev-parse", "HEAD"),
        "describe": git("describe", "--always", "--dirty"),
        "source_date_epoch": int(git("log", "-1", "--format=%ct") or 0),
        "lock": {"path": LOCK, "sha256": sha256(os.path.join(ROOT, LOCK)),
                 "packages": {n: v for n, (_, v, _) in sorted(lock.items())}},
        "toolchain": toolchain(),
        "artefacts": entries,
    }
    text = json.dumps(m, indent=1, sort_keys=True) + "\n"
    path = os.path.join(build, "manifest.json")
    old = read_text(path) if os.path.isfile(path) else None
    if old != text:
        os.makedirs(build, exist_ok=True)
        tmp = "%s.%d.tmp" % (path, os.getpid())  # several runs may refresh it at once
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    return path, hashlib.sha256(text.encode()).hexdigest(), entries


def boot_banner(paths):
    """One line for tools/run: the manifest's digest and the short sha256 of each booted file."""
    build = build_dir()
    path, digest, entries = manifest(build)
    booted = []
    for p in paths:
        rel = os.path.relpath(p, build)
        h = entries[rel]["sha256"] if rel in entries else sha256(p)
        booted.append("%s@%s" % (rel if not rel.startswith("..") else p, h[:12]))
    return "run: boot set: manifest sha256 %s (%s); booting %s" % (
        digest, os.path.relpath(path, ROOT), " ".join(booted))


def first_difference(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        offset = 0
        while True:
            x, y = fa.read(1 << 16), fb.read(1 << 16)
            if x != y:
                n = min(len(x), len(y))
                i = next((k for k in range(n) if x[k] != y[k]), n)
                return offset + i
            if not x:
                return None
            offset += len(x)


def compare(which, a, b):
    patterns = IMAGES if which == "images" else FULL
    names = sorted(set(artefacts(a, patterns) + artefacts(b, patterns) + dtbs(a) + dtbs(b)
                       + ["manifest.json"]))
    rows, bad = [], []
    for rel in names:
        pa, pb = os.path.join(a, rel), os.path.join(b, rel)
        if not (os.path.isfile(pa) and os.path.isfile(pb)):
            rows.append((rel, "-", "missing in " + (b if os.path.isfile(pa) else a), "NO"))
            bad.append((rel, "built in one tree only"))
            continue
        ha, hb = sha256(pa), sha256(pb)
        same = ha == hb
        rows.append((rel, str(os.path.getsize(pa)), ha if same else ha + " / " + hb,
                     "yes" if same else "NO"))
        if not same:
            off = first_difference(pa, pb)
            bad.append((rel, "first difference at byte offset %d (0x%x)" % (off, off)))
            if shutil.which("diffoscope"):
                out = os.path.join(os.environ.get("REPRO_DIR", "."),
                                   "diffoscope-" + rel.replace("/", "_") + ".txt")
                subprocess.run(["diffoscope", "--text", out, pa, pb],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                bad.append((rel, "diffoscope report: " + out))
    w = max(len(r[0]) for r in rows)
    print("%-*s %10s  %-64s  %s" % (w, "artefact", "size", "sha256", "identical"))
    for r in rows:
        print("%-*s %10s  %-64s  %s" % (w, r[0], r[1], r[2], r[3]))
    for rel, why in bad:
        print("repro: DIFFERENT %s: %s" % (rel, why))
    print("repro: %d artefacts, %d identical, %d different" % (len(rows), len(rows) - len(set(
        r for r, _ in bad)), len(set(r for r, _ in bad))))
    return 1 if bad else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "manifest":
        build = argv[argv.index("--build") + 1] if "--build" in argv else None
        path, digest, entries = manifest(build)
        if "-q" not in argv:
            print("repro: %s: %d artefacts, sha256 %s" % (os.path.relpath(path, ROOT),
                                                          len(entries), digest))
        return 0
    if len(argv) == 5 and argv[1] == "compare" and argv[2] in ("images", "full"):
        return compare(argv[2], argv[3], argv[4])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
