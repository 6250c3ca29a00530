# platform/tests/dt-parse - the platform's device-tree parser against trees built at run time.
# A test of the platform: it may use the platform's own headers and libfdt.
APPS += dt-parse
APP_SRCS_dt-parse := $(wildcard $(APP_DIR)/*.c)
APP_ROOM_dt-parse := port
