# SPDX-License-Identifier: GPL-2.0
# TDH.SYS.TDMR.INIT does an implementation-defined number of PAMT entries a
# call: with the emu doing 256 and then 1024 a call, enable follows what the
# module returns (RDX), so every TDMR ends fully initialized, with exactly
# one call per chunk (the last returns RDX at the TDMR's end).  A host that
# counted 4 MiB a call would report "initialized" with 3/4 of each TDMR
# left uninitialized at 256.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
vm --cpus 2 --sockets 2 --mem 2G --timeout 300 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	calls() {
		$TDXCTL --json stats | python3 -c "import json,sys; print({l[\"name\"]: l[\"calls\"] for l in json.load(sys.stdin)[\"leaves\"]}.get(\"TDH.SYS.TDMR.INIT\", 0))"
	}
	for n in 256 1024; do
		echo $n > $D/emu/tdmr_init_entries
		echo 1 > $D/reset
		before=$(calls)
		$TDXCTL enable > /dev/null
		made=$(($(calls) - before))
		st=$($TDXCTL --json status | python3 -c "import json,sys; print(json.load(sys.stdin)[\"state\"])")
		[ "$st" = initialized ]
		nr=$(grep -c "^tdmr " $D/emu/state)
		grep "^tdmrs:" $D/emu/state
		grep -qx "tdmrs: $nr initialized of $nr" $D/emu/state ||
			{ echo "$n entries a call: enable says $st, the emu: $(grep "^tdmrs:" $D/emu/state)"; exit 1; }
		want=$(python3 -c "
import re, sys
s = open(\"$D/emu/state\").read()
print(sum(int(x, 16) for x in re.findall(r\"^tdmr \d+: base 0x[0-9a-f]+ size (0x[0-9a-f]+)\", s, re.M)) // ($n * 4096))")
		echo "$n entries a call: $made TDMR.INIT calls for $nr TDMRs, $want chunks"
		[ "$made" = "$want" ]
	done
	rmmod tdxhost
'
