#!/bin/sh
# with-pg.sh CMD...: run CMD with a throwaway PostgreSQL 15 of its own
# (tests/pg-lib.sh), its URL in ALIGNPLAN_PG_URL; stop and delete it
# afterwards, whatever CMD did, also when this script is interrupted or
# sent SIGTERM.  Exits with CMD's status.
#
#   tests/with-pg.sh build/test-pg-conn
set -u
. "$(dirname "$0")/pg-lib.sh"
[ $# -gt 0 ] || { echo "usage: with-pg.sh CMD..." >&2; exit 2; }
child=
trap 'pg_stop_all' EXIT
trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; exit 130' INT TERM HUP
pg_start >/dev/null || exit 1
echo "with-pg: $PG_URL" >&2
# In the background so that a signal is handled at once (a shell runs its
# traps only between commands), with our stdin (not /dev/null).
ALIGNPLAN_PG_URL=$PG_URL "$@" 0<&0 &
child=$!
wait "$child"
rc=$?
child=
exit $rc
