# arch/host/host.mk - the host port: the unchanged kernel on Linux (pthreads), for unit tests and
# host runs of portable applications.
HOST_CC      ?= gcc
HOST_BUILD   := $(BUILD)/host
HOST_PORT_SRCS := $(wildcard arch/host/src/*.c)
HOST_INC     := $(KERNEL_INC) -Iarch/host/include
HOST_CFLAGS  := -std=gnu11 -O2 -g -pthread $(WARN) $(HOST_INC)
HOST_LDLIBS  := -pthread

# Host build of the demo application (apps/demo), run with ./build/host/demo.
HOST_DEMO_SRCS := $(wildcard apps/demo/*.c)
.PHONY: host-demo
host-demo: $(HOST_BUILD)/demo
$(HOST_BUILD)/demo: $(KERNEL_SRCS) $(HOST_PORT_SRCS) $(HOST_DEMO_SRCS) $(KERNEL_HDRS) $(wildcard arch/host/include/*.h)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -Iapps/demo -o $@ $(KERNEL_SRCS) $(HOST_PORT_SRCS) $(HOST_DEMO_SRCS) $(HOST_LDLIBS)
