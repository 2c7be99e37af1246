#!/usr/bin/env bash
# Cross-build ICU for WebAssembly from Debian's source package, with a trimmed data package.
#   wasm/icu/build.sh ICU_SOURCE_DIR   -> prints the install prefix (lib/, include/, data/icudt72l.dat)
# The libraries are cached in $PARLEY_CACHE/icu-wasm-<version>-<key>, where the key hashes the
# library part of this script; they are rebuilt only when absent (≈ 6 minutes on 2 cores). The data
# package is cut again (seconds) whenever data-items.txt changes.
# Every failure stops with a message naming the step; stdout carries only the prefix.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail() { printf '[icu] error: %s\n' "$*" >&2; exit 1; }
if [ $# != 1 ] || [ -z "$1" ]; then fail "usage: wasm/icu/build.sh ICU_SOURCE_DIR (the unpacked Debian source package icu-72.1/)"; fi
[ -f "$1/source/common/unicode/uvernum.h" ] \
  || fail "'$1' is not an ICU source tree (no source/common/unicode/uvernum.h); tools/dev setup unpacks it with apt-get source icu"
SRC="$(cd "$1" && pwd)/source"
CACHE="${PARLEY_CACHE:-$HOME/.cache/parley}"
export NODE_PATH=/usr/share/nodejs
command -v emcc >/dev/null || fail "emcc not found (Debian package emscripten; tools/dev setup installs it)"
# Debian installs icupkg in /usr/sbin, which is not on an ordinary user's PATH.
ICUPKG=$(command -v icupkg || true)
[ -n "$ICUPKG" ] || ICUPKG=/usr/sbin/icupkg
[ -x "$ICUPKG" ] || fail "icupkg not found on PATH nor in /usr/sbin (Debian package icu-devtools; tools/dev setup installs it)"

VERSION=$(sed -n 's/^#define U_ICU_VERSION "\(.*\)"/\1/p' "$SRC/common/unicode/uvernum.h")
[ -n "$VERSION" ] || fail "no U_ICU_VERSION in $SRC/common/unicode/uvernum.h"
MAJOR=${VERSION%%.*}
# The key covers the recipe below and the compiler: a new emscripten means new libraries.
# Not `emcc --version | head -n1`: head exits after one line, emcc can die of SIGPIPE writing the
# rest, and pipefail then fails the build at random.
EMCC_VERSION=$(emcc --version 2>/dev/null) || fail "emcc --version failed"
EMCC_VERSION=${EMCC_VERSION%%$'\n'*}
KEY=$( { sed '/^# 3. Data/,$d' "$0"; echo "$EMCC_VERSION"; } | sha256sum | cut -c1-12)
PREFIX="$CACHE/icu-wasm-$VERSION-$KEY"
if [ ! -f "$PREFIX/.complete" ]; then

echo "[icu] building ICU $VERSION for wasm into $PREFIX (cached afterwards)" >&2
# Built under another name and renamed when complete, so nobody picks up a half-built prefix.
FINAL="$PREFIX"
PREFIX="$CACHE/partial-icu-wasm-$VERSION-$KEY"
WORK="$CACHE/partial-icu-work-$VERSION-$KEY"
rm -rf "$WORK" "$PREFIX"
mkdir -p "$WORK/native" "$WORK/wasm" "$PREFIX/lib" "$PREFIX/include/unicode"

# 1. A native *configure* is enough for --with-cross-build: it only needs icucross.mk/.inc.
(cd "$WORK/native" && "$SRC/configure" --disable-tests --disable-samples &&
  make -s config/icucross.mk config/icucross.inc) >"$CACHE/icu-native.log" 2>&1 \
  || { tail -n 30 "$CACHE/icu-native.log" >&2; fail "native configure of ICU failed (log: $CACHE/icu-native.log)"; }

# 2. The wasm libraries: common (uc), i18n, and stubdata (data comes at run time).
TRIMS="-DUCONFIG_NO_LEGACY_CONVERSION=1 -DU_CHARSET_IS_UTF8=1 -DUCONFIG_NO_SERVICE=1 -DUCONFIG_NO_COLLATION=1 \
-DUCONFIG_NO_TRANSLITERATION=1 -DUCONFIG_NO_REGULAR_EXPRESSIONS=1 -DUCONFIG_NO_IDNA=1 -DUCONFIG_NO_FILE_IO=1"
FLAGS="-O2 -flto -fwasm-exceptions $TRIMS"
(cd "$WORK/wasm" &&
  CFLAGS="$FLAGS" CXXFLAGS="$FLAGS -std=c++17" emconfigure "$SRC/configure" --host=wasm32-unknown-linux \
    --with-cross-build="$WORK/native" --enable-static --disable-shared --disable-tools --disable-tests \
    --disable-samples --disable-extras --disable-icuio --disable-layoutex --disable-dyload \
    --with-data-packaging=archive) >"$CACHE/icu-configure.log" 2>&1 \
  || { tail -n 30 "$CACHE/icu-configure.log" >&2; fail "emconfigure of ICU for wasm failed (log: $CACHE/icu-configure.log)"; }
mkdir -p "$WORK/wasm/lib"
for d in stubdata common i18n; do
  emmake make -s -j"$(nproc)" -C "$WORK/wasm/$d" >"$CACHE/icu-make-$d.log" 2>&1 \
    || { tail -n 40 "$CACHE/icu-make-$d.log" >&2; fail "building ICU $d for wasm failed (log: $CACHE/icu-make-$d.log)"; }
done
rm -f "$CACHE"/icu-*.log
cp "$WORK/wasm/lib/libicuuc.a" "$WORK/wasm/lib/libicui18n.a" "$PREFIX/lib/"
cp "$WORK/wasm/stubdata/libicudata.a" "$PREFIX/lib/" 2>/dev/null || cp "$WORK/wasm/lib/libicudata.a" "$PREFIX/lib/"
cp "$SRC"/common/unicode/*.h "$SRC"/i18n/unicode/*.h "$PREFIX/include/unicode/"
# The trims must be visible to code that includes the headers, or inline functions disagree.
for t in $TRIMS; do d=${t#-D}; echo "#ifndef ${d%%=*}"; echo "#define ${d%%=*} ${d#*=}"; echo "#endif"; done \
  > "$PREFIX/include/unicode/parley_trims.h"
sed -i '1i #include "unicode/parley_trims.h"' "$PREFIX/include/unicode/platform.h"
rm -rf "$WORK"
touch "$PREFIX/.complete"
mv "$PREFIX" "$FINAL"
PREFIX="$FINAL"
fi

# 3. Data: only the items Parley uses, picked from Debian's prebuilt data with icupkg.
#    The output must be named icudt<major>l.dat or every lookup fails.
#    (icupkg reads a list only from a file whose name ends in .txt.)
DATA_KEY=$(sha256sum < "$HERE/data-items.txt" | cut -c1-12)
if [ "$(cat "$PREFIX/data/.key" 2>/dev/null)" != "$DATA_KEY" ]; then
  DAT="$SRC/data/in/icudt${MAJOR}l.dat"
  WORK=$(mktemp -d)
  [ -f "$DAT" ] || fail "no prebuilt ICU data $DAT in the source package"
  "$ICUPKG" -l "$DAT" | grep -E -f <(grep -vE '^(#|$)' "$HERE/data-items.txt") > "$WORK/items.txt" \
    || fail "listing the data items of $DAT failed (or no item of data-items.txt matched)"
  mkdir -p "$WORK/extract" "$PREFIX/data"
  "$ICUPKG" -x "$WORK/items.txt" -d "$WORK/extract" "$DAT" >&2 || fail "icupkg could not extract the data items"
  "$ICUPKG" -tl --ignore-deps -s "$WORK/extract" -a "$WORK/items.txt" new "$WORK/icudt${MAJOR}l.dat" >&2 \
    || fail "icupkg could not write the trimmed data package"
  mv "$WORK/icudt${MAJOR}l.dat" "$PREFIX/data/icudt${MAJOR}l.dat"
  echo "$DATA_KEY" > "$PREFIX/data/.key"
  echo "[icu] data: $(wc -l < "$WORK/items.txt") items, $(stat -c %s "$PREFIX/data/icudt${MAJOR}l.dat") bytes" >&2
  rm -rf "$WORK"
fi
echo "$PREFIX"
