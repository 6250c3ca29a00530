# apps/tests/gpio - the PL061 passed through to this domain (issue 15): found in the tree,
# outputs read back, a device interrupt the RTOS raises itself (latency in virtual time), bad
# arguments, and the board's power key (pin 3) raised from QEMU's monitor.
APPS += gpio-test
APP_SRCS_gpio-test := $(wildcard $(APP_DIR)/*.c)
