#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the installed kernels tdxhost builds and tests against (those with
# headers), oldest first; with "default", the one `make` builds for when
# KVER is not given: the running kernel if it has headers, else the newest.
set -euo pipefail
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
*) echo "usage: $0 [list|default]" >&2; exit 2 ;;
esac
