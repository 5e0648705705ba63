#!/bin/sh
# `make run` serves the session 7 page within 2 seconds of the build, and
# `alignplan user add|list` work from a shell.
set -eu
tmp=$(mktemp -d)
port=$((20000 + $$ % 20000))
base=http://127.0.0.1:$port
pid=
stop() { # make does not pass the signal on to the server it started
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	pkill -f -- "--listen 127.0.0.1:$port" 2>/dev/null || true
	pid=
}
cleanup() { stop; rm -rf "$tmp"; }
trap cleanup EXIT

# sign_up BASE JAR EMAIL: a new account, its login cookie kept in JAR.
sign_up() {
	curl -sf -c "$2" -o "$tmp/signup.html" "$1/signup"
	csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/signup.html")
	curl -sf -b "$2" -c "$2" -o /dev/null \
		--data "csrf=$csrf&name=Cli&email=$3&password=long+enough" "$1/signup"
}

make -s alignplan >/dev/null
. tests/db-lib.sh
db=$(test_db run)
hupdb=$(test_db hup)
# The README's `make run` (SQLite) has 2 s; on PostgreSQL the fresh schema's
# 15 migrations, each its own transaction under an advisory lock, come first.
case $db in postgres*) limit=4000 ;; *) limit=2000 ;; esac
start=$(date +%s%N)
make -s run DB="$db" LISTEN="127.0.0.1:$port" >"$tmp/log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "$base/login"; do
	[ $(( ($(date +%s%N) - start) / 1000000 )) -lt "$limit" ] || {
		echo "not serving after $limit ms"; cat "$tmp/log"; exit 1; }
	sleep 0.05
done
jar=$tmp/jar
sign_up "$base" "$jar" cli%40example.org
curl -sf -b "$jar" -o "$tmp/s7.html" "$base/s/7"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -q 'Session 7: Contributing to AI Alignment' "$tmp/s7.html" ||
	{ echo "session 7 page lacks its title"; exit 1; }
echo "session 7 page served ${ms} ms after make run started"
[ "$ms" -le "$limit" ] || { echo "too slow: ${ms} ms > $limit ms"; exit 1; }

# The connection's memory pool (http.c) takes a browser's headers with a
# big cookie jar; headers past it get 431, and the server goes on.
cookie_of() { head -c "$1" /dev/zero | tr '\0' c; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: jar=$(cookie_of 6000)" "$base/login")
[ "$code" = 200 ] || { echo "6 KB of cookies answered $code, not 200"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: jar=$(cookie_of 20000)" "$base/login")
[ "$code" = 431 ] || { echo "20 KB of cookies answered $code, not 431"; exit 1; }
curl -sf -o /dev/null "$base/login" || { echo "not serving after the 431"; exit 1; }
stop

# SIGHUP reloads the sessions: an import shows without a restart.
port2=$((port + 1))
./alignplan serve --db "$hupdb" --listen "127.0.0.1:$port2" \
	--load tests/fixtures/session-03-reward-misspecification.md 2>"$tmp/hup.log" &
hup=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port2/login"; do sleep 0.05; done
jar2=$tmp/jar2
sign_up "http://127.0.0.1:$port2" "$jar2" hup%40example.org
curl -sf -b "$jar2" -o "$tmp/s3a.html" "http://127.0.0.1:$port2/s/3"
grep -q 'id="readings"' "$tmp/s3a.html" || { echo "session 3 lacks readings"; kill $hup; exit 1; }
./alignplan import --db "$hupdb" tests/fixtures/session-03-edited.md >/dev/null
kill -HUP $hup
for i in 1 2 3 4 5 6 7 8 9 10; do
	curl -sf -b "$jar2" -o "$tmp/s3b.html" "http://127.0.0.1:$port2/s/3"
	grep -q 'id="readings"' "$tmp/s3b.html" || break
	sleep 0.1
done
kill $hup; wait $hup 2>/dev/null || true
if grep -q 'id="readings"' "$tmp/s3b.html"; then
	echo "SIGHUP did not reload the edited session"; cat "$tmp/hup.log"; exit 1
fi
grep -q 'sessions reloaded' "$tmp/hup.log" || { echo "no reload logged"; exit 1; }

# Accounts from the shell; the password comes on stdin.
echo "a long password" | ./alignplan user add --db "$db" \
	--admin ada@example.org "Ada L" >/dev/null
./alignplan user list --db "$db" | grep -q "ada@example.org	Ada L	admin" ||
	{ echo "user list lacks the new admin"; exit 1; }
if echo "a long password" | ./alignplan user add --db "$db" \
	ADA@example.org Again 2>/dev/null; then
	echo "duplicate email accepted"; exit 1
else
	[ $? -eq 2 ] || { echo "duplicate email: wrong exit status"; exit 1; }
fi
if echo short | ./alignplan user add --db "$db" b@example.org B 2>/dev/null; then
	echo "short password accepted"; exit 1
fi
./alignplan --version | grep -q '^alignplan ' || { echo "--version"; exit 1; }
./alignplan --help | grep -q 'alignplan serve' || { echo "--help"; exit 1; }
if ./alignplan frobnicate 2>/dev/null; then echo "unknown command ok?"; exit 1; fi
echo "cli-serve: ok"
