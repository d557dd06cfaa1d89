# SPDX-License-Identifier: GPL-2.0
# An open /dev/tdxhost, and an open TD fd on its own, keep the module loaded
# (rmmod: in use); a debugfs reset of the emu is refused while a TD exists;
# once closed, the TD is torn down and both work.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	cd "$(mktemp -d)"
	hold() {	# a tdclient holding a reference until its stdin closes; $line: its "ready"
		coproc H { exec $TDCLIENT hold "$@"; }
		hold_pid=$H_PID hold_in=${H[1]}
		read -r -u "${H[0]}" line
	}
	release() {
		eval "exec $hold_in>&-"
		wait "$hold_pid"
	}
	hold dev
	[ "$line" = "ready dev" ] || { echo "$line"; exit 1; }
	if rmmod tdxhost 2> err; then echo "rmmod with /dev/tdxhost open"; exit 1; fi
	grep -q "in use" err
	release

	$TDXCTL enable > /dev/null
	hold td
	[[ "$line" == "ready td "* ]] || { echo "$line"; exit 1; }
	[ "$(cat /sys/module/tdxhost/refcnt)" -ge 1 ]
	if rmmod tdxhost 2> err; then echo "rmmod with a TD fd open"; exit 1; fi
	grep -q "in use" err
	[ "$(td_counters)" = "tds 1 pages 7 leaked 0 hkids_in_use 1" ] || { td_counters; exit 1; }
	if echo 1 > $D/reset 2> err; then echo "reset with a TD"; exit 1; fi
	grep -q "busy" err
	release
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	echo 1 > $D/reset
	rmmod tdxhost
'
