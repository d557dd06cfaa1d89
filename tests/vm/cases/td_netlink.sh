# SPDX-License-Identifier: GPL-2.0
# The TDs over netlink: GET_STATUS counts them (tdxctl status), GET_TDS
# lists them (tdxctl td list / td show, --json too) with the MRTD read back
# once finalized and the owner for root only, and the events group
# announces each TD created and destroyed (tdxctl monitor).  A list too
# long for one batch comes whole, and is marked NLM_F_DUMP_INTR when a TD
# came or went while it was read (tdxctl then reads it again).
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	cd "$(mktemp -d)"
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	j() { python3 -c "import json,sys; d=json.load(open(\"$1\")); $2"; }
	$TDXCTL enable > /dev/null
	$TDXCTL --json monitor --count 4 > events.json 2> mon.err &
	mon=$!
	for i in $(seq 50); do grep -q listening mon.err && break; sleep 0.1; done

	coproc A { exec $TDCLIENT hold td; }
	read -r -u "${A[0]}" ready tdword a
	[ "$ready $tdword" = "ready td" ] || { echo "$ready $tdword $a"; exit 1; }
	coproc B { exec $TDCLIENT hold final; }
	read -r -u "${B[0]}" ready final b mrtd
	[ "$ready $final" = "ready final" ] || { echo "$ready $final $b"; exit 1; }
	echo "TD $a created, TD $b finalized with MRTD $mrtd"

	$TDXCTL --json status > st.json
	j st.json "t = d[\"tds\"]; assert t[\"count\"] == 2 and t[\"pages\"] > 0 and t[\"leaked_pages\"] == 0, t
k = d[\"keyids\"]; assert k[\"hkids_in_use\"] == 2 and k[\"free\"] == k[\"tdx\"] - 1 - 2, k"
	$TDXCTL status | grep -E "^ *TDs +2 \([0-9]+ pages\), [0-9]+ KeyIDs free$"

	$TDXCTL --json td list > list.json
	j list.json "
tds = {t[\"id\"]: t for t in d[\"tds\"]}
assert sorted(tds) == sorted([$a, $b]), tds
a, b = tds[$a], tds[$b]
assert a[\"state\"] == \"created\" and a[\"mrtd\"] is None and a[\"vcpus\"] == 0, a
assert b[\"state\"] == \"finalized\" and b[\"mrtd\"] == \"$mrtd\" and b[\"vcpus\"] == 1, b
assert b[\"pages\"][\"private\"] == 1 and b[\"pages\"][\"measured\"] == 1 and b[\"pages\"][\"sept\"] == 3, b
assert a[\"keyid\"] != b[\"keyid\"] and a[\"owner\"][\"comm\"] == \"tdclient\", a
assert a[\"owner\"][\"pid\"] == $A_PID and b[\"owner\"][\"pid\"] == $B_PID, (a, b)"
	$TDXCTL td list | grep -E "^ *$b +finalized +[0-9]+ +1 +[0-9]+ +$B_PID \(tdclient\)$"
	$TDXCTL td show $b | grep -E "^MRTD +$mrtd$"
	$TDXCTL --json td show $a | python3 -c "import json,sys; d=json.load(sys.stdin); assert d[\"id\"] == $a and d[\"state\"] == \"created\", d"

	# unprivileged: the same TDs, no owner
	nobody $TDXCTL --json td list > user.json
	j user.json "assert d[\"addresses_hidden\"] and len(d[\"tds\"]) == 2 and all(t[\"owner\"] is None for t in d[\"tds\"]), d"
	nobody $TDXCTL td show $b | grep -q "^owner .*needs CAP_SYS_ADMIN"

	# no such TD: a clear error, exit 1
	set +e
	$TDXCTL td show 999999 > out 2> err; rc=$?
	set -e
	[ $rc = 1 ] && grep -q "no such TD" err || { echo "rc $rc"; cat err; exit 1; }
	if $TDXCTL td show 0x1 2> err; then echo "td show 0x1 accepted"; exit 1; fi

	eval "exec ${A[1]}>&-"; wait $A_PID
	eval "exec ${B[1]}>&-"; wait $B_PID
	[ "$($TDXCTL td list)" = "no TDs" ]
	wait $mon
	python3 - "$a" "$b" <<PY
import json, sys
a, b = int(sys.argv[1]), int(sys.argv[2])
ev = [json.loads(l) for l in open("events.json") if l.strip()]
got = [(e["event"], e["td"]) for e in ev]
assert got == [("td-created", a), ("td-created", b), ("td-destroyed", a), ("td-destroyed", b)], got
print("events:", got)
PY

	# 29 TDs: the dump takes several batches
	mkfifo hold.fifo
	holders=
	for i in $(seq 29); do $TDCLIENT hold td < hold.fifo > hold$i.out & holders="$holders $!"; done
	exec 8> hold.fifo
	for i in $(seq 29); do
		for _ in $(seq 100); do grep -q "^ready td" hold$i.out && break; sleep 0.1; done
		grep -q "^ready td" hold$i.out || { echo "holder $i:"; cat hold$i.out; exit 1; }
	done
	$TDXCTL --json td list > many.json
	j many.json "assert len(d[\"tds\"]) == 29 and len(set(t[\"id\"] for t in d[\"tds\"])) == 29, len(d[\"tds\"])"
	nl=$TDXHOST_TOP/tests/netlink/nlclient.py
	python3 $nl dump-intr --tds --none true
	python3 $nl dump-intr --tds "$TDCLIENT build > /dev/null"
	exec 8>&-
	for p in $holders; do wait $p; done

	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
'
