#!/bin/sh
# check_seeds.sh MAKE_SEEDS SOURCE_ROOT - the transcript seeds (t-*) in
# fuzz/corpus must be what make_seeds writes today: a change of the
# negotiation's bytes would otherwise leave the session harnesses with
# seeds that stop at the first MAC check, silently.
set -eu
make_seeds=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in "$root"/fuzz/corpus/*/; do
	mkdir -p "$tmp/$(basename "$d")"
done
"$make_seeds" "$tmp"
status=0
for f in $(cd "$tmp" && find . -type f -name 't-*' | sort); do
	if ! cmp -s "$tmp/$f" "$root/fuzz/corpus/$f"; then
		echo "stale or missing seed: fuzz/corpus/$f (rerun make_seeds fuzz/corpus)"
		status=1
	fi
done
for f in $(cd "$root/fuzz/corpus" && find . -type f -name 't-*' | sort); do
	[ -f "$tmp/$f" ] || { echo "seed no longer produced: fuzz/corpus/$f"; status=1; }
done
exit $status
