# SPDX-License-Identifier: GPL-2.0
# CREATE_TD while TDX is not initialized fails with ENODEV and the state
# (uninitialized, failed, unavailable), and never enables TDX.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	state() { $TDXCTL --json status | python3 -c "import json,sys; print(json.load(sys.stdin)[\"state\"])"; }
	$TDCLIENT expect-create ENODEV -n 5 | tee out
	grep -qx "tdx_state 1" out			# TDXHOST_STATE_UNINITIALIZED
	[ "$(state)" = uninitialized ]
	[ "$(leaf_calls TDH.SYS.INIT)" = 0 ]
	# a failed enable: ENODEV naming "failed"
	echo "TDH.SYS.CONFIG 1 TDX_INVALID_TDMR" > $D/emu/inject
	! $TDXCTL enable > /dev/null 2>&1
	$TDCLIENT expect-create ENODEV | tee out
	grep -qx "tdx_state 4" out			# TDXHOST_STATE_FAILED
	[ "$(state)" = failed ]
'
# no TDX at all (backend=auto in a VM): ENODEV naming "unavailable"
vm --modparams "backend=auto" -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	$TDCLIENT expect-create ENODEV | tee out
	grep -qx "tdx_state 0" out			# TDXHOST_STATE_UNAVAILABLE
	$TDCLIENT caps | grep -qx "errno ENODEV"
'
