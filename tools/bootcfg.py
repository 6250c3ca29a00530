"""xenrtos boot configuration: parser, module placement and Xen dom0less device tree generator.

A configuration is an ImageBuilder-like file of shell-style assignments (KEY=value,
DOMU_KERNEL[0]=...), read here without a shell: no expansion, one value per line, `#` comments.
Every error names the key and file:line. See config/README.md for the keys.

The generated tree is QEMU's own virt tree (dumped with -machine dumpdtb for the same GIC version,
CPU count and memory size the runner uses) plus the /chosen nodes of Xen's dom0less boot
(xen/docs/misc/arm/device-tree/booting.txt and cpupools.txt in Xen's source).

BARE_METAL=1 drops Xen: QEMU boots KERNEL itself (-kernel, entered at EL1 with x0 = QEMU's own
tree, CMD in its /chosen/bootargs); no boot tree is generated and only machine keys apply.
"""

import os
import re
import shlex
import subprocess

import fdt

# QEMU virt machine memory map (hw/arm/virt.c) and where QEMU's loader puts things for -kernel.
RAM_BASE = 0x40000000
XEN_LOAD_ADDR = 0x40200000  # Xen's Image header: text_offset 0x200000
DTB_ADDR = 0x48000000  # QEMU: RAM base + min(RAM/2, 128 MB)
DTB_MAX = 2 << 20
MODULE_BASE = 0x50000000  # first address we place boot modules at (above Xen and the DTB)
MODULE_ALIGN = 2 << 20
PAGE = 4096

# Xen's guest memory map (xen/include/public/arch-arm.h): where a domU's RAM and kernel land.
GUEST_RAM0_BASE = 0x40000000
GUEST_RAM0_SIZE = 0xC0000000
IMAGE_MAGIC_OFFSET = 0x38
IMAGE_MAGIC = b"ARM\x64"

# Xen's guest memory map besides RAM (xen/include/public/arch-arm.h, Xen 4.17): a passed-through
# device's guest range must not land on one of these.
GUEST_RESERVED = [
    (0x03000000, 0x04020000, "the guest's GIC (GUEST_GICD/GICC/GICR)"),
    (0x22000000, 0x22001000, "the guest's vpl011 (GUEST_PL011_BASE)"),
    (0x38000000, 0x3A000000, "the grant table and magic pages (GUEST_GNTTAB_BASE, GUEST_MAGIC_BASE)"),
    (GUEST_RAM0_BASE, GUEST_RAM0_BASE + GUEST_RAM0_SIZE, "the guest RAM window (GUEST_RAM0)"),
]
GUEST_VPL011_SPI = 32  # the vpl011's interrupt ID in a domain that is not direct-mapped
GUEST_PHANDLE_GIC = 65000  # Xen's phandle for the guest's GIC; the partial tree's /gic stands in
PARTIAL_DTB_SIZE = 0x10000  # generated partial trees are padded to this (dtc -S): placed early

MAX_SHM_ID_LEN = 15  # Xen: MAX_SHM_ID_LENGTH 16 including the NUL
EVTCHN_MAX_PORT = 4095  # 2-level ABI limit, the lowest common one (booting.txt)

# QEMU's direct boot of an arm64 Image without Xen (hw/arm/boot.c, QEMU 7.2): the image goes to
# RAM base + text_offset (an offset below 4 KB, where QEMU's boot stub lives, gets 2 MB added;
# image_size 0 means an old header: offset 0x80000), the tree at RAM base + min(RAM / 2, 128 MB).
BARE_STUB_SIZE = 0x1000
BARE_OLD_TEXT_OFFSET = 0x80000
# The keys a bare-metal configuration may have: the machine's. Everything else is Xen's.
BARE_KEYS = ("BARE_METAL", "KERNEL", "CMD", "GIC_VERSION", "NUM_CPUS", "QEMU_MEM", "QEMU_CPU",
             "QEMU_ICOUNT", "QEMU_ICOUNT_SLEEP")

SCHEDULERS = ("credit", "credit2", "null", "rtds", "arinc653")
ENHANCED = ("enabled", "no-xenstore", "disabled", "none")


class ConfigError(Exception):
    """A configuration problem; str() is 'file:line: KEY: what is wrong'."""


class Value:
    """One assignment from the file, with where it came from (for error messages)."""

    def __init__(self, key, index, text, path, line):
        self.key = key
        self.index = index
        self.text = text
        self.path = path
        self.line = line

    @property
    def name(self):
        return self.key if self.index is None else "%s[%d]" % (self.key, self.index)

    def where(self):
        return "%s:%d: %s" % (self.path, self.line, self.name)

    def error(self, msg):
        return ConfigError("%s: %s" % (self.where(), msg))

    def int(self, lo=None, hi=None):
        try:
            v = int(self.text, 0)
        except ValueError:
            raise self.error("expected an integer, got %r" % self.text) from None
        if lo is not None and v < lo:
            raise self.error("%d is below the minimum %d" % (v, lo))
        if hi is not None and v > hi:
            raise self.error("%d is above the maximum %d" % (v, hi))
        return v

    def choice(self, choices):
        if self.text not in choices:
            raise self.error("expected one of %s, got %r" % (", ".join(choices), self.text))
        return self.text


# Key -> (indexed?, description). The description is for config/README.md and --help-keys.
KEYS = {
    "BARE_METAL": (False, "1 = no Xen: QEMU boots KERNEL directly (its own device tree, entry at "
                          "EL1); 0 (default) = the RTOS runs under Xen"),
    "KERNEL": (False, "with BARE_METAL=1: the image QEMU boots (arm64 Image, QEMU -kernel)"),
    "CMD": (False, "with BARE_METAL=1: the image's command line (QEMU -append: /chosen/bootargs)"),
    "XEN_CMD": (False, "Xen command line (xen,xen-bootargs)"),
    "GIC_VERSION": (False, "2 or 3 (QEMU virt gic-version)"),
    "NUM_CPUS": (False, "host CPUs (QEMU -smp), 1..8"),
    "QEMU_MEM": (False, "machine memory in MB (QEMU -m), at most 3072 (default 1024, bare metal "
                        "128)"),
    "QEMU_CPU": (False, "QEMU -cpu model (default cortex-a57)"),
    "QEMU_ICOUNT": (False, "QEMU -icount shift=N (deterministic time; under Xen needs NUM_CPUS=1)"),
    "QEMU_ICOUNT_SLEEP": (False, "with QEMU_ICOUNT: on (idle time passes in real time) or off "
                                 "(idle time is skipped: tests and benchmarks)"),
    "NUM_DOMUS": (False, "number of dom0less domains (default: highest DOMU_* index + 1)"),
    "CPUPOOL": (True, '"CPUS SCHED": CPUS = comma-separated host CPU numbers, SCHED a Xen scheduler'),
    "DOM0_KERNEL": (False, "dom0 kernel image (arm64 Image)"),
    "DOM0_KERNEL_ADDR": (False, "fixed load address of DOM0_KERNEL (default: placed)"),
    "DOM0_RAMDISK": (False, "dom0 initramfs"),
    "DOM0_RAMDISK_ADDR": (False, "fixed load address of DOM0_RAMDISK (default: placed)"),
    "DOM0_MEM": (False, "dom0 memory in MB (Xen dom0_mem=)"),
    "DOM0_VCPUS": (False, "dom0 vCPUs (Xen dom0_max_vcpus=)"),
    "DOM0_CMD": (False, "dom0 kernel command line"),
    "DOMU_NAME": (True, "node name under /chosen (default domU<i>)"),
    "DOMU_KERNEL": (True, "kernel image (arm64 Image), required for each domain"),
    "DOMU_KERNEL_ADDR": (True, "fixed load address (default: placed from 0x50000000, 2 MB aligned)"),
    "DOMU_RAMDISK": (True, "ramdisk image"),
    "DOMU_RAMDISK_ADDR": (True, "fixed load address of the ramdisk"),
    "DOMU_MEM": (True, "memory in MB (default 64)"),
    "DOMU_VCPUS": (True, "vCPUs (default 1)"),
    "DOMU_CMD": (True, "bootargs of the kernel module"),
    "DOMU_CPUPOOL": (True, "index of the CPUPOOL the domain starts in"),
    "DOMU_VPL011": (True, "1 (default) = emulated PL011 at 0x22000000, 0 = none"),
    "DOMU_ENHANCED": (True, "xen,enhanced: enabled | no-xenstore (default) | disabled | none (absent)"),
    "DOMU_STATIC_EVTCHNS": (True, '"LOCAL REMOTE_DOMU REMOTE_PORT[; ...]" static event channels'),
    "DOMU_SHARED_MEM": (True, '"ID HOST_ADDR|auto GUEST_ADDR SIZE [owner|borrower]" static shm'),
    "DOMU_PASSTHROUGH_PATHS": (True, "host device-tree paths of devices given to the domain (space "
                                     "or comma separated; empty: none); the partial tree is "
                                     "generated unless DOMU_PASSTHROUGH_DTB is set"),
    "DOMU_PASSTHROUGH_DTB": (True, "hand-written partial device tree (.dtb, or .dts compiled here) "
                                   "with a /passthrough node (Xen docs/misc/arm/passthrough.txt)"),
    "DOMU_STATIC_MEM": (True, '"HOST_ADDR SIZE[; HOST_ADDR SIZE]" xen,static-mem banks (DOMU_MEM '
                              "defaults to their total)"),
    "XL_PASSTHROUGH_PATHS": (False, "host device-tree paths kept from dom0 (xen,passthrough) for a "
                                    "domain that dom0 creates with `xl create` (iomem, irqs)"),
    "DOMU_DIRECT_MAP": (True, "with DOMU_STATIC_MEM: 1 (default) = direct-map (guest physical = "
                              "host physical), 0 = static memory at the usual guest addresses"),
}

ASSIGN_RE = re.compile(r"^([A-Z][A-Z0-9_]*)(?:\[([0-9]+)\])?=(.*)$")


def parse_file(path, text=None):
    """Returns {(key, index): Value}; raises ConfigError on syntax errors and unknown keys."""
    if text is None:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise ConfigError("%s: cannot read: %s" % (path, e.strerror)) from None
    values = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = ASSIGN_RE.match(line)
        if not m:
            raise ConfigError("%s:%d: expected KEY=value or KEY[N]=value, got %r" % (path, lineno, line))
        key, idx, rhs = m.group(1), m.group(2), m.group(3)
        idx = None if idx is None else int(idx)
        where = "%s:%d: %s" % (path, lineno, key if idx is None else "%s[%d]" % (key, idx))
        if key not in KEYS:
            raise ConfigError("%s: unknown key (known keys: see config/README.md)" % where)
        indexed = KEYS[key][0]
        if indexed and idx is None:
            raise ConfigError("%s: needs an index, e.g. %s[0]=..." % (where, key))
        if not indexed and idx is not None:
            raise ConfigError("%s: takes no index" % where)
        # Single quotes are literal; in double quotes or bare words, $ and ` would be shell
        # expansion, which we do not do (the file is never sourced).
        if re.search(r"[$`]", re.sub(r"'[^']*'", "", rhs)):
            raise ConfigError("%s: shell expansion ($, `) is not supported" % where)
        try:
            words = shlex.split(rhs, comments=True)
        except ValueError as e:
            raise ConfigError("%s: %s" % (where, e)) from None
        if len(words) > 1:
            raise ConfigError("%s: several words; quote the value" % where)
        if (key, idx) in values:
            raise ConfigError("%s: already set at line %d" % (where, values[(key, idx)].line))
        values[(key, idx)] = Value(key, idx, words[0] if words else "", path, lineno)
    return values


class Module:
    """A file Xen gets from the boot loader (here: QEMU's generic loader) at a physical address."""

    def __init__(self, kind, path, owner_value, addr_value=None):
        self.kind = kind  # "kernel" | "ramdisk"
        self.path = path  # absolute
        self.value = owner_value
        self.addr_value = addr_value
        self.size = 0
        self.addr = None
        self.generated = False  # a partial tree generate() writes (path set then)
        self.source = None  # a .dts generate() compiles to path

    @property
    def end(self):
        return self.addr + self.size


class Domain:
    def __init__(self, index):
        self.index = index
        self.name = "domU%d" % index
        self.kernel = None
        self.ramdisk = None
        self.mem_mb = 64
        self.vcpus = 1
        self.cmd = None
        self.cpupool = None
        self.vpl011 = True
        self.enhanced = "no-xenstore"
        self.evtchns = []  # [(local, remote_domain_index, remote_port, Value)]
        self.shms = []  # [ShmUse]
        self.passthrough_paths = []  # host paths, from DOMU_PASSTHROUGH_PATHS
        self.passthrough_value = None
        self.passthrough_dtb = None  # Module (kind "device-tree"): hand-written or generated
        self.static_mem = []  # [(host address, size)]
        self.direct_map = False
        self.devices = []  # [Device], filled by check_passthrough() from the host tree

    def guest_ram(self):
        """Guest-physical RAM ranges: the static banks 1:1 if direct-mapped, else GUEST_RAM0."""
        if self.direct_map:
            return [(a, a + s) for a, s in self.static_mem]
        return [(GUEST_RAM0_BASE, GUEST_RAM0_BASE + (self.mem_mb << 20))]


class Device:
    """A device given to a domain: host node, MMIO (host address, size, guest address), SPIs."""

    def __init__(self, path, mmio, irqs, value, source):
        self.path = path
        self.mmio = mmio
        self.irqs = irqs
        self.value = value  # the configuration key that asks for it
        self.source = source  # where it was read (for messages)


class Shm:
    def __init__(self, shm_id, host, size, value):
        self.id = shm_id
        self.host = host  # None = auto
        self.size = size
        self.value = value


class ShmUse:
    def __init__(self, shm, guest, role, value):
        self.shm = shm
        self.guest = guest
        self.role = role
        self.value = value


class Config:
    """A validated configuration with every module placed."""

    def __init__(self, path, root, values=None, check_files=True):
        self.path = path
        self.root = root
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.values = parse_file(path) if values is None else values
        self.check_files = check_files
        self._build()

    # -- helpers
    def _v(self, key, index=None):
        return self.values.get((key, index))

    def _int(self, key, default, lo=None, hi=None, index=None):
        v = self._v(key, index)
        return default if v is None else v.int(lo, hi)

    def _file(self, v):
        if v.text == "":
            raise v.error("empty path")
        p = v.text if os.path.isabs(v.text) else os.path.join(self.root, v.text)
        if self.check_files and not os.path.isfile(p):
            raise v.error("file not found: %s (paths are relative to the repository root)" % v.text)
        return p

    def _module(self, kind, key, addr_key, index=None):
        v = self._v(key, index)
        if v is None:
            a = self._v(addr_key, index)
            if a is not None:
                raise a.error("set without %s" % (key if index is None else "%s[%d]" % (key, index)))
            return None
        m = Module(kind, self._file(v), v, self._v(addr_key, index))
        if self.check_files:
            m.size = os.path.getsize(m.path)
            if m.size == 0:
                raise v.error("empty file: %s" % v.text)
            if kind == "kernel":
                with open(m.path, "rb") as f:
                    head = f.read(IMAGE_MAGIC_OFFSET + 4)
                if head[IMAGE_MAGIC_OFFSET:] != IMAGE_MAGIC:
                    raise v.error("%s is not an arm64 Image (no 'ARM\\x64' magic at 0x38)" % v.text)
        else:
            m.size = PAGE
        return m

    # -- validation and placement
    def _build(self):
        bv = self._v("BARE_METAL")
        self.bare = bv is not None and bv.choice(("0", "1")) == "1"
        self.gic = self._v("GIC_VERSION").choice(("2", "3")) if self._v("GIC_VERSION") else "3"
        self.gic = int(self.gic)
        self.cpus = self._int("NUM_CPUS", 1, 1, 8)
        # Xen and its modules need a few hundred MB; the RTOS alone is happy in a few MB.
        if self.bare:
            self.mem_mb = self._int("QEMU_MEM", 128, 16, 3072)
        else:
            self.mem_mb = self._int("QEMU_MEM", 1024, 256, 3072)
        self.ram_end = RAM_BASE + (self.mem_mb << 20)
        self.qemu_cpu = self._v("QEMU_CPU").text if self._v("QEMU_CPU") else "cortex-a57"
        if not re.match(r"^[a-z0-9-]+$", self.qemu_cpu):
            raise self._v("QEMU_CPU").error("not a CPU model name: %r" % self.qemu_cpu)
        self.icount = None
        self.icount_sleep = True
        if self._v("QEMU_ICOUNT_SLEEP"):
            self.icount_sleep = self._v("QEMU_ICOUNT_SLEEP").choice(("on", "off")) == "on"
        if self._v("QEMU_ICOUNT"):
            self.icount = self._int("QEMU_ICOUNT", 0, 0, 10)
            # Xen 4.17 hangs on QEMU 7.2's -icount with -smp 2 (tests/qemu/README.md); the RTOS
            # alone runs on several CPUs in virtual time.
            if self.cpus != 1 and not self.bare:
                raise self._v("QEMU_ICOUNT").error("-icount needs NUM_CPUS=1 under Xen (have %d)"
                                                   % self.cpus)
        self.xen_cmd = self._v("XEN_CMD").text if self._v("XEN_CMD") else ""
        if self.bare:
            self._build_bare(bv)
            return
        self.kernel = None
        self.cmd = None
        for key in ("KERNEL", "CMD"):
            v = self._v(key)
            if v is not None:
                hint = "DOMU_KERNEL[i]" if key == "KERNEL" else "DOMU_CMD[i]"
                raise v.error("only with BARE_METAL=1 (under Xen a domain's is %s)" % hint)

        # cpupools
        self.pools = {}
        used_cpus = {}
        for (key, idx), v in sorted(self.values.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
            if key != "CPUPOOL":
                continue
            words = v.text.split()
            if len(words) != 2:
                raise v.error('expected "CPUS SCHED", e.g. "1,2 null", got %r' % v.text)
            cpus = []
            for c in words[0].split(","):
                c = c.strip()
                c = c[len("/cpus/"):] if c.startswith("/cpus/") else c
                c = c[len("cpu@"):] if c.startswith("cpu@") else c
                if not c.isdigit():
                    raise v.error("bad CPU %r (use numbers like 0,1)" % c)
                n = int(c)
                if n >= self.cpus:
                    raise v.error("CPU %d does not exist (NUM_CPUS=%d)" % (n, self.cpus))
                if n in used_cpus:
                    raise v.error("CPU %d is already in CPUPOOL[%d]" % (n, used_cpus[n]))
                used_cpus[n] = idx
                cpus.append(n)
            sched = words[1]
            if sched not in SCHEDULERS:
                raise v.error("unknown scheduler %r (%s)" % (sched, ", ".join(SCHEDULERS)))
            self.pools[idx] = (cpus, sched)

        # domains
        dom_idx = {idx for (key, idx) in self.values if key.startswith("DOMU_")}
        nv = self._v("NUM_DOMUS")
        if nv is not None:
            self.num_domus = nv.int(0, 16)
            for (key, idx), v in self.values.items():
                if key.startswith("DOMU_") and idx >= self.num_domus:
                    raise v.error("index %d but NUM_DOMUS=%d" % (idx, self.num_domus))
        else:
            self.num_domus = max(dom_idx) + 1 if dom_idx else 0
        self.domains = []
        for i in range(self.num_domus):
            d = Domain(i)
            kv = self._v("DOMU_KERNEL", i)
            if kv is None:
                where = "%s: DOMU_KERNEL[%d]" % (self.path, i)
                raise ConfigError("%s: missing (domain %d has no kernel image)" % (where, i))
            if self._v("DOMU_NAME", i):
                d.name = self._v("DOMU_NAME", i).text
                if not re.match(r"^[A-Za-z][A-Za-z0-9_-]{0,30}$", d.name):
                    raise self._v("DOMU_NAME", i).error("not a valid node name: %r" % d.name)
            # dtc would merge two nodes of the same name into one domain
            same = [o for o in self.domains if o.name == d.name]
            if same:
                v = self._v("DOMU_NAME", i) or self._v("DOMU_NAME", same[0].index)
                raise v.error("domain name %r is used by domains %d and %d" % (d.name, same[0].index, i))
            d.kernel = self._module("kernel", "DOMU_KERNEL", "DOMU_KERNEL_ADDR", i)
            d.ramdisk = self._module("ramdisk", "DOMU_RAMDISK", "DOMU_RAMDISK_ADDR", i)
            d.mem_mb = self._int("DOMU_MEM", 64, 1, 3072, i)
            d.vcpus = self._int("DOMU_VCPUS", 1, 1, 128, i)
            d.cmd = self._v("DOMU_CMD", i).text if self._v("DOMU_CMD", i) else None
            if self._v("DOMU_VPL011", i):
                d.vpl011 = self._v("DOMU_VPL011", i).choice(("0", "1")) == "1"
            if self._v("DOMU_ENHANCED", i):
                d.enhanced = self._v("DOMU_ENHANCED", i).choice(ENHANCED)
            pv = self._v("DOMU_CPUPOOL", i)
            if pv is not None:
                d.cpupool = pv.int(0)
                if d.cpupool not in self.pools:
                    raise pv.error("CPUPOOL[%d] is not defined" % d.cpupool)
                cpus, sched = self.pools[d.cpupool]
                if sched == "null" and d.vcpus > len(cpus):
                    raise pv.error("null scheduler runs one vCPU per CPU: %d vCPUs, %d CPUs in CPUPOOL[%d]"
                                   % (d.vcpus, len(cpus), d.cpupool))
            self._static_mem(d)
            self._passthrough_keys(d)
            self.domains.append(d)
        if any(self._v(k) for k in ("DOM0_MEM", "DOM0_VCPUS", "DOM0_CMD", "DOM0_RAMDISK")) \
                and not self._v("DOM0_KERNEL"):
            v = next(self._v(k) for k in ("DOM0_MEM", "DOM0_VCPUS", "DOM0_CMD", "DOM0_RAMDISK")
                     if self._v(k))
            raise v.error("set without DOM0_KERNEL")
        self.dom0_kernel = self._module("kernel", "DOM0_KERNEL", "DOM0_KERNEL_ADDR")
        self.dom0_ramdisk = self._module("ramdisk", "DOM0_RAMDISK", "DOM0_RAMDISK_ADDR")
        self.dom0_mem = self._int("DOM0_MEM", 0, 16, 3072) if self._v("DOM0_MEM") else None
        self.dom0_vcpus = self._int("DOM0_VCPUS", 0, 1, self.cpus) if self._v("DOM0_VCPUS") else None
        self.dom0_cmd = self._v("DOM0_CMD").text if self._v("DOM0_CMD") else None
        for d in self.domains:
            if d.enhanced == "enabled" and not self.dom0_kernel:
                # XenStore lives in dom0: Xen 4.17 panics building such a domain without one.
                # (the default is no-xenstore, so the key is set when we get here)
                raise self._v("DOMU_ENHANCED", d.index).error(
                    "'enabled' needs XenStore, i.e. a dom0 (DOM0_KERNEL); use no-xenstore")
        if not self.domains and not self.dom0_kernel:
            raise ConfigError("%s: no DOMU_KERNEL[0] and no DOM0_KERNEL: nothing to boot" % self.path)

        self.xl_devices = []  # Device, for XL_PASSTHROUGH_PATHS (filled by generate())
        self._evtchns()
        self._place()
        self._shared_mem()
        self._memory_budget()

    def _build_bare(self, bv):
        """BARE_METAL=1: one image, QEMU's own tree; Xen's keys are mistakes here."""
        for v in sorted(self.values.values(), key=lambda v: (v.path != self.path, v.path, v.line)):
            if v.key not in BARE_KEYS:
                raise v.error("a Xen key, but the configuration is bare metal (BARE_METAL=1 at "
                              "%s:%d), which takes only %s" % (bv.path, bv.line,
                                                               ", ".join(BARE_KEYS[1:])))
        if self._v("KERNEL") is None:
            raise bv.error("needs KERNEL=<image> (the arm64 Image QEMU boots)")
        self.kernel = self._module("kernel", "KERNEL", None)
        self.cmd = self._v("CMD").text if self._v("CMD") else None
        self.domains, self.num_domus, self.pools = [], 0, {}
        self.dom0_kernel = self.dom0_ramdisk = None
        self.dom0_mem = self.dom0_vcpus = self.dom0_cmd = None
        self.xl_devices, self.shm_regions = [], []
        m = self.kernel
        text_offset, image_size = BARE_OLD_TEXT_OFFSET, 0
        if self.check_files:
            with open(m.path, "rb") as f:
                head = f.read(24)
            image_size = int.from_bytes(head[16:24], "little")
            if image_size:
                text_offset = int.from_bytes(head[8:16], "little")
        if text_offset < BARE_STUB_SIZE:
            text_offset += MODULE_ALIGN
        m.addr = RAM_BASE + text_offset
        self.bare_dtb = RAM_BASE + min((self.mem_mb << 20) // 2, 128 << 20)
        end = m.addr + max(image_size, m.size)
        if end > self.bare_dtb:
            raise m.value.error("the image needs 0x%x-0x%x (its header's image_size), past QEMU's "
                                "device tree at 0x%x: raise QEMU_MEM (%d MB)"
                                % (m.addr, end, self.bare_dtb, self.mem_mb))
        self.bare_span = end - m.addr
        self.busy = [(m.addr, end, "KERNEL (%s)" % m.value.text)]

    def boot_files(self):
        """Every file QEMU loads from the configuration: the image bare metal, else the modules."""
        return [self.kernel] if self.bare else self.modules()

    def _static_mem(self, d):
        v = self._v("DOMU_STATIC_MEM", d.index)
        dm = self._v("DOMU_DIRECT_MAP", d.index)
        if v is None:
            if dm is not None:
                raise dm.error("direct-map needs static memory (DOMU_STATIC_MEM[%d])" % d.index)
            return
        for item in v.text.split(";"):
            w = item.split()
            if len(w) != 2:
                raise v.error('expected "HOST_ADDR SIZE[; HOST_ADDR SIZE]", got %r' % item.strip())
            try:
                a, sz = int(w[0], 0), int(w[1], 0)
            except ValueError:
                raise v.error("not numbers: %r" % item.strip()) from None
            if sz <= 0 or a % MODULE_ALIGN or sz % MODULE_ALIGN:
                raise v.error("bank 0x%x size 0x%x: address and size must be 2 MB aligned and "
                              "size > 0 (Xen maps the domain's RAM in 2 MB blocks)" % (a, sz))
            if a < RAM_BASE or a + sz > self.ram_end:
                raise v.error("bank 0x%x-0x%x is outside RAM 0x%x-0x%x (QEMU_MEM=%d)"
                              % (a, a + sz, RAM_BASE, self.ram_end, self.mem_mb))
            if a + sz > 1 << 32:
                raise v.error("bank must end below 4 GB (1-cell addresses in /chosen)")
            for b, bs in d.static_mem:
                if a < b + bs and b < a + sz:
                    raise v.error("banks 0x%x and 0x%x overlap" % (b, a))
            d.static_mem.append((a, sz))
        total_mb = sum(sz for _, sz in d.static_mem) >> 20
        mv = self._v("DOMU_MEM", d.index)
        if mv is not None and d.mem_mb != total_mb:
            raise mv.error("%d MB, but DOMU_STATIC_MEM[%d] gives %d MB (Xen needs them equal)"
                           % (d.mem_mb, d.index, total_mb))
        d.mem_mb = total_mb
        d.direct_map = dm.choice(("0", "1")) == "1" if dm is not None else True

    def _passthrough_keys(self, d):
        pv = self._v("DOMU_PASSTHROUGH_PATHS", d.index)
        tv = self._v("DOMU_PASSTHROUGH_DTB", d.index)
        if pv is not None:
            paths = [p for p in re.split(r"[\s,]+", pv.text) if p]
            if not paths:
                pv = None  # empty: no device (overrides a configuration's list)
            for p in paths:
                if not re.match(r"^(/[A-Za-z0-9,._+@-]+)+$", p):
                    raise pv.error("%r is not an absolute device-tree path" % p)
                if p in d.passthrough_paths:
                    raise pv.error("%s is listed twice" % p)
                d.passthrough_paths.append(p)
            d.passthrough_value = pv
        if pv is None and tv is None:
            return
        if tv is not None:
            path = self._file(tv)
            m = Module("device-tree", path, tv)
            if self.check_files and path.endswith(".dtb"):
                with open(path, "rb") as f:
                    head = f.read(8)
                if head[:4] != b"\xd0\x0d\xfe\xed":
                    raise tv.error("%s is not a DTB (no d00dfeed magic)" % tv.text)
                m.size = int.from_bytes(head[4:8], "big")
            elif path.endswith(".dts"):
                m.source = path  # compiled by generate()
                m.path = None
                m.size = PARTIAL_DTB_SIZE
            elif self.check_files:
                raise tv.error("expected a .dtb or .dts file, got %s" % tv.text)
            else:
                m.size = PAGE
            d.passthrough_dtb = m
        elif pv is not None:
            m = Module("device-tree", None, pv)
            m.generated = True
            m.size = PARTIAL_DTB_SIZE
            d.passthrough_dtb = m

    def wants_passthrough(self):
        return bool(self._v("XL_PASSTHROUGH_PATHS")) or any(
            d.passthrough_dtb or d.passthrough_paths for d in self.domains)

    def modules(self):
        out = []
        for m in (self.dom0_kernel, self.dom0_ramdisk):
            if m:
                out.append(m)
        for d in self.domains:
            for m in (d.kernel, d.ramdisk, d.passthrough_dtb):
                if m:
                    out.append(m)
        return out

    def _place(self):
        busy = []  # (start, end, what)
        busy.append((XEN_LOAD_ADDR, MODULE_BASE, "Xen and the device tree (0x40200000-0x50000000)"))
        for d in self.domains:
            v = self._v("DOMU_STATIC_MEM", d.index)
            for a, sz in d.static_mem:
                for s, e, what in busy:
                    if a < e and s < a + sz:
                        raise v.error("bank 0x%x-0x%x overlaps %s at 0x%x-0x%x"
                                      % (a, a + sz, what, s, e))
                busy.append((a, a + sz, "DOMU_STATIC_MEM[%d] (%s's memory)" % (d.index, d.name)))
        mods = self.modules()
        for m in mods:
            if m.addr_value is None:
                continue
            a = m.addr_value.int(0)
            if a % PAGE:
                raise m.addr_value.error("0x%x is not 4 KB aligned" % a)
            if a < RAM_BASE or a + m.size > self.ram_end:
                raise m.addr_value.error("0x%x-0x%x is outside RAM 0x%x-0x%x (QEMU_MEM=%d)"
                                         % (a, a + m.size, RAM_BASE, self.ram_end, self.mem_mb))
            for s, e, what in busy:
                if a < e and s < a + m.size:
                    raise m.addr_value.error("0x%x-0x%x (%s) overlaps %s at 0x%x-0x%x"
                                             % (a, a + m.size, m.value.text, what, s, e))
            m.addr = a
            busy.append((a, a + m.size, "%s (%s)" % (m.value.name, m.value.text)))
        nxt = MODULE_BASE
        for m in mods:
            if m.addr is not None:
                continue
            while True:
                a = align(nxt, MODULE_ALIGN)
                clash = [b for b in busy if a < b[1] and b[0] < a + m.size]
                if not clash:
                    break
                nxt = max(b[1] for b in clash)
            if a + m.size > self.ram_end:
                raise m.value.error("does not fit in RAM: needs 0x%x-0x%x, RAM ends at 0x%x (QEMU_MEM=%d)"
                                    % (a, a + m.size, self.ram_end, self.mem_mb))
            m.addr = a
            busy.append((a, a + m.size, "%s (%s)" % (m.value.name, m.value.text)))
            nxt = a + m.size
        self.busy = busy

    def _evtchns(self):
        # Collect both directions; one declaration per pair is enough, a second must agree.
        ports = {}  # (dom, port) -> (remote dom, remote port, Value)
        for d in self.domains:
            v = self._v("DOMU_STATIC_EVTCHNS", d.index)
            if v is None:
                continue
            for item in v.text.split(";"):
                w = item.split()
                if len(w) != 3:
                    raise v.error('expected "LOCAL REMOTE_DOMU REMOTE_PORT", got %r' % item.strip())
                try:
                    local, rdom, rport = (int(x, 0) for x in w)
                except ValueError:
                    raise v.error("not numbers: %r" % item.strip()) from None
                for p in (local, rport):
                    if not 1 <= p <= EVTCHN_MAX_PORT:
                        raise v.error("port %d outside 1..%d" % (p, EVTCHN_MAX_PORT))
                if not 0 <= rdom < self.num_domus or rdom == d.index:
                    raise v.error("remote domain %d is not another domain (0..%d)"
                                  % (rdom, self.num_domus - 1))
                for key, want in (((d.index, local), (rdom, rport)), ((rdom, rport), (d.index, local))):
                    have = ports.get(key)
                    if have and (have[0], have[1]) != want:
                        raise v.error("port %d of domain %d is already bound to domain %d port %d"
                                      % (key[1], key[0], have[0], have[1]))
                    ports[key] = (want[0], want[1], v)
        for (dom, port), (rdom, rport, v) in sorted(ports.items()):
            self.domains[dom].evtchns.append((port, rdom, rport, v))
            if self.domains[dom].enhanced in ("disabled", "none"):
                raise v.error("domain %d needs DOMU_ENHANCED no-xenstore or enabled for event channels"
                              % dom)

    def _shared_mem(self):
        regions = {}
        for d in self.domains:
            v = self._v("DOMU_SHARED_MEM", d.index)
            if v is None:
                continue
            for item in v.text.split(";"):
                w = item.split()
                if len(w) not in (4, 5):
                    raise v.error('expected "ID HOST_ADDR|auto GUEST_ADDR SIZE [owner|borrower]"')
                sid = w[0]
                if len(sid) > MAX_SHM_ID_LEN or not re.match(r"^[A-Za-z0-9_.-]+$", sid):
                    raise v.error("shm id %r: 1..%d characters [A-Za-z0-9_.-]" % (sid, MAX_SHM_ID_LEN))
                try:
                    host = None if w[1] == "auto" else int(w[1], 0)
                    guest, size = int(w[2], 0), int(w[3], 0)
                except ValueError:
                    raise v.error("not numbers: %r" % item.strip()) from None
                role = w[4] if len(w) == 5 else None
                if role not in (None, "owner", "borrower"):
                    raise v.error("role must be owner or borrower, got %r" % role)
                if size <= 0 or size % PAGE or guest % PAGE or (host is not None and host % PAGE):
                    raise v.error("addresses and size must be 4 KB aligned and size > 0")
                for gram in d.guest_ram():
                    if guest < gram[1] and gram[0] < guest + size:
                        raise v.error("guest range 0x%x-0x%x overlaps the domain's RAM 0x%x-0x%x"
                                      % (guest, guest + size, gram[0], gram[1]))
                if guest + size > 1 << 32:
                    raise v.error("guest range must end below 4 GB (1-cell addresses)")
                shm = regions.get(sid)
                if shm is None:
                    shm = regions[sid] = Shm(sid, host, size, v)
                elif shm.size != size or (host is not None and shm.host is not None and shm.host != host):
                    raise v.error("shm %r differs from its definition at %s" % (sid, shm.value.where()))
                elif shm.host is None:
                    shm.host = host
                if any(u.shm is shm for u in d.shms):
                    raise v.error("shm %r mapped twice in domain %d" % (sid, d.index))
                d.shms.append(ShmUse(shm, guest, role, v))
        for sid, shm in regions.items():
            users = [u for d in self.domains for u in d.shms if u.shm is shm]
            if sum(1 for u in users if u.role == "owner") > 1:
                raise shm.value.error("shm %r has more than one owner" % sid)
        # Explicit host addresses first, then auto ones after the last module.
        nxt = max([MODULE_BASE] + [e for s, e, _ in self.busy])
        for shm in sorted(regions.values(), key=lambda s: s.host is None):
            if shm.host is None:
                a = align(nxt, MODULE_ALIGN)
                while True:
                    clash = [b for b in self.busy if a < b[1] and b[0] < a + shm.size]
                    if not clash:
                        break
                    a = align(max(b[1] for b in clash), MODULE_ALIGN)
                shm.host = a
            a = shm.host
            if a < RAM_BASE or a + shm.size > self.ram_end:
                raise shm.value.error("shm %r 0x%x-0x%x is outside RAM 0x%x-0x%x (QEMU_MEM=%d)"
                                      % (shm.id, a, a + shm.size, RAM_BASE, self.ram_end, self.mem_mb))
            for s, e, what in self.busy:
                if a < e and s < a + shm.size:
                    raise shm.value.error("shm %r 0x%x-0x%x overlaps %s at 0x%x-0x%x"
                                          % (shm.id, a, a + shm.size, what, s, e))
            self.busy.append((a, a + shm.size, "shm %s" % shm.id))
            nxt = a + shm.size
        self.shm_regions = list(regions.values())

    def _memory_budget(self):
        # Xen itself (~1 MB image + heap, frame tables, p2m pools) needs room beside the guests.
        reserve_mb = 64
        total = sum(d.mem_mb for d in self.domains) + (self.dom0_mem or 0)
        used_mb = (sum(m.size for m in self.modules()) + sum(s.size for s in self.shm_regions)) >> 20
        if total + used_mb + reserve_mb > self.mem_mb:
            v = self._v("QEMU_MEM")
            where = v.where() if v else "%s: QEMU_MEM" % self.path
            raise ConfigError("%s: %d MB of machine memory is too small: domains need %d MB, modules "
                              "and shared memory %d MB, Xen ~%d MB" % (where, self.mem_mb, total,
                                                                      used_mb, reserve_mb))

    # -- outputs
    def full_xen_cmd(self):
        cmd = self.xen_cmd
        if self.dom0_kernel:
            if self.dom0_mem and "dom0_mem=" not in cmd:
                cmd += " dom0_mem=%dM" % self.dom0_mem
            if self.dom0_vcpus and "dom0_max_vcpus=" not in cmd:
                cmd += " dom0_max_vcpus=%d" % self.dom0_vcpus
        return cmd.strip()

    def chosen_dts(self):
        """The /chosen additions, as dts source to append to the decompiled host tree."""
        o = []
        o.append("/ {")
        o.append("\tchosen {")
        o.append("\t\t#address-cells = <1>;")
        o.append("\t\t#size-cells = <1>;")
        o.append('\t\txen,xen-bootargs = %s;' % dts_str(self.full_xen_cmd()))
        if self.dom0_kernel:
            o += module_dts(self.dom0_kernel, self.dom0_cmd, "\t\t")
            if self.dom0_ramdisk:
                o += module_dts(self.dom0_ramdisk, None, "\t\t")
        for idx in sorted(self.pools):
            cpus, sched = self.pools[idx]
            o.append("\t\tcpupool%d: cpupool-%d {" % (idx, idx))
            o.append('\t\t\tcompatible = "xen,cpupool";')
            o.append("\t\t\tcpupool-cpus = <%s>;" % " ".join("&{/cpus/cpu@%d}" % c for c in cpus))
            o.append('\t\t\tcpupool-sched = "%s";' % sched)
            o.append("\t\t};")
        for d in self.domains:
            o.append("\t\t%s {" % d.name)
            o.append('\t\t\tcompatible = "xen,domain";')
            # 1/1 cells: Xen reads module and shm addresses with these (a 2+2 reg reads as 0).
            o.append("\t\t\t#address-cells = <1>;")
            o.append("\t\t\t#size-cells = <1>;")
            o.append("\t\t\tmemory = <0 %d>;" % (d.mem_mb * 1024))
            o.append("\t\t\tcpus = <%d>;" % d.vcpus)
            if d.vpl011:
                o.append("\t\t\tvpl011;")
            if d.enhanced != "none":
                o.append('\t\t\txen,enhanced = "%s";' % d.enhanced)
            if d.cpupool is not None:
                o.append("\t\t\tdomain-cpupool = <&cpupool%d>;" % d.cpupool)
            if d.static_mem:
                o.append("\t\t\txen,static-mem = <%s>;"
                         % " ".join("0x%x 0x%x" % (a, sz) for a, sz in d.static_mem))
                if d.direct_map:
                    o.append("\t\t\tdirect-map;")
            o += module_dts(d.kernel, d.cmd, "\t\t\t")
            if d.ramdisk:
                o += module_dts(d.ramdisk, None, "\t\t\t")
            if d.passthrough_dtb:
                o += module_dts(d.passthrough_dtb, None, "\t\t\t")
            for port, rdom, rport, _ in d.evtchns:
                o.append("\t\t\tevtchn_%d_%d: evtchn-%d {" % (d.index, port, port))
                o.append('\t\t\t\tcompatible = "xen,evtchn-v1";')
                o.append("\t\t\t\txen,evtchn = <%d &evtchn_%d_%d>;" % (port, rdom, rport))
                o.append("\t\t\t};")
            for u in d.shms:
                o.append("\t\t\tshm-%s {" % re.sub(r"[^A-Za-z0-9-]", "-", u.shm.id))
                o.append('\t\t\t\tcompatible = "xen,domain-shared-memory-v1";')
                o.append("\t\t\t\txen,shm-id = %s;" % dts_str(u.shm.id))
                o.append("\t\t\t\txen,shared-mem = <0x%x 0x%x 0x%x>;" % (u.shm.host, u.guest, u.shm.size))
                if u.role:
                    o.append('\t\t\t\trole = "%s";' % u.role)
                o.append("\t\t\t};")
            o.append("\t\t};")
        o.append("\t};")
        o.append("};")
        return "\n".join(o) + "\n"

    def qemu_machine_args(self):
        # EL2 for Xen; without it QEMU enters the image at EL1, where the RTOS starts.
        machine = "virt,gic-version=%d" if self.bare else "virt,virtualization=on,gic-version=%d"
        return ["-machine", machine % self.gic,
                "-cpu", self.qemu_cpu, "-smp", str(self.cpus), "-m", "%dM" % self.mem_mb]

    def qemu_args(self, xen, dtb):
        """The QEMU command; bare metal, `xen` and `dtb` are unused (QEMU makes its own tree)."""
        a = ["qemu-system-aarch64"] + self.qemu_machine_args()
        if self.icount is not None:
            a += ["-icount", "shift=%d%s" % (self.icount, "" if self.icount_sleep else ",sleep=off")]
        if self.bare:
            a += ["-no-reboot", "-nic", "none", "-kernel", self.kernel.path]
            if self.cmd:
                a += ["-append", self.cmd]
            return a
        a += ["-no-reboot", "-nic", "none", "-kernel", xen, "-dtb", dtb]
        for m in self.modules():
            a += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (m.path, m.addr)]
        return a

    def layout(self):
        """Human-readable memory map, for the runner's header and the tests."""
        if self.bare:
            m = self.kernel
            rows = [(RAM_BASE, None, "QEMU's boot stub (x0 = the tree, then the image's entry)"),
                    (m.addr, self.bare_span, "KERNEL %s (QEMU -kernel, entered at EL1)"
                     % os.path.relpath(m.path, self.root)),
                    (self.bare_dtb, None, "device tree (QEMU's own%s)"
                     % (", bootargs from CMD" if self.cmd else ""))]
            return "\n".join("  0x%08x %-12s %s" % (a, "" if sz is None else "0x%x" % sz, what)
                             for a, sz, what in rows)
        rows = [(XEN_LOAD_ADDR, None, "Xen (QEMU -kernel)"), (DTB_ADDR, None, "device tree (QEMU -dtb)")]
        for m in self.modules():
            what = os.path.relpath(m.path, self.root) if m.path else "(partial tree, generated)"
            rows.append((m.addr, m.size, "%s %s" % (m.value.name, what)))
        for d in self.domains:
            for a, sz in d.static_mem:
                rows.append((a, sz, "static memory of %s%s" % (d.name, " (direct-map)"
                                                                if d.direct_map else "")))
        for s in self.shm_regions:
            rows.append((s.host, s.size, "shared memory %s" % s.id))
        out = []
        for a, sz, what in sorted(rows):
            out.append("  0x%08x %-12s %s" % (a, "" if sz is None else "0x%x" % sz, what))
        return "\n".join(out)


def align(x, a):
    return (x + a - 1) // a * a


def dts_str(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def module_dts(m, bootargs, ind):
    compat = {"kernel": "multiboot,kernel", "ramdisk": "multiboot,ramdisk",
              "device-tree": "multiboot,device-tree"}[m.kind]
    o = ["%smodule@%x {" % (ind, m.addr),
         '%s\tcompatible = "%s", "multiboot,module";' % (ind, compat),
         # Xen copies exactly this many bytes: the size of the file (the guest zeroes its BSS).
         "%s\treg = <0x%x 0x%x>;" % (ind, m.addr, m.size)]
    if bootargs is not None:
        o.append("%s\tbootargs = %s;" % (ind, dts_str(bootargs)))
    o.append("%s};" % ind)
    return o


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise ConfigError("%s failed (%s): %s" % (what, " ".join(cmd), p.stderr.strip()))
    return p.stdout


def host_dtb(cfg, outdir):
    """QEMU's own tree for this machine shape, cached per shape."""
    shape = "gicv%d-smp%d-%dM-%s" % (cfg.gic, cfg.cpus, cfg.mem_mb, cfg.qemu_cpu)
    path = os.path.join(outdir, "host-%s.dtb" % shape)
    if not os.path.exists(path):
        tmp = path + ".tmp%d" % os.getpid()
        a = ["qemu-system-aarch64"] + cfg.qemu_machine_args()
        a[2] += ",dumpdtb=" + tmp
        run(a + ["-display", "none", "-nic", "none"], "QEMU dumpdtb")
        os.replace(tmp, path)
    return path


# Properties that hold phandles of other host nodes: a generated partial tree cannot carry them
# (the nodes they point to are not the domain's); `clocks` to a fixed clock is the exception.
PHANDLE_PROPS = ("resets", "power-domains", "dmas", "iommus", "interrupts-extended", "pinctrl-0",
                 "pinctrl-1", "phys", "mboxes", "nvmem-cells", "msi-parent", "interrupt-map")
DROP_PROPS = ("phandle", "linux,phandle", "status", "xen,passthrough", "interrupt-parent",
              "clocks")


def xen_owned_nodes(cfg, tree):
    """Host nodes Xen keeps for itself: {path: why}."""
    own = {}
    for n in tree.root.walk():
        compat = n.strings("compatible") if "compatible" in n.props else []
        if "interrupt-controller" in n.props and n.parent is tree.root:
            own[n.path] = "the interrupt controller (Xen's)"
        if "arm,armv8-timer" in compat:
            own[n.path] = "the generic timer (Xen's)"
        if n.props.get("device_type") == b"memory\0":
            own[n.path] = "memory"
    m = re.search(r"\bdtuart=(\S+)", cfg.xen_cmd)
    uart = m.group(1) if m else None
    if uart is None or not uart.startswith("/"):
        ch = tree.find("/chosen")
        sp = ch.strings("stdout-path") if ch is not None and "stdout-path" in ch.props else None
        uart = sp[0].split(":")[0] if sp else None
    if uart and tree.find(uart) is not None:
        own[uart] = "Xen's console UART (dtuart)"
    for p in ("/", "/chosen", "/cpus", "/psci", "/aliases"):
        own[p] = "not a device"
    return own, uart


def device_irqs(tree, node, where):
    """Interrupt IDs of a host node's `interrupts`, which must go to the GIC, SPIs only."""
    if "interrupts-extended" in node.props:
        raise where("%s: interrupts-extended is not supported for passthrough" % node.path)
    cells = node.cells("interrupts")
    if not cells:
        return []
    gic = tree.interrupt_parent(node)
    if gic is None or "interrupt-controller" not in gic.props or gic.parent is not tree.root:
        raise where("%s: its interrupts do not go to the GIC" % node.path)
    ic = gic.u32("#interrupt-cells", 3)
    if ic < 3 or len(cells) % ic:
        raise where("%s: interrupts do not match the GIC's #interrupt-cells = %d" % (node.path, ic))
    irqs = []
    for i in range(0, len(cells), ic):
        kind, num = cells[i], cells[i + 1]
        if kind != 0:
            raise where("%s: interrupt %d is a PPI (per-CPU): only SPIs can be passed through"
                        % (node.path, num))
        irqs.append(32 + num)
    return irqs


def partial_dts(tree, devices, where):
    """The partial tree for a domain's generated passthrough: /gic placeholder and /passthrough
    with a copy of each host node, plus the fixed clocks they use."""
    o = ["/dts-v1/;", "", "/* generated by tools/bootcfg.py from the host tree */", "/ {",
         "\t#address-cells = <2>;", "\t#size-cells = <2>;", "",
         "\tgic: gic {", "\t\t#interrupt-cells = <3>;", "\t\tinterrupt-controller;", "\t};", "",
         "\tpassthrough {", '\t\tcompatible = "simple-bus";', "\t\tranges;",
         "\t\t#address-cells = <2>;", "\t\t#size-cells = <2>;"]
    clocks = {}  # host phandle -> label

    def clock_refs(node):
        refs = node.cells("clocks")
        if refs is None:
            return None
        labels = []
        for ph in refs:
            c = tree.by_phandle.get(ph)
            cc = c.strings("compatible") if c is not None and "compatible" in c.props else []
            if c is None or "fixed-clock" not in cc or c.u32("#clock-cells", 0) != 0:
                raise where("%s: clocks refers to a node that is not a fixed clock; write the "
                            "partial tree by hand (DOMU_PASSTHROUGH_DTB)" % node.path)
            if ph not in clocks:
                clocks[ph] = ("ptclk%d" % len(clocks), c)
            labels.append("&" + clocks[ph][0])
        return labels

    def copy(node, ind, dev):
        body = []
        for name, v in node.props.items():
            if name in PHANDLE_PROPS:
                raise where("%s: property %s refers to other host nodes; write the partial tree by "
                            "hand (DOMU_PASSTHROUGH_DTB)" % (node.path, name))
            if name in DROP_PROPS:
                continue
            dv = fdt.dts_value(v)
            body.append("%s%s%s;" % (ind + "\t", name, "" if dv is None else " = " + dv))
        refs = clock_refs(node)
        if refs:
            body.append("%s\tclocks = <%s>;" % (ind, " ".join(refs)))
        if dev is not None:
            if "interrupts" in node.props:
                body.append("%s\tinterrupt-parent = <&gic>;" % ind)
            body.append("%s\txen,reg = <%s>;" % (ind, " ".join(
                "0x%x 0x%x 0x%x 0x%x 0x%x 0x%x" % (a >> 32, a & 0xffffffff, sz >> 32,
                                                   sz & 0xffffffff, g >> 32, g & 0xffffffff)
                for a, sz, g in dev.mmio)))
            body.append('%s\txen,path = "%s";' % (ind, dev.path))
            if "iommus" not in node.props:
                # No IOMMU on this machine: Xen assigns the device only when told it may.
                body.append("%s\txen,force-assign-without-iommu;" % ind)
        out = ["", "%s%s {" % (ind, node.name)] + body
        for c in node.children:
            out += copy(c, ind + "\t", None)
        return out + ["%s};" % ind]

    for dev in devices:
        node = tree.find(dev.path)
        if node.parent is not tree.root:
            # reg in the copy is read with /passthrough's 2+2 cells: only root children match.
            raise where("%s: not a child of the root node; write the partial tree by hand "
                        "(DOMU_PASSTHROUGH_DTB)" % dev.path)
        o += copy(node, "\t\t", dev)
    for ph, (label, c) in clocks.items():
        o += ["", "\t\t%s: %s {" % (label, c.name)]
        for name, v in c.props.items():
            if name in ("phandle", "linux,phandle"):
                continue
            dv = fdt.dts_value(v)
            o.append("\t\t\t%s%s;" % (name, "" if dv is None else " = " + dv))
        o.append("\t\t};")
    o += ["\t};", "};", ""]
    return "\n".join(o)


def hand_written_devices(ptree, dtb_path, err):
    """[(host path or None, [(host, size, guest)], partial node)] of a partial tree's
    /passthrough nodes that carry xen,reg (Xen's rules: passthrough.txt)."""
    pt = ptree.root.child("passthrough")
    if pt is None:
        raise err("%s has no /passthrough node" % dtb_path)
    out = []
    for n in pt.walk():
        if n is pt:
            continue
        reg = n.cells("xen,reg")
        path = n.strings("xen,path")[0] if "xen,path" in n.props else None
        force = "xen,force-assign-without-iommu" in n.props
        if reg is None:
            if path is not None:
                raise err("%s: %s has xen,path but no xen,reg" % (dtb_path, n.path))
            continue
        if path is None and not force:
            raise err("%s: %s has xen,reg but neither xen,path nor "
                      "xen,force-assign-without-iommu" % (dtb_path, n.path))
        ac, sc = pt.addr_cells(), pt.size_cells()
        step = 2 * ac + sc
        if not reg or len(reg) % step:
            raise err("%s: %s: xen,reg is not <host size guest> triples of %d+%d+%d cells"
                      % (dtb_path, n.path, ac, sc, ac))
        mmio = []
        for i in range(0, len(reg), step):
            mmio.append((fdt.join_cells(reg[i:i + ac]), fdt.join_cells(reg[i + ac:i + ac + sc]),
                         fdt.join_cells(reg[i + ac + sc:i + step])))
        out.append((path, mmio, n))
    return out


def check_passthrough(cfg, tree, outdir):
    """Reads every domain's devices (generated or hand-written), validates them against the host
    tree and each other, writes the generated partial trees. Returns the host paths to mark
    xen,passthrough."""
    own, uart = xen_owned_nodes(cfg, tree)
    uart_node = tree.find(uart) if uart else None
    uart_irqs = set()
    if uart_node is not None:
        try:
            uart_irqs = set(device_irqs(tree, uart_node, ConfigError))
        except ConfigError:
            pass
    taken_mmio = []  # (start, end, what)
    taken_irq = {}  # id -> what
    taken_path = {}
    marks = []

    def claim(dev, who, err, d):
        if dev.path is not None:
            node = tree.find(dev.path)
            if node is None:
                raise err("%s is not in the host device tree (%s)" % (dev.path, dev.source))
            if dev.path in own:
                raise err("%s is %s: it cannot be passed through" % (dev.path, own[dev.path]))
            if not node.enabled():
                raise err("%s is disabled (status) in the host tree" % dev.path)
            if dev.path in taken_path:
                raise err("%s is already given to %s" % (dev.path, taken_path[dev.path]))
            taken_path[dev.path] = who
            marks.append(dev.path)
        for a, sz, g in dev.mmio:
            if a % PAGE or sz % PAGE or g % PAGE or sz == 0:
                raise err("%s: MMIO 0x%x size 0x%x at guest 0x%x is not whole 4 KB pages"
                          % (dev.path or "xen,reg", a, sz, g))
            if a < cfg.ram_end and RAM_BASE < a + sz:
                raise err("%s: MMIO 0x%x-0x%x overlaps the machine's RAM 0x%x-0x%x"
                          % (dev.path or "xen,reg", a, a + sz, RAM_BASE, cfg.ram_end))
            for s, e, what in taken_mmio:
                if a < e and s < a + sz:
                    raise err("%s: MMIO 0x%x-0x%x overlaps %s at 0x%x-0x%x"
                              % (dev.path or "xen,reg", a, a + sz, what, s, e))
            taken_mmio.append((a, a + sz, "the device %s of %s" % (dev.path or "xen,reg", who)))
            if d is not None:
                guest_busy = list(GUEST_RESERVED) if not d.direct_map else list(GUEST_RESERVED[:3])
                guest_busy += [(lo, hi, "the domain's RAM") for lo, hi in d.guest_ram()]
                guest_busy += [(u.guest, u.guest + u.shm.size, "shared memory %s" % u.shm.id)
                               for u in d.shms]
                for s, e, what in guest_busy:
                    if g < e and s < g + sz:
                        raise err("%s: guest range 0x%x-0x%x overlaps %s at 0x%x-0x%x"
                                  % (dev.path or "xen,reg", g, g + sz, what, s, e))
                if d.direct_map and g != a:
                    raise err("%s: a direct-mapped domain sees devices at their host address "
                              "(guest 0x%x != host 0x%x)" % (dev.path or "xen,reg", g, a))
        for irq in dev.irqs:
            if irq in uart_irqs:
                raise err("%s: interrupt %d is Xen's console UART's" % (dev.path, irq))
            if d is not None and d.vpl011 and not d.direct_map and irq == GUEST_VPL011_SPI:
                raise err("%s: interrupt %d is the domain's vpl011 (GUEST_VPL011_SPI); set "
                          "DOMU_VPL011[%d]=0" % (dev.path, irq, d.index))
            if irq in taken_irq:
                raise err("%s: interrupt %d is already owned by %s" % (dev.path, irq, taken_irq[irq]))
            taken_irq[irq] = "the device %s of %s" % (dev.path, who)

    def host_device(path, value, source, err):
        node = tree.find(path)
        if node is None:
            raise err("%s is not in the host device tree (%s)" % (path, source))
        try:
            regs = tree.reg(node)
        except fdt.FdtError as e:
            raise err(str(e)) from None
        if not regs:
            raise err("%s has no reg: nothing to map" % path)
        mmio = [(a, (sz + PAGE - 1) // PAGE * PAGE, a) for a, sz in regs]
        return Device(path, mmio, device_irqs(tree, node, err), value, source)

    def domain_devices(d, m):
        who = "DOMU_*[%d] (%s)" % (d.index, d.name)
        pv = d.passthrough_value
        if m is not None and not m.generated:
            err = m.value.error
            if m.source:
                m.path = os.path.join(outdir, "%s-%s-partial.dtb" % (cfg.name, d.name))
                run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-S", str(PARTIAL_DTB_SIZE), "-o",
                     m.path, m.source], "dtc (partial tree %s)" % m.source)
            try:
                ptree = fdt.read(m.path)
            except fdt.FdtError as e:
                raise err(str(e)) from None
            for path, mmio, n in hand_written_devices(ptree, m.value.text, err):
                irqs = []
                if path is not None:
                    if tree.find(path) is None:
                        raise err("xen,path %s (node %s of %s) is not in the host device tree"
                                  % (path, n.path, m.value.text))
                    irqs = device_irqs(tree, tree.find(path), err)
                dev = Device(path, mmio, irqs, m.value, m.value.text)
                claim(dev, who, err, d)
                d.devices.append(dev)
            # Paths listed as well are marked for passthrough (ImageBuilder's meaning).
            for p in d.passthrough_paths:
                if p not in taken_path:
                    dev = host_device(p, pv, "DOMU_PASSTHROUGH_PATHS", pv.error)
                    claim(dev, who, pv.error, d)
            return
        for p in d.passthrough_paths:
            dev = host_device(p, pv, "DOMU_PASSTHROUGH_PATHS", pv.error)
            claim(dev, who, pv.error, d)
            d.devices.append(dev)
        dts = partial_dts(tree, d.devices, pv.error)
        base = os.path.join(outdir, "%s-%s-partial" % (cfg.name, d.name))
        with open(base + ".dts.tmp", "w") as f:
            f.write(dts)
        run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-S", str(PARTIAL_DTB_SIZE), "-o",
             base + ".dtb.tmp", base + ".dts.tmp"], "dtc (partial tree)")
        os.replace(base + ".dts.tmp", base + ".dts")
        os.replace(base + ".dtb.tmp", base + ".dtb")
        m.path = base + ".dtb"

    for d in cfg.domains:
        m = d.passthrough_dtb
        if m is None and not d.passthrough_paths:
            continue
        # A tree whose values break the format (a malformed cell list, a string without its
        # NUL) is an error of the key that brought it, like every other problem here.
        v = m.value if m is not None else d.passthrough_value
        try:
            domain_devices(d, m)
        except fdt.FdtError as e:
            raise v.error(str(e)) from None
    xv = cfg._v("XL_PASSTHROUGH_PATHS")
    if xv is not None:
        try:
            for p in [p for p in re.split(r"[\s,]+", xv.text) if p]:
                dev = host_device(p, xv, "XL_PASSTHROUGH_PATHS", xv.error)
                claim(dev, "a domain of dom0 (XL_PASSTHROUGH_PATHS)", xv.error, None)
                cfg.xl_devices.append(dev)
        except fdt.FdtError as e:
            raise xv.error(str(e)) from None
    for d in cfg.domains:
        m = d.passthrough_dtb
        if m is not None and os.path.getsize(m.path) > m.size:
            raise m.value.error("partial tree is %d bytes, more than the 0x%x placed for it"
                                % (os.path.getsize(m.path), m.size))
    return marks


def zero_seeds(dts):
    """QEMU's dumped tree has random /chosen rng-seed and kaslr-seed values: zeroed, so the tree
    is the same bytes from every build. QEMU refills rng-seed with fresh random bytes in guest
    memory at every reset (hw/arm/boot.c), so Xen's dom0 still gets a fresh seed; a zero
    kaslr-seed turns dom0's KASLR off (it had one fixed offset per build directory)."""
    return re.sub(r"\b((?:rng|kaslr)-seed = <)([^>]*)>",
                  lambda m: m.group(1) + " ".join(["0x00"] * len(m.group(2).split())) + ">", dts)


def bare_tree(cfg, outdir):
    """Bare metal boots with QEMU's own tree, made at every boot: this is a copy for reading
    (QEMU's dumpdtb with the boot's own options, so /chosen/bootargs is CMD), seeds zeroed."""
    base = os.path.join(outdir, cfg.name)
    tmp = ".%d.tmp" % os.getpid()
    a = cfg.qemu_args(None, None)
    a[2] += ",dumpdtb=" + base + ".dtb" + tmp
    run(a + ["-display", "none"], "QEMU dumpdtb")
    dts = zero_seeds(run(["dtc", "-q", "-I", "dtb", "-O", "dts", base + ".dtb" + tmp],
                         "dtc (decompile)"))
    dts = "/* QEMU's own tree for %s (bare metal: QEMU makes it at boot; a copy) */\n%s" % (
        os.path.relpath(cfg.path, cfg.root), dts)
    with open(base + ".dts" + tmp, "w") as f:
        f.write(dts)
    run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", base + ".dtb" + tmp, base + ".dts" + tmp],
        "dtc (compile)")
    os.replace(base + ".dts" + tmp, base + ".dts")
    os.replace(base + ".dtb" + tmp, base + ".dtb")
    return base + ".dtb"


def generate(cfg, outdir):
    """Writes <outdir>/<name>.dts and .dtb; returns the .dtb path. Bare metal: QEMU's own tree,
    which the boot does not use (QEMU makes it again)."""
    os.makedirs(outdir, exist_ok=True)
    if cfg.bare:
        return bare_tree(cfg, outdir)
    host = host_dtb(cfg, outdir)
    base = zero_seeds(run(["dtc", "-q", "-I", "dtb", "-O", "dts", host], "dtc (decompile)"))
    dts = base + "\n/* xenrtos: Xen dom0less boot, generated from %s */\n" % os.path.relpath(
        cfg.path, cfg.root) + cfg.chosen_dts()
    if cfg.wants_passthrough():
        try:
            tree = fdt.read(host)
        except fdt.FdtError as e:
            raise ConfigError(str(e)) from None
        for p in check_passthrough(cfg, tree, outdir):
            # Xen keeps the node from dom0 (status "disabled" there) but grants dom0 the MMIO
            # and IRQ permissions, so the toolstack can give the device to a domain too.
            dts += "\n&{%s} {\n\txen,passthrough;\n};\n" % p
    dts_path = os.path.join(outdir, cfg.name + ".dts")
    dtb_path = os.path.join(outdir, cfg.name + ".dtb")
    # Temporary names, renamed when complete: several runs may boot the same configuration.
    tmp = ".%d.tmp" % os.getpid()
    with open(dts_path + tmp, "w") as f:
        f.write(dts)
    run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb_path + tmp, dts_path + tmp], "dtc (compile)")
    if os.path.getsize(dtb_path + tmp) > DTB_MAX:
        raise ConfigError("%s: generated tree is larger than %d bytes" % (dtb_path, DTB_MAX))
    os.replace(dts_path + tmp, dts_path)
    os.replace(dtb_path + tmp, dtb_path)
    return dtb_path

