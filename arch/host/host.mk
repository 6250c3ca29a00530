# arch/host/host.mk - the host port: the unchanged kernel on Linux (pthreads), for unit tests and
# host runs of portable applications (every app whose APP_PORTS has host, mk/apps.mk):
#   make host-apps      build/host/<app> for each of them (make host-demo: the demo alone)
HOST_CC      ?= gcc
HOST_BUILD   := $(BUILD)/host
# lib/bootargs.c: the one portable piece of lib/ the host port shares (its libc is glibc's).
HOST_PORT_SRCS := $(sort $(wildcard arch/host/src/*.c)) lib/bootargs.c
HOST_INC     := $(KERNEL_INC) -Iarch/host/include -Iinclude
HOST_CFLAGS  := -std=gnu11 -O2 -g -pthread $(WARN) $(HOST_INC)
HOST_LDLIBS  := -pthread
HOST_HDRS    := $(KERNEL_HDRS) $(wildcard arch/host/include/*.h arch/host/include/arch/*.h \
	include/xenrtos/*.h)

# Objects of host applications: the kernel (with its private headers), the port, the app.
HOST_APP_OBJ := $(HOST_BUILD)/obj
$(HOST_APP_OBJ)/kernel/%.o: HOST_ROOM_INC := $(KERNEL_PRIV_INC)
$(HOST_APP_OBJ)/%.o: %.c $(HOST_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_ROOM_INC) $(HOST_APP_CFLAGS) -c $< -o $@
HOST_CORE_OBJS := $(patsubst %.c,$(HOST_APP_OBJ)/%.o,$(KERNEL_SRCS) $(HOST_PORT_SRCS))

HOST_APPS := $(call apps_for,host)
define HOST_APP_RULES
HOST_APP_OBJS_$(1) := $$(patsubst %.c,$(HOST_APP_OBJ)/%.o,$$(APP_SRCS_$(1)))
$$(HOST_APP_OBJS_$(1)): HOST_APP_CFLAGS := -I$(APP_DIR_$(1)) $$(APP_CFLAGS_$(1))
$(HOST_BUILD)/$(1): $$(HOST_APP_OBJS_$(1)) $(HOST_CORE_OBJS)
	$(HOST_CC) $(HOST_CFLAGS) -o $$@ $$^ $(HOST_LDLIBS)
endef
$(foreach a,$(HOST_APPS),$(eval $(call HOST_APP_RULES,$(a))))

.PHONY: host-apps host-demo
host-apps: $(addprefix $(HOST_BUILD)/,$(HOST_APPS))
host-demo: $(HOST_BUILD)/demo
