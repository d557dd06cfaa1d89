#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# include/uapi/linux/tdxhost.yaml is the netlink family; these files are
# generated from it with the kernel's own tools/net/ynl, taken (like
# checkpatch.pl) from Debian's linux-source-6.12 and kept in build/ynl:
#   include/uapi/linux/tdxhost_netlink.h  ynl-gen-c.py --mode uapi (tdxhost.h includes it)
#   src/netlink_gen.{c,h}                 scripts/netlink-gen.py (ynl-gen-c.py's classes):
#                                         op table, policies, group, ENABLE's extack texts
#   src/uapi_names.{c,h}                  the same, --names: state and step names
#
#   scripts/netlink-gen.sh           regenerate them in place (make netlink-gen)
#   scripts/netlink-gen.sh --check   generate into a temporary tree and diff;
#                                    exit 1 when a committed file differs
#   scripts/netlink-gen.sh --schema  validate the spec against the kernel's
#                                    schema (Documentation/netlink/<protocol>.yaml)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

mode=${1:-write}
case $mode in
write | --check | --schema) ;;
*) echo "usage: $0 [--check | --schema]" >&2; exit 2 ;;
esac

spec=include/uapi/linux/tdxhost.yaml
outputs=(include/uapi/linux/tdxhost_netlink.h src/netlink_gen.c src/netlink_gen.h
	 src/uapi_names.c src/uapi_names.h)

for m in yaml jsonschema; do
	if ! python3 -c "import $m" 2>/dev/null; then
		echo "netlink-gen: python3 module $m missing: run 'make deps'" >&2
		exit 2
	fi
done

# The tarball is 150 MB of xz: extract once, again only when the package
# changed (its size and time are the stamp).
ynl=$top/build/ynl
src_tar=/usr/src/linux-source-6.12.tar.xz
if [ ! -r "$src_tar" ]; then
	echo "netlink-gen: $src_tar missing: run 'make deps' (package linux-source-6.12)" >&2
	exit 2
fi
stamp=$(stat -c '%s %Y' "$src_tar")
if [ "$(cat "$ynl/.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$ynl" "$ynl.new"
	mkdir -p "$ynl.new"
	tar -xJf "$src_tar" -C "$ynl.new" --strip-components=1 --wildcards \
		'*/Documentation/netlink/genetlink*.yaml' \
		'*/tools/net/ynl/ynl-gen-c.py' '*/tools/net/ynl/lib/*.py'
	echo "$stamp" > "$ynl.new/.stamp"
	mv "$ynl.new" "$ynl"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

proto=$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1])).get("protocol", "genetlink"))' "$spec")
schema=$ynl/Documentation/netlink/$proto.yaml
[ -r "$schema" ] || { echo "netlink-gen: $spec: no kernel schema for protocol '$proto'" >&2; exit 1; }
python3 - "$spec" "$schema" <<'EOF'
import sys
import jsonschema
import yaml

spec, schema = sys.argv[1], sys.argv[2]
try:
    jsonschema.validate(yaml.safe_load(open(spec)), yaml.safe_load(open(schema)))
except jsonschema.ValidationError as e:
    where = "/".join(str(p) for p in e.absolute_path) or "top level"
    sys.exit(f"netlink-gen: {spec} is not valid against {schema.split('/build/ynl/')[-1]}"
             f" at {where}: {e.message}")
EOF
echo "netlink-gen: $spec valid against Documentation/netlink/$proto.yaml"
[ "$mode" = --schema ] && exit 0

# A tree the generator accepts: it finds the root by a MAINTAINERS file
# and the schema two levels above the spec, and takes upstream's licence
# only (the outputs get this project's back).
mkdir -p "$tmp/tree/include/uapi/linux" "$tmp/out"
touch "$tmp/tree/MAINTAINERS"
cp "$ynl"/Documentation/netlink/genetlink*.yaml "$tmp/tree/include/uapi/"
sed '1s|.*|# SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)|' \
	"$spec" > "$tmp/tree/$spec"

gen=$ynl/tools/net/ynl/ynl-gen-c.py
python3 "$gen" --mode uapi --header --spec "$tmp/tree/$spec" -o "$tmp/out/tdxhost_netlink.h"
sed -i '1s|.*|/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */|' "$tmp/out/tdxhost_netlink.h"
for kind in source header; do
	ext=c
	[ $kind = header ] && ext=h
	python3 scripts/netlink-gen.py "$ynl/tools/net/ynl" "$tmp/tree/$spec" "$spec" \
		--$kind -o "$tmp/out/netlink_gen.$ext"
	python3 scripts/netlink-gen.py "$ynl/tools/net/ynl" "$tmp/tree/$spec" "$spec" \
		--$kind --names -o "$tmp/out/uapi_names.$ext"
done

rc=0
for f in "${outputs[@]}"; do
	new=$tmp/out/$(basename "$f")
	if [ "$mode" = --check ]; then
		if ! diff -u "$f" "$new" --label "$f (committed)" --label "$f (from $spec)"; then
			rc=1
		fi
	elif ! cmp -s "$f" "$new"; then
		cp "$new" "$f"
		echo "netlink-gen: wrote $f"
	fi
done
if [ $rc -ne 0 ]; then
	echo "netlink-gen: generated files differ from $spec: edit the spec, then 'make netlink-gen'" >&2
fi
exit $rc
