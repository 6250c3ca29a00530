#!/usr/bin/env bash
# Static checks behind `make check`. Usage: static-check.sh format|format-check|cppcheck|misra
# MISRA_ADDON=path overrides the MISRA addon dpkg reports (e.g. to show that a broken addon fails
# the check instead of passing it).
set -euo pipefail
cd "$(dirname "$0")/.."

# Our C sources: everything tracked or new, minus generated files under build/.
c_files() {
    git ls-files --cached --others --exclude-standard -- '*.c' '*.h' | grep -v '^build/' || true
}

# The MISRA addon wherever Debian's cppcheck package put it (the directory has the host's
# multiarch triplet in it): asked from dpkg, not spelled for one architecture.
misra_addon() {
    dpkg -L cppcheck 2>/dev/null | grep '/addons/misra\.py$' | head -n 1
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
    # MISRA C 2012 on the portable kernel. Rules we deviate from, each with its reason, are in
    # docs/misra-deviations.md; any other violation fails the check.
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    addon=${MISRA_ADDON:-$(misra_addon)}
    [ -n "$addon" ] && [ -f "$addon" ] ||
        { echo "misra: cppcheck's MISRA addon (misra.py) not found: is cppcheck installed?"; exit 1; }
    mapfile -t files < <(c_files | grep -E '^kernel/src/.*\.c$')
    # Findings are judged below; a non-zero exit is cppcheck itself failing (bad option, addon
    # crash), which must fail the check rather than pass it vacuously.
    if ! cppcheck -q --addon="$addon" --std=c99 --platform=unix64 \
        -I kernel/include -I kernel/src -I arch/aarch64/include \
        --suppress=missingIncludeSystem --template='{file}:{line}: {id}: {message}' \
        "${files[@]}" >"$out/report" 2>&1; then
        echo "misra: cppcheck failed:"; tail -n 20 "$out/report"; exit 1
    fi
    # The addon reports its own failures as text; and a kernel with zero findings under the
    # documented deviations is not plausible: an empty report means the addon did not run.
    if grep -qiE 'bailing out|failed to execute addon|addon .*(failed|error)|Traceback' "$out/report"; then
        echo "misra: the MISRA addon did not run:"; grep -iE 'bailing|addon|Traceback' "$out/report" | head; exit 1
    fi
    grep -q 'misra-c2012-' "$out/report" ||
        { echo "misra: the addon reported nothing at all (did it run?)"; head -n 20 "$out/report"; exit 1; }
    allowed=$(sed -n 's/^| *\([0-9][0-9]*\.[0-9][0-9]*\) *|.*/\1/p' docs/misra-deviations.md | sort -u)
    grep -o 'misra-c2012-[0-9.]*' "$out/report" | sed 's/misra-c2012-//' | sort | uniq -c \
        | sort -rn >"$out/counts" || true
    bad=0
    while read -r n rule; do
        if grep -qx "$rule" <<<"$allowed"; then
            echo "misra: rule $rule: $n (deviation, see docs/misra-deviations.md)"
        else
            echo "misra: rule $rule: $n violations - not a documented deviation:"
            grep -m5 "misra-c2012-$rule\b" "$out/report" | sed 's/^/    /'
            bad=1
        fi
    done <"$out/counts"
    [ "$bad" = 0 ] || { echo "misra: FAILED"; exit 1; }
    echo "misra: ${#files[@]} kernel files, no violation outside the documented deviations"
    ;;
*)
    echo "usage: $0 format|format-check|cppcheck|misra" >&2
    exit 2
    ;;
esac
