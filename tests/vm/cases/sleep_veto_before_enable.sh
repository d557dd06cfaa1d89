# SPDX-License-Identifier: GPL-2.0
# S3 resets TDX even before it is initialized (upstream disables ACPI S3
# whenever the BIOS enabled TDX): with a TDX module there, suspend is
# vetoed before any enable too, and the module stays usable.  Unloaded,
# tdxhost no longer stands in the way.  The suspend runs in PM test mode
# (freezer: the notifiers, then tasks frozen and thawed), so nothing needs
# to wake the VM; before the fix it went ahead.
. "$(dirname "$0")/../lib.sh"
vm --mem 2G --timeout 200 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	grep -qw freeze /sys/power/state
	echo freezer > /sys/power/pm_test
	if echo freeze > /sys/power/state 2>/tmp/err; then echo "suspend went ahead with a TDX module there"; exit 1; fi
	cat /tmp/err
	dmesg | grep -q "tdxhost: refusing suspend: the TDX module would be lost until reboot, even uninitialized (unload tdxhost to allow it)"
	$TDXCTL --json status | python3 -c "import json,sys; assert json.load(sys.stdin)[\"state\"] == \"uninitialized\""
	$TDXCTL enable > /dev/null
	rmmod tdxhost
	echo freeze > /sys/power/state
	echo none > /sys/power/pm_test
'
