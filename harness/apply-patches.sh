#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bring the integration patches applied to KSRC in line with PATCHDIR/series.
# The set applied last time is kept in APPLIED; it is reversed (newest first)
# before the current set goes in, so a changed patch needs no re-unpack.
# Files that end up with the content they had keep their timestamps, so
# the kernel build only redoes what a changed patch really changed.
# usage: apply-patches.sh KSRC PATCHDIR APPLIED
set -euo pipefail
trap 'echo "apply-patches.sh: failed at line $LINENO" >&2' ERR
ksrc=$1 pdir=$2 applied=$3

# (No applied set yet on a fresh tree: the glob may match nothing.)
touched=$(find "$applied" "$pdir" -maxdepth 1 -name '*.patch' -type f \
	-exec cat {} + 2>/dev/null |
	sed -n 's,^+++ b/\([^[:space:]]*\).*,\1,p' | sort -u) || true
declare -A sum stamp
for f in $touched; do
	[ -f "$ksrc/$f" ] || continue
	sum[$f]=$(sha1sum < "$ksrc/$f")
	stamp[$f]=$(stat -c %Y "$ksrc/$f")
done

if [ -f "$applied/series" ]; then
	tac "$applied/series" | while read -r p; do
		[ -n "$p" ] || continue
		echo "  UNPATCH $p"
		patch -d "$ksrc" -p1 -R -s -N < "$applied/$p"
	done
fi
rm -rf "$applied"
mkdir -p "$applied"
while read -r p; do
	[ -n "$p" ] || continue
	echo "  PATCH   $p"
	patch -d "$ksrc" -p1 -s -N --no-backup-if-mismatch < "$pdir/$p"
	cp "$pdir/$p" "$applied/$p"
	echo "$p" >> "$applied/series"
done < "$pdir/series"

for f in "${!sum[@]}"; do
	[ -f "$ksrc/$f" ] && [ "$(sha1sum < "$ksrc/$f")" = "${sum[$f]}" ] &&
		touch -d "@${stamp[$f]}" "$ksrc/$f"
done
true
