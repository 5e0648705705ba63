#!/bin/bash
# bench/render.sh: the exercise page in-process, rendered afresh against
# copied from the memo (see bench/render.c).  Builds nothing but the helper
# (`make bench` builds the app's objects).  Environment: ROUNDS (9), N (2000).
set -eu
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-9}
N=${N:-2000}
[ -f build/libalignplan.a ] || { echo "render.sh: no build/: run 'make alignplan'" >&2; exit 2; }
TMP=$(mktemp -d /tmp/alignplan-render.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=bench/lib.sh
. bench/lib.sh  # the scripts run from the top directory
link_helper "$TMP/render" bench/render.c
"$TMP/render" "$TMP/render.db" content/session-07.md "$ROUNDS" "$N"
