#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A Debian bookworm root to install the RPMs into with `rpm --root` (the
# rpm-* steps of tests/pkg/run): debootstrap's minbase plus Debian's dkms,
# make, gcc, the compiler the host's kernel headers were built with and the
# libraries their kbuild tools need.  The headers themselves are the host's,
# bind-mounted read-only while a command runs, so DKMS builds in the root
# for exactly the kernels the machine has (scripts/kernels.sh) and nothing
# has to match the archive's current kernel.
#
#   tests/pkg/rpmroot.sh make DIR       DIR becomes a fresh root
#   tests/pkg/rpmroot.sh run DIR CMD... CMD on the host (rpm --root DIR,
#                                       chroot DIR ...) in a private mount
#                                       namespace holding the headers and
#                                       /proc in DIR: gone when CMD exits
#   tests/pkg/rpmroot.sh packages       what goes into the root
#
# debootstrap runs once: the root is cached as a tarball in $TDXHOST_CACHE
# (default /var/cache/tdxhost), named by a hash of the suite, mirror and
# package list.  Mirror: the host's apt source for bookworm (override with
# TDXHOST_DEBIAN_MIRROR).  Needs root, debootstrap, unshare, zstd.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
suite=bookworm
# Bump when the recipe below changes, so that old tarballs are not reused.
recipe=1
cache=${TDXHOST_CACHE:-/var/cache/tdxhost}

die() { echo "rpmroot: $*" >&2; exit 1; }

# The first apt source (one-line or deb822) for $suite itself, not -security
# or -updates.
host_mirror() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		sed 's/\[[^]]*\]//' "$f" | awk -v s="$suite" '$1 == "deb" && $3 == s { print $2; exit }'
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk -v s="$suite" '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " s " ") && enabled != "no" && uris != "") {
					split(uris, u, " "); print u[1]; exit
				}
				types = suites = uris = enabled = ""
			}
			/^[[:space:]]*$/ { flush(); next }
			/^#/ { next }
			{ key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ /, "") }
			key == "types" { types = $0 } key == "suites" { suites = $0 }
			key == "uris" { uris = $0 } key == "enabled" { enabled = tolower($0) }
			END { flush() }' "$f"
	done
}

mirror() {
	local m=${TDXHOST_DEBIAN_MIRROR:-}
	[ -n "$m" ] || m=$(host_mirror | head -n 1)
	echo "${m:-http://deb.debian.org/debian}"
}

# dkms and what it calls (openssl makes its signing key), libnl for tdxctl,
# and for the host's headers: their compiler (CONFIG_CC_VERSION_TEXT) and
# the first alternative of each dependency of the installed linux-kbuild-*.
packages() {
	local cfg
	{
		printf '%s\n' dkms make gcc libc6-dev kmod openssl libnl-3-200 libnl-genl-3-200
		for cfg in /usr/src/linux-headers-*/.config; do
			[ -r "$cfg" ] || continue
			sed -n 's/^CONFIG_CC_VERSION_TEXT="[^ ]*-gcc-\([0-9][0-9]*\) .*/gcc-\1/p' "$cfg"
		done
		dpkg-query -W -f='${db:Status-Status}\t${Depends}\n' 'linux-kbuild-*' 2>/dev/null |
			awk -F'\t' '$1 == "installed" { print $2 }' | tr ',' '\n' |
			sed -e 's/|.*//' -e 's/(.*)//' -e 's/:any//' -e 's/[[:space:]]//g' | grep .
	} | sort -u
}

key() {
	{ echo "recipe $recipe $suite $(mirror)"; packages; } | sha256sum | cut -c1-16
}

# debootstrap into $1 (the first run only): minbase, the packages, apt's
# caches emptied (the tarball is only to be unpacked).
bootstrap() {
	local dir=$1 log=$1.log t0
	t0=$(date +%s)
	echo "rpmroot: debootstrap $suite from $(mirror) (first run only), log $log"
	if ! debootstrap --variant=minbase --components=main \
		--include="$(packages | paste -sd, -)" "$suite" "$dir" "$(mirror)" > "$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "debootstrap failed (log above)"
	fi
	chroot "$dir" apt-get clean
	rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin
	echo "rpmroot: debootstrap took $(( $(date +%s) - t0 )) s"
}

# Kernel-specific parts, not cached: /lib/modules/K/build for each kernel
# as on the host, and the mount points and symlinks of the headers.
add_kernels() {
	local root=$1 k d
	for d in /usr/src/linux-headers-* /usr/lib/linux-kbuild-*; do
		[ -d "$d" ] && [ ! -L "$d" ] && mkdir -p "$root$d"
	done
	for d in /usr/src/linux-kbuild-*; do
		[ -L "$d" ] && cp -P "$d" "$root$d"
	done
	for k in $("$top/scripts/kernels.sh" list); do
		mkdir -p "$root/lib/modules/$k"
		ln -sfn "$(readlink "/lib/modules/$k/build")" "$root/lib/modules/$k/build"
	done
}

make_root() {
	local root=${1:?usage: rpmroot.sh make DIR} tarball t0
	command -v debootstrap > /dev/null || die "debootstrap missing: run 'make deps'"
	tarball=$cache/rpmroot-$suite-$(key).tar.zst
	mkdir -p "$cache"
	rm -rf "$root" "$root.new"
	exec 9> "$cache/rpmroot.lock"
	flock 9
	if [ ! -f "$tarball" ]; then
		bootstrap "$root.new"
		t0=$(date +%s)
		tar --numeric-owner --zstd -C "$root.new" -cf "$tarball.tmp" .
		mv "$tarball.tmp" "$tarball"
		# Roots of other package lists or mirrors are not used again.
		find "$cache" -maxdepth 1 -name "rpmroot-*.tar.zst" ! -path "$tarball" -delete
		echo "rpmroot: cached as $tarball ($(du -h "$tarball" | cut -f1), $(( $(date +%s) - t0 )) s)"
		mv "$root.new" "$root"
	else
		t0=$(date +%s)
		mkdir -p "$root"
		tar --numeric-owner --zstd -C "$root" -xpf "$tarball"
		echo "rpmroot: unpacked $tarball in $(( $(date +%s) - t0 )) s"
	fi
	flock -u 9
	add_kernels "$root"
}

# In the private mount namespace: the host's headers read-only, /proc (DKMS
# waits for its build jobs through /proc/PID).
in_ns() {
	local root=$1 d
	shift
	mount --make-rprivate /
	for d in /usr/src/linux-headers-* /usr/lib/linux-kbuild-*; do
		[ -d "$d" ] && [ ! -L "$d" ] || continue
		mount --bind "$d" "$root$d"
		mount -o remount,bind,ro "$root$d"
	done
	mount -t proc proc "$root/proc"
	exec "$@"
}

case "${1:-}" in
make) make_root "${2:-}" ;;
run)
	root=${2:?usage: rpmroot.sh run DIR CMD...}
	shift 2
	[ -x "$root/usr/sbin/dkms" ] || die "$root is not a root made by 'rpmroot.sh make'"
	exec unshare --mount --propagation private -- "$0" _ns "$(cd "$root" && pwd)" "$@"
	;;
_ns) shift; in_ns "$@" ;;
packages) packages ;;
*) echo "usage: $0 make DIR | run DIR CMD... | packages" >&2; exit 2 ;;
esac
