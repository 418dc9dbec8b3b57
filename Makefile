# SPDX-License-Identifier: GPL-2.0
#
# Front door of the kernel markers overlay: fetch Debian's linux-source-6.12,
# lay this tree over it, build a small x86_64 kernel, boot it under QEMU and
# run the demo, the tests or a user's script inside.  `make help` lists the
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
# `make test` runs every profile unless one is named (make test PROFILE=normal).
PROFILES         ?= $(if $(filter command line environment,$(origin PROFILE)),$(PROFILE),normal debug)
B                := build
KSRC             := $(B)/linux
KOBJ             := $(B)/obj-$(PROFILE)
ROOTFS           := $(B)/rootfs-$(PROFILE)
INITRD           := $(B)/initramfs-$(PROFILE).cpio.gz
BZIMAGE          := $(KOBJ)/arch/x86/boot/bzImage
JOBS             ?= $(shell nproc)
TIMEOUT          ?= 1800
QEMU_MEM         ?= 1024
QEMU_SMP         ?= 2

# What the project lays over the pristine tree (new files only; edits to
# existing kernel files are the patches in patches/, applied in series order).
OVERLAY_DIRS     := include kernel lib samples tools Documentation
PATCHES          := $(shell cat patches/series 2>/dev/null | sed 's,^,patches/,')
FRAGMENTS        := harness/config/base.config harness/config/$(PROFILE).config

DEB_PKGS := build-essential bc bison flex libelf-dev libssl-dev openssl cpio xz-utils \
	    kmod rsync python3 perl qemu-system-x86 busybox-static bash-static \
	    sparse trace-cmd linux-perf

CHECK_PKGS := clang lld llvm

# M= on our command line (make modules M=dir) reaches sub-makes through
# MAKEFLAGS: the kernel's own build must not see it.
KMAKE = $(MAKE) -C $(KSRC) O=$(CURDIR)/$(KOBJ) -j$(JOBS) M=

Q := @

.PHONY: help deps overlay kernel initramfs test test-one demo shell run \
	modules bench scale-modules check patches clean distclean

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
	@echo "  make patches         write the project as a git format-patch series"
	@echo "                       (CHECK=1: git am it, checkpatch it, build each patch)"
	@echo "  make kernel          just build the kernel and modules"
	@echo "  make deps            install the Debian packages the build needs"
	@echo "  make clean           remove the object folders (keeps the unpacked source)"
	@echo "  make distclean       remove build/ entirely"
	@echo
	@echo "Variables: PROFILE=normal|debug (make test runs both unless one is named)"
	@echo "           TIMEOUT=$(TIMEOUT)s  JOBS=$(JOBS)"

# ---------------------------------------------------------------- deps ----

deps:
	$(Q)bash harness/deps.sh "$(KERNEL_PKG)" "$(KERNEL_PKG_VER)" $(DEB_PKGS)

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
	$(Q){ git ls-files $(OVERLAY_DIRS) 2>/dev/null || \
		find $(OVERLAY_DIRS) -type f 2>/dev/null; } | sort > $(B)/overlay.new
	$(Q)if [ -f $(B)/overlay.list ]; then \
		comm -23 $(B)/overlay.list $(B)/overlay.new | \
			sed 's,^,$(KSRC)/,' | xargs -r rm -fv; fi
	$(Q)rsync -rc --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		$(wildcard $(OVERLAY_DIRS)) $(KSRC)/
	$(Q)mv $(B)/overlay.new $(B)/overlay.list

# -------------------------------------------------------------- kernel ----

$(KOBJ)/.config: $(FRAGMENTS) $(B)/applied/.stamp harness/config.sh
	$(Q)bash harness/config.sh $(KSRC) $(CURDIR)/$(KOBJ) $(FRAGMENTS)

kernel: overlay $(KOBJ)/.config
	$(Q)echo "  BUILD   $(PROFILE) kernel in $(KOBJ)"
	$(Q)+$(KMAKE) bzImage modules
	$(Q)rm -rf $(ROOTFS)/lib/modules
	$(Q)+$(KMAKE) -s modules_install INSTALL_MOD_PATH=$(CURDIR)/$(ROOTFS) \
		INSTALL_MOD_STRIP=1 DEPMOD=/sbin/depmod
	$(Q)rm -rf $(ROOTFS)/kselftest
	$(Q)+$(MAKE) -s -C $(KSRC)/tools/testing/selftests TARGETS=markers M= \
		O=$(CURDIR)/$(KOBJ)/kselftest KDIR=$(CURDIR)/$(KOBJ) \
		INSTALL_PATH=$(CURDIR)/$(ROOTFS)/kselftest install >/dev/null

# A user's out-of-tree module, built against this kernel and installed
# into the guest's module tree under extra/.
modules: kernel
	$(Q)test -n "$(M)" || { echo "usage: make modules M=path/to/module/dir"; exit 2; }
	$(Q)+$(MAKE) -C $(CURDIR)/$(KOBJ) M=$(abspath $(M)) modules
	$(Q)mkdir -p $(B)/extra-modules
	$(Q)cp $(abspath $(M))/*.ko $(B)/extra-modules/
	$(Q)echo "  MODULES $$(cd $(abspath $(M)) && ls *.ko) -> guest /lib/modules/<version>/extra (modprobe by name)"

# ----------------------------------------------------------- initramfs ----

initramfs: kernel
	$(Q)bash harness/mkinitramfs.sh $(ROOTFS) $(INITRD) $(B)/extra-modules

# ---------------------------------------------------------------- runs ----

RUN = bash harness/boot.sh $(BZIMAGE) $(INITRD) $(TIMEOUT) $(QEMU_MEM) $(QEMU_SMP)

# Build and boot each profile in turn, then one summary over all of them.
test:
	$(Q)for p in $(PROFILES); do \
		rm -f $(B)/test-$$p.log $(B)/test-$$p.rc $(B)/test-$$p+*; \
		$(MAKE) --no-print-directory PROFILE=$$p test-one || \
			echo "profile $$p: build or boot failed"; \
	done; \
	python3 harness/summarize.py $(foreach p,$(PROFILES),$(B)/test-$(p)) \
		$$(ls $(B)/test-*+*.rc 2>/dev/null | sed 's/\.rc$$//')

# The kselftests that ask for a kernel command line of their own
# ("# markers-boot: ..."; see harness/extra-boots.sh) boot once each, in
# the profiles of EXTRA_BOOT_PROFILES.
EXTRA_BOOT_PROFILES ?= normal
SELFTESTS_SRC := tools/testing/selftests/markers

test-one: initramfs
	$(Q)$(RUN) test $(B)/test-$(PROFILE).log; echo $$? > $(B)/test-$(PROFILE).rc
	$(Q)if echo " $(EXTRA_BOOT_PROFILES) " | grep -q " $(PROFILE) "; then \
		bash harness/extra-boots.sh $(SELFTESTS_SRC) $(B)/test-$(PROFILE) $(RUN); \
	fi

demo: initramfs
	$(Q)$(RUN) demo $(B)/demo.log

shell: initramfs
	$(Q)$(RUN) shell

run: initramfs
	$(Q)test -n "$(SCRIPT)" && test -r "$(SCRIPT)" || \
		{ echo "usage: make run SCRIPT=path/to/script.sh"; exit 2; }
	$(Q)$(RUN) run $(B)/run.log $(abspath $(SCRIPT))

# The benchmark boots its own initramfs: the normal one plus the generated
# scale modules (build/scale), so `make test` never carries or runs them.
SCALE_DIR        := $(B)/scale
BENCH_INITRD     := $(B)/initramfs-bench-$(PROFILE).cpio.gz

scale-modules: kernel
	$(Q)python3 harness/gen-scale-module.py gen $(SCALE_DIR)
	$(Q)echo "  SCALE   $(SCALE_DIR) (10,000 markers, 1,000 instances, compiled out)"
	$(Q)+$(MAKE) -s -C $(CURDIR)/$(KOBJ) M=$(CURDIR)/$(SCALE_DIR) modules
	$(Q)python3 harness/gen-scale-module.py sections $(SCALE_DIR) \
		> $(SCALE_DIR)/sections.txt
	$(Q)rm -rf $(SCALE_DIR)/ko && mkdir -p $(SCALE_DIR)/ko
	$(Q)for ko in $(SCALE_DIR)/*.ko; do \
		strip --strip-debug -o $(SCALE_DIR)/ko/$${ko##*/} $$ko || exit 1; \
	done

bench: kernel scale-modules
	$(Q)bash harness/mkinitramfs.sh $(ROOTFS) $(BENCH_INITRD) $(SCALE_DIR)/ko
	$(Q)echo "  BENCH   booting; console in $(B)/bench.log"
	$(Q)bash harness/boot.sh $(BZIMAGE) $(BENCH_INITRD) $(TIMEOUT) $(QEMU_MEM) \
		$(QEMU_SMP) bench $(B)/bench.log > /dev/null || \
		{ rc=$$?; tail -n 30 $(B)/bench.log; exit $$rc; }
	$(Q)python3 harness/bench-table.py $(B)/bench.log $(B)/bench.json \
		$(SCALE_DIR)/sections.txt

# ------------------------------------------------------------- quality ----

# The static gates; needs the normal kernel built, and clang for LLVM=1.
check: kernel
	$(Q)bash harness/deps.sh "$(KERNEL_PKG)" "$(KERNEL_PKG_VER)" $(CHECK_PKGS)
	$(Q)JOBS=$(JOBS) bash harness/check.sh $(KSRC) $(CURDIR)/$(KOBJ)

# The project as a format-patch series (build/patches/); CHECK=1 also
# applies it with git am, runs checkpatch on it and builds every step.
patches: $(B)/applied/.stamp
	$(Q)python3 harness/mkpatches.py $(KERNEL_TARBALL) $(B) $(if $(CHECK),--check)

clean:
	rm -rf $(B)/obj-* $(B)/rootfs-* $(B)/initramfs-* $(B)/*.log \
		$(B)/extra-modules

distclean:
	rm -rf $(B)
