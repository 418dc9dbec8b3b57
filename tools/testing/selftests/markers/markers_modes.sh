#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Everything under /sys/kernel/debug/markers/ (a link into tracefs) is root
# only: the documented modes (0600 for enable and probes, 0400 for the
# rest, owned by root), and a user (nobody) can neither read nor write any
# file -- both with debugfs and tracefs mounted as usual (0700) and with
# their top directories opened to all, so the files' own modes are what
# refuses.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup

DEBUGFS=/sys/kernel/debug
old_mode=$(stat -c %a "$DEBUGFS")
old_tmode=$(stat -c %a "$TRACING")

restore()
{
	mount -o "remount,mode=0$old_mode" "$DEBUGFS" 2>/dev/null
	mount -o "remount,mode=0$old_tmode" "$TRACING" 2>/dev/null
	markers_reset
}
trap restore EXIT

FILES=(marker-list available-probes subsystem_event/enable
       subsystem_event/format subsystem_event/probes)
MODES=(400 400 600 400 600)

# As nobody, read and write every file: prints one word per attempt.
nobody_attempts()
{
	local f out=""

	for f in "${FILES[@]}"; do
		out="$out $("$DROP_UID" "$MIO" r "$MARKERS/$f" | tail -n 1)"
		out="$out $("$DROP_UID" "$MIO" w "$MARKERS/$f" '0\n')"
	done
	echo "${out# }"
}

ktap_print_header
ktap_set_plan 10

modprobe marker-example
echo counter > "$MARKERS/subsystem_event/probes"
for i in "${!FILES[@]}"; do
	ktap_expect "${FILES[i]}: mode ${MODES[i]}, owned by root:root" \
		"${MODES[i]} 0 0" "$(stat -c '%a %u %g' "$MARKERS/${FILES[i]}")"
done
ktap_expect "the helper really runs as nobody" "65534 65534" \
	"$("$DROP_UID" id -u) $("$DROP_UID" id -g)"

all_eacces=$(printf 'EACCES %.0s' $(seq 10))
before=$(marker_state subsystem_event)
ktap_expect "nobody: every read and write is EACCES (debugfs mode $old_mode)" \
	"${all_eacces% }" "$(nobody_attempts)"
if mount -o remount,mode=0755 "$DEBUGFS" 2>/dev/null &&
   mount -o remount,mode=0755 "$TRACING" 2>/dev/null &&
   [ "$(stat -c %a "$DEBUGFS") $(stat -c %a "$TRACING")" = "755 755" ]; then
	ktap_expect "nobody: every read and write is EACCES (debugfs and tracefs opened to 0755)" \
		"${all_eacces% }" "$(nobody_attempts)"
	mount -o "remount,mode=0$old_mode" "$DEBUGFS"
	mount -o "remount,mode=0$old_tmode" "$TRACING"
else
	ktap_test_skip "cannot remount debugfs and tracefs with mode=0755"
fi
ktap_expect "nobody's attempts changed nothing" "$before" \
	"$(marker_state subsystem_event)"
w1=$(mwrite "$MARKERS/marker-list" 1)
w2=$(mwrite "$MARKERS/available-probes" 1)
w3=$(mwrite "$MARKERS/subsystem_event/format" 1)
ktap_expect "root: the 0400 files take no write" "EINVAL EINVAL EINVAL" "$w1 $w2 $w3"

ktap_finished
