#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An eprobe on a marker's event reads the marker's fields, and holds the
# event: unloading the marker's module while the eprobe exists leaves the
# event in place (it records nothing), deleting the eprobe then lets it
# go.  Before, the event was freed under the eprobe (KASAN:
# slab-use-after-free in trace_event_probe_cleanup on deleting it).
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

DYN=$TRACING/dynamic_events
EP=$TRACING/events/eprobes/mk_ep

markers_setup
markers_require_events
[ -w "$DYN" ] || { ktap_skip_all "no $DYN (CONFIG_DYNAMIC_EVENTS=n)"; exit "$KSFT_SKIP"; }

cleanup()
{
	[ -e "$EP/enable" ] && echo 0 > "$EP/enable"
	echo '-:mk_ep' >> "$DYN" 2>/dev/null
	markers_reset
}
trap cleanup EXIT

ktap_print_header
ktap_set_plan 7

kmsg_mark eprobe
modprobe marker-example
echo > "$TRACING/trace"
ktap_check "e:mk_ep markers.subsystem_event with its two fields is accepted" \
	bash -c "echo 'e:mk_ep markers.subsystem_event v=\$myint:s32 s=\$mystring:string' >> $DYN"
echo 1 > "$EP/enable"
fire_example 2
echo 0 > "$EP/enable"
ktap_msg "$(grep mk_ep "$TRACING/trace" | head -1)"
ktap_expect "it records the marker's fields on each hit" 2 \
	"$(grep -c 'mk_ep: (markers.subsystem_event) v=123 s="example string"' "$TRACING/trace")"

ktap_check "rmmod marker_example while the eprobe exists" rmmod marker_example
ktap_check "the eprobe holds the event: events/markers/subsystem_event stays" \
	test -d "$EVENTS/subsystem_event"
ktap_check "deleting the eprobe works" bash -c "echo '-:mk_ep' >> $DYN"
ktap_check "then the event goes" event_gone "$EVENTS/subsystem_event"
out=$(kmsg_since eprobe | grep -E "$SPLAT_RE")
ktap_expect "no splat in the kernel log" "" "$out"

ktap_finished
