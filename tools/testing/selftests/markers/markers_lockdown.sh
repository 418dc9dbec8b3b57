#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# markers-boot: lockdown=integrity
# Under lockdown=integrity debugfs refuses its writable files, and the
# tracefs tree keeps working.  Unsigned modules are refused too, so the
# marker driven here is vmlinux's initcall_finish.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

if ! grep -qw 'lockdown=integrity' /proc/cmdline; then
	ktap_skip_all "needs a boot with lockdown=integrity (harness/extra-boots.sh)"
	exit "$KSFT_SKIP"
fi
[ -d "$TRACING/markers" ] || mount -t tracefs nodev "$TRACING"
mount -t securityfs none /sys/kernel/security 2>/dev/null
T=$TRACING/markers
M=initcall_finish

ktap_print_header
ktap_set_plan 5

ktap_expect "the kernel is locked down for integrity" \
	"none [integrity] confidentiality" "$(cat /sys/kernel/security/lockdown)"
ktap_expect "debugfs refuses its enable file: EPERM" EPERM \
	"$("$MIO" w "$MARKERS/$M/enable" 1)"
ktap_expect "tracefs: counter attached" OK \
	"$("$MIO" w "$T/$M/probes" counter)"
ktap_expect "tracefs: armed" "OK 1" \
	"$("$MIO" w "$T/$M/enable" 1) $(cat "$T/$M/enable")"
echo 0 > "$T/$M/enable"
echo '!counter' > "$T/$M/probes"
ktap_expect "tracefs: disabled and detached" "0 " \
	"$(cat "$T/$M/enable") $(cat "$T/$M/probes")"

ktap_finished
