#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel coding style gate: the kernel's own scripts/checkpatch.pl, taken
# from Debian's linux-source-6.12 package, over every kernel-side C file and
# header (or only the files given as arguments).
#
#   scripts/checkpatch.sh [FILE...]   check; exit 1 on any ERROR or WARNING
#   scripts/checkpatch.sh --list      print the files checked by default
#
# Default level (no --strict), plus a second pass for lines over 100
# columns: on whole files (-f) checkpatch demotes those to CHECKs, which
# only --strict shows, and most of the rest of --strict does not fit code
# that also builds in userspace (src/lib/).  Long user-visible strings are
# allowed (LONG_LINE_STRING is not looked for): they must not be split.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Every C file, header and assembly file under src/ and include/uapi/,
# whatever folder it is in.
kernel_files() {
	find src include/uapi -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) | LC_ALL=C sort
}

if [ "${1:-}" = --list ]; then
	kernel_files
	exit 0
fi

# checkpatch.pl finds spelling.txt and const_structs.checkpatch next to
# itself; extracting three files still reads the whole 150 MB tarball, so
# keep them.
cpdir=$top/build/checkpatch
src_tar=/usr/src/linux-source-6.12.tar.xz
if [ ! -s "$cpdir/checkpatch.pl" ] || [ ! -s "$cpdir/spelling.txt" ] ||
   [ ! -s "$cpdir/const_structs.checkpatch" ]; then
	if [ ! -r "$src_tar" ]; then
		echo "checkpatch: $src_tar missing: run 'make deps' (package linux-source-6.12)" >&2
		exit 2
	fi
	mkdir -p "$cpdir"
	tar -xJf "$src_tar" -C "$cpdir" --strip-components=2 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
fi

if [ $# -gt 0 ]; then
	files=("$@")
else
	mapfile -t files < <(kernel_files)
fi

common=(--no-tree --show-types --no-summary --max-line-length=100)
# The only types ignored, and only where they are wrong for an out-of-tree
# module: compat.h holds the kernel-version tests such a module needs, and
# "LINUX_VERSION_CODE < KERNEL_VERSION(...)" also reads to checkpatch as a
# constant on the left of a comparison.
file_ignore() {
	case $1 in
	src/compat.h) echo "--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON" ;;
	esac
}

# Without a git tree in sight, checkpatch does not run git.
export GIT_DIR=/nonexistent

# Lines over 100 columns, except those holding a string literal: user-visible
# text is not split (so that it can be grepped for), and checkpatch's own
# exemption covers only a string alone on its line or ending a printk.
# --strict seeds its CamelCase list from a kernel include/ it does not have
# here (noise on stderr, a cache file in the current directory): run from
# build/checkpatch, without stderr.
long_lines() {
	local f=$1 n msg
	(cd "$cpdir" && perl checkpatch.pl "${common[@]}" --strict --terse \
		--types LONG_LINE,LONG_LINE_COMMENT -f "$top/$f" 2>/dev/null) |
	while IFS=: read -r _ n msg; do
		[[ $n =~ ^[0-9]+$ ]] || continue
		sed -n "${n}p" "$f" | sed 's|/[*/].*||' | grep -q '"' && continue
		printf '\n%s\n#%s: FILE: %s:%s:\n+%s\n' "${msg# }" "$n" "$f" "$n" "$(sed -n "${n}p" "$f")"
	done
	return 0
}

rc=0
for f in "${files[@]}"; do
	# shellcheck disable=SC2046 # word splitting of file_ignore is wanted
	out=$(perl "$cpdir/checkpatch.pl" "${common[@]}" $(file_ignore "$f") -f "$f" 2>&1) || true
	out+=$(long_lines "$f")
	if echo "$out" | grep -qE '^(ERROR|WARNING|CHECK):'; then
		echo "$out"
		echo "checkpatch: $f: $(echo "$out" | grep -cE '^(ERROR|WARNING|CHECK):') problem(s)"
		rc=1
	fi
done
exit $rc
