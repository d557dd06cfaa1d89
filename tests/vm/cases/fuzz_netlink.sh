# SPDX-License-Identifier: GPL-2.0
# The generic-netlink family fuzzed (tests/vm/nlfuzz.c): random commands,
# flags, attributes (types, sizes, nesting, unknown ids, truncations),
# batches, dumps abandoned mid-way, resets of the software TDX module with
# concurrent ENABLEs from threads and processes, as root and (a fifth of the
# operations, at the same time) as nobody.  Every reply is checked against
# the spec; the kernel logs nothing (the harness fails on a warning) and the
# module answers normally afterwards, with no TD, page or KeyID left.
# 100000 operations (a tenth on the debug kernel); TDXHOST_FUZZ_OPS=N for
# more, TDXHOST_FUZZ_SEED=S to replay a seed (the fuzzer prints it first).
. "$(dirname "$0")/../lib.sh"
build_nlfuzz
vm --cpus 2 -- env FUZZ_OPS="$(fuzz_ops 100000)" FUZZ_FIXED="${TDXHOST_FUZZ_OPS:-}" \
	FUZZ_SEED="${TDXHOST_FUZZ_SEED:-}" bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	cd "$(mktemp -d)"
	ops=$FUZZ_OPS
	# KASAN and lockdep make each operation ~5 times slower, and make check
	# runs it there beside 100000 on each distro kernel
	[ "$TDXHOST_DEBUG_KERNEL" = 1 ] && [ -z "$FUZZ_FIXED" ] && ops=$((ops / 10))
	t0=$SECONDS
	$TDXHOST_TOP/build/vm/nlfuzz --ops $ops ${FUZZ_SEED:+--seed $FUZZ_SEED}
	echo "nlfuzz: $ops operations in $((SECONDS - t0)) s"
	echo "reliability: netlink operations fuzzed: $ops"
	# the module still answers, as it should, with nothing left behind
	$TDXCTL --json status > st.json
	python3 -c "import json; d = json.load(open(\"st.json\")); t = d[\"tds\"]
assert d[\"state\"] == \"initialized\", d[\"state\"]
assert t[\"count\"] == 0 and t[\"pages\"] == 0 and t[\"leaked_pages\"] == 0, t
assert d[\"keyids\"][\"hkids_in_use\"] == 0, d[\"keyids\"]"
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	$TDXCTL metadata > /dev/null
'
