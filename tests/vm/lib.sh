# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/vm/cases/*.sh (host side).  KVER comes from make check.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KVER=${KVER:-$("$TOP/scripts/kernels.sh" list | head -n 1)}
# vm [harness options] -- command: boot $KVER and run the command there.
vm() {
	"$TOP/tests/vm/run" --kernel "$KVER" "$@"
}
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
