#!/bin/bash
# bench/scale.sh: does a page cost the same in a full database as in an
# empty one?  Per backend (SQLite; PostgreSQL too when PG or
# ALIGNPLAN_PG_URL names one, e.g. under tests/with-pg.sh), in one run:
#
#  1. an empty database (session 7 only): the exercise page and its
#     autosave, measured as bench/pages.sh does (wrk, 64 connections);
#  2. the fill: USERS participants, COHORTS cohorts and about ANSWERS
#     stored answers counting their history, through the store's API in
#     batches (bench/scale-fill.c; PostgreSQL gets the SQLite database
#     through `alignplan migrate`, the store's bulk path); its time and
#     the database's size;
#  3. the same page and autosave against the full database, and a
#     facilitator's dashboard and CSV of a 30-person cohort inside it
#     (bench/cohort-fill.c), timed one request at a time, cold (after a
#     write) and warm: the server's part is curl's time to first byte
#     less its time to send the request, over loopback.
#
# Prints fill time, size and full/empty ratios.  Targets (exit 1 if one
# is missed): throughput full/empty >= 0.77 and p99 full <= 1.3 x empty,
# for the page and for autosave; dashboard and CSV under 2 ms (median).
# Not part of `make test` or `make bench`: the fill takes minutes.
#
# Environment: USERS (100000), COHORTS (5000), ANSWERS (10000000),
# ROUNDS (3), DURATION (8s), CONNS (64), PG (a postgres:// URL).
set -eu

cd "$(dirname "$0")/.."
ROOT=$PWD
USERS=${USERS:-100000}
COHORTS=${COHORTS:-5000}
ANSWERS=${ANSWERS:-10000000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8s}
CONNS=${CONNS:-64}
THREADS=2
PG=${PG:-${ALIGNPLAN_PG_URL:-}}
RPS_MIN=0.77
P99_MAX=1.3
SERVER_MS_MAX=2
OUT=$ROOT/bench/out
EX=make-your-career-awesome

die() { echo "scale.sh: $*" >&2; exit 2; }
# shellcheck source=bench/lib.sh
. bench/lib.sh
[ -x ./alignplan ] || die "no ./alignplan: run 'make alignplan'"
[ -f build/libalignplan.a ] || die "no build/: run 'make alignplan'"
command -v wrk >/dev/null || die "wrk is missing: run 'make test-deps'"
bench_setup alignplan-scale
rm -f "$OUT"/scale-*
cp ./alignplan "$TMP/alignplan"
LIBS="libmicrohttpd sqlite3 libsodium md4c libzip libpq"
for h in scale-fill cohort-fill; do
	# shellcheck disable=SC2086,SC2046
	cc -std=c17 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -Isrc \
		$(pkg-config --cflags $LIBS) -o "$TMP/$h" "bench/$h.c" \
		build/libalignplan.a $(pkg-config --libs $LIBS) -lcurl -lpthread ||
		die "cannot build bench/$h.c"
done
FAILED=()

# A fresh PostgreSQL schema's URL (tests/db-lib.sh's test_db).
pg_db() { ( tmp=$TMP ALIGNPLAN_TEST_DB=$PG; . tests/db-lib.sh; test_db "$1" ); }
db_size() { # URL: bytes
	case $1 in
	postgres://* | postgresql://*)
		"${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -A -t -q "$1" -c \
			"SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
			 JOIN pg_namespace n ON n.oid = c.relnamespace
			 WHERE n.nspname = current_schema() AND c.relkind = 'r'" ;;
	*) du -cb "${1#sqlite:}"* | tail -1 | cut -f1 ;;
	esac
}

start_server() { # URL
	AP_PORT=$(free_port)
	AP=http://127.0.0.1:$AP_PORT
	"$TMP/alignplan" serve --db "$1" --listen "127.0.0.1:$AP_PORT" \
		--threads 2 2>>"$TMP/alignplan.log" &
	AP_PID=$!
	wait_http "$AP/login" || { cat "$TMP/alignplan.log" >&2; exit 2; }
}
stop_server() { kill "$AP_PID"; wait "$AP_PID" 2>/dev/null || true; AP_PID=; }

sign_up() { # EMAIL: prints the session cookie
	local jar=$TMP/cookies-$1 csrf code
	csrf=$(curl -fs -c "$jar" "$AP/signup" | csrf_of)
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
		--data-urlencode "csrf=$csrf" --data-urlencode "name=Scale" \
		--data-urlencode "email=$1" \
		--data-urlencode "password=benchmark password" "$AP/signup")
	[ "$code" = 303 ] || die "sign-up of $1 answered $code"
	echo "ap_session=$(awk '$6 == "ap_session" { print $7 }' "$jar")"
}

# measure TAG: the exercise page and autosave on the running server, ROUNDS
# rounds each; sets GET_RPS GET_P99 POST_RPS POST_P99 (medians).
measure() {
	local tag=$1 reader writer page=$AP/s/7/e/$EX csrf wcsrf pid r
	local g=() gp=() p=() pp=()
	reader=$(sign_up "reader-$tag@example.org")
	writer=$(sign_up "writer-$tag@example.org")
	csrf=$(curl -fs -H "Cookie: $reader" "$page" | csrf_of)
	pid=$(curl -fs -H "Cookie: $reader" "$page" | grep -o '<textarea name="a\.[^"]*"' |
		head -1 | sed 's/.*name="a\.//; s/"$//')
	curl -fs -o /dev/null -H "Cookie: $reader" --data-urlencode "csrf=$csrf" \
		--data-urlencode "p=$pid" --data-urlencode "a.$pid=A considered answer." "$page"
	wcsrf=$(curl -fs -H "Cookie: $writer" "$page" | csrf_of)
	for r in $(seq "$ROUNDS"); do
		wrk_run "scale-$tag-get-$r" "$page" -H "Cookie: $reader"
		check_run "$OUT/scale-$tag-get-$r.txt" 10000
		AP_CSRF=$wcsrf AP_PID=$pid AP_COOKIE=$writer \
			wrk_run "scale-$tag-post-$r" "$page" -s "$ROOT/bench/autosave.lua"
		check_run "$OUT/scale-$tag-post-$r.txt" 10
		g+=("$(rps_of "$OUT/scale-$tag-get-$r.txt")")
		gp+=("$(p99_of "$OUT/scale-$tag-get-$r.txt")")
		p+=("$(rps_of "$OUT/scale-$tag-post-$r.txt")")
		pp+=("$(p99_of "$OUT/scale-$tag-post-$r.txt")")
	done
	GET_RPS=$(median "${g[@]}") GET_P99=$(median "${gp[@]}")
	POST_RPS=$(median "${p[@]}") POST_P99=$(median "${pp[@]}")
	printf '%-24s page %8s req/s p99 %6s ms   autosave %8s req/s p99 %6s ms\n' \
		"$tag" "$GET_RPS" "$GET_P99" "$POST_RPS" "$POST_P99"
}

# server_ms URL COOKIE [write]: median over 20 requests of the server's
# part (ms); with `write`, a reading note is saved before each (cold).
server_ms() {
	local i t=() rc note
	note=$(curl -fs -H "Cookie: $2" "$AP/s/7" | grep -o 'action="/s/7/r/[^"]*"' |
		head -1 | sed 's/.*r\///; s/"$//')
	rc=$(curl -fs -H "Cookie: $2" "$AP/s/7" | csrf_of)
	for i in $(seq 20); do
		[ -z "${3:-}" ] || curl -s -o /dev/null -H "Cookie: $2" -H 'X-Autosave: 1' \
			--data-urlencode "csrf=$rc" --data-urlencode "notes=cold $i" "$AP/s/7/r/$note"
		t+=("$(curl -fs -o "$TMP/timed" -H "Cookie: $2" \
			-w '%{time_pretransfer} %{time_starttransfer}' "$1" |
			awk '{ printf "%.3f", ($2 - $1) * 1000 }')") || die "GET $1 failed"
	done
	median "${t[@]}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
target() { # NAME VALUE OP LIMIT
	if ! awk -v v="$2" -v l="$4" -v op="$3" \
		'BEGIN { exit !(op == ">=" ? v >= l : v <= l) }'; then
		FAILED+=("$1: $2, want $3 $4")
	fi
}

# backend NAME EMPTY_URL FULL_URL
backend() {
	local name=$1 empty=$2 full=$3 t0 t1 fac cohort e_get e_gp e_post e_pp
	echo "== $name"
	"$TMP/alignplan" import --db "$empty" content/session-07.md >/dev/null
	start_server "$empty"
	measure "$name-empty"
	e_get=$GET_RPS e_gp=$GET_P99 e_post=$POST_RPS e_pp=$POST_P99
	stop_server

	t0=$(date +%s%N)
	if [ "$name" = sqlite ]; then
		"$TMP/alignplan" import --db "$full" content/session-07.md >/dev/null
		"$TMP/scale-fill" "$full" 7 "$USERS" "$COHORTS" "$ANSWERS" ||
			die "the fill failed"
		# What the other backends get: the fill alone, before the
		# measurements add their people.
		for f in "${full#sqlite:}"*; do cp "$f" "$TMP/filled.db${f##*.db}"; done
	else
		"$TMP/alignplan" migrate --from "$FILLED" --to "$full" \
			>"$OUT/scale-migrate.txt" || die "migrate to $name failed"
	fi
	t1=$(date +%s%N)
	printf 'fill %s: %.1f s, %s bytes\n' "$name" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e9 }')" "$(db_size "$full")"

	start_server "$full"
	measure "$name-full"
	fac=facilitator-$name@example.org
	fcookie=$(sign_up "$fac")
	cohort=$("$TMP/cohort-fill" "$full" "$fac" content/session-07.md 30) ||
		die "cohort-fill failed"
	for what in dashboard answers.csv; do
		curl -fs -o /dev/null -H "Cookie: $fcookie" "$AP/c/$cohort/$what" ||
			die "GET /c/$cohort/$what failed"
		cold=$(server_ms "$AP/c/$cohort/$what" "$fcookie" write)
		warm=$(server_ms "$AP/c/$cohort/$what" "$fcookie")
		printf '%-24s %-12s server time cold %6s ms, warm %6s ms\n' \
			"$name-full" "$what" "$cold" "$warm"
		target "$name: $what cold, ms" "$cold" "<=" "$SERVER_MS_MAX"
	done
	stop_server

	printf '%-24s page %s x req/s, p99 %s x; autosave %s x req/s, p99 %s x\n' \
		"$name full/empty" "$(ratio "$GET_RPS" "$e_get")" "$(ratio "$GET_P99" "$e_gp")" \
		"$(ratio "$POST_RPS" "$e_post")" "$(ratio "$POST_P99" "$e_pp")"
	target "$name: page req/s full/empty" "$(ratio "$GET_RPS" "$e_get")" ">=" "$RPS_MIN"
	target "$name: page p99 full/empty" "$(ratio "$GET_P99" "$e_gp")" "<=" "$P99_MAX"
	target "$name: autosave req/s full/empty" "$(ratio "$POST_RPS" "$e_post")" ">=" "$RPS_MIN"
	target "$name: autosave p99 full/empty" "$(ratio "$POST_P99" "$e_pp")" "<=" "$P99_MAX"
}

echo "scale.sh: $USERS participants, $COHORTS cohorts, ~$ANSWERS answers with history;" \
	"wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS rounds, $(nproc) cores"
FILLED=sqlite:$TMP/filled.db
backend sqlite "sqlite:$TMP/empty.db" "sqlite:$TMP/full.db"
if [ -n "$PG" ]; then
	backend postgresql "$(pg_db scale_empty)" "$(pg_db scale_full)"
fi
echo "raw wrk output: bench/out/scale-*"
if [ "${#FAILED[@]}" -gt 0 ]; then
	printf 'FAILED: %s\n' "${FAILED[@]}"
	exit 1
fi
echo "all targets met"
