# SPDX-License-Identifier: GPL-2.0
# TDH.SYS.KEY.CONFIG's PCONFIG failures, as the module returns them (it
# clears the package's bit and asks for a retry): TDX_KEY_GENERATION_FAILED
# (no entropy) and TDX_OPERAND_BUSY (operand KET: the key table busy).  A
# few of them are retried and the enable succeeds; a persistent one ends,
# after a bounded number of tries, in a clean failure at key-config that
# names the status and the package, with every PAMT page back.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
vm --cpus 2 --sockets 2 --mem 2G --timeout 300 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	field() { $TDXCTL --json status | python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
	calls() {
		$TDXCTL --json stats | python3 -c "import json,sys; print({l[\"name\"]: l[\"calls\"] for l in json.load(sys.stdin)[\"leaves\"]}.get(\"TDH.SYS.KEY.CONFIG\", 0))"
	}
	ket_busy=0x80000200000000bb

	# package 0: no entropy, then the key table busy; package 1: busy once
	echo 1 > $D/reset
	before=$(calls)
	echo "TDH.SYS.KEY.CONFIG 1 TDX_KEY_GENERATION_FAILED" > $D/emu/inject
	echo "TDH.SYS.KEY.CONFIG 2 $ket_busy" > $D/emu/inject
	echo "TDH.SYS.KEY.CONFIG 4 $ket_busy" > $D/emu/inject
	$TDXCTL enable > /tmp/out 2>&1 || { cat /tmp/out; echo "enable with transient KEY.CONFIG failures failed"; exit 1; }
	[ "$(field "d[\"state\"]")" = initialized ]
	grep -qx "state: SYS_READY" $D/emu/state
	grep -qx "packages: 2 configured of 2" $D/emu/state
	grep -q "^injected: 3 (" $D/emu/state
	made=$(($(calls) - before))
	echo "transient: $made KEY.CONFIG calls for 2 packages"
	[ "$made" = 5 ]

	# persistent: bounded, then a clean failure
	for st in TDX_KEY_GENERATION_FAILED $ket_busy; do
		echo 1 > $D/reset
		pages=$(free_pages)
		before=$(calls)
		echo "TDH.SYS.KEY.CONFIG 1 $st repeat" > $D/emu/inject
		rc=0; $TDXCTL enable > /tmp/out 2>&1 || rc=$?
		cat /tmp/out
		[ $rc = 1 ]
		made=$(($(calls) - before))
		echo "persistent $st: exit $rc after $made KEY.CONFIG calls"
		[ "$made" -ge 2 ] && [ "$made" -le 20 ]
		[ "$(field "d[\"state\"]")" = failed ]
		[ "$(field "d[\"failure\"][\"step\"]")" = key-config ]
		[ "$(field "d[\"failure\"][\"leaf_name\"]")" = TDH.SYS.KEY.CONFIG ]
		case $st in
		TDX_*) [ "$(field "d[\"failure\"][\"status_name\"]")" = TDX_KEY_GENERATION_FAILED ]
		       grep -q "no entropy for PCONFIG even after retries" /tmp/out ;;
		*)     [ "$(field "d[\"failure\"][\"status_name\"]")" = TDX_OPERAND_BUSY ]
		       grep -q "key table busy even after retries" /tmp/out ;;
		esac
		grep -q "(package 0)" /tmp/out
		dmesg | grep -q "TDH.SYS.KEY.CONFIG: PCONFIG failed [0-9]* times on CPU"
		after=$(free_pages)
		echo "free pages $pages -> $after"
		[ $((pages - after)) -lt 256 ]
	done

	# and after a reset the module comes up
	echo 1 > $D/reset
	$TDXCTL enable > /dev/null
	[ "$(field "d[\"state\"]")" = initialized ]
	rmmod tdxhost
'
