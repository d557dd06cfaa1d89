# SPDX-License-Identifier: GPL-2.0
# enable=1 brings the software TDX module up at load on several topologies:
# every LP initialized, every package key-configured, TDMRs covering all
# System RAM fully initialized, PAMT entries really written (RDMD), one
# summary line; unloading gives all PAMT memory back.
. "$(dirname "$0")/../lib.sh"
check='
	set -e
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	d=$D
	dmesg | grep -E "tdxhost: TDX module [0-9]+\.[0-9]+\.[0-9]{2} initialized: [0-9]+ TDMRs, PAMT [0-9]+ KiB \([0-9.]+% of [0-9]+ MiB TDX memory\), [0-9]+ SEAMCALLs, [0-9]+ ms"
	grep -qx "state: SYS_READY" $d/emu/state
	grep -qx "lps: $1 initialized of $1" $d/emu/state
	grep -qx "packages: $2 configured of $2" $d/emu/state
	n=$(grep -c "^tdmr " $d/emu/state)
	grep -qx "tdmrs: $n initialized of $n" $d/emu/state
	# every System RAM byte at or above 1 MiB lies in some TDMR
	python3 - <<PY
import re
tdmrs = [(int(b, 16), int(s, 16)) for b, s in re.findall(r"^tdmr \d+: base (0x[0-9a-f]+) size (0x[0-9a-f]+)", open("$d/emu/state").read(), re.M)]
for line in open("/proc/iomem"):
    if line.startswith(" ") or "System RAM" not in line:
        continue
    lo, hi = (int(x, 16) for x in line.split(":")[0].strip().split("-"))
    lo = max(lo, 1 << 20)
    if lo > hi:
        continue
    assert any(b <= lo and hi < b + s for b, s in tdmrs), ("uncovered", hex(lo), hex(hi), tdmrs)
print("tdmrs cover RAM:", [(hex(b), hex(s)) for b, s in tdmrs])
PY
	# PAMT: a normal page reads PT_NDA (0); a page of the PAMT itself is reserved (PT_RSVD 1)
	echo 0x40000000 > $d/rdmd; read st type owner size bepoch < $d/rdmd
	[ "$st" = 0x0000000000000000 ] && [ "$type" = 0 ]
	pamt=$(sed -n "s/^tdmr 0: .* pamt4k \(0x[0-9a-f]*\)+.*/\1/p" $d/emu/state)
	echo $pamt > $d/rdmd; read st type owner size bepoch < $d/rdmd
	[ "$st" = 0x0000000000000000 ] && [ "$type" = 1 ]
	free_before=$(free_pages)
	pamt_kib=$(dmesg | sed -n "s/.*initialized: .*PAMT \([0-9]*\) KiB.*/\1/p")
	rmmod tdxhost
	free_after=$(free_pages)
	echo "PAMT $pamt_kib KiB; free pages $free_before -> $free_after"
	[ $((free_after - free_before)) -ge $((pamt_kib / 4)) ]
'
vm --cpus 2 --sockets 1 --mem 2G --modparams "backend=emu enable=1" -- bash -c "$check" _ 2 1
vm --cpus 4 --sockets 2 --numa 2 --mem 3G --modparams "backend=emu enable=1" -- bash -c "$check" _ 4 2
vm --cpus 2 --sockets 2 --mem 5G --modparams "backend=emu enable=1" -- bash -c "$check" _ 2 2
