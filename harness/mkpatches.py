#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make patches: the project as a git format-patch series against 6.12.

usage: mkpatches.py TARBALL BUILD_DIR [--check]

Commits the project onto a git repository of the pristine source, one
patch per concern (core, debugfs and built-in probes, KUnit, samples,
selftests, documentation, benchmark), each one self-contained: Kconfig
and Makefile lines only name files that exist at that point.  Writes the
series with a cover letter to BUILD_DIR/patches/.

--check applies the series with git am to a fresh branch of the pristine
tree, runs checkpatch --strict on every patch, and builds the kernel
after each patch (incrementally, with the harness's normal config).
"""
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUTHOR = 'Kernel markers team <linux-trace-kernel@vger.kernel.org>'

# (subject, body, new files or globs, Kconfig.markers symbols, kernel/Makefile
#  objects, integration patches from patches/)
STEPS = [
    ('markers: add kernel markers, named printf-typed instrumentation points',
     'trace_mark(subsystem_event, "myint %d", x) places a marker site: a\n'
     'static branch that costs one NOP while off, whose arguments are\n'
     'printf-checked at compile time and evaluated only once it is armed.\n'
     'Probes connect by name with marker_probe_register() and fire while\n'
     'the name is armed (marker_arm(), counted).  Names, probes and arms\n'
     'may come before the code that defines the marker: the registry\n'
     'connects them when a module defining it loads.  DEFINE_MARKER_TP()\n'
     'binds a marker to a tracepoint.\n\n'
     'Sites are collected from the __markers_ptrs section of vmlinux and\n'
     'of modules.  The locking rules are written at the top of\n'
     'kernel/marker.c.',
     ['include/linux/marker.h', 'kernel/marker.c', 'kernel/marker_internal.h',
      'kernel/Kconfig.markers'],
     ['MARKERS'], ['marker.o'],
     ['0001-markers-build-glue.patch', '0002-markers-sections.patch',
      '0006-markers-maintainers.patch']),
    ('markers: add the debugfs control interface and built-in probes',
     '/sys/kernel/debug/markers/<name>/{enable,format,probes} for every\n'
     'loaded marker name, plus marker-list and available-probes.  Writing\n'
     '1 to enable arms the name (attaching the built-in printk probe when\n'
     'nothing else would be called); probes attaches and detaches the\n'
     'printk and counter probes.  Bad input is a clear errno and changes\n'
     'nothing; files of a marker whose module goes away answer -ENODEV.',
     ['kernel/marker_debugfs.c', 'kernel/marker_probes.c'],
     ['MARKERS'], ['marker.o', 'marker_debugfs.o', 'marker_probes.o'], []),
    ('markers: add a KUnit suite',
     'Registration, call order, error codes, counted and pending arming,\n'
     'probes before the marker, format conflicts, lazy arguments, every\n'
     'printk conversion, and no probe call after\n'
     'marker_synchronize_unregister().',
     ['kernel/marker_kunit.c'],
     ['MARKERS', 'MARKERS_KUNIT_TEST'],
     ['marker.o', 'marker_debugfs.o', 'marker_probes.o', 'marker_kunit.o'],
     []),
    ('samples: add kernel markers examples',
     'marker-example fires markers from /proc/marker-example,\n'
     'probe-example connects probes to them, tp-marker-example binds a\n'
     'marker to a tracepoint.',
     ['samples/markers/*'], None, None, ['0003-samples-markers.patch']),
    ('selftests: add markers tests',
     'Shell tests of the debugfs interface: listing, enable, counter and\n'
     'printk probes, bad input, module load and unload, file modes, and a\n'
     'bounded stress test with its module (CONFIG_MARKERS_STRESS_TEST).',
     ['tools/testing/selftests/markers/*', 'kernel/marker_stress.c'],
     ['MARKERS', 'MARKERS_KUNIT_TEST', 'MARKERS_STRESS_TEST'],
     ['marker.o', 'marker_debugfs.o', 'marker_probes.o', 'marker_kunit.o',
      'marker_stress.o'],
     ['0004-selftests-markers.patch']),
    ('Documentation: trace: document kernel markers',
     'The API, the debugfs tree, the built-in probes and an example\n'
     'session.',
     ['Documentation/trace/markers.rst'], None, None,
     ['0005-markers-docs-index.patch']),
    ('markers: add a benchmark against tracepoints',
     'Times disarmed and armed markers against a baseline, a tracepoint\n'
     'and dynamic debug in the same boot.',
     ['kernel/marker_benchmark.c'],
     ['MARKERS', 'MARKERS_KUNIT_TEST', 'MARKERS_STRESS_TEST',
      'MARKERS_BENCHMARK'],
     ['marker.o', 'marker_debugfs.o', 'marker_probes.o', 'marker_kunit.o',
      'marker_stress.o', 'marker_benchmark.o'], []),
]

COVER = '''Subject: [PATCH 0/{n}] Kernel markers, done again on 6.12

Markers are named, printf-typed static instrumentation points:

	trace_mark(subsystem_event, "myint %d mystring %s", i, s);

A marker that is off is a static branch (one NOP on x86_64); its
arguments are not evaluated.  Armed, it calls the probes connected to its
name in the caller's context, with preemption disabled.  They can be
driven from kernel code or from /sys/kernel/debug/markers/, which has a
printk dumper and a per-CPU counter built in.  Unlike the markers of
2.6.24-2.6.31, sites are static keys, the probe array is RCU-published,
arguments are checked at compile time against the format with the printf
attribute, and a marker can be bound to a tracepoint.

Names and formats are debugging aids, not an ABI.

The series is tested with KUnit and kselftests on x86_64 under QEMU,
on a normal kernel and one with KASAN, lockdep, PROVE_RCU, UBSAN,
DEBUG_OBJECTS and kmemleak.
'''


def run(cmd, cwd=None, check=True, quiet=False):
    out = subprocess.run(cmd, cwd=cwd, text=True, capture_output=True)
    if check and out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit('failed: %s' % ' '.join(cmd))
    if not quiet and out.stdout.strip():
        print(out.stdout.rstrip())
    return out


def git(repo, *args, **kw):
    env_args = ['git', '-c', 'user.name=Kernel markers team',
                '-c', 'user.email=linux-trace-kernel@vger.kernel.org',
                '-c', 'core.autocrlf=false']
    return run(env_args + list(args), cwd=repo, **kw)


def pristine_repo(tarball, work):
    """A git repository of the pristine source, made once per tarball.

    Debian's tarball carries a .gitignore that ignores everything at the
    top level (its packaging's), so files are added with -f.
    """
    repo = os.path.join(work, 'linux')
    stamp = os.path.join(work, '.pristine-' + str(int(os.path.getmtime(tarball))))
    if not os.path.exists(stamp):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        print('  UNPACK  %s (pristine, for the series)' % tarball)
        run(['tar', '-C', work, '-xf', tarball])
        os.rename(os.path.join(work, 'linux-source-6.12'), repo)
        git(repo, 'init', '-q', '-b', 'pristine')
        git(repo, 'add', '-A', '-f')
        git(repo, 'commit', '-q', '-m', 'Linux 6.12 (Debian linux-source-6.12)')
        open(stamp, 'w').close()
    git(repo, 'checkout', '-q', '-f', 'pristine')
    git(repo, 'clean', '-q', '-fdx')
    return repo


def kconfig_blocks(symbols):
    """kernel/Kconfig.markers with only the config blocks of SYMBOLS."""
    text = open(os.path.join(TOP, 'kernel/Kconfig.markers')).read()
    parts = re.split(r'\n(?=config )', text)
    keep = [parts[0]]
    for part in parts[1:]:
        name = part.split()[1]
        if name in symbols:
            keep.append(part)
    return '\n'.join(p.rstrip('\n') + '\n' for p in keep)


OBJ_CONFIG = {
    'marker_kunit.o': 'MARKERS_KUNIT_TEST',
    'marker_benchmark.o': 'MARKERS_BENCHMARK',
    'marker_stress.o': 'MARKERS_STRESS_TEST',
}


def set_makefile_objects(repo, objs):
    """Rewrite the markers lines that patch 0001 put in kernel/Makefile."""
    path = os.path.join(repo, 'kernel/Makefile')
    lines = open(path).read().split('\n')
    out = []
    for line in lines:
        if 'CONFIG_MARKERS' in line:
            continue
        out.append(line)
        if line.startswith('obj-$(CONFIG_TRACEPOINTS) += tracepoint.o'):
            core = [o for o in objs if o not in OBJ_CONFIG]
            out.append('obj-$(CONFIG_MARKERS) += ' + ' '.join(core))
            for o in objs:
                if o in OBJ_CONFIG:
                    out.append('obj-$(CONFIG_%s) += %s' % (OBJ_CONFIG[o], o))
    open(path, 'w').write('\n'.join(out))


def expand(globs):
    import glob
    files = []
    for g in globs:
        files += sorted(f for f in glob.glob(os.path.join(TOP, g))
                        if os.path.isfile(f))
    return [os.path.relpath(f, TOP) for f in files]


def make_series(tarball, build):
    work = os.path.join(build, 'patches-work')
    repo = pristine_repo(tarball, work)
    git(repo, 'checkout', '-q', '-B', 'markers', 'pristine')
    n = 0
    for subject, body, globs, syms, objs, patches in STEPS:
        files = expand(globs)
        if not files:
            continue
        for f in files:
            dst = os.path.join(repo, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy(os.path.join(TOP, f), dst)
        for p in patches:
            run(['patch', '-s', '-p1', '-d', repo, '-i',
                 os.path.join(TOP, 'patches', p)])
        if syms is not None:
            open(os.path.join(repo, 'kernel/Kconfig.markers'), 'w').write(
                kconfig_blocks(syms))
        if objs is not None:
            set_makefile_objects(repo, objs)
        git(repo, 'add', '-A', '-f')
        git(repo, 'commit', '-q', '--author', AUTHOR, '-m',
            subject + '\n\n' + body + '\n\nSigned-off-by: ' + AUTHOR + '\n')
        n += 1

    out = os.path.join(build, 'patches')
    shutil.rmtree(out, ignore_errors=True)
    git(repo, 'format-patch', '-q', '--cover-letter', '-o', out,
        'pristine..markers')
    cover = [f for f in os.listdir(out) if f.startswith('0000-')][0]
    text = open(os.path.join(out, cover)).read()
    head, _, rest = text.partition('Subject: ')
    _, _, rest = rest.partition('\n\n')
    blurb_end = rest.index('*** BLURB HERE ***') + len('*** BLURB HERE ***')
    text = head + COVER.format(n=n) + rest[blurb_end:]
    open(os.path.join(out, cover), 'w').write(text)
    print('  SERIES  %d patches and a cover letter in %s' % (n, out))
    return repo, out


def accepted(finding, index):
    """A checkpatch finding listed, with its reason, as accepted.

    The findings of harness/checkpatch-exceptions, and "does MAINTAINERS
    need updating?" on the patches after the first: the first adds the
    MAINTAINERS entry, whose F: patterns cover every file the series adds.
    """
    message = finding.split(': ', 1)[-1]
    listed = [l.split(': ', 1)[1].strip() for l in
              open(os.path.join(TOP, 'harness/checkpatch-exceptions'))
              if l.strip() and not l.startswith('#')]
    if message.strip() in listed:
        return True
    return index > 0 and 'does MAINTAINERS need updating?' in message


def check_series(repo, out, build):
    """git am the series on a fresh branch; checkpatch; build each step."""
    ksrc = os.path.join(build, 'linux')
    git(repo, 'checkout', '-q', '-f', '-B', 'am-check', 'pristine')
    git(repo, 'clean', '-q', '-fdx')
    obj = os.path.join(build, 'obj-series')
    patches = sorted(f for f in os.listdir(out) if not f.startswith('0000-'))
    failed = 0
    frags = [os.path.join(TOP, 'harness/config', f)
             for f in ('base.config', 'normal.config')]
    for i, p in enumerate(patches):
        git(repo, 'am', '-q', os.path.join(out, p))
        cp = run(['perl', os.path.join(ksrc, 'scripts/checkpatch.pl'),
                  '--strict', '--terse', '--no-tree', '--typedefsfile',
                  os.path.join(TOP, 'harness/checkpatch-typedefs'),
                  os.path.join(out, p)], check=False, quiet=True)
        issues = [l for l in cp.stdout.splitlines()
                  if re.search(r'(ERROR|WARNING|CHECK):', l)
                  and not accepted(l, i)]
        os.makedirs(obj, exist_ok=True)
        if i == 0:
            run(['make', '-s', '-C', repo, 'O=' + obj, 'tinyconfig'], quiet=True)
            run([os.path.join(repo, 'scripts/kconfig/merge_config.sh'), '-m',
                 '-O', obj, os.path.join(obj, '.config')] + frags, quiet=True)
        run(['make', '-s', '-C', repo, 'O=' + obj, 'olddefconfig'], quiet=True)
        b = run(['make', '-s', '-C', repo, 'O=' + obj,
                 '-j%d' % os.cpu_count(), 'bzImage', 'modules'],
                check=False, quiet=True)
        ok = b.returncode == 0 and not issues
        print('%-4s %s: %s; checkpatch: %d finding(s) not accepted%s' % (
            'ok' if ok else 'FAIL', p,
            'builds' if b.returncode == 0 else 'does NOT build',
            len(issues), ''.join('\n       ' + l for l in issues)))
        if b.returncode:
            sys.stderr.write(b.stdout[-3000:] + b.stderr[-3000:])
        if not ok:
            failed += 1
    return failed


def main():
    tarball, build = sys.argv[1], os.path.abspath(sys.argv[2])
    repo, out = make_series(tarball, build)
    if '--check' in sys.argv[3:]:
        sys.exit(1 if check_series(repo, out, build) else 0)


if __name__ == '__main__':
    main()
