# SPDX-License-Identifier: GPL-2.0
# tdxctl as an unprivileged user: status and the dumps work with every
# physical address left out; enable is refused with a clear permission
# message and exit 4, and the module's state does not change.
. "$(dirname "$0")/../lib.sh"
# TDX enabled at load, so there are TDMRs, CMRs and PAMTs to hide.
vm --user --modparams "backend=emu enable=1" -- bash -ec '
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	j() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }
	[ "$(id -u)" = 65534 ]
	cd "$(mktemp -d)"
	gen=$($T --json status | j "assert d[\"addresses_hidden\"] and d[\"state\"] == \"initialized\"; print(d[\"generation\"])")
	$T status | grep -q "^addresses  *hidden"
	$T --json tdmrs | j "
assert d[\"addresses_hidden\"] and d[\"tdmrs\"]
for t in d[\"tdmrs\"]:
    assert t[\"base\"] is None and t[\"size\"] > 0
    assert all(p[\"base\"] is None and p[\"size\"] > 0 for p in t[\"pamt\"])
    assert all(r[\"offset\"] is None and r[\"size\"] > 0 for r in t[\"reserved\"])"
	$T --json cmrs | j "assert d[\"cmrs\"] and all(c[\"base\"] is None and c[\"size\"] > 0 for c in d[\"cmrs\"])"
	$T --json pamt | j "assert d[\"total_bytes\"] > 0 and all(p[\"base\"] is None for t in d[\"tdmrs\"] for p in t[\"pamt\"])"
	$T --json metadata | j "
c = [f for f in d[\"fields\"] if f[\"name\"] == \"CMR_BASE\"]
assert c and all(f[\"hidden\"] and f[\"value\"] is None for f in c)
assert any(f[\"name\"] == \"MAJOR_VERSION\" and f[\"value\"] == 1 for f in d[\"fields\"])"
	# no hex address anywhere in the human output
	for c in status tdmrs cmrs pamt; do
		if $T $c | grep -v "^features0 " | grep -E "0x[0-9a-f]{5,}"; then echo "address in tdxctl $c"; exit 1; fi
	done
	$T stats > /dev/null
	set +e
	$T enable > out 2> err; rc=$?
	set -e
	[ $rc -eq 4 ] || { echo "enable as nobody: exit $rc"; cat out err; exit 1; }
	grep -q "permission denied: enabling TDX needs CAP_SYS_ADMIN" err
	[ "$($T --json status | j "print(d[\"state\"], d[\"generation\"])")" = "initialized $gen" ]
' || exit 1
# Not enabled yet: the refused enable leaves it uninitialized.
vm --user -- bash -ec '
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	cd "$(mktemp -d)"
	before=$($T --json status)
	if $T enable 2> err; then echo "enable worked as nobody"; exit 1; fi
	grep -q "permission denied" err
	[ "$($T --json status)" = "$before" ]
	echo "$before" | grep -q "\"state\":\"uninitialized\""
'
