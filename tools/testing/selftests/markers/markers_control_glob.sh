#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The control file applies a command to every loaded marker its glob (and
# module:) matches, says how many in the kernel log (at debug level: the
# line is turned on here through dynamic_debug), and lists the rules
# enable and attach leave; disable and detach undo both.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
C=$MARKERS/control
ktap_print_header
ktap_set_plan 10

control_log on
trap 'control_log off' EXIT

touched() { kmsg_since "$1" | sed -n 's/.*markers: control: .*: \([0-9]*\) markers$/\1/p' | tail -n 1; }
modprobe marker-example
modprobe tp-marker-example
kmsg_mark g1
echo 'enable subsystem_*' > "$C"
ktap_expect "enable subsystem_*: both subsystem markers armed, sample_tp_read not" \
	"1 1 0" "$(enable_of subsystem_event) $(enable_of subsystem_eventb) $(enable_of sample_tp_read)"
ktap_expect "... the kernel log says 2 markers" 2 "$(touched g1)"
ktap_expect "control lists the rule" "enable subsystem_*" "$(cat "$C")"
kmsg_mark g2
echo 'disable subsystem_*' > "$C"
ktap_expect "disable subsystem_*: both off, 2 markers" "0 0 2" \
	"$(enable_of subsystem_event) $(enable_of subsystem_eventb) $(touched g2)"
ktap_expect "... and the rule is gone" "" "$(cat "$C")"

echo 'attach counter *_event? ; attach counter sample_tp_rea?' > "$C"
ktap_expect "attach counter *_event? and sample_tp_rea?: subsystem_eventb and sample_tp_read only" \
	"[] [counter hits=0] [counter hits=0]" \
	"$(for n in subsystem_event subsystem_eventb sample_tp_read; do printf '[%s] ' "$(probes_of $n)"; done | sed 's/ $//')"
echo 'detach counter *_event?; detach counter sample_tp_rea?' > "$C"
ktap_expect "detach: no counter left, no rule left" "|" \
	"$(cat "$MARKERS/subsystem_eventb/probes" "$MARKERS/sample_tp_read/probes")|$(cat "$C")"

kmsg_mark g3
echo 'enable * module:tp-marker-example' > "$C"
ktap_expect "enable * module:tp-marker-example: only sample_tp_read (1 marker)" \
	"0 1 1" "$(enable_of subsystem_event) $(enable_of sample_tp_read) $(touched g3)"
ktap_expect "the rule is listed with the module's kernel spelling" \
	"enable * module:tp_marker_example" "$(cat "$C")"
echo 'disable * module:tp_marker_example' > "$C"
ktap_expect "disable with the same target removes it" "0 " \
	"$(enable_of sample_tp_read) $(cat "$C")"

ktap_finished
