#!/usr/bin/env python3
"""Drive apps/tests/uart-echo: boot it (tools/run's layout, GIC version from argv), switch Xen's
console input to the domain (CTRL-a three times), type "hello" and "ping", and require the
domain's echo of both lines and its TEST uart-rx PASS. The harness's case format cannot type, so
this small driver does; it exits 0 on success. QEMU is stopped by its PID.

  apps/tests/uart-echo/run.py [GIC_VERSION]
"""
import os
import re
import select
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
gic = sys.argv[1] if len(sys.argv) > 1 else "3"
dry = subprocess.run([os.path.join(ROOT, "tools", "run"), "--set", "GIC_VERSION=" + gic,
                      "--set", "DOMU_KERNEL[0]=build/aarch64/uart-echo.img", "--dry-run"],
                     cwd=ROOT, capture_output=True, text=True, check=True).stdout
cmd = [l for l in dry.splitlines() if l.startswith("run: qemu-system")][0][5:].split()
proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT)
log, buf, sent, ok = [], b"", 0, False
# Once input goes to the domain, Xen drops the "DOM1: " prefix of its output.
want = [r"\(XEN\) (DOM1: )?echo: hello$", r"\(XEN\) (DOM1: )?echo: ping$",
        r"\(XEN\) (DOM1: )?TEST uart-rx PASS"]
deadline = time.time() + 90
try:
    while time.time() < deadline and want:
        r, _, _ = select.select([proc.stdout], [], [], 0.5)
        if r:
            data = os.read(proc.stdout.fileno(), 4096)
            if not data:
                break
            buf += data
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                line = raw.decode(errors="replace").rstrip("\r")
                log.append(line)
                if want and re.search(want[0], line):
                    want.pop(0)
                if "DOM1: echo: ready" in line and sent == 0:
                    # QEMU -nographic takes CTRL-a itself: CTRL-a CTRL-a sends one to Xen.
                    proc.stdin.write(b"\x01\x01" * 3)
                    proc.stdin.flush()
                    time.sleep(1)
                    for text in (b"hello\r", b"ping\r"):
                        for ch in text:  # one at a time: the emulated FIFO is small
                            proc.stdin.write(bytes([ch]))
                            proc.stdin.flush()
                            time.sleep(0.05)
                    sent = 1
    ok = not want
finally:
    proc.kill()
    proc.wait()
if not ok:
    print("\n".join(log[-40:]))
    print("uart-echo: FAIL, still waiting for %s" % want)
    sys.exit(1)
print("\n".join(l for l in log if "echo" in l or "TEST" in l))
print("uart-echo: PASS (GICv%s)" % gic)
