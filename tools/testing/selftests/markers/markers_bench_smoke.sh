#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Smoke test of the benchmark module (CONFIG_MARKERS_BENCHMARK,
# lib/test_markers_benchmark.c): a short run completes and reports every
# row, and both counters saw exactly the calls made: the tracepoint's,
# counted by the module, and the marker's, the built-in counter probe
# attached and armed here through debugfs.  Times are not judged here;
# `make bench` reports them.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require
if [ -z "$(find "/lib/modules/$(uname -r)" -name 'test_markers_benchmark.ko*' 2>/dev/null)" ]; then
	ktap_skip_all "test_markers_benchmark.ko not installed (CONFIG_MARKERS_BENCHMARK=m)"
	exit "$KSFT_SKIP"
fi

B=/sys/kernel/debug/markers_benchmark
C=$MARKERS/markers_bench_two
CASES="base_off marker_off tp_off dbg_off base_frame marker_frame tp_frame
       base_empty marker_empty tp_empty relay_empty base_counter marker_counter tp_counter
       base_event marker_event tp_event base_bpf marker_bpf tp_bpf"

ktap_print_header
ktap_set_plan 11

rmmod test_markers_benchmark 2>/dev/null
modprobe test_markers_benchmark loops=200 chunks=3
ktap_check "the benchmark module loads" test -w "$B/run"
echo all > "$B/run"
ktap_check "a run completes" test $? = 0
echo counter > "$C/probes" && echo 1 > "$C/enable" &&
	echo 'counter reset' > "$C/probes" && echo counter > "$B/run"
ktap_check "the counter phase completes with the counter armed from debugfs" \
	test $? = 0
marker_hits=$(sed -n 's/^counter hits=\([0-9]*\)$/\1/p' "$C/probes")
echo 0 > "$C/enable"
echo '!counter' > "$C/probes"

# The ring buffer phase: each event in a trace instance of its own, whose
# per-CPU stats count its records (entries + overrun).
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing
I=/sys/kernel/tracing/instances
ev_count()
{
	awk '/^(entries|overrun):/ { n += $2 } END { print n + 0 }' \
		"$I/$1"/per_cpu/cpu*/stats
}
mkdir "$I/bench_smoke_m" "$I/bench_smoke_t" &&
	echo 1 > "$I/bench_smoke_m/events/markers/markers_bench_event/enable" &&
	echo 1 > "$I/bench_smoke_t/events/markers_bench/markers_bench_tp_event/enable" &&
	echo event > "$B/run"
ktap_check "the ring buffer phase completes with both events enabled" \
	test $? = 0
marker_ev=$(ev_count bench_smoke_m)
tp_ev=$(ev_count bench_smoke_t)
echo 0 > "$I/bench_smoke_m/events/markers/markers_bench_event/enable"
echo 0 > "$I/bench_smoke_t/events/markers_bench/markers_bench_tp_event/enable"
rmdir "$I/bench_smoke_m" "$I/bench_smoke_t"
# The BPF phase, as bench.sh runs it: one program on each event.
E=/sys/kernel/tracing/events
bpf=$("$DIR/markers_bpf" "$E/markers/markers_bench_event" a b \
	"$E/markers_bench/markers_bench_tp_event" a b -- \
	sh -c "echo bpf > $B/run" 2>&1)
bpf_hits=$(sed -n 's/^hits: //p' <<<"$bpf" | tr '\n' ' ')
results=$(cat "$B/results")

missing=
for c in $CASES; do
	grep -q "^case name=$c median_ps=[0-9]* min_ps=[0-9]* " <<<"$results" ||
		missing+=" $c"
done
ktap_expect "every timing row is reported" "" "$missing"
ktap_expect "both arm/disarm rows (1 and 100 instances) are reported" 2 \
	"$(grep -c '^arm name=.* arm_median_ns=[0-9]* .*disarm_median_ns=[0-9]*' <<<"$results")"

expected=$(sed -n 's/^config .*expected_hits=\([0-9]*\).*/\1/p' <<<"$results")
ktap_expect "marker_counter hits = calls made" "$expected" "$marker_hits"
ktap_expect "tp_counter hits = calls made" "hits case=tp_counter hits=$expected" \
	"$(grep '^hits case=tp_counter' <<<"$results")"
ktap_expect "marker_event records = calls made" "$expected" "$marker_ev"
ktap_expect "tp_event records = calls made" "$expected" "$tp_ev"
ktap_expect "BPF phase: each program ran once per call (marker, tracepoint)" \
	"$expected $expected " "$bpf_hits"
rmmod test_markers_benchmark
ktap_finished
