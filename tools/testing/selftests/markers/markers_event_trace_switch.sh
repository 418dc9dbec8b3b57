#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The built-in probe "trace" is the event's enable in the top trace
# instance, one switch seen from two trees: whichever tree changes it,
# both read the same state afterwards.  Before, the markers tree kept an
# "attached" flag of its own: after "echo 0" in tracefs a later "trace"
# did nothing, "!trace" after a tracefs enable said ENOENT, and a trace
# instance's enable was listed as the top instance's.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 7

NAME=subsystem_event
P=$MARKERS/$NAME/probes
E=$EVENTS/$NAME/enable
modprobe marker-example

echo 1 > "$E"
ktap_expect "echo 1 in tracefs: probes lists trace" trace "$(cat "$P")"
ktap_expect "... and !trace disables the event" "OK 0" \
	"$(mwrite "$P" '!trace') $(cat "$E")"

echo trace > "$P"
echo 0 > "$E"
ktap_expect "trace, then echo 0 in tracefs: probes no longer lists trace" \
	"" "$(grep -x trace "$P")"
ktap_expect "... and trace enables the event again" "OK 1" \
	"$(mwrite "$P" trace) $(cat "$E")"
echo > "$TRACING/trace"
fire_example 2
ktap_expect "... which records every hit" 2 \
	"$(grep -c "$NAME: myint=123" "$TRACING/trace")"
echo '!trace' > "$P"

mkdir "$TRACING/instances/mtrace"
echo 1 > "$TRACING/instances/mtrace/events/markers/$NAME/enable"
ktap_expect "enabled in an instance only: probes names the instance" \
	"trace instance=mtrace" "$(cat "$P")"
ktap_expect "... and !trace leaves it (ENOENT: not on in the top instance)" \
	"ENOENT 1" "$(mwrite "$P" '!trace') $(cat "$TRACING/instances/mtrace/events/markers/$NAME/enable")"
echo 0 > "$TRACING/instances/mtrace/events/markers/$NAME/enable"
rmdir "$TRACING/instances/mtrace"

ktap_finished
