#!/usr/bin/env bash
# Builds the arm64 Xen hypervisor from Debian's source package, with Debian's configuration plus
# config/xen/xenrtos.config, or (XEN=deb) unpacks Debian's prebuilt arm64 hypervisor.
#
#   scripts/build-xen.sh            -> build/xen/{xen,xen-syms,xen.config}   (cached)
#   XEN=deb scripts/build-xen.sh    -> build/xen-deb/{xen,xen.config}        (no xen-syms)
#   XEN=deb-4.20 scripts/build-xen.sh -> build/xen-deb-4.20/{xen,xen.config}: Debian 13's prebuilt
#                                     Xen 4.20, through a private apt configuration (build/apt-trixie)
#
# The source build is redone only when the fragment, Debian's kconfig or the source package changes
# (a hash of those is kept in build/xen/.stamp). The last line printed is the path of the image.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
XEN=${XEN:-src}
JOBS=${JOBS:-2}
CROSS=${CROSS:-aarch64-linux-gnu-}

XEN_SRC_VERSION=4.17.5+72-g01140da4e8-1
# Bump when the way we build changes (part of the cache key).
RECIPE=4
# Exact versions and sha256 of what is downloaded (dom0/build.sh --refresh rewrites it).
LOCK="$ROOT/dom0/packages.lock"
FRAGMENT="$ROOT/config/xen/xenrtos.config"
# Options that must be "y" in the final configuration (read from the fragment itself).
WANTED=$(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=y$/\1/p' "$FRAGMENT")

log() { echo "build-xen: $*"; }
die() {
    echo "build-xen: error: $*" >&2
    exit 1
}

# lock_field USE NAME FIELD: field 3 version, 4 sha256 of the pinned package (empty if none).
lock_field() {
    [ -f "$LOCK" ] || die "$LOCK missing (dom0/build.sh --refresh writes it)"
    awk -v use="$1" -v name="$2" -v f="$3" '!/^#/ && $2 == name && ("," $1 ",") ~ ("," use ",") { print $f; exit }' "$LOCK"
}
check_sha256() { # file expected what
    local got
    got=$(sha256sum "$1" | cut -d' ' -f1)
    [ "$got" = "$2" ] || die "$3: sha256 $got of $1 is not the $2 that $LOCK pins (delete it to fetch again)"
}

show_options() { # config file
    local cfg=$1 opt
    for opt in $WANTED; do
        if grep -qx "$opt=y" "$cfg"; then
            log "  $opt=y"
        else
            log "  $opt is NOT set"
        fi
    done
    log "  default scheduler: $(sed -n 's/^CONFIG_SCHED_DEFAULT="\(.*\)"$/\1/p' "$cfg")"
}

# install_prebuilt DEB OUT SERIES WHAT: unpack a xen-hypervisor-SERIES-arm64 package into OUT (its
# image and .config as OUT/xen, OUT/xen.config), unless OUT/xen is newer; say what it is.
install_prebuilt() {
    local deb=$1 out=$2 series=$3
    if [ ! -e "$out/xen" ] || [ "$deb" -nt "$out/xen" ]; then
        rm -rf "$out/root"
        dpkg-deb -x "$deb" "$out/root"
        cp "$out/root/boot/xen-$series-arm64" "$out/xen"
        cp "$out/root/boot/xen-$series-arm64.config" "$out/xen.config"
    fi
    log "$4 Xen $(dpkg-deb -f "$deb" Version) ($(basename "$deb"))"
    show_options "$out/xen.config"
    echo "$out/xen"
}

# Debian 13's prebuilt hypervisor. The host stays Debian 12: trixie is reached only through an
# apt configuration of our own (sources, lists and cache under build/apt-trixie), never through
# /etc/apt. Its source package is not used (the mirror serves no xen 4.20 source: docs/xen-4.20.md).
if [ "$XEN" = deb-4.20 ]; then
    out="$BUILD/xen-deb-4.20"
    apt_dir="$BUILD/apt-trixie"
    lock_t="$ROOT/dom0/packages-trixie.lock"
    mkdir -p "$out/pkg" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" \
        "$apt_dir/sources.list.d" "$apt_dir/preferences.d"
    exec 9>"$out/.lock"
    flock 9
    hv=xen-hypervisor-4.20-arm64
    hv_ver=$(LOCK=$lock_t lock_field xen-deb-4.20 $hv 3)
    hv_sha=$(LOCK=$lock_t lock_field xen-deb-4.20 $hv 4)
    [ -n "$hv_ver" ] || die "$lock_t pins no $hv"
    deb="$out/pkg/${hv}_${hv_ver//:/%3a}_arm64.deb"
    if [ ! -s "$deb" ]; then
        # The host's own mirrors (whatever its sources name), with trixie's suites. ($(REPO_URI)
        # is apt's field syntax, not the shell's.)
        # shellcheck disable=SC2016
        main=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null | grep -v security | head -n1)
        # shellcheck disable=SC2016
        sec=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null | grep security | head -n1)
        main=${main:-http://deb.debian.org/debian/}
        sec=${sec:-http://deb.debian.org/debian-security/}
        key=/usr/share/keyrings/debian-archive-keyring.gpg
        printf 'deb [signed-by=%s] %s trixie main\ndeb [signed-by=%s] %s trixie-security main\n' \
            "$key" "$main" "$key" "$sec" >"$apt_dir/sources.list"
        trixie_apt() {
            apt-get -q -o Dir::Etc::sourcelist="$apt_dir/sources.list" \
                -o Dir::Etc::sourceparts="$apt_dir/sources.list.d" \
                -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" \
                -o Dir::Etc::preferences=/dev/null -o Dir::Etc::preferencesparts="$apt_dir/preferences.d" \
                -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 "$@"
        }
        log "downloading $hv:arm64=$hv_ver from Debian 13 (private apt configuration $apt_dir)"
        trixie_apt update >"$apt_dir/update.log" 2>&1 ||
            die "apt-get update of the private trixie configuration failed: $(tail -n3 "$apt_dir/update.log")"
        tmp=$(mktemp -d)
        chmod 755 "$tmp"
        (cd "$tmp" && trixie_apt download "$hv:arm64=$hv_ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
        if ! mv "$tmp/$(basename "$deb")" "$deb" 2>/dev/null; then
            rm -rf "$tmp"
            die "$hv $hv_ver (pinned in $lock_t) could not be downloaded from Debian 13"
        fi
        rmdir "$tmp"
    fi
    LOCK=$lock_t check_sha256 "$deb" "$hv_sha" "$hv $hv_ver"
    install_prebuilt "$deb" "$out" 4.20 "Debian 13 prebuilt"
    exit 0
fi

if [ "$XEN" = deb ]; then
    out="$BUILD/xen-deb"
    mkdir -p "$out/pkg"
    exec 9>"$out/.lock"
    flock 9
    hv=xen-hypervisor-4.17-arm64
    hv_ver=$(lock_field xen-deb $hv 3)
    [ -n "$hv_ver" ] || die "$LOCK pins no $hv (dom0/build.sh --refresh)"
    deb="$out/pkg/${hv}_${hv_ver//:/%3a}_arm64.deb"
    if [ ! -s "$deb" ]; then
        log "downloading $hv:arm64=$hv_ver (apt-get download, not installed)"
        # _apt cannot write into root-owned build dirs; download in a scratch dir it can reach.
        tmp=$(mktemp -d)
        chmod 755 "$tmp"
        (cd "$tmp" && apt-get download -q "$hv:arm64=$hv_ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
        if ! mv "$tmp/$(basename "$deb")" "$deb" 2>/dev/null; then
            rm -rf "$tmp"
            die "$hv $hv_ver (pinned in $LOCK) could not be downloaded; apt's candidate now:" \
                "$(apt-cache policy $hv:arm64 2>/dev/null | sed -n 's/^ *Candidate: //p')" \
                "(make packages-refresh re-pins and reports the change)"
        fi
        rmdir "$tmp"
    fi
    check_sha256 "$deb" "$(lock_field xen-deb $hv 4)" "$hv $hv_ver"
    install_prebuilt "$deb" "$out" 4.17 "Debian prebuilt"
    exit 0
fi
[ "$XEN" = src ] || die "XEN=$XEN: expected 'src' (build from source, default), 'deb' or 'deb-4.20'"
# The version is written here; the lock only records it with the .dsc's sha256.
lock_src=$(lock_field source xen 3)
[ "$lock_src" = "$XEN_SRC_VERSION" ] ||
    die "$LOCK pins xen source '${lock_src}', this script builds $XEN_SRC_VERSION (dom0/build.sh --refresh)"
# Debian's banner patch fills in the distribution with `lsb_release -is` at build time; without it
# the banner silently loses "Debian" (and the tests that read it fail).
command -v lsb_release >/dev/null || die "lsb_release not found (package lsb-release: run scripts/setup.sh)"

src="$BUILD/src"
tree="$src/xen-${XEN_SRC_VERSION%-*}"
out="$BUILD/xen"
obj="$out/obj"
mkdir -p "$src" "$out"
# One build at a time: `make test` may run from several shells on the same tree.
exec 9>"$out/.lock"
flock 9

if [ ! -e "$tree/.xenrtos-extracted" ]; then
    dsc="$src/xen_${XEN_SRC_VERSION}.dsc"
    if [ ! -e "$dsc" ]; then
        log "downloading Debian source package xen=$XEN_SRC_VERSION"
        tmp=$(mktemp -d)
        chmod 755 "$tmp"
        (cd "$tmp" && apt-get source -q --download-only "xen=$XEN_SRC_VERSION" 2>&1 |
            grep -E '^(Get|Fetched|E:)' || true)
        if ! mv "$tmp"/xen_* "$src/" 2>/dev/null; then
            rm -rf "$tmp"
            die "apt-get source xen=$XEN_SRC_VERSION failed: deb-src configured (scripts/setup.sh)?" \
                "versions apt serves now: $(apt-cache showsrc xen 2>/dev/null | sed -n 's/^Version: //p' | sort -u | xargs)"
        fi
        rmdir "$tmp"
    fi
    log "extracting $dsc (Debian patches applied)"
    rm -rf "$tree"
    # (gpgv cannot check the signature without debian-keyring; apt already checked the hashes)
    dpkg-source -q -x "$dsc" "$tree" >"$src/extract.log" 2>&1 || {
        cat "$src/extract.log" >&2
        die "dpkg-source -x failed"
    }
    touch "$tree/.xenrtos-extracted"
fi

# The .dsc holds the sha256 of the tarballs, which dpkg-source checks: pinning it pins all.
check_sha256 "$src/xen_${XEN_SRC_VERSION}.dsc" "$(lock_field source xen 4)" "xen source $XEN_SRC_VERSION"

# Cache key: everything that determines the result.
key=$( (
    echo "$XEN_SRC_VERSION $CROSS $RECIPE"
    cat "$FRAGMENT" "$tree/debian/xen-kconfig"
    cat "$src/xen_${XEN_SRC_VERSION}.dsc"
) | sha256sum | cut -d' ' -f1)

if [ -e "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$key" ] &&
    [ -e "$out/xen" ] && [ -e "$out/xen-syms" ]; then
    log "up to date (cached; delete $out to force a rebuild)"
else
    rm -f "$out/.stamp"
    mkdir -p "$obj"
    # Mirrors debian/rules (override_dh_auto_configure, make_args_xen), cross-compiled.
    # The object directory is mapped too, so that xen-syms does not name the build directory.
    margs=(-C "$tree/xen" O="$obj" XEN_TARGET_ARCH=arm64 CROSS_COMPILE="$CROSS"
        "EXTRA_CFLAGS_XEN_CORE=-ffile-prefix-map=$tree=. -fdebug-prefix-map=$tree=. -ffile-prefix-map=$obj=obj")
    export WGET=/bin/false GIT=/bin/false
    # Reproducible banner: the date of Debian's changelog entry (the source's own date, so the same
    # source gives the same Xen on every commit of ours), a fixed user, domain and host.
    epoch=$(dpkg-parsechangelog -l "$tree/debian/changelog" -STimestamp)
    export SOURCE_DATE_EPOCH=$epoch XEN_BUILD_DATE XEN_BUILD_TIME XEN_WHOAMI=xenrtos \
        XEN_DOMAIN=scripts-build-xen.sh XEN_BUILD_HOST=xenrtos-build
    XEN_BUILD_DATE=$(LC_ALL=C date -u -d "@$epoch")
    XEN_BUILD_TIME=$(LC_ALL=C date -u -d "@$epoch" +%T)
    # Debian's patches put DEB_VERSION in the banner: "(XEN) Xen version 4.17.5 (Debian ...)".
    export DEB_VERSION="$XEN_SRC_VERSION" DEB_MAINTAINER="xenrtos <xenrtos@scripts-build-xen.sh>"
    cat "$tree/debian/xen-kconfig" "$FRAGMENT" >"$obj/.config"
    log "configuring: debian/xen-kconfig + config/xen/xenrtos.config, olddefconfig"
    make -s "${margs[@]}" olddefconfig
    for opt in $WANTED; do
        grep -qx "$opt=y" "$obj/.config" || die "$opt=y from $FRAGMENT was dropped by Kconfig (missing dependency?)"
    done
    log "building the arm64 hypervisor (-j$JOBS; several minutes the first time)"
    make "${margs[@]}" -j"$JOBS" >"$out/build.log" 2>&1 || {
        tail -n 40 "$out/build.log" >&2
        die "Xen build failed, full log: $out/build.log"
    }
    cp "$obj/xen" "$out/xen"
    cp "$obj/xen-syms" "$out/xen-syms"
    cp "$obj/.config" "$out/xen.config"
    echo "$key" >"$out/.stamp"
fi

ch="$obj/include/xen/compile.h"
ver=$(sed -n 's/^#define XEN_VERSION[[:space:]]\+\([0-9]*\)$/\1/p' "$ch").$(sed -n 's/^#define XEN_SUBVERSION[[:space:]]\+\([0-9]*\)$/\1/p' "$ch")$(sed -n 's/^#define XEN_EXTRAVERSION[[:space:]]\+"\(.*\)"$/\1/p' "$ch")
log "Xen $ver from Debian source xen=$XEN_SRC_VERSION, built with $(${CROSS}gcc -dumpfullversion)"
show_options "$out/xen.config"
echo "$out/xen"
