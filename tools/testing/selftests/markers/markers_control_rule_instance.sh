#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A rule naming a module applies when that module loads an instance of a
# name that is loaded already: subsystem_event comes from marker-example
# first, then test_modules/marker_formats.ko loads a second instance.
# Before, rules were applied only when a name went from not loaded to
# loaded, so such a rule never fired.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

KO="$DIR/test_modules/marker_formats.ko"
markers_setup
if [ ! -r "$KO" ]; then
	ktap_skip_all "test_modules/marker_formats.ko not built (KDIR= a kernel build directory)"
	exit "$KSFT_SKIP"
fi
cleanup()
{
	rmmod marker_formats 2>/dev/null
	markers_reset
}
trap cleanup EXIT
C=$TRACING/markers/control
[ -w "$C" ] || C=$MARKERS/control

ktap_print_header
ktap_set_plan 4

modprobe marker-example
echo 'attach counter subsystem_event module:marker_formats; enable subsystem_event module:marker_formats' > "$C"
ktap_expect "rules for marker_formats' instance: nothing matches yet" \
	"0 " "$(enable_of subsystem_event) $(probes_of subsystem_event)"
insmod "$KO"
ktap_expect "marker_formats loads a second instance: both rules apply" \
	"1 counter hits=0" "$(enable_of subsystem_event) $(probes_of subsystem_event)"
fire_example 2
ktap_expect "marker-example's instance counts too (same name)" 2 \
	"$(counter_hits subsystem_event)"
rmmod marker_formats
echo 'disable subsystem_event module:marker_formats; detach counter subsystem_event module:marker_formats' > "$C"
echo 0 > "$MARKERS/subsystem_event/enable"
echo '!counter' > "$MARKERS/subsystem_event/probes"
echo 'enable subsystem_event module:marker_example' > "$C"
echo 0 > "$MARKERS/subsystem_event/enable"
insmod "$KO"
ktap_expect "a rule naming another module does not apply to marker_formats' load" \
	0 "$(enable_of subsystem_event)"
echo 'disable subsystem_event module:marker_example' > "$C"

ktap_finished
