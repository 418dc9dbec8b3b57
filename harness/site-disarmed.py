#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the disarmed path of a marker site in x86_64 object code.

usage: site-disarmed.py OBJECT FUNCTION

Follows FUNCTION's instructions from its entry in `objdump -d -r` order,
as the CPU runs them while the static branch is a NOP, up to the return.
Only these may be on that path: endbr64, the ftrace call (__fentry__)
or its NOP, NOPs (the static branch is one), ret or the jump to the
return thunk.  Anything else (a push, a stack adjustment, a canary load,
an argument's load) fails.  Prints the path either way.
"""
import re
import subprocess
import sys

NOP = re.compile(r"^(nop[wlq]?\b|xchg\s+%ax,%ax$|data16\b|cs nop|endbr64$)")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    obj, fn = sys.argv[1:]
    out = subprocess.run(["objdump", "-d", "-r", "--no-show-raw-insn", obj],
                         check=True, capture_output=True, text=True).stdout
    body, inside = [], False
    for line in out.splitlines():
        if re.match(r"^[0-9a-f]+ <%s>:$" % re.escape(fn), line):
            inside = True
            continue
        if inside and not line.strip():
            break
        if not inside:
            continue
        m = re.match(r"^\s*[0-9a-f]+:\s+(R_X86_64_\S+)\s+(\S+)", line)
        if m:
            if body:
                body[-1][1] = m.group(2)
            continue
        m = re.match(r"^\s*[0-9a-f]+:\s+(.*?)\s*$", line)
        if m:
            body.append([m.group(1), None])
    if not body:
        print("%s: no function %s" % (obj, fn))
        return 1
    for insn, reloc in body:
        print("    %-40s %s" % (insn, reloc or ""))
        target = reloc or ""
        if NOP.match(insn):
            continue
        if insn.startswith("call") and target.startswith("__fentry__"):
            continue
        if insn == "ret" or (insn.startswith("jmp") and
                             ("__x86_return_thunk" in insn or
                              target.startswith("__x86_return_thunk"))):
            print("%s: the disarmed path of %s is clean" % (obj, fn))
            return 0
        print("%s: %s on the disarmed path of %s" % (obj, insn, fn))
        return 1
    print("%s: no return found in %s" % (obj, fn))
    return 1


if __name__ == "__main__":
    sys.exit(main())
