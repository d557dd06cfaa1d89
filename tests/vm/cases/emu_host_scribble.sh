# SPDX-License-Identifier: GPL-2.0
# The software TDX module notices a host that writes into memory it owns,
# as hardware's integrity check would: a stray write into a PAMT page, a
# TDR and a TD private page each makes a violation, reported once in dmesg
# ("tdxhost: emu: violation: ...", which fails every other VM test: exit 96)
# and counted in emu/state, found by emu/verify and by the next leaf that
# uses the page.  A host that reads a private page sees ciphertext, not
# what PAGE.ADD was given.  Without a scribble, verify finds nothing.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --allow-violation -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	E=$D/emu
	violations() { sed -n "s/^violations: //p" $E/state; }
	$TDXCTL enable > /dev/null
	coproc H { exec $TDCLIENT hold final; }
	read -r -u "${H[0]}" ready final id mrtd
	[ "$ready $final" = "ready final" ] || { echo "$ready $final $id"; exit 1; }

	echo 1 > $E/verify
	[ "$(violations)" = 0 ] || { echo "violations before any scribble"; exit 1; }
	! dmesg | grep -q "tdxhost: emu: violation"

	# private memory reads back as ciphertext: the page was all zeroes
	echo "read private" > $E/host_access
	read pa hex < $E/host_access
	[ "$hex" != 00000000000000000000000000000000 ] || { echo "private page reads as plaintext"; exit 1; }
	echo "private page $pa reads $hex"

	n=0
	for kind in PAMT TDR private; do
		echo "write $kind" > $E/host_access
		echo 1 > $E/verify
		n=$((n + 1))
		[ "$(violations)" = $n ] || { echo "$kind: violations $(violations), want $n"; exit 1; }
		dmesg | grep "emu: verify: 1 new violation"  > /dev/null
	done
	# reported once, with the first one
	[ "$(dmesg | grep -c "tdxhost: emu: violation:")" = 1 ]
	dmesg | grep -q "tdxhost: emu: violation: the host wrote into TDX module memory: PAMT page 0x[0-9a-f]* (1 so far)"
	grep -q "^first_violation: PAMT 0x" $E/state

	# the next leaf that uses a scribbled page sees it too: teardown reclaims the TDR
	echo "write TDR" > $E/host_access
	eval "exec ${H[1]}>&-"; wait $H_PID
	[ "$(violations)" = $((n + 1)) ] || { echo "teardown: violations $(violations)"; exit 1; }
	echo "violations: $(violations)"
'
