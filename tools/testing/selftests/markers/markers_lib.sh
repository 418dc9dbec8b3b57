#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the markers kselftests: KTAP output through the
# kselftest helpers, and the paths of the debugfs tree.

DIR="$(dirname "$(readlink -f "$0")")"
source "$DIR/../kselftest/ktap_helpers.sh"

MARKERS=/sys/kernel/debug/markers

# Skip the whole script (exit 4) unless we can drive markers.
markers_require()
{
	if [ "$(id -u)" != 0 ]; then
		ktap_skip_all "must be run as root"
		exit "$KSFT_SKIP"
	fi
	if [ ! -d /sys/kernel/debug ] || ! ls /sys/kernel/debug >/dev/null 2>&1; then
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
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

# Unload the samples, quietly; the tests start and end without them.
markers_unload_samples()
{
	rmmod probe-example 2>/dev/null
	rmmod marker-example 2>/dev/null
	rmmod tp-marker-example 2>/dev/null
	true
}

# ktap_check DESCRIPTION COMMAND...: one test point from a command's status.
ktap_check()
{
	local desc="$1"
	shift
	if "$@"; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
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
