/*
 * The PostgreSQL connection layer (src/store/pg-conn.c, pg-schema.c)
 * against a real PostgreSQL 15, which `make pgtest` starts
 * (tests/with-pg.sh): URLs and libpq's environment, the migrations (on an
 * empty database, twice, from two servers at once, the same as SQLite's),
 * the dialect's translation, and the retries: a real serialization
 * failure, a real deadlock, a backend killed while idle, inside a
 * transaction and just before COMMIT, a COMMIT whose reply was lost, and
 * one whose connection was cut while the server still held it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "store/pg-conn.h"
#include "store/store.h"
#include "pg-env.h"

/* A fresh schema `name` and a connection to it, migrated if asked. */
static struct pgc *fresh(const char *name, int migrate, char *url)
{
	struct pgc *pc = NULL;
	char err[256];

	assert_true(pg_fresh(name, url, PG_URL_MAX));
	if (pgc_open(url, &pc, err, sizeof(err)) != STORE_OK)
		fail_msg("pgc_open: %s", err);
	if (migrate && pgc_migrate(pc) != STORE_OK)
		fail_msg("pgc_migrate: %s", pgc_errmsg(pc));
	return pc;
}

/* The first column of the first row of sql, on pc's own connection. */
static void text_of(struct pgc *pc, const char *sql, char *out, size_t len)
{
	pg_text(pgc_pq(pc), sql, out, len);
}

static void test_open_urls(void **state)
{
	struct pgc *pc = NULL;
	char err[256], url[PG_URL_MAX], host[256], port[16], v[64];

	(void)state;
	assert_int_equal(pgc_open("sqlite:x.db", &pc, err, sizeof(err)),
			 STORE_ERR);
	assert_null(pc);
	assert_non_null(strstr(err, "not a PostgreSQL URL"));

	/* The scheme in any case; the encoding is UTF-8 whatever asked. */
	snprintf(url, sizeof(url), "PostgreS%s&client_encoding=LATIN1",
		 pg_base_url() + strlen("postgres"));
	if (pgc_open(url, &pc, err, sizeof(err)) != STORE_OK)
		fail_msg("%s: %s", url, err);
	text_of(pc, "SHOW client_encoding", v, sizeof(v));
	assert_string_equal(v, "UTF8");
	text_of(pc, "SHOW application_name", v, sizeof(v));
	assert_string_equal(v, "alignplan");
	pgc_close(pc);

	/* A failure names the database, never the password. */
	pg_url_param("host", host, sizeof(host));
	pg_url_param("port", port, sizeof(port));
	snprintf(url, sizeof(url), "postgresql://alignplan:s3cret-pw@/"
		 "no_such_db?host=%s&port=%s", host, port);
	pc = NULL;
	assert_int_equal(pgc_open(url, &pc, err, sizeof(err)), STORE_ERR);
	assert_null(pc);
	assert_non_null(strstr(err, "no_such_db"));
	assert_null(strstr(err, "s3cret-pw"));

	/* What the URL leaves out comes from libpq's variables. */
	setenv("PGHOST", host, 1);
	setenv("PGPORT", port, 1);
	setenv("PGUSER", "alignplan", 1);
	setenv("PGDATABASE", "alignplan_test", 1);
	if (pgc_open("postgres://", &pc, err, sizeof(err)) != STORE_OK)
		fail_msg("postgres:// with PG* variables: %s", err);
	text_of(pc, "SELECT current_database() || ' ' || current_user",
		v, sizeof(v));
	assert_string_equal(v, "alignplan_test alignplan");
	pgc_close(pc);
	unsetenv("PGHOST");
	unsetenv("PGPORT");
	unsetenv("PGUSER");
	unsetenv("PGDATABASE");
}

/* A commit waits for its log: a server (or URL) with synchronous_commit
 * off gets it back on; "local" is left as it is. */
static void test_synchronous_commit(void **state)
{
	struct pgc *pc = NULL;
	char err[256], url[PG_URL_MAX], v[64];

	(void)state;
	snprintf(url, sizeof(url), "%s&options=-csynchronous_commit%%3Doff",
		 pg_base_url());
	if (pgc_open(url, &pc, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	text_of(pc, "SHOW synchronous_commit", v, sizeof(v));
	assert_string_equal(v, "on");
	pgc_close(pc);
	snprintf(url, sizeof(url), "%s&options=-csynchronous_commit%%3Dlocal",
		 pg_base_url());
	if (pgc_open(url, &pc, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	text_of(pc, "SHOW synchronous_commit", v, sizeof(v));
	assert_string_equal(v, "local");
	pgc_close(pc);
}

/* "table:col,col,..." for each table of a SQLite database made by the
 * SQLite backend, in name order, one line each. */
static void sqlite_shape(char *out, size_t len)
{
	char path[] = "/tmp/test-pg-conn-XXXXXX", err[256], sql[128];
	struct store *st = NULL;
	sqlite3 *db;
	sqlite3_stmt *t, *c;
	size_t n = 0;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	if (store_open(path, &st, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master"
		" WHERE type = 'table' ORDER BY name", -1, &t, NULL), SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);

		n += (size_t)snprintf(out + n, len - n, "%s:", name);
		snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", name);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL),
				 SQLITE_OK);
		while (sqlite3_step(c) == SQLITE_ROW)
			n += (size_t)snprintf(out + n, len - n, "%s,",
					      sqlite3_column_text(c, 1));
		sqlite3_finalize(c);
		n += (size_t)snprintf(out + n, len - n, "\n");
		assert_true(n < len);
	}
	sqlite3_finalize(t);
	sqlite3_close(db);
	unlink(path);
	strcat(strcpy(sql, path), "-wal");
	unlink(sql);
	strcat(strcpy(sql, path), "-shm");
	unlink(sql);
}

/* The same for the tables of pc's schema. */
static void pg_shape(struct pgc *pc, char *out, size_t len)
{
	PGresult *r = PQexec(pgc_pq(pc), "SELECT table_name || ':' ||"
		" string_agg(column_name || ',', '' ORDER BY ordinal_position)"
		" FROM information_schema.columns"
		" WHERE table_schema = current_schema()"
		" GROUP BY table_name ORDER BY table_name COLLATE \"C\"");
	size_t n = 0;
	int i;

	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	for (i = 0; i < PQntuples(r); i++) {
		n += (size_t)snprintf(out + n, len - n, "%s\n",
				      PQgetvalue(r, i, 0));
		assert_true(n < len);
	}
	PQclear(r);
}

/*
 * An empty database gets every migration, each recorded once; the tables
 * and their columns are the SQLite backend's, name for name; its explicit
 * indexes are there too.  Again, on this or a new connection, changes
 * nothing.
 */
static void test_migrate_empty(void **state)
{
	static char want[8192], got[8192];
	char url[PG_URL_MAX], first[64], again[64], err[256];
	struct pgc *pc = fresh("mig_empty", 0, url), *pc2 = NULL;
	int v = -1;

	(void)state;
	assert_int_equal(pgc_schema_version(pc, &v), STORE_OK);
	assert_int_equal(v, 0);
	assert_int_equal(pgc_migrate(pc), STORE_OK);
	assert_int_equal(pgc_schema_version(pc, &v), STORE_OK);
	assert_int_equal(v, pgc_migrations());
	assert_int_equal(pg_num(pgc_pq(pc), "SELECT count(*) FROM"
		" schema_migrations"), pgc_migrations());
	assert_int_equal(pg_num(pgc_pq(pc), "SELECT count(*) FROM"
		" schema_migrations WHERE version BETWEEN 1 AND 8"), 8);

	sqlite_shape(want, sizeof(want));
	pg_shape(pc, got, sizeof(got));
	assert_string_equal(got, want);
	assert_int_equal(pg_num(pgc_pq(pc), "SELECT count(*) FROM pg_indexes"
		" WHERE schemaname = current_schema() AND indexname IN"
		" ('logins_user', 'members_user', 'invites_cohort',"
		" 'comments_plan', 'comments_parent', 'comments_author',"
		" 'partners_supporter', 'partners_supported', 'checkins_user',"
		" 'logins_expires', 'cohorts_creator')"), 11);
	/* Migration 23: room for HOT updates where every save writes. */
	assert_int_equal(pg_num(pgc_pq(pc), "SELECT count(*) FROM pg_class"
		" WHERE relnamespace = current_schema()::regnamespace"
		" AND reloptions @> '{fillfactor=90}' AND relname IN"
		" ('answers', 'answer_versions', 'reading_states',"
		" 'note_versions')"), 4);

	text_of(pc, "SELECT string_agg(applied_at::text, ',')"
		" FROM schema_migrations", first, sizeof(first));
	assert_int_equal(pgc_migrate(pc), STORE_OK);
	if (pgc_open(url, &pc2, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	assert_int_equal(pgc_migrate(pc2), STORE_OK);
	text_of(pc, "SELECT string_agg(applied_at::text, ',')"
		" FROM schema_migrations", again, sizeof(again));
	assert_string_equal(again, first);
	assert_int_equal(pgc_stats(pc2).txns, 0);      /* it only looked */
	pgc_close(pc2);
	pgc_close(pc);
}

/* The SQLite backend has as many migrations: a new one goes to both. */
static void test_as_many_as_sqlite(void **state)
{
	char path[] = "/tmp/test-pg-ver-XXXXXX", err[256], side[64];
	struct store *st = NULL;
	int fd = mkstemp(path), v = 0;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	if (store_open(path, &st, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	assert_int_equal(store_schema_version(st, &v), STORE_OK);
	store_close(st);
	assert_int_equal(v, pgc_migrations());
	unlink(path);
	strcat(strcpy(side, path), "-wal");
	unlink(side);
	strcat(strcpy(side, path), "-shm");
	unlink(side);
}

/* A database newer than the program is refused, and left alone. */
static void test_migrate_newer(void **state)
{
	char url[PG_URL_MAX], sql[128];
	struct pgc *pc = fresh("mig_newer", 1, url);

	(void)state;
	snprintf(sql, sizeof(sql), "INSERT INTO schema_migrations VALUES"
		 " (%d, 0)", pgc_migrations() + 1);
	assert_true(pg_run(pgc_pq(pc), sql));
	assert_int_equal(pgc_migrate(pc), STORE_ERR);
	assert_non_null(strstr(pgc_errmsg(pc), "newer than this program"));
	pgc_close(pc);
}

/*
 * The migrations that move data do what SQLite's do: 2 copies non-empty
 * answers (NUL bytes and all) into their first version, 6 makes old
 * partnerships waiting requests, 7 counts old logins as used now, 21
 * counts unread notices, 22 finds the dates written in answers.
 */
static void test_migrate_data(void **state)
{
	char url[PG_URL_MAX], v[64];
	struct pgc *pc = fresh("mig_data", 0, url);
	PGconn *c = pgc_pq(pc);
	long long now;

	(void)state;
	assert_int_equal(pgc_migrate_to(pc, 1), STORE_OK);
	assert_true(pg_run(c, "INSERT INTO users (email, name, pwhash,"
		" created) VALUES ('a@x', 'A', 'h', 1), ('b@x', 'B', 'h', 1);"
		"INSERT INTO courses VALUES (7, 'S7', '\\x00ff', 1);"
		"INSERT INTO prompts VALUES (7, 'p1', 1, 1, 'P1', 0),"
		" (7, 'p2', 1, 2, 'P2', 0);"
		"INSERT INTO answers VALUES (1, 7, 'p1', '\\x610062', 50),"
		" (1, 7, 'p2', '', 60)"));
	assert_int_equal(pgc_migrate_to(pc, 2), STORE_OK);
	text_of(pc, "SELECT string_agg(concat_ws(' ', prompt_id, version,"
		" encode(value, 'hex'), first_saved, last_saved), ';')"
		" FROM answer_versions", v, sizeof(v));
	assert_string_equal(v, "p1 1 610062 50 50");

	assert_int_equal(pgc_migrate_to(pc, 5), STORE_OK);
	assert_true(pg_run(c, "INSERT INTO cohorts (name, number, created_by,"
		" created) VALUES ('C', 7, 1, 1);"
		"INSERT INTO members VALUES (1, 1, 1, 1), (1, 2, 1, 1);"
		"INSERT INTO partners VALUES (1, 1, 2, 123);"
		"INSERT INTO logins VALUES ('t', 1, 'c', 9999999999)"));
	assert_int_equal(pgc_migrate_to(pc, 7), STORE_OK);
	text_of(pc, "SELECT state || ' ' || changed FROM partners", v,
		sizeof(v));
	assert_string_equal(v, "1 123");
	now = (long long)time(NULL);
	assert_in_range(pg_num(c, "SELECT last_seen FROM logins"), now - 60,
			now + 60);
	/* 21 counts each person's unread notices. */
	assert_int_equal(pgc_migrate_to(pc, 20), STORE_OK);
	assert_true(pg_run(c, "INSERT INTO notices (user_id, kind, text,"
		" link, created, read_at) VALUES (1, 1, 'n', '/', 1, 0),"
		" (1, 1, 'n', '/', 1, 0), (1, 1, 'n', '/', 1, 5),"
		" (2, 1, 'n', '/', 1, 5)"));
	assert_int_equal(pgc_migrate_to(pc, 21), STORE_OK);
	text_of(pc, "SELECT string_agg(unread::text, ' ' ORDER BY id)"
		" FROM users", v, sizeof(v));
	assert_string_equal(v, "2 0");
	/* 22 finds the dates already written in answers: after a tab, a
	 * NUL byte or an accented letter; not a date's tail. */
	assert_true(pg_run(c, "UPDATE answers SET value ="
		" convert_to(E'Step\\t2026-12-08\\n\\u00e9 2026-12-30\\n"
		"12-09 and 2026-1-10\\n', 'UTF8') || '\\x00'::bytea ||"
		" convert_to(E'\\t2027-01-02', 'UTF8') WHERE prompt_id = 'p1'"));
	assert_int_equal(pgc_migrate(pc), STORE_OK);
	text_of(pc, "SELECT string_agg(prompt_id || ' ' || day, ','"
		" ORDER BY day) FROM answer_days", v, sizeof(v));
	assert_string_equal(v, "p1 2026-12-08,p1 2026-12-30,p1 2027-01-02");
	assert_true(pg_run(c, "SELECT token FROM invites;"
		" SELECT link_token FROM shares"));
	pgc_close(pc);
}

/*
 * The dialect: emails are unique in any ASCII case and only that (as
 * SQLite's NOCASE), found by the index's own expression; answer values
 * keep NUL bytes; deleting a user deletes their answers.
 */
static void test_dialect(void **state)
{
	char url[PG_URL_MAX], plan[4096] = "";
	struct pgc *pc = fresh("dialect", 1, url);
	PGconn *c = pgc_pq(pc);
	const char *vals[1] = { "a\0b" };
	int lens[1] = { 3 }, fmts[1] = { 1 };
	PGresult *r;

	(void)state;
	assert_true(pg_run(c, "INSERT INTO users (email, name, pwhash,"
		" created) VALUES ('Ada@Example.org', 'A', 'h', 1),"
		" ('\xc3\x89@x', 'E', 'h', 1), ('\xc3\xa9@x', 'e', 'h', 1)"));
	r = PQexec(c, "INSERT INTO users (email, name, pwhash, created)"
		   " VALUES ('ada@example.ORG', 'A2', 'h', 1)");
	assert_int_equal(pgc_check(pc, r), STORE_EXISTS);
	PQclear(r);
	assert_int_equal(pg_num(c, "SELECT id FROM users WHERE"
		" lower(email COLLATE \"C\") = lower('ADA@EXAMPLE.ORG'"
		" COLLATE \"C\")"), 1);
	r = PQexec(c, "SET enable_seqscan = off; EXPLAIN SELECT id FROM users"
		   " WHERE lower(email COLLATE \"C\") = lower($$x$$"
		   " COLLATE \"C\")");
	if (PQntuples(r) > 0)
		snprintf(plan, sizeof(plan), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	assert_non_null(strstr(plan, "users_email"));

	assert_true(pg_run(c, "INSERT INTO courses VALUES (7, 'S', '', 1);"
		"INSERT INTO prompts VALUES (7, 'p', 1, 1, 'P', 0)"));
	r = PQexecParams(c, "INSERT INTO answers VALUES (1, 7, 'p', $1, 1)",
			 1, NULL, vals, lens, fmts, 1);
	assert_int_equal(pgc_check(pc, r), STORE_OK);
	PQclear(r);
	r = PQexecParams(c, "SELECT value FROM answers", 0, NULL, NULL, NULL,
			 NULL, 1);
	assert_int_equal(PQgetlength(r, 0, 0), 3);
	assert_memory_equal(PQgetvalue(r, 0, 0), "a\0b", 3);
	PQclear(r);
	assert_true(pg_run(c, "DELETE FROM users WHERE id = 1"));
	assert_int_equal(pg_num(c, "SELECT count(*) FROM answers"), 0);
	pgc_close(pc);
}

/* Several servers starting at once on an empty database. */
struct migrator {
	const char *url;
	pthread_barrier_t *go;
	int rc, version;
	char err[256];
};

static void *migrate_thread(void *arg)
{
	struct migrator *m = arg;
	struct pgc *pc = NULL;

	pthread_barrier_wait(m->go);
	m->rc = pgc_open(m->url, &pc, m->err, sizeof(m->err));
	if (m->rc == STORE_OK) {
		m->rc = pgc_migrate(pc);
		if (m->rc == STORE_OK)
			m->rc = pgc_schema_version(pc, &m->version);
		else
			snprintf(m->err, sizeof(m->err), "%s", pgc_errmsg(pc));
		pgc_close(pc);
	}
	return NULL;
}

static void test_migrate_concurrent(void **state)
{
	enum { N = 4 };
	char url[PG_URL_MAX];
	struct pgc *pc = fresh("mig_race", 0, url);
	struct migrator m[N];
	pthread_t t[N];
	pthread_barrier_t go;
	int i;

	(void)state;
	pthread_barrier_init(&go, NULL, N);
	for (i = 0; i < N; i++) {
		m[i] = (struct migrator){ .url = url, .go = &go, .rc = -99 };
		assert_int_equal(pthread_create(&t[i], NULL, migrate_thread,
						&m[i]), 0);
	}
	for (i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&go);
	for (i = 0; i < N; i++) {
		if (m[i].rc != STORE_OK)
			fail_msg("migrator %d: %s", i, m[i].err);
		assert_int_equal(m[i].version, pgc_migrations());
	}
	assert_int_equal(pg_num(pgc_pq(pc), "SELECT count(*) FROM"
		" schema_migrations"), pgc_migrations());
	pgc_close(pc);
}

/* ---- retries ---- */

/* What a test body did: its runs, and a second connection to use. */
struct run {
	int runs;
	PGconn *other;
	int kill_on;            /* the run that kills its own session */
	int fd;                 /* a cut connection's socket, kept open */
};

/* End pc's server session from the other connection, and wait for it. */
static void kill_session(struct pgc *pc, PGconn *other)
{
	char sql[80], done[8];

	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d, 5000)",
		 PQbackendPID(pgc_pq(pc)));
	pg_text(other, sql, done, sizeof(done));
	assert_string_equal(done, "t");
}

/* A body that adds one row to t (a new id each time: done twice, it
 * shows), killing its own session first on run kill_on. */
static int add_row(struct pgc *pc, void *ctx)
{
	struct run *r = ctx;

	if (++r->runs == r->kill_on)
		kill_session(pc, r->other);
	return pgc_exec(pc, "INSERT INTO t DEFAULT VALUES");
}

/* A schema with the table t, a connection to it and another beside. */
static struct pgc *retry_env(const char *name, struct run *r)
{
	char url[PG_URL_MAX];
	struct pgc *pc = fresh(name, 0, url);

	assert_true(pg_run(pgc_pq(pc), "CREATE TABLE t (id BIGINT"
		" GENERATED ALWAYS AS IDENTITY PRIMARY KEY)"));
	*r = (struct run){ .other = pg_other(url), .fd = -1 };
	assert_non_null(r->other);
	return pc;
}

static void retry_done(struct pgc *pc, struct run *r)
{
	PQfinish(r->other);
	pgc_close(pc);
}

/* Write skew under SERIALIZABLE: each reads what the other writes.  The
 * other commits first, so ours fails with 40001 and is done again. */
static int write_skew(struct pgc *pc, void *ctx)
{
	struct run *r = ctx;
	int64_t n;
	int rc;

	r->runs++;
	rc = pgc_int(pc, "SELECT count(*) FROM oncall WHERE k = 1", &n);
	if (rc == STORE_OK && r->runs == 1)
		assert_true(pg_run(r->other, "BEGIN ISOLATION LEVEL"
			" SERIALIZABLE; SELECT count(*) FROM oncall WHERE"
			" k = 2; INSERT INTO oncall VALUES (1); COMMIT"));
	if (rc == STORE_OK)
		rc = pgc_exec(pc, "INSERT INTO oncall VALUES (2)");
	return rc;
}

static void test_serialization_failure(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_ser", &r);

	(void)state;
	assert_true(pg_run(pgc_pq(pc), "CREATE TABLE oncall (k INT)"));
	if (pgc_txn(pc, PGC_SERIALIZABLE, write_skew, &r) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_int_equal(r.runs, 2);
	assert_int_equal(pgc_stats(pc).retries, 1);
	assert_int_equal(pgc_stats(pc).reconnects, 0);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM oncall"), 2);
	retry_done(pc, &r);
}

/*
 * A real deadlock: ours waits for the other's row first, then the other
 * waits for ours, so ours is the one the detector picks (40P01).  The
 * second run lets the other commit first, and succeeds: its BEGIN goes
 * with its first statement (pgc_prepared()), so its snapshot is taken
 * after that commit.
 */
static int deadlock(struct pgc *pc, void *ctx)
{
	struct run *r = ctx;
	PGresult *res;
	int rc;

	if (++r->runs == 2) {
		while ((res = PQgetResult(r->other)))
			PQclear(res);
		assert_true(pg_run(r->other, "COMMIT"));
	}
	if (r->runs > 1) {
		return pgc_exec(pc, "UPDATE d SET v = v + 1 WHERE k = 1;"
				" UPDATE d SET v = v + 1 WHERE k = 2");
	}
	rc = pgc_exec(pc, "UPDATE d SET v = v + 1 WHERE k = 1");
	if (rc != STORE_OK)
		return rc;
	assert_true(pg_run(r->other, "BEGIN; UPDATE d SET v = v + 10"
			   " WHERE k = 2"));
	assert_int_equal(PQsendQuery(pgc_pq(pc), "UPDATE d SET v = v + 1"
				     " WHERE k = 2"), 1);
	usleep(300000);
	assert_int_equal(PQsendQuery(r->other, "UPDATE d SET v = v + 10"
				     " WHERE k = 1"), 1);
	while ((res = PQgetResult(pgc_pq(pc)))) {
		if (rc == STORE_OK)
			rc = pgc_check(pc, res);
		PQclear(res);
	}
	assert_string_equal(pgc_sqlstate(pc), "40P01");
	return rc;
}

static void test_deadlock(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_dead", &r);

	(void)state;
	assert_true(pg_run(pgc_pq(pc), "CREATE TABLE d (k INT PRIMARY KEY,"
		" v INT); INSERT INTO d VALUES (1, 0), (2, 0)"));
	if (pgc_txn(pc, PGC_SERIALIZABLE, deadlock, &r) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_int_equal(r.runs, 2);
	assert_int_equal(pgc_stats(pc).retries, 1);
	assert_int_equal(pgc_stats(pc).reconnects, 0);
	assert_int_equal(pg_num(r.other, "SELECT sum(v) FROM d"), 22);
	retry_done(pc, &r);
}

/* Counts connects, as the backend would prepare its statements. */
static int count_connect(struct pgc *pc, void *ctx)
{
	(void)pc;
	(*(int *)ctx)++;
	return STORE_OK;
}

/* Killed while idle: found at BEGIN (sent with the body's first
 * statement), reconnected, the statement sent again: done once. */
static void test_killed_idle(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_idle", &r);
	int connects = 0, pid = PQbackendPID(pgc_pq(pc));

	(void)state;
	assert_int_equal(pgc_on_connect(pc, count_connect, &connects),
			 STORE_OK);
	kill_session(pc, r.other);
	if (pgc_txn(pc, PGC_SERIALIZABLE, add_row, &r) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_int_equal(r.runs, 1);
	assert_int_equal(connects, 2);
	assert_int_equal(pgc_stats(pc).reconnects, 1);
	assert_int_not_equal(PQbackendPID(pgc_pq(pc)), pid);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM t"), 1);
	retry_done(pc, &r);
}

/* add_row() after a first statement, which begins the transaction (its
 * BEGIN goes with it): a kill then is inside the transaction. */
static int read_then_add(struct pgc *pc, void *ctx)
{
	int rc = pgc_exec(pc, "SELECT 1");

	return rc == STORE_OK ? add_row(pc, ctx) : rc;
}

/* Killed inside the transaction: the whole of it is done again. */
static void test_killed_in_body(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_body", &r);

	(void)state;
	r.kill_on = 1;
	if (pgc_txn(pc, PGC_SERIALIZABLE, read_then_add, &r) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_int_equal(r.runs, 2);
	assert_int_equal(pgc_stats(pc).reconnects, 1);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM t"), 1);
	retry_done(pc, &r);
}

static void kill_once(struct pgc *pc, void *ctx)
{
	struct run *r = ctx;

	if (r->runs == 1)
		kill_session(pc, r->other);
}

/* Killed just before COMMIT: the database says it was rolled back, so it
 * is done again, once. */
static void test_killed_before_commit(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_commit", &r);

	(void)state;
	pgc_test_before_commit(pc, kill_once, &r);
	if (pgc_txn(pc, PGC_SERIALIZABLE, add_row, &r) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_int_equal(r.runs, 2);
	assert_int_equal(pgc_stats(pc).outcomes, 1);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM t"), 1);
	retry_done(pc, &r);
}

/* COMMIT done but its reply lost: acknowledged, and not done twice. */
static void test_lost_reply(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_reply", &r);

	(void)state;
	pgc_test_lose_commit_replies(pc, 1);
	if (pgc_txn(pc, PGC_SERIALIZABLE, add_row, &r) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_int_equal(r.runs, 1);
	assert_int_equal(pgc_stats(pc).outcomes, 1);
	assert_int_equal(pgc_stats(pc).reconnects, 1);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM t"), 1);
	retry_done(pc, &r);
}

/* Cut the connection under libpq (a network cut): its socket now leads
 * to a peer already gone, while the server's end stays open (we keep it
 * in r->fd), so the server holds the transaction open. */
static void cut_once(struct pgc *pc, void *ctx)
{
	struct run *r = ctx;
	int sock = PQsocket(pgc_pq(pc)), sv[2];

	if (r->runs != 1 || r->fd >= 0)
		return;
	r->fd = dup(sock);
	assert_true(r->fd >= 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(dup2(sv[0], sock), sock);
	close(sv[0]);
	close(sv[1]);
}

/* The COMMIT never reached a server that still holds the transaction:
 * that old session is ended, the transaction found rolled back, and done
 * again. */
static void test_cut_before_commit(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_cut", &r);

	(void)state;
	pgc_test_before_commit(pc, cut_once, &r);
	if (pgc_txn(pc, PGC_SERIALIZABLE, add_row, &r) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_true(r.fd >= 0);
	close(r.fd);
	assert_int_equal(r.runs, 2);
	assert_int_equal(pgc_stats(pc).outcomes, 1);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM t"), 1);
	retry_done(pc, &r);
}

/* A connect that takes 0.4 s and then loses its connection, from the
 * second on: a database that does not answer in time. */
static int slow_and_lost(struct pgc *pc, void *ctx)
{
	if (++*(int *)ctx < 2)
		return STORE_OK;
	return pgc_exec(pc, "SELECT pg_sleep(0.4);"
			" SELECT pg_terminate_backend(pg_backend_pid())");
}

/* Retries stop once PGC_RETRY_MS have passed, before PGC_TRIES. */
static void test_retry_deadline(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_late", &r);
	struct timespec t0, t1;
	int connects = 0;
	long ms;

	(void)state;
	assert_int_equal(pgc_on_connect(pc, slow_and_lost, &connects),
			 STORE_OK);
	kill_session(pc, r.other);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(pgc_txn(pc, PGC_SERIALIZABLE, add_row, &r),
			 STORE_ERR);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	     (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_in_range(ms, PGC_RETRY_MS - 100, PGC_RETRY_MS + 1500);
	assert_in_range(pgc_stats(pc).reconnects, 2, PGC_TRIES - 2);
	/* The first try's body began: its BEGIN found the loss. */
	assert_true(r.runs <= 1);
	retry_done(pc, &r);
}

static int always_conflict(struct pgc *pc, void *ctx)
{
	((struct run *)ctx)->runs++;
	return pgc_exec(pc, "DO $$BEGIN RAISE EXCEPTION 'forced conflict'"
			" USING ERRCODE = 'serialization_failure'; END$$");
}

static int duplicate(struct pgc *pc, void *ctx)
{
	((struct run *)ctx)->runs++;
	return pgc_exec(pc, "INSERT INTO t OVERRIDING SYSTEM VALUE"
			" VALUES (1), (1)");
}

static int orphan(struct pgc *pc, void *ctx)
{
	((struct run *)ctx)->runs++;
	return pgc_exec(pc, "CREATE TABLE u (id BIGINT REFERENCES t(id));"
			" INSERT INTO u VALUES (42)");
}

static int read_only(struct pgc *pc, void *ctx)
{
	((struct run *)ctx)->runs++;
	return pgc_exec(pc, "SET TRANSACTION READ ONLY;"
			" INSERT INTO t DEFAULT VALUES");
}

/* Retries are bounded; other errors are mapped and not retried. */
static void test_bounded_and_mapped(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("retry_bound", &r);

	(void)state;
	assert_int_equal(pgc_txn(pc, PGC_SERIALIZABLE, always_conflict, &r),
			 STORE_ERR);
	assert_int_equal(r.runs, PGC_TRIES);
	assert_string_equal(pgc_sqlstate(pc), "40001");
	assert_non_null(strstr(pgc_errmsg(pc), "forced conflict"));
	r.runs = 0;
	assert_int_equal(pgc_txn(pc, PGC_SERIALIZABLE, duplicate, &r),
			 STORE_EXISTS);
	assert_int_equal(r.runs, 1);
	r.runs = 0;
	assert_int_equal(pgc_txn(pc, PGC_SERIALIZABLE, orphan, &r),
			 STORE_NOTFOUND);
	assert_int_equal(r.runs, 1);
	r.runs = 0;
	assert_int_equal(pgc_txn(pc, PGC_SERIALIZABLE, read_only, &r),
			 STORE_READONLY);
	assert_int_equal(r.runs, 1);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM t"), 0);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM"
		" pg_tables WHERE tablename = 'u'"), 0);
	retry_done(pc, &r);
}

/* A read snapshot begun on a lost connection reconnects; inside it a
 * write committed meanwhile is not seen. */
static void test_read_snapshot(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("read_snap", &r);
	int64_t n = -1;

	(void)state;
	kill_session(pc, r.other);
	assert_int_equal(pgc_read_begin(pc), STORE_OK);
	assert_int_equal(pgc_int(pc, "SELECT count(*) FROM t", &n), STORE_OK);
	assert_true(pg_run(r.other, "INSERT INTO t DEFAULT VALUES"));
	assert_int_equal(pgc_int(pc, "SELECT count(*) FROM t", &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(pgc_read_end(pc), STORE_OK);
	assert_int_equal(pgc_int(pc, "SELECT count(*) FROM t", &n), STORE_OK);
	assert_int_equal(n, 1);
	retry_done(pc, &r);
}

/* test_pipeline: n rows sent by pgc_send(), row `dup` (-1: none) with
 * the key of row 0; with `count`, flushed and counted inside. */
struct sent {
	int n, dup, count;
	int64_t seen;
};

static int send_rows(struct pgc *pc, void *ctx)
{
	struct sent *s = ctx;
	char v[16];
	const char *val[1] = { v };
	int i, rc = STORE_OK;

	for (i = 0; rc == STORE_OK && i < s->n; i++) {
		snprintf(v, sizeof(v), "%d", i == s->dup ? 0 : i);
		rc = pgc_send(pc, "ins", 1, val, NULL, NULL);
	}
	if (rc == STORE_OK && s->count &&
	    (rc = pgc_flush(pc)) == STORE_OK)
		rc = pgc_int(pc, "SELECT count(*) FROM pl", &s->seen);
	return rc;             /* the rest is pgc_txn()'s to flush */
}

/*
 * Bulk writes (pgc_send(), pgc_flush()): more rows than PGC_QUEUE_MAX in
 * one transaction all land, and a read after a flush sees them; a key
 * taken among them fails the transaction, whether a flush in pgc_send()
 * or pgc_txn()'s own at the end reads it, keeps nothing, is not retried,
 * and leaves the connection usable.
 */
static void test_pipeline(void **state)
{
	char url[PG_URL_MAX];
	struct pgc *pc = fresh("pipeline", 0, url);
	struct sent s = { 3 * PGC_QUEUE_MAX + 7, -1, 1, 0 };
	int64_t n = -1;

	(void)state;
	assert_int_equal(pgc_exec(pc, "CREATE TABLE pl (k INT PRIMARY KEY)"),
			 STORE_OK);
	PQclear(PQprepare(pgc_pq(pc), "ins", "INSERT INTO pl VALUES ($1)", 0,
			  NULL));
	if (pgc_txn(pc, PGC_SERIALIZABLE, send_rows, &s) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_int_equal(s.seen, s.n);
	assert_int_equal(pgc_int(pc, "SELECT count(*) FROM pl", &n), STORE_OK);
	assert_int_equal(n, s.n);

	assert_int_equal(pgc_exec(pc, "TRUNCATE pl"), STORE_OK);
	s = (struct sent){ 3 * PGC_QUEUE_MAX + 7, 10, 0, 0 };
	assert_int_equal(pgc_txn(pc, PGC_SERIALIZABLE, send_rows, &s),
			 STORE_EXISTS);
	assert_non_null(strstr(pgc_errmsg(pc), "duplicate key"));
	s.dup = s.n - 1;
	assert_int_equal(pgc_txn(pc, PGC_SERIALIZABLE, send_rows, &s),
			 STORE_EXISTS);
	assert_int_equal(pgc_stats(pc).retries, 0);
	assert_int_equal(pgc_int(pc, "SELECT count(*) FROM pl", &n), STORE_OK);
	assert_int_equal(n, 0);
	pgc_close(pc);
}

/* The int4 a prepared statement gave (its rows come in binary). */
static int int4_of(const PGresult *r)
{
	const unsigned char *p = (const unsigned char *)PQgetvalue(r, 0, 0);

	assert_int_equal(PQgetlength(r, 0, 0), 4);
	return (int)((unsigned)p[0] << 24 | (unsigned)p[1] << 16 |
		     (unsigned)p[2] << 8 | p[3]);
}

/*
 * Statements sent together (pgc_prepared_many(), store_together()): in a
 * snapshot, each result in its place, in one round trip with the BEGIN;
 * one that fails has its error in its place, the ones after it were not
 * run, and the connection serves the next snapshot.
 */
static void test_prepared_many(void **state)
{
	char url[PG_URL_MAX];
	struct pgc *pc = fresh("many", 0, url);
	const char *val[3] = { "1", "0", "3" };
	struct pgc_stmt v[3] = {
		{ "div", 1, &val[0], NULL, NULL },
		{ "div", 1, &val[1], NULL, NULL },
		{ "div", 1, &val[2], NULL, NULL },
	};
	PGresult *out[3];
	int i;

	(void)state;
	PQclear(PQprepare(pgc_pq(pc), "div", "SELECT 12 / $1::int", 0, NULL));
	val[1] = "2";
	assert_int_equal(pgc_read_begin(pc), STORE_OK);
	pgc_prepared_many(pc, v, 3, out);
	for (i = 0; i < 3; i++) {
		assert_int_equal(pgc_check(pc, out[i]), STORE_OK);
		assert_int_equal(int4_of(out[i]), 12 / atoi(val[i]));
		PQclear(out[i]);
	}
	assert_int_equal(pgc_read_end(pc), STORE_OK);

	val[1] = "0";                   /* division by zero */
	assert_int_equal(pgc_read_begin(pc), STORE_OK);
	pgc_prepared_many(pc, v, 3, out);
	assert_int_equal(pgc_check(pc, out[0]), STORE_OK);
	assert_int_not_equal(pgc_check(pc, out[1]), STORE_OK);
	assert_non_null(strstr(pgc_errmsg(pc), "division by zero"));
	assert_true(!out[2] ||
		    PQresultStatus(out[2]) == PGRES_PIPELINE_ABORTED);
	for (i = 0; i < 3; i++)
		PQclear(out[i]);
	pgc_read_end(pc);

	val[1] = "4";
	assert_int_equal(pgc_read_begin(pc), STORE_OK);
	pgc_prepared_many(pc, v, 3, out);
	assert_int_equal(pgc_check(pc, out[1]), STORE_OK);
	assert_int_equal(int4_of(out[1]), 3);
	for (i = 0; i < 3; i++)
		PQclear(out[i]);
	assert_int_equal(pgc_read_end(pc), STORE_OK);
	pgc_close(pc);
}

/* A read ahead (pgc_ahead()): its reply given with the next statement's,
 * from a transaction of its own that ended before the snapshot after it
 * began (its id is visible in that snapshot); dropped at pgc_read_end()
 * when no statement went; run alone by pgc_ahead_run(). */
struct ahead_got {
	int calls;
	char xid[32];           /* "" when given no reply */
};

static void got_ahead(const PGresult *res, void *ctx)
{
	struct ahead_got *g = ctx;

	g->calls++;
	g->xid[0] = '\0';
	if (res && PQresultStatus(res) == PGRES_TUPLES_OK)
		snprintf(g->xid, sizeof(g->xid), "%s", PQgetvalue(res, 0, 0));
}

static void test_ahead(void **state)
{
	char url[PG_URL_MAX];
	struct pgc *pc = fresh("ahead", 0, url);
	struct ahead_got g = { 0 };
	const char *xid = g.xid;
	PGresult *r;
	int round;

	(void)state;
	PQclear(PQprepare(pgc_pq(pc), "xid", "SELECT txid_current()::text",
			  0, NULL));
	PQclear(PQprepare(pgc_pq(pc), "one", "SELECT 1", 0, NULL));
	PQclear(PQprepare(pgc_pq(pc), "vis",
			  "SELECT txid_visible_in_snapshot($1::text::bigint,"
			  " txid_current_snapshot())::text", 0, NULL));
	/* Twice: the second time after a served snapshot, whose COMMIT is
	 * owed and goes in front of the read ahead. */
	for (round = 0; round < 2; round++) {
		assert_int_equal(pgc_ahead(pc, "xid", got_ahead, &g), 0);
		assert_int_equal(pgc_ahead(pc, "xid", got_ahead, &g), -1);
		assert_int_equal(pgc_read_begin(pc), STORE_OK);
		assert_int_equal(g.calls, round);
		r = pgc_prepared(pc, "one", 0, NULL, NULL, NULL);
		assert_int_equal(pgc_check(pc, r), STORE_OK);
		PQclear(r);
		assert_int_equal(g.calls, round + 1);
		assert_true(g.xid[0] >= '1' && g.xid[0] <= '9');
		r = pgc_prepared(pc, "vis", 1, &xid, NULL, NULL);
		assert_int_equal(pgc_check(pc, r), STORE_OK);
		assert_string_equal(PQgetvalue(r, 0, 0), "true");
		PQclear(r);
		assert_int_equal(pgc_read_end(pc), STORE_OK);
		pgc_idle(pc);
	}

	/* No statement: dropped. */
	assert_int_equal(pgc_ahead(pc, "xid", got_ahead, &g), 0);
	assert_int_equal(pgc_read_begin(pc), STORE_OK);
	assert_int_equal(pgc_read_end(pc), STORE_OK);
	assert_int_equal(g.calls, 3);
	assert_string_equal(g.xid, "");

	/* Alone. */
	assert_int_equal(pgc_ahead(pc, "xid", got_ahead, &g), 0);
	pgc_ahead_run(pc);
	assert_int_equal(g.calls, 4);
	assert_true(g.xid[0] >= '1' && g.xid[0] <= '9');
	pgc_ahead_run(pc);
	assert_int_equal(g.calls, 4);
	pgc_close(pc);
}

/* test_pipeline_killed: "ins" prepared on every connection. */
static int prepare_ins(struct pgc *pc, void *ctx)
{
	(void)ctx;
	PQclear(PQprepare(pgc_pq(pc), "ins", "INSERT INTO pl VALUES ($1)", 0,
			  NULL));
	return STORE_OK;
}

/* 300 rows, the session killed after the first 100 of run 1. */
static int send_killed(struct pgc *pc, void *ctx)
{
	struct run *r = ctx;
	char v[16];
	const char *val[1] = { v };
	int i, rc = STORE_OK;

	r->runs++;
	for (i = 0; rc == STORE_OK && i < 300; i++) {
		if (i == 100 && r->runs == 1)
			kill_session(pc, r->other);
		snprintf(v, sizeof(v), "%d", i);
		rc = pgc_send(pc, "ins", 1, val, NULL, NULL);
	}
	return rc;
}

/* The session killed while rows are in the pipeline: the transaction
 * is done again, whole, on a new connection. */
static void test_pipeline_killed(void **state)
{
	struct run r;
	struct pgc *pc = retry_env("pipe_killed", &r);

	(void)state;
	assert_true(pg_run(pgc_pq(pc), "CREATE TABLE pl (k INT PRIMARY KEY)"));
	assert_int_equal(pgc_on_connect(pc, prepare_ins, NULL), STORE_OK);
	if (pgc_txn(pc, PGC_SERIALIZABLE, send_killed, &r) != STORE_OK)
		fail_msg("%s", pgc_errmsg(pc));
	assert_int_equal(r.runs, 2);
	assert_int_equal(pgc_stats(pc).reconnects, 1);
	assert_int_equal(pg_num(r.other, "SELECT count(*) FROM pl"), 300);
	retry_done(pc, &r);
}

/* End every session of the backend under test (its URL names it). */
static void kill_store(PGconn *other)
{
	char n[16];

	pg_text(other, "SELECT count(pg_terminate_backend(pid, 5000))"
		" FROM pg_stat_activity WHERE application_name = 'lost_test'",
		n, sizeof(n));
	assert_string_equal(n, "1");
}

static int on_user(void *ctx, const struct user *u)
{
	(void)u;
	++*(int *)ctx;
	return 0;
}

/*
 * The backend (pg.c) on a lost connection: a page's snapshot, whose BEGIN
 * goes with its first read in one round trip (pipeline mode), and a
 * write, whose BEGIN goes with its first statement, both go on on a new
 * connection; the write is done once; the connection is usable after.
 */
static void test_store_reconnects(void **state)
{
	char url[PG_URL_MAX + 32], err[256];
	struct store *st = NULL;
	struct user u = { .created = 1 };
	PGconn *other;
	int n = 0;

	(void)state;
	assert_true(pg_fresh("store_lost", url, sizeof(url) - 32));
	strcat(url, "&application_name=lost_test");
	if (store_open(url, &st, err, sizeof(err)) != STORE_OK)
		fail_msg("%s", err);
	assert_non_null(other = pg_other(pg_base_url()));
	kill_store(other);
	assert_int_equal(store_read_begin(st, 0), STORE_OK);
	assert_int_equal(store_user_list(st, on_user, &n), STORE_OK);
	assert_int_equal(store_read_end(st), STORE_OK);
	assert_int_equal(n, 0);
	kill_store(other);
	strcpy(u.email, "lost@example.org");
	strcpy(u.name, "Lost");
	strcpy(u.pwhash, "x");
	assert_int_equal(store_user_add(st, &u), STORE_OK);
	assert_int_equal(pg_num(other, "SELECT count(*) FROM store_lost.users"),
			 1);
	n = 0;
	assert_int_equal(store_read_begin(st, 0), STORE_OK);
	assert_int_equal(store_user_list(st, on_user, &n), STORE_OK);
	assert_int_equal(store_read_end(st), STORE_OK);
	assert_int_equal(n, 1);
	PQfinish(other);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_urls),
		cmocka_unit_test(test_synchronous_commit),
		cmocka_unit_test(test_migrate_empty),
		cmocka_unit_test(test_as_many_as_sqlite),
		cmocka_unit_test(test_migrate_newer),
		cmocka_unit_test(test_migrate_data),
		cmocka_unit_test(test_dialect),
		cmocka_unit_test(test_migrate_concurrent),
		cmocka_unit_test(test_serialization_failure),
		cmocka_unit_test(test_deadlock),
		cmocka_unit_test(test_killed_idle),
		cmocka_unit_test(test_killed_in_body),
		cmocka_unit_test(test_killed_before_commit),
		cmocka_unit_test(test_lost_reply),
		cmocka_unit_test(test_cut_before_commit),
		cmocka_unit_test(test_bounded_and_mapped),
		cmocka_unit_test(test_retry_deadline),
		cmocka_unit_test(test_read_snapshot),
		cmocka_unit_test(test_store_reconnects),
		cmocka_unit_test(test_pipeline),
		cmocka_unit_test(test_prepared_many),
		cmocka_unit_test(test_ahead),
		cmocka_unit_test(test_pipeline_killed),
	};

	pg_base_url();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
