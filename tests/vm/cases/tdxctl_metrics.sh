# SPDX-License-Identifier: GPL-2.0
# tdxctl metrics before and after enable, on two NUMA nodes, as root and as
# nobody: the text passes a real parser (promtool check metrics when
# Debian's prometheus is installed, and python3-prometheus-client's parser),
# every family has HELP and TYPE, and the values are the ones tdxctl status
# and pamt report; a TD shows in the TD families.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 --sockets 2 --numa 2 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	cd "$(mktemp -d)"
	# Debian packages the parser for its own python3 (not a pyenv one first in PATH).
	PY=
	for p in /usr/bin/python3 python3; do
		if $p -c "import prometheus_client" 2>/dev/null; then PY=$p; break; fi
	done
	parsers=0
	validate() {	# validate FILE: every parser there is accepts it
		if command -v promtool > /dev/null; then
			promtool check metrics < $1 || { echo "promtool rejects $1"; cat $1; exit 1; }
			echo "promtool check metrics: $1 ok"
			parsers=$((parsers + 1))
		fi
		if [ -n "$PY" ]; then
			$PY - $1 <<PY
import sys
from prometheus_client.parser import text_string_to_metric_families as parse
fams = list(parse(open(sys.argv[1]).read()))
names = [f.name for f in fams]
assert len(names) == len(set(names)), names
assert all(f.documentation for f in fams), [f.name for f in fams if not f.documentation]
print(len(fams), "families parsed")
PY
			parsers=$((parsers + 1))
		fi
	}
	# value FILE SERIES: the value of one series, e.g. tdxhost_pamt_bytes{level=\"4k\"}
	value() { awk -v s="$2" "\$1 == s {print \$2}" $1; }

	$T metrics > before.prom
	validate before.prom
	grep -qx "tdxhost_up 1" before.prom
	grep -qx "tdxhost_state{state=\"uninitialized\"} 1" before.prom
	grep -qx "tdxhost_state{state=\"initialized\"} 0" before.prom
	grep -qx "# TYPE tdxhost_seamcalls_total counter" before.prom
	grep -q "^tdxhost_info{tdxctl_version=\"[0-9.]*\",backend=\"emu\",tdx_module_version=\"\"} 1$" before.prom
	[ "$(value before.prom tdxhost_tdmrs)" = 0 ]
	if grep -q "^tdxhost_td_keyids" before.prom; then echo "TD KeyIDs before enable"; exit 1; fi

	$T enable > /dev/null
	$T metrics > after.prom
	validate after.prom
	[ $parsers -ge 1 ] || { echo "no Prometheus parser (promtool, python3-prometheus-client)"; exit 1; }
	grep -qx "tdxhost_state{state=\"initialized\"} 1" after.prom
	grep -q "^tdxhost_info{.*tdx_module_version=\"1\.5\.[0-9][0-9]\"} 1$" after.prom
	$T --json status > st.json
	$T --json pamt > pamt.json
	python3 - <<PY
import json, re
st = json.load(open("st.json")); pa = json.load(open("pamt.json"))
m = {}
for line in open("after.prom"):
    if not line.startswith("#"):
        k, v = line.rsplit(" ", 1)
        m[k] = float(v)
assert m["tdxhost_tdx_memory_bytes"] == st["memory"]["tdx_bytes"] > 0
assert m["tdxhost_tdmrs"] == st["memory"]["tdmrs"] and m["tdxhost_tdmr_covered_bytes"] == st["memory"]["tdmr_covered_bytes"]
assert sum(m["tdxhost_pamt_bytes{level=\"%s\"}" % l] for l in ("4k", "2m", "1g")) == st["pamt"]["total_bytes"] > 0
nodes = {n["node"]: n for n in pa["nodes"]}
assert len(nodes) == 2, nodes
for n, v in nodes.items():
    assert m["tdxhost_node_pamt_bytes{node=\"%d\"}" % n] == v["pamt_bytes"]
    assert m["tdxhost_node_tdx_memory_bytes{node=\"%d\"}" % n] == v["tdx_memory_bytes"]
k = st["keyids"]
assert m["tdxhost_keyids{kind=\"tdx\"}"] == k["tdx"] and m["tdxhost_keyids{kind=\"mktme\"}"] == k["mktme"]
assert m["tdxhost_td_keyids{state=\"in_use\"}"] == 0 and m["tdxhost_td_keyids{state=\"free\"}"] == k["tdx"] - 1
assert m["tdxhost_seamcalls_total{leaf=\"TDH.SYS.INIT\"}"] == 1
assert m["tdxhost_seamcalls_total{leaf=\"TDH.SYS.LP.INIT\"}"] == 2
assert m["tdxhost_seamcall_errors_total{leaf=\"TDH.SYS.CONFIG\"}"] == 0
assert m["tdxhost_last_enable_seamcalls"] == st["last_enable"]["seamcalls"] > 0
assert m["tdxhost_last_enable_duration_seconds"] > 0
assert all(m["tdxhost_tds{state=\"%s\"}" % s] == 0 for s in ("created", "initialized", "finalized", "dead"))
assert m["tdxhost_td_pages"] == 0 and m["tdxhost_leaked_pages"] == 0
print("values agree with status and pamt")
PY
	# Anyone may read them, and reading them changes nothing.
	setpriv --reuid=65534 --regid=65534 --clear-groups $T metrics > user.prom
	validate user.prom
	diff after.prom user.prom
	grep -E "^tdxhost_(state|pamt_bytes|node_pamt_bytes|td_keyids)" after.prom
	# A TD: counted by state, its pages and KeyID too.
	coproc H { exec $TDCLIENT hold final; }
	read -r -u "${H[0]}" line
	$T metrics > td.prom
	validate td.prom
	grep -qx "tdxhost_tds{state=\"finalized\"} 1" td.prom
	grep -qx "tdxhost_td_keyids{state=\"in_use\"} 1" td.prom
	grep -Eq "^tdxhost_td_pages [1-9][0-9]*$" td.prom
	eval "exec ${H[1]}>&-"; wait $H_PID
	grep -E "^tdxhost_(tds|td_pages|leaked_pages)" td.prom
'
