/*
 * Saves that share a COMMIT (src/store/pg-share.c, pg.c's run_group())
 * against a real PostgreSQL 15 (`make pgtest`): threads each with a store
 * of their own on one database, as a server's threads are.  A group
 * commits every member's save and each gets its own answers back; one
 * member refused leaves the others to commit alone; a group whose COMMIT
 * reply is lost is asked after and not done twice; and many threads
 * saving at once lose nothing.  share_test_hold() makes a group of a
 * known size, so that each test does run one.
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
#include "store/notices.h"
#include "store/store.h"
#include "pg-env.h"
#include "pg-store-env.h"

#define PROMPT "e1-goals-next"          /* a text prompt of session 7 */
#define THREADS 8

struct env {
	char url[PG_URL_MAX];
	struct store *st;               /* the test's own */
	int64_t user[THREADS];
};

static int setup(void **state)
{
	struct env *env = calloc(1, sizeof(*env));
	size_t i;

	assert_non_null(env);
	env->st = pg_store_fresh("share_test", env->url, sizeof(env->url));
	for (i = 0; i < THREADS; i++) {
		struct user u = { 0 };

		snprintf(u.email, sizeof(u.email), "w%zu@example.org", i);
		snprintf(u.name, sizeof(u.name), "Writer %zu", i);
		snprintf(u.pwhash, sizeof(u.pwhash), "$argon2id$v=19$fake");
		assert_int_equal(store_user_add(env->st, &u), STORE_OK);
		env->user[i] = u.id;
	}
	*state = env;
	return 0;
}

static int teardown(void **state)
{
	struct env *env = *state;

	store_close(env->st);
	pg_drop_at(pg_base_url(), "share_test");
	free(env);
	return 0;
}

/* One thread's saves: `n` of them, the k-th "<tag> k"; each must come
 * back with the value just saved among its answers. */
struct writer {
	struct env *env;
	struct store *st;
	int64_t user;
	const char *prompt, *tag;
	int n, rc, seen;                /* the last save's result; read back */
	char last[64];
	const char *hash;               /* a POST's login to find first, */
	int found, settled;             /* and what came of it */
};

static int on_answer(void *ctx, const char *id, const char *value,
		     size_t len)
{
	struct writer *w = ctx;

	if (!strcmp(id, w->prompt) && strlen(w->last) == len &&
	    !memcmp(value, w->last, len))
		w->seen = 1;
	return 0;
}

static void *write_some(void *arg)
{
	struct writer *w = arg;
	struct login l;
	int k, due;

	if (w->hash)            /* as a POST begins (router.c's identify) */
		w->found = store_login_find(w->st, w->hash, 0, &l, &due);
	for (k = 1; k <= w->n; k++) {
		struct answer_put a = { w->prompt, w->last, 0 };

		snprintf(w->last, sizeof(w->last), "%s %d", w->tag, k);
		a.len = strlen(w->last);
		w->seen = 0;
		w->rc = store_answers_put(w->st, w->user, 7, &a, 1, on_answer,
					  w);
		if (w->rc != STORE_OK || !w->seen)
			break;
	}
	if (w->hash)
		w->settled = store_login_settle(w->st);
	return NULL;
}

/* Run n writers at once, each on a store of its own. */
static void run_writers(struct writer *w, size_t n)
{
	pthread_t t[THREADS];
	size_t i;

	for (i = 0; i < n; i++)
		assert_int_equal(pthread_create(&t[i], NULL, write_some, &w[i]),
				 0);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

static void writers_init(struct env *env, struct writer *w, size_t n,
			 const char *tag, int saves)
{
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = (struct writer){ env, pg_store_open(env->url), env->user[i],
					PROMPT, tag, saves, STORE_ERR, 0, "", NULL, 0, 0 };
}

static void writers_close(struct writer *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_close(w[i].st);
}

/* The stored answer of `user` to PROMPT, into out. */
struct one_answer {
	char value[64];
	int found;
};

static int on_stored(void *ctx, const char *id, const char *value,
		     size_t len)
{
	struct one_answer *a = ctx;

	if (!strcmp(id, PROMPT) && len < sizeof(a->value)) {
		memcpy(a->value, value, len);
		a->value[len] = '\0';
		a->found = 1;
	}
	return 0;
}

static void assert_stored(struct store *st, int64_t user, const char *want)
{
	struct one_answer a = { "", 0 };

	assert_int_equal(store_answer_list(st, user, 7, on_stored, &a),
			 STORE_OK);
	assert_true(a.found);
	assert_string_equal(a.value, want);
}

static int count_version(void *ctx, const char *prompt_id,
			 const struct answer_version *v)
{
	(void)prompt_id;
	(void)v;
	++*(int *)ctx;
	return 0;
}

static int versions_of(struct store *st, int64_t user)
{
	int n = 0;

	assert_int_equal(store_version_list(st, user, 7, PROMPT,
					    count_version, &n), STORE_OK);
	return n;
}

/* Run n writers held to start as one group; the groups (of two or more)
 * run meanwhile, their members into *members. */
static unsigned long run_held(struct env *env, struct writer *w, size_t n,
			      unsigned long *members)
{
	struct pg_share *sh = pg_store_share(env->st);
	unsigned long g0, m0, g, m;

	assert_non_null(sh);
	share_stats(sh, &g0, &m0);
	share_test_hold(sh, n);
	run_writers(w, n);
	share_test_hold(sh, 0);
	share_stats(sh, &g, &m);
	*members = m - m0;
	return g - g0;
}

/* Transactions run on the writers' own connections: a group's are its
 * leader's one. */
static unsigned long txns_of(struct writer *w, size_t n)
{
	unsigned long t = 0;
	size_t i;

	for (i = 0; i < n; i++)
		t += pgc_stats(pg_store_pgc(w[i].st)).txns;
	return t;
}

static void test_one_group(void **state)
{
	struct env *env = *state;
	struct writer w[6];
	unsigned long m;
	size_t i;

	writers_init(env, w, 6, "grouped", 1);
	assert_int_equal(run_held(env, w, 6, &m), 1);   /* all six in one */
	assert_int_equal(m, 6);
	assert_int_equal(txns_of(w, 6), 1);
	for (i = 0; i < 6; i++) {
		assert_int_equal(w[i].rc, STORE_OK);
		assert_true(w[i].seen);
		assert_stored(env->st, env->user[i], "grouped 1");
		assert_int_equal(versions_of(env->st, env->user[i]), 1);
	}
	writers_close(w, 6);
}

/* A member refused (its prompt does not exist) fails the group's
 * transaction; the others then commit alone, and only it fails. */
static void test_group_one_refused(void **state)
{
	struct env *env = *state;
	struct writer w[4];
	unsigned long m;
	size_t i;

	writers_init(env, w, 4, "refused", 1);
	w[2].prompt = "no-such-prompt";
	assert_int_equal(run_held(env, w, 4, &m), 1);
	assert_int_equal(w[2].rc, STORE_NOTFOUND);
	assert_non_null(strstr(store_errmsg(w[2].st), "foreign key"));
	for (i = 0; i < 4; i++) {
		if (i == 2)
			continue;
		assert_int_equal(w[i].rc, STORE_OK);
		assert_true(w[i].seen);
		assert_stored(env->st, env->user[i], "refused 1");
	}
	writers_close(w, 4);
}

/* POSTs whose logins this process saw: each member's save checks its
 * own in the group's transaction (login-memo.c).  One whose user has a
 * new notice (which this process's memo does not know) fails the group;
 * the others then commit alone, and only it fails, with nothing saved. */
static void test_group_one_login_changed(void **state)
{
	struct env *env = *state;
	struct notice_new note = { 0, NOTICE_COMMENT, 0, "A comment",
				   "/people", 0, NULL };
	struct writer w[4];
	char hash[4][16];
	struct login l = { .expires = 4102444800 }, got;
	struct one_answer was = { "", 0 };
	unsigned long m;
	size_t i;
	int due, before;

	writers_init(env, w, 4, "guessed", 1);
	for (i = 0; i < 4; i++) {
		snprintf(hash[i], sizeof(hash[i]), "post-login-%zu", i);
		l.user_id = env->user[i];
		snprintf(l.csrf, sizeof(l.csrf), "csrf-%zu", i);
		assert_int_equal(store_login_add(env->st, hash[i], &l),
				 STORE_OK);
		assert_int_equal(store_login_find(env->st, hash[i], 0, &got,
						  &due), STORE_OK);
		assert_int_equal(store_login_settle(env->st), 1);
		w[i].hash = hash[i];
	}
	note.user_id = env->user[1];
	assert_int_equal(store_notices_add(env->st, &note, 1), STORE_OK);
	before = versions_of(env->st, env->user[1]);
	assert_int_equal(run_held(env, w, 4, &m), 1);
	for (i = 0; i < 4; i++) {
		assert_int_equal(w[i].found, STORE_OK);     /* all guessed */
		if (i == 1)
			continue;
		assert_int_equal(w[i].rc, STORE_OK);
		assert_int_equal(w[i].settled, 1);
		assert_stored(env->st, env->user[i], "guessed 1");
	}
	assert_int_equal(w[1].rc, STORE_ERR);
	assert_non_null(strstr(store_errmsg(w[1].st), "login changed"));
	assert_int_equal(w[1].settled, 0);
	assert_int_equal(versions_of(env->st, env->user[1]), before);
	assert_int_equal(store_answer_list(env->st, env->user[1], 7,
					   on_stored, &was), STORE_OK);
	assert_string_not_equal(was.value, "guessed 1");
	writers_close(w, 4);
}

/* The leader's COMMIT is done but its reply lost: the outcome is asked
 * on a new connection, every member is told it is saved, and nothing is
 * done twice. */
static void test_group_commit_reply_lost(void **state)
{
	struct env *env = *state;
	struct writer w[3];
	unsigned long outcomes = 0, m;
	size_t i;

	writers_init(env, w, 3, "lost reply", 1);
	for (i = 0; i < 3; i++)
		pgc_test_lose_commit_replies(pg_store_pgc(w[i].st), 1);
	assert_int_equal(run_held(env, w, 3, &m), 1);
	for (i = 0; i < 3; i++) {
		outcomes += pgc_stats(pg_store_pgc(w[i].st)).outcomes;
		pgc_test_lose_commit_replies(pg_store_pgc(w[i].st), 0);
		assert_int_equal(w[i].rc, STORE_OK);
		assert_true(w[i].seen);
		assert_stored(env->st, env->user[i], "lost reply 1");
	}
	assert_int_equal(outcomes, 1);  /* the leader's one COMMIT */
	assert_int_equal(txns_of(w, 3), 1);
	writers_close(w, 3);
}

/* Many threads saving at once, in groups of whatever size comes: every
 * save acknowledged is there, each writer's last one stored. */
static void test_many_writers(void **state)
{
	struct env *env = *state;
	struct writer w[THREADS];
	size_t i;

	writers_init(env, w, THREADS, "many", 40);
	run_writers(w, THREADS);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(w[i].rc, STORE_OK);
		assert_true(w[i].seen);
		assert_stored(env->st, env->user[i], "many 40");
	}
	writers_close(w, THREADS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_group),
		cmocka_unit_test(test_group_one_refused),
		cmocka_unit_test(test_group_one_login_changed),
		cmocka_unit_test(test_group_commit_reply_lost),
		cmocka_unit_test(test_many_writers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
