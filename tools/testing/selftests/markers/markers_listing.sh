#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The top-level files of /sys/kernel/debug/markers/: every marker-list line
# has the documented syntax, the samples' names come and go with their
# modules, each <name>/format matches the listing, and available-probes
# names the built-in probes.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup

LINE_RE='^[A-Za-z_][A-Za-z0-9_]* armed=[01] active=[01] arms=[0-9]+ probes=[0-9]+'
LINE_RE+=' instances=[0-9]+ conflicts=[0-9]+'
LINE_RE+=' modules=([A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*|-)'
LINE_RE+=' format="([^"\\[:cntrl:]]|\\[0-7]{3})*"$'

# Every line of the listing matches LINE_RE; armed agrees with arms.
listing_well_formed()
{
	local line bad=0 n=0 arms armed

	while IFS= read -r line; do
		n=$((n + 1))
		if ! [[ $line =~ $LINE_RE ]]; then
			ktap_msg "malformed: $line"
			bad=1
			continue
		fi
		[[ $line =~ \ armed=([01])\ active=[01]\ arms=([0-9]+)\  ]]
		armed=${BASH_REMATCH[1]}
		arms=${BASH_REMATCH[2]}
		if [ "$armed" != "$((arms > 0))" ]; then
			ktap_msg "armed/arms disagree: $line"
			bad=1
		fi
	done < "$MARKER_LIST"
	[ -z "$1" ] || [ "$n" -ge "$1" ] || { ktap_msg "only $n lines"; bad=1; }
	return $bad
}

# The listing's format of NAME, its octal escapes decoded.
listing_format()
{
	local f

	f=$(listing_line "$1" | sed 's/.* format="\(.*\)"$/\1/')
	printf '%b' "$(sed 's/\\\([0-7]\{3\}\)/\\0\1/g' <<<"$f")"
}

# Each loaded name's format file is the listing's format and a newline.
formats_agree()
{
	local d name bad=0 n=0

	for d in "$MARKERS"/*/; do
		name=$(basename "$d")
		n=$((n + 1))
		fmt=$(cat "$d/format"; echo .)
		if [ "$fmt" != "$(listing_format "$name"; printf '\n.')" ]; then
			ktap_msg "$name: format '$(cat "$d/format")'" \
				"vs listing '$(listing_format "$name")'"
			bad=1
		fi
	done
	[ "$n" -ge "$1" ] || { ktap_msg "only $n directories"; bad=1; }
	return $bad
}

# dir_state NAME: "dir" or "nodir", and "listed" or "unlisted".
dir_state()
{
	local s=nodir

	[ -d "$MARKERS/$1" ] && [ -f "$MARKERS/$1/enable" ] &&
		[ -f "$MARKERS/$1/format" ] && [ -f "$MARKERS/$1/probes" ] && s=dir
	if listing_line "$1" >/dev/null; then
		echo "$s listed"
	else
		echo "$s unlisted"
	fi
}

ktap_print_header
ktap_set_plan 17

ktap_check "without the samples, every listing line is well formed" \
	listing_well_formed
ktap_expect "without the samples, subsystem_event is neither listed nor a directory" \
	"nodir unlisted" "$(dir_state subsystem_event)"
ktap_expect "without the samples, sample_tp_read is neither listed nor a directory" \
	"nodir unlisted" "$(dir_state sample_tp_read)"

modprobe marker-example
modprobe tp-marker-example
ktap_check "with the samples, every listing line is well formed" \
	listing_well_formed 3
ktap_expect "subsystem_event's listing line" \
	"$(listing_expect subsystem_event 0 0 0 0 1 marker_example 'myint %d mystring %s')" \
	"$(listing_line subsystem_event)"
ktap_expect "subsystem_eventb's listing line (MARK_NOARGS is one space)" \
	"$(listing_expect subsystem_eventb 0 0 0 0 1 marker_example ' ')" \
	"$(listing_line subsystem_eventb)"
ktap_expect "sample_tp_read's listing line" \
	"$(listing_expect sample_tp_read 0 0 0 0 1 tp_marker_example 'pid %d comm %s')" \
	"$(listing_line sample_tp_read)"
ktap_expect "loaded: subsystem_event has its directory and its line" \
	"dir listed" "$(dir_state subsystem_event)"
ktap_expect "loaded: sample_tp_read has its directory and its line" \
	"dir listed" "$(dir_state sample_tp_read)"
ktap_check "every directory's format file equals the listing's format" \
	formats_agree 3
ktap_expect "subsystem_event/format reads the format and a newline" \
	"$(printf 'myint %%d mystring %%s\n.')" "$(cat "$MARKERS/subsystem_event/format"; echo .)"

rmmod marker-example
ktap_expect "marker-example unloaded: subsystem_event gone from the listing and debugfs" \
	"nodir unlisted" "$(dir_state subsystem_event)"
ktap_expect "marker-example unloaded: subsystem_eventb gone as well" \
	"nodir unlisted" "$(dir_state subsystem_eventb)"
ktap_expect "tp-marker-example still loaded: sample_tp_read stays" \
	"dir listed" "$(dir_state sample_tp_read)"
rmmod tp-marker-example
ktap_expect "tp-marker-example unloaded: sample_tp_read gone" \
	"nodir unlisted" "$(dir_state sample_tp_read)"
ktap_check "after the unloads, every listing line is still well formed" \
	listing_well_formed
# "trace" is there when the kernel has the markers' trace events.
modprobe marker-example
if [ -d /sys/kernel/tracing/events/markers/subsystem_event ]; then
	probes='printk\ncounter\ntrace'
else
	probes='printk\ncounter'
fi
ktap_expect "available-probes lists printk, counter (and trace with trace events), one per line" \
	"$(printf "$probes")" "$(cat "$MARKERS/available-probes")"

ktap_finished
