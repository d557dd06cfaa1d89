# SPDX-License-Identifier: GPL-2.0
# A SEAMCALL that #UDs while CR4.VMXE is set (KVM between setting CR4.VMXE
# and VMXON, or between VMXOFF and clearing it) is retried after a short
# sleep: an enable through a window of 3 such #UDs (the emu's vmx_window
# knob) succeeds; a window longer than the retries ends in TDX_SEAMCALL_UD.
# Without the retry the first window fails the enable at TDH.SYS.INIT.
. "$(dirname "$0")/../lib.sh"
vm -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	field() { $TDXCTL --json status | python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
	echo 3 > $D/emu/vmx_window
	$TDXCTL enable > /tmp/out 2>&1 || { cat /tmp/out; $TDXCTL status; exit 1; }
	[ "$(field "d[\"state\"]")" = initialized ]
	[ "$(cat $D/emu/vmx_window)" = 0 ]
	dmesg | grep -q "tdxhost: TDH.SYS.INIT: #UD with CR4.VMXE set (KVM turning VMX on or off?): issued after 3 retries"
	# a window that stays open: the retries are bounded, the #UD is the answer
	echo 1 > $D/reset
	echo 100 > $D/emu/vmx_window
	rc=0; $TDXCTL enable > /tmp/out 2>&1 || rc=$?
	# the #UD maps to -EACCES, as upstream has it: a failed enable (1), not a permission error (4)
	[ $rc = 1 ] || { echo "exit $rc"; cat /tmp/out; exit 1; }
	! grep -q "needs CAP_SYS_ADMIN" /tmp/out || { cat /tmp/out; exit 1; }
	[ "$(field "d[\"state\"]")" = failed ]
	[ "$(field "d[\"failure\"][\"status_name\"]")" = TDX_SEAMCALL_UD ]
	[ "$(cat $D/emu/vmx_window)" = 94 ]	# 1 call + 5 retries
	dmesg | grep -q "#UD with CR4.VMXE set (KVM turning VMX on or off?): still #UD after 5 retries"
	echo 1 > $D/reset
	[ "$(cat $D/emu/vmx_window)" = 0 ]
	$TDXCTL enable > /dev/null
	rmmod tdxhost
'
