# tests/db-lib.sh: the database a CLI test runs on (sourced, not a test
# itself).  With ALIGNPLAN_TEST_DB set to a postgres:// or postgresql://
# URL (make test runs tests/cli.sh so under tests/with-pg.sh), the tests
# that source this file run on PostgreSQL: `test_db NAME` prints the URL
# of a fresh, empty schema NAME_<pid> there (its search_path in the URL,
# as tests/pg-env.h does); otherwise the path $tmp/NAME.db, an SQLite
# file.  tests/cli.sh runs only these tests on PostgreSQL: the others
# are SQLite's own (backups, full and read-only disks, files) or open no
# database.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# test_db_pg: is this run on PostgreSQL?
test_db_pg() {
	case ${ALIGNPLAN_TEST_DB:-} in
	postgres://* | postgresql://*) return 0 ;;
	esac
	return 1
}

# test_db NAME: a fresh database's URL (see above).
test_db() {
	if ! test_db_pg; then
		echo "$tmp/$1.db"
		return 0
	fi
	schema=cli_$1_$$
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$ALIGNPLAN_TEST_DB" -c \
		"SET client_min_messages = warning;
		DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" \
		>/dev/null || { echo "db-lib: no schema $schema" >&2; return 1; }
	case $ALIGNPLAN_TEST_DB in
	*\?*) echo "$ALIGNPLAN_TEST_DB&options=-csearch_path%3D$schema" ;;
	*) echo "$ALIGNPLAN_TEST_DB?options=-csearch_path%3D$schema" ;;
	esac
}
