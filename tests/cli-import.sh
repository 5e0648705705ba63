#!/bin/sh
# End-to-end checks of `alignplan import`: what --check --json prints, the
# exit status and message for each kind of bad file, that --check never
# touches a database, and an import followed by a re-import of an edited
# session.  Run from the repository root after `make alignplan`.
set -eu

root=$(pwd)
bin=$root/alignplan
fixture=$root/tests/fixtures/session-03-reward-misspecification.md
edited=$root/tests/fixtures/session-03-edited.md

if [ ! -x "$bin" ]; then
	echo "cli-import: build ./alignplan first (make alignplan)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
. "$root/tests/check-lib.sh"

# expect_error NAME PATTERN FILE: exit 2, one message naming the problem.
expect_error() {
	expect_status 2 "$1" "$bin" import --check --json "$3"
	if grep -q -- "$2" err.txt; then pass "$1 says '$2'"
	else fail "$1: stderr '$(cat err.txt)' lacks '$2'"; fi
	if [ -s out.txt ]; then fail "$1 printed to stdout"; fi
}

# --check --json prints valid JSON with what the fixture says.
expect_status 0 "check --json" "$bin" import --check --json "$fixture"
if python3 -m json.tool out.txt >/dev/null; then pass "output is JSON"
else fail "output is not valid JSON"; fi
if python3 - out.txt <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["number"] == 3, d["number"]
assert d["title"] == "Reward misspecification"
assert d["course"] == "Alignment Foundations"
assert d["subtitle"].startswith("When the number")
assert len(d["objectives"]) == 3
r = d["readings"]
assert len(r) == 5
assert r[0]["author"] == "Victoria Krakovna et al." and r[0]["year"] == 2020
assert r[1]["kind"] == "Video" and r[1]["year"] is None
e = d["exercises"]
assert [x["optional"] for x in e] == [False, True, True]
assert e[0]["minutes"] == 20
p = e[0]["prompts"]
assert p[0]["kind"] == "list" and (p[0]["min_items"], p[0]["max_items"]) == (3, 5)
assert p[1]["timer_minutes"] == 10 and p[1]["min_items"] == 8
assert p[1]["max_items"] is None
assert p[2]["kind"] == "checklist" and len(p[2]["options"]) == 3
assert p[2]["answer"] == "Build a toy environment"
assert p[6]["group"] == "Optional extras" and p[6]["optional"] is True
for k in ("id", "text", "group", "kind", "timer_minutes", "min_items",
          "max_items", "options", "answer"):
    assert k in p[0], k
assert d["thoughts"].startswith("Proxies")
EOF
then pass "JSON has the expected values"
else fail "JSON values"; fi

# --check alone: a one-line summary, and no database anywhere.
expect_status 0 "check" "$bin" import --check --db "sqlite:$tmp/check.db" "$fixture"
if grep -q '^session 3: Reward misspecification .* 5 readings, 3 exercises, 10 prompts$' out.txt
then pass "summary line"; else fail "summary line: $(cat out.txt)"; fi
if [ -e check.db ] || [ -e alignplan.db ]; then fail "--check created a database"
else pass "--check creates no database"; fi

# Bad input: exit 2 and FILE:LINE: message on stderr.
{
	printf '# Title\n\n'
	i=3; while [ $i -lt 7 ]; do printf 'line %d\n' $i; i=$((i + 1)); done
	printf 'caf\351\n'
} >latin1.md
expect_error "non-UTF-8 file" "latin1.md:7: not valid UTF-8 (byte 0xe9)" latin1.md
printf '# Title\n\nnul \000 here\n' >nul.md
expect_error "NUL byte" "nul.md:3: binary data (NUL byte)" nul.md
head -c 20971520 /dev/zero | tr '\0' 'a' >big.md
expect_error "20 MB file" "big.md: file is 20971520 bytes; the limit is 4194304" big.md
printf 'Just text.\n' >notitle.md
expect_error "no title" "notitle.md:1: no title" notitle.md
python3 -c "print('# T\n\n' + '>' * 10000 + ' deep')" >deep.md
expect_error "deep quotes" "deep.md:3: lists or quotes nested deeper" deep.md
python3 -c "print('# T\n\n' + '- ' * 10000 + 'deep')" >deeplist.md
expect_error "deep lists" "deeplist.md:3: lists or quotes nested deeper" deeplist.md
expect_error "missing file" "nope.md" nope.md
expect_status 2 "no file argument" "$bin" import --check
expect_status 2 "unknown option" "$bin" import --frobnicate "$fixture"

# Import, then re-import an edited copy (one prompt reworded, one removed).
expect_status 0 "import" "$bin" import --db "sqlite:$tmp/t.db" "$fixture"
if [ -s t.db ]; then pass "database written"; else fail "no database file"; fi
expect_status 0 "re-import edited" "$bin" import --db "sqlite:$tmp/t.db" "$edited"
if grep -q '^session 3: .* 3 prompts$' out.txt; then pass "re-import summary"
else fail "re-import summary: $(cat out.txt)"; fi
printf '# Plain title\n\n# Exercises\n\n## One\n\n- A question?\n' >nonum.md
expect_status 2 "a session without a number is refused" \
	"$bin" import --db "sqlite:$tmp/t.db" nonum.md
if grep -q 'nonum.md:1: the title names no session number' err.txt; then
	pass "no number: says why"; else fail "no number: $(cat err.txt)"; fi
expect_status 2 "bad file leaves the database alone" \
	"$bin" import --db "sqlite:$tmp/t.db" latin1.md

if [ "$fails" -ne 0 ]; then
	echo "cli-import: $fails check(s) failed" >&2
	exit 1
fi
echo "cli-import: all checks passed"
