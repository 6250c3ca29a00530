#!/usr/bin/env python3
"""Write a newc cpio archive (the format the Linux kernel unpacks as an initramfs).

Usage: mkcpio.py STAGING_DIR OUT.cpio [--nod PATH MODE MAJOR MINOR]...

Why not GNU cpio: device nodes (/dev/console must exist before /init runs, or the kernel starts
init without stdin/stdout) would need mknod, i.e. root; and we want the same bytes from the same
inputs, so every entry gets uid/gid 0 and mtime 0 and the entries are sorted.
"""

import os
import stat
import sys

MAGIC = b"070701"


def header(ino, mode, nlink, size, major, minor, name):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, major, minor, len(name) + 1, 0]
    return MAGIC + b"".join(b"%08x" % f for f in fields)


def pad4(n):
    return (4 - n % 4) % 4


def entry(out, ino, mode, data, name, nlink=1, rdev=(0, 0)):
    bname = name.encode()
    hdr = header(ino, mode, nlink, len(data), rdev[0], rdev[1], bname) + bname + b"\0"
    out.write(hdr + b"\0" * pad4(len(hdr)))
    out.write(data + b"\0" * pad4(len(data)))


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    root, out_path = argv[1], argv[2]
    nodes = []
    rest = argv[3:]
    while rest:
        if rest[0] != "--nod" or len(rest) < 5:
            sys.stderr.write("mkcpio: bad arguments near %r\n" % rest[:5])
            return 2
        kind = stat.S_IFCHR if rest[2][0] == "c" else stat.S_IFBLK
        nodes.append((rest[1].lstrip("/"), kind | int(rest[2][1:], 8), int(rest[3]), int(rest[4])))
        rest = rest[5:]

    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            paths.append(os.path.relpath(os.path.join(dirpath, n), root))
    paths.sort()

    ino = 1
    with open(out_path, "wb") as out:
        for rel in paths:
            full = os.path.join(root, rel)
            st = os.lstat(full)
            perm = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                data = os.readlink(full).encode()
                entry(out, ino, stat.S_IFLNK | 0o777, data, rel)
            elif stat.S_ISDIR(st.st_mode):
                entry(out, ino, stat.S_IFDIR | perm, b"", rel, nlink=2)
            elif stat.S_ISREG(st.st_mode):
                with open(full, "rb") as f:
                    entry(out, ino, stat.S_IFREG | perm, f.read(), rel)
            else:
                sys.stderr.write("mkcpio: %s: not a file, directory or symlink\n" % full)
                return 1
            ino += 1
        for rel, mode, major, minor in nodes:
            entry(out, ino, mode, b"", rel, rdev=(major, minor))
            ino += 1
        entry(out, 0, 0, b"", "TRAILER!!!")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
