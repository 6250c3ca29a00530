# xen/xen.mk - the Xen layer (hypercalls, event channels, grant tables, shared memory, channel,
# XenStore, PV console, vchan). Portable C: the CPU port supplies the hypercall stubs
# (arch/aarch64/xen_hypercall.S) and barriers (arch/barrier.h), the platform xen_port.h.
# Defines:
#   XEN_SRCS  sources to compile into an RTOS image (freestanding C)
#   XEN_INC   include flags (-I...), like KERNEL_INC, including the view of Xen's public headers
#   XEN_RING_SRCS  the portable ring code alone, for host tests (no Xen headers needed)
# Xen's public headers come from Debian's libxen-dev (/usr/include/xen). Only that directory is
# exposed, through a symlink under $(BUILD), so a cross build never picks up host libc headers.

XEN_PUBLIC_DIR ?= /usr/include/xen
XEN_PUBLIC_VIEW := $(BUILD)/xen-public
# Made at parse time so that no rule ordering is needed in the including makefile.
$(shell mkdir -p $(XEN_PUBLIC_VIEW) && ln -sfn $(XEN_PUBLIC_DIR) $(XEN_PUBLIC_VIEW)/xen)

XEN_INC := -Iinclude -Ixen/include -I$(XEN_PUBLIC_VIEW)

XEN_RING_SRCS := xen/channel/ring.c

XEN_SRCS := \
	xen/error.c \
	xen/console.c \
	xen/dt.c \
	xen/gpa.c \
	xen/hypervisor.c \
	xen/evtchn.c \
	xen/gnttab.c \
	xen/shm.c \
	xen/channel/channel.c \
	$(XEN_RING_SRCS) \
	xen/xenstore_proto.c \
	xen/xenstore.c \
	xen/pvconsole.c \
	xen/vchan_ring.c \
	xen/vchan.c

# `make xen-layer`: cross-compile the layer on its own (a build check for the layer's owner; the
# image build is the port's). It needs no libfdt: the tree reader is the platform's.
XEN_CHECK_DIR := $(BUILD)/xen-layer
# A64_GCC_INC (arch/aarch64/aarch64.mk) is expanded in the recipe, after setup: hence `=`.
XEN_CHECK_CFLAGS = -ffreestanding -nostdinc -isystem $(A64_GCC_INC) \
	-mgeneral-regs-only -mno-outline-atomics -O2 -g $(WARN) -Wstrict-prototypes -Wshadow \
	$(XEN_INC) -Iarch/aarch64/include -Ikernel/include -Ilib/include -Iplatform/include \
	-Idrivers/include
XEN_CHECK_OBJS := $(patsubst xen/%,$(XEN_CHECK_DIR)/%.o,$(XEN_SRCS))

.PHONY: xen-layer
xen-layer: $(XEN_CHECK_OBJS)

$(XEN_CHECK_DIR)/%.c.o: xen/%.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(XEN_CHECK_CFLAGS) -c $< -o $@
