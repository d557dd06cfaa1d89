# SPDX-License-Identifier: GPL-2.0
# Caches are not coherent across KeyIDs, so the flushes come in upstream's
# order, through the backend (the emu records them and checks): one after
# SYS.CONFIG, before KEY.CONFIG; and one before PAMT memory the module wrote
# through the global KeyID goes back to the kernel (a TDMR.INIT that fails
# after some PAMT was initialised: the unwind flushes, then resets and frees
# the PAMT).  A missing flush is an emu violation, which fails the harness.
. "$(dirname "$0")/../lib.sh"
vm --cpus 2 --sockets 2 --mem 2G --timeout 300 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	field() { $TDXCTL --json status | python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

	# success: one flush, before KEY.CONFIG
	echo 1 > $D/reset
	$TDXCTL enable > /dev/null
	grep -x "cache_flushes: 1" $D/emu/state
	grep -x "unflushed: global 1 keyid0 0" $D/emu/state	# TDMR.INIT wrote PAMT since

	# TDMR.INIT fails once some PAMT is written: flush, then reset and free
	echo 1 > $D/reset
	pages=$(free_pages)
	echo "TDH.SYS.TDMR.INIT 5 TDX_SYS_SHUTDOWN repeat" > $D/emu/inject
	rc=0; $TDXCTL enable > /dev/null 2>&1 || rc=$?
	[ $rc = 1 ]
	[ "$(field "d[\"failure\"][\"step\"]")" = tdmr-init ]
	cat $D/emu/state | grep -E "^(cache_flushes|unflushed|violations):"
	grep -qx "violations: 0" $D/emu/state
	grep -qx "cache_flushes: 2" $D/emu/state
	grep -qx "unflushed: global 0 keyid0 0" $D/emu/state
	after=$(free_pages)
	echo "free pages $pages -> $after"
	[ $((pages - after)) -lt 256 ]

	# KEY.CONFIG fails on the second package: the unwind flushes too
	echo 1 > $D/reset
	echo "TDH.SYS.KEY.CONFIG 2 TDX_SYS_SHUTDOWN repeat" > $D/emu/inject
	rc=0; $TDXCTL enable > /dev/null 2>&1 || rc=$?
	[ $rc = 1 ]
	[ "$(field "d[\"failure\"][\"step\"]")" = key-config ]
	grep -qx "violations: 0" $D/emu/state
	grep -qx "cache_flushes: 2" $D/emu/state

	# a reset after a good enable gives the PAMT back flushed (a violation fails the harness)
	echo 1 > $D/reset
	$TDXCTL enable > /dev/null
	echo 1 > $D/reset
	! dmesg | grep "tdxhost: emu: violation"
	rmmod tdxhost
'
