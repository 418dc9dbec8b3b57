#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Markers and modules: directories follow the loading of the code that
# defines the names; probes and arms may come before the marker; what the
# interface holds survives an unload and reload; a descriptor opened
# before the unload never succeeds after it.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup

NAME=subsystem_event
EV=$MARKERS/$NAME

has_dirs()
{
	local d out=""

	for d in subsystem_event subsystem_eventb; do
		if [ -d "$MARKERS/$d" ]; then out="$out $d=dir"; else out="$out $d=none"; fi
	done
	echo "${out# }"
}

ktap_print_header
ktap_set_plan 19

ktap_expect "nothing loaded: no directories" \
	"subsystem_event=none subsystem_eventb=none" "$(has_dirs)"
modprobe marker-example
ktap_expect "marker-example loaded: both directories" \
	"subsystem_event=dir subsystem_eventb=dir" "$(has_dirs)"
rmmod marker-example
ktap_expect "marker-example unloaded: both gone" \
	"subsystem_event=none subsystem_eventb=none" "$(has_dirs)"

# Probe before marker.
kmsg_mark probefirst
modprobe probe-example
ktap_expect "probe-example alone: listed with its probe and arm, no instance" \
	"$(listing_expect $NAME 1 0 1 1 0 - 'myint %d mystring %s')" \
	"$(listing_line $NAME)"
ktap_expect "probe-example alone: no directory (no code defines the name)" \
	"subsystem_event=none subsystem_eventb=none" "$(has_dirs)"
modprobe marker-example
ktap_expect "then marker-example: armed, active, one instance" \
	"$(listing_expect $NAME 1 1 1 1 1 marker_example 'myint %d mystring %s')" \
	"$(listing_line $NAME)"
ktap_expect "the directory appears, enable reads 1" 1 "$(enable_of $NAME)"
fire_example 2
rmmod marker-example
rmmod probe-example
log=$(kmsg_since probefirst)
ktap_expect "probe-example's probe was called: two lines with the values" 2 \
	"$(grep -c 'probe-example: subsystem_event myint 123 mystring example string$' <<<"$log")"
ktap_check "probe-example counted 20 hits of subsystem_eventb" \
	grep -q 'Number of event b : 20$' <<<"$log"

# What the interface holds survives the unload of the marker's module.
# (counter first, so that "1" attaches no printk; with no instance and no
# probe giving a format, the listing's format is empty.)
modprobe marker-example
echo counter > "$EV/probes"
echo 1 > "$EV/enable"
fire_example 1
rmmod marker-example
ktap_expect "unloaded with an arm and a counter: still listed, no instance" \
	"$NAME armed=1 active=0 arms=1 probes=1 instances=0 conflicts=0 modules=- format=\"\"" \
	"$(listing_line $NAME)"
modprobe marker-example
ktap_expect "reloaded: enable=1 and the counter (with its hits) come back" \
	"enable=1 arms=1 probes=counter hits=1;" "$(marker_state $NAME)"
fire_example 2
ktap_expect "reloaded: armed at once, the counter counts" 3 "$(counter_hits $NAME)"

# Descriptors opened before an unload.
exec 3> "$EV/enable" 4< "$EV/enable" 5< "$EV/probes"
ktap_expect "an fd opened on enable works before the unload" "1 OK" \
	"$("$MIO" r fd:4 | tr -d '\n') $("$MIO" w fd:3 1)"
rmmod marker-example
ok_err()
{
	case "$1" in
	ENODEV|EIO) echo refused ;;
	*) echo "$1" ;;
	esac
}
ktap_expect "after the unload: write through the old enable fd is ENODEV/EIO" refused \
	"$(ok_err "$("$MIO" w fd:3 0)")"
ktap_expect "after the unload: read through the old enable/probes fds is ENODEV/EIO" \
	"refused refused" \
	"$(ok_err "$("$MIO" r fd:4)") $(ok_err "$("$MIO" r fd:5)")"
modprobe marker-example
ktap_expect "after a reload: the old fd still refuses a write" refused \
	"$(ok_err "$("$MIO" w fd:3 0)")"
ktap_expect "the refused writes changed nothing: still armed, counter kept" \
	"enable=1 arms=1 probes=counter hits=3;" "$(marker_state $NAME)"
exec 3>&- 4<&- 5<&-

# The same for the tracepoint-backed marker: the arm taken while loaded
# reconnects the tracepoint when the module comes back.
modprobe tp-marker-example
echo counter > "$MARKERS/sample_tp_read/probes"
echo 1 > "$MARKERS/sample_tp_read/enable"
fire_tp_example 2
rmmod tp-marker-example
modprobe tp-marker-example
ktap_expect "sample_tp_read reloaded: enable=1 and the counter come back" \
	"enable=1 arms=1 probes=counter hits=2;" "$(marker_state sample_tp_read)"
fire_tp_example 3
ktap_expect "sample_tp_read reloaded: the tracepoint fires into the marker again" \
	5 "$(counter_hits sample_tp_read)"

ktap_finished
