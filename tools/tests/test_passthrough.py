"""Device passthrough and static memory in the boot kit (issue 15): the partial tree generated
from DOMU_PASSTHROUGH_PATHS, hand-written partial trees (DOMU_PASSTHROUGH_DTB), the host node's
xen,passthrough mark, xen,static-mem / direct-map, and every bad input as a configuration error
naming file, line and key. The host tree is a small synthetic one (compiled with dtc and put
where bootcfg caches QEMU's dump), so no QEMU runs here; test_qemu_tree uses QEMU's own."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bootcfg  # noqa: E402
import fdt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_bootcfg import image  # noqa: E402  (an arm64 Image stand-in)

HOST_DTS = """/dts-v1/;
/ {
    #address-cells = <2>;
    #size-cells = <2>;
    interrupt-parent = <&gic>;
    gic: intc@8000000 {
        compatible = "arm,gic-v3";
        interrupt-controller;
        #interrupt-cells = <3>;
        reg = <0 0x8000000 0 0x10000 0 0x80a0000 0 0xf60000>;
    };
    timer { compatible = "arm,armv8-timer"; interrupts = <1 13 4 1 14 4 1 11 4 1 10 4>; };
    clk: apb-pclk { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; };
    other: other-clk { compatible = "vendor,pll"; #clock-cells = <1>; };
    pl011@9000000 { compatible = "arm,pl011", "arm,primecell"; reg = <0 0x9000000 0 0x1000>;
                    interrupts = <0 1 4>; clocks = <&clk &clk>; };
    pl061@9030000 { compatible = "arm,pl061", "arm,primecell"; reg = <0 0x9030000 0 0x1000>;
                    interrupts = <0 7 4>; clocks = <&clk>; clock-names = "apb_pclk";
                    gpio-controller; #gpio-cells = <2>; phandle = <0x8004>; };
    dev-a@9100000 { compatible = "vendor,a"; reg = <0 0x9100000 0 0x800>; interrupts = <0 9 4>; };
    dev-b@9200000 { compatible = "vendor,b"; reg = <0 0x9200000 0 0x1000>; interrupts = <0 9 4>; };
    dev-ppi@9300000 { compatible = "vendor,p"; reg = <0 0x9300000 0 0x1000>; interrupts = <1 5 4>; };
    dev-clk@9400000 { compatible = "vendor,c"; reg = <0 0x9400000 0 0x1000>; clocks = <&other 3>; };
    dev-off@9500000 { compatible = "vendor,o"; reg = <0 0x9500000 0 0x1000>; status = "disabled"; };
    dev-ram@40000000 { compatible = "vendor,r"; reg = <0 0x40000000 0 0x1000>; };
    memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x20000000>; };
    chosen { stdout-path = "/pl011@9000000"; };
};
"""

BASE = """\
XEN_CMD="console=dtuart dtuart=/pl011@9000000 bootscrub=0"
GIC_VERSION=3
NUM_CPUS=2
QEMU_MEM=512
DOMU_KERNEL[0]=a.img
"""

PARTIAL_DTS = """/dts-v1/;
/ {
    #address-cells = <2>;
    #size-cells = <2>;
    gic: gic { #interrupt-cells = <3>; interrupt-controller; };
    passthrough {
        compatible = "simple-bus";
        ranges;
        #address-cells = <2>;
        #size-cells = <2>;
        dev@0 {
            compatible = "vendor,x";
            interrupt-parent = <&gic>;
            %s
        };
    };
};
"""


class Base(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="passthrough-test-")
        image(os.path.join(self.dir, "a.img"), 0x1234)
        image(os.path.join(self.dir, "b.img"), 0x800)
        self.out = os.path.join(self.dir, "dt")
        os.makedirs(self.out)
        with open(os.path.join(self.dir, "host.dts"), "w") as f:
            f.write(HOST_DTS)
        # Where bootcfg.host_dtb() caches QEMU's dump for this machine shape.
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                        os.path.join(self.out, "host-gicv3-smp2-512M-cortex-a57.dtb"),
                        os.path.join(self.dir, "host.dts")], check=True)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def cfg(self, text):
        path = os.path.join(self.dir, "t.cfg")
        with open(path, "w") as f:
            f.write(BASE + text)
        return bootcfg.Config(path, self.dir)

    def generate(self, text):
        c = self.cfg(text)
        return c, fdt.read(bootcfg.generate(c, self.out))

    def partial(self, name, body):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(PARTIAL_DTS % body)
        return name

    def assertError(self, text, line, key, pattern, generate=True):
        with self.assertRaises(bootcfg.ConfigError) as cm:
            self.generate(text) if generate else self.cfg(text)
        msg = str(cm.exception)
        self.assertRegex(msg, r"t\.cfg:%d: %s: " % (line, re.escape(key)))
        self.assertRegex(msg, pattern)
        return msg


class Generated(Base):
    def test_partial_tree_and_host_mark(self):
        c, host = self.generate('DOMU_PASSTHROUGH_PATHS[0]="/pl061@9030000"\n')
        d = c.domains[0]
        m = d.passthrough_dtb
        self.assertTrue(os.path.isfile(m.path))
        self.assertEqual(os.path.getsize(m.path), bootcfg.PARTIAL_DTB_SIZE)
        # The module is in the domain's node, after its kernel, as a device tree.
        mod = host.find("/chosen/domU0/module@%x" % m.addr)
        self.assertEqual(mod.strings("compatible"), ["multiboot,device-tree", "multiboot,module"])
        self.assertEqual(mod.cells("reg"), [m.addr, bootcfg.PARTIAL_DTB_SIZE])
        self.assertNotEqual(m.addr, d.kernel.addr)
        # The host node is marked; the others are not.
        self.assertIn("xen,passthrough", host.find("/pl061@9030000").props)
        self.assertNotIn("xen,passthrough", host.find("/dev-a@9100000").props)
        # The partial tree: Xen's rules (passthrough.txt).
        p = fdt.read(m.path)
        gic = p.find("/gic")
        self.assertIn("interrupt-controller", gic.props)
        pt = p.find("/passthrough")
        self.assertEqual(pt.strings("compatible"), ["simple-bus"])
        self.assertEqual(pt.props["ranges"], b"")
        n = p.find("/passthrough/pl061@9030000")
        self.assertEqual(n.cells("xen,reg"), [0, 0x9030000, 0, 0x1000, 0, 0x9030000])
        self.assertEqual(n.strings("xen,path"), ["/pl061@9030000"])
        self.assertIn("xen,force-assign-without-iommu", n.props)
        self.assertEqual(n.u32("interrupt-parent"), gic.u32("phandle"))
        self.assertEqual(n.cells("interrupts"), [0, 7, 4])
        self.assertEqual(n.strings("compatible"), ["arm,pl061", "arm,primecell"])
        self.assertNotIn("phandle", n.props)  # the host's phandle means nothing in the guest
        # its fixed clock travels with it
        clk = p.by_phandle[n.u32("clocks")]
        self.assertEqual(clk.parent.name, "passthrough")
        self.assertEqual(clk.strings("compatible"), ["fixed-clock"])
        self.assertEqual(d.devices[0].irqs, [39])

    def test_sub_page_region_is_rounded_to_a_page(self):
        c, _ = self.generate('DOMU_PASSTHROUGH_PATHS[0]="/dev-a@9100000"\n')
        self.assertEqual(c.domains[0].devices[0].mmio, [(0x9100000, 0x1000, 0x9100000)])

    def test_layout_names_the_partial_tree(self):
        c, _ = self.generate('DOMU_PASSTHROUGH_PATHS[0]="/pl061@9030000"\n')
        self.assertRegex(c.layout(), r"DOMU_PASSTHROUGH_PATHS\[0\] .*t-domU0-partial\.dtb")

    def test_xl_passthrough_marks_only(self):
        c, host = self.generate('XL_PASSTHROUGH_PATHS="/pl061@9030000"\n')
        self.assertIn("xen,passthrough", host.find("/pl061@9030000").props)
        self.assertIsNone(c.domains[0].passthrough_dtb)
        self.assertEqual(c.xl_devices[0].irqs, [39])


class HandWritten(Base):
    def test_dts_compiled_and_checked(self):
        name = self.partial("p.dts", 'reg = <0 0x9030000 0 0x1000>; interrupts = <0 7 4>;\n'
                            'xen,reg = <0 0x9030000 0 0x1000 0 0x9030000>;\n'
                            'xen,path = "/pl061@9030000"; xen,force-assign-without-iommu;')
        c, host = self.generate("DOMU_PASSTHROUGH_DTB[0]=%s\n" % name)
        self.assertIn("xen,passthrough", host.find("/pl061@9030000").props)
        self.assertEqual(c.domains[0].devices[0].irqs, [39])
        self.assertEqual(os.path.getsize(c.domains[0].passthrough_dtb.path), bootcfg.PARTIAL_DTB_SIZE)

    def test_dtb_file(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9100000 0 0x1000 0 0x9100000>;\n'
                            'xen,path = "/dev-a@9100000"; xen,force-assign-without-iommu;')
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                        os.path.join(self.dir, "p.dtb"), os.path.join(self.dir, name)], check=True)
        c, _ = self.generate("DOMU_PASSTHROUGH_DTB[0]=p.dtb\n")
        self.assertEqual(c.domains[0].passthrough_dtb.size,
                         os.path.getsize(os.path.join(self.dir, "p.dtb")))

    def test_path_not_in_host_tree(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9600000 0 0x1000 0 0x9600000>;\n'
                            'xen,path = "/nowhere@9600000";')
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=%s\n" % name, 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"xen,path /nowhere@9600000 .* is not in the host device tree")

    def test_mmio_overlaps_memory(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x40000000 0 0x1000 0 0x9600000>;\n'
                            'xen,force-assign-without-iommu;')
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=%s\n" % name, 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"overlaps the machine's RAM")

    def test_guest_range_on_guest_ram(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9600000 0 0x1000 0 0x40001000>;\n'
                            'xen,force-assign-without-iommu;')
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=%s\n" % name, 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"guest range 0x40001000-0x40002000 overlaps the guest RAM window")

    def test_guest_range_on_guest_gic(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9600000 0 0x1000 0 0x3001000>;\n'
                            'xen,force-assign-without-iommu;')
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=%s\n" % name, 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"overlaps the guest's GIC")

    def test_mmio_overlaps_other_domains_device(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9030000 0 0x1000 0 0x9030000>;\n'
                            'xen,force-assign-without-iommu;')
        msg = self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/pl061@9030000"\nDOMU_KERNEL[1]=b.img\n'
                               "DOMU_PASSTHROUGH_DTB[1]=%s\n" % name, 8, "DOMU_PASSTHROUGH_DTB[1]",
                               r"overlaps the device /pl061@9030000 of DOMU_\*\[0\]")
        self.assertIn("0x9030000-0x9031000", msg)

    def test_not_page_aligned(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9600800 0 0x800 0 0x9600800>;\n'
                            'xen,force-assign-without-iommu;')
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=%s\n" % name, 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"not whole 4 KB pages")

    def test_reg_without_path_or_force(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9600000 0 0x1000 0 0x9600000>;')
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=%s\n" % name, 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"neither xen,path nor xen,force-assign-without-iommu")

    def test_not_a_dtb(self):
        with open(os.path.join(self.dir, "bad.dtb"), "wb") as f:
            f.write(b"garbage" * 10)
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=bad.dtb\n", 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"not a DTB", generate=False)

    def test_truncated_dtb(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9600000 0 0x1000 0 0x9600000>;')
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                        os.path.join(self.dir, "p.dtb"), os.path.join(self.dir, name)], check=True)
        with open(os.path.join(self.dir, "p.dtb"), "rb") as f:
            data = f.read()
        with open(os.path.join(self.dir, "p.dtb"), "wb") as f:
            f.write(data[:len(data) // 2])
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=p.dtb\n", 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"header says \d+ bytes")

    def test_no_passthrough_node(self):
        with open(os.path.join(self.dir, "e.dts"), "w") as f:
            f.write("/dts-v1/;\n/ { };\n")
        self.assertError("DOMU_PASSTHROUGH_DTB[0]=e.dts\n", 6, "DOMU_PASSTHROUGH_DTB[0]",
                         r"has no /passthrough node")


class BadPaths(Base):
    def test_path_not_in_host_tree(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/gpio@9990000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"/gpio@9990000 is not in the host device tree")

    def test_not_a_path(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="pl061@9030000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"not an absolute device-tree path",
                         generate=False)

    def test_xens_uart(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/pl011@9000000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"Xen's console UART")

    def test_gic_and_memory(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/intc@8000000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"interrupt controller")
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/memory@40000000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"is memory")

    def test_device_inside_ram(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/dev-ram@40000000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"overlaps the machine's RAM")

    def test_disabled(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/dev-off@9500000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"disabled")

    def test_ppi(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/dev-ppi@9300000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"PPI")

    def test_clock_that_is_not_fixed(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/dev-clk@9400000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"not a fixed clock.*DOMU_PASSTHROUGH_DTB")

    def test_same_device_twice(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/pl061@9030000"\nDOMU_KERNEL[1]=b.img\n'
                         'DOMU_PASSTHROUGH_PATHS[1]="/pl061@9030000"\n', 8,
                         "DOMU_PASSTHROUGH_PATHS[1]", r"already given to DOMU_\*\[0\]")

    def test_irq_already_owned(self):
        msg = self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/dev-a@9100000"\nDOMU_KERNEL[1]=b.img\n'
                               'DOMU_PASSTHROUGH_PATHS[1]="/dev-b@9200000"\n', 8,
                               "DOMU_PASSTHROUGH_PATHS[1]", r"interrupt 41 is already owned by")
        self.assertIn("/dev-a@9100000", msg)

    def test_irq_owned_in_one_domain(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/dev-a@9100000,/dev-b@9200000"\n', 6,
                         "DOMU_PASSTHROUGH_PATHS[0]", r"interrupt 41 is already owned")

    def test_xl_and_dom0less_same_device(self):
        self.assertError('DOMU_PASSTHROUGH_PATHS[0]="/pl061@9030000"\n'
                         'XL_PASSTHROUGH_PATHS="/pl061@9030000"\n', 7,
                         "XL_PASSTHROUGH_PATHS", r"already given to DOMU_\*\[0\]")


class StaticMem(Base):
    def test_tree(self):
        c, host = self.generate('DOMU_STATIC_MEM[0]="0x58000000 0x2000000"\n')
        d = c.domains[0]
        self.assertEqual((d.mem_mb, d.direct_map), (32, True))
        n = host.find("/chosen/domU0")
        self.assertEqual(n.cells("xen,static-mem"), [0x58000000, 0x2000000])
        self.assertIn("direct-map", n.props)
        self.assertEqual(n.cells("memory"), [0, 32 * 1024])
        # Modules are placed around the bank.
        for m in c.modules():
            self.assertFalse(m.addr < 0x5a000000 and 0x58000000 < m.end, m.value.name)
        self.assertIn("static memory of domU0 (direct-map)", c.layout())

    def test_not_direct_mapped(self):
        c, host = self.generate('DOMU_STATIC_MEM[0]="0x58000000 0x2000000"\nDOMU_DIRECT_MAP[0]=0\n')
        self.assertNotIn("direct-map", host.find("/chosen/domU0").props)

    def test_modules_avoid_a_bank_at_module_base(self):
        c = self.cfg('DOMU_STATIC_MEM[0]="0x50000000 0x400000"\n')
        self.assertGreaterEqual(c.domains[0].kernel.addr, 0x50400000)

    def test_outside_ram(self):
        self.assertError('DOMU_STATIC_MEM[0]="0x80000000 0x200000"\n', 6, "DOMU_STATIC_MEM[0]",
                         r"outside RAM 0x40000000-0x60000000", generate=False)

    def test_over_xen(self):
        self.assertError('DOMU_STATIC_MEM[0]="0x40000000 0x400000"\n', 6, "DOMU_STATIC_MEM[0]",
                         r"overlaps Xen and the device tree", generate=False)

    def test_overlaps_other_domain(self):
        self.assertError('DOMU_STATIC_MEM[0]="0x56000000 0x400000"\nDOMU_KERNEL[1]=b.img\n'
                         'DOMU_STATIC_MEM[1]="0x56200000 0x400000"\n', 8, "DOMU_STATIC_MEM[1]",
                         r"overlaps DOMU_STATIC_MEM\[0\]", generate=False)

    def test_unaligned(self):
        self.assertError('DOMU_STATIC_MEM[0]="0x56100000 0x200000"\n', 6, "DOMU_STATIC_MEM[0]",
                         r"2 MB aligned", generate=False)

    def test_memory_must_match(self):
        self.assertError('DOMU_STATIC_MEM[0]="0x56000000 0x400000"\nDOMU_MEM[0]=8\n', 7,
                         "DOMU_MEM[0]", r"8 MB, but DOMU_STATIC_MEM\[0\] gives 4 MB", generate=False)

    def test_direct_map_needs_static_mem(self):
        self.assertError("DOMU_DIRECT_MAP[0]=1\n", 6, "DOMU_DIRECT_MAP[0]",
                         r"needs static memory", generate=False)

    def test_shm_on_direct_mapped_ram(self):
        self.assertError('DOMU_STATIC_MEM[0]="0x56000000 0x400000"\n'
                         'DOMU_SHARED_MEM[0]="s0 auto 0x56000000 0x200000"\n', 7,
                         "DOMU_SHARED_MEM[0]", r"overlaps the domain's RAM 0x56000000", generate=False)

    def test_direct_mapped_device_at_host_address(self):
        name = self.partial("p.dts", 'xen,reg = <0 0x9600000 0 0x1000 0 0x9700000>;\n'
                            'xen,force-assign-without-iommu;')
        self.assertError('DOMU_STATIC_MEM[0]="0x56000000 0x400000"\n'
                         "DOMU_PASSTHROUGH_DTB[0]=%s\n" % name, 7, "DOMU_PASSTHROUGH_DTB[0]",
                         r"direct-mapped domain sees devices at their host address")


class PartialTreeFuzz(Base):
    """Mutations of a valid hand-written partial tree: each gives a configuration or a
    ConfigError naming the key; never another exception (seeded: a failure names its round)."""

    def test_mutated_partial_trees(self):
        import random
        name = self.partial("p.dts", 'reg = <0 0x9030000 0 0x1000>; interrupts = <0 7 4>;\n'
                            'xen,reg = <0 0x9030000 0 0x1000 0 0x9030000>;\n'
                            'xen,path = "/pl061@9030000"; xen,force-assign-without-iommu;')
        good = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", os.path.join(self.dir, name)],
                              stdout=subprocess.PIPE, check=True).stdout
        rng = random.Random(1415)
        accepted = 0
        for round_ in range(150):
            b = bytearray(good)
            for _ in range(rng.randint(1, 6)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            if round_ % 7 == 0:
                b = b[:rng.randrange(8, len(b))]
            with open(os.path.join(self.dir, "m.dtb"), "wb") as f:
                f.write(bytes(b))
            try:
                self.generate("DOMU_PASSTHROUGH_DTB[0]=m.dtb\n")
                accepted += 1
            except bootcfg.ConfigError as e:
                self.assertRegex(str(e), r"DOMU_PASSTHROUGH_DTB\[0\]", "round %d" % round_)
        self.assertLess(accepted, 150)  # the mutations do reach the checks


class QemuTree(unittest.TestCase):
    """config/passthrough.cfg against QEMU's own virt tree (QEMU dumps it: no guest runs)."""

    def test_qemu_tree(self):
        d = tempfile.mkdtemp(prefix="passthrough-qemu-")
        try:
            root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            c = bootcfg.Config(os.path.join(root, "config", "passthrough.cfg"), root,
                               check_files=False)
            c.domains[0].kernel.path = os.path.join(d, "k.img")
            image(c.domains[0].kernel.path, 0x1000)
            host = fdt.read(bootcfg.generate(c, d))
            self.assertIn("xen,passthrough", host.find("/pl061@9030000").props)
            p = fdt.read(c.domains[0].passthrough_dtb.path)
            self.assertEqual(p.find("/passthrough/pl061@9030000").cells("interrupts"), [0, 7, 4])
        finally:
            shutil.rmtree(d)


class RunImages(unittest.TestCase):
    def test_generated_tree_is_not_an_image(self):
        # `make run` builds what `tools/run --images` names: the partial tree is written at boot.
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        out = subprocess.run([os.path.join(root, "tools", "run"), "-c", "config/passthrough.cfg",
                              "--images"], cwd=root, stdout=subprocess.PIPE, text=True, check=True)
        self.assertEqual(out.stdout.split(), ["build/aarch64/demo.img"])


class Reader(unittest.TestCase):
    """tools/fdt.py itself: malformed blobs are FdtError, never a Python exception."""

    def test_garbage(self):
        import random
        rng = random.Random(15)
        blob = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-"], input=HOST_DTS.encode(),
                              stdout=subprocess.PIPE, check=True).stdout
        for i in range(400):
            b = bytearray(blob)
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            if i % 5 == 0:
                b = b[:rng.randrange(len(b))]
            try:
                t = fdt.parse(bytes(b), "mutant")
                for n in t.root.walk():
                    _ = n.path
            except fdt.FdtError:
                pass


if __name__ == "__main__":
    unittest.main()
