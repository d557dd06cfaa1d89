#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One version everywhere.  The VERSION file is the single source; everything
# else must agree with it:
#   dkms.conf          PACKAGE_VERSION
#   debian/changelog   the top entry (a native package: no Debian revision)
#   tdxhost.spec       Version:
#   the module         Kbuild passes VERSION to MODULE_VERSION(); a built
#                      build/*/tdxhost.ko newer than VERSION must say it
#   tdxctl             its Makefile passes VERSION in; a built tdxctl newer
#                      than VERSION must print it for `tdxctl version`
# Prints what it compared; fails listing every place that drifted.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

drift=()
checked() { printf '  %-28s %s\n' "$1" "$2"; }
compare() {
	local where=$1 found=$2
	checked "$where" "${found:-<none>}"
	[ "$found" = "$version" ] || drift+=("$where says '${found:-<none>}'")
}

version=$(cat VERSION 2>/dev/null)
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([~+][A-Za-z0-9.]+)?$ ]]; then
	echo "version-check: VERSION holds '$version', not a version like 1.2.3" >&2
	exit 1
fi
echo "VERSION: $version"

compare "dkms.conf PACKAGE_VERSION" \
	"$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' dkms.conf)"

if [ -f debian/changelog ]; then
	compare "debian/changelog" "$(sed -n '1s/^tdxhost (\([^)]*\)).*/\1/p' debian/changelog)"
else
	drift+=("debian/changelog is missing")
fi

spec=tdxhost.spec
if [ -f "$spec" ]; then
	compare "$spec Version" "$(sed -n 's/^Version:[[:space:]]*//p' "$spec" | head -n 1)"
	# The newest %changelog entry ends in "- VERSION-RELEASE".
	compare "$spec %changelog" \
		"$(sed -n '/^%changelog/,$ s/^\*.* - \([^ -]*\)-[^ -]*$/\1/p' "$spec" | head -n 1)"
else
	drift+=("$spec is missing")
fi

# The module: the version reaches MODULE_VERSION only through VERSION.
if grep -q 'cat $(src)/VERSION' Kbuild && grep -q 'TDXHOST_VERSION' Kbuild &&
   grep -q 'MODULE_VERSION(TDXHOST_VERSION)' src/*.c; then
	checked "Kbuild -> MODULE_VERSION" "from VERSION"
else
	drift+=("the module's MODULE_VERSION is not taken from VERSION (Kbuild, src/main.c)")
fi
for ko in build/*/tdxhost.ko; do
	[ -f "$ko" ] && [ "$ko" -nt VERSION ] || continue
	compare "$ko (modinfo)" "$(modinfo -F version "$ko" 2>/dev/null)"
done

# tdxctl: the same through its Makefile.
mk=tools/tdxctl/Makefile
if grep -q 'cat $(TOP)/VERSION' "$mk" && grep -q 'TDXHOST_VERSION' "$mk"; then
	checked "$mk -> tdxctl" "from VERSION"
else
	drift+=("tdxctl's version is not taken from VERSION ($mk)")
fi
bin=tools/tdxctl/tdxctl
if [ -x "$bin" ] && [ "$bin" -nt VERSION ]; then
	# "tdxctl X.Y.Z" is the first line, whether or not the module is loaded.
	out=$("$bin" version 2>/dev/null | head -n 1)
	checked "tdxctl version" "$out"
	echo "$out" | grep -qw -- "$version" || drift+=("'$bin version' says '$out'")
fi

if [ ${#drift[@]} -gt 0 ]; then
	echo "version-check: these disagree with VERSION ($version):" >&2
	printf '  %s\n' "${drift[@]}" >&2
	exit 1
fi
echo "version-check: all agree on $version"
