# SPDX-License-Identifier: GPL-2.0
# The exact SEAMCALL sequence of one TD (1 vCPU, 2 measured pages) on a
# 2-package host, from the tracepoint: KEY.CONFIG
# and CACHE.WB once per package, 3 SEPT levels, 16 MR.EXTEND per page, MRTD
# read back (6 x TDH.MNG.RD) right after FINALIZE, and
# the teardown in KVM's order (VP.FLUSH, VPFLUSHDONE, CACHE.WB, FREEID,
# RECLAIM of private, SEPT, TDCX, TDVPR, TDCS, then the TDR, WBINVD last).
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 --sockets 2 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	t=/sys/kernel/tracing
	$TDXCTL enable > /dev/null
	echo > $t/trace
	echo 1 > $t/events/tdxhost/tdxhost_seamcall/enable
	$TDCLIENT build --vcpus 1 --pages 2 | grep -qx "result done"
	echo 0 > $t/events/tdxhost/tdxhost_seamcall/enable
	sed -n "s/.*tdxhost_seamcall: leaf=\([0-9]*\) .*/\1/p" $t/trace > seq
	python3 - <<PY
got = [int(l) & 0xffff for l in open("seq")]
page = [2] + [16] * 16
want = ([9, 8, 8] + [1] * 6 + [21] + [10] + [4] * 5 + [22] + [3, 3, 3] + page + page + [17] + [11] * 6
        + [18, 19, 40, 40, 20] + [28] * 2 + [28] * 3 + [28] * 5 + [28] + [28] * 6 + [28, 41])
assert got == want, ("SEAMCALL sequence", got, want)
print(len(got), "SEAMCALLs in the expected order")
PY
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
'
