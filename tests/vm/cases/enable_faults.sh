# SPDX-License-Identifier: GPL-2.0
# Fault injection of every init leaf (and of PAMT allocation), through the
# real interfaces: `tdxctl enable` fails (exit 1), `tdxctl --json status`
# records the step, leaf and status, every PAMT page comes back, and after a
# reset the next run works.  Transient statuses are retried and succeed.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
vm --cpus 2 --sockets 2 --mem 2G --timeout 600 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	field() { $TDXCTL --json status | python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
	expect_failure() {	# leaf nth status step [leaf-name-in-record]
		echo 1 > $D/reset
		echo clear > $D/emu/inject
		before=$(free_pages)
		echo "$1 $2 $3 repeat" > $D/emu/inject
		rc=0; $TDXCTL enable > /tmp/out 2>&1 || rc=$?
		[ $rc = 1 ] || { cat /tmp/out; echo "enable with $1 failing: exit $rc"; exit 1; }
		# one python for the four fields: under TCG each start costs ~1 s
		f=$(field "\" \".join((d[\"state\"], d[\"failure\"][\"step\"], d[\"failure\"][\"leaf_name\"], d[\"failure\"][\"status_name\"]))")
		[ "$f" = "failed $4 $1 $3" ] || { echo "status: $f"; exit 1; }
		grep -q "$3" /tmp/out		# tdxctl names the status
		after=$(free_pages)
		echo "$1 -> $3 at $4: free pages $before -> $after"
		[ $((before - after)) -lt 256 ]	# the 2 GiB PAMT alone is 2053 pages
		# a failed module is not retried
		rc=0; $TDXCTL enable > /dev/null 2>&1 || rc=$?
		[ $rc = 1 ]
	}
	expect_failure TDH.SYS.INIT 1 TDX_INCORRECT_CPUID_VALUE sys-init
	expect_failure TDH.SYS.LP.INIT 2 TDX_SYS_LP_INIT_NOT_PENDING lp-init
	expect_failure TDH.SYS.RDALL 1 TDX_SYS_SHUTDOWN sysinfo
	expect_failure TDH.SYS.CONFIG 1 TDX_INVALID_TDMR config
	expect_failure TDH.SYS.KEY.CONFIG 2 TDX_KEY_GENERATION_FAILED key-config
	expect_failure TDH.SYS.TDMR.INIT 3 TDX_SYS_SHUTDOWN tdmr-init
	dmesg | grep -q "TDX initialization failed at step tdmr-init"

	# PAMT allocation: never possible -> failed at pamt-alloc, nothing held
	echo 1 > $D/reset; echo clear > $D/emu/inject
	before=$(free_pages)
	echo 1000 > $D/pamt_alloc_fail
	rc=0; $TDXCTL enable > /tmp/out 2>&1 || rc=$?
	[ $rc = 1 ]
	[ "$(field "d[\"failure\"][\"step\"]")" = pamt-alloc ]
	after=$(free_pages); echo "pamt-alloc: free pages $before -> $after"
	[ $((before - after)) -lt 256 ]
	echo 0 > $D/pamt_alloc_fail

	# PAMT allocation fails once -> re-planned with smaller chunks, enabled
	echo 1 > $D/reset
	echo 1 > $D/pamt_alloc_fail
	$TDXCTL enable > /dev/null
	dmesg | grep -q "PAMT: no contiguous .* re-planning with chunks of at most"
	[ "$(field "d[\"state\"]")" = initialized ]

	# a module without TDH.SYS.RDALL: metadata comes field by field
	echo 1 > $D/reset
	echo "TDH.SYS.RDALL 1 TDX_OPERAND_INVALID" > $D/emu/inject
	$TDXCTL enable > /dev/null
	rd=$($TDXCTL --json stats | python3 -c "import json,sys; print({l[\"name\"]: l[\"calls\"] for l in json.load(sys.stdin)[\"leaves\"]}.get(\"TDH.SYS.RD\", 0))")
	echo "TDH.SYS.RD calls after the RDALL fallback: $rd"
	[ "$rd" -gt 50 ]

	# transient statuses: retried, then success
	echo 1 > $D/reset
	echo "TDH.SYS.KEY.CONFIG 1 TDX_SYS_BUSY" > $D/emu/inject
	echo "TDH.SYS.CONFIG 1 TDX_RND_NO_ENTROPY" > $D/emu/inject
	$TDXCTL enable > /dev/null
	[ "$(field "d[\"state\"]")" = initialized ]
	grep -qx "state: SYS_READY" $D/emu/state
	rmmod tdxhost
'
