# SPDX-License-Identifier: GPL-2.0
# The host survives any status the TDX module (or the emu) returns, nonsense
# included: all-ones, unknown classes, software codes it never expects,
# "success-like" codes from a leaf that did nothing.  Each enable fails
# cleanly with the status recorded and decoded as far as it can be; no
# kernel warning; afterwards a normal enable works and the module unloads.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
vm --mem 2G -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	try() {	# leaf nth status
		echo 1 > $D/reset
		echo "$1 $2 $3 repeat" > $D/emu/inject
		rc=0; $TDXCTL enable > /tmp/out 2>&1 || rc=$?
		state=$($TDXCTL --json status | python3 -c "import json,sys; d=json.load(sys.stdin); print(d[\"state\"], d[\"failure\"][\"step\"] if d[\"failure\"] else \"-\", d[\"failure\"][\"status\"] if d[\"failure\"] else \"-\")")
		echo "$1 #$2 -> $3: exit $rc, $state"
		[ $rc = 1 ] && [ "${state%% *}" = failed ]
		echo clear > $D/emu/inject
	}
	try TDH.SYS.INIT 1 0xffffffffffffffff
	try TDH.SYS.LP.INIT 1 0x8000ff00deadbeef
	try TDH.SYS.RDALL 1 0x0000123400000000
	try TDH.SYS.CONFIG 1 0x0000000000000001	# "success" from a CONFIG that did nothing
	try TDH.SYS.KEY.CONFIG 1 0xc0ffee0000000000
	try TDH.SYS.TDMR.INIT 2 0x0000777700000000
	$TDXCTL decode 0xffffffffffffffff > /dev/null
	echo 1 > $D/reset
	$TDXCTL enable > /dev/null
	rmmod tdxhost
'
