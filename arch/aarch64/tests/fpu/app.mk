# arch/aarch64/tests/fpu - lazy FP/SIMD switching between threads, handlers and timers.
# A test of the port: it may use the port's own headers.
APPS += fpu
APP_SRCS_fpu := $(wildcard $(APP_DIR)/*.c)
APP_ROOM_fpu := port
