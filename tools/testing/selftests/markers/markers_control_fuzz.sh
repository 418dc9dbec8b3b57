#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The control file under a seeded fuzzer (markers_fuzz): thousands of
# writes built from the control language and mangled, each of which must
# succeed or fail with a documented errno, and no splat.  MARKERS_FUZZ_SEED
# and MARKERS_FUZZ_COUNT override the seed (default: the date) and count.
source "$(dirname "$(readlink -f "$0")")/markers_lib.sh"

markers_setup
FUZZ="$DIR/markers_fuzz"
if [ ! -x "$FUZZ" ]; then
	ktap_skip_all "markers_fuzz was not built"
	exit "$KSFT_SKIP"
fi
seed=${MARKERS_FUZZ_SEED:-$(date +%s)}
count=${MARKERS_FUZZ_COUNT:-3000}

ktap_print_header
ktap_set_plan 3

modprobe marker-example
modprobe tp-marker-example
kmsg_mark fuzz
out=$("$FUZZ" "$MARKERS/control" "$seed" "$count")
rc=$?
ktap_msg "seed $seed: $(tail -n 1 <<<"$out")"
ktap_expect "$count writes, each OK or a documented errno (seed $seed)" 0 "$rc"
[ $rc = 0 ] || ktap_msg "$(head -n 5 <<<"$out")"
ktap_check "every rule left is a command the file takes back" \
	bash -c "rules=\$(cat '$MARKERS/control'); [ -z \"\$rules\" ] || printf '%s\n' \"\$rules\" > '$MARKERS/control'"
ktap_expect "no splat in the kernel log during the fuzzing" "" \
	"$(kmsg_since fuzz | grep -E "$SPLAT_RE")"

ktap_finished
