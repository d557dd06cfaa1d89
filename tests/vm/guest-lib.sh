# SPDX-License-Identifier: GPL-2.0
# Sourced by commands that run inside the test VM.
# shellcheck shell=bash
D=/sys/kernel/debug/tdxhost
KO=$TDXHOST_TOP/build/$TDXHOST_KVER/tdxhost.ko
TDXCTL=$TDXHOST_TOP/tools/tdxctl/tdxctl

# Free pages, counting the per-CPU lists (MemFree alone misses those, and
# alloc_contig_range() drains them, which hides what it took).  The page
# cache is dropped first: the tools the test ran fill it.
free_pages() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	# debug kernel: KASAN's quarantine holds freed slab objects (and so
	# their pages) back; shrinking each cache empties its part of it
	if [ "${TDXHOST_DEBUG_KERNEL:-0}" = 1 ]; then
		for c in /sys/kernel/slab/*/shrink; do echo 1 > "$c"; done 2> /dev/null
	fi
	awk '/^ +pages free/ {s += $3} /^ +count:/ {s += $2} END {print s}' /proc/zoneinfo
}
TDCLIENT=$TDXHOST_TOP/build/vm/tdclient

# SEAMCALLs of one leaf so far (tdxctl stats), 0 if never called.
leaf_calls() {
	$TDXCTL --json stats | python3 -c "import json,sys; print(sum(x[\"calls\"] for x in json.load(sys.stdin)[\"leaves\"] if x[\"name\"] == sys.argv[1]))" "$1"
}
# The TD counters in debugfs: "tds N pages N leaked N hkids_in_use N" on one line.
td_counters() {
	local l
	mapfile -t l < $D/td
	echo "${l[*]}"
}
# No TD, page or KeyID held, without a process: a loop under TCG pays for
# each (about 0.1 s an exec on Debian's kernels, 1 s on the debug kernel).
td_none() {
	local l
	mapfile -t l < $D/td
	[ "${l[*]}" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ]
}
# emu_field NAME: the value of the emu's state line "NAME: ..." in $REPLY,
# without a process.
emu_field() {
	local k v
	REPLY=
	while IFS= read -r k; do
		v=${k#"$1: "}
		[ "$v" != "$k" ] && { REPLY=$v; return 0; }
	done < $D/emu/state
	echo "emu_field: no \"$1:\" line in $D/emu/state" >&2
	return 1
}
