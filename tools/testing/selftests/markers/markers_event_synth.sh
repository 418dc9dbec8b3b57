#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inter-event histograms fed by marker events: a common_timestamp variable
# saved on subsystem_event and read on subsystem_eventb (each open of
# /proc/marker-example fires the first once, then the second) feeds a
# synthetic event through onmatch() and onmax(), as sched_waking and
# sched_switch do in Documentation/trace/histogram.rst.  The hist triggers
# hold the marker events: across rmmod they stay, and they go once the
# triggers are removed.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

S=$TRACING/synthetic_events
A=$EVENTS/subsystem_event
B=$EVENTS/subsystem_eventb
START='hist:keys=common_pid:ts0=common_timestamp.usecs,v0=myint'
MATCH='hist:keys=common_pid:lat=common_timestamp.usecs-$ts0:onmatch(markers.subsystem_event).trace(mk_lat,$lat,$v0)'
MAX='hist:keys=common_pid:lat=common_timestamp.usecs-$ts0,v=$v0:onmax($lat).trace(mk_lat,$lat,$v)'

markers_setup
markers_require_events
[ -w "$S" ] || { ktap_skip_all "no $S (CONFIG_SYNTH_EVENTS=n)"; exit "$KSFT_SKIP"; }

cleanup()
{
	if [ -e "$B/trigger" ]; then
		echo "!$MATCH" >> "$B/trigger"
		echo "!$MAX" >> "$B/trigger"
	fi 2>/dev/null
	[ -e "$A/trigger" ] && echo "!$START" >> "$A/trigger" 2>/dev/null
	[ -e "$TRACING/events/synthetic/mk_lat/enable" ] &&
		echo 0 > "$TRACING/events/synthetic/mk_lat/enable"
	echo '!mk_lat' >> "$S" 2>/dev/null
	markers_reset
}
trap cleanup EXIT

ktap_print_header
ktap_set_plan 7

modprobe marker-example
echo 'mk_lat u64 lat; int v' > "$S"
ktap_check "the start trigger with a common_timestamp variable" \
	bash -c "echo '$START' > $A/trigger"
ktap_check "onmatch(markers.subsystem_event).trace(mk_lat, ...) on subsystem_eventb" \
	bash -c "echo '$MATCH' > $B/trigger"
echo 1 > "$TRACING/events/synthetic/mk_lat/enable"
echo > "$TRACING/trace"
fire_example 3
ktap_msg "$(grep -m1 'mk_lat:' "$TRACING/trace")"
ktap_expect "3 opens: 3 mk_lat records carrying myint" 3 \
	"$(grep -cE 'mk_lat: lat=[0-9]+ v=123$' "$TRACING/trace")"

echo "!$MATCH" >> "$B/trigger"
echo "$MAX" > "$B/trigger"
fire_example 3
ktap_check "onmax(\$lat).trace(mk_lat, ...): the hist shows the max" \
	grep -qE 'max: +[0-9]+' "$B/hist"

rmmod marker_example
ktap_check "rmmod with the triggers in place: both events stay" \
	test -d "$A" -a -d "$B"
echo "!$MAX" >> "$B/trigger"
echo "!$START" >> "$A/trigger"
event_gone "$B"
event_gone "$A"
ktap_check "triggers removed: both events go" test ! -e "$A" -a ! -e "$B"
echo 0 > "$TRACING/events/synthetic/mk_lat/enable"
ktap_check "the synthetic event is deleted" bash -c "echo '!mk_lat' >> $S"

ktap_finished
