#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# No memory while a loaded name changes: with failslab failing every
# allocation made under marker_event_wanted() (the copy of the name's
# format the events take), loading a second instance of subsystem_event
# leaves its event as it was, with no oops.  Before, the event code went
# on with a NULL format: strcmp(ev->format, NULL).  Needs failslab with
# its stack filter (the debug profile).
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

KO="$DIR/test_modules/marker_formats.ko"
FS=/sys/kernel/debug/failslab

markers_setup
markers_require_events
if [ ! -w "$FS/require-start" ] || [ ! -r "$KO" ]; then
	ktap_skip_all "no failslab stack filter (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER) or no marker_formats.ko"
	exit "$KSFT_SKIP"
fi
cleanup()
{
	echo 0 > "$FS/probability"
	echo 0 > "$FS/require-start"
	echo 0 > "$FS/require-end"
	rmmod marker_formats 2>/dev/null
	markers_reset
}
trap cleanup EXIT

# The address range of a text symbol: its address to the next one's.
range=$(sort /proc/kallsyms | awk '
	f { print $1; exit }
	$3 == "marker_event_wanted" { printf "0x%s 0x", $1; f = 1 }')

ktap_print_header
ktap_set_plan 5

ktap_check "marker_event_wanted() is in /proc/kallsyms" test -n "$range"
modprobe marker-example
id=$(cat "$EVENTS/subsystem_event/id")
kmsg_mark nomem
read -r start end <<<"$range"
echo "$start" > "$FS/require-start"
echo "$end" > "$FS/require-end"
echo N > "$FS/ignore-gfp-wait"
echo N > "$FS/task-filter"
echo -1 > "$FS/times"
echo 1 > "$FS/interval"
echo 0 > "$FS/verbose"
echo 100 > "$FS/probability"
insmod "$KO"
echo 0 > "$FS/probability"
ktap_check "insmod marker_formats (a second subsystem_event) under failslab" \
	test -d /sys/module/marker_formats
ktap_expect "the event stays as it was" "$id" "$(cat "$EVENTS/subsystem_event/id" 2>&1)"
out=$(kmsg_since nomem)
ktap_msg "$(grep -m1 'markers: subsystem_event' <<<"$out")"
ktap_expect "no splat in the kernel log" "" "$(grep -E "$SPLAT_RE" <<<"$out")"
rmmod marker_formats
echo > "$TRACING/trace"
echo 1 > "$EVENTS/subsystem_event/enable"
fire_example 1
ktap_expect "afterwards the event records" 1 \
	"$(grep -c 'subsystem_event: myint=123' "$TRACING/trace")"

ktap_finished
