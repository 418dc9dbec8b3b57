#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed control writes get a clear errno and change nothing: neither
# the rules nor any marker.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
C=$MARKERS/control
modprobe marker-example
echo 'attach counter subsystem_eventb' > "$C"

state() { echo "$(cat "$C")|$(cat "$MARKER_LIST" | sort)"; }
before=$(state)
long=$(printf 'a%.0s' $(seq 128))
longmod=$(printf 'm%.0s' $(seq 56))

cases=(
	"EINVAL|empty write|"
	"EINVAL|only spaces|   "
	"EINVAL|only separators|;;\\n;"
	"EINVAL|unknown verb|arm subsystem_event"
	"EINVAL|verb without glob|enable"
	"EINVAL|unknown probe|attach bogus subsystem_event"
	"EINVAL|attach without glob|attach counter"
	"ENAMETOOLONG|glob longer than a name (128)|enable $long"
	"EINVAL|** in a glob|enable sub**"
	"EINVAL|glob with a dot|enable sub.event"
	"EINVAL|module name with /|enable * module:a/b"
	"ENAMETOOLONG|module name of 56 characters|enable * module:$longmod"
	"EINVAL|empty module|enable * module:"
	"EINVAL|words after the module|enable * module:x y"
	"EINVAL|an embedded NUL|enable sub\\0system_event"
	"EINVAL|a byte above 0x7f|enable sub\\xc3\\xa9"
	"EINVAL|a control character|enable sub\\x01"
	"EINVAL|one good, one bad command: none runs|enable subsystem_event; bogus"
	"EINVAL|the first half of a split command|ena"
	"EINVAL|its second half|ble subsystem_event"
)
ktap_print_header
ktap_set_plan $((${#cases[@]} + 3))

for c in "${cases[@]}"; do
	IFS='|' read -r want what text <<<"$c"
	ktap_expect "$what: $want" "$want" "$("$MIO" w "$C" "$text")"
done
ktap_expect "64 KiB of ';': E2BIG" E2BIG "$("$MIO" w "$C" ';' 65536)"
ktap_expect "65 commands in one write: E2BIG" E2BIG \
	"$("$MIO" w "$C" 'enable x;' 65)"
ktap_expect "after all of them the rules and markers are as before" \
	"$before" "$(state)"

ktap_finished
