#!/usr/bin/env bash
# Builds the Linux dom0 from Debian arm64 packages alone:
#   build/dom0/Image               Debian's arm64 kernel (an uncompressed arm64 Image)
#   build/dom0/initramfs.cpio.gz   busybox, the Xen modules, Xen's userspace and its libraries
# The package closure is resolved in one pass (three apt-cache calls) and fetched with one
# `apt-get download` (multiarch arm64 must be enabled: scripts/setup.sh); the .debs are cached in
# build/dom0/debs and nothing is asked of apt or rebuilt when no input changed.
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
        print(name, chosen[name], stanzas[name][chosen[name]].get("Size", "0"))
EOF

# resolve: writes "kernel NAME" and "NAME VERSION SIZE" lines to $RESOLVED.
resolve() {
    local tmp=$OUT/resolve.tmp kroot names out round=1
    rm -rf "$tmp"
    mkdir -p "$tmp"
    kroot=${DOM0_KERNEL_PKG:-linux-image-$ARCH}
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances "$kroot:$ARCH" busybox-static:$ARCH xen-utils-4.17:$ARCH \
        xenstore-utils:$ARCH socat:$ARCH >"$tmp/depends" 2>"$tmp/err" ||
        die "apt-cache depends failed: $(cat "$tmp/err")"
    KERNEL_PKG=${DOM0_KERNEL_PKG:-$(awk -v meta="$kroot:$ARCH" '
        $0 == meta { b = 1; next }
        /^[^ ]/ { b = 0 }
        b && /^ *Depends: linux-image-/ { sub(/^ *Depends: /, ""); sub(/:.*/, ""); print; exit }
    ' "$tmp/depends")}
    [ -n "$KERNEL_PKG" ] || die "cannot resolve linux-image-$ARCH (apt-get update?)"
    ROOTS=("$KERNEL_PKG" busybox-static "xen-utils-4.17=$DOM0_XEN_VERSION"
        "xenstore-utils=$DOM0_XEN_VERSION" socat)

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
if [ ! -s "$RESOLVED" ]; then
    rm -f "$OUT"/resolved-*.txt
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
while read -r name v size; do
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
    (cd "$part" && apt-get download -o APT::Sandbox::User=root "${get[@]}") ||
        die "apt-get download failed (network? apt-get update?)"
    mv "$part"/*.deb "$OUT/debs/"
    rmdir "$part"
else
    say "all ${#FETCHED[@]} packages cached in $OUT/debs"
fi
extract=()
for name in "${!FETCHED[@]}"; do
    deb=$(deb_of "$name" "${FETCHED[$name]}")
    [ -s "$deb" ] || die "download of $name ${FETCHED[$name]} did not produce $deb"
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
