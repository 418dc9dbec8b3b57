#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# markers-boot: debugfs=off
# Without debugfs the tracefs tree does everything: listing, enable, the
# built-in probes, the control file.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require_boot '(^| )debugfs=off( |$)'
T=$TRACING/markers

ktap_print_header
ktap_set_plan 5

ktap_check "no debugfs markers tree" test ! -e /sys/kernel/debug/markers
ktap_check "the tracefs tree is there" test -f "$T/marker-list"
modprobe marker-example
ktap_check "marker-example's markers are listed" grep -q '^subsystem_event ' "$T/marker-list"
echo counter > "$T/subsystem_eventb/probes"
echo 'enable subsystem_eventb' > "$T/control"
: < /proc/marker-example 2>/dev/null
ktap_expect "counter attached, armed by control, one open: 10 hits" \
	"counter hits=10" "$(cat "$T/subsystem_eventb/probes")"
echo 'disable subsystem_eventb' > "$T/control"
echo '!counter' > "$T/subsystem_eventb/probes"
ktap_expect "disabled and detached" "0 " \
	"$(cat "$T/subsystem_eventb/enable") $(cat "$T/subsystem_eventb/probes")"
rmmod marker_example

ktap_finished
