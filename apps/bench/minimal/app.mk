# apps/bench/minimal - the footprint of a minimal configuration (issue 17): threads and
# semaphores only, the kernel built for one core (TX_THREAD_SMP_MAX_CORES=1) without error
# checking. Every C file that sees tx_api.h is compiled again with those flags (the TCB and the
# per-core tables change shape), so this image shares no object with the others. bench.py reports
# the kernel's linked text from its map; tests/qemu/cases/bench-minimal.test runs it.
APPS += minimal
APP_SRCS_minimal := $(wildcard $(APP_DIR)/*.c)
APP_VARIANT_SRCS_minimal := $(KERNEL_SRCS) $(PLATFORM_SRCS) $(XEN_SRCS) $(DRIVER_SRCS) $(LIB_SRCS) \
	$(filter-out arch/aarch64/offsets.c,$(wildcard arch/aarch64/*.c))
# (recursive: the port's include paths are defined after this file is read)
APP_VARIANT_CFLAGS_minimal = -DTX_THREAD_SMP_MAX_CORES=1u -DTX_DISABLE_ERROR_CHECKING $(A64_PORT_INC)
# Its own sources with the same flags: the TCB's shape must agree everywhere.
APP_CFLAGS_minimal := -DTX_THREAD_SMP_MAX_CORES=1u -DTX_DISABLE_ERROR_CHECKING
