#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the installed kernels tdxhost builds and tests against (those with
# headers), oldest first; with "default", the one `make` builds for when
# KVER is not given: the running kernel if it has headers, else the newest.
# "debug" prints the release of the debug kernel (scripts/debug-kernel.sh)
# if it is built; "dir KVER" the build tree to build modules for KVER with
# (that kernel's headers, or the debug kernel's tree; "debug" names it too).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
list() {
	local d k
	for d in /lib/modules/*/build; do
		[ -e "$d/Makefile" ] || continue
		k=${d%/build}
		k=${k#/lib/modules/}
		echo "$k"
	done | sort -V
}
case "${1:-list}" in
list) list ;;
default)
	if [ -e "/lib/modules/$(uname -r)/build/Makefile" ]; then
		uname -r
	else
		list | tail -n 1
	fi
	;;
debug) "$here/debug-kernel.sh" release ;;
dir)
	k=${2:?usage: $0 dir KVER}
	if [ "$k" = debug ] || [ "$k" = "$("$here/debug-kernel.sh" release 2>/dev/null)" ]; then
		"$here/debug-kernel.sh" dir
	else
		echo "/lib/modules/$k/build"
	fi
	;;
*) echo "usage: $0 [list|default|debug|dir KVER]" >&2; exit 2 ;;
esac
