#!/bin/sh
# A visitor cannot take the server down by growing a thread (issue 14):
# the real server runs with 256 KB thread stacks (ulimit -s: glibc gives
# libmicrohttpd's threads RLIMIT_STACK, so a recursion per reply shows
# with 30x less input).  A participant replies to their own plan, each
# reply to the last, until the thread's cap answers 422 with its message;
# then a chain of 20,000 replies is written straight into the database,
# as a plan stored before the caps could hold, and the plan page must
# still answer 200, at a bounded size, with the server up afterwards.
set -eu
tmp=$(mktemp -d)
port=$((20000 + ($$ + 7919) % 20000))
base=http://127.0.0.1:$port
db=$tmp/caps.db
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	[ -n "$pid" ] && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "cli-caps: $*"; [ -f "$tmp/log" ] && tail -5 "$tmp/log"; exit 1; }
up() { # a dead server may linger as a zombie, which kill -0 would miss
	case $(ps -o stat= -p "$pid" 2>/dev/null || true) in
	'' | Z*) fail "the server died ($1)" ;;
	esac
}

make -s alignplan >/dev/null
command -v sqlite3 >/dev/null || fail "needs the sqlite3 shell (make test-deps)"
(ulimit -s 256 && exec ./alignplan serve --db "$db" --listen "127.0.0.1:$port" \
	--load content/session-07.md) >"$tmp/log" 2>&1 &
pid=$!
i=0
until curl -sf -o /dev/null "$base/login"; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "not serving"; sleep 0.1
done

# Sign up; the plan's address and a prompt id come from "Your plans".
jar=$tmp/jar
curl -sf -c "$jar" -o "$tmp/signup.html" "$base/signup"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/signup.html" | head -1)
curl -sf -b "$jar" -c "$jar" -o /dev/null \
	--data "csrf=$csrf&name=Caps&email=caps%40example.org&password=long+enough" "$base/signup"
curl -sf -b "$jar" -o "$tmp/plans.html" "$base/s/7/plan"
plan=$(grep -o '/p/[0-9]*/7/make-your-career-awesome' "$tmp/plans.html" | head -1)
[ -n "$plan" ] || fail "no link to the plan on /s/7/plan"
owner=$(echo "$plan" | cut -d/ -f3)
curl -sf -b "$jar" -o "$tmp/plan.html" "$base$plan"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/plan.html" | head -1)
prompt=e1-roles
grep -q "id=\"s-$prompt\"" "$tmp/plan.html" || fail "the plan has no section $prompt"

# post PARENT TEXT: prints the status; the new comment's id in $tmp/id.
post() {
	curl -s -b "$jar" -o "$tmp/post.html" -D "$tmp/head" -w '%{http_code}' \
		--data "csrf=$csrf&prompt=$prompt&parent=$1&body=$2" "$base$plan/comments" ||
		true
	sed -n 's/^[Ll]ocation: .*#c-\([0-9]*\).*/\1/p' "$tmp/head" | tr -d '\r' >"$tmp/id"
}

# A chain of replies over HTTP: the top, then each reply to the last,
# until the thread is full (200 replies).
status=$(post "" "The+top")
[ "$status" = 303 ] || fail "first comment: $status"
last=$(cat "$tmp/id")
n=0
while :; do
	status=$(post "$last" "Reply+$n")
	[ "$status" = 303 ] || break
	last=$(cat "$tmp/id")
	n=$((n + 1))
	[ $n -le 300 ] || fail "no cap after 300 replies"
done
[ "$status" = 422 ] || fail "reply $n answered $status, want 422"
[ $n -eq 200 ] || fail "the thread took $n replies, want 200"
grep -q 'This thread has reached 200 replies, the most a thread holds' "$tmp/post.html" ||
	fail "the refusal does not say why"
grep -q ">Reply $n</textarea>" "$tmp/post.html" || fail "the refused text is not shown again"
echo "thread capped after $n replies over HTTP: 422 with the text kept"
up "after the replies"

# 20,000 more replies, straight into the file: a chain stored before the
# caps (the server has it open; WAL lets the shell write beside it).
sqlite3 "$db" >/dev/null <<SQL || fail "cannot seed the chain"
PRAGMA busy_timeout = 5000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000),
	b(base) AS (SELECT max(id) FROM comments)
INSERT INTO comments (id, parent, owner, number, exercise_id, prompt_id,
	author, body, created)
SELECT base + i, base + i - 1, $owner, 7, 'make-your-career-awesome', '$prompt',
	$owner, 'Legacy reply ' || i, strftime('%s', 'now') FROM n, b;
SQL
[ "$(sqlite3 "$db" 'SELECT count(*) FROM comments')" -gt 20000 ] || fail "the chain is not there"

for round in 1 2 3; do
	start=$(date +%s%N)
	status=$(curl -s -b "$jar" -o "$tmp/deep.html" -w '%{http_code}' "$base$plan" ||
		true)
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	up "opening the plan, round $round"
	[ "$status" = 200 ] || fail "the plan page answered $status, want 200"
	size=$(wc -c <"$tmp/deep.html")
	[ "$size" -lt 4000000 ] || fail "the plan page is $size bytes"
	grep -q 'more comments on this section are not shown' "$tmp/deep.html" ||
		fail "the page does not say comments are not shown"
	echo "plan page with a 20,201-deep chain: 200, $size bytes, $ms ms"
done
[ "$(grep -oE '<li class="comment[ "]' "$tmp/deep.html" | wc -l)" -eq 500 ] ||
	fail "the page does not show the first 500 comments"

# Past the plan's cap now: a new comment is refused, clearly.
status=$(post "" "One+more")
[ "$status" = 422 ] || fail "a comment on a full plan answered $status"
grep -q 'This plan has reached 500 comments' "$tmp/post.html" || fail "no plan cap message"
curl -sf -o /dev/null "$base/login" || fail "the server stopped answering"
up "at the end"
echo "the server stayed up"
