#!/bin/sh
# libfdt.sh OUT_DIR SRC_DIR - put libfdt's sources (from a Debian source package) into OUT_DIR.
#
# First choice: device-tree-compiler (libfdt's upstream, `apt-get source`). If the archive cannot
# be had (its tarballs were missing from the mirror on 2026-11-22), Debian's xen source package,
# which carries the same upstream libfdt in xen/common/libfdt (unpacked under SRC_DIR by the Xen
# build, or fetched here). Only the .c files and libfdt's own headers are used; libfdt_env.h is
# ours (lib/libfdt_env.h). Nothing is copied into the repository.
set -eu
out=$1
src=$2
mkdir -p "$src" "$out"
out=$(cd "$out" && pwd)
src=$(cd "$src" && pwd)

dtc_tree=$(ls -d "$src"/dtc/tree/libfdt 2>/dev/null || true)
if [ -z "$dtc_tree" ]; then
    mkdir -p "$src/dtc/dl"
    if (cd "$src/dtc/dl" && apt-get source --download-only device-tree-compiler >/dev/null 2>&1); then
        (cd "$src/dtc/dl" && dpkg-source --no-check -x "$(ls ./*.dsc | head -1)" ../tree >/dev/null)
        dtc_tree="$src/dtc/tree/libfdt"
    fi
fi
if [ -n "$dtc_tree" ]; then
    cfiles=$dtc_tree
    hfiles=$dtc_tree
    from="device-tree-compiler"
else
    # The version the boot kit builds (XEN_SRC_VERSION in scripts/build-xen.sh, the one place it
    # is written); reuse its unpacked tree if any.
    xen_version=$(sed -n 's/^XEN_SRC_VERSION=["'\'']*\([^"'\'' ]*\).*/\1/p' "$(dirname "$0")/../../scripts/build-xen.sh")
    [ -n "$xen_version" ] || { echo "libfdt.sh: no XEN_SRC_VERSION in scripts/build-xen.sh" >&2; exit 1; }
    xen_tree=$(ls -d "$src"/xen-4.17*/xen/common/libfdt "$src"/libfdt-xen/xen-*/xen/common/libfdt \
        2>/dev/null | head -1 || true)
    if [ -z "$xen_tree" ]; then
        mkdir -p "$src/libfdt-xen"
        (cd "$src/libfdt-xen" && apt-get source -q --download-only "xen=$xen_version" >/dev/null &&
            dpkg-source --no-check -x "xen_$xen_version.dsc" >/dev/null) ||
            { echo "libfdt: cannot get device-tree-compiler or xen sources (deb-src?)" >&2; exit 1; }
        xen_tree=$(ls -d "$src"/libfdt-xen/xen-*/xen/common/libfdt | head -1)
    fi
    cfiles=$xen_tree
    hfiles=$xen_tree/../../include/xen/libfdt
    from="xen (xen/common/libfdt)"
fi

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
