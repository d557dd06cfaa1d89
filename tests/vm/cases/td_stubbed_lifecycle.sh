# SPDX-License-Identifier: GPL-2.0
# The host side of the whole TD lifecycle, with the TDX module's TD leaves
# stubbed (each answers TDX_SUCCESS without doing anything) until the
# software TDX module has them: create, init, vCPUs, memory regions,
# finalize, info, close; every wrong-order and bad-input case the host
# checks; the per-TD page limit; KeyIDs running out (ENOSPC) and coming back;
# TDs from 4 processes at once; a process killed in the middle of a build.
# Each ends with no TD, no page and no HKID left.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 --sockets 2 --timeout 600 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	$TDXCTL enable > /dev/null
	stub_tdx_leaves
	$TDCLIENT lifecycle --stubbed
	$TDCLIENT keyids
	$TDCLIENT parallel 4 --stubbed
	$TDCLIENT build --pages 60000 > /dev/null &
	pid=$!
	sleep 3
	kill -9 $pid
	wait $pid || true
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	echo "killed mid-build: nothing left"
'
