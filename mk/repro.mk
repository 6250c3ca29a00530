# Reproducible boot set (owner: boot kit; scripts/repro-check.sh, tools/repro.py).
#   make repro-check                     build the whole boot set twice (two fresh trees at other
#                                        paths), compare every artefact byte for byte, print a table
#   make repro-check REPRO_SET=images    RTOS images + their boot device trees only (what CI runs)
#   make manifest                        $(BUILD)/manifest.json: sha256 and inputs of every
#                                        artefact present (rebuilds nothing; tools/run refreshes it)
#   make packages-refresh                re-pin dom0/packages.lock at apt's candidates, report changes

REPRO_SET ?= full
# Tools that honour it (gcc's __DATE__, among others) take the commit's date, not the clock's.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: repro-check manifest packages-refresh

repro-check:
	@BUILD=$(BUILD) scripts/repro-check.sh $(REPRO_SET)

manifest:
	@BUILD=$(BUILD) tools/repro.py manifest

packages-refresh:
	@BUILD=$(BUILD) dom0/build.sh --refresh
