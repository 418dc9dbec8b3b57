#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# <name>/probes: attaching and detaching each built-in probe, redundant
# attaches, "!name" for a probe that is not attached (ENOENT), and how
# probes of kernel code (probe-example) are shown.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup

EV=$MARKERS/subsystem_event
EVB=$MARKERS/subsystem_eventb

ktap_print_header
ktap_set_plan 26

modprobe marker-example
echo 1 > "$EV/enable"
# "1" with no probe attached printk; take it away to start from nothing.
echo '!printk' > "$EV/probes"
ktap_expect "armed, no probe: listing probes=0 and an empty probes file" \
	"enable=1 arms=1 probes=" "$(marker_state subsystem_event)"

for p in printk counter; do
	case $p in
	printk) line="printk printed=1 suppressed=0" ;;
	counter) line="counter hits=1" ;;
	esac
	ktap_expect "$p: attach succeeds" OK "$(mwrite "$EV/probes" "$p\\n")"
	fire_example 1
	ktap_expect "$p: attached, shown with its figures, listing probes=1" \
		"enable=1 arms=1 probes=$line; 1" \
		"$(marker_state subsystem_event) $(listing_field subsystem_event probes)"
	ktap_expect "$p: a redundant attach succeeds" OK "$(mwrite "$EV/probes" "$p")"
	ktap_expect "$p: ... and changes nothing (figures kept, one probe)" \
		"enable=1 arms=1 probes=$line; 1" \
		"$(marker_state subsystem_event) $(listing_field subsystem_event probes)"
	ktap_expect "$p: !$p detaches" OK "$(mwrite "$EV/probes" "!$p\\n")"
	ktap_expect "$p: detached, listing probes=0" "enable=1 arms=1 probes= 0" \
		"$(marker_state subsystem_event) $(listing_field subsystem_event probes)"
	ktap_expect "$p: !$p again is ENOENT" ENOENT "$(mwrite "$EV/probes" "!$p")"
done

ktap_expect "'counter reset' with no counter attached is ENOENT" ENOENT \
	"$(mwrite "$EV/probes" 'counter reset')"

echo counter > "$EV/probes"
echo printk > "$EV/probes"
ktap_expect "two built-ins: one line each, in attach order" \
	"counter hits=0;printk printed=0 suppressed=0; 2" \
	"$(tr '\n' ';' < "$EV/probes") $(listing_field subsystem_event probes)"
echo '!counter' > "$EV/probes"
ktap_expect "detaching one leaves the other" "printk printed=0 suppressed=0" \
	"$(probes_of subsystem_event)"
echo '!printk' > "$EV/probes"
echo 0 > "$EV/enable"

modprobe probe-example
ktap_expect "probe-example's probe on subsystem_event: its symbol and module" \
	"probe_subsystem_event [probe_example]" "$(probes_of subsystem_event)"
ktap_expect "probe-example's probe on subsystem_eventb: its symbol and module" \
	"probe_subsystem_eventb [probe_example]" "$(probes_of subsystem_eventb)"
echo counter > "$EVB/probes"
fire_example 1
ktap_expect "a counter next to the kernel probe: both listed, both called" \
	"probe_subsystem_eventb [probe_example];counter hits=10; 2" \
	"$(tr '\n' ';' < "$EVB/probes") $(listing_field subsystem_eventb probes)"
ktap_expect "a kernel probe cannot be detached by its symbol: EINVAL" \
	"EINVAL probe_subsystem_eventb [probe_example];counter hits=10;" \
	"$(mwrite "$EVB/probes" '!probe_subsystem_eventb') $(tr '\n' ';' < "$EVB/probes")"
echo '!counter' > "$EVB/probes"
rmmod probe-example
ktap_expect "probe-example unloaded: its probes are gone" ";" \
	"$(probes_of subsystem_event);$(probes_of subsystem_eventb)"

# Attach and detach over and over while both CPUs fire the markers: a
# probe's state is freed after a grace period, never under a running hit.
kmsg_mark churn
echo 1 > "$EVB/enable"
stop=/tmp/markers-churn-stop.$$
rm -f "$stop"
for cpu in 0 1; do
	(
		command -v taskset >/dev/null && taskset -p -c "$cpu" $BASHPID >/dev/null 2>&1
		while [ ! -e "$stop" ]; do
			: < /proc/marker-example
		done 2>/dev/null
	) &
done
bad=0
for ((i = 0; i < 50; i++)); do
	for cmd in counter printk '!counter' '!printk'; do
		[ "$(mwrite "$EVB/probes" "$cmd")" = OK ] || bad=$((bad + 1))
	done
done
touch "$stop"
wait
rm -f "$stop"
ktap_expect "200 attaches and detaches while firing on both CPUs all succeed" 0 "$bad"
ktap_expect "after the churn: armed, no probe left, listing probes=0" \
	"enable=1 arms=1 probes= 0" \
	"$(marker_state subsystem_eventb) $(listing_field subsystem_eventb probes)"
ktap_expect "no splat in the kernel log during the churn" "" \
	"$(kmsg_since churn | grep -E "$SPLAT_RE|still connected")"
echo 0 > "$EVB/enable"

ktap_finished
