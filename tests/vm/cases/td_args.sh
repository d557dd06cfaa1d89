# SPDX-License-Identifier: GPL-2.0
# Every /dev/tdxhost struct is checked before anything runs: a size below the
# first version or above a page, a non-zero tail the kernel does not know,
# unknown flags, non-zero reserved fields and hw_error on input are refused
# (EINVAL/E2BIG), a zero tail is accepted, unknown ioctls get ENOTTY.  On
# /dev/tdxhost before and after enabling, and on a TD fd.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	$TDCLIENT args
	$TDXCTL enable > /dev/null
	$TDCLIENT args
	$TDCLIENT args --td
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
'
