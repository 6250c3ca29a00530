# xenrtos: a ThreadX-API real-time OS for Xen on Arm64, and the kit that builds, boots and tests it.
# Entry points (see README.md):
#   make run      build Xen + the RTOS image + the boot device tree, boot QEMU on this terminal
#   make test     host unit tests + QEMU integration tests, ends with "N passed, M failed"
#   make debug    boot QEMU halted, waiting for gdb (see tools/gdb)
#   make bench    benchmarks (figures, never pass/fail)
# Each component owns a make fragment; this file only ties them together, in dependency order
# (docs/design.md, "Layers"): sources of each room, then the ports, then what uses the images.

CONFIG ?= config/default.cfg
BUILD  ?= build
CROSS  ?= aarch64-linux-gnu-
# Every C file in the tree builds with these warnings, as errors.
WARN   := -Wall -Wextra -Werror

.DEFAULT_GOAL := all
.PHONY: all setup run run-batch debug test host-test qemu-test bench check format check-format clean

setup:
	@scripts/setup.sh

FRAGMENTS := \
	kernel/kernel.mk \
	lib/lib.mk \
	xen/xen.mk \
	drivers/drivers.mk \
	platform/platform.mk \
	mk/apps.mk \
	arch/host/host.mk \
	tests/host/tests.mk \
	arch/aarch64/aarch64.mk \
	mk/fuzz.mk \
	apps/service/service.mk \
	tools/boot.mk \
	dom0/dom0.mk \
	tests/qemu/qemu.mk \
	bench/bench.mk \
	mk/repro.mk \
	mk/check.mk
# A missing fragment is a broken checkout, never a feature to skip silently.
FRAGMENTS_MISSING := $(filter-out $(wildcard $(FRAGMENTS)),$(FRAGMENTS))
ifneq ($(FRAGMENTS_MISSING),)
$(error make fragment(s) missing: $(FRAGMENTS_MISSING) (incomplete checkout? try `git status`))
endif
include $(FRAGMENTS)

clean:
	rm -rf $(BUILD)
