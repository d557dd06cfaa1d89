# SPDX-License-Identifier: GPL-2.0
# A machine check on TDX private memory gets upstream's hint.  QEMU's monitor
# injects a corrected memory error whose address is a PAMT page (memory the
# TDX module owns); the kernel's MCE poller logs it and the decode chain runs
# our notifier.  An error on ordinary memory gets no such line.
. "$(dirname "$0")/../lib.sh"
vm_monitor MCE-NOW \
	"mce 0 1 0x9c0000000000009f 0 {ARG} 0x86" "mce 0 2 0x9c0000000000009f 0 0x40000000 0x86" -- \
	--mem 2G --modparams "backend=emu enable=1" -- bash -ec '
	d=/sys/kernel/debug/tdxhost
	pamt=$(sed -n "s/^tdmr 0: .* pamt4k \(0x[0-9a-f]*\)+.*/\1/p" $d/emu/state)
	[ -n "$pamt" ]
	# poll machine-check banks every second instead of every 5 minutes
	for c in /sys/devices/system/machinecheck/machinecheck*/check_interval; do echo 1 > $c; done
	echo "MCE-NOW $pamt"
	for i in $(seq 100); do
		dmesg | grep -q "TDX private memory error" && dmesg | grep -q "ADDR 40000000" && break
		sleep 0.2
	done
	dmesg | grep -E "tdxhost: machine check at physical address $pamt .*: TDX private memory error. Possible kernel bug."
	# the error on an ordinary page was logged, without the TDX hint
	dmesg | grep -q "ADDR 40000000"
	[ $(dmesg | grep -c "TDX private memory error") = 1 ]
'
