#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# markers-boot: lockdown=integrity
# Under lockdown=integrity debugfs refuses its writable files, and the
# tracefs tree keeps working.  The modules are signed at modules_install
# (CONFIG_MODULE_SIG_ALL), so marker-example loads.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require_boot '(^| )lockdown=integrity( |$)'
mount -t securityfs none /sys/kernel/security 2>/dev/null
T=$TRACING/markers

ktap_print_header
ktap_set_plan 6

ktap_expect "the kernel is locked down for integrity" \
	"none [integrity] confidentiality" "$(cat /sys/kernel/security/lockdown)"
ktap_check "modprobe marker-example (a signed module)" modprobe marker-example
ktap_expect "debugfs refuses its enable file: EPERM" EPERM \
	"$("$MIO" w "$MARKERS/subsystem_eventb/enable" 1)"
ktap_expect "debugfs refuses the control file: EPERM" EPERM \
	"$("$MIO" w "$MARKERS/control" 'enable subsystem_eventb')"
echo counter > "$T/subsystem_eventb/probes"
echo 1 > "$T/subsystem_eventb/enable"
: < /proc/marker-example 2>/dev/null
ktap_expect "tracefs: counter attached and armed, one open: 10 hits" \
	"counter hits=10" "$(cat "$T/subsystem_eventb/probes")"
echo 0 > "$T/subsystem_eventb/enable"
echo '!counter' > "$T/subsystem_eventb/probes"
rmmod marker_example
ktap_check "tracefs: disabled, detached, unloaded" test ! -e "$T/subsystem_eventb"

ktap_finished
