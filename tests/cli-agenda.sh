#!/bin/sh
# `alignplan import` given a catalog of research agendas (docs/agendas.md):
# --check recognises and checks content/agendas.md, --json prints it, a
# broken copy is refused with its line, a session is still a session, and
# an import without --check says that nothing is stored (and stores
# nothing).  Run from the repository root after `make alignplan`.
set -eu

root=$(pwd)
bin=$root/alignplan
catalog=$root/content/agendas.md

if [ ! -x "$bin" ]; then
	echo "cli-agenda: build ./alignplan first (make alignplan)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
. "$root/tests/check-lib.sh"

# expect_error NAME FILE:LINE PATTERN FILE: exit 2, "FILE:LINE: ..." naming
# the problem, nothing on stdout.
expect_error() {
	expect_status 2 "$1" "$bin" import --check "$4"
	if grep -q -- "^$2: .*$3" err.txt; then pass "$1 says '$2: ...$3'"
	else fail "$1: stderr '$(cat err.txt)' lacks '$2: ...$3'"; fi
	if [ -s out.txt ]; then fail "$1 printed to stdout"; fi
}

# The shipped catalog: recognised and checked, a one-line summary.
expect_status 0 "check the catalog" "$bin" import --check "$catalog"
if grep -q '^agenda catalog: Research agendas .* 1[0-9] agendas, [0-9]* links' out.txt
then pass "summary: $(cat out.txt)"
else fail "summary is '$(cat out.txt)'"; fi

# --json: the catalog's JSON, every agenda with a description, a link
# (http or https) and a role.
expect_status 0 "check --json" "$bin" import --check --json "$catalog"
if python3 - out.txt <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "agenda-catalog", d["kind"]
assert d["title"] == "Research agendas"
ids = [a["id"] for a in d["agendas"]]
assert len(ids) == len(set(ids)) >= 12, ids
for want in ("interpretability", "scalable-oversight", "evaluations",
             "governance", "agent-foundations", "cooperative-ai",
             "model-organisms", "ai-control", "adversarial-robustness"):
    assert want in ids, want
for a in d["agendas"]:
    assert a["description"], a["id"]
    assert a["links"], a["id"]
    assert all(l["url"].startswith(("https://", "http://")) for l in a["links"])
    assert a["roles"], a["id"]
    assert a["project_ideas"] and a["fit_tests"], a["id"]
EOF
then pass "JSON holds every agenda whole"; else fail "JSON content"; fi

# The same from standard input.
set +e
"$bin" import --check - <"$catalog" >stdin.txt 2>&1
got=$?
set -e
if [ "$got" -eq 0 ] && grep -q '^agenda catalog:' stdin.txt
then pass "a catalog on standard input"
else fail "standard input: exit $got, $(cat stdin.txt)"; fi

# A session is not taken for a catalog.
expect_status 0 "a session is still a session" "$bin" import --check \
	"$root/content/session-07.md"
if grep -q '^session 7:' out.txt; then pass "session summary"
else fail "session summary is '$(cat out.txt)'"; fi

# Broken copies: each refused with the file, the line and the problem.
# (sed line numbers are of the shipped file; the errors name them.)
line=$(grep -n '^## Interpretability' "$catalog" | cut -d: -f1)
links=$(grep -n '^- \[Zoom In' "$catalog" | cut -d: -f1)
sed "${links}s|(https://distill.pub/2020/circuits/zoom-in/)|(javascript:alert(1))|" \
	"$catalog" >scheme.md
expect_error "a javascript: link" "scheme.md:$links" \
	"only http and https" scheme.md

awk -v from="$line" 'NR > from && /^### Roles/ { skip = 1; next }
	skip && /^### / { skip = 0 } !skip' "$catalog" >noroles.md
expect_error "an agenda without roles" "noroles.md:$line" \
	"'Interpretability' has no related roles" noroles.md

second=$(grep -n '^## Evaluations' "$catalog" | cut -d: -f1)
sed "${second}s|id=evaluations|id=interpretability|" "$catalog" >dup.md
expect_error "a duplicate id" "dup.md:$second" \
	"agenda id 'interpretability' is already used on line $line" dup.md

printf '# Research agendas\n\n## A\n\nBad \377 byte.\n' >latin1.md
expect_error "not UTF-8" "latin1.md:5" "not valid UTF-8" latin1.md

# Over the catalog's cap of 1 MiB (a session may be 4 MiB).
{ cat "$catalog"; head -c 1100000 /dev/zero | tr '\0' 'x'; } >big.md
expect_status 2 "a catalog over 1 MiB" "$bin" import --check big.md
if grep -q 'the limit is 1048576' err.txt; then pass "says the limit"
else fail "big: '$(cat err.txt)'"; fi

# Without --check: checked, nothing stored, and it says so.
expect_status 1 "import without --check" "$bin" import \
	--db "sqlite:$tmp/t.db" "$catalog"
if grep -q 'not stored yet' err.txt && grep -q 'nothing was written' err.txt
then pass "says nothing was stored"
else fail "import message: '$(cat err.txt)'"; fi
if [ -s out.txt ]; then fail "import without --check printed to stdout"; fi
if [ -e t.db ]; then fail "import without --check created a database"
else pass "no database touched"; fi
# ... and a broken one still gets its error first.
expect_status 2 "broken, without --check" "$bin" import \
	--db "sqlite:$tmp/t.db" scheme.md

if [ "$fails" -ne 0 ]; then
	echo "cli-agenda: $fails check(s) failed" >&2
	exit 1
fi
echo "cli-agenda: all checks passed"
