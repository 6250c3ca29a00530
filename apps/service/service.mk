# apps/service/service.mk - the RTOS image of config/linux.cfg's RTOS domain: command service over
# vchan and the PV console, real-time thread (issue 6). Builds build/aarch64/service.img with the
# port's image rules. Include after arch/aarch64/aarch64.mk (top Makefile:
# `-include apps/service/service.mk`), or alone: `make -f Makefile -f apps/service/service.mk service`.

ifdef A64_IMAGE_RULES
A64_APP_SRCS_service := $(wildcard apps/service/*.c)
A64_APP_CFLAGS_service := -Iapps/service
$(eval $(call A64_IMAGE_RULES,service))
.PHONY: service
service: $(A64_BUILD)/service.img
image: $(A64_BUILD)/service.img
endif

# dom0 side: the C client, the raw flooder and dom0's initramfs with the test overlay
# (dom0/client/build.sh).
.PHONY: service-dom0
service-dom0: $(BUILD)/service/initramfs.cpio.gz
$(BUILD)/service/initramfs.cpio.gz: dom0/client/build.sh dom0/client/xenrtos-cmd.c \
		dom0/client/xenrtos-flood.c \
		dom0/client/profile dom0/client/service-test.sh dom0/client/xenrtos-xl.cfg \
		$(BUILD)/dom0/initramfs.cpio.gz $(A64_BUILD)/demo.img
	BUILD=$(BUILD) CROSS=$(CROSS) dom0/client/build.sh
