# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/vm/cases/*.sh (host side).  KVER comes from make check.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KVER=${KVER:-$("$TOP/scripts/kernels.sh" list | head -n 1)}
# vm [harness options] -- command: boot $KVER and run the command there.
vm() {
	"$TOP/tests/vm/run" --kernel "$KVER" "$@"
}
# make check-full (TDXHOST_CHECK_TIER=full): a case may go deeper there.
full_tier() {
	[ "${TDXHOST_CHECK_TIER:-check}" = full ]
}
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# vm_monitor MARKER HMP-COMMAND... -- [harness options] -- guest command
# Boots like vm() with a QEMU monitor; when the guest prints a line starting
# with MARKER, sends the HMP commands ("{ARG}" is replaced by the rest of that
# line).  The guest's output is relayed; the status is the harness's.
vm_monitor() {
	local marker=$1 cmds=() out sock pid line arg= found= i rc
	shift
	while [ "$1" != -- ]; do cmds+=("$1"); shift; done
	shift
	sock=$(mktemp -u /tmp/tdxhost-mon.XXXXXX)
	out=$(mktemp /tmp/tdxhost-out.XXXXXX)
	vm --monitor "$sock" "$@" > "$out" 2>&1 &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		# One read of the output decides both that the marker is there and
		# what follows it, and only a complete line counts (read fails on
		# a last line without its newline): a line still being written
		# would give an empty or cut {ARG}.
		while IFS= read -r line; do
			line=${line%$'\r'}
			[[ $line == "$marker"* ]] || continue
			arg=${line#"$marker"}
			arg=${arg#"${arg%%[! ]*}"}
			found=1
			break
		done < "$out"
		[ -n "$found" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	rc=0
	if [ -n "$found" ]; then
		"$TOP/tests/vm/monitor.py" "$sock" "${cmds[@]//\{ARG\}/$arg}" || rc=$?
	fi
	wait "$pid" || rc=$?
	cat "$out"
	rm -f "$out" "$sock"
	return $rc
}

# build_vm_tool NAME [LDFLAGS...]: tests/vm/NAME.c, built here on the host
# into build/vm/NAME (the guest sees the tree at the same path); again when
# the source or the uapi headers are newer.
build_vm_tool() {
	local name=$1 src=$TOP/tests/vm/$1.c out=$TOP/build/vm/$1 h
	shift
	mkdir -p "$TOP/build/vm"
	for h in "$src" "$TOP"/tests/vm/*.h "$TOP"/include/uapi/linux/tdxhost*.h; do
		[ -x "$out" ] && [ ! "$h" -nt "$out" ] && continue
		${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -I"$TOP/include/uapi" \
			-o "$out.tmp.$$" "$src" "$@" && mv "$out.tmp.$$" "$out"
		return
	done
}
# The /dev/tdxhost test client (tests/vm/tdclient.c).
build_tdclient() {
	build_vm_tool tdclient
}
# The fuzzers of the netlink family and of /dev/tdxhost (tests/vm/nlfuzz.c, tdfuzz.c).
build_nlfuzz() {
	build_vm_tool nlfuzz -pthread
}
build_tdfuzz() {
	build_vm_tool tdfuzz -pthread
}
# Operations a fuzz case runs: TDXHOST_FUZZ_OPS, else $1 (make check's count).
fuzz_ops() {
	echo "${TDXHOST_FUZZ_OPS:-$1}"
}
