#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# markers-boot: lockdown=integrity
# Under lockdown=integrity debugfs refuses its writable files, but the
# markers tree is tracefs', which integrity does not lock down, and
# /sys/kernel/debug/markers is only a link into it: both paths work.  The
# modules are signed at modules_install (CONFIG_MODULE_SIG_ALL), so
# marker-example loads.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require_boot '(^| )lockdown=integrity( |$)'
mount -t securityfs none /sys/kernel/security 2>/dev/null
T=$TRACING/markers

ktap_print_header
ktap_set_plan 8

ktap_expect "the kernel is locked down for integrity" \
	"none [integrity] confidentiality" "$(cat /sys/kernel/security/lockdown)"
ktap_check "modprobe marker-example (a signed module)" modprobe marker-example
ktap_expect "debugfs refuses its own writable files: EPERM" EPERM \
	"$("$MIO" w /sys/kernel/debug/clear_warn_once 1)"
ktap_expect "the debugfs path is a link into tracefs" tracing/markers \
	"$(readlink "$MARKERS")"
echo counter > "$T/subsystem_eventb/probes"
ktap_expect "through debugfs: control enables" OK \
	"$("$MIO" w "$MARKERS/control" 'enable subsystem_eventb')"
: < /proc/marker-example 2>/dev/null
ktap_expect "counter attached, armed, one open: 10 hits" \
	"counter hits=10" "$(cat "$T/subsystem_eventb/probes")"
ktap_expect "through debugfs: enable disarms" OK \
	"$("$MIO" w "$MARKERS/subsystem_eventb/enable" 0)"
echo 'disable subsystem_eventb' > "$T/control"
echo '!counter' > "$T/subsystem_eventb/probes"
rmmod marker_example
ktap_check "tracefs: disabled, detached, unloaded" test ! -e "$T/subsystem_eventb"

ktap_finished
