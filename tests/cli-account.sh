#!/bin/sh
# Accounts from the command line: `serve --idle-timeout` takes a duration
# and refuses anything else, and `user add` refuses a name or email that
# is not one line of UTF-8 text.
set -eu
tmp=$(mktemp -d)
port=$((20000 + ($$ + 7919) % 20000))
base=http://127.0.0.1:$port
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
make -s alignplan >/dev/null
. tests/db-lib.sh
db=$(test_db s)

# exits CODE CMD...: CMD exits with CODE.
exits() {
	want=$1; shift
	rc=0; "$@" >/dev/null 2>"$tmp/err" || rc=$?
	[ "$rc" -eq "$want" ] || { echo "exit $rc, not $want: $*"; cat "$tmp/err"; exit 1; }
}

for bad in 0 59 30s 31d 3000000 7w 7dd d -5 1e5 ""; do
	exits 2 timeout 10 ./alignplan serve --db "$tmp/never.db" \
		--listen "127.0.0.1:$port" --idle-timeout "$bad"
	grep -q 'idle-timeout takes a duration' "$tmp/err" ||
		{ echo "--idle-timeout '$bad': no clear message"; exit 1; }
done
[ ! -e "$tmp/never.db" ] || { echo "a bad --idle-timeout opened the database"; exit 1; }

# A good one reaches the pages: the account page states it.
./alignplan serve --db "$db" --listen "127.0.0.1:$port" \
	--load content/session-07.md --idle-timeout 12h 2>"$tmp/log" &
pid=$!
until curl -sf -o /dev/null "$base/login"; do
	kill -0 $pid 2>/dev/null || { echo "server died"; cat "$tmp/log"; exit 1; }
	sleep 0.05
done
curl -sf -c "$tmp/jar" -o "$tmp/signup.html" "$base/signup"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/signup.html")
curl -sf -b "$tmp/jar" -c "$tmp/jar" -o /dev/null \
	--data "csrf=$csrf&name=Cli&email=idle%40example.org&password=long+enough" \
	"$base/signup"
curl -sf -b "$tmp/jar" -o "$tmp/account.html" "$base/account"
grep -q 'unused for 12 hours' "$tmp/account.html" ||
	{ echo "the account page does not state --idle-timeout 12h"; exit 1; }
# Invalid UTF-8 in a form: 400, and no account.
code=$(curl -s -b "$tmp/jar" -o /dev/null -w '%{http_code}' \
	--data "csrf=$csrf&name=%FF&email=bad%40example.org&password=long+enough" \
	"$base/signup")
[ "$code" = 400 ] || { echo "sign-up with a name not UTF-8: $code"; exit 1; }
kill $pid; wait $pid 2>/dev/null || true
pid=

# user add: the same rules as sign-up.
for name in "$(printf 'Bad\001name')" "$(printf 'Two\nlines')" \
	    "$(printf 'Bad\377')" "$(printf 'R\342\200\256L')"; do
	exits 2 sh -c 'echo "a long password" | ./alignplan user add --db "$1" x@example.org "$2"' \
		- "$db" "$name"
	grep -q 'one line of UTF-8 text' "$tmp/err" ||
		{ echo "user add: no clear message"; cat "$tmp/err"; exit 1; }
done
exits 2 sh -c 'echo "a long password" | ./alignplan user add --db "$1" "a b@example.org" Name' \
	- "$db"
./alignplan user list --db "$db" > "$tmp/users"
[ "$(wc -l < "$tmp/users")" -eq 1 ] || { echo "user add stored a bad name"; cat "$tmp/users"; exit 1; }
echo "cli-account: ok"
