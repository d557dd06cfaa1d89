# SPDX-License-Identifier: GPL-2.0
# An unknown backend is refused with a message naming it; nothing stays loaded.
. "$(dirname "$0")/../lib.sh"
vm --no-load -- bash -ec '
	ko=$TDXHOST_TOP/build/$TDXHOST_KVER/tdxhost.ko
	if insmod "$ko" backend=bogus 2>/dev/null; then echo "loaded with backend=bogus"; exit 1; fi
	dmesg | grep -q "tdxhost: unknown backend .bogus. (use auto, hw or emu)"
	! grep -q "^tdxhost " /proc/modules
	insmod "$ko" backend=emu
	rmmod tdxhost
'
