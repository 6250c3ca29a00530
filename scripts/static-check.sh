#!/usr/bin/env bash
# Static checks behind `make check`. Usage: static-check.sh format|format-check|cppcheck|misra|tidy
# MISRA_ADDON=path overrides the MISRA addon dpkg reports (e.g. to show that a broken addon fails
# the check instead of passing it).
set -euo pipefail
cd "$(dirname "$0")/.."

# Our C sources: everything tracked or new, minus generated files under build/.
c_files() {
    git ls-files --cached --others --exclude-standard -- '*.c' '*.h' | grep -v '^build/' || true
}

INCLUDES=(-I include -I kernel/include -I kernel/src -I arch/aarch64/include -I xen/include -I lib/include
          -I drivers/include -I platform/include)

case "${1:-}" in
format)
    c_files | xargs -r clang-format -i --style=file
    ;;
format-check)
    c_files | xargs -r clang-format --dry-run --Werror --style=file
    echo "check-format: $(c_files | wc -l) files formatted as .clang-format says"
    ;;
cppcheck)
    # The real port's C (AArch64 build) and the portable kernel; host tests are checked by the
    # compiler with -Werror and by running them.
    mapfile -t files < <(c_files | grep -E '^(kernel|arch/aarch64|platform|xen|drivers|lib|apps)/.*\.c$' \
        | grep -v '^kernel/tests/')
    cppcheck -q --error-exitcode=1 --enable=warning,portability,performance --inline-suppr \
        --std=c11 --platform=unix64 -D__aarch64__ -DTX_ENABLE_STACK_CHECKING \
        "${INCLUDES[@]}" --suppress=missingIncludeSystem "${files[@]}"
    echo "cppcheck: ${#files[@]} files, no findings"
    ;;
misra)
    # MISRA C 2012 on every area of the images' C, each finding counted against the per-area,
    # per-rule figures of docs/misra-deviations.md (scripts/static/analyze.py says how). The
    # self-test first: a file with known violations must be flagged, or the check proves nothing.
    scripts/static/analyze.py misra-selftest
    scripts/static/analyze.py misra
    ;;
tidy)
    # clang-tidy (.clang-tidy) with the cross build's flags, at zero findings; self-test first.
    scripts/static/analyze.py tidy-selftest
    scripts/static/analyze.py tidy
    ;;
*)
    echo "usage: $0 format|format-check|cppcheck|misra|tidy" >&2
    exit 2
    ;;
esac
