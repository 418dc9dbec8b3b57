#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The seed's sequence with the sample modules, in both load orders:
#   modprobe marker-example; modprobe probe-example;
#   cat /proc/marker-example; rmmod marker-example probe-example; dmesg
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require_samples
markers_unload_samples

ktap_print_header
ktap_set_plan 8

run_sequence()
{
	local first=$1 second=$2 label=$3
	local mark

	mark="markers-selftest-$label-$$"
	echo "$mark" > /dev/kmsg
	modprobe "$first" && modprobe "$second"
	ktap_check "$label: both modules load" \
		test -e /proc/marker-example
	ktap_check "$label: opening /proc/marker-example fails with EPERM" \
		test "$(open_error /proc/marker-example)" = EPERM
	rmmod marker-example probe-example
	local log
	log=$(dmesg | sed -n "/$mark/,\$p")
	ktap_check "$label: the printing probe logged the values" \
		grep -q "subsystem_event myint 123 mystring example string" <<<"$log"
	ktap_check "$label: Number of event b : 10" \
		grep -q "Number of event b : 10$" <<<"$log"
}

run_sequence marker-example probe-example "marker first"
run_sequence probe-example marker-example "probe first"

markers_unload_samples
ktap_finished
