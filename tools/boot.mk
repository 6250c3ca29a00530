# Boot kit: Xen, boot device tree, QEMU runner, debugger (owner: boot kit, see tests/qemu/README.md).
#   make xen          build Xen 4.17 from Debian's source (cached); XEN=deb: Debian's prebuilt Xen;
#                     XEN=deb-4.20: Debian 13's prebuilt Xen 4.20 (private apt configuration)
#   make dtb          generate build/dt/<config>.dtb for CONFIG (default config/default.cfg)
#   make run          setup + xen + images + dtb, boot QEMU on this terminal (CTRL-t x quits);
#                     CONFIG=config/bare.cfg: the image alone, bare metal (no Xen to build)
#   make run-batch    same, non-interactive: RUN_ARGS="--until REGEX --timeout S" or "--seconds N"
#   make debug        boot halted with a gdb stub on :1234; then `make gdb` in another terminal
# CONFIG=... selects the configuration; SET="KEY=value ..." overrides lines of it (e.g.
# SET='DOMU_KERNEL[0]=build/fixtures/hello0.img GIC_VERSION=2'); RUN_ARGS=... passes more options
# to tools/run (see tools/run --help).

XEN       ?= src
XEN_IMAGE := $(if $(filter deb deb-4.20,$(XEN)),$(BUILD)/xen-$(XEN)/xen,$(BUILD)/xen/xen)
RUN_ARGS  ?= --until TEST-DONE --timeout 120 --forbid PANIC
SET       ?=
BOOT_RUN  := BUILD=$(BUILD) XEN=$(XEN) tools/run -c $(CONFIG) $(foreach s,$(SET),--set '$(s)')

.PHONY: xen dtb boot-xen boot-images run run-batch debug gdb

xen:
	@BUILD=$(BUILD) XEN=$(XEN) JOBS=2 CROSS=$(CROSS) scripts/build-xen.sh

# Xen, unless the configuration boots bare metal (BARE_METAL=1: QEMU boots the image itself). A
# bad configuration prints its error here and again, failing, in boot-images.
boot-xen:
	@if [ "$$($(BOOT_RUN) --needs-xen)" = yes ]; then $(MAKE) --no-print-directory xen; fi

# The images a configuration names: RTOS images come from the port's `image` target (if the
# port's make fragment is there), test fixtures from tests/qemu/qemu.mk.
boot-images:
	@imgs="$$($(BOOT_RUN) --images)" || exit 1; \
	if echo "$$imgs" | tr ' ' '\n' | grep -q '^$(BUILD)/aarch64/'; then \
	    $(if $(filter IMAGE_%,$(.VARIABLES)),$(MAKE) --no-print-directory image || exit 1;, \
	    echo "boot: no port make fragment (arch/aarch64/aarch64.mk) to build $$imgs";) \
	fi; \
	if echo "$$imgs" | tr ' ' '\n' | grep -q '^$(BUILD)/fixtures/'; then \
	    $(MAKE) --no-print-directory fixtures || exit 1; \
	fi; \
	if echo "$$imgs" | tr ' ' '\n' | grep -q '^$(BUILD)/dom0/'; then \
	    $(MAKE) --no-print-directory dom0 || exit 1; \
	fi; \
	if echo "$$imgs" | tr ' ' '\n' | grep -q '^$(BUILD)/service/'; then \
	    $(MAKE) --no-print-directory service-dom0 || exit 1; \
	fi; \
	for i in $$imgs; do \
	    [ -f "$$i" ] || { echo "boot: error: $(CONFIG) names $$i, which was not built" >&2; exit 1; }; \
	done

dtb: boot-images
	@$(BOOT_RUN) --dtb-only

run: setup boot-xen boot-images
	@$(BOOT_RUN)

run-batch: setup boot-xen boot-images
	@$(BOOT_RUN) $(RUN_ARGS)

debug: setup boot-xen boot-images
	@$(BOOT_RUN) --debug

gdb:
	@test -f $(BUILD)/gdb/session.gdb || { echo "boot: run 'make debug' first (it writes $(BUILD)/gdb/session.gdb)" >&2; exit 1; }
	gdb-multiarch -q -x $(BUILD)/gdb/session.gdb
