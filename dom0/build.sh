#!/usr/bin/env bash
# Builds the Linux dom0 from Debian arm64 packages alone:
#   build/dom0/Image               Debian's arm64 kernel (an uncompressed arm64 Image)
#   build/dom0/initramfs.cpio.gz   busybox, the Xen modules, Xen's userspace and its libraries
# The package closure is resolved in one pass (three apt-cache calls) and fetched with one
# `apt-get download` (multiarch arm64 must be enabled: scripts/setup.sh); the .debs are cached in
# build/dom0/debs and nothing is asked of apt or rebuilt when no input changed.
#
# The packages and their exact versions and sha256 come from dom0/packages.lock (committed); apt is
# asked nothing when the lock is there and the .debs are cached. `dom0/build.sh --refresh` (make
# packages-refresh) resolves the closure anew at apt's candidates, rewrites the lock (with the
# client's packages, Debian's prebuilt hypervisor and the Xen source) and reports what changed.
#
# Environment (all optional):
#   BUILD                 build directory (default: build)
#   DOM0_XEN_VERSION      Debian version of the Xen tools; defaults to the hypervisor source version
#                         scripts/build-xen.sh builds, so tools and hypervisor match exactly
#   DOM0_KERNEL_PKG       kernel package (default: what linux-image-arm64 depends on today)
#   DOM0_MODULES          modules to load, dependencies are added (default: the Xen control set)
# Setting DOM0_XEN_VERSION or DOM0_KERNEL_PKG is an experiment: the closure is resolved at apt's
# candidates, not taken from the lock (the build says so).
set -euo pipefail
# Files the stage creates get their modes from the umask; fix it so the initramfs does not.
umask 022

REFRESH=0
case "${1:-}" in
--refresh) REFRESH=1 ;;
"") ;;
*) echo "usage: dom0/build.sh [--refresh]" >&2; exit 2 ;;
esac
PINNED=1
[ -z "${DOM0_XEN_VERSION:-}${DOM0_KERNEL_PKG:-}" ] || PINNED=0

cd "$(dirname "$0")/.."
SRC=dom0
LOCK=$SRC/packages.lock
# What dom0/client/build.sh fetches at DOM0_XEN_VERSION (also pinned in the lock).
CLIENT_PKGS=$(sed -n 's/^PKGS="\(.*\)"$/\1/p' $SRC/client/build.sh)
XEN_DEB_PKG=xen-hypervisor-4.17-arm64
OUT=${BUILD:-build}/dom0
ARCH=arm64
TRIPLET=aarch64-linux-gnu
READELF=${CROSS:-aarch64-linux-gnu-}readelf
OBJCOPY=${CROSS:-aarch64-linux-gnu-}objcopy
CC=${CROSS:-aarch64-linux-gnu-}gcc

# The tools are taken at the version of the hypervisor source scripts/build-xen.sh builds
# (Debian's 4.17.7 tools speak the same domctl/sysctl interface versions, 0x15/0x15, as 4.17.5,
# but matching exactly costs nothing).
DOM0_XEN_VERSION=${DOM0_XEN_VERSION:-$(sed -n 's/^XEN_SRC_VERSION=["'\'']*\([^"'\'' ]*\).*/\1/p' \
    scripts/build-xen.sh 2>/dev/null | head -n 1)}
DOM0_MODULES=${DOM0_MODULES:-xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs}
# Xen userspace put in the initramfs (from /usr/lib/xen-4.17/bin of xen-utils-4.17).
# Not Debian's init-dom0less: for a domain of more than one vCPU it writes the XenStore path
# "cpu/%u/availability/" (Xen 4.17.5 tools/helpers/init-dom0less.c:172, a trailing slash
# xenstored rejects), so its transaction fails and it exits (err(1), :283) after having set the
# domain's HVM_PARAM_STORE_PFN (:276): the domain is never introduced to xenstored. Our own
# dom0/xenrtos-init-dom0less.c does the job instead; it is compiled below, against libxen-dev's
# headers and the libraries of this very closure, into /usr/sbin of every dom0 initramfs.
XEN_BINS="xl xenstored xen-init-dom0 xenconsoled xenconsole vchan-socket-proxy"
# xenstore-utils ships one multi-call binary under these names.
XENSTORE_CMDS="xenstore xenstore-chmod xenstore-exists xenstore-list xenstore-ls xenstore-read
xenstore-rm xenstore-watch xenstore-write"

say() { echo "dom0: $*"; }
die() {
    echo "dom0: error: $*" >&2
    exit 1
}

for tool in apt-get apt-cache dpkg-deb "$READELF" "$OBJCOPY" "$CC" python3 gzip; do
    command -v "$tool" >/dev/null || die "$tool not found (run scripts/setup.sh)"
done
dpkg --print-foreign-architectures | grep -qx $ARCH ||
    die "dpkg has no $ARCH architecture (run scripts/setup.sh)"

[ -n "$DOM0_XEN_VERSION" ] || die "no XEN_SRC_VERSION in scripts/build-xen.sh: set DOM0_XEN_VERSION"
XEN_SRC_VERSION=$(sed -n 's/^XEN_SRC_VERSION=["'\'']*\([^"'\'' ]*\).*/\1/p' scripts/build-xen.sh | head -n 1)

mkdir -p "$OUT/debs" "$OUT/pkgs"

# --- package resolution -------------------------------------------------------------------------
# The roots are the packages whose programs go into the initramfs (socat: vchan-socket-proxy makes
# the RTOS's channel a UNIX socket, which busybox nc cannot open). To them is added the closure of
# their Depends and Pre-Depends restricted to shared-library packages (Section: libs, first
# alternative of each dependency, as Debian's shlibs write them), Xen's own libraries at
# DOM0_XEN_VERSION (the very build of the tools that link them), every other package at apt's
# candidate. The NEEDED check below then copies only the libraries actually needed.
#
# Every apt-cache call reads all of apt's lists (1-2 s each), so they are few and not per package:
#   1. apt-cache depends --recurse over all roots: a superset of the names the closure can reach;
#   2. apt-cache show of those names: Version, Section, Depends, Size of every version;
#   3. apt-cache policy of the same names: the candidates;
# then the closure is walked in python3 over that text. A name the walk reaches but step 1 did not
# list (possible only when a pinned version's Depends differ from the candidate's) costs one more
# show+policy round for all such names at once.
read -r -d '' RESOLVER <<'EOF' || true
import re, sys

show_file, policy_file, queried_file, xen_version, arch = sys.argv[1:6]
roots = sys.argv[6:]

def die(msg):
    print("dom0: error: " + msg, file=sys.stderr)
    sys.exit(1)

stanzas = {}  # name -> {version: {field: value}} (arch and all only)
def add(st):
    if "Package" in st and "Version" in st and st.get("Architecture") in (arch, "all"):
        stanzas.setdefault(st["Package"], {}).setdefault(st["Version"], st)
st, key = {}, None
with open(show_file) as f:
    for line in f:
        line = line.rstrip("\n")
        if not line:
            add(st)
            st, key = {}, None
        elif line[0] in " \t":
            if key:
                st[key] += "\n" + line
        elif ":" in line:
            key, _, value = line.partition(":")
            st[key] = value.strip()
add(st)

candidate, name = {}, None
with open(policy_file) as f:
    for line in f:
        m = re.match(r"^(\S+):$", line)
        if m:
            name = m.group(1).rsplit(":", 1)[0] if m.group(1).endswith(":" + arch) else m.group(1)
        elif name and line.strip().startswith("Candidate:"):
            candidate[name] = line.split(":", 1)[1].strip()
with open(queried_file) as f:
    queried = {l.strip().rsplit(":" + arch, 1)[0] for l in f if l.strip()}

def deps(fields):
    for field in ("Pre-Depends", "Depends"):
        for item in fields.get(field, "").split(","):
            first = item.split("|")[0].strip()
            if first:
                yield re.split(r"[\s(\[<]", first, maxsplit=1)[0].split(":")[0]

def pick(name, want):
    versions = stanzas.get(name, {})
    if want:
        if want not in versions:
            die(f"{name} {want} is not in apt's lists for {arch} (apt-get update?)")
        return want
    c = candidate.get(name)
    if not c or c not in versions:
        die(f"no {arch} candidate for {name} (apt-get update?)")
    return c

chosen, rejected, need, queue = {}, set(), set(), []
for spec in roots:
    name, _, want = spec.partition("=")
    chosen[name] = pick(name, want)
    queue.append(name)
while queue:
    name = queue.pop(0)
    for d in deps(stanzas[name][chosen[name]]):
        if d in chosen or d in rejected:
            continue
        if d not in queried:
            need.add(d)
            continue
        versions = stanzas.get(d)
        if not versions:  # virtual, or no arm64 build
            rejected.add(d)
            continue
        want = xen_version if xen_version in versions else None
        fields = versions.get(want or candidate.get(d, "")) or next(iter(versions.values()))
        section = fields.get("Section", "")
        if section != "libs" and not section.endswith("/libs"):
            rejected.add(d)
            continue
        chosen[d] = pick(d, want)
        queue.append(d)
if need:
    print("need " + " ".join(sorted(need)))
else:
    for name in sorted(chosen):
        fields = stanzas[name][chosen[name]]
        print(name, chosen[name], fields.get("Size", "0"), fields.get("SHA256", "-"))
EOF

# resolve: writes "kernel NAME" and "NAME VERSION SIZE" lines to $RESOLVED.
resolve() {
    local tmp=$OUT/resolve.tmp kroot names out round=1
    rm -rf "$tmp"
    mkdir -p "$tmp"
    kroot=${DOM0_KERNEL_PKG:-linux-image-$ARCH}
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances "$kroot:$ARCH" busybox-static:$ARCH xen-utils-4.17:$ARCH \
        xenstore-utils:$ARCH socat:$ARCH libxen-dev:$ARCH >"$tmp/depends" 2>"$tmp/err" ||
        die "apt-cache depends failed: $(cat "$tmp/err")"
    KERNEL_PKG=${DOM0_KERNEL_PKG:-$(awk -v meta="$kroot:$ARCH" '
        $0 == meta { b = 1; next }
        /^[^ ]/ { b = 0 }
        b && /^ *Depends: linux-image-/ { sub(/^ *Depends: /, ""); sub(/:.*/, ""); print; exit }
    ' "$tmp/depends")}
    [ -n "$KERNEL_PKG" ] || die "cannot resolve linux-image-$ARCH (apt-get update?)"
    # libxen-dev: headers of the tools' libraries, to compile dom0/xenrtos-init-dom0less.c (a
    # build input only: nothing of it goes into the initramfs; its Depends are all in already).
    ROOTS=("$KERNEL_PKG" busybox-static "xen-utils-4.17=$DOM0_XEN_VERSION"
        "xenstore-utils=$DOM0_XEN_VERSION" socat "libxen-dev=$DOM0_XEN_VERSION")

    names=$( (
        sed -n 's/^\([^ <|][^ :]*\).*/\1/p' "$tmp/depends"
        echo "$KERNEL_PKG"
    ) | sort -u | sed "s/\$/:$ARCH/")
    : >"$tmp/show"
    : >"$tmp/policy"
    : >"$tmp/queried"
    while true; do
        # shellcheck disable=SC2086 # one argument per name
        apt-cache show $names >>"$tmp/show" 2>/dev/null || true
        echo >>"$tmp/show"
        # shellcheck disable=SC2086
        apt-cache policy $names >>"$tmp/policy" 2>/dev/null || true
        echo "$names" >>"$tmp/queried"
        out=$(python3 -c "$RESOLVER" "$tmp/show" "$tmp/policy" "$tmp/queried" \
            "$DOM0_XEN_VERSION" $ARCH "${ROOTS[@]}") || exit 1
        case $out in
        "need "*)
            names=$(echo "${out#need }" | tr ' ' '\n' | sed "s/\$/:$ARCH/")
            round=$((round + 1))
            [ $round -le 20 ] || die "package closure does not converge"
            ;;
        *) break ;;
        esac
    done
    {
        echo "kernel $KERNEL_PKG"
        echo "$out"
    } >"$tmp/resolved"
    mv "$tmp/resolved" "$RESOLVED"
    rm -rf "$tmp"
}

# Asking apt costs 1-2 s a question; the last resolution is reused while apt's lists, this script
# and the settings are the same (then no apt query at all is made).
RESOLVED="$OUT/resolved-$( (
    echo "$DOM0_XEN_VERSION ${DOM0_KERNEL_PKG:-} $DOM0_MODULES"
    cat "$0"
    ls -l --time-style=+%s /var/lib/apt/lists/ 2>/dev/null
) | sha256sum | cut -c1-16).txt"

# show_one NAME VERSION: "SIZE SHA256" of that arm64 version from apt's lists.
show_one() {
    apt-cache show "$1:$ARCH=$2" 2>/dev/null | awk '
        /^Size:/ && !s { s = $2 } /^SHA256:/ && !h { h = $2 } END { if (s && h) print s, h }'
}

# refresh_lock: resolve at apt's candidates, write $LOCK, report the difference with the old one.
refresh_lock() {
    local new=$LOCK.new p v sz_sha hv dsc_sha line
    say "resolving package closure (apt-cache) ..."
    resolve
    {
        echo "# dom0/packages.lock: the exact Debian packages the boot kit downloads (committed)."
        echo "# Written by \`dom0/build.sh --refresh\` (make packages-refresh); builds fetch exactly these"
        echo "# versions and check each file's sha256. Columns: users name version sha256 size."
        echo "#   source   the Xen source package scripts/build-xen.sh builds (sha256 of its .dsc)"
        echo "#   dom0     dom0's kernel (also 'kernel') and the initramfs closure (dom0/build.sh), with"
        echo "#            libxen-dev, whose headers dom0/xenrtos-init-dom0less.c is compiled against"
        echo "#   client   dom0/client/build.sh: libraries and headers the client links against"
        echo "#   xen-deb  Debian's prebuilt hypervisor (XEN=deb scripts/build-xen.sh)"
        echo "#   kmod     dom0/kmod/build.sh: the headers and kbuild of dom0's kernel (amd64 kbuild:"
        echo "#            this host runs it), for the isolation test's module"
        dsc_sha=$(apt-cache showsrc xen 2>/dev/null | awk -v v="$XEN_SRC_VERSION" -v f="xen_$XEN_SRC_VERSION.dsc" '
            /^Version:/ { cur = $2 } /^Checksums-Sha256:/ { in256 = 1; next } /^[^ ]/ { in256 = 0 }
            in256 && cur == v && $3 == f { print $1; exit }')
        [ -n "$dsc_sha" ] || die "apt serves no source xen=$XEN_SRC_VERSION (deb-src? apt-get update?)"
        echo "source xen $XEN_SRC_VERSION $dsc_sha -"
        while read -r p v sz sha; do
            [ "$p" != kernel ] || continue
            users=dom0
            [ "$p" != "$KERNEL_PKG" ] || users=dom0,kernel
            case " $CLIENT_PKGS " in *" $p "*) users=$users,client ;; esac
            echo "$users $p $v $sha $sz"
        done <"$RESOLVED"
        for p in $CLIENT_PKGS; do
            ! grep -q "^$p " "$RESOLVED" || continue # in the closure: written above
            sz_sha=$(show_one "$p" "$DOM0_XEN_VERSION")
            [ -n "$sz_sha" ] || die "apt serves no $p:$ARCH=$DOM0_XEN_VERSION"
            echo "client $p $DOM0_XEN_VERSION ${sz_sha#* } ${sz_sha%% *}"
        done
        hv=$(apt-cache policy "$XEN_DEB_PKG:$ARCH" 2>/dev/null | sed -n 's/^ *Candidate: //p')
        sz_sha=$(show_one "$XEN_DEB_PKG" "$hv")
        [ -n "$hv" ] || die "no $ARCH candidate for $XEN_DEB_PKG"
        [ -n "$sz_sha" ] || die "apt-cache show $XEN_DEB_PKG:$ARCH=$hv gave no Size and SHA256"
        echo "xen-deb $XEN_DEB_PKG $hv ${sz_sha#* } ${sz_sha%% *}"
        # The kernel's own headers and kbuild, at the kernel's version (dom0/kmod/build.sh).
        kv=$(awk -v k="$KERNEL_PKG" '$1 == k { print $2; exit }' "$RESOLVED")
        [ -n "$kv" ] || die "no version for $KERNEL_PKG in the resolved closure"
        krel=${KERNEL_PKG#linux-image-}
        for spec in "linux-headers-$krel:$ARCH" "linux-headers-${krel%-*}-common:all" \
            "linux-kbuild-$(echo "$kv" | cut -d. -f1-2):$(dpkg --print-architecture)"; do
            sz_sha=$(apt-cache show "$spec=$kv" 2>/dev/null | awk '
                /^Size:/ && !s { s = $2 } /^SHA256:/ && !h { h = $2 } END { if (s && h) print s, h }')
            [ -n "$sz_sha" ] || die "apt serves no $spec=$kv"
            echo "kmod ${spec%%:*} $kv ${sz_sha#* } ${sz_sha%% *}"
        done
    } >"$new"
    if [ -f "$LOCK" ]; then
        # One line per package whose version (or sha256, or users) changed, was added or removed.
        line=$(awk '
            FNR == NR { if (!/^#/) old[$2] = $0; next }
            !/^#/ { seen[$2] = 1
                    if (!($2 in old)) print "  added   " $2 " " $3 " (" $1 ")"
                    else if (old[$2] != $0) { split(old[$2], o, " ")
                        print "  changed " $2 " " o[3] " -> " $3 (o[3] == $3 ? " (sha256 or users)" : "") } }
            END { for (n in old) if (!(n in seen)) { split(old[n], o, " "); print "  removed " n " " o[3] } }
        ' "$LOCK" "$new" | sort -k2)
        if [ -z "$line" ]; then say "$LOCK: no change"; else say "$LOCK: changes:"; echo "$line"; fi
    else
        say "$LOCK: written ($(grep -vc '^#' "$new") packages)"
    fi
    mv "$new" "$LOCK"
}

if [ $REFRESH = 1 ]; then
    [ $PINNED = 1 ] || die "--refresh pins the defaults: unset DOM0_XEN_VERSION and DOM0_KERNEL_PKG"
    refresh_lock
    exit 0
fi

if [ $PINNED = 1 ]; then
    [ -f "$LOCK" ] || die "$LOCK missing: dom0/build.sh --refresh writes it"
    # The lock's dom0 lines in the resolver's format: no apt query at all.
    RESOLVED=$OUT/resolved-lock.txt
    awk '!/^#/ && ("," $1 ",") ~ /,kernel,/ { print "kernel " $2 }' "$LOCK" >"$RESOLVED.tmp"
    awk '!/^#/ && ("," $1 ",") ~ /,dom0,/ { print $2, $3, $5 }' "$LOCK" >>"$RESOLVED.tmp"
    mv "$RESOLVED.tmp" "$RESOLVED"
elif [ ! -s "$RESOLVED" ]; then
    say "DOM0_XEN_VERSION/DOM0_KERNEL_PKG set: resolving at apt's candidates, NOT from $LOCK"
    rm -f "$OUT"/resolved-[0-9a-f]*.txt
    say "resolving package closure (apt-cache) ..."
    t0=$SECONDS
    resolve
    say "resolved $(($(wc -l <"$RESOLVED") - 1)) packages in $((SECONDS - t0)) s"
fi

KERNEL_PKG=""
declare -A FETCHED=()
deb_of() { # NAME VERSION: apt names the file NAME_VERSION_ARCH.deb with the epoch colon as %3a
    echo "$OUT/debs/${1}_${2//:/%3a}_$ARCH.deb"
}
get=()
get_bytes=0
cached=0
while read -r name v size _; do
    [ "$name" != kernel ] || { KERNEL_PKG=$v; continue; }
    FETCHED[$name]=$v
    if [ -s "$(deb_of "$name" "$v")" ]; then
        cached=$((cached + 1))
    else
        get+=("$name:$ARCH=$v")
        get_bytes=$((get_bytes + ${size:-0}))
    fi
done <"$RESOLVED"
if [ -z "$KERNEL_PKG" ] || [ ${#FETCHED[@]} -eq 0 ]; then
    die "$RESOLVED is malformed (remove it)"
fi

# --- download (one apt-get call) and extraction -------------------------------------------------
if [ ${#get[@]} -gt 0 ]; then
    say "downloading ${#get[@]} packages, $(awk -v b=$get_bytes 'BEGIN { printf "%.1f", b / 1e6 }')" \
        "MB ($cached already cached) ..."
    # Into a scratch directory first, so an interrupted download leaves no truncated .deb behind.
    part=$OUT/debs/partial
    rm -rf "$part"
    mkdir -p "$part"
    if ! (cd "$part" && apt-get download -o APT::Sandbox::User=root "${get[@]}"); then
        # A pinned version Debian no longer serves must stop the build, naming what it serves now.
        for spec in "${get[@]}"; do
            n=${spec%%=*}
            v=${spec#*=}
            # (apt-cache show exits 0 for a version it does not know: look for its stanza)
            apt-cache show "$spec" 2>/dev/null | grep -q '^Package:' ||
                echo "dom0: error: ${n%:"$ARCH"} $v (pinned in $LOCK) is no longer served; apt's" \
                    "candidate now: $(apt-cache policy "$n" 2>/dev/null | sed -n 's/^ *Candidate: //p')" >&2
        done
        die "apt-get download failed (network? apt-get update? a pin no longer served:" \
            "make packages-refresh re-pins and reports the change)"
    fi
    mv "$part"/*.deb "$OUT/debs/"
    rmdir "$part"
else
    say "all ${#FETCHED[@]} packages cached in $OUT/debs"
fi
extract=()
for name in "${!FETCHED[@]}"; do
    deb=$(deb_of "$name" "${FETCHED[$name]}")
    [ -s "$deb" ] || die "download of $name ${FETCHED[$name]} did not produce $deb"
    if [ $PINNED = 1 ]; then
        want=$(awk -v n="$name" '!/^#/ && $2 == n { print $4; exit }' "$LOCK")
        got=$(sha256sum "$deb" | cut -d' ' -f1)
        [ "$got" = "$want" ] ||
            die "$deb: sha256 $got is not the $want $LOCK pins for $name (delete the file to fetch it again)"
    fi
    [ "$(cat "$OUT/pkgs/$name.version" 2>/dev/null)" = "${FETCHED[$name]}" ] || extract+=("$name")
done
if [ ${#extract[@]} -gt 0 ]; then
    say "extracting ${#extract[@]} packages ..."
    for name in "${extract[@]}"; do
        rm -rf "$OUT/pkgs/$name" "$OUT/pkgs/$name.version"
        dpkg-deb -x "$(deb_of "$name" "${FETCHED[$name]}")" "$OUT/pkgs/$name"
        echo "${FETCHED[$name]}" >"$OUT/pkgs/$name.version"
    done
fi

# --- staging tree -------------------------------------------------------------------------------
STAGE="$OUT/stage"
rm -rf "$STAGE"
say "staging initramfs ..."
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
# Every soname an ELF in the stage needs (and, in turn, every library copied for it) is looked up
# in the extracted packages; only the libraries actually needed are copied. The packages are the
# whole Depends closure, so a soname found in none of them is an error, not a reason to ask apt.
LIBDIRS="lib/$TRIPLET usr/lib/$TRIPLET lib usr/lib"

# soname -> file, first match in package-name order, then LIBDIRS order.
declare -A LIBINDEX=()
for pkg in $(printf '%s\n' "${!FETCHED[@]}" | sort); do
    for d in $LIBDIRS; do
        [ -d "$P/$pkg/$d" ] || continue
        for f in "$P/$pkg/$d"/*; do
            [ -e "$f" ] || continue
            so=${f##*/}
            [ -n "${LIBINDEX[$so]:-}" ] || LIBINDEX[$so]=$f
        done
    done
done
find_lib() { # soname -> path of the file in some extracted package
    [ -n "${LIBINDEX[$1]:-}" ] && echo "${LIBINDEX[$1]}"
}

elf_needed() {
    "$READELF" -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

# --- our own programs, compiled against the closure ----------------------------------------------
# xenrtos-init-dom0less replaces Debian's init-dom0less (see XEN_BINS above). Headers from
# libxen-dev, libraries linked by soname from the extracted runtime packages (libxen-dev's .so
# links point into packages it does not contain); --rpath-link lets ld follow their own NEEDED.
# Kept in $OUT and recompiled only when the source, the compiler or the library versions change;
# -s: no symbol table, so the bytes do not depend on the build tree's path.
INIT_DOM0LESS_SONAMES="libxenlight.so.4.17 libxenctrl.so.4.17 libxenguest.so.4.17 libxenstore.so.4
libxenforeignmemory.so.1 libxentoollog.so.1"
build_init_dom0less() {
    local src=$SRC/xenrtos-init-dom0less.c out=$OUT/xenrtos-init-dom0less libs=() so f key
    local rpath=()
    [ -d "$P/libxen-dev/usr/include" ] || die "libxen-dev not extracted (its headers are needed)"
    for so in $INIT_DOM0LESS_SONAMES; do
        f=$(find_lib "$so") || die "$so (for xenrtos-init-dom0less) is in none of the packages"
        libs+=("$f")
    done
    for f in "$P"/*/usr/lib/"$TRIPLET" "$P"/*/lib/"$TRIPLET"; do
        if [ -d "$f" ]; then rpath+=("-Wl,--rpath-link=$f"); fi
    done
    key=$( (
        sha256sum "$src"
        "$CC" --version | head -n 1
        echo "${FETCHED[libxen-dev]} ${FETCHED[libxenmisc4.17]}"
    ) | sha256sum | cut -d' ' -f1)
    if [ ! -s "$out" ] || [ "$(cat "$out.sum" 2>/dev/null)" != "$key" ]; then
        say "compiling xenrtos-init-dom0less"
        "$CC" -O2 -Wall -Wextra -Werror -s -I"$P/libxen-dev/usr/include" -o "$out.tmp" "$src" \
            "${libs[@]}" "${rpath[@]}" || die "compiling $src failed"
        mv "$out.tmp" "$out"
        echo "$key" >"$out.sum"
    fi
    install -m 0755 "$out" "$STAGE/usr/sbin/xenrtos-init-dom0less"
}
build_init_dom0less

# glibc loads libgcc_s with dlopen (pthread_cancel, unwinding: xl aborts without it), so no
# NEEDED entry names it.
DLOPEN_SONAMES="libgcc_s.so.1"

declare -A COPIED=() MISSING=()
mapfile -t work < <(
    find "$STAGE" -type f -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print | sort
    echo dlopen
)
i=0
while [ $i -lt ${#work[@]} ]; do
    elf=${work[$i]}
    i=$((i + 1))
    if [ "$elf" = dlopen ]; then sonames=$DLOPEN_SONAMES; else sonames=$(elf_needed "$elf"); fi
    for so in $sonames; do
        [ -z "${COPIED[$so]:-}" ] || continue
        if src=$(find_lib "$so"); then
            rel=${src#"$P"/*/}
            mkdir -p "$STAGE/$(dirname "$rel")"
            cp -L "$src" "$STAGE/$rel"
            chmod 0755 "$STAGE/$rel"
            COPIED[$so]=$rel
            work+=("$STAGE/$rel")
        else
            MISSING[$so]="${MISSING[$so]:-} ${elf#"$STAGE"/}"
        fi
    done
done
if [ ${#MISSING[@]} -gt 0 ]; then
    for so in $(printf '%s\n' "${!MISSING[@]}" | sort); do
        echo "dom0: error: $so (needed by${MISSING[$so]/ dlopen/ glibc (dlopen)}) is in none" \
            "of the packages" >&2
    done
    die "unresolved shared libraries: $(printf '%s\n' "${!MISSING[@]}" | sort | xargs)" \
        "(no package's Depends lead to them: add their package to the roots in $0)"
fi
say "libraries: ${#COPIED[@]} copied"

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
say "Image $KREL; initramfs from $(grep -c '^package' "$OUT/manifest.txt") packages" \
    "(list: $OUT/manifest.txt)"
