#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A control rule "attach trace <name>" given before the name loads
# enables its trace event when it loads, as the documentation promises.
# Before, the control trees heard of the name before the event existed:
# the rule's enable failed (-EINVAL in the log) and nothing was recorded.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 4

kmsg_mark rule
echo 'attach trace subsystem_event' > "$MARKERS/control"
modprobe marker-example
ktap_expect "loaded after the rule: its event is enabled" 1 \
	"$(cat "$EVENTS/subsystem_event/enable" 2>&1)"
echo > "$TRACING/trace"
fire_example 2
ktap_expect "it records every hit" 2 \
	"$(grep -c 'subsystem_event: myint=123' "$TRACING/trace")"
out=$(kmsg_since rule | grep 'markers:.*subsystem_event')
ktap_expect "no error in the kernel log" "" "$out"
echo 'detach trace subsystem_event' > "$MARKERS/control"
ktap_expect "detach trace: the event is disabled" 0 \
	"$(cat "$EVENTS/subsystem_event/enable" 2>&1)"

ktap_finished
