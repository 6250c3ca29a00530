"""Boot a configuration in QEMU and watch its serial console (used by tools/run and tests/qemu):
under Xen, or bare metal (BARE_METAL=1: QEMU boots the RTOS image itself).

The serial line is QEMU's stdout. In batch mode QEMU's stdin is /dev/null, its output is read line
by line, copied to our stdout and/or a log file, and matched against regexes. QEMU is always
stopped by its own PID (never by name: other QEMUs may run on the machine).
"""

import hashlib
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

import bootcfg

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_dir():
    b = os.environ.get("BUILD", "build")
    return b if os.path.isabs(b) else os.path.join(ROOT, b)


def default_xen():
    """XEN=deb selects Debian's prebuilt hypervisor (deb-4.20: Debian 13's Xen 4.20), otherwise
    the one built from source."""
    xen = os.environ.get("XEN", "src")
    if xen in ("deb", "deb-4.20"):
        return os.path.join(build_dir(), "xen-" + xen, "xen")
    return os.path.join(build_dir(), "xen", "xen")


def load_config(path, overrides=(), check_files=True):
    """Parses `path`, applies KEY=value / KEY[N]=value overrides (a config made on the fly)."""
    real = path if os.path.isabs(path) or os.path.exists(path) else os.path.join(ROOT, path)
    values = bootcfg.parse_file(real)
    if overrides:
        text = "\n".join(overrides) + "\n"
        extra = bootcfg.parse_file("<override>", text)
        values.update(extra)
    cfg = bootcfg.Config(real, ROOT, values, check_files)
    if overrides:
        # Keep the generated tree of a variant apart from the plain configuration's.
        cfg.name += "-" + hashlib.sha256("\n".join(overrides).encode()).hexdigest()[:8]
    return cfg


def prepare(cfg, xen=None):
    """Generates the device tree; returns the QEMU command line (list). Bare metal (BARE_METAL=1):
    nothing to generate, no Xen: QEMU boots the image with its own tree."""
    if cfg.bare:
        return cfg.qemu_args(None, None)
    xen = xen or default_xen()
    if not os.path.isfile(xen):
        raise bootcfg.ConfigError("%s: no Xen image; run `make xen` (or `XEN=deb make xen`)" % xen)
    dtb = bootcfg.generate(cfg, os.path.join(build_dir(), "dt"))
    return cfg.qemu_args(xen, dtb)


def header(cfg, cmd):
    return "run: %s (%s)\n%s\nrun: %s\n" % (
        os.path.relpath(cfg.path, ROOT), "%sGICv%d, %d CPU, %d MB" % (
            "bare metal, " if cfg.bare else "", cfg.gic, cfg.cpus, cfg.mem_mb),
        cfg.layout(), " ".join(cmd))


class Result:
    def __init__(self, status, detail, log):
        self.status = status  # "match", "timeout", "exit", "forbidden", "seconds"
        self.detail = detail
        self.log = log

    @property
    def ok(self):
        return self.status in ("match", "seconds")


def stop(proc):
    """Stops QEMU by PID: SIGTERM, then SIGKILL if it lingers. QEMU was started in a session of
    its own, so its process group (pgid = its PID) holds only what we started."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


def watch(cmd, expect=(), ordered=True, forbid=(), timeout=60.0, seconds=None, echo=True,
          logfile=None, on_line=None, monitor=(), qmp_path=None):
    """Runs QEMU in batch mode.

    expect:  regexes that must all appear (in this order if `ordered`), then we stop: "match".
    forbid:  regexes that end the run at once: "forbidden".
    timeout: hang detector; "timeout" if the expected lines have not all appeared by then.
    seconds: run this long and stop ("seconds"), unless a forbidden line appears first.
    on_line: optional callback(line) -> None | (status, detail) to end the run early.
    monitor: [(regex, command)]: when a console line matches regex, send `command` to QEMU's
             monitor (QMP human-monitor-command) and add its answer to the console stream as
             "monitor: <command>: <output>" (output lines joined by " | "), where expect and
             forbid see it. A command is sent once per matching line, in the order listed.
    qmp_path: the QMP socket (-qmp is added to the command line); default: beside the log.
    """
    exp = [re.compile(e) for e in expect]
    fb = [re.compile(f) for f in forbid]
    pending = list(range(len(exp)))
    log = []
    # Written under a temporary name and renamed at the end: another run of the same case (another
    # developer, same tree) then cannot interleave with this one in the file.
    tmplog = "%s.%d.tmp" % (logfile, os.getpid()) if logfile else None
    lf = open(tmplog, "w", encoding="utf-8", errors="replace") if logfile else None
    mon = [(re.compile(r), c) for r, c in monitor]
    qmp = None
    qmp_dir = None
    if mon or qmp_path:
        if qmp_path is None:
            # A short private path: QEMU's option syntax takes no ',' or '=' in it, and a unix
            # socket's path is at most 107 bytes.
            qmp_dir = tempfile.mkdtemp(prefix="xenrtos-qmp-")
            qmp_path = os.path.join(qmp_dir, "qmp")
        elif os.path.exists(qmp_path):
            os.unlink(qmp_path)
        cmd = cmd + ["-qmp", "unix:%s,server=on,wait=off" % qmp_path]
    proc = subprocess.Popen(cmd + ["-nographic"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    limit = time.monotonic() + (seconds if seconds is not None else timeout)
    buf = b""
    result = None

    def ask_monitor(command):
        nonlocal qmp
        import qmp as qmplib  # tools/qmp.py, only when a case talks to the monitor
        try:
            if qmp is None:
                qmp = qmplib.Qmp(qmp_path)
            out = qmp.hmp(command)
        except qmplib.QmpError as e:
            out = "ERROR %s" % e
        return " | ".join(x.strip() for x in out.strip().splitlines()) or "(no output)"

    def line_done(raw, synthetic=False):
        nonlocal result
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n").replace("\r", "")
        log.append(line)
        if echo:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        if lf:
            lf.write(line + "\n")
            lf.flush()
        for f in fb:
            if f.search(line):
                result = Result("forbidden", "forbidden line /%s/: %s" % (f.pattern, line), log)
                return
        if on_line:
            r = on_line(line)
            if r:
                result = Result(r[0], r[1], log)
                return
        if pending and ordered:
            if exp[pending[0]].search(line):
                pending.pop(0)
        elif pending:
            pending[:] = [k for k in pending if not exp[k].search(line)]
        if exp and not pending and seconds is None:
            result = Result("match", "all %d expected lines seen" % len(exp), log)
        if not synthetic and result is None:
            for rx, command in mon:
                if rx.search(line):
                    line_done(("monitor: %s: %s" % (command, ask_monitor(command))).encode(), True)
                    if result is not None:
                        return

    try:
        fd = proc.stdout.fileno()
        while result is None:
            left = limit - time.monotonic()
            if left <= 0:
                if seconds is not None:
                    result = Result("seconds", "ran %g s" % seconds, log)
                else:
                    missing = ", ".join("/%s/" % exp[k].pattern for k in pending)
                    result = Result("timeout", "timeout after %g s waiting for %s" % (timeout, missing),
                                    log)
                break
            r, _, _ = select.select([fd], [], [], min(left, 0.5))
            if not r:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                if buf:
                    line_done(buf)
                    buf = b""
                if result is None:
                    proc.wait()
                    result = Result("exit", "QEMU exited (status %d) before the expected output"
                                    % proc.returncode, log)
                break
            buf += chunk
            while b"\n" in buf and result is None:
                raw, buf = buf.split(b"\n", 1)
                line_done(raw)
    finally:
        if qmp is not None:
            qmp.close()
        stop(proc)
        if qmp_path and os.path.exists(qmp_path):
            os.unlink(qmp_path)
        if qmp_dir:
            os.rmdir(qmp_dir)
        if lf:
            lf.close()
            os.replace(tmplog, logfile)
    return result
