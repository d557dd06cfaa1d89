# SPDX-License-Identifier: GPL-2.0
#
# tdxhost top-level Makefile.  The two commands a person needs:
#   make demo    boot a VM, load tdxhost on the software TDX module, show it
#   make check   every test suite, the gate (~26 min fresh, budget 35); ends with "N passed, N failed"
# Others: make [KVER=...] (module + tdxctl), make modules-all, make deps,
# make checkpatch, make netlink-gen, make bench, make install, make deb, make rpm, make clean,
# make debug-kernel (the KASAN/lockdep/kmemleak kernel of the debug suite, cached),
# make check-full (every suite in depth: every VM case on every kernel, ~33 min cached),
# make check-debug (every case of tests/vm/debug-cases on it).
# W=1 / C=1 pass through to kbuild, and so does TDXHOST_EMU=n (a module
# without the software TDX module).

VERSION := $(shell cat VERSION)
KVER    ?= $(shell scripts/kernels.sh default)
KVERS   := $(shell scripts/kernels.sh list)
KBUILD_ARGS := $(if $(W),W=$(W)) $(if $(C),C=$(C)) $(if $(V),V=$(V)) \
	       $(if $(TDXHOST_EMU),TDXHOST_EMU=$(TDXHOST_EMU))
DESTDIR ?=
PREFIX  ?= /usr

.PHONY: all module modules-all tdxctl deps demo check check-full check-debug checkpatch netlink-gen bench install clean deb rpm \
	debug-kernel

all: module tdxctl

module:
	@[ -n "$(KVER)" ] || { echo "no kernel headers installed: run 'make deps'" >&2; exit 1; }
	scripts/build-module.sh $(KVER) $(KBUILD_ARGS)

modules-all:
	@[ -n "$(KVERS)" ] || { echo "no kernel headers installed: run 'make deps'" >&2; exit 1; }
	@set -e; for k in $(KVERS); do scripts/build-module.sh $$k $(KBUILD_ARGS); done

tdxctl:
	$(MAKE) -C tools/tdxctl

# The debug kernel (scripts/debug-kernel.sh; ~10 minutes the first time,
# then cached) and tdxhost.ko for it: tests/vm/run --kernel debug.
debug-kernel:
	scripts/deps.sh
	scripts/debug-kernel.sh build
	scripts/build-module.sh debug $(KBUILD_ARGS)

deps:
	scripts/deps.sh

demo:
	scripts/deps.sh
	$(MAKE) modules-all tdxctl
	scripts/demo.sh

check:
	scripts/deps.sh --debug-kernel
	scripts/check.sh

# Every suite in depth: every VM case on every kernel, every case of
# tests/vm/debug-cases, the dkms suite (~33 minutes once cached).
check-full:
	scripts/deps.sh --debug-kernel
	TDXHOST_CHECK_TIER=full scripts/check.sh

# The debug suite alone, every case of tests/vm/debug-cases (make check runs
# those marked "check"); TDXHOST_DEBUG_CASES=rest for the others only.
check-debug:
	scripts/deps.sh --debug-kernel
	TDXHOST_CHECK_SUITES=debug TDXHOST_DEBUG_CASES=$${TDXHOST_DEBUG_CASES:-all} scripts/check.sh

# Kernel coding style of the module's sources (the kernel's checkpatch.pl).
checkpatch:
	scripts/checkpatch.sh

# tdxhost_netlink.h, src/netlink_gen.[ch] and src/uapi_names.[ch] from
# include/uapi/linux/tdxhost.yaml (the kernel's ynl-gen-c.py); make check
# fails when they differ.
netlink-gen:
	scripts/netlink-gen.sh

bench:
	scripts/deps.sh
	scripts/bench.sh

# Packages, built in a clean copy of the tree under build/pkg/.
deb:
	packaging/build.sh deb

rpm:
	packaging/build.sh rpm

install: tdxctl
	$(MAKE) -C tools/tdxctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

clean:
	rm -rf build
	$(MAKE) -C tools/tdxctl clean
	$(MAKE) -C tests/unit clean
