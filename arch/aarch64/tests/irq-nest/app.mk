# arch/aarch64/tests/irq-nest - interrupt priorities and nesting on the GIC (SGIs to self).
# A test of the port: it may use the port's own headers.
APPS += irq-nest
APP_SRCS_irq-nest := $(wildcard $(APP_DIR)/*.c)
APP_ROOM_irq-nest := port
