#!/bin/bash
# bench/pages.sh: alignplan's logged-in exercise page and autosave POST,
# measured against nginx serving the same page bytes as a static file;
# on SQLite, and on PostgreSQL too when PG or ALIGNPLAN_PG_URL names one
# (e.g. under tests/with-pg.sh), in one run.
#
# Builds nothing (`make bench` builds ./alignplan and installs wrk and
# nginx-light).  Starts its own nginx (own config, 2 workers) and one
# alignplan per backend (--threads 2, fresh database, session 7: an SQLite
# file; a fresh schema of the PostgreSQL), all on free loopback ports, and
# at each connection count, for each of ROUNDS rounds, for each backend
# (SQLite first in odd rounds, PostgreSQL first in even ones, so the
# machine's noise falls on both alike), runs wrk -t2 against nginx's GET
# of that backend's page bytes, the backend's GET and its autosave POST,
# one after the other (more, shorter rounds give a steadier median on a
# noisy machine); prints a table per count and backend.  Raw wrk output:
# bench/out/.
#
# Targets, at every connection count (exit 1 if one is missed):
#                                                   SQLite   PostgreSQL
#   GET  median requests/s ratio alignplan/nginx    >= 0.75  >= 0.4
#   GET  alignplan p99 (median of rounds)           <= 10 ms  (shown)
#   POST median of POST/s / the round's nginx GET/s >= 0.25  >= 0.15
# Every response must be a 200 of the real page (no error pages measured);
# on each backend the answer the POST runs leave must be one of their last
# saves, and a save acknowledged just before kill -9 must be shown after a
# restart.  PostgreSQL shares the machine's cores; for figures, with its
# default settings (tests/with-pg.sh turns fsync off unless told):
#
#   make alignplan && PG_SETTINGS= ./tests/with-pg.sh bench/pages.sh
#
# Environment: ROUNDS (5), DURATION (8s), CONNS (the connection counts,
# each measured in turn: "64 256"), THREADS (2), PG (a postgres:// URL).
set -eu

cd "$(dirname "$0")/.."
ROOT=$PWD
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8s}
CONN_LIST=${CONNS:-64 256}
THREADS=${THREADS:-2}
PG=${PG:-${ALIGNPLAN_PG_URL:-}}
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

bench_setup alignplan-bench
rm -f "$OUT"/*.txt
BACKENDS=(sqlite)
declare -A DB AP_PORT_OF AP_OF SERVER COOKIE_OF WRITER_OF WCSRF_OF FIRST_PID_OF PAGE_OF BYTES_OF
DB[sqlite]=sqlite:$TMP/bench.db
if [ -n "$PG" ]; then
	BACKENDS+=(postgresql)
	# A fresh schema of it (tests/db-lib.sh's test_db).
	DB[postgresql]=$( (tmp=$TMP ALIGNPLAN_TEST_DB=$PG; . tests/db-lib.sh; test_db pages) ) ||
		die "no fresh schema on $PG"
fi
# Every server of the run, stopped at exit with nginx (bench_cleanup).
stop_servers() {
	local b
	for b in "${!SERVER[@]}"; do
		{ kill "${SERVER[$b]}" 2>/dev/null && wait "${SERVER[$b]}" 2>/dev/null; } || true
	done
	return 0
}
trap 'stop_servers; bench_cleanup' EXIT

# A copy, so a rebuild of ./alignplan during the run changes nothing.
cp ./alignplan "$TMP/alignplan"
start_alignplan() { # BACKEND: its server, on its port (kept across restarts)
	local b=$1
	"$TMP/alignplan" serve --db "${DB[$b]}" --listen "127.0.0.1:${AP_PORT_OF[$b]}" \
		--load content/session-07.md --threads 2 2>>"$TMP/alignplan-$b.log" &
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
# serves as exercise-BACKEND.html), and a writer whose autosaves the POSTs
# send (so the page the GETs measure stays those bytes).
set_up() {
	local b=$1 page empty cookie text_pids list_pids args p i code
	AP_PORT_OF[$b]=$(free_port)
	AP_OF[$b]=http://127.0.0.1:${AP_PORT_OF[$b]}
	start_alignplan "$b"
	cookie=$(sign_up "$b" bench@example.org)
	COOKIE_OF[$b]=$cookie
	WRITER_OF[$b]=$(sign_up "$b" writer@example.org)
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
	WCSRF_OF[$b]=$(curl -fs -H "Cookie: ${WRITER_OF[$b]}" "$page" | csrf_of)
	[ -n "${WCSRF_OF[$b]}" ] || die "$b: no csrf field on the writer's page"
}
for b in "${BACKENDS[@]}"; do set_up "$b"; done

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
	# The autosave POST, against this round's nginx GET rate.
	AP_CSRF=${WCSRF_OF[$b]} AP_PID=${FIRST_PID_OF[$b]} AP_COOKIE=${WRITER_OF[$b]} \
		wrk_run "alignplan-post-$b-$tag" "${PAGE_OF[$b]}" -s "$ROOT/bench/autosave.lua"
	check_run "$OUT/alignplan-post-$b-$tag.txt" 10
}

# at_least / at_most VALUE LIMIT: is the target met (an empty one is)?
at_least() { [ -z "$2" ] || awk -v v="$1" -v m="$2" 'BEGIN { exit !(v >= m) }'; }
at_most() { [ -z "$2" ] || awk -v v="$1" -v m="$2" 'BEGIN { exit !(v <= m) }'; }
target_of() { if [ -n "$2" ]; then echo "target $1 $2"; else echo "no target"; fi; }

# report BACKEND CONNS: its table for CONNS, the medians against its
# targets (FAILED); raw wrk output in $OUT/*-BACKEND-cCONNS-ROUND.txt.
report() {
	local b=$1 conns=$2 r tag ng ap post ratio pratio
	local ratios=() p99s=() pratios=()
	echo
	echo "$b: alignplan ${AP_OF[$b]} (threads 2) vs nginx $NG (2 workers): ${BYTES_OF[$b]}-byte exercise page," \
		"wrk -t$THREADS -c$conns -d$DURATION, $ROUNDS rounds, $(nproc) cores"
	printf '%-7s %12s %10s %14s %10s %8s %12s %10s %8s\n' round "nginx req/s" "nginx p99" \
		"alignplan r/s" "ap p99" ratio "POST/s" "POST p99" ratio
	for r in $(seq "$ROUNDS"); do
		tag=$b-c$conns-$r
		ng=$(rps_of "$OUT/nginx-get-$tag.txt")
		ap=$(rps_of "$OUT/alignplan-get-$tag.txt")
		post=$(rps_of "$OUT/alignplan-post-$tag.txt")
		ratio=$(awk -v a="$ap" -v n="$ng" 'BEGIN { printf "%.3f", n ? a / n : 0 }')
		pratio=$(awk -v a="$post" -v n="$ng" 'BEGIN { printf "%.3f", n ? a / n : 0 }')
		ratios+=("$ratio") pratios+=("$pratio")
		p99s+=("$(p99_of "$OUT/alignplan-get-$tag.txt")")
		printf '%-7s %12s %8s ms %14s %7s ms %8s %12s %7s ms %8s\n' "$r" "$ng" \
			"$(p99_of "$OUT/nginx-get-$tag.txt")" "$ap" "${p99s[-1]}" "$ratio" \
			"$post" "$(p99_of "$OUT/alignplan-post-$tag.txt")" "$pratio"
	done
	MED_RATIO=$(median "${ratios[@]}")
	MED_P99=$(median "${p99s[@]}")
	MED_POST=$(median "${pratios[@]}")
	printf '%s c%-4s GET  median ratio alignplan/nginx  %6s  (%s)\n' "$b" "$conns" "$MED_RATIO" \
		"$(target_of ">=" "${GET_RATIO_MIN[$b]}")"
	printf '%s c%-4s GET  alignplan p99, median         %6s ms (%s)\n' "$b" "$conns" "$MED_P99" \
		"$(target_of "<=" "${P99_MAX_MS[$b]}${P99_MAX_MS[$b]:+ ms}")"
	printf '%s c%-4s POST median ratio POST/nginx GET   %6s  (%s)\n' "$b" "$conns" "$MED_POST" \
		"$(target_of ">=" "${POST_RATIO_MIN[$b]}")"
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

# --- durability.  The answer left by the last POST run must be one of its
# last saves: a connection has one save in flight, and the two page
# threads take the write lock in no fixed order, so a save that waited can
# land after a few later ones of the same field (seen: 75 behind), but not
# after many.  Then one more save, acknowledged, must be what the page
# shows, also after kill -9 and a restart.
# shown BACKEND: the benchmark answer its page shows the writer.
shown() {
	curl -fs -H "Cookie: ${WRITER_OF[$1]}" "${PAGE_OF[$1]}" |
		grep -o "name=\"a\\.${FIRST_PID_OF[$1]}\"[^>]*>bench-[0-9a-z]*-[0-9]*<" |
		grep -o 'bench-[0-9a-z]*-[0-9]*' || true
}
# durability BACKEND: the checks above on its server (FAILED).
durability() {
	local b=$1 stored t n last ack final again pid=${FIRST_PID_OF[$1]}
	local last_post=$OUT/alignplan-post-$b-c$CONNS-$ROUNDS.txt
	stored=$(shown "$b")
	t=${stored#bench-}; t=${t%%-*}; n=${stored##*-}
	last=$(awk -v t="bench-$t-" '$1 == "last-answer" && index($2, t) == 1 { sub(t, "", $2); print $2 }' "$last_post")
	if [ -z "$stored" ]; then
		FAILED+=("$b: durability: no benchmark answer is shown for prompt $pid after the POST run")
		return 0
	elif [ -z "$last" ] || [ "$n" -lt "$((last - 4 * CONNS))" ]; then
		FAILED+=("$b: durability: the page shows $stored, but thread $t sent up to ${last:-?}: a stale answer")
		return 0
	fi
	final=bench-final-$RANDOM
	ack=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${WRITER_OF[$b]}" -H 'X-Autosave: 1' \
		--data-urlencode "csrf=${WCSRF_OF[$b]}" --data-urlencode "p=$pid" \
		--data-urlencode "a.$pid=$final" "${PAGE_OF[$b]}")
	kill -9 "${SERVER[$b]}"
	wait "${SERVER[$b]}" 2>/dev/null || true
	start_alignplan "$b"
	again=$(shown "$b")
	if [ "$ack" != 200 ]; then
		FAILED+=("$b: durability: the last save answered $ack, not 200")
	elif [ "$again" != "$final" ]; then
		FAILED+=("$b: durability: after kill -9 and restart the page shows '${again}', not the acknowledged $final")
	else
		echo "$b durability: the POST runs left $stored (thread $t sent up to $last); a save acknowledged just before kill -9 is shown after the restart"
	fi
}
for b in "${BACKENDS[@]}"; do durability "$b"; done

echo "raw wrk output: bench/out/"
if [ "${#FAILED[@]}" -gt 0 ]; then
	echo
	printf 'FAILED: %s\n' "${FAILED[@]}"
	exit 1
fi
echo "all targets met"
