# SPDX-License-Identifier: GPL-2.0
# tdxctl check before enable says what enabling will cost (TDMRs and PAMT,
# from the planner on the guest's own /proc/iomem and NUMA nodes), and
# enable then takes exactly that (tdxctl status --json).  First with the
# module's limits not known yet (the defaults, which the emu also has),
# then with scarce limits the module has read (an enable that failed after
# reading them): one TDMR across the 3-4 GiB hole, as enable then does.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
vm --cpus 2 --sockets 2 --numa 2 --mem 4G -- bash -ec '
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	d=/sys/kernel/debug/tdxhost
	cd "$(mktemp -d)"
	# same CHECK.json STATUS.json: the check'"'"'s cost equals what enable took
	same() {
		python3 - "$1" "$2" <<PY
import json, sys
c = json.load(open(sys.argv[1]))["cost"]; s = json.load(open(sys.argv[2]))
assert s["state"] == "initialized", s["state"]
got = (c["tdmrs"], c["tdmr_covered_bytes"], c["tdx_memory_bytes"], c["ranges"], c["pamt"])
p = s["pamt"]
want = (s["memory"]["tdmrs"], s["memory"]["tdmr_covered_bytes"], s["memory"]["tdx_bytes"],
        s["memory"]["ranges"], {k: p[k] for k in ("total_bytes", "4k_bytes", "2m_bytes", "1g_bytes")})
assert got == want, (got, want)
print("cost", c["source"], "=", "enable:", c["tdmrs"], "TDMRs,", c["pamt"]["total_bytes"], "bytes of PAMT")
PY
	}
	$T check > check.txt || true
	cat check.txt
	grep -q "\[SKIP\] module limits not known yet: 64 TDMRs, 16 reserved areas per TDMR assumed" check.txt
	grep -Eq "\[PASS\] enabling will take [0-9]+ TDMRs covering .*\([0-9]+ ranges, 2 nodes\)$" check.txt
	$T --json check > check.json || true
	python3 -c "
import json
c = json.load(open(\"check.json\"))[\"cost\"]
assert c[\"source\"] == \"planner\" and not c[\"limits_known\"] and c[\"nodes\"] == 2, c
assert c[\"limits\"] == {\"max_tdmrs\": 64, \"max_reserved_per_tdmr\": 16} and c[\"tdmrs\"] >= 1, c"
	$T enable > /dev/null
	$T --json status > st.json
	same check.json st.json
	# Once enabled, check reports what it took.
	$T --json check > after.json || true
	python3 -c "
import json
c = json.load(open(\"after.json\"))[\"cost\"]; assert c[\"source\"] == \"module\" and c[\"limits_known\"], c"
	same after.json st.json

	# Scarce limits, read by an enable that then fails at TDH.SYS.CONFIG.
	echo 1 > $d/emu/max_tdmrs
	echo 8 > $d/emu/max_reserved_per_tdmr
	echo 1 > $d/reset
	echo "TDH.SYS.CONFIG 1 TDX_TDMR_OUTSIDE_CMRS" > $d/emu/inject
	$T enable > /dev/null 2>&1 && { echo "enable did not fail"; exit 1; }
	$T check > known.txt || true
	grep -q "\[PASS\] the module.s limits: 1 TDMRs, 8 reserved areas per TDMR" known.txt
	$T --json check > known.json || true
	python3 -c "
import json
c = json.load(open(\"known.json\"))[\"cost\"]
assert c[\"source\"] == \"planner\" and c[\"limits_known\"] and c[\"tdmrs\"] == 1, c
assert c[\"limits\"] == {\"max_tdmrs\": 1, \"max_reserved_per_tdmr\": 8}, c"
	echo 1 > $d/reset
	$T enable > /dev/null
	$T --json status > st1.json
	same known.json st1.json
'
