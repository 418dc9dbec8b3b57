#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An event removed after its module went (it was enabled across the
# unload) leaves no record behind that its type id, free for the next
# event, could decode: the trace is cleared, as the trace core does when a
# module's or a dynamic event goes.  Before, `trace` showed the records as
# "Unknown type N", or with another event's fields once the id was reused.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 3

modprobe marker-example
echo > "$TRACING/trace"
echo 1 > "$EVENTS/subsystem_event/enable"
fire_example 3
rmmod marker_example
ktap_expect "recorded before the unload: 3 records" 3 \
	"$(grep -c 'subsystem_event: myint=123' "$TRACING/trace")"
echo 0 > "$EVENTS/subsystem_event/enable"
ktap_check "disabled after the unload: the event goes" event_gone "$EVENTS/subsystem_event"
out=$(grep -v '^#' "$TRACING/trace")
ktap_msg "$(head -2 <<<"$out")"
ktap_expect "its records went with it (no 'Unknown type')" "" "$out"

ktap_finished
