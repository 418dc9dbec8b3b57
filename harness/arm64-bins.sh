#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The arm64 guest's userland: Debian's busybox-static and bash-static for
# arm64, and the trace clients trace-cmd and linux-perf with the library
# packages of their dependencies, fetched with `apt-get download` (dpkg's
# arm64 foreign architecture is added first when missing) and unpacked
# with dpkg-deb -x into DIR/root.  Nothing is installed on the host;
# mkinitramfs.sh copies the clients and the libraries they load.
# usage: arm64-bins.sh DIR
set -euo pipefail
dir=$1
pkgs=(busybox-static:arm64 bash-static:arm64)
clients=(trace-cmd:arm64 linux-perf:arm64)

if ! apt-cache show "${pkgs[0]}" >/dev/null 2>&1; then
	if [ "$(id -u)" != 0 ]; then
		echo "Not root: run this first:" >&2
		echo "  dpkg --add-architecture arm64 && apt-get update" >&2
		exit 1
	fi
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		dpkg --add-architecture arm64
	apt-get update -q
fi
# Every library package the clients depend on, directly or not (perl's
# and python's own packages are not libraries: perf loads only libperl
# and libpython).
mapfile -t libs < <(apt-cache depends --recurse --no-recommends \
	--no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances \
	"${clients[@]}" | grep -E '^(lib[^ ]*|zlib1g):arm64$' | sort -u)
[ "${#libs[@]}" -gt 0 ] || { echo "arm64-bins.sh: no libraries for ${clients[*]}" >&2; exit 1; }
rm -rf "$dir" && mkdir -p "$dir/root"
# Package lists older than the archive name versions it no longer has (a
# security update of libc6 or linux-perf): then once more after an update.
if ! (cd "$dir" && apt-get download -q "${pkgs[@]}" "${clients[@]}" "${libs[@]}"); then
	[ "$(id -u)" = 0 ] || exit 1
	apt-get update -q
	rm -f "$dir"/*.deb
	(cd "$dir" && apt-get download -q "${pkgs[@]}" "${clients[@]}" "${libs[@]}")
fi
for deb in "$dir"/*.deb; do
	echo "  UNPACK  ${deb##*/}"
	dpkg-deb -x "$deb" "$dir/root"
done
test -x "$dir/root/bin/busybox" && test -x "$dir/root/bin/bash-static"
test -x "$dir/root/usr/bin/trace-cmd" && test -x "$dir/root/usr/bin/perf"
