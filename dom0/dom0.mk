# Linux dom0 (owner: dom0). See dom0/README.md.
#   make dom0        build/dom0/Image + build/dom0/initramfs.cpio.gz from Debian arm64 packages
#                    (dom0/build.sh; cached, re-assembled only when an input changed), and
#                    build/dom0/idle.img, a dom0less guest that stays alive (dom0/guest/idle.S)
#   make dom0-run    boot config/linux.cfg (dom0 + the RTOS domain) on this terminal

DOM0_OUT := $(BUILD)/dom0

.PHONY: dom0 dom0-run

dom0: $(DOM0_OUT)/idle.img
	@BUILD=$(BUILD) CROSS=$(CROSS) dom0/build.sh

$(DOM0_OUT)/idle.o: dom0/guest/idle.S
	@mkdir -p $(@D)
	$(CROSS)gcc $(WARN) -c -o $@ $<

# Everything is in .text.head from offset 0: the Image header must be the file's first bytes.
$(DOM0_OUT)/idle.elf: $(DOM0_OUT)/idle.o
	$(CROSS)ld -Ttext=0 -e _head -o $@ $<

$(DOM0_OUT)/idle.img: $(DOM0_OUT)/idle.elf
	$(CROSS)objcopy -O binary $< $@

dom0-run: dom0
	tools/run -c config/linux.cfg
