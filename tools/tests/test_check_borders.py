"""scripts/check-borders.py: includes that cross a border are reported, allowed ones are not."""
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "check_borders", os.path.join(HERE, "..", "..", "scripts", "check-borders.py"))
cb = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(cb)


def violations(path, *includes):
    return cb.check_file(path, [f"#include {i}" for i in includes])


class Borders(unittest.TestCase):
    def test_kernel_private_only_inside_kernel(self):
        self.assertEqual(violations("kernel/src/tx_queue.c", '"tx_internal.h"'), [])
        self.assertEqual(violations("kernel/tests/test_queue.c", '"tx_internal.h"'), [])
        for outside in ("arch/aarch64/thread.c", "apps/demo/demo.c", "tests/host/test_demo.c",
                        "platform/boot.c", "xen/evtchn.c"):
            self.assertEqual(len(violations(outside, '"tx_internal.h"')), 1, outside)

    def test_kernel_reaches_no_cpu(self):
        self.assertEqual(len(violations("kernel/src/tx_thread.c", '"arch/sysreg.h"')), 1)
        self.assertEqual(len(violations("kernel/src/tx_thread.c", '"xen_evtchn.h"')), 1)

    def test_apps_see_only_portable_apis(self):
        ok = violations("apps/service/cmd.c", '"tx_api.h"', '"xenrtos/platform.h"',
                        '"xen_vchan.h"', '"drivers/arm_generic_timer.h"')
        self.assertEqual(ok, [])
        for inc in ('"arch/mmu.h"', '"arch/arch.h"', '"platform/platform.h"', '"xen_port.h"',
                    '"tx_arch.h"', '"drivers/gic/gic_regs.h"', "<libfdt.h>"):
            self.assertEqual(len(violations("apps/bench/main.c", inc)), 1, inc)

    def test_port_tests_see_the_port(self):
        self.assertEqual(violations("arch/aarch64/tests/fpu/fpu.c", '"arch/arch.h"',
                                    '"tx_arch.h"', '"drivers/gic.h"'), [])
        self.assertEqual(violations("platform/tests/dt-parse/dtparse.c", "<libfdt.h>",
                                    '"platform/platform.h"'), [])

    def test_cpu_port_does_not_reach_up(self):
        self.assertEqual(violations("arch/aarch64/head.S", '"xen_hypercall_table.h"'), [])
        for inc in ('"drivers/gic.h"', '"platform/platform.h"', '"xen_evtchn.h"'):
            self.assertEqual(len(violations("arch/aarch64/fault.c", inc)), 1, inc)

    def test_drivers_use_low_level_cpu_headers_only(self):
        self.assertEqual(violations("drivers/gic/gicv3.c", '"arch/sysreg.h"', '"gic_regs.h"'), [])
        for inc in ('"arch/mmu.h"', '"platform/platform.h"', '"tx_api.h"'):
            self.assertEqual(len(violations("drivers/gic/gic.c", inc)), 1, inc)
        # Another driver's private header is off limits.
        self.assertEqual(len(violations("drivers/uart/pl011.c", '"../gic/gic_regs.h"')), 1)
        # A host test may model a driver's hardware interface; an application may not.
        self.assertEqual(violations("tests/host/test_gic.c", '"../../drivers/gic/gic_regs.h"'), [])
        self.assertEqual(len(violations("apps/demo/demo.c", '"../../drivers/gic/gic_regs.h"')), 1)

    def test_xen_layer_is_portable(self):
        self.assertEqual(violations("xen/evtchn.c", '"xen_port.h"', '"xen_atomic.h"',
                                    '"platform/dt.h"'), [])
        for inc in ('"arch/sysreg.h"', '"platform/platform.h"', '"drivers/gic.h"', "<libfdt.h>"):
            self.assertEqual(len(violations("xen/evtchn.c", inc)), 1, inc)

    def test_one_tree_reader(self):
        self.assertEqual(violations("platform/dt.c", "<libfdt.h>"), [])
        self.assertEqual(len(violations("platform/platform.c", "<libfdt.h>")), 1)

    def test_unknown_header_is_reported(self):
        self.assertEqual(len(violations("apps/demo/demo.c", '"no_such_header.h"')), 1)

    def test_the_tree_is_clean(self):
        self.assertEqual(cb.main([]), 0)


if __name__ == "__main__":
    unittest.main()
