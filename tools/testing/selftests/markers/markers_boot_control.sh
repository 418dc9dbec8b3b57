#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# markers-boot: markers.control="attach counter initcall_finish;enable initcall_finish"
# Control commands on the kernel command line apply before the drivers'
# initcalls: the counter attached there counts the initcalls of the boot
# (the vmlinux marker initcall_finish), and the rules stay for modules.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require_boot 'markers\.control='
T=$TRACING/markers

ktap_print_header
ktap_set_plan 4

ktap_expect "control lists the command line's rules" \
	"$(printf 'attach counter initcall_finish\nenable initcall_finish')" \
	"$(cat "$T/control")"
hits=$(sed -n 's/^counter hits=\([0-9]*\)$/\1/p' "$T/initcall_finish/probes")
ktap_msg "initcall_finish counted $hits initcalls during boot"
ktap_check "the boot's initcalls were counted (hits=$hits > 50)" test "${hits:-0}" -gt 50
ktap_expect "the marker is armed, by the control interface" 1 \
	"$(cat "$T/initcall_finish/enable")"
modprobe marker-example
after=$(sed -n 's/^counter hits=\([0-9]*\)$/\1/p' "$T/initcall_finish/probes")
rmmod marker_example
ktap_check "a module's init counts too ($hits -> $after)" test "$after" -gt "$hits"

ktap_finished
