#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot Debian's 6.1 kernel in a VM, load tdxhost on the software
# TDX module and show what the module reports.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/tests/vm/run" --cpus 2 --sockets 2 --mem 2G -- bash -c '
	set -e
	say() { printf "\n\033[1m$ %s\033[0m\n" "$*"; }
	say "dmesg | grep tdxhost"
	dmesg | grep tdxhost
	say "lsmod | grep tdxhost"
	grep "^tdxhost " /proc/modules
	say "modinfo tdxhost.ko"
	modinfo "$TDXHOST_TOP/build/$TDXHOST_KVER/tdxhost.ko" | grep -E "^(version|description|parm|vermagic):"
	say "tdxctl version"
	"$TDXHOST_TOP/tools/tdxctl/tdxctl" version
'
