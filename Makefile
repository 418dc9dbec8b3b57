# SPDX-License-Identifier: GPL-2.0
#
# Front door of the kernel markers overlay: fetch Debian's linux-source-6.12,
# lay this tree over it, build a small x86_64 kernel, boot it under QEMU and
# run the demo, the tests or a user's script inside.  ARCH=arm64 does the
# same for arm64: cross-built, booted under qemu-system-aarch64 (TCG).  `make help` lists the
# targets; README.md documents them.

# The one place the kernel version is pinned.  If apt no longer serves this
# exact version, the newest linux-source-6.12 is used, with a warning.
KERNEL_PKG       := linux-source-6.12
KERNEL_PKG_VER   := 6.12.117-1~deb12u1
KERNEL_TARBALL   := /usr/src/linux-source-6.12.tar.xz

# Build profile: "normal" (harness/config/normal.config) or "debug"
# (KASAN, lockdep, ...: harness/config/debug.config).  Each profile has its
# own object folder, so switching does not rebuild the other.
PROFILE          ?= normal
# Guest architecture: x86_64 (the default) or arm64, cross-built with
# Debian's gcc-aarch64-linux-gnu and booted under qemu-system-aarch64.
# arm64 has its own object folders, guest trees and logs (build/*-arm64-*),
# tagged "arm64 <profile>" in the test summary.
ARCH             ?= x86_64
GUEST_ARCH       := $(if $(filter arm64 aarch64,$(ARCH)),arm64,$(if $(filter x86_64 x86,$(ARCH)),x86_64,$(error ARCH=$(ARCH): only x86_64 and arm64)))
ifeq ($(GUEST_ARCH),arm64)
APFX             := arm64-
KARCH            := ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
IMAGE_TARGET     := Image
ARCH_FRAGMENT    := harness/config/arm64.config
# arm64 runs the normal profile unless one is named.
DEFAULT_PROFILES := normal
else
APFX             :=
KARCH            :=
IMAGE_TARGET     := bzImage
ARCH_FRAGMENT    :=
DEFAULT_PROFILES := normal debug
endif
# `make test` runs every profile unless one is named (make test PROFILE=normal).
PROFILES         ?= $(if $(filter command line environment,$(origin PROFILE)),$(PROFILE),$(DEFAULT_PROFILES))
B                := build
KSRC             := $(B)/linux
TAG              := $(APFX)$(PROFILE)
KOBJ             := $(B)/obj-$(TAG)
ROOTFS           := $(B)/rootfs-$(TAG)
INITRD           := $(B)/initramfs-$(TAG).cpio.gz
BZIMAGE          := $(KOBJ)/arch/$(if $(APFX),arm64/boot/Image,x86/boot/bzImage)
# make modules M=dir: the modules booted with the kernel (per architecture).
EXTRA_MODS       := $(B)/extra-modules$(if $(APFX),-arm64)
# Debian's arm64 busybox-static and bash-static, unpacked (apt-get download).
ARM64_BINS       := $(B)/debs-arm64
JOBS             ?= $(shell nproc)
TIMEOUT          ?= 2700
QEMU_MEM         ?= 1024
QEMU_SMP         ?= 2

# What the project lays over the pristine tree (new files only; edits to
# existing kernel files are the patches in patches/, applied in series order).
OVERLAY_DIRS     := include kernel lib samples tools Documentation
PATCHES          := $(shell cat patches/series 2>/dev/null | sed 's,^,patches/,')
FRAGMENTS        := harness/config/base.config $(ARCH_FRAGMENT) \
		    $(if $(filter cfi,$(PROFILE)),harness/config/normal.config) \
		    harness/config/$(PROFILE).config
# The cfi profile is the normal one built with clang 16 (the first with
# kCFI), ThinLTO and kCFI; every build for it (kernel, modules, the
# kselftests' modules) is LLVM=-16.
ifeq ($(PROFILE),cfi)
KARCH            += LLVM=-16
endif

DEB_PKGS := build-essential bc bison flex libelf-dev libssl-dev openssl cpio xz-utils \
	    kmod rsync python3 perl qemu-system-x86 busybox-static bash-static \
	    sparse trace-cmd linux-perf bpftrace ccache

CHECK_PKGS := clang lld llvm clang-16 lld-16 llvm-16

# ARCH=arm64 (and make check's arm64 gates): the cross compiler, its C
# library for the static kselftest helpers, and QEMU for arm64.
ARM64_PKGS := gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm

# M= on our command line (make modules M=dir) reaches sub-makes through
# MAKEFLAGS: the kernel's own build must not see it.
KMAKE = $(MAKE) -C $(KSRC) O=$(CURDIR)/$(KOBJ) -j$(JOBS) M= $(KARCH)

# ccache (make deps installs it) in front of every compiler the builds
# call, host and cross gcc and clang alike, through Debian's masquerading
# links.  The cache lives outside build/ (ccache's default, ~/.cache/ccache),
# so a rebuild after make distclean, another clone of the repository and
# the variant kernels of make check that share objects with each other hit
# it; CCACHE_BASEDIR makes the clone's own path drop out of the key.
# CCACHE=0 builds without it.
CCACHE           ?= 1
ifeq ($(CCACHE)$(wildcard /usr/lib/ccache/gcc),1/usr/lib/ccache/gcc)
export PATH           := /usr/lib/ccache:$(PATH)
export CCACHE_BASEDIR := $(CURDIR)
endif

# Builds in one object folder are serialised with flock on OBJ.lock, and the
# overlay with build/.overlay.lock, so that two make runs at once (CI builds
# the next kernel while make test boots the last one) never write the same
# files.
LOCK = flock $(CURDIR)/$(KOBJ).lock

# A named step whose start and end go to $STAGE_TIMES when it is set
# (.ci/run's time table).
STAGE = bash harness/stage.sh

Q := @

.PHONY: help deps deps-all overlay kbuild kernel initramfs test test-boot \
	demo shell run modules bench scale-modules check patches clean distclean

help:
	@echo "Kernel markers on Linux 6.12 LTS (Debian $(KERNEL_PKG) $(KERNEL_PKG_VER))"
	@echo
	@echo "  make demo            boot the markers kernel and show the seed sequence and"
	@echo "                       the debugfs control, command by command"
	@echo "  make test            build, boot, run KUnit + kselftests; prints"
	@echo "                       'N passed, N failed' and fails on any failure or splat"
	@echo "  make shell           boot with an interactive shell on the console"
	@echo "                       (leave with 'poweroff -f' or Ctrl-a x)"
	@echo "  make run SCRIPT=f    run shell script f inside the guest, exit with its status"
	@echo "  make modules M=dir   build an out-of-tree module in dir against the kernel;"
	@echo "                       then 'make run'/'make shell' boot with it (see README)"
	@echo "  make bench           run the marker/tracepoint benchmark and print the table"
	@echo "  make check           static gates: checkpatch --strict, sparse, W=1, kernel-doc"
	@echo "                       (x86_64 and arm64)"
	@echo "  make patches         write the project as a git format-patch series"
	@echo "                       (CHECK=1: git am it, checkpatch it, build each patch)"
	@echo "  make kernel          just build the kernel and modules (kbuild: without"
	@echo "                       installing them into the guest's tree)"
	@echo "  make deps            install the Debian packages the build needs"
	@echo "                       (deps-all: for every target and both architectures)"
	@echo "  make clean           remove the object folders (keeps the unpacked source)"
	@echo "  make distclean       remove build/ entirely"
	@echo
	@echo "Variables: PROFILE=normal|debug|cfi (make test runs normal and debug unless one is named)"
	@echo "           ARCH=x86_64|arm64 (arm64: cross-built, QEMU virt under TCG;"
	@echo "           make test ARCH=arm64 runs the normal profile unless one is named)"
	@echo "           TIMEOUT=$(TIMEOUT)s  JOBS=$(JOBS)  CCACHE=$(CCACHE) (0: without ccache)"

# ---------------------------------------------------------------- deps ----

deps:
	$(Q)bash harness/deps.sh "$(KERNEL_PKG)" "$(KERNEL_PKG_VER)" $(DEB_PKGS) \
		$(if $(APFX),$(ARM64_PKGS))

# Everything any target needs, for both architectures and make check, and
# the arm64 guest's binaries: CI installs it all first, so that no later
# step runs apt while another one builds.
deps-all:
	$(Q)bash harness/deps.sh "$(KERNEL_PKG)" "$(KERNEL_PKG_VER)" $(DEB_PKGS) \
		$(ARM64_PKGS) $(CHECK_PKGS)
	$(Q)$(MAKE) --no-print-directory ARCH=arm64 $(B)/debs-arm64/.stamp

# The arm64 guest's busybox and bash: Debian's static arm64 packages,
# downloaded with apt-get and unpacked into build/debs-arm64/root.
$(ARM64_BINS)/.stamp: harness/arm64-bins.sh | deps
	$(Q)bash harness/arm64-bins.sh $(ARM64_BINS)
	$(Q)touch $@

# -------------------------------------------------------------- source ----

# Unpack once; re-unpack when the installed source package changes (a new
# tarball is newer than the stamp).
$(KERNEL_TARBALL): | deps
	$(Q)test -r $@ || { echo "missing $@"; exit 1; }

$(KSRC)/.unpacked: $(KERNEL_TARBALL)
	$(Q)echo "  UNPACK  $(KERNEL_TARBALL) -> $(KSRC)"
	$(Q)rm -rf $(KSRC) $(B)/linux-source-6.12 $(B)/applied
	$(Q)mkdir -p $(B)
	$(Q)tar -C $(B) -xf $(KERNEL_TARBALL)
	$(Q)mv $(B)/linux-source-6.12 $(KSRC)
	$(Q)touch $@

# Apply patches/series; when it changes, back the old set out first (so no
# re-unpack and no full rebuild).
$(B)/applied/.stamp: $(KSRC)/.unpacked patches/series $(PATCHES)
	$(Q)bash harness/apply-patches.sh $(KSRC) patches $(B)/applied
	$(Q)touch $@

# Lay the overlay over the tree.  rsync --checksum only rewrites files whose
# content changed, so make's timestamps give an incremental kernel build.
# Files the overlay no longer has (deleted or renamed) are removed from the
# tree: the overlay only ever adds files, so they are all ours.
overlay: $(B)/applied/.stamp
	$(Q)flock $(B)/.overlay.lock bash harness/overlay.sh $(KSRC) $(B) $(OVERLAY_DIRS)

# -------------------------------------------------------------- kernel ----

$(KOBJ)/.config: $(FRAGMENTS) $(B)/applied/.stamp harness/config.sh
	$(Q)KCONFIG_MAKEFLAGS="$(KARCH)" $(LOCK) bash harness/config.sh $(KSRC) \
		$(CURDIR)/$(KOBJ) $(FRAGMENTS)

# kbuild: only compile and link the kernel and its modules (make check
# needs no more); kernel: also install the modules and the kselftests into
# the guest's tree.
kbuild: overlay $(KOBJ)/.config
	$(Q)echo "  BUILD   $(PROFILE) $(GUEST_ARCH) kernel in $(KOBJ)"
	$(Q)+$(LOCK) $(KMAKE) $(IMAGE_TARGET) modules

kernel: kbuild
	$(Q)rm -rf $(ROOTFS)/lib/modules
	$(Q)+$(LOCK) $(KMAKE) -s modules_install INSTALL_MOD_PATH=$(CURDIR)/$(ROOTFS) \
		INSTALL_MOD_STRIP=1 DEPMOD=/sbin/depmod
	$(Q)rm -rf $(ROOTFS)/kselftest
	$(Q)+$(LOCK) $(MAKE) -s -C $(KSRC)/tools/testing/selftests TARGETS="markers ftrace" M= $(KARCH) \
		O=$(CURDIR)/$(KOBJ)/kselftest KDIR=$(CURDIR)/$(KOBJ) \
		INSTALL_PATH=$(CURDIR)/$(ROOTFS)/kselftest install >/dev/null

# A user's out-of-tree module, built against this kernel and installed
# into the guest's module tree under extra/.
modules: kernel
	$(Q)test -n "$(M)" || { echo "usage: make modules M=path/to/module/dir"; exit 2; }
	$(Q)+$(MAKE) -C $(CURDIR)/$(KOBJ) M=$(abspath $(M)) $(KARCH) modules
	$(Q)mkdir -p $(EXTRA_MODS)
	$(Q)cp $(abspath $(M))/*.ko $(EXTRA_MODS)/
	$(Q)echo "  MODULES $$(cd $(abspath $(M)) && ls *.ko) -> guest /lib/modules/<version>/extra (modprobe by name)"

# ----------------------------------------------------------- initramfs ----

initramfs: kernel $(if $(APFX),$(ARM64_BINS)/.stamp)
	$(Q)$(GUEST_ENV) bash harness/mkinitramfs.sh $(ROOTFS) $(INITRD) $(EXTRA_MODS)

# ---------------------------------------------------------------- runs ----

# What the guest scripts need to know of the architecture: boot.sh picks
# QEMU and the console, mkinitramfs.sh the static binaries.
GUEST_ENV = GUEST_ARCH=$(GUEST_ARCH) $(if $(APFX),GUEST_BINS=$(CURDIR)/$(ARM64_BINS)/root)
RUN = $(GUEST_ENV) bash harness/boot.sh $(BZIMAGE) $(INITRD) $(TIMEOUT) $(QEMU_MEM) $(QEMU_SMP)

# Build and boot each profile in turn, then one summary over all of them.
# The profiles are pipelined: while one profile's guests boot (QEMU's TCG
# uses one core), the next profile's kernel builds; the background guest's
# console then goes to its log only, and a line says when it is done.
test:
	$(Q)rm -f $(foreach p,$(PROFILES),$(B)/test-$(APFX)$(p).log \
		$(B)/test-$(APFX)$(p).rc $(B)/test-$(APFX)$(p)+*); \
	boot=; \
	for p in $(PROFILES); do \
		if $(STAGE) "build $(GUEST_ARCH) $$p" \
			$(MAKE) --no-print-directory PROFILE=$$p initramfs; then \
			[ -z "$$boot" ] || wait $$boot; \
			if [ "$$p" = "$(lastword $(PROFILES))" ]; then \
				$(STAGE) "boot $(GUEST_ARCH) $$p tests" \
					$(MAKE) --no-print-directory PROFILE=$$p test-boot; \
				boot=; \
			else \
				echo "  BOOT    $(APFX)$$p in the background while the next profile builds;" \
					"console in $(B)/test-$(APFX)$$p.log"; \
				{ $(STAGE) "boot $(GUEST_ARCH) $$p tests" \
					$(MAKE) --no-print-directory PROFILE=$$p test-boot > /dev/null 2>&1; \
				  echo "  BOOT    $(APFX)$$p done: exit status $$(cat $(B)/test-$(APFX)$$p.rc 2>/dev/null)"; } & \
				boot=$$!; \
			fi; \
		else \
			echo "profile $(APFX)$$p: build failed"; \
		fi; \
	done; \
	[ -z "$$boot" ] || wait $$boot; \
	python3 harness/summarize.py $(foreach p,$(PROFILES),$(B)/test-$(APFX)$(p)) \
		$$(for p in $(PROFILES); do ls $(B)/test-$(APFX)$$p+*.rc 2>/dev/null; done | \
		   sed 's/\.rc$$//')

# The kselftests that ask for a kernel command line of their own
# ("# markers-boot: ..."; see harness/extra-boots.sh) boot once each, in
# the x86 profiles of EXTRA_BOOT_PROFILES (arm64: none, for CI's time).
EXTRA_BOOT_PROFILES ?= normal
SELFTESTS_SRC := tools/testing/selftests/markers

# bpftrace and its libraries, an initramfs add-on for the one boot that
# runs it (markers_addon=bpftrace; see harness/mkaddon-bpftrace.sh).
$(B)/addon-bpftrace.cpio.gz: harness/mkaddon-bpftrace.sh
	$(Q)bash harness/mkaddon-bpftrace.sh $@

# The boots of one profile's tests, with the kernel and initramfs as built.
test-boot:
	$(Q)$(RUN) test $(B)/test-$(TAG).log; echo $$? > $(B)/test-$(TAG).rc
	$(Q)if [ -z "$(APFX)" ] && echo " $(EXTRA_BOOT_PROFILES) " | grep -q " $(PROFILE) "; then \
		$(MAKE) --no-print-directory $(B)/addon-bpftrace.cpio.gz; \
		bash harness/extra-boots.sh $(SELFTESTS_SRC) $(B)/test-$(TAG) $(RUN); \
	fi

demo: initramfs
	$(Q)$(RUN) demo $(B)/demo$(if $(APFX),-arm64).log

shell: initramfs
	$(Q)$(RUN) shell

run: initramfs
	$(Q)test -n "$(SCRIPT)" && test -r "$(SCRIPT)" || \
		{ echo "usage: make run SCRIPT=path/to/script.sh"; exit 2; }
	$(Q)$(RUN) run $(B)/run$(if $(APFX),-arm64).log $(abspath $(SCRIPT))

# The benchmark boots its own initramfs: the normal one plus the generated
# scale modules (build/scale), so `make test` never carries or runs them.
SCALE_DIR        := $(B)/scale$(if $(APFX),-arm64)
BENCH_INITRD     := $(B)/initramfs-bench-$(TAG).cpio.gz
BENCH_LOG        := $(B)/bench$(if $(APFX),-arm64)

scale-modules: kernel
	$(Q)python3 harness/gen-scale-module.py gen $(SCALE_DIR)
	$(Q)echo "  SCALE   $(SCALE_DIR) (10,000 markers, 1,000 instances, compiled out)"
	$(Q)+$(MAKE) -s -C $(CURDIR)/$(KOBJ) M=$(CURDIR)/$(SCALE_DIR) $(KARCH) modules
	$(Q)python3 harness/gen-scale-module.py sections $(SCALE_DIR) \
		> $(SCALE_DIR)/sections.txt
	$(Q)rm -rf $(SCALE_DIR)/ko && mkdir -p $(SCALE_DIR)/ko
	$(Q)for ko in $(SCALE_DIR)/*.ko; do \
		$(if $(APFX),aarch64-linux-gnu-)strip --strip-debug -o $(SCALE_DIR)/ko/$${ko##*/} $$ko || exit 1; \
	done

# Boots of the same kernel differ by up to half in the armed rows under
# TCG (where the probe arrays and the modules land), so the table gives
# the median over BENCH_BOOTS boots of each ratio taken within one boot.
BENCH_BOOTS      ?= 3

bench: kernel scale-modules $(if $(APFX),$(ARM64_BINS)/.stamp)
	$(Q)$(GUEST_ENV) bash harness/mkinitramfs.sh $(ROOTFS) $(BENCH_INITRD) $(SCALE_DIR)/ko
	$(Q)echo "  BENCH   $(BENCH_BOOTS) boots; consoles in $(BENCH_LOG).log"
	$(Q): > $(BENCH_LOG).log
	$(Q)for i in $$(seq $(BENCH_BOOTS)); do \
		$(GUEST_ENV) bash harness/boot.sh $(BZIMAGE) $(BENCH_INITRD) $(TIMEOUT) \
			$(QEMU_MEM) $(QEMU_SMP) bench $(BENCH_LOG).boot.log > /dev/null; \
		rc=$$?; cat $(BENCH_LOG).boot.log >> $(BENCH_LOG).log; \
		[ $$rc = 0 ] || { tail -n 30 $(BENCH_LOG).boot.log; exit $$rc; }; \
	done; rm -f $(BENCH_LOG).boot.log
	$(Q)BENCH_ARCH=$(GUEST_ARCH) python3 harness/bench-table.py $(BENCH_LOG).log \
		$(BENCH_LOG).json $(SCALE_DIR)/sections.txt

# ------------------------------------------------------------- quality ----

# The static gates; needs the normal kernel built, and clang.  The arm64
# gates (W=1, clang) reuse the arm64 normal kernel, built here (make test
# ARCH=arm64 then finds it built); the x86_64 clang gate builds the cfi
# profile's kernel (make test PROFILE=cfi then finds it built).
ifneq ($(APFX),)
check:
	$(Q)echo "make check covers both architectures: run it without ARCH="; exit 2
else
check: kbuild
	$(Q)bash harness/deps.sh "$(KERNEL_PKG)" "$(KERNEL_PKG_VER)" $(CHECK_PKGS) $(ARM64_PKGS)
	$(Q)+$(MAKE) --no-print-directory ARCH=arm64 PROFILE=normal kbuild
	$(Q)JOBS=$(JOBS) ARM64_KOBJ=$(CURDIR)/$(B)/obj-arm64-normal \
		bash harness/check.sh $(KSRC) $(CURDIR)/$(KOBJ)
endif

# The project as a format-patch series (build/patches/); CHECK=1 also
# applies it with git am, runs checkpatch on it and builds every step.
patches: $(B)/applied/.stamp
	$(Q)python3 harness/mkpatches.py $(KERNEL_TARBALL) $(B) $(if $(CHECK),--check)

clean:
	rm -rf $(B)/obj-* $(B)/rootfs-* $(B)/initramfs-* $(B)/*.log \
		$(B)/extra-modules $(B)/extra-modules-arm64

distclean:
	rm -rf $(B)
