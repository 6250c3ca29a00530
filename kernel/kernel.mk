# kernel/kernel.mk - the portable kernel. Every kernel/src/*.c is part of the kernel. Ports compile
# KERNEL_SRCS with their own flags and tx_port.h.
#   KERNEL_INC       the kernel's public headers (tx_api.h, and tx_arch.h for ports): for everyone
#   KERNEL_PRIV_INC  kernel/src: only for the kernel's own sources and its white-box tests
#                    (kernel/tests); nothing else may include it (make check)
KERNEL_SRCS := $(sort $(wildcard kernel/src/*.c))
KERNEL_INC  := -Ikernel/include
KERNEL_PRIV_INC := -Ikernel/src
KERNEL_HDRS := $(wildcard kernel/include/*.h kernel/src/*.h)
