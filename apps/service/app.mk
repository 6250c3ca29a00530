# apps/service - the RTOS domain of config/linux.cfg: command service over vchan and the PV
# console, the real-time thread, the raw-events port. Its command logic is unit-tested on the
# host port (tests/host/test_service_cmd.c). Dom0's side: apps/service/service.mk.
APPS += service
APP_SRCS_service := $(wildcard $(APP_DIR)/*.c)
