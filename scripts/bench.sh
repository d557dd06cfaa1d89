#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: figures, not pass/fail.  Each comparison is measured within
# one run so the ratio holds even on a busy or slow (TCG) machine.
#
#   scripts/bench.sh          everything (the VM parts boot guests)
#   scripts/bench.sh plan     only the planner rows (userspace, seconds)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mkdir -p build/bench

echo "== TDMR/PAMT planner (userspace, same code as the module)"
gcc -std=gnu11 -O2 -Wall -Wextra -Isrc/lib -o build/bench/bench_plan \
	tests/bench/bench_plan.c src/lib/tdmr_plan*.c src/lib/tdx_cmr.c src/lib/tdx_strbuf.c
build/bench/bench_plan
[ "${1:-}" = plan ] && exit 0

echo
echo "== Global metadata: TDH.SYS.RD per field vs TDH.SYS.RDALL per page (userspace, emu core)"
gcc -std=gnu11 -O2 -Wall -Wextra -Wno-unused-parameter -Isrc/lib -Itests/unit \
	-o build/bench/bench_metadata \
	tests/bench/bench_metadata.c tests/unit/emu_fixture.c src/lib/emu/*.c \
	src/lib/tdx_metadata.c src/lib/tdx_status.c src/lib/tdx_status_tables.c src/lib/tdx_strbuf.c
build/bench/bench_metadata

echo
echo "== Enable in a VM (software TDX module, TCG on $(nproc) host cores): sequential vs parallel TDMR init"
make -s modules-all tdxctl >/dev/null
tests/vm/run --cpus 4 --sockets 2 --numa 2 --mem 8G --no-load --timeout 900 -- bash -c '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	# prints: TDMRs SEAMCALLs enable-ms tdmr-init-ms
	run() {
		insmod $KO backend=emu enable=1 tdmr_init_parallel=$1
		dmesg | sed -n "s/.*tdxhost: TDX module .* initialized: \([0-9]*\) TDMRs, .*, \([0-9]*\) SEAMCALLs, \([0-9]*\) ms (TDMR init \([0-9]*\) ms.*/\1 \2 \3 \4/p" | tail -n 1
		rmmod tdxhost
	}
	seq=0 par=0 seq_all=0 par_all=0 n=3
	for i in $(seq $n); do
		run 0 > /tmp/r; read tdmrs calls all ms < /tmp/r; seq=$((seq + ms)); seq_all=$((seq_all + all))
		run 1 > /tmp/r; read tdmrs calls all ms < /tmp/r; par=$((par + ms)); par_all=$((par_all + all))
	done
	echo "TDMRs: $tdmrs   SEAMCALLs per enable: $calls   guest vCPUs: $(nproc)"
	echo "whole enable, mean of $n: sequential $((seq_all / n)) ms, parallel $((par_all / n)) ms"
	echo "TDMR init step, mean of $n: sequential $((seq / n)) ms, parallel $((par / n)) ms"
	awk -v s=$seq -v p=$par "BEGIN { printf \"TDMR init ratio sequential/parallel: %.2f\n\", s / p }"
'

echo
echo "== tdxctl status in a VM: whole-process time, and latency while an enable runs"
tests/vm/run --cpus 2 --mem 8G --timeout 900 --modparams "backend=emu tdmr_init_parallel=0" -- bash -c '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	# one status call in ms (process start to exit)
	one() { local t0=$(date +%s%N); $TDXCTL status > /dev/null; echo $((($(date +%s%N) - t0) / 1000)); }
	stats() { sort -n | awk "{ a[NR] = \$1; s += \$1 } END { printf \"n=%d mean %.1f ms, median %.1f ms, max %.1f ms\", NR, s / NR / 1000, a[int((NR + 1) / 2)] / 1000, a[NR] / 1000 }"; }
	for i in $(seq 30); do one; done > /tmp/idle
	# Keep the enable busy in TDMR init (the emu answers OPERAND_BUSY, which
	# the enable retries) while status is timed, then let it finish.
	echo "TDH.SYS.TDMR.INIT 1 TDX_OPERAND_BUSY repeat" > $D/emu/inject
	$TDXCTL enable > /dev/null & pid=$!
	until $TDXCTL --json status | grep -q "\"step\":\"tdmr-init\""; do sleep 0.1; done
	for i in $(seq 30); do one; done > /tmp/busy
	echo clear > $D/emu/inject
	wait $pid
	echo "idle:            $(stats < /tmp/idle)"
	if [ -s /tmp/busy ]; then
		echo "during enable:   $(stats < /tmp/busy)   (the enable spins on a CPU retrying; readers share the CPUs but never wait for its lock)"
		awk -v a="$(stats < /tmp/idle | sed "s/.*mean \([0-9.]*\).*/\1/")" -v b="$(stats < /tmp/busy | sed "s/.*mean \([0-9.]*\).*/\1/")" \
			"BEGIN { printf \"ratio during/idle (mean): %.2f\n\", b / a }"
	else
		echo "during enable:   the enable finished before a status call could overlap it"
	fi
'

echo
echo "== TDs in a VM (software TDX module, TCG): SEAMCALLs against the minimum, build and teardown rates"
(. tests/vm/lib.sh && build_tdclient)
tests/vm/run --cpus 2 --sockets 2 --mem 4G --timeout 900 -- bash -c '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	calls() { $TDXCTL --json stats | python3 -c "import json,sys; print(sum(x[\"calls\"] for x in json.load(sys.stdin)[\"leaves\"]))"; }
	leaf() { $TDXCTL --json stats | python3 -c "import json,sys; print(sum(x[\"calls\"] for x in json.load(sys.stdin)[\"leaves\"] if x[\"name\"] == sys.argv[1]))" "$1"; }
	$TDXCTL enable > /dev/null
	tdcs=$($TDCLIENT caps | sed -n "s/^tdcs_pages //p")
	tdvps=$($TDCLIENT caps | sed -n "s/^tdvps_pages //p")
	pkgs=2
	for pages in 512 8192; do
		c0=$(calls) a0=$(leaf TDH.MEM.PAGE.ADD) e0=$(leaf TDH.MR.EXTEND) s0=$(leaf TDH.MEM.SEPT.ADD)
		out=$($TDCLIENT build --vcpus 1 --pages $pages --time)
		c1=$(calls) a1=$(leaf TDH.MEM.PAGE.ADD) e1=$(leaf TDH.MR.EXTEND) s1=$(leaf TDH.MEM.SEPT.ADD)
		b=$(echo "$out" | sed -n "s/.*build_ms \([0-9.]*\).*/\1/p")
		t=$(echo "$out" | sed -n "s/.*teardown_ms \([0-9.]*\).*/\1/p")
		sept=$((s1 - s0))
		# the minimum: per page 1 PAGE.ADD + 16 MR.EXTEND, plus the SEPT tables;
		# per TD: CREATE, KEY.CONFIG and CACHE.WB per package, TDCS ADDCX, INIT,
		# VP.CREATE + ADDCX + INIT, FINALIZE, 6 MNG.RD (MRTD), VP.FLUSH,
		# VPFLUSHDONE, FREEID, a RECLAIM per page, the TDR WBINVD
		min=$((pages * 17 + sept + 1 + pkgs + tdcs + 1 + 1 + (tdvps - 1) + 1 + 1 + 6 + 1 + 1 + pkgs + 1 + (pages + sept + 1 + tdcs + tdvps) + 1))
		echo "$pages pages: $((c1 - c0)) SEAMCALLs (minimum $min), per measured page $(awk -v a=$((a1 - a0 + e1 - e0 + sept)) -v p=$pages "BEGIN { printf \"%.3f\", a / p }") (minimum 17 + SEPT $(awk -v s=$sept -v p=$pages "BEGIN { printf \"%.3f\", s / p }"))"
		awk -v p=$pages -v b=$b -v t=$t "BEGIN { printf \"  built in %.0f ms (%.0f pages/s), torn down in %.0f ms (%.0f pages/s)\n\", b, p * 1000 / b, t, p * 1000 / t }"
	done
	t0=$(date +%s%N)
	$TDCLIENT cycles -n 200 --vcpus 1 --pages 2 > /dev/null
	ms=$((($(date +%s%N) - t0) / 1000000))
	awk -v ms=$ms "BEGIN { printf \"create/destroy cycles (1 vCPU, 2 measured pages): 200 in %d ms, %.0f per second\n\", ms, 200000 / ms }"
'
