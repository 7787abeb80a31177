#!/bin/sh
# check_install.sh SOURCE_ROOT BUILD_ROOT
#
# Stages `meson install` into a temporary directory, then checks what an
# application sees: the header and esession.pc are installed, pkg-config
# gives flags that compile and link a consumer, the shared library carries a
# soversion, and it exports no symbol outside the esession_ prefix.
set -eu
src=$1
build=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

meson install -C "$build" --destdir "$stage" --no-rebuild --quiet

header=$(find "$stage" -name esession.h | head -n 1)
pc=$(find "$stage" -name esession.pc | head -n 1)
so=$(find "$stage" -name 'libesession.so.0' | head -n 1)
[ -n "$header" ] || { echo "esession.h not installed"; exit 1; }
[ -n "$pc" ] || { echo "esession.pc not installed"; exit 1; }
[ -n "$so" ] || { echo "libesession.so.0 (soversion 0) not installed"; exit 1; }
find "$stage" -name 'libesession.a' | grep -q . || { echo "static library not installed"; exit 1; }

# Exported dynamic symbols: everything public starts with esession_.
bad=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^esession_' || true)
if [ -n "$bad" ]; then
	echo "symbols exported outside the esession_ prefix:"
	echo "$bad"
	exit 1
fi

PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
PKG_CONFIG_SYSROOT_DIR=$stage
export PKG_CONFIG_SYSROOT_DIR
cflags=$(pkg-config --cflags esession)
libs=$(pkg-config --libs esession)
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror $cflags -o "$stage/consumer" \
	"$src/tests/install/consumer.c" $libs
LD_LIBRARY_PATH=$(dirname "$so") "$stage/consumer"
