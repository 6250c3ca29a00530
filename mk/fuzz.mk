# mk/fuzz.mk - libFuzzer targets (fuzz/fuzz_<target>.c): every parser of input we do not
# control, driven unchanged through the host port by Debian's clang with ASan and UBSan.
#   make fuzz [FUZZ_SECONDS=30]   build and fuzz every target for N seconds each; one line per
#                                 target: executions, coverage, crashes (new inputs go to
#                                 build/fuzz/corpus/<target>, crashes to build/fuzz/crash-*)
#   make fuzz-replay              run every target once over its committed seeds
#                                 (fuzz/corpus/<target>) and regression inputs
#                                 (fuzz/regress/<target>); no fuzzing, a few seconds
#   make fuzz-build               build them only
# Needs libFuzzer's runtime (libclang-rt-14-dev) and, for the tree target, libfdt's sources
# (arch/aarch64/aarch64.mk), compiled here with the sanitizers so that they are checked too.
# pvconsole and xenstore_client run the real kernel (host port) under them, over the models of
# xenconsoled / xenstored the host tests use (tests/host/model_*.c), all their threads bound to
# one host CPU (fuzz/fuzz_kernel.c; FUZZ_NO_PIN=1 in the environment: unbound); see
# docs/fuzzing.md.

FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 30
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_TARGETS := dt ring vchan xenstore pvconsole xenstore_client
# -O1 keeps the sanitizers' reports exact; UBSan aborts so that libFuzzer sees each report.
FUZZ_SAN     := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -std=gnu11 -O1 -g $(WARN) $(FUZZ_SAN) -Ifuzz -Iinclude -Ixen/include \
	-Iplatform/include -Idrivers/include -Iarch/host/include -Ikernel/include -I$(XEN_PUBLIC_VIEW)

# Sources of each target besides fuzz/fuzz_<target>.c (the code under test, unchanged).
FUZZ_SRCS_dt        := platform/dt.c xen/dt.c
FUZZ_SRCS_ring      := xen/channel/ring.c
FUZZ_SRCS_vchan     := xen/vchan_ring.c
FUZZ_SRCS_xenstore  := xen/xenstore_proto.c
FUZZ_CFLAGS_dt      := -I$(LIBFDT_SRC)
# These two call kernel services: the real kernel runs under them (fuzz/fuzz_kernel.h), over the
# models the host tests use; the layer's source is included by the target (a fresh layer for
# each input, its private state checked), hence FUZZ_INCL (dependencies, not compiled apart).
FUZZ_SRCS_pvconsole := xen/error.c tests/host/model_xenconsoled.c
FUZZ_INCL_pvconsole := xen/pvconsole.c
FUZZ_SRCS_xenstore_client := xen/xenstore_proto.c xen/error.c tests/host/model_xenstored.c
FUZZ_INCL_xenstore_client := xen/xenstore.c
FUZZ_KERNEL_USERS   := pvconsole xenstore_client
$(foreach t,$(FUZZ_KERNEL_USERS),$(eval FUZZ_CFLAGS_$(t) := -Itests/host -pthread))
$(foreach t,$(FUZZ_KERNEL_USERS),$(eval FUZZ_OBJS_$(t) = $$(FUZZ_KERNEL_OBJS)))

FUZZ_BINS := $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_TARGETS))
FUZZ_DEPS := $(wildcard fuzz/*.h xen/include/*.h platform/include/*/*.h include/xenrtos/*.h \
	arch/host/include/*.h arch/host/include/arch/*.h tests/host/model_*.h) mk/fuzz.mk

# libfdt is not ours: built with the sanitizers (its reads are checked too) but without
# -Werror, and without comparison tracing (it walks the tree for every lookup: the tracing
# would cost most of each run); its libfdt_env.h is Debian's (libfdt-dev), for the host.
FUZZ_LIBFDT_OBJS := $(addprefix $(FUZZ_DIR)/libfdt/,$(addsuffix .o,$(LIBFDT_NAMES)))
$(FUZZ_DIR)/libfdt/%.o: $(DTC_STAMP) mk/fuzz.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(filter-out -Werror,$(FUZZ_CFLAGS)) -fno-sanitize-coverage=trace-cmp -I$(LIBFDT_SRC) \
	    -c $(LIBFDT_SRC)/$*.c -o $@
FUZZ_OBJS_dt := $(FUZZ_LIBFDT_OBJS)

# The kernel and the host port (and fuzz_kernel.c) with the sanitizers but without coverage
# feedback: the fuzzer steers by the code under test, not by the scheduler.
FUZZ_KERNEL_CFLAGS := -std=gnu11 -O1 -g -pthread $(WARN) -fsanitize=address,undefined \
	-fno-sanitize-recover=all $(HOST_INC)
FUZZ_KERNEL_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(KERNEL_SRCS) $(HOST_PORT_SRCS) \
	fuzz/fuzz_kernel.c)
$(FUZZ_DIR)/obj/kernel/%.o: FUZZ_ROOM_INC := $(KERNEL_PRIV_INC)
$(FUZZ_DIR)/obj/%.o: %.c $(HOST_HDRS) fuzz/fuzz_kernel.h mk/fuzz.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_KERNEL_CFLAGS) $(FUZZ_ROOM_INC) -c $< -o $@

# $(1) target: one binary from its file and the code under test.
define FUZZ_RULES
$(FUZZ_DIR)/fuzz_$(1): fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) $(FUZZ_INCL_$(1)) $(FUZZ_OBJS_$(1)) \
        $(FUZZ_DEPS)
	@mkdir -p $$(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_CFLAGS_$(1)) -o $$@ fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) \
	    $(FUZZ_OBJS_$(1))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULES,$(t))))

.PHONY: fuzz fuzz-build fuzz-replay
fuzz-build: $(FUZZ_BINS)

# Each committed input once, as files (libFuzzer then runs them and exits, writing nothing).
fuzz-replay: fuzz-build
	@fail=0; \
	for t in $(FUZZ_TARGETS); do \
	  files=$$(find fuzz/corpus/$$t fuzz/regress/$$t -type f 2>/dev/null | sort); \
	  n=$$(echo "$$files" | grep -c . || true); \
	  if [ "$$n" -eq 0 ]; then echo "fuzz-replay: $$t: no inputs"; fail=$$((fail+1)); continue; fi; \
	  if $(FUZZ_DIR)/fuzz_$$t -runs=1 $$files >$(FUZZ_DIR)/replay-$$t.log 2>&1; then \
	    echo "fuzz-replay: $$t: $$n inputs, ok"; \
	  else \
	    echo "fuzz-replay: $$t: FAILED (log: $(FUZZ_DIR)/replay-$$t.log)"; \
	    tail -n 30 $(FUZZ_DIR)/replay-$$t.log; fail=$$((fail+1)); \
	  fi; \
	done; \
	echo "$$(( $(words $(FUZZ_TARGETS)) - fail )) passed, $$fail failed"; \
	test $$fail -eq 0

# New inputs go to a scratch corpus in build/ (first directory: the one libFuzzer writes), the
# committed seeds are read only. Figures from libFuzzer's final stats and last status line.
fuzz: fuzz-build
	@fail=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  extra=""; [ -d fuzz/regress/$$t ] && extra=fuzz/regress/$$t; \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	      -artifact_prefix=$(FUZZ_DIR)/crash-$$t- $(FUZZ_DIR)/corpus/$$t fuzz/corpus/$$t $$extra \
	      >$(FUZZ_DIR)/fuzz-$$t.log 2>&1; rc=$$?; \
	  execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/fuzz-$$t.log); \
	  cov=$$(grep -o 'cov: [0-9]* ft: [0-9]*' $(FUZZ_DIR)/fuzz-$$t.log | tail -n1); \
	  crashes=$$(ls $(FUZZ_DIR)/crash-$$t-* 2>/dev/null | wc -l); \
	  echo "fuzz: $$t: $${execs:-?} executions in $(FUZZ_SECONDS) s, $${cov:-cov: ?}," \
	       "$$crashes crash file(s), exit $$rc"; \
	  [ $$rc -eq 0 ] || { fail=$$((fail+1)); grep -m1 -A12 'ERROR\|fuzz: invariant' \
	      $(FUZZ_DIR)/fuzz-$$t.log; }; \
	done; \
	test $$fail -eq 0
