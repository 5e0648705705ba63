#!/bin/bash
# bench/cohort.sh: a facilitator's dashboard of a 30-person cohort with
# full session 7 plans, measured against nginx serving the same page bytes
# as a static file.
#
# Builds nothing but its helper (`make bench` builds ./alignplan and
# installs wrk and nginx-light).  Starts its own alignplan (--threads 2,
# fresh database, session 7) and nginx (own config, 2 workers) on free
# loopback ports.  The facilitator signs up over HTTP (its cookie is what
# wrk sends); bench/cohort-fill.c then writes the cohort straight through
# the store: PEOPLE participants, every prompt answered, readings done,
# plans shared, partners, check-ins.  wrk -t2 -c64 runs alternately
# against each server for ROUNDS rounds; the table shows requests/s, p99
# and the ratio per round, and the medians.  Raw wrk output: bench/out/.
#
# The dashboard keeps what it read until the next write (ui-dashboard.c),
# so the wrk rounds measure it warm.  For scale, the script also times
# COLD dashboards one at a time, each after a write (a reading note saved)
# has emptied that cache.
#
# Target (exit 1 if missed): median requests/s ratio alignplan/nginx >= 0.3.
# Every response must be a 200 of the real page (no error pages measured).
#
# Environment: ROUNDS (5), DURATION (8s), CONNS (64), THREADS (2),
# PEOPLE (30), COLD (20).
set -eu

cd "$(dirname "$0")/.."
ROOT=$PWD
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
PEOPLE=${PEOPLE:-30}
COLD=${COLD:-20}
RATIO_MIN=0.3
OUT=$ROOT/bench/out

die() { echo "cohort.sh: $*" >&2; exit 2; }
# shellcheck source=bench/lib.sh
. bench/lib.sh  # the scripts run from the top directory
[ -x ./alignplan ] || die "no ./alignplan: run 'make alignplan' (or 'make bench')"
[ -f build/libalignplan.a ] || die "no build/: run 'make alignplan'"
command -v wrk >/dev/null || die "wrk is missing: run 'make test-deps'"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx is missing: run 'make test-deps'"
command -v curl >/dev/null || die "curl is missing"

bench_setup alignplan-cohort-bench
rm -f "$OUT"/cohort-*

link_helper "$TMP/cohort-fill" bench/cohort-fill.c

AP_PORT=$(free_port)
AP=http://127.0.0.1:$AP_PORT
# A copy, so a rebuild of ./alignplan during the run changes nothing.
cp ./alignplan "$TMP/alignplan"
"$TMP/alignplan" serve --db "sqlite:$TMP/bench.db" --listen "127.0.0.1:$AP_PORT" \
	--load content/session-07.md --threads 2 2>>"$TMP/alignplan.log" &
AP_PID=$!
wait_http "$AP/login" || { cat "$TMP/alignplan.log" >&2; exit 2; }

# --- the facilitator signs up over HTTP; the cohort is filled in
JAR=$TMP/cookies
FAC=facilitator@bench.example.org
CSRF=$(curl -fs -c "$JAR" "$AP/signup" | csrf_of)
[ -n "$CSRF" ] || die "no csrf field on /signup"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" -c "$JAR" \
	--data-urlencode "csrf=$CSRF" --data-urlencode "name=Bench Facilitator" \
	--data-urlencode "email=$FAC" \
	--data-urlencode "password=benchmark password" "$AP/signup")
[ "$code" = 303 ] || die "sign-up answered $code, not 303"
TOKEN=$(awk '$6 == "ap_session" { print $7 }' "$JAR")
[ -n "$TOKEN" ] || die "sign-up set no ap_session cookie"
COOKIE="ap_session=$TOKEN"

t0=$(date +%s%N)
COHORT=$("$TMP/cohort-fill" "sqlite:$TMP/bench.db" "$FAC" content/session-07.md "$PEOPLE") ||
	die "cohort-fill failed"
t1=$(date +%s%N)
echo "filled a cohort of $PEOPLE with full session 7 plans in $(( (t1 - t0) / 1000000 )) ms"
PAGE=$AP/c/$COHORT/dashboard

# The first request reads everything (nothing cached yet).
first_ms=$(curl -fs -o "$TMP/www/dashboard.html" -w '%{time_total}' -H "Cookie: $COOKIE" "$PAGE" |
	awk '{ printf "%.2f", $1 * 1000 }') || die "GET $PAGE failed"
PAGE_BYTES=$(wc -c <"$TMP/www/dashboard.html")
rows=$(grep -o '<tr><th scope="row">' "$TMP/www/dashboard.html" | wc -l)
[ "$rows" -eq "$PEOPLE" ] || die "the dashboard has $rows rows, not $PEOPLE"
grep -q "Participant $PEOPLE Ünal" "$TMP/www/dashboard.html" || die "the dashboard lacks participant $PEOPLE"
grep -q 'tag shared' "$TMP/www/dashboard.html" || die "the dashboard shows no shared plan"
full=$(grep -o '<td class="full">' "$TMP/www/dashboard.html" | wc -l)
[ "$full" -ge "$((2 * PEOPLE))" ] || die "only $full plans on the dashboard are fully answered, want $((2 * PEOPLE))"
cp "$TMP/www/dashboard.html" "$OUT/cohort-dashboard.html"
grep -q 'checked in today' "$TMP/www/dashboard.html" || die "the dashboard shows no check-in"

# --- nginx serving the same bytes
start_nginx dashboard.html
cmp -s "$TMP/www/dashboard.html" <(curl -fs -H "Cookie: $COOKIE" "$PAGE") ||
	die "the dashboard changed between two requests"

# --- helpers to read wrk's output
FAILED=()

echo "alignplan $AP (threads 2) vs nginx $NG (2 workers): ${PAGE_BYTES}-byte dashboard of $PEOPLE," \
	"wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS rounds, $(nproc) cores"
NG_RPS=() AP_RPS=() NG_P99=() AP_P99=() RATIO=()
for r in $(seq "$ROUNDS"); do
	wrk_run "cohort-nginx-$r" "$NG/dashboard.html"
	check_run "$OUT/cohort-nginx-$r.txt" "$PAGE_BYTES"
	wrk_run "cohort-alignplan-$r" "$PAGE" -H "Cookie: $COOKIE"
	check_run "$OUT/cohort-alignplan-$r.txt" "$PAGE_BYTES"
	NG_RPS+=("$(rps_of "$OUT/cohort-nginx-$r.txt")")
	AP_RPS+=("$(rps_of "$OUT/cohort-alignplan-$r.txt")")
	NG_P99+=("$(p99_of "$OUT/cohort-nginx-$r.txt")")
	AP_P99+=("$(p99_of "$OUT/cohort-alignplan-$r.txt")")
	RATIO+=("$(awk -v a="${AP_RPS[-1]}" -v n="${NG_RPS[-1]}" 'BEGIN { printf "%.3f", n ? a / n : 0 }')")
done

# --- cold: one request at a time, each after a write empties the cache
RCSRF=$(curl -fs -H "Cookie: $COOKIE" "$AP/s/7" | csrf_of)
READING=$(curl -fs -H "Cookie: $COOKIE" "$AP/s/7" | grep -o 'action="/s/7/r/[^"]*"' | head -1 | sed 's/.*r\///; s/"$//')
{ [ -n "$READING" ] && [ -n "$RCSRF" ]; } || die "no reading form on /s/7"
COLD_MS=()
for i in $(seq "$COLD"); do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" -H 'X-Autosave: 1' \
		--data-urlencode "csrf=$RCSRF" --data-urlencode "notes=cold round $i" \
		"$AP/s/7/r/$READING")
	case $code in 200 | 204 | 303) ;; *) die "marking a reading answered $code" ;; esac
	out=$(curl -s -o "$TMP/cold.html" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" "$PAGE")
	[ "${out%% *}" = 200 ] || die "cold dashboard answered ${out%% *}"
	COLD_MS+=("$(awk -v t="${out#* }" 'BEGIN { printf "%.2f", t * 1000 }')")
done
grep -q "Participant $PEOPLE Ünal" "$TMP/cold.html" || die "the cold dashboard lacks participant $PEOPLE"

MED_RATIO=$(median "${RATIO[@]}")
MED_NG=$(median "${NG_RPS[@]}")
MED_AP=$(median "${AP_RPS[@]}")
MED_P99=$(median "${AP_P99[@]}")
MED_COLD=$(median "${COLD_MS[@]}")

echo
printf '%-7s %12s %10s %14s %10s %8s\n' round "nginx req/s" "nginx p99" "alignplan r/s" "ap p99" ratio
for i in "${!RATIO[@]}"; do
	printf '%-7s %12s %8s ms %14s %7s ms %8s\n' "GET $((i + 1))" "${NG_RPS[$i]}" "${NG_P99[$i]}" \
		"${AP_RPS[$i]}" "${AP_P99[$i]}" "${RATIO[$i]}"
done
echo
printf 'median: nginx %s req/s, alignplan %s req/s, alignplan p99 %s ms\n' "$MED_NG" "$MED_AP" "$MED_P99"
printf 'dashboard median ratio alignplan/nginx  %6s  (target >= %s)\n' "$MED_RATIO" "$RATIO_MIN"
printf 'cold dashboard (after a write), one at a time: median %s ms of %s; first request %s ms\n' \
	"$MED_COLD" "$COLD" "$first_ms"

awk -v v="$MED_RATIO" -v m="$RATIO_MIN" 'BEGIN { exit !(v < m) }' &&
	FAILED+=("dashboard: median alignplan/nginx ratio $MED_RATIO is below $RATIO_MIN")
echo "raw wrk output and the page measured: bench/out/cohort-*"
if [ "${#FAILED[@]}" -gt 0 ]; then
	echo
	printf 'FAILED: %s\n' "${FAILED[@]}"
	exit 1
fi
echo "target met"
