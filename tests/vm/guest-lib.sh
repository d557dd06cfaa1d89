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
