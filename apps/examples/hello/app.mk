# apps/examples/hello - the smallest application: one thread printing (README, "Your first app").
APPS += hello
APP_SRCS_hello := $(wildcard $(APP_DIR)/*.c)
