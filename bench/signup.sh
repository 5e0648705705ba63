#!/bin/bash
# bench/signup.sh: GET / latency while 16 clients flood POST /signup.
#
# Builds nothing (`make bench` builds ./alignplan and installs wrk).
# Starts its own alignplan (--threads 2, the default password pool,
# --trusted-proxy 127.0.0.1, fresh database, session 7) on a free loopback
# port.  First a reference: one client (wrk -t1 -c1) sends GET / for
# DURATION with nothing else running.  Then the flood: wrk -t2 -c16 sends
# sign-ups, each with a new email and a new X-Forwarded-For address (so
# each costs a full argon2id hash and none meets the per-address limit),
# while the same one client measures GET / again.  Raw wrk output:
# bench/out/signup-*.txt.
#
# Target (exit 1 if missed): GET / p99 during the flood <= 20 ms.  The
# GETs must all be 200s of the page, and the flood must sign people up.
#
# Environment: DURATION (8s), FLOOD (16 connections).
set -eu

cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-8s}
FLOOD=${FLOOD:-16}
THREADS=1
CONNS=1
P99_MAX_MS=20
OUT=$ROOT/bench/out

die() { echo "signup.sh: $*" >&2; exit 2; }
# shellcheck source=bench/lib.sh
. bench/lib.sh  # the scripts run from the top directory
[ -x ./alignplan ] || die "no ./alignplan: run 'make alignplan' (or 'make bench')"
command -v wrk >/dev/null || die "wrk is missing: run 'make test-deps'"
command -v curl >/dev/null || die "curl is missing"

bench_setup alignplan-signup-bench
rm -f "$OUT"/signup-*

AP_PORT=$(free_port)
AP=http://127.0.0.1:$AP_PORT
# A copy, so a rebuild of ./alignplan during the run changes nothing.
cp ./alignplan "$TMP/alignplan"
"$TMP/alignplan" serve --db "sqlite:$TMP/bench.db" --listen "127.0.0.1:$AP_PORT" \
	--load content/session-07.md --threads 2 --trusted-proxy 127.0.0.1 \
	2>>"$TMP/alignplan.log" &
AP_PID=$!
wait_http "$AP/login" || { cat "$TMP/alignplan.log" >&2; exit 2; }

# The flood's form token: the pre-login cookie GET /signup sets.
CSRF=$(curl -fs -c "$TMP/jar" "$AP/signup" | csrf_of)
[ -n "$CSRF" ] || die "no csrf field on /signup"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/jar" \
	--data "csrf=$CSRF&name=Probe&email=probe%40example.org&password=a+probe+password" \
	"$AP/signup")
[ "$code" = 303 ] || die "a sign-up answered $code, not 303"
HOME_BYTES=$(curl -fs "$AP/" | wc -c)
FAILED=()

echo "alignplan $AP (threads 2): GET / by one client (wrk -t1 -c1, $DURATION)," \
	"alone, then beside $FLOOD clients signing up; $(nproc) cores"
# A GET slower than wrk's 2 s default would count as a timeout, outside
# the latency figures; give it 10 s, and count any timeout as a failure.
wrk_run signup-get-alone "$AP/" --timeout 10s
check_run "$OUT/signup-get-alone.txt" "$HOME_BYTES"

# The flood runs a second longer on each side of the measurement.
secs=${DURATION%s}
AP_CSRF=$CSRF wrk -t2 -c"$FLOOD" -d"$((secs + 2))s" --timeout 10s --latency -s "$ROOT/bench/signup.lua" \
	"$AP/signup" >"$OUT/signup-flood.txt" 2>&1 &
FLOOD_PID=$!
sleep 1
wrk_run signup-get-flood "$AP/" --timeout 10s
wait "$FLOOD_PID" || die "wrk (flood) failed: $(cat "$OUT/signup-flood.txt")"
check_run "$OUT/signup-get-flood.txt" "$HOME_BYTES"

for f in signup-get-alone signup-get-flood; do
	grep -q 'Socket errors:.*timeout [1-9]' "$OUT/$f.txt" &&
		FAILED+=("$f: $(grep 'Socket errors' "$OUT/$f.txt" | tr -s ' ')")
done
ALONE_P99=$(p99_of "$OUT/signup-get-alone.txt")
FLOOD_P99=$(p99_of "$OUT/signup-get-flood.txt")
ALONE_RPS=$(rps_of "$OUT/signup-get-alone.txt")
FLOOD_RPS=$(rps_of "$OUT/signup-get-flood.txt")
SIGNUP_N=$(awk '/requests in/ { print $1 }' "$OUT/signup-flood.txt")
SIGNUP_P99=$(p99_of "$OUT/signup-flood.txt")
STATUS=$(awk '$1 == "signup-status" { $1 = ""; print }' "$OUT/signup-flood.txt")
SIGNED=$(echo "$STATUS" | sed -n 's/.*303=\([0-9]*\).*/\1/p')
[ "${SIGNED:-0}" -gt 0 ] || FAILED+=("the flood signed nobody up ($STATUS)")
echo "$STATUS" | grep -q 'other=0' || FAILED+=("sign-ups answered other than 303/503 ($STATUS)")

echo
printf '%-22s %10s %10s\n' "" "GET/s" "GET p99"
printf '%-22s %10s %7s ms\n' "alone (reference)" "$ALONE_RPS" "$ALONE_P99"
printf '%-22s %10s %7s ms\n' "during sign-up flood" "$FLOOD_RPS" "$FLOOD_P99"
printf 'flood: %s sign-ups answered in %ss (p99 %s ms), statuses%s\n' "${SIGNUP_N:-0}" \
	"$((secs + 2))" "$SIGNUP_P99" "$STATUS"
printf 'GET / p99 during the flood %6s ms (target <= %s ms)\n' "$FLOOD_P99" "$P99_MAX_MS"

awk -v v="$FLOOD_P99" -v m="$P99_MAX_MS" 'BEGIN { exit !(v > m) }' &&
	FAILED+=("GET / p99 during the flood is $FLOOD_P99 ms, above $P99_MAX_MS ms")
echo "raw wrk output: bench/out/signup-*.txt"
if [ "${#FAILED[@]}" -gt 0 ]; then
	echo
	printf 'FAILED: %s\n' "${FAILED[@]}"
	exit 1
fi
echo "target met"
