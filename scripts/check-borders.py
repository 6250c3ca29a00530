#!/usr/bin/env python3
"""Border check behind `make check`: every #include of our C, headers and assembly must respect the
layers of docs/design.md ("Layers"). Prints each include that crosses a border the wrong way, with
the rule it breaks, and exits 1 if there is any.

A file belongs to a room by its path; an included header to a class by where it is found (the
include directories of the build, searched as the compiler would: the file's own directory
first). System headers in <...> are not checked, except <libfdt.h>: only the platform's tree
reader (and tests of the platform) may use libfdt.

    scripts/check-borders.py            check the tree (git ls-files)
    scripts/check-borders.py FILE...    check these files only
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Include directories, in the order the builds use them (arch/aarch64/aarch64.mk,
# tests/host/tests.mk).
INCLUDE_DIRS = [
    "include", "kernel/include", "kernel/src", "arch/aarch64/include", "arch/host/include",
    "lib/include", "drivers/include", "platform/include", "xen/include", "apps/include",
    "tests/host", "fuzz", "apps/demo", "apps/service",  # -I of apps reused by others and host tests
    "kernel/tests",  # the kernel tests' shared model (kernel/tests/smp-sched/app.mk)
]

# ---- header classes ----------------------------------------------------------------------------
# CPU-port headers any room above the CPU may use: counters, barriers, MMIO, system registers.
ARCH_LOW = {"arch/counter.h", "arch/barrier.h", "arch/asm.h", "arch/mmio.h", "arch/sysreg.h",
            "arch/cpu.h", "arch/spinlock.h"}
XEN_ABI = {"xen_hypercall_table.h", "xen_public.h"}  # Xen's numbers, no code: the arch may use them


def header_class(inc, path):
    """Class of included header `inc`, found at repository path `path` (None if not found)."""
    if path is None:
        if inc == "asm-offsets.h":
            return "arch"  # generated from arch/aarch64/offsets.c
        if inc.startswith("xen/"):
            return "xen-public"  # Xen's public headers (libxen-dev)
        return "unknown"
    if path.startswith("kernel/src/"):
        return "kernel-private"
    if path.startswith("kernel/tests/"):
        return "kernel-test"
    if path == "kernel/include/tx_arch.h":
        return "kernel-port"
    if path.startswith("kernel/include/"):
        return "kernel-api"
    if re.match(r"arch/[^/]+/include/tx_port\.h$", path):
        return "port-config"  # included by tx_api.h: the port's types and TX_DISABLE
    if re.match(r"arch/[^/]+/include/", path):
        return "arch-low" if inc in ARCH_LOW else "arch"
    if path.startswith("platform/include/"):
        return "platform-dt" if inc == "platform/dt.h" else "platform"
    if path.startswith("drivers/include/"):
        return "driver-api"
    if path.startswith("drivers/"):
        return "driver-private:" + os.path.dirname(path)
    if path == "xen/include/xen_port.h":
        return "xen-port"
    if path.startswith("xen/include/"):
        return "xen-abi" if os.path.basename(path) in XEN_ABI else "xen-api"
    if path.startswith("xen/") and path.endswith(".c"):
        return "xen-source"  # a white-box host test compiling the layer's file into itself
    if path.startswith("lib/include/"):
        return "lib"
    if path.startswith("include/xenrtos/"):
        return "shared"
    if path.startswith("apps/"):
        return "app"
    if path.startswith("tests/host/"):
        return "host-test"
    if path.startswith("fuzz/"):
        return "fuzz"
    return "other:" + path


# ---- rooms and what each may include ----------------------------------------------------------
PUBLIC = {"kernel-api", "port-config", "shared", "lib"}
APP_VIEW = PUBLIC | {"xen-api", "xen-abi", "xen-public", "driver-api", "arch-low", "app"}
PORT_VIEW = APP_VIEW | {"kernel-port", "arch", "platform", "platform-dt", "libfdt"}

ROOMS = [
    # (room, path regex, allowed classes, why)
    ("kernel", r"kernel/(src|include)/", {"kernel-private", "kernel-api", "kernel-port",
                                          "port-config", "lib"},
     "the portable kernel knows no CPU, platform or Xen: only its own headers and the port's "
     "tx_port.h"),
    ("kernel-test", r"kernel/tests/", PORT_VIEW | {"kernel-private", "host-test", "kernel-test"},
     "the kernel's white-box tests"),
    ("port-test", r"(arch/[^/]+|platform)/tests/", PORT_VIEW | {"app"},
     "tests of the CPU port or the platform see those rooms"),
    ("arch", r"arch/[^/]+/", PUBLIC | {"kernel-port", "arch", "arch-low", "xen-abi",
                                       "xen-public"},
     "the CPU port knows the kernel's border (tx_arch.h) and Xen's numbers, not the platform, "
     "the drivers or the Xen layer (it calls the platform through hooks declared in arch/arch.h)"),
    ("platform", r"platform/", PORT_VIEW - {"app"} | {"xen-port"},
     "the platform wires CPU, drivers, kernel tick and Xen layer together"),
    ("driver", r"drivers/", {"driver-api", "arch-low", "shared", "lib"},
     "a driver uses the CPU's low-level headers and its own, nothing of the arch's internals, the "
     "platform or the kernel"),
    ("xen", r"xen/", PUBLIC | {"xen-api", "xen-abi", "xen-port", "xen-public", "platform-dt"}
     | {"arch-barrier"},
     "the Xen layer is portable: the machine only through xen_port.h and the tree reader, the "
     "CPU only through arch/barrier.h"),
    ("shared", r"include/xenrtos/", {"shared", "arch-low", "lib"},
     "portable headers of every room"),
    ("lib", r"lib/", {"lib", "shared"}, "the C library subset depends on nothing"),
    ("app", r"apps/", APP_VIEW,
     "applications see tx_api.h, xenrtos/platform.h, the Xen layer's and the drivers' APIs"),
    ("host-test", r"(tests/host|fuzz)/", APP_VIEW | {"kernel-port", "host-test", "platform-dt",
                                                     "xen-port", "xen-source", "arch", "libfdt",
                                                     "fuzz"},
     "host tests and fuzz targets may not see kernel/src (the kernel's own tests live in "
     "kernel/tests)"),
]


def room_of(path):
    for name, rx, allowed, why in ROOMS:
        if re.match(rx, path):
            return name, allowed, why
    return None, None, None


def resolve(inc, src):
    """Repository path of quoted include `inc` from file `src`, as the compiler finds it."""
    here = os.path.normpath(os.path.join(os.path.dirname(src), inc))
    if os.path.isfile(os.path.join(ROOT, here)):
        return here
    for d in INCLUDE_DIRS:
        p = os.path.join(d, inc)
        if os.path.isfile(os.path.join(ROOT, p)):
            return p
    return None


INCLUDE_RX = re.compile(r'^\s*#\s*include(_next)?\s*([<"])([^>"]+)[>"]')


def check_file(path, lines):
    """Violations of `path` (repository path) whose text is `lines`: list of strings."""
    room, allowed, why = room_of(path)
    if room is None:
        return []
    bad = []
    for n, line in enumerate(lines, 1):
        m = INCLUDE_RX.match(line)
        if not m:
            continue
        system, inc = m.group(2) == "<", m.group(3)
        if system:
            if inc != "libfdt.h":
                continue
            cls = "libfdt"
            if room == "platform" and path != "platform/dt.c":
                bad.append(f"{path}:{n}: includes <libfdt.h>: only platform/dt.c, the one tree "
                           "reader, calls libfdt")
                continue
        else:
            cls = header_class(inc, resolve(inc, path))
        if cls == "arch-low" and inc == "arch/barrier.h":
            cls_ok = "arch-barrier" in allowed or "arch-low" in allowed
        elif cls.startswith("driver-private:"):
            # A host test may model a driver's hardware interface (tests/host/test_gic.c
            # implements struct gic_ops): white-box, like the kernel's own tests.
            cls_ok = path.startswith(cls.split(":", 1)[1] + "/") or room == "host-test"
        else:
            cls_ok = cls in allowed
        if not cls_ok:
            bad.append(f'{path}:{n}: includes "{inc}" ({cls}) from room {room}: {why}')
    return bad


def tracked_files():
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "--",
                          "*.c", "*.h", "*.S"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    return [f for f in out if not f.startswith("build/")]


def main(argv):
    files = [os.path.relpath(os.path.abspath(f), ROOT) for f in argv] or tracked_files()
    bad = []
    checked = 0
    for f in files:
        if room_of(f)[0] is None:
            continue
        with open(os.path.join(ROOT, f), encoding="utf-8", errors="replace") as fh:
            bad += check_file(f, fh.read().splitlines())
        checked += 1
    for b in bad:
        print(b)
    if bad:
        print(f"check-borders: {len(bad)} include(s) cross a border the wrong way "
              "(docs/design.md, Layers)")
        return 1
    print(f"check-borders: {checked} files, every include within its room's borders")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
