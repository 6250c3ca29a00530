# lib/lib.mk - the freestanding C library subset of the RTOS images (printf, strings).
LIB_SRCS := $(sort $(wildcard lib/*.c))
