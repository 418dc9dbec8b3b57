#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the gates a maintainer runs before reading the code.
#
#   checkpatch   scripts/checkpatch.pl --strict on every project C file and
#                header; findings must be listed, with their reason, in
#                harness/checkpatch-exceptions
#   sparse+W=1   make C=2 W=1 on the project's objects: no warning that
#                names a project file
#   kernel-doc   scripts/kernel-doc -none -Wall on the project's files
#   call types   a marker_call() whose arguments disagree with the
#                DEFINE_MARKER() format is flagged by the compiler
#                (harness/buildtest/), with and without CONFIG_MARKERS
#   names        trace_mark() of a reserved name (control, enable,
#                filter) does not build, and says why
#   builds       CONFIG_MARKERS=n (and the samples built against it),
#                and clang: the cfi profile's kernel (clang 16, ThinLTO,
#                kCFI), which make test PROFILE=cfi then boots
#   arm64        sparse and W=1 on the project's objects in the arm64
#                kernel (ARM64_KOBJ, the one make test ARCH=arm64 boots),
#                and an arm64 kernel built with clang (LLVM=1 ARCH=arm64)
#                and CONFIG_MODULES=n
#
# The two variant kernels are built from harness/config/check.config (the
# markers code and everything its #ifdefs reach, nothing a guest needs to
# boot) rather than the test profiles: they are compiled and linked, never
# booted.  sparse and W=1 compile the project's objects again in a copy of
# the test kernel's object folder, so that the kernels make test boots are
# never touched here and make test may boot them meanwhile.
#
# Prints one line per gate with the time it took and "N passed, N failed";
# exits non-zero when a gate failed.  CHECK_BUILDS=0 skips the three extra
# kernel builds (the two variants and the cfi kernel).
#
# usage: [ARM64_KOBJ=dir] check.sh KSRC KOBJ
set -uo pipefail
ksrc=$1 kobj=$2
top=$(cd "$(dirname "$0")/.." && pwd)
b=$top/build
jobs=${JOBS:-$(nproc)}
passed=0 failed=0
results=()
since=$(date +%s)

# Record a gate's result with the time since the previous gate ended (and
# append it to STAGE_TIMES when that is set: see harness/stage.sh).
gate() {
	local name=$1 status=$2 now took
	now=$(date +%s)
	took=$((now - since))
	[ -z "${STAGE_TIMES:-}" ] ||
		echo "$since $now $status check: $name" >> "$STAGE_TIMES"
	since=$now
	name="$name [$((took / 60))m$(printf %02d $((took % 60)))s]"
	if [ "$status" = 0 ]; then
		passed=$((passed + 1))
		results+=("ok   check: $name")
	else
		failed=$((failed + 1))
		results+=("FAIL check: $name")
	fi
}

# A scratch copy of a test kernel's object folder for the gates that
# compile the project's objects again with other flags (C=2 W=1 changes
# their command lines, and kbuild would rebuild and relink them at the
# next make kernel).  usage: scratch OBJ NAME; prints the copy's path.
scratch() {
	local copy=$b/obj-check-$2
	rm -rf "$copy"
	# The Makefile holds OBJ.lock while it builds in OBJ.
	flock "$1.lock" cp -a "$1" "$copy" && echo "$copy"
}

cd "$top"
mapfile -t files < <(ls include/linux/marker.h kernel/marker*.[ch] \
	kernel/trace/trace_markers.c lib/test_markers_benchmark.c \
	samples/markers/*.c tools/testing/selftests/markers/*.c \
	tools/testing/selftests/markers/test_modules/*.c 2>/dev/null)
mapfile -t objs < <(ls kernel/marker*.c kernel/trace/trace_markers.c \
	lib/test_markers_benchmark.c |
	sed 's/\.c$/.o/')

# checkpatch, with the listed exceptions taken out.
echo "== checkpatch --strict"
perl "$ksrc/scripts/checkpatch.pl" --strict --no-tree --terse \
	--typedefsfile harness/checkpatch-typedefs -f "${files[@]}" 2>&1 |
	grep -E '(ERROR|WARNING|CHECK):' |
	sed -E 's/^([^:]+):[0-9]+: /\1: /' |
	grep -vxF -f <(grep -v '^#' harness/checkpatch-exceptions) > "$b/check-checkpatch.txt"
cat "$b/check-checkpatch.txt"
gate "checkpatch --strict (${#files[@]} files)" "$([ -s "$b/check-checkpatch.txt" ] && echo 1 || echo 0)"

# sparse and W=1 over the project's objects (C=2: even when up to date),
# in a scratch copy of a test kernel's object folder: only the project's
# objects are compiled again.  usage: sparse_w1 OBJ NAME [MAKE VARIABLES...]
# (logs and findings in build/check-NAME.log and .txt)
sparse_w1() {
	local obj=$1 name=$2 copy rc
	shift 2
	if copy=$(scratch "$obj" "w1${name#sparse}"); then
		make -C "$ksrc" O="$copy" -j"$jobs" "$@" C=2 W=1 "${objs[@]}" \
			samples/markers/ > "$b/check-$name.log" 2>&1
		rc=$?
	else
		echo "cannot copy $obj" > "$b/check-$name.log"
		rc=1
	fi
	grep -E 'warning|error' "$b/check-$name.log" |
		grep -E 'marker|samples/markers' > "$b/check-$name.txt"
	cat "$b/check-$name.txt"
	[ $rc = 0 ] || tail -20 "$b/check-$name.log"
	[ $rc = 0 ] && [ ! -s "$b/check-$name.txt" ]
}

echo "== sparse (C=2) and W=1"
sparse_w1 "$kobj" sparse
gate "sparse and W=1" $?

if [ -n "${ARM64_KOBJ:-}" ]; then
	echo "== arm64: sparse (C=2) and W=1"
	sparse_w1 "$ARM64_KOBJ" sparse-arm64 ARCH=arm64 \
		CROSS_COMPILE=aarch64-linux-gnu-
	gate "arm64: sparse and W=1" $?
fi

echo "== kernel-doc"
perl "$ksrc/scripts/kernel-doc" -none -Wall "${files[@]}" > "$b/check-kdoc.txt" 2>&1
cat "$b/check-kdoc.txt"
gate "kernel-doc -Wall" "$([ -s "$b/check-kdoc.txt" ] && echo 1 || echo 0)"

# marker_call() type check: against the kernel in OBJ, the build test
# module compiles without a warning as written, and with -DMARKER_CALL_BAD
# the compiler flags the arguments of its BAD line as not matching the
# DEFINE_MARKER() format.  usage: call_types OBJ LABEL
call_types() {
	local obj=$1 label=$2 dir=$b/check-call-types-$2 rc=0 line
	rm -rf "$dir" && mkdir -p "$dir/good" "$dir/bad"
	line=$(grep -n '/\* BAD \*/' harness/buildtest/marker_call_types.c | cut -d: -f1)
	cp harness/buildtest/marker_call_types.c "$dir/good/"
	cp harness/buildtest/marker_call_types.c "$dir/bad/"
	echo 'obj-m += marker_call_types.o' > "$dir/good/Kbuild"
	printf 'obj-m += marker_call_types.o\nccflags-y += -DMARKER_CALL_BAD\n' > "$dir/bad/Kbuild"
	make -C "$obj" M="$dir/good" modules > "$dir/good.log" 2>&1 || rc=1
	if grep -E 'warning|error' "$dir/good.log"; then rc=1; fi
	make -C "$obj" M="$dir/bad" modules > "$dir/bad.log" 2>&1
	if ! grep -q -- '-Wformat' "$dir/bad.log" ||
	   ! grep -E "marker_call_types\.c:$line:.*in expansion of macro .marker_call." "$dir/bad.log"; then
		echo "$label: no format warning for the BAD marker_call() (line $line):"
		tail -20 "$dir/bad.log"
		rc=1
	fi
	return $rc
}

echo "== marker_call() type check"
call_types "$kobj" markers
gate "marker_call() arguments checked against DEFINE_MARKER()'s format" $?

# Reserved names: harness/buildtest/marker_reserved_name.c builds without
# a warning as written, and with -DMARKER_RESERVED_BAD the compiler
# refuses its BAD line, saying why.  usage: reserved_names OBJ LABEL
reserved_names() {
	local obj=$1 label=$2 dir=$b/check-reserved-$2 rc=0 line
	local src=harness/buildtest/marker_reserved_name.c
	rm -rf "$dir" && mkdir -p "$dir/good" "$dir/bad"
	line=$(grep -n '/\* BAD \*/' "$src" | cut -d: -f1)
	cp "$src" "$dir/good/"
	cp "$src" "$dir/bad/"
	echo 'obj-m += marker_reserved_name.o' > "$dir/good/Kbuild"
	printf 'obj-m += marker_reserved_name.o\nccflags-y += -DMARKER_RESERVED_BAD\n' > "$dir/bad/Kbuild"
	make -C "$obj" M="$dir/good" modules > "$dir/good.log" 2>&1 || rc=1
	if grep -E 'warning|error' "$dir/good.log"; then rc=1; fi
	if make -C "$obj" M="$dir/bad" modules > "$dir/bad.log" 2>&1 ||
	   ! grep -q 'reserved marker name: enable' "$dir/bad.log" ||
	   ! grep -q "marker_reserved_name\.c:$line:" "$dir/bad.log"; then
		echo "$label: the reserved name on line $line built, or not for that reason:"
		tail -20 "$dir/bad.log"
		rc=1
	fi
	return $rc
}

echo "== reserved marker names"
reserved_names "$kobj" markers
gate "trace_mark() refuses names of the trees' fixed files" $?

# The disarmed path of a site: harness/buildtest/marker_site_disarmed.c,
# built with -fstack-protector-strong against the kernel in OBJ, passes
# harness/site-disarmed.py (one NOP, no frame, no canary, no argument
# evaluated), and with -DMARKER_SITE_BAD (an argument loaded before the
# branch) fails it.  usage: site_disarmed OBJ LABEL [MAKE VARIABLES...]
site_disarmed() {
	local obj=$1 label=$2 dir=$b/check-site-$2 rc=0 v
	shift 2
	local src=harness/buildtest/marker_site_disarmed.c
	rm -rf "$dir"
	for v in good bad; do
		mkdir -p "$dir/$v"
		cp "$src" "$dir/$v/"
		printf 'obj-m += marker_site_disarmed.o\nccflags-y += -fstack-protector-strong%s\n' \
			"$([ $v = bad ] && echo ' -DMARKER_SITE_BAD')" > "$dir/$v/Kbuild"
		if ! make -C "$obj" M="$dir/$v" "$@" modules > "$dir/$v.log" 2>&1; then
			tail -20 "$dir/$v.log"
			return 1
		fi
	done
	echo "-- $label, as written:"
	python3 harness/site-disarmed.py "$dir/good/marker_site_disarmed.o" \
		marker_site_disarmed || rc=1
	echo "-- $label, with an argument loaded before the branch (must fail):"
	if python3 harness/site-disarmed.py "$dir/bad/marker_site_disarmed.o" \
		marker_site_disarmed; then
		echo "$label: the checker passed a site that loads an argument"
		rc=1
	fi
	return $rc
}

echo "== the disarmed path of a site (GCC)"
site_disarmed "$kobj" gcc
gate "disarmed site: one NOP, no frame, canary or argument (GCC, stack protector strong)" $?

# A variant kernel: its own object folder, check.config + FRAGMENT.
# usage: variant NAME FRAGMENT [MAKE VARIABLES...]
variant() {
	local name=$1 frag=$2
	shift 2
	local obj=$b/obj-check-$name
	echo "== build: $name"
	KCONFIG_MAKEFLAGS="$*" bash harness/config.sh "$ksrc" "$obj" \
		harness/config/check.config $frag &&
	make -C "$ksrc" O="$obj" -j"$jobs" "$@" > "$b/check-$name.log" 2>&1
	local rc=$?
	[ $rc = 0 ] || tail -30 "$b/check-$name.log"
	return $rc
}

if [ "${CHECK_BUILDS:-1}" != 0 ]; then
	variant nomarkers harness/config/check-nomarkers.config
	rc=$?
	if [ $rc = 0 ]; then
		# Code using markers builds unchanged without them.
		mod=$b/check-samples-nomarkers
		rm -rf "$mod" && mkdir -p "$mod"
		cp samples/markers/*.c "$mod/"
		echo 'obj-m += marker-example.o probe-example.o tp-marker-example.o' > "$mod/Kbuild"
		make -C "$b/obj-check-nomarkers" M="$mod" modules \
			>> "$b/check-nomarkers.log" 2>&1 || { rc=1; tail -20 "$b/check-nomarkers.log"; }
	fi
	gate "build with CONFIG_MARKERS=n, samples included" $rc
	if [ $rc = 0 ]; then
		call_types "$b/obj-check-nomarkers" nomarkers
		rc=$?
	fi
	gate "marker_call() checked with CONFIG_MARKERS=n too" $rc

	# One kernel for two options: arm64 with clang, and no modules.  Each
	# is about whether the markers code compiles and links, and clang
	# builds modules in the cfi kernel below.
	name="arm64: build with clang (LLVM=1 ARCH=arm64) and CONFIG_MODULES=n"
	if command -v clang >/dev/null && command -v ld.lld >/dev/null; then
		variant clang-arm64-nomodules \
			harness/config/check-nomodules.config LLVM=1 ARCH=arm64
		gate "$name" $?
	else
		echo "clang or ld.lld missing (make deps installs them)"
		gate "$name" 1
	fi
	# x86_64 with clang: the cfi profile's kernel (clang 16, ThinLTO,
	# kCFI), which make test PROFILE=cfi boots; one kernel for the clang
	# build, LTO and kCFI.  The Makefile's lock on its object folder
	# makes a concurrent make test PROFILE=cfi wait for this build, or
	# this one for it.
	echo "== build: the cfi profile (clang 16, ThinLTO, kCFI)"
	make -C "$top" --no-print-directory PROFILE=cfi kbuild \
		> "$b/check-cfi.log" 2>&1
	rc=$?
	[ $rc = 0 ] || tail -30 "$b/check-cfi.log"
	gate "build with clang 16, ThinLTO and kCFI (the cfi profile)" $rc
	# A single-object module is native code after kbuild's LTO step
	# (ld -r, for objtool), so its disarmed path can be read.
	echo "== the disarmed path of a site (clang 16, ThinLTO, kCFI)"
	[ $rc = 0 ] && site_disarmed "$b/obj-cfi" clang LLVM=-16
	gate "disarmed site: one NOP, no frame, canary or argument (clang, stack protector strong)" $?
fi

echo
printf '%s\n' "${results[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
