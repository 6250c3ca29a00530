# apps/bench - the benchmark image (figures only; bench/bench.mk runs it).
APPS += bench
APP_SRCS_bench := $(sort $(wildcard $(APP_DIR)/*.c))
