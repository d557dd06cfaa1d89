# SPDX-License-Identifier: GPL-2.0
# The harness itself: exit status relayed, topology as asked, --user drops
# root, distinct statuses for usage errors, timeouts, kernel warnings and
# the software TDX module's violation report.
# vm: once
. "$(dirname "$0")/../lib.sh"
set +e
vm --no-load -- sh -c 'exit 7'; [ $? -eq 7 ] || fail "exit status not relayed"
out=$(vm --no-load --cpus 4 --sockets 2 --numa 2 --mem 1G -- sh -c \
	'nproc; cat /sys/devices/system/cpu/cpu3/topology/physical_package_id; ls -d /sys/devices/system/node/node* | wc -l')
[ "$(echo $out)" = "4 1 2" ] || fail "topology: got '$out'"
out=$(vm --no-load --user -- id -u); [ "$out" = 65534 ] || fail "--user: got uid '$out'"
vm --bogus -- true 2>/dev/null; [ $? -eq 90 ] || fail "unknown option not a usage error"
vm --kernel 0.0-none -- true 2>/dev/null; [ $? -eq 90 ] || fail "missing kernel not a usage error"
vm --no-load --timeout 20 -- sleep 60 2>/dev/null; [ $? -eq 92 ] || fail "timeout not reported"
# A WARN in the guest kernel log fails the run with its own status.
vm --no-load -- sh -c 'echo "WARNING: CPU: 0 PID: 1 at fake" > /dev/kmsg' 2>/dev/null
[ $? -eq 91 ] || fail "kernel warning not detected"
# The emu's violation line fails the run (96) unless the test expects it.
vm --no-load -- sh -c 'echo "tdxhost: emu: violation: fake" > /dev/kmsg' 2>/dev/null
[ $? -eq 96 ] || fail "emu violation not detected"
vm --no-load --allow-violation -- sh -c 'echo "tdxhost: emu: violation: fake" > /dev/kmsg'
[ $? -eq 0 ] || fail "--allow-violation: a violation still fails the run"
exit 0
