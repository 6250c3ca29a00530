# apps/tests/xen-basic - the Xen layer in one domain: version, shared info, event channels, grants.
APPS += xen-basic
APP_SRCS_xen-basic := $(wildcard $(APP_DIR)/*.c)
