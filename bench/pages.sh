#!/bin/bash
# bench/pages.sh: alignplan's logged-in exercise page and autosave POST,
# measured against nginx serving the same page bytes as a static file;
# on SQLite, and on PostgreSQL too when PG or ALIGNPLAN_PG_URL names one
# (e.g. under tests/with-pg.sh), in one run.
#
# Builds nothing (`make bench` builds ./alignplan and installs wrk and
# nginx-light).  Starts its own nginx (own config, 2 workers) and one
# alignplan per backend (its default --threads: 4 on SQLite, 32 on
# PostgreSQL; fresh database, session 7: an SQLite file; a fresh schema
# of the PostgreSQL), all on free loopback ports, and
# at each connection count, for each of ROUNDS rounds, for each backend
# (SQLite first in odd rounds, PostgreSQL first in even ones, so the
# machine's noise falls on both alike), runs wrk -t2 against nginx's GET
# of that backend's page bytes, the backend's GET and its autosave POST,
# one after the other (more, shorter rounds give a steadier median on a
# noisy machine); prints a table per count and backend.  Raw wrk output:
# bench/out/.
#
# The GETs are one reader's page, and (shown, no target) the WRITERS'
# own pages, each request the next writer's (bench/readers.lua): a
# cohort reading at once, each with a login of their own.  The POSTs
# are autosaves by WRITERS participants (bench/autosave.lua), each
# request one writer saving their own answer to the first text prompt,
# the writers taken in turn, so that
# with as many writers as connections each writer has one save in flight
# on average (a save in the tail of the latencies can still have the same
# writer's next beside it: wrk's Lua is not told which connection a
# request goes on, so it cannot keep a writer to one save in flight).  That
# is what autosave is in use: many people, each saving their own fields
# now and then (app.js saves a field when the typing pauses), never one
# person from 64 connections at once.  Saves of one row queue on its row
# lock (on PostgreSQL each also waits for the previous one's commit to
# reach the disk), so one writer would measure that queue, not the
# app.  WRITERS=1 measures it anyway.  The writers sign up first, each from
# an X-Forwarded-For address of its own (the servers trust 127.0.0.1 as
# their proxy), since an address may sign up only 30 people in 15 minutes;
# each sign-up costs an argon2id hash.
#
# On PostgreSQL, each round also measures the database alone, right after
# the POST run and before the next measurement: pgbench, with as many
# clients as connections (fewer if PostgreSQL has no room for them), runs
# one-statement upserts of random rows of a 100,000-row table of its own
# for DURATION (then VACUUM, so the table is clean for the next round and
# no autovacuum runs during the other measurements; the table is dropped
# at the end).  Shown as saves/s and as a ratio to the round's nginx
# GET/s, with no target: what the database alone can commit on this
# machine, next to the target autosave has to meet.  Then the whole
# database is settled (settle: VACUUM and CHECKPOINT), so that no
# autovacuum or checkpoint of the round's writes runs during the next
# measurement.  And, right after the app's GET, the ceiling
# (bench/ceiling.c): the reader's page served by a reference that parks
# each request while the app's own statements for it are out, with no
# thread waiting on another; shown, with no target.
#
# Targets, at every connection count (exit 1 if one is missed):
#                                                   SQLite   PostgreSQL
#   GET  median requests/s ratio alignplan/nginx    >= 0.75  >= 0.4
#   GET  alignplan p99 (median of rounds)           <= 10 ms  (shown)
#   POST median of POST/s / the round's nginx GET/s >= 0.25  >= 0.15
# Every response must be a 200 of the real page (no error pages measured);
# on each backend every writer's page must show one of that writer's last
# saves of the last POST run, and saves acknowledged just before kill -9
# must be shown after a restart.  PostgreSQL shares the machine's cores;
# for figures, with its default settings (tests/with-pg.sh turns fsync off
# unless told):
#
#   make alignplan && PG_SETTINGS= ./tests/with-pg.sh bench/pages.sh
#
# Environment: ROUNDS (5), DURATION (8s), CONNS (the connection counts,
# each measured in turn: "64 256"), THREADS (2), WRITERS (the most of
# CONNS), PG (a
# postgres:// URL), PG_BIN (/usr/lib/postgresql/15/bin: pgbench, psql).
set -eu

cd "$(dirname "$0")/.."
ROOT=$PWD
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8s}
CONN_LIST=${CONNS:-64 256}
THREADS=${THREADS:-2}
# As many writers as the most connections measured, so that a writer's
# saves seldom overlap (app.js sends one save at a time).
WRITERS=${WRITERS:-$(printf '%s\n' $CONN_LIST | sort -n | tail -1)}
PG=${PG:-${ALIGNPLAN_PG_URL:-}}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PSQL=$PG_BIN/psql PGBENCH=$PG_BIN/pgbench
# Targets by backend; an empty one is shown, not checked.
declare -A GET_RATIO_MIN=([sqlite]=0.75 [postgresql]=0.4)
declare -A P99_MAX_MS=([sqlite]=10 [postgresql]="")
declare -A POST_RATIO_MIN=([sqlite]=0.25 [postgresql]=0.15)
OUT=$ROOT/bench/out
EX=make-your-career-awesome

die() { echo "pages.sh: $*" >&2; exit 2; }
# shellcheck source=bench/lib.sh
. bench/lib.sh  # the scripts run from the top directory
[ -x ./alignplan ] || die "no ./alignplan: run 'make alignplan' (or 'make bench')"
command -v wrk >/dev/null || die "wrk is missing: run 'make test-deps'"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx is missing: run 'make test-deps'"
command -v curl >/dev/null || die "curl is missing"
case $WRITERS in
'' | *[!0-9]* | 0*) die "WRITERS must be a number of writers, 1 or more" ;;
esac

bench_setup alignplan-bench
rm -f "$OUT"/*.txt
BACKENDS=(sqlite)
declare -A DB AP_PORT_OF AP_OF SERVER COOKIE_OF WRITERS_OF FIRST_PID_OF PAGE_OF BYTES_OF
DB[sqlite]=sqlite:$TMP/bench.db
if [ -n "$PG" ]; then
	BACKENDS+=(postgresql)
	# A fresh schema of it (tests/db-lib.sh's test_db).
	DB[postgresql]=$( (tmp=$TMP ALIGNPLAN_TEST_DB=$PG; . tests/db-lib.sh; test_db pages) ) ||
		die "no fresh schema on $PG"
	[ -x "$PGBENCH" ] || die "no $PGBENCH: install postgresql-15 (make test-deps)"
fi
# Every server of the run, stopped at exit with nginx (bench_cleanup).
stop_servers() {
	local b
	for b in "${!SERVER[@]}"; do
		{ kill "${SERVER[$b]}" 2>/dev/null && wait "${SERVER[$b]}" 2>/dev/null; } || true
	done
	return 0
}
# pgbench's schema (the reference on PostgreSQL, below), dropped at exit.
psql_q() { "$PSQL" -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }
REF_SCHEMA=pages_pgbench_$$
REF_URL=
ref_drop() {
	[ -n "$REF_URL" ] || return 0
	psql_q "$PG" -c "SET client_min_messages = warning;
		DROP SCHEMA IF EXISTS $REF_SCHEMA CASCADE" || true
	REF_URL=
}
trap 'stop_servers; ref_drop; bench_cleanup' EXIT

# A copy, so a rebuild of ./alignplan during the run changes nothing.
cp ./alignplan "$TMP/alignplan"
start_alignplan() { # BACKEND: its server, on its port (kept across restarts)
	local b=$1
	"$TMP/alignplan" serve --db "${DB[$b]}" --listen "127.0.0.1:${AP_PORT_OF[$b]}" \
		--load content/session-07.md --trusted-proxy 127.0.0.1 \
		2>>"$TMP/alignplan-$b.log" &
	SERVER[$b]=$!
	wait_http "${AP_OF[$b]}/login" || { cat "$TMP/alignplan-$b.log" >&2; exit 2; }
}

# sign_up BACKEND EMAIL: a new participant; prints their session cookie.
sign_up() {
	local ap=${AP_OF[$1]} jar=$TMP/cookies-$1-$2 csrf code token
	csrf=$(curl -fs -c "$jar" "$ap/signup" | csrf_of)
	[ -n "$csrf" ] || die "$1: no csrf field on /signup"
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
		--data-urlencode "csrf=$csrf" --data-urlencode "name=Bench User" \
		--data-urlencode "email=$2" \
		--data-urlencode "password=benchmark password" "$ap/signup")
	[ "$code" = 303 ] || die "$1: sign-up answered $code, not 303"
	token=$(awk '$6 == "ap_session" { print $7 }' "$jar")
	[ -n "$token" ] || die "$1: sign-up set no ap_session cookie"
	echo "ap_session=$token"
}

# set_up BACKEND: its server, a reader with answers to every prompt of the
# career exercise, whose page the GETs fetch (its bytes are what nginx
# serves as exercise-BACKEND.html), and the WRITERS writers whose autosaves
# the POSTs send (so the page the GETs measure stays those bytes): their
# cookies and form tokens in WRITERS_OF[BACKEND], a file.
set_up() {
	local b=$1 page empty cookie text_pids list_pids args p i code
	AP_PORT_OF[$b]=$(free_port)
	AP_OF[$b]=http://127.0.0.1:${AP_PORT_OF[$b]}
	start_alignplan "$b"
	cookie=$(sign_up "$b" bench@example.org)
	COOKIE_OF[$b]=$cookie
	page=${AP_OF[$b]}/s/7/e/$EX
	PAGE_OF[$b]=$page
	empty=$TMP/empty-$b.html
	curl -fs -H "Cookie: $cookie" "$page" >"$empty"
	text_pids=$(grep -o '<textarea name="a\.[^"]*"' "$empty" | sed 's/.*name="a\.//; s/"$//')
	list_pids=$(grep -o 'name="l\.[^"]*"' "$empty" | sed 's/.*name="l\.//; s/"$//' | sort -u)
	[ -n "$text_pids" ] || die "$b: no text prompts found on $page"
	args=(--data-urlencode "csrf=$(csrf_of <"$empty")")
	for p in $text_pids; do
		args+=(--data-urlencode "p=$p" --data-urlencode "a.$p=My answer to $p: a few considered sentences about roles, fit and the cheap tests I could run in the next months, with enough text to look like a real answer.")
	done
	for p in $list_pids; do
		args+=(--data-urlencode "p=$p")
		for i in 1 2 3 4 5; do args+=(--data-urlencode "l.$p=Item $i of $p"); done
	done
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "${args[@]}" "$page")
	[ "$code" = 303 ] || die "$b: saving the answers answered $code, not 303"

	curl -fs -H "Cookie: $cookie" "$page" >"$TMP/www/exercise-$b.html"
	BYTES_OF[$b]=$(wc -c <"$TMP/www/exercise-$b.html")
	grep -q 'a few considered sentences' "$TMP/www/exercise-$b.html" ||
		die "$b: the page does not carry the answers"
	FIRST_PID_OF[$b]=$(echo "$text_pids" | head -1)
	WRITERS_OF[$b]=$TMP/writers-$b
	sign_up_writers "${AP_OF[$b]}" "$page" "$WRITERS" "${WRITERS_OF[$b]}"
}
for b in "${BACKENDS[@]}"; do set_up "$b"; done

# --- the ceiling on PostgreSQL (bench/ceiling.c), on the reader's login
# and page, with as many threads as wrk.
CEILING=
if [ -n "$PG" ]; then
	link_helper "$TMP/ceiling" bench/ceiling.c || die "cannot build bench/ceiling.c"
	CEILING_PORT=$(free_port)
	while [ "$CEILING_PORT" = "${AP_PORT_OF[postgresql]}" ]; do CEILING_PORT=$(free_port); done
	"$TMP/ceiling" "$CEILING_PORT" "${DB[postgresql]}" "${COOKIE_OF[postgresql]#ap_session=}" \
		"$TMP/www/exercise-postgresql.html" "$THREADS" 2>>"$TMP/ceiling.log" &
	SERVER[ceiling]=$!
	CEILING=http://127.0.0.1:$CEILING_PORT/
	wait_http "$CEILING" || { cat "$TMP/ceiling.log" >&2; exit 2; }
	cmp -s "$TMP/www/exercise-postgresql.html" <(curl -fs "$CEILING") ||
		die "the ceiling does not serve the reader's page"
fi

# --- the reference on PostgreSQL: pgbench's upserts of its own table, in
# a schema of its own (ref_drop, at exit).
if [ -n "$PG" ]; then
	case $PG in
	*\?*) REF_URL="$PG&options=-csearch_path%3D$REF_SCHEMA" ;;
	*) REF_URL="$PG?options=-csearch_path%3D$REF_SCHEMA" ;;
	esac
	psql_q "$PG" -c "SET client_min_messages = warning;
		DROP SCHEMA IF EXISTS $REF_SCHEMA CASCADE; CREATE SCHEMA $REF_SCHEMA" ||
		die "no schema $REF_SCHEMA for pgbench on $PG"
	psql_q "$REF_URL" -c "CREATE TABLE saves (k integer PRIMARY KEY, v text NOT NULL)
			WITH (autovacuum_enabled = off)" \
		-c "INSERT INTO saves SELECT k, 'bench-' || k FROM generate_series(1, 100000) k" \
		-c "VACUUM ANALYZE saves" || die "pgbench's table could not be made"
	cat >"$TMP/upsert.sql" <<-'EOF'
		\set k random(1, 100000)
		INSERT INTO saves (k, v) VALUES (:k, 'bench-' || :client_id) ON CONFLICT (k) DO UPDATE SET v = excluded.v;
	EOF
	# pgbench -T takes seconds; wrk's DURATION may be "8s" or "1m".
	REF_SECS=$(echo "$DURATION" | awk '{ v = $1 + 0
		if ($1 ~ /m$/) v *= 60; else if ($1 ~ /h$/) v *= 3600
		printf "%d", (v < 1 ? 1 : v) }')
fi
# ref_run TAG: pgbench for REF_SECS, with CONNS clients, or as many as
# PostgreSQL has room for beside the connections it has; then VACUUM.
# Raw output: $OUT/pgbench-TAG.txt.
ref_run() {
	local f=$OUT/pgbench-$1.txt room clients
	room=$(psql_q "$PG" -c "SELECT current_setting('max_connections')::int
		- current_setting('superuser_reserved_connections')::int - count(*)
		FROM pg_stat_activity WHERE backend_type = 'client backend'") ||
		die "cannot count PostgreSQL's connections"
	clients=$((CONNS < room ? CONNS : room))
	[ "$clients" -ge 1 ] || die "PostgreSQL has no room for pgbench's clients"
	"$PGBENCH" -n -M prepared -f "$TMP/upsert.sql" -c "$clients" \
		-j "$((THREADS < clients ? THREADS : clients))" -T "$REF_SECS" "$REF_URL" \
		>"$f" 2>&1 || die "pgbench failed: $(tail -5 "$f")"
	if grep -q '^number of transactions actually processed: 0$' "$f"; then
		# -T counts the clients' connecting too: a short DURATION.
		echo "note: pgbench-$1.txt: no upsert in $REF_SECS s (connecting took it)" >&2
	elif ! grep -q '^tps = ' "$f"; then
		die "pgbench printed no tps: $(tail -5 "$f")"
	fi
	if grep -q '^number of failed transactions: [1-9]' "$f"; then
		FAILED+=("pgbench-$1: $(grep '^number of failed' "$f")")
	fi
	psql_q "$REF_URL" -c "VACUUM saves" || die "VACUUM of pgbench's table failed"
}
# settle: the dead rows of the saves just measured vacuumed and their WAL
# checkpointed now, so that neither autovacuum nor the checkpointer runs
# on the measured cores during the next measurement (pgbench VACUUMs its
# tables before each run for the same reason).  CHECKPOINT needs the
# role to be in pg_checkpoint (tests/pg-lib.sh's is); without it, noted.
settle() {
	psql_q "$PG" -c "SET client_min_messages = error" -c "VACUUM" ||
		die "VACUUM of the database failed"
	psql_q "$PG" -c "CHECKPOINT" 2>/dev/null ||
		echo "note: no CHECKPOINT between runs: the role is not in pg_checkpoint" >&2
}
ref_rps_of() { awk '/^tps = / { v = $3 } END { printf "%.0f", v }' "$1"; }
ref_clients_of() { awk '/^number of clients:/ { print $4 }' "$1"; }

# --- nginx serving the same bytes (AP_PORT: a port it must not take)
AP_PORT=${AP_PORT_OF[sqlite]}
start_nginx exercise-sqlite.html
for b in "${BACKENDS[@]}"; do
	cmp -s "$TMP/www/exercise-$b.html" <(curl -fs "$NG/exercise-$b.html") ||
		die "nginx does not serve the $b page"
done

FAILED=()

# round BACKEND TAG: nginx's GET of its page, its GET and its POST.
round() {
	local b=$1 tag=$2
	wrk_run "nginx-get-$b-$tag" "$NG/exercise-$b.html"
	check_run "$OUT/nginx-get-$b-$tag.txt" "${BYTES_OF[$b]}"
	wrk_run "alignplan-get-$b-$tag" "${PAGE_OF[$b]}" -H "Cookie: ${COOKIE_OF[$b]}"
	check_run "$OUT/alignplan-get-$b-$tag.txt" "${BYTES_OF[$b]}"
	if [ "$b" = postgresql ]; then
		wrk_run "ceiling-get-$b-$tag" "$CEILING"
		check_run "$OUT/ceiling-get-$b-$tag.txt" "${BYTES_OF[$b]}"
	fi
	# Many readers, each their own page (shown against the same nginx
	# GET/s, no target: their pages are shorter than the reader's).
	AP_WRITERS=${WRITERS_OF[$b]} \
		wrk_run "alignplan-readers-$b-$tag" "${PAGE_OF[$b]}" -s "$ROOT/bench/readers.lua"
	check_run "$OUT/alignplan-readers-$b-$tag.txt" 4096
	# The autosave POST, against this round's nginx GET rate.
	AP_WRITERS=${WRITERS_OF[$b]} AP_PID=${FIRST_PID_OF[$b]} AP_THREADS=$THREADS \
		wrk_run "alignplan-post-$b-$tag" "${PAGE_OF[$b]}" -s "$ROOT/bench/autosave.lua"
	check_run "$OUT/alignplan-post-$b-$tag.txt" 10
	# PostgreSQL alone, before the next measurement; then the database
	# settled, as pgbench itself does before a run.
	[ "$b" != postgresql ] || { ref_run "$b-$tag"; settle; }
}

# at_least / at_most VALUE LIMIT: is the target met (an empty one is)?
at_least() { [ -z "$2" ] || awk -v v="$1" -v m="$2" 'BEGIN { exit !(v >= m) }'; }
at_most() { [ -z "$2" ] || awk -v v="$1" -v m="$2" 'BEGIN { exit !(v <= m) }'; }
target_of() { if [ -n "$2" ]; then echo "target $1 $2"; else echo "no target"; fi; }

# report BACKEND CONNS: its table for CONNS, the medians against its
# targets (FAILED); raw wrk output in $OUT/*-BACKEND-cCONNS-ROUND.txt.  On
# PostgreSQL also pgbench's upserts/s and their ratio to nginx's GET/s.
report() {
	local b=$1 conns=$2 r tag ng ap post ratio pratio ref rratio head row
	local rd rdratio cl clratio
	local ratios=() p99s=() pratios=() refs=() rratios=() rdratios=() rds=()
	local cls=() clratios=()
	echo
	echo "$b: alignplan ${AP_OF[$b]} (its default threads) vs nginx $NG (2 workers): ${BYTES_OF[$b]}-byte exercise page," \
		"wrk -t$THREADS -c$conns -d$DURATION, $ROUNDS rounds, POSTs by $WRITERS writers, $(nproc) cores"
	head=$(printf '%-7s %12s %10s %14s %10s %8s %12s %8s %12s %10s %8s' round "nginx req/s" "nginx p99" \
		"alignplan r/s" "ap p99" ratio "readers r/s" ratio "POST/s" "POST p99" ratio)
	[ "$b" != postgresql ] || head+=$(printf ' %12s %8s %12s %8s' "pgbench/s" ratio "ceiling r/s" ratio)
	echo "$head"
	for r in $(seq "$ROUNDS"); do
		tag=$b-c$conns-$r
		ng=$(rps_of "$OUT/nginx-get-$tag.txt")
		ap=$(rps_of "$OUT/alignplan-get-$tag.txt")
		post=$(rps_of "$OUT/alignplan-post-$tag.txt")
		rd=$(rps_of "$OUT/alignplan-readers-$tag.txt")
		rdratio=$(awk -v a="$rd" -v n="$ng" 'BEGIN { printf "%.3f", n ? a / n : 0 }')
		rds+=("$rd") rdratios+=("$rdratio")
		ratio=$(awk -v a="$ap" -v n="$ng" 'BEGIN { printf "%.3f", n ? a / n : 0 }')
		pratio=$(awk -v a="$post" -v n="$ng" 'BEGIN { printf "%.3f", n ? a / n : 0 }')
		ratios+=("$ratio") pratios+=("$pratio")
		p99s+=("$(p99_of "$OUT/alignplan-get-$tag.txt")")
		row=$(printf '%-7s %12s %8s ms %14s %7s ms %8s %12s %8s %12s %7s ms %8s' "$r" "$ng" \
			"$(p99_of "$OUT/nginx-get-$tag.txt")" "$ap" "${p99s[-1]}" "$ratio" \
			"$rd" "$rdratio" \
			"$post" "$(p99_of "$OUT/alignplan-post-$tag.txt")" "$pratio")
		if [ "$b" = postgresql ]; then
			ref=$(ref_rps_of "$OUT/pgbench-$tag.txt")
			rratio=$(awk -v a="$ref" -v n="$ng" 'BEGIN { printf "%.3f", n ? a / n : 0 }')
			refs+=("$ref") rratios+=("$rratio")
			row+=$(printf ' %12s %8s' "$ref" "$rratio")
			cl=$(rps_of "$OUT/ceiling-get-$tag.txt")
			clratio=$(awk -v a="$cl" -v n="$ng" 'BEGIN { printf "%.3f", n ? a / n : 0 }')
			cls+=("$cl") clratios+=("$clratio")
			row+=$(printf ' %12s %8s' "$cl" "$clratio")
		fi
		echo "$row"
	done
	MED_RATIO=$(median "${ratios[@]}")
	MED_P99=$(median "${p99s[@]}")
	MED_POST=$(median "${pratios[@]}")
	printf '%s c%-4s GET  median ratio alignplan/nginx  %6s  (%s)\n' "$b" "$conns" "$MED_RATIO" \
		"$(target_of ">=" "${GET_RATIO_MIN[$b]}")"
	printf '%s c%-4s GET  alignplan p99, median         %6s ms (%s)\n' "$b" "$conns" "$MED_P99" \
		"$(target_of "<=" "${P99_MAX_MS[$b]}${P99_MAX_MS[$b]:+ ms}")"
	printf '%s c%-4s GET  readers, median ratio        %6s  (%s/s, %s readers: shown, no target)\n' \
		"$b" "$conns" "$(median "${rdratios[@]}")" "$(median "${rds[@]}")" "$WRITERS"
	printf '%s c%-4s POST median ratio POST/nginx GET   %6s  (%s)\n' "$b" "$conns" "$MED_POST" \
		"$(target_of ">=" "${POST_RATIO_MIN[$b]}")"
	if [ "$b" = postgresql ]; then
		printf '%s c%-4s pgbench upserts alone, median   %6s  (%s/s; pgbench -c%s, %s s: shown, no target)\n' \
			"$b" "$conns" "$(median "${rratios[@]}")" "$(median "${refs[@]}")" \
			"$(ref_clients_of "$OUT/pgbench-$b-c$conns-1.txt")" "$REF_SECS"
		printf '%s c%-4s GET  ceiling, median ratio        %6s  (%s/s, bench/ceiling.c, %s threads: shown, no target)\n' \
			"$b" "$conns" "$(median "${clratios[@]}")" "$(median "${cls[@]}")" "$THREADS"
	fi
	at_least "$MED_RATIO" "${GET_RATIO_MIN[$b]}" ||
		FAILED+=("$b: GET at $conns connections: median alignplan/nginx ratio $MED_RATIO is below ${GET_RATIO_MIN[$b]}")
	at_most "$MED_P99" "${P99_MAX_MS[$b]}" ||
		FAILED+=("$b: GET at $conns connections: alignplan p99 $MED_P99 ms is above ${P99_MAX_MS[$b]} ms")
	at_least "$MED_POST" "${POST_RATIO_MIN[$b]}" ||
		FAILED+=("$b: POST at $conns connections: autosave at a median $MED_POST of nginx GET/s, below ${POST_RATIO_MIN[$b]}")
	return 0
}

# The rounds, interleaved: in odd rounds the backends in order, in even
# ones in reverse.
ORDER_EVEN=()
for b in "${BACKENDS[@]}"; do ORDER_EVEN=("$b" "${ORDER_EVEN[@]}"); done
for c in $CONN_LIST; do
	CONNS=$c
	for r in $(seq "$ROUNDS"); do
		if [ $((r % 2)) = 1 ]; then order=("${BACKENDS[@]}"); else order=("${ORDER_EVEN[@]}"); fi
		for b in "${order[@]}"; do round "$b" "c$c-$r"; done
	done
	for b in "${BACKENDS[@]}"; do report "$b" "$c"; done
done
echo

# --- durability.  Each writer's page must show their own answer, one of
# their last saves of the last POST run.  Not always the last one sent:
# it may have been cut off when wrk stopped, and taking the writers in
# turn keeps one writer's saves apart only on average (one in flight per
# writer when there are as many writers as connections): a save that
# waited long (one of the server's threads held up while the other goes
# on, the tail of the latencies) can land after the same writer's next
# few.  With one writer for all 64 connections that was seen 75 of the
# thread's saves behind.  So the answer shown must be within SLACK of the
# writer's own last saves: as many as the thread sent in its last 4 x
# CONNS saves (the rule when there was one writer), or, when more, as
# many as the writer sent during the run's longest wait (wrk's Max
# latency) and two.  A save wrk gave up on (its "timeout" count) was
# never acknowledged and may land after any later one: when the run had
# such, a page further behind is noted, not failed.  Then DURABLE writers
# each save once more,
# acknowledged, and after kill -9 and a restart each page must show that
# save.
WRITERS_PER_THREAD=$((WRITERS >= THREADS ? WRITERS / THREADS : WRITERS))
SLACK=$(((4 * CONNS + WRITERS_PER_THREAD - 1) / WRITERS_PER_THREAD))
DURABLE=$((WRITERS < 3 ? WRITERS : 3))
# shown BACKEND WRITER: the benchmark answer the writer's page shows them.
shown() {
	local cookie
	cookie=$(sed -n "$2{s/ .*//;p}" "${WRITERS_OF[$1]}")
	curl -fs -H "Cookie: $cookie" "${PAGE_OF[$1]}" |
		grep -o "name=\"a\\.${FIRST_PID_OF[$1]}\"[^>]*>bench-[-0-9a-z]*<" |
		grep -o 'bench-[-0-9a-z]*' || true
}
# last_runs BACKEND: every writer's page against the last POST run's
# last-save lines (FAILED); 1 if one failed.
last_runs() {
	local b=$1 i stored w t k last behind bad=0 max_ms slack timeouts late=0
	local last_post=$OUT/alignplan-post-$b-c$CONNS-$ROUNDS.txt
	declare -A BEHIND=()
	timeouts=$(grep -o 'timeout [0-9]*' "$last_post" | awk '{ n += $2 } END { print n + 0 }')
	max_ms=$(to_ms "$(awk '$1 == "Latency" { print $4 }' "$last_post")")
	slack=$(awk -v m="$max_ms" -v r="$(rps_of "$last_post")" -v s="$SLACK" \
		-v k="$((WRITERS_PER_THREAD * THREADS))" \
		'BEGIN { v = int(m / 1000 * r / k + 0.999) + 2; print (v > s ? v : s) }')
	for i in $(seq "$WRITERS"); do
		stored=$(shown "$b" "$i")
		read -r w t k <<<"$(echo "${stored#bench-}" | tr '-' ' ')"
		last=$(awk -v w="$w" -v t="$t" '$1 == "last-save" && $2 == w && $3 == t { print $4 }' "$last_post")
		if [ -z "$stored" ]; then
			FAILED+=("$b: durability: writer $i's page shows no benchmark answer after the POST runs")
		elif [ "$w" != "$i" ]; then
			FAILED+=("$b: durability: writer $i's page shows $stored, writer $w's answer")
		elif [ -n "$last" ] && [ "$k" -le "$last" ] && [ "$k" -lt "$((last - slack))" ] &&
			[ "$timeouts" -gt 0 ]; then
			late=$((late + 1))
			continue
		elif [ -z "$last" ] || [ "$k" -gt "$last" ] || [ "$k" -lt "$((last - slack))" ]; then
			FAILED+=("$b: durability: writer $i's page shows $stored, but thread $t sent writer $i's saves up to ${last:-none} in the last POST run: not one of its last $((slack + 1))")
		else
			behind=$((last - k))
			BEHIND[$behind]=$((${BEHIND[$behind]:-0} + 1))
			continue
		fi
		bad=1
	done
	[ "$bad" = 0 ] || return 1
	printf '%s durability: %s of the %s writers'"'"' pages show one of their last %s saves of the last POST run\n  (saves behind the last sent: writers' \
		"$b" "$((WRITERS - late))" "$WRITERS" "$((slack + 1))"
	for behind in $(printf '%s\n' "${!BEHIND[@]}" | sort -n); do
		printf ' %s: %s,' "$behind" "${BEHIND[$behind]}"
	done | sed 's/,$//'
	echo ')'
	[ "$late" = 0 ] || echo "  note: $late writers' pages show an older save: the run had $timeouts saves wrk gave up on (never acknowledged, so they may land last)"
}
# durability BACKEND: the checks above on its server (FAILED).
durability() {
	local b=$1 i cookie csrf ack again pid=${FIRST_PID_OF[$1]} finals=() lost=0
	last_runs "$b" || return 0
	for i in $(seq "$DURABLE"); do
		finals[i]=bench-final-$i-$RANDOM
		read -r cookie csrf <<<"$(sed -n "${i}p" "${WRITERS_OF[$b]}")"
		ack=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H 'X-Autosave: 1' \
			--data-urlencode "csrf=$csrf" --data-urlencode "p=$pid" \
			--data-urlencode "a.$pid=${finals[i]}" "${PAGE_OF[$b]}")
		if [ "$ack" != 200 ]; then
			FAILED+=("$b: durability: writer $i's last save answered $ack, not 200")
			return 0
		fi
	done
	kill -9 "${SERVER[$b]}"
	wait "${SERVER[$b]}" 2>/dev/null || true
	start_alignplan "$b"
	for i in $(seq "$DURABLE"); do
		again=$(shown "$b" "$i")
		if [ "$again" != "${finals[i]}" ]; then
			FAILED+=("$b: durability: after kill -9 and restart writer $i's page shows '${again}', not the acknowledged ${finals[i]}")
			lost=1
		fi
	done
	[ "$lost" = 1 ] ||
		echo "$b durability: $DURABLE writers' saves acknowledged just before kill -9 are shown after the restart"
}
for b in "${BACKENDS[@]}"; do durability "$b"; done

echo "raw wrk output: bench/out/"
if [ "${#FAILED[@]}" -gt 0 ]; then
	echo
	printf 'FAILED: %s\n' "${FAILED[@]}"
	exit 1
fi
echo "all targets met"
