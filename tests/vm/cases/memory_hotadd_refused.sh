# SPDX-License-Identifier: GPL-2.0
# After enable, memory hot-added through QEMU (a new DIMM) is outside the TDX
# memory list: onlining it is refused with a clear message, the TDX memory
# is untouched, no kernel warning.
. "$(dirname "$0")/../lib.sh"
vm_monitor HOTPLUG-NOW \
	"object_add memory-backend-ram,id=hp1,size=256M" "device_add pc-dimm,id=dimm1,memdev=hp1" -- \
	--mem 2G --maxmem 4G --modparams "backend=emu enable=1" -- bash -ec '
	dmesg | grep -q "tdxhost: TDX module .* initialized"
	before=$(ls -d /sys/devices/system/memory/memory* | wc -l)
	echo HOTPLUG-NOW
	for i in $(seq 150); do
		[ $(ls -d /sys/devices/system/memory/memory* | wc -l) -gt $before ] && break
		sleep 0.2
	done
	[ $(ls -d /sys/devices/system/memory/memory* | wc -l) -gt $before ] || { echo "no memory was added"; exit 1; }
	sleep 1
	# Try to online every offline block (6.12 already tried by itself).
	refused=0
	for b in /sys/devices/system/memory/memory*; do
		[ "$(cat $b/state)" = offline ] || continue
		if echo online > $b/state 2>/dev/null; then echo "$b went online"; exit 1; fi
		refused=$((refused + 1))
	done
	echo "offline blocks refused: $refused"
	[ $refused -gt 0 ]
	dmesg | grep -q "tdxhost: refusing to online memory \[0x[0-9a-f]*-0x[0-9a-f]*\]: it is not TDX memory (TDX is initialized; TDX cannot use memory added after initialization)"
'
