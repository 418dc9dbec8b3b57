#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The printk probe: the kernel log lines it writes with the marker's values,
# its printed/suppressed figures, and its rate limit (markers.printk_burst
# lines per markers.printk_interval_ms, read when the probe is attached).
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup

EV=$MARKERS/subsystem_event
EVB=$MARKERS/subsystem_eventb
old_burst=$(cat "$PRINTK_BURST" 2>/dev/null)
old_interval=$(cat "$PRINTK_INTERVAL" 2>/dev/null)

restore()
{
	[ -z "$old_burst" ] || echo "$old_burst" > "$PRINTK_BURST"
	[ -z "$old_interval" ] || echo "$old_interval" > "$PRINTK_INTERVAL"
	markers_reset
}
trap restore EXIT

# count_lines TAG TEXT: kernel log lines after the mark TAG ending in TEXT.
count_lines()
{
	kmsg_since "$1" | sed 's/^\[[^]]*\] //' | grep -c "^$2\$"
}

ktap_print_header
ktap_set_plan 15

modprobe marker-example
echo printk > "$EV/probes"
echo 1 > "$EV/enable"
kmsg_mark one
fire_example 1
ktap_expect "one open, one line with the marker's values" 1 \
	"$(count_lines one 'subsystem_event: myint 123 mystring example string')"
ktap_expect "the probes file counts it: printed=1 suppressed=0" \
	"printk printed=1 suppressed=0" "$(probes_of subsystem_event)"
fire_example 2
ktap_expect "two more opens: printed=3" "printk printed=3 suppressed=0" \
	"$(probes_of subsystem_event)"
echo 0 > "$EV/enable"
kmsg_mark off
fire_example 2
ktap_expect "disabled: no line, figures unchanged" \
	"0 printk printed=3 suppressed=0" \
	"$(count_lines off 'subsystem_event: myint 123 mystring example string') $(probes_of subsystem_event)"

# Rate limiting, on subsystem_eventb (ten hits per open).
if [ ! -w "$PRINTK_BURST" ] || [ ! -w "$PRINTK_INTERVAL" ]; then
	for i in 1 2 3 4 5 6 7 8; do
		ktap_test_skip "rate limit: no $PRINTK_BURST"
	done
	ktap_finished
fi
ktap_expect "printk_burst defaults to 10" 10 "$old_burst"
echo printk > "$EVB/probes"
echo 1 > "$EVB/enable"
echo 3 > "$PRINTK_BURST"
echo 600000 > "$PRINTK_INTERVAL"
fire_example 1
ktap_expect "the burst is read at attach: 10 hits all printed" \
	"printk printed=10 suppressed=0" "$(probes_of subsystem_eventb)"
echo '!printk' > "$EVB/probes"
echo printk > "$EVB/probes"
kmsg_mark burst
fire_example 1
ktap_expect "re-attached with burst 3: printed=3 suppressed=7" \
	"printk printed=3 suppressed=7" "$(probes_of subsystem_eventb)"
ktap_expect "exactly 3 lines reached the log" 3 \
	"$(count_lines burst 'subsystem_eventb: *')"
fire_example 2
ktap_expect "within the interval every further hit is suppressed" \
	"printk printed=3 suppressed=27" "$(probes_of subsystem_eventb)"
ktap_expect "still 3 lines in the log" 3 "$(count_lines burst 'subsystem_eventb: *')"
echo '!printk' > "$EVB/probes"

# Values a ratelimit_state cannot hold (an int interval in jiffies, an int
# burst) are refused and change nothing; the largest interval still limits.
ktap_expect "printk_interval_ms=4294967295 is refused with EINVAL" EINVAL \
	"$(mwrite "$PRINTK_INTERVAL" 4294967295)"
ktap_expect "printk_burst=2147483648 is refused with EINVAL" EINVAL \
	"$(mwrite "$PRINTK_BURST" 2147483648)"
ktap_expect "the refused writes changed nothing" "3 600000" \
	"$(cat "$PRINTK_BURST") $(cat "$PRINTK_INTERVAL")"
echo 86400000 > "$PRINTK_INTERVAL"
echo printk > "$EVB/probes"
fire_example 2
ktap_expect "printk_interval_ms=86400000 (one day) still limits to the burst" \
	"printk printed=3 suppressed=17" "$(probes_of subsystem_eventb)"
echo 0 > "$EVB/enable"
echo '!printk' > "$EVB/probes"
echo "$old_burst" > "$PRINTK_BURST"
echo "$old_interval" > "$PRINTK_INTERVAL"
ktap_expect "the parameters are restored" "$old_burst $old_interval" \
	"$(cat "$PRINTK_BURST") $(cat "$PRINTK_INTERVAL")"

ktap_finished
