#!/bin/sh
# `alignplan export` end to end: import session 7, answer every prompt
# for a user (tests/export/fill.c, straight through the store), export
# each format and read it back with another program:
#   docx -> LibreOffice -> PDF -> pdftotext: every answer is there
#   docx -> mammoth: every answer, headings and tables
#   md   -> alignplan import --check --json: every answer, byte for byte
#   ics  -> ical.js: every milestone on its date
#   html -> the Nu HTML checker: no errors
# The files are kept in tests/browser/artifacts/export/.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
art=tests/browser/artifacts/export
mkdir -p "$art"
db="sqlite:$tmp/export.db"
fail() { echo "export.sh: $*"; exit 1; }

make -s alignplan >/dev/null
[ -f tests/browser/node_modules/.package-lock.json ] ||
	make -s tests/browser/node_modules/.package-lock.json >/dev/null

# The fill helper links against the app's library (all but the CLI).
make -s build/libalignplan.a >/dev/null
# shellcheck disable=SC2086
${CC:-cc} -std=c17 -D_DEFAULT_SOURCE -O1 -Isrc $(pkg-config --cflags libzip) \
	-o "$tmp/fill" tests/export/fill.c build/libalignplan.a \
	$(pkg-config --libs libmicrohttpd sqlite3 libsodium md4c libzip libcurl libpq) -lpthread

./alignplan import --db "$db" content/session-07.md >/dev/null
echo "a long password" | ./alignplan user add --db "$db" ada@example.org \
	"Ada <L> & Co" >/dev/null
"$tmp/fill" "$db" ada@example.org content/session-07.md 6 "$art/expected.json"

ex() { ./alignplan export --db "$db" --user ada@example.org "$@"; }
ex --format docx -o "$art/plan.docx"
ex --format md >"$art/plan.md"
ex --format html -o "$art/plan.html"
ex --format ics -o "$art/plan.ics"
ex --format ics --exercise make-your-project-awesome >"$art/project.ics"
# (the milestones are all in the project exercise; DTSTAMP is the clock's)
[ "$(grep -v ^DTSTAMP "$art/plan.ics")" = "$(grep -v ^DTSTAMP "$art/project.ics")" ] ||
	fail "ics of one exercise differs"

# Errors: exit 2 for bad input, nothing on stdout.
for args in "--format pdf" "--user nobody@example.org --format md" \
	    "--format md --session 99" "--format md --exercise nope" ""; do
	set +e
	# shellcheck disable=SC2086
	./alignplan export --db "$db" $( [ "${args#--user}" = "$args" ] &&
		echo --user ada@example.org ) $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	[ $rc -eq 2 ] || fail "export $args: exit $rc, not 2"
	[ -s "$tmp/err" ] || fail "export $args: no message on stderr"
	[ ! -s "$tmp/out" ] || fail "export $args: wrote to stdout"
done

# Every part of the docx is well-formed XML (a strict parser).
python3 - "$art/plan.docx" <<'PY' || fail "the docx holds malformed XML"
import sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for n in z.namelist():
    xml.dom.minidom.parseString(z.read(n))
names = set(z.namelist())
for n in ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"):
    assert n in names, n
PY

# docx -> PDF with LibreOffice (its own profile), then the text.
lo="$tmp/lo"
libreoffice --headless "-env:UserInstallation=file://$lo" \
	--convert-to pdf --outdir "$art" "$art/plan.docx" >"$tmp/lo.log" 2>&1 ||
	{ cat "$tmp/lo.log"; fail "LibreOffice could not convert the docx"; }
pdftotext -enc UTF-8 "$art/plan.pdf" "$art/plan.txt"
node tests/export/text.mjs "$art/plan.txt" "$art/expected.json"
grep -q "Milestones" "$art/plan.txt" || fail "PDF lacks the Milestones heading"
# The cheap-test tracker (fill.c's two tests), through LibreOffice.
for want in "Cheap tests tracked" "Research engineer: Reproduce a paper's *result*" \
	    "Uncertainty it tests: Can I debug <ML> code & enjoy it?" \
	    "Hours spent: 12.5 h" "Confidence in fit before: 40 %" \
	    "Confidence in fit after: 80 %" "Result: Loved it; 3 bugs & a <script>" \
	    "Policy <b>researcher</b>: Write a memo"; do
	grep -qF "$want" "$art/plan.txt" || fail "PDF lacks \"$want\""
done

node tests/export/docx.mjs "$art/plan.docx" "$art/expected.json"
node tests/export/ics.mjs "$art/plan.ics" "$art/expected.json"

./alignplan import --check --json "$art/plan.md" >"$art/plan-md.json"
node tests/export/md.mjs "$art/plan-md.json" "$art/expected.json"

java -jar tests/browser/node_modules/vnu-jar/build/dist/vnu.jar \
	--errors-only "$art/plan.html" || fail "the HTML export has errors"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$art/plan.html" ||
	fail "HTML lacks the escaped answer"
grep -qF 'Policy &lt;b&gt;researcher&lt;/b&gt;: Write a memo' "$art/plan.html" ||
	fail "HTML lacks the escaped cheap test"
grep -qF '<strong>Confidence in fit after:</strong> 80 %' "$art/plan.html" ||
	fail "HTML lacks the cheap test's confidence after"
grep -qF -- "- Research engineer: Reproduce a paper\\'s \\*result\\*" "$art/plan.md" ||
	fail "Markdown lacks the cheap test"
grep -qF -- '  - Confidence in fit after: 80 \%' "$art/plan.md" ||
	fail "Markdown lacks the cheap test's confidence after"
echo "export: ok"
