#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A marker's trace event exists while code defining the name is loaded:
# events/markers/<name>/ appears with marker-example and goes with it, and
# an event enabled across the unload goes once it is disabled.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 7

ktap_check "nothing loaded: no subsystem_event event" test ! -e "$EVENTS/subsystem_event"
modprobe marker-example
ktap_check "marker-example loaded: events/markers/subsystem_event/" test -d "$EVENTS/subsystem_event"
missing=""
for f in enable format filter trigger hist id; do
	[ -e "$EVENTS/subsystem_event/$f" ] || missing="$missing $f"
done
ktap_expect "it has enable, format, filter, trigger, hist and id" "" "$missing"
ktap_check "set_event lists it" grep -qx 'markers:subsystem_event' "$TRACING/available_events"
rmmod marker_example
ktap_check "marker-example unloaded: the event is gone" test ! -e "$EVENTS/subsystem_event"

# Enabled while its module goes: it stays until disabled, then goes.
modprobe marker-example
echo 1 > "$EVENTS/subsystem_event/enable"
rmmod marker_example
ktap_expect "unloaded while enabled: the event stays, enabled" 1 \
	"$(cat "$EVENTS/subsystem_event/enable" 2>/dev/null)"
echo 0 > "$EVENTS/subsystem_event/enable"
ktap_check "disabled: it goes" event_gone "$EVENTS/subsystem_event"

ktap_finished
