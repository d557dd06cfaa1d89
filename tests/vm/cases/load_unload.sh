# SPDX-License-Identifier: GPL-2.0
# The module loads on the emu backend, says so with version and backend,
# documents every parameter, and unloads cleanly.
# vm: every kernel
. "$(dirname "$0")/../lib.sh"
vm -- bash -ec '
	ko=$TDXHOST_TOP/build/$TDXHOST_KVER/tdxhost.ko
	grep -q "^tdxhost " /proc/modules
	dmesg | grep -E "tdxhost: version $(cat $TDXHOST_TOP/VERSION) loaded, backend emu \(software TDX module: INSECURE" 
	# every parameter has a description
	params=$(modinfo -F parm "$ko")
	[ -n "$params" ]
	echo "$params" | while IFS= read -r p; do
		case "$p" in *:?*) ;; *) echo "parameter without description: $p"; exit 1 ;; esac
	done
	modinfo -F version "$ko" | grep -qx "$(cat $TDXHOST_TOP/VERSION)"
	rmmod tdxhost
	! grep -q "^tdxhost " /proc/modules
	dmesg | grep -q "tdxhost: unloaded"
'
