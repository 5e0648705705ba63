#!/bin/sh
# Run every command-line test script (tests/cli-*.sh) against ./alignplan.
# With ALIGNPLAN_TEST_DB set to a PostgreSQL URL (make test does so under
# tests/with-pg.sh), only the scripts that take their database from
# tests/db-lib.sh run; the others are SQLite's own or use no database.
set -eu
cd "$(dirname "$0")/.."
. tests/db-lib.sh
fail=0
for t in tests/cli-*.sh; do
	[ -e "$t" ] || continue
	if test_db_pg && ! grep -q 'db-lib\.sh' "$t"; then
		echo "== $t: not run on PostgreSQL (SQLite's own, or no database)"
		continue
	fi
	echo "== $t"
	sh "$t" || { echo "FAILED: $t"; fail=1; }
done
exit $fail
