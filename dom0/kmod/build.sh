#!/bin/sh
# dom0/kmod/build.sh - build/dom0/kmod/xenrtos_oops.ko: the oops-on-demand module of the
# isolation test (xenrtos_oops.c), cross-built for dom0's Debian kernel against Debian's own
# headers for it. Debian's packages only, pinned in dom0/packages.lock (users "kmod"), fetched
# with one `apt-get download`, extracted into build/dom0/kmod/root, never installed:
#   linux-headers-<release>         arm64: the kernel's .config, Module.symvers, generated headers
#   linux-headers-<abi>-common      all: the kernel's headers and its top Makefile
#   linux-kbuild-<major.minor>      amd64 (this host): kbuild's programs (fixdep, modpost)
# <release> is the kernel dom0/packages.lock pins for dom0 (linux-image-<release>), so the module's
# vermagic and symbol versions are the running kernel's. Needs aarch64-linux-gnu-gcc-12 (the
# compiler Debian built that kernel with) and make. Nothing is rebuilt when no input changed.
set -eu
umask 022
LOCK=dom0/packages.lock
BUILD=${BUILD:-build}
OUT=$BUILD/dom0/kmod
CROSS=${CROSS:-aarch64-linux-gnu-}

die() {
    echo "kmod: error: $*" >&2
    exit 1
}
[ -f "$LOCK" ] || die "$LOCK missing"
# The dom0 kernel: "dom0,kernel linux-image-<release> <version> ..."
set -- $(awk '!/^#/ && ("," $1 ",") ~ /,kernel,/ { print $2, $3; exit }' "$LOCK")
[ $# -eq 2 ] || die "$LOCK pins no dom0 kernel (a users column with 'kernel')"
RELEASE=${1#linux-image-}
VER=$2
ABI=${RELEASE%-*}                       # 6.1.0-57-arm64 -> 6.1.0-57
SERIES=$(echo "$VER" | cut -d. -f1-2)   # 6.1.192-3 -> 6.1
PKGS="linux-headers-$RELEASE:arm64 linux-headers-$ABI-common:all linux-kbuild-$SERIES:amd64"

lock_field() { # NAME FIELD of the kmod line for NAME (3 version, 4 sha256)
    awk -v n="$1" -v f="$2" '!/^#/ && $2 == n && ("," $1 ",") ~ /,kmod,/ { print $f; exit }' "$LOCK"
}
command -v "${CROSS}gcc-12" >/dev/null || die "${CROSS}gcc-12 not found (run scripts/setup.sh)"
command -v make >/dev/null || die "make not found"

mkdir -p "$OUT/debs" "$OUT/root"
get=""
for spec in $PKGS; do
    name=${spec%%:*}
    arch=${spec#*:}
    [ "$(lock_field "$name" 3)" = "$VER" ] ||
        die "$LOCK pins $name '$(lock_field "$name" 3)', not the kernel's $VER (make packages-refresh)"
    [ -s "$OUT/debs/${name}_${VER}_$arch.deb" ] || get="$get $name:$arch=$VER"
done
if [ -n "$get" ]; then
    echo "kmod: apt-get download$get"
    part=$OUT/debs/partial
    rm -rf "$part"
    mkdir -p "$part"
    # shellcheck disable=SC2086 # one argument per package
    (cd "$part" && apt-get download -o APT::Sandbox::User=root $get) ||
        die "apt-get download failed (network? apt-get update? multiarch arm64: scripts/setup.sh)"
    mv "$part"/*.deb "$OUT/debs/"
    rmdir "$part"
fi
for spec in $PKGS; do
    name=${spec%%:*}
    deb=$OUT/debs/${name}_${VER}_${spec#*:}.deb
    [ -s "$deb" ] || die "download of $name $VER did not produce $deb"
    got=$(sha256sum "$deb" | cut -d' ' -f1)
    [ "$got" = "$(lock_field "$name" 4)" ] ||
        die "$deb: sha256 $got is not the $(lock_field "$name" 4) $LOCK pins (delete it to fetch again)"
    [ "$(cat "$OUT/root/.$name" 2>/dev/null)" = "$VER" ] ||
        { dpkg-deb -x "$deb" "$OUT/root" && echo "$VER" >"$OUT/root/.$name"; }
done

ROOT=$(cd "$OUT/root" && pwd)
KDIR=$ROOT/usr/src/linux-headers-$RELEASE
# Debian's per-flavour Makefile includes the common one by its installed, absolute path: point it
# at the extracted copy (the scripts/ and tools/ links are relative and resolve inside root/).
printf 'include %s/usr/src/linux-headers-%s-common/Makefile\n' "$ROOT" "$ABI" >"$KDIR/Makefile"

SRC=$OUT/src
ko=$OUT/xenrtos_oops.ko
if [ -f "$ko" ] && [ "$ko" -nt dom0/kmod/xenrtos_oops.c ] && [ "$ko" -nt dom0/kmod/Kbuild ] &&
    [ "$ko" -nt "$LOCK" ]; then
    exit 0
fi
rm -rf "$SRC"
mkdir -p "$SRC"
cp dom0/kmod/xenrtos_oops.c dom0/kmod/Kbuild "$SRC/"
SRC=$(cd "$SRC" && pwd)
make -s -C "$KDIR" M="$SRC" ARCH=arm64 CROSS_COMPILE="$CROSS" modules ||
    die "module build failed"
# Without debug information, as a module install strips it: it names this checkout's paths.
"${CROSS}strip" --strip-debug -o "$ko" "$SRC/xenrtos_oops.ko"
echo "kmod: $ko (for $RELEASE)"
