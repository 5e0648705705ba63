#!/bin/bash
# bench/scale.sh: does a page cost the same in a full database as in an
# empty one?  Per backend (SQLite; PostgreSQL too when PG or
# ALIGNPLAN_PG_URL names one, e.g. under tests/with-pg.sh), in one run:
#
#  1. the fills, first: USERS participants, COHORTS cohorts and about
#     ANSWERS stored answers counting their history, through the store's
#     API in batches (bench/scale-fill.c) into SQLite; PostgreSQL gets
#     that database through `alignplan migrate` (the store's bulk path:
#     its rows go in pipeline mode, many to a round trip), then VACUUM
#     ANALYZE, as after any bulk load (else autovacuum would do it during
#     the measurements).  Each fill's time, rows per second and the
#     database's size are printed.  Beside each full database an empty
#     one (session 7 only).
#  2. per backend, a server on the empty database and one on the full
#     one, both running, measured in ROUNDS interleaved rounds (empty
#     then full in odd rounds, full then empty in even ones, so the
#     machine's noise falls on both alike): the exercise page and its
#     autosave as bench/pages.sh measures them (wrk, CONNS connections;
#     the autosaves by WRITERS participants, each saving their own answer,
#     signed up on each server first);
#  3. then a facilitator's dashboard and CSV of a 30-person cohort
#     (bench/cohort-fill.c, then ANALYZE on PostgreSQL, as after the
#     fill) in each, timed one request at a time, cold
#     (after a write) and warm: the server's time is what it says in its
#     Server-Timing header (from the request's headers read to the reply
#     queued); curl's time to first byte less its time to send the
#     request, over loopback, is printed beside it.
#
# Prints per round and the medians, and full/empty ratios.  Targets
# (exit 1 if one is missed): throughput full/empty >= 0.77 and p99 full
# <= 1.3 x empty, for the page and for autosave; in the full database the
# dashboard and CSV under 2 ms (median, cold).  Not part of `make test`
# or `make bench`: the fill takes minutes.  For figures, PostgreSQL with
# its default settings (tests/with-pg.sh turns fsync off unless told):
#
#   make alignplan && PG_SETTINGS= ./tests/with-pg.sh bench/scale.sh
#
# Environment: USERS (100000), COHORTS (5000), ANSWERS (10000000),
# ROUNDS (5), DURATION (8s), CONNS (64), WRITERS (64), PG (a postgres://
# URL).
set -eu

cd "$(dirname "$0")/.."
ROOT=$PWD
USERS=${USERS:-100000}
COHORTS=${COHORTS:-5000}
ANSWERS=${ANSWERS:-10000000}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8s}
CONNS=${CONNS:-64}
THREADS=2
WRITERS=${WRITERS:-64}
PG=${PG:-${ALIGNPLAN_PG_URL:-}}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PSQL=$PG_BIN/psql
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
case $WRITERS in
'' | *[!0-9]* | 0*) die "WRITERS must be a number of writers, 1 or more" ;;
esac
bench_setup alignplan-scale
# Both servers of a backend run at once: stop them too at exit.
SERVERS=()
stop_servers() {
	local p
	for p in "${SERVERS[@]}"; do
		{ kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; } || true
	done
	SERVERS=()
	return 0
}
trap 'stop_servers; bench_cleanup' EXIT
rm -f "$OUT"/scale-*
cp ./alignplan "$TMP/alignplan"
for h in scale-fill cohort-fill; do
	link_helper "$TMP/$h" "bench/$h.c" || die "cannot build bench/$h.c"
done
FAILED=()

# A fresh PostgreSQL schema's URL (tests/db-lib.sh's test_db).
pg_db() { ( tmp=$TMP ALIGNPLAN_TEST_DB=$PG; . tests/db-lib.sh; test_db "$1" ); }
psql_q() { "$PSQL" -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }
db_size() { # URL: bytes
	case $1 in
	postgres://* | postgresql://*)
		psql_q "$1" -c "SELECT sum(pg_total_relation_size(c.oid))
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind = 'r'" ;;
	*) du -cb "${1#sqlite:}"* | tail -1 | cut -f1 ;;
	esac
}
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
per_s() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", (b > a ? n / ((b - a) / 1e9) : 0) }'; }

# --- 1. the fills
# fill_sqlite URL: session 7, then scale-fill; prints its line.
fill_sqlite() {
	local t0 t1 n
	"$TMP/alignplan" import --db "$1" content/session-07.md >/dev/null
	t0=$(now_ns)
	"$TMP/scale-fill" "$1" 7 "$USERS" "$COHORTS" "$ANSWERS" >"$OUT/scale-fill.txt" ||
		die "the fill failed"
	t1=$(now_ns)
	n=$(sed -n 's/.*answers with history \([0-9]*\).*/\1/p' "$OUT/scale-fill.txt")
	printf 'fill sqlite: %s s, %s answers with history (%s/s), %s bytes\n  (%s)\n' \
		"$(secs "$t0" "$t1")" "$n" "$(per_s "$n" "$t0" "$t1")" \
		"$(db_size "$1")" "$(cat "$OUT/scale-fill.txt")"
}

# schema_do URL COMMAND: COMMAND (VACUUM, ANALYZE) on the tables of URL's
# schema only: a bare VACUUM would also try the catalogs, which only a
# superuser may.
schema_do() {
	psql_q "$1" >/dev/null <<-EOF || die "$2 failed"
		SELECT '$2 ' || string_agg(c.oid::regclass::text, ', ')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind = 'r' \\gexec
	EOF
}

# fill_pg FROM TO: `alignplan migrate` and VACUUM ANALYZE; prints its line.
fill_pg() {
	local t0 t1 t2 n a
	t0=$(now_ns)
	"$TMP/alignplan" migrate --from "$1" --to "$2" >"$OUT/scale-migrate.txt" ||
		die "migrate to PostgreSQL failed"
	t1=$(now_ns)
	schema_do "$2" "VACUUM (ANALYZE)"
	t2=$(now_ns)
	n=$(awk 'NR > 1 { n += $2 } END { print n }' "$OUT/scale-migrate.txt")
	a=$(awk '$1 == "answers" || $1 == "answer_versions" { n += $2 } END { print n }' \
		"$OUT/scale-migrate.txt")
	printf 'fill postgresql: %s s, %s answers with history (%s/s), %s bytes\n' \
		"$(secs "$t0" "$t2")" "$a" "$(per_s "$a" "$t0" "$t2")" "$(db_size "$2")"
	printf '  (migrate %s s: %s rows of all tables, %s/s; VACUUM ANALYZE %s s)\n' \
		"$(secs "$t0" "$t1")" "$n" "$(per_s "$n" "$t0" "$t1")" "$(secs "$t1" "$t2")"
}

# --- 2. the servers, and the page and autosave in rounds
declare -A URL COOKIE PID

# start_server TAG DB_URL: a server on it, with a reader and WRITERS
# writers ($TMP/writers-TAG, autosave.lua's AP_WRITERS); it trusts
# 127.0.0.1 as its proxy, for the writers' sign-ups (sign_up_writers).
start_server() {
	local tag=$1 port page csrf
	port=$(free_port)
	URL[$tag]=http://127.0.0.1:$port
	"$TMP/alignplan" serve --db "$2" --listen "127.0.0.1:$port" \
		--trusted-proxy 127.0.0.1 2>>"$TMP/alignplan.log" &
	SERVERS+=("$!")
	wait_http "${URL[$tag]}/login" || { cat "$TMP/alignplan.log" >&2; exit 2; }
	page=${URL[$tag]}/s/7/e/$EX
	COOKIE[$tag]=$(sign_up "$tag" "reader-$tag@example.org")
	csrf=$(curl -fs -H "Cookie: ${COOKIE[$tag]}" "$page" | csrf_of)
	PID[$tag]=$(curl -fs -H "Cookie: ${COOKIE[$tag]}" "$page" |
		grep -o '<textarea name="a\.[^"]*"' | head -1 | sed 's/.*name="a\.//; s/"$//')
	[ -n "${PID[$tag]}" ] || die "$tag: no text prompt on $page"
	curl -fs -o /dev/null -H "Cookie: ${COOKIE[$tag]}" --data-urlencode "csrf=$csrf" \
		--data-urlencode "p=${PID[$tag]}" \
		--data-urlencode "a.${PID[$tag]}=A considered answer." "$page" ||
		die "$tag: the reader's answer was not saved"
	sign_up_writers "${URL[$tag]}" "$page" "$WRITERS" "$TMP/writers-$tag"
}

sign_up() { # TAG EMAIL: prints the session cookie
	local jar=$TMP/cookies-$2 csrf code ap=${URL[$1]}
	csrf=$(curl -fs -c "$jar" "$ap/signup" | csrf_of)
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
		--data-urlencode "csrf=$csrf" --data-urlencode "name=Scale" \
		--data-urlencode "email=$2" \
		--data-urlencode "password=benchmark password" "$ap/signup")
	[ "$code" = 303 ] || die "sign-up of $2 answered $code"
	echo "ap_session=$(awk '$6 == "ap_session" { print $7 }' "$jar")"
}

# measure_once TAG ROUND: the page, then autosave, on TAG's server;
# appends to the lists G_TAG GP_TAG P_TAG PP_TAG.
measure_once() {
	local tag=$1 r=$2 page=${URL[$1]}/s/7/e/$EX f=$OUT/scale-$1
	wrk_run "scale-$tag-get-$r" "$page" -H "Cookie: ${COOKIE[$tag]}"
	check_run "$f-get-$r.txt" 10000
	AP_WRITERS=$TMP/writers-$tag AP_PID=${PID[$tag]} AP_THREADS=$THREADS \
		wrk_run "scale-$tag-post-$r" "$page" -s "$ROOT/bench/autosave.lua"
	check_run "$f-post-$r.txt" 10
	printf '  round %-2s %-18s page %8s req/s p99 %7s ms   autosave %8s req/s p99 %7s ms\n' \
		"$r" "$tag" "$(rps_of "$f-get-$r.txt")" "$(p99_of "$f-get-$r.txt")" \
		"$(rps_of "$f-post-$r.txt")" "$(p99_of "$f-post-$r.txt")"
}

# medians TAG: sets GET_RPS GET_P99 POST_RPS POST_P99 from TAG's rounds.
medians() {
	local r f g=() gp=() p=() pp=()
	for r in $(seq "$ROUNDS"); do
		f=$OUT/scale-$1
		g+=("$(rps_of "$f-get-$r.txt")") gp+=("$(p99_of "$f-get-$r.txt")")
		p+=("$(rps_of "$f-post-$r.txt")") pp+=("$(p99_of "$f-post-$r.txt")")
	done
	GET_RPS=$(median "${g[@]}") GET_P99=$(median "${gp[@]}")
	POST_RPS=$(median "${p[@]}") POST_P99=$(median "${pp[@]}")
	printf '%-26s page %8s req/s p99 %7s ms   autosave %8s req/s p99 %7s ms\n' \
		"$1 (median)" "$GET_RPS" "$GET_P99" "$POST_RPS" "$POST_P99"
}

# --- 3. the dashboard and CSV
# server_ms TAG URL COOKIE [write]: over 20 requests, the medians of the
# server's own time (its Server-Timing header: from the request's headers
# read to its reply queued) and of curl's time to first byte less its
# time to send the request (that and the loopback's both ways, curl's own
# wake-ups included), as "SERVER CURL" (ms); with `write`, a reading note
# is saved before each.
server_ms() {
	local i s=() t=() rc note ap=${URL[$1]}
	note=$(curl -fs -H "Cookie: $3" "$ap/s/7" | grep -o 'action="/s/7/r/[^"]*"' |
		head -1 | sed 's/.*r\///; s/"$//')
	rc=$(curl -fs -H "Cookie: $3" "$ap/s/7" | csrf_of)
	for i in $(seq 20); do
		[ -z "${4:-}" ] || curl -s -o /dev/null -H "Cookie: $3" -H 'X-Autosave: 1' \
			--data-urlencode "csrf=$rc" --data-urlencode "notes=cold $i" "$ap/s/7/r/$note"
		t+=("$(curl -fs -o "$TMP/timed" -D "$TMP/timed-head" -H "Cookie: $3" \
			-w '%{time_pretransfer} %{time_starttransfer}' "$2" |
			awk '{ printf "%.3f", ($2 - $1) * 1000 }')") || die "GET $2 failed"
		s+=("$(sed -n 's/^Server-Timing: app;dur=\([0-9.]*\).*/\1/p' "$TMP/timed-head")")
		[ -n "${s[-1]}" ] || die "GET $2: no Server-Timing"
	done
	echo "$(median "${s[@]}") $(median "${t[@]}")"
}

# cohort_times TAG DB_URL: a 30-person cohort in TAG's database, its
# dashboard and CSV timed; sets COLD_dashboard, COLD_answers.csv...
declare -A COLD WARM
cohort_times() {
	local tag=$1 fac=facilitator-$1@example.org fcookie cohort what c w
	fcookie=$(sign_up "$tag" "$fac")
	cohort=$("$TMP/cohort-fill" "$2" "$fac" content/session-07.md 30) ||
		die "cohort-fill failed"
	# Its rows went in at once, some into tables the fill left empty
	# (readings done, shares, check-ins): PostgreSQL's statistics still
	# say so until autovacuum's ANALYZE, which comes within a minute of
	# such a change.  The timing starts sooner, so ANALYZE now, as after
	# the fill (docs/scaling.md, "A thirteenth look").
	case $2 in postgres://* | postgresql://*) schema_do "$2" ANALYZE ;; esac
	for what in dashboard answers.csv; do
		curl -fs -o /dev/null -H "Cookie: $fcookie" "${URL[$tag]}/c/$cohort/$what" ||
			die "GET /c/$cohort/$what failed"
		read -r COLD[$tag/$what] c < <(server_ms "$tag" "${URL[$tag]}/c/$cohort/$what" "$fcookie" write)
		read -r WARM[$tag/$what] w < <(server_ms "$tag" "${URL[$tag]}/c/$cohort/$what" "$fcookie")
		printf '%-26s %-12s server time cold %7s ms, warm %7s ms (curl: %s, %s)\n' \
			"$tag" "$what" "${COLD[$tag/$what]}" "${WARM[$tag/$what]}" "$c" "$w"
	done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
target() { # NAME VALUE OP LIMIT
	if ! awk -v v="$2" -v l="$4" -v op="$3" \
		'BEGIN { exit !(op == ">=" ? v >= l : v <= l) }'; then
		FAILED+=("$1: $2, want $3 $4")
	fi
}

# backend NAME EMPTY_URL FULL_URL: both servers, the rounds, the cohorts.
backend() {
	local name=$1 e=$1-empty f=$1-full r e_get e_gp e_post e_pp what
	echo
	echo "== $name: empty and full, $ROUNDS interleaved rounds"
	start_server "$e" "$2"
	start_server "$f" "$3"
	for r in $(seq "$ROUNDS"); do
		if [ $((r % 2)) = 1 ]; then
			measure_once "$e" "$r"; measure_once "$f" "$r"
		else
			measure_once "$f" "$r"; measure_once "$e" "$r"
		fi
	done
	medians "$e"
	e_get=$GET_RPS e_gp=$GET_P99 e_post=$POST_RPS e_pp=$POST_P99
	medians "$f"
	cohort_times "$e" "$2"
	cohort_times "$f" "$3"
	stop_servers

	printf '%-26s page %s x req/s, p99 %s x; autosave %s x req/s, p99 %s x\n' \
		"$name full/empty" "$(ratio "$GET_RPS" "$e_get")" "$(ratio "$GET_P99" "$e_gp")" \
		"$(ratio "$POST_RPS" "$e_post")" "$(ratio "$POST_P99" "$e_pp")"
	for what in dashboard answers.csv; do
		printf '%-26s %-12s cold %s x, warm %s x\n' "$name full/empty" "$what" \
			"$(ratio "${COLD[$f/$what]}" "${COLD[$e/$what]}")" \
			"$(ratio "${WARM[$f/$what]}" "${WARM[$e/$what]}")"
		target "$name: $what in the full database, cold, ms" "${COLD[$f/$what]}" "<=" "$SERVER_MS_MAX"
	done
	target "$name: page req/s full/empty" "$(ratio "$GET_RPS" "$e_get")" ">=" "$RPS_MIN"
	target "$name: page p99 full/empty" "$(ratio "$GET_P99" "$e_gp")" "<=" "$P99_MAX"
	target "$name: autosave req/s full/empty" "$(ratio "$POST_RPS" "$e_post")" ">=" "$RPS_MIN"
	target "$name: autosave p99 full/empty" "$(ratio "$POST_P99" "$e_pp")" "<=" "$P99_MAX"
}

echo "scale.sh: $USERS participants, $COHORTS cohorts, ~$ANSWERS answers with history;" \
	"wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS rounds, autosaves by $WRITERS writers, $(nproc) cores"
SQ_EMPTY=sqlite:$TMP/empty.db SQ_FULL=sqlite:$TMP/full.db
"$TMP/alignplan" import --db "$SQ_EMPTY" content/session-07.md >/dev/null
fill_sqlite "$SQ_FULL"
if [ -n "$PG" ]; then
	PG_EMPTY=$(pg_db scale_empty) PG_FULL=$(pg_db scale_full)
	"$TMP/alignplan" import --db "$PG_EMPTY" content/session-07.md >/dev/null
	fill_pg "$SQ_FULL" "$PG_FULL"
fi
backend sqlite "$SQ_EMPTY" "$SQ_FULL"
[ -z "$PG" ] || backend postgresql "$PG_EMPTY" "$PG_FULL"
echo
echo "raw wrk output: bench/out/scale-*"
if [ "${#FAILED[@]}" -gt 0 ]; then
	printf 'FAILED: %s\n' "${FAILED[@]}"
	exit 1
fi
echo "all targets met"
