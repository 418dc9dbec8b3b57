#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A hist trigger on a marker's event counts exactly its hits, by field.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 3

modprobe marker-example
E=$EVENTS/subsystem_event
if ! echo 'hist:keys=myint' > "$E/trigger" 2>/dev/null; then
	ktap_skip_all "no hist triggers (CONFIG_HIST_TRIGGERS=n)"
	exit "$KSFT_SKIP"
fi
fire_example 5
H=$(cat "$E/hist")
ktap_msg "$(grep -E '^\{|Hits' <<<"$H" | tr '\n' '|')"
ktap_check "5 opens: { myint: 123 } hitcount: 5" \
	grep -qE '^\{ myint: +123 \} hitcount: +5$' <<<"$H"
ktap_check "Hits: 5" grep -qE '^ +Hits: 5$' <<<"$H"
echo '!hist:keys=myint' > "$E/trigger"
echo 'hist:keys=mystring' > "$E/trigger"
fire_example 2
ktap_check "keyed by the string: { mystring: example string } hitcount: 2" \
	grep -qE '^\{ mystring: example string +\} hitcount: +2$' "$E/hist"
echo '!hist:keys=mystring' > "$E/trigger"

ktap_finished
