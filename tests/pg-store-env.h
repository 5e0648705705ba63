/*
 * pg-store-env.h: what the threaded PostgreSQL store tests share
 * (test-pg-share.c, test-pg-gather.c): a store opened or the test fails,
 * and a fresh database with session 7 loaded, as a server's would be.
 * Include after cmocka.h, store/store.h and pg-env.h.
 */
#ifndef PG_STORE_ENV_H
#define PG_STORE_ENV_H

#include "session-util.h"

static inline struct store *pg_store_open(const char *url)
{
	struct store *st = NULL;
	char err[256];

	if (store_open(url, &st, err, sizeof(err)) != STORE_OK)
		fail_msg("store_open: %s", err);
	return st;
}

/* A fresh database `name` (its URL into url), with session 7 in it: the
 * test's own store on it. */
static inline struct store *pg_store_fresh(const char *name, char *url,
					   size_t len)
{
	struct session s;
	struct store *st;
	size_t n;
	char *src = slurp("content/session-07.md", &n);

	assert_non_null(src);
	assert_true(pg_fresh(name, url, len));
	st = pg_store_open(url);
	parse_ok(src, n, &s);
	assert_int_equal(store_course_put(st, &s, src, n), STORE_OK);
	session_release(&s);
	free(src);
	return st;
}

#endif
