# SPDX-License-Identifier: GPL-2.0
# The whole TD lifecycle against the TDX module itself (no stubs): create,
# init, vCPUs, measured memory, finalize, info, close, with every wrong-order
# and bad-input case and the module's own answers (FINALIZE without a vCPU:
# EINVAL + TDX_NO_VCPUS; MRTD of an empty TD and of one zero page at GPA 0);
# KeyIDs running out; 4 processes at once; the SEAMCALL order of one TD; each
# ends with nothing held.
# vm: every kernel
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 --sockets 2 --timeout 600 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	$TDXCTL enable > /dev/null
	$TDCLIENT lifecycle
	$TDCLIENT keyids
	$TDCLIENT parallel 4
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
'
