# SPDX-License-Identifier: GPL-2.0
# CPU hotplug during an enable waits for it: the hotplug lock is held from
# the all-CPUs-online check through TDMR.INIT.  Offlining both CPUs of
# package 1 while SYS.CONFIG runs (the emu's stall knob holds the enable
# there), then a hotplug loop over every AP across a whole enable, never
# ends in "failed".  Without the lock the first leaves package 1 without
# its key and TDMR.INIT answers TDX_SYS_NOT_READY.
. "$(dirname "$0")/../lib.sh"
vm --cpus 4 --sockets 2 --mem 2G -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	C=/sys/devices/system/cpu
	wait_stall() {
		for _ in $(seq 300); do
			[ "$(cat $D/emu/stall)" = sleeping ] && return 0
			sleep 0.1
		done
		echo "the enable never reached the stall"
		return 1
	}
	initialized() {
		$TDXCTL --json status | python3 -c "import json,sys; assert json.load(sys.stdin)[\"state\"] == \"initialized\""
	}
	# 1: the two CPUs of package 1 go while SYS.CONFIG is under way
	echo "TDH.SYS.CONFIG 2000" > $D/emu/stall
	$TDXCTL enable > /tmp/enable.1 2>&1 & pid=$!
	wait_stall
	echo 0 > $C/cpu3/online
	# refused once TDX is initialized: the last CPU of its package
	echo 0 > $C/cpu2/online 2>/dev/null || true
	rc=0; wait $pid || rc=$?
	[ $rc = 0 ] || { cat /tmp/enable.1; $TDXCTL status; exit 1; }
	initialized
	grep -qx "packages: 2 configured of 2" $D/emu/state
	[ "$(cat $C/cpu2/online)" = 1 ]
	echo 1 > $C/cpu3/online
	# 2: a hotplug loop over every AP across a whole enable
	echo 1 > $D/reset
	echo "TDH.SYS.CONFIG 1000" > $D/emu/stall
	$TDXCTL enable > /tmp/enable.2 2>&1 & pid=$!
	wait_stall
	(
		for _ in 1 2 3 4 5; do
			for c in 1 2 3; do
				echo 0 > $C/cpu$c/online 2>/dev/null || true
				echo 1 > $C/cpu$c/online 2>/dev/null || true
			done
		done
	) & loop=$!
	rc=0; wait $pid || rc=$?
	wait $loop
	[ $rc = 0 ] || { cat /tmp/enable.2; $TDXCTL status; exit 1; }
	initialized
	grep -qx "lps: 4 initialized of 4" $D/emu/state
	[ "$(cat $C/online)" = 0-3 ]
	rmmod tdxhost
'
