# platform/platform.mk - the machine the device tree describes (platform/README.md): the one tree
# reader, the boot sequence, the console, the tick, the Xen layer's services, the portable
# platform API of applications.
PLATFORM_SRCS := $(sort $(wildcard platform/*.c))
