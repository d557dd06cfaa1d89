# SPDX-License-Identifier: GPL-2.0
# Every SEAMCALL is visible to ftrace/perf as tdxhost:tdxhost_seamcall with
# its leaf, status and duration; the per-leaf counters agree with the trace.
. "$(dirname "$0")/../lib.sh"
vm --mem 2G -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	t=/sys/kernel/tracing
	[ -d $t/events/tdxhost/tdxhost_seamcall ]
	echo 1 > $t/events/tdxhost/tdxhost_seamcall/enable
	$TDXCTL enable > /dev/null
	echo 0 > $t/events/tdxhost/tdxhost_seamcall/enable
	grep -q "tdxhost_seamcall: leaf=33 status=0x0000000000000000 duration_ns=" $t/trace
	grep -q "tdxhost_seamcall: leaf=45 status=0x0000000000000000" $t/trace
	traced=$(grep -c "tdxhost_seamcall: leaf=36 " $t/trace)
	counted=$($TDXCTL --json stats | python3 -c "import json,sys; print({l[\"leaf\"]: l[\"calls\"] for l in json.load(sys.stdin)[\"leaves\"]}[36])")
	echo "TDH.SYS.TDMR.INIT: traced $traced, counted $counted"
	[ "$traced" = "$counted" ] && [ "$traced" -gt 0 ]
'
