#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A successful control command says how many markers it matched at debug
# level (dynamic debug), so a script that writes control in a loop does
# not fill the kernel log; with the line turned on in dynamic_debug, each
# command logs it.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
C=$MARKERS/control
ktap_print_header
ktap_set_plan 3

lines() { kmsg_since "$1" | grep -c 'markers: control: '; }
control_log off
trap 'control_log off' EXIT
modprobe marker-example

kmsg_mark q1
for i in $(seq 50); do
	echo 'enable subsystem_*' > "$C" && echo 'disable subsystem_*' > "$C" ||
		break
done
ktap_expect "100 successful control writes: no line in the kernel log" \
	0 "$(lines q1)"

control_log on
kmsg_mark q2
echo 'enable subsystem_*; disable subsystem_*' > "$C"
ktap_expect "with the line on in dynamic_debug: one line per command" \
	2 "$(lines q2)"
ktap_expect "... saying how many markers it matched" \
	"enable subsystem_*: 2 markers|disable subsystem_*: 2 markers" \
	"$(kmsg_since q2 | sed -n 's/.*markers: control: //p' | paste -sd '|')"

markers_unload_samples
ktap_finished
