#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tinyconfig + the repo's fragments, then check every fragment line took.
# usage: config.sh KSRC KOBJ FRAGMENT...
set -euo pipefail
ksrc=$1 kobj=$2
shift 2
mkdir -p "$kobj"
echo "  CONFIG  tinyconfig + $*"
make -s -C "$ksrc" O="$kobj" tinyconfig >/dev/null
"$ksrc/scripts/kconfig/merge_config.sh" -m -O "$kobj" "$kobj/.config" "$@" >/dev/null
make -s -C "$ksrc" O="$kobj" olddefconfig >/dev/null
bad=0
for f in "$@"; do
	grep -E '^(CONFIG_[A-Z0-9_]+=|# CONFIG_[A-Z0-9_]+ is not set)' "$f" |
	while read -r line; do
		grep -qxF -- "$line" "$kobj/.config" ||
			{ echo "config: '$line' from $f did not take"; exit 1; }
	done || bad=1
done
if [ $bad -ne 0 ]; then
	rm -f "$kobj/.config"
	exit 1
fi
