# apps/examples/channel - two RTOS domains talking over the Xen channel (xen_channel.h).
APPS += channel
APP_SRCS_channel := $(wildcard $(APP_DIR)/*.c)
