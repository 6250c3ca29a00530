"""A small reader for flattened device trees (the DTB format of the Devicetree Specification
v0.4, chapter 5), for the boot kit: the host tree QEMU dumps and hand-written partial trees.

Read-only and strict: a blob that breaks the format raises FdtError with what is wrong, never an
IndexError or struct.error. Property values stay bytes; helpers decode cells and strings.
"""

import struct

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE = 1
FDT_END_NODE = 2
FDT_PROP = 3
FDT_NOP = 4
FDT_END = 9


class FdtError(Exception):
    pass


class Node:
    def __init__(self, name, parent):
        self.name = name
        self.parent = parent
        self.props = {}  # name -> bytes, in file order (dicts keep insertion order)
        self.children = []

    @property
    def path(self):
        if self.parent is None:
            return "/"
        up = self.parent.path
        return (up if up != "/" else "") + "/" + self.name

    def child(self, name):
        for c in self.children:
            if c.name == name:
                return c
        return None

    def cells(self, prop):
        """The property as big-endian 32-bit cells, or None if absent."""
        v = self.props.get(prop)
        if v is None:
            return None
        if len(v) % 4:
            raise FdtError("%s: property %s is %d bytes, not whole cells" % (self.path, prop, len(v)))
        return list(struct.unpack(">%dI" % (len(v) // 4), v))

    def u32(self, prop, default=None):
        c = self.cells(prop)
        if c is None:
            return default
        if len(c) != 1:
            raise FdtError("%s: property %s is not one cell" % (self.path, prop))
        return c[0]

    def strings(self, prop):
        v = self.props.get(prop)
        if v is None:
            return None
        if not v.endswith(b"\0"):
            raise FdtError("%s: property %s is not a NUL-terminated string list" % (self.path, prop))
        try:
            return v[:-1].decode("ascii").split("\0")
        except UnicodeDecodeError:
            raise FdtError("%s: property %s is not ASCII" % (self.path, prop)) from None

    def addr_cells(self):
        return self.u32("#address-cells", 2)

    def size_cells(self):
        return self.u32("#size-cells", 1)

    def enabled(self):
        st = self.strings("status") if "status" in self.props else None
        return st is None or st[0] in ("okay", "ok")

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


class Tree:
    def __init__(self, root):
        self.root = root
        self.by_phandle = {}
        for n in root.walk():
            for p in ("phandle", "linux,phandle"):
                if p in n.props:
                    self.by_phandle[n.u32(p)] = n

    def find(self, path):
        """The node at an absolute path ("/pl061@9030000"), or None."""
        if not path.startswith("/"):
            return None
        n = self.root
        for part in [p for p in path.split("/") if p]:
            n = n.child(part)
            if n is None:
                return None
        return n

    def reg(self, node):
        """[(address, size)] of node's reg, translated to root addresses through the parents'
        ranges (empty `ranges` = identity; an absent one means not translatable)."""
        parent = node.parent
        if parent is None:
            raise FdtError("/: the root has no reg")
        ac, sc = parent.addr_cells(), parent.size_cells()
        c = node.cells("reg") or []
        if ac not in (1, 2) or sc not in (0, 1, 2) or len(c) % (ac + sc):
            raise FdtError("%s: reg does not match #address-cells=%d #size-cells=%d of %s"
                           % (node.path, ac, sc, parent.path))
        out = []
        for i in range(0, len(c), ac + sc):
            a = join_cells(c[i:i + ac])
            s = join_cells(c[i + ac:i + ac + sc]) if sc else 0
            out.append((self.translate(parent, a, node), s))
        return out

    def translate(self, bus, addr, node):
        while bus.parent is not None:
            r = bus.props.get("ranges")
            if r is None:
                raise FdtError("%s: its parent %s has no ranges: its addresses are not CPU "
                               "addresses" % (node.path, bus.path))
            if len(r):
                cac, pac, sc = bus.addr_cells(), bus.parent.addr_cells(), bus.size_cells()
                cells = bus.cells("ranges")
                step = cac + pac + sc
                if step == 0 or len(cells) % step:
                    raise FdtError("%s: malformed ranges" % bus.path)
                for i in range(0, len(cells), step):
                    cb = join_cells(cells[i:i + cac])
                    pb = join_cells(cells[i + cac:i + cac + pac])
                    sz = join_cells(cells[i + cac + pac:i + step])
                    if cb <= addr < cb + sz:
                        addr = addr - cb + pb
                        break
                else:
                    raise FdtError("%s: address 0x%x is outside the ranges of %s"
                                   % (node.path, addr, bus.path))
            bus = bus.parent
        return addr

    def interrupt_parent(self, node):
        n = node
        while n is not None:
            if "interrupt-parent" in n.props:
                return self.by_phandle.get(n.u32("interrupt-parent"))
            n = n.parent
        return None


def join_cells(cells):
    v = 0
    for c in cells:
        v = (v << 32) | c
    return v


def parse(blob, what="device tree"):
    """Parses a DTB; returns a Tree. Raises FdtError naming `what` on any format problem."""
    def fail(msg):
        raise FdtError("%s: %s" % (what, msg))

    if len(blob) < 40:
        fail("%d bytes: too short for a DTB header" % len(blob))
    magic, total, off_struct, off_strings, _, version, _, _, size_strings, size_struct = \
        struct.unpack_from(">10I", blob, 0)
    if magic != FDT_MAGIC:
        fail("not a DTB (magic 0x%08x)" % magic)
    if total > len(blob):
        fail("header says %d bytes, file has %d" % (total, len(blob)))
    if version < 17:
        fail("DTB version %d (need 17)" % version)
    if off_struct + size_struct > total or off_strings + size_strings > total or off_struct % 4:
        fail("blocks outside the blob")
    end = off_struct + size_struct
    pos = off_struct
    root = None
    node = None

    def token():
        nonlocal pos
        if pos + 4 > end:
            fail("structure block ends inside a token")
        t, = struct.unpack_from(">I", blob, pos)
        pos += 4
        return t

    while True:
        t = token()
        if t == FDT_BEGIN_NODE:
            z = blob.find(b"\0", pos, end)
            if z < 0:
                fail("unterminated node name")
            name = blob[pos:z].decode("ascii", errors="replace")
            pos = (z + 4) & ~3
            if node is None and root is not None:
                fail("second root node")
            n = Node(name, node)
            if node is None:
                root = n
            else:
                node.children.append(n)
            node = n
        elif t == FDT_END_NODE:
            if node is None:
                fail("END_NODE without a node")
            node = node.parent
        elif t == FDT_PROP:
            if node is None:
                fail("property outside a node")
            if pos + 8 > end:
                fail("property header past the end")
            ln, nameoff = struct.unpack_from(">II", blob, pos)
            pos += 8
            if pos + ln > end:
                fail("property value past the end")
            if nameoff >= size_strings:
                fail("property name outside the strings block")
            s = off_strings + nameoff
            z = blob.find(b"\0", s, off_strings + size_strings)
            if z < 0:
                fail("unterminated property name")
            node.props[blob[s:z].decode("ascii", errors="replace")] = bytes(blob[pos:pos + ln])
            pos = (pos + ln + 3) & ~3
        elif t == FDT_NOP:
            continue
        elif t == FDT_END:
            break
        else:
            fail("unknown token 0x%x at offset %d" % (t, pos - 4))
    if root is None or node is not None:
        fail("unbalanced nodes")
    return Tree(root)


def read(path):
    try:
        with open(path, "rb") as f:
            return parse(f.read(), path)
    except OSError as e:
        raise FdtError("%s: cannot read: %s" % (path, e.strerror)) from None


def dts_value(v):
    """A property value as dts source: strings when it is a printable string list, else cells
    when whole cells, else bytes."""
    if v == b"":
        return None
    if v.endswith(b"\0") and all(32 <= b < 127 or b == 0 for b in v) and b"\0\0" not in v \
            and v[0] != 0:
        parts = v[:-1].decode("ascii").split("\0")
        return ", ".join('"%s"' % p.replace("\\", "\\\\").replace('"', '\\"') for p in parts)
    if len(v) % 4 == 0:
        return "<%s>" % " ".join("0x%x" % c for c in struct.unpack(">%dI" % (len(v) // 4), v))
    return "[%s]" % " ".join("%02x" % b for b in v)
