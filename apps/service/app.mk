# apps/service - the RTOS domain of config/linux.cfg: command service over vchan and the PV
# console, the real-time thread, the raw-events port. Its command logic is unit-tested on the
# host port (tests/host/test_service_cmd.c). Dom0's side: apps/service/service.mk.
APPS += service
APP_SRCS_service := $(wildcard $(APP_DIR)/*.c)
# The kernel and the Xen layer's traced parts compiled again with the event trace (the `trace`
# commands of cmd.c; XEN_TRACE in xen/evtchn.c and xen/channel/channel.c).
APP_VARIANT_SRCS_service := $(KERNEL_SRCS) xen/evtchn.c xen/channel/channel.c
APP_VARIANT_CFLAGS_service := -DTX_ENABLE_EVENT_TRACE
