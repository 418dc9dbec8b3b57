#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the markers kselftests: KTAP output through the
# kselftest helpers, the paths of the debugfs tree, and small readers and
# writers of its files.

DIR="$(dirname "$(readlink -f "$0")")"
source "$DIR/../kselftest/ktap_helpers.sh"

MARKERS=/sys/kernel/debug/markers

# What a kernel log must not contain after a test.
SPLAT_RE='WARNING:|BUG:|Oops|general protection|refcount_t|use-after-free'

# A marker-list line: NAME ARMED ACTIVE ARMS PROBES INSTANCES MODULES FORMAT
# (no conflicts).
listing_expect()
{
	printf '%s armed=%s active=%s arms=%s probes=%s instances=%s' \
		"$1" "$2" "$3" "$4" "$5" "$6"
	printf ' conflicts=0 modules=%s format="%s"' "$7" "$8"
}
MARKER_LIST=$MARKERS/marker-list
MIO="$DIR/markers_io"
DROP_UID="$DIR/drop_uid"
PRINTK_BURST=/sys/module/markers/parameters/printk_burst
PRINTK_INTERVAL=/sys/module/markers/parameters/printk_interval_ms

# Skip the whole script (exit 4) unless we can drive markers.
markers_require()
{
	if [ "$(id -u)" != 0 ]; then
		ktap_skip_all "must be run as root"
		exit "$KSFT_SKIP"
	fi
	if [ ! -d /sys/kernel/debug ] || ! ls /sys/kernel/debug >/dev/null 2>&1; then
		mount -t debugfs none /sys/kernel/debug 2>/dev/null
	fi
	if [ ! -d "$MARKERS" ]; then
		ktap_skip_all "no $MARKERS (CONFIG_MARKERS=n or debugfs missing)"
		exit "$KSFT_SKIP"
	fi
}

# Skip unless the sample modules can be loaded.
markers_require_samples()
{
	if [ -z "$(find "/lib/modules/$(uname -r)" -name 'marker-example.ko*' 2>/dev/null)" ]; then
		ktap_skip_all "the markers samples (CONFIG_SAMPLE_MARKERS=m) are not installed"
		exit "$KSFT_SKIP"
	fi
}

# Skip unless the static helpers were built and installed.
markers_require_helpers()
{
	if [ ! -x "$MIO" ] || [ ! -x "$DROP_UID" ]; then
		ktap_skip_all "the helpers markers_io and drop_uid are missing"
		exit "$KSFT_SKIP"
	fi
}

# Unload the samples, quietly; the tests start and end without them.
markers_unload_samples()
{
	rmmod probe-example 2>/dev/null
	rmmod marker-example 2>/dev/null
	rmmod tp-marker-example 2>/dev/null
	true
}

# Put the samples' names back to their boot state: no interface arm, no
# built-in probe.  What the interface holds outlives an unload, so load
# the modules defining the names first, then clear, then unload.
markers_reset()
{
	local d

	rmmod probe-example 2>/dev/null
	modprobe marker-example 2>/dev/null
	modprobe tp-marker-example 2>/dev/null
	for d in "$MARKERS"/*/; do
		[ -f "$d/enable" ] || continue
		echo 0 > "$d/enable" 2>/dev/null
		echo '!printk' > "$d/probes" 2>/dev/null
		echo '!counter' > "$d/probes" 2>/dev/null
		echo '!trace' > "$d/probes" 2>/dev/null
	done
	markers_rules_reset
	markers_events_reset
	markers_unload_samples
}

# Scripts with a "# markers-boot: PARAMS" line: skip unless the kernel
# was booted with PATTERN (a grep -E pattern over /proc/cmdline), then make
# sure tracefs is mounted.
markers_require_boot()
{
	if ! grep -qE "$1" /proc/cmdline; then
		ktap_skip_all "needs a boot with $1 (harness/extra-boots.sh)"
		exit "$KSFT_SKIP"
	fi
	[ -d "$TRACING/markers" ] || mount -t tracefs nodev "$TRACING"
}

# The markers' trace events (CONFIG_MARKERS_TRACE_EVENTS).
TRACING=/sys/kernel/tracing
EVENTS=$TRACING/events/markers

# Skip unless tracefs has the markers' events (checked with the sample).
markers_require_events()
{
	if [ ! -d "$TRACING/events" ]; then
		mount -t tracefs nodev "$TRACING" 2>/dev/null
	fi
	modprobe marker-example 2>/dev/null
	if [ ! -d "$EVENTS/subsystem_event" ]; then
		markers_unload_samples
		ktap_skip_all "no $EVENTS (CONFIG_MARKERS_TRACE_EVENTS=n or no tracefs)"
		exit "$KSFT_SKIP"
	fi
	markers_unload_samples
}

# event_gone DIR: true once the event directory DIR is gone, waiting up to
# 5 s (a stale event goes from a work item, an eprobe's within a second).
event_gone()
{
	local i

	for i in $(seq 50); do
		[ -e "$1" ] || return 0
		sleep 0.1
	done
	return 1
}

# The markers' events back to off: no filter, trigger or hist, empty trace.
markers_events_reset()
{
	local e t

	[ -d "$EVENTS" ] || return 0
	for e in "$EVENTS"/*/; do
		[ -f "$e/enable" ] || continue
		echo 0 > "$e/enable"
		echo 0 > "$e/filter"
		while read -r t; do
			case "$t" in \#*|"") continue ;; esac
			echo "!${t%% *}" > "$e/trigger"
		done < "$e/trigger"
	done 2>/dev/null
	echo > "$TRACING/trace"
}

# No control rule left: the opposite of each listed one.
markers_rules_reset()
{
	local c verb rest rules

	for c in "$MARKERS/control" "$TRACING/markers/control"; do
		[ -w "$c" ] || continue
		rules=$(cat "$c" 2>/dev/null)
		while read -r verb rest; do
			case "$verb" in
			enable) echo "disable $rest" ;;
			attach) echo "detach $rest" ;;
			esac
		done <<<"$rules" > "$c" 2>/dev/null
		return 0
	done
}

# Start a script: checks, a clean state, and the same again on exit.
markers_setup()
{
	markers_require
	markers_require_samples
	markers_require_helpers
	markers_reset
	trap markers_reset EXIT
}

# A KTAP diagnostic line; unlike ktap_print_msg, no word splitting or
# globbing of the text (listing lines hold "[probe_example]" and such).
ktap_msg()
{
	printf '# %s\n' "$*"
}

# The kselftest helpers echo a test's description unquoted: with globbing
# on, a description holding '*' ("enable subsystem_*") would come out as
# a list of files.  Print the result lines with globbing off.
ktap_result()
{
	local noglob=$-

	set -f
	"ktap_test_$1" "$2"
	[[ $noglob == *f* ]] || set +f
}

# ktap_check DESCRIPTION COMMAND...: one test point from a command's status.
ktap_check()
{
	local desc="$1"
	shift
	if "$@"; then
		ktap_result pass "$desc"
	else
		ktap_result fail "$desc"
	fi
}

# ktap_expect DESCRIPTION EXPECTED ACTUAL: one test point from a string
# comparison; a failure prints both.
ktap_expect()
{
	if [ "$2" = "$3" ]; then
		ktap_result pass "$1"
	else
		ktap_msg "expected '$2', got '$3'"
		ktap_result fail "$1"
	fi
}

# The status of opening a file, as the errno name the shell reports.
open_error()
{
	local out
	out=$(cat "$1" 2>&1 >/dev/null)
	case "$out" in
	*"Operation not permitted"*) echo EPERM ;;
	*"No such file"*) echo ENOENT ;;
	"") echo OK ;;
	*) echo "OTHER($out)" ;;
	esac
}

# mwrite FILE DATA [REPEAT]: one write(2); prints OK or the errno name.
mwrite()
{
	"$MIO" w "$@"
}

# mread FILE: the content, or the errno name (and status 1).
mread()
{
	"$MIO" r "$1"
}

# The marker-list line of NAME (empty when the registry does not know it).
listing_line()
{
	grep "^$1 " "$MARKER_LIST"
}

# listing_field NAME FIELD: the value of FIELD=... in NAME's listing line.
listing_field()
{
	listing_line "$1" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"
}

enable_of()
{
	cat "$MARKERS/$1/enable"
}

probes_of()
{
	cat "$MARKERS/$1/probes"
}

# The counter probe's hits on NAME, or nothing when it is not attached.
counter_hits()
{
	sed -n 's/^counter hits=\([0-9]*\)$/\1/p' "$MARKERS/$1/probes"
}

# printk_figure NAME printed|suppressed
printk_figure()
{
	sed -n "s/^printk .*$2=\([0-9]*\).*/\1/p" "$MARKERS/$1/probes"
}

# Open /proc/marker-example N times: each fires subsystem_event once and
# subsystem_eventb ten times (the open itself fails with EPERM).
fire_example()
{
	local i

	for ((i = 0; i < $1; i++)); do
		: < /proc/marker-example
	done 2>/dev/null
}

# Read /proc/tp-marker-example N times: each fires sample_tp_read once.
fire_tp_example()
{
	local i

	for ((i = 0; i < $1; i++)); do
		read -r _ < /proc/tp-marker-example
	done
}

# control_log on|off: the control file's per-command line ("markers:
# control: ...: N markers", a pr_debug()) on or off through dynamic_debug.
# Fails the script when the kernel has no dynamic_debug control file.
control_log()
{
	local ddc=/sys/kernel/debug/dynamic_debug/control

	[ -w "$ddc" ] || ktap_exit_fail_msg "no $ddc (CONFIG_DYNAMIC_DEBUG)"
	echo "format \"control: \" $([ "$1" = on ] && echo +p || echo -p)" > "$ddc"
}

# A unique line in the kernel log; kmsg_since TAG prints what followed it.
kmsg_mark()
{
	echo "markers-selftest-$1-$$" > /dev/kmsg
}

kmsg_since()
{
	dmesg | sed -n "/markers-selftest-$1-$$/,\$p"
}

# marker_state NAME: enable, the listing's arms and the probes file on one
# line, "enable=1 arms=1 probes=counter hits=3;" -- for before/after checks.
marker_state()
{
	printf 'enable=%s arms=%s probes=%s' "$(cat "$MARKERS/$1/enable" 2>&1)" \
		"$(listing_field "$1" arms)" \
		"$(tr '\n' ';' < "$MARKERS/$1/probes" 2>&1)"
}

# ktap_expect_todo DESCRIPTION REASON EXPECTED ACTUAL: like ktap_expect for
# a known kernel bug: a mismatch is "not ok ... # TODO REASON" (counted as
# a skip, so the script still passes), a match a plain "ok".
ktap_expect_todo()
{
	if [ "$3" = "$4" ]; then
		ktap_result pass "$1"
	else
		ktap_msg "expected '$3', got '$4'"
		echo "not ok $KTAP_TESTNO $1 # TODO $2"
		KTAP_TESTNO=$((KTAP_TESTNO + 1))
		KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
	fi
}
