#!/usr/bin/env bash
# scripts/repro-check.sh [images|full] - build the boot set twice and compare it byte for byte.
#
# Two copies of this working tree (tracked and untracked-but-not-ignored files, and .git so that
# `git describe` gives the same answer) are made at paths of different lengths under
# $REPRO_DIR (default build/repro); each builds into its own fresh build/ with the pinned inputs
# (SOURCE_DATE_EPOCH of the commit, dom0/packages.lock), under another umask, time zone and
# locale than the other (what must not matter). Then tools/repro.py compares every
# artefact and prints a table (artefact, size, sha256, identical); any difference fails and names
# the first differing byte (and a diffoscope report, when Debian's diffoscope is installed).
#
#   images  RTOS images (build/aarch64/*.img) and the boot device trees of the configurations that
#           boot only RTOS images (what CI runs on every submission)
#   full    also Xen (scripts/build-xen.sh, from Debian's source), dom0's Image and initramfs, the
#           dom0 client tools and service initramfs, and the tree of every configuration
#
# Downloads are not artefacts: each fresh tree starts with hard links to the .debs and the Xen
# source already in $BUILD (default build), which the builds check against the lock's sha256
# anyway; REPRO_SEED=0 downloads everything again. The trees are removed after a success
# (REPRO_KEEP=1 keeps them), kept after a failure; the build logs stay in $REPRO_DIR.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SET=${1:-${REPRO_SET:-full}}
case "$SET" in images | full) ;; *) echo "usage: $0 [images|full]" >&2; exit 2 ;; esac
W=${REPRO_DIR:-$ROOT/build/repro}
case "$W" in /*) ;; *) W="$ROOT/$W" ;; esac
MAIN_BUILD=${BUILD:-build}
case "$MAIN_BUILD" in /*) ;; *) MAIN_BUILD="$ROOT/$MAIN_BUILD" ;; esac
# Different lengths as well as different names: a path that leaks shifts every later byte.
TREES=("$W/a/xenrtos" "$W/second-tree/xenrtos-copy")

say() { echo "repro: $*"; }
die() {
    echo "repro: error: $*" >&2
    exit 1
}

cd "$ROOT"
export SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) || die "not a git checkout (SOURCE_DATE_EPOCH)"
# What the builds may not depend on differs between them, besides the paths: the umask, the time
# zone (a POSIX rule, so that no tzdata is needed) and the locale.
VARIANT_ENV=("umask 022; export TZ=UTC LC_ALL=C" "umask 002; export TZ=XRT-5:30 LC_ALL=C.UTF-8")

copy_tree() { # DEST
    mkdir -p "$1"
    # Deleted-but-tracked files are listed by git too: copy what exists.
    git ls-files -z -c -o --exclude-standard |
        while IFS= read -r -d '' f; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done |
        tar --null -T - -cf - | tar -xf - -C "$1"
    cp -a .git "$1/.git"
}

seed() { # BUILD_DIR: hard links (or copies) of what the main build directory downloaded
    local b=$1 d
    [ "${REPRO_SEED:-1}" = 1 ] || return 0
    for d in dom0/debs service/debs xen-deb/pkg; do
        ls "$MAIN_BUILD/$d"/*.deb >/dev/null 2>&1 || continue
        mkdir -p "$b/$d"
        cp -l "$MAIN_BUILD/$d"/*.deb "$b/$d/" 2>/dev/null || cp "$MAIN_BUILD/$d"/*.deb "$b/$d/"
    done
    if ls "$MAIN_BUILD"/src/xen_*.dsc >/dev/null 2>&1; then
        # Also where arch/aarch64/libfdt.sh fetches it when Xen is not built (REPRO_SET=images).
        for d in src src/libfdt-xen; do
            mkdir -p "$b/$d"
            cp -l "$MAIN_BUILD"/src/xen_*.* "$b/$d/" 2>/dev/null || cp "$MAIN_BUILD"/src/xen_*.* "$b/$d/"
        done
    fi
}

# The configurations whose every module is an RTOS image (their trees need nothing else built).
image_configs() {
    local c imgs
    for c in config/*.cfg; do
        imgs=$(tools/run -c "$c" --images) || die "$c: tools/run --images failed"
        if [ "$SET" = full ] || ! echo "$imgs" | tr ' ' '\n' | grep -qv '^build/aarch64/'; then
            echo "$c"
        fi
    done
}

build_tree() { # TREE LOG VARIANT
    local t=$1 log=$2 c
    (
        cd "$t"
        eval "${VARIANT_ENV[$3]}"
        echo "repro: environment: $(umask) TZ=$TZ LC_ALL=$LC_ALL"
        m() { nice -n 10 make --no-print-directory "$@"; }
        if [ "$SET" = full ]; then
            m xen
        fi
        m image
        if [ "$SET" = full ]; then
            m dom0
            m service-dom0
        fi
        for c in $(image_configs); do
            m dtb CONFIG="$c"
        done
        tools/repro.py manifest
    ) >"$log" 2>&1
}

rm -rf "$W"
mkdir -p "$W"
say "set: $SET; SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH ($(git describe --always --dirty)); trees under $W"
# Both copies first: an edit of the working tree during build 1 must not reach only build 2.
umask 022
for t in "${TREES[@]}"; do
    copy_tree "$t"
    seed "$t/build"
done
i=0
for t in "${TREES[@]}"; do
    i=$((i + 1))
    t0=$SECONDS
    say "build $i of 2 in $t (${VARIANT_ENV[$((i - 1))]}; log: $W/build-$i.log) ..."
    build_tree "$t" "$W/build-$i.log" $((i - 1)) || {
        tail -n 30 "$W/build-$i.log" >&2
        die "build $i failed (full log: $W/build-$i.log)"
    }
    say "build $i: $((SECONDS - t0)) s"
done
rc=0
REPRO_DIR=$W tools/repro.py compare "$SET" "${TREES[0]}/build" "${TREES[1]}/build" || rc=$?
if [ $rc = 0 ] && [ "${REPRO_KEEP:-0}" = 0 ]; then
    # A full pair is over a GB; the trees are kept only to inspect a difference (or REPRO_KEEP=1).
    rm -rf "$W/a" "$W/second-tree"
fi
say "$SET: $([ $rc = 0 ] && echo "reproducible" || echo "NOT reproducible; trees kept in $W") ($SECONDS s in all)"
exit $rc
