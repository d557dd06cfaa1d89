# SPDX-License-Identifier: GPL-2.0
# TDX does not survive suspend or hibernation: once TDX is initialized a
# suspend request is vetoed with a message, and the system keeps running.
# (Before enabling it is vetoed too: sleep_veto_before_enable.)
. "$(dirname "$0")/../lib.sh"
vm --mem 2G --timeout 200 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	grep -qw freeze /sys/power/state
	$TDXCTL enable > /dev/null
	if echo freeze > /sys/power/state 2>/tmp/err; then echo "suspend went ahead with TDX up"; exit 1; fi
	cat /tmp/err
	dmesg | grep -q "tdxhost: refusing suspend: TDX is initialized and would be lost"
	$TDXCTL --json status | python3 -c "import json,sys; assert json.load(sys.stdin)[\"state\"] == \"initialized\""
'
