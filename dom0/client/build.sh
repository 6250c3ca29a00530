#!/bin/sh
# dom0/client/build.sh - the dom0 side of the RTOS command service:
#   build/service/bin/xenrtos-cmd     C client, cross-built for arm64 against Debian's
#                                     libxenvchan (libxenmisc4.17 + libxen-dev, arm64, extracted
#                                     into build/service/root, never installed)
#   build/service/bin/xenrtos-flood   raw event-channel flooder (libxenevtchn1 + libxen-dev)
#   build/service/bin/xenrtos-xs-garbage  a hostile XenStore peer: garbage into a domain's
#                                     response ring (libxenforeignmemory, static)
#   build/dom0/kmod/xenrtos_oops.ko   the isolation test's oops on demand (dom0/kmod/build.sh)
#   build/service/initramfs.cpio.gz   dom0's initramfs (make dom0) + an overlay archive with the
#                                     client, service-test.sh and /etc/profile (Linux unpacks
#                                     concatenated archives in order)
# The packages are at the version of dom0's Xen tools (DOM0_XEN_VERSION, as in dom0/build.sh),
# taken from build/dom0/debs when make dom0 already fetched them, else fetched with one
# `apt-get download`; cached in build/service/debs. Versions and sha256 are checked against
# dom0/packages.lock (unless DOM0_XEN_VERSION is set: an experiment, not pinned).
# Needs: aarch64-linux-gnu-gcc, libc6-dev-arm64-cross, build/dom0/initramfs.cpio.gz.
set -eu
# The overlay's modes must not depend on the caller's umask (cp takes the source's mode & ~umask).
umask 022
LOCK=dom0/packages.lock
PINNED=1
[ -z "${DOM0_XEN_VERSION:-}" ] || PINNED=0
BUILD=${BUILD:-build}
OUT=$BUILD/service
VER=${DOM0_XEN_VERSION:-$(sed -n 's/^XEN_SRC_VERSION=["'\'']*\([^"'\'' ]*\).*/\1/p' \
    scripts/build-xen.sh 2>/dev/null | head -n 1)}
CROSS=${CROSS:-aarch64-linux-gnu-}
DOM0_INITRAMFS=${DOM0_INITRAMFS:-$BUILD/dom0/initramfs.cpio.gz}
RTOS_IMAGE=${RTOS_IMAGE:-$BUILD/aarch64/demo.img}
GPIO_IMAGE=${GPIO_IMAGE:-$BUILD/aarch64/gpio-test.img}
PEER_IMAGE=${PEER_IMAGE:-$BUILD/aarch64/vchan-peer.img}
PKGS="libxenmisc4.17 libxenevtchn1 libxen-dev"

die() {
    echo "build.sh: error: $*" >&2
    exit 1
}
[ -n "$VER" ] || die "no XEN_SRC_VERSION in scripts/build-xen.sh: set DOM0_XEN_VERSION"
# lock_field NAME FIELD of the lock's client line for NAME (3 version, 4 sha256).
lock_field() {
    awk -v n="$1" -v f="$2" '!/^#/ && $2 == n && ("," $1 ",") ~ /,client,/ { print $f; exit }' "$LOCK"
}
if [ $PINNED = 1 ]; then
    [ -f "$LOCK" ] || die "$LOCK missing (dom0/build.sh --refresh writes it)"
    for p in $PKGS; do
        [ "$(lock_field "$p" 3)" = "$VER" ] ||
            die "$LOCK pins $p '$(lock_field "$p" 3)', not $VER (make packages-refresh)"
    done
fi

mkdir -p "$OUT/debs" "$OUT/root" "$OUT/bin"
# apt names the file NAME_VERSION_ARCH.deb with the epoch colon as %3a.
vfile=$(echo "$VER" | sed 's/:/%3a/g')
get=""
for p in $PKGS; do
    deb=$OUT/debs/${p}_${vfile}_arm64.deb
    [ ! -s "$deb" ] || continue
    if [ -s "$BUILD/dom0/debs/${p}_${vfile}_arm64.deb" ]; then
        cp "$BUILD/dom0/debs/${p}_${vfile}_arm64.deb" "$deb"
    else
        get="$get $p:arm64=$VER"
    fi
done
if [ -n "$get" ]; then
    echo "build.sh: apt-get download$get"
    # Into a scratch directory first, so an interrupted download leaves no truncated .deb behind.
    part=$OUT/debs/partial
    rm -rf "$part"
    mkdir -p "$part"
    # shellcheck disable=SC2086 # one argument per package
    if ! (cd "$part" && apt-get download -o APT::Sandbox::User=root $get); then
        for spec in $get; do
            n=${spec%%=*}
            # (apt-cache show exits 0 for a version it does not know: look for its stanza)
            apt-cache show "$spec" 2>/dev/null | grep -q '^Package:' ||
                echo "build.sh: error: ${n%:arm64} $VER (pinned in $LOCK) is no longer served;" \
                    "apt's candidate now: $(apt-cache policy "$n" 2>/dev/null | sed -n 's/^ *Candidate: //p')" >&2
        done
        die "apt-get download failed (network? apt-get update? multiarch arm64: scripts/setup.sh)"
    fi
    mv "$part"/*.deb "$OUT/debs/"
    rmdir "$part"
fi
for p in $PKGS; do
    deb=$OUT/debs/${p}_${vfile}_arm64.deb
    [ -s "$deb" ] || die "download of $p $VER did not produce $deb"
    if [ $PINNED = 1 ]; then
        got=$(sha256sum "$deb" | cut -d' ' -f1)
        [ "$got" = "$(lock_field "$p" 4)" ] ||
            die "$deb: sha256 $got is not the $(lock_field "$p" 4) $LOCK pins (delete it to fetch again)"
    fi
    # The marker holds the version extracted, so another DOM0_XEN_VERSION extracts again.
    [ "$(cat "$OUT/root/.$p" 2>/dev/null)" = "$VER" ] ||
        { dpkg-deb -x "$deb" "$OUT/root" && echo "$VER" >"$OUT/root/.$p"; }
done

R=$OUT/root
# libxenvchan's own dependencies are resolved at run time in dom0 (its initramfs has them for
# vchan-socket-proxy), hence --allow-shlib-undefined at link time.
"${CROSS}gcc" -O2 -Wall -Wextra -Werror -I"$R/usr/include" -o "$OUT/bin/xenrtos-cmd" \
    dom0/client/xenrtos-cmd.c -L"$R/usr/lib/aarch64-linux-gnu" -lxenvchan \
    -Wl,--allow-shlib-undefined
# The raw flooder: libxenevtchn (libxenevtchn1; dom0's initramfs has it, xl links it).
"${CROSS}gcc" -O2 -Wall -Wextra -Werror -I"$R/usr/include" -o "$OUT/bin/xenrtos-flood" \
    dom0/client/xenrtos-flood.c -L"$R/usr/lib/aarch64-linux-gnu" -lxenevtchn \
    -Wl,--allow-shlib-undefined

# The hostile XenStore peer (foreign-maps the domain's store page): libxenforeignmemory is not
# in dom0's initramfs (nothing else there needs it), so it and its two helpers link statically.
"${CROSS}gcc" -O2 -Wall -Wextra -Werror -D__XEN_TOOLS__ -I"$R/usr/include" -o "$OUT/bin/xenrtos-xs-garbage" \
    dom0/client/xenrtos-xs-garbage.c "$R/usr/lib/aarch64-linux-gnu/libxenforeignmemory.a" \
    "$R/usr/lib/aarch64-linux-gnu/libxentoolcore.a" "$R/usr/lib/aarch64-linux-gnu/libxentoollog.a"

# The isolation test's oops-on-demand module, for dom0's kernel (dom0/kmod/build.sh).
BUILD=$BUILD CROSS=$CROSS dom0/kmod/build.sh

[ -f "$DOM0_INITRAMFS" ] || { echo "build.sh: $DOM0_INITRAMFS missing (make dom0)"; exit 1; }
stage=$OUT/overlay
rm -rf "$stage"
mkdir -p "$stage/etc" "$stage/usr/lib/xenrtos"
cp dom0/client/profile "$stage/etc/profile"
cp dom0/client/service-test.sh "$stage/usr/lib/xenrtos/service-test.sh"
cp "$OUT/bin/xenrtos-cmd" "$stage/usr/lib/xenrtos/xenrtos-cmd"
cp "$OUT/bin/xenrtos-flood" "$stage/usr/lib/xenrtos/xenrtos-flood"
cp "$OUT/bin/xenrtos-xs-garbage" "$stage/usr/lib/xenrtos/xenrtos-xs-garbage"
chmod 755 "$stage/usr/lib/xenrtos/"*
cp "$BUILD/dom0/kmod/xenrtos_oops.ko" "$stage/usr/lib/xenrtos/xenrtos_oops.ko"
# The RTOS demo image for `xl create /etc/xen/xenrtos.cfg` from dom0.
[ -f "$RTOS_IMAGE" ] || { echo "build.sh: $RTOS_IMAGE missing (make image)"; exit 1; }
mkdir -p "$stage/usr/share/xenrtos" "$stage/etc/xen"
cp "$RTOS_IMAGE" "$stage/usr/share/xenrtos/xenrtos.img"
cp dom0/client/xenrtos-xl.cfg "$stage/etc/xen/xenrtos.cfg"
# The GPIO test image and its partial tree, for `xl create /etc/xen/xenrtos-gpio.cfg` (a PL061
# passed through to a domain dom0 creates: tests/qemu/cases/passthrough-xl.test).
[ -f "$GPIO_IMAGE" ] || { echo "build.sh: $GPIO_IMAGE missing (make image)"; exit 1; }
cp "$GPIO_IMAGE" "$stage/usr/share/xenrtos/gpio-test.img"
dtc -q -I dts -O dtb -o "$stage/usr/share/xenrtos/xenrtos-gpio.dtb" dom0/client/xenrtos-gpio.dts
cp dom0/client/xenrtos-gpio-xl.cfg "$stage/etc/xen/xenrtos-gpio.cfg"
# The vchan peer dom0 creates and destroys under the service (service-test.sh).
[ -f "$PEER_IMAGE" ] || { echo "build.sh: $PEER_IMAGE missing (make image)"; exit 1; }
cp "$PEER_IMAGE" "$stage/usr/share/xenrtos/vchan-peer.img"
cp dom0/client/xenrtos-vchan-peer-xl.cfg "$stage/etc/xen/xenrtos-vchan-peer.cfg"
python3 dom0/mkcpio.py "$stage" "$OUT/overlay.cpio"
gzip -9n -c "$OUT/overlay.cpio" >"$OUT/overlay.cpio.gz"
cat "$DOM0_INITRAMFS" "$OUT/overlay.cpio.gz" >"$OUT/initramfs.cpio.gz"
echo "build.sh: $OUT/initramfs.cpio.gz ($(wc -c <"$OUT/initramfs.cpio.gz") bytes)"
