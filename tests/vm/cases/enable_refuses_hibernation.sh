# SPDX-License-Identifier: GPL-2.0
# While hibernation is possible TDX must not be enabled (it would be lost):
# the enable fails at the precheck with the way out in the message, the
# software TDX module is left untouched, and the module unloads.
. "$(dirname "$0")/../lib.sh"
vm --hibernate --modparams "backend=emu enable=1" -- bash -ec '
	dmesg | grep -q "tdxhost: TDX initialization failed at step precheck: hibernation is possible and would destroy TDX: boot with .nohibernate. to use TDX"
	grep -qx "state: SYSINIT_PENDING" /sys/kernel/debug/tdxhost/emu/state
	rmmod tdxhost
'
