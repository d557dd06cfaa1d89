# SPDX-License-Identifier: GPL-2.0
# tdxctl as root, every netlink subcommand human and --json, against an emu
# configured away from its defaults: the values must be the configured ones
# (version, limits, KeyIDs, CMRs) and the PAMT the formula's.  `monitor`
# in another process sees the enable's events; genl-ctrl-list sees the family.
. "$(dirname "$0")/../lib.sh"
vm --cpus 2 -- bash -ec '
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	d=/sys/kernel/debug/tdxhost/emu
	cd "$(mktemp -d)"
	j() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }
	echo 7 > $d/version_update
	echo 32 > $d/max_tdmrs
	echo 20 > $d/max_reserved_per_tdmr
	echo 40 > $d/nr_mktme_keyids
	echo 16 > $d/nr_tdx_keyids
	echo 1 > /sys/kernel/debug/tdxhost/reset

	# before enable
	$T status | grep -q "^state  *uninitialized"
	$T --json status | j "assert d[\"state\"] == \"uninitialized\" and d[\"module\"] is None and not d[\"addresses_hidden\"], d"
	if $T metadata > out 2>&1; then echo "metadata before enable succeeded"; exit 1; fi
	grep -q "not enabled" out
	if $T pamt > out; then echo "pamt before enable succeeded"; exit 1; fi
	grep -q "no PAMT: TDX is uninitialized" out

	# libnl sees the family, its commands and the events group
	genl-ctrl-list -d > ctrl
	grep -A12 "tdxhost version 1" ctrl > fam
	[ $(grep -c " op " fam) -eq 8 ]	# status, enable, pamt, tdmrs, cmrs, metadata, stats, tds
	grep -q "admin_perm" fam
	grep -q "grp events" fam

	# monitor in another process, then enable
	$T monitor --count 3 > events 2> mon.err &
	mon=$!
	for i in $(seq 50); do grep -q listening mon.err && break; sleep 0.1; done
	$T --json monitor --count 2 > events.json 2>/dev/null &
	monj=$!
	sleep 0.5
	$T enable > enable.out
	grep -q "^TDX initialized" enable.out
	grep -q "step tdmr-init" enable.out
	wait $mon
	wait $monj
	cat events
	[ "$(head -n 1 events)" = "state initializing" ]
	grep -q "^progress step precheck" events
	python3 -c "
import json
ev = [json.loads(l) for l in open(\"events.json\")]
assert ev[0][\"event\"] == \"state\" and ev[0][\"state\"] == \"initializing\", ev
assert ev[1][\"event\"] == \"progress\", ev"

	# status: the configured values
	$T --json status > st.json
	j "
assert d[\"state\"] == \"initialized\", d
m = d[\"module\"]; assert (m[\"major\"], m[\"minor\"], m[\"update\"]) == (1, 5, 7) and m[\"version\"] == \"1.5.07\", m
l = d[\"limits\"]; assert l[\"max_tdmrs\"] == 32 and l[\"max_reserved_per_tdmr\"] == 20, l
k = d[\"keyids\"]; assert k[\"mktme\"] == 40 and k[\"tdx\"] == 16 and k[\"tdx_first\"] == 41 and k[\"global\"] == 41, k
assert d[\"memory\"][\"tdmrs\"] >= 1 and d[\"pamt\"][\"total_bytes\"] > 0
assert d[\"last_enable\"][\"seamcalls\"] > 0 and d[\"failure\"] is None" < st.json
	$T status | grep -q "^TDX module  *1.5.07"
	$T status | grep -q "16 TDX (41..56), 40 MKTME; global 41"

	# TDMRs: PAMT of each TDMR from the formula, reserved areas, placement
	$T --json tdmrs > tdmrs.json
	python3 -c "
import json
A = lambda x: (x + 4095) // 4096 * 4096
st = json.load(open(\"st.json\")); t = json.load(open(\"tdmrs.json\"))
assert not t[\"addresses_hidden\"] and len(t[\"tdmrs\"]) == st[\"memory\"][\"tdmrs\"]
total = 0
for td in t[\"tdmrs\"]:
    want = [A((td[\"size\"] >> s) * 16) for s in (12, 21, 30)]
    got = [p[\"size\"] for p in td[\"pamt\"]]
    assert got == want, (got, want)
    assert all(p[\"base\"] for p in td[\"pamt\"]) and td[\"base\"] is not None
    assert td[\"base\"] % (1 << 30) == 0 and td[\"size\"] % (1 << 30) == 0
    assert len(td[\"reserved\"]) == td[\"nr_reserved\"] <= 20
    total += sum(want)
assert total == st[\"pamt\"][\"total_bytes\"], (total, st[\"pamt\"])"
	$T tdmrs | grep -q "^TDMR 0: 0x"
	$T tdmrs | grep -q "PAMT 4K"

	# PAMT report agrees, fraction of TDX memory
	$T --json pamt > pamt.json
	python3 -c "
import json
st = json.load(open(\"st.json\")); p = json.load(open(\"pamt.json\"))
assert p[\"total_bytes\"] == st[\"pamt\"][\"total_bytes\"]
assert p[\"total_bytes\"] == sum(p[\"levels\"].values())
assert p[\"ppm\"] == p[\"total_bytes\"] * 10**6 // p[\"tdx_memory_bytes\"]
assert sum(n[\"pamt_bytes\"] for n in p[\"nodes\"]) == p[\"total_bytes\"]
assert sum(t[\"pamt_bytes\"] for t in p[\"tdmrs\"]) == p[\"total_bytes\"]"
	$T pamt | grep -q "^PAMT .* of .* TDX memory"
	$T pamt | grep -q "^per NUMA node"

	# CMRs: what the emu reports
	$T --json cmrs > cmrs.json
	python3 -c "
import json
c = json.load(open(\"cmrs.json\"))[\"cmrs\"]
emu = [tuple(int(x, 16) for x in l.split()) for l in open(\"$d/cmrs\")]
assert [(x[\"base\"], x[\"size\"]) for x in c] == emu, (c, emu)"
	$T cmrs | grep -q "^CMR  base"

	# metadata: every field, values as configured
	$T --json metadata > md.json
	python3 -c "
import json
f = json.load(open(\"md.json\"))[\"fields\"]
v = {x[\"name\"]: x[\"value\"] for x in f if x[\"index\"] == 0}
assert v[\"MAJOR_VERSION\"] == 1 and v[\"UPDATE_VERSION\"] == 7 and v[\"MAX_TDMRS\"] == 32, v
assert v[\"MAX_RESERVED_PER_TDMR\"] == 20 and v[\"VENDOR_ID\"] == 0x8086
assert len([x for x in f if x[\"name\"] == \"CPUID_CONFIG_LEAVES\"]) == v[\"NUM_CPUID_CONFIG\"]
assert all(not x[\"hidden\"] for x in f)"
	$T metadata MAX_TDMRS | grep -q "MAX_TDMRS  *0  *16  *32$"
	$T --json metadata 0x0800000100000004 | j "assert d[\"fields\"][0][\"value\"] == 1, d"

	# stats: one TDH.SYS.INIT, TDMR.INIT calls
	$T --json stats | j "
s = {x[\"name\"]: x for x in d[\"leaves\"]}
assert s[\"TDH.SYS.INIT\"][\"calls\"] == 1 and s[\"TDH.SYS.CONFIG\"][\"calls\"] == 1
assert s[\"TDH.SYS.TDMR.INIT\"][\"calls\"] >= 1 and all(x[\"calls\"] > 0 for x in d[\"leaves\"])"
	$T --json stats --all | j "assert len(d[\"leaves\"]) == 64"
	$T stats | grep -q "TDH.SYS.INIT"

	# enable again: already initialized, at once
	$T enable | grep -q "^TDX initialized"
	$T --json enable | j "assert d[\"result\"] == \"ok\" and d[\"status\"][\"state\"] == \"initialized\""

	# offline commands work here too; version shows both
	$T --json version | j "assert d[\"module\"] == d[\"tdxctl\"], d"
	$T decode 0xc000050500000000 | grep -q TDX_SYS_NOT_READY
	set +e; $T --json check > check.json; rc=$?; set -e
	[ $rc -le 1 ]
	j "assert any(c[\"id\"] == \"module_loaded\" and c[\"result\"] == \"pass\" for c in d[\"checks\"])" < check.json
'
