/*
 * The SQLite storage backend: the only file that includes <sqlite3.h> or
 * speaks SQL.  See docs/storage.md for the schema and the reasoning behind
 * the settings below.
 */
#include "store.h"
#include "session.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* How long a connection waits for another process's write lock. */
#define BUSY_TIMEOUT_MS 5000

/*
 * Every write in this process goes through this one lock.  SQLite allows a
 * single writer per database anyway; when two connections race for it,
 * the loser sleeps in SQLite's busy handler (at least 1 ms a try), which
 * measured a POST p99 of 160-660 ms.  Queueing writers on a mutex instead
 * gave 16k POST/s at p99 20 ms (FIELD-NOTES.md).  Reads never take it: in
 * WAL mode they run beside the writer.  The busy timeout is still needed
 * for writers in other processes (an `alignplan import` next to `serve`).
 *
 * This is the only mutable global state in the backend.
 */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Schema migrations, numbered from 1 by their index + 1.  Each runs once
 * per database, in its own transaction, and is recorded in
 * schema_migrations.  Append new ones; never edit one that has shipped.
 */
static const char *const migrations[] = {
	/* 1: users and their logins; course sessions with their prompts and
	 * readings; a participant's answers and reading states. */
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL COLLATE NOCASE UNIQUE,"
	"  name TEXT NOT NULL,"
	"  pwhash TEXT NOT NULL,"
	"  is_admin INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE logins ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  expires INTEGER NOT NULL"
	");"
	"CREATE INDEX logins_user ON logins(user_id);"
	"CREATE TABLE courses ("
	"  number INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  source BLOB NOT NULL,"
	"  updated INTEGER NOT NULL"
	");"
	/* Prompts and readings are never deleted, only archived, so that
	 * the answers and notes that name them stay valid. */
	"CREATE TABLE prompts ("
	"  number INTEGER NOT NULL REFERENCES courses(number),"
	"  id TEXT NOT NULL,"
	"  exercise INTEGER NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (number, id)"
	");"
	"CREATE TABLE readings ("
	"  number INTEGER NOT NULL REFERENCES courses(number),"
	"  id TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (number, id)"
	");"
	/* No ON DELETE on the prompt and reading keys: nothing may delete a
	 * prompt or reading that has answers or notes. */
	"CREATE TABLE answers ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  prompt_id TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, prompt_id),"
	"  FOREIGN KEY (number, prompt_id) REFERENCES prompts(number, id)"
	");"
	"CREATE TABLE reading_states ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  reading_id TEXT NOT NULL,"
	"  notes TEXT NOT NULL DEFAULT '',"
	"  done INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, reading_id),"
	"  FOREIGN KEY (number, reading_id) REFERENCES readings(number, id)"
	");",
	/* 2: the history of each answer (answer_put keeps it); what was
	 * saved before counts as the first draft. */
	"CREATE TABLE answer_versions ("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  number INTEGER NOT NULL,"
	"  prompt_id TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  value TEXT NOT NULL,"
	"  first_saved INTEGER NOT NULL,"
	"  last_saved INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, number, prompt_id, version),"
	"  FOREIGN KEY (number, prompt_id) REFERENCES prompts(number, id)"
	");"
	"INSERT INTO answer_versions (user_id, number, prompt_id, version,"
	"  value, first_saved, last_saved)"
	"  SELECT user_id, number, prompt_id, 1, value, updated, updated"
	"  FROM answers WHERE length(CAST(value AS BLOB)) > 0;",
};
#define NR_MIGRATIONS ((int)(sizeof(migrations) / sizeof(*migrations)))

/* The statements a connection prepares once, at open, and reuses. */
enum stmt_id {
	S_BEGIN,
	S_COMMIT,
	S_READ_BEGIN,
	S_SCHEMA_VERSION,
	S_USER_ADD,
	S_USER_BY_EMAIL,
	S_USER_BY_ID,
	S_USER_LIST,
	S_LOGIN_ADD,
	S_LOGIN_GET,
	S_LOGIN_DEL,
	S_COURSE_PUT,
	S_PROMPT_ARCHIVE,
	S_PROMPT_PUT,
	S_READING_ARCHIVE,
	S_READING_PUT,
	S_COURSE_LIST,
	S_COURSE_SOURCE,
	S_PROMPT_LIST,
	S_ANSWER_PUT,
	S_ANSWER_LIST,
	S_VERSION_LAST,
	S_VERSION_ADD,
	S_VERSION_TOUCH,
	S_VERSION_LIST,
	S_VERSION_ENDS,
	S_NOTE_PUT,
	S_DONE_PUT,
	S_READING_LIST,
	NR_STMTS
};

#define USER_COLUMNS "id, email, name, pwhash, is_admin, created"

static const char *const stmt_sql[NR_STMTS] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_READ_BEGIN] = "BEGIN DEFERRED",
	[S_SCHEMA_VERSION] =
		"SELECT coalesce(max(version), 0) FROM schema_migrations",
	[S_USER_ADD] =
		"INSERT INTO users (email, name, pwhash, is_admin, created)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_USER_BY_EMAIL] =
		"SELECT " USER_COLUMNS " FROM users WHERE email = ?1",
	[S_USER_BY_ID] = "SELECT " USER_COLUMNS " FROM users WHERE id = ?1",
	[S_USER_LIST] = "SELECT " USER_COLUMNS " FROM users ORDER BY id",
	[S_LOGIN_ADD] =
		"INSERT INTO logins (token_hash, user_id, csrf, expires)"
		" VALUES (?1, ?2, ?3, ?4)",
	/* The login and its user in one lookup: every page starts here. */
	[S_LOGIN_GET] =
		"SELECT u.id, u.email, u.name, u.pwhash, u.is_admin, u.created,"
		" l.csrf, l.expires FROM logins l JOIN users u ON u.id = l.user_id"
		" WHERE l.token_hash = ?1 AND l.expires > ?2",
	[S_LOGIN_DEL] = "DELETE FROM logins WHERE token_hash = ?1",
	[S_COURSE_PUT] =
		"INSERT INTO courses (number, title, source, updated)"
		" VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (number) DO UPDATE SET title = excluded.title,"
		" source = excluded.source, updated = excluded.updated",
	[S_PROMPT_ARCHIVE] = "UPDATE prompts SET archived = 1 WHERE number = ?1",
	[S_PROMPT_PUT] =
		"INSERT INTO prompts (number, id, exercise, position, text,"
		" archived) VALUES (?1, ?2, ?3, ?4, ?5, 0)"
		" ON CONFLICT (number, id) DO UPDATE SET"
		" exercise = excluded.exercise, position = excluded.position,"
		" text = excluded.text, archived = 0",
	[S_READING_ARCHIVE] =
		"UPDATE readings SET archived = 1 WHERE number = ?1",
	[S_READING_PUT] =
		"INSERT INTO readings (number, id, position, title, archived)"
		" VALUES (?1, ?2, ?3, ?4, 0)"
		" ON CONFLICT (number, id) DO UPDATE SET"
		" position = excluded.position, title = excluded.title,"
		" archived = 0",
	[S_COURSE_LIST] = "SELECT number, title FROM courses ORDER BY number",
	[S_COURSE_SOURCE] = "SELECT source FROM courses WHERE number = ?1",
	[S_PROMPT_LIST] =
		"SELECT id, text, archived FROM prompts WHERE number = ?1"
		" ORDER BY archived, position, id",
	[S_ANSWER_PUT] =
		"INSERT INTO answers (user_id, number, prompt_id, value,"
		" updated) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT (user_id, number, prompt_id) DO UPDATE SET"
		" value = excluded.value, updated = excluded.updated",
	/* Both lists are read on every page: they walk the primary key in
	 * its own order, with no join and no sort. */
	[S_ANSWER_LIST] =
		"SELECT prompt_id, value FROM answers"
		" WHERE user_id = ?1 AND number = ?2 ORDER BY prompt_id",
	[S_VERSION_LAST] =
		"SELECT version, value, first_saved FROM answer_versions"
		" WHERE user_id = ?1 AND number = ?2 AND prompt_id = ?3"
		" ORDER BY version DESC LIMIT 1",
	[S_VERSION_ADD] =
		"INSERT INTO answer_versions (user_id, number, prompt_id,"
		" version, value, first_saved, last_saved)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
	[S_VERSION_TOUCH] =
		"UPDATE answer_versions SET value = ?5, last_saved = ?6"
		" WHERE user_id = ?1 AND number = ?2 AND prompt_id = ?3"
		" AND version = ?4",
	[S_VERSION_LIST] =
		"SELECT version, value, first_saved, last_saved"
		" FROM answer_versions"
		" WHERE user_id = ?1 AND number = ?2 AND prompt_id = ?3"
		" ORDER BY version",
	/* Versions run 1..n, so the ends are version 1 and max(version). */
	[S_VERSION_ENDS] =
		"SELECT f.prompt_id, f.version, f.value, f.first_saved,"
		" f.last_saved, l.version, l.value, l.first_saved, l.last_saved"
		" FROM answer_versions f JOIN answer_versions l"
		" ON l.user_id = f.user_id AND l.number = f.number"
		" AND l.prompt_id = f.prompt_id"
		" WHERE f.user_id = ?1 AND f.number = ?2 AND f.version = 1"
		" AND l.version = (SELECT max(version) FROM answer_versions m"
		"  WHERE m.user_id = ?1 AND m.number = ?2"
		"  AND m.prompt_id = f.prompt_id)"
		" ORDER BY f.prompt_id",
	[S_NOTE_PUT] =
		"INSERT INTO reading_states (user_id, number, reading_id,"
		" notes, done, updated) VALUES (?1, ?2, ?3, ?4, 0, ?5)"
		" ON CONFLICT (user_id, number, reading_id) DO UPDATE SET"
		" notes = excluded.notes, updated = excluded.updated",
	[S_DONE_PUT] =
		"INSERT INTO reading_states (user_id, number, reading_id,"
		" notes, done, updated) VALUES (?1, ?2, ?3, '', ?4, ?5)"
		" ON CONFLICT (user_id, number, reading_id) DO UPDATE SET"
		" done = excluded.done, updated = excluded.updated",
	[S_READING_LIST] =
		"SELECT reading_id, notes, done FROM reading_states"
		" WHERE user_id = ?1 AND number = ?2 ORDER BY reading_id",
};

struct sqlite_store {
	struct store base;      /* first, so a struct store * points here */
	sqlite3 *db;
	sqlite3_stmt *stmt[NR_STMTS];
	char err[256];          /* the last error, for store_errmsg() */
};

static struct sqlite_store *ss_of(struct store *st)
{
	return (struct sqlite_store *)st;
}

/* Record an error message of our own; returns STORE_ERR. */
__attribute__((format(printf, 2, 3)))
static int set_err(struct sqlite_store *ss, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ss->err, sizeof(ss->err), fmt, ap);
	va_end(ap);
	return STORE_ERR;
}

/*
 * Turn a failed SQLite result code into a store result, and keep SQLite's
 * message for store_errmsg().  Extended result codes are on, so constraint
 * failures can be told apart: a taken unique key is STORE_EXISTS, a
 * reference to a user, prompt or reading that does not exist is
 * STORE_NOTFOUND, and everything else is STORE_ERR.
 */
static int db_fail(struct sqlite_store *ss, int rc)
{
	int ret;

	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		ret = STORE_EXISTS;
		break;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		ret = STORE_NOTFOUND;
		break;
	default:
		ret = STORE_ERR;
		break;
	}
	snprintf(ss->err, sizeof(ss->err), "%s", sqlite3_errmsg(ss->db));
	return ret;
}

/* Make a statement ready for its next use. */
static void stmt_done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Bind a NUL-terminated string; NULL binds the empty string. */
static int bind_str(sqlite3_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

/* Bind `len` bytes as text, embedded NULs and all. */
static int bind_text(sqlite3_stmt *s, int i, const char *v, size_t len)
{
	if (!v)
		return sqlite3_bind_text(s, i, "", 0, SQLITE_STATIC);
	return sqlite3_bind_text64(s, i, v, len, SQLITE_STATIC, SQLITE_UTF8);
}

/*
 * Run a statement that returns no rows.  `rc` is the result of binding
 * its parameters: when that failed, the statement is not run.  The
 * statement is reset either way.
 */
static int run(struct sqlite_store *ss, sqlite3_stmt *s, int rc)
{
	int ret = STORE_OK;

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		ret = db_fail(ss, rc);
	stmt_done(s);
	return ret;
}

/*
 * Copy text column `col` into a fixed-size field of `size` bytes,
 * terminator included.  Returns -1 when it does not fit.
 */
static int copy_col(sqlite3_stmt *s, int col, char *dst, size_t size)
{
	const unsigned char *p = sqlite3_column_text(s, col);
	size_t n = (size_t)sqlite3_column_bytes(s, col);

	if (n >= size)
		return -1;
	if (n)
		memcpy(dst, p, n);
	dst[n] = '\0';
	return 0;
}

/* Is the string `s` terminated within its field of `size` bytes? */
static int fits(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

/* Run one statement, outside any prepared-statement cache. */
static int exec(struct sqlite_store *ss, const char *sql)
{
	int rc = sqlite3_exec(ss->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		db_fail(ss, rc);
	return rc;
}

/*
 * Run a query returning one integer into *out (0 when there is no row).
 * Returns an SQLite result code.
 */
static int query_int(struct sqlite_store *ss, const char *sql, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc, v = 0;

	rc = sqlite3_prepare_v2(ss->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		goto out;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
out:
	if (rc != SQLITE_OK)
		db_fail(ss, rc);
	else
		*out = v;
	sqlite3_finalize(s);
	return rc;
}

/* Roll back the open transaction, if any (SQLite may have rolled it back
 * already), keeping the message of the error that caused it. */
static void rollback(struct sqlite_store *ss)
{
	if (!sqlite3_get_autocommit(ss->db))
		sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * The newest migration recorded in the database, 0 for a new database.
 * Returns an SQLite result code.
 */
static int read_version(struct sqlite_store *ss, int *version)
{
	int rc, have = 0;

	rc = query_int(ss, "SELECT count(*) FROM sqlite_master"
		       " WHERE type = 'table' AND name = 'schema_migrations'",
		       &have);
	if (rc == SQLITE_OK && !have)
		*version = 0;
	else if (rc == SQLITE_OK)
		rc = query_int(ss, "SELECT coalesce(max(version), 0)"
			       " FROM schema_migrations", version);
	return rc;
}

/*
 * Apply migration `v` unless it is recorded already, in one IMMEDIATE
 * transaction: the write lock is taken before looking, so when several
 * processes open a new database at once, exactly one applies each step
 * and the others find it recorded.  Returns STORE_OK or STORE_ERR.
 */
static int apply_migration(struct sqlite_store *ss, int v)
{
	char sql[160];
	int rc, applied = 0;

	rc = exec(ss, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = exec(ss, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  " version INTEGER PRIMARY KEY,"
			  " applied_at INTEGER NOT NULL)");
	if (rc == SQLITE_OK) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM"
			 " schema_migrations WHERE version = %d", v);
		rc = query_int(ss, sql, &applied);
	}
	if (rc == SQLITE_OK && !applied) {
		rc = exec(ss, migrations[v - 1]);
		if (rc == SQLITE_OK) {
			snprintf(sql, sizeof(sql), "INSERT INTO"
				 " schema_migrations (version, applied_at)"
				 " VALUES (%d, %lld)", v,
				 (long long)time(NULL));
			rc = exec(ss, sql);
		}
	}
	if (rc == SQLITE_OK)
		rc = exec(ss, "COMMIT");
	if (rc != SQLITE_OK) {
		/* Keep the message of the step that failed. */
		char msg[sizeof(ss->err)];

		memcpy(msg, ss->err, sizeof(msg));
		rollback(ss);
		set_err(ss, "migration %d: %s", v, msg);
		return STORE_ERR;
	}
	return STORE_OK;
}

/*
 * Bring the schema up to date.  The common case, a database that is
 * current, costs two reads and no write lock.  A database written by a
 * newer program is refused rather than used with a schema we don't know.
 */
static int migrate(struct sqlite_store *ss)
{
	int v, ret = STORE_ERR;

	if (read_version(ss, &v) != SQLITE_OK)
		goto out;
	if (v > NR_MIGRATIONS) {
		set_err(ss, "the database has schema version %d, newer than"
			" this program's %d", v, NR_MIGRATIONS);
		goto out;
	}
	for (v = v + 1; v <= NR_MIGRATIONS; v++)
		if (apply_migration(ss, v) != STORE_OK)
			goto out;
	ret = STORE_OK;
out:
	return ret;
}

/*
 * Switch the database to write-ahead logging.  The setting is stored in
 * the database file, so this is a no-op after the first open; we check the
 * answer because a :memory: database or an odd file system can refuse it,
 * and the durability promise below depends on it.
 */
static int set_wal(struct sqlite_store *ss)
{
	sqlite3_stmt *s = NULL;
	int rc, ret = STORE_ERR;
	const char *mode;

	rc = sqlite3_prepare_v2(ss->db, "PRAGMA journal_mode = WAL", -1, &s,
				NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		db_fail(ss, rc);
		goto out;
	}
	mode = (const char *)sqlite3_column_text(s, 0);
	if (!mode || strcasecmp(mode, "wal")) {
		set_err(ss, "cannot use WAL mode (journal mode is %s)",
			mode ? mode : "unknown");
		goto out;
	}
	ret = STORE_OK;
out:
	sqlite3_finalize(s);
	return ret;
}

/* Finalise the statements and close the connection. */
static void sqlite_close(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);
	int i;

	if (!ss)
		return;
	for (i = 0; i < NR_STMTS; i++)
		sqlite3_finalize(ss->stmt[i]);
	sqlite3_close(ss->db);
	free(ss);
}

/*
 * Open (creating if needed) the database file `path` and bring its schema
 * up to date.  The order matters:
 *
 *  - the busy timeout comes first, before any statement, or a connection
 *    opened while another process writes fails with "database is locked";
 *  - WAL lets readers run beside the one writer;
 *  - synchronous=NORMAL: in WAL mode a commit is written to the log
 *    before COMMIT returns, so it survives kill -9 of this process; only
 *    the fsync is left to checkpoints, so a power cut or kernel crash can
 *    lose the last few commits (never corrupt the file).  FULL would fsync
 *    every commit, measured at 0.18x the write rate on our disks.
 *  - foreign keys are off by default in SQLite and are per connection.
 *
 * The database-wide steps (WAL, migrations) run under the write lock so
 * threads of one process opening at once don't race each other; other
 * processes are kept out by the busy timeout and BEGIN IMMEDIATE.
 */
/* Process-wide settings, before SQLite initialises itself: memory
 * statistics take a global mutex on every allocation, which two page
 * threads then contend for; nothing here reads them. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sqlite_open(const char *path, struct store **out, char *err,
		       size_t errlen)
{
	struct sqlite_store *ss;
	int rc, i, locked = 0, ret = STORE_ERR;

	ss = calloc(1, sizeof(*ss));
	if (!ss) {
		snprintf(err, errlen, "%s: out of memory", path);
		return STORE_ERR;
	}
	ss->base.be = &store_sqlite;
	pthread_once(&config_once, configure_sqlite);
	rc = sqlite3_open_v2(path, &ss->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(ss->db, BUSY_TIMEOUT_MS);
	if (rc != SQLITE_OK) {
		set_err(ss, "%s", ss->db ? sqlite3_errmsg(ss->db) :
			sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(ss->db, 1);

	pthread_mutex_lock(&write_lock);
	locked = 1;
	if (set_wal(ss) != STORE_OK ||
	    exec(ss, "PRAGMA synchronous = NORMAL") != SQLITE_OK ||
	    exec(ss, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
	    migrate(ss) != STORE_OK)
		goto out;
	pthread_mutex_unlock(&write_lock);
	locked = 0;

	for (i = 0; i < NR_STMTS; i++) {
		rc = sqlite3_prepare_v3(ss->db, stmt_sql[i], -1,
					SQLITE_PREPARE_PERSISTENT,
					&ss->stmt[i], NULL);
		if (rc != SQLITE_OK) {
			db_fail(ss, rc);
			goto out;
		}
	}
	ret = STORE_OK;
out:
	if (locked)
		pthread_mutex_unlock(&write_lock);
	if (ret == STORE_OK) {
		*out = &ss->base;
	} else {
		snprintf(err, errlen, "%s: %s", path, ss->err);
		sqlite_close(&ss->base);
	}
	return ret;
}

static const char *sqlite_errmsg(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);

	return ss->err[0] ? ss->err : "no error";
}

static int sqlite_read_begin(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);

	return run(ss, ss->stmt[S_READ_BEGIN], SQLITE_OK);
}

static int sqlite_read_end(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);

	return run(ss, ss->stmt[S_COMMIT], SQLITE_OK);
}

static int sqlite_schema_version(struct store *st, int *version)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_SCHEMA_VERSION];
	int rc, ret = STORE_ERR;

	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(s, 0);
		ret = STORE_OK;
	} else {
		db_fail(ss, rc);
	}
	stmt_done(s);
	return ret;
}

/* Fill a struct user from a row of USER_COLUMNS. */
static int row_to_user(struct sqlite_store *ss, sqlite3_stmt *s,
		       struct user *u)
{
	u->id = sqlite3_column_int64(s, 0);
	if (copy_col(s, 1, u->email, sizeof(u->email)) ||
	    copy_col(s, 2, u->name, sizeof(u->name)) ||
	    copy_col(s, 3, u->pwhash, sizeof(u->pwhash)))
		return set_err(ss, "user %lld: a stored field is too long",
			       (long long)u->id);
	u->is_admin = sqlite3_column_int(s, 4);
	u->created = sqlite3_column_int64(s, 5);
	return STORE_OK;
}

/*
 * Step a query expected to return at most one user, into *out.  `rc` is
 * the result of binding its parameters.
 */
static int user_one(struct sqlite_store *ss, sqlite3_stmt *s, int rc,
		    struct user *out)
{
	struct user u;
	int ret;

	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ret = row_to_user(ss, s, &u);
		if (ret == STORE_OK)
			*out = u;
	} else if (rc == SQLITE_DONE) {
		ret = STORE_NOTFOUND;
	} else {
		ret = db_fail(ss, rc);
	}
	stmt_done(s);
	return ret;
}

/*
 * Add a user.  The email is unique without regard to ASCII case: a second
 * sign-up as Alice@Example.org after alice@example.org is STORE_EXISTS.
 * On success u->id and u->created are set.
 */
static int sqlite_user_add(struct store *st, struct user *u)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_USER_ADD];
	int64_t now = (int64_t)time(NULL);
	int rc, ret;

	if (!fits(u->email, sizeof(u->email)) ||
	    !fits(u->name, sizeof(u->name)) ||
	    !fits(u->pwhash, sizeof(u->pwhash)))
		return set_err(ss, "user_add: a field is not terminated");

	pthread_mutex_lock(&write_lock);
	rc = bind_str(s, 1, u->email);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 2, u->name);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 3, u->pwhash);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 4, u->is_admin ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 5, now);
	ret = run(ss, s, rc);
	if (ret == STORE_OK) {
		u->id = sqlite3_last_insert_rowid(ss->db);
		u->created = now;
	}
	pthread_mutex_unlock(&write_lock);
	return ret;
}

static int sqlite_user_by_email(struct store *st, const char *email,
				struct user *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_USER_BY_EMAIL];

	return user_one(ss, s, bind_str(s, 1, email), out);
}

static int sqlite_user_by_id(struct store *st, int64_t id, struct user *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_USER_BY_ID];

	return user_one(ss, s, sqlite3_bind_int64(s, 1, id), out);
}

/* Call fn for every user, oldest first. */
static int sqlite_user_list(struct store *st, store_user_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_USER_LIST];
	struct user u;
	int rc, ret = STORE_OK;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ret = row_to_user(ss, s, &u);
		if (ret != STORE_OK || fn(ctx, &u))
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Record a login.  A token hash in use is STORE_EXISTS; an unknown user
 * is STORE_NOTFOUND. */
static int sqlite_login_add(struct store *st, const char *token_hash,
			    const struct login *l)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_LOGIN_ADD];
	int rc, ret;

	if (!token_hash || !*token_hash || !fits(l->csrf, sizeof(l->csrf)))
		return set_err(ss, "login_add: bad token hash or csrf");

	pthread_mutex_lock(&write_lock);
	rc = bind_str(s, 1, token_hash);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 2, l->user_id);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 3, l->csrf);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 4, l->expires);
	ret = run(ss, s, rc);
	pthread_mutex_unlock(&write_lock);
	return ret;
}

/* Find a login that has not expired: one whose expiry time is still in
 * the future. */
static int sqlite_login_get(struct store *st, const char *token_hash,
			    struct login *out)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_LOGIN_GET];
	struct login l;
	int rc, ret;

	rc = bind_str(s, 1, token_hash);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 2, (int64_t)time(NULL));
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ret = row_to_user(ss, s, &l.user);
		l.user_id = l.user.id;
		l.expires = sqlite3_column_int64(s, 7);
		if (ret == STORE_OK && copy_col(s, 6, l.csrf, sizeof(l.csrf))) {
			ret = set_err(ss, "login: stored csrf is too long");
		} else if (ret == STORE_OK) {
			*out = l;
			ret = STORE_OK;
		}
	} else if (rc == SQLITE_DONE) {
		ret = STORE_NOTFOUND;
	} else {
		ret = db_fail(ss, rc);
	}
	stmt_done(s);
	return ret;
}

/* Forget a login (log out).  STORE_NOTFOUND when there was none. */
static int sqlite_login_del(struct store *st, const char *token_hash)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_LOGIN_DEL];
	int ret;

	pthread_mutex_lock(&write_lock);
	ret = run(ss, s, bind_str(s, 1, token_hash));
	if (ret == STORE_OK && sqlite3_changes(ss->db) == 0)
		ret = STORE_NOTFOUND;
	pthread_mutex_unlock(&write_lock);
	return ret;
}

/*
 * The body of course_put, run inside its transaction: the course row, then
 * prompts and readings.  Everything stored for the session is first marked
 * archived, and every prompt and reading in the model is then upserted
 * with archived = 0, so what the model lacks stays archived.  Nothing is
 * deleted.  Prompts are numbered in document order across exercises.
 */
static int course_put_rows(struct sqlite_store *ss, const struct session *m,
			   const char *source, size_t len)
{
	sqlite3_stmt *s;
	int64_t now = (int64_t)time(NULL);
	int rc, ret, position = 0;
	size_t e, i;

	s = ss->stmt[S_COURSE_PUT];
	rc = sqlite3_bind_int(s, 1, m->number);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 2, m->title);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob64(s, 3, source ? source : "",
					 source ? len : 0, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 4, now);
	ret = run(ss, s, rc);
	if (ret != STORE_OK)
		return ret;

	s = ss->stmt[S_PROMPT_ARCHIVE];
	ret = run(ss, s, sqlite3_bind_int(s, 1, m->number));
	if (ret != STORE_OK)
		return ret;
	s = ss->stmt[S_PROMPT_PUT];
	for (e = 0; e < m->nr_exercises; e++) {
		const struct exercise *ex = &m->exercises[e];

		for (i = 0; i < ex->nr_prompts; i++) {
			const struct prompt *p = &ex->prompts[i];

			if (!p->id || !*p->id)
				return set_err(ss, "course_put: a prompt "
					       "in exercise %zu has no id",
					       e + 1);
			rc = sqlite3_bind_int(s, 1, m->number);
			if (rc == SQLITE_OK)
				rc = bind_str(s, 2, p->id);
			if (rc == SQLITE_OK)
				rc = sqlite3_bind_int(s, 3, (int)e);
			if (rc == SQLITE_OK)
				rc = sqlite3_bind_int(s, 4, position++);
			if (rc == SQLITE_OK)
				rc = bind_str(s, 5, p->plain ? p->plain :
					      p->text);
			ret = run(ss, s, rc);
			if (ret != STORE_OK)
				return ret;
		}
	}

	s = ss->stmt[S_READING_ARCHIVE];
	ret = run(ss, s, sqlite3_bind_int(s, 1, m->number));
	if (ret != STORE_OK)
		return ret;
	s = ss->stmt[S_READING_PUT];
	for (i = 0; i < m->nr_readings; i++) {
		const struct reading *r = &m->readings[i];

		if (!r->id || !*r->id)
			return set_err(ss, "course_put: reading %zu has no id",
				       i + 1);
		rc = sqlite3_bind_int(s, 1, m->number);
		if (rc == SQLITE_OK)
			rc = bind_str(s, 2, r->id);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(s, 3, (int)i);
		if (rc == SQLITE_OK)
			rc = bind_str(s, 4, r->title);
		ret = run(ss, s, rc);
		if (ret != STORE_OK)
			return ret;
	}
	return STORE_OK;
}

/*
 * Store a session's source and model in one transaction; see
 * course_put_rows() for what happens to prompts and readings.  The session
 * must have a number (> 0).  On any failure nothing is changed.
 */
static int sqlite_course_put(struct store *st, const struct session *m,
			     const char *source, size_t len)
{
	struct sqlite_store *ss = ss_of(st);
	int ret;

	if (m->number <= 0)
		return set_err(ss, "course_put: the session has no number");

	pthread_mutex_lock(&write_lock);
	ret = run(ss, ss->stmt[S_BEGIN], SQLITE_OK);
	if (ret != STORE_OK)
		goto out;
	ret = course_put_rows(ss, m, source, len);
	if (ret == STORE_OK)
		ret = run(ss, ss->stmt[S_COMMIT], SQLITE_OK);
	if (ret != STORE_OK)
		rollback(ss);
out:
	pthread_mutex_unlock(&write_lock);
	return ret;
}

/* Call fn for every stored session, by number. */
static int sqlite_course_list(struct store *st, store_course_fn *fn,
			      void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COURSE_LIST];
	int rc, ret = STORE_OK;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, sqlite3_column_int(s, 0),
		       (const char *)sqlite3_column_text(s, 1)))
			goto out;
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* The stored source of a session, copied into a NUL-terminated malloc'd
 * buffer (the terminator is not counted in *len). */
static int sqlite_course_source(struct store *st, int number, char **src,
				size_t *len)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_COURSE_SOURCE];
	const void *p;
	size_t n;
	char *copy;
	int rc, ret;

	rc = sqlite3_bind_int(s, 1, number);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		ret = STORE_NOTFOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		ret = db_fail(ss, rc);
		goto out;
	}
	p = sqlite3_column_blob(s, 0);
	n = (size_t)sqlite3_column_bytes(s, 0);
	copy = malloc(n + 1);
	if (!copy) {
		ret = set_err(ss, "course_source: out of memory");
		goto out;
	}
	if (n)
		memcpy(copy, p, n);
	copy[n] = '\0';
	*src = copy;
	*len = n;
	ret = STORE_OK;
out:
	stmt_done(s);
	return ret;
}

/* Call fn for every prompt ever stored for a session: current ones in
 * order first, then archived ones. */
static int sqlite_prompt_list(struct store *st, int number,
			      store_prompt_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_PROMPT_LIST];
	int rc, ret = STORE_OK;

	rc = sqlite3_bind_int(s, 1, number);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0),
		       (const char *)sqlite3_column_text(s, 1),
		       sqlite3_column_int(s, 2)))
			goto out;
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Bind the (user, number, prompt) key every version statement starts
 * with. */
static int bind_key(sqlite3_stmt *s, int64_t user, int number,
		    const char *prompt_id)
{
	int rc = sqlite3_bind_int64(s, 1, user);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 3, prompt_id);
	return rc;
}

/*
 * Keep the history of an answer just saved as `value` (see
 * STORE_VERSION_GAP in store.h): add a version, replace the newest, or do
 * nothing when the text is the newest version's.  Runs inside
 * answer_put's transaction.
 */
static int version_keep(struct sqlite_store *ss, int64_t user, int number,
			const char *prompt_id, const char *value, size_t len,
			int64_t now)
{
	sqlite3_stmt *s = ss->stmt[S_VERSION_LAST];
	int rc, ret, last = 0, same = 0;
	int64_t first = 0;

	rc = bind_key(s, user, number, prompt_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const void *old = sqlite3_column_blob(s, 1);
		size_t n = (size_t)sqlite3_column_bytes(s, 1);

		last = sqlite3_column_int(s, 0);
		first = sqlite3_column_int64(s, 2);
		same = n == len && (!len || !memcmp(old, value, len));
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		stmt_done(s);
		return ret;
	}
	stmt_done(s);
	if (same || (!last && !len))
		return STORE_OK;

	if (last && now - first <= STORE_VERSION_GAP)
		s = ss->stmt[S_VERSION_TOUCH];
	else
		s = ss->stmt[S_VERSION_ADD], last++;
	rc = bind_key(s, user, number, prompt_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 4, last);
	if (rc == SQLITE_OK)
		rc = bind_text(s, 5, value, len);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 6, now);
	return run(ss, s, rc);
}

/*
 * Insert or replace a participant's answer to one prompt, and keep its
 * history, in one transaction (one WAL commit).  The value is stored as
 * `len` bytes exactly, embedded NULs included.  An unknown user or prompt
 * is STORE_NOTFOUND.
 */
static int sqlite_answer_put(struct store *st, int64_t user, int number,
			     const char *prompt_id, const char *value,
			     size_t len)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_ANSWER_PUT];
	int64_t now = store_now(st);
	int rc, ret;

	pthread_mutex_lock(&write_lock);
	ret = run(ss, ss->stmt[S_BEGIN], SQLITE_OK);
	if (ret != STORE_OK)
		goto out;
	rc = bind_key(s, user, number, prompt_id);
	if (rc == SQLITE_OK)
		rc = bind_text(s, 4, value, len);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 5, now);
	ret = run(ss, s, rc);
	if (ret == STORE_OK)
		ret = version_keep(ss, user, number, prompt_id, value, len,
				   now);
	if (ret == STORE_OK)
		ret = run(ss, ss->stmt[S_COMMIT], SQLITE_OK);
	if (ret != STORE_OK)
		rollback(ss);
out:
	pthread_mutex_unlock(&write_lock);
	return ret;
}

/* Read the four version columns starting at `col`. */
static void row_to_version(sqlite3_stmt *s, int col,
			   struct answer_version *v)
{
	v->version = sqlite3_column_int(s, col);
	v->value = (const char *)sqlite3_column_text(s, col + 1);
	v->len = (size_t)sqlite3_column_bytes(s, col + 1);
	if (!v->value)
		v->value = "";
	v->first_saved = sqlite3_column_int64(s, col + 2);
	v->last_saved = sqlite3_column_int64(s, col + 3);
}

/* Call fn for each version of one answer, oldest first. */
static int sqlite_version_list(struct store *st, int64_t user, int number,
			       const char *prompt_id, store_version_fn *fn,
			       void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_VERSION_LIST];
	struct answer_version v;
	int rc, ret = STORE_OK;

	rc = bind_key(s, user, number, prompt_id);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_to_version(s, 0, &v);
		if (fn(ctx, prompt_id, &v))
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Call fn with the first and newest version of every answer with a
 * history in the session, by prompt id. */
static int sqlite_version_ends(struct store *st, int64_t user, int number,
			       store_version_ends_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_VERSION_ENDS];
	struct answer_version first, latest;
	int rc, ret = STORE_OK;

	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_to_version(s, 1, &first);
		row_to_version(s, 5, &latest);
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0), &first,
		       &latest))
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/* Call fn for each of a participant's answers in a session, in prompt
 * order; `value` is valid only during the call. */
static int sqlite_answer_list(struct store *st, int64_t user, int number,
			      store_answer_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_ANSWER_LIST];
	const char *value;
	int rc, ret = STORE_OK;

	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		value = (const char *)sqlite3_column_text(s, 1);
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0),
		       value ? value : "",
		       (size_t)sqlite3_column_bytes(s, 1)))
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

/*
 * Upsert one column of a reading state with statement `id` (S_NOTE_PUT
 * binds text notes, S_DONE_PUT an integer flag), keeping the other.
 */
static int reading_put(struct sqlite_store *ss, enum stmt_id id,
		       int64_t user, int number, const char *reading_id,
		       const char *notes, int done)
{
	sqlite3_stmt *s = ss->stmt[id];
	int rc, ret;

	pthread_mutex_lock(&write_lock);
	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc == SQLITE_OK)
		rc = bind_str(s, 3, reading_id);
	if (rc == SQLITE_OK)
		rc = id == S_NOTE_PUT ? bind_str(s, 4, notes) :
			sqlite3_bind_int(s, 4, done ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 5, (int64_t)time(NULL));
	ret = run(ss, s, rc);
	pthread_mutex_unlock(&write_lock);
	return ret;
}

static int sqlite_reading_note_put(struct store *st, int64_t user,
				   int number, const char *reading_id,
				   const char *notes)
{
	return reading_put(ss_of(st), S_NOTE_PUT, user, number, reading_id,
			   notes, 0);
}

static int sqlite_reading_done_put(struct store *st, int64_t user,
				   int number, const char *reading_id,
				   int done)
{
	return reading_put(ss_of(st), S_DONE_PUT, user, number, reading_id,
			   NULL, done);
}

/* Call fn for each reading a participant has notes on or marked done, in
 * reading order. */
static int sqlite_reading_list(struct store *st, int64_t user, int number,
			       store_reading_fn *fn, void *ctx)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->stmt[S_READING_LIST];
	int rc, ret = STORE_OK;

	rc = sqlite3_bind_int64(s, 1, user);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s, 2, number);
	if (rc != SQLITE_OK) {
		ret = db_fail(ss, rc);
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0),
		       (const char *)sqlite3_column_text(s, 1),
		       sqlite3_column_int(s, 2)))
			goto out;
	if (rc != SQLITE_DONE)
		ret = db_fail(ss, rc);
out:
	stmt_done(s);
	return ret;
}

const struct store_backend store_sqlite = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.errmsg = sqlite_errmsg,
	.user_add = sqlite_user_add,
	.user_by_email = sqlite_user_by_email,
	.user_by_id = sqlite_user_by_id,
	.user_list = sqlite_user_list,
	.login_add = sqlite_login_add,
	.login_get = sqlite_login_get,
	.login_del = sqlite_login_del,
	.course_put = sqlite_course_put,
	.course_list = sqlite_course_list,
	.course_source = sqlite_course_source,
	.prompt_list = sqlite_prompt_list,
	.answer_put = sqlite_answer_put,
	.answer_list = sqlite_answer_list,
	.version_list = sqlite_version_list,
	.version_ends = sqlite_version_ends,
	.reading_note_put = sqlite_reading_note_put,
	.reading_done_put = sqlite_reading_done_put,
	.reading_list = sqlite_reading_list,
	.schema_version = sqlite_schema_version,
	.read_begin = sqlite_read_begin,
	.read_end = sqlite_read_end,
};
