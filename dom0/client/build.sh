#!/bin/sh
# dom0/client/build.sh - the dom0 side of the RTOS command service:
#   build/service/bin/xenrtos-cmd     C client, cross-built for arm64 against Debian's
#                                     libxenvchan (libxenmisc4.17 + libxen-dev, arm64, extracted
#                                     into build/service/root, never installed)
#   build/service/initramfs.cpio.gz   dom0's initramfs (make dom0) + an overlay archive with the
#                                     client, service-test.sh and /etc/profile (Linux unpacks
#                                     concatenated archives in order)
# Needs: aarch64-linux-gnu-gcc, libc6-dev-arm64-cross, build/dom0/initramfs.cpio.gz.
set -eu
BUILD=${BUILD:-build}
OUT=$BUILD/service
VER=${DOM0_XEN_VERSION:-4.17.5+72-g01140da4e8-1}
CROSS=${CROSS:-aarch64-linux-gnu-}
DOM0_INITRAMFS=${DOM0_INITRAMFS:-$BUILD/dom0/initramfs.cpio.gz}
RTOS_IMAGE=${RTOS_IMAGE:-$BUILD/aarch64/demo.img}

mkdir -p "$OUT/debs" "$OUT/root" "$OUT/bin"
for p in libxenmisc4.17 libxen-dev; do
    deb=$(ls "$OUT/debs/${p}_"*"_arm64.deb" 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
        (cd "$OUT/debs" && apt-get download "$p:arm64=$VER")
        deb=$(ls "$OUT/debs/${p}_"*"_arm64.deb" | head -n 1)
    fi
    [ -e "$OUT/root/.$p" ] || { dpkg-deb -x "$deb" "$OUT/root" && : >"$OUT/root/.$p"; }
done

R=$OUT/root
# libxenvchan's own dependencies are resolved at run time in dom0 (its initramfs has them for
# vchan-socket-proxy), hence --allow-shlib-undefined at link time.
"${CROSS}gcc" -O2 -Wall -Wextra -Werror -I"$R/usr/include" -o "$OUT/bin/xenrtos-cmd" \
    dom0/client/xenrtos-cmd.c -L"$R/usr/lib/aarch64-linux-gnu" -lxenvchan \
    -Wl,--allow-shlib-undefined

[ -f "$DOM0_INITRAMFS" ] || { echo "build.sh: $DOM0_INITRAMFS missing (make dom0)"; exit 1; }
stage=$OUT/overlay
rm -rf "$stage"
mkdir -p "$stage/etc" "$stage/usr/lib/xenrtos"
cp dom0/client/profile "$stage/etc/profile"
cp dom0/client/service-test.sh "$stage/usr/lib/xenrtos/service-test.sh"
cp "$OUT/bin/xenrtos-cmd" "$stage/usr/lib/xenrtos/xenrtos-cmd"
chmod 755 "$stage/usr/lib/xenrtos/"*
# The RTOS demo image for `xl create /etc/xen/xenrtos.cfg` from dom0.
[ -f "$RTOS_IMAGE" ] || { echo "build.sh: $RTOS_IMAGE missing (make image)"; exit 1; }
mkdir -p "$stage/usr/share/xenrtos" "$stage/etc/xen"
cp "$RTOS_IMAGE" "$stage/usr/share/xenrtos/xenrtos.img"
cp dom0/client/xenrtos-xl.cfg "$stage/etc/xen/xenrtos.cfg"
python3 dom0/mkcpio.py "$stage" "$OUT/overlay.cpio"
gzip -9n -c "$OUT/overlay.cpio" >"$OUT/overlay.cpio.gz"
cat "$DOM0_INITRAMFS" "$OUT/overlay.cpio.gz" >"$OUT/initramfs.cpio.gz"
echo "build.sh: $OUT/initramfs.cpio.gz ($(wc -c <"$OUT/initramfs.cpio.gz") bytes)"
