#!/bin/sh
# libfdt.sh OUT_DIR SRC_DIR - put libfdt's sources (from a Debian source package) into OUT_DIR.
#
# From Debian's xen source package, at the version the boot kit pins (XEN_SRC_VERSION in
# scripts/build-xen.sh, checked against dom0/packages.lock by the Xen build): it carries the
# upstream libfdt in xen/common/libfdt (unpacked under SRC_DIR by the Xen build, or fetched
# here). Not device-tree-compiler at apt's candidate: then the images would change with whatever
# the mirror serves (and its tarballs were missing from the mirror on 2026-11-22). Only the .c
# files and libfdt's own headers are used; libfdt_env.h is ours (lib/include/libfdt_env.h).
# Nothing is copied into the repository.
set -eu
out=$1
src=$2
mkdir -p "$src" "$out"
out=$(cd "$out" && pwd)
src=$(cd "$src" && pwd)

# The version the boot kit builds (XEN_SRC_VERSION in scripts/build-xen.sh, the one place it
# is written); reuse its unpacked tree if any.
xen_version=$(sed -n 's/^XEN_SRC_VERSION=["'\'']*\([^"'\'' ]*\).*/\1/p' "$(dirname "$0")/../../scripts/build-xen.sh")
[ -n "$xen_version" ] || { echo "libfdt.sh: no XEN_SRC_VERSION in scripts/build-xen.sh" >&2; exit 1; }
upstream=${xen_version%-*} # the unpacked tree is xen-<upstream version>
xen_tree=$(ls -d "$src/xen-$upstream/xen/common/libfdt" "$src/libfdt-xen/xen-$upstream/xen/common/libfdt" \
    2>/dev/null | head -1 || true)
if [ -z "$xen_tree" ]; then
    lock=$(dirname "$0")/../../dom0/packages.lock
    want=$(awk -v v="$xen_version" '$1 == "source" && $2 == "xen" && $3 == v { print $4 }' "$lock")
    [ -n "$want" ] || { echo "libfdt.sh: xen $xen_version is not pinned in $lock" >&2; exit 1; }
    mkdir -p "$src/libfdt-xen"
    (cd "$src/libfdt-xen" && apt-get source -q --download-only "xen=$xen_version" >/dev/null) ||
        { echo "libfdt: cannot fetch the xen source package $xen_version (deb-src?)" >&2; exit 1; }
    got=$(sha256sum "$src/libfdt-xen/xen_$xen_version.dsc" | cut -d' ' -f1)
    [ "$got" = "$want" ] ||
        { echo "libfdt: xen_$xen_version.dsc has sha256 $got, $lock pins $want" >&2; exit 1; }
    (cd "$src/libfdt-xen" && dpkg-source -x "xen_$xen_version.dsc" >/dev/null) ||
        { echo "libfdt: cannot unpack xen_$xen_version.dsc" >&2; exit 1; }
    xen_tree=$src/libfdt-xen/xen-$upstream/xen/common/libfdt
fi
cfiles=$xen_tree
hfiles=$xen_tree/../../include/xen/libfdt
from="xen (xen/common/libfdt)"

for f in fdt.c fdt_ro.c fdt_wip.c fdt_sw.c fdt_rw.c fdt_strerror.c fdt_empty_tree.c \
         fdt_addresses.c fdt_check.c libfdt_internal.h; do
    cp "$cfiles/$f" "$out/$f"
done
cp "$hfiles/fdt.h" "$hfiles/libfdt.h" "$out/"
# Xen's copy includes <xen/libfdt/...>: point those at the same files.
sed -i 's|<xen/libfdt/libfdt_env.h>|"libfdt_env.h"|; s|<xen/libfdt/fdt.h>|"fdt.h"|' "$out/libfdt.h"
# libfdt_env.h comes from lib/ (found through -Ilib); never the package's.
rm -f "$out/libfdt_env.h"
echo "$from" > "$out/SOURCE"
echo "libfdt: sources from Debian's $from package"
