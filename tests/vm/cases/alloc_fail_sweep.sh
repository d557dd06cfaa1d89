# SPDX-License-Identifier: GPL-2.0
# Allocation-failure sweeps (debug kernel only: Debian's kernels have no
# CONFIG_FAULT_INJECTION).  The 1st, 2nd, ... Nth allocation made with
# tdxhost's code on the stack fails (fail-nth of the calling thread;
# failslab and fail_page_alloc with their stack filter on the module's text,
# GFP_KERNEL and order-0 allocations included), in turn, until a run needs
# no failure, for
#   (a) an enable (TDXHOST_CMD_ENABLE over generic netlink, tdclient enable:
#       the whole enable runs in the calling thread; the TDMR.INIT works and
#       the per-CPU calls on other CPUs allocate nothing), and
#   (b) a TD build (2 vCPUs, 4 measured pages, finalized) and its teardown
#       (tdclient build: the teardown runs when it closes the TD's fd).
# Every run ends cleanly: the enable fails (state failed with its step, or
# ENOMEM before it started) or succeeds past the failure (a re-plan, the
# RDALL fallback, the debug kernel's own bookkeeping); the TD is refused
# with ENOMEM at some step or built.  After each: no TD, no page, nothing
# leaked, no KeyID in use, the emu's PAMT census as before; after each sweep
# free pages back where they were; then an enable and a TD build work.  The
# harness scans kmemleak after the case.  vmalloc's own allocations are left
# out (reject range): their failure prints a stack trace (warn_alloc) that
# the harness counts as a kernel problem; kvmalloc()'s kmalloc attempt is in.
# vm: debug
. "$(dirname "$0")/../lib.sh"
if [ "$KVER" != "$("$TOP/scripts/kernels.sh" debug 2> /dev/null)" ]; then
	echo "$KVER is not the debug kernel (no fault injection): run with KVER=\$(scripts/kernels.sh debug)" >&2
	exit 2
fi
build_tdclient
vm --cpus 2 --sockets 2 --mem 512M --timeout 600 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	F=/sys/kernel/debug
	[ -w /proc/self/fail-nth ] && [ -d $F/failslab ] && [ -d $F/fail_page_alloc ] ||
		{ echo "the debug kernel has no fail-nth, failslab or fail_page_alloc: tests/vm/debug-kernel.config"; exit 1; }
	# Inside the loops only the two tools under test start a process: on the
	# debug kernel under TCG each exec costs about a second.
	census() { emu_field pamt_4k; echo "$REPLY"; }
	owned() { emu_field owned_pages; echo "${REPLY%% *}"; }
	keyids() { emu_field keyids; echo "$REPLY"; }
	# state and failed step from one status
	status() {
		local j
		j=$($TDXCTL --json status) || true	# exit 1 after a failed enable
		st= step=
		[[ $j =~ ^\{\"state\":\"([a-z]*)\" ]] && st=${BASH_REMATCH[1]}
		[[ $j =~ \"failure\":\{\"step\":\"([a-z-]*)\" ]] && step=${BASH_REMATCH[1]}
		return 0
	}
	# a symbol: its address and the next higher one
	sym_range() {
		grep -E " [tT] " /proc/kallsyms | sort |
			awk -v s="$1" "found && \$1 != a { print \"0x\" \$1; exit } \$3 == s { a = \$1; found = 1; printf \"0x%s \", \$1 }"
	}
	text=$(cat /sys/module/tdxhost/sections/.text)
	last=$(awk "\$4 == \"[tdxhost]\" && (\$2 == \"t\" || \$2 == \"T\") { print \$1 }" /proc/kallsyms | sort | tail -n 1)
	read -r vm_lo vm_hi <<< "$(sym_range __vmalloc_node_range_noprof)"
	[ -n "$last" ] && [ -n "$vm_hi" ] || { echo "no addresses in /proc/kallsyms"; exit 1; }
	for a in failslab fail_page_alloc; do
		echo 0 > $F/$a/probability	# only fail-nth fails anything
		echo 0 > $F/$a/verbose
		echo N > $F/$a/ignore-gfp-wait
		echo 32 > $F/$a/stacktrace-depth
		echo $text > $F/$a/require-start
		printf "0x%x\n" $((0x$last + 0x10000)) > $F/$a/require-end
		echo $vm_lo > $F/$a/reject-start
		echo $vm_hi > $F/$a/reject-end
	done
	echo N > $F/fail_page_alloc/ignore-gfp-highmem
	echo 0 > $F/fail_page_alloc/min-order
	t0=$SECONDS

	# (a) enable
	echo 1 > $D/reset
	f0=$(free_pages) o0=$(owned)
	n=1 failed=0 absorbed=0 steps=
	while :; do
		echo 1 > $D/reset
		out=$($TDCLIENT enable --fail-nth $n)
		[[ $out =~ fail-nth\ [0-9]+\ left\ ([0-9]+) ]] && left=${BASH_REMATCH[1]} || left=
		[[ $out =~ enable\ errno\ ([A-Z0-9]+) ]] && err=${BASH_REMATCH[1]} || err=
		status
		if [ "$left" != 0 ]; then
			# the run needed no failure: it must have worked
			[ "$err" = 0 ] && [ "$st" = initialized ] || { echo "enable, nothing failed: $out, state $st"; exit 1; }
			break
		fi
		if [ "$err" = 0 ]; then
			[ "$st" = initialized ] || { echo "enable $n: success, state $st"; exit 1; }
			absorbed=$((absorbed + 1))
		elif [ "$st" = failed ]; then
			case " $steps " in *" $step "*) ;; *) steps="$steps $step" ;; esac
			failed=$((failed + 1))
		elif [ "$err" = ENOMEM ] && [ "$st" = uninitialized ]; then
			failed=$((failed + 1))
		else
			echo "enable with allocation $n failing: $out, state $st"; $TDXCTL status; exit 1
		fi
		td_none || { td_counters; exit 1; }
		n=$((n + 1))
		[ $n -le 1000 ] || { echo "enable: still failing at allocation 1000"; exit 1; }
	done
	echo "enable: $((n - 1)) allocations failed in turn: $failed enables failed (steps:${steps:- none}), $absorbed succeeded past it; run $n needed none"
	echo "reliability: allocation failures injected (fail-nth): $((n - 1))"
	echo 1 > $D/reset
	f1=$(free_pages)
	echo "enable sweep: free pages $f0 -> $f1, emu-owned pages $o0 -> $(owned)"
	[ $((f0 - f1)) -lt 256 ] || { echo "free pages down by $((f0 - f1))"; exit 1; }
	[ "$(owned)" = "$o0" ] || exit 1
	t1=$SECONDS

	# (b) a TD build and teardown
	$TDXCTL enable > /dev/null
	[ "$($TDCLIENT build --vcpus 2 --pages 4)" = "result done" ]	# warms the caches
	emu_field pamt_4k; c0=$REPLY
	emu_field keyids; k0=$REPLY
	f0=$(free_pages)
	n=1 refused=0 absorbed=0 steps=
	while :; do
		out=$($TDCLIENT build --vcpus 2 --pages 4 --fail-nth $n)
		[[ $out =~ fail-nth\ [0-9]+\ left\ ([0-9]+) ]] && left=${BASH_REMATCH[1]} || left=
		[[ $out =~ (result[[:print:]]*) ]] && res=${BASH_REMATCH[1]} || res=
		if [ "$left" != 0 ]; then
			[ "$res" = "result done" ] || { echo "build, nothing failed: $out"; exit 1; }
			break
		fi
		case "$res" in
		"result done") absorbed=$((absorbed + 1)) ;;
		"result "*" ENOMEM "*)
			refused=$((refused + 1))
			step=${res#result }
			step=${step%% *}
			case " $steps " in *" $step "*) ;; *) steps="$steps $step" ;; esac
			;;
		*) echo "build with allocation $n failing: $out"; exit 1 ;;
		esac
		td_none || { echo "after $n: $(td_counters)"; exit 1; }
		emu_field pamt_4k; [ "$REPLY" = "$c0" ] || { echo "after $n: census $REPLY, before $c0"; exit 1; }
		emu_field keyids; [ "$REPLY" = "$k0" ] || { echo "after $n: keyids $REPLY, before $k0"; exit 1; }
		n=$((n + 1))
		[ $n -le 1000 ] || { echo "build: still failing at allocation 1000"; exit 1; }
	done
	echo "TD build+teardown: $((n - 1)) allocations failed in turn: $refused refused with ENOMEM (steps:${steps:- none}), $absorbed built past it; run $n needed none"
	echo "reliability: allocation failures injected (fail-nth): $((n - 1))"
	f1=$(free_pages)
	echo "TD sweep: free pages $f0 -> $f1"
	[ $((f0 - f1)) -lt 256 ] || { echo "free pages down by $((f0 - f1))"; exit 1; }
	$TDXCTL --json status | python3 -c "import json,sys; d=json.load(sys.stdin); assert d[\"tds\"] == {\"count\": 0, \"pages\": 0, \"leaked_pages\": 0}, d[\"tds\"]; assert d[\"keyids\"][\"hkids_in_use\"] == 0"

	# the next run works: enable from scratch and a TD
	echo 1 > $D/reset
	$TDXCTL enable > /dev/null
	[ "$($TDCLIENT build --vcpus 2 --pages 4)" = "result done" ]
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	for a in failslab fail_page_alloc; do
		echo 0 > $F/$a/require-start; echo 0xffffffffffffffff > $F/$a/require-end
		echo 0 > $F/$a/reject-start; echo 0 > $F/$a/reject-end
	done
	echo "guest time: enable sweep $((t1 - t0)) s, TD sweep $((SECONDS - t1)) s"
'
