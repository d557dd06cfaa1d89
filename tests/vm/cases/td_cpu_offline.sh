# SPDX-License-Identifier: GPL-2.0
# A vCPU is associated with the CPU that ran its TDH.VP.INIT: before that CPU
# goes offline its vCPUs are flushed there (TDH.VP.FLUSH), so teardown has
# nothing left to flush for it; a flush that fails keeps the CPU online.
# Without an offline, teardown flushes it on that CPU.  A CPU goes offline
# while the TD whose vCPU is there adds and measures memory: both go on.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	cd "$(mktemp -d)"
	cpu1=/sys/devices/system/cpu/cpu1/online
	hold() {
		coproc H { exec $TDCLIENT hold vcpu --cpu 1; }
		hold_pid=$H_PID hold_in=${H[1]} hold_out=${H[0]}
		read -r -u "$hold_out" line
		[ "$line" = "ready vcpu 0 cpu 1" ] || { echo "$line"; exit 1; }
	}
	release() {
		eval "exec $hold_in>&-"
		read -r -u "$hold_out" line || true
		wait "$hold_pid"
	}
	$TDXCTL enable > /dev/null

	hold
	f0=$(leaf_calls TDH.VP.FLUSH)
	echo 0 > $cpu1
	[ "$(leaf_calls TDH.VP.FLUSH)" = $((f0 + 1)) ]
	release
	[ "$line" = "state 1" ]
	[ "$(leaf_calls TDH.VP.FLUSH)" = $((f0 + 1)) ]	# nothing left to flush
	echo 1 > $cpu1
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }

	# the flush fails: the CPU stays online; the next try flushes it
	hold
	echo clear > $D/emu/inject
	echo "TDH.VP.FLUSH 1 0x8000020000000080" > $D/emu/inject
	if echo 0 > $cpu1 2> err; then echo "CPU 1 went offline"; exit 1; fi
	[ "$(cat $cpu1)" = 1 ]
	dmesg | grep -q "refusing to offline CPU 1: TDH.VP.FLUSH of TD [0-9]* vCPU 0 failed"
	echo 0 > $cpu1
	echo 1 > $cpu1
	f1=$(leaf_calls TDH.VP.FLUSH)
	release
	[ "$(leaf_calls TDH.VP.FLUSH)" = $f1 ]

	# no offline: teardown flushes it
	hold
	release
	[ "$(leaf_calls TDH.VP.FLUSH)" = $((f1 + 1)) ]
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	# CPU 1 goes offline while a TD with its vCPU there adds and measures
	# memory (TDH.MEM.PAGE.ADD and TDH.MR.EXTEND take the TDR exclusively,
	# TDH.VP.FLUSH takes it shared): the flush waits for the build leaf
	# instead of failing with TDX_OPERAND_BUSY, and the build goes on
	for i in 1 2 3; do
		taskset -c 1 $TDCLIENT build --vcpus 1 --pages 1500 > build.out &
		pid=$!
		for _ in $(seq 200); do
			p=$(sed -n "s/^pages //p" $D/td)
			[ "${p:-0}" -gt 200 ] && break
			sleep 0.05
		done
		[ "${p:-0}" -gt 200 ] || { echo "the build never got to its pages"; exit 1; }
		f0=$(leaf_calls TDH.VP.FLUSH)
		rc=0; echo 0 > $cpu1 2> err || rc=$?
		[ $rc = 0 ] || { cat err; dmesg | grep "refusing to offline" | tail -n 3; exit 1; }
		[ "$(leaf_calls TDH.VP.FLUSH)" -gt $f0 ]
		echo 1 > $cpu1
		wait $pid
		[ "$(cat build.out)" = "result done" ] || { cat build.out; exit 1; }
	done
	echo "CPU 1 offline 3 times mid-build: flushed, built"
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
'
