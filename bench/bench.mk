# bench/bench.mk - benchmarks (owner: bench). Figures only: nothing here passes or fails on speed.
#   make bench          Xen + images (+ dom0's Debian kernel for the Linux domU figures), then
#                       bench/bench.py: boots bench/cfg/*.cfg under `-icount shift=0,sleep=off`,
#                       prints the table and writes $(BUILD)/bench/results.md (+ raw logs)
#   make bench-image    only build/aarch64/bench.img (apps/bench)
#   BENCH_ARGS=...      passed to bench/bench.py (e.g. --skip linux,memsize; --help)

# The benchmark image is apps/bench (apps/bench/app.mk). It observes the port through explicit
# hooks: xen_hypercall_observer (xen_hypercall.h) counts hypercalls, xr_set_irq_entry_probe
# (xenrtos/platform.h) times interrupt entry.

.PHONY: bench bench-image
bench-image: $(A64_BUILD)/bench.img

# The Linux domU figures need dom0's Debian kernel Image (make dom0); bench.py reports them as
# skipped when it is missing rather than failing.
# Only the images the benchmarks boot: another app failing to build does not stop them.
bench: setup xen $(A64_BUILD)/bench.img $(A64_BUILD)/demo.img $(A64_BUILD)/minimal.img
	@-[ -f $(BUILD)/dom0/Image ] || $(MAKE) --no-print-directory dom0
	BUILD=$(BUILD) bench/bench.py $(BENCH_ARGS)

# /init of the Linux domU (freestanding: there is no arm64 libc for userspace in the toolchain).
BENCH_LINUX_INIT := $(BUILD)/bench/linux-init
$(BENCH_LINUX_INIT): bench/linux/init.c
	@mkdir -p $(@D)
	$(CROSS)gcc $(WARN) -O2 -static -nostdlib -ffreestanding -fno-stack-protector -fno-pie -no-pie \
		-o $@ $<
bench: $(BENCH_LINUX_INIT)
