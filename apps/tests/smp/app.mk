# apps/tests/smp - the domain's vCPUs online (issue 16, bring-up): each started through PSCI,
# its own GIC interface, SGIs between CPUs, its own virtual timer, its vcpu_info.
APPS += smp-test
APP_SRCS_smp-test := $(wildcard $(APP_DIR)/*.c)
