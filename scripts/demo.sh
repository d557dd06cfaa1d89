#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: the sysadmin's story in a VM (Debian's 6.1 kernel, 2 sockets,
# 2 NUMA nodes, 4 GiB) on the software TDX module: is this host ready, what
# does the module report, bring TDX up, where did the memory go, and what a
# SEAMCALL error line from dmesg means.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/tests/vm/run" --cpus 4 --sockets 2 --numa 2 --mem 4G -- bash -c '
	T=$TDXHOST_TOP/tools/tdxctl/tdxctl
	say() { printf "\n\033[1m# %s\033[0m\n\033[1m$ %s\033[0m\n" "$1" "$2"; }
	say "What the module said when it loaded" "dmesg | grep tdxhost"
	dmesg | grep tdxhost: | sed "s/^\[[ 0-9.]*\] //"
	say "Is this host ready for TDX? (a VM is not: the checks say why)" "tdxctl check"
	$T check || true
	say "State before enabling" "tdxctl status"
	$T status
	say "Bring the TDX module up" "tdxctl enable"
	$T enable
	say "State after" "tdxctl status"
	$T status
	say "Where did my memory go?" "tdxctl pamt"
	$T pamt
	say "The TDMRs, reserved areas and PAMT placement" "tdxctl tdmrs"
	$T tdmrs
	say "What does that dmesg line mean?" "tdxctl decode \"SEAMCALL 0x22 failed 0xc000050500000000\""
	$T decode "SEAMCALL 0x22 failed 0xc000050500000000"
'
