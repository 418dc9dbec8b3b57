#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lay the overlay over the tree.  rsync --checksum only rewrites files whose
# content changed, so make's timestamps give an incremental kernel build.
# Files the overlay no longer has (deleted or renamed) are removed from the
# tree: the overlay only ever adds files, so they are all ours.  The
# Makefile runs this under flock, so two make runs never lay it at once.
# usage: overlay.sh KSRC BUILD DIR...
set -euo pipefail
ksrc=$1 b=$2
shift 2

{ git ls-files "$@" 2>/dev/null || find "$@" -type f 2>/dev/null; } |
	sort > "$b/overlay.new"
if [ -f "$b/overlay.list" ]; then
	comm -23 "$b/overlay.list" "$b/overlay.new" |
		sed "s,^,$ksrc/," | xargs -r rm -fv
fi
dirs=()
for d in "$@"; do
	[ -d "$d" ] && dirs+=("$d")
done
rsync -rc --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	"${dirs[@]}" "$ksrc/"
mv "$b/overlay.new" "$b/overlay.list"
