#!/bin/bash
# bench/comments.sh: a plan page whose comments are a chain of replies,
# SMALL (1,000) against LARGE (10,000) deep, in-process (see
# bench/comments.c).  The chains are seeded past the caps, as a plan
# stored before them could be.  Builds nothing but the helper (`make
# bench` builds the app's objects).
#
# Target (exit 1 if missed): the LARGE page costs at most 15 times the
# SMALL one (linear work is at most 10 times, quadratic 100 times).
#
# Environment: ROUNDS (7), SMALL (1000), LARGE (10000).
set -eu
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-7}
SMALL=${SMALL:-1000}
LARGE=${LARGE:-10000}
[ -f build/libalignplan.a ] || { echo "comments.sh: no build/: run 'make alignplan'" >&2; exit 2; }
TMP=$(mktemp -d /tmp/alignplan-comments.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=bench/lib.sh
. bench/lib.sh  # the scripts run from the top directory
link_helper "$TMP/comments" bench/comments.c
"$TMP/comments" "$TMP/comments.db" content/session-07.md "$ROUNDS" "$SMALL" "$LARGE"
