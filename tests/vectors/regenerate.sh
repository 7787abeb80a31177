#!/bin/sh
# The checked-in vectors must be exactly what the generator writes:
# regenerate every file into a fresh directory and compare byte for byte.
# usage: regenerate.sh ESESSION_TOOL SOURCE_ROOT
set -eu
tool=$1
root=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$tool" vectors generate --out "$out" >/dev/null 2>"$out/log" || {
	cat "$out/log" >&2
	exit 1
}
status=0
for f in "$out"/*.json; do
	name=$(basename "$f")
	if ! cmp "$f" "$root/vectors/$name"; then
		echo "vectors/$name differs from a fresh generation" >&2
		status=1
	fi
done
for f in "$root"/vectors/*.json; do
	name=$(basename "$f")
	[ "$name" = schema.json ] && continue
	if [ ! -e "$out/$name" ]; then
		echo "vectors/$name is not generated any more" >&2
		status=1
	fi
done
exit $status
