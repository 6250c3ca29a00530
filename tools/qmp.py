#!/usr/bin/env python3
"""A QEMU Machine Protocol client (QMP, docs/interop/qmp-spec in QEMU's source): what a test
needs to act on the machine from outside the guest.

  tools/qmp.py SOCKET 'xp /1wx 0x090303fc'      a human-monitor command; prints its output
  tools/qmp.py SOCKET --qmp system_powerdown   a QMP command; prints its JSON return value

SOCKET is the unix socket of a QEMU started with -qmp unix:SOCKET,server=on,wait=off
(`tools/run --qmp SOCKET` adds it). Exit status 1 when QEMU answers with an error.
"""

import json
import socket
import sys
import time


class QmpError(Exception):
    pass


class Qmp:
    def __init__(self, path, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(path)
                break
            except OSError as e:
                self.sock.close()
                # QEMU creates the socket while it starts: wait for it a little.
                if time.monotonic() > deadline:
                    raise QmpError("cannot connect to %s: %s" % (path, e.strerror)) from None
                time.sleep(0.1)
        self.sock.settimeout(timeout)
        self.buf = b""
        greeting = self._read()
        if "QMP" not in greeting:
            raise QmpError("not a QMP greeting: %r" % greeting)
        self.command("qmp_capabilities")

    def _read(self):
        while b"\n" not in self.buf:
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise QmpError("QEMU did not answer in time") from None
            if not chunk:
                raise QmpError("QEMU closed the monitor connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            raise QmpError("not JSON from QEMU: %r" % line[:200]) from None

    def command(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self._read()
            if "event" in r:
                continue  # asynchronous events (POWERDOWN, ...) are not our answer
            if "error" in r:
                raise QmpError("%s: %s" % (name, r["error"].get("desc", r["error"])))
            if "return" in r:
                return r["return"]

    def hmp(self, line):
        """A human-monitor command line; its output text."""
        return self.command("human-monitor-command", **{"command-line": line})

    def close(self):
        self.sock.close()


def main():
    args = sys.argv[1:]
    if len(args) < 2 or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if args and args[0] in ("-h", "--help") else 2
    path = args[0]
    try:
        q = Qmp(path)
        if args[1] == "--qmp":
            print(json.dumps(q.command(args[2])))
        else:
            sys.stdout.write(q.hmp(" ".join(args[1:])))
        q.close()
    except QmpError as e:
        print("qmp: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
