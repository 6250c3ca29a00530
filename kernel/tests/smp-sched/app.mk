# kernel/tests/smp-sched - the SMP kernel's scheduling on Xen's vCPUs (issue 16): the invariant
# checked against the reference model the host port's test uses (kernel/tests/smp_model.c), so
# this white-box test sees kernel/src like the other kernel tests.
APPS += smp-sched
APP_SRCS_smp-sched := $(wildcard $(APP_DIR)/*.c) kernel/tests/smp_model.c
APP_CFLAGS_smp-sched := $(KERNEL_PRIV_INC) -Ikernel/tests
