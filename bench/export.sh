#!/bin/sh
# bench/export.sh: how long one export of a full plan takes.
#
# Builds a full plan (session 7, every prompt answered, 20 milestones,
# through tests/export/fill.c), then runs `alignplan export --repeat N`
# (a hidden flag: N exports in one process, the median time of one, and
# of a plain write() of the same bytes to a file as the reference) for
# docx, md, html and ics.  Also times `cp` of the exported docx, a
# process start included, for scale.
#
# Target (exit 1 if missed): median docx export <= 10 ms.
# Environment: REPEAT (200).
set -eu
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-200}
DOCX_MAX_US=10000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x ./alignplan ] || { echo "no ./alignplan: run 'make alignplan'"; exit 2; }

[ -f build/libalignplan.a ] || { echo "no build/: run 'make alignplan'"; exit 2; }
# shellcheck disable=SC2046
${CC:-cc} -std=c17 -D_DEFAULT_SOURCE -O1 -Isrc -o "$tmp/fill" \
	tests/export/fill.c build/libalignplan.a \
	$(pkg-config --libs libmicrohttpd sqlite3 libsodium md4c libzip) -lpthread
db="sqlite:$tmp/bench.db"
./alignplan import --db "$db" content/session-07.md >/dev/null
echo "a long password" | ./alignplan user add --db "$db" b@example.org B >/dev/null
"$tmp/fill" "$db" b@example.org content/session-07.md 20 "$tmp/plan.json" >/dev/null

echo "export of a full plan (session 7, 20 milestones), $REPEAT runs each:"
fail=0
for f in docx md html ics; do
	./alignplan export --db "$db" --user b@example.org --format $f \
		--repeat "$REPEAT" -o "$tmp/plan.$f" 2>"$tmp/$f.log"
	printf '  %-5s %s\n' "$f" "$(sed 's/^export: //' "$tmp/$f.log")"
done
us=$(sed -n 's/.*median \([0-9.]*\) us (.*/\1/p' "$tmp/docx.log")
t0=$(date +%s%N)
i=0
while [ $i -lt 20 ]; do cp "$tmp/plan.docx" "$tmp/copy.docx"; i=$((i + 1)); done
t1=$(date +%s%N)
cp_us=$(( (t1 - t0) / 20000 ))
echo "  cp of the docx (process start included): ${cp_us} us each;" \
	"docx export / cp = $(awk "BEGIN { printf \"%.2f\", $us / $cp_us }")"
if awk "BEGIN { exit !($us > $DOCX_MAX_US) }"; then
	echo "docx export ${us} us > target ${DOCX_MAX_US} us"; fail=1
else
	echo "docx export ${us} us <= target ${DOCX_MAX_US} us: ok"
fi
exit $fail
