#!/bin/sh
# `alignplan import` given a catalog of research agendas (docs/agendas.md):
# --check recognises and checks content/agendas.md, --json prints it, a
# broken copy is refused with its line, a session is still a session, and
# an import without --check stores it (again: updates it, archiving what
# it no longer has) while a broken one changes nothing.  Run from the repository root after `make alignplan`.
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

# Without --check: stored, and importing it again updates it.
expect_status 0 "import stores the catalog" "$bin" import \
	--db "sqlite:$tmp/t.db" "$catalog"
if grep -q '^agenda catalog: Research agendas' out.txt
then pass "import prints the summary"
else fail "import printed '$(cat out.txt)'"; fi
n=$(sqlite3 t.db "SELECT count(*) FROM agendas WHERE archived = 0")
nag=$(grep -c '^## ' "$catalog")
if [ "$n" = "$nag" ]; then pass "$n agendas stored"
else fail "$n agendas stored, want $nag"; fi
if [ "$(sqlite3 t.db "SELECT hex(source) FROM agenda_catalog")" = \
     "$(od -An -tx1 -v "$catalog" | tr -d ' \n' | tr a-f A-F)" ]
then pass "the source is kept byte for byte"
else fail "the stored source differs"; fi
# Re-imported with one agenda's id changed: the old id is archived, the
# new one stored, nothing duplicated.
sed "${line}s|id=interpretability|id=interp-new|" "$catalog" >renamed.md
expect_status 0 "re-import an edited catalog" "$bin" import \
	--db "sqlite:$tmp/t.db" renamed.md
got=$(sqlite3 t.db "SELECT group_concat(id || ':' || archived) FROM agendas
	WHERE id IN ('interpretability', 'interp-new')")
case $got in
*interpretability:1*) pass "the dropped id is archived" ;;
*) fail "after re-import: '$got'" ;;
esac
case $got in
*interp-new:0*) pass "the new id is current" ;;
*) fail "after re-import: '$got'" ;;
esac
n=$(sqlite3 t.db "SELECT count(*) FROM agendas")
if [ "$n" = "$((nag + 1))" ]; then pass "re-import duplicates nothing"
else fail "$n agenda rows after re-import, want $((nag + 1))"; fi
if [ "$(sqlite3 t.db "SELECT instr(source, 'id=interp-new') > 0
	FROM agenda_catalog")" = 1 ]
then pass "the stored source is the new one"
else fail "the stored source was not replaced"; fi
# A broken one gets its error first and changes nothing.
before=$(sqlite3 t.db "SELECT group_concat(id || archived) FROM agendas")
expect_status 2 "broken, without --check" "$bin" import \
	--db "sqlite:$tmp/t.db" scheme.md
after=$(sqlite3 t.db "SELECT group_concat(id || archived) FROM agendas")
if [ "$before" = "$after" ]; then pass "a broken catalog changes nothing"
else fail "a broken catalog changed the stored agendas"; fi
expect_status 2 "broken, into a new database" "$bin" import \
	--db "sqlite:$tmp/new.db" scheme.md
if [ -e new.db ]; then fail "a broken catalog created a database"
else pass "no database made for a broken catalog"; fi

if [ "$fails" -ne 0 ]; then
	echo "cli-agenda: $fails check(s) failed" >&2
	exit 1
fi
echo "cli-agenda: all checks passed"
