# QEMU integration tests (owner: boot kit). See tests/qemu/README.md.
#   make fixtures     tiny assembly guests used to test the boot kit: build/fixtures/hello<N>.img
#   make qemu-test    run every tests/qemu/cases/*.test (needs `make xen` and the images)
#   make test         setup + xen + images + tests/run-all.sh (host tests, boot-kit tests, QEMU)

FIXTURE_DIR  := $(BUILD)/fixtures
# hello<N>: the basic fixture; peer<N>: + static event channel and shared memory checks, built for
# config/two-domains.cfg (ports 10 <-> 11, shared memory at guest 0x50000000).
FIXTURE_IMGS := $(FIXTURE_DIR)/hello0.img $(FIXTURE_DIR)/hello1.img \
                $(FIXTURE_DIR)/peer0.img $(FIXTURE_DIR)/peer1.img
FIXTURE_SHM  := 0x50000000
FIXTURE_CFLAGS_hello0 := -DGUEST_ID=0
FIXTURE_CFLAGS_hello1 := -DGUEST_ID=1
FIXTURE_CFLAGS_peer0  := -DGUEST_ID=0 -DPEER_PORT=10 -DPEER_REMOTE_PORT=11 -DSHM_GADDR=$(FIXTURE_SHM)
FIXTURE_CFLAGS_peer1  := -DGUEST_ID=1 -DPEER_PORT=11 -DPEER_REMOTE_PORT=10 -DSHM_GADDR=$(FIXTURE_SHM)

.PHONY: fixtures qemu-test test

fixtures: $(FIXTURE_IMGS)

# Xen ABI numbers and structure offsets for the assembly, from Xen's public headers (defs.c).
# The include dir holds only a link to /usr/include/xen: the host's other headers stay out.
$(FIXTURE_DIR)/fixture_defs.h: tests/qemu/fixtures/defs.c
	@mkdir -p $(FIXTURE_DIR)/inc
	@ln -sfn /usr/include/xen $(FIXTURE_DIR)/inc/xen
	$(CROSS)gcc -S -ffreestanding $(WARN) -D__XEN_TOOLS__ -I$(FIXTURE_DIR)/inc -o $@.s $<
	@{ echo "/* generated from tests/qemu/fixtures/defs.c - do not edit */"; \
	  sed -n 's/^[[:space:]]*\.ascii[[:space:]]*"->\([A-Za-z0-9_]*\) #\{0,1\}\(-\{0,1\}[0-9]*\)"$$/#define \1 \2/p' $@.s; } >$@.tmp
	@grep -q EVTCHN_STATUS_REMOTE_PORT $@.tmp || { echo "no definitions extracted from $@.s" >&2; exit 1; }
	@mv $@.tmp $@

$(FIXTURE_DIR)/%.o: tests/qemu/fixtures/hello.S $(FIXTURE_DIR)/fixture_defs.h
	$(CROSS)gcc -c $(FIXTURE_CFLAGS_$*) -I$(FIXTURE_DIR) -o $@ $<

$(FIXTURE_DIR)/%.elf: $(FIXTURE_DIR)/%.o tests/qemu/fixtures/fixture.ld
	$(CROSS)ld --no-warn-rwx-segments -T tests/qemu/fixtures/fixture.ld -o $@ $<

$(FIXTURE_DIR)/%.img: $(FIXTURE_DIR)/%.elf
	$(CROSS)objcopy -O binary $< $@

.PRECIOUS: $(FIXTURE_DIR)/%.o $(FIXTURE_DIR)/%.elf

qemu-test: fixtures
	@BUILD=$(BUILD) tests/qemu/harness.py

# An image build failure does not hide the other results: run-all still runs (cases that need the
# missing images fail), and `make test` fails at the end.
test: setup xen fixtures dom0 service-dom0
	@$(MAKE) --no-print-directory xen XEN=deb
	@$(MAKE) --no-print-directory xen XEN=deb-4.20
	@img=0; $(if $(filter IMAGE_%,$(.VARIABLES)),$(MAKE) --no-print-directory image || img=1;,\
	    echo "test: no port make fragment yet: RTOS images not built";) \
	BUILD=$(BUILD) tests/run-all.sh; rc=$$?; \
	if [ $$img -ne 0 ]; then echo "test: make image FAILED (see above)"; exit 1; fi; exit $$rc
