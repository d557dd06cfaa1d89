# SPDX-License-Identifier: GPL-2.0
# 1,000 TDs built (1 vCPU, 2 measured pages, finalized) and closed one after
# another on a 2-package host, then TDs from 4 processes at once: nothing is
# left behind.  No TD, page or KeyID held; every TD page back in the kernel
# (free pages within 1 MiB of before); every 4K PAMT entry back to NDA (the
# emu's census counts only NDA and RSVD, as before the first TD); the
# module owns exactly the pages it owned before.  Then a process killed with
# SIGKILL in the middle of a large build (60,000 measured pages) loses its
# TD just as cleanly.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 --sockets 2 --timeout 900 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	census() { sed -n "s/^pamt_4k: //p" $D/emu/state; }
	owned() { sed -n "s/^owned_pages: \([0-9]*\) checked.*/\1/p" $D/emu/state; }
	$TDXCTL enable > /dev/null
	c0=$(census) o0=$(owned)
	case "$c0" in *" 0 REG 0 TDR 0 TDCX 0 TDVPR 0 EPT 0 other") ;; *) echo "census before: $c0"; exit 1 ;; esac
	# a first TD warms the caches the rest reuse
	[ "$($TDCLIENT build --vcpus 1 --pages 2)" = "result done" ]
	f0=$(free_pages)
	start=$(date +%s%N)
	$TDCLIENT cycles -n 1000 --vcpus 1 --pages 2 | grep -qx "cycles 1000 done"
	ms=$((($(date +%s%N) - start) / 1000000))
	f1=$(free_pages)
	echo "1000 cycles in $ms ms; free pages $f0 -> $f1"
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	[ $((f0 - f1)) -lt 256 ] || { echo "free pages down by $((f0 - f1))"; exit 1; }
	[ "$(census)" = "$c0" ] || { echo "census: $(census), before: $c0"; exit 1; }
	[ "$(owned)" = "$o0" ] || { echo "owned pages: $(owned), before: $o0"; exit 1; }
	grep -q "^keyids: .* 0 assigned 0 flushed" $D/emu/state || { grep keyids $D/emu/state; exit 1; }

	# 4 processes at once, 100 cycles each
	for p in 1 2 3 4; do $TDCLIENT cycles -n 100 > c$p.out & done
	wait
	for p in 1 2 3 4; do grep -qx "cycles 100 done" c$p.out || { cat c$p.out; exit 1; }; done
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	[ "$(census)" = "$c0" ] || { echo "census after 4 processes: $(census)"; exit 1; }
	echo "census: $c0"
	echo "reliability: TD build/teardown cycles, leak-checked: 1400"

	# a process killed with SIGKILL in the middle of a large build loses its
	# TD cleanly, and a new TD builds afterwards
	$TDCLIENT build --pages 60000 > /dev/null &
	pid=$!
	# kill it once it is adding pages
	for i in $(seq 100); do
		p=$(sed -n "s/^pages //p" $D/td)
		[ "${p:-0}" -gt 100 ] && break
		sleep 0.1
	done
	[ "${p:-0}" -gt 100 ] || { echo "the build never got to its pages"; td_counters; exit 1; }
	kill -9 $pid
	wait $pid || true
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	echo "killed mid-build at $p pages: nothing left"
	[ "$($TDCLIENT build --vcpus 1 --pages 2)" = "result done" ]
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	[ "$(census)" = "$c0" ] || { echo "census after the kill: $(census)"; exit 1; }
'
