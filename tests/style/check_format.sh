#!/bin/sh
# check_format.sh SOURCE_ROOT - every C source and header of the project must
# be left unchanged by clang-format with the repository's .clang-format.
# Files are listed when the test runs (tracked and new, not ignored), so a
# file added since `meson setup` is checked too.
set -eu
cd "$1"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	files=$(git ls-files --cached --others --exclude-standard -- '*.c' '*.h')
else
	files=$(find esession tests bench fuzz examples -name '*.[ch]' 2>/dev/null)
fi
[ -n "$files" ] || { echo "no sources found"; exit 1; }
# shellcheck disable=SC2086
clang-format --dry-run --Werror $files
echo "$(echo "$files" | wc -l) files formatted"
