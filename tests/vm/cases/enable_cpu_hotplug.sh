# SPDX-License-Identifier: GPL-2.0
# CPUs and TDX: enable refuses while a CPU is offline (the module wants every
# LP initialized); after enable a CPU may go offline and come back (it keeps
# its LP.INIT), but the last online CPU of a package may not go offline.
. "$(dirname "$0")/../lib.sh"
vm --cpus 4 --sockets 2 --mem 2G -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	echo 0 > /sys/devices/system/cpu/cpu3/online
	rc=0; $TDXCTL enable > /tmp/out 2>&1 || rc=$?
	[ $rc = 1 ]
	$TDXCTL status | grep -q "all CPUs must be online to initialize TDX (3 of 4 online)"
	echo 1 > /sys/devices/system/cpu/cpu3/online
	echo 1 > $D/reset
	$TDXCTL enable > /dev/null
	grep -qx "lps: 4 initialized of 4" $D/emu/state
	# cpu1 shares package 0 with cpu0: may go and come back
	echo 0 > /sys/devices/system/cpu/cpu1/online
	echo 1 > /sys/devices/system/cpu/cpu1/online
	# package 1 is cpu2+cpu3: cpu3 may go, then cpu2 is the last one
	echo 0 > /sys/devices/system/cpu/cpu3/online
	if echo 0 > /sys/devices/system/cpu/cpu2/online 2>/dev/null; then echo "offlined the last CPU of package 1"; exit 1; fi
	[ "$(cat /sys/devices/system/cpu/cpu2/online)" = 1 ]
	dmesg | grep -q "tdxhost: refusing to offline CPU 2: it is the last online CPU of package 1 and TDX is initialized"
	echo 1 > /sys/devices/system/cpu/cpu3/online
	$TDXCTL --json status | python3 -c "import json,sys; assert json.load(sys.stdin)[\"state\"] == \"initialized\""
	rmmod tdxhost
'
