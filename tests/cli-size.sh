#!/bin/sh
# `make sizes`' check (tools/check-size): src/ holds to it, and a planted
# long function, a long file and a long parser without its reason are each
# caught, while a parser that says why it is long passes.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/core"

./tools/check-size src >"$tmp/out" || { cat "$tmp/out"; echo "src/ breaks a size rule"; exit 1; }

# body N: a function body of N lines in all, braces included.
body() {
	echo "{"
	i=2; while [ "$i" -lt "$1" ]; do echo "	x++;"; i=$((i + 1)); done
	echo "}"
}
{ echo "static int x;"; echo "void fits(void)"; body 80; } >"$tmp/src/core/a.c"
./tools/check-size "$tmp/src" >"$tmp/out" || { cat "$tmp/out"; echo "an 80-line function was refused"; exit 1; }

{ echo "void too_long(void)"; body 81; } >>"$tmp/src/core/a.c"
if ./tools/check-size "$tmp/src" >"$tmp/out"; then echo "an 81-line function passed"; exit 1; fi
grep -q 'core/a.c:.*too_long.* is 81 lines' "$tmp/out" || { cat "$tmp/out"; exit 1; }

{ echo "static int x;"; echo "/* One state machine over the input: long because"
  echo " * splitting it would scatter its states. */"
  echo "void parse(void)"; body 120; } >"$tmp/src/core/a.c"
./tools/check-size "$tmp/src" >"$tmp/out" || { cat "$tmp/out"; echo "a parser that says why was refused"; exit 1; }

seq 901 | sed 's/.*/int v&;/' >"$tmp/src/core/b.h"
if ./tools/check-size "$tmp/src" >"$tmp/out"; then echo "a 901-line file passed"; exit 1; fi
grep -q '^core/b.h: 901 lines' "$tmp/out" || { cat "$tmp/out"; exit 1; }
echo "ok: sizes hold; a long function and a long file are caught, a parser that says why passes"
