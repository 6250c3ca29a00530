# xenrtos: a ThreadX-API real-time OS for Xen on Arm64, and the kit that builds, boots and tests it.
# Entry points (see README.md):
#   make run      build Xen + the RTOS image + the boot device tree, boot QEMU on this terminal
#   make test     host unit tests + QEMU integration tests, ends with "N passed, M failed"
#   make debug    boot QEMU halted, waiting for gdb (see tools/gdb)
#   make bench    benchmarks (figures, never pass/fail)
# Each component owns a make fragment; this file only ties them together.

CONFIG ?= config/default.cfg
BUILD  ?= build
CROSS  ?= aarch64-linux-gnu-
# Every C file in the tree builds with these warnings, as errors.
WARN   := -Wall -Wextra -Werror

.DEFAULT_GOAL := all
.PHONY: all setup run run-batch debug test host-test qemu-test bench check format check-format clean

setup:
	@scripts/setup.sh

include kernel/kernel.mk
-include arch/host/host.mk
-include tests/host/tests.mk
-include arch/aarch64/aarch64.mk
-include apps/service/service.mk
-include tools/boot.mk
-include dom0/dom0.mk
-include tests/qemu/qemu.mk
-include bench/bench.mk
-include mk/check.mk

clean:
	rm -rf $(BUILD)
