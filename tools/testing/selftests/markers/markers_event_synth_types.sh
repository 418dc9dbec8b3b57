#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An action's field parameter feeds a synthetic field of another type name
# with the same size and signedness: an int field into a pid_t, for a
# tracepoint (sched_wakeup's prio) and a marker (subsystem_event's myint)
# alike.  Before the tracing core's fix (patches/0000-...), the field
# variable lost its signedness and the trigger was refused with EINVAL,
# so only the exact type name of the event's field got through.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

S=$TRACING/synthetic_events
TP=$TRACING/events/sched/sched_wakeup
MK=$EVENTS/subsystem_event
TP_TRIG='hist:keys=common_pid:v=prio:onmax($v).trace(tp_sig,prio)'
MK_TRIG='hist:keys=common_pid:v=myint:onmax($v).trace(mk_sig,myint)'

markers_setup
markers_require_events
[ -w "$S" ] || { ktap_skip_all "no $S (CONFIG_SYNTH_EVENTS=n)"; exit "$KSFT_SKIP"; }

cleanup()
{
	echo "!$TP_TRIG" >> "$TP/trigger" 2>/dev/null
	[ -e "$MK/trigger" ] && echo "!$MK_TRIG" >> "$MK/trigger" 2>/dev/null
	for e in tp_sig mk_sig; do
		[ -e "$TRACING/events/synthetic/$e/enable" ] &&
			echo 0 > "$TRACING/events/synthetic/$e/enable"
		echo "!$e" >> "$S" 2>/dev/null
	done
	markers_reset
}
trap cleanup EXIT

ktap_print_header
ktap_set_plan 4

modprobe marker-example
echo > "$TRACING/trace"
echo 'tp_sig pid_t p' >> "$S"
echo 'mk_sig pid_t p' >> "$S"
echo 1 > "$TRACING/events/synthetic/tp_sig/enable"
echo 1 > "$TRACING/events/synthetic/mk_sig/enable"
ktap_expect "tracepoint: trace(tp_sig, prio), an int into a pid_t" OK \
	"$(mwrite "$TP/trigger" "$TP_TRIG")"
ktap_expect "marker: trace(mk_sig, myint), an int into a pid_t" OK \
	"$(mwrite "$MK/trigger" "$MK_TRIG")"
sleep 0.2
fire_example 1
ktap_check "the tracepoint's trigger records tp_sig" \
	grep -q 'tp_sig: p=' "$TRACING/trace"
ktap_expect "the marker's records mk_sig with myint" 1 \
	"$(grep -c 'mk_sig: p=123$' "$TRACING/trace")"

ktap_finished
