# SPDX-License-Identifier: GPL-2.0
# Next to a kernel that has its own TDX host support (simulated by a module
# exporting tdx_enable, as upstream's TDX host code does) tdxhost refuses.
. "$(dirname "$0")/../lib.sh"
fake=$TOP/build/fake-kernel-tdx/$KVER
mkdir -p "$fake"
cp "$TOP"/tests/vm/fake-kernel-tdx/{Kbuild,fake_kernel_tdx.c} "$fake/"
make -s -C "$("$TOP/scripts/kernels.sh" dir "$KVER")" M="$fake" modules > "$fake/build.log" 2>&1 ||
	{ cat "$fake/build.log"; fail "cannot build the fake module"; }
vm --no-load -- bash -ec "
	insmod $fake/fake_kernel_tdx.ko
	if insmod \$TDXHOST_TOP/build/\$TDXHOST_KVER/tdxhost.ko backend=emu 2>/dev/null; then
		echo 'tdxhost loaded next to in-kernel TDX host support'; exit 1
	fi
	dmesg | grep -q 'tdxhost: this kernel has its own TDX host support'
	rmmod fake_kernel_tdx
"
