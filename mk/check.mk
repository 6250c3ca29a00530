# Static checks: formatting, cppcheck on all our C, cppcheck's MISRA C 2012 addon and clang-tidy on
# every area of the RTOS images' C (kernel, xen, arch, drivers, lib, platform; with the build's own
# flags: scripts/static/analyze.py), and the borders between rooms (scripts/check-borders.py: an
# #include that crosses a layer the wrong way fails). `make check` runs them all (CI does);
# `make format` rewrites files in place. MISRA findings must match docs/misra-deviations.md area by
# area and rule by rule; clang-tidy must find nothing (.clang-tidy, scripts/static/tidy-suppressions).
.PHONY: check check-format format cppcheck misra tidy check-borders

check: check-format cppcheck misra tidy check-borders

check-borders:
	@scripts/check-borders.py

check-format:
	@scripts/static-check.sh format-check

format:
	@scripts/static-check.sh format

cppcheck:
	@scripts/static-check.sh cppcheck

misra:
	@scripts/static-check.sh misra

tidy:
	@scripts/static-check.sh tidy
