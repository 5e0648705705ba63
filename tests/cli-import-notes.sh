#!/bin/sh
# End-to-end checks of `alignplan import --answers`: a participant's own
# notes of session 7 (tests/fixtures/notes-participant-07.md) previewed,
# written, exported as Markdown and imported again unchanged; a second
# upload with one answer changed shows that difference alone and needs
# --replace; bad uploads (another session's notes, binary, not UTF-8,
# 20 MB) get a clear message and change nothing.  Run from the
# repository root after `make alignplan`.
set -eu

root=$(pwd)
bin=$root/alignplan
notes=$root/tests/fixtures/notes-participant-07.md

if [ ! -x "$bin" ]; then
	echo "cli-import-notes: build ./alignplan first (make alignplan)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
. "$root/tests/check-lib.sh"
. "$root/tests/db-lib.sh"
db=$(test_db t)

# has FILE PATTERN NAME: FILE holds PATTERN.
has() {
	if grep -q -- "$2" "$1"; then pass "$3"
	else fail "$3: '$2' not in $1: $(cat "$1")"; fi
}

# stored: the participant's workbook as the Markdown export writes it.
stored() {
	"$bin" export --db "$db" --user p@example.org --format md >"$1"
}

"$bin" import --db "$db" "$root/content/session-07.md" >/dev/null
echo "a long password" | "$bin" user add --db "$db" p@example.org Pat >/dev/null
stored before.md

# The preview: what lands where, what matches nothing; nothing written.
expect_status 0 "--check previews" "$bin" import --answers --check \
	--user p@example.org --db "$db" "$notes"
has out.txt '^new     answer e1-roles (line 26): Research engineer' \
	"a pick lands on the roles prompt, new"
has out.txt '^new     answer e1-tests (line 30): Research engineer | reproduce' \
	"rows of the cheap-test table, cell by cell"
has out.txt '^new     note working-in-ai-alignment (line 12)' \
	"a note lands under its reading"
has out.txt '^not matched: answer to "How do I explain a career change' \
	"an answer to a prompt the course has not is listed"
has out.txt '^not matched: text in "Make your career awesome"' \
	"a paragraph of one's own is listed"
stored after-check.md
if cmp -s before.md after-check.md; then pass "--check wrote nothing"
else fail "--check changed the workbook"; fi

# The import writes the new answers and notes.
expect_status 0 "import --answers" "$bin" import --answers \
	--user p@example.org --db "$db" "$notes"
has out.txt '^wrote 6 answers and 2 notes$' "six answers and two notes written"
stored exported.md
has exported.md 'Technical writer for a safety lab' "the export has an answer"
has exported.md '^The engineering roles section matches what I do now\\\.$' \
	"the export has a note under its reading"

# Exported and imported again: every answer and note the same.
expect_status 0 "the export imported again" "$bin" import --answers \
	--user p@example.org --db "$db" exported.md
if [ "$(grep -c '^same ' out.txt)" -eq 8 ] && ! grep -q '^new \|^differs \|^not matched' out.txt
then pass "all 8 answers and notes come back the same, nothing unmatched"
else fail "round trip: $(cat out.txt)"; fi
has out.txt '^wrote 0 answers and 0 notes$' "nothing to write"

# One answer changed: only that difference, and nothing written without
# --replace.
sed 's/^  - A weekly check\\-in with one partner\\.$/  - Two check-ins a week./' \
	exported.md >changed.md
expect_status 2 "a changed answer needs --replace" "$bin" import --answers \
	--user p@example.org --db "$db" changed.md
if [ "$(grep -c '^differs ' out.txt)" -eq 1 ] &&
   grep -q '^differs answer e2-support (line 122): Two check-ins a week\.$' out.txt &&
   [ "$(grep -c '^same ' out.txt)" -eq 7 ]
then pass "the preview shows that one difference alone"
else fail "one change: $(cat out.txt)"; fi
has err.txt 'nothing was written.  Run again with --replace' "says why"
stored after-refusal.md
if cmp -s exported.md after-refusal.md; then pass "nothing was written"
else fail "a refused import changed the workbook"; fi
expect_status 0 "--replace" "$bin" import --answers --replace \
	--user p@example.org --db "$db" changed.md
has out.txt '^wrote 1 answer and 0 notes$' "the one answer replaced"
stored replaced.md
has replaced.md '^  - Two check\\-ins a week\\.$' "the export has the new answer"

# A changed note is replaced only with --replace, like an answer.
sed 's/^The engineering roles section matches what I do now\\\.$/Edited./' \
	replaced.md >note.md
expect_status 2 "a changed note needs --replace" "$bin" import --answers \
	--user p@example.org --db "$db" note.md
has err.txt '1 answer or note differs from what is stored; nothing was written' \
	"a changed note is refused without --replace, and says so"
stored after-note.md
has after-note.md '^The engineering roles section matches what I do now' \
	"the stored note is kept"
expect_status 0 "a changed note with --replace" "$bin" import --answers \
	--replace --user p@example.org --db "$db" note.md
has out.txt '^wrote 0 answers and 1 note$' "the one note replaced"
stored after-note.md
has after-note.md '^Edited\\\.$' "the export has the new note"

# Bad uploads: a clear message, and nothing changed.
stored good.md
expect_status 2 "another session's notes" "$bin" import --answers \
	--session 7 --user p@example.org --db "$db" \
	"$root/tests/fixtures/notes-pick-one.md"
has err.txt 'these are notes of session 14, not of session 7' "says whose"
expect_status 2 "a session not stored" "$bin" import --answers \
	--user p@example.org --db "$db" "$root/tests/fixtures/notes-pick-one.md"
has err.txt 'no session 14 in the database' "says which"
printf '# Session 7\n\n- a\0b\n' >binary.md
expect_status 2 "a binary file" "$bin" import --answers \
	--user p@example.org --db "$db" binary.md
has err.txt 'binary.md:3: binary data (NUL byte)' "names the line"
printf '# Session 7\n\n- caf\351\n' >latin1.md
expect_status 2 "not UTF-8" "$bin" import --answers \
	--user p@example.org --db "$db" latin1.md
has err.txt 'latin1.md:3: not valid UTF-8 (byte 0xe9)' "names the line and byte"
head -c 20971520 /dev/zero | tr '\0' 'a' >big.md
expect_status 2 "20 MB" "$bin" import --answers \
	--user p@example.org --db "$db" big.md
has err.txt 'big.md: file is 20971520 bytes; the limit is 4194304' "says the limit"
expect_status 2 "no such user" "$bin" import --answers \
	--user q@example.org --db "$db" "$notes"
has err.txt 'no user q@example.org' "names the email"
expect_status 2 "--answers without --user" "$bin" import --answers "$notes"
has err.txt '^usage: alignplan import' "shows the usage"
stored after-bad.md
if cmp -s good.md after-bad.md; then pass "bad uploads changed nothing"
else fail "a bad upload changed the workbook"; fi

if [ "$fails" -ne 0 ]; then
	echo "cli-import-notes: $fails failed" >&2
	exit 1
fi
echo "cli-import-notes: ok"
