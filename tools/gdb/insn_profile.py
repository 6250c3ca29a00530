# insn_profile.py - instructions per function over one round of a loop, by single-stepping.
#
# Run the image halted with a gdb stub (tools/run ... --debug), then:
#   PROF_FN=_txe_thread_relinquish [PROF_PRE=bench_switches] [PROF_SKIP=50] \
#       gdb-multiarch -batch -x tools/gdb/insn_profile.py
# It stops at PROF_FN's entry (after PROF_PRE's first entry, if given, and PROF_SKIP more
# entries: the loop is warm), then steps one instruction at a time until PROF_FN is entered
# again, and prints the total, the count per function (inlined code counts as its caller's) and
# the sequence of functions. An interrupt taken inside the round shows up as its handlers.
# PROF_ELF: the image's ELF (build/aarch64/bench.elf). Needs a hardware breakpoint (QEMU's stub).
import collections
import os

import gdb

fn = os.environ.get("PROF_FN", "_txe_thread_relinquish")
pre = os.environ.get("PROF_PRE")
skip = int(os.environ.get("PROF_SKIP", "50"))
limit = int(os.environ.get("PROF_LIMIT", "20000"))

gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("target remote :1234")
gdb.execute("symbol-file " + os.environ.get("PROF_ELF", "build/aarch64/bench.elf"))
if pre:
    gdb.execute("hbreak " + pre)
    gdb.execute("continue")
    gdb.execute("delete")
gdb.execute("hbreak " + fn)
gdb.execute("continue")
for _ in range(skip):
    gdb.execute("continue", to_string=True)
gdb.execute("delete")


def function_of(pc):
    """The outermost function whose code holds pc (inlined callees count as their caller)."""
    block = gdb.block_for_pc(pc)
    name = None
    while block is not None and not block.is_global and not block.is_static:
        if block.function is not None:
            name = block.function.name
        block = block.superblock
    return name if name is not None else "?%x" % pc


start = int(gdb.parse_and_eval("$pc"))
counts = collections.OrderedDict()
sequence = []
steps = 0
while steps < limit:
    pc = int(gdb.parse_and_eval("$pc"))
    if steps > 0 and pc == start:
        break
    name = function_of(pc)
    counts[name] = counts.get(name, 0) + 1
    if not sequence or sequence[-1][0] != name:
        sequence.append([name, 0])
    sequence[-1][1] += 1
    steps += 1
    gdb.execute("stepi", to_string=True)
print("TOTAL %d instructions%s" % (steps, "" if steps < limit else " (PROF_LIMIT reached)"))
for name, n in counts.items():
    print("%6d %s" % (n, name))
print("SEQUENCE")
for name, n in sequence:
    print("  %5d %s" % (n, name))
gdb.execute("kill")
