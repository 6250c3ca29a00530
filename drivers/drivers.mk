# drivers/drivers.mk - device drivers, one directory per device class (drivers/README.md).
# They use only the CPU port's low-level headers (arch/mmio.h, arch/sysreg.h, ...) and their own.
DRIVER_SRCS := $(sort $(wildcard drivers/*/*.c))
