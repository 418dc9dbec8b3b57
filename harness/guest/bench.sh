#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make bench`: run the marker benchmark module (with the
# built-in counter probe attached and armed through debugfs for its counter
# phase), then load the
# generated scale modules (10,000 distinct markers, 1,000 instances of one
# name, each also with the markers compiled out) and time their loading,
# the marker listing, arming and unloading.  Prints key=value lines between
# the MARKERS-HARNESS-BEGIN/END lines for harness/bench-table.py; judges
# nothing.  Memory is what the slab grew by (/proc/meminfo, caches
# dropped) while a scale module is loaded: the registry's, the tree's and
# the trace events' objects together (no trace instance exists by then),
# and per slab cache where /proc/slabinfo exists.
B=/sys/kernel/debug/markers_benchmark
M=/sys/kernel/debug/markers
C=$M/markers_bench_two
EXTRA=/lib/modules/$(uname -r)/extra
REPS=3

now() { cat $B/clock; }
# Slab after dropping what the kernel can drop (unused dentries and
# inodes among them), so that only what is held is counted.
slab_kb()
{
	sync
	echo 3 > /proc/sys/vm/drop_caches
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}
# Bytes in each slab cache (active objects times object size), if
# /proc/slabinfo exists: the parts of what a module's names cost.
slab_caches()
{
	[ -r /proc/slabinfo ] || return 0
	awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo
}

echo "MARKERS-HARNESS-BEGIN bench"
if ! modprobe test_markers_benchmark; then
	echo "status ret=modprobe-failed"
	echo "MARKERS-HARNESS-END bench"
	exit 1
fi
rc=0
echo all > $B/run || rc=1
# The counter phase: the marker side is the built-in counter probe.
if echo counter > $C/probes && echo 1 > $C/enable &&
   echo 'counter reset' > $C/probes && echo counter > $B/run; then
	sed -n 's/^counter hits=\([0-9]*\)$/hits case=marker_counter hits=\1/p' \
		$C/probes
else
	rc=1
fi
echo 0 > $C/enable
echo '!counter' > $C/probes
# The ring buffer phase: each event enabled in a trace instance of its own
# (overwrite mode, the default), so that the per-CPU stats of each count
# its records: entries + overrun = events written.
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
ev_count()
{
	awk '/^(entries|overrun):/ { n += $2 } END { print n + 0 }' \
		$T/instances/$1/per_cpu/cpu*/stats
}
if mkdir $T/instances/bench_marker $T/instances/bench_tp &&
   echo 1 > $T/instances/bench_marker/events/markers/markers_bench_event/enable &&
   echo 1 > $T/instances/bench_tp/events/markers_bench/markers_bench_tp_event/enable &&
   echo event > $B/run; then
	echo "hits case=marker_event hits=$(ev_count bench_marker)"
	echo "hits case=tp_event hits=$(ev_count bench_tp)"
	echo "status event_tracing_on=$(cat $T/instances/bench_marker/tracing_on)$(cat $T/instances/bench_tp/tracing_on)"
else
	rc=1
fi
echo 0 > $T/instances/bench_marker/events/markers/markers_bench_event/enable
echo 0 > $T/instances/bench_tp/events/markers_bench/markers_bench_tp_event/enable
rmdir $T/instances/bench_marker $T/instances/bench_tp || rc=1
# The BPF phase: the same program (count, read both fields) attached
# through perf to both events by the selftests' helper markers_bpf.
MB=/kselftest/markers/markers_bpf
if [ -x $MB ]; then
	out=$($MB $T/events/markers/markers_bench_event a b \
		$T/events/markers_bench/markers_bench_tp_event a b -- \
		sh -c "echo bpf > $B/run")
	echo "$out" | awk '/^event:/ { c = /markers_bench_event/ ? "marker_bpf" : "tp_bpf" }
		/^hits:/ { print "hits case=" c " hits=" $2 }
		/^attach: [^O]/ { print "status bpf_attach=" $2 }'
else
	echo "status bpf_attach=no-helper"
fi
cat $B/results

# What a $(cat $B/clock) costs by itself, to put the figures below in scale.
t0=$(now); t1=$(now)
echo "scale_clock overhead_ns=$((t1 - t0))"

# scale_one MODULE ARM_PREFIX ARM_COUNT: REPS loads and unloads of MODULE.
scale_one()
{
	mod=$1 prefix=$2 count=$3
	[ -r "$EXTRA/$mod.ko" ] || { echo "scale module=$mod missing=1"; rc=1; return; }
	rep=1
	while [ $rep -le $REPS ]; do
		s0=$(slab_kb)
		[ $rep = 1 ] && slab_caches > /tmp/slab0
		t0=$(now)
		insmod "$EXTRA/$mod.ko" || { echo "scale module=$mod insmod_failed=1"; rc=1; return; }
		t1=$(now)
		s1=$(slab_kb)
		# Per cache, the first load only: what grew by 4 kB or more.
		if [ $rep = 1 ] && [ -s /tmp/slab0 ]; then
			slab_caches | awk -v mod=$mod 'NR == FNR { b[$1] = $2; next }
				$2 - b[$1] >= 4096 { printf "slabpart module=%s cache=%s bytes=%d\n", mod, $1, $2 - b[$1] }' /tmp/slab0 -
		fi
		core=$(cat /sys/module/$mod/coresize)
		t2=$(now)
		cat $M/marker-list > /dev/null
		t3=$(now)
		lines=$(wc -l < $M/marker-list)
		# The lazy path: the first listing of the tree, the first read
		# of a name's format (its directory and file made on lookup).
		first=$(awk -v m="modules=$mod" '$0 ~ m { print $1; exit }' $M/marker-list)
		t6=$(now)
		ls $M/ > /dev/null
		t7=$(now)
		[ -n "$first" ] && cat $M/$first/format > /dev/null
		t8=$(now)
		arm=""
		if [ -n "$prefix" ] && [ $rep = 1 ]; then
			echo "$prefix $count" > $B/arm_all || rc=1
			arm=$(sed 's/^arm_all //' $B/arm_all)
		fi
		t4=$(now)
		rmmod "$mod" || rc=1
		t5=$(now)
		s2=$(slab_kb)
		# Again once RCU callbacks have run: eventfs frees a directory's
		# record after an SRCU and an RCU grace period, when its last
		# dentry goes (dropped with the caches above).
		sleep 2
		s3=$(slab_kb)
		echo "scale module=$mod rep=$rep load_ns=$((t1 - t0)) unload_ns=$((t5 - t4)) list_ns=$((t3 - t2)) ls_ns=$((t7 - t6)) format_ns=$((t8 - t7)) list_lines=$lines coresize=$core slab_kb=$((s1 - s0)) slab_left_kb=$((s2 - s0)) slab_settled_kb=$((s3 - s0))"
		[ -n "$arm" ] && echo "arm_all module=$mod $arm"
		rep=$((rep + 1))
	done
}

scale_one scale_distinct_off "" 0
scale_one scale_distinct scale_m 10000
scale_one scale_inst_off "" 0
scale_one scale_inst scale_i 1

rmmod test_markers_benchmark || rc=1
echo "status script_rc=$rc"
echo "MARKERS-HARNESS-END bench"
exit $rc
