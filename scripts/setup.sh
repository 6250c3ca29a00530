#!/usr/bin/env bash
# Installs, from Debian's packages only, everything xenrtos needs to build, boot and test.
# Idempotent: says what it installs, installs only what is missing, uses sudo when not root.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Host (amd64) packages: cross compiler, QEMU, dtc, Xen headers, cmocka, debugger, analysis.
HOST_PKGS=(
  make gcc libc6-dev python3 bison flex dpkg-dev cpio
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
  qemu-system-arm device-tree-compiler
  libxen-dev libcmocka-dev libfdt-dev
  gdb-multiarch cppcheck clang-format clang-tidy
  # make fuzz: clang 14 with libFuzzer's runtime (libclang-rt-14-dev ships
  # libclang_rt.fuzzer-x86_64.a); the config parser's property test (tools/tests).
  clang-14 libclang-rt-14-dev python3-hypothesis
  # Debian's xen source package calls lsb_release while building the hypervisor (its banner
  # patch: "Xen version 4.17.5 (Debian ...)"); one of its Build-Depends.
  lsb-release
)

missing=()
for p in "${HOST_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

need_update=0
# deb-src entry: Xen and dtc (libfdt) are built from Debian's source packages.
SRC_LIST=/etc/apt/sources.list.d/xenrtos-deb-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  echo "setup: adding a deb-src entry for bookworm ($SRC_LIST)"
  $SUDO tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi
# arm64 packages (prebuilt Xen, dom0 kernel, busybox) come through multiarch.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "setup: enabling the arm64 architecture (dpkg --add-architecture arm64)"
  $SUDO dpkg --add-architecture arm64
  need_update=1
fi
stamp=/var/lib/apt/periodic/xenrtos-update-stamp
if [ "$need_update" = 1 ] || [ ${#missing[@]} -gt 0 ] || [ ! -e "$stamp" ]; then
  echo "setup: apt-get update"
  $SUDO apt-get update -q >/dev/null
  $SUDO mkdir -p "$(dirname "$stamp")" && $SUDO touch "$stamp"
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all host packages present"
