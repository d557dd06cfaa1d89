# SPDX-License-Identifier: GPL-2.0
# Concurrent enables from several processes serialize: all succeed, the
# module is initialized once (one TDH.SYS.INIT), a later enable is a no-op,
# and the TDMRs the software TDX module accepted are exactly the plan
# tdxctl reports.
. "$(dirname "$0")/../lib.sh"
vm --cpus 4 --sockets 2 --numa 2 --mem 3G -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	pids=
	for i in 1 2 3 4; do $TDXCTL enable > /tmp/enable.$i 2>&1 & pids="$pids $!"; done
	rc=0; for p in $pids; do wait $p || rc=1; done
	[ $rc = 0 ] || { cat /tmp/enable.*; exit 1; }
	$TDXCTL enable > /dev/null
	$TDXCTL --json stats | python3 -c "
import json, sys
calls = {l[\"name\"]: l[\"calls\"] for l in json.load(sys.stdin)[\"leaves\"]}
assert calls[\"TDH.SYS.INIT\"] == 1, calls
assert calls[\"TDH.SYS.CONFIG\"] == 1, calls
assert calls[\"TDH.SYS.KEY.CONFIG\"] == 2, calls   # one per package
print(\"SEAMCALLs:\", calls)
"
	$TDXCTL --json tdmrs > /tmp/tdmrs.json
	python3 - <<PY
import json, re
plan = json.load(open("/tmp/tdmrs.json"))["tdmrs"]
emu = re.findall(r"^tdmr (\d+): base (0x[0-9a-f]+) size (0x[0-9a-f]+) pamt4k (0x[0-9a-f]+)\+(0x[0-9a-f]+) pamt2m (0x[0-9a-f]+)\+(0x[0-9a-f]+) pamt1g (0x[0-9a-f]+)\+(0x[0-9a-f]+) next_init (0x[0-9a-f]+)",
                 open("$D/emu/state").read(), re.M)
assert len(plan) == len(emu) and plan, (plan, emu)
for t, e in zip(plan, emu):
    vals = [int(x, 16) for x in e[1:]]
    assert t["base"] == vals[0] and t["size"] == vals[1], (t, e)
    pamt = {p["level"]: (p["base"], p["size"]) for p in t["pamt"]}
    assert pamt["4k"] == (vals[2], vals[3]) and pamt["2m"] == (vals[4], vals[5]) and pamt["1g"] == (vals[6], vals[7]), (pamt, e)
    assert vals[8] == t["base"] + t["size"], "TDMR not fully initialized"
print("plan == accepted TDMRs:", len(plan))
PY
'
