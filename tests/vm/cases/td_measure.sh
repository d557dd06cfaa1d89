# SPDX-License-Identifier: GPL-2.0
#
# tdxctl td measure through the module equals --offline: Debian's OVMF.fd
# and a crafted image with every section type, in the default order and
# with --two-pass (each equal to its own offline replay, and different
# from each other); the TD is gone afterwards.  On the emu this checks the
# host side (ioctls, order of PAGE.ADD/MR.EXTEND, GPAs, page contents) and
# the emu's hashing; the real TDX module's hashing only runs on hardware.
# What this checks is the module's and the emu's own logic, the same on
# every kernel: one distro kernel (README "Tests").
# vm: once
. "$(dirname "$0")/../lib.sh"
[ -r /usr/share/ovmf/OVMF.fd ] || fail "no /usr/share/ovmf/OVMF.fd (package ovmf)"
vm --cpus 2 --modparams "backend=emu enable=1" -- bash -ec '
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	R="python3 $TDXHOST_TOP/tests/tdxctl/tdvf_mrtd.py"
	cd "$(mktemp -d)"
	j() { python3 -c "import json,sys; d=json.load(open(\"$1\")); $2"; }
	$R craft every-kind every-kind.img
	for img in /usr/share/ovmf/OVMF.fd every-kind.img; do
		for order in "" --two-pass; do
			$T --json td measure --offline $order $img > off.json
			$T --json td measure --vcpus 2 $order $img > mod.json
			j mod.json "
off = json.load(open(\"off.json\"))
assert d[\"source\"] == \"tdx-module\" and d[\"backend\"] == \"emu\", d[\"source\"]
assert d[\"mrtd\"] == off[\"mrtd\"], (\"$img $order\", d[\"mrtd\"], off[\"mrtd\"])
assert d[\"sections\"] == off[\"sections\"]
t = d[\"td\"]; assert t[\"vcpus\"] == 2 and t[\"td_id\"] > 0
assert t[\"pages_private\"] == d[\"page_adds\"] and t[\"pages_measured\"] * 16 == d[\"extends\"], t"
			[ "$(j mod.json "print(d[\"mrtd\"])")" = "$($R mrtd $img $order)" ]
			echo "$img ${order:-default}: $(j mod.json "print(d[\"mrtd\"])")"
		done
		a=$($T td measure $img | awk "\$1 == \"MRTD\" {print \$2}")
		b=$($T td measure --two-pass $img | awk "\$1 == \"MRTD\" {print \$2}")
		[ ${#a} -eq 96 ] && [ "$a" != "$b" ]
	done
	# Every TD was torn down: its KeyID is free again.
	$T --json status | python3 -c "import json,sys; d=json.load(sys.stdin); assert d[\"keyids\"][\"hkids_in_use\"] == 0, d[\"keyids\"]"
	# A bad image is refused before any TD exists.
	$R craft bad-align bad.img
	if $T td measure bad.img 2> err; then echo "bad image measured"; exit 1; fi
	grep -q "section 1 (TD_HOB): MemoryAddress" err
'
# Before enable: a clear refusal, exit 3, and no TD.
vm -- bash -ec '
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	cd "$(mktemp -d)"
	set +e
	$T td measure /usr/share/ovmf/OVMF.fd > out 2> err; rc=$?
	set -e
	[ $rc -eq 3 ] || { echo "td measure before enable: exit $rc"; cat out err; exit 1; }
	grep -q "TDX is uninitialized" err
'
