/*
 * pg-env.h: the harness of the tests that need a real PostgreSQL
 * (tests/test-pg-*.c, run by `make pgtest`): the server tests/with-pg.sh
 * started, whose URL is in ALIGNPLAN_PG_URL, and a fresh, empty schema
 * for each test (cheaper than a database each, and the test role may not
 * make databases), reached through a URL whose search_path names it.
 */
#ifndef PG_ENV_H
#define PG_ENV_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_URL_MAX 512

/* The server's URL; without one the test cannot run, and says how. */
static inline const char *pg_base_url(void)
{
	const char *url = getenv("ALIGNPLAN_PG_URL");

	if (!url || !*url) {
		fprintf(stderr, "ALIGNPLAN_PG_URL is not set: run this test"
			" with tests/with-pg.sh (make pgtest)\n");
		exit(1);
	}
	return url;
}

static inline void pg_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* A connection of our own, beside the code under test, that prints no
 * notices; NULL on failure (the message is printed). */
static inline PGconn *pg_other(const char *url)
{
	PGconn *c = PQconnectdb(url);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "pg-env: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	return c;
}

/* Run sql on c; 1 when it succeeded (else the message is printed). */
static inline int pg_run(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);
	int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "pg-env: %s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* The text of the first column of the first row of sql on c ("" when
 * none), into out. */
static inline void pg_text(PGconn *c, const char *sql, char *out,
			   size_t len)
{
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
		snprintf(out, len, "%s", PQgetvalue(r, 0, 0));
	else
		snprintf(out, len, "%s", "");
	PQclear(r);
}

/* The integer sql on c gives (-1 on failure). */
static inline long long pg_num(PGconn *c, const char *sql)
{
	char v[64];

	pg_text(c, sql, v, sizeof(v));
	return *v ? strtoll(v, NULL, 10) : -1;
}

/*
 * Make the schema `name` afresh (dropping what a former run left) and put
 * in url a URL to the test database (base; pg_fresh(): the server's)
 * whose search_path is that schema.  Returns 1 on success.
 */
static inline int pg_fresh_at(const char *base, const char *name,
			       char *url, size_t len)
{
	char sql[256];
	PGconn *c = pg_other(base);
	int ok;

	if (!c)
		return 0;
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %.63s CASCADE;"
		 " CREATE SCHEMA %.63s", name, name);
	ok = pg_run(c, sql);
	PQfinish(c);
	snprintf(url, len, "%s%coptions=-csearch_path%%3D%.63s", base,
		 strchr(base, '?') ? '&' : '?', name);
	return ok;
}

static inline int pg_fresh(const char *name, char *url, size_t len)
{
	return pg_fresh_at(pg_base_url(), name, url, len);
}

/* Drop the schema `name` that pg_fresh_at(base, ...) made. */
static inline void pg_drop_at(const char *base, const char *name)
{
	char sql[160];
	PGconn *c = pg_other(base);

	if (!c)
		return;
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %.63s CASCADE", name);
	pg_run(c, sql);
	PQfinish(c);
}

/*
 * The database the app-level tests run on (app-env.h, tests/cli.sh,
 * tests/browser): ALIGNPLAN_TEST_DB, a postgres:// or postgresql:// URL
 * for PostgreSQL (`make pgtest` sets it to the server tests/with-pg.sh
 * started), else SQLite files.  Returns the PostgreSQL URL, or NULL.
 */
static inline const char *test_db_pg(void)
{
	const char *db = getenv("ALIGNPLAN_TEST_DB");

	if (db && (!strncmp(db, "postgres://", 11) ||
		   !strncmp(db, "postgresql://", 13)))
		return db;
	return NULL;
}

/* The value of `key=` in the base URL's query (host, port), into out. */
static inline void pg_url_param(const char *key, char *out, size_t len)
{
	const char *base = pg_base_url(), *p = strchr(base, '?');
	size_t klen = strlen(key), n;

	*out = '\0';
	while (p && *++p) {
		n = strcspn(p, "&");
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			snprintf(out, len, "%.*s", (int)(n - klen - 1),
				 p + klen + 1);
			return;
		}
		p = p[n] ? p + n : NULL;
	}
}

#endif
