#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stress, bounded in time (MARKERS_STRESS_SECONDS, default 40): the
# marker_stress module (test_modules/, built against the kernel in KDIR)
# fires stress_event from a kthread on every CPU and churns a kernel
# probe on three names, while shell workers open
# /proc/marker-example in a loop, toggle enable, attach and detach the
# built-in probes, load and unload marker-example and probe-example, and
# write seeded random input (MARKERS_STRESS_SEED) to the control files.
# Afterwards: no errors from the module, every module unloads, nothing is
# left armed or connected, and in a quiet phase the counter is exact.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require
markers_require_samples
STRESS_KO="$(dirname "$(readlink -f "$0")")/test_modules/marker_stress.ko"
if [ ! -r "$STRESS_KO" ]; then
	ktap_skip_all "test_modules/marker_stress.ko not built (KDIR= a kernel build directory)"
	exit "$KSFT_SKIP"
fi

DURATION=${MARKERS_STRESS_SECONDS:-40}
SEED=${MARKERS_STRESS_SEED:-$(date +%s)}
WORK=$(mktemp -d /tmp/markers-stress.XXXXXX)
NAMES="subsystem_event subsystem_eventb stress_event"

ktap_print_header
ktap_set_plan 7
ktap_print_msg "duration ${DURATION}s, fuzzer seed $SEED"

markers_unload_samples
rmmod marker_stress 2>/dev/null
modprobe marker-example
insmod "$STRESS_KO"
ktap_check "marker_stress loads" test -d /sys/module/marker_stress

END=$(( $(date +%s) + DURATION ))
running() { [ "$(date +%s)" -lt "$END" ]; }

fire_worker() {
	local n=0
	while running; do
		cat /proc/marker-example 2>/dev/null
		n=$((n + 1))
	done
	echo "$n" > "$WORK/opens.$1"
}

toggle_worker() {
	local n=0 name
	while running; do
		for name in $NAMES; do
			echo 1 2>/dev/null > "$MARKERS/$name/enable"
			echo 0 2>/dev/null > "$MARKERS/$name/enable"
		done
		n=$((n + 1))
	done
	echo "$n" > "$WORK/toggles"
}

probes_worker() {
	local n=0 name p
	while running; do
		for name in $NAMES; do
			for p in printk counter; do
				echo "$p" 2>/dev/null > "$MARKERS/$name/probes"
				cat "$MARKERS/$name/probes" >/dev/null 2>&1
				echo "!$p" 2>/dev/null > "$MARKERS/$name/probes"
			done
		done
		n=$((n + 1))
	done
	echo "$n" > "$WORK/probe_cycles"
}

modules_worker() {
	local n=0
	while running; do
		modprobe probe-example 2>/dev/null
		rmmod marker-example 2>/dev/null
		modprobe marker-example 2>/dev/null
		rmmod probe-example 2>/dev/null
		n=$((n + 1))
	done
	echo "$n" > "$WORK/module_cycles"
}

# Seeded random writes: real commands, near misses and random bytes.
fuzz_worker() {
	local n=0 words files f len i payload
	RANDOM=$SEED
	words=(1 0 y n on off 2 -1 1x " 1" "1 " printk counter '!printk'
	       '!counter' 'counter reset' 'printk reset' '!' '' nosuch
	       'counter  reset')
	while running; do
		files=()
		for name in $NAMES; do
			files+=("$MARKERS/$name/enable" "$MARKERS/$name/probes")
		done
		f=${files[RANDOM % ${#files[@]}]}
		if [ $((RANDOM % 2)) = 0 ]; then
			payload=${words[RANDOM % ${#words[@]}]}
		else
			payload=
			len=$((RANDOM % 80))
			for ((i = 0; i < len; i++)); do
				payload+=$(printf '\\x%02x' $((RANDOM % 256)))
			done
		fi
		printf "$payload" 2>/dev/null > "$f"
		n=$((n + 1))
	done
	echo "$n" > "$WORK/fuzz_writes"
}

fire_worker 0 & fire_worker 1 &
toggle_worker & probes_worker & modules_worker & fuzz_worker &
wait

echo 0 > /sys/module/marker_stress/parameters/run
P=/sys/module/marker_stress/parameters
fires=$(cat $P/fires) calls=$(cat $P/calls) cycles=$(cat $P/cycles) errors=$(cat $P/errors)
opens=$(( $(cat "$WORK/opens.0") + $(cat "$WORK/opens.1") ))
ktap_print_msg "kthread fires=$fires churned-probe calls=$calls churn cycles=$cycles errors=$errors"
ktap_print_msg "opens=$opens toggles=$(cat "$WORK/toggles")" \
	"probe-cycles=$(cat "$WORK/probe_cycles")" \
	"module-cycles=$(cat "$WORK/module_cycles")" \
	"fuzz-writes=$(cat "$WORK/fuzz_writes")"
ktap_check "every CPU fired and the probe churned (fires=$fires cycles=$cycles)" \
	test "$fires" -gt 0 -a "$cycles" -gt 0
ktap_check "no unexpected errno from the kernel API during the churn" \
	test "$errors" = 0

# Hand back everything the interface holds (the names must be loaded for
# their files to exist), then every module unloads.
modprobe marker-example 2>/dev/null
for dir in "$MARKERS"/*/; do
	echo 0 2>/dev/null > "$dir/enable"
	echo '!printk' 2>/dev/null > "$dir/probes"
	echo '!counter' 2>/dev/null > "$dir/probes"
done
rmmod marker_stress && rmmod probe-example 2>/dev/null
modprobe marker-example 2>/dev/null
ktap_check "marker_stress and the samples unload (reference counts back to 0)" \
	bash -c '! lsmod | grep -q "^marker_stress\|^probe_example" &&
		 [ "$(cat /sys/module/marker_example/refcnt)" = 0 ]'

ktap_check "nothing left armed or connected in marker-list" \
	bash -c "! grep -v ' arms=0 probes=0 ' $MARKERS/marker-list"

# Quiet phase: the counter is exact.
N=200
echo counter > "$MARKERS/subsystem_event/probes"
echo counter > "$MARKERS/subsystem_eventb/probes"
echo 1 > "$MARKERS/subsystem_event/enable"
echo 1 > "$MARKERS/subsystem_eventb/enable"
echo 'counter reset' > "$MARKERS/subsystem_event/probes"
echo 'counter reset' > "$MARKERS/subsystem_eventb/probes"
for ((i = 0; i < N; i++)); do cat /proc/marker-example 2>/dev/null; done
ktap_check "quiet phase: subsystem_event counter hits=$N" \
	grep -qx "counter hits=$N" "$MARKERS/subsystem_event/probes"
ktap_check "quiet phase: subsystem_eventb counter hits=$((N * 10))" \
	grep -qx "counter hits=$((N * 10))" "$MARKERS/subsystem_eventb/probes"
for name in subsystem_event subsystem_eventb; do
	echo 0 > "$MARKERS/$name/enable"
	echo '!counter' > "$MARKERS/$name/probes"
done

markers_unload_samples
rm -rf "$WORK"
ktap_finished
