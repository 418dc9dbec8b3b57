#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A successful control command says how many markers it matched at debug
# level (dynamic debug), so a script that writes control in a loop does
# not fill the kernel log; with the line turned on in dynamic_debug, each
# command logs it.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
C=$MARKERS/control
DDC=/sys/kernel/debug/dynamic_debug/control
ktap_print_header
ktap_set_plan 3

[ -w "$DDC" ] || ktap_exit_fail_msg "no $DDC (CONFIG_DYNAMIC_DEBUG)"
lines() { kmsg_since "$1" | grep -c 'markers: control: '; }
dyndbg_off() { echo 'format "control: " -p' > "$DDC"; }
trap dyndbg_off EXIT
dyndbg_off
modprobe marker-example

kmsg_mark q1
for i in $(seq 50); do
	echo 'enable subsystem_*' > "$C" && echo 'disable subsystem_*' > "$C" ||
		break
done
ktap_expect "100 successful control writes: no line in the kernel log" \
	0 "$(lines q1)"

echo 'format "control: " +p' > "$DDC"
kmsg_mark q2
echo 'enable subsystem_*; disable subsystem_*' > "$C"
ktap_expect "with the line on in dynamic_debug: one line per command" \
	2 "$(lines q2)"
ktap_expect "... saying how many markers it matched" \
	"enable subsystem_*: 2 markers|disable subsystem_*: 2 markers" \
	"$(kmsg_since q2 | sed -n 's/.*markers: control: //p' | paste -sd '|')"

markers_unload_samples
ktap_finished
