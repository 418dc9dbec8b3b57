#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# <name>/enable: the round trip and its effect on the probes, idempotence,
# the accepted boolean words, the printk probe attached by "1" on a marker
# with no probe (and detached by the matching "0"), and arming counted
# together with the arms of kernel code (probe-example).
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup

EV=$MARKERS/subsystem_event
EVB=$MARKERS/subsystem_eventb

ktap_print_header
ktap_set_plan 31

modprobe marker-example

# Round trip, with the counter as the witness of what fires.
ktap_expect "a fresh marker is not armed" "enable=0 arms=0 probes=" \
	"$(marker_state subsystem_event)"
echo counter > "$EV/probes"
fire_example 3
ktap_expect "counter attached but not enabled: no hits" \
	"enable=0 arms=0 probes=counter hits=0;" "$(marker_state subsystem_event)"
ktap_expect "write 1 succeeds" OK "$(mwrite "$EV/enable" 1)"
ktap_expect "enabled: enable reads 1, the listing shows one arm" \
	"enable=1 arms=1 armed=1" \
	"enable=$(enable_of subsystem_event) arms=$(listing_field subsystem_event arms) armed=$(listing_field subsystem_event armed)"
fire_example 3
ktap_expect "enabled: three opens are three hits" \
	"enable=1 arms=1 probes=counter hits=3;" "$(marker_state subsystem_event)"
ktap_expect "write 0 succeeds" OK "$(mwrite "$EV/enable" '0\n')"
fire_example 3
ktap_expect "disabled again: no more hits, the counter stays attached" \
	"enable=0 arms=0 probes=counter hits=3;" "$(marker_state subsystem_event)"

# Idempotence: the interface holds one arm at most.
ktap_expect "1 then 1: both writes succeed" "OK OK" \
	"$(mwrite "$EV/enable" 1) $(mwrite "$EV/enable" '1\n')"
ktap_expect "1 then 1: still a single arm" \
	"enable=1 arms=1 probes=counter hits=3;" "$(marker_state subsystem_event)"
ktap_expect "0 then 0: both writes succeed" "OK OK" \
	"$(mwrite "$EV/enable" 0) $(mwrite "$EV/enable" 0)"
ktap_expect "0 then 0: no arm left, no underflow" \
	"enable=0 arms=0 probes=counter hits=3;" "$(marker_state subsystem_event)"
echo '!counter' > "$EV/probes"

# The boolean words, each with and without a trailing newline.
for pair in 1:0 y:n Y:N yes:no on:off true:false; do
	on=${pair%:*}
	off=${pair#*:}
	r1=$(mwrite "$EV/enable" "$on")
	s1=$(enable_of subsystem_event)
	r2=$(mwrite "$EV/enable" "$off\\n")
	s2=$(enable_of subsystem_event)
	ktap_expect "'$on' arms and '$off\\n' disarms" "OK 1 OK 0" "$r1 $s1 $r2 $s2"
done

# "1" on a marker with no probe attaches printk; the matching "0" detaches.
ktap_expect "subsystem_eventb starts with no probe" "enable=0 arms=0 probes=" \
	"$(marker_state subsystem_eventb)"
echo 1 > "$EVB/enable"
ktap_expect "1 with no probe attached printk" \
	"enable=1 arms=1 probes=printk printed=0 suppressed=0;" \
	"$(marker_state subsystem_eventb)"
kmsg_mark autoprintk
fire_example 1
ktap_check "the auto-attached printk logs subsystem_eventb" \
	grep -q "subsystem_eventb: *$" <<<"$(kmsg_since autoprintk | sed 's/^\[[^]]*\] //')"
echo 0 > "$EVB/enable"
ktap_expect "the matching 0 detached printk again" "enable=0 arms=0 probes=" \
	"$(marker_state subsystem_eventb)"

# Auto-printk, then a counter attached by hand: 0 takes only printk away.
echo 1 > "$EVB/enable"
echo counter > "$EVB/probes"
echo 0 > "$EVB/enable"
ktap_expect "0 detaches the auto printk but leaves a counter attached later" \
	"enable=0 arms=0 probes=counter hits=0;" "$(marker_state subsystem_eventb)"

# With a probe already there, 1 attaches nothing and 0 detaches nothing.
echo 1 > "$EVB/enable"
ktap_expect "counter connected: 1 attaches no printk" \
	"enable=1 arms=1 probes=counter hits=0;" "$(marker_state subsystem_eventb)"
echo 0 > "$EVB/enable"
ktap_expect "counter connected: 0 leaves the counter" \
	"enable=0 arms=0 probes=counter hits=0;" "$(marker_state subsystem_eventb)"
echo '!counter' > "$EVB/probes"

# A printk attached by hand is not the interface's to take away on 0.
echo printk > "$EVB/probes"
echo 1 > "$EVB/enable"
echo 0 > "$EVB/enable"
ktap_expect "a printk attached by hand survives 1 then 0" \
	"enable=0 arms=0 probes=printk printed=0 suppressed=0;" \
	"$(marker_state subsystem_eventb)"
echo '!printk' > "$EVB/probes"

# probe-example connects a kernel probe and arms with its own reference.
modprobe probe-example
ktap_expect "probe-example loaded: armed by its own reference" \
	"enable=1 arms=1 probes=probe_subsystem_event [probe_example];" \
	"$(marker_state subsystem_event)"
echo 1 > "$EV/enable"
ktap_expect "1 on top: two arms, and no printk since a probe is connected" \
	"enable=1 arms=2 probes=probe_subsystem_event [probe_example];" \
	"$(marker_state subsystem_event)"
echo 0 > "$EV/enable"
ktap_expect "0 drops only the interface's arm: enable still reads 1" \
	"enable=1 arms=1 probes=probe_subsystem_event [probe_example];" \
	"$(marker_state subsystem_event)"
echo 0 > "$EV/enable"
ktap_expect "a second 0 cannot drop probe-example's arm" \
	"enable=1 arms=1 probes=probe_subsystem_event [probe_example];" \
	"$(marker_state subsystem_event)"
rmmod probe-example
ktap_expect "probe-example unloaded: disarmed, no probe" \
	"enable=0 arms=0 probes=" "$(marker_state subsystem_event)"

# The tracepoint-backed marker: enable connects it to its tracepoint.
modprobe tp-marker-example
echo counter > "$MARKERS/sample_tp_read/probes"
fire_tp_example 2
echo 1 > "$MARKERS/sample_tp_read/enable"
fire_tp_example 4
echo 0 > "$MARKERS/sample_tp_read/enable"
fire_tp_example 2
ktap_expect "sample_tp_read counts the four reads made while enabled only" \
	"enable=0 arms=0 probes=counter hits=4;" "$(marker_state sample_tp_read)"
echo '!counter' > "$MARKERS/sample_tp_read/probes"

ktap_finished
