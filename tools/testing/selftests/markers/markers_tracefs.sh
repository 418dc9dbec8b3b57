#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# /sys/kernel/tracing/markers/ is the same tree as the debugfs one: the
# same top files and listing, the same per-marker files, and a write in
# one tree is what the other reads.  A descriptor kept on a file of a
# removed directory answers ENODEV.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
T=$TRACING/markers
if [ ! -d "$T" ]; then
	ktap_skip_all "no $T (no tracefs)"
	exit "$KSFT_SKIP"
fi

ktap_print_header
ktap_set_plan 9

modprobe marker-example
ktap_expect "top files: available-probes control marker-list" \
	"available-probes control marker-list" \
	"$(ls "$T" | grep -v _ | grep -v subsystem | xargs)"
ktap_expect "the same listing in both trees" \
	"$(sort "$MARKER_LIST")" "$(sort "$T/marker-list")"
ktap_expect "the same available-probes" \
	"$(cat "$MARKERS/available-probes")" "$(cat "$T/available-probes")"
ktap_expect "subsystem_event/: enable format probes, modes 600 400 600" \
	"enable:600 format:400 probes:600" \
	"$(for f in enable format probes; do printf '%s:%s ' $f "$(stat -c %a "$T/subsystem_event/$f")"; done | xargs)"
ktap_expect "the same format" "$(cat "$MARKERS/subsystem_event/format")" \
	"$(cat "$T/subsystem_event/format")"
echo 1 > "$T/subsystem_event/enable"
echo counter > "$T/subsystem_event/probes"
ktap_expect "enable and attach through tracefs: debugfs reads them" \
	"1 counter hits=0" \
	"$(cat "$MARKERS/subsystem_event/enable") $(cat "$MARKERS/subsystem_event/probes" | grep counter)"
echo 0 > "$MARKERS/subsystem_event/enable"
echo '!counter' > "$MARKERS/subsystem_event/probes"
ktap_expect "disable and detach through debugfs: tracefs reads them" "0 " \
	"$(cat "$T/subsystem_event/enable") $(cat "$T/subsystem_event/probes")"

exec 3< "$T/subsystem_event/enable"
rmmod marker_example
ktap_expect "a descriptor kept across the unload: ENODEV" ENODEV \
	"$("$MIO" r fd:3 | tail -n 1)"
modprobe marker-example
ktap_expect "... and still ENODEV once the name is back (a new directory)" ENODEV \
	"$("$MIO" r fd:3 | tail -n 1)"
exec 3<&-

ktap_finished
