# Static checks: formatting, cppcheck on all our C, cppcheck's MISRA C 2012 addon on the kernel.
# `make check` runs them all (CI does); `make format` rewrites files in place.
.PHONY: check check-format format cppcheck misra

check: check-format cppcheck misra

check-format:
	@scripts/static-check.sh format-check

format:
	@scripts/static-check.sh format

cppcheck:
	@scripts/static-check.sh cppcheck

misra:
	@scripts/static-check.sh misra
