# apps/tests/demo-rates - the demo unchanged, plus a checker of the rates its counters imply.
APPS += demo-rates
APP_SRCS_demo-rates := $(wildcard $(APP_DIR)/*.c) apps/demo/demo.c
APP_CFLAGS_demo-rates := -Iapps/demo
