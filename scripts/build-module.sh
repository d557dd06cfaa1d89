#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build tdxhost.ko for one installed kernel into build/KVER/tdxhost.ko
# (KVER "debug": the debug kernel of scripts/debug-kernel.sh, once built).
# Each kernel gets its own copy of the module sources, so builds for several
# kernels never share objects (the same reason DKMS copies into its tree).
# Extra arguments go to kbuild (W=1, C=1, ...), TDXHOST_EMU=n among them: a
# module without the software TDX module (the environment variable of that
# name works too; see Kbuild).
set -euo pipefail
kver=${1:?usage: build-module.sh KVER [kbuild args]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "$kver" = debug ]; then
	kver=$("$top/scripts/kernels.sh" debug) ||
		{ echo "build-module: the debug kernel is not built: run 'make debug-kernel'" >&2; exit 1; }
fi
kdir=$("$top/scripts/kernels.sh" dir "$kver")
if [ ! -e "$kdir/Makefile" ]; then
	echo "build-module: no headers for kernel $kver ($kdir): install linux-headers-$kver or run 'make deps'" >&2
	exit 1
fi
out=$top/build/$kver
mkdir -p "$out"
# Mirror the sources; drop files that no longer exist so stale objects go too.
for f in Kbuild VERSION; do
	cmp -s "$top/$f" "$out/$f" 2>/dev/null || cp "$top/$f" "$out/$f"
done
for d in src include; do
	mkdir -p "$out/$d"
	(cd "$top" && find "$d" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \)) | while read -r f; do
		mkdir -p "$out/$(dirname "$f")"
		cmp -s "$top/$f" "$out/$f" 2>/dev/null || cp "$top/$f" "$out/$f"
	done
	(cd "$out" && find "$d" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \)) | while read -r f; do
		[ -e "$top/$f" ] || rm -f "$out/$f" "$out/${f%.*}.o"
	done
done
exec make -C "$kdir" M="$out" "$@" modules
