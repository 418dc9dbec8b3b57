#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# markers-boot: markers_addon=bpftrace
# Debian's bpftrace on a marker's event, as a kernel developer would write
# it: tracepoint:markers:subsystem_event counts the exact number of hits by
# args->myint and reads args->mystring, beside the same kind of script on
# a TRACE_EVENT() (sched_process_exec) over the same workload.  bpftrace
# (LLVM and clang, ~200 MB) comes in an initramfs add-on of this boot's
# own (harness/mkaddon-bpftrace.sh).
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events
if ! command -v bpftrace >/dev/null; then
	ktap_skip_all "bpftrace is not installed (x86_64 only: the add-on is the host's)"
	exit "$KSFT_SKIP"
fi
mount | grep -q ' /sys/kernel/debug ' || mount -t debugfs nodev /sys/kernel/debug

ktap_print_header
ktap_set_plan 4

modprobe marker-example
# Seven opens of /proc/marker-example, each by an exec of busybox cat
# (a script: bpftrace -c splits its command at spaces).
WORK=/tmp/mk-bpftrace-work.sh
printf '#!/bin/sh\nfor i in 1 2 3 4 5 6 7; do /bin/cat /proc/marker-example; done 2>/dev/null\n' > "$WORK"
chmod +x "$WORK"

# The guest has the UAPI headers but no libc ones: the format's pid_t
# gets its definition from a header of the test's own, which bpftrace's
# clang includes before the event's definitions.
echo 'typedef int pid_t;' > /tmp/mk-pid_t.h
out=$(timeout 280 bpftrace -e '#include "/tmp/mk-pid_t.h"
	tracepoint:sched:sched_process_exec
	/str(args->filename) == "/bin/cat"/ { @execs = count(); }' \
	-c "/bin/busybox sh $WORK" 2>&1)
ktap_msg "bpftrace on sched:sched_process_exec: $(tr '\n' ' ' <<<"$out")"
ktap_expect "control: bpftrace on a TRACE_EVENT() counts 7 execs" "@execs: 7" \
	"$(grep '^@execs:' <<<"$out")"

out=$(timeout 280 bpftrace -e 'tracepoint:markers:subsystem_event {
	@hits[args->myint] = count(); @str[str(args->mystring)] = count(); }' \
	-c "/bin/busybox sh $WORK" 2>&1)
ktap_msg "bpftrace on markers:subsystem_event: $(tr '\n' ' ' <<<"$out")"
ktap_expect "bpftrace counts the 7 hits by args->myint" "@hits[123]: 7" \
	"$(grep '^@hits\[' <<<"$out")"
ktap_expect "args->mystring reads the string" "@str[example string]: 7" \
	"$(grep '^@str\[' <<<"$out")"
ktap_expect "bpftrace gone: subsystem_event disarmed, no probe left" \
	"armed=0 probes=0" \
	"armed=$(listing_field subsystem_event armed) probes=$(listing_field subsystem_event probes)"

ktap_finished
