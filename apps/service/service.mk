# apps/service/service.mk - dom0's side of the service (the RTOS image itself is declared in
# apps/service/app.mk like every app): `make service` builds the image, `make service-dom0` the C
# client, the raw flooder, the hostile XenStore peer, the oops module and dom0's initramfs with the
# test overlay (dom0/client/build.sh).
.PHONY: service
service: $(A64_BUILD)/service.img

.PHONY: service-dom0
service-dom0: $(BUILD)/service/initramfs.cpio.gz
$(BUILD)/service/initramfs.cpio.gz: dom0/client/build.sh dom0/client/xenrtos-cmd.c \
		dom0/client/xenrtos-flood.c dom0/client/xenrtos-xs-garbage.c \
		dom0/client/profile dom0/client/service-test.sh dom0/client/xenrtos-xl.cfg \
		dom0/client/xenrtos-gpio-xl.cfg dom0/client/xenrtos-gpio.dts \
		dom0/client/xenrtos-vchan-peer-xl.cfg \
		dom0/kmod/build.sh dom0/kmod/xenrtos_oops.c dom0/kmod/Kbuild dom0/packages.lock \
		$(BUILD)/dom0/initramfs.cpio.gz $(A64_BUILD)/demo.img $(A64_BUILD)/gpio-test.img \
		$(A64_BUILD)/vchan-peer.img
	BUILD=$(BUILD) CROSS=$(CROSS) dom0/client/build.sh
