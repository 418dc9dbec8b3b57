#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad input on a marker's event gets a clear errno and changes nothing,
# and enabling it while its module unloads leaves no splat.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events
markers_require_helpers

ktap_print_header
ktap_set_plan 7

modprobe marker-example
E=$EVENTS/subsystem_event
kmsg_mark evbad

ktap_expect "filter on an unknown field: EINVAL" EINVAL \
	"$("$MIO" w "$E/filter" 'nosuch > 1')"
echo 1 > "$E/enable"
fire_example 1
echo 0 > "$E/enable"
ktap_expect "... and filters nothing: the hit is recorded" 1 \
	"$(grep -c 'subsystem_event: myint=123' "$TRACING/trace")"
ktap_expect "hist on the string key with an unknown modifier (.bogus): EINVAL" EINVAL \
	"$("$MIO" w "$E/trigger" 'hist:keys=mystring.bogus')"
ktap_expect "... no trigger was added" "" "$(grep -v '^#' "$E/trigger")"
ktap_expect "enable with a bad word: EINVAL" EINVAL "$("$MIO" w "$E/enable" 'yes please')"

# Enable and disable while the module comes and goes.
(
	for i in $(seq 40); do
		modprobe marker-example
		rmmod marker_example 2>/dev/null
	done
) &
loader=$!
for i in $(seq 400); do
	echo 1 > "$E/enable" 2>/dev/null
	echo 0 > "$E/enable" 2>/dev/null
done
wait $loader
rmmod marker_example 2>/dev/null
for i in $(seq 50); do
	[ -e "$E" ] || break
	echo 0 > "$E/enable" 2>/dev/null
	sleep 0.1
done
ktap_check "after the race: the event is gone with its module" test ! -e "$E"
ktap_expect "no splat in the kernel log during the race" "" \
	"$(kmsg_since evbad | grep -E "$SPLAT_RE")"

ktap_finished
