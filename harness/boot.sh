#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the markers kernel under QEMU with a hard timeout.
# usage: boot.sh BZIMAGE INITRD TIMEOUT MEM SMP MODE [LOG [SCRIPT]]
# MODE is test|demo|bench|run|shell; the guest's /init picks the payload.
# Exit status: the payload's status as the guest reported it, 124 on a
# timeout, 125 when the guest never reported one (crash, panic).
# GUEST_ARCH=arm64: BZIMAGE is an arm64 Image, booted under
# qemu-system-aarch64 -M virt -cpu max (always TCG) with the PL011 console.
set -uo pipefail
kernel=$1 initrd=$2 tmo=$3 mem=$4 smp=$5 mode=$6 log=${7:-/dev/null} script=${8:-}

# KVM only where /dev/kvm really works: some hosts have the device but
# fail at the first vCPU (seen here: an MSR assertion).  Probe by booting
# the kernel with no initramfs to its "no init" panic, which -no-reboot
# turns into a clean QEMU exit.  Otherwise software emulation (TCG).
#
# TCG runs single-threaded by default (TCG_THREAD=multi to override): with
# one host thread per vCPU, QEMU 7.2 lets a vCPU that spins through a
# static branch keep executing the int3 that text_poke_bp() planted there
# after the patch has completed, and the guest dies with "Oops: int3"
# (reproduced 2 out of 2 boots by the probes churn kselftest, never with
# thread=single over 12 runs; both with 2 guest CPUs).  Single-threaded
# TCG still gives the guest 2 CPUs, interleaved by QEMU.
accel=(-accel "tcg,thread=${TCG_THREAD:-single}")
arch=${GUEST_ARCH:-x86_64}
if [ "$arch" = x86_64 ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
   bash -c 'timeout 30 qemu-system-x86_64 -accel kvm -cpu host -smp 1 \
	-m 256 -nodefaults -display none -no-reboot -kernel "$0" \
	-append "panic=-1 loglevel=0"; exit $?' "$kernel" >/dev/null 2>&1; then
	accel=(-accel kvm)
fi
echo "boot.sh: accelerator ${accel[1]%%,*}" >&2

if [ -n "$script" ]; then
	# make run: a second cpio archive appended to the initramfs carries the
	# script as /payload/script (the kernel unpacks concatenated archives).
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/root/payload"
	cp "$script" "$tmp/root/payload/script"
	(cd "$tmp/root" && find . | cpio -o -H newc --quiet -R 0:0) | gzip -1 > "$tmp/payload.gz"
	cat "$initrd" "$tmp/payload.gz" > "$tmp/initrd.gz"
	initrd=$tmp/initrd.gz
fi

# BOOT_ARGS: more kernel parameters (harness/extra-boots.sh).
append="loglevel=4 panic=-1 markers_mode=$mode ${BOOT_ARGS:-}"
cpu=max
[ "${accel[1]}" = kvm ] && cpu=host
# No 5-level paging on x86: 6.12's identify_cpu() clears the boot CPU's
# feature bits and fills them again, and an interrupt in between sees
# pgtable_l5_enabled() false; on the KASAN kernel its shadow checks then
# take the direct map for a wild address ("BUG: KASAN: wild-memory-access
# in do_raw_spin_lock" from handle_edge_irq, RIP in identify_cpu, at
# about 1.2 s): a splat that comes and goes with the interrupt's timing.
cpu=$cpu,la57=off
if [ "$arch" = arm64 ]; then
	qemu=(qemu-system-aarch64 -M virt "${accel[@]}" -cpu max
	      -append "console=ttyAMA0 $append")
else
	qemu=(qemu-system-x86_64 "${accel[@]}" -cpu "$cpu"
	      -append "console=ttyS0 $append")
fi
qemu+=(-smp "$smp" -m "$mem" -nographic -no-reboot -kernel "$kernel"
       -initrd "$initrd")

if [ "$mode" = shell ]; then
	exec "${qemu[@]}"
fi

mkdir -p "$(dirname "$log")"
# Line-buffered: the log shows the guest's progress as it goes (a guest
# that hangs leaves its last line in the log, not a 4 KiB block behind).
timeout --foreground -k 10 "$tmo" "${qemu[@]}" < /dev/null 2>&1 |
	stdbuf -oL tr -d '\r' | tee "$log"
qrc=${PIPESTATUS[0]}
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "boot.sh: guest killed after ${tmo}s timeout; its last lines:" >&2
	tail -n 15 "$log" >&2
	exit 124
fi
rc=$(sed -n 's/^MARKERS-HARNESS-EXIT: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
if [ -z "$rc" ]; then
	echo "boot.sh: the guest never reported an exit status (crash?)" >&2
	exit 125
fi
exit "$rc"
