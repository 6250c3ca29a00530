# apps/tests/xen-channel - the channel between two domains, and its flood test.
APPS += xen-channel
APP_SRCS_xen-channel := $(wildcard $(APP_DIR)/*.c)

# xen-channel-nomask: the same test linked with an event-channel layer whose upcall leaves ports
# unmasked (XEN_EVTCHN_TEST_NO_MASK, test-only): its flood test must FAIL, which `make test`
# checks (tests/qemu/cases/xen-channel-nomask.test): the test can see the mechanism break.
# APP_VARIANT_SRCS: sources of the common objects this image compiles again, with
# APP_VARIANT_CFLAGS, in place of the shared objects.
APPS += xen-channel-nomask
APP_SRCS_xen-channel-nomask := $(APP_SRCS_xen-channel)
APP_VARIANT_SRCS_xen-channel-nomask := xen/evtchn.c
APP_VARIANT_CFLAGS_xen-channel-nomask := -DXEN_EVTCHN_TEST_NO_MASK
