#!/bin/sh
# The reminders and nudges through a real SMTP server (Debian's
# python3-aiosmtpd, tests/smtp-server.py on a loopback port; checks in
# tests/remind-check.py): a cohort with a check-in that was due yesterday
# and its final review tomorrow, invites sent by mail (to a member and to
# an address with no account), a cheap test due tomorrow, a partner.
# `alignplan remind` makes the reminders once (a second run makes none);
# a server with --smtp sends them, each once; a nudge from the dashboard
# is a mail from the facilitator, one a day; then two servers running the
# pass every second and three `alignplan remind` at once make a new
# review's reminders once each.
set -eu
cd "$(dirname "$0")/.."
make -s alignplan >/dev/null
tmp=$(mktemp -d)
SERVERS=
SERVER2=
cleanup() {
	stop_server
	[ -z "$SERVER2" ] || { kill "$SERVER2" 2>/dev/null || true; wait "$SERVER2" 2>/dev/null || true; }
	for p in $SERVERS; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	[ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
. tests/serve-lib.sh

PY=$(aiosmtpd_python)

start_smtp() {
	mkdir -p "$tmp/$1"
	"$PY" tests/smtp-server.py --dir "$tmp/$1" --ready "$tmp/$1.port" \
		--port 0 2>"$tmp/$1.log" &
	SMTP_PID=$!
	SERVERS="$SERVERS $SMTP_PID"
	i=0
	until [ -s "$tmp/$1.port" ]; do
		i=$((i + 1))
		[ $i -le 200 ] || { cat "$tmp/$1.log" >&2; fail "the SMTP server did not start"; }
		sleep 0.05
	done
	PORT=$(cat "$tmp/$1.port")
}

DB=$tmp/remind.db
printf 'long enough\n' | ./alignplan user add --db "sqlite:$DB" --admin \
	fac@example.org Facilitator >/dev/null
MAILOPTS="--public-url https://plan.example.org --mail-from noreply@plan.example.org"

# The world, on a server that sends nothing and runs no pass.
BASE=http://127.0.0.1:$(free_port)
start_server "$tmp/world.log" ./alignplan serve --db "sqlite:$DB" \
	--listen "${BASE#http://}" --load content/session-07.md $MAILOPTS \
	--remind-every 0
"$PY" tests/remind-check.py world "$BASE" "$tmp/state.json"
stop_server
# They joined a week ago, before yesterday's check-in date (someone who
# joins after a date owes no check-in for it).
sqlite3 "$DB" "UPDATE members SET joined = joined - 7 * 86400"

# One pass makes them; the next makes none.
out=$(./alignplan remind --db "sqlite:$DB" $MAILOPTS)
[ "$out" = "reminders made: 0 milestones, 1 cheap tests, 1 missed check-ins, 3 review sessions" ] ||
	fail "the first pass: $out"
out=$(./alignplan remind --db "sqlite:$DB" $MAILOPTS)
[ "$out" = "reminders made: 0 milestones, 0 cheap tests, 0 missed check-ins, 0 review sessions" ] ||
	fail "the second pass made more: $out"
pass "alignplan remind makes each reminder once"
./alignplan remind --db "sqlite:$DB" --public-url http://x >/dev/null 2>&1 &&
	fail "remind took an http:// public URL"
pass "alignplan remind refuses a bad option"

# A server with --smtp sends them (and its own pass makes nothing more).
start_smtp main
start_server "$tmp/serve.log" ./alignplan serve --db "sqlite:$DB" \
	--listen "${BASE#http://}" --smtp "smtp://127.0.0.1:$PORT" $MAILOPTS
"$PY" tests/remind-check.py mails "$BASE" "$tmp/state.json" "$tmp/main"
"$PY" tests/remind-check.py nudge "$BASE" "$tmp/state.json" "$tmp/main"

# Several servers and passes at once: a new review, told once each.
BASE2=http://127.0.0.1:$(free_port)
./alignplan serve --db "sqlite:$DB" --listen "${BASE2#http://}" \
	--smtp "smtp://127.0.0.1:$PORT" $MAILOPTS --remind-every 1 \
	2>"$tmp/serve2.log" &
SERVER2=$!
i=0
until curl -sf -o /dev/null "$BASE2/login"; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the second server did not start"; sleep 0.05
done
"$PY" tests/remind-check.py review2 "$BASE" "$tmp/state.json"
PIDS=
for n in 1 2 3; do
	./alignplan remind --db "sqlite:$DB" $MAILOPTS >"$tmp/r$n.out" &
	PIDS="$PIDS $!"
done
for p in $PIDS; do
	wait "$p" || fail "an alignplan remind run at the same time failed"
done
"$PY" tests/remind-check.py count "$tmp/main" "Second of Remind cohort" 3 20
pass "two servers with a pass a second and three alignplan remind at once: each member told of the new review once"
