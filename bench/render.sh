#!/bin/bash
# bench/render.sh: the exercise page in-process, rendered afresh against
# copied from the memo (see bench/render.c).  Builds nothing but the helper
# (`make bench` builds the app's objects).  Environment: ROUNDS (9), N (2000).
set -eu
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-9}
N=${N:-2000}
[ -f build/router.o ] || { echo "render.sh: no build/: run 'make alignplan'" >&2; exit 2; }
TMP=$(mktemp -d /tmp/alignplan-render.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
objs=
for f in src/*.c; do
	case $f in src/main.c) continue ;; esac
	objs="$objs build/$(basename "$f" .c).o"
done
# shellcheck disable=SC2086,SC2046
${CC:-cc} -std=c17 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -Isrc \
	$(pkg-config --cflags libmicrohttpd sqlite3 libsodium md4c libzip) \
	-o "$TMP/render" bench/render.c $objs build/assets.o \
	$(pkg-config --libs libmicrohttpd sqlite3 libsodium md4c libzip) -lpthread
"$TMP/render" "$TMP/render.db" content/session-07.md "$ROUNDS" "$N"
