# SPDX-License-Identifier: GPL-2.0
# /dev/tdxhost and the TD fds fuzzed (tests/vm/tdfuzz.c), TDX enabled:
# every command with right and mutated structs (sizes, tails, flags,
# reserved fields, hw_error, unreadable ends, bad pointers), random values
# around GET_CAPS (attributes, XFAM, vCPUs, TSC, CPUID lists, GPAs, source
# pages, page counts) in any lifecycle order, other ioctl numbers, changing
# max_td_pages, threads and signals on one TD fd, close() during an ioctl,
# fork() with the fds, KeyIDs exhausted.  Each answer is checked against the
# ABI and GET_INFO; the kernel logs nothing (the harness fails on a
# warning), and at the end no TD, page or KeyID is left and nothing leaked.
# 100000 operations (a tenth on the debug kernel); TDXHOST_FUZZ_OPS=N for
# more, TDXHOST_FUZZ_SEED=S to replay a seed (the fuzzer prints it first).
. "$(dirname "$0")/../lib.sh"
build_tdfuzz
build_tdclient
vm --cpus 2 -- env FUZZ_OPS="$(fuzz_ops 100000)" FUZZ_FIXED="${TDXHOST_FUZZ_OPS:-}" \
	FUZZ_SEED="${TDXHOST_FUZZ_SEED:-}" bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	cd "$(mktemp -d)"
	ops=$FUZZ_OPS
	# KASAN and lockdep make each operation ~5 times slower, and make check
	# runs it there beside 100000 on each distro kernel
	[ "$TDXHOST_DEBUG_KERNEL" = 1 ] && [ -z "$FUZZ_FIXED" ] && ops=$((ops / 10))
	limit=$(cat /sys/module/tdxhost/parameters/max_td_pages)
	$TDXCTL enable > /dev/null
	t0=$SECONDS
	$TDXHOST_TOP/build/vm/tdfuzz --ops $ops ${FUZZ_SEED:+--seed $FUZZ_SEED}
	echo "tdfuzz: $ops operations in $((SECONDS - t0)) s"
	echo "reliability: /dev/tdxhost ioctl operations fuzzed: $ops"
	[ "$(cat /sys/module/tdxhost/parameters/max_td_pages)" = "$limit" ]
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	$TDXCTL --json status > st.json
	python3 -c "import json; d = json.load(open(\"st.json\")); t = d[\"tds\"]
assert d[\"state\"] == \"initialized\", d[\"state\"]
assert t[\"count\"] == 0 and t[\"pages\"] == 0 and t[\"leaked_pages\"] == 0, t
k = d[\"keyids\"]; assert k[\"hkids_in_use\"] == 0 and k[\"free\"] == k[\"tdx\"] - 1, k"
	# and a TD still builds
	[ "$($TDCLIENT build --vcpus 1 --pages 2)" = "result done" ]
'
