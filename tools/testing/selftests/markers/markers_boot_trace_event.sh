#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# markers-boot: trace_event=markers:initcall_finish
# trace_event= on the kernel command line enables a vmlinux marker's event
# from boot, as it does any other event: the tracing core applies it
# before the markers' events exist, so the markers apply their entries
# when the events are made (fs_initcall); the initcalls that finish after
# that are in the trace.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require_boot 'trace_event=markers:initcall_finish'
E=$TRACING/events/markers/initcall_finish

ktap_print_header
ktap_set_plan 3

ktap_expect "events/markers/initcall_finish is enabled from boot" 1 \
	"$(cat "$E/enable" 2>&1)"
n=$(grep -c 'initcall_finish: func=' "$TRACING/trace")
ktap_msg "$(grep -m1 'initcall_finish: func=' "$TRACING/trace")"
ktap_check "the boot's later initcalls are in the trace ($n > 10)" test "${n:-0}" -gt 10
ktap_check "the kernel log says so" \
	grep -q 'markers: trace_event=: enabled markers:initcall_finish' <<<"$(dmesg)"
echo 0 > "$E/enable"

ktap_finished
