# apps/tests/timing - tick, sleep and timer accuracy in counter time.
APPS += timing
APP_SRCS_timing := $(wildcard $(APP_DIR)/*.c)
