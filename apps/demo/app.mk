# apps/demo - the classic 8-thread ThreadX demo with its printer (the default image; also on the
# host port: make host-demo, build/host/demo).
APPS += demo
APP_SRCS_demo := $(wildcard $(APP_DIR)/*.c)
APP_PORTS_demo := aarch64 host
