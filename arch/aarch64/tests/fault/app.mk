# arch/aarch64/tests/fault - the CPU port's fault report and W^X (fault=<kind> boot argument).
# A test of the port: it may use the port's own headers.
APPS += fault
APP_SRCS_fault := $(wildcard $(APP_DIR)/*.c)
APP_ROOM_fault := port
