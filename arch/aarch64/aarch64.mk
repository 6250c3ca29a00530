# arch/aarch64/aarch64.mk - the AArch64 port: RTOS images for Xen guests, each the kernel, the
# CPU port (arch/aarch64), the platform (platform/), the drivers, the Xen layer, lib and one
# application (mk/apps.mk: every app whose APP_PORTS has aarch64).
#   make image               every image, build/aarch64/<app>.img (+ .elf with symbols)
#   IMAGE_<app>              path of an image, e.g. $(IMAGE_demo) (the default image)
# libfdt is compiled from the copy in Debian's xen source package, at the pinned version
# (arch/aarch64/libfdt.sh), into $(BUILD)/libfdt/libfdt.a; nothing of it is copied into the
# repository.

A64_BUILD := $(BUILD)/aarch64
A64_OBJ   := $(A64_BUILD)/obj
A64_GEN   := $(A64_BUILD)/gen
A64_CC    := $(CROSS)gcc
# gcc's own headers (stddef.h, stdint.h, ...) for -nostdinc builds. Expanded on first use, in a
# recipe, so after `setup` has installed the compiler: nothing make evaluates while reading its
# files may depend on a package that setup installs (a fresh machine has none of them).
A64_GCC_INC = $(eval A64_GCC_INC := $$(or $$(shell $(A64_CC) -print-file-name=include 2>/dev/null),\
	$$(error $(A64_CC) not found: run make setup)))$(A64_GCC_INC)


XENRTOS_VERSION ?= 0.1
XENRTOS_GIT := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# Include paths by room (docs/design.md, "Layers"): everyone sees the public headers; the
# platform's headers and libfdt only the port's rooms; kernel/src only the kernel. `make check`
# (scripts/check-borders.py) checks each #include against the same rules.
A64_INC = -Iinclude -Iarch/aarch64/include -Ilib/include -Idrivers/include $(KERNEL_INC) \
	$(XEN_INC) -I$(A64_GEN)
A64_PORT_INC = -Iplatform/include -I$(LIBFDT_SRC)
# A64_FPFLAGS: the port, kernel, Xen layer, drivers, lib and libfdt never touch FP/SIMD
# (-mgeneral-regs-only), so switches, interrupts and kernel services never move FP state;
# applications (apps/**, object-specific A64_FPFLAGS below) may use float/double and SIMD: the
# port switches FP state lazily (arch/aarch64/fp.c).
# Frame pointers everywhere for the fault report's backtrace.
A64_FPFLAGS = -mgeneral-regs-only
# -mno-outline-atomics: __atomic builtins inline (exclusives), no libgcc helpers in the image.
A64_CFLAGS = -std=gnu11 -O2 -g -ffreestanding -nostdinc -isystem $(A64_GCC_INC) \
	$(A64_FPFLAGS) -mno-outline-atomics -mcmodel=small -fno-pic -fno-pie -fno-stack-protector \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-tree-loop-distribute-patterns \
	-ffunction-sections -fdata-sections $(WARN) \
	-DXENRTOS_VERSION='"$(XENRTOS_VERSION)"' -DXENRTOS_GIT='"$(XENRTOS_GIT)"' $(A64_INC) \
	$(A64_ROOM_INC)
A64_ASFLAGS = -D__ASSEMBLER__ $(A64_INC)
A64_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,arch/aarch64/image.ld -Wl,--gc-sections \
	-Wl,-z,max-page-size=4096 -Wl,--build-id=none -Wl,-z,norelro

# ---- libfdt from a Debian source package (see arch/aarch64/libfdt.sh) -------------------------
LIBFDT_SRC  := $(BUILD)/libfdt/src
DTC_STAMP   := $(LIBFDT_SRC)/SOURCE
LIBFDT_A    := $(BUILD)/libfdt/libfdt.a
LIBFDT_NAMES := fdt fdt_ro fdt_wip fdt_sw fdt_rw fdt_strerror fdt_empty_tree fdt_addresses fdt_check
LIBFDT_OBJS := $(addprefix $(BUILD)/libfdt/,$(addsuffix .o,$(LIBFDT_NAMES)))

$(DTC_STAMP): arch/aarch64/libfdt.sh
	arch/aarch64/libfdt.sh $(LIBFDT_SRC) $(BUILD)/src

# Third-party code: our flags and warnings, but not as errors (it is not ours to fix).
$(BUILD)/libfdt/%.o: $(DTC_STAMP)
	@mkdir -p $(dir $@)
	$(A64_CC) $(filter-out -Werror,$(A64_CFLAGS)) -I$(LIBFDT_SRC) -c $(LIBFDT_SRC)/$*.c -o $@

$(LIBFDT_A): $(LIBFDT_OBJS)
	rm -f $@ && $(CROSS)ar rcs $@ $^

# ---- sources ----------------------------------------------------------------------------------
A64_PORT_SRCS := $(filter-out arch/aarch64/offsets.c,$(wildcard arch/aarch64/*.c arch/aarch64/*.S))
A64_COMMON_SRCS := $(A64_PORT_SRCS) $(PLATFORM_SRCS) $(DRIVER_SRCS) $(LIB_SRCS) $(KERNEL_SRCS) \
	$(XEN_SRCS)
A64_COMMON_OBJS := $(patsubst %,$(A64_OBJ)/%.o,$(A64_COMMON_SRCS))

# Room include paths (pattern-specific: every object under the room's directory).
$(A64_OBJ)/kernel/%: A64_ROOM_INC = $(KERNEL_PRIV_INC)
$(A64_OBJ)/arch/%: A64_ROOM_INC = $(A64_PORT_INC)
$(A64_OBJ)/platform/%: A64_ROOM_INC = $(A64_PORT_INC)
$(A64_OBJ)/xen/%: A64_ROOM_INC = -Iplatform/include

A64_ASM_OFFSETS := $(A64_GEN)/asm-offsets.h

$(A64_GEN)/offsets.s: A64_ROOM_INC = $(A64_PORT_INC)
$(A64_GEN)/offsets.s: arch/aarch64/offsets.c $(DTC_STAMP)
	@mkdir -p $(dir $@)
	$(A64_CC) $(A64_CFLAGS) -S $< -o $@

$(A64_ASM_OFFSETS): $(A64_GEN)/offsets.s
	( echo "/* Generated from arch/aarch64/offsets.c - do not edit. */"; \
	  echo "#ifndef ASM_OFFSETS_H"; echo "#define ASM_OFFSETS_H"; \
	  sed -n 's/.*->\([A-Z_0-9]*\) #\{0,1\}\([0-9-]*\).*/#define \1 \2/p' $<; \
	  echo "#endif" ) > $@

# Boot code that runs with the MMU off: no unaligned accesses (memory is Device-nGnRnE), and no
# absolute addresses (it runs at the load address, not the link address): the build fails if the
# compiler put any in its code or data.
$(A64_OBJ)/arch/aarch64/mmu_map.c.o: arch/aarch64/mmu_map.c $(A64_ASM_OFFSETS) $(DTC_STAMP)
	@mkdir -p $(dir $@)
	$(A64_CC) $(A64_CFLAGS) -mstrict-align -MMD -MP -c $< -o $@
	@$(CROSS)readelf -rW $@ | awk '/^Relocation section/ { sec = $$3 } \
		/R_AARCH64_ABS/ && sec !~ /debug/ { print "mmu_map.c: absolute relocation in " sec ": " $$0; bad = 1 } \
		END { exit bad }' || { rm -f $@; false; }

$(A64_OBJ)/%.c.o: %.c $(A64_ASM_OFFSETS) $(DTC_STAMP)
	@mkdir -p $(dir $@)
	$(A64_CC) $(A64_CFLAGS) $(A64_EXTRA) -MMD -MP -c $< -o $@

# The banner's commit (XENRTOS_GIT, a compiler flag) is compiled into platform/boot.c only: that
# object is rebuilt whenever `git describe` changes (the stamp is rewritten only then), so a
# banner never names an older commit than the image's; nothing else is rebuilt for it.
A64_GIT_STAMP := $(A64_GEN)/git-describe
$(A64_GIT_STAMP): a64-git-describe
	@mkdir -p $(dir $@)
	@echo '$(XENRTOS_GIT)' >$@.tmp; if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
.PHONY: a64-git-describe
a64-git-describe: ;
$(A64_OBJ)/platform/boot.c.o: $(A64_GIT_STAMP)

$(A64_OBJ)/%.S.o: %.S $(A64_ASM_OFFSETS)
	@mkdir -p $(dir $@)
	$(A64_CC) $(A64_ASFLAGS) $(A64_CFLAGS) -MMD -MP -c $< -o $@

-include $(shell find $(A64_OBJ) -name '*.d' 2>/dev/null)

# ---- images -----------------------------------------------------------------------------------
A64_APPS := $(call apps_for,aarch64)

# $(1) app. Its objects: its sources (FP allowed, its directory on the include path, a port test
# with the port's headers), the common objects with any variant recompiled, libfdt.
define A64_IMAGE_RULES
IMAGE_$(1) := $(A64_BUILD)/$(1).img
A64_APP_OBJS_$(1) := $$(patsubst %,$(A64_OBJ)/%.o,$$(APP_SRCS_$(1)))
A64_VARIANT_OBJS_$(1) := $$(patsubst %,$(A64_OBJ)/variant/$(1)/%.o,$$(APP_VARIANT_SRCS_$(1)))
A64_APP_COMMON_OBJS_$(1) := $$(filter-out $$(patsubst %,$(A64_OBJ)/%.o,$$(APP_VARIANT_SRCS_$(1))),\
	$(A64_COMMON_OBJS)) $$(A64_VARIANT_OBJS_$(1))
$$(A64_APP_OBJS_$(1)): A64_EXTRA := -Iapps/include -I$(APP_DIR_$(1)) $$(APP_CFLAGS_$(1)) \
	$(if $(filter port,$(APP_ROOM_$(1))),$$(A64_PORT_INC))
$$(A64_APP_OBJS_$(1)): A64_FPFLAGS :=
$(A64_OBJ)/variant/$(1)/platform/boot.c.o: $(A64_GIT_STAMP)
$(A64_OBJ)/variant/$(1)/%.c.o: %.c $(A64_ASM_OFFSETS) $(DTC_STAMP)
	@mkdir -p $$(dir $$@)
	$(A64_CC) $$(A64_CFLAGS) $$(APP_VARIANT_CFLAGS_$(1)) -Iplatform/include -MMD -MP -c $$< -o $$@
$(A64_BUILD)/$(1).elf: $$(A64_APP_OBJS_$(1)) $$(A64_APP_COMMON_OBJS_$(1)) $(LIBFDT_A) arch/aarch64/image.ld
	$(A64_CC) $(A64_LDFLAGS) -Wl,-Map,$(A64_BUILD)/$(1).map \
		-o $$@ $$(A64_APP_OBJS_$(1)) $$(A64_APP_COMMON_OBJS_$(1)) $(LIBFDT_A) -lgcc
$(A64_BUILD)/$(1).img: $(A64_BUILD)/$(1).elf
	$(CROSS)objcopy -O binary $$< $$@
endef
$(foreach a,$(A64_APPS),$(eval $(call A64_IMAGE_RULES,$(a))))

.PHONY: image image-size
image: $(foreach a,$(A64_APPS),$(A64_BUILD)/$(a).img)
all: image

# Section sizes of every image (text, data, bss), for reports.
image-size: image
	$(CROSS)size $(foreach a,$(A64_APPS),$(A64_BUILD)/$(a).elf)
