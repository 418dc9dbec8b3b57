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
# usage: extra-boots.sh SELFTESTS_DIR RUN [VAR=VALUE...] COMMAND ARGS...
# (the COMMAND that boots: the Makefile's $(RUN), boot.sh and its arguments)
set -uo pipefail
dir=$1 run=$2
shift 2

for script in "$dir"/markers_*.sh; do
	args=$(sed -n 's/^# markers-boot: //p' "$script" | head -n 1)
	[ -n "$args" ] || continue
	name=$(basename "$script")
	stem=${name%.sh}
	stem=${stem#markers_}
	echo "== extra boot for $name: $args"
	BOOT_ARGS="$args markers_tests=$name" env "$@" test "$run+$stem.log"
	echo $? > "$run+$stem.rc"
done
