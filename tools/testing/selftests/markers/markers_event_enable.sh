#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Enabling a marker's event records its hits in the ring buffer, with the
# sample's values, and arms the marker with the event's own reference:
# tracefs and the markers tree agree on the armed state, and the built-in
# probe "trace" of the markers tree is the same recording.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 9

modprobe marker-example
E=$EVENTS/subsystem_event
echo 1 > "$E/enable"
ktap_expect "tracefs enable: the markers tree's enable reads 1" 1 "$(enable_of subsystem_event)"
ktap_expect "... and its probes file shows trace" "trace" "$(cat "$MARKERS/subsystem_event/probes")"
fire_example 2
ktap_expect "2 opens of /proc/marker-example: 2 records with the sample's values" 2 \
	"$(grep -c 'subsystem_event: myint=123 mystring=example string$' "$TRACING/trace")"
echo 0 > "$E/enable"
ktap_expect "tracefs disable: the markers tree's enable reads 0" 0 "$(enable_of subsystem_event)"
fire_example 1
ktap_expect "disabled: no more records" 2 \
	"$(grep -c 'subsystem_event: myint=123' "$TRACING/trace")"

echo > "$TRACING/trace"
echo trace > "$MARKERS/subsystem_event/probes"
ktap_expect "echo trace > probes enables the tracefs event" 1 "$(cat "$E/enable")"
fire_example 1
ktap_expect "... which records" 1 "$(grep -c 'subsystem_event: myint=123' "$TRACING/trace")"
echo '!trace' > "$MARKERS/subsystem_event/probes"
ktap_expect "echo !trace > probes disables it" "0 0" "$(cat "$E/enable") $(enable_of subsystem_event)"

# An instance has its own enable, and its own arm of the marker.
echo > "$TRACING/trace"
mkdir "$TRACING/instances/mtest"
echo 1 > "$TRACING/instances/mtest/events/markers/subsystem_event/enable"
fire_example 1
ktap_expect "an instance records on its own (top: 0, instance: 1)" "0 1" \
	"$(grep -c 'myint=123' "$TRACING/trace") $(grep -c 'myint=123' "$TRACING/instances/mtest/trace")"
echo 0 > "$TRACING/instances/mtest/events/markers/subsystem_event/enable"
rmdir "$TRACING/instances/mtest"

ktap_finished
