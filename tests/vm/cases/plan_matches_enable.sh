# SPDX-License-Identifier: GPL-2.0
# tdxctl plan predicts what enable does: on a 4-node guest with the software
# TDX module's limits set tight (debugfs), `tdxctl plan` on the guest's own
# /proc/iomem and SRAT lines, with the same limits, names exactly the TDMRs
# that enable then configures (tdxctl tdmrs): bases, sizes, PAMT sizes, the
# node of each PAMT, which TDMRs lost node-local PAMT, the holes, and the
# number of reserved areas.  Both run one re-plan loop (tdmr_plan_run());
# the PAMT addresses are reported, not compared (the kernel's memory may be
# busy where an idle map is not).
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
# --fresh: the test reads the boot log (SRAT), which a pooled guest clears.
vm --fresh --cpus 4 --sockets 4 --numa 4 --mem 4G --timeout 600 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	{ cat /proc/iomem; dmesg | grep -E "SRAT: Node|NUMA: Node"; } > /tmp/map
	grep -q "SRAT: Node 3" /tmp/map
	check() {	# max-tdmrs max-rsvd chunks-shared(0/1) TDMRs-not-node-local(python list)
		# the emu takes its knobs at the reset, not before
		echo $1 > $D/emu/max_tdmrs
		echo $2 > $D/emu/max_reserved_per_tdmr
		echo 1 > $D/reset
		$TDXCTL --json plan --max-tdmrs $1 --max-rsvd $2 /tmp/map > /tmp/plan.json
		$TDXCTL enable > /tmp/enable.out || { cat /tmp/enable.out; exit 1; }
		$TDXCTL --json tdmrs > /tmp/tdmrs.json
		$TDXCTL --json check > /tmp/check.json || true
		python3 - "$@" <<-"PY"
		import json, sys
		T, R, shared = map(int, sys.argv[1:4])
		remote = eval(sys.argv[4])
		plan = json.load(open("/tmp/plan.json"))
		got = json.load(open("/tmp/tdmrs.json"))["tdmrs"]
		lim = json.load(open("/tmp/check.json"))["cost"]["limits"]
		assert lim == {"max_tdmrs": T, "max_reserved_per_tdmr": R}, lim
		assert plan["ok"] and plan["pamt_placed"], plan["why"]
		want = plan["tdmrs"]
		def holes(t, pamts):
		    return [(r["base"], r["size"]) for r in t if not any(
		        r["base"] <= p[0] < r["base"] + r["size"] for p in pamts)]
		assert len(got) == len(want) <= T, (len(got), len(want))
		same_addr = True
		for w, g in zip(want, got):
		    wp = [(p["base"], p["size"]) for p in w["pamt"]]
		    gp = [(p["base"], p["size"]) for p in g["pamt"]]
		    gr = [{"base": g["base"] + r["offset"], "size": r["size"]} for r in g["reserved"]]
		    assert (w["base"], w["size"]) == (g["base"], g["size"]), (w, g)
		    assert [p[1] for p in wp] == [p[1] for p in gp], (wp, gp)
		    assert w["nid"] == g["nid"] and w["pamt_node_local"] == g["pamt_node_local"], (w, g)
		    assert holes(w["reserved"], wp) == holes(gr, gp), (w["reserved"], gr)
		    assert len(w["reserved"]) == g["nr_reserved"] <= R, (w["reserved"], gr)
		    same_addr &= wp == gp
		assert (plan["pamt"]["node_runs_per_chunk"] > 1) == bool(shared), plan["pamt"]
		assert plan["pamt"]["not_node_local"] == remote, plan["pamt"]
		print("limits %d/%d: %d TDMRs as planned, PAMT chunks serve %d of %d node runs, "
		      "not node-local: %s, PAMT addresses %s" % (T, R, len(got),
		      plan["pamt"]["node_runs_per_chunk"], plan["pamt"]["node_runs"],
		      plan["pamt"]["not_node_local"], "as planned" if same_addr else "elsewhere"))
		PY
		$TDXCTL tdmrs > /tmp/tdmrs.txt
		n=$(grep -c "(not node-local)" /tmp/tdmrs.txt || true)
		[ "$n" = $(python3 -c "print(len($4))") ]
	}
	# Nodes of 1 GiB: [1M, 1G), [1G, 2G), [2G, 3G), the PCI gap, [4G, 5G).
	check 64 16 0 "[]"
	# One TDMR for all four nodes: the hole below 1 MiB, the PCI gap and one
	# PAMT chunk for everything fill its three reserved areas; its PAMT is
	# on node 1, the node of most of its memory.
	check 1 3 1 "[]"
	# [0, 3G) has two holes and no room for a chunk: its PAMT goes with node
	# 3s, in [4G, 5G).
	check 2 2 1 "[0]"
	rmmod tdxhost
'
