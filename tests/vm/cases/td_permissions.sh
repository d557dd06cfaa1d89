# SPDX-License-Identifier: GPL-2.0
# /dev/tdxhost is root's, mode 0600, under the name the packaged udev rule
# gives to group kvm; an unprivileged user cannot open it.
. "$(dirname "$0")/../lib.sh"
build_tdclient
grep -qx 'KERNEL=="tdxhost", GROUP="kvm", MODE="0660"' "$TOP/packaging/60-tdxhost.rules" ||
	fail "udev rule does not name the device tdxhost"
vm -- bash -ec '
	[ -c /dev/tdxhost ]
	[ "$(stat -c "%a %U %G" /dev/tdxhost)" = "600 root root" ]
	grep -qw tdxhost /proc/misc
'
vm --user -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	[ "$(id -u)" = 65534 ]
	if err=$($TDCLIENT caps 2>&1 > /dev/null); then echo "nobody opened /dev/tdxhost"; exit 1; fi
	echo "$err"
	[[ "$err" == *"/dev/tdxhost: Permission denied"* ]]
'
