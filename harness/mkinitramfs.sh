#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack the guest: busybox + bash (static, from Debian), the kernel's modules
# and kselftests (already installed into ROOTFS by the Makefile), the
# harness's guest scripts, and any out-of-tree modules of `make modules`.
# usage: mkinitramfs.sh ROOTFS OUT.cpio.gz [EXTRA_MODULES_DIR]
# GUEST_ARCH=arm64 takes bin/busybox and bin/bash-static from GUEST_BINS
# (Debian's arm64 packages unpacked by arm64-bins.sh) instead of the host's.
set -euo pipefail
root=$1 out=$2 extra=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
arch=${GUEST_ARCH:-x86_64}
bins=${GUEST_BINS:-}

mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,harness}
rm -f "$root/bin/busybox" "$root/bin/bash"
cp "$bins/bin/busybox" "$root/bin/busybox"
cp "$bins/bin/bash-static" "$root/bin/bash"
# The applet list comes from the host's busybox (it cannot run an arm64
# one): the same Debian package and version, built for the other arch.
for app in $(/bin/busybox --list); do
	[ "$app" = busybox ] || [ "$app" = bash ] || ln -sf busybox "$root/bin/$app"
done
# The kselftest runner calls /usr/bin/timeout --foreground (GNU); busybox's
# timeout has no such option and needs no such option here.
mkdir -p "$root/usr/bin"
ln -sf ../../bin/busybox "$root/usr/bin/env"
rm -f "$root/usr/bin/timeout"
printf '#!/bin/sh\n[ "$1" = --foreground ] && shift\nexec /bin/busybox timeout "$@"\n' \
	> "$root/usr/bin/timeout"
chmod +x "$root/usr/bin/timeout"
cp "$here/guest/init" "$root/init"
cp "$here"/guest/*.sh "$root/harness/"
chmod +x "$root/init" "$root"/harness/*.sh
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"

# Real trace clients (Debian's trace-cmd and linux-perf) with the shared
# libraries they load, for the trace event tests; skipped when absent.
# x86_64: the host's, with what ldd lists.  arm64: GUEST_BINS's, with the
# closure of their DT_NEEDED entries (ldd cannot run an arm64 binary),
# found in GUEST_BINS's library folders, and the dynamic loader.
copy_needed()
{
	local todo=("$@") seen=" " f n d

	while [ "${#todo[@]}" -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		for n in $(readelf -d "$bins$f" |
			   sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
			[[ "$seen" == *" $n "* ]] && continue
			seen+="$n "
			for d in /lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu -; do
				[ -e "$bins$d/$n" ] && break
			done
			if [ "$d" = - ]; then
				echo "mkinitramfs.sh: $n of $f not in $bins" >&2
				return 1
			fi
			mkdir -p "$root$d"
			cp -L "$bins$d/$n" "$root$d/$n"
			todo+=("$d/$n")
		done
	done
}
for tool in /usr/bin/trace-cmd /usr/bin/perf; do
	if [ "$arch" = arm64 ]; then
		[ -x "$bins$tool" ] || continue
		cp "$bins$tool" "$root/usr/bin/"
		copy_needed "$tool"
		interp=$(readelf -l "$bins$tool" |
			 sed -n 's/.*interpreter: \(.*\)\]$/\1/p')
		mkdir -p "$root$(dirname "$interp")"
		cp -L "$bins$interp" "$root$interp"
		continue
	fi
	[ -x "$tool" ] || continue
	cp "$tool" "$root/usr/bin/"
	for lib in $(ldd "$tool" | awk '/=> \//{print $3} /^\t\//{print $1}'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done

kver=$(ls "$root/lib/modules")
if [ -n "$extra" ] && ls "$extra"/*.ko >/dev/null 2>&1; then
	mkdir -p "$root/lib/modules/$kver/extra"
	cp "$extra"/*.ko "$root/lib/modules/$kver/extra/"
	/sbin/depmod -b "$root" "$kver"
fi
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
