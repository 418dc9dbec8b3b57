#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The counter probe: exact hit counts for a known number of firings, a sum
# over both CPUs, "counter reset", and a fresh count on re-attach.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup

EV=$MARKERS/subsystem_event
EVB=$MARKERS/subsystem_eventb

# fire_on_cpu CPU N: N opens of /proc/marker-example pinned to CPU, if
# taskset is there (else unpinned; the sum must be exact either way).
fire_on_cpu()
{
	if command -v taskset >/dev/null; then
		taskset -c "$1" "$BASH" -c \
			"for ((i = 0; i < $2; i++)); do : < /proc/marker-example; done 2>/dev/null"
	else
		fire_example "$2"
	fi
}

ktap_print_header
ktap_set_plan 12

modprobe marker-example
echo counter > "$EV/probes"
echo counter > "$EVB/probes"
echo 1 > "$EV/enable"
echo 1 > "$EVB/enable"
ktap_expect "counter attached and enabled on both markers, no hits yet" \
	"0 0" "$(counter_hits subsystem_event) $(counter_hits subsystem_eventb)"

fire_example 25
ktap_expect "25 opens: subsystem_event hits=25" 25 "$(counter_hits subsystem_event)"
ktap_expect "25 opens: subsystem_eventb hits=250" 250 "$(counter_hits subsystem_eventb)"
ktap_expect "a second read gives the same sums" "25 250" \
	"$(counter_hits subsystem_event) $(counter_hits subsystem_eventb)"

ktap_expect "'counter reset' succeeds" OK "$(mwrite "$EV/probes" 'counter reset\n')"
ktap_expect "reset zeroes subsystem_event only" "0 250" \
	"$(counter_hits subsystem_event) $(counter_hits subsystem_eventb)"
ktap_expect "'counter reset' without a newline succeeds too" OK \
	"$(mwrite "$EVB/probes" 'counter reset')"
ktap_expect "subsystem_eventb reads 0 after its reset" 0 "$(counter_hits subsystem_eventb)"

fire_example 2
ktap_expect "counting goes on after a reset: 2 and 20" "2 20" \
	"$(counter_hits subsystem_event) $(counter_hits subsystem_eventb)"

ncpus=$(grep -c ^processor /proc/cpuinfo)
echo 'counter reset' > "$EV/probes"
echo 'counter reset' > "$EVB/probes"
fire_on_cpu 0 30 &
fire_on_cpu $((ncpus > 1 ? 1 : 0)) 30 &
wait
ktap_expect "30 opens on each of two CPUs at once: the sums are exact" "60 600" \
	"$(counter_hits subsystem_event) $(counter_hits subsystem_eventb)"

echo '!counter' > "$EV/probes"
echo counter > "$EV/probes"
ktap_expect "detach and attach again: the count starts from 0" \
	"counter hits=0" "$(probes_of subsystem_event)"
echo 0 > "$EV/enable"
echo 0 > "$EVB/enable"
fire_example 5
ktap_expect "disabled: the counts stay still" "0 600" \
	"$(counter_hits subsystem_event) $(counter_hits subsystem_eventb)"

ktap_finished
