# SPDX-License-Identifier: GPL-2.0
# Every /dev/tdxhost struct is checked before anything runs: a size below the
# first version or above a page, a non-zero tail the kernel does not know,
# unknown flags, non-zero reserved fields and hw_error on input are refused
# (EINVAL/E2BIG), a zero tail is accepted, unknown ioctls get ENOTTY.  On
# /dev/tdxhost before and after enabling, and on a TD fd.
#
# TDXHOST_GET_CAPS: refused with the state before the metadata was read;
# once enabled, every value is what the software TDX module's global metadata
# says (read independently through tdxctl), KeyIDs are the TDX KeyIDs but the
# global one, all free, and the CPUID list is the module's, in its order.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	cd "$(mktemp -d)"
	$TDCLIENT args
	$TDCLIENT caps > before
	grep -qx "errno ENODEV" before
	grep -qx "tdx_state 1" before		# TDXHOST_STATE_UNINITIALIZED
	$TDXCTL enable > /dev/null
	$TDCLIENT caps > caps
	cat caps
	$TDXCTL --json metadata > md.json
	$TDXCTL --json status > st.json
	python3 - <<PY
import json
f = json.load(open("md.json"))["fields"]
v = {x["name"]: x["value"] for x in f if x["index"] == 0}
st = json.load(open("st.json"))
c, cpuid = {}, []
for l in open("caps"):
    k, *rest = l.split()
    if k == "cpuid":
        cpuid.append(tuple(int(x, 16) for x in rest))
    elif k == "count_only":
        c[k] = rest
    else:
        c[k] = rest[0]
n = lambda k: int(c[k], 0)
assert c["errno"] == "0" and n("tdx_state") == 3, c
assert n("attributes_supported") == v["ATTRS_FIXED0"] and n("attributes_fixed1") == v["ATTRS_FIXED1"]
assert n("xfam_supported") == v["XFAM_FIXED0"] and n("xfam_fixed1") == v["XFAM_FIXED1"]
assert n("max_vcpus") == v["MAX_VCPUS_PER_TD"]
assert n("tdcs_pages") == v["TDCS_BASE_SIZE"] // 4096 and n("tdvps_pages") == v["TDVPS_BASE_SIZE"] // 4096
assert n("keyids_total") == st["keyids"]["tdx"] - 1 == n("keyids_free"), (c, st)
assert n("max_td_pages") == int(open("/sys/module/tdxhost/parameters/max_td_pages").read())
assert n("shared_gpa_bit") == 47
assert n("nr_cpuid") == v["NUM_CPUID_CONFIG"] == len(cpuid)
assert c["count_only"] == ["E2BIG", str(v["NUM_CPUID_CONFIG"])], c
leaves = [x["value"] for x in f if x["name"] == "CPUID_CONFIG_LEAVES"]
values = [x["value"] for x in f if x["name"] == "CPUID_CONFIG_VALUES"]
for i, e in enumerate(cpuid):
    assert e[0] | e[1] << 32 == leaves[i], (i, e, hex(leaves[i]))
    assert e[2] | e[3] << 32 == values[2 * i] and e[4] | e[5] << 32 == values[2 * i + 1], (i, e)
print("caps match the metadata:", len(cpuid), "CPUID leaves")
PY
	$TDCLIENT args
	$TDCLIENT args --td
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
'
