#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, idempotently and only what is missing, every Debian package the
# build, the demo and the tests need.  Safe to run again; does nothing when
# all is present.  Needs root (or sudo) only when something must be installed.
#
#   scripts/deps.sh                  install what is missing
#   scripts/deps.sh --debug-kernel   the same, but first what the debug kernel's
#                                    build needs, then start that build in the
#                                    background (make check: it then runs beside
#                                    the rest of the install; check.sh waits for
#                                    it through the build's lock)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
early_kernel=0
# (not when TDXHOST_CHECK_SUITES leaves the debug suite out)
[ "${1:-}" = --debug-kernel ] && [[ " ${TDXHOST_CHECK_SUITES:-debug} " == *" debug "* ]] && early_kernel=1

want=(
	build-essential kmod dkms pkg-config sparse
	linux-image-amd64 linux-headers-amd64
	qemu-system-x86 busybox-static cpio kexec-tools
	libnl-3-dev libnl-genl-3-dev libnl-utils libcmocka-dev libssl-dev
	clang-14 libclang-rt-14-dev ovmf
	python3 python3-yaml python3-jsonschema xz-utils python3-prometheus-client
	dpkg-dev debhelper dh-dkms lintian rpm debootstrap zstd
	linux-source-6.12
	flex bison bc libelf-dev libssl-dev
)

sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { echo "deps: need root to install packages" >&2; exit 1; }
	sudo=sudo
fi

updated=
apt_update() {
	[ -n "$updated" ] && return 0
	$sudo apt-get update -qq
	updated=1
}

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# The newest 6.12 "+deb12" amd64 flavour (bookworm-security/backports)
# whose headers and an image can both be installed, printed as the two
# packages.  The signed image ("linux-image-V", what users run) is built
# after the unsigned one and can lag it in the archive by hours: then the
# unsigned image (same kernel, same /boot/vmlinuz-V) is taken.
has_candidate() {
	local out
	out=$(apt-cache policy "$1" 2>/dev/null) || return 1
	[[ $out == *"Candidate: "[0-9]* ]]
}
newest_612() {
	local v
	for v in $(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
		awk '{print $1}' | sed 's/^linux-headers-//' | sort -rV); do
		has_candidate "linux-headers-$v" || continue
		if has_candidate "linux-image-$v"; then
			echo "linux-image-$v linux-headers-$v"
			return
		elif has_candidate "linux-image-$v-unsigned"; then
			echo "linux-image-$v-unsigned linux-headers-$v"
			return
		fi
	done
}

# The debug kernel's build (scripts/debug-kernel.sh, ~24 CPU-minutes) from
# the moment its sources are in: the rest of the install leaves the CPUs idle.
if [ $early_kernel = 1 ] && ! "$top/scripts/debug-kernel.sh" dir > /dev/null 2>&1; then
	first=()
	for p in linux-source-6.12 build-essential xz-utils flex bison bc libelf-dev libssl-dev; do
		installed "$p" || first+=("$p")
	done
	if [ ${#first[@]} -gt 0 ]; then
		echo "deps: installing ${first[*]} (the debug kernel's build)"
		apt_update
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${first[@]}"
	fi
	mkdir -p "$top/build"
	echo "deps: building the debug kernel in the background (log: build/debug-kernel-early.log)"
	nohup "$top/scripts/debug-kernel.sh" build > "$top/build/debug-kernel-early.log" 2>&1 < /dev/null &
fi

missing=()
for p in "${want[@]}"; do
	installed "$p" || missing+=("$p")
done

# Any 6.12 +deb12 amd64 kernel with headers already installed satisfies us;
# otherwise pick the newest one the archive offers.
have612=
for d in /lib/modules/6.12.*+deb12-amd64; do
	[ -e "$d/build/Makefile" ] && [ -e "/boot/vmlinuz-${d##*/}" ] && have612=1
done
if [ -z "$have612" ]; then
	apt_update
	v=$(newest_612)
	[ -n "$v" ] || { echo "deps: no linux-headers-6.12.*+deb12-amd64 with its image in the archive (is bookworm-security enabled?)" >&2; exit 1; }
	read -r -a pkgs <<< "$v"
	missing+=("${pkgs[@]}")
fi

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: everything present"
	exit 0
fi

echo "deps: installing ${missing[*]}"
apt_update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
