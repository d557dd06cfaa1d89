# SPDX-License-Identifier: GPL-2.0
# Without TDX (any VM): backend=auto loads and says why TDX is unavailable;
# backend=hw loads too, its probe SEAMCALL comes back as TDX_SEAMCALL_UD
# through the exception table (no oops), and the module unloads.
. "$(dirname "$0")/../lib.sh"
vm --no-load -- bash -ec '
	ko=$TDXHOST_TOP/build/$TDXHOST_KVER/tdxhost.ko
	# A guest is either not Intel or, if it is, a virtual machine.
	reasons="not an Intel CPU|running as a virtual machine \(TDX host support needs bare metal\)"

	insmod "$ko" backend=auto
	grep -q "^tdxhost " /proc/modules
	dmesg | grep -E "tdxhost: TDX unavailable: ($reasons)$"
	dmesg | grep -q "tdxhost: version .* loaded, backend none"
	# auto never issues a SEAMCALL when detection fails
	! dmesg | grep -q "tdxhost: SEAMCALL"
	rmmod tdxhost

	# Only what the second load logs (no dmesg -C: the harness scans it all).
	seen=$(dmesg | wc -l)
	log() { dmesg | tail -n +$((seen + 1)); }
	insmod "$ko" backend=hw
	grep -q "^tdxhost " /proc/modules
	log | grep -E "tdxhost: backend=hw forced although detection says: ($reasons)$"
	log | grep -q "tdxhost: version .* loaded, backend hw"
	log | grep "tdxhost: SEAMCALL TDH.SYS.RD (34) failed: 0x8000ff0000000006 TDX_SEAMCALL_UD"
	log | grep "tdxhost: TDX unavailable: TDX_SEAMCALL_UD"
	rmmod tdxhost
	! grep -q "^tdxhost " /proc/modules
	log | grep -q "tdxhost: unloaded"
'
