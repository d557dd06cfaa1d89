#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: figures, not pass/fail.  Each comparison is measured within
# one run so the ratio holds even on a busy or slow (TCG) machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mkdir -p build/bench

echo "== TDMR/PAMT planner (userspace, same code as the module)"
gcc -std=gnu11 -O2 -Wall -Wextra -Isrc/lib -o build/bench/bench_plan \
	tests/bench/bench_plan.c src/lib/tdmr_plan.c
build/bench/bench_plan

echo
echo "== Global metadata: TDH.SYS.RD per field vs TDH.SYS.RDALL per page (userspace, emu core)"
gcc -std=gnu11 -O2 -Wall -Wextra -Isrc/lib -Itests/unit -o build/bench/bench_metadata \
	tests/bench/bench_metadata.c src/lib/tdx_emu.c src/lib/tdx_metadata.c src/lib/tdx_status.c
build/bench/bench_metadata

echo
echo "== Enable in a VM (software TDX module, TCG): sequential vs parallel TDMR init"
make -s modules-all tdxctl >/dev/null
tests/vm/run --cpus 4 --sockets 2 --numa 2 --mem 8G --no-load --timeout 900 -- bash -c '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	run() {
		insmod $KO backend=emu enable=1 tdmr_init_parallel=$1
		dmesg | sed -n "s/.*tdxhost: TDX module .* initialized: \([0-9]*\) TDMRs, .*, \([0-9]*\) SEAMCALLs, \([0-9]*\) ms/\1 \2 \3/p" | tail -n 1
		rmmod tdxhost
	}
	seq=0 par=0 n=3
	for i in $(seq $n); do
		read tdmrs calls ms < <(run 0); seq=$((seq + ms))
		read tdmrs calls ms < <(run 1); par=$((par + ms))
	done
	echo "TDMRs: $tdmrs   SEAMCALLs per enable: $calls"
	echo "enable wall time, mean of $n: sequential $((seq / n)) ms, parallel $((par / n)) ms"
	awk -v s=$seq -v p=$par "BEGIN { printf \"ratio sequential/parallel: %.2f\n\", s / p }"
'
