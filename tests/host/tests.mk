# tests/host/tests.mk - cmocka unit tests on the host port.
# Every tests/host/test_<name>.c and kernel/tests/test_<name>.c (the kernel's white-box tests,
# the only ones that see kernel/src) is a binary, built in three variants against a kernel
# compiled the same way:
#   build/host/tests/test_<name>          default
#   build/host/tests/test_<name>-noerr    -DTX_DISABLE_ERROR_CHECKING (tx_* call _tx_* directly)
#   build/host/tests/test_<name>-stack    -DTX_ENABLE_STACK_CHECKING
#   build/host/tests/test_<name>-trace    -DTX_ENABLE_EVENT_TRACE (HOST_TEST_TRACE_NAMES only)
# A test needing more sources lists them in TEST_EXTRA_SRCS_test_<name> (e.g. an application).
# `make host-test` builds and runs them all; `make host-test-list` prints their paths.

HOST_TEST_SRCS := $(sort $(wildcard tests/host/test_*.c kernel/tests/test_*.c))
HOST_TEST_NAMES := $(basename $(notdir $(HOST_TEST_SRCS)))
$(foreach t,$(HOST_TEST_SRCS),$(eval HOST_TEST_SRC_$(basename $(notdir $(t))) := $(t)))
HOST_TEST_DIR := $(HOST_BUILD)/tests
HOST_TEST_VARIANTS := default noerr stack
HOST_TEST_VFLAGS_default :=
HOST_TEST_VFLAGS_noerr := -DTX_DISABLE_ERROR_CHECKING
HOST_TEST_VFLAGS_stack := -DTX_ENABLE_STACK_CHECKING
HOST_TEST_SUFFIX_default :=
HOST_TEST_SUFFIX_noerr := -noerr
HOST_TEST_SUFFIX_stack := -stack
HOST_TEST_SUPPORT := tests/host/txtest.c
# Include paths of the code under test (all tests share them; they do not collide).
HOST_TEST_INC := -Itests/host -Iinclude -Ixen/include -Iplatform/include -Idrivers/include \
	-Iapps/demo -Iapps/service

# Sources and libraries beyond the kernel, per test.
TEST_EXTRA_SRCS_test_demo := apps/demo/demo.c apps/demo/demo_print.c
# The SMP invariant's reference model, shared with the AArch64 image kernel/tests/smp-sched.
TEST_EXTRA_SRCS_test_smp := kernel/tests/smp_model.c
TEST_EXTRA_SRCS_test_xen_ring := xen/channel/ring.c
TEST_EXTRA_SRCS_test_xen_channel := xen/channel/channel.c xen/channel/ring.c xen/error.c
TEST_EXTRA_SRCS_test_xen_gpa_dt := xen/gpa.c xen/dt.c xen/error.c platform/dt.c
# The XenStore client and the PV console, unchanged, over models of xenstored / xenconsoled in
# the tests (test_xen_xenstore.c also includes xenstore_proto.c itself).
TEST_EXTRA_SRCS_test_xen_xenstore := xen/xenstore.c xen/error.c tests/host/model_xenstored.c
TEST_EXTRA_SRCS_test_xen_pvconsole := xen/pvconsole.c xen/error.c tests/host/model_xenconsoled.c
TEST_EXTRA_LIBS_test_xen_gpa_dt := -lfdt
# The PL061 driver, unchanged, over a register model (tests/host/model_pl061.c, reached through
# tests/host/arch/mmio.h); and the GPIO API (platform/gpio.c) over the same model and a fake GIC.
TEST_EXTRA_SRCS_test_pl061 := drivers/gpio/pl061.c tests/host/model_pl061.c
TEST_EXTRA_SRCS_test_xr_gpio := platform/gpio.c drivers/gpio/pl061.c tests/host/model_pl061.c
# The GIC driver's common part, unchanged, over a model of a GIC with several CPUs (in the test,
# reached through tests/host/arch/{cpu,sysreg,spinlock}.h).
TEST_EXTRA_SRCS_test_gic := drivers/gic/gic.c
# The platform's device-tree reader, unchanged, over Debian's libfdt.
TEST_EXTRA_SRCS_test_platform_dt := platform/dt.c
TEST_EXTRA_LIBS_test_platform_dt := -lfdt
# The service application's command logic (apps/service/cmd.c), unchanged, over fakes of rt.c,
# events.c and the Xen layer's calls.
TEST_EXTRA_SRCS_test_service_cmd := apps/service/cmd.c tests/host/fake_service.c xen/error.c
# xen/evtchn.c, unchanged, over a model of Xen's event-channel delivery; its object is built
# apart (rules below) with tests/host/fake_xen first on the include path, where the model
# watches the layer's atomics.
TEST_EXTRA_SRCS_test_xen_evtchn := tests/host/fake_xen_evtchn.c xen/error.c
# test_printf: lib/printf.c as the RTOS builds it (freestanding, lib's headers), its public
# names prefixed xr_ so that it does not replace glibc's printf, which the test compares with.
TEST_EXTRA_SRCS_test_printf := lib/printf.c
TEST_EXTRA_LIBS_test_printf := -lm
HOST_PRINTF_RENAME := -Dprintf=xr_printf -Dvprintf=xr_vprintf -Dsnprintf=xr_snprintf \
	-Dvsnprintf=xr_vsnprintf -Dputchar=xr_putchar -Dputs=xr_puts -Dlib_set_console=xr_lib_set_console
define HOST_PRINTF_OBJ_RULE
$(HOST_BUILD)/$(1)/lib/printf.o: lib/printf.c $(wildcard lib/include/*.h) tests/host/tests.mk
	@mkdir -p $$(@D)
	$(HOST_CC) $(HOST_CFLAGS) -ffreestanding -Ilib/include $(HOST_PRINTF_RENAME) -c $$< -o $$@
endef
HOST_TEST_LDFLAGS :=
HOST_TEST_LDLIBS := -lcmocka $(HOST_LDLIBS)
# Every header a host test may include: a changed Xen-layer or lib header rebuilds the tests.
HOST_TEST_DEPS := $(HOST_HDRS) tests/host/txtest.h \
                  $(wildcard xen/include/*.h lib/include/*.h tests/host/*.h platform/include/*/*.h \
                    drivers/include/drivers/*.h tests/host/arch/*.h include/xenrtos/*.h) \
                  tests/host/tests.mk arch/host/host.mk kernel/kernel.mk

HOST_TEST_BINS := $(foreach v,$(HOST_TEST_VARIANTS),\
                    $(addprefix $(HOST_TEST_DIR)/,$(addsuffix $(HOST_TEST_SUFFIX_$(v)),$(HOST_TEST_NAMES))))
# test_xen_evtchn once more with XEN_EVTCHN_TEST_NO_MASK (layer and test): the masking test
# then shows the bound broken.
HOST_TEST_BINS += $(HOST_TEST_DIR)/test_xen_evtchn-nomask

# The trace variant: test_trace and test_service_cmd once more against a kernel compiled with
# -DTX_ENABLE_EVENT_TRACE (objects in build/host/trace/): the recorder's own tests and the
# service's trace commands. Only these two, so that `make host-test` stays fast.
HOST_TEST_TRACE_NAMES := test_trace test_service_cmd
HOST_TEST_VFLAGS_trace := -DTX_ENABLE_EVENT_TRACE
HOST_TEST_SUFFIX_trace := -trace
HOST_TEST_BINS += $(addprefix $(HOST_TEST_DIR)/,$(addsuffix -trace,$(HOST_TEST_TRACE_NAMES)))

# Objects of the kernel + host port + harness, per variant.
host_test_objs = $(patsubst %.c,$(HOST_BUILD)/$(1)/%.o,$(KERNEL_SRCS) $(HOST_PORT_SRCS) $(HOST_TEST_SUPPORT))

# $(1) variant
define HOST_TEST_VARIANT_RULES
$(HOST_BUILD)/$(1)/kernel/%.o: HOST_ROOM_INC := $(KERNEL_PRIV_INC)
$(HOST_BUILD)/$(1)/%.o: %.c $(HOST_TEST_DEPS)
	@mkdir -p $$(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_TEST_VFLAGS_$(1)) $$(HOST_ROOM_INC) $(HOST_TEST_INC) -c $$< -o $$@
endef
# $(1) variant, $(2) test name
define HOST_TEST_BIN_RULE
$(HOST_TEST_DIR)/$(2)$(HOST_TEST_SUFFIX_$(1)): $(patsubst %.c,$(HOST_BUILD)/$(1)/%.o,$(HOST_TEST_SRC_$(2))) \
        $(call host_test_objs,$(1)) $(patsubst %.c,$(HOST_BUILD)/$(1)/%.o,$(TEST_EXTRA_SRCS_$(2)))
	@mkdir -p $$(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_TEST_LDFLAGS) -o $$@ $$^ $(TEST_EXTRA_LIBS_$(2)) $(HOST_TEST_LDLIBS)
endef
$(foreach v,$(HOST_TEST_VARIANTS),$(eval $(call HOST_TEST_VARIANT_RULES,$(v))))
$(foreach v,$(HOST_TEST_VARIANTS),$(eval $(call HOST_PRINTF_OBJ_RULE,$(v))))
$(foreach v,$(HOST_TEST_VARIANTS),$(foreach t,$(HOST_TEST_NAMES),$(eval $(call HOST_TEST_BIN_RULE,$(v),$(t)))))
$(eval $(call HOST_TEST_VARIANT_RULES,trace))
$(foreach t,$(HOST_TEST_TRACE_NAMES),$(eval $(call HOST_TEST_BIN_RULE,trace,$(t))))

# The demo recorded (docs/trace.md): apps/demo over the traced kernel, run for a few seconds of
# virtual ticks by tests/host/trace_demo.c, which writes the buffer to a .trx file:
#   make host-trace-demo    build/host/trace-demo, then build/host/demo.trx
HOST_TRACE_DEMO := $(HOST_BUILD)/trace-demo
$(HOST_TRACE_DEMO): $(patsubst %.c,$(HOST_BUILD)/trace/%.o,tests/host/trace_demo.c apps/demo/demo.c \
        $(KERNEL_SRCS) $(HOST_PORT_SRCS))
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $^ $(HOST_LDLIBS)
.PHONY: host-trace-demo
host-trace-demo: $(HOST_TRACE_DEMO)
	$(HOST_TRACE_DEMO) $(HOST_BUILD)/demo.trx

# xen/evtchn.c for test_xen_evtchn: $(1) variant, $(2) object suffix, $(3) extra flags.
XEN_EVTCHN_MODEL_DEPS := xen/evtchn.c tests/host/fake_xen/xen_atomic.h xen/include/xen_evtchn.h \
                         $(HOST_TEST_DEPS)
define XEN_EVTCHN_MODEL_RULE
$(HOST_BUILD)/$(1)/xen-model/evtchn$(2).o: $(XEN_EVTCHN_MODEL_DEPS)
	@mkdir -p $$(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_TEST_VFLAGS_$(1)) $(3) -Itests/host/fake_xen $(HOST_TEST_INC) -c $$< -o $$@
endef
$(foreach v,$(HOST_TEST_VARIANTS),$(eval $(call XEN_EVTCHN_MODEL_RULE,$(v),,)))
$(foreach v,$(HOST_TEST_VARIANTS),$(eval \
  $(HOST_BUILD)/$(v)/tests/host/test_xen_evtchn.o $(HOST_BUILD)/$(v)/tests/host/fake_xen_evtchn.o: \
    tests/host/fake_xen_evtchn.h xen/include/xen_evtchn.h))
$(foreach v,$(HOST_TEST_VARIANTS),$(eval \
  $(HOST_TEST_DIR)/test_xen_evtchn$(HOST_TEST_SUFFIX_$(v)): $(HOST_BUILD)/$(v)/xen-model/evtchn.o))
$(eval $(call XEN_EVTCHN_MODEL_RULE,default,-nomask,-DXEN_EVTCHN_TEST_NO_MASK))
$(HOST_BUILD)/default/xen-model/test_xen_evtchn-nomask.o: tests/host/test_xen_evtchn.c \
        tests/host/fake_xen_evtchn.h $(XEN_EVTCHN_MODEL_DEPS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -DXEN_EVTCHN_TEST_NO_MASK $(HOST_TEST_INC) -c $< -o $@
$(HOST_TEST_DIR)/test_xen_evtchn-nomask: $(HOST_BUILD)/default/xen-model/test_xen_evtchn-nomask.o \
        $(HOST_BUILD)/default/xen-model/evtchn-nomask.o $(call host_test_objs,default) \
        $(patsubst %.c,$(HOST_BUILD)/default/%.o,$(TEST_EXTRA_SRCS_test_xen_evtchn))
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_TEST_LDFLAGS) -o $@ $^ $(HOST_TEST_LDLIBS)

.PHONY: host-test host-test-build host-test-list
host-test-build: $(HOST_TEST_BINS)

# Runs every binary (one at a time, each bounded by a hang detector), then the verdict line.
host-test: host-test-build
	@pass=0; fail=0; \
	for t in $(HOST_TEST_BINS); do \
	  echo "== $$t"; \
	  if timeout 120 $$t; then pass=$$((pass+1)); else echo "!! $$t failed"; fail=$$((fail+1)); fi; \
	done; \
	echo "host-test: $$pass binaries passed, $$fail failed"; \
	test $$fail -eq 0

host-test-list:
	@for t in $(HOST_TEST_BINS); do echo $$t; done
