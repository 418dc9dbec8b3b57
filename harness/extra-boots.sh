#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kselftests that need a kernel command line of their own.  A script
# asks for one with a line
#
#	# markers-boot: <kernel parameters>
#
# The main test boot leaves such scripts out (harness/guest/test.sh); here
# each gets a boot of its own with those parameters, which runs only that
# script (markers_tests=<script> on the command line reaches the guest's
# test.sh as a variable).  Logs: RUN+<script stem>.log and .rc, which
# summarize.py reads like a profile's, labelled <profile>+<stem>.
#
# A script whose parameters hold markers_addon=<name> boots with the
# initramfs add-on <dir of RUN>/addon-<name>.cpio.gz appended to the
# profile's initrd (the kernel unpacks both) and ADDON_MEM MiB of guest
# memory (default 2048): harness/mkaddon-bpftrace.sh makes "bpftrace".
# Without the add-on file the boot goes ahead and the script skips.
# usage: extra-boots.sh SELFTESTS_DIR RUN [VAR=VALUE...] COMMAND ARGS...
# (the COMMAND that boots: the Makefile's $(RUN), boot.sh and its arguments:
# KERNEL INITRD TIMEOUT MEM SMP)
set -uo pipefail
dir=$1 run=$2
shift 2
base=("$@")

# The boot command with INITRD and MEM replaced.
with_addon() {
	local addon=$1 initrd=$2 i

	for ((i = 0; i < ${#base[@]}; i++)); do
		[[ ${base[i]} == *boot.sh ]] && break
	done
	cmd=("${base[@]}")
	[ -r "$addon" ] || return 0
	cat "${base[i + 2]}" "$addon" > "$initrd"
	cmd[i + 2]=$initrd
	cmd[i + 4]=${ADDON_MEM:-2048}
}

for script in "$dir"/markers_*.sh; do
	args=$(sed -n 's/^# markers-boot: //p' "$script" | head -n 1)
	[ -n "$args" ] || continue
	name=$(basename "$script")
	stem=${name%.sh}
	stem=${stem#markers_}
	cmd=("${base[@]}")
	addon=$(sed -n 's/.*markers_addon=\([a-z0-9_-]*\).*/\1/p' <<<"$args")
	[ -z "$addon" ] || with_addon "$(dirname "$run")/addon-$addon.cpio.gz" \
		"$run+$stem.initrd.cpio.gz"
	echo "== extra boot for $name: $args"
	BOOT_ARGS="$args markers_tests=$name" env "${cmd[@]}" test "$run+$stem.log"
	echo $? > "$run+$stem.rc"
	rm -f "$run+$stem.initrd.cpio.gz"
done
