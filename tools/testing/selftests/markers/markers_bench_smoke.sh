#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Smoke test of the benchmark module (CONFIG_MARKERS_BENCHMARK): a short
# run completes and reports every row, and both counters saw exactly the
# calls made.  Times are not judged here; `make bench` reports them.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require
if [ -z "$(find "/lib/modules/$(uname -r)" -name 'marker_benchmark.ko*' 2>/dev/null)" ]; then
	ktap_skip_all "marker_benchmark.ko not installed (CONFIG_MARKERS_BENCHMARK=m)"
	exit "$KSFT_SKIP"
fi

B=/sys/kernel/debug/markers_benchmark
CASES="base_off marker_off tp_off dbg_off base_frame marker_frame tp_frame
       base_empty marker_empty tp_empty base_counter marker_counter tp_counter"

ktap_print_header
ktap_set_plan 6

rmmod marker_benchmark 2>/dev/null
modprobe marker_benchmark loops=200 chunks=3
ktap_check "the benchmark module loads" test -w "$B/run"
echo 1 > "$B/run"
ktap_check "a run completes" test $? = 0
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
ktap_expect "marker_counter hits = calls made" "hits case=marker_counter hits=$expected" \
	"$(grep '^hits case=marker_counter' <<<"$results")"
ktap_expect "tp_counter hits = calls made" "hits case=tp_counter hits=$expected" \
	"$(grep '^hits case=tp_counter' <<<"$results")"
rmmod marker_benchmark
ktap_finished
