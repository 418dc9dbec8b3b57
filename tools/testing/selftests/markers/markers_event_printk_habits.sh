#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Formats written with printk habits (test_modules/marker_formats.ko): a
# trailing "\n" or "\r\n" puts no blank line into `trace`, quotes and
# backslashes come out as written, a tab as a space, in tracefs and in
# trace-cmd (libtraceevent reads the escaped print fmt), and %p follows
# the hash-ptr option as other events' %p does.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

KO="$DIR/test_modules/marker_formats.ko"
FIRE=/sys/module/marker_formats/parameters/fire

markers_setup
markers_require_events
if [ ! -r "$KO" ]; then
	ktap_skip_all "test_modules/marker_formats.ko not built (KDIR= a kernel build directory)"
	exit "$KSFT_SKIP"
fi
cleanup()
{
	echo 1 > "$TRACING/options/hash-ptr"
	markers_events_reset
	rmmod marker_formats 2>/dev/null
	markers_reset
}
trap cleanup EXIT

QUOTES='fmt_quotes: name "arg1=x" path \arg2=y\ tab here'
PERCENT='fmt_percent: load=42% of=100'

ktap_print_header
ktap_set_plan 9

insmod "$KO"
ktap_check "marker_formats loads with its four events" \
	test -d "$EVENTS/fmt_newline" -a -d "$EVENTS/fmt_quotes" \
	-a -d "$EVENTS/fmt_percent" -a -d "$EVENTS/fmt_ptr"
echo > "$TRACING/trace"
for e in fmt_newline fmt_quotes fmt_percent fmt_ptr; do
	echo 1 > "$EVENTS/$e/enable"
done
echo 2 > "$FIRE"
T=$(grep -v '^#' "$TRACING/trace")
ktap_msg "$(grep -m1 fmt_quotes <<<"$T")"
ktap_expect "\"val %d\\n\": 2 records, no blank line in trace" "2 0" \
	"$(grep -c 'fmt_newline: val=7$' <<<"$T") $(grep -c '^$' <<<"$T")"
ktap_expect "quotes and backslashes as written, the tab a space" 2 \
	"$(grep -cF "$QUOTES" <<<"$T")"
ktap_expect "\"%%\" kept, \"\\r\\n\" dropped" 2 "$(grep -c "$PERCENT\$" <<<"$T")"

raw=$(cat /sys/module/marker_formats/parameters/ptr)
p=$(grep -m1 'fmt_ptr:' <<<"$T" | sed -n 's/.*ptr=\([^ ]*\) sym=.*/\1/p')
ktap_msg "ptr: raw $raw, printed $p"
ktap_check "hash-ptr on (the default): %p is printed hashed" \
	test -n "$p" -a "$p" != "$raw"
echo 0 > "$TRACING/options/hash-ptr"
p=$(grep -m1 'fmt_ptr:' "$TRACING/trace" | sed -n 's/.*ptr=\([^ ]*\) sym=.*/\1/p')
ktap_expect "hash-ptr off: the same record prints the pointer" "$raw" "$p"
echo 1 > "$TRACING/options/hash-ptr"
ktap_check "%pS prints the symbol" grep -q 'fmt_ptr: .* sym=fire_set+' "$TRACING/trace"
markers_events_reset

if command -v trace-cmd >/dev/null; then
	out=$(trace-cmd check-events 2>&1)
	rc=$?
	ktap_msg "check-events: status $rc, $(grep -ci 'fail\|error' <<<"$out") lines with fail or error"
	ktap_check "trace-cmd check-events parses every event's format" \
		test "$rc" -eq 0 -a -z "$(grep -i 'fail\|error' <<<"$out")"
	cd /tmp || exit 1
	# sleep: see markers_event_clients.sh (trace-cmd's recorders start).
	trace-cmd record -q -e 'markers:fmt_*' -o /tmp/mk-habits.dat \
		sh -c "sleep 2; echo 1 > $FIRE" >/dev/null 2>&1
	# trace-cmd pads the event name: one space after it, as in trace.
	R=$(trace-cmd report -i /tmp/mk-habits.dat 2>/dev/null |
		sed -E 's/(fmt_[a-z]+): +/\1: /')
	rm -f /tmp/mk-habits.dat
	ktap_msg "$(grep -m1 fmt_quotes <<<"$R")"
	ktap_expect "trace-cmd report: the same text, no blank line" "1 1 1 0" \
		"$(grep -cF "$QUOTES" <<<"$R") $(grep -c "$PERCENT\$" <<<"$R") $(grep -c 'fmt_newline: val=7$' <<<"$R") $(grep -c '^$' <<<"$R")"
else
	ktap_test_skip "trace-cmd is not installed"
	ktap_test_skip "trace-cmd is not installed"
fi

ktap_finished
