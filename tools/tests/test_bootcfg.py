"""Tests of the boot kit's configuration parser, module placement and device tree generator.

Run: python3 tools/tests/run.py (or python3 -m unittest discover -s tools/tests).
Each error test checks the message names the file:line and the key, as users see it.
"""

import importlib.machinery
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import bootcfg  # noqa: E402
import qemurun  # noqa: E402

BASE = """\
XEN_CMD="console=dtuart bootscrub=0"
GIC_VERSION=3
NUM_CPUS=2
QEMU_MEM=512
"""


def image(path, size, magic=True):
    data = bytearray(size)
    if magic:
        data[0x38:0x3C] = bootcfg.IMAGE_MAGIC
    with open(path, "wb") as f:
        f.write(data)


class Base(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bootcfg-test-")
        image(os.path.join(self.dir, "a.img"), 0x1234)
        image(os.path.join(self.dir, "b.img"), 3 << 20)  # 3 MB: spans two 2 MB slots
        image(os.path.join(self.dir, "c.img"), 0x800)
        image(os.path.join(self.dir, "raw.bin"), 0x100, magic=False)
        open(os.path.join(self.dir, "empty.img"), "wb").close()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def cfg(self, text, base=True):
        path = os.path.join(self.dir, "t.cfg")
        with open(path, "w") as f:
            f.write((BASE if base else "") + text)
        # Images are named relative to the "repository root", here the temporary directory.
        return bootcfg.Config(path, self.dir)

    def assertConfigError(self, text, line, key, pattern, base=True):
        with self.assertRaises(bootcfg.ConfigError) as cm:
            self.cfg(text, base)
        msg = str(cm.exception)
        want = "t.cfg:%d: %s" % (line, re.escape(key)) if line else re.escape(key)
        self.assertRegex(msg, want)
        self.assertRegex(msg, pattern)
        return msg


class ParseErrors(Base):
    """Every kind of bad input is refused with the key and file:line."""

    def test_unknown_key(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_MEMORY[0]=16\n", 6, "DOMU_MEMORY[0]",
                               "unknown key")

    def test_not_an_assignment(self):
        self.assertConfigError("DOMU_KERNEL[0] = a.img\n", 5, "", "expected KEY=value")

    def test_lowercase_key(self):
        self.assertConfigError("domu_kernel[0]=a.img\n", 5, "", "expected KEY=value")

    def test_index_required(self):
        self.assertConfigError("DOMU_KERNEL=a.img\n", 5, "DOMU_KERNEL", "needs an index")

    def test_index_refused(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nGIC_VERSION[1]=3\n", 6, "GIC_VERSION", "takes no index")

    def test_duplicate(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nNUM_CPUS=1\n", 6, "NUM_CPUS", "already set at line 3")

    def test_shell_expansion(self):
        self.assertConfigError('DOMU_KERNEL[0]="$HOME/a.img"\n', 5, "DOMU_KERNEL[0]", "shell expansion")

    def test_single_quotes_are_literal(self):
        c = self.cfg("DOMU_KERNEL[0]=a.img\nDOMU_CMD[0]='cost $5'\n")
        self.assertEqual(c.domains[0].cmd, "cost $5")

    def test_unbalanced_quote(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_CMD[0]="abc\n', 6, "DOMU_CMD[0]", "quotation")

    def test_several_words(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img b.img\n", 5, "DOMU_KERNEL[0]", "several words")

    def test_comment_after_value(self):
        c = self.cfg("DOMU_KERNEL[0]=a.img  # the kernel\n")
        self.assertTrue(c.domains[0].kernel.path.endswith("a.img"))

    def test_bad_integer(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_MEM[0]=lots\n", 6, "DOMU_MEM[0]",
                               "expected an integer")

    def test_gic_version(self):
        self.assertConfigError("GIC_VERSION=4\nDOMU_KERNEL[0]=a.img\n", 1, "GIC_VERSION",
                               "expected one of 2, 3", base=False)

    def test_cpus_range(self):
        self.assertConfigError("NUM_CPUS=0\nDOMU_KERNEL[0]=a.img\n", 1, "NUM_CPUS", "below the minimum",
                               base=False)

    def test_vcpus_zero(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_VCPUS[0]=0\n", 6, "DOMU_VCPUS[0]", "minimum")

    def test_vpl011_value(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_VPL011[0]=yes\n", 6, "DOMU_VPL011[0]",
                               "expected one of 0, 1")

    def test_enhanced_value(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_ENHANCED[0]=xenstore\n", 6, "DOMU_ENHANCED[0]",
                               "expected one of")

    def test_icount_needs_one_cpu(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nQEMU_ICOUNT=0\n", 6, "QEMU_ICOUNT", "NUM_CPUS=1")

    def test_icount_sleep(self):
        def icount(text):
            one_cpu = BASE.replace("NUM_CPUS=2", "NUM_CPUS=1") + "DOMU_KERNEL[0]=a.img\n"
            args = self.cfg(one_cpu + text, base=False).qemu_args("xen", "t.dtb")
            return args[args.index("-icount") + 1] if "-icount" in args else None
        self.assertIsNone(icount(""))
        self.assertEqual(icount("QEMU_ICOUNT=0\n"), "shift=0")
        self.assertEqual(icount("QEMU_ICOUNT=0\nQEMU_ICOUNT_SLEEP=off\n"), "shift=0,sleep=off")
        self.assertEqual(icount("QEMU_ICOUNT=3\nQEMU_ICOUNT_SLEEP=on\n"), "shift=3")
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nQEMU_ICOUNT=0\nQEMU_ICOUNT_SLEEP=no\n", 7, "QEMU_ICOUNT_SLEEP", "expected one of on, off")

    def test_nothing_to_boot(self):
        self.assertConfigError("", 0, "t.cfg", "nothing to boot")

    def test_index_beyond_num_domus(self):
        self.assertConfigError("NUM_DOMUS=1\nDOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\n", 7,
                               "DOMU_KERNEL[1]", "NUM_DOMUS=1")

    def test_domain_without_kernel(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_MEM[1]=16\n", 0, "DOMU_KERNEL[1]", "missing")

    def test_dom0_keys_without_kernel(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOM0_MEM=128\n", 6, "DOM0_MEM", "without DOM0_KERNEL")

    def test_enhanced_enabled_needs_dom0(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_ENHANCED[0]=enabled\n", 6, "DOMU_ENHANCED[0]",
                               "needs XenStore")

    def test_duplicate_domain_name(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\nDOMU_NAME[1]=domU0\n", 7,
                               "DOMU_NAME[1]", "used by domains 0 and 1")

    def test_bad_domain_name(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_NAME[0]=a/b\n", 6, "DOMU_NAME[0]",
                               "not a valid node name")


class Images(Base):
    def test_missing_image(self):
        self.assertConfigError("DOMU_KERNEL[0]=nothere.img\n", 5, "DOMU_KERNEL[0]", "file not found: nothere.img")

    def test_not_an_arm64_image(self):
        self.assertConfigError("DOMU_KERNEL[0]=raw.bin\n", 5, "DOMU_KERNEL[0]", "not an arm64 Image")

    def test_empty_image(self):
        self.assertConfigError("DOMU_KERNEL[0]=empty.img\n", 5, "DOMU_KERNEL[0]", "empty file")

    def test_ramdisk_needs_no_magic(self):
        c = self.cfg("DOMU_KERNEL[0]=a.img\nDOMU_RAMDISK[0]=raw.bin\n")
        self.assertEqual(c.domains[0].ramdisk.size, 0x100)


class Placement(Base):
    def test_modules_do_not_overlap(self):
        c = self.cfg("DOMU_KERNEL[0]=b.img\nDOMU_RAMDISK[0]=raw.bin\nDOMU_KERNEL[1]=a.img\n"
                     "DOMU_KERNEL[2]=b.img\nDOMU_KERNEL[3]=c.img\n")
        mods = sorted(c.modules(), key=lambda m: m.addr)
        self.assertEqual(len(mods), 5)
        for m in mods:
            self.assertGreaterEqual(m.addr, 0x50000000)
            self.assertEqual(m.addr % (2 << 20), 0)
            self.assertEqual(m.size, os.path.getsize(m.path))  # reg size = file size
            self.assertLessEqual(m.end, c.ram_end)
        for a, b in zip(mods, mods[1:]):
            self.assertLessEqual(a.end, b.addr, "%s overlaps %s" % (a.value.name, b.value.name))
        self.assertEqual(mods[0].addr, 0x50000000)
        self.assertEqual(mods[1].addr, 0x50400000)  # after 3 MB, rounded up to 2 MB

    def test_fixed_address_is_respected_and_avoided(self):
        c = self.cfg("DOMU_KERNEL[0]=a.img\nDOMU_KERNEL_ADDR[0]=0x50000000\nDOMU_KERNEL[1]=c.img\n")
        self.assertEqual(c.domains[0].kernel.addr, 0x50000000)
        self.assertEqual(c.domains[1].kernel.addr, 0x50200000)

    def test_fixed_addresses_overlap(self):
        self.assertConfigError("DOMU_KERNEL[0]=b.img\nDOMU_KERNEL_ADDR[0]=0x50000000\n"
                               "DOMU_KERNEL[1]=a.img\nDOMU_KERNEL_ADDR[1]=0x50200000\n", 8,
                               "DOMU_KERNEL_ADDR[1]", "overlaps DOMU_KERNEL\\[0\\]")

    def test_fixed_address_over_xen(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_KERNEL_ADDR[0]=0x48000000\n", 6,
                               "DOMU_KERNEL_ADDR[0]", "overlaps Xen and the device tree")

    def test_fixed_address_outside_ram(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_KERNEL_ADDR[0]=0x80000000\n", 6,
                               "DOMU_KERNEL_ADDR[0]", "outside RAM")

    def test_fixed_address_unaligned(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_KERNEL_ADDR[0]=0x50000100\n", 6,
                               "DOMU_KERNEL_ADDR[0]", "not 4 KB aligned")

    def test_address_without_module(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_RAMDISK_ADDR[0]=0x60000000\n", 6,
                               "DOMU_RAMDISK_ADDR[0]", "without DOMU_RAMDISK")

    def test_modules_do_not_fit(self):
        # 256 MB machine: RAM ends at 0x50000000, where modules start.
        self.assertConfigError("QEMU_MEM=256\nDOMU_KERNEL[0]=a.img\nDOMU_MEM[0]=16\n", 2,
                               "DOMU_KERNEL[0]", "does not fit in RAM", base=False)

    def test_memory_larger_than_machine(self):
        self.assertConfigError("DOMU_KERNEL[0]=a.img\nDOMU_MEM[0]=300\nDOMU_KERNEL[1]=c.img\n"
                               "DOMU_MEM[1]=200\n", 4, "QEMU_MEM", "512 MB of machine memory is too small")


class Pools(Base):
    def test_cpu_out_of_range(self):
        self.assertConfigError('CPUPOOL[0]="0,2 null"\nDOMU_KERNEL[0]=a.img\n', 5, "CPUPOOL[0]",
                               "CPU 2 does not exist")

    def test_cpu_in_two_pools(self):
        self.assertConfigError('CPUPOOL[0]="0,1 null"\nCPUPOOL[1]="cpu@1 credit2"\nDOMU_KERNEL[0]=a.img\n',
                               6, "CPUPOOL[1]", "already in CPUPOOL\\[0\\]")

    def test_unknown_scheduler(self):
        self.assertConfigError('CPUPOOL[0]="0 fifo"\nDOMU_KERNEL[0]=a.img\n', 5, "CPUPOOL[0]",
                               "unknown scheduler")

    def test_pool_syntax(self):
        self.assertConfigError('CPUPOOL[0]="0"\nDOMU_KERNEL[0]=a.img\n', 5, "CPUPOOL[0]", "CPUS SCHED")

    def test_undefined_pool(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_CPUPOOL[0]=3\n', 6, "DOMU_CPUPOOL[0]",
                               "CPUPOOL\\[3\\] is not defined")

    def test_null_pool_too_many_vcpus(self):
        self.assertConfigError('CPUPOOL[0]="1 null"\nDOMU_KERNEL[0]=a.img\nDOMU_VCPUS[0]=2\n'
                               'DOMU_CPUPOOL[0]=0\n', 8, "DOMU_CPUPOOL[0]", "one vCPU per CPU")


class Channels(Base):
    def test_evtchn_remote_is_self(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_STATIC_EVTCHNS[0]="10 0 11"\n', 6,
                               "DOMU_STATIC_EVTCHNS[0]", "not another domain")

    def test_evtchn_syntax(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\nDOMU_STATIC_EVTCHNS[0]="10 1"\n',
                               7, "DOMU_STATIC_EVTCHNS[0]", "LOCAL REMOTE_DOMU REMOTE_PORT")

    def test_evtchn_port_range(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\nDOMU_STATIC_EVTCHNS[0]="0 1 5"\n',
                               7, "DOMU_STATIC_EVTCHNS[0]", "port 0 outside")

    def test_evtchn_conflict(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\nDOMU_STATIC_EVTCHNS[0]="10 1 11"\n'
                               'DOMU_STATIC_EVTCHNS[1]="11 0 12"\n', 8, "DOMU_STATIC_EVTCHNS[1]",
                               "already bound")

    def test_evtchn_needs_enhanced(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\nDOMU_ENHANCED[1]=none\n'
                               'DOMU_STATIC_EVTCHNS[0]="10 1 11"\n', 8, "DOMU_STATIC_EVTCHNS[0]",
                               "domain 1 needs DOMU_ENHANCED")

    def test_evtchn_both_sides_generated(self):
        c = self.cfg('DOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\nDOMU_STATIC_EVTCHNS[0]="10 1 11"\n'
                     'DOMU_STATIC_EVTCHNS[1]="11 0 10"\n')
        self.assertEqual([e[:3] for e in c.domains[0].evtchns], [(10, 1, 11)])
        self.assertEqual([e[:3] for e in c.domains[1].evtchns], [(11, 0, 10)])

    def test_shm_id_too_long(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_SHARED_MEM[0]="a-very-long-shm-id 0x60000000 '
                               '0x50000000 0x1000"\n', 6, "DOMU_SHARED_MEM[0]", "1..15 characters")

    def test_shm_unaligned(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_SHARED_MEM[0]="s auto 0x50000000 0x1800"\n', 6,
                               "DOMU_SHARED_MEM[0]", "4 KB aligned")

    def test_shm_over_guest_ram(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_SHARED_MEM[0]="s auto 0x40100000 0x1000"\n', 6,
                               "DOMU_SHARED_MEM[0]", "overlaps the domain's RAM")

    def test_shm_definitions_differ(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\n'
                               'DOMU_SHARED_MEM[0]="s auto 0x50000000 0x2000"\n'
                               'DOMU_SHARED_MEM[1]="s auto 0x50000000 0x1000"\n', 8, "DOMU_SHARED_MEM[1]",
                               "differs from its definition at .*t.cfg:7")

    def test_shm_host_overlaps_module(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_SHARED_MEM[0]="s 0x50000000 0x50000000 0x1000"\n',
                               6, "DOMU_SHARED_MEM[0]", "overlaps DOMU_KERNEL\\[0\\]")

    def test_shm_two_owners(self):
        self.assertConfigError('DOMU_KERNEL[0]=a.img\nDOMU_KERNEL[1]=c.img\n'
                               'DOMU_SHARED_MEM[0]="s auto 0x50000000 0x1000 owner"\n'
                               'DOMU_SHARED_MEM[1]="s auto 0x50000000 0x1000 owner"\n', 7,
                               "DOMU_SHARED_MEM[0]", "more than one owner")

    def test_shm_auto_after_modules(self):
        c = self.cfg('DOMU_KERNEL[0]=b.img\nDOMU_KERNEL[1]=c.img\n'
                     'DOMU_SHARED_MEM[0]="s auto 0x50000000 0x200000"\n'
                     'DOMU_SHARED_MEM[1]="s auto 0x60000000 0x200000"\n')
        (shm,) = c.shm_regions
        last = max(m.end for m in c.modules())
        self.assertGreaterEqual(shm.host, last)
        self.assertEqual(shm.host % (2 << 20), 0)
        self.assertEqual([u.guest for d in c.domains for u in d.shms], [0x50000000, 0x60000000])


class Tree(Base):
    """The generated tree: compiled by dtc, read back with fdtget."""

    def fdtget(self, dtb, *args):
        return subprocess.run(["fdtget"] + list(args[:-2]) + [dtb] + list(args[-2:]), check=True,
                              stdout=subprocess.PIPE, text=True).stdout.split()

    def test_tree(self):
        text = ('XEN_CMD="console=dtuart"\nGIC_VERSION=3\nNUM_CPUS=2\nQEMU_MEM=512\n'
                'CPUPOOL[0]="1 null"\nDOM0_KERNEL=c.img\nDOM0_MEM=128\n'
                'DOMU_NAME[0]=rtos-a\nDOMU_KERNEL[0]=b.img\nDOMU_CMD[0]="x=1"\nDOMU_MEM[0]=16\n'
                'DOMU_CPUPOOL[0]=0\nDOMU_STATIC_EVTCHNS[0]="10 1 11"\n'
                'DOMU_SHARED_MEM[0]="s0 auto 0x50000000 0x200000"\n'
                'DOMU_KERNEL[1]=a.img\nDOMU_VPL011[1]=0\nDOMU_ENHANCED[1]=enabled\n'
                'DOMU_SHARED_MEM[1]="s0 auto 0x50000000 0x200000"\n')
        c = self.cfg(text, base=False)
        dtb = bootcfg.generate(c, os.path.join(self.dir, "dt"))
        g = lambda *a: self.fdtget(dtb, *a)  # noqa: E731
        self.assertEqual(g("-t", "s", "/chosen", "xen,xen-bootargs"), ["console=dtuart", "dom0_mem=128M"])
        self.assertEqual(g("/chosen", "#address-cells") + g("/chosen", "#size-cells"), ["1", "1"])
        # dom0 kernel at /chosen level
        k0 = c.dom0_kernel
        self.assertEqual(g("-t", "x", "/chosen/module@%x" % k0.addr, "reg"), ["%x" % k0.addr, "%x" % k0.size])
        # domain 0
        d = "/chosen/rtos-a"
        self.assertEqual(g("-t", "s", d, "compatible"), ["xen,domain"])
        self.assertEqual(g(d, "#address-cells") + g(d, "#size-cells"), ["1", "1"])
        self.assertEqual(g(d, "memory"), ["0", str(16 * 1024)])
        self.assertEqual(g(d, "cpus"), ["1"])
        self.assertEqual(g("-t", "s", d, "xen,enhanced"), ["no-xenstore"])
        self.assertIn("vpl011", g("-p", "/chosen", d))
        k = c.domains[0].kernel
        self.assertEqual(g("-t", "x", "%s/module@%x" % (d, k.addr), "reg"), ["%x" % k.addr, "%x" % k.size])
        self.assertEqual(g("-t", "s", "%s/module@%x" % (d, k.addr), "bootargs"), ["x=1"])
        # cpupool: its cpus phandle is /cpus/cpu@1's phandle, the domain points at the pool
        pool_ph = g("/chosen/cpupool-0", "phandle")
        self.assertEqual(g("/chosen/cpupool-0", "cpupool-cpus"), g("/cpus/cpu@1", "phandle"))
        self.assertEqual(g("-t", "s", "/chosen/cpupool-0", "cpupool-sched"), ["null"])
        self.assertEqual(g(d, "domain-cpupool"), pool_ph)
        # event channel: each side points at the other's node
        e0, e1 = "%s/evtchn-10" % d, "/chosen/domU1/evtchn-11"
        self.assertEqual(g(e0, "xen,evtchn"), ["10"] + g(e1, "phandle"))
        self.assertEqual(g(e1, "xen,evtchn"), ["11"] + g(e0, "phandle"))
        # shared memory, same host region in both domains
        (shm,) = c.shm_regions
        for dom in (d, "/chosen/domU1"):
            self.assertEqual(g("-t", "x", dom + "/shm-s0", "xen,shared-mem"),
                             ["%x" % shm.host, "50000000", "200000"])
        # domain 1: no vpl011, enhanced enabled
        self.assertNotIn("vpl011", g("-p", "/chosen/domU1"))
        self.assertEqual(g("-t", "s", "/chosen/domU1", "xen,enhanced"), ["enabled"])
        # the QEMU machine matches the tree: 2 CPUs, GICv3
        self.assertEqual(sorted(x for x in g("-l", "/", "/cpus") if x.startswith("cpu@")), ["cpu@0", "cpu@1"])
        args = c.qemu_args("xen", dtb)
        self.assertIn("virt,virtualization=on,gic-version=3", args)
        self.assertIn("loader,file=%s,addr=0x%x,force-raw=on" % (k.path, k.addr), args)

    def test_shipped_configs_parse(self):
        # The configurations in config/ are valid (with a stand-in image where the RTOS is not built).
        for name in sorted(os.listdir(os.path.join(ROOT, "config"))):
            if not name.endswith(".cfg"):
                continue
            path = os.path.join(ROOT, "config", name)
            c = bootcfg.Config(path, ROOT, check_files=False)
            if c.bare:
                self.assertIsNotNone(c.kernel, name)
                continue
            self.assertTrue(c.domains or c.dom0_kernel, name)
            self.assertIn("bootscrub=0", c.full_xen_cmd(), name)


def arm64_image(path, size, text_offset, image_size):
    """An Image header with the two fields QEMU's loader reads (offsets 8 and 16)."""
    image(path, size)
    with open(path, "r+b") as f:
        f.seek(8)
        f.write(text_offset.to_bytes(8, "little") + image_size.to_bytes(8, "little"))


class BareMetal(Base):
    """BARE_METAL=1: QEMU boots KERNEL without Xen, with its own device tree."""

    def setUp(self):
        super().setUp()
        arm64_image(os.path.join(self.dir, "rtos.img"), 0x15000, 0x201000, 0x78000)
        arm64_image(os.path.join(self.dir, "low.img"), 0x2000, 0, 0x2000)
        arm64_image(os.path.join(self.dir, "huge.img"), 0x2000, 0x201000, 8 << 20)

    def bare(self, text):
        return self.cfg("BARE_METAL=1\n" + text, base=False)

    def test_command(self):
        c = self.bare('KERNEL=rtos.img\nCMD="bench=all x=1"\nGIC_VERSION=2\n')
        args = c.qemu_args(None, None)
        # EL1 entry: no virtualization=on; the image itself is -kernel; no tree, no modules.
        self.assertEqual(args[:3], ["qemu-system-aarch64", "-machine", "virt,gic-version=2"])
        self.assertEqual(args[args.index("-kernel") + 1], os.path.join(self.dir, "rtos.img"))
        self.assertEqual(args[args.index("-append") + 1], "bench=all x=1")
        self.assertEqual(args[args.index("-m") + 1], "128M")  # bare metal's default
        for absent in ("-dtb", "-device", "-icount"):
            self.assertNotIn(absent, args)
        self.assertEqual(c.modules(), [])
        self.assertEqual([m.path for m in c.boot_files()], [os.path.join(self.dir, "rtos.img")])
        # prepare() needs no Xen image and generates nothing
        self.assertEqual(qemurun.prepare(c, xen="/nonexistent/xen"), args)

    def test_no_cmd_no_append(self):
        self.assertNotIn("-append", self.bare("KERNEL=rtos.img\n").qemu_args(None, None))

    def test_load_address_and_layout(self):
        # QEMU's rule: RAM base + text_offset, 2 MB more when the offset is on its boot stub.
        self.assertEqual(self.bare("KERNEL=rtos.img\n").kernel.addr, 0x40201000)
        self.assertEqual(self.bare("KERNEL=low.img\n").kernel.addr, 0x40200000)
        self.assertEqual(self.bare("KERNEL=a.img\n").kernel.addr, 0x40080000)  # image_size 0
        c = self.bare("KERNEL=rtos.img\nQEMU_MEM=64\n")
        self.assertRegex(c.layout(), r"0x40201000 0x78000 +KERNEL rtos.img")
        self.assertRegex(c.layout(), r"0x42000000 +device tree \(QEMU's own\)")

    def test_icount_on_several_cpus(self):
        # The one-CPU rule is Xen's (it hangs); the RTOS alone runs on 4 CPUs in virtual time.
        args = self.bare("KERNEL=rtos.img\nNUM_CPUS=4\nQEMU_ICOUNT=0\nQEMU_ICOUNT_SLEEP=off\n")\
            .qemu_args(None, None)
        self.assertEqual(args[args.index("-icount") + 1], "shift=0,sleep=off")
        self.assertEqual(args[args.index("-smp") + 1], "4")

    def test_needs_kernel(self):
        self.assertConfigError("BARE_METAL=1\nGIC_VERSION=3\n", 1, "BARE_METAL", "needs KERNEL=",
                               base=False)

    def test_value(self):
        self.assertConfigError("BARE_METAL=yes\nKERNEL=rtos.img\n", 1, "BARE_METAL",
                               "expected one of 0, 1", base=False)

    def test_xen_keys_refused(self):
        for line in ('XEN_CMD="console=dtuart"', "DOMU_KERNEL[0]=a.img", "DOM0_KERNEL=a.img",
                     'CPUPOOL[0]="0 null"', "NUM_DOMUS=1", "XL_PASSTHROUGH_PATHS=/pl061@9030000"):
            key = line.split("=")[0]
            msg = self.assertConfigError("BARE_METAL=1\nKERNEL=rtos.img\n%s\n" % line, 3, key,
                                         r"a Xen key, .*bare metal \(BARE_METAL=1 at .*t.cfg:1\)",
                                         base=False)
            self.assertIn("KERNEL, CMD", msg)

    def test_kernel_and_cmd_only_bare(self):
        for line, hint in (("KERNEL=rtos.img", "DOMU_KERNEL"), ('CMD="x=1"', "DOMU_CMD")):
            self.assertConfigError("DOMU_KERNEL[0]=a.img\n%s\n" % line, 6, line.split("=")[0],
                                   "only with BARE_METAL=1.*%s" % hint)
        self.assertConfigError("BARE_METAL=0\nKERNEL=rtos.img\n", 2, "KERNEL",
                               "only with BARE_METAL=1", base=False)

    def test_kernel_checked(self):
        self.assertConfigError("BARE_METAL=1\nKERNEL=raw.bin\n", 2, "KERNEL",
                               "not an arm64 Image", base=False)
        self.assertConfigError("BARE_METAL=1\nKERNEL=nope.img\n", 2, "KERNEL", "file not found",
                               base=False)

    def test_memory(self):
        self.assertConfigError("BARE_METAL=1\nKERNEL=rtos.img\nQEMU_MEM=8\n", 3, "QEMU_MEM",
                               "below the minimum 16", base=False)
        # 8 MB of image (header's image_size) from 0x40201000 reaches the tree at 0x40800000
        self.assertConfigError("BARE_METAL=1\nKERNEL=huge.img\nQEMU_MEM=16\n", 2, "KERNEL",
                               "past QEMU's device tree at 0x40800000: raise QEMU_MEM", base=False)
        self.assertEqual(self.bare("KERNEL=huge.img\nQEMU_MEM=32\n").bare_dtb, 0x41000000)

    def test_override_of_a_xen_config(self):
        # Xen's keys in the file are named, not the override that made it bare metal.
        with self.assertRaisesRegex(bootcfg.ConfigError,
                                    r"default\.cfg:\d+: XEN_CMD: a Xen key.*<override>:1\)"):
            qemurun.load_config(os.path.join(ROOT, "config", "default.cfg"),
                                ["BARE_METAL=1", "KERNEL=%s" % os.path.join(self.dir, "rtos.img")],
                                check_files=False)

    def test_shipped_bare_config(self):
        c = qemurun.load_config(os.path.join(ROOT, "config", "bare.cfg"),
                                ["KERNEL=%s" % os.path.join(self.dir, "rtos.img"),
                                 'CMD="bench=all"', "QEMU_ICOUNT=0"])
        args = qemurun.prepare(c)
        self.assertIn("-icount", args)
        self.assertEqual(args[args.index("-append") + 1], "bench=all")
        self.assertIn("bare metal", qemurun.header(c, args))

    def test_tree_is_qemus(self):
        # --dtb-only / make dtb: QEMU's own tree with the boot's options, seeds zeroed.
        c = self.bare('KERNEL=rtos.img\nCMD="x=1 y"\nQEMU_MEM=64\n')
        dtb = bootcfg.generate(c, os.path.join(self.dir, "dt"))
        get = lambda *a: subprocess.run(["fdtget"] + list(a[:-2]) + [dtb] + list(a[-2:]),  # noqa: E731
                                        check=True, stdout=subprocess.PIPE, text=True).stdout.split()
        self.assertEqual(get("-t", "s", "/chosen", "bootargs"), ["x=1", "y"])
        self.assertEqual(set(get("/chosen", "rng-seed")), {"0"})
        self.assertEqual(get("-t", "s", "/pl011@9000000", "compatible"), ["arm,pl011", "arm,primecell"])
        self.assertNotIn("hypervisor", subprocess.run(["fdtget", "-l", dtb, "/"], check=True,
                                                      stdout=subprocess.PIPE, text=True).stdout)


class RunTool(unittest.TestCase):
    """tools/run's bare-metal paths, as `make run` and `make debug` call them."""

    def run_tool(self, *args, env=None):
        return subprocess.run([os.path.join(ROOT, "tools", "run"), "-c", "config/bare.cfg"] + list(args),
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env)

    def test_images_and_needs_xen(self):
        self.assertEqual(self.run_tool("--images").stdout.split(), ["build/aarch64/demo.img"])
        self.assertEqual(self.run_tool("--needs-xen").stdout.strip(), "no")
        out = subprocess.run([os.path.join(ROOT, "tools", "run"), "-c", "config/default.cfg",
                              "--needs-xen"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        self.assertEqual(out.stdout.strip(), "yes")

    def test_configuration_error_is_status_3(self):
        r = self.run_tool("--set", "DOMU_MEM[0]=32", "--dry-run")
        self.assertEqual(r.returncode, 3)
        self.assertRegex(r.stderr, r"^run: error: <override>:1: DOMU_MEM\[0\]: a Xen key")
        self.assertNotIn("Traceback", r.stderr)

    def test_debug_session(self):
        # --debug: the hardware breakpoint goes where QEMU enters the image; no Xen symbols.
        loader = importlib.machinery.SourceFileLoader("tools_run", os.path.join(ROOT, "tools", "run"))
        run = importlib.util.module_from_spec(importlib.util.spec_from_loader("tools_run", loader))
        loader.exec_module(run)
        d = tempfile.mkdtemp(prefix="run-test-")
        old = os.environ.get("BUILD")
        try:
            img = os.path.join(d, "x.img")
            arm64_image(img, 0x2000, 0x201000, 0x3000)
            os.environ["BUILD"] = d
            c = qemurun.load_config(os.path.join(ROOT, "config", "bare.cfg"), ["KERNEL=%s" % img])
            path, entry, _ = run.write_gdb_session(c, 0, 1234)
            with self.assertRaisesRegex(bootcfg.ConfigError, "one image"):
                run.write_gdb_session(c, 1, 1234)
            self.assertEqual(entry, 0x40201000)
            with open(path) as f:
                text = f.read()
            self.assertIn("set $xenrtos_entry = 0x40201000", text)
            self.assertIn("set $xenrtos_have_xen_syms = 0", text)
            self.assertNotIn("xen-syms", text)
        finally:
            if old is None:
                os.environ.pop("BUILD", None)
            else:
                os.environ["BUILD"] = old
            shutil.rmtree(d)


class Overrides(Base):
    def test_override_replaces_and_names_source(self):
        path = os.path.join(self.dir, "o.cfg")
        with open(path, "w") as f:
            f.write(BASE + "DOMU_KERNEL[0]=%s\n" % os.path.join(self.dir, "a.img"))
        c = qemurun.load_config(path, ["GIC_VERSION=2", "NUM_CPUS=4"])
        self.assertEqual((c.gic, c.cpus), (2, 4))
        self.assertRegex(c.name, r"^o-[0-9a-f]{8}$")
        with self.assertRaisesRegex(bootcfg.ConfigError, r"<override>:1: GIC_VERSION: expected one of"):
            qemurun.load_config(path, ["GIC_VERSION=5"])


if __name__ == "__main__":
    unittest.main()
