# Static checks: formatting, cppcheck on all our C, cppcheck's MISRA C 2012 addon on the kernel,
# and the borders between rooms (scripts/check-borders.py: an #include that crosses a layer the
# wrong way fails). `make check` runs them all (CI does); `make format` rewrites files in place.
.PHONY: check check-format format cppcheck misra check-borders

check: check-format cppcheck misra check-borders

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
