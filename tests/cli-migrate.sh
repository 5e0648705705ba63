#!/bin/sh
# `alignplan migrate` copies a whole database: a cohort filled through the
# store (bench/cohort-fill.c), a login and the throttle's counters made
# over HTTP, then copied SQLite to SQLite.  Every table of the schema is
# in the report (a new table that migrate does not copy fails here), the
# counts printed are the databases' own, and every table's rows are the
# same, value for value.  A target that holds anything is refused and left
# as it was.  On PostgreSQL (tests/db-lib.sh), the same database also goes
# SQLite -> PostgreSQL -> SQLite and comes back the same, and a second
# copy into the PostgreSQL one is refused.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
. tests/serve-lib.sh
. tests/db-lib.sh
trap 'stop_server; rm -rf "$tmp"' EXIT
make -s alignplan >/dev/null
[ -f build/libalignplan.a ] || fail "no build/libalignplan.a"

# shellcheck disable=SC2046
cc -std=c17 -D_DEFAULT_SOURCE -O1 -Isrc \
	$(pkg-config --cflags libmicrohttpd sqlite3 libsodium md4c libzip) \
	-o "$tmp/cohort-fill" bench/cohort-fill.c build/libalignplan.a \
	$(pkg-config --libs libmicrohttpd sqlite3 libsodium md4c libzip) \
	$(pkg-config --libs libpq 2>/dev/null || true) -lpthread -lcurl ||
	fail "cannot build bench/cohort-fill.c"

DB=$tmp/src.db
./alignplan import --db "$DB" content/session-07.md >/dev/null
BASE=http://127.0.0.1:$(free_port)
start_server "$tmp/log" ./alignplan serve --db "$DB" --listen "${BASE#http://}"
sign_up "$tmp/jar" "fac%40example.org"
exercise_form "$tmp/jar"
[ "$(save_answer "$tmp/jar" "an answer with <markup> & \"quotes\"")" = 303 ] ||
	fail "saving an answer"
# A failed login: a throttle counter.
curl -s -o /dev/null -b "$tmp/jar" --data "csrf=x&email=fac%40example.org&password=wrong" "$BASE/login"
stop_server
"$tmp/cohort-fill" "sqlite:$DB" fac@example.org content/session-07.md 8 >/dev/null ||
	fail "cohort-fill"

tables() { # DB: the schema's tables, one a line, sorted
	sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'
		ORDER BY name"
}
dump() { # DB TABLE: every row, quoted, in a fixed order (by every column)
	local n order
	n=$(sqlite3 "$1" "SELECT count(*) FROM pragma_table_info('$2')")
	order=$(seq -s, 1 "$n")
	sqlite3 -cmd '.mode quote' "$1" "SELECT * FROM $2 ORDER BY $order"
}

./alignplan migrate --from "sqlite:$DB" --to "sqlite:$tmp/copy.db" >"$tmp/report" ||
	fail "migrate: $(cat "$tmp/report")"
head -1 "$tmp/report" | grep -q '^table  *from  *to$' || fail "no report header"
tail -n +2 "$tmp/report" | awk '{ print $1 }' | sort >"$tmp/reported"
tables "$DB" >"$tmp/schema"
cmp -s "$tmp/schema" "$tmp/reported" ||
	fail "tables of the schema and the report differ: $(diff "$tmp/schema" "$tmp/reported" | tr '\n' ' ')"
pass "every table of the schema is copied ($(wc -l <"$tmp/schema") tables)"

nonempty=0
for t in $(cat "$tmp/schema"); do
	n=$(sqlite3 "$DB" "SELECT count(*) FROM $t")
	m=$(sqlite3 "$tmp/copy.db" "SELECT count(*) FROM $t")
	line=$(awk -v t="$t" '$1 == t { print $2, $3 }' "$tmp/report")
	[ "$line" = "$n $m" ] || fail "$t: the report says '$line', the databases $n and $m"
	[ "$n" = "$m" ] || fail "$t: $n rows, $m copied"
	dump "$DB" "$t" >"$tmp/a"
	dump "$tmp/copy.db" "$t" >"$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" || fail "$t: the rows differ"
	[ "$n" = 0 ] || nonempty=$((nonempty + 1))
done
[ "$nonempty" -ge 14 ] || fail "only $nonempty tables had rows to copy"
pass "counts and rows are the same, table by table ($nonempty tables with rows)"

# The copy serves: the same login, the same answer.
start_server "$tmp/log2" ./alignplan serve --db "$tmp/copy.db" --listen "${BASE#http://}"
shown "$tmp/jar" "an answer with &lt;markup&gt;" || fail "the copy does not show the answer"
stop_server
pass "the copy serves the same login and answers"

# A target with anything in it: refused, unchanged.
sqlite3 "$tmp/copy.db" .dump >"$tmp/before"
set +e
./alignplan migrate --from "sqlite:$DB" --to "sqlite:$tmp/copy.db" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
[ $rc = 2 ] || fail "migrate into a full database: exit $rc"
grep -q "not empty" "$tmp/err" || fail "no reason given: $(cat "$tmp/err")"
sqlite3 "$tmp/copy.db" .dump >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || fail "a refused migrate changed the target"
pass "a target that is not empty is refused and left as it was"

set +e
./alignplan migrate --from "sqlite:$DB" >/dev/null 2>&1; a=$?
./alignplan migrate --from "sqlite:$DB" --to "sqlite:$DB" >/dev/null 2>&1; b=$?
./alignplan migrate --from "sqlite:$tmp/none.db" --to "sqlite:$tmp/x.db" >/dev/null 2>&1; c=$?
set -e
[ $a = 2 ] && [ $b = 2 ] || fail "bad arguments: exit $a, $b"
[ $c = 0 ] || fail "an empty source: exit $c"

if test_db_pg; then
	pg=$(test_db migrate)
	./alignplan migrate --from "sqlite:$DB" --to "$pg" >"$tmp/pg.report" ||
		fail "migrate to PostgreSQL: $(cat "$tmp/pg.report")"
	tail -n +2 "$tmp/report" >"$tmp/a"
	tail -n +2 "$tmp/pg.report" >"$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" || fail "the counts into PostgreSQL differ"
	./alignplan migrate --from "$pg" --to "sqlite:$tmp/back.db" >"$tmp/back.report" ||
		fail "migrate back from PostgreSQL"
	for t in $(cat "$tmp/schema"); do
		dump "$DB" "$t" >"$tmp/a"
		dump "$tmp/back.db" "$t" >"$tmp/b"
		cmp -s "$tmp/a" "$tmp/b" || fail "$t: changed on the way through PostgreSQL"
	done
	set +e
	./alignplan migrate --from "sqlite:$DB" --to "$pg" >/dev/null 2>"$tmp/err"
	rc=$?
	set -e
	[ $rc = 2 ] && grep -q "not empty" "$tmp/err" || fail "a second copy into PostgreSQL: exit $rc"
	# The copy on PostgreSQL serves, and makes new ids past the copied.
	start_server "$tmp/log3" ./alignplan serve --db "$pg" --listen "${BASE#http://}"
	shown "$tmp/jar" "an answer with &lt;markup&gt;" || fail "PostgreSQL does not show the answer"
	sign_up "$tmp/jar4" "after%40example.org"
	stop_server
	pass "SQLite -> PostgreSQL -> SQLite gives every table back as it was; the PostgreSQL copy serves"
fi
echo "cli-migrate: ok"
