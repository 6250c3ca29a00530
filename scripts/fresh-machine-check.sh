#!/usr/bin/env bash
# Checks that the README's Quick start works on a fresh Debian 12 machine: builds a minimal
# bookworm root with debootstrap (cached), copies a clean clone of HEAD into it and runs, in a
# chroot, exactly what the README tells a new user to run. Slow (mostly `make test`); not for
# every CI run. Needs root (debootstrap, chroot, mounts). See `--help` and README.md.
# cleanup and on_signal run from traps, which shellcheck 0.9 takes for unreachable code.
# shellcheck disable=SC2317
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/fresh-machine-check.sh [--keep] [--rebuild-base] [--until STEP] [-h]

Runs the README's Quick start on a fresh Debian 12 (bookworm, amd64) root, as a new user would:
  1. a pristine root: debootstrap --variant=minbase (cached in $BUILD/fresh/bookworm-minbase.tar,
     so a rerun does not download it again; every run unpacks it anew), Debian's standard apt
     sources (bookworm, bookworm-updates, bookworm-security main), the host's /etc/resolv.conf
  2. a clean clone of HEAD (committed files only, not the working tree) in /root/xenrtos
  3. in a chroot (/proc, /sys, /dev, /dev/pts, /dev/shm mounted; all unmounted on exit, also on
     failure or CTRL-C), as root, HOME=/root, LANG=C.UTF-8, DEBIAN_FRONTEND=noninteractive:
       apt-get update && apt-get install -y make git     (the README's prerequisite line)
       make test
       make run     (stdin /dev/null, output to a log; passes once the RTOS banner and the
                     demo's counters appear, then QEMU is stopped; fails after RUN_TIMEOUT s)
Prints each command's wall time and a summary table; exits 1 if a command failed, 130 when
interrupted. Logs: $BUILD/fresh/logs/. Takes about 11 minutes on 2 cores, most of it `make test`
(a first run also spends about a minute on debootstrap). Nothing is left running or mounted.

options:
  --keep           leave the root ($BUILD/fresh/root) for inspection (it is unmounted anyway;
                   the next run deletes it)
  --rebuild-base   run debootstrap again instead of using the cached base
  --until STEP     stop after STEP: base, clone, prereq, setup (runs `make setup` after the
                   prerequisite line: checks the chroot, apt sources and network in minutes), test
  -h, --help       this text

environment: BUILD (default build, in the repository), RUN_TIMEOUT (seconds for `make run`,
             default 300), MIRROR (default http://deb.debian.org/debian)
EOF
}

KEEP=0
REBUILD_BASE=0
UNTIL=""
while [ $# -gt 0 ]; do
    case $1 in
        --keep) KEEP=1 ;;
        --rebuild-base) REBUILD_BASE=1 ;;
        --until)
            [ $# -ge 2 ] || { echo "fresh: --until needs a step" >&2; exit 2; }
            UNTIL=$2
            shift
            ;;
        --until=*) UNTIL=${1#--until=} ;;
        -h | --help) usage; exit 0 ;;
        *) echo "fresh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
case $UNTIL in
    "" | base | clone | prereq | setup | test) ;;
    *) echo "fresh: --until: one of base, clone, prereq, setup, test" >&2; exit 2 ;;
esac

# The line the README's Quick start tells a user to run before `make` (as root: no sudo; keep the
# two in step).
PREREQ='apt-get update && apt-get install -y make git'
SUITE=bookworm
VARIANT=minbase
MIRROR=${MIRROR:-http://deb.debian.org/debian}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
RUN_EXPECT=('DOM1: xenrtos' 'demo: thread 1 counter')
CHROOT_ENV=(env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb LANG=C.UTF-8
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    DEBIAN_FRONTEND=noninteractive)

die() { echo "fresh: error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mount): sudo $0"
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] || die "needs a Debian amd64 host"
case $RUN_TIMEOUT in '' | *[!0-9]*) die "RUN_TIMEOUT must be a number of seconds" ;; esac

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$REPO/$BUILD ;; esac
mkdir -p "$BUILD/fresh"
FRESH=$(realpath "$BUILD/fresh") # canonical: compared with /proc/*/root and mount points
case $FRESH in *[[:space:]]*) die "$FRESH: no white space in the path, please" ;; esac
ROOT=$FRESH/root
LOGS=$FRESH/logs
BASE_TAR=$FRESH/$SUITE-$VARIANT.tar

# One run at a time per directory (cleanup stops every process that runs inside it).
exec 9>"$FRESH/lock"
flock -n 9 || die "another fresh-machine check is using $FRESH"

# ---- steps, timing, summary

STEP_NAMES=()
STEP_STATUS=()
STEP_USEC=()
CUR_PID=""      # the running step's process group (its leader's pid)
CUR_NAME=""     # and its name and start time, for the summary when interrupted
CUR_T0=0
T_START=${EPOCHREALTIME/./}
COMMIT=""
INTERRUPTED=0

fmt_usec() {
    local s=$(($1 / 1000000))
    if [ "$s" -lt 60 ]; then
        printf '%d.%ds' "$s" $((($1 / 100000) % 10))
    else
        printf '%dm%02ds' $((s / 60)) $((s % 60))
    fi
}

record() { # NAME STATUS USEC
    STEP_NAMES+=("$1")
    STEP_STATUS+=("$2")
    STEP_USEC+=("$3")
    echo "== $1: $2 ($(fmt_usec "$3"))"
}

log_for() { # NAME: the next step's log file
    local slug
    slug=$(printf '%s' "$1" | tr -cs 'A-Za-z0-9' '-' | cut -c1-40)
    printf '%s/%02d-%s.log' "$LOGS" $((${#STEP_NAMES[@]} + 1)) "${slug%-}"
}

# run_step NAME CMD...: runs CMD in a process group of its own (so that it can be stopped as a
# whole), stdin /dev/null, output to the terminal and to a log; records its wall time.
run_step() {
    local name=$1 log t0 rc=0
    shift
    log=$(log_for "$name")
    echo "== $name"
    echo "   log: ${log#"$REPO"/}"
    t0=${EPOCHREALTIME/./}
    CUR_NAME=$name
    CUR_T0=$t0
    # shellcheck disable=SC2016 # expanded by the inner shell
    LOG=$log setsid bash -c 'set -o pipefail; "$@" </dev/null 2>&1 | tee "$LOG"' step "$@" &
    CUR_PID=$!
    wait "$CUR_PID" || rc=$?
    CUR_PID=""
    if [ "$rc" -eq 0 ]; then
        record "$name" ok $((${EPOCHREALTIME/./} - t0))
    else
        record "$name" "FAIL ($rc)" $((${EPOCHREALTIME/./} - t0))
    fi
    return "$rc"
}

in_chroot() { # the command line for a shell command run in the clone, in the chroot
    printf '%s\0' "${CHROOT_ENV[@]}" chroot "$ROOT" /bin/bash -lc "cd /root/xenrtos && $1"
}

chroot_step() { # NAME SHELL-COMMAND
    local -a cmd
    mapfile -d '' cmd < <(in_chroot "$2")
    run_step "$1" "${cmd[@]}"
}

# ---- processes and mounts under $FRESH

fresh_pids() { # processes whose root directory is under $FRESH (chroot or debootstrap target)
    local p r
    for p in /proc/[0-9]*; do
        r=$(readlink "$p/root" 2>/dev/null) || continue
        case $r in "$FRESH" | "$FRESH"/*) echo "${p#/proc/}" ;; esac
    done
}

fresh_mounts() { # mount points under $FRESH, innermost (most recent) first
    awk -v d="$FRESH/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | tac
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

stop_group() { # PGID: SIGTERM, up to 10 s, then SIGKILL
    local i
    group_alive "$1" || return 0
    kill -TERM -- "-$1" 2>/dev/null || true
    for i in $(seq 50); do
        group_alive "$1" || return 0
        sleep 0.2
    done
    kill -KILL -- "-$1" 2>/dev/null || true
    sleep 0.5
}

stop_fresh_pids() { # anything still running in the chroot (by pid, nothing else)
    local pids i
    pids=$(fresh_pids)
    [ -n "$pids" ] || return 0
    echo "fresh: stopping processes left in $FRESH: $(echo "$pids" | tr '\n' ' ')" >&2
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for i in $(seq 50); do
        [ -n "$(fresh_pids)" ] || return 0
        sleep 0.2
    done
    pids=$(fresh_pids)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    sleep 0.5
}

unmount_fresh() { # returns 1 if anything stays mounted
    local m pass
    for pass in 1 2 3; do
        [ -n "$(fresh_mounts)" ] || return 0
        while read -r m; do
            umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
                echo "fresh: cannot unmount $m" >&2
        done < <(fresh_mounts)
        [ "$pass" -eq 1 ] || sleep 1
    done
    [ -z "$(fresh_mounts)" ]
}

safe_rm() { # DIR: deleted only with nothing mounted below it, never crossing file systems
    [ -e "$1" ] || return 0
    if awk -v d="$1/" 'index($5, d) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        die "$1 has mounts below it; not deleting it"
    fi
    rm -rf --one-file-system "$1"
}

mount_chroot() {
    # /sys and /dev are read-only binds: the chroot still uses the device nodes, but nothing in
    # it (nor an `rm -rf build` on the host while it runs) can delete the host's /dev entries.
    mount -t proc proc "$ROOT/proc"
    mount --bind /sys "$ROOT/sys"
    mount -o remount,bind,ro "$ROOT/sys"
    mount --bind /dev "$ROOT/dev"
    mount -o remount,bind,ro "$ROOT/dev"
    mount --bind /dev/pts "$ROOT/dev/pts"
    mount -t tmpfs -o mode=1777,nosuid,nodev shm "$ROOT/dev/shm"
}

summary() {
    local i total=$((${EPOCHREALTIME/./} - T_START))
    [ ${#STEP_NAMES[@]} -gt 0 ] || return 0
    echo
    echo "== fresh-machine check summary${COMMIT:+ (commit ${COMMIT:0:12})}"
    printf '  %-48s %-16s %s\n' step status "wall time"
    for i in "${!STEP_NAMES[@]}"; do
        printf '  %-48s %-16s %s\n' "${STEP_NAMES[$i]}" "${STEP_STATUS[$i]}" "$(fmt_usec "${STEP_USEC[$i]}")"
    done
    printf '  %-48s %-16s %s\n' total "" "$(fmt_usec "$total")"
    echo "  logs: ${LOGS#"$REPO"/}/"
}

cleanup() {
    local rc=$? left
    set +e
    trap - EXIT INT TERM HUP
    [ "$INTERRUPTED" = 0 ] || rc=130
    if [ -n "$CUR_PID" ]; then
        stop_group "$CUR_PID"
        record "$CUR_NAME" INTERRUPTED $((${EPOCHREALTIME/./} - CUR_T0)) >/dev/null
    fi
    stop_fresh_pids
    if ! unmount_fresh; then
        echo "fresh: error: still mounted under $FRESH:" >&2
        fresh_mounts >&2
        rc=1
    fi
    left=$(fresh_pids)
    if [ -n "$left" ]; then
        echo "fresh: error: processes still running in $FRESH: $left" >&2
        rc=1
    fi
    if [ -d "$ROOT" ]; then
        if [ "$KEEP" = 1 ]; then
            echo "fresh: root kept for inspection: ${ROOT#"$REPO"/} (the next run deletes it)"
        elif [ -z "$(fresh_mounts)" ]; then
            rm -rf --one-file-system "$ROOT"
        fi
    fi
    rm -rf --one-file-system "$FRESH/base.tmp" 2>/dev/null
    rm -f "$BASE_TAR.tmp"
    summary
    for s in "${STEP_STATUS[@]}"; do [ "$s" = ok ] || [ "$rc" -ne 0 ] || rc=1; done
    exit "$rc"
}

on_signal() {
    echo "fresh: interrupted ($1), cleaning up" >&2
    INTERRUPTED=1
    exit 130
}

trap cleanup EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

# ---- start clean: nothing left from an earlier run

stop_fresh_pids
unmount_fresh || die "cannot unmount what an earlier run left under $FRESH"
safe_rm "$ROOT"
safe_rm "$FRESH/base.tmp"
safe_rm "$LOGS"
mkdir -p "$LOGS"

# ---- 1. the base system, cached

if ! command -v debootstrap >/dev/null; then
    run_step "apt-get install debootstrap (host)" env DEBIAN_FRONTEND=noninteractive bash -c \
        'apt-get install -y -q debootstrap || { apt-get update -q && apt-get install -y -q debootstrap; }' ||
        exit 1
fi

base_info="suite=$SUITE variant=$VARIANT arch=amd64 mirror=$MIRROR"
if [ "$REBUILD_BASE" = 1 ] || [ ! -f "$BASE_TAR" ] || [ "$(head -n1 "$BASE_TAR.info" 2>/dev/null)" != "$base_info" ]; then
    # Built beside the old one, which stays until the new one is complete.
    tmp=$FRESH/base.tmp
    mkdir -p "$tmp"
    keyring=()
    [ ! -f /usr/share/keyrings/debian-archive-keyring.gpg ] ||
        keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
    run_step "debootstrap $SUITE ($VARIANT)" \
        debootstrap --variant="$VARIANT" --arch=amd64 "${keyring[@]}" "$SUITE" "$tmp" "$MIRROR" ||
        exit 1
    unmount_fresh || die "debootstrap left mounts under $tmp"
    # Debian's standard sources, as a stock bookworm install has them (deb822 form).
    rm -f "$tmp/etc/apt/sources.list"
    cat >"$tmp/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    rm -rf "$tmp"/var/cache/apt/archives/*.deb "$tmp"/var/lib/apt/lists/* "$tmp/etc/resolv.conf"
    tar --numeric-owner --xattrs -C "$tmp" -cf "$BASE_TAR.tmp" .
    mv -f "$BASE_TAR.tmp" "$BASE_TAR"
    printf '%s\n%s\n' "$base_info" "built $(date -u +%Y-%m-%dT%H:%MZ)" >"$BASE_TAR.info"
    safe_rm "$tmp"
else
    echo "== debootstrap: cached ${BASE_TAR#"$REPO"/} ($(sed -n 2p "$BASE_TAR.info"); --rebuild-base for a new one)"
fi

t0=${EPOCHREALTIME/./}
mkdir -p "$ROOT"
tar --numeric-owner --xattrs -xpf "$BASE_TAR" -C "$ROOT"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
# No daemon that a package installs is started in the chroot (the usual chroot policy).
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"
mkdir -p "$ROOT/tmp" "$ROOT/root"
chmod 1777 "$ROOT/tmp"
record "pristine root (unpack the base)" ok $((${EPOCHREALTIME/./} - t0))
[ "$UNTIL" != base ] || exit 0

# ---- 2. a clean clone of HEAD

COMMIT=$(git -C "$REPO" rev-parse HEAD)
echo "== commit $COMMIT: $(git -C "$REPO" log -1 --format=%s HEAD)"
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    echo "   note: uncommitted changes in $REPO are not part of this check (clean clone of HEAD)"
fi
t0=${EPOCHREALTIME/./}
git clone -q --no-hardlinks "$REPO" "$ROOT/root/xenrtos"
if [ "$(git -C "$ROOT/root/xenrtos" rev-parse HEAD)" != "$COMMIT" ]; then
    git -C "$ROOT/root/xenrtos" checkout -q --detach "$COMMIT"
fi
record "git clone (HEAD ${COMMIT:0:12})" ok $((${EPOCHREALTIME/./} - t0))
[ "$UNTIL" != clone ] || exit 0

# ---- 3. the README's commands, in the chroot

mount_chroot

chroot_step "$PREREQ" "$PREREQ" || exit 1
[ "$UNTIL" != prereq ] || exit 0

if [ "$UNTIL" = setup ]; then
    chroot_step "make setup" "make setup" || exit 1
    exit 0
fi

test_rc=0
chroot_step "make test" "make test" || test_rc=$?
[ "$UNTIL" != test ] || exit "$test_rc"

# make run boots QEMU on the terminal and never exits: watch its log for the banner and the
# demo's counters, then stop its whole process group.
name="make run (until banner + counters, ${RUN_TIMEOUT} s max)"
log=$(log_for "make run")
echo "== make run"
echo "   log: ${log#"$REPO"/}"
mapfile -d '' cmd < <(in_chroot "make run")
t0=${EPOCHREALTIME/./}
CUR_NAME=$name
CUR_T0=$t0
setsid "${cmd[@]}" </dev/null >"$log" 2>&1 &
CUR_PID=$!
status=""
while [ -z "$status" ]; do
    sleep 2
    seen=0
    for re in "${RUN_EXPECT[@]}"; do grep -qF -- "$re" "$log" && seen=$((seen + 1)); done
    if [ "$seen" -eq ${#RUN_EXPECT[@]} ]; then
        status=ok
    elif ! kill -0 "$CUR_PID" 2>/dev/null; then
        status="FAIL (exited)"
    elif [ $((${EPOCHREALTIME/./} - t0)) -ge $((RUN_TIMEOUT * 1000000)) ]; then
        status="FAIL (timeout)"
    fi
done
usec=$((${EPOCHREALTIME/./} - t0))
stop_group "$CUR_PID"
wait "$CUR_PID" 2>/dev/null || true
CUR_PID=""
stop_fresh_pids # nothing (no qemu-system-aarch64) may outlive the check
for re in "${RUN_EXPECT[@]}"; do
    grep -m1 -F -- "$re" "$log" | sed 's/^/   /' || echo "   missing: $re"
done
[ "$status" = ok ] || tail -n 30 "$log" | sed 's/^/   | /'
record "$name" "$status" "$usec"
[ "$status" = ok ] && [ "$test_rc" -eq 0 ] || exit 1
exit 0
