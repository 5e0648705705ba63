#!/bin/sh
# `alignplan import --opportunities FILE`: openings from CSV and JSON are
# stored, importing again updates them by url (never twice), and a bad
# file (a missing column, a bad date, 50 MB, not UTF-8, a bad link) is
# refused with its line and changes nothing.  Run from the repository
# root after `make alignplan`.
set -eu

root=$(pwd)
bin=$root/alignplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fails=0
pass() { echo "ok - $1"; }
fail() { echo "not ok - $1" >&2; fails=$((fails + 1)); }

# run WANT NAME CMD...: run CMD, compare its exit status.
run() {
	want_rc=$1 name=$2
	shift 2
	set +e
	"$@" >out.txt 2>err.txt
	got=$?
	set -e
	if [ "$got" -eq "$want_rc" ]; then pass "$name (exit $got)"
	else fail "$name: exit $got, want $want_rc; stderr: $(cat err.txt)"; fi
}
rows() { sqlite3 t.db "SELECT count(*) FROM opportunities"; }
snapshot() { sqlite3 t.db "SELECT url, title, deadline FROM opportunities
	ORDER BY url; SELECT * FROM opportunity_tags ORDER BY 1, 2"; }

cat >o.csv <<'CSV'
title,organisation,url,agendas,roles,location,remote,deadline
Research engineer,Lab A,https://example.org/a,interpretability;evaluations,Research engineer,London,yes,2099-01-31
"Fellow, policy",Institute B,https://example.org/b,governance,"Policy or governance researcher","Washington, DC",no,2099-03-01
CSV
run 0 "import a CSV" "$bin" import --opportunities --db sqlite:t.db o.csv
grep -q '^opportunities: 2 openings read, 2 on the board$' out.txt &&
	pass "summary" || fail "summary '$(cat out.txt)'"
[ "$(sqlite3 t.db "SELECT location FROM opportunities WHERE url LIKE '%/b'")" = "Washington, DC" ] &&
	pass "a quoted field with a comma" || fail "quoted field"

# Again, with a title changed: updated, not duplicated.
sed 's/Research engineer,Lab A/Research engineer II,Lab A/' o.csv >o2.csv
run 0 "import it again" "$bin" import --opportunities --db sqlite:t.db o2.csv
[ "$(rows)" = 2 ] && pass "re-import duplicates nothing" || fail "$(rows) rows"
[ "$(sqlite3 t.db "SELECT title FROM opportunities WHERE url LIKE '%/a'")" = "Research engineer II" ] &&
	pass "re-import updates the entry" || fail "not updated"

cat >o.json <<'JSON'
[
  { "title": "Grant \u00e9", "organisation": "Fund C",
    "url": "https://example.org/c", "agendas": ["ai-control"],
    "roles": ["Research scientist"], "remote": true, "deadline": null }
]
JSON
run 0 "import JSON" "$bin" import --opportunities --db sqlite:t.db o.json
[ "$(rows)" = 3 ] && pass "JSON added one" || fail "$(rows) rows"
[ "$(sqlite3 t.db "SELECT title FROM opportunities WHERE url LIKE '%/c'")" = "Grant é" ] &&
	pass "JSON escapes decoded" || fail "JSON title"

before=$(snapshot)
# expect_bad NAME FILE:LINE PATTERN FILE
expect_bad() {
	run 2 "$1" "$bin" import --opportunities --db sqlite:t.db "$4"
	grep -q -- "^$2: .*$3" err.txt && pass "$1 says '$2: ...$3'" ||
		fail "$1: stderr '$(cat err.txt)' lacks '$2: ...$3'"
	[ "$(snapshot)" = "$before" ] && pass "$1 changes nothing" ||
		fail "$1 changed the board"
}
sed 's/,url,/,link,/' o2.csv >nocol.csv
expect_bad "a missing column" nocol.csv:1 "no 'url' column" nocol.csv
sed 's/2099-03-01/2099-02-30/' o2.csv >date.csv
expect_bad "a bad date" date.csv:3 "deadline '2099-02-30' is not a date" date.csv
printf 'title,organisation,url\nA,B\377,https://example.org/x\n' >latin1.csv
expect_bad "not UTF-8" latin1.csv:2 "not valid UTF-8" latin1.csv
sed 's|https://example.org/b|javascript:alert(1)|' o2.csv >link.csv
expect_bad "a javascript: link" link.csv:3 "only http and https" link.csv
printf '[{"title": "A", "organisation": "B",\n "url": "https://x.org", "remote": "maybe"}]\n' >bad.json
expect_bad "JSON: a bad yes/no" bad.json:2 "remote 'maybe' is not yes or no" bad.json
{ cat o2.csv; head -c 52428800 /dev/zero | tr '\0' 'x'; } >big.csv
run 2 "50 MB" "$bin" import --opportunities --db sqlite:t.db big.csv
grep -q 'big.csv: file is 524[0-9]* bytes; the limit is 4194304' err.txt &&
	pass "50 MB: says the limit" || fail "50 MB: '$(cat err.txt)'"
[ "$(snapshot)" = "$before" ] && pass "50 MB changes nothing" ||
	fail "50 MB changed the board"

# --check writes nothing.
run 0 "--check" "$bin" import --opportunities --check --db sqlite:new.db o.csv
[ -e new.db ] && fail "--check made a database" || pass "--check writes nothing"

if [ "$fails" -ne 0 ]; then
	echo "cli-opportunities: $fails check(s) failed" >&2
	exit 1
fi
echo "cli-opportunities: all checks passed"
