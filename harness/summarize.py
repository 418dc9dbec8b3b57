#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a `make test` guest console log.

usage: summarize.py RUN...

Each RUN names a profile's files: RUN.log (the guest console) and RUN.rc
(boot.sh's status).  A missing file means the build or boot failed.

The guest prints its KTAP sections between MARKERS-HARNESS-BEGIN/END lines
(kunit, kselftest, dmesg).  Every leaf test (a result line with no results
nested under it) counts once; a parent that failed although all its leaves
passed (a script that crashed, timed out or missed its plan) counts as one
more failure.  Any kernel splat anywhere in the log fails the run.

Prints one line per test, then 'N passed, N failed, N skipped'.  Exits 0
only when nothing failed, no splat was seen and the guest exited 0.
"""
import os
import re
import sys

RESULT = re.compile(r'^(not ok|ok) (\d+)\s*(.*?)\s*$')
PLAN = re.compile(r'^1\.\.(\d+)')
SPLAT = re.compile(
    r'(WARNING:|BUG:|Oops|UBSAN:|general protection fault|Kernel panic|'
    r'suspicious RCU usage|rcu: INFO|self-detected stall|'
    r'suspected memory leak|unreferenced object|blocked for more than|'
    r'possible circular locking|inconsistent lock state)')


def strip_prefix(line):
    """Return (depth, text) for a KTAP line nested by '# ' or 4 spaces."""
    depth = 0
    while True:
        if line.startswith('    '):
            line = line[4:]
        elif line.startswith('# ') and (RESULT.match(line[2:].lstrip()) or
                                        line[2:].startswith(('# ', '    ',
                                                             'TAP', 'KTAP',
                                                             '1..'))):
            line = line[2:]
        elif line.startswith('\t'):
            line = line[1:]
        else:
            return depth, line
        depth += 1


def parse_ktap(lines, section):
    """Yield (name, status) for leaves, status in pass/fail/skip."""
    results = []          # (depth, status, name)
    for raw in lines:
        depth, text = strip_prefix(raw.rstrip('\n'))
        m = RESULT.match(text)
        if not m:
            continue
        ok, _, desc = m.groups()
        status = 'pass' if ok == 'ok' else 'fail'
        name, _, directive = desc.partition('#')
        name = name.strip().lstrip('- ').strip()
        if re.match(r'\s*skip', directive, re.I):
            status = 'skip'
        elif ok == 'not ok' and re.match(r'\s*(todo|xfail)', directive, re.I):
            status = 'skip'
        results.append((depth, status, name))

    out = []
    # Walk in order: a result at depth d owns the results at depth > d
    # that came directly before it (KTAP prints children first).
    stack = []            # children collected per depth
    for depth, status, name in results:
        while len(stack) <= depth + 1:
            stack.append([])
        children = stack[depth + 1]
        stack[depth + 1] = []
        if not children:
            stack[depth].append([(name, status)])
        else:
            flat = [leaf for group in children for leaf in group]
            qualified = [(name + ': ' + n, s) for n, s in flat]
            if status == 'fail' and not any(s == 'fail' for _, s in flat):
                qualified.append((name + ': (exit status)', 'fail'))
            stack[depth].append(qualified)
    for group in (stack[0] if stack else []):
        for name, status in group:
            out.append((section + ': ' + name, status))
    return out


def summarize_run(run):
    """Return (tests, splats, boot_rc, profile) for one profile's run."""
    # test-normal -> "normal", test-arm64-normal -> "arm64 normal"
    profile = os.path.basename(run).replace('test-', '', 1).replace('-', ' ')
    try:
        with open(run + '.log', errors='replace') as f:
            lines = f.readlines()
        with open(run + '.rc') as f:
            boot_rc = int(f.read().strip() or 125)
    except (OSError, ValueError):
        return [('build or boot', 'fail')], [], 125, profile

    sections = {}
    current = None
    for line in lines:
        m = re.match(r'^MARKERS-HARNESS-(BEGIN|END) (\w+)', line)
        if m:
            current = m.group(2) if m.group(1) == 'BEGIN' else None
            sections.setdefault(m.group(2), [])
            continue
        if current:
            sections[current].append(line)

    tests = []
    # An extra boot (RUN+<script>, harness/extra-boots.sh) runs no KUnit.
    wanted = ('kselftest',) if '+' in os.path.basename(run) else \
        ('kunit', 'kselftest')
    for sec in wanted:
        if sec not in sections:
            tests.append((sec + ': section missing', 'fail'))
            continue
        found = parse_ktap(sections[sec], sec)
        if not found:
            tests.append((sec + ': no test ran', 'fail'))
        tests.extend(found)

    # Only kernel-log lines count (a printk timestamp, on the console or
    # in the dmesg dump): test names may mention these words.
    splats = [l.rstrip() for l in lines
              if SPLAT.search(l) and re.match(r'^\s*\[\s*\d+\.\d+\]', l)]
    splats += ['kmemleak: ' + l.rstrip() for l in sections.get('kmemleak', [])
               if 'unreferenced object' in l]
    return tests, splats, boot_rc, profile


def main():
    counts = {'pass': 0, 'fail': 0, 'skip': 0}
    bad = False
    print()
    print('==== test summary ' + '=' * 50)
    for run in sys.argv[1:]:
        tests, splats, boot_rc, profile = summarize_run(run)
        for name, status in tests:
            counts[status] += 1
            print('%-4s [%s] %s' % ({'pass': 'ok', 'fail': 'FAIL',
                                      'skip': 'SKIP'}[status], profile, name))
        if splats:
            bad = True
            print('\n[%s] kernel splats in the guest console (%d lines):'
                  % (profile, len(splats)))
            for l in splats[:40]:
                print('  ' + l)
        if boot_rc == 124:
            print('\n[%s] the guest timed out' % profile)
        elif boot_rc == 125:
            print('\n[%s] the guest never finished (build failure, crash '
                  'or panic)' % profile)
        elif boot_rc != 0:
            print('\n[%s] the guest payload exited with status %d'
                  % (profile, boot_rc))
        bad = bad or boot_rc != 0
    line = '%d passed, %d failed' % (counts['pass'], counts['fail'])
    if counts['skip']:
        line += ', %d skipped' % counts['skip']
    print(line)
    sys.exit(1 if bad or counts['fail'] else 0)


if __name__ == '__main__':
    main()
