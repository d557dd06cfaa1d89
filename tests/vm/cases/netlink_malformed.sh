# SPDX-License-Identifier: GPL-2.0
# Malformed requests from a raw netlink client (tests/netlink/nlclient.py):
# wrong attribute types, missing and oversized attributes, unknown commands,
# truncated messages.  Each gets an error (with extack text where tdxhost's
# policy or handler answers), the kernel logs no warning (the harness fails
# on one), and the module answers normally afterwards; as root and as an
# unprivileged user, before and after enable.  A dump that spans a state
# change comes back marked NLM_F_DUMP_INTR.
# vm: every kernel
. "$(dirname "$0")/../lib.sh"
vm -- bash -ec '
	c=$TDXHOST_TOP/tests/netlink/nlclient.py
	python3 $c malformed
	$TDXHOST_TOP/tools/tdxctl/tdxctl enable > /dev/null
	python3 $c malformed
	setpriv --reuid=65534 --regid=65534 --clear-groups -- python3 $c malformed
	[ "$(python3 $c status)" = initialized ]
	$TDXHOST_TOP/tools/tdxctl/tdxctl status | grep -q "^state  *initialized"
	# a multi-message dump across a state change is flagged NLM_F_DUMP_INTR
	python3 $c dump-intr "echo 1 > /sys/kernel/debug/tdxhost/reset; $TDXHOST_TOP/tools/tdxctl/tdxctl enable > /dev/null"
'
