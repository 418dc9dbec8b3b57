#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tinyconfig + the repo's fragments, then check that every option took.
# Later fragments override earlier ones; an option a fragment turns off
# may also be absent from .config (its dependencies are off).
# usage: config.sh KSRC KOBJ FRAGMENT...   (extra make variables, such as
# LLVM=1, come from the environment variable KCONFIG_MAKEFLAGS)
set -euo pipefail
ksrc=$1 kobj=$2
shift 2
flags=${KCONFIG_MAKEFLAGS:-}
mkdir -p "$kobj"
echo "  CONFIG  tinyconfig + $*"
make -s -C "$ksrc" O="$kobj" $flags tinyconfig >/dev/null
"$ksrc/scripts/kconfig/merge_config.sh" -m -O "$kobj" "$kobj/.config" "$@" >/dev/null
make -s -C "$ksrc" O="$kobj" $flags olddefconfig >/dev/null

declare -A want
for f in "$@"; do
	while read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Z0-9_]+)=(.*)$ ]]; then
			want[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
		elif [[ $line =~ ^#\ (CONFIG_[A-Z0-9_]+)\ is\ not\ set$ ]]; then
			want[${BASH_REMATCH[1]}]=n
		fi
	done < "$f"
done
bad=0
for sym in "${!want[@]}"; do
	val=${want[$sym]}
	if [ "$val" = n ]; then
		grep -q "^$sym=" "$kobj/.config" || continue
	else
		grep -qxF -- "$sym=$val" "$kobj/.config" && continue
	fi
	echo "config: $sym=$val (from $*) did not take" >&2
	bad=1
done
if [ $bad -ne 0 ]; then
	rm -f "$kobj/.config"
	exit 1
fi
