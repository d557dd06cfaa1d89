# SPDX-License-Identifier: GPL-2.0
# After enabling, CREATE_TD reaches the TDX module.  With TDH.MNG.CREATE
# made to answer TDX_OPERAND_INVALID(RAX) (fault injection: the emu's leaf
# is real), CREATE_TD fails with EIO and that hw_error.  Each failure unwinds to
# nothing: no TD, no page, no HKID in use, no further TD leaf called, the
# memory back, and a reset of the emu is still allowed afterwards.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	$TDXCTL enable > /dev/null
	echo "TDH.MNG.CREATE 1 0xC000010000000000 repeat" > $D/emu/inject
	before=$(free_pages)
	$TDCLIENT expect-create EIO 0xC000010000000000 -n 50 | tee out
	grep -qx "tdx_state 3" out
	after=$(free_pages)
	echo "free pages $before -> $after"
	[ $((before - after)) -lt 64 ]
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	[ "$(leaf_calls TDH.MNG.CREATE)" = 50 ]
	for l in TDH.MNG.KEY.CONFIG TDH.MNG.ADDCX TDH.MNG.VPFLUSHDONE TDH.MNG.KEY.FREEID \
		 TDH.PHYMEM.PAGE.RECLAIM; do
		[ "$(leaf_calls $l)" = 0 ] || { echo "$l called"; exit 1; }
	done
	$TDXCTL --json status | python3 -c "import json,sys; assert json.load(sys.stdin)[\"keyids\"][\"hkids_in_use\"] == 0"
	dmesg | grep -q "TDH.MNG.CREATE.*TDX_OPERAND_INVALID"
	echo clear > $D/emu/inject
	echo 1 > $D/reset
'
