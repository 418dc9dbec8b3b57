#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the build needs from Debian's packages.
# usage: deps.sh KERNEL_PKG KERNEL_PKG_VERSION PKG...
set -euo pipefail
kpkg=$1 kver=$2
shift 2

missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
have_kver=$(dpkg-query -W -f='${Version}' "$kpkg" 2>/dev/null || true)

if [ ${#missing[@]} -eq 0 ] && [ -n "$have_kver" ]; then
	[ "$have_kver" = "$kver" ] ||
		echo "WARNING: using $kpkg $have_kver, not the pinned $kver" >&2
	exit 0
fi

apt_install() {
	if [ "$(id -u)" != 0 ]; then
		echo "Not root: run this first:" >&2
		echo "  apt-get update && apt-get install -y --no-install-recommends $*" >&2
		exit 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$@"
}

[ "$(id -u)" != 0 ] || apt-get update -q
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
# ccache's links for compilers installed after it (clang-16).
if [ "$(id -u)" = 0 ] && command -v update-ccache-symlinks >/dev/null; then
	update-ccache-symlinks
fi

if [ -z "$have_kver" ]; then
	if apt-cache madison "$kpkg" | awk '{print $3}' | grep -qx -- "$kver"; then
		apt_install "$kpkg=$kver"
	else
		echo "WARNING: $kpkg $kver is no longer served; using the newest 6.12" >&2
		apt_install "$kpkg"
	fi
fi
