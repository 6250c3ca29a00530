# kernel/kernel.mk - the portable kernel. Every kernel/src/*.c is part of the kernel (object files
# of every owner join by wildcard). Ports compile KERNEL_SRCS with their own flags and tx_port.h.
KERNEL_SRCS := $(sort $(wildcard kernel/src/*.c))
KERNEL_INC  := -Ikernel/include -Ikernel/src
KERNEL_HDRS := $(wildcard kernel/include/*.h kernel/src/*.h)
