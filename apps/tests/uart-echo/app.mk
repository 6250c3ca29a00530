# apps/tests/uart-echo - interrupt-driven console input (tests/qemu drives it with run.py).
APPS += uart-echo
APP_SRCS_uart-echo := $(wildcard $(APP_DIR)/*.c)
