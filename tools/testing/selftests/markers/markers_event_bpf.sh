#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A BPF_PROG_TYPE_TRACEPOINT program attached to a marker's event through
# perf (PERF_EVENT_IOC_SET_BPF, as bcc and bpftrace attach "tracepoint:"
# probes) runs on every hit and reads the fields at the format's offsets;
# the same program on a TRACE_EVENT() (sched_process_fork) is the control.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

BPF="$DIR/markers_bpf"

markers_setup
markers_require_events
[ -x "$BPF" ] || { ktap_skip_all "the helper markers_bpf is missing"; exit "$KSFT_SKIP"; }

ktap_print_header
ktap_set_plan 6

FORK=$TRACING/events/sched/sched_process_fork
# markers_bpf forks the command (one fork), which runs true five times.
out=$("$BPF" "$FORK" parent_pid - bash -c 'for i in 1 2 3 4 5; do /bin/true; done')
ktap_msg "sched_process_fork: $(tr '\n' ' ' <<<"$out")"
if grep -q '^attach: .*(BPF_MAP_CREATE)' <<<"$out"; then
	ktap_skip_all "no BPF syscall (CONFIG_BPF_SYSCALL=n)"
	exit "$KSFT_SKIP"
fi
# The program sees every fork in the system: a kernel thread that forks
# meanwhile (a workqueue's new worker) adds to the command's six.
hits=$(sed -n 's/^hits: //p' <<<"$out")
ktap_check "control: a BPF program on sched:sched_process_fork counts the 6 forks (${hits:-none})" \
	test "${hits:-0}" -ge 6

modprobe marker-example
out=$("$BPF" "$EVENTS/subsystem_event" myint mystring \
	bash -c 'for i in 1 2 3 4 5 6 7; do : < /proc/marker-example; done 2>/dev/null')
ktap_msg "markers:subsystem_event: $(tr '\n' ' ' <<<"$out")"
ktap_expect "PERF_EVENT_IOC_SET_BPF takes markers:subsystem_event" \
	"attach: OK" "$(grep '^attach:' <<<"$out")"
ktap_expect "the program runs on every hit: 7 hits" 7 "$(sed -n 's/^hits: //p' <<<"$out")"
ktap_expect "it reads myint at the format's offset: 123" 123 "$(sed -n 's/^int: //p' <<<"$out")"
ktap_expect "it reads mystring through its __data_loc word" "example string" \
	"$(sed -n 's/^str: //p' <<<"$out")"

# Detached with the perf event closed: the marker is no longer armed.
ktap_expect "closed: subsystem_event is disarmed, no probe left" "armed=0 probes=0" \
	"armed=$(listing_field subsystem_event armed) probes=$(listing_field subsystem_event probes)"

ktap_finished
