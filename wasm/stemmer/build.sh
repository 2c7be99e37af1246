#!/usr/bin/env bash
# Snowball's stemmers (libstemmer) for WebAssembly from Debian's source package `snowball`.
#   wasm/stemmer/build.sh SNOWBALL_SOURCE_DIR   -> prints the prefix (include/libstemmer.h, lib/libstemmer.a)
# Natively the core links Debian's libstemmer-dev; Debian ships no wasm build, so the snowball
# compiler is built natively from the source package, generates the C stemmers of the languages the
# core stems (shared/src/knowledge/stem.cpp), and emcc compiles them with the library's runtime.
# Cached in $PARLEY_CACHE/stemmer-wasm-<version>-<key>, the key hashing this script and emcc's
# version (≈ 30 s on 2 cores when absent). stdout carries only the prefix.
set -euo pipefail
fail() { printf '[stemmer] error: %s\n' "$*" >&2; exit 1; }
if [ $# != 1 ] || [ -z "$1" ]; then fail "usage: wasm/stemmer/build.sh SNOWBALL_SOURCE_DIR (the unpacked Debian source package snowball-2.2.0/)"; fi
if [ ! -f "$1/libstemmer/modules.txt" ] || [ ! -f "$1/GNUmakefile" ]; then
  fail "'$1' is not a snowball source tree (no libstemmer/modules.txt); tools/dev setup unpacks it with apt-get source snowball"
fi
SRC="$(cd "$1" && pwd)"
CACHE="${PARLEY_CACHE:-$HOME/.cache/parley}"
export NODE_PATH=/usr/share/nodejs
command -v emcc >/dev/null || fail "emcc not found (Debian package emscripten; tools/dev setup installs it)"
command -v cc >/dev/null || fail "cc not found: the snowball compiler is built natively (Debian package build-essential)"

# The algorithms the core asks for (stem.cpp's table): the others would only add bytes to the cores.
ALGORITHMS="arabic dutch english french german hindi indonesian italian portuguese russian spanish turkish"

VERSION=$(sed -n 's/^SNOWBALL_VERSION = //p' "$SRC/GNUmakefile")
[ -n "$VERSION" ] || fail "no SNOWBALL_VERSION in $SRC/GNUmakefile"
# Not `emcc --version | head -n1`: emcc can die of SIGPIPE and pipefail then fails at random.
EMCC_VERSION=$(emcc --version 2>/dev/null) || fail "emcc --version failed"
EMCC_VERSION=${EMCC_VERSION%%$'\n'*}
KEY=$( { cat "$0"; echo "$EMCC_VERSION"; } | sha256sum | cut -c1-12)
PREFIX="$CACHE/stemmer-wasm-$VERSION-$KEY"
if [ ! -f "$PREFIX/.complete" ]; then
  echo "[stemmer] building Snowball $VERSION's stemmers for wasm into $PREFIX (cached afterwards)" >&2
  WORK="$CACHE/partial-stemmer-work-$VERSION-$KEY"
  PARTIAL="$CACHE/partial-stemmer-wasm-$VERSION-$KEY"
  LOG="$CACHE/stemmer-build.log"
  rm -rf "$WORK" "$PARTIAL"
  mkdir -p "$PARTIAL/lib" "$PARTIAL/include"
  # Generated in a copy: the cached source tree stays as apt-get source unpacked it.
  cp -a "$SRC" "$WORK"
  # 1. Only our algorithms in the module table (UTF-8 only; the core passes UTF-8).
  for a in $ALGORITHMS; do
    grep -E "^${a}[[:space:]]" "$SRC/libstemmer/modules.txt" || fail "no algorithm '$a' in $SRC/libstemmer/modules.txt"
  done > "$WORK/libstemmer/modules.txt"
  # 2. The snowball compiler (native), the module table and the C stemmers.
  (cd "$WORK" && make -s snowball libstemmer/libstemmer_utf8.c libstemmer/modules_utf8.h &&
    mkdir -p src_c && for a in $ALGORITHMS; do
      ./snowball "algorithms/$a.sbl" -o "src_c/stem_UTF_8_$a" -eprefix "${a}_UTF_8_" -r ../runtime -u || exit 1
    done) >"$LOG" 2>&1 || { tail -n 30 "$LOG" >&2; fail "generating the C stemmers failed (log: $LOG)"; }
  # 3. The wasm library: the runtime, the UTF-8 module table and the stemmers.
  (cd "$WORK" && for f in runtime/api.c runtime/utilities.c libstemmer/libstemmer_utf8.c src_c/stem_UTF_8_*.c; do
      emcc -Oz -Iinclude -c "$f" -o "${f%.c}.wasm.o" || exit 1
    done && emar rcs "$PARTIAL/lib/libstemmer.a" runtime/*.wasm.o libstemmer/*.wasm.o src_c/*.wasm.o) >"$LOG" 2>&1 \
    || { tail -n 30 "$LOG" >&2; fail "compiling the stemmers for wasm failed (log: $LOG)"; }
  cp "$WORK/include/libstemmer.h" "$PARTIAL/include/"
  rm -rf "$WORK" "$LOG"
  touch "$PARTIAL/.complete"
  mv "$PARTIAL" "$PREFIX"
fi
echo "$PREFIX"
