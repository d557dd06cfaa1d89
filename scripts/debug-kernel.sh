#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM suite's third kernel: Debian's linux-source-6.12 built with
# tests/vm/debug-kernel.config (KASAN, kmemleak, lockdep, UBSAN, fault
# injection).  The build is cached under a directory keyed by the source
# package's version, the config fragment and the compiler, so only the first
# run pays (~10 minutes on 2 cores); tdxhost.ko builds against that tree.
#
#   scripts/debug-kernel.sh build     build unless cached; print the tree
#   scripts/debug-kernel.sh dir       print the tree if built (else exit 1)
#   scripts/debug-kernel.sh release   print its kernel release if built
#   scripts/debug-kernel.sh key       print the cache key
#
# TDXHOST_DEBUG_KERNEL_CACHE overrides the cache directory (default
# /var/cache/tdxhost/debug-kernel, else build/debug-kernel when that is not
# writable); TDXHOST_DEBUG_KERNEL_JOBS the make -j (default 2).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
frag=$top/tests/vm/debug-kernel.config
src_tar=/usr/src/linux-source-6.12.tar.xz
src_pkg=linux-source-6.12
# Bump when the build recipe below changes what ends up in the tree.
recipe=1

# Where builds go: the machine-wide cache if it can be made, else build/.
cache_root() {
	local d=${TDXHOST_DEBUG_KERNEL_CACHE:-/var/cache/tdxhost/debug-kernel}
	if [ -z "${TDXHOST_DEBUG_KERNEL_CACHE:-}" ] && ! mkdir -p "$d" 2>/dev/null; then
		d=$top/build/debug-kernel
	fi
	mkdir -p "$d"
	echo "$d"
}

key() {
	local ver sum
	ver=$(dpkg-query -W -f='${Version}' "$src_pkg" 2>/dev/null) ||
		{ echo "debug-kernel: $src_pkg is not installed: run 'make deps'" >&2; exit 2; }
	sum=$({ echo "recipe $recipe"; gcc -dumpfullversion; cat "$frag"; } | sha256sum | cut -c1-12)
	echo "${ver//[^A-Za-z0-9.+-]/_}-$sum"
}

built_dir() {
	local k r
	k=$(key)
	for r in ${TDXHOST_DEBUG_KERNEL_CACHE:-/var/cache/tdxhost/debug-kernel "$top/build/debug-kernel"}; do
		[ -f "$r/$k/.tdxhost-ready" ] && { echo "$r/$k"; return 0; }
	done
	return 1
}

# Every line of the fragment must have come out as written: an option whose
# dependencies are missing is dropped silently by Kconfig.
check_config() {
	local cfg=$1 line sym bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" "$cfg" && continue
			echo "debug-kernel: config wants $line, got: $(grep "^${line%%=*}=" "$cfg" || echo 'not set')" >&2
			bad=1
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			grep -q "^$sym=" "$cfg" || continue
			echo "debug-kernel: config wants $sym unset, got: $(grep "^$sym=" "$cfg")" >&2
			bad=1
			;;
		esac
	done < "$frag"
	return $bad
}

build() {
	local root k dir tmp log start
	if dir=$(built_dir); then
		echo "$dir"
		return 0
	fi
	[ -r "$src_tar" ] || { echo "debug-kernel: $src_tar missing: run 'make deps'" >&2; exit 2; }
	for t in flex bison bc; do
		command -v "$t" > /dev/null || { echo "debug-kernel: $t missing: run 'make deps'" >&2; exit 2; }
	done
	root=$(cache_root)
	k=$(key)
	dir=$root/$k
	# One build per key at a time (several checkouts share the cache).
	exec 9> "$root/.lock-$k"
	flock 9
	if [ -f "$dir/.tdxhost-ready" ]; then
		echo "$dir"
		return 0
	fi
	tmp=$dir.tmp
	log=$root/$k.log
	rm -rf "$tmp" "$dir"
	mkdir -p "$tmp"
	start=$(date +%s)
	echo "debug-kernel: building $k in $tmp (log: $log); about 24 CPU-minutes, 12+ minutes on 2 cores" >&2
	if ! {
		tar -xf "$src_tar" -C "$tmp" --strip-components=1 &&
		make -C "$tmp" ARCH=x86_64 allnoconfig KCONFIG_ALLCONFIG="$frag" &&
		check_config "$tmp/.config" &&
		nice -n 10 make -C "$tmp" ARCH=x86_64 -j"${TDXHOST_DEBUG_KERNEL_JOBS:-2}" all
	} > "$log" 2>&1; then
		tail -n 40 "$log" >&2
		echo "debug-kernel: build failed (whole log: $log)" >&2
		exit 1
	fi
	# Out-of-tree modules need the headers, scripts, tools/objtool,
	# Module.symvers and the config, not the kernel's own objects.
	find "$tmp" -name '*.o' ! -path "$tmp/scripts/*" ! -path "$tmp/tools/*" -delete
	rm -rf "$tmp/Documentation" "$tmp"/.tmp_vmlinux*
	echo "$k $(($(date +%s) - start))s" > "$tmp/.tdxhost-ready"
	mv "$tmp" "$dir"
	echo "debug-kernel: built $(cat "$dir/include/config/kernel.release") in $(($(date +%s) - start)) s" >&2
	echo "$dir"
}

case "${1:-}" in
build) build ;;
dir) built_dir ;;
release)
	d=$(built_dir) || exit 1
	cat "$d/include/config/kernel.release"
	;;
key) key ;;
*) echo "usage: $0 build|dir|release|key" >&2; exit 2 ;;
esac
