#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An initramfs add-on with Debian's bpftrace, for the one test boot that
# needs it (markers_event_bpftrace.sh): the binary, the shared libraries
# it loads (LLVM and clang, about 200 MB, which is why the other boots go
# without), and the UAPI headers its clang parser includes
# (linux/types.h and what that pulls in, from linux-libc-dev).  The kernel
# unpacks a second cpio archive appended to the first one over it, so the
# boot's initrd is the profile's with this one after it.
# usage: mkaddon-bpftrace.sh OUT.cpio.gz   (x86_64 only; exits 0 without
# writing OUT when bpftrace is not installed)
set -euo pipefail
out=$1
tool=/usr/bin/bpftrace
[ -x "$tool" ] || { echo "mkaddon-bpftrace: no $tool, no add-on" >&2; exit 0; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/bin" "$root/usr/include/x86_64-linux-gnu"
cp "$tool" "$root/usr/bin/"
for lib in $(ldd "$tool" | awk '/=> \//{print $3} /^\t\//{print $1}'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
cp -r /usr/include/linux /usr/include/asm-generic "$root/usr/include/"
cp -r /usr/include/x86_64-linux-gnu/asm "$root/usr/include/x86_64-linux-gnu/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
