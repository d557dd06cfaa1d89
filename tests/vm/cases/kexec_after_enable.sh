# SPDX-License-Identifier: GPL-2.0
# kexec after enable: the reboot notifier flushes caches, then (the emu
# models a Sapphire Rapids, a CPU with the partial-write erratum) resets the
# PAMT and the pages of a TD that is still open, and the second kernel boots.  The emu logs what the PAMT held at the
# flush and just before the jump; the first kernel's console is all that is
# left of it, so the guest raises the console log level and the checks run
# here, on what the harness relayed.  The command saves its result and log
# before the jump: the second kernel (the harness's initramfs in its probe
# mode) only says it booted and powers off.
. "$(dirname "$0")/../lib.sh"
build_tdclient
command -v kexec > /dev/null || fail "kexec-tools is not installed (scripts/deps.sh)"
out=$(mktemp /tmp/tdxhost-kexec.XXXXXX)
trap 'rm -f "$out"' EXIT
rc=0
# --fresh: kexec replaces the guest kernel; no pooled guest survives it.
vm --fresh --mem 2G -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	$TDXCTL enable > /dev/null
	# a finalized TD (17 pages) stays open over the jump
	sleep 3600 | $TDCLIENT hold final > /dev/null &
	for i in $(seq 100); do grep -q "^tds 1" $D/td && [ "$(sed -n "s/^pages //p" $D/td)" = 17 ] && break; sleep 0.1; done
	res=$(awk "\$1 == \"results\" && \$3 == \"9p\" {print \$2}" /proc/mounts)
	[ -d "$res" ]
	kexec -l /boot/vmlinuz-$TDXHOST_KVER --initrd=$TDXHOST_TOP/build/vm/initramfs-$TDXHOST_KVER.cpio.gz \
		--append="console=ttyS0 loglevel=4 panic=-1 tdxhost.probe=1"
	echo 0 > "$res/rc"
	dmesg > "$res/dmesg"
	sync
	dmesg -n 8
	echo KEXEC-NOW
	kexec -e
	echo "kexec -e returned"
	echo 1 > "$res/rc"
	sync
' > "$out" 2>&1 || rc=$?
cat "$out"
[ $rc = 0 ] || fail "the guest command failed ($rc)"
line() { { grep -n -m 1 -e "$1" "$out" || true; } | cut -d: -f1; }
jump=$(line KEXEC-NOW)
note=$(line "tdxhost: kexec with TDX initialized: flushing caches, then resetting PAMTs and TD private memory")
flush=$(line "tdxhost: emu: WBINVD on every CPU (PAMT: [1-9][0-9]* of [0-9]* pages hold entries)")
tdreset=$(line "tdxhost: reset 17 TD pages before the jump")
reset=$(line "tdxhost: emu: before the jump: PAMT: 0 of [0-9]* pages hold entries: reset after the WBINVD")
booted=$(line TDXHOST-PROBE-OK)
[ -n "$jump" ] && [ -n "$note" ] && [ -n "$flush" ] && [ -n "$reset" ] ||
	fail "the emu did not log the flush, then the reset (lines: ${note:-?} ${flush:-?} ${reset:-?})"
[ -n "$booted" ] || fail "the second kernel did not boot"
[ -n "$tdreset" ] || fail "the open TD's pages were not reset"
[ "$jump" -lt "$note" ] && [ "$note" -lt "$flush" ] && [ "$flush" -lt "$tdreset" ] &&
	[ "$tdreset" -lt "$reset" ] && [ "$flush" -lt "$reset" ] &&
	[ "$reset" -lt "$booted" ] || fail "out of order: $jump $note $flush $reset $booted"
echo "kexec: flush (line $flush), PAMT reset (line $reset), second kernel booted (line $booted)"
