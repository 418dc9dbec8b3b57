#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make demo`: the seed's sequence, the debugfs control, the
# trace events and the control file,
# each command echoed as typed at a root prompt.
M=/sys/kernel/debug/markers

say() { printf '\n### %s\n' "$*"; }
run() { printf 'root@markers:~# %s\n' "$*"; sh -c "$*"; }

# New kernel lines since the last call, without the printk timestamps.
DMESG_SEEN=0
new_dmesg()
{
	printf 'root@markers:~# dmesg\n'
	dmesg | sed -n "$((DMESG_SEEN + 1)),\$p" | grep -v 'Loading\|loading out-of-tree'
	DMESG_SEEN=$(dmesg | wc -l)
}
DMESG_SEEN=$(dmesg | wc -l)

say "The seed's sequence (Documentation/trace/markers.rst)"
run modprobe marker-example
run modprobe probe-example
run cat /proc/marker-example
run rmmod marker-example probe-example
new_dmesg

say "The debugfs control interface"
run modprobe marker-example
run ls $M/
run cat $M/marker-list
run cat $M/subsystem_event/format
run "echo counter > $M/subsystem_event/probes"
run "echo 1 > $M/subsystem_event/enable"
run cat /proc/marker-example
run cat $M/subsystem_event/probes
run cat $M/subsystem_event/enable
run "echo 0 > $M/subsystem_event/enable"
run cat $M/subsystem_event/enable

say "enable with no probe connected attaches the printk probe"
run "echo 1 > $M/subsystem_eventb/enable"
run cat $M/subsystem_eventb/probes
run cat /proc/marker-example
run cat $M/subsystem_eventb/probes
new_dmesg
run "echo 0 > $M/subsystem_eventb/enable"
run cat $M/subsystem_eventb/probes

say "Bad input gets a clear error and changes nothing"
run "echo 2 > $M/subsystem_event/enable"
run "echo nosuchprobe > $M/subsystem_event/probes"
run "echo '!printk' > $M/subsystem_event/probes"
run cat $M/subsystem_event/probes

say "Counter reset, detach, and a marker bound to a tracepoint"
run "echo 'counter reset' > $M/subsystem_event/probes"
run cat $M/subsystem_event/probes
run "echo '!counter' > $M/subsystem_event/probes"
run modprobe tp-marker-example
run cat $M/sample_tp_read/format
run "echo 1 > $M/sample_tp_read/enable"
run cat /proc/tp-marker-example
new_dmesg
run "echo 0 > $M/sample_tp_read/enable"
run rmmod tp-marker-example marker-example
run ls $M/

say "Every marker is a trace event: tracefs, filters, hist, trace-cmd, perf"
T=/sys/kernel/tracing
run modprobe marker-example
run cat $T/events/markers/subsystem_event/format
run "echo 'hist:keys=myint' > $T/events/markers/subsystem_event/trigger"
run "echo 1 > $T/events/markers/subsystem_event/enable"
run "for i in 1 2 3 4 5; do cat /proc/marker-example 2>/dev/null; done"
run cat $T/events/markers/subsystem_event/hist
run "grep subsystem_event: $T/trace | tail -n 2"
run cat $M/subsystem_event/probes
run "echo '!hist:keys=myint' > $T/events/markers/subsystem_event/trigger"
run "echo 0 > $T/events/markers/subsystem_event/enable"
if command -v trace-cmd >/dev/null; then
	# The sleep lets trace-cmd's recorders start (see markers_event_clients.sh).
	run "cd /tmp && trace-cmd record -q -e markers:subsystem_event sh -c 'sleep 1; cat /proc/marker-example' >/dev/null 2>&1; trace-cmd report 2>/dev/null | tail -n 1"
fi
if command -v perf >/dev/null; then
	run "cd /tmp && perf record -q -e markers:subsystem_event -o /tmp/p.data cat /proc/marker-example >/dev/null 2>&1; perf script -i /tmp/p.data 2>/dev/null"
fi
run rmmod marker-example

say "Rules over many markers, also those of modules loaded later (tracefs tree)"
run "echo 'attach counter subsystem_*; enable subsystem_*' > $T/markers/control"
run cat $T/markers/control
run modprobe marker-example
run cat /proc/marker-example
run "grep . $T/markers/subsystem_event*/probes"
run "echo 'disable subsystem_*; detach counter subsystem_*' > $T/markers/control"
run rmmod marker-example
new_dmesg
