# SPDX-License-Identifier: GPL-2.0
# A failing enable (the emu made to fail TDH.SYS.CONFIG): tdxctl enable exits
# 1 and prints the failure record (step, leaf, status name, hint); status
# shows the same record; monitor receives the failure event.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
vm -- bash -ec '
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	cd "$(mktemp -d)"
	echo "TDH.SYS.CONFIG 1 TDX_TDMR_OUTSIDE_CMRS" > /sys/kernel/debug/tdxhost/emu/inject
	$T --json monitor --count 20 > events.json 2> mon.err &
	for i in $(seq 50); do grep -q listening mon.err && break; sleep 0.1; done
	set +e
	$T enable > out 2> err; rc=$?
	set -e
	[ $rc -eq 1 ]
	grep -q "^TDX enable failed" out
	grep -q "^tdxctl: enable: .*: TDX enable failed at step config (TDH.SYS.CONFIG)$" err
	grep -Eq "^  step +config$" out
	grep -Eq "^  leaf +TDH.SYS.CONFIG \(45\)$" out
	grep -Eq "^  status +0xc0000a02[0-9a-f]{8} TDX_TDMR_OUTSIDE_CMRS$" out
	grep -Eq "^  hint +TDMR not covered by CMRs" out
	set +e; $T --json status > st.json; rc=$?; set -e
	[ $rc -eq 1 ]
	python3 -c "
import json
d = json.load(open(\"st.json\"))
f = d[\"failure\"]
assert d[\"state\"] == \"failed\" and f[\"step\"] == \"config\" and f[\"leaf\"] == 45, d
assert f[\"leaf_name\"] == \"TDH.SYS.CONFIG\" and f[\"status_name\"] == \"TDX_TDMR_OUTSIDE_CMRS\"
assert f[\"errno\"] > 0 and f[\"hint\"] and f[\"message\"]"
	set +e; $T --json enable > en.json 2>/dev/null; set -e
	python3 -c "
import json
d = json.load(open(\"en.json\"))
assert d[\"result\"] == \"failed\" and d[\"status\"][\"failure\"][\"step\"] == \"config\", d"
	kill %1 2>/dev/null || true
	python3 -c "
import json
ev = [json.loads(l) for l in open(\"events.json\")]
fl = [e for e in ev if e[\"event\"] == \"failure\"]
assert fl and fl[0][\"failure\"][\"leaf_name\"] == \"TDH.SYS.CONFIG\", ev
assert any(e[\"event\"] == \"state\" and e[\"state\"] == \"failed\" for e in ev), ev"
'
