#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two instances of one name with different formats: the KUnit suite run at
# boot (CONFIG_MARKERS_KUNIT_TEST) loads marker_kunit_late with "value %d"
# and then with "value %s", and the registry warns, in these words, once.
# The same suite connects a "value %u" probe to the built-in
# marker_kunit_basic ("value %d"), which is refused with a warning too.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require

WARN='Format mismatch for probe marker_kunit_late (value %d), marker (value %s)'
WARN2='Format mismatch for probe marker_kunit_basic (value %u), marker (value %d)'

ktap_print_header
ktap_set_plan 3

if [ ! -d /sys/kernel/debug/kunit/markers ] &&
   ! grep -q '^marker_kunit_' "$MARKER_LIST"; then
	for i in 1 2 3; do
		ktap_test_skip "format mismatch warnings: CONFIG_MARKERS_KUNIT_TEST=n"
	done
	ktap_finished
fi
log=$(dmesg | sed 's/^\[[^]]*\] //')
ktap_check "the kernel log has: $WARN" grep -qxF "markers: $WARN" <<<"$log"
ktap_expect "... exactly once (one conflicting load in the suite)" 1 \
	"$(grep -cxF "markers: $WARN" <<<"$log")"
ktap_check "the kernel log has: $WARN2" grep -qxF "markers: $WARN2" <<<"$log"

ktap_finished
