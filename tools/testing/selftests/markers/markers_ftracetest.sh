#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# markers-boot: markers_ftracetest markers_timeout=1800
# The kernel's own event and trigger tests (tools/testing/selftests/ftrace:
# test.d/event and test.d/trigger, inter-event included) against marker
# events: test_modules/marker_ftrace_twins.ko fires a marker beside each
# tracepoint those cases use, with the event's field names, and a copy of
# every case that names one of those events is run with the event's
# system renamed "markers".  Each such case must end as the original ends
# against the tracepoint in the same boot (PASS, FAIL, UNSUPPORTED...).
# Its own boot (harness/extra-boots.sh); the inter-event cases ping
# 127.0.0.1, so the loopback device is brought up.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

FT=$(readlink -f "$DIR/../ftrace")
KO="$DIR/test_modules/marker_ftrace_twins.ko"
WORK=/tmp/markers-ftracetest
CASE_TIMEOUT=300

markers_require
markers_require_boot markers_ftracetest
if [ ! -x "$FT/ftracetest" ] || [ ! -d "$FT/test.d/trigger" ]; then
	ktap_skip_all "ftracetest is not installed beside the markers kselftests"
	exit "$KSFT_SKIP"
fi
if [ ! -r "$KO" ]; then
	ktap_skip_all "test_modules/marker_ftrace_twins.ko not built (KDIR= a kernel build directory)"
	exit "$KSFT_SKIP"
fi
cleanup()
{
	rmmod marker_ftrace_twins 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# The renaming: each event the twins mirror, in every way a case names
# it (paths, "system:event", "system.event" of onmatch(), the error log's
# "hist:system:event" and a SYSTEM= variable).
rename()
{
	sed -e 's,events/sched\([/ ]\),events/markers\1,g' \
	    -e 's,events/sched$,events/markers,' \
	    -e "s,'sched:\\*',\\'markers:*',g" \
	    -e 's,sched\([:.]\)sched_,markers\1sched_,g' \
	    -e 's,kmem\([/:]\)kmalloc,markers\1kmalloc,g' \
	    -e 's,raw_syscalls/sys_exit,markers/sys_exit,g' \
	    -e "$syscalls" "$1"
}
# The syscall events (CONFIG_FTRACE_SYSCALLS) are renamed only when the
# kernel has them: the twins of sys_enter_openat and sys_exit_openat come
# from the raw syscall tracepoints, which exist without them.
syscalls='s,^,,'
[ -d "$TRACING/events/syscalls" ] &&
	syscalls='s,syscalls/sys_\(enter\|exit\)_openat,markers/sys_\1_openat,g; s,^SYSTEM="syscalls"$,SYSTEM="markers",'

# The results an ftracetest run printed, space-separated (a case flagged
# "instance" runs twice, the second time in a trace instance).
results()
{
	sed -n 's/^\[[0-9]*\] .*[[:space:]]\[\([A-Z]*\)\]$/\1/p' "$1" | tr '\n' ' ' |
		sed 's/ $//'
}

ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null
rm -rf "$WORK"
for run in orig twin; do
	mkdir -p "$WORK/$run/test.d"
	cp "$FT/ftracetest" "$WORK/$run/"
	cp "$FT/test.d/functions" "$WORK/$run/test.d/"
done
cases=()
for tc in $(cd "$FT" && find test.d/event test.d/trigger -name '*.tc' | LC_ALL=C sort); do
	rename "$FT/$tc" > "$WORK/tmp.tc"
	cmp -s "$FT/$tc" "$WORK/tmp.tc" && continue
	mkdir -p "$(dirname "$WORK/orig/$tc")" "$(dirname "$WORK/twin/$tc")"
	cp "$FT/$tc" "$WORK/orig/$tc"
	mv "$WORK/tmp.tc" "$WORK/twin/$tc"
	cases+=("$tc")
done

ktap_print_header
ktap_set_plan $((${#cases[@]} + 1))
insmod "$KO"
loaded=$?
twin_fmt=$(grep 'field:.* prev_comm' "$EVENTS/sched_switch/format" 2>&1)
tp_fmt=$(grep 'field:.* prev_comm' "$TRACING/events/sched/sched_switch/format" 2>&1)
ktap_expect "marker_ftrace_twins loads; markers:sched_switch has sched_switch's prev_comm" \
	"0 $tp_fmt" "$loaded $twin_fmt"
ktap_msg "${#cases[@]} cases name an event the twins mirror; each runs against the tracepoint, then the marker"

# Case by case, so that each result comes as soon as it is known.
: > "$WORK/orig.all"
: > "$WORK/twin.all"
for tc in "${cases[@]}"; do
	took=
	for run in orig twin; do
		t0=$(date +%s)
		# A run that hangs reports nothing (and ends this one case).
		(cd "$WORK/$run" &&
		 timeout "$CASE_TIMEOUT" ./ftracetest -v -l "$WORK/$run-logs" "$tc") \
			> "$WORK/$run.out" 2>&1
		cat "$WORK/$run.out" >> "$WORK/$run.all"
		took="$took $(($(date +%s) - t0))"
	done
	o=$(results "$WORK/orig.out")
	m=$(results "$WORK/twin.out")
	desc=$(sed -n 's/^# description: //p' "$FT/$tc")
	ktap_msg "${tc#test.d/}: tracepoint, marker:$took s"
	if [ "$o" != "$m" ]; then
		tail -n 40 "$WORK/twin.out" | sed 's/^/# marker run: /'
		sed 's/^/# error_log: /' "$TRACING/error_log"
	fi
	ktap_expect "${tc#test.d/} ($desc): tracepoint ${o:-none}, marker the same" \
		"${o:-none}" "${m:-none}"
done

# Totals of each run, as ftracetest counts them.
totals()
{
	local r

	for r in PASS FAIL UNRESOLVED UNTESTED UNSUPPORTED XFAIL; do
		printf '%s %s ' "$r" "$(grep -c "[[:space:]]\[$r\]\$" "$1")"
	done
}
ktap_msg "tracepoints: $(totals "$WORK/orig.all")"
ktap_msg "markers:     $(totals "$WORK/twin.all")"
ktap_finished
