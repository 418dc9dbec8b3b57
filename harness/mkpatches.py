#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make patches: the project as a git format-patch series against 6.12.

usage: mkpatches.py TARBALL BUILD_DIR [--check]

Commits the project onto a git repository of the pristine source, one
commit per step of STEPS below, and writes the series with a cover letter
to BUILD_DIR/patches/.  Nothing in a commit is generated: each step copies
its overlay files byte for byte from this repository and applies its
integration patches from patches/ (git apply, no fuzz) in the order of
patches/series.  Author and Signed-off-by are the repository's own git
identity (git var GIT_AUTHOR_IDENT).

The series cannot drift from the tree: every tracked file under the
overlay directories (OVERLAY_DIRS of the Makefile) and every patches/
file must belong to exactly one step, every path a step names must exist,
the steps must take the patches in patches/series order, and the
MAINTAINERS patch must name the identity in an M: line.  Otherwise the
script stops and says why.

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

# (subject, body, overlay paths: files, or folders ending in "/", and
#  integration patches from patches/)
STEPS = [
    ('tracing: hist: a field variable keeps its field\'s signedness',
     'An action\'s field parameter (trace(synth, prev_pid), an onmatch()\n'
     'synthetic call with next_pid) becomes a field variable, made by\n'
     'create_field_var() with create_var(), which sets its size and type\n'
     'but not is_signed.  check_synth_field() accepts a parameter whose\n'
     'type name differs from the synthetic field\'s when the size and\n'
     'signedness agree, so a signed field of another type name (an int\n'
     'into a pid_t) was refused with EINVAL.  Copy the signedness from\n'
     'the field.',
     [],
     ['0000-tracing-hist-field-var-signedness.patch']),
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
     'kernel/marker.c.  kernel/Kconfig.markers comes whole: the symbols\n'
     'of the later patches build nothing until their objects are added.',
     ['include/linux/marker.h', 'kernel/marker.c', 'kernel/marker_internal.h',
      'kernel/Kconfig.markers'],
     ['0001-markers-build.patch', '0002-markers-sections.patch',
      '0003-markers-maintainers.patch']),
    ('markers: make every marker a trace event',
     'Every marker name that loaded code defines becomes an event of the\n'
     '"markers" system in tracefs while that code is loaded.  The fields\n'
     'come from the marker\'s format, parsed once into a field table (the\n'
     'word before each conversion names the field); enabling the event in\n'
     'a trace instance or opening it with perf arms the marker with the\n'
     'event\'s own reference and connects a probe that writes the fields\n'
     'straight from the arguments into the ring buffer or perf record, so\n'
     'filters, triggers, histograms, perf and trace-cmd read the hits like\n'
     'those of any other event.',
     ['kernel/trace/trace_markers.c'],
     ['0004-markers-trace-events.patch']),
    ('markers: add the control interface and built-in probes',
     'A tree in tracefs (/sys/kernel/tracing/markers/, reached from debugfs\n'
     'as /sys/kernel/debug/markers/), made with eventfs so that a name\'s\n'
     'directory and files exist only while someone looks at them:\n'
     '<name>/{enable,format,probes} for\n'
     'every loaded marker name, plus marker-list, available-probes and a\n'
     'control file whose commands ("enable net_*", "attach counter\n'
     'sched_* module:foo") apply to every matching marker and stay as\n'
     'rules for markers that load later; markers.control= runs them at\n'
     'boot.  Writing 1 to enable arms the name (attaching the built-in\n'
     'printk probe when nothing else would be called); probes attaches\n'
     'and detaches the printk, counter and trace probes.  Bad input is a\n'
     'clear errno and changes nothing; files of a marker whose module goes\n'
     'away answer -ENODEV.',
     ['kernel/marker_control.c', 'kernel/marker_debugfs.c',
      'kernel/marker_probes.c'],
     ['0005-markers-debugfs-build.patch']),
    ('markers: add a KUnit suite',
     'Registration, call order, error codes, counted and pending arming,\n'
     'probes before the marker, format conflicts, lazy arguments, every\n'
     'printk conversion, and no probe call after\n'
     'marker_synchronize_unregister().',
     ['kernel/marker_kunit.c'],
     ['0006-markers-kunit-build.patch']),
    ('samples: add kernel markers examples',
     'marker-example fires markers from /proc/marker-example,\n'
     'probe-example connects probes to them, tp-marker-example binds a\n'
     'marker to a tracepoint.',
     ['samples/markers/'],
     ['0007-samples-markers.patch']),
    ('selftests: add markers tests',
     'Shell tests of the debugfs interface: listing, enable, counter and\n'
     'printk probes, bad input, module load and unload, file modes, and a\n'
     'bounded stress test with its module, marker_stress, built from\n'
     'test_modules/ against the kernel in KDIR.',
     ['tools/testing/selftests/markers/'],
     ['0008-selftests-markers.patch']),
    ('Documentation: trace: document kernel markers',
     'The API, the debugfs tree, the built-in probes and an example\n'
     'session.',
     ['Documentation/trace/markers.rst'],
     ['0009-markers-docs-index.patch']),
    ('markers: add a benchmark against tracepoints',
     'lib/test_markers_benchmark.c times disarmed and armed markers\n'
     'against a baseline, a tracepoint and dynamic debug in the same boot.\n'
     'It uses the exported API only: for the armed counter case the caller\n'
     'attaches and arms the built-in counter probe through debugfs.',
     ['lib/test_markers_benchmark.c', 'include/trace/events/markers_bench.h'],
     ['0010-markers-benchmark-build.patch']),
    ('init: mark the return of every initcall',
     'A marker, initcall_finish, at the end of do_one_initcall(): the\n'
     'function and what it returned, for every initcall from the moment the\n'
     'markers registry is up and for every module init.  It is what\n'
     'markers.control= on the command line can count during boot.',
     [],
     ['0011-init-initcall-marker.patch']),
]


def fail(msg):
    raise SystemExit('mkpatches.py: ' + msg)


def identity():
    """The repository's author identity, "Name <email>", without the date."""
    out = subprocess.run(['git', 'var', 'GIT_AUTHOR_IDENT'], cwd=TOP,
                         text=True, capture_output=True)
    m = re.match(r'^(.*?) <(.*?)> \d+ [-+]\d{4}$', out.stdout.strip())
    if out.returncode or not m:
        fail('no git identity (git var GIT_AUTHOR_IDENT): ' + out.stderr)
    return m.group(1), m.group(2)


def overlay_dirs():
    """OVERLAY_DIRS of the Makefile: what the build lays over the kernel."""
    for line in open(os.path.join(TOP, 'Makefile')):
        m = re.match(r'^OVERLAY_DIRS\s*:=\s*(.*)$', line)
        if m:
            return m.group(1).split()
    fail('no OVERLAY_DIRS in the Makefile')


def claims(path, entry):
    return path == entry or (entry.endswith('/') and path.startswith(entry))


def plan(ident):
    """Each step's files and patches, after checking that they cover the
    tree exactly once."""
    out = subprocess.run(['git', 'ls-files', '--'] + overlay_dirs(), cwd=TOP,
                         text=True, capture_output=True, check=True)
    tracked = out.stdout.split()
    errors = []
    files = [[] for _ in STEPS]
    for f in tracked:
        owners = [i for i, step in enumerate(STEPS)
                  if any(claims(f, e) for e in step[2])]
        if len(owners) != 1:
            errors.append('%s belongs to %s' % (
                f, 'no step' if not owners else
                'steps %s' % ', '.join(str(i + 1) for i in owners)))
        for i in owners:
            files[i].append(f)
    for step in STEPS:
        for e in step[2]:
            if not any(claims(f, e) for f in tracked):
                errors.append('step "%s" names %s, which is not a tracked '
                              'overlay file' % (step[0], e))

    pdir = os.path.join(TOP, 'patches')
    present = sorted(f for f in os.listdir(pdir) if f != 'series')
    series = [l.strip() for l in open(os.path.join(pdir, 'series'))
              if l.strip()]
    taken = [p for step in STEPS for p in step[3]]
    for p in present:
        n = taken.count(p)
        if n != 1:
            errors.append('patches/%s belongs to %s' % (
                p, 'no step' if not n else '%d steps' % n))
    for p in taken:
        if p not in present:
            errors.append('a step names patches/%s, which does not exist' % p)
    if series != taken:
        errors.append('patches/series (%s) is not the steps\' patches in '
                      'step order (%s)' % (' '.join(series), ' '.join(taken)))

    maintainer = '+M:\t%s <%s>' % ident
    for p in present:
        text = open(os.path.join(pdir, p)).read()
        if '+++ b/MAINTAINERS' in text and maintainer not in text.split('\n'):
            errors.append('patches/%s adds no "M:" line for %s <%s>' %
                          ((p,) + ident))
    if errors:
        fail('the series does not match the tree:\n  ' +
             '\n  '.join(errors))
    return files


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


IDENT = None  # (name, email), set by main()


def git(repo, *args, **kw):
    name, email = IDENT
    env_args = ['git', '-c', 'user.name=' + name, '-c', 'user.email=' + email,
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


def make_series(tarball, build):
    files = plan(IDENT)
    work = os.path.join(build, 'patches-work')
    repo = pristine_repo(tarball, work)
    git(repo, 'checkout', '-q', '-B', 'markers', 'pristine')
    author = '%s <%s>' % IDENT
    n = 0
    for (subject, body, _, patches), step_files in zip(STEPS, files):
        for f in step_files:
            dst = os.path.join(repo, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(os.path.join(TOP, f), dst)
            shutil.copymode(os.path.join(TOP, f), dst)
        for p in patches:
            git(repo, 'apply', os.path.join(TOP, 'patches', p))
        git(repo, 'add', '-A', '-f')
        git(repo, 'commit', '-q', '--author', author, '-m',
            subject + '\n\n' + body + '\n\nSigned-off-by: ' + author + '\n')
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
        # Every step: symbols a patch adds (SAMPLE_MARKERS, ...) get the
        # fragments' values once they exist.
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
    global IDENT
    IDENT = identity()
    tarball, build = sys.argv[1], os.path.abspath(sys.argv[2])
    repo, out = make_series(tarball, build)
    if '--check' in sys.argv[3:]:
        sys.exit(1 if check_series(repo, out, build) else 0)


if __name__ == '__main__':
    main()
