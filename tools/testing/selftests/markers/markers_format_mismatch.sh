#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Format mismatches, in the kernel log's own words.  The script causes them
# itself by loading the KUnit module of the markers (marker_kunit), whose
# suite loads marker_kunit_late with "value %d" and then with "value %s"
# (two instances that disagree), and connects a "value %u" probe to
# marker_kunit_basic ("value %d"), which is refused.  Only the log written
# after this script loaded the module is read.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_require

WARN='Format mismatch for marker marker_kunit_late: marker_kunit (value %d) vs marker_kunit (value %s)'
WARN2='Format mismatch for probe marker_kunit_basic (value %u), marker (value %d)'

ktap_print_header
ktap_set_plan 4

if [ -z "$(find "/lib/modules/$(uname -r)" -name 'marker_kunit.ko*' 2>/dev/null)" ]; then
	for i in 1 2 3 4; do
		ktap_test_skip "format mismatch warnings: no marker_kunit module (CONFIG_MARKERS_KUNIT_TEST=m)"
	done
	ktap_finished
fi
rmmod marker_kunit 2>/dev/null
kmsg_mark mismatch
ktap_check "modprobe marker_kunit" modprobe marker_kunit
log=$(kmsg_since mismatch | sed 's/^\[[^]]*\] //')
rmmod marker_kunit
ktap_check "the kernel log has: $WARN" grep -qxF "markers: $WARN" <<<"$log"
ktap_expect "... exactly once (one conflicting load in the suite)" 1 \
	"$(grep -cxF "markers: $WARN" <<<"$log")"
ktap_check "the kernel log has: $WARN2" grep -qxF "markers: $WARN2" <<<"$log"

ktap_finished
