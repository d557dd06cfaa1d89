# SPDX-License-Identifier: GPL-2.0
# A process killed with SIGKILL in the middle of a large TD build (60,000
# measured pages) loses its TD cleanly: the fd's release tears it down in the
# full order and leaves no TD, no page and no KeyID behind; then a new TD
# builds on the same host.
. "$(dirname "$0")/../lib.sh"
build_tdclient
vm --cpus 2 --sockets 2 --timeout 600 -- bash -ec '
	. $TDXHOST_TOP/tests/vm/guest-lib.sh
	$TDXCTL enable > /dev/null
	$TDCLIENT build --pages 60000 > /dev/null &
	pid=$!
	# kill it once it is adding pages
	for i in $(seq 100); do
		p=$(sed -n "s/^pages //p" $D/td)
		[ "${p:-0}" -gt 100 ] && break
		sleep 0.1
	done
	[ "${p:-0}" -gt 100 ] || { echo "the build never got to its pages"; td_counters; exit 1; }
	kill -9 $pid
	wait $pid || true
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
	echo "killed mid-build at $p pages: nothing left"
	[ "$($TDCLIENT build --vcpus 1 --pages 2)" = "result done" ]
	[ "$(td_counters)" = "tds 0 pages 0 leaked 0 hkids_in_use 0" ] || { td_counters; exit 1; }
'
