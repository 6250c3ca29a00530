#!/usr/bin/env bash
# Builds the Linux dom0 from Debian arm64 packages alone:
#   build/dom0/Image               Debian's arm64 kernel (an uncompressed arm64 Image)
#   build/dom0/initramfs.cpio.gz   busybox, the Xen modules, Xen's userspace and its libraries
# Packages are fetched with `apt-get download` (multiarch arm64 must be enabled: scripts/setup.sh)
# and cached in build/dom0/debs; nothing is rebuilt when no input changed.
#
# Environment (all optional):
#   BUILD                 build directory (default: build)
#   DOM0_XEN_VERSION      Debian version of the Xen tools; defaults to the hypervisor source version
#                         scripts/build-xen.sh builds, so tools and hypervisor match exactly
#   DOM0_KERNEL_PKG       kernel package (default: what linux-image-arm64 depends on today)
#   DOM0_MODULES          modules to load, dependencies are added (default: the Xen control set)
set -euo pipefail

cd "$(dirname "$0")/.."
SRC=dom0
OUT=${BUILD:-build}/dom0
ARCH=arm64
TRIPLET=aarch64-linux-gnu
READELF=${CROSS:-aarch64-linux-gnu-}readelf
OBJCOPY=${CROSS:-aarch64-linux-gnu-}objcopy

# The tools are taken at the version of the hypervisor source scripts/build-xen.sh builds
# (Debian's 4.17.7 tools speak the same domctl/sysctl interface versions, 0x15/0x15, as 4.17.5,
# but matching exactly costs nothing).
DOM0_XEN_VERSION=${DOM0_XEN_VERSION:-$(sed -n 's/^XEN_SRC_VERSION=["'\'']*\([^"'\'' ]*\).*/\1/p' \
    scripts/build-xen.sh 2>/dev/null | head -n 1)}
DOM0_MODULES=${DOM0_MODULES:-xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs}
# Xen userspace put in the initramfs (from /usr/lib/xen-4.17/bin of xen-utils-4.17).
XEN_BINS="xl xenstored xen-init-dom0 init-dom0less xenconsoled xenconsole vchan-socket-proxy"
# xenstore-utils ships one multi-call binary under these names.
XENSTORE_CMDS="xenstore xenstore-chmod xenstore-exists xenstore-list xenstore-ls xenstore-read
xenstore-rm xenstore-watch xenstore-write"

say() { echo "dom0: $*"; }
die() {
    echo "dom0: error: $*" >&2
    exit 1
}

for tool in apt-get apt-cache dpkg-deb "$READELF" "$OBJCOPY" python3 gzip; do
    command -v "$tool" >/dev/null || die "$tool not found (run scripts/setup.sh)"
done
dpkg --print-foreign-architectures | grep -qx $ARCH ||
    die "dpkg has no $ARCH architecture (run scripts/setup.sh)"

[ -n "$DOM0_XEN_VERSION" ] || die "no XEN_SRC_VERSION in scripts/build-xen.sh: set DOM0_XEN_VERSION"

mkdir -p "$OUT/debs" "$OUT/pkgs"

# --- package resolution -------------------------------------------------------------------------
has_version() { # NAME VERSION: apt knows this version (apt-cache show exits 0 even when not)
    [ -n "$(apt-cache show "$1:$ARCH=$2" 2>/dev/null | sed -n '/^Package:/p')" ]
}

# pkgver NAME [VERSION]: the version to use (VERSION if given and known to apt, else the candidate).
pkgver() {
    local v
    if [ -n "${2:-}" ]; then
        has_version "$1" "$2" ||
            die "$1 $2 is not in apt's lists for $ARCH (apt-get update?)"
        echo "$2"
        return
    fi
    v=$(apt-cache policy "$1:$ARCH" 2>/dev/null | awk '/Candidate:/ { print $2 }')
    [ -n "$v" ] && [ "$v" != "(none)" ] && echo "$v" && return
    die "no $ARCH candidate for $1 (apt-get update?)"
}

# fetch NAME VERSION: download (once) and extract (once) into $OUT/pkgs/NAME; records NAME=VERSION.
declare -A FETCHED=()
fetch() {
    local name=$1 ver=$2 deb
    [ -z "${FETCHED[$name]:-}" ] || return 0
    # apt names the file NAME_VERSION_ARCH.deb with the epoch colon as %3a.
    deb="$OUT/debs/${name}_${ver//:/%3a}_$ARCH.deb"
    if [ ! -s "$deb" ]; then
        say "apt-get download $name=$ver"
        (cd "$OUT/debs" && apt-get download -q -o APT::Sandbox::User=root "$name:$ARCH=$ver" \
            >/dev/null) || die "apt-get download $name:$ARCH=$ver failed"
        [ -s "$deb" ] || die "download of $name did not produce $deb"
    fi
    if [ "$(cat "$OUT/pkgs/$name.version" 2>/dev/null)" != "$ver" ]; then
        rm -rf "$OUT/pkgs/$name"
        dpkg-deb -x "$deb" "$OUT/pkgs/$name"
        echo "$ver" >"$OUT/pkgs/$name.version"
    fi
    FETCHED[$name]=$ver
}

# lib_deps NAME: the shared-library packages (Section: libs) NAME's Depends name.
lib_deps() {
    local d sec
    for d in $(dpkg-deb -f "$OUT/debs/${1}_${FETCHED[$1]//:/%3a}_$ARCH.deb" Depends |
        tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/:any//; s/[[:space:]]//g'); do
        sec=$(apt-cache show "$d:$ARCH" 2>/dev/null | awk '/^Section:/ { print $2; exit }')
        [ "$sec" = libs ] && echo "$d"
    done
    return 0
}

# Asking apt costs ~0.5 s a question; the last resolution is reused while apt's lists, this script
# and the settings are the same (then no apt query at all is made).
RESOLVED="$OUT/resolved-$( (
    echo "$DOM0_XEN_VERSION ${DOM0_KERNEL_PKG:-} $DOM0_MODULES"
    cat "$0"
    ls -l --time-style=+%s /var/lib/apt/lists/ 2>/dev/null
) | sha256sum | cut -c1-16).txt"
KERNEL_PKG=""
if [ -s "$RESOLVED" ]; then
    while read -r name v; do
        [ "$name" != kernel ] || { KERNEL_PKG=$v; continue; }
        fetch "$name" "$v"
    done <"$RESOLVED"
fi
if [ -z "$KERNEL_PKG" ]; then
    KERNEL_PKG=${DOM0_KERNEL_PKG:-$(apt-cache depends "linux-image-$ARCH:$ARCH" 2>/dev/null |
        awk '/Depends: linux-image-/ { sub(/:.*/, "", $2); print $2; exit }')}
    [ -n "$KERNEL_PKG" ] || die "cannot resolve linux-image-$ARCH (apt-get update?)"

    # The packages whose programs go into the initramfs; libraries follow from NEEDED entries.
    # socat: vchan-socket-proxy makes the RTOS's channel a UNIX socket, which busybox nc cannot open.
    for spec in "$KERNEL_PKG" busybox-static "xen-utils-4.17=$DOM0_XEN_VERSION" \
        "xenstore-utils=$DOM0_XEN_VERSION" socat; do
        name=${spec%%=*}
        v=$(pkgver "$name" "$(echo "$spec" | sed -n 's/^[^=]*=//p')") || exit 1
        fetch "$name" "$v"
    done
fi

# --- staging tree -------------------------------------------------------------------------------
STAGE="$OUT/stage"
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,dev,proc,sys,tmp,root,etc/xen,usr/bin,usr/sbin,lib/modules}
mkdir -p "$STAGE"/usr/lib/xen-4.17/bin "$STAGE"/var/{lib/xen,log/xen,run/xen,run/xenstored}

P="$OUT/pkgs"
install -m 0755 "$P/busybox-static/bin/busybox" "$STAGE/bin/busybox"
install -m 0755 "$SRC/init" "$STAGE/init"
: >"$STAGE/etc/xen/xl.conf" # xl refuses to run without one; defaults are fine
echo "root:x:0:0:root:/root:/bin/sh" >"$STAGE/etc/passwd"
echo "root:x:0:" >"$STAGE/etc/group"

# A guest dom0 can start itself with xl create (selftest dom0-xl-create); built by dom0/dom0.mk.
if [ -s "$OUT/idle.img" ]; then
    mkdir -p "$STAGE/usr/share/xenrtos"
    install -m 0644 "$OUT/idle.img" "$STAGE/usr/share/xenrtos/idle.img"
    install -m 0644 "$SRC/idle-xl.cfg" "$STAGE/etc/xen/idle.cfg"
else
    say "warning: $OUT/idle.img missing (make dom0 builds it): no guest for xl create"
fi

for b in $XEN_BINS; do
    f="$P/xen-utils-4.17/usr/lib/xen-4.17/bin/$b"
    [ -f "$f" ] || die "$b not in xen-utils-4.17 ${FETCHED[xen-utils-4.17]}"
    install -m 0755 "$f" "$STAGE/usr/lib/xen-4.17/bin/$b"
done
install -m 0755 "$P/xenstore-utils/usr/bin/xenstore" "$STAGE/usr/bin/xenstore"
install -m 0755 "$P/socat/usr/bin/socat" "$STAGE/usr/bin/socat"
for c in $XENSTORE_CMDS; do
    [ "$c" = xenstore ] || ln -s xenstore "$STAGE/usr/bin/$c"
done

# --- shared libraries: the NEEDED closure -------------------------------------------------------
# Every soname an ELF in the stage needs is looked up in the extracted packages; when one is
# missing, the shared-library packages the fetched packages depend on are fetched, one layer at a
# time, until all resolve. Only the libraries actually needed are copied.
LIBDIRS="lib/$TRIPLET usr/lib/$TRIPLET lib usr/lib"

find_lib() { # soname -> path of the file in some extracted package
    local pkg d
    for pkg in "${!FETCHED[@]}"; do
        for d in $LIBDIRS; do
            if [ -e "$P/$pkg/$d/$1" ]; then
                echo "$P/$pkg/$d/$1"
                return 0
            fi
        done
    done
    return 1
}

elf_needed() {
    "$READELF" -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

# glibc loads libgcc_s with dlopen (pthread_cancel, unwinding: xl aborts without it), so no
# NEEDED entry names it.
DLOPEN_SONAMES="libgcc_s.so.1"

declare -A COPIED=()
while true; do
    missing=""
    changed=0
    while read -r elf; do
        if [ "$elf" = dlopen ]; then sonames=$DLOPEN_SONAMES; else sonames=$(elf_needed "$elf"); fi
        for so in $sonames; do
            [ -z "${COPIED[$so]:-}" ] || continue
            if src=$(find_lib "$so"); then
                rel=${src#"$P"/*/}
                mkdir -p "$STAGE/$(dirname "$rel")"
                cp -L "$src" "$STAGE/$rel"
                chmod 0755 "$STAGE/$rel"
                COPIED[$so]=$rel
                changed=1
            else
                missing="$missing $so"
            fi
        done
    done < <(
        find "$STAGE" -type f -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print
        echo dlopen
    )
    [ $changed = 1 ] && continue
    [ -z "$missing" ] && break
    # Fetch one more layer of library packages.
    before=${#FETCHED[@]}
    for pkg in "${!FETCHED[@]}"; do
        for d in $(lib_deps "$pkg"); do
            [ -z "${FETCHED[$d]:-}" ] || continue
            # Xen's own libraries must be the very build of the tools that link them.
            if has_version "$d" "$DOM0_XEN_VERSION"; then
                fetch "$d" "$DOM0_XEN_VERSION"
            else
                v=$(pkgver "$d") || exit 1
                fetch "$d" "$v"
            fi
        done
    done
    [ ${#FETCHED[@]} -gt "$before" ] ||
        die "unresolved shared libraries:$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')"
done

# The program interpreter the binaries name (e.g. /lib/ld-linux-aarch64.so.1) must be at that path.
interp=$("$READELF" -l "$STAGE/usr/lib/xen-4.17/bin/xl" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
[ -n "$interp" ] || die "cannot read xl's program interpreter"
if [ ! -e "$STAGE$interp" ]; then
    src=$(find_lib "$(basename "$interp")") || die "interpreter $interp not found in libc6"
    mkdir -p "$STAGE$(dirname "$interp")"
    cp -L "$src" "$STAGE$interp"
fi

# --- kernel modules -----------------------------------------------------------------------------
KDIR=$(find "$P/$KERNEL_PKG/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n 1)
[ -n "$KDIR" ] || die "$KERNEL_PKG has no /lib/modules/<release>"
KREL=$(basename "$KDIR")
modinfo_field() { # module.ko field
    "$OBJCOPY" -O binary -j .modinfo "$1" /dev/stdout 2>/dev/null | tr '\0' '\n' |
        sed -n "s/^$2=//p"
}
mod_path() { # module name (- and _ are the same) -> .ko
    local n=${1//_/-} f
    f=$(find "$KDIR" \( -name "$n.ko" -o -name "${n//-/_}.ko" \) | head -n 1)
    [ -n "$f" ] || die "module $1 not in $KERNEL_PKG"
    echo "$f"
}
declare -A MOD_DONE=()
: >"$STAGE/lib/modules/modules.order"
add_module() { # depth-first: dependencies first
    local name=${1//_/-} f dep vm
    [ -z "${MOD_DONE[$name]:-}" ] || return 0
    MOD_DONE[$name]=visiting
    f=$(mod_path "$name")
    vm=$(modinfo_field "$f" vermagic)
    [ "${vm%% *}" = "$KREL" ] || die "$f: vermagic '$vm' is not for $KREL"
    for dep in $(modinfo_field "$f" depends | tr ',' ' '); do
        [ "${MOD_DONE[${dep//_/-}]:-}" != visiting ] || die "module dependency loop at $dep"
        add_module "$dep"
    done
    install -m 0644 "$f" "$STAGE/lib/modules/$name.ko"
    echo "$name" >>"$STAGE/lib/modules/modules.order"
    MOD_DONE[$name]=loaded
}
for m in $DOM0_MODULES; do
    add_module "$m"
done

# --- outputs ------------------------------------------------------------------------------------
# Rebuild the archive only when its content changed (the stage is cheap, the archive is not).
sum=$( (
    cd "$STAGE"
    find . -printf '%p %y %m %l\n' | sort
    find . -type f -print0 | sort -z | xargs -0 sha256sum
    sha256sum "$OLDPWD/$SRC/mkcpio.py"
) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$OUT/initramfs.sum" 2>/dev/null)" != "$sum" ] ||
    [ ! -s "$OUT/initramfs.cpio.gz" ]; then
    python3 "$SRC/mkcpio.py" "$STAGE" "$OUT/initramfs.cpio" --nod /dev/console c600 5 1 \
        --nod /dev/null c666 1 3
    gzip -n -9 -f "$OUT/initramfs.cpio"
    echo "$sum" >"$OUT/initramfs.sum"
    say "wrote $OUT/initramfs.cpio.gz ($(stat -c %s "$OUT/initramfs.cpio.gz") bytes)"
else
    say "$OUT/initramfs.cpio.gz up to date"
fi

kimg="$P/$KERNEL_PKG/boot/vmlinuz-$KREL"
[ -f "$kimg" ] || die "$kimg missing"
# Debian's arm64 vmlinuz is an uncompressed Image: check its magic ("ARM\x64" at offset 56).
[ "$(dd if="$kimg" bs=1 skip=56 count=4 2>/dev/null | od -An -c | tr -d ' ')" = "ARMd" ] ||
    die "$kimg is not an arm64 Image"
cmp -s "$kimg" "$OUT/Image" || cp "$kimg" "$OUT/Image"

{
    echo "kernel $KERNEL_PKG $KREL"
    for pkg in $(printf '%s\n' "${!FETCHED[@]}" | sort); do
        echo "package $pkg ${FETCHED[$pkg]}"
    done
    echo "modules $(tr '\n' ' ' <"$STAGE/lib/modules/modules.order")"
    for so in $(printf '%s\n' "${!COPIED[@]}" | sort); do echo "library ${COPIED[$so]}"; done
} >"$OUT/manifest.txt"
rm -f "$OUT"/resolved-*.txt
{
    echo "kernel $KERNEL_PKG"
    for pkg in $(printf '%s\n' "${!FETCHED[@]}" | sort); do echo "$pkg ${FETCHED[$pkg]}"; done
} >"$RESOLVED"
say "Image $KREL; initramfs from $(grep -c '^package' "$OUT/manifest.txt") packages" \
    "(list: $OUT/manifest.txt)"
