#!/bin/sh
# tests/pg-lib.sh starts a real PostgreSQL 15 on a Unix socket of its own,
# as the postgres user when run as root, with an ordinary role owning the
# test database; two can run at once; stopping (or interrupting
# tests/with-pg.sh) leaves no process and no directory behind.
set -eu
cd "$(dirname "$0")/.."
. tests/pg-lib.sh
tmp=$(mktemp -d)
chmod 755 "$tmp"        # the postgres user keeps its instances in here
# At the end, also any instance a failed with-pg.sh left in $tmp.
trap 'pg_stop_all; for d in "$tmp"/alignplan-pg.*; do pg_stop "$d"; done
	rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
fail() { echo "not ok - $*" >&2; exit 1; }
pass() { echo "ok - $*"; }
PSQL="$PG_BIN/psql -X -A -t -q -v ON_ERROR_STOP=1"
export PG_TMPDIR=$tmp

# postmaster_of DIR: the pid of the instance's postmaster.
postmaster_of() { head -1 "$1/data/postmaster.pid"; }

url=$(pg_start | tail -1)   # in a subshell: only the URL is kept here
dir=$(echo "$url" | sed -n 's/.*host=\([^&]*\).*/\1/p')
PG_DIRS="$PG_DIRS $dir"     # so that the trap stops it
case $url in
postgresql://alignplan@/alignplan_test\?host=$tmp/alignplan-pg.*\&port=5432) ;;
*) fail "unexpected URL $url" ;;
esac
[ -S "$dir/.s.PGSQL.5432" ] || fail "no socket in $dir"
pm=$(postmaster_of "$dir")
want=$(id -un); [ "$(id -u)" -eq 0 ] && want=postgres
[ "$(ps -o user= -p "$pm")" = "$want" ] ||
	fail "the postmaster runs as $(ps -o user= -p "$pm"), not $want"
pass "started in $dir as $want"

out=$($PSQL "$url" -c "SELECT current_user, current_database(),
	(SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
	current_setting('listen_addresses')")
[ "$out" = "alignplan|alignplan_test|f|" ] || fail "psql said: $out"
$PSQL "$url" -c "CREATE TABLE only_in_first (x int)"
pass "psql connects as an ordinary role, no TCP listener"

# A second instance beside the first: its own database, its own socket.
pg_start >/dev/null
[ "$PG_DIR" != "$dir" ] || fail "the second instance reused $dir"
n=$($PSQL "$PG_URL" -c "SELECT count(*) FROM pg_tables
	WHERE tablename = 'only_in_first'")
[ "$n" = 0 ] || fail "the second instance sees the first one's table"
$PSQL "$url" -c "SELECT 1 FROM only_in_first" >/dev/null ||
	fail "the first instance lost its table"
second=$PG_DIR
pm2=$(postmaster_of "$second")
pass "a second instance runs beside the first"

# Two started at the very same moment by tests/with-pg.sh.
for i in 1 2; do
	tests/with-pg.sh sh -c "$PSQL \"\$ALIGNPLAN_PG_URL\" \
		-c 'CREATE TABLE t$i (x int)' -c \"SELECT count(*) FROM
		pg_tables WHERE tablename LIKE 't_'\" >$tmp/count$i; exit $i" \
		2>"$tmp/with$i.log" &
	eval "w$i=\$!"
done
# Each exits with its command's status (1 and 2).
for i in 1 2; do
	eval "wait \$w$i" && st=0 || st=$?
	[ $st -eq $i ] || { cat "$tmp/with$i.log" >&2; fail "with-pg.sh #$i: $st"; }
done
[ "$(cat "$tmp/count1")" = 1 ] && [ "$(cat "$tmp/count2")" = 1 ] ||
	fail "concurrent instances shared a database"
pass "two instances started at once"

# pg_stop: the postmaster is gone, its children with it, and the directory.
pg_stop "$dir"
pg_stop "$second"
for p in $pm $pm2; do
	! pg_alive "$p" || fail "postmaster $p still runs"
done
[ ! -e "$dir" ] && [ ! -e "$second" ] || fail "a directory is left"
pass "stopped and deleted"

# SIGTERM to with-pg.sh while its command runs: PostgreSQL stops too.
tests/with-pg.sh sleep 60 2>/dev/null &
w=$!
i=0
until pid=$(cat "$tmp"/alignplan-pg.*/data/postmaster.pid 2>/dev/null | head -1) &&
	[ -n "$pid" ] && [ -S "$(dirname "$(ls -d "$tmp"/alignplan-pg.*/data)")/.s.PGSQL.5432" ]; do
	i=$((i + 1)); [ $i -lt 200 ] || fail "with-pg.sh did not start one"
	sleep 0.05
done
kill -TERM "$w"
wait "$w" || true
! pg_alive "$pid" || fail "postmaster $pid outlived with-pg.sh"
[ -z "$(ls "$tmp" | grep alignplan-pg)" ] || fail "with-pg.sh left $(ls "$tmp")"
ps -eo stat=,args= | grep -v '^Z' | grep -F "$tmp/alignplan-pg" |
	grep -v grep && fail "processes are left"
pass "SIGTERM to with-pg.sh stops its PostgreSQL"
echo "cli-pg: ok"
