#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the packages from a clean copy of the tree, so nothing a package
# build writes (debian/tdxctl/, ../*.deb, rpmbuild's tree) lands in the
# source tree:
#   packaging/build.sh deb   .debs with dpkg-buildpackage -us -uc -b
#   packaging/build.sh dsc   the source package (.dsc, .tar.xz)
#   packaging/build.sh rpm   RPMs with rpmbuild (--nodeps: on Debian the
#                            BuildRequires are not RPMs)
# Options:
#   --out DIR          where the copy and the results go (default build/pkg)
#   --version V        package version V instead of the VERSION file's (test
#                      builds: VERSION, dkms.conf, debian/changelog and the
#                      spec are rewritten in the copy only)
# Prints the paths of the packages built, one a line, on stdout.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-}
shift || true
out=$top/build/pkg
version=
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=${2:?}; shift 2 ;;
	--version) version=${2:?}; shift 2 ;;
	*) echo "usage: $0 deb|dsc|rpm [--out DIR] [--version V]" >&2; exit 2 ;;
	esac
done
case "$kind" in
deb|dsc|rpm) ;;
*) echo "usage: $0 deb|dsc|rpm [--out DIR] [--version V]" >&2; exit 2 ;;
esac
[ -n "$version" ] || version=$(cat "$top/VERSION")
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The tree as git sees it (tracked and new files, minus what .gitignore
# ignores); without git (an unpacked tarball) everything but build output.
list_tree() {
	if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$top" ls-files -z -co --exclude-standard
	else
		(cd "$top" && find . -path ./build -prune -o -path ./.git -prune -o -type f \
			! -name '*.o' ! -name '*.ko' ! -name '*.cmd' -print0)
	fi
}

# A clean copy of the tree at $out/$kind-$version/tdxhost-$version.
stage=$out/$kind-$version
src=$stage/tdxhost-$version
rm -rf "$stage"
mkdir -p "$src"
(cd "$top" && list_tree | while IFS= read -r -d '' f; do
	[ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 -r cp --parents -t "$src")
# Keep file modes (debian/rules must stay executable).
chmod +x "$src/debian/rules"

if [ "$version" != "$(cat "$src/VERSION")" ]; then
	echo "$version" > "$src/VERSION"
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$version\"/" "$src/dkms.conf"
	sed -i "s/^Version:.*/Version:        $version/" "$src/tdxhost.spec"
	maint=$(sed -n 's/^ -- \(.*>\)  .*/\1/p' "$src/debian/changelog" | head -n 1)
	{
		printf 'tdxhost (%s) unstable; urgency=medium\n\n' "$version"
		printf '  * Test build of version %s.\n\n' "$version"
		printf ' -- %s  %s\n\n' "$maint" "$(date -R)"
		cat "$src/debian/changelog"
	} > "$src/debian/changelog.new"
	mv "$src/debian/changelog.new" "$src/debian/changelog"
fi

log=$stage/build.log
case "$kind" in
deb|dsc)
	if [ "$kind" = deb ]; then
		args=(-us -uc -b)
	else
		args=(-us -uc -S -d)
	fi
	if ! (cd "$src" && dpkg-buildpackage "${args[@]}") > "$log" 2>&1; then
		tail -n 60 "$log" >&2
		echo "build.sh: dpkg-buildpackage failed, full log: $log" >&2
		exit 1
	fi
	find "$stage" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.dsc' -o -name '*.changes' \) | sort
	;;
rpm)
	rpmtop=$stage/rpmbuild
	mkdir -p "$rpmtop"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}
	tar -C "$stage" -czf "$rpmtop/SOURCES/tdxhost-$version.tar.gz" "tdxhost-$version"
	cp "$src/tdxhost.spec" "$rpmtop/SPECS/"
	# debug_package: Debian's rpm has no find-debuginfo to split symbols.
	if ! rpmbuild -ba --nodeps --define "_topdir $rpmtop" \
		--define 'debug_package %{nil}' "$rpmtop/SPECS/tdxhost.spec" > "$log" 2>&1; then
		tail -n 60 "$log" >&2
		echo "build.sh: rpmbuild failed, full log: $log" >&2
		exit 1
	fi
	find "$rpmtop/RPMS" "$rpmtop/SRPMS" -type f -name '*.rpm' | sort
	;;
esac
