#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A control rule also applies to markers of modules loaded after it, on
# every load, until its opposite removes it.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
C=$TRACING/markers/control
[ -w "$C" ] || C=$MARKERS/control
ktap_print_header
ktap_set_plan 6

echo 'attach counter subsystem_*; enable subsystem_*' > "$C"
ktap_expect "rules written before any subsystem marker is loaded" \
	"$(printf 'attach counter subsystem_*\nenable subsystem_*')" "$(cat "$C")"
modprobe marker-example
ktap_expect "marker-example loaded afterwards: armed, with a counter (no printk)" \
	"1 counter hits=0" "$(enable_of subsystem_event) $(probes_of subsystem_event)"
fire_example 3
ktap_expect "3 opens: subsystem_event 3 hits, subsystem_eventb 30" "3 30" \
	"$(counter_hits subsystem_event) $(counter_hits subsystem_eventb)"
rmmod marker_example
echo 'disable subsystem_*; detach counter subsystem_*' > "$C"
ktap_expect "disable and detach remove both rules" "" "$(cat "$C")"
modprobe marker-example
ktap_expect "loaded again: not armed, no probe" "0 " \
	"$(enable_of subsystem_event) $(probes_of subsystem_event)"
fire_example 1
ktap_expect "... and the hits went nowhere" "0 " \
	"$(enable_of subsystem_eventb) $(probes_of subsystem_eventb)"

ktap_finished
