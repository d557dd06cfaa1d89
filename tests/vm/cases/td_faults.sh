# SPDX-License-Identifier: GPL-2.0
# Fault injection of every TD-lifecycle leaf and of TD page allocation, on a
# 2-package host: each failure returns its errno and hw_error, leaves the TD
# in the state it should (recoverable failures keep it usable,
# unrecoverable ones make it DEAD) and unwinds to nothing when closed, with
# every PAMT entry back as it was.  A page RECLAIM or WBINVD does not give
# back is leaked, counted and logged once; an interrupted CACHE.WB is
# resumed; when VPFLUSHDONE or FREEID fails the HKID stays taken and every
# page the module had is leaked (as KVM does).
#
# First, without a fault, the exact SEAMCALL sequence of one TD (1 vCPU, 2
# measured pages), from the tracepoint: KEY.CONFIG
# and CACHE.WB once per package, 3 SEPT levels, 16 MR.EXTEND per page, MRTD
# read back (6 x TDH.MNG.RD) right after FINALIZE, and
# the teardown in KVM's order (VP.FLUSH, VPFLUSHDONE, CACHE.WB, FREEID,
# RECLAIM of private, SEPT, TDCX, TDVPR, TDCS, then the TDR, WBINVD last).
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel, and the debug kernel (tests/vm/debug-cases,
# README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 --sockets 2 --timeout 600 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	leaked=0 hkids=0
	expect() {	# fault (inject line or "alloc N"), the result line tdclient build prints
		echo clear > $D/emu/inject
		case "$1" in
		alloc*) echo "${1#alloc }" > $D/td_alloc_fail ;;
		?*) echo "$1" > $D/emu/inject ;;
		esac
		out=$($TDCLIENT build --vcpus 1 --pages 2)
		echo 0 > $D/td_alloc_fail
		[ "$out" = "$2" ] || { echo "$1: \"$out\", want \"$2\""; exit 1; }
		# builtins only: on the debug kernel under TCG an exec costs ~1 s
		mapfile -t c < $D/td
		[ "${c[*]}" = "tds 0 pages 0 leaked $leaked hkids_in_use $hkids" ] || { echo "$1: ${c[*]}"; exit 1; }
		# nothing leaked yet: every PAMT entry is back where it was
		emu_field pamt_4k
		[ $leaked != 0 ] || [ "$REPLY" = "$c0" ] || { echo "$1: PAMT $REPLY, was $c0"; exit 1; }
		echo "$1: $out"
	}
	cd "$(mktemp -d)"
	$TDXCTL enable > /dev/null

	# first, without a fault: the exact SEAMCALL sequence of one TD
	t=/sys/kernel/tracing
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

	emu_field pamt_4k; c0=$REPLY
	none="state 4294967295"
	busy=0x8000020000000000
	expect "" "result done"
	expect "TDH.MNG.CREATE 1 $busy" "result create EBUSY $busy $none"
	expect "TDH.MNG.CREATE 1 0x8000020300000000 repeat" "result create EAGAIN 0x8000020300000000 $none"
	expect "TDH.MNG.KEY.CONFIG 2 0x8000080000000000" "result create EAGAIN 0x8000080000000000 $none"
	expect "TDH.MNG.ADDCX 3 0x8000020000000001" "result create EBUSY 0x8000020000000001 $none"
	expect "TDH.MNG.INIT 1 0xc000010000000040" "result init EINVAL 0xc000010000000040 state 0"
	expect "TDH.VP.CREATE 1 0x8000020000000002" "result vcpu EBUSY 0x8000020000000002 state 1"
	expect "TDH.VP.ADDCX 2 0x8000020000000001" "result vcpu EBUSY 0x8000020000000001 state 3"
	expect "TDH.VP.INIT 1 0xc000070500000000" "result vcpu EINVAL 0xc000070500000000 state 3"
	expect "TDH.MEM.SEPT.ADD 2 0x8000020000000092" "result mem EBUSY 0x8000020000000092 state 1"
	expect "TDH.MEM.PAGE.ADD 2 0xc0000b0d00000001" "result mem EEXIST 0xc0000b0d00000001 state 1"
	expect "TDH.MR.EXTEND 5 0x8000020000000002" "result mem EBUSY 0x8000020000000002 state 3"
	expect "TDH.MR.FINALIZE 1 0xc000060900000000" "result finalize EINVAL 0xc000060900000000 state 1"
	# MRTD is read right after FINALIZE; a failed read leaves it to GET_INFO
	expect "TDH.MNG.RD 1 $busy" "result done"
	# pages: TDR, 6 TDCS, TDVPR, 5 TDCX, 3 SEPT, 2 private
	expect "alloc 1" "result create ENOMEM 0x0000000000000000 $none"
	expect "alloc 5" "result create ENOMEM 0x0000000000000000 $none"
	expect "alloc 8" "result vcpu ENOMEM 0x0000000000000000 state 1"
	expect "alloc 14" "result mem ENOMEM 0x0000000000000000 state 1"
	expect "alloc 17" "result mem ENOMEM 0x0000000000000000 state 1"

	# teardown: a page RECLAIM keeps is leaked, once in dmesg; so is the TDR,
	# which the module keeps while it still counts a child page
	# (TDX_TD_ASSOCIATED_PAGES_EXIST)
	u0=$(unaccounted_pages)
	leaked=2
	expect "TDH.PHYMEM.PAGE.RECLAIM 3 $busy" "result done"
	[ "$(dmesg | grep -c "pages leaked on purpose")" = 1 ]
	dmesg | grep -q "TD [0-9]*: 2 pages leaked on purpose (the TDX module did not give them back): SEAMCALL TDH.PHYMEM.PAGE.RECLAIM (28) failed: 0x8000020000000000"
	# an interrupted CACHE.WB is resumed where it stopped: the module
	# interrupts the next one itself (emu/cache_wb_interrupt), so one package
	# takes 2 calls and the other 1
	wb=$(leaf_calls TDH.PHYMEM.CACHE.WB)
	echo "0 1" > $D/emu/cache_wb_interrupt
	expect "" "result done"
	[ "$(leaf_calls TDH.PHYMEM.CACHE.WB)" = $((wb + 3)) ] || { echo "CACHE.WB: $(leaf_calls TDH.PHYMEM.CACHE.WB) calls, want $((wb + 3))"; exit 1; }
	# the TDR WBINVD fails: the TDR is not given back to the kernel
	leaked=$((leaked + 1))
	expect "TDH.PHYMEM.PAGE.WBINVD 1 $busy" "result done"
	# VPFLUSHDONE fails: no CACHE.WB, no FREEID; the HKID and all 18 pages stay
	leaked=$((leaked + 18)) hkids=1
	expect "TDH.MNG.VPFLUSHDONE 1 $busy" "result done"
	[ "$(dmesg | grep -c "stays with the TDX module, its pages are leaked: SEAMCALL TDH.MNG.VPFLUSHDONE")" = 1 ]
	# FREEID fails: the HKID stays with the module, its 18 pages are leaked
	leaked=$((leaked + 18)) hkids=2
	expect "TDH.MNG.KEY.FREEID 1 0x8000081700000000" "result done"
	dmesg | grep -q "KeyID [0-9]* stays with the TDX module, its pages are leaked: SEAMCALL TDH.MNG.KEY.FREEID"
	if echo 1 > $D/reset 2> /dev/null; then echo "reset with a KeyID still taken"; exit 1; fi
	# every page leaked on purpose is one that no kernel counter accounts
	# for, the measure the soak checks its leaks with
	u1=$(unaccounted_pages)
	echo "leaked $leaked pages: unaccounted pages $u0 -> $u1"
	! unaccounted_exact || { [ $((u1 - u0)) -ge $((leaked - 8)) ] && [ $((u1 - u0)) -le $((leaked + 8)) ]; } ||
		{ echo "unaccounted pages up by $((u1 - u0)), $leaked leaked"; exit 1; }
'
