# apps/examples/smp - threads on several vCPUs (README, "Several vCPUs"): pinned and free threads,
# their run counts per core.
APPS += smp
APP_SRCS_smp := $(wildcard $(APP_DIR)/*.c)
