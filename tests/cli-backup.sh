#!/bin/sh
# `alignplan backup` copies a database while the server serves it: four
# clients autosave as fast as they can, each logging every save the server
# acknowledged (HTTP 200) with the time; three backups are taken meanwhile.
# Each backup, restored (copied into place and served), holds every save
# acknowledged before that backup began and none begun after it ended,
# and the server went on acknowledging saves while the copies were made.
# Also: the copy is one file of mode 0600; bad uses fail cleanly.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
. tests/serve-lib.sh
RESTORED_PID= WRITERS=
cleanup() {
	touch "$tmp/stop"
	for p in $WRITERS; do wait "$p" 2>/dev/null || true; done
	stop_server
	[ -z "$RESTORED_PID" ] || kill "$RESTORED_PID" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
make -s alignplan >/dev/null
BASE=http://127.0.0.1:$(free_port)
now() { date +%s%N; }

# Some bulk, so that a copy takes long enough for saves to land during
# it: a table of our own (the backup copies every page alike).
./alignplan import --db "$tmp/live.db" content/session-07.md >/dev/null
sqlite3 "$tmp/live.db" "CREATE TABLE test_bulk (b BLOB);
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	WHERE i < 4000) INSERT INTO test_bulk SELECT randomblob(8000) FROM n"
start_server "$tmp/log" ./alignplan serve --db "$tmp/live.db" \
	--listen "${BASE#http://}"

# writer N JAR CSRF: autosave "wN-1", "wN-2", ... until $tmp/stop exists;
# "S time i" before each save, "A time i" once it is acknowledged.
writer() {
	i=0
	while [ ! -e "$tmp/stop" ]; do
		i=$((i + 1))
		echo "S $(now) $i" >>"$tmp/w$1.log"
		code=$(curl -s -b "$2" -o /dev/null -w '%{http_code}' \
			-H "X-Autosave: 1" --data-urlencode "csrf=$3" \
			--data-urlencode "p=$PID" \
			--data-urlencode "a.$PID=w$1-$i" "$BASE/s/7/e/$EX")
		[ "$code" != 200 ] || echo "A $(now) $i" >>"$tmp/w$1.log"
	done
}
for w in 1 2 3 4; do
	sign_up "$tmp/jar$w" "writer$w%40example.org"
	exercise_form "$tmp/jar$w"
	writer "$w" "$tmp/jar$w" "$CSRF" &
	WRITERS="$WRITERS $!"
done
sleep 1
for k in 1 2 3; do
	echo "$(now)" >"$tmp/b$k.start"
	./alignplan backup --db "sqlite:$tmp/live.db" "$tmp/b$k.db" \
		>"$tmp/b$k.out" || fail "backup $k: $(cat "$tmp/b$k.out")"
	echo "$(now)" >"$tmp/b$k.end"
	sleep 0.3
done
touch "$tmp/stop"
for p in $WRITERS; do wait "$p"; done
WRITERS=
latest=$(sqlite3 "$tmp/live.db" 'SELECT max(version) FROM schema_migrations')
grep -q "b1.db: schema version $latest, [0-9]* pages, [0-9]* bytes" "$tmp/b1.out" ||
	fail "backup's report: $(cat "$tmp/b1.out")"
for w in 1 2 3 4; do
	n=$(grep -c '^A' "$tmp/w$w.log")
	[ "$n" -ge 10 ] || fail "writer $w had only $n saves acknowledged"
done
pass "3 backups under the load of 4 autosaving clients"

# Saves acknowledged while a copy was being made: the server kept serving.
during=0
for k in 1 2 3; do
	s=$(cat "$tmp/b$k.start") e=$(cat "$tmp/b$k.end")
	during=$((during + $(cat "$tmp"/w*.log |
		awk -v s="$s" -v e="$e" '$1 == "A" && $2 > s && $2 < e' | wc -l)))
done
[ "$during" -gt 0 ] || fail "no save was acknowledged while a backup ran"
pass "$during saves acknowledged while the backups ran"

# The copy stands alone, and only its owner may read it.
[ ! -e "$tmp/b1.db-wal" ] && [ ! -e "$tmp/b1.db-journal" ] ||
	fail "the backup left files beside it: $(ls "$tmp")"
[ "$(stat -c %a "$tmp/b1.db")" = 600 ] || fail "backup mode $(stat -c %a "$tmp/b1.db")"
ls "$tmp" | grep -q 'tmp-' && fail "a temporary copy is left: $(ls "$tmp")"

# Restore each: copy it into place and serve it; ask each writer's page.
RBASE=http://127.0.0.1:$(free_port)
for k in 1 2 3; do
	s=$(cat "$tmp/b$k.start") e=$(cat "$tmp/b$k.end")
	cp "$tmp/b$k.db" "$tmp/restored.db"
	./alignplan serve --db "$tmp/restored.db" --listen "${RBASE#http://}" \
		2>"$tmp/restored.log" &
	RESTORED_PID=$!
	i=0
	until curl -sf -o /dev/null "$RBASE/login"; do
		i=$((i + 1)); [ $i -lt 100 ] || fail "the restored server did not start"
		sleep 0.05
	done
	for w in 1 2 3 4; do
		got=$(curl -sf -b "$tmp/jar$w" "$RBASE/s/7/e/$EX" |
			grep -o "w$w-[0-9]*" | head -1 | sed 's/.*-//')
		[ -n "$got" ] || fail "backup $k: writer $w's answer is missing"
		acked=$(awk -v s="$s" '$1 == "A" && $2 < s { i = $3 } END { print i + 0 }' "$tmp/w$w.log")
		begun=$(awk -v e="$e" '$1 == "S" && $2 < e { i = $3 } END { print i + 0 }' "$tmp/w$w.log")
		[ "$acked" -ge 1 ] || fail "backup $k: writer $w had nothing acknowledged before it"
		[ "$got" -ge "$acked" ] ||
			fail "backup $k lost writer $w's save $acked (it holds $got)"
		[ "$got" -le "$begun" ] ||
			fail "backup $k holds writer $w's save $got, begun after it ended ($begun)"
	done
	kill "$RESTORED_PID"
	wait "$RESTORED_PID" 2>/dev/null || true
	RESTORED_PID=
	rm -f "$tmp/restored.db" "$tmp/restored.db-wal" "$tmp/restored.db-shm"
	pass "backup $k restored: every save acknowledged before it is there"
done

# Bad uses: the file is left as it was.
cp "$tmp/b1.db" "$tmp/keep.db"
if ./alignplan backup --db "$tmp/none.db" "$tmp/keep.db" 2>"$tmp/err"; then
	fail "a backup of a missing database succeeded"
fi
grep -q "none.db" "$tmp/err" || fail "no reason given: $(cat "$tmp/err")"
[ ! -e "$tmp/none.db" ] || fail "backup created the database it was to copy"
cmp -s "$tmp/b1.db" "$tmp/keep.db" || fail "a failed backup changed the file"
set +e
./alignplan backup --db postgresql:///x "$tmp/pg.db" 2>"$tmp/err"
rc=$?
set -e
[ $rc = 2 ] && grep -q pg_dump "$tmp/err" || fail "postgres URL: exit $rc, $(cat "$tmp/err")"
if ./alignplan backup --db "$tmp/live.db" "$tmp/live.db" 2>/dev/null; then
	fail "backup over the database itself succeeded"
fi
pass "bad uses fail and leave the file alone"
echo "cli-backup: ok"
