/*
 * Reads that share a round trip (src/store/pg-gather.c) against a real
 * PostgreSQL 15 (`make pgtest`): threads each with a store of their own
 * on one database, as a server's threads are.  A page's snapshot that
 * reads once, and a login read outside any snapshot (a POST's), go
 * with the others waiting; each thread gets its own rows; a read that
 * fails spoils no other; and when every connection was lost under a
 * gathering, each read comes back right all the same.  A gathering ends
 * with one sync, whatever the number of its segments.
 * share_test_hold() makes a gathering of a known size.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg-conn.h"
#include "store/pg-private.h"
#include "store/pg-share.h"
#include "store/store.h"
#include "pg-env.h"
#include "pg-store-env.h"

#define PROMPT "e1-goals-next"          /* a text prompt of session 7 */
#define THREADS 6

struct env {
	char url[PG_URL_MAX];
	struct store *st;               /* the test's own */
	int64_t user[THREADS];
	char hash[THREADS][65];         /* each user's login */
};

static int noop(void *ctx, const char *id, const char *value, size_t len)
{
	(void)ctx;
	(void)id;
	(void)value;
	(void)len;
	return 0;
}

/* THREADS users, each with an answer "answer of <i>" and a login. */
static void add_users(struct env *env)
{
	size_t i;

	for (i = 0; i < THREADS; i++) {
		struct user u = { 0 };
		struct login l = { 0 };
		char v[32];
		struct answer_put a = { PROMPT, v, 0 };

		snprintf(u.email, sizeof(u.email), "r%zu@example.org", i);
		snprintf(u.name, sizeof(u.name), "Reader %zu", i);
		snprintf(u.pwhash, sizeof(u.pwhash), "$argon2id$v=19$fake");
		assert_int_equal(store_user_add(env->st, &u), STORE_OK);
		env->user[i] = u.id;
		a.len = (size_t)snprintf(v, sizeof(v), "answer of %zu", i);
		assert_int_equal(store_answers_put(env->st, u.id, 7, &a, 1,
						   noop, NULL), STORE_OK);
		snprintf(env->hash[i], sizeof(env->hash[i]), "%064zx", i + 1);
		l.user_id = u.id;
		snprintf(l.csrf, sizeof(l.csrf), "csrf%zu", i);
		l.expires = store_now(env->st) + 3600;
		assert_int_equal(store_login_add(env->st, env->hash[i], &l),
				 STORE_OK);
	}
}

static int setup(void **state)
{
	struct env *env = calloc(1, sizeof(*env));

	assert_non_null(env);
	env->st = pg_store_fresh("gather_test", env->url, sizeof(env->url));
	add_users(env);
	*state = env;
	return 0;
}

static int teardown(void **state)
{
	struct env *env = *state;

	store_close(env->st);
	pg_drop_at(pg_base_url(), "gather_test");
	free(env);
	return 0;
}

/* One thread's reads: its answers in a snapshot that reads once, or its
 * login outside any snapshot. */
struct reader {
	struct store *st;
	int64_t user;
	const char *hash;
	int login;                      /* read the login, not the answers */
	int rc;
	char got[64];
	int64_t got_user;
};

static int on_answer(void *ctx, const char *id, const char *value,
		     size_t len)
{
	struct reader *r = ctx;

	if (!strcmp(id, PROMPT) && len < sizeof(r->got)) {
		memcpy(r->got, value, len);
		r->got[len] = '\0';
	}
	return 0;
}

static void *read_once(void *arg)
{
	struct reader *r = arg;
	struct login l;

	if (r->login) {
		r->rc = store_login_get(r->st, r->hash, &l);
		r->got_user = r->rc == STORE_OK ? l.user_id : 0;
		return NULL;
	}
	if ((r->rc = store_read_begin(r->st, 1)) != STORE_OK)
		return NULL;
	r->rc = store_answer_list(r->st, r->user, 7, on_answer, r);
	store_read_end(r->st);
	return NULL;
}

static void readers_init(struct env *env, struct reader *r, int login)
{
	size_t i;

	for (i = 0; i < THREADS; i++)
		r[i] = (struct reader){ pg_store_open(env->url), env->user[i],
					env->hash[i], login, STORE_ERR, "",
					0 };
}

static void readers_close(struct reader *r)
{
	size_t i;

	for (i = 0; i < THREADS; i++)
		store_close(r[i].st);
}

/* Run the readers held to start as one gathering; the gatherings (of two
 * or more) run meanwhile, their members into *members. */
static unsigned long run_held(struct env *env, struct reader *r,
			      unsigned long *members)
{
	struct pg_share *sh = pg_store_gather(env->st);
	unsigned long g0, m0, g, m;
	pthread_t t[THREADS];
	size_t i;

	assert_non_null(sh);
	share_stats(sh, &g0, &m0);
	share_test_hold(sh, THREADS);
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, read_once, &r[i]),
				 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	share_test_hold(sh, 0);
	share_stats(sh, &g, &m);
	*members = m - m0;
	return g - g0;
}

/* The pipelines the readers' connections have ended so far. */
static unsigned long syncs_of(struct reader *r)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < THREADS; i++)
		n += pgc_stats(pg_store_pgc(r[i].st)).syncs;
	return n;
}

/* Run the readers as one gathering of them all, ended by one sync (one
 * send() each way, whatever their number). */
static void assert_one_gathering(struct env *env, struct reader *r)
{
	unsigned long m, syncs = syncs_of(r);

	assert_int_equal(run_held(env, r, &m), 1);
	assert_int_equal(m, THREADS);
	assert_int_equal(syncs_of(r) - syncs, 1);
}

static void assert_own_answers(struct reader *r)
{
	char want[32];
	size_t i;

	for (i = 0; i < THREADS; i++) {
		snprintf(want, sizeof(want), "answer of %zu", i);
		assert_int_equal(r[i].rc, STORE_OK);
		assert_string_equal(r[i].got, want);
	}
}

/* Six pages' snapshots in one round trip, ended by one sync (one send()
 * each way, not six): each its own answers. */
static void test_snapshots_gathered(void **state)
{
	struct env *env = *state;
	struct reader r[THREADS];

	readers_init(env, r, 0);
	assert_one_gathering(env, r);
	assert_own_answers(r);
	readers_close(r);
}

/* Six POSTs' logins in one round trip and one sync: each its own user. */
static void test_logins_gathered(void **state)
{
	struct env *env = *state;
	struct reader r[THREADS];
	size_t i;

	readers_init(env, r, 1);
	assert_one_gathering(env, r);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(r[i].rc, STORE_OK);
		assert_int_equal(r[i].got_user, env->user[i]);
	}
	readers_close(r);
}

/* Three logins and three snapshots, in turn, in one gathering and one
 * sync: a snapshot's BEGIN behind a login's read would fail, so the
 * gathering sends the snapshots first; each reader gets its own rows. */
static void test_mixed_gathered(void **state)
{
	struct env *env = *state;
	struct reader r[THREADS];
	size_t i;

	readers_init(env, r, 0);
	for (i = 0; i < THREADS; i++)
		r[i].login = i % 2;
	assert_one_gathering(env, r);
	for (i = 0; i < THREADS; i++) {
		char want[32];

		assert_int_equal(r[i].rc, STORE_OK);
		if (r[i].login) {
			assert_int_equal(r[i].got_user, env->user[i]);
			continue;
		}
		snprintf(want, sizeof(want), "answer of %zu", i);
		assert_string_equal(r[i].got, want);
	}
	readers_close(r);
}

/* One login read fails in the database (its hash is not UTF-8): it
 * alone fails; the others' segments, after it, are read again alone. */
static void test_one_fails(void **state)
{
	struct env *env = *state;
	struct reader r[THREADS];
	unsigned long m;
	size_t i;

	readers_init(env, r, 1);
	r[1].hash = "\xff\xfe not text";
	assert_int_equal(run_held(env, r, &m), 1);
	assert_int_not_equal(r[1].rc, STORE_OK);
	for (i = 0; i < THREADS; i++) {
		if (i == 1)
			continue;
		assert_int_equal(r[i].rc, STORE_OK);
		assert_int_equal(r[i].got_user, env->user[i]);
	}
	readers_close(r);
}

/* Every reader's connection is ended before a gathering of snapshots:
 * whoever leads finds its own gone, and each reads again on a new one. */
static void test_connections_lost(void **state)
{
	struct env *env = *state;
	struct reader r[THREADS];
	unsigned long m, reconnects = 0;
	char sql[128];
	size_t i;

	readers_init(env, r, 0);
	for (i = 0; i < THREADS; i++) {
		snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d,"
			 " 5000)", PQbackendPID(pgc_pq(pg_store_pgc(r[i].st))));
		assert_int_equal(pgc_exec(pg_store_pgc(env->st), sql),
				 STORE_OK);
	}
	assert_int_equal(run_held(env, r, &m), 1);
	assert_own_answers(r);
	for (i = 0; i < THREADS; i++)
		reconnects += pgc_stats(pg_store_pgc(r[i].st)).reconnects;
	assert_true(reconnects >= THREADS);
	readers_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshots_gathered),
		cmocka_unit_test(test_logins_gathered),
		cmocka_unit_test(test_mixed_gathered),
		cmocka_unit_test(test_one_fails),
		cmocka_unit_test(test_connections_lost),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
