# SPDX-License-Identifier: GPL-2.0
# The harness itself: exit status relayed, topology as asked, --user drops
# root, distinct statuses for usage errors, timeouts, kernel warnings and
# the software TDX module's violation report; pooled guests.
# vm: once
. "$(dirname "$0")/../lib.sh"
set +e
vm --no-load -- sh -c 'exit 7'; [ $? -eq 7 ] || fail "exit status not relayed"
# a guest of its own shape, and a 20 s wait: make check-full only
if full_tier; then
	out=$(vm --no-load --cpus 4 --sockets 2 --numa 2 --mem 1G -- sh -c \
		'nproc; cat /sys/devices/system/cpu/cpu3/topology/physical_package_id; ls -d /sys/devices/system/node/node* | wc -l')
	[ "$(echo $out)" = "4 1 2" ] || fail "topology: got '$out'"
	vm --no-load --timeout 20 -- sleep 60 2>/dev/null; [ $? -eq 92 ] || fail "timeout not reported"
fi
out=$(vm --no-load --user -- id -u); [ "$out" = 65534 ] || fail "--user: got uid '$out'"
vm --bogus -- true 2>/dev/null; [ $? -eq 90 ] || fail "unknown option not a usage error"
vm --kernel 0.0-none -- true 2>/dev/null; [ $? -eq 90 ] || fail "missing kernel not a usage error"
# A WARN in the guest kernel log fails the run with its own status.
vm --no-load -- sh -c 'echo "WARNING: CPU: 0 PID: 1 at fake" > /dev/kmsg' 2>/dev/null
[ $? -eq 91 ] || fail "kernel warning not detected"
# The emu's violation line fails the run (96) unless the test expects it.
vm --no-load -- sh -c 'echo "tdxhost: emu: violation: fake" > /dev/kmsg' 2>/dev/null
[ $? -eq 96 ] || fail "emu violation not detected"
vm --no-load --allow-violation -- sh -c 'echo "tdxhost: emu: violation: fake" > /dev/kmsg'
[ $? -eq 0 ] || fail "--allow-violation: a violation still fails the run"

# Pooled guests (what make check uses): one boot serves several jobs, each
# starting from the state the guest booted in; a failed job, or --fresh,
# gets a guest of its own.
pool=$(mktemp -d /tmp/tdxhost-pool.XXXXXX)
export TDXHOST_VM_POOL=$pool
boot=/proc/sys/kernel/random/boot_id
b1=$(vm -- sh -c "echo 0 > /sys/devices/system/cpu/cpu1/online; sleep 600 & echo tdxhost-harness: job one > /dev/kmsg; cat $boot") ||
	fail "pool: first job failed"
out=$(vm -- sh -c "cat $boot /sys/devices/system/cpu/online; dmesg | grep -c 'tdxhost-harness: job one'; pgrep -c -x sleep; grep -c '^tdxhost ' /proc/modules")
[ "$(echo $out)" = "$b1 0-1 0 0 1" ] || fail "pool: second job not in the same, restored guest: got '$(echo $out)', first boot $b1"
out=$(vm --fresh -- cat $boot); [ -n "$out" ] && [ "$out" != "$b1" ] || fail "pool: --fresh reused a guest"
vm -- sh -c 'exit 5'; [ $? -eq 5 ] || fail "pool: exit status not relayed"
out=$(vm -- cat $boot); [ -n "$out" ] && [ "$out" != "$b1" ] || fail "pool: a failed job's guest was used again"
vm --no-load -- sh -c 'echo "WARNING: CPU: 0 PID: 1 at fake" > /dev/kmsg' 2>/dev/null
[ $? -eq 91 ] || fail "pool: kernel warning not detected"
"$TOP/tests/vm/run" --pool-stop
[ -z "$(ls -d "$pool"/*/ 2> /dev/null)" ] || fail "pool: --pool-stop left $(ls "$pool")"
[ "$(grep -c ' boot ' "$pool/boots.log")" = 2 ] || fail "pool: 2 boots expected for 5 pooled jobs: $(cat "$pool/boots.log")"
pgrep -f "tdxhost.pool=$pool" && fail "pool: a guest still runs after --pool-stop"
rm -rf "$pool"
exit 0
