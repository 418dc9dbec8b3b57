#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make test`: the KUnit results the suites left in debugfs
# (the built-in ones at boot, the markers suite when its module,
# marker_kunit, is loaded here), then the markers kselftests through the
# kernel's own runner, then the kernel log, each between markers the
# host's summarize.py parses.  marker_kunit stays loaded: its results
# live in debugfs only as long as the module does.  Scripts that ask for a
# kernel command line of their own run in their own boot (markers_tests=).
status=0

# An extra boot (harness/extra-boots.sh) runs one script, markers_tests.
if [ -n "${markers_tests:-}" ]; then
	echo "MARKERS-HARNESS-BEGIN kselftest"
	# markers_timeout=N: the script's own limit, for a long one.
	cd /kselftest && ./run_kselftest.sh -t "markers:$markers_tests" \
		${markers_timeout:+-o "$markers_timeout"} || status=1
	cd /
	echo "MARKERS-HARNESS-END kselftest"
	echo "MARKERS-HARNESS-BEGIN dmesg"
	dmesg
	echo "MARKERS-HARNESS-END dmesg"
	exit $status
fi

echo "MARKERS-HARNESS-BEGIN kunit"
if [ -n "$(find "/lib/modules/$(uname -r)" -name 'marker_kunit.ko*')" ] &&
   ! modprobe marker_kunit; then
	echo "not ok 1 kunit: modprobe marker_kunit failed"
	status=1
fi
found=0
for r in /sys/kernel/debug/kunit/*/results; do
	[ -r "$r" ] || continue
	found=1
	cat "$r"
done
[ $found -eq 1 ] || { echo "not ok 1 kunit: no KUnit results in debugfs"; status=1; }
echo "MARKERS-HARNESS-END kunit"

# Every script but those that ask for a boot of their own.
tests=()
while IFS=: read -r coll t; do
	[ "$coll" = markers ] || continue
	grep -q '^# markers-boot: ' "/kselftest/markers/$t" ||
		tests+=(-t "markers:$t")
done < /kselftest/kselftest-list.txt
echo "MARKERS-HARNESS-BEGIN kselftest"
cd /kselftest && ./run_kselftest.sh "${tests[@]}" || status=1
cd /
echo "MARKERS-HARNESS-END kselftest"

# Debug kernels: two kmemleak scans (it reports objects older than 5 s).
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo "MARKERS-HARNESS-BEGIN kmemleak"
	cat /sys/kernel/debug/kmemleak
	echo "MARKERS-HARNESS-END kmemleak"
fi

echo "MARKERS-HARNESS-BEGIN dmesg"
dmesg
echo "MARKERS-HARNESS-END dmesg"
exit $status
