# SPDX-License-Identifier: GPL-2.0
# backend=emu on one and on two sockets: the software TDX module models the
# VM's real LPs and packages, derives CMRs from System RAM, logs that it is
# insecure, and answers the load-time probe (no "TDX unavailable").
. "$(dirname "$0")/../lib.sh"
check='
	set -e
	d=/sys/kernel/debug/tdxhost/emu
	dmesg | grep -q "tdxhost: emu: software TDX module active: INSECURE, for testing only ($1 LPs, $2 packages"
	dmesg | grep -q "tdxhost: version .* loaded, backend emu"
	! dmesg | grep -q "TDX unavailable"
	grep -qx "state: SYSINIT_PENDING" $d/state
	grep -qx "lps: 0 initialized of $1" $d/state
	grep -qx "packages: 0 configured of $2" $d/state
	# CMRs: the System RAM ranges of /proc/iomem (page aligned)
	[ $(wc -l < $d/cmrs) -eq $(grep -c "^[0-9a-f].*: System RAM" /proc/iomem) ]
	# a hole cut out of RAM shows up as a split CMR after reset
	before=$(wc -l < $d/cmrs)
	echo "0x10000000 0x200000" > $d/cmr_holes
	echo 1 > /sys/kernel/debug/tdxhost/reset
	[ $(wc -l < $d/cmrs) -eq $((before + 1)) ]
	grep -q "^0x10200000 " $d/cmrs
	# bad knob input is refused and changes nothing
	! echo "0x10000001 0x1000" > $d/cmr_holes 2>/dev/null
	! echo "TDH.NOPE 1 0" > $d/inject 2>/dev/null
	[ $(wc -l < $d/cmr_holes) -eq 1 ]
	rmmod tdxhost
'
vm --cpus 2 --sockets 1 -- bash -c "$check" _ 2 1
vm --cpus 4 --sockets 2 -- bash -c "$check" _ 4 2
