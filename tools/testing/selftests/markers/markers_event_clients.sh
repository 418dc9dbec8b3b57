#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Real clients read a marker's event: Debian's trace-cmd (record, report)
# and perf (list, record, script) show the sample's fields by name.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 5

modprobe marker-example
cd /tmp || exit 1
WANT='myint=123 mystring=example string'

if command -v trace-cmd >/dev/null; then
	# The command waits for trace-cmd's per-CPU recorders to start:
	# a recorder told to stop before it has set up (trace-cmd's SIGUSR1
	# to a child still in create_recorder()) exits without reading its
	# buffer, and a command that ends at once can beat them on a loaded
	# machine.
	rec=$(trace-cmd record -q -e markers:subsystem_event \
		-o /tmp/mk-trace.dat \
		bash -c 'sleep 2; : < /proc/marker-example' 2>&1)
	R=$(trace-cmd report -i /tmp/mk-trace.dat 2>&1)
	ktap_msg "$(grep subsystem_event <<<"$R")"
	# What to look at if the record lacks the hit.
	if ! grep -q subsystem_event <<<"$R"; then
		ktap_msg "trace-cmd record said: $(tr '\n' ' ' <<<"$rec")"
		ktap_msg "trace-cmd report said: $(head -20 <<<"$R" | tr '\n' ' ')"
		ktap_msg "$(grep -c . "$TRACING/trace") lines in trace, tracing_on $(cat "$TRACING/tracing_on")"
	fi
	ktap_check "trace-cmd report: subsystem_event: $WANT" \
		grep -qE "subsystem_event: +$WANT\$" <<<"$R"
	ktap_check "trace-cmd report -R (raw fields): $WANT" \
		grep -qE "subsystem_event: +$WANT\$" \
		<<<"$(trace-cmd report -R -i /tmp/mk-trace.dat 2>/dev/null)"
	rm -f /tmp/mk-trace.dat
else
	ktap_test_skip "trace-cmd is not installed"
	ktap_test_skip "trace-cmd is not installed"
fi

if command -v perf >/dev/null; then
	ktap_check "perf list shows markers:subsystem_event" \
		grep -q 'markers:subsystem_event ' <<<"$(perf list 2>/dev/null)"
	perf record -q -e markers:subsystem_event -o /tmp/mk-perf.data \
		bash -c ': < /proc/marker-example' >/dev/null 2>&1
	S=$(perf script -i /tmp/mk-perf.data 2>/dev/null)
	ktap_msg "$S"
	ktap_check "perf script: markers:subsystem_event: $WANT" \
		grep -qE "markers:subsystem_event: $WANT\$" <<<"$S"
	ktap_expect "perf script: exactly one hit" 1 \
		"$(grep -c 'markers:subsystem_event:' <<<"$S")"
	rm -f /tmp/mk-perf.data
else
	for i in 1 2 3; do ktap_test_skip "perf is not installed"; done
fi

ktap_finished
