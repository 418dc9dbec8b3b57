#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Event filters on a marker's fields: numbers and string globs keep only
# the matching hits.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
markers_require_events

ktap_print_header
ktap_set_plan 4

modprobe marker-example
E=$EVENTS/subsystem_event
count() { grep -c 'subsystem_event: myint=123' "$TRACING/trace"; }

echo 'myint > 100' > "$E/filter"
echo 1 > "$E/enable"
fire_example 3
ktap_expect "myint > 100 keeps the 3 hits (myint is 123)" 3 "$(count)"
echo 0 > "$E/enable"; echo > "$TRACING/trace"
echo 'myint < 100' > "$E/filter"
echo 1 > "$E/enable"
fire_example 3
ktap_expect "myint < 100 keeps none" 0 "$(count)"
echo 0 > "$E/enable"; echo > "$TRACING/trace"
echo 'mystring ~ "ex*"' > "$E/filter"
echo 1 > "$E/enable"
fire_example 2
ktap_expect 'mystring ~ "ex*" keeps the 2 hits' 2 "$(count)"
echo 0 > "$E/enable"; echo > "$TRACING/trace"
echo 'mystring == "other"' > "$E/filter"
echo 1 > "$E/enable"
fire_example 2
ktap_expect 'mystring == "other" keeps none' 0 "$(count)"
echo 0 > "$E/enable"

ktap_finished
