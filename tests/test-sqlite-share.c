/*
 * Saves that share a commit on SQLite (src/store/sqlite.c's run_group(),
 * on pg-share.c's queue): threads each with a store of their own on one
 * file, as a server's threads are.  A group commits every member's save
 * and each gets its own answers back; one member refused leaves the
 * others to commit alone; many threads saving at once lose nothing.
 * share_test_hold() makes a group of a known size, so that each test
 * does run one.  SQLite only: tests/test-pg-share.c has PostgreSQL's.
 */
#include "app-env.h"
#include "store/pg-share.h"

#include <pthread.h>

#define THREADS 8

static const char session_md[] =
	"# Test Course: Session 4 - Practice\n\n"
	"> Testing saves\n\n"
	"# Exercises\n\n"
	"## Plan something\n\n"
	"- What is your plan? <!-- alignplan: text name=plan label=\"Plan\" -->\n";

struct env {
	char path[APP_DB_PATH];
	struct store *st;               /* the test's own */
	struct pg_share *share;         /* the file's queue */
	const char *prompt;
	int64_t user[THREADS];
};

static int setup(void **state)
{
	static const char *const md[] = { session_md, NULL };
	struct env *env = calloc(1, sizeof(*env));
	size_t i;

	assert_non_null(env);
	if (test_db_pg()) {             /* PostgreSQL's are elsewhere */
		*state = env;
		return 0;
	}
	app_db_open(env->path, &env->st, "sqlite_share");
	app_db_load(env->st, md);
	env->prompt = course_get(4)->exercises[0].prompts[0].id;
	assert_non_null(env->share = share_open(env->path));
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

	if (env->st) {
		share_close(env->share);
		app_db_close(env->path, env->st);
	}
	free(env);
	return 0;
}

/* One thread's saves: `n` of them, the k-th "<tag> k"; each must come
 * back with the value just saved among its answers. */
struct writer {
	struct store *st;
	int64_t user;
	const char *prompt, *tag;
	int n, rc, seen;                /* the last save's result; read back */
	char last[64];
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
	int k;

	for (k = 1; k <= w->n; k++) {
		struct answer_put a = { w->prompt, w->last, 0 };

		snprintf(w->last, sizeof(w->last), "%s %d", w->tag, k);
		a.len = strlen(w->last);
		w->seen = 0;
		w->rc = store_answers_put(w->st, w->user, 4, &a, 1, on_answer,
					  w);
		if (w->rc != STORE_OK || !w->seen)
			break;
	}
	return NULL;
}

static void writers_init(struct env *env, struct writer *w, size_t n,
			 const char *tag, int saves)
{
	char msg[256];
	size_t i;

	for (i = 0; i < n; i++) {
		w[i] = (struct writer){ NULL, env->user[i], env->prompt, tag,
					saves, STORE_ERR, 0, "" };
		if (store_open(env->path, &w[i].st, msg, sizeof(msg)) !=
		    STORE_OK)
			fail_msg("store_open: %s", msg);
	}
}

static void writers_close(struct writer *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_close(w[i].st);
}

/* Run n writers at once; held to start as one group when hold.  Returns
 * the groups (of two or more) run meanwhile, their members in *members. */
static unsigned long run_writers(struct env *env, struct writer *w,
				 size_t n, int hold, unsigned long *members)
{
	pthread_t t[THREADS];
	unsigned long g0, m0, g, m;
	size_t i;

	share_stats(env->share, &g0, &m0);
	if (hold)
		share_test_hold(env->share, n);
	for (i = 0; i < n; i++)
		assert_int_equal(pthread_create(&t[i], NULL, write_some, &w[i]),
				 0);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	share_test_hold(env->share, 0);
	share_stats(env->share, &g, &m);
	*members = m - m0;
	return g - g0;
}

static int on_stored(void *ctx, const char *id, const char *value,
		     size_t len)
{
	struct writer *w = ctx;

	if (!strcmp(id, w->prompt))
		w->seen = strlen(w->last) == len && !memcmp(value, w->last, len);
	return 0;
}

/* w's last save is what is stored for its user. */
static void assert_stored(struct env *env, struct writer *w)
{
	w->seen = 0;
	assert_int_equal(store_answer_list(env->st, w->user, 4, on_stored, w),
			 STORE_OK);
	assert_true(w->seen);
}

static int count_version(void *ctx, const char *prompt_id,
			 const struct answer_version *v)
{
	(void)prompt_id;
	(void)v;
	++*(int *)ctx;
	return 0;
}

static void test_one_group(void **state)
{
	struct env *env = *state;
	struct writer w[6];
	unsigned long m;
	size_t i;
	int n;

	if (!env->st)
		skip();
	writers_init(env, w, 6, "grouped", 1);
	assert_int_equal(run_writers(env, w, 6, 1, &m), 1);  /* all in one */
	assert_int_equal(m, 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(w[i].rc, STORE_OK);
		assert_true(w[i].seen);
		assert_stored(env, &w[i]);
		n = 0;
		assert_int_equal(store_version_list(env->st, w[i].user, 4,
						    env->prompt, count_version,
						    &n), STORE_OK);
		assert_int_equal(n, 1);
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

	if (!env->st)
		skip();
	writers_init(env, w, 4, "refused", 1);
	w[2].prompt = "no-such-prompt";
	assert_int_equal(run_writers(env, w, 4, 1, &m), 1);
	assert_int_equal(w[2].rc, STORE_NOTFOUND);
	for (i = 0; i < 4; i++) {
		if (i == 2)
			continue;
		assert_int_equal(w[i].rc, STORE_OK);
		assert_true(w[i].seen);
		assert_stored(env, &w[i]);
	}
	writers_close(w, 4);
}

/* Many threads, many saves each, as they come: every save acknowledged
 * is there, and each thread read its own back every time. */
static void test_many_writers(void **state)
{
	struct env *env = *state;
	struct writer w[THREADS];
	unsigned long m;
	size_t i;

	if (!env->st)
		skip();
	writers_init(env, w, THREADS, "many", 60);
	(void)run_writers(env, w, THREADS, 0, &m);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(w[i].rc, STORE_OK);
		assert_true(w[i].seen);
		assert_string_equal(w[i].last, "many 60");
		assert_stored(env, &w[i]);
	}
	writers_close(w, THREADS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_group),
		cmocka_unit_test(test_group_one_refused),
		cmocka_unit_test(test_many_writers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
