# tests/pg-lib.sh: a throwaway PostgreSQL 15 for a test (sourced, not a
# test itself).  Debian's postgresql-15 package, started from its own
# binaries (not the packaged cluster) into a directory of its own under
# /tmp, listening only on a Unix socket in that directory: no TCP port to
# clash with, so several tests can each run one at the same time.
#
#   . tests/pg-lib.sh
#   trap 'pg_stop_all' EXIT; trap 'exit 130' INT TERM HUP
#   pg_start            # sets PG_DIR and PG_URL, prints the URL
#   psql "$PG_URL" ...
#   pg_stop             # or let the trap do it
#
# PostgreSQL refuses to run as root, and CI runs as root: then the server
# runs as the `postgres` system user (the package makes it), and its
# directory belongs to that user.  As anyone else it runs as the caller.
# The database PG_DB belongs to the role PG_ROLE, an ordinary role (not a
# superuser), as an application's would, but for pg_checkpoint (the
# benchmarks settle the database between runs); connections are trusted
# (no password) since only the socket's directory leads to it.
#
# The instance trades durability against a crash of the machine for speed
# (fsync off; a crash of PostgreSQL itself still loses nothing committed):
# it is deleted at the end.  PG_SETTINGS replaces those settings (bench
# scripts that measure want the defaults: PG_SETTINGS=).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DB=${PG_DB:-alignplan_test}
PG_ROLE=${PG_ROLE:-alignplan}
PG_PORT=5432                    # only names the socket file in PG_DIR
PG_SETTINGS=${PG_SETTINGS--c fsync=off -c full_page_writes=off}
PG_DIRS=                        # every instance this shell started

# pg_as CMD...: run CMD as the user the server runs as, from / (the
# postgres user may not be allowed into the caller's directory).
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

# pg_alive PID: is PID running?  A zombie is not: the postmaster's parent
# is init once pg_ctl is done, and some inits reap only now and then.
pg_alive() {
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	'' | Z*) return 1 ;;
	esac
}

# pg_fail MSG: say why, with the server's log if there is one; returns 1.
pg_fail() {
	echo "pg-lib: $*" >&2
	[ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/log" ] && tail -20 "$PG_DIR/log" >&2
	return 1
}

# pg_start: initdb, start, make the role and database.  Sets PG_DIR (the
# instance's directory, also its socket's) and PG_URL, and prints PG_URL.
pg_start() {
	[ -x "$PG_BIN/initdb" ] ||
		pg_fail "no $PG_BIN/initdb: install postgresql-15 (make test-deps)" ||
		return 1
	PG_DIR=$(mktemp -d "${PG_TMPDIR:-/tmp}/alignplan-pg.XXXXXX") ||
		pg_fail "mktemp failed" || return 1
	PG_DIRS="$PG_DIRS $PG_DIR"
	# The socket's directory must let clients in (root, or `serve`
	# once it became nobody); the data directory stays 0700.
	chmod 755 "$PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres \
		-E UTF8 --locale=C --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
		{ cat "$PG_DIR/initdb.log" >&2; pg_fail "initdb failed"; return 1; }
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
		-o "-k $PG_DIR -p $PG_PORT -c listen_addresses='' $PG_SETTINGS" \
		start >/dev/null || { pg_fail "pg_ctl start failed"; return 1; }
	"$PG_BIN/psql" -q -X -v ON_ERROR_STOP=1 \
		"postgresql://postgres@/postgres?host=$PG_DIR&port=$PG_PORT" \
		-c "CREATE ROLE $PG_ROLE LOGIN IN ROLE pg_checkpoint" \
		-c "CREATE DATABASE $PG_DB OWNER $PG_ROLE" >/dev/null ||
		{ pg_fail "could not make the role and database"; return 1; }
	PG_URL="postgresql://$PG_ROLE@/$PG_DB?host=$PG_DIR&port=$PG_PORT"
	echo "$PG_URL"
}

# pg_stop [DIR]: stop the instance in DIR (default PG_DIR) and delete it.
# An immediate shutdown (no checkpoint: the files are deleted next) ends
# its client connections; should it not finish, the postmaster (whose pid
# its own file gives) is killed.  Returns once the
# postmaster is gone (its children end before it does).
pg_stop() {
	dir=${1:-${PG_DIR:-}}
	[ -n "$dir" ] && [ -d "$dir" ] || return 0
	pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null) || pid=
	if [ -n "$pid" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 20 \
			stop >/dev/null 2>&1 || {
			kill -KILL "$pid" 2>/dev/null
			echo "pg-lib: killed postmaster $pid in $dir" >&2
		}
		# pg_ctl returns when the pid file is gone, a moment before
		# the process itself.
		i=0
		while pg_alive "$pid" && [ $i -lt 200 ]; do
			i=$((i + 1))
			sleep 0.05
		done
	fi
	rm -rf "$dir"
	[ "$dir" = "${PG_DIR:-}" ] && PG_DIR= PG_URL=
	return 0
}

# pg_stop_all: every instance this shell started (for an EXIT trap).
pg_stop_all() {
	for d in $PG_DIRS; do
		pg_stop "$d"
	done
	PG_DIRS=
}
