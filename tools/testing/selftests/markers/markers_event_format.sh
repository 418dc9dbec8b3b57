#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The format file of a marker's event: one typed field per conversion,
# named by the word before it, and a print format libtraceevent reads.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 5

modprobe marker-example
F=$(cat "$EVENTS/subsystem_event/format")
ktap_msg "$(grep -E 'field:|print fmt' <<<"$F" | tr '\t' ' ' | tr '\n' '|')"
ktap_check "field: int myint at offset 8, 4 bytes, signed" \
	grep -qxF $'\tfield:int myint;\toffset:8;\tsize:4;\tsigned:1;' <<<"$F"
ktap_check "field: __data_loc char[] mystring at offset 12" \
	grep -qxF $'\tfield:__data_loc char[] mystring;\toffset:12;\tsize:4;\tsigned:0;' <<<"$F"
ktap_expect "print fmt: the marker's format, each word joined by '='" \
	'print fmt: "myint=%d mystring=%s", REC->myint, __get_str(mystring)' \
	"$(grep '^print fmt' <<<"$F")"
ktap_expect "subsystem_eventb (MARK_NOARGS) has no field of its own" 0 \
	"$(grep -c 'field:' "$EVENTS/subsystem_eventb/format" | \
	   awk '{print $1 - 4}')"
ktap_check "the id is a number" grep -qxE '[0-9]+' "$EVENTS/subsystem_event/id"

ktap_finished
