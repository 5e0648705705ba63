/*
 * The storage contract: every backend must pass these tests unchanged.
 *
 * The tests use only the API of src/store/store.h (and the workbook built
 * on it), never a backend.  Each backend has a fixture that makes a fresh,
 * empty database and gives its URL; the table of contract tests runs once
 * per fixture, and for each backend a second time with every write
 * transaction run twice, the first time rolled back, as a backend that
 * retries after a conflict would.  To add a backend, write its fixtures
 * and list them in `backends` in main().  The tests named test_sqlite_*
 * are the SQLite backend's own (its migrations, its log, its files).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "pg-env.h"

#include "model/agenda.h"
#include "model/opportunity.h"
#include "model/session.h"
#include "store/store.h"
#include "store/workbook.h"

struct env;

struct backend_fixture {
	const char *name;
	/* Make a fresh, empty database and put its URL in env->url. */
	void (*fresh)(struct env *env);
	/* Remove what fresh() made. */
	void (*cleanup)(struct env *env);
	/* Run every write twice, the first time rolled back
	 * (store_set_rerun()), as a backend that retries after a conflict
	 * would: the rules must come out the same. */
	int rerun;
};

/* The fixture's rerun for the connections the tests open (open_url()). */
static int contract_rerun;

/* The state of one test: the database URL and a connection to it. */
struct env {
	const struct backend_fixture *fx;
	char url[PATH_MAX + 16];
	char path[PATH_MAX];
	struct store *st;
};

/* ---- the SQLite fixture: a new file under /tmp for every test ---- */

static void sqlite_fresh(struct env *env)
{
	int fd;

	snprintf(env->path, sizeof(env->path),
		 "/tmp/alignplan-test-store-XXXXXX");
	fd = mkstemp(env->path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(env->url, sizeof(env->url), "sqlite:%s", env->path);
}

static void sqlite_cleanup(struct env *env)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(*suffix); i++) {
		snprintf(p, sizeof(p), "%s%s", env->path, suffix[i]);
		unlink(p);
	}
}

static const struct backend_fixture sqlite_fixture = {
	.name = "store contract: sqlite",
	.fresh = sqlite_fresh,
	.cleanup = sqlite_cleanup,
};

static const struct backend_fixture sqlite_rerun_fixture = {
	.name = "store contract: sqlite, every write run twice",
	.fresh = sqlite_fresh,
	.cleanup = sqlite_cleanup,
	.rerun = 1,
};

/* ---- the PostgreSQL fixture: a fresh schema for every test, in the
 * database ALIGNPLAN_TEST_DB names (tests/pg-env.h) ---- */

static void pg_fresh_env(struct env *env)
{
	static int made;

	snprintf(env->path, sizeof(env->path), "contract_%d_%d",
		 (int)getpid(), ++made);
	assert_true(pg_fresh_at(test_db_pg(), env->path, env->url,
				sizeof(env->url)));
}

static void pg_cleanup(struct env *env)
{
	pg_drop_at(test_db_pg(), env->path);
}

static const struct backend_fixture pg_fixture = {
	.name = "store contract: postgres",
	.fresh = pg_fresh_env,
	.cleanup = pg_cleanup,
};

static const struct backend_fixture pg_rerun_fixture = {
	.name = "store contract: postgres, every write run twice",
	.fresh = pg_fresh_env,
	.cleanup = pg_cleanup,
	.rerun = 1,
};

/* ---- helpers ---- */

static struct store *open_url(const char *url)
{
	struct store *st = NULL;
	char err[300] = "";
	int rc = store_open(url, &st, err, sizeof(err));

	if (rc != STORE_OK)
		fail_msg("store_open(%s): %s", url, err);
	assert_non_null(st);
	store_set_rerun(st, contract_rerun);
	return st;
}

static int env_setup(void **state)
{
	struct env *env = calloc(1, sizeof(*env));

	assert_non_null(env);
	env->fx = *state;
	env->fx->fresh(env);
	env->st = open_url(env->url);
	*state = env;
	return 0;
}

static int env_teardown(void **state)
{
	struct env *env = *state;

	store_close(env->st);
	env->fx->cleanup(env);
	free(env);
	return 0;
}

/*
 * A session model built by hand: prompts "prompt-0".. split over two
 * exercises, readings "reading-0"..; `skip` names one prompt or reading
 * to leave out (or NULL).
 */
struct model {
	struct session s;
	struct exercise ex[2];
	struct prompt *p;
	struct reading *r;
};

static char *fmt(const char *f, size_t i)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), f, i);
	return strdup(tmp);
}

static void model_init(struct model *m, int number, size_t nr_prompts,
		       size_t nr_readings, const char *skip)
{
	size_t i, np = 0, nr = 0;

	memset(m, 0, sizeof(*m));
	m->s.number = number;
	m->s.title = fmt("Session %zu: a title", (size_t)number);
	m->p = calloc(nr_prompts + 1, sizeof(*m->p));
	m->r = calloc(nr_readings + 1, sizeof(*m->r));
	assert_non_null(m->p);
	assert_non_null(m->r);
	for (i = 0; i < nr_prompts; i++) {
		char *id = fmt("prompt-%zu", i);

		if (skip && !strcmp(id, skip)) {
			free(id);
			continue;
		}
		m->p[np].id = id;
		m->p[np].text = fmt("What is *question* %zu?", i);
		m->p[np].plain = fmt("What is question %zu?", i);
		np++;
	}
	for (i = 0; i < nr_readings; i++) {
		char *id = fmt("reading-%zu", i);

		if (skip && !strcmp(id, skip)) {
			free(id);
			continue;
		}
		m->r[nr].id = id;
		m->r[nr].title = fmt("Reading %zu", i);
		nr++;
	}
	m->ex[0].id = strdup("first");
	m->ex[1].id = strdup("second");
	m->ex[0].prompts = m->p;
	m->ex[0].nr_prompts = np / 2;
	m->ex[1].prompts = m->p + np / 2;
	m->ex[1].nr_prompts = np - np / 2;
	m->s.exercises = m->ex;
	m->s.nr_exercises = 2;
	m->s.readings = m->r;
	m->s.nr_readings = nr;
}

static void model_release(struct model *m)
{
	size_t i, np = m->ex[0].nr_prompts + m->ex[1].nr_prompts;

	for (i = 0; i < np; i++) {
		free(m->p[i].id);
		free(m->p[i].text);
		free(m->p[i].plain);
	}
	for (i = 0; i < m->s.nr_readings; i++) {
		free(m->r[i].id);
		free(m->r[i].title);
	}
	free(m->ex[0].id);
	free(m->ex[1].id);
	free(m->s.title);
	free(m->p);
	free(m->r);
}

static void put_model(struct store *st, int number, size_t nr_prompts,
		      size_t nr_readings, const char *skip)
{
	struct model m;
	char src[64];
	int n = snprintf(src, sizeof(src), "# Session %d\n", number);

	model_init(&m, number, nr_prompts, nr_readings, skip);
	assert_int_equal(store_course_put(st, &m.s, src, (size_t)n),
			 STORE_OK);
	model_release(&m);
}

static int64_t add_user(struct store *st, const char *email)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.email, sizeof(u.email), "%s", email);
	snprintf(u.name, sizeof(u.name), "Name of %s", email);
	snprintf(u.pwhash, sizeof(u.pwhash), "$argon2id$v=19$fake");
	if (store_user_add(st, &u) != STORE_OK)
		fail_msg("user_add %s: %s", email, store_errmsg(st));
	assert_true(u.id > 0);
	return u.id;
}

/* What a list operation reported, one row per callback. */
#define MAX_ROWS 600
struct row {
	char id[400];
	char *value;
	size_t len;
	int flag;
};
struct rows {
	size_t n;
	int overflow;
	size_t stop_after;      /* return non-zero after this many; 0 = never */
	struct row r[MAX_ROWS];
};

static struct rows *rows_new(void)
{
	struct rows *rs = calloc(1, sizeof(*rs));

	assert_non_null(rs);
	return rs;
}

static void rows_free(struct rows *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->r[i].value);
	free(rs);
}

static int rows_add(struct rows *rs, const char *id, const char *value,
		    size_t len, int flag)
{
	struct row *r;

	if (rs->n == MAX_ROWS) {
		rs->overflow = 1;
		return 1;
	}
	r = &rs->r[rs->n++];
	snprintf(r->id, sizeof(r->id), "%s", id ? id : "(null)");
	r->value = malloc(len + 1);
	if (r->value) {
		if (len)
			memcpy(r->value, value, len);
		r->value[len] = '\0';
	}
	r->len = len;
	r->flag = flag;
	return rs->stop_after && rs->n >= rs->stop_after;
}

static const struct row *rows_find(const struct rows *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i].id, id))
			return &rs->r[i];
	return NULL;
}

static int on_user(void *ctx, const struct user *u)
{
	return rows_add(ctx, u->email, u->name, strlen(u->name), (int)u->id);
}

static int on_course(void *ctx, int number, const char *title)
{
	return rows_add(ctx, title, title, title ? strlen(title) : 0, number);
}

static int on_prompt(void *ctx, const char *id, const char *text,
		     int archived)
{
	return rows_add(ctx, id, text, text ? strlen(text) : 0, archived);
}

static int on_answer(void *ctx, const char *prompt_id, const char *value,
		     size_t len)
{
	return rows_add(ctx, prompt_id, value, len, 0);
}

static int on_reading(void *ctx, const char *reading_id, const char *notes,
		      int done)
{
	return rows_add(ctx, reading_id, notes, notes ? strlen(notes) : 0,
			done);
}

static struct rows *answers_of(struct store *st, int64_t user, int number)
{
	struct rows *rs = rows_new();

	assert_int_equal(store_answer_list(st, user, number, on_answer, rs),
			 STORE_OK);
	assert_false(rs->overflow);
	return rs;
}

static struct rows *prompts_of(struct store *st, int number)
{
	struct rows *rs = rows_new();

	assert_int_equal(store_prompt_list(st, number, on_prompt, rs),
			 STORE_OK);
	assert_false(rs->overflow);
	return rs;
}

static struct rows *readings_of(struct store *st, int64_t user, int number)
{
	struct rows *rs = rows_new();

	assert_int_equal(store_reading_list(st, user, number, on_reading, rs),
			 STORE_OK);
	assert_false(rs->overflow);
	return rs;
}

static void put_answer(struct store *st, int64_t user, int number,
		       const char *prompt, const char *value)
{
	int rc = store_answer_put(st, user, number, prompt, value,
				  strlen(value));

	if (rc != STORE_OK)
		fail_msg("answer_put %s: %d %s", prompt, rc,
			 store_errmsg(st));
}

/* ---- the contract ---- */

/* Migrations are recorded; opening again (also while another connection
 * is open) applies nothing new and keeps the data. */
static void test_migrations_reopen(void **state)
{
	struct env *env = *state;
	struct store *second;
	struct user u;
	int v1 = -1, v2 = -1, v3 = -1;
	int64_t id;

	assert_int_equal(store_schema_version(env->st, &v1), STORE_OK);
	assert_true(v1 >= 1);
	id = add_user(env->st, "keep@example.org");

	second = open_url(env->url);
	assert_int_equal(store_schema_version(second, &v2), STORE_OK);
	assert_int_equal(v2, v1);
	store_close(second);

	store_close(env->st);
	env->st = open_url(env->url);
	assert_int_equal(store_schema_version(env->st, &v3), STORE_OK);
	assert_int_equal(v3, v1);
	assert_int_equal(store_user_by_email(env->st, "keep@example.org", &u),
			 STORE_OK);
	assert_int_equal(u.id, id);
}

static void test_users(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	struct user u, got, dup;
	struct rows *rs;
	time_t before = time(NULL);
	int64_t bob;

	memset(&u, 0, sizeof(u));
	strcpy(u.email, "alice@example.org");
	strcpy(u.name, "Alice");
	strcpy(u.pwhash, "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
	u.is_admin = 1;
	assert_int_equal(store_user_add(st, &u), STORE_OK);
	assert_true(u.id > 0);
	assert_true(u.created >= before && u.created <= time(NULL));

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_user_by_email(st, "ALICE@Example.ORG", &got),
			 STORE_OK);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.email, "alice@example.org");
	assert_string_equal(got.name, "Alice");
	assert_string_equal(got.pwhash, u.pwhash);
	assert_int_equal(got.is_admin, 1);
	assert_int_equal(got.created, u.created);

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_user_by_id(st, u.id, &got), STORE_OK);
	assert_string_equal(got.email, "alice@example.org");

	/* The same email in other case is taken; the input is untouched. */
	dup = u;
	dup.id = 4242;
	strcpy(dup.email, "Alice@EXAMPLE.org");
	assert_int_equal(store_user_add(st, &dup), STORE_EXISTS);
	assert_int_equal(dup.id, 4242);
	assert_true(strlen(store_errmsg(st)) > 0);

	bob = add_user(st, "bob@example.org");
	assert_true(bob != u.id);

	/* Not found leaves the out-parameter alone. */
	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(store_user_by_email(st, "carol@example.org", &got),
			 STORE_NOTFOUND);
	assert_int_equal(store_user_by_id(st, bob + 100, &got),
			 STORE_NOTFOUND);
	assert_int_equal((unsigned char)got.email[0], 0x5a);

	rs = rows_new();
	assert_int_equal(store_user_list(st, on_user, rs), STORE_OK);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].id, "alice@example.org");
	assert_string_equal(rs->r[1].id, "bob@example.org");
	assert_int_equal(rs->r[1].flag, bob);
	rows_free(rs);

	/* A callback returning non-zero stops the walk, and that is OK. */
	rs = rows_new();
	rs->stop_after = 1;
	assert_int_equal(store_user_list(st, on_user, rs), STORE_OK);
	assert_int_equal(rs->n, 1);
	rows_free(rs);
}

static void test_logins(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	struct login l, got;
	int64_t uid = add_user(st, "login@example.org");
	time_t now = time(NULL);

	memset(&l, 0, sizeof(l));
	l.user_id = uid;
	l.expires = now + 3600;
	strcpy(l.csrf, "csrf-token-0123456789");
	assert_int_equal(store_login_add(st, "hash-live", &l), STORE_OK);
	assert_int_equal(store_login_add(st, "hash-live", &l), STORE_EXISTS);

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_login_get(st, "hash-live", &got), STORE_OK);
	assert_int_equal(got.user_id, uid);
	assert_int_equal(got.expires, now + 3600);
	assert_string_equal(got.csrf, "csrf-token-0123456789");
	assert_int_equal(got.user.id, uid);         /* its user comes along */
	assert_string_equal(got.user.email, "login@example.org");

	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(store_login_get(st, "hash-absent", &got),
			 STORE_NOTFOUND);
	assert_int_equal((unsigned char)got.csrf[0], 0x5a);

	/* Expired: login_get still finds the row; store_login_find, which
	 * applies the lifetimes, does not (test_login_lifetimes). */
	l.expires = now - 1;
	assert_int_equal(store_login_add(st, "hash-old", &l), STORE_OK);
	assert_int_equal(store_login_get(st, "hash-old", &got), STORE_OK);
	assert_int_equal(got.expires, now - 1);

	/* A login needs a user. */
	l.user_id = uid + 1000;
	l.expires = now + 3600;
	assert_int_equal(store_login_add(st, "hash-nobody", &l),
			 STORE_NOTFOUND);

	assert_int_equal(store_login_del(st, "hash-live"), STORE_OK);
	assert_int_equal(store_login_get(st, "hash-live", &got),
			 STORE_NOTFOUND);
	assert_int_equal(store_login_del(st, "hash-live"), STORE_NOTFOUND);
}

/* Add a login for uid with the store's clock at `at`, ending at
 * `expires`. */
static void login_at(struct store *st, int64_t uid, const char *hash,
		     int64_t at, int64_t expires)
{
	struct login l = { .user_id = uid, .expires = expires };

	strcpy(l.csrf, "csrf");
	store_set_clock(st, at);
	assert_int_equal(store_login_add(st, hash, &l), STORE_OK);
}

/* Is the login alive at `now` with an idle limit of `idle` seconds? */
static int alive(struct store *st, const char *hash, int64_t now,
		 int64_t idle, int *due)
{
	struct login got;
	int d = -1, r;

	store_set_clock(st, now);
	r = store_login_find(st, hash, idle, &got, &d);
	if (r == STORE_OK) {
		assert_true(d == 0 || d == 1);
		if (due)
			*due = d;
		return 1;
	}
	assert_int_equal(r, STORE_NOTFOUND);
	assert_int_equal(d, -1);        /* untouched when not found */
	return 0;
}

/*
 * The two lifetimes: a login ends at its absolute expiry however busy,
 * and once unused for the idle limit.  A use is recorded once per grain
 * (an hour), so an idle login ends between idle and idle + grain after
 * its last use, and the finder says when a record is due.
 */
static void test_login_lifetimes(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	const int64_t T0 = 1800000000, H = 3600, D = 86400, IDLE = 7 * D;
	int64_t uid = add_user(st, "lifetimes@example.org"), t;
	struct login got;
	int due;

	assert_int_equal(store_seen_grain(IDLE), H);
	assert_int_equal(store_seen_grain(600), 60);    /* a tenth */
	assert_int_equal(store_seen_grain(0), H);       /* no idle limit */
	login_at(st, uid, "idle", T0, T0 + 30 * D);
	assert_int_equal(store_login_get(st, "idle", &got), STORE_OK);
	assert_int_equal(got.last_seen, T0);            /* stamped at add */

	/* Fresh: alive, nothing to record within the grain. */
	assert_true(alive(st, "idle", T0 + H - 1, IDLE, &due));
	assert_false(due);
	assert_true(alive(st, "idle", T0 + H, IDLE, &due));
	assert_true(due);
	/* Unused: alive up to idle + grain after the recorded use... */
	assert_true(alive(st, "idle", T0 + IDLE + H - 1, IDLE, NULL));
	assert_false(alive(st, "idle", T0 + IDLE + H, IDLE, NULL));
	/* ...and without an idle limit only the absolute one counts. */
	assert_true(alive(st, "idle", T0 + 29 * D, 0, NULL));

	/* Used every six days, it lives to its absolute end and no more. */
	login_at(st, uid, "busy", T0, T0 + 30 * D);
	for (t = T0; t < T0 + 30 * D; t += 6 * D) {
		assert_true(alive(st, "busy", t, IDLE, &due));
		if (due)
			assert_int_equal(store_login_seen(st, "busy", t),
					 STORE_OK);
	}
	assert_true(alive(st, "busy", T0 + 30 * D - 1, IDLE, NULL));
	assert_false(alive(st, "busy", T0 + 30 * D, IDLE, NULL));
	assert_int_equal(store_login_get(st, "busy", &got), STORE_OK);
	assert_int_equal(got.last_seen, T0 + 24 * D);
	assert_int_equal(store_login_seen(st, "absent", T0), STORE_NOTFOUND);
	store_set_clock(st, 0);
}

/* Log out everywhere, or everywhere but here; a new password with it. */
static void test_logins_end(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "end-a@example.org");
	int64_t b = add_user(st, "end-b@example.org");
	int64_t now = (int64_t)time(NULL);
	struct login got;
	struct user u;

	login_at(st, a, "a-1", now, now + 3600);
	login_at(st, a, "a-2", now, now + 3600);
	login_at(st, a, "a-3", now, now + 3600);
	login_at(st, b, "b-1", now, now + 3600);
	store_set_clock(st, 0);

	/* Everywhere but a-2. */
	assert_int_equal(store_logins_end(st, a, "a-2"), STORE_OK);
	assert_int_equal(store_login_get(st, "a-1", &got), STORE_NOTFOUND);
	assert_int_equal(store_login_get(st, "a-2", &got), STORE_OK);
	assert_int_equal(store_login_get(st, "a-3", &got), STORE_NOTFOUND);
	assert_int_equal(store_login_get(st, "b-1", &got), STORE_OK);
	/* Everywhere. */
	assert_int_equal(store_logins_end(st, a, NULL), STORE_OK);
	assert_int_equal(store_login_get(st, "a-2", &got), STORE_NOTFOUND);
	assert_int_equal(store_login_get(st, "b-1", &got), STORE_OK);
	assert_int_equal(store_logins_end(st, a, NULL), STORE_OK);

	/* A new password ends b's other logins and keeps the one named. */
	login_at(st, b, "b-2", now, now + 3600);
	store_set_clock(st, 0);
	assert_int_equal(store_password_put(st, b, "$argon2id$new", "b-2"),
			 STORE_OK);
	assert_int_equal(store_user_by_id(st, b, &u), STORE_OK);
	assert_string_equal(u.pwhash, "$argon2id$new");
	assert_int_equal(store_login_get(st, "b-1", &got), STORE_NOTFOUND);
	assert_int_equal(store_login_get(st, "b-2", &got), STORE_OK);
	assert_int_equal(store_user_by_id(st, a, &u), STORE_OK);
	assert_string_equal(u.pwhash, "$argon2id$v=19$fake");
	/* No such user: nothing changes, not even the logins. */
	assert_int_equal(store_password_put(st, b + 1000, "$x", NULL),
			 STORE_NOTFOUND);
	assert_int_equal(store_login_get(st, "b-2", &got), STORE_OK);
	assert_int_equal(store_password_put(st, b, "", NULL), STORE_ERR);
}

static void test_course_roundtrip(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	static const char src[] = "# Session 7\n\nbinary\0bytes\xff kept\n";
	struct model m;
	struct rows *rs;
	char *got = NULL;
	size_t len = 0;

	model_init(&m, 7, 4, 2, NULL);
	assert_int_equal(store_course_put(st, &m.s, src, sizeof(src) - 1),
			 STORE_OK);
	model_release(&m);
	put_model(st, 3, 1, 0, NULL);

	rs = rows_new();
	assert_int_equal(store_course_list(st, on_course, rs), STORE_OK);
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[0].flag, 3);
	assert_int_equal(rs->r[1].flag, 7);
	assert_string_equal(rs->r[1].id, "Session 7: a title");
	rows_free(rs);

	assert_int_equal(store_course_source(st, 7, &got, &len), STORE_OK);
	assert_int_equal(len, sizeof(src) - 1);
	assert_memory_equal(got, src, len);
	assert_int_equal(got[len], '\0');
	free(got);

	got = NULL;
	len = 12345;
	assert_int_equal(store_course_source(st, 99, &got, &len),
			 STORE_NOTFOUND);
	assert_null(got);
	assert_int_equal(len, 12345);

	/* Prompts come back in document order, across exercises, as plain
	 * text. */
	rs = prompts_of(st, 7);
	assert_int_equal(rs->n, 4);
	assert_string_equal(rs->r[0].id, "prompt-0");
	assert_string_equal(rs->r[3].id, "prompt-3");
	assert_string_equal(rs->r[2].value, "What is question 2?");
	assert_int_equal(rs->r[0].flag, 0);
	assert_int_equal(rs->r[3].flag, 0);
	rows_free(rs);

	rs = prompts_of(st, 42);
	assert_int_equal(rs->n, 0);
	rows_free(rs);
}

/* Re-importing without a prompt archives it and keeps its answer;
 * importing it again brings it back. */
/* A session's reflection prompt (the Thoughts section's box) is stored
 * after every exercise's prompts and takes answers like any prompt; a
 * re-import without it archives it, answers kept. */
static void test_reflection_prompt(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	static const char src[] = "# Session 5\n";
	struct prompt r = { .id = "thoughts", .text = "Your reflections",
			    .plain = "Your reflections" };
	struct model m;
	struct rows *rs;
	int64_t u = add_user(st, "reflect@example.org");

	model_init(&m, 5, 2, 0, NULL);
	m.s.reflection = &r;
	assert_int_equal(store_course_put(st, &m.s, src, sizeof(src) - 1),
			 STORE_OK);
	rs = prompts_of(st, 5);
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[2].id, "thoughts");
	assert_string_equal(rs->r[2].value, "Your reflections");
	rows_free(rs);
	assert_int_equal(store_answer_put(st, u, 5, "thoughts", "Mine", 4),
			 STORE_OK);
	m.s.reflection = NULL;
	assert_int_equal(store_course_put(st, &m.s, src, sizeof(src) - 1),
			 STORE_OK);
	model_release(&m);
	rs = answers_of(st, u, 5);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].id, "thoughts");
	assert_string_equal(rs->r[0].value, "Mine");
	rows_free(rs);
}

static void test_archive(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t uid = add_user(st, "archive@example.org");
	const struct row *r;
	struct rows *rs;

	put_model(st, 5, 4, 2, NULL);
	put_answer(st, uid, 5, "prompt-2", "my answer to two");
	put_answer(st, uid, 5, "prompt-1", "my answer to one");
	assert_int_equal(store_reading_note_put(st, uid, 5, "reading-1",
						"a note"), STORE_OK);

	put_model(st, 5, 4, 2, "prompt-2");
	rs = prompts_of(st, 5);
	assert_int_equal(rs->n, 4);
	r = rows_find(rs, "prompt-2");
	assert_non_null(r);
	assert_int_equal(r->flag, 1);
	assert_int_equal(rows_find(rs, "prompt-0")->flag, 0);
	assert_int_equal(rows_find(rs, "prompt-3")->flag, 0);
	rows_free(rs);

	rs = answers_of(st, uid, 5);
	assert_int_equal(rs->n, 2);
	r = rows_find(rs, "prompt-2");
	assert_non_null(r);
	assert_string_equal(r->value, "my answer to two");
	rows_free(rs);

	/* An archived reading keeps its notes too. */
	put_model(st, 5, 4, 2, "reading-1");
	rs = readings_of(st, uid, 5);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "a note");
	rows_free(rs);

	/* Back in the model: no longer archived, answer still there. */
	put_model(st, 5, 4, 2, NULL);
	rs = prompts_of(st, 5);
	assert_int_equal(rs->n, 4);
	assert_int_equal(rows_find(rs, "prompt-2")->flag, 0);
	rows_free(rs);
	rs = answers_of(st, uid, 5);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rows_find(rs, "prompt-2")->value,
			    "my answer to two");
	rows_free(rs);
}

static void test_answers(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t uid = add_user(st, "answers@example.org");
	size_t big = 64 * 1024, i;
	struct rows *rs;
	char *value;

	put_model(st, 2, 3, 0, NULL);
	put_answer(st, uid, 2, "prompt-0", "first");
	put_answer(st, uid, 2, "prompt-0", "second, longer");
	rs = answers_of(st, uid, 2);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].id, "prompt-0");
	assert_int_equal(rs->r[0].len, strlen("second, longer"));
	assert_string_equal(rs->r[0].value, "second, longer");
	rows_free(rs);

	/* 64 KB with NULs and non-UTF-8 bytes comes back byte for byte. */
	value = malloc(big);
	assert_non_null(value);
	for (i = 0; i < big; i++)
		value[i] = (char)(i * 31 + i / 256);
	value[0] = 'x';
	value[10] = '\0';
	value[big - 1] = '\0';
	assert_int_equal(store_answer_put(st, uid, 2, "prompt-1", value, big),
			 STORE_OK);
	assert_int_equal(store_answer_put(st, uid, 2, "prompt-2", "", 0),
			 STORE_OK);
	rs = answers_of(st, uid, 2);
	assert_int_equal(rs->n, 3);
	assert_int_equal(rows_find(rs, "prompt-1")->len, big);
	assert_memory_equal(rows_find(rs, "prompt-1")->value, value, big);
	assert_int_equal(rows_find(rs, "prompt-2")->len, 0);
	/* Ordered by prompt id. */
	assert_string_equal(rs->r[0].id, "prompt-0");
	assert_string_equal(rs->r[1].id, "prompt-1");
	assert_string_equal(rs->r[2].id, "prompt-2");
	rows_free(rs);

	/* A length shorter than the string is honoured. */
	assert_int_equal(store_answer_put(st, uid, 2, "prompt-0", "abcdef", 3),
			 STORE_OK);
	rs = answers_of(st, uid, 2);
	assert_int_equal(rows_find(rs, "prompt-0")->len, 3);
	assert_string_equal(rows_find(rs, "prompt-0")->value, "abc");
	rows_free(rs);
	free(value);

	/* No such prompt, session or user. */
	assert_int_equal(store_answer_put(st, uid, 2, "prompt-9", "x", 1),
			 STORE_NOTFOUND);
	assert_int_equal(store_answer_put(st, uid, 8, "prompt-0", "x", 1),
			 STORE_NOTFOUND);
	assert_int_equal(store_answer_put(st, uid + 50, 2, "prompt-0", "x", 1),
			 STORE_NOTFOUND);
}

static void test_reading_states(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t uid = add_user(st, "reader@example.org");
	struct rows *rs;

	put_model(st, 4, 1, 3, NULL);
	assert_int_equal(store_reading_note_put(st, uid, 4, "reading-0", "n1"),
			 STORE_OK);
	assert_int_equal(store_reading_done_put(st, uid, 4, "reading-0", 1),
			 STORE_OK);
	rs = readings_of(st, uid, 4);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "n1");
	assert_int_equal(rs->r[0].flag, 1);
	rows_free(rs);

	/* New notes keep done; un-done keeps the notes. */
	assert_int_equal(store_reading_note_put(st, uid, 4, "reading-0", "n2"),
			 STORE_OK);
	rs = readings_of(st, uid, 4);
	assert_string_equal(rs->r[0].value, "n2");
	assert_int_equal(rs->r[0].flag, 1);
	rows_free(rs);
	assert_int_equal(store_reading_done_put(st, uid, 4, "reading-0", 0),
			 STORE_OK);
	rs = readings_of(st, uid, 4);
	assert_string_equal(rs->r[0].value, "n2");
	assert_int_equal(rs->r[0].flag, 0);
	rows_free(rs);

	/* Done without notes: empty notes.  Ordered by reading id. */
	assert_int_equal(store_reading_done_put(st, uid, 4, "reading-2", 1),
			 STORE_OK);
	assert_int_equal(store_reading_note_put(st, uid, 4, "reading-1", ""),
			 STORE_OK);
	rs = readings_of(st, uid, 4);
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].id, "reading-0");
	assert_string_equal(rs->r[1].id, "reading-1");
	assert_int_equal(rs->r[1].flag, 0);
	assert_string_equal(rs->r[2].id, "reading-2");
	assert_string_equal(rs->r[2].value, "");
	assert_int_equal(rs->r[2].flag, 1);
	rows_free(rs);

	assert_int_equal(store_reading_done_put(st, uid, 4, "reading-7", 1),
			 STORE_NOTFOUND);
}

/* ---- answer versions ---- */

/* What a version list reported: version number in flag, first_saved in
 * id (as text), the value; last_saved kept beside. */
static int64_t last_saved_of[MAX_ROWS];

static int on_version(void *ctx, const char *prompt_id,
		      const struct answer_version *v)
{
	struct rows *rs = ctx;
	char id[80];

	(void)prompt_id;
	snprintf(id, sizeof(id), "%lld", (long long)v->first_saved);
	if (rs->n < MAX_ROWS)
		last_saved_of[rs->n] = v->last_saved;
	return rows_add(rs, id, v->value, v->len, v->version);
}

static struct rows *versions_of(struct store *st, int64_t user, int number,
				const char *prompt)
{
	struct rows *rs = rows_new();

	assert_int_equal(store_version_list(st, user, number, prompt,
					    on_version, rs), STORE_OK);
	assert_false(rs->overflow);
	return rs;
}

/* Ends: two rows per prompt (first, latest), id = prompt id. */
static int on_ends(void *ctx, const char *prompt_id,
		   const struct answer_version *first,
		   const struct answer_version *latest)
{
	rows_add(ctx, prompt_id, first->value, first->len, first->version);
	return rows_add(ctx, prompt_id, latest->value, latest->len,
			latest->version);
}

/* The users store_answers_dated() gives, as "id,id,". */
static int on_dated(void *ctx, int64_t user, const char *value, size_t len)
{
	char *out = ctx;

	(void)value;
	(void)len;
	snprintf(out + strlen(out), 256 - strlen(out), "%lld,",
		 (long long)user);
	return 0;
}

static const char *dated(struct store *st, const char *prompt,
			 const char *from, const char *to)
{
	static char out[256];

	out[0] = '\0';
	assert_int_equal(store_answers_dated(st, 2, prompt, from, to, on_dated,
					     out), STORE_OK);
	return out;
}

/*
 * The reminder pass reads only the answers with a date in its window:
 * every date a save writes is kept, a later dated save replaces them (the
 * same ones again keep them), an answer with more dates than are kept is
 * read whatever the window until its dates are fewer, and another
 * prompt's dates are not this one's.
 */
static void test_answers_dated(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "dated-a@example.org");
	int64_t b = add_user(st, "dated-b@example.org");
	int64_t c = add_user(st, "dated-c@example.org");
	int64_t d = add_user(st, "dated-d@example.org");
	char many[64 * 11 + 1] = "", want[64];
	size_t i;

	put_model(st, 2, 3, 0, NULL);
	put_answer(st, a, 2, "prompt-0", "Draft\t2026-12-08\nShip\t2027-01-20");
	put_answer(st, b, 2, "prompt-0", "Draft\t2026-12-30");
	put_answer(st, c, 2, "prompt-0", "no date here, 12-08 or 2026-1-08");
	put_answer(st, c, 2, "prompt-1", "Other\t2026-12-07");
	for (i = 0; i < 40; i++)        /* 40 dates, none in a window below */
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
			 "20%02zu-01-15\n", 30 + i);
	put_answer(st, d, 2, "prompt-0", many);

	snprintf(want, sizeof(want), "%lld,%lld,", (long long)a, (long long)d);
	assert_string_equal(dated(st, "prompt-0", "2026-12-06", "2026-12-08"),
			    want);
	snprintf(want, sizeof(want), "%lld,%lld,", (long long)b, (long long)d);
	assert_string_equal(dated(st, "prompt-0", "2026-12-29", "2026-12-31"),
			    want);
	snprintf(want, sizeof(want), "%lld,", (long long)c);
	assert_string_equal(dated(st, "prompt-1", "2026-12-06", "2026-12-08"),
			    want);

	/* The same dates again keep them; then A's dates move: the old
	 * ones go; D's many give way to one. */
	put_answer(st, a, 2, "prompt-0", "Draft\t2027-01-20\nShip\t2026-12-08");
	snprintf(want, sizeof(want), "%lld,%lld,", (long long)a, (long long)d);
	assert_string_equal(dated(st, "prompt-0", "2026-12-06", "2026-12-08"),
			    want);
	put_answer(st, a, 2, "prompt-0", "Draft\t2026-12-31");
	snprintf(want, sizeof(want), "%lld,", (long long)d);
	assert_string_equal(dated(st, "prompt-0", "2026-12-06", "2026-12-08"),
			    want);
	snprintf(want, sizeof(want), "%lld,%lld,%lld,", (long long)a,
		 (long long)b, (long long)d);
	assert_string_equal(dated(st, "prompt-0", "2026-12-29", "2026-12-31"),
			    want);
	put_answer(st, d, 2, "prompt-0", "Only\t2040-01-01");
	snprintf(want, sizeof(want), "%lld,%lld,", (long long)a, (long long)b);
	assert_string_equal(dated(st, "prompt-0", "2026-12-29", "2026-12-31"),
			    want);
	snprintf(want, sizeof(want), "%lld,", (long long)d);
	assert_string_equal(dated(st, "prompt-0", "2040-01-01", "2040-01-01"),
			    want);
}

#define T0 ((int64_t)1800000000)

/* Several answers in one transaction: all or none, and with a callback
 * the session's answers as the transaction left them. */
static void test_answers_batch(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t uid = add_user(st, "batch@example.org");
	const struct answer_put two[] = {
		{ "prompt-0", "zero", 4 }, { "prompt-2", "two", 3 },
	};
	const struct answer_put bad[] = {
		{ "prompt-1", "one", 3 }, { "prompt-9", "nine", 4 },
	};
	struct rows *rs;

	put_model(st, 3, 3, 0, NULL);
	put_answer(st, uid, 3, "prompt-1", "kept");
	rs = rows_new();
	assert_int_equal(store_answers_put(st, uid, 3, two, 2, on_answer, rs),
			 STORE_OK);
	assert_int_equal(rs->n, 3);
	assert_string_equal(rows_find(rs, "prompt-0")->value, "zero");
	assert_string_equal(rows_find(rs, "prompt-1")->value, "kept");
	assert_string_equal(rows_find(rs, "prompt-2")->value, "two");
	rows_free(rs);

	/* An unknown prompt in the batch: nothing of it is saved, and the
	 * callback is not called. */
	rs = rows_new();
	assert_int_equal(store_answers_put(st, uid, 3, bad, 2, on_answer, rs),
			 STORE_NOTFOUND);
	assert_int_equal(rs->n, 0);
	rows_free(rs);
	rs = answers_of(st, uid, 3);
	assert_string_equal(rows_find(rs, "prompt-1")->value, "kept");
	rows_free(rs);

	/* Each answer of a batch keeps its history. */
	rs = versions_of(st, uid, 3, "prompt-2");
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "two");
	rows_free(rs);
}

/* The versions of a reading's note. */
static struct rows *note_versions_of(struct store *st, int64_t user,
				     int number, const char *reading)
{
	struct rows *rs = rows_new();

	assert_int_equal(store_note_version_list(st, user, number, reading,
						 on_version, rs), STORE_OK);
	assert_false(rs->overflow);
	return rs;
}

/* An import of one's own notes: answers and notes in one transaction,
 * all or none; what it replaces stays a version of its own even within
 * the 120 s in which a save would replace the newest. */
static void test_import_put(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t uid = add_user(st, "import@example.org");
	const struct answer_put a[] = {
		{ "prompt-0", "imported zero", 13 }, { "prompt-1", "one", 3 },
	};
	const struct note_put n[] = {
		{ "reading-0", "imported note" }, { "reading-1", "new note" },
	};
	const struct note_put bad[] = {
		{ "reading-1", "changed" }, { "reading-9", "nowhere" },
	};
	const struct answer_put lost = { "prompt-0", "rolled back", 11 };
	struct rows *rs;

	put_model(st, 6, 2, 2, NULL);
	store_set_clock(st, T0);
	put_answer(st, uid, 6, "prompt-0", "typed zero");
	put_answer(st, uid, 6, "prompt-1", "one");
	assert_int_equal(store_reading_note_put(st, uid, 6, "reading-0",
						"typed note"), STORE_OK);
	store_set_clock(st, T0 + 10);             /* well within the gap */
	assert_int_equal(store_import_put(st, uid, 6, a, 2, n, 2), STORE_OK);
	rs = versions_of(st, uid, 6, "prompt-0");
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].value, "typed zero");
	assert_string_equal(rs->r[1].value, "imported zero");
	rows_free(rs);
	rs = versions_of(st, uid, 6, "prompt-1");  /* the same: no version */
	assert_int_equal(rs->n, 1);
	rows_free(rs);
	rs = note_versions_of(st, uid, 6, "reading-0");
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].value, "typed note");
	assert_string_equal(rs->r[1].value, "imported note");
	rows_free(rs);

	/* An ordinary note save within the gap replaces the newest version,
	 * as an answer's does. */
	store_set_clock(st, T0 + 20);
	assert_int_equal(store_reading_note_put(st, uid, 6, "reading-1",
						"new note, more"), STORE_OK);
	rs = note_versions_of(st, uid, 6, "reading-1");
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "new note, more");
	rows_free(rs);

	/* An unknown reading: nothing of the import is saved. */
	store_set_clock(st, T0 + 30);
	assert_int_equal(store_import_put(st, uid, 6, &lost, 1, bad, 2),
			 STORE_NOTFOUND);
	rs = readings_of(st, uid, 6);
	assert_string_equal(rows_find(rs, "reading-1")->value,
			    "new note, more");
	rows_free(rs);
	rs = versions_of(st, uid, 6, "prompt-0");
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[1].value, "imported zero");
	rows_free(rs);
	rs = answers_of(st, uid, 6);
	assert_string_equal(rows_find(rs, "prompt-0")->value, "imported zero");
	rows_free(rs);
}

/* Saves within 120 s of a version's first save replace it; later ones
 * start a new one; an identical save adds nothing. */
static void test_versions_coalesce(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t uid = add_user(st, "versions@example.org");
	struct rows *rs;

	put_model(st, 7, 3, 0, NULL);
	store_set_clock(st, T0);
	/* An empty save before anything was typed is no draft. */
	put_answer(st, uid, 7, "prompt-0", "");
	rs = versions_of(st, uid, 7, "prompt-0");
	assert_int_equal(rs->n, 0);
	rows_free(rs);

	put_answer(st, uid, 7, "prompt-0", "d");
	store_set_clock(st, T0 + 5);
	put_answer(st, uid, 7, "prompt-0", "draft");
	store_set_clock(st, T0 + 120);            /* 120 s: still the same */
	put_answer(st, uid, 7, "prompt-0", "draft one");
	rs = versions_of(st, uid, 7, "prompt-0");
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].flag, 1);
	assert_string_equal(rs->r[0].value, "draft one");
	assert_int_equal(atoll(rs->r[0].id), T0);
	assert_int_equal(last_saved_of[0], T0 + 120);
	rows_free(rs);

	store_set_clock(st, T0 + 121);            /* past 120 s: a new one */
	put_answer(st, uid, 7, "prompt-0", "draft two");
	store_set_clock(st, T0 + 200);
	put_answer(st, uid, 7, "prompt-0", "draft two, more");
	/* The same text much later adds nothing, not even a time. */
	store_set_clock(st, T0 + 5000);
	put_answer(st, uid, 7, "prompt-0", "draft two, more");
	rs = versions_of(st, uid, 7, "prompt-0");
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].value, "draft one");
	assert_int_equal(rs->r[1].flag, 2);
	assert_string_equal(rs->r[1].value, "draft two, more");
	assert_int_equal(atoll(rs->r[1].id), T0 + 121);
	assert_int_equal(last_saved_of[1], T0 + 200);
	rows_free(rs);

	/* A changed text after that: version 3; clearing it is version 4
	 * (emptying an answer is part of its history). */
	store_set_clock(st, T0 + 5001);
	put_answer(st, uid, 7, "prompt-0", "third");
	store_set_clock(st, T0 + 9000);
	put_answer(st, uid, 7, "prompt-0", "");
	rs = versions_of(st, uid, 7, "prompt-0");
	assert_int_equal(rs->n, 4);
	assert_string_equal(rs->r[2].value, "third");
	assert_int_equal(rs->r[3].flag, 4);
	assert_int_equal(rs->r[3].len, 0);
	rows_free(rs);

	/* The answer itself is always the newest text. */
	rs = answers_of(st, uid, 7);
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].len, 0);
	rows_free(rs);

	/* The ends, per prompt in id order. */
	store_set_clock(st, T0 + 9001);
	put_answer(st, uid, 7, "prompt-2", "only one");
	rs = rows_new();
	assert_int_equal(store_version_ends(st, uid, 7, on_ends, rs),
			 STORE_OK);
	assert_int_equal(rs->n, 4);
	assert_string_equal(rs->r[0].id, "prompt-0");
	assert_int_equal(rs->r[0].flag, 1);
	assert_string_equal(rs->r[0].value, "draft one");
	assert_int_equal(rs->r[1].flag, 4);
	assert_string_equal(rs->r[1].value, "");
	assert_string_equal(rs->r[2].id, "prompt-2");
	assert_int_equal(rs->r[2].flag, 1);
	assert_int_equal(rs->r[3].flag, 1);
	assert_string_equal(rs->r[3].value, "only one");
	rows_free(rs);

	/* Stopping early is fine; an unknown prompt has no versions. */
	rs = rows_new();
	rs->stop_after = 1;
	assert_int_equal(store_version_list(st, uid, 7, "prompt-0",
					    on_version, rs), STORE_OK);
	assert_int_equal(rs->n, 1);
	rows_free(rs);
	rs = versions_of(st, uid, 7, "no-such-prompt");
	assert_int_equal(rs->n, 0);
	rows_free(rs);
	store_set_clock(st, 0);
}

/* Versions are committed with the answer (they survive reopening), are
 * each participant's own, keep bytes exactly, and stay with archived
 * prompts. */
static void test_versions_kept(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "va@example.org");
	int64_t b = add_user(st, "vb@example.org");
	static const char bin[] = "x\0y\xff";
	struct rows *rs;

	put_model(st, 8, 4, 0, NULL);
	store_set_clock(st, T0);
	put_answer(st, a, 8, "prompt-1", "A first");
	put_answer(st, b, 8, "prompt-1", "B first");
	store_set_clock(st, T0 + 1000);
	put_answer(st, a, 8, "prompt-1", "A second");
	assert_int_equal(store_answer_put(st, a, 8, "prompt-2", bin,
					  sizeof(bin) - 1), STORE_OK);
	/* A write refused leaves no version behind. */
	assert_int_equal(store_answer_put(st, a, 8, "prompt-9", "x", 1),
			 STORE_NOTFOUND);
	assert_int_equal(store_answer_put(st, a + b + 100, 8, "prompt-1",
					  "x", 1), STORE_NOTFOUND);

	store_close(env->st);
	env->st = st = open_url(env->url);

	rs = versions_of(st, a, 8, "prompt-1");
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].value, "A first");
	assert_string_equal(rs->r[1].value, "A second");
	assert_int_equal(atoll(rs->r[1].id), T0 + 1000);
	rows_free(rs);
	rs = versions_of(st, b, 8, "prompt-1");
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "B first");
	rows_free(rs);
	rs = versions_of(st, a, 8, "prompt-2");
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].len, sizeof(bin) - 1);
	assert_memory_equal(rs->r[0].value, bin, sizeof(bin) - 1);
	rows_free(rs);
	rs = versions_of(st, a, 8, "prompt-9");
	assert_int_equal(rs->n, 0);
	rows_free(rs);
	rs = rows_new();
	assert_int_equal(store_version_ends(st, b, 8, on_ends, rs), STORE_OK);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[1].value, "B first");
	rows_free(rs);

	/* Archived: the history stays and is listed. */
	put_model(st, 8, 4, 0, "prompt-1");
	rs = versions_of(st, a, 8, "prompt-1");
	assert_int_equal(rs->n, 2);
	rows_free(rs);
	rs = rows_new();
	assert_int_equal(store_version_ends(st, a, 8, on_ends, rs), STORE_OK);
	assert_int_equal(rs->n, 4);
	assert_string_equal(rs->r[0].id, "prompt-1");
	assert_string_equal(rs->r[1].value, "A second");
	assert_int_equal(rs->r[1].flag, 2);
	rows_free(rs);
}

/* One participant never sees another's answers or notes. */
static void test_isolation(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "a@example.org");
	int64_t b = add_user(st, "b@example.org");
	struct rows *rs;

	put_model(st, 6, 2, 1, NULL);
	put_model(st, 9, 2, 1, NULL);
	put_answer(st, a, 6, "prompt-0", "A zero");
	put_answer(st, a, 6, "prompt-1", "A one");
	put_answer(st, b, 6, "prompt-0", "B zero");
	put_answer(st, a, 9, "prompt-0", "A in nine");
	assert_int_equal(store_reading_note_put(st, a, 6, "reading-0",
						"A notes"), STORE_OK);

	rs = answers_of(st, b, 6);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "B zero");
	rows_free(rs);

	rs = answers_of(st, a, 6);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rows_find(rs, "prompt-0")->value, "A zero");
	assert_string_equal(rows_find(rs, "prompt-1")->value, "A one");
	rows_free(rs);

	rs = answers_of(st, a, 9);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "A in nine");
	rows_free(rs);

	rs = answers_of(st, b, 9);
	assert_int_equal(rs->n, 0);
	rows_free(rs);
	rs = readings_of(st, b, 6);
	assert_int_equal(rs->n, 0);
	rows_free(rs);
}

/*
 * A write acknowledged with STORE_OK survives kill -9: a child process
 * writes an answer, tells us, and goes on writing until we SIGKILL it in
 * the middle of whatever it is doing.
 */
static struct rows *comments_of(struct store *st, int64_t owner, int number,
				const char *ex);

static void test_durability_kill9(void **state)
{
	struct env *env = *state;
	int64_t uid = add_user(env->st, "durable@example.org");
	struct rows *rs;
	int fds[2], status;
	char ack = 0, busy;
	ssize_t got;
	pid_t pid;

	put_model(env->st, 1, 2, 0, NULL);
	/* No connection crosses fork(). */
	store_close(env->st);
	env->st = NULL;
	assert_int_equal(pipe(fds), 0);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *st = NULL;
		char err[300], v[32];
		unsigned long i;

		close(fds[0]);
		struct comment c;

		memset(&c, 0, sizeof(c));
		c.owner = c.author = uid;
		c.number = 1;
		strcpy(c.exercise_id, "first");
		if (store_open(env->url, &st, err, sizeof(err)) != STORE_OK ||
		    store_answer_put(st, uid, 1, "prompt-0", "acknowledged",
				     12) != STORE_OK ||
		    store_comment_add(st, &c, "acknowledged too") !=
		    STORE_OK) {
			(void)!write(fds[1], "e", 1);
			_exit(1);
		}
		(void)!write(fds[1], "k", 1);
		for (i = 0; i < 100000000UL; i++) {
			int n = snprintf(v, sizeof(v), "busy %lu", i);

			/* Say when the first one is in: however slow the
			 * machine, the kill then comes amid the writes. */
			if (store_answer_put(st, uid, 1, "prompt-1", v,
					     (size_t)n) == STORE_OK && !i)
				(void)!write(fds[1], "b", 1);
		}
		_exit(2);
	}
	close(fds[1]);
	got = read(fds[0], &ack, 1);
	if (got == 1 && ack == 'k' && read(fds[0], &busy, 1) == 1)
		usleep(20 * 1000);  /* let it get well into the next writes */
	close(fds[0]);
	/* Kill before any assertion, so a failure leaves no child behind. */
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(got, 1);
	assert_int_equal(ack, 'k');
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);

	env->st = open_url(env->url);
	rs = answers_of(env->st, uid, 1);
	assert_non_null(rows_find(rs, "prompt-0"));
	assert_string_equal(rows_find(rs, "prompt-0")->value, "acknowledged");
	assert_non_null(rows_find(rs, "prompt-1"));
	rows_free(rs);
	rs = comments_of(env->st, uid, 1, "first");
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "acknowledged too");
	rows_free(rs);
}

#define NR_THREADS 4
#define NR_WRITES 500

struct writer {
	const char *url;
	int64_t user;
	int failures;           /* open or answer_put errors */
	char err[300];
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	struct store *st = NULL;
	char id[32], v[64];
	int i, n;

	if (store_open(w->url, &st, w->err, sizeof(w->err)) != STORE_OK) {
		w->failures++;
		return NULL;
	}
	for (i = 0; i < NR_WRITES; i++) {
		snprintf(id, sizeof(id), "prompt-%d", i);
		n = snprintf(v, sizeof(v), "user %lld answer %d",
			     (long long)w->user, i);
		if (store_answer_put(st, w->user, 11, id, v, (size_t)n) !=
		    STORE_OK) {
			if (!w->failures)
				snprintf(w->err, sizeof(w->err), "%s",
					 store_errmsg(st));
			w->failures++;
		}
	}
	store_close(st);
	return NULL;
}

/* One row written by every thread at once, as a page's autosaves of one
 * field from many tabs are: no save fails, however often it conflicts
 * (PostgreSQL: the retry gate in pg-conn.c). */
static void *one_row_main(void *arg)
{
	struct writer *w = arg;
	struct store *st = NULL;
	char v[64];
	int i, n;

	if (store_open(w->url, &st, w->err, sizeof(w->err)) != STORE_OK) {
		w->failures++;
		return NULL;
	}
	for (i = 0; i < NR_WRITES; i++) {
		n = snprintf(v, sizeof(v), "%p %d", (void *)w, i);
		if (store_answer_put(st, w->user, 11, "prompt-0", v,
				     (size_t)n) != STORE_OK) {
			if (!w->failures)
				snprintf(w->err, sizeof(w->err), "%s",
					 store_errmsg(st));
			w->failures++;
		}
	}
	store_close(st);
	return NULL;
}

static void test_one_row_writers(void **state)
{
	struct env *env = *state;
	struct writer w[NR_THREADS];
	pthread_t t[NR_THREADS];
	int64_t uid = add_user(env->st, "one-row@example.org");
	int i;

	put_model(env->st, 11, 1, 0, NULL);
	for (i = 0; i < NR_THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].url = env->url;
		w[i].user = uid;
		assert_int_equal(pthread_create(&t[i], NULL, one_row_main,
						&w[i]), 0);
	}
	for (i = 0; i < NR_THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (i = 0; i < NR_THREADS; i++)
		if (w[i].failures)
			fail_msg("writer %d: %d of %d saves failed: %s", i,
				 w[i].failures, NR_WRITES, w[i].err);
}

/* Threads, each with its own connection, writing at once lose nothing and
 * see no errors. */
static void test_concurrent_writers(void **state)
{
	struct env *env = *state;
	struct writer w[NR_THREADS];
	pthread_t t[NR_THREADS];
	char email[64], want[64];
	struct rows *rs;
	int i, j;

	put_model(env->st, 11, NR_WRITES, 0, NULL);
	for (i = 0; i < NR_THREADS; i++) {
		snprintf(email, sizeof(email), "writer%d@example.org", i);
		memset(&w[i], 0, sizeof(w[i]));
		w[i].url = env->url;
		w[i].user = add_user(env->st, email);
	}
	for (i = 0; i < NR_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, writer_main,
						&w[i]), 0);
	for (i = 0; i < NR_THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (i = 0; i < NR_THREADS; i++)
		if (w[i].failures)
			fail_msg("writer %d: %d failures: %s", i,
				 w[i].failures, w[i].err);

	for (i = 0; i < NR_THREADS; i++) {
		rs = answers_of(env->st, w[i].user, 11);
		assert_int_equal(rs->n, NR_WRITES);
		for (j = 0; j < NR_WRITES; j++) {
			char id[32];

			snprintf(id, sizeof(id), "prompt-%d", j);
			snprintf(want, sizeof(want), "user %lld answer %d",
				 (long long)w[i].user, j);
			assert_non_null(rows_find(rs, id));
			assert_string_equal(rows_find(rs, id)->value, want);
		}
		rows_free(rs);
	}
}

/* Several processes opening a brand-new database at once: each migration
 * is applied once and every open succeeds. */
static void test_concurrent_first_open(void **state)
{
	struct env *env = *state;
	pid_t pid[NR_THREADS];
	struct rows *rs;
	int i, status, v = 0;

	store_close(env->st);
	env->st = NULL;
	env->fx->cleanup(env);
	env->fx->fresh(env);

	for (i = 0; i < NR_THREADS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			struct store *st = NULL;
			struct user u;
			char err[300];

			memset(&u, 0, sizeof(u));
			snprintf(u.email, sizeof(u.email), "p%d@example.org",
				 i);
			if (store_open(env->url, &st, err, sizeof(err)) !=
			    STORE_OK) {
				fprintf(stderr, "child %d: %s\n", i, err);
				_exit(1);
			}
			if (store_user_add(st, &u) != STORE_OK) {
				fprintf(stderr, "child %d: %s\n", i,
					store_errmsg(st));
				_exit(2);
			}
			store_close(st);
			_exit(0);
		}
	}
	for (i = 0; i < NR_THREADS; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	env->st = open_url(env->url);
	assert_int_equal(store_schema_version(env->st, &v), STORE_OK);
	assert_true(v >= 1);
	rs = rows_new();
	assert_int_equal(store_user_list(env->st, on_user, rs), STORE_OK);
	assert_int_equal(rs->n, NR_THREADS);
	rows_free(rs);
}

/* ---- cohorts (docs/cohorts.md) ---- */

static int64_t add_cohort(struct store *st, const char *name, int number,
			  int64_t creator)
{
	struct cohort c;

	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.number = number;
	c.created_by = creator;
	if (store_cohort_add(st, &c) != STORE_OK)
		fail_msg("cohort_add %s: %s", name, store_errmsg(st));
	assert_true(c.id > 0);
	return c.id;
}

static void join(struct store *st, int64_t cohort, int64_t user, int role)
{
	if (store_member_put(st, cohort, user, role) != STORE_OK)
		fail_msg("member_put: %s", store_errmsg(st));
}

static int role_of(struct store *st, int64_t cohort, int64_t user)
{
	int role = -1, rc = store_member_role(st, cohort, user, &role);

	return rc == STORE_OK ? role : rc;
}

static int relation(struct store *st, int64_t viewer, int64_t owner,
		    int number)
{
	int role = -1;

	assert_int_equal(store_cohort_relation(st, viewer, owner, number,
					       &role), STORE_OK);
	return role;
}

static int on_cohort(void *ctx, const struct cohort *c)
{
	return rows_add(ctx, c->name, "", 0, c->role);
}

static int on_member(void *ctx, const struct member *m)
{
	assert_string_equal(m->user.pwhash, "");
	return rows_add(ctx, m->user.email, m->user.name,
			strlen(m->user.name), m->role);
}

static int on_invite(void *ctx, const struct invite *i)
{
	return rows_add(ctx, i->token_hash, "", 0, i->revoked);
}

static int on_share(void *ctx, const struct share *s)
{
	return rows_add(ctx, s->exercise_id, s->link_hash,
			strlen(s->link_hash), s->mode);
}

/* id: "author/parent/deleted"; value: the body; flag: the comment id. */
static int on_comment(void *ctx, const struct comment *c, const char *body)
{
	char id[160];

	snprintf(id, sizeof(id), "%s/%lld/%d", c->author_name,
		 (long long)c->parent, c->deleted);
	return rows_add(ctx, id, body, strlen(body), (int)c->id);
}

/* id: "cohort:supporter>supported"; value: the state; flag: created. */
static int on_partner(void *ctx, const struct partner *p)
{
	static const char *const state[] = { "none", "pending", "accepted",
					     "declined" };
	char id[80];

	snprintf(id, sizeof(id), "%lld:%lld>%lld", (long long)p->cohort_id,
		 (long long)p->supporter, (long long)p->supported);
	assert_true(p->state >= PARTNER_PENDING && p->state <= PARTNER_DECLINED);
	return rows_add(ctx, id, state[p->state], strlen(state[p->state]),
			(int)p->created);
}

/* id: the milestone; value: the note; flag: the status. */
static int on_checkin(void *ctx, const struct checkin *c, const char *note)
{
	return rows_add(ctx, c->milestone, note, strlen(note), c->status);
}

static struct rows *members_of(struct store *st, int64_t cohort)
{
	struct rows *rs = rows_new();

	assert_int_equal(store_member_list(st, cohort, on_member, rs),
			 STORE_OK);
	return rs;
}

static struct rows *comments_of(struct store *st, int64_t owner, int number,
				const char *ex)
{
	struct rows *rs = rows_new();

	assert_int_equal(store_comment_list(st, owner, number, ex, on_comment,
					    rs), STORE_OK);
	return rs;
}

static struct rows *partners_of(struct store *st, int64_t user)
{
	struct rows *rs = rows_new();

	assert_int_equal(store_partner_list(st, user, on_partner, rs),
			 STORE_OK);
	return rs;
}

static int64_t comment(struct store *st, int64_t owner, const char *ex,
		       int64_t author, int64_t parent, const char *body)
{
	struct comment c;

	memset(&c, 0, sizeof(c));
	c.owner = owner;
	c.number = 7;
	snprintf(c.exercise_id, sizeof(c.exercise_id), "%s", ex);
	strcpy(c.prompt_id, "prompt-0");
	c.author = author;
	c.parent = parent;
	if (store_comment_add(st, &c, body) != STORE_OK)
		fail_msg("comment_add: %s", store_errmsg(st));
	assert_true(c.id > 0);
	return c.id;
}

static int unread(struct store *st, int64_t owner, const char *ex)
{
	int n = -1;

	assert_int_equal(store_comment_unread(st, owner, 7, ex, &n), STORE_OK);
	return n;
}

/* Cohorts and members: creation makes the creator a facilitator, roles
 * only go up, unknown users, cohorts and sessions are refused. */
static void test_cohorts(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "a@example.org");
	int64_t b = add_user(st, "b@example.org");
	int64_t c = add_user(st, "c@example.org");
	struct cohort co, got;
	struct rows *rs;
	int64_t x, y;

	put_model(st, 7, 4, 1, NULL);
	store_set_clock(st, T0);
	memset(&co, 0, sizeof(co));
	strcpy(co.name, "Autumn <cohort>");
	co.number = 7;
	co.created_by = a;
	assert_int_equal(store_cohort_add(st, &co), STORE_OK);
	x = co.id;
	assert_true(x > 0);
	assert_int_equal(co.created, T0);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_cohort_get(st, x, &got), STORE_OK);
	assert_int_equal(got.id, x);
	assert_string_equal(got.name, "Autumn <cohort>");
	assert_int_equal(got.number, 7);
	assert_int_equal(got.created_by, a);
	assert_int_equal(got.created, T0);
	assert_int_equal(store_cohort_get(st, x + 100, &got),
			 STORE_NOTFOUND);
	assert_int_equal(got.id, x);          /* untouched */

	/* A session never imported, a creator who does not exist. */
	co.id = 0;
	co.number = 99;
	assert_int_equal(store_cohort_add(st, &co), STORE_NOTFOUND);
	co.number = 7;
	co.created_by = c + 100;
	assert_int_equal(store_cohort_add(st, &co), STORE_NOTFOUND);
	assert_int_equal(co.id, 0);

	/* The creator is the first facilitator; roles only go up. */
	assert_int_equal(role_of(st, x, a), ROLE_FACILITATOR);
	assert_int_equal(role_of(st, x, b), STORE_NOTFOUND);
	store_set_clock(st, T0 + 1);
	join(st, x, b, ROLE_PARTICIPANT);
	assert_int_equal(role_of(st, x, b), ROLE_PARTICIPANT);
	join(st, x, b, ROLE_FACILITATOR);
	assert_int_equal(role_of(st, x, b), ROLE_FACILITATOR);
	join(st, x, b, ROLE_PARTICIPANT);
	assert_int_equal(role_of(st, x, b), ROLE_FACILITATOR);
	store_set_clock(st, T0 + 2);
	join(st, x, c, ROLE_PARTICIPANT);
	assert_int_equal(store_member_put(st, x, c + 100, ROLE_PARTICIPANT),
			 STORE_NOTFOUND);
	assert_int_equal(store_member_put(st, x + 100, c, ROLE_PARTICIPANT),
			 STORE_NOTFOUND);
	assert_int_equal(store_member_put(st, x, c, ROLE_NONE), STORE_ERR);
	assert_int_equal(store_member_put(st, x, c, 7), STORE_ERR);
	assert_int_equal(role_of(st, x, c), ROLE_PARTICIPANT);

	/* In order of joining, without password hashes. */
	rs = members_of(st, x);
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].id, "a@example.org");
	assert_string_equal(rs->r[0].value, "Name of a@example.org");
	assert_int_equal(rs->r[0].flag, ROLE_FACILITATOR);
	assert_string_equal(rs->r[1].id, "b@example.org");
	assert_int_equal(rs->r[1].flag, ROLE_FACILITATOR);
	assert_string_equal(rs->r[2].id, "c@example.org");
	assert_int_equal(rs->r[2].flag, ROLE_PARTICIPANT);
	rows_free(rs);

	/* A second cohort without a creator: nobody is in it. */
	y = add_cohort(st, "Winter", 7, 0);
	rs = members_of(st, y);
	assert_int_equal(rs->n, 0);
	rows_free(rs);
	join(st, y, c, ROLE_FACILITATOR);

	rs = rows_new();
	assert_int_equal(store_cohort_list(st, c, on_cohort, rs), STORE_OK);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].id, "Autumn <cohort>");
	assert_int_equal(rs->r[0].flag, ROLE_PARTICIPANT);
	assert_string_equal(rs->r[1].id, "Winter");
	assert_int_equal(rs->r[1].flag, ROLE_FACILITATOR);
	rows_free(rs);
	rs = rows_new();
	assert_int_equal(store_cohort_list(st, a, on_cohort, rs), STORE_OK);
	assert_int_equal(rs->n, 1);
	rows_free(rs);
	rs = rows_new();
	assert_int_equal(store_cohort_list(st, 0, on_cohort, rs), STORE_OK);
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[0].flag, ROLE_NONE);
	rows_free(rs);

	/* Leaving. */
	assert_int_equal(store_member_del(st, x, c), STORE_OK);
	assert_int_equal(store_member_del(st, x, c), STORE_NOTFOUND);
	assert_int_equal(role_of(st, x, c), STORE_NOTFOUND);
	assert_int_equal(role_of(st, y, c), ROLE_FACILITATOR);
}

/*
 * cohort_relation: facilitators of the owner's cohorts, fellow members,
 * strangers, a facilitator of another cohort, other sessions, and an
 * owner who is a facilitator too.
 */
static void test_cohort_relation(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t f = add_user(st, "f@example.org");
	int64_t g = add_user(st, "g@example.org");
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	int64_t s = add_user(st, "s@example.org");
	int64_t f2 = add_user(st, "f2@example.org");
	int64_t fz = add_user(st, "fz@example.org");
	int64_t x, y, z;

	put_model(st, 7, 2, 0, NULL);
	put_model(st, 8, 2, 0, NULL);
	x = add_cohort(st, "X", 7, f);
	y = add_cohort(st, "Y", 7, f2);
	z = add_cohort(st, "Z", 8, fz);
	join(st, x, g, ROLE_FACILITATOR);
	join(st, x, o, ROLE_PARTICIPANT);
	join(st, x, p, ROLE_PARTICIPANT);
	join(st, y, s, ROLE_PARTICIPANT);
	join(st, z, o, ROLE_PARTICIPANT);

	assert_int_equal(relation(st, f, o, 7), ROLE_FACILITATOR);
	assert_int_equal(relation(st, g, o, 7), ROLE_FACILITATOR);
	assert_int_equal(relation(st, p, o, 7), ROLE_PARTICIPANT);
	assert_int_equal(relation(st, o, p, 7), ROLE_PARTICIPANT);
	assert_int_equal(relation(st, s, o, 7), ROLE_NONE);
	assert_int_equal(relation(st, f2, o, 7), ROLE_NONE);
	assert_int_equal(relation(st, o, s, 7), ROLE_NONE);
	/* X works on session 7: nothing of session 8 through it. */
	assert_int_equal(relation(st, f, o, 8), ROLE_NONE);
	assert_int_equal(relation(st, p, o, 8), ROLE_NONE);
	assert_int_equal(relation(st, fz, o, 8), ROLE_FACILITATOR);
	assert_int_equal(relation(st, fz, o, 7), ROLE_NONE);
	assert_int_equal(relation(st, fz, o, 0), ROLE_FACILITATOR);
	assert_int_equal(relation(st, f, o, 0), ROLE_FACILITATOR);
	/* Facilitators see participants' plans, not each other's. */
	assert_int_equal(relation(st, g, f, 7), ROLE_PARTICIPANT);
	assert_int_equal(relation(st, p, f, 7), ROLE_PARTICIPANT);
	/* Unknown people relate to nobody. */
	assert_int_equal(relation(st, fz + 100, o, 7), ROLE_NONE);
	/* After leaving, nothing. */
	assert_int_equal(store_member_del(st, x, o), STORE_OK);
	assert_int_equal(relation(st, f, o, 7), ROLE_NONE);
	assert_int_equal(relation(st, p, o, 7), ROLE_NONE);
}

static void test_invites(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t f = add_user(st, "f@example.org");
	struct invite in, got;
	struct rows *rs;
	int64_t x, y;

	put_model(st, 7, 2, 0, NULL);
	x = add_cohort(st, "X", 7, f);
	y = add_cohort(st, "Y", 7, f);
	store_set_clock(st, T0);
	memset(&in, 0, sizeof(in));
	strcpy(in.token_hash, "hash-one");
	in.cohort_id = x;
	in.role = ROLE_PARTICIPANT;
	in.created_by = f;
	assert_int_equal(store_invite_add(st, &in), STORE_OK);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_invite_get(st, "hash-one", &got), STORE_OK);
	assert_string_equal(got.token_hash, "hash-one");
	assert_int_equal(got.cohort_id, x);
	assert_int_equal(got.role, ROLE_PARTICIPANT);
	assert_int_equal(got.created_by, f);
	assert_int_equal(got.created, T0);
	assert_int_equal(got.expires, T0 + STORE_INVITE_TTL);
	assert_int_equal(got.revoked, 0);
	assert_int_equal(store_invite_add(st, &in), STORE_EXISTS);
	assert_int_equal(store_invite_get(st, "hash-none", &got),
			 STORE_NOTFOUND);
	assert_string_equal(got.token_hash, "hash-one");

	/* An explicit expiry (already past) and a facilitator's invite. */
	strcpy(in.token_hash, "hash-old");
	in.expires = T0 - 1;
	in.role = ROLE_FACILITATOR;
	assert_int_equal(store_invite_add(st, &in), STORE_OK);
	assert_int_equal(store_invite_get(st, "hash-old", &got), STORE_OK);
	assert_int_equal(got.expires, T0 - 1);
	assert_int_equal(got.role, ROLE_FACILITATOR);
	assert_int_equal(got.revoked, 0);

	/* Unknown cohort or creator; no such role. */
	strcpy(in.token_hash, "hash-bad");
	in.cohort_id = y + 100;
	assert_int_equal(store_invite_add(st, &in), STORE_NOTFOUND);
	in.cohort_id = y;
	in.created_by = f + 100;
	assert_int_equal(store_invite_add(st, &in), STORE_NOTFOUND);
	in.created_by = f;
	in.role = 0;
	assert_int_equal(store_invite_add(st, &in), STORE_ERR);
	in.role = ROLE_PARTICIPANT;
	strcpy(in.token_hash, "hash-y");
	assert_int_equal(store_invite_add(st, &in), STORE_OK);

	/* Revoking through another cohort is refused; the invite lives. */
	assert_int_equal(store_invite_revoke(st, y, "hash-one"),
			 STORE_NOTFOUND);
	assert_int_equal(store_invite_get(st, "hash-one", &got), STORE_OK);
	assert_int_equal(got.revoked, 0);
	assert_int_equal(store_invite_revoke(st, x, "hash-one"), STORE_OK);
	assert_int_equal(store_invite_revoke(st, x, "hash-one"), STORE_OK);
	assert_int_equal(store_invite_revoke(st, x, "hash-none"),
			 STORE_NOTFOUND);
	/* Still readable, with revoked set: the page decides. */
	assert_int_equal(store_invite_get(st, "hash-one", &got), STORE_OK);
	assert_int_equal(got.revoked, 1);
	assert_int_equal(got.cohort_id, x);

	rs = rows_new();
	assert_int_equal(store_invite_list(st, x, on_invite, rs), STORE_OK);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].id, "hash-one");
	assert_int_equal(rs->r[0].flag, 1);
	assert_string_equal(rs->r[1].id, "hash-old");
	assert_int_equal(rs->r[1].flag, 0);
	rows_free(rs);
	rs = rows_new();
	assert_int_equal(store_invite_list(st, y, on_invite, rs), STORE_OK);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].id, "hash-y");
	rows_free(rs);

	/* The token is kept, to show the link again, until the invite is
	 * revoked; an invite without one reads back "". */
	assert_int_equal(store_invite_get(st, "hash-y", &got), STORE_OK);
	assert_string_equal(got.token, "");
	strcpy(in.token_hash, "hash-kept");
	strcpy(in.token, "0123456789abcdef0123456789abcdef"
			 "0123456789abcdef0123456789abcdef");
	assert_int_equal(store_invite_add(st, &in), STORE_OK);
	assert_int_equal(store_invite_get(st, "hash-kept", &got), STORE_OK);
	assert_string_equal(got.token, in.token);
	assert_int_equal(store_invite_revoke(st, y, "hash-kept"), STORE_OK);
	assert_int_equal(store_invite_get(st, "hash-kept", &got), STORE_OK);
	assert_int_equal(got.revoked, 1);
	assert_string_equal(got.token, "");
}

static void put_share(struct store *st, int64_t user, const char *ex,
		      int mode, const char *link, int want)
{
	struct share s;

	memset(&s, 0, sizeof(s));
	s.user = user;
	s.number = 7;
	snprintf(s.exercise_id, sizeof(s.exercise_id), "%s", ex);
	s.mode = mode;
	snprintf(s.link_hash, sizeof(s.link_hash), "%s", link);
	assert_int_equal(store_share_put(st, &s), want);
}

static void test_shares(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	struct share got;
	struct rows *rs;

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_share_get(st, o, 7, "first", &got),
			 STORE_NOTFOUND);
	put_share(st, o, "first", SHARE_COHORT, "link-1", STORE_OK);
	assert_int_equal(store_share_get(st, o, 7, "first", &got), STORE_OK);
	assert_int_equal(got.user, o);
	assert_int_equal(got.number, 7);
	assert_string_equal(got.exercise_id, "first");
	assert_int_equal(got.mode, SHARE_COHORT);
	assert_string_equal(got.link_hash, "link-1");
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_share_by_link(st, "link-1", &got), STORE_OK);
	assert_int_equal(got.user, o);
	assert_string_equal(got.exercise_id, "first");

	/* Back to private, link revoked: the link finds nothing at once. */
	put_share(st, o, "first", SHARE_PRIVATE, "", STORE_OK);
	assert_int_equal(store_share_get(st, o, 7, "first", &got), STORE_OK);
	assert_int_equal(got.mode, SHARE_PRIVATE);
	assert_string_equal(got.link_hash, "");
	assert_int_equal(store_share_by_link(st, "link-1", &got),
			 STORE_NOTFOUND);
	assert_int_equal(store_share_by_link(st, "", &got), STORE_NOTFOUND);

	/* Links are unique; many plans may have none. */
	put_share(st, o, "second", SHARE_PRIVATE, "link-2", STORE_OK);
	put_share(st, p, "first", SHARE_COHORT, "link-2", STORE_EXISTS);
	put_share(st, p, "first", SHARE_COHORT, "", STORE_OK);
	put_share(st, p, "second", SHARE_COHORT, "", STORE_OK);
	assert_int_equal(store_share_by_link(st, "link-2", &got), STORE_OK);
	assert_int_equal(got.user, o);
	assert_string_equal(got.exercise_id, "second");

	/* Unknown user; bad mode; no exercise. */
	put_share(st, p + 100, "first", SHARE_COHORT, "", STORE_NOTFOUND);
	put_share(st, p, "first", 5, "", STORE_ERR);
	put_share(st, p, "", SHARE_COHORT, "", STORE_ERR);

	rs = rows_new();
	assert_int_equal(store_share_list(st, o, 7, on_share, rs), STORE_OK);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].id, "first");
	assert_int_equal(rs->r[0].flag, SHARE_PRIVATE);
	assert_string_equal(rs->r[1].id, "second");
	assert_string_equal(rs->r[1].value, "link-2");
	rows_free(rs);
	rs = rows_new();
	assert_int_equal(store_share_list(st, o, 8, on_share, rs), STORE_OK);
	assert_int_equal(rs->n, 0);
	rows_free(rs);

	/* A link's token is kept with it, for its owner to copy again, and
	 * goes with it. */
	memset(&got, 0, sizeof(got));
	got.user = o;
	got.number = 7;
	strcpy(got.exercise_id, "third");
	strcpy(got.link_hash, "link-3");
	strcpy(got.link_token, "feed");
	assert_int_equal(store_share_put(st, &got), STORE_OK);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_share_by_link(st, "link-3", &got), STORE_OK);
	assert_string_equal(got.link_token, "feed");
	got.link_hash[0] = '\0';
	assert_int_equal(store_share_put(st, &got), STORE_OK);
	assert_int_equal(store_share_get(st, o, 7, "third", &got), STORE_OK);
	assert_string_equal(got.link_hash, "");
	assert_string_equal(got.link_token, "");
}

static void test_comments(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	int64_t q = add_user(st, "q@example.org");
	int64_t c1, c2, c3;
	struct comment c, got;
	struct rows *rs;
	char *body = NULL, *big;

	store_set_clock(st, T0);
	c1 = comment(st, o, "first", p, 0, "A <first> thought");
	store_set_clock(st, T0 + 10);
	c2 = comment(st, o, "first", o, c1, "Thanks");
	c3 = comment(st, o, "second", q, 0, "On the other exercise");

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_comment_get(st, c1, &got, &body), STORE_OK);
	assert_int_equal(got.id, c1);
	assert_int_equal(got.parent, 0);
	assert_int_equal(got.owner, o);
	assert_int_equal(got.number, 7);
	assert_string_equal(got.exercise_id, "first");
	assert_string_equal(got.prompt_id, "prompt-0");
	assert_int_equal(got.author, p);
	assert_string_equal(got.author_name, "Name of p@example.org");
	assert_int_equal(got.created, T0);
	assert_int_equal(got.edited, 0);
	assert_int_equal(got.deleted, 0);
	assert_string_equal(body, "A <first> thought");
	free(body);
	assert_int_equal(store_comment_get(st, c2, &got, NULL), STORE_OK);
	assert_int_equal(got.parent, c1);
	assert_int_equal(store_comment_get(st, c3 + 100, &got, NULL),
			 STORE_NOTFOUND);

	/* A reply to a comment on another plan, or to none; unknown people;
	 * a body over the limit. */
	memset(&c, 0, sizeof(c));
	c.owner = o;
	c.number = 7;
	strcpy(c.exercise_id, "first");
	c.author = p;
	c.parent = c3;
	assert_int_equal(store_comment_add(st, &c, "x"), STORE_NOTFOUND);
	c.parent = c3 + 100;
	assert_int_equal(store_comment_add(st, &c, "x"), STORE_NOTFOUND);
	c.parent = 0;
	c.author = q + 100;
	assert_int_equal(store_comment_add(st, &c, "x"), STORE_NOTFOUND);
	c.author = p;
	c.owner = q + 100;
	assert_int_equal(store_comment_add(st, &c, "x"), STORE_NOTFOUND);
	c.owner = o;
	big = malloc(STORE_TEXT_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', STORE_TEXT_MAX + 1);
	big[STORE_TEXT_MAX + 1] = '\0';
	assert_int_equal(store_comment_add(st, &c, big), STORE_ERR);
	big[STORE_TEXT_MAX] = '\0';             /* exactly the limit */
	assert_int_equal(store_comment_add(st, &c, big), STORE_OK);
	assert_int_equal(store_comment_delete(st, c.id, p), STORE_OK);
	free(big);

	/* Only the author edits or deletes. */
	store_set_clock(st, T0 + 20);
	assert_int_equal(store_comment_edit(st, c1, q, "hijacked"),
			 STORE_NOTFOUND);
	assert_int_equal(store_comment_edit(st, c1, o, "hijacked"),
			 STORE_NOTFOUND);
	assert_int_equal(store_comment_delete(st, c1, o), STORE_NOTFOUND);
	assert_int_equal(store_comment_get(st, c1, &got, &body), STORE_OK);
	assert_string_equal(body, "A <first> thought");
	assert_int_equal(got.edited, 0);
	free(body);
	assert_int_equal(store_comment_edit(st, c1, p, "A better thought"),
			 STORE_OK);
	assert_int_equal(store_comment_get(st, c1, &got, &body), STORE_OK);
	assert_string_equal(body, "A better thought");
	assert_int_equal(got.edited, T0 + 20);
	free(body);
	assert_int_equal(store_comment_edit(st, c1 + 1000, p, "x"),
			 STORE_NOTFOUND);

	/* A deleted comment keeps its place, with no body, and is final. */
	assert_int_equal(store_comment_delete(st, c1, p), STORE_OK);
	assert_int_equal(store_comment_delete(st, c1, p), STORE_NOTFOUND);
	assert_int_equal(store_comment_edit(st, c1, p, "back"),
			 STORE_NOTFOUND);
	rs = comments_of(st, o, 7, "first");
	assert_int_equal(rs->n, 3);
	assert_int_equal(rs->r[0].flag, (int)c1);
	assert_string_equal(rs->r[0].id, "Name of p@example.org/0/1");
	assert_string_equal(rs->r[0].value, "");
	assert_int_equal(rs->r[1].flag, (int)c2);
	{
		char want[80];

		snprintf(want, sizeof(want), "Name of o@example.org/%lld/0",
			 (long long)c1);
		assert_string_equal(rs->r[1].id, want);
	}
	assert_string_equal(rs->r[1].value, "Thanks");
	rows_free(rs);
	rs = comments_of(st, o, 7, "second");
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "On the other exercise");
	rows_free(rs);
	rs = comments_of(st, p, 7, "first");
	assert_int_equal(rs->n, 0);
	rows_free(rs);
}

/* Unread counts only others' live comments after comment_seen. */
static void test_comment_unread(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	int64_t q = add_user(st, "q@example.org");
	int64_t c;

	store_set_clock(st, T0);
	assert_int_equal(unread(st, o, "first"), 0);
	comment(st, o, "first", p, 0, "one");
	c = comment(st, o, "first", q, 0, "two");
	comment(st, o, "first", o, c, "my own reply");
	assert_int_equal(unread(st, o, "first"), 2);
	assert_int_equal(unread(st, o, "second"), 0);
	assert_int_equal(unread(st, p, "first"), 0);

	assert_int_equal(store_comment_seen(st, o, 7, "first"), STORE_OK);
	assert_int_equal(unread(st, o, "first"), 0);
	/* In the same second as the seen mark: still new. */
	comment(st, o, "first", p, 0, "three");
	assert_int_equal(unread(st, o, "first"), 1);
	comment(st, o, "second", p, 0, "elsewhere");
	c = comment(st, o, "second", q, 0, "taken back");
	assert_int_equal(unread(st, o, "second"), 2);
	assert_int_equal(store_comment_delete(st, c, q), STORE_OK);
	assert_int_equal(unread(st, o, "second"), 1);
	/* NULL: the whole session. */
	assert_int_equal(unread(st, o, NULL), 2);
	assert_int_equal(store_comment_seen(st, o, 7, "second"), STORE_OK);
	assert_int_equal(unread(st, o, NULL), 1);
	assert_int_equal(store_comment_seen(st, o, 7, "first"), STORE_OK);
	assert_int_equal(unread(st, o, NULL), 0);
	/* Seeing a plan with no comments, for nobody. */
	assert_int_equal(store_comment_seen(st, o, 7, "third"), STORE_OK);
	assert_int_equal(store_comment_seen(st, q + 100, 7, "first"),
			 STORE_NOTFOUND);
}

/* One action on the partnership (cohort x: supporter backs supported)
 * by `by`: the result and the reason, both as expected. */
#define ACT(st, x, sup, sd, by, a, rc_, why_) do { \
		enum partner_why w_ = (enum partner_why)-1; \
		int r_ = store_partner_act(st, x, sup, sd, by, a, &w_); \
		if (r_ != (rc_) || w_ != (why_)) \
			fail_msg("line %d: partner_act: %d (why %d), want %d " \
				 "(why %d): %s", __LINE__, r_, w_, rc_, why_, \
				 store_errmsg(st)); \
	} while (0)

/* The state of one partnership: PARTNER_NONE when there is no row. */
static int partner_state(struct store *st, int64_t x, int64_t supporter,
			 int64_t supported)
{
	struct partner p;
	int rc = store_partner_get(st, x, supporter, supported, &p);

	if (rc == STORE_NOTFOUND)
		return PARTNER_NONE;
	assert_int_equal(rc, STORE_OK);
	assert_int_equal(p.cohort_id, x);
	assert_int_equal(p.supporter, supporter);
	assert_int_equal(p.supported, supported);
	return p.state;
}

/* Request, then each way out of it: accept, decline, withdraw, end by
 * either side; who may do what; re-requests. */
static void test_partners(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t f = add_user(st, "f@example.org");
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	int64_t s = add_user(st, "s@example.org");
	struct partner pa;
	struct rows *rs;
	int64_t x;
	char want[80];

	put_model(st, 7, 2, 0, NULL);
	x = add_cohort(st, "X", 7, f);
	join(st, x, o, ROLE_PARTICIPANT);
	join(st, x, p, ROLE_PARTICIPANT);
	store_set_clock(st, T0);

	/* p asks to back o: a request, nothing more. */
	ACT(st, x, p, o, p, PARTNER_REQUEST, STORE_OK, PARTNER_WHY_OK);
	assert_int_equal(partner_state(st, x, p, o), PARTNER_PENDING);
	assert_int_equal(store_partner_get(st, x, p, o, &pa), STORE_OK);
	assert_int_equal(pa.created, T0);
	assert_int_equal(pa.changed, T0);
	ACT(st, x, p, o, p, PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_WAITING);
	/* Who may not: the requester cannot accept for o; o cannot
	 * withdraw p's request; a third person can do nothing; one cannot
	 * back oneself. */
	ACT(st, x, p, o, p, PARTNER_ACCEPT, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_YOURS);
	ACT(st, x, p, o, p, PARTNER_DECLINE, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_YOURS);
	ACT(st, x, p, o, o, PARTNER_WITHDRAW, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_YOURS);
	ACT(st, x, p, o, o, PARTNER_REQUEST, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_YOURS);
	ACT(st, x, p, o, f, PARTNER_ACCEPT, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_YOURS);
	ACT(st, x, p, o, s, PARTNER_END, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_YOURS);
	ACT(st, x, o, o, o, PARTNER_REQUEST, STORE_NOTFOUND,
	    PARTNER_WHY_SELF);
	/* Not members: s is in no cohort, f is no participant to back, a
	 * cohort that does not exist. */
	ACT(st, x, s, o, s, PARTNER_REQUEST, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_MEMBER);
	ACT(st, x, o, s, o, PARTNER_REQUEST, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_MEMBER);
	ACT(st, x, o, f, o, PARTNER_REQUEST, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_MEMBER);
	ACT(st, x + 100, p, o, p, PARTNER_REQUEST, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_MEMBER);
	/* Only what is pending can be answered or withdrawn; only what is
	 * accepted ended. */
	ACT(st, x, p, o, o, PARTNER_END, STORE_NOTFOUND, PARTNER_WHY_GONE);
	ACT(st, x, p, o, p, PARTNER_END, STORE_NOTFOUND, PARTNER_WHY_GONE);
	assert_int_equal(partner_state(st, x, p, o), PARTNER_PENDING);

	/* o accepts. */
	store_set_clock(st, T0 + 10);
	ACT(st, x, p, o, o, PARTNER_ACCEPT, STORE_OK, PARTNER_WHY_OK);
	assert_int_equal(store_partner_get(st, x, p, o, &pa), STORE_OK);
	assert_int_equal(pa.state, PARTNER_ACCEPTED);
	assert_int_equal(pa.created, T0);
	assert_int_equal(pa.changed, T0 + 10);
	ACT(st, x, p, o, o, PARTNER_ACCEPT, STORE_NOTFOUND, PARTNER_WHY_GONE);
	ACT(st, x, p, o, o, PARTNER_DECLINE, STORE_NOTFOUND,
	    PARTNER_WHY_GONE);
	ACT(st, x, p, o, p, PARTNER_WITHDRAW, STORE_NOTFOUND,
	    PARTNER_WHY_GONE);
	ACT(st, x, p, o, p, PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_ALREADY);

	/* The other way round is a second partnership, asked apart. */
	store_set_clock(st, T0 + 20);
	ACT(st, x, o, p, o, PARTNER_REQUEST, STORE_OK, PARTNER_WHY_OK);
	snprintf(want, sizeof(want), "%lld:%lld>%lld", (long long)x,
		 (long long)p, (long long)o);
	rs = partners_of(st, o);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].id, want);
	assert_string_equal(rs->r[0].value, "accepted");
	assert_int_equal(rs->r[0].flag, (int)T0);
	assert_string_equal(rs->r[1].value, "pending");
	rows_free(rs);
	rs = partners_of(st, p);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].id, want);
	rows_free(rs);
	rs = partners_of(st, s);
	assert_int_equal(rs->n, 0);
	rows_free(rs);

	/* The requester withdraws: gone, and may ask again at once. */
	ACT(st, x, o, p, o, PARTNER_WITHDRAW, STORE_OK, PARTNER_WHY_OK);
	assert_int_equal(partner_state(st, x, o, p), PARTNER_NONE);
	ACT(st, x, o, p, o, PARTNER_WITHDRAW, STORE_NOTFOUND,
	    PARTNER_WHY_GONE);
	ACT(st, x, o, p, o, PARTNER_REQUEST, STORE_OK, PARTNER_WHY_OK);

	/* p declines: nothing shown, and o waits PARTNER_RETRY_AFTER
	 * before asking again. */
	store_set_clock(st, T0 + 30);
	ACT(st, x, o, p, p, PARTNER_DECLINE, STORE_OK, PARTNER_WHY_OK);
	assert_int_equal(store_partner_get(st, x, o, p, &pa), STORE_OK);
	assert_int_equal(pa.state, PARTNER_DECLINED);
	assert_int_equal(pa.changed, T0 + 30);
	assert_int_equal(store_partner_retry_at(&pa),
			 T0 + 30 + PARTNER_RETRY_AFTER);
	ACT(st, x, o, p, p, PARTNER_ACCEPT, STORE_NOTFOUND, PARTNER_WHY_GONE);
	ACT(st, x, o, p, o, PARTNER_WITHDRAW, STORE_NOTFOUND,
	    PARTNER_WHY_GONE);
	ACT(st, x, o, p, o, PARTNER_END, STORE_NOTFOUND, PARTNER_WHY_GONE);
	store_set_clock(st, T0 + 30 + PARTNER_RETRY_AFTER - 1);
	ACT(st, x, o, p, o, PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_TOO_SOON);
	assert_int_equal(partner_state(st, x, o, p), PARTNER_DECLINED);
	/* After the wait, asking again is a new request to answer. */
	store_set_clock(st, T0 + 30 + PARTNER_RETRY_AFTER);
	ACT(st, x, o, p, o, PARTNER_REQUEST, STORE_OK, PARTNER_WHY_OK);
	assert_int_equal(store_partner_get(st, x, o, p, &pa), STORE_OK);
	assert_int_equal(pa.state, PARTNER_PENDING);
	assert_int_equal(pa.created, T0 + 30 + PARTNER_RETRY_AFTER);
	assert_int_equal(store_partner_retry_at(&pa), 0);
	ACT(st, x, o, p, p, PARTNER_ACCEPT, STORE_OK, PARTNER_WHY_OK);

	/* Either side ends an accepted one.  The supporter ending it
	 * leaves nothing (ask again at once); the one supported ending it
	 * counts as declining. */
	store_set_clock(st, T0 + 40 + PARTNER_RETRY_AFTER);
	ACT(st, x, o, p, o, PARTNER_END, STORE_OK, PARTNER_WHY_OK);
	assert_int_equal(partner_state(st, x, o, p), PARTNER_NONE);
	ACT(st, x, o, p, o, PARTNER_END, STORE_NOTFOUND, PARTNER_WHY_GONE);
	ACT(st, x, p, o, o, PARTNER_END, STORE_OK, PARTNER_WHY_OK);
	assert_int_equal(partner_state(st, x, p, o), PARTNER_DECLINED);
	ACT(st, x, p, o, p, PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_TOO_SOON);
	ACT(st, x, p, o, p, PARTNER_END, STORE_NOTFOUND, PARTNER_WHY_GONE);

	/* Leaving the cohort ends every partnership there, whatever its
	 * state. */
	ACT(st, x, o, p, o, PARTNER_REQUEST, STORE_OK, PARTNER_WHY_OK);
	rs = partners_of(st, o);
	assert_int_equal(rs->n, 2);
	rows_free(rs);
	assert_int_equal(store_member_del(st, x, p), STORE_OK);
	rs = partners_of(st, o);
	assert_int_equal(rs->n, 0);
	rows_free(rs);
	ACT(st, x, o, p, o, PARTNER_REQUEST, STORE_NOTFOUND,
	    PARTNER_WHY_NOT_MEMBER);
}

/* Requests waiting are capped: PARTNER_PENDING_MAX of one's own,
 * PARTNER_INCOMING_MAX for one's answer; answering or withdrawing one
 * frees its place. */
static void test_partner_caps(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	enum { N = PARTNER_INCOMING_MAX + 2 };
	int64_t u[N], f = add_user(st, "f@example.org"), x, y;
	char email[40];
	int i;

	put_model(st, 7, 2, 0, NULL);
	x = add_cohort(st, "X", 7, f);
	y = add_cohort(st, "Y", 7, f);
	for (i = 0; i < N; i++) {
		snprintf(email, sizeof(email), "u%d@example.org", i);
		u[i] = add_user(st, email);
		join(st, x, u[i], ROLE_PARTICIPANT);
		join(st, y, u[i], ROLE_PARTICIPANT);
	}
	store_set_clock(st, T0);

	/* u0 asks PARTNER_PENDING_MAX people; one more is refused, in
	 * another cohort too. */
	for (i = 1; i <= PARTNER_PENDING_MAX; i++)
		ACT(st, x, u[0], u[i], u[0], PARTNER_REQUEST, STORE_OK,
		    PARTNER_WHY_OK);
	ACT(st, x, u[0], u[i], u[0], PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_MINE_FULL);
	ACT(st, y, u[0], u[1], u[0], PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_MINE_FULL);
	assert_int_equal(partner_state(st, x, u[0], u[i]), PARTNER_NONE);
	/* An accepted one no longer waits, nor a withdrawn or declined
	 * one: each frees a place. */
	ACT(st, x, u[0], u[1], u[1], PARTNER_ACCEPT, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, x, u[0], u[i], u[0], PARTNER_REQUEST, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, x, u[0], u[i + 1], u[0], PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_MINE_FULL);
	ACT(st, x, u[0], u[2], u[0], PARTNER_WITHDRAW, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, x, u[0], u[i + 1], u[0], PARTNER_REQUEST, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, x, u[0], u[i + 2], u[0], PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_MINE_FULL);
	ACT(st, x, u[0], u[3], u[3], PARTNER_DECLINE, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, x, u[0], u[i + 2], u[0], PARTNER_REQUEST, STORE_OK,
	    PARTNER_WHY_OK);

	/* PARTNER_INCOMING_MAX people ask to back u0, in two cohorts;
	 * the next is refused for u0's sake. */
	for (i = 1; i <= PARTNER_INCOMING_MAX; i++)
		ACT(st, i % 2 ? y : x, u[i], u[0], u[i], PARTNER_REQUEST,
		    STORE_OK, PARTNER_WHY_OK);
	ACT(st, x, u[N - 1], u[0], u[N - 1], PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_THEIRS_FULL);
	assert_int_equal(partner_state(st, x, u[N - 1], u[0]), PARTNER_NONE);
	/* Asking someone else is still fine for that person. */
	ACT(st, x, u[N - 1], u[1], u[N - 1], PARTNER_REQUEST, STORE_OK,
	    PARTNER_WHY_OK);
	/* u0 declines one, accepts another: two places are free. */
	ACT(st, x, u[2], u[0], u[0], PARTNER_DECLINE, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, y, u[3], u[0], u[0], PARTNER_ACCEPT, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, x, u[N - 1], u[0], u[N - 1], PARTNER_REQUEST, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, y, u[N - 1], u[0], u[N - 1], PARTNER_REQUEST, STORE_OK,
	    PARTNER_WHY_OK);
	ACT(st, x, u[1], u[0], u[1], PARTNER_REQUEST, STORE_EXISTS,
	    PARTNER_WHY_THEIRS_FULL);
}

static void test_checkins(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	struct checkin *c = calloc(1, sizeof(*c));
	struct rows *rs;
	char *big;

	assert_non_null(c);
	put_model(st, 7, 2, 0, NULL);
	store_set_clock(st, T0);
	c->user = o;
	c->number = 7;
	strcpy(c->prompt_id, "prompt-1");
	strcpy(c->milestone, "Read the <paper>");
	c->status = CHECKIN_ON_TRACK;
	assert_int_equal(store_checkin_add(st, c, "halfway"), STORE_OK);
	assert_true(c->id > 0);
	assert_int_equal(c->at, T0);
	store_set_clock(st, T0 + 7 * 86400);
	c->status = CHECKIN_DONE;
	assert_int_equal(store_checkin_add(st, c, ""), STORE_OK);
	assert_int_equal(c->at, T0 + 7 * 86400);
	strcpy(c->milestone, "Write it up");
	c->status = CHECKIN_BEHIND;
	assert_int_equal(store_checkin_add(st, c, "ill"), STORE_OK);

	/* Unknown prompt, session or user; bad status; long note. */
	strcpy(c->prompt_id, "prompt-9");
	assert_int_equal(store_checkin_add(st, c, ""), STORE_NOTFOUND);
	strcpy(c->prompt_id, "prompt-1");
	c->number = 8;
	assert_int_equal(store_checkin_add(st, c, ""), STORE_NOTFOUND);
	c->number = 7;
	c->user = o + 100;
	assert_int_equal(store_checkin_add(st, c, ""), STORE_NOTFOUND);
	c->user = o;
	c->status = 0;
	assert_int_equal(store_checkin_add(st, c, ""), STORE_ERR);
	c->status = 4;
	assert_int_equal(store_checkin_add(st, c, ""), STORE_ERR);
	c->status = CHECKIN_DONE;
	big = calloc(1, STORE_TEXT_MAX + 2);
	assert_non_null(big);
	memset(big, 'n', STORE_TEXT_MAX + 1);
	assert_int_equal(store_checkin_add(st, c, big), STORE_ERR);
	free(big);

	rs = rows_new();
	assert_int_equal(store_checkin_list(st, o, 7, on_checkin, rs),
			 STORE_OK);
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].id, "Read the <paper>");
	assert_string_equal(rs->r[0].value, "halfway");
	assert_int_equal(rs->r[0].flag, CHECKIN_ON_TRACK);
	assert_int_equal(rs->r[1].flag, CHECKIN_DONE);
	assert_string_equal(rs->r[1].value, "");
	assert_string_equal(rs->r[2].id, "Write it up");
	assert_int_equal(rs->r[2].flag, CHECKIN_BEHIND);
	rows_free(rs);
	rs = rows_new();
	assert_int_equal(store_checkin_list(st, o, 8, on_checkin, rs),
			 STORE_OK);
	assert_int_equal(rs->n, 0);
	rows_free(rs);
	free(c);
}

/* ---- caps (store.h, docs/cohorts.md "Caps") ---- */

static int on_count_comment(void *ctx, const struct comment *c,
			    const char *body)
{
	(void)c;
	(void)body;
	++*(int *)ctx;
	return 0;
}

static int count_comments(struct store *st, int64_t owner, const char *ex)
{
	int n = 0;

	assert_int_equal(store_comment_list(st, owner, 7, ex, on_count_comment,
					    &n), STORE_OK);
	return n;
}

/* A comment as the store kept them before the caps: written with no cap
 * counted (store_set_uncapped()), to stand for data written back then. */
static int64_t legacy_comment(struct store *st, int64_t owner,
			      const char *ex, int64_t author, int64_t parent)
{
	struct comment c;

	memset(&c, 0, sizeof(c));
	c.owner = owner;
	c.number = 7;
	snprintf(c.exercise_id, sizeof(c.exercise_id), "%s", ex);
	strcpy(c.prompt_id, "prompt-0");
	c.author = author;
	c.parent = parent;
	store_set_uncapped(st, 1);
	assert_int_equal(store_comment_add(st, &c, "old"), STORE_OK);
	store_set_uncapped(st, 0);
	return c.id;
}

/* Try a comment that must be refused by `cap`; nothing is written and
 * the out-parameters stay as they were. */
static void comment_full(struct store *st, int64_t owner, const char *ex,
			 int64_t author, int64_t parent, enum store_cap cap)
{
	struct comment c;

	memset(&c, 0, sizeof(c));
	c.owner = owner;
	c.number = 7;
	snprintf(c.exercise_id, sizeof(c.exercise_id), "%s", ex);
	strcpy(c.prompt_id, "prompt-0");
	c.author = author;
	c.parent = parent;
	assert_int_equal(store_comment_add(st, &c, "one too many"),
			 STORE_FULL);
	assert_int_equal(store_full(st), cap);
	assert_int_equal(c.id, 0);
	assert_int_equal(c.created, 0);
	assert_non_null(strstr(store_errmsg(st), "cap"));
}

/* Comments per plan and replies per thread are capped; what is refused
 * writes nothing; other plans and threads are not affected. */
static void test_comment_caps(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	int64_t first = 0, last = 0, top, other, id;
	int i;

	/* A plan holds STORE_COMMENTS_MAX, deleted ones included. */
	for (i = 0; i < STORE_COMMENTS_MAX; i++) {
		id = comment(st, o, "full", p, i % 2 ? last : 0, "hi");
		if (!first)
			first = id;
		if (!(i % 2))
			last = id;
	}
	assert_int_equal(count_comments(st, o, "full"), STORE_COMMENTS_MAX);
	comment_full(st, o, "full", p, 0, CAP_PLAN_COMMENTS);
	comment_full(st, o, "full", o, first, CAP_PLAN_COMMENTS);
	assert_int_equal(store_comment_delete(st, first, p), STORE_OK);
	comment_full(st, o, "full", p, 0, CAP_PLAN_COMMENTS);
	assert_int_equal(count_comments(st, o, "full"), STORE_COMMENTS_MAX);
	/* The same person's other plan, and edits, go on. */
	comment(st, o, "other", p, 0, "fine");
	assert_int_equal(store_comment_edit(st, last, p, "edited"), STORE_OK);

	/* A thread holds STORE_REPLIES_MAX replies, however they nest: a
	 * chain from the top... */
	top = comment(st, o, "thread", p, 0, "top");
	last = top;
	for (i = 0; i < STORE_REPLIES_MAX - 10; i++)
		last = comment(st, o, "thread", i % 2 ? p : o, last, "re");
	/* ...and replies beside it. */
	for (i = 0; i < 10; i++)
		comment(st, o, "thread", p, top, "beside");
	comment_full(st, o, "thread", p, last, CAP_THREAD_REPLIES);
	comment_full(st, o, "thread", p, top, CAP_THREAD_REPLIES);
	/* A new thread on the same plan starts from nothing; the write
	 * that succeeds clears what store_full() said. */
	other = comment(st, o, "thread", p, 0, "new thread");
	assert_int_equal(store_full(st), CAP_NONE);
	comment(st, o, "thread", o, other, "a reply");
	assert_int_equal(count_comments(st, o, "thread"),
			 STORE_REPLIES_MAX + 3);
	/* A parent that does not exist is still not found, full or not. */
	{
		struct comment c;

		memset(&c, 0, sizeof(c));
		c.owner = o;
		c.number = 7;
		strcpy(c.exercise_id, "thread");
		strcpy(c.prompt_id, "prompt-0");
		c.author = p;
		c.parent = other + 1000;
		assert_int_equal(store_comment_add(st, &c, "x"),
				 STORE_NOTFOUND);
		/* A parent on another plan is not found, full thread or
		 * not. */
		strcpy(c.exercise_id, "other");
		c.parent = last;
		assert_int_equal(store_comment_add(st, &c, "x"),
				 STORE_NOTFOUND);
	}

	/* A chain stored before the caps, deeper than a thread may be: a
	 * reply anywhere in it is refused, and costs no walk of it all. */
	last = legacy_comment(st, o, "legacy", p, 0);
	top = last;
	for (i = 0; i < 2 * STORE_REPLIES_MAX; i++)
		last = legacy_comment(st, o, "legacy", p, last);
	comment_full(st, o, "legacy", p, last, CAP_THREAD_REPLIES);
	comment_full(st, o, "legacy", p, top, CAP_THREAD_REPLIES);
	assert_int_equal(count_comments(st, o, "legacy"),
			 2 * STORE_REPLIES_MAX + 1);
	/* The plan as a whole, past its cap too, is refused as such. */
	for (i = 2 * STORE_REPLIES_MAX + 1; i <= STORE_COMMENTS_MAX; i++)
		legacy_comment(st, o, "legacy", p, 0);
	comment_full(st, o, "legacy", p, 0, CAP_PLAN_COMMENTS);
}

static int on_count_checkin(void *ctx, const struct checkin *c,
			    const char *note)
{
	(void)c;
	(void)note;
	++*(int *)ctx;
	return 0;
}

/* A person's check-ins on one session are capped; other people and
 * sessions are not affected. */
static void test_checkin_cap(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	int64_t q = add_user(st, "q@example.org");
	struct checkin *c = calloc(1, sizeof(*c));
	int i, n = 0;

	assert_non_null(c);
	put_model(st, 7, 2, 0, NULL);
	put_model(st, 8, 2, 0, NULL);
	c->user = o;
	c->number = 7;
	strcpy(c->prompt_id, "prompt-1");
	strcpy(c->milestone, "Ship it");
	c->status = CHECKIN_ON_TRACK;
	for (i = 0; i < STORE_CHECKINS_MAX; i++)
		assert_int_equal(store_checkin_add(st, c, "ok"), STORE_OK);
	c->id = 0;
	c->at = 0;
	assert_int_equal(store_checkin_add(st, c, "one more"), STORE_FULL);
	assert_int_equal(store_full(st), CAP_CHECKINS);
	assert_int_equal(c->id, 0);
	assert_int_equal(c->at, 0);
	assert_int_equal(store_checkin_list(st, o, 7, on_count_checkin, &n),
			 STORE_OK);
	assert_int_equal(n, STORE_CHECKINS_MAX);
	c->number = 8;
	assert_int_equal(store_checkin_add(st, c, "other session"), STORE_OK);
	c->number = 7;
	c->user = q;
	assert_int_equal(store_checkin_add(st, c, "someone else"), STORE_OK);
	free(c);
}

static int on_count_invite(void *ctx, const struct invite *i)
{
	(void)i;
	++*(int *)ctx;
	return 0;
}

static int on_count_cohort(void *ctx, const struct cohort *c)
{
	(void)c;
	++*(int *)ctx;
	return 0;
}

/* The cohorts `user` is in. */
static int cohorts_of(struct store *st, int64_t user)
{
	int n = 0;

	assert_int_equal(store_cohort_list(st, user, on_count_cohort, &n),
			 STORE_OK);
	return n;
}

static int invites_in(struct store *st, int64_t cohort)
{
	int n = 0;

	assert_int_equal(store_invite_list(st, cohort, on_count_invite, &n),
			 STORE_OK);
	return n;
}

/* Cohorts per creator, members per cohort, invites per cohort (dead
 * ones forgotten to make room). */
static void test_cohort_caps(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t f = add_user(st, "f@example.org");
	int64_t g = add_user(st, "g@example.org");
	struct cohort c;
	struct invite in;
	int64_t x, last = 0;
	char email[64];
	int i, role;

	put_model(st, 7, 2, 0, NULL);
	for (i = 0; i < STORE_COHORTS_MAX; i++)
		x = add_cohort(st, "mine", 7, f);
	memset(&c, 0, sizeof(c));
	strcpy(c.name, "one too many");
	c.number = 7;
	c.created_by = f;
	assert_int_equal(store_cohort_add(st, &c), STORE_FULL);
	assert_int_equal(store_full(st), CAP_COHORTS);
	assert_int_equal(c.id, 0);
	/* Someone else, and cohorts made by no one (the command line). */
	add_cohort(st, "theirs", 7, g);
	add_cohort(st, "operator's", 7, 0);

	/* Members: the creator is the first of STORE_MEMBERS_MAX. */
	for (i = 1; i < STORE_MEMBERS_MAX; i++) {
		snprintf(email, sizeof(email), "m%d@example.org", i);
		last = add_user(st, email);
		join(st, x, last, ROLE_PARTICIPANT);
	}
	assert_int_equal(store_member_put(st, x, g, ROLE_PARTICIPANT),
			 STORE_FULL);
	assert_int_equal(store_full(st), CAP_MEMBERS);
	assert_int_equal(role_of(st, x, g), STORE_NOTFOUND);
	/* A member already in may still change role; one who leaves makes
	 * room. */
	join(st, x, last, ROLE_FACILITATOR);
	assert_int_equal(store_member_role(st, x, last, &role), STORE_OK);
	assert_int_equal(role, ROLE_FACILITATOR);
	assert_int_equal(store_member_del(st, x, last), STORE_OK);
	join(st, x, g, ROLE_PARTICIPANT);

	/* Invites: at the cap, revoked and expired ones make room. */
	store_set_clock(st, T0);
	memset(&in, 0, sizeof(in));
	in.cohort_id = x;
	in.role = ROLE_PARTICIPANT;
	in.created_by = f;
	for (i = 0; i < STORE_INVITES_MAX; i++) {
		snprintf(in.token_hash, sizeof(in.token_hash), "h%d", i);
		in.expires = i < 3 ? T0 + 10 : 0;
		assert_int_equal(store_invite_add(st, &in), STORE_OK);
	}
	snprintf(in.token_hash, sizeof(in.token_hash), "h-more");
	in.expires = 0;
	assert_int_equal(store_invite_add(st, &in), STORE_FULL);
	assert_int_equal(store_full(st), CAP_INVITES);
	assert_int_equal(invites_in(st, x), STORE_INVITES_MAX);
	assert_int_equal(store_invite_revoke(st, x, "h7"), STORE_OK);
	assert_int_equal(store_invite_add(st, &in), STORE_OK);
	assert_int_equal(store_invite_get(st, "h7", &in), STORE_NOTFOUND);
	assert_int_equal(store_invite_get(st, "h-more", &in), STORE_OK);
	assert_int_equal(invites_in(st, x), STORE_INVITES_MAX);
	/* Three expire: the next add forgets all three. */
	store_set_clock(st, T0 + 20);
	strcpy(in.token_hash, "h-later");
	in.expires = 0;
	assert_int_equal(store_invite_add(st, &in), STORE_OK);
	assert_int_equal(invites_in(st, x), STORE_INVITES_MAX - 2);
	assert_int_equal(store_invite_get(st, "h0", &in), STORE_NOTFOUND);
	/* Another cohort's invites are its own. */
	assert_int_equal(invites_in(st, add_cohort(st, "Y", 7, g)), 0);
}

/* An answer keeps at most STORE_VERSIONS_MAX versions: past that a save
 * replaces the newest, and the first draft stays. */
static void test_versions_cap(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "v@example.org");
	struct rows *rs;
	char text[32];
	int i;

	put_model(st, 8, 2, 0, NULL);
	for (i = 1; i <= STORE_VERSIONS_MAX + 5; i++) {
		store_set_clock(st, T0 + i * (STORE_VERSION_GAP + 1));
		snprintf(text, sizeof(text), "draft %d", i);
		put_answer(st, a, 8, "prompt-1", text);
	}
	rs = rows_new();
	assert_int_equal(store_version_ends(st, a, 8, on_ends, rs), STORE_OK);
	assert_int_equal(rs->n, 2);
	assert_string_equal(rs->r[0].value, "draft 1");
	assert_int_equal(rs->r[1].flag, STORE_VERSIONS_MAX);
	snprintf(text, sizeof(text), "draft %d", STORE_VERSIONS_MAX + 5);
	assert_string_equal(rs->r[1].value, text);
	rows_free(rs);
}

static void test_review_notes(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t f = add_user(st, "f@example.org");
	int64_t g = add_user(st, "g@example.org");
	int64_t o = add_user(st, "o@example.org");
	struct review r, got;
	char *text = NULL;
	int64_t x;

	put_model(st, 7, 2, 0, NULL);
	x = add_cohort(st, "X", 7, f);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_review_get(st, x, &got), STORE_NOTFOUND);
	memset(&r, 0, sizeof(r));
	r.cohort_id = x;
	snprintf(r.order, sizeof(r.order), "%lld,%lld", (long long)o,
		 (long long)g);
	r.current = -1;
	assert_int_equal(store_review_put(st, &r), STORE_OK);
	assert_int_equal(store_review_get(st, x, &got), STORE_OK);
	assert_int_equal(got.cohort_id, x);
	assert_string_equal(got.order, r.order);
	assert_int_equal(got.current, -1);
	assert_int_equal(got.started, 0);
	r.current = 1;
	r.started = T0;
	assert_int_equal(store_review_put(st, &r), STORE_OK);
	assert_int_equal(store_review_get(st, x, &got), STORE_OK);
	assert_int_equal(got.current, 1);
	assert_int_equal(got.started, T0);
	r.cohort_id = x + 100;
	assert_int_equal(store_review_put(st, &r), STORE_NOTFOUND);

	assert_int_equal(store_note_get(st, x, f, o, &text), STORE_OK);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(store_note_put(st, x, f, o, "clear <goals>"),
			 STORE_OK);
	assert_int_equal(store_note_put(st, x, f, o, "clear goals, vague"),
			 STORE_OK);
	assert_int_equal(store_note_get(st, x, f, o, &text), STORE_OK);
	assert_string_equal(text, "clear goals, vague");
	free(text);
	/* Private: another facilitator's note on the same presenter. */
	assert_int_equal(store_note_get(st, x, g, o, &text), STORE_OK);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(store_note_put(st, x, f, o + 100, "x"),
			 STORE_NOTFOUND);
	assert_int_equal(store_note_put(st, x + 100, f, o, "x"),
			 STORE_NOTFOUND);
}

/* Everything cohorts write is there after closing and reopening. */
static void test_cohorts_reopen(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t f = add_user(st, "f@example.org");
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	struct invite in;
	struct review r;
	struct share sh;
	struct cohort co;
	struct checkin *ck = calloc(1, sizeof(*ck));
	struct rows *rs;
	char *text, want[80];
	int64_t x, c;

	assert_non_null(ck);
	put_model(st, 7, 2, 0, NULL);
	x = add_cohort(st, "Kept", 7, f);
	join(st, x, o, ROLE_PARTICIPANT);
	join(st, x, p, ROLE_PARTICIPANT);
	memset(&in, 0, sizeof(in));
	strcpy(in.token_hash, "kept-invite");
	in.cohort_id = x;
	in.role = ROLE_PARTICIPANT;
	assert_int_equal(store_invite_add(st, &in), STORE_OK);
	assert_int_equal(store_invite_revoke(st, x, "kept-invite"), STORE_OK);
	put_share(st, o, "first", SHARE_COHORT, "kept-link", STORE_OK);
	c = comment(st, o, "first", p, 0, "kept comment");
	comment(st, o, "first", p, c, "unread reply");
	ACT(st, x, p, o, p, PARTNER_REQUEST, STORE_OK, PARTNER_WHY_OK);
	ACT(st, x, p, o, o, PARTNER_ACCEPT, STORE_OK, PARTNER_WHY_OK);
	ACT(st, x, o, p, o, PARTNER_REQUEST, STORE_OK, PARTNER_WHY_OK);
	ck->user = o;
	ck->number = 7;
	strcpy(ck->prompt_id, "prompt-0");
	strcpy(ck->milestone, "kept milestone");
	ck->status = CHECKIN_BEHIND;
	assert_int_equal(store_checkin_add(st, ck, "kept note"), STORE_OK);
	memset(&r, 0, sizeof(r));
	r.cohort_id = x;
	strcpy(r.order, "3,2");
	r.current = 0;
	assert_int_equal(store_review_put(st, &r), STORE_OK);
	assert_int_equal(store_note_put(st, x, f, o, "kept private"),
			 STORE_OK);
	assert_int_equal(store_comment_seen(st, o, 7, "first"), STORE_OK);
	comment(st, o, "first", p, c, "after seen");

	store_close(env->st);
	env->st = st = open_url(env->url);

	assert_int_equal(store_cohort_get(st, x, &co), STORE_OK);
	assert_string_equal(co.name, "Kept");
	assert_int_equal(role_of(st, x, f), ROLE_FACILITATOR);
	assert_int_equal(role_of(st, x, o), ROLE_PARTICIPANT);
	assert_int_equal(relation(st, p, o, 7), ROLE_PARTICIPANT);
	assert_int_equal(store_invite_get(st, "kept-invite", &in), STORE_OK);
	assert_int_equal(in.revoked, 1);
	assert_int_equal(store_share_by_link(st, "kept-link", &sh), STORE_OK);
	assert_int_equal(sh.user, o);
	assert_int_equal(sh.mode, SHARE_COHORT);
	rs = comments_of(st, o, 7, "first");
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->r[0].value, "kept comment");
	rows_free(rs);
	assert_int_equal(unread(st, o, "first"), 1);
	rs = partners_of(st, o);
	assert_int_equal(rs->n, 2);
	snprintf(want, sizeof(want), "%lld:%lld>%lld", (long long)x,
		 (long long)p, (long long)o);
	assert_non_null(rows_find(rs, want));
	assert_string_equal(rows_find(rs, want)->value, "accepted");
	snprintf(want, sizeof(want), "%lld:%lld>%lld", (long long)x,
		 (long long)o, (long long)p);
	assert_non_null(rows_find(rs, want));
	assert_string_equal(rows_find(rs, want)->value, "pending");
	rows_free(rs);
	rs = rows_new();
	assert_int_equal(store_checkin_list(st, o, 7, on_checkin, rs),
			 STORE_OK);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "kept note");
	rows_free(rs);
	assert_int_equal(store_review_get(st, x, &r), STORE_OK);
	assert_string_equal(r.order, "3,2");
	assert_int_equal(store_note_get(st, x, f, o, &text), STORE_OK);
	assert_string_equal(text, "kept private");
	free(text);
	free(ck);
}

/* ---- what the hot paths cost, counted through the API ---- */

/*
 * The exercise page reads its login and the answers (two statements in
 * its snapshot); an autosave of one answer writes it, keeps its history
 * (one statement, the rule in its SQL) and reads the answers back
 * (three, in one transaction).  A rule that adds a query to either fails
 * here (test_statements_per_page).
 */
/* A counter rule for test_site: charge every counter once at ctx's
 * time, unless one has reached 3 (then nothing is written). */
static int charge_to_three(void *ctx, struct store_counter *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].count >= 3)
			return 1;
	for (i = 0; i < n; i++) {
		if (!c[i].count)
			c[i].start = *(int64_t *)ctx;
		c[i].count++;
		c[i].last = *(int64_t *)ctx;
		c[i].changed = 1;
	}
	return 0;
}

/* What several servers share: the catalog's version moves with every
 * course_put and only then; the device key is made once, by whoever
 * comes first; counters are read, charged and forgotten in one step, and
 * a second connection sees them at once. */
static void test_site(void **state)
{
	struct env *env = *state;
	struct store *st = env->st, *other = open_url(env->url);
	char key[STORE_KEY_HEX + 1], again[STORE_KEY_HEX + 1];
	char fresh[STORE_KEY_HEX + 1];
	struct store_counter c[2];
	int64_t v0, v1, v2, t = 1000;
	int i;

	assert_int_equal(store_catalog_version(st, &v0), STORE_OK);
	put_model(st, 3, 2, 1, NULL);
	assert_int_equal(store_catalog_version(other, &v1), STORE_OK);
	assert_true(v1 > v0);
	add_user(st, "not-a-session@example.org");
	assert_int_equal(store_catalog_version(other, &v2), STORE_OK);
	assert_int_equal(v2, v1);
	put_model(other, 3, 3, 1, NULL);
	assert_int_equal(store_catalog_version(st, &v2), STORE_OK);
	assert_true(v2 > v1);

	memset(fresh, 'a', STORE_KEY_HEX);
	fresh[STORE_KEY_HEX] = '\0';
	assert_int_equal(store_device_key(st, fresh, key), STORE_OK);
	assert_string_equal(key, fresh);
	memset(fresh, 'b', STORE_KEY_HEX);
	assert_int_equal(store_device_key(other, fresh, again), STORE_OK);
	assert_string_equal(again, key);        /* the first one stays */
	assert_int_equal(store_device_key(st, "short", again), STORE_ERR);

	memset(c, 0, sizeof(c));
	strcpy(c[0].key, "k-one");
	strcpy(c[1].key, "k-two");
	for (i = 0; i < 5; i++)
		assert_int_equal(store_counters(i % 2 ? other : st, c, 2, 0,
						charge_to_three, &t), STORE_OK);
	assert_int_equal(c[0].count, 3);        /* read, not charged again */
	assert_int_equal(c[1].count, 3);
	assert_int_equal(c[0].start, t);
	assert_int_equal(c[0].changed, 0);
	/* Forgotten once their last charge is at or before forget_upto. */
	assert_int_equal(store_counters(other, c, 1, t, charge_to_three, &t),
			 STORE_OK);
	assert_int_equal(c[0].count, 1);
	assert_int_equal(store_counters(st, &c[1], 1, t - 1, charge_to_three,
					&t), STORE_OK);
	assert_int_equal(c[1].count, 1);        /* k-two went with k-one */
	strcpy(c[0].key, "");
	assert_int_equal(store_counters(st, c, 1, 0, charge_to_three, &t),
			 STORE_ERR);
	store_close(other);
}

/* test_batch: two users and an answer; then, with *ctx set, a failure. */
static int batch_fill(struct store *st, void *ctx)
{
	struct user u = { .name = "B", .pwhash = "h" };
	int ret;

	strcpy(u.email, *(int *)ctx ? "b3@example.org" : "b1@example.org");
	if ((ret = store_user_add(st, &u)) != STORE_OK)
		return ret;
	if (*(int *)ctx)
		return store_user_add(st, &u);  /* taken: STORE_EXISTS */
	strcpy(u.email, "b2@example.org");
	if ((ret = store_user_add(st, &u)) != STORE_OK)
		return ret;
	return store_answer_put(st, u.id, 7, "prompt-0", "batched", 7);
}

/* store_batch: the API's writes join one transaction, all or nothing. */
static void test_batch(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	struct user u;
	int fail = 0;

	put_model(st, 7, 2, 0, NULL);
	assert_int_equal(store_batch(st, batch_fill, &fail), STORE_OK);
	assert_int_equal(store_user_by_email(st, "b1@example.org", &u),
			 STORE_OK);
	assert_int_equal(store_user_by_email(st, "b2@example.org", &u),
			 STORE_OK);
	fail = 1;
	assert_int_equal(store_batch(st, batch_fill, &fail), STORE_EXISTS);
	assert_int_equal(store_user_by_email(st, "b3@example.org", &u),
			 STORE_NOTFOUND);
	/* After a batch, writes commit on their own again. */
	add_user(st, "after@example.org");
}

/* test_copy: the tables a copy reported, and whether each had rows. */
struct copied {
	int tables, empty, differ;
	char names[600];
};

static void on_copied(void *ctx, const char *table, int64_t from, int64_t to)
{
	struct copied *c = ctx;
	size_t n = strlen(c->names);

	c->tables++;
	c->empty += from == 0;
	c->differ += from != to;
	snprintf(c->names + n, sizeof(c->names) - n, " %s", table);
}

static int on_answer_value(void *ctx, const char *prompt_id,
			   const char *value, size_t len)
{
	if (!strcmp(prompt_id, "prompt-1")) {
		assert_int_equal(len, 7);
		assert_memory_equal(value, "a\0b NUL", 7);
		++*(int *)ctx;
	}
	return 0;
}

/* The accountability loop's tables: a resolved thread, a time zone, a
 * calendar feed, a cheap test. */
static void fill_loop_tables(struct store *st, int64_t user, int64_t root)
{
	struct ctest t = { .user = user, .number = 7, .idea = "an idea",
			   .status = CTEST_PLANNED, .date = "2027-03-01",
			   .hours_planned = 25, .hours_spent = -1,
			   .conf_before = 40, .conf_after = -1,
			   .uncertainty = "can I?" };
	char hash[65];

	memset(hash, 'f', 64);
	hash[64] = '\0';
	assert_int_equal(store_thread_resolve(st, root, user, 1), STORE_OK);
	assert_int_equal(store_tz_put(st, user, "Europe/Berlin"), STORE_OK);
	assert_int_equal(store_feed_make(st, user, hash, "feed-token"),
			 STORE_OK);
	assert_int_equal(store_ctest_add(st, &t, "ask someone", "a note"),
			 STORE_OK);
	/* A second update, from a check-in: cheap_test_log has two. */
	t.status = CTEST_SUPPORTED;
	t.conf_after = 70;
	t.via = CTEST_VIA_CHECKIN;
	assert_int_equal(store_ctest_set(st, &t, "ask someone", "went well"),
			 STORE_OK);
}

/* Notifications' tables: a comment mentioning its plan's owner with a
 * notice and its mail, a preference, a secret. */
static void fill_notice_tables(struct store *st, int64_t owner,
			       int64_t author)
{
	static const char msg[] = "Subject: A mention\r\n\r\nbody\r\n";
	const struct mail_new m = {
		.env_from = "app@example.org", .env_to = "o@example.org",
		.message_id = "<1@example.org>", .subject = "A mention",
		.text = "text", .msg = msg, .len = sizeof(msg) - 1,
	};
	const struct notice_new nv = {
		.user_id = owner, .kind = NOTICE_MENTION, .actor = author,
		.text = "mentioned you", .link = "/p/1/7/ex-0", .mode = NOTICE_EACH,
		.mail = &m,
	};
	const unsigned char fresh[4] = { 1, 2, 3, 4 };
	unsigned char key[4];
	struct comment c;

	memset(&c, 0, sizeof(c));
	c.owner = owner;
	c.number = 7;
	strcpy(c.exercise_id, "ex-0");
	strcpy(c.prompt_id, "prompt-0");
	c.author = author;
	assert_int_equal(store_comment_add_notify(st, &c, "@O hello", &owner, 1,
						  &nv, 1), STORE_OK);
	assert_int_equal(store_notice_pref_set(st, owner, NOTICE_COMMENT,
					       NOTICE_DIGEST, 0), STORE_OK);
	assert_int_equal(store_secret(st, "test", fresh, sizeof(fresh), key),
			 STORE_OK);
}

/* Issue 13's tables: the agenda catalog, two opted-in profiles (with
 * tags), an intro, a team with a member, an opening with its tags, a
 * saved filter and a project. */
static void fill_people_tables(struct store *st, int64_t owner, int64_t f)
{
	char id[] = "interp", title[] = "Interp", role[] = "Researcher";
	char *roles[] = { role };
	struct agenda a = { .id = id, .title = title, .description = title,
			    .roles = roles, .nr_roles = 1 };
	struct agenda_catalog cat = { .agendas = &a, .nr_agendas = 1 };
	char ot[] = "Fellow", oo[] = "Org", ou[] = "https://example.org/f",
	     ok[] = "fellowship", ol[] = "Berlin";
	struct opportunity op = { .title = ot, .organisation = oo, .url = ou,
				  .kind = ok, .location = ol, .agendas = id,
				  .roles = role, .remote = 1, .deadline = 30000 };
	struct opportunity_list ops = { .v = &op, .n = 1 };
	struct team t = { .owner = owner };
	struct project pj = { .user = owner, .number = 7, .published = 1 };
	int64_t filter;

	cat.title = title;
	assert_int_equal(store_agendas_put(st, &cat, "# Interp\n", 9),
			 STORE_OK);
	for (int k = 0; k < 2; k++) {
		struct profile p = { .user = k ? f : owner, .opted_in = 1,
				     .shown = SHOW_ALL };

		strcpy(p.agendas, "interp");
		strcpy(p.roles, "Researcher");
		assert_int_equal(store_profile_put(st, &p), STORE_OK);
	}
	assert_int_equal(store_intro_act(st, f, owner, INTRO_REQUEST, "hi"),
			 STORE_OK);
	strcpy(t.title, "Probes");
	assert_int_equal(store_team_add(st, &t), STORE_OK);
	assert_int_equal(store_team_act(st, t.id, f, f, TEAM_JOIN), STORE_OK);
	assert_int_equal(store_opportunities_put(st, &ops), STORE_OK);
	assert_int_equal(store_filter_add(st, owner, "Remote", "remote=1",
					  &filter), STORE_OK);
	strcpy(pj.exercise_id, "ex-0");
	strcpy(pj.title, "Probe");
	assert_int_equal(store_project_put(st, &pj), STORE_OK);
}

/* Cohort dates, a reminder made once, a nudge (schedule.c). */
static void fill_schedule_tables(struct store *st, int64_t cohort,
				 int64_t member, int64_t by)
{
	struct cdate d = { .cohort = cohort, .kind = CDATE_REVIEW,
			   .starts = T0 + 86400, .minutes = 90,
			   .title = "Final review" };
	const struct notice_new nv = {
		.user_id = member, .kind = NOTICE_REVIEW, .text = "soon",
		.link = "/c/1", .mode = NOTICE_OFF,
	};

	assert_int_equal(store_cdate_add(st, &d, 0), STORE_OK);
	assert_int_equal(store_notice_once(st, "rv:1:2", &nv), STORE_OK);
	assert_int_equal(store_nudge(st, cohort, member, by, NULL), STORE_OK);
}

/* Fill every table of the schema through the API: the ids it made. */
struct filled {
	int64_t nobody_cohort, root, reply;
};

static void fill_every_table(struct store *st, int64_t *f, int64_t *o,
			     struct filled *ids)
{
	struct store_counter ctr = { .key = "k" };
	const struct answer_put nul = { "prompt-1", "a\0b NUL", 7 };
	char key[STORE_KEY_HEX + 1], fresh[STORE_KEY_HEX + 1];
	struct invite in = { .token_hash = "inv-1", .role = ROLE_PARTICIPANT };
	struct share sh = { .number = 7, .exercise_id = "ex-0",
			    .mode = SHARE_COHORT, .link_hash = "lh" };
	struct review r = { .current = -1 };
	struct checkin *c = calloc(1, sizeof(*c));
	int64_t x, root, t = 1000;

	assert_non_null(c);
	*f = add_user(st, "f@example.org");
	*o = add_user(st, "o@example.org");
	put_model(st, 7, 3, 2, NULL);
	login_at(st, *o, "login-1", T0, T0 + 3600);
	put_answer(st, *o, 7, "prompt-0", "first, due\t2026-12-08");
	assert_int_equal(store_answers_put(st, *o, 7, &nul, 1, NULL, NULL),
			 STORE_OK);
	assert_int_equal(store_reading_note_put(st, *o, 7, "reading-0",
						"a note"), STORE_OK);
	x = add_cohort(st, "X", 7, *f);
	ids->nobody_cohort = add_cohort(st, "No creator", 7, 0);
	join(st, x, *o, ROLE_PARTICIPANT);
	in.cohort_id = x;
	assert_int_equal(store_invite_add(st, &in), STORE_OK);  /* no token */
	sh.user = *o;
	assert_int_equal(store_share_put(st, &sh), STORE_OK);   /* no token */
	ids->root = root = comment(st, *o, "ex-0", *f, 0, "root");
	ids->reply = comment(st, *o, "ex-0", *f, root, "reply");
	assert_int_equal(store_comment_seen(st, *o, 7, "ex-0"), STORE_OK);
	assert_int_equal(store_partner_act(st, x, *f, *o, *f, PARTNER_REQUEST,
					   NULL), STORE_OK);
	c->user = *o;
	c->number = 7;
	strcpy(c->prompt_id, "prompt-1");
	strcpy(c->milestone, "m");
	c->status = CHECKIN_ON_TRACK;
	assert_int_equal(store_checkin_add(st, c, "note"), STORE_OK);
	free(c);
	r.cohort_id = x;
	snprintf(r.order, sizeof(r.order), "%lld", (long long)*o);
	assert_int_equal(store_review_put(st, &r), STORE_OK);
	assert_int_equal(store_note_put(st, x, *f, *o, "private"), STORE_OK);
	assert_int_equal(store_counters(st, &ctr, 1, 0, charge_to_three, &t),
			 STORE_OK);
	memset(fresh, 'c', STORE_KEY_HEX);
	fresh[STORE_KEY_HEX] = '\0';
	assert_int_equal(store_device_key(st, fresh, key), STORE_OK);
	fill_loop_tables(st, *o, root);
	fill_notice_tables(st, *o, *f);
	fill_people_tables(st, *o, *f);
	fill_schedule_tables(st, x, *o, *f);
}

/* A copy into a fresh database of the same backend holds every table's
 * rows, values byte for byte (NUL in an answer, NULL references), and
 * new rows there get new ids; a target with anything in it is refused. */
static void test_copy(void **state)
{
	struct env *env = *state, other;
	struct store *st = env->st, *to;
	struct copied cp;
	struct comment got;
	struct cohort co;
	struct invite inv;
	char key[STORE_KEY_HEX + 1], fresh[STORE_KEY_HEX + 1];
	struct filled ids;
	int64_t f, o, v0, v1;
	int seen = 0;
	struct ctest more = { .number = 7, .idea = "another idea",
			      .status = CTEST_PLANNED, .hours_planned = -1,
			      .hours_spent = -1, .conf_before = -1,
			      .conf_after = -1 };

	fill_every_table(st, &f, &o, &ids);
	more.user = o;
	memset(&other, 0, sizeof(other));
	env->fx->fresh(&other);
	to = open_url(other.url);
	memset(&cp, 0, sizeof(cp));
	if (store_copy(st, to, on_copied, &cp) != STORE_OK)
		fail_msg("copy: %s", store_errmsg(to));
	assert_true(cp.tables >= 20);
	if (cp.empty || cp.differ)
		fail_msg("tables empty %d, differing %d:%s", cp.empty,
			 cp.differ, cp.names);

	assert_int_equal(store_answer_list(to, o, 7, on_answer_value, &seen),
			 STORE_OK);
	assert_int_equal(seen, 1);
	assert_int_equal(store_cohort_get(to, ids.nobody_cohort, &co),
			 STORE_OK);
	assert_int_equal(co.created_by, 0);
	assert_int_equal(store_invite_get(to, "inv-1", &inv), STORE_OK);
	assert_string_equal(inv.token, "");
	assert_int_equal(store_comment_get(to, ids.reply, &got, NULL),
			 STORE_OK);
	assert_int_equal(got.parent, ids.root);
	memset(fresh, 'd', STORE_KEY_HEX);
	fresh[STORE_KEY_HEX] = '\0';
	assert_int_equal(store_device_key(to, fresh, key), STORE_OK);
	assert_true(key[0] == 'c');             /* the source's key */
	assert_int_equal(store_catalog_version(st, &v0), STORE_OK);
	assert_int_equal(store_catalog_version(to, &v1), STORE_OK);
	assert_int_equal(v0, v1);
	assert_true(add_user(to, "new@example.org") > o);
	assert_true(add_cohort(to, "New", 7, f) > ids.nobody_cohort);
	/* Every identity goes on past the copied ids (COPY_END): a cheap
	 * test with its log, a comment with its notice and mail. */
	fill_notice_tables(to, o, f);
	assert_int_equal(store_ctest_add(to, &more, "ask again", ""), STORE_OK);

	/* Not empty now: refused, and nothing more is written. */
	assert_int_equal(store_copy(st, to, NULL, NULL), STORE_EXISTS);
	assert_non_null(strstr(store_errmsg(to), "users"));
	store_close(to);
	env->fx->cleanup(&other);
}

/* test_copy_many: 700 people, each with an answer (in one batch). */
static int many_fill(struct store *st, void *ctx)
{
	struct user u;
	char v[32];
	int i, ret = STORE_OK;

	(void)ctx;
	for (i = 0; ret == STORE_OK && i < 700; i++) {
		memset(&u, 0, sizeof(u));
		snprintf(u.email, sizeof(u.email), "m%d@example.org", i);
		snprintf(u.name, sizeof(u.name), "M %d", i);
		snprintf(u.pwhash, sizeof(u.pwhash), "-");
		snprintf(v, sizeof(v), "answer %d", i);
		if ((ret = store_user_add(st, &u)) == STORE_OK)
			ret = store_answer_put(st, u.id, 7, "prompt-0", v,
					       strlen(v));
	}
	return ret;
}

static int on_last_value(void *ctx, const char *prompt_id,
			 const char *value, size_t len)
{
	(void)prompt_id;
	snprintf(ctx, 32, "%.*s", (int)len, value);
	return 0;
}

/*
 * A copy of more rows than the PostgreSQL backend sends before it reads
 * their replies (PGC_QUEUE_MAX, pg-conn.h): every row arrives, and the
 * target serves its writes and reads one at a time again afterwards.
 */
static void test_copy_many(void **state)
{
	struct env *env = *state, other;
	struct store *st = env->st, *to;
	struct copied cp;
	struct user u;
	char got[32] = "";

	put_model(st, 7, 2, 0, NULL);
	assert_int_equal(store_batch(st, many_fill, NULL), STORE_OK);
	memset(&other, 0, sizeof(other));
	env->fx->fresh(&other);
	to = open_url(other.url);
	memset(&cp, 0, sizeof(cp));
	if (store_copy(st, to, on_copied, &cp) != STORE_OK)
		fail_msg("copy: %s", store_errmsg(to));
	if (cp.differ)
		fail_msg("tables differing %d:%s", cp.differ, cp.names);
	assert_int_equal(store_user_by_email(to, "m699@example.org", &u),
			 STORE_OK);
	assert_int_equal(store_answer_list(to, u.id, 7, on_last_value, got),
			 STORE_OK);
	assert_string_equal(got, "answer 699");
	put_answer(to, u.id, 7, "prompt-1", "after the copy");
	assert_true(add_user(to, "after@example.org") > u.id);
	store_close(to);
	env->fx->cleanup(&other);
}

/* What a cohort list reported: user and id of each row, in order. */
struct cohort_rows {
	int64_t user[16];
	char id[16][128];
	int n;
};

static void cohort_row(struct cohort_rows *r, int64_t user, const char *id)
{
	assert_true(r->n < 16);
	r->user[r->n] = user;
	snprintf(r->id[r->n], sizeof(r->id[0]), "%s", id);
	r->n++;
}

/* How many of r's rows are user's with id: rows come in no set order. */
static int cohort_has(const struct cohort_rows *r, int64_t user,
		      const char *id)
{
	int i, found = 0;

	for (i = 0; i < r->n; i++)
		found += r->user[i] == user && !strcmp(r->id[i], id);
	return found;
}

static int on_cohort_answer(void *ctx, int64_t user, const char *prompt,
			    const char *value, size_t len)
{
	assert_int_equal(len, strlen(value));
	cohort_row(ctx, user, prompt);
	return 0;
}

static int on_cohort_reading(void *ctx, int64_t user, const char *reading,
			     int done)
{
	cohort_row(ctx, user, done ? reading : "not done");
	return 0;
}

static int on_cohort_share(void *ctx, const struct share *sh)
{
	cohort_row(ctx, sh->user, sh->exercise_id);
	return 0;
}

static int on_cohort_checkin(void *ctx, const struct checkin *c,
			     const char *note)
{
	cohort_row(ctx, c->user, note);
	return 0;
}

/*
 * store_cohort_as_ask(): the read sent with the others kept together
 * answers the next store_cohort_as() of the same cohort and user in the
 * same snapshot, once, with no statement of its own; another user, a
 * second call or a new snapshot reads as usual; outside a snapshot the
 * ask sends nothing.
 */
static void test_cohort_as_ask(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "fac@example.org");
	int64_t b = add_user(st, "stranger@example.org");
	int64_t c;
	struct cohort got;
	uint64_t n;

	put_model(st, 7, 2, 0, NULL);
	c = add_cohort(st, "Asked", 7, a);
	assert_int_equal(store_read_begin(st, 0), STORE_OK);
	n = store_statements(st);
	store_together(st);
	assert_int_equal(store_cohort_as_ask(st, c, a), STORE_OK);
	assert_int_equal(store_together_end(st), STORE_OK);
	assert_int_equal(store_statements(st), n + 1);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_cohort_as(st, c, a, &got), STORE_OK);
	assert_int_equal(store_statements(st), n + 1);     /* none of its own */
	assert_int_equal(got.id, c);
	assert_string_equal(got.name, "Asked");
	assert_int_equal(got.number, 7);
	assert_int_equal(got.role, ROLE_FACILITATOR);
	assert_int_equal(store_cohort_as(st, c, a, &got), STORE_OK);
	assert_int_equal(store_statements(st), n + 2);     /* once only */

	/* Asked for one viewer, it does not answer for another. */
	assert_int_equal(store_cohort_as_ask(st, c, a), STORE_OK);
	assert_int_equal(store_cohort_as(st, c, b, &got), STORE_OK);
	assert_int_equal(got.role, ROLE_NONE);
	assert_int_equal(store_statements(st), n + 4);
	/* Nor past its snapshot. */
	assert_int_equal(store_cohort_as_ask(st, c, a), STORE_OK);
	assert_int_equal(store_read_end(st), STORE_OK);
	assert_int_equal(store_read_begin(st, 0), STORE_OK);
	n = store_statements(st);
	assert_int_equal(store_cohort_as(st, c, a, &got), STORE_OK);
	assert_int_equal(store_statements(st), n + 1);
	assert_int_equal(store_read_end(st), STORE_OK);
	/* Outside a snapshot the ask reads nothing. */
	n = store_statements(st);
	assert_int_equal(store_cohort_as_ask(st, c, a), STORE_OK);
	assert_int_equal(store_statements(st), n);
	assert_int_equal(store_cohort_as(st, c, a, &got), STORE_OK);
	assert_int_equal(store_statements(st), n + 1);
}

/*
 * A cohort's rows read at once (the dashboard's and the CSV's reads):
 * every member's of the cohort's session, and nobody else's (another
 * cohort's member, another session), in one statement each; the
 * answers, readings and shares in no set order, the check-ins by
 * member, each one's oldest first.  The CSV's workbooks gather each member's answers
 * whatever their order.
 */
static void test_cohort_lists(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "a@example.org");
	int64_t b = add_user(st, "b@example.org");
	int64_t out = add_user(st, "out@example.org");
	int64_t c7, other;
	struct checkin *ci = calloc(1, sizeof(*ci));
	struct share sh = { .number = 7, .mode = SHARE_COHORT };
	struct cohort_rows r = { 0 };
	struct cohort_workbooks cw;
	struct workbook wb;
	uint64_t n;

	assert_non_null(ci);
	put_model(st, 7, 4, 2, NULL);
	put_model(st, 8, 2, 0, NULL);
	c7 = add_cohort(st, "Seven", 7, a);
	other = add_cohort(st, "Other", 7, out);
	join(st, c7, b, ROLE_PARTICIPANT);   /* a joined as its creator */
	join(st, other, out, ROLE_PARTICIPANT);
	/* Written out of user order, so the order read is the store's. */
	put_answer(st, b, 7, "prompt-2", "b two");
	put_answer(st, a, 7, "prompt-3", "a three");
	put_answer(st, b, 7, "prompt-0", "b zero");
	put_answer(st, a, 8, "prompt-0", "another session");
	put_answer(st, out, 7, "prompt-0", "another cohort");
	assert_int_equal(store_reading_done_put(st, b, 7, "reading-1", 1),
			 STORE_OK);
	assert_int_equal(store_reading_done_put(st, out, 7, "reading-0", 1),
			 STORE_OK);
	sh.user = b;
	strcpy(sh.exercise_id, "second");
	assert_int_equal(store_share_put(st, &sh), STORE_OK);
	sh.user = out;
	assert_int_equal(store_share_put(st, &sh), STORE_OK);
	ci->number = 7;
	ci->status = CHECKIN_ON_TRACK;
	strcpy(ci->prompt_id, "prompt-1");
	strcpy(ci->milestone, "Draft");
	ci->user = b;
	assert_int_equal(store_checkin_add(st, ci, "b first"), STORE_OK);
	ci->user = a;
	assert_int_equal(store_checkin_add(st, ci, "a only"), STORE_OK);
	ci->user = out;
	assert_int_equal(store_checkin_add(st, ci, "out"), STORE_OK);
	ci->user = b;
	assert_int_equal(store_checkin_add(st, ci, "b second"), STORE_OK);

	n = store_statements(st);
	assert_int_equal(store_answer_cohort(st, c7, 7, on_cohort_answer, &r),
			 STORE_OK);
	assert_int_equal(store_statements(st) - n, 1);
	assert_int_equal(r.n, 3);
	assert_int_equal(cohort_has(&r, a, "prompt-3"), 1);
	assert_int_equal(cohort_has(&r, b, "prompt-0"), 1);
	assert_int_equal(cohort_has(&r, b, "prompt-2"), 1);
	assert_int_equal(workbook_ask_cohort(st, c7, 7, &cw), STORE_OK);
	assert_false(cw.oom);
	workbook_take(&cw, b, &wb);
	assert_int_equal(wb.nr_answers, 2);
	assert_string_equal(workbook_answer(&wb, "prompt-0")->value, "b zero");
	assert_string_equal(workbook_answer(&wb, "prompt-2")->value, "b two");
	workbook_release(&wb);
	workbook_take(&cw, a, &wb);
	assert_int_equal(wb.nr_answers, 1);
	assert_string_equal(workbook_answer(&wb, "prompt-3")->value, "a three");
	workbook_release(&wb);
	workbook_take(&cw, out, &wb);   /* not of the cohort: none */
	assert_int_equal(wb.nr_answers, 0);
	workbook_cohort_release(&cw);

	memset(&r, 0, sizeof(r));
	assert_int_equal(store_reading_cohort(st, c7, 7, on_cohort_reading,
					      &r), STORE_OK);
	assert_int_equal(r.n, 1);
	assert_true(r.user[0] == b && !strcmp(r.id[0], "reading-1"));

	memset(&r, 0, sizeof(r));
	assert_int_equal(store_share_cohort(st, c7, 7, on_cohort_share, &r),
			 STORE_OK);
	assert_int_equal(r.n, 1);
	assert_true(r.user[0] == b && !strcmp(r.id[0], "second"));

	memset(&r, 0, sizeof(r));
	n = store_statements(st);
	assert_int_equal(store_checkin_cohort(st, c7, 7, on_cohort_checkin,
					      &r), STORE_OK);
	assert_int_equal(store_statements(st) - n, 1);
	assert_int_equal(r.n, 3);
	assert_true(r.user[0] == a && !strcmp(r.id[0], "a only"));
	assert_true(r.user[1] == b && !strcmp(r.id[1], "b first"));
	assert_true(r.user[2] == b && !strcmp(r.id[2], "b second"));

	/* A session of no row, and a cohort that does not exist: none. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_answer_cohort(st, c7, 9, on_cohort_answer, &r),
			 STORE_OK);
	assert_int_equal(store_answer_cohort(st, other + 100, 7,
					     on_cohort_answer, &r), STORE_OK);
	assert_int_equal(r.n, 0);
	free(ci);
}

/* The CSV's workbooks of a cohort larger than their first table, read
 * through the store, and handed rows a prompt at a time across the
 * members (a member's rows need not come together). */
static void test_cohort_workbooks(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	enum { MEMBERS = 40 };
	int64_t user[MEMBERS], c7;
	struct cohort_workbooks cw;
	struct workbook wb;
	char email[64], value[64], prompt[16];
	int i, p;

	put_model(st, 7, 4, 0, NULL);
	for (i = 0; i < MEMBERS; i++) {
		snprintf(email, sizeof(email), "m%d@example.org", i);
		user[i] = add_user(st, email);
	}
	c7 = add_cohort(st, "Many", 7, user[0]);
	for (i = 1; i < MEMBERS; i++)
		join(st, c7, user[i], ROLE_PARTICIPANT);
	for (p = 0; p < 2; p++)
		for (i = MEMBERS - 1; i >= 0; i--) {
			snprintf(value, sizeof(value), "m%d p%d", i, p);
			put_answer(st, user[i], 7, p ? "prompt-1" : "prompt-0",
				   value);
		}

	assert_int_equal(workbook_ask_cohort(st, c7, 7, &cw), STORE_OK);
	assert_false(cw.oom);
	assert_int_equal(cw.n, MEMBERS);
	for (i = 0; i < MEMBERS; i++) {
		workbook_take(&cw, user[i], &wb);
		assert_int_equal(wb.nr_answers, 2);
		snprintf(value, sizeof(value), "m%d p0", i);
		assert_string_equal(workbook_answer(&wb, "prompt-0")->value,
				    value);
		snprintf(value, sizeof(value), "m%d p1", i);
		assert_string_equal(workbook_answer(&wb, "prompt-1")->value,
				    value);
		workbook_release(&wb);
	}
	workbook_take(&cw, user[0], &wb);        /* taken: none left */
	assert_int_equal(wb.nr_answers, 0);
	workbook_cohort_release(&cw);

	/* Rows as a hash join may give them: a prompt at a time. */
	memset(&cw, 0, sizeof(cw));
	for (p = 0; p < 3; p++)
		for (i = 0; i < MEMBERS; i++) {
			snprintf(value, sizeof(value), "m%d p%d", i, p);
			snprintf(prompt, sizeof(prompt), "prompt-%d", p);
			assert_int_equal(workbook_cohort_add(&cw, 1000 + i,
					 prompt, value, strlen(value)), 0);
		}
	assert_int_equal(cw.n, MEMBERS);
	workbook_take(&cw, 1000 + MEMBERS - 1, &wb);
	assert_int_equal(wb.nr_answers, 3);
	assert_string_equal(workbook_answer(&wb, "prompt-2")->value, "m39 p2");
	workbook_release(&wb);
	workbook_take(&cw, 999, &wb);            /* no row of theirs */
	assert_int_equal(wb.nr_answers, 0);
	workbook_cohort_release(&cw);
}

/* What a cohort read gave, in the order its callback was called: the
 * kind of read, the user and the row's id or value. */
struct given {
	char what[32][64];
	int n;
};

static void given_add(struct given *g, const char *kind, int64_t user,
		      const char *s, size_t len)
{
	assert_true(g->n < 32);
	snprintf(g->what[g->n++], sizeof(g->what[0]), "%s %lld %.*s", kind,
		 (long long)user, (int)len, s);
}

static int given_answer(void *ctx, int64_t user, const char *prompt,
			const char *value, size_t len)
{
	char both[64];

	snprintf(both, sizeof(both), "%s=%.*s", prompt, (int)len, value);
	given_add(ctx, "answer", user, both, strlen(both));
	return 0;
}

static int given_reading(void *ctx, int64_t user, const char *reading,
			 int done)
{
	given_add(ctx, done ? "read" : "unread", user, reading,
		  strlen(reading));
	return 0;
}

static int given_share(void *ctx, const struct share *sh)
{
	given_add(ctx, "share", sh->user, sh->exercise_id,
		  strlen(sh->exercise_id));
	return 0;
}

static int given_checkin(void *ctx, const struct checkin *c,
			 const char *note)
{
	given_add(ctx, "checkin", c->user, note, strlen(note));
	return 0;
}

static int given_member(void *ctx, const struct member *m)
{
	given_add(ctx, "member", m->user.id, m->user.email,
		  strlen(m->user.email));
	return 0;
}

/* Two given rows of one kind in the order given_is() wants them: by
 * user, then by the rest; 0 for rows of two kinds, whose order is the
 * order they were read in. */
static int given_cmp(const char *x, const char *y)
{
	const char *xs = strchr(x, ' '), *ys = strchr(y, ' ');
	long long xu, yu;

	if (!xs || !ys || xs - x != ys - y || strncmp(x, y, (size_t)(xs - x)))
		return 0;
	xu = strtoll(xs + 1, NULL, 10);
	yu = strtoll(ys + 1, NULL, 10);
	return xu != yu ? (xu < yu ? -1 : 1) : strcmp(x, y);
}

/* The rows sorted within each kind (a cohort read's rows come in no set
 * order) and compared with want, one row a line. */
static void given_is(struct given *g, const char *want)
{
	char all[2048] = "", t[64];
	int i, j;

	for (i = 1; i < g->n; i++)      /* by insertion: a few rows */
		for (j = i; j > 0; j--) {
			char *x = g->what[j - 1], *y = g->what[j];

			if (given_cmp(x, y) <= 0)
				break;
			memcpy(t, y, sizeof(t));
			memcpy(y, x, sizeof(t));
			memcpy(x, t, sizeof(t));
		}
	for (i = 0; i < g->n; i++) {
		strcat(all, g->what[i]);
		strcat(all, "\n");
	}
	assert_string_equal(all, want);
}

/*
 * The dashboard's reads: the answers brief (the text only of the prompts
 * asked for, else "" for a blank one and "." for the rest), and the
 * roster and cohort reads sent together (store_together()), which give the rows of
 * each in the order asked for, on PostgreSQL only at the end, unless a
 * read of another kind sends them first.
 */
static void test_cohort_together(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "a@example.org");
	int64_t b = add_user(st, "b@example.org");
	int64_t c7;
	const char *whole[] = { "prompt-0", "prompt-9" };
	struct checkin *ci = calloc(1, sizeof(*ci));
	struct share sh = { .number = 7, .mode = SHARE_COHORT, .user = 0 };
	struct cohort got;
	struct given g = { 0 };
	bool later = strcmp(store_backend_name(st), "sqlite") != 0;
	uint64_t n;
	char want[512];

	assert_non_null(ci);
	put_model(st, 7, 4, 2, NULL);
	c7 = add_cohort(st, "Seven", 7, a);
	join(st, c7, b, ROLE_PARTICIPANT);
	put_answer(st, a, 7, "prompt-1", " \t\r\n ");
	put_answer(st, a, 7, "prompt-0", "a zero");
	put_answer(st, b, 7, "prompt-2", "b two");
	put_answer(st, b, 7, "prompt-0", "  ");
	assert_int_equal(store_reading_done_put(st, b, 7, "reading-1", 1),
			 STORE_OK);
	sh.user = b;
	strcpy(sh.exercise_id, "second");
	assert_int_equal(store_share_put(st, &sh), STORE_OK);
	ci->number = 7;
	ci->status = CHECKIN_ON_TRACK;
	ci->user = a;
	strcpy(ci->prompt_id, "prompt-1");
	strcpy(ci->milestone, "Draft");
	assert_int_equal(store_checkin_add(st, ci, "a note"), STORE_OK);

	/* Brief: prompt-0's text in full (blank or not); the others "" or
	 * "."; one statement. */
	n = store_statements(st);
	assert_int_equal(store_answer_cohort_brief(st, c7, 7, whole, 2,
						   given_answer, &g), STORE_OK);
	assert_int_equal(store_statements(st) - n, 1);
	snprintf(want, sizeof(want),
		 "answer %lld prompt-0=a zero\nanswer %lld prompt-1=\n"
		 "answer %lld prompt-0=  \nanswer %lld prompt-2=.\n",
		 (long long)a, (long long)a, (long long)b, (long long)b);
	given_is(&g, want);

	/* Together: the same rows, each read's after the one before. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(store_read_begin(st, 0), STORE_OK);
	n = store_statements(st);
	store_together(st);
	assert_int_equal(store_member_list(st, c7, given_member, &g),
			 STORE_OK);
	assert_int_equal(store_answer_cohort_brief(st, c7, 7, whole, 1,
						   given_answer, &g), STORE_OK);
	assert_int_equal(store_reading_cohort(st, c7, 7, given_reading, &g),
			 STORE_OK);
	assert_int_equal(store_share_cohort(st, c7, 7, given_share, &g),
			 STORE_OK);
	assert_int_equal(store_checkin_cohort(st, c7, 7, given_checkin, &g),
			 STORE_OK);
	assert_int_equal(store_statements(st) - n, 5);
	assert_int_equal(g.n, later ? 0 : 9);
	assert_int_equal(store_together_end(st), STORE_OK);
	assert_int_equal(store_read_end(st), STORE_OK);
	snprintf(want, sizeof(want),
		 "member %lld a@example.org\nmember %lld b@example.org\n"
		 "answer %lld prompt-0=a zero\nanswer %lld prompt-1=\n"
		 "answer %lld prompt-0=  \nanswer %lld prompt-2=.\n"
		 "read %lld reading-1\nshare %lld second\n"
		 "checkin %lld a note\n", (long long)a, (long long)b,
		 (long long)a, (long long)a, (long long)b, (long long)b,
		 (long long)b, (long long)b, (long long)a);
	given_is(&g, want);

	/* Any other statement sends what waits first: its rows are given
	 * before it returns. */
	memset(&g, 0, sizeof(g));
	store_together(st);
	assert_int_equal(store_share_cohort(st, c7, 7, given_share, &g),
			 STORE_OK);
	assert_int_equal(store_cohort_get(st, c7, &got), STORE_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(store_together_end(st), STORE_OK);
	assert_int_equal(g.n, 1);

	/* Nothing waiting. */
	store_together(st);
	assert_int_equal(store_together_end(st), STORE_OK);
	free(ci);
}

/* The generation asked for ahead of a snapshot: what store_generation()
 * gives then, read with the snapshot's first statement or, when none
 * went, when asked for; without an ask, a number that matches nothing. */
static void test_generation_ask(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	uint64_t g, a, b;
	struct cohort got;

	add_user(st, "gen-0@example.org");
	g = store_generation(st);
	store_generation_ask(st);
	assert_int_equal(store_read_begin(st, 0), STORE_OK);
	assert_int_equal(store_cohort_get(st, 1, &got), STORE_NOTFOUND);
	a = store_generation_asked(st);
	assert_true(a == g);
	assert_true(store_generation_asked(st) == a);
	assert_int_equal(store_read_end(st), STORE_OK);

	a = store_generation_asked(st);
	b = store_generation_asked(st);
	assert_true(a != b && a >> 63 && b >> 63);

	add_user(st, "gen-1@example.org");
	store_generation_ask(st);
	assert_int_equal(store_read_begin(st, 0), STORE_OK);
	a = store_generation_asked(st);
	assert_true(a != g && !(a >> 63));
	assert_int_equal(store_cohort_get(st, 1, &got), STORE_NOTFOUND);
	assert_int_equal(store_read_end(st), STORE_OK);
	assert_true(store_generation(st) == a);
}

/* The cohort with the viewer's role in it, in one statement. */
static void test_cohort_as(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t a = add_user(st, "a@example.org");
	int64_t b = add_user(st, "b@example.org");
	int64_t out = add_user(st, "out@example.org");
	int64_t c7;
	struct cohort c;
	uint64_t n;

	put_model(st, 7, 2, 0, NULL);
	c7 = add_cohort(st, "Seven", 7, a);
	join(st, c7, b, ROLE_PARTICIPANT);
	n = store_statements(st);
	assert_int_equal(store_cohort_as(st, c7, a, &c), STORE_OK);
	assert_int_equal(store_statements(st) - n, 1);
	assert_string_equal(c.name, "Seven");
	assert_int_equal(c.number, 7);
	assert_int_equal(c.role, ROLE_FACILITATOR);
	assert_int_equal(store_cohort_as(st, c7, b, &c), STORE_OK);
	assert_int_equal(c.role, ROLE_PARTICIPANT);
	assert_int_equal(store_cohort_as(st, c7, out, &c), STORE_OK);
	assert_int_equal(c.role, ROLE_NONE);
	assert_int_equal(store_cohort_as(st, c7 + 100, a, &c),
			 STORE_NOTFOUND);
}

static void test_statements_per_page(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t uid = add_user(st, "count@example.org");
	const struct answer_put one = { "prompt-1", "typed", 5 };
	struct login l = { .user_id = uid }, got;
	struct workbook wb;
	uint64_t n;
	int due = 0;

	store_set_rerun(st, 0);
	put_model(st, 7, 4, 0, NULL);
	put_answer(st, uid, 7, "prompt-0", "earlier");
	strcpy(l.csrf, "csrf");
	l.expires = store_now(st) + 3600;
	assert_int_equal(store_login_add(st, "count", &l), STORE_OK);

	n = store_statements(st);
	assert_int_equal(store_read_begin(st, 0), STORE_OK);
	assert_int_equal(store_login_find(st, "count", 0, &got, &due),
			 STORE_OK);
	assert_int_equal(workbook_load(st, uid, 7, WB_ANSWERS, &wb),
			 STORE_OK);
	assert_int_equal(store_read_end(st), STORE_OK);
	assert_int_equal(store_statements(st) - n, 2);
	assert_int_equal(wb.nr_answers, 1);
	workbook_release(&wb);

	n = store_statements(st);
	assert_int_equal(workbook_save(st, uid, 7, &one, 1, &wb), STORE_OK);
	assert_int_equal(store_statements(st) - n, 3);
	assert_int_equal(wb.nr_answers, 2);
	workbook_release(&wb);
	/* The same text again: the history's two writes run and change
	 * nothing (the rule is theirs), so the count does not depend on
	 * what was saved before. */
	n = store_statements(st);
	assert_int_equal(workbook_save(st, uid, 7, &one, 1, &wb), STORE_OK);
	assert_int_equal(store_statements(st) - n, 3);
	assert_int_equal(wb.nr_answers, 2);
	workbook_release(&wb);
}

/*
 * store_set_rerun(): every write's body runs twice, the first time rolled
 * back, so it costs twice the statements and leaves one result.  The
 * contract suite's second fixture runs every test so.
 */
static void test_rerun(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	uint64_t n;
	struct rows *rs;

	store_set_rerun(st, 1);
	n = store_statements(st);
	add_user(st, "twice@example.org");
	assert_int_equal(store_statements(st) - n, 2);
	rs = rows_new();
	assert_int_equal(store_user_list(st, on_user, rs), STORE_OK);
	assert_int_equal(rs->n, 1);
	rows_free(rs);
	store_set_rerun(st, 0);
	n = store_statements(st);
	add_user(st, "once@example.org");
	assert_int_equal(store_statements(st) - n, 1);
}

/* ---- caps under concurrency ---- */

#define NR_RACERS 6

/*
 * One place left under a cap and several processes, each with its own
 * connection, asking for it at once: exactly one gets it.  The count and
 * the write are one transaction.
 */
static void race_for_last(struct env *env, int64_t cohort, int64_t creator)
{
	pid_t pid[NR_RACERS];
	int go[2], i, status, ok = 0, full = 0;
	char c;

	assert_int_equal(pipe(go), 0);
	for (i = 0; i < NR_RACERS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			struct store *st = NULL;
			struct invite in = { .cohort_id = cohort,
					     .role = ROLE_PARTICIPANT };
			struct cohort co = { .number = 7,
					     .created_by = creator };
			char err[300];
			int a, b;

			close(go[1]);
			snprintf(in.token_hash, sizeof(in.token_hash), "r%d", i);
			snprintf(co.name, sizeof(co.name), "racer %d", i);
			if (store_open(env->url, &st, err, sizeof(err)) !=
			    STORE_OK)
				_exit(9);
			if (read(go[0], &c, 1) != 1)    /* all start at once */
				_exit(9);
			a = store_invite_add(st, &in);
			b = store_cohort_add(st, &co);
			store_close(st);
			_exit((a == STORE_OK ? 1 : a == STORE_FULL ? 2 : 8) |
			      (b == STORE_OK ? 16 : b == STORE_FULL ? 32 : 64));
		}
	}
	close(go[0]);
	usleep(50 * 1000);              /* let them all open */
	for (i = 0; i < NR_RACERS; i++)
		assert_int_equal(write(go[1], "g", 1), 1);
	close(go[1]);
	for (i = 0; i < NR_RACERS; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		status = WEXITSTATUS(status);
		assert_true((status & 15) == 1 || (status & 15) == 2);
		assert_true((status & ~15) == 16 || (status & ~15) == 32);
		ok += (status & 1) + !!(status & 16) * 16;
		full += !!(status & 2) + !!(status & 32) * 16;
	}
	assert_int_equal(ok, 1 + 16);   /* one invite, one cohort */
	assert_int_equal(full, (NR_RACERS - 1) * 17);
}

static void test_cap_race(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t f = add_user(st, "f@example.org");
	struct invite in;
	int64_t x = 0;
	int i;

	put_model(st, 7, 2, 0, NULL);
	for (i = 0; i < STORE_COHORTS_MAX - 1; i++)
		x = add_cohort(st, "mine", 7, f);
	memset(&in, 0, sizeof(in));
	in.cohort_id = x;
	in.role = ROLE_PARTICIPANT;
	for (i = 0; i < STORE_INVITES_MAX - 1; i++) {
		snprintf(in.token_hash, sizeof(in.token_hash), "h%d", i);
		assert_int_equal(store_invite_add(st, &in), STORE_OK);
	}
	/* No connection crosses fork(). */
	store_close(env->st);
	env->st = NULL;
	race_for_last(env, x, f);
	env->st = open_url(env->url);
	assert_int_equal(invites_in(env->st, x), STORE_INVITES_MAX);
	assert_int_equal(cohorts_of(env->st, f), STORE_COHORTS_MAX);
}

#include "store-loop.h"

struct contract_test {
	const char *name;
	CMUnitTestFunction fn;
};
#define CONTRACT(fn) { #fn, fn }

static const struct contract_test contract[] = {
	CONTRACT(test_migrations_reopen),
	CONTRACT(test_users),
	CONTRACT(test_logins),
	CONTRACT(test_login_lifetimes),
	CONTRACT(test_logins_end),
	CONTRACT(test_course_roundtrip),
	CONTRACT(test_reflection_prompt),
	CONTRACT(test_archive),
	CONTRACT(test_answers),
	CONTRACT(test_answers_batch),
	CONTRACT(test_answers_dated),
	CONTRACT(test_reading_states),
	CONTRACT(test_isolation),
	CONTRACT(test_versions_coalesce),
	CONTRACT(test_import_put),
	CONTRACT(test_versions_kept),
	CONTRACT(test_cohorts),
	CONTRACT(test_cohort_relation),
	CONTRACT(test_invites),
	CONTRACT(test_shares),
	CONTRACT(test_comments),
	CONTRACT(test_comment_unread),
	CONTRACT(test_threads_resolved),
	CONTRACT(test_feeds),
	CONTRACT(test_ctests),
	CONTRACT(test_ctest_log),
	CONTRACT(test_partners),
	CONTRACT(test_partner_caps),
	CONTRACT(test_checkins),
	CONTRACT(test_review_notes),
	CONTRACT(test_comment_caps),
	CONTRACT(test_checkin_cap),
	CONTRACT(test_cohort_caps),
	CONTRACT(test_versions_cap),
	CONTRACT(test_cohorts_reopen),
	CONTRACT(test_durability_kill9),
	CONTRACT(test_concurrent_writers),
	CONTRACT(test_one_row_writers),
	CONTRACT(test_concurrent_first_open),
	CONTRACT(test_cap_race),
	CONTRACT(test_site),
	CONTRACT(test_copy),
	CONTRACT(test_copy_many),
	CONTRACT(test_batch),
	CONTRACT(test_statements_per_page),
	CONTRACT(test_cohort_as_ask),
	CONTRACT(test_cohort_lists),
	CONTRACT(test_cohort_workbooks),
	CONTRACT(test_cohort_together),
	CONTRACT(test_generation_ask),
	CONTRACT(test_cohort_as),
	CONTRACT(test_rerun),
};
#define NR_CONTRACT (sizeof(contract) / sizeof(*contract))

/* Run the whole contract against one backend. */
static int run_contract(const struct backend_fixture *fx)
{
	struct CMUnitTest tests[NR_CONTRACT];
	size_t i;
	int failed;

	for (i = 0; i < NR_CONTRACT; i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = contract[i].name;
		tests[i].test_func = contract[i].fn;
		tests[i].setup_func = env_setup;
		tests[i].teardown_func = env_teardown;
		tests[i].initial_state = (void *)fx;
	}
	contract_rerun = fx->rerun;
	failed = _cmocka_run_group_tests(fx->name, tests, NR_CONTRACT, NULL,
					 NULL);
	contract_rerun = 0;
	return failed;
}

/* ---- store_open()'s URL forms (not part of any one backend) ---- */

static void expect_refused(const char *url, const char *needle)
{
	struct store *st = (struct store *)&st;
	char err[300] = "";

	assert_int_equal(store_open(url, &st, err, sizeof(err)), STORE_ERR);
	assert_ptr_equal(st, (struct store *)&st);
	if (!strstr(err, needle))
		fail_msg("store_open(%s): \"%s\" lacks \"%s\"", url, err,
			 needle);
}

static void test_url_forms(void **state)
{
	struct env env;
	struct store *st;
	int v = 0;

	(void)state;
	expect_refused("postgres:alignplan", "not a PostgreSQL URL");
	expect_refused("postgresql://u@/db?host=/nonexistent-dir",
		       "/nonexistent-dir");
	expect_refused("mysql://localhost/db", "unknown database URL");
	expect_refused("", "no database");
	expect_refused("sqlite:", "empty");
	expect_refused("sqlite:/nonexistent-dir/x/y.db", "/nonexistent-dir");

	/* A bare path is an SQLite file. */
	memset(&env, 0, sizeof(env));
	sqlite_fresh(&env);
	st = open_url(env.path);
	assert_string_equal(store_backend_name(st), "sqlite");
	assert_int_equal(store_schema_version(st, &v), STORE_OK);
	assert_true(v >= 1);
	store_close(st);
	sqlite_cleanup(&env);
}

/* What migrations after 8 made, for the tests that take a database back
 * to an older schema by hand. */
#define DROP_LATER_TABLES \
	"ALTER TABLE users DROP COLUMN unread;" /* migration 21 */ \
	"DROP TABLE IF EXISTS answer_days;" /* 22 */ \
	"DROP TABLE IF EXISTS note_versions;" \
	"DROP TABLE IF EXISTS site;" \
	"DROP TABLE IF EXISTS throttle;" \
	"DROP TABLE IF EXISTS thread_resolved;" \
	"DROP TABLE IF EXISTS calendar_feeds;" \
	"DROP TABLE IF EXISTS user_settings;" \
	"DROP TABLE IF EXISTS cheap_test_log;" \
	"DROP TABLE IF EXISTS cheap_tests;" \
	"DROP TABLE IF EXISTS mentions;" \
	"DROP TABLE IF EXISTS notices;" \
	"DROP TABLE IF EXISTS notice_prefs;" \
	"DROP TABLE IF EXISTS mail_outbox;" \
	"DROP TABLE IF EXISTS secrets;" \
	/* migrations 16 to 18 (issue 13) */ \
	"DROP TABLE IF EXISTS team_members;" \
	"DROP TABLE IF EXISTS teams;" \
	"DROP TABLE IF EXISTS intros;" \
	"DROP TABLE IF EXISTS profile_tags;" \
	"DROP TABLE IF EXISTS profiles;" \
	"DROP TABLE IF EXISTS opportunity_tags;" \
	"DROP TABLE IF EXISTS opportunities;" \
	"DROP TABLE IF EXISTS saved_filters;" \
	"DROP TABLE IF EXISTS projects;" \
	"DROP TABLE IF EXISTS agendas;" \
	"DROP TABLE IF EXISTS agenda_catalog;" \
	/* migration 20 (cohort dates, reminders, nudges) */ \
	"DROP TABLE IF EXISTS cohort_dates;" \
	"DROP TABLE IF EXISTS notice_once;" \
	"DROP TABLE IF EXISTS nudges;" \
	"DROP INDEX IF EXISTS answers_prompt;"

/*
 * SQLite only: migration 2 gives every answer saved before it its value as
 * version 1.  The database is taken back to schema 1 by hand (the only SQL
 * in the tests), then reopened.
 */
static void test_sqlite_migration_2(void **state)
{
	struct env env;
	struct store *st;
	struct rows *rs;
	struct login l;
	sqlite3 *db;
	int64_t uid, before;
	int v = 0, latest = 0;

	(void)state;
	memset(&env, 0, sizeof(env));
	sqlite_fresh(&env);
	st = open_url(env.url);
	assert_int_equal(store_schema_version(st, &latest), STORE_OK);
	uid = add_user(st, "old@example.org");
	put_model(st, 3, 3, 0, NULL);
	store_set_clock(st, T0);
	put_answer(st, uid, 3, "prompt-0", "saved before versions");
	put_answer(st, uid, 3, "prompt-1", "");
	login_at(st, uid, "kept-login", T0, (int64_t)time(NULL) + 3600);
	store_close(st);
	before = (int64_t)time(NULL);

	assert_int_equal(sqlite3_open(env.path, &db), SQLITE_OK);
	/* Back to schema 1: what migrations 2 and later made goes (dropping
	 * cohorts drops migration 5's index on it). */
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = OFF;"
				      "ALTER TABLE logins DROP COLUMN last_seen;"
				      "DROP INDEX logins_expires;"
				      "DROP TABLE answer_versions;"
				      "DROP TABLE review_notes;"
				      "DROP TABLE reviews;"
				      "DROP TABLE checkins;"
				      "DROP TABLE partners;"
				      "DROP TABLE comments_seen;"
				      DROP_LATER_TABLES
				      "DROP TABLE comments;"
				      "DROP TABLE shares;"
				      "DROP TABLE invites;"
				      "DROP TABLE members;"
				      "DROP TABLE cohorts;"
				      "DELETE FROM schema_migrations"
				      " WHERE version >= 2", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);

	st = open_url(env.url);
	assert_int_equal(store_schema_version(st, &v), STORE_OK);
	assert_int_equal(v, latest);
	rs = versions_of(st, uid, 3, "prompt-0");
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].flag, 1);
	assert_string_equal(rs->r[0].value, "saved before versions");
	assert_int_equal(atoll(rs->r[0].id), T0);
	rows_free(rs);
	rs = versions_of(st, uid, 3, "prompt-1");   /* empty: no draft */
	assert_int_equal(rs->n, 0);
	rows_free(rs);
	/* Migration 5: a login made before it counts as used then, so no
	 * one is logged out by the upgrade. */
	assert_int_equal(store_login_get(st, "kept-login", &l), STORE_OK);
	assert_true(l.last_seen >= before && l.last_seen <= time(NULL));
	store_close(st);
	sqlite_cleanup(&env);
}

/*
 * SQLite only: migration 21 counts each person's unread notices made
 * before it into users.unread, which every page's login reads.
 */
static void test_sqlite_migration_21(void **state)
{
	struct env env;
	struct store *st;
	struct login l;
	sqlite3 *db;
	struct notice_new n = { 0, NOTICE_REPLY, 0, "A reply", "/x",
				NOTICE_OFF, NULL };
	int64_t uid, other;

	(void)state;
	memset(&env, 0, sizeof(env));
	sqlite_fresh(&env);
	st = open_url(env.url);
	uid = add_user(st, "old@example.org");
	other = add_user(st, "none@example.org");
	n.user_id = uid;
	assert_int_equal(store_notices_add(st, &n, 1), STORE_OK);
	assert_int_equal(store_notices_add(st, &n, 1), STORE_OK);
	login_at(st, uid, "h-old", (int64_t)time(NULL), (int64_t)time(NULL) + 3600);
	login_at(st, other, "h-none", (int64_t)time(NULL), (int64_t)time(NULL) + 3600);
	store_close(st);

	assert_int_equal(sqlite3_open(env.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE users DROP COLUMN unread;"
				      "DROP TABLE answer_days;"
				      "DELETE FROM schema_migrations"
				      " WHERE version >= 21", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);

	st = open_url(env.url);
	assert_int_equal(store_login_get(st, "h-old", &l), STORE_OK);
	assert_int_equal(l.unread, 2);
	assert_int_equal(store_login_get(st, "h-none", &l), STORE_OK);
	assert_int_equal(l.unread, 0);
	store_close(st);
	sqlite_cleanup(&env);
}

/*
 * SQLite only: migration 22 finds the dates written in the answers saved
 * before it (the table is taken away by hand, then the database
 * reopened): after a tab, a NUL byte or an accented letter; not a
 * date's tail.
 */
static void test_sqlite_migration_22(void **state)
{
	static const char v[] = "Step\t2026-12-08\n\xc3\xa9 2026-12-30\n"
		"12-09 and 2026-1-10\n\0\t2027-01-02";
	struct env env;
	struct store *st;
	sqlite3 *db;
	int64_t uid;
	char want[64];

	(void)state;
	memset(&env, 0, sizeof(env));
	sqlite_fresh(&env);
	st = open_url(env.url);
	put_model(st, 2, 3, 0, NULL);
	uid = add_user(st, "old-dates@example.org");
	assert_int_equal(store_answer_put(st, uid, 2, "prompt-0", v,
					  sizeof(v) - 1), STORE_OK);
	store_close(st);

	assert_int_equal(sqlite3_open(env.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE answer_days;"
				      "DELETE FROM schema_migrations"
				      " WHERE version >= 22", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);

	st = open_url(env.url);
	snprintf(want, sizeof(want), "%lld,", (long long)uid);
	assert_string_equal(dated(st, "prompt-0", "2026-12-08", "2026-12-08"),
			    want);
	assert_string_equal(dated(st, "prompt-0", "2026-12-30", "2026-12-30"),
			    want);
	assert_string_equal(dated(st, "prompt-0", "2027-01-02", "2027-01-02"),
			    want);
	assert_string_equal(dated(st, "prompt-0", "2026-12-09", "2026-12-29"),
			    "");
	store_close(st);
	sqlite_cleanup(&env);
}

/*
 * SQLite only: migration 6 turns the partnerships made before consent
 * into requests that the one backed must accept; until then they show
 * nothing.  The partners table is taken back to its migration-3 shape
 * by hand, with a row in it, then the database is reopened.
 */
static void test_sqlite_migration_6(void **state)
{
	struct env env;
	struct store *st;
	struct partner pa;
	sqlite3 *db;
	int64_t f, o, p, x;
	char sql[2048];
	int v = 0;

	(void)state;
	memset(&env, 0, sizeof(env));
	sqlite_fresh(&env);
	st = open_url(env.url);
	f = add_user(st, "f@example.org");
	o = add_user(st, "o@example.org");
	p = add_user(st, "p@example.org");
	put_model(st, 7, 2, 0, NULL);
	x = add_cohort(st, "X", 7, f);
	join(st, x, o, ROLE_PARTICIPANT);
	join(st, x, p, ROLE_PARTICIPANT);
	store_close(st);

	assert_int_equal(sqlite3_open(env.path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA foreign_keys = OFF;"
		 "DROP TABLE partners;"
		 "CREATE TABLE partners ("
		 "  cohort_id INTEGER NOT NULL,"
		 "  supporter INTEGER NOT NULL,"
		 "  supported INTEGER NOT NULL,"
		 "  created INTEGER NOT NULL,"
		 "  PRIMARY KEY (cohort_id, supporter, supported),"
		 "  CHECK (supporter <> supported),"
		 "  FOREIGN KEY (cohort_id, supporter)"
		 "    REFERENCES members(cohort_id, user_id) ON DELETE CASCADE,"
		 "  FOREIGN KEY (cohort_id, supported)"
		 "    REFERENCES members(cohort_id, user_id) ON DELETE CASCADE"
		 ");"
		 "INSERT INTO partners VALUES (%lld, %lld, %lld, %lld);"
		 "ALTER TABLE logins DROP COLUMN last_seen;"
		 "ALTER TABLE invites DROP COLUMN token;"
		 "ALTER TABLE shares DROP COLUMN link_token;"
		 "DROP TRIGGER members_seq;"
		 "DROP TRIGGER invites_seq;"
		 "ALTER TABLE members DROP COLUMN seq;"
		 "ALTER TABLE invites DROP COLUMN seq;"
		 DROP_LATER_TABLES
		 "DELETE FROM schema_migrations WHERE version >= 6",
		 (long long)x, (long long)p, (long long)o, (long long)T0);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	st = open_url(env.url);
	assert_int_equal(store_schema_version(st, &v), STORE_OK);
	assert_true(v >= 6);
	assert_int_equal(store_partner_get(st, x, p, o, &pa), STORE_OK);
	assert_int_equal(pa.state, PARTNER_PENDING);
	assert_int_equal(pa.created, T0);
	assert_int_equal(pa.changed, T0);
	/* The one backed answers it like any request. */
	assert_int_equal(store_partner_act(st, x, p, o, p, PARTNER_ACCEPT,
					   NULL), STORE_NOTFOUND);
	assert_int_equal(store_partner_act(st, x, p, o, o, PARTNER_ACCEPT,
					   NULL), STORE_OK);
	assert_int_equal(store_partner_get(st, x, p, o, &pa), STORE_OK);
	assert_int_equal(pa.state, PARTNER_ACCEPTED);
	store_close(st);
	sqlite_cleanup(&env);
}

/* A file replaced under the same path is a new database: its writes go
 * to it, not to the one a still-open connection has (the process's
 * writer is per file, not per path). */
static void test_sqlite_file_replaced(void **state)
{
	struct env env;
	struct store *old, *st;
	struct rows *rs;
	int64_t a, b;

	(void)state;
	memset(&env, 0, sizeof(env));
	sqlite_fresh(&env);
	old = open_url(env.url);
	a = add_user(old, "old-file@example.org");
	put_model(old, 3, 1, 0, NULL);
	put_answer(old, a, 3, "prompt-0", "in the old file");
	sqlite_cleanup(&env);           /* unlinked: old still has it open */

	st = open_url(env.url);
	b = add_user(st, "new-file@example.org");
	put_model(st, 3, 1, 0, NULL);
	put_answer(st, b, 3, "prompt-0", "in the new file");
	rs = answers_of(st, b, 3);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "in the new file");
	rows_free(rs);
	rs = answers_of(old, a, 3);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->r[0].value, "in the old file");
	rows_free(rs);
	store_close(old);
	store_close(st);
	sqlite_cleanup(&env);
}

/* Two threads that each read and save, as the server's do: the log
 * still starts over now and then instead of growing with every save.
 * Passive checkpoints alone left it growing by a page per save, as one
 * thread or the other was always reading from it. */
struct saver {
	const char *url;
	int64_t user;
	int failures;
};

#define LOG_SAVES 20000         /* per thread: 80,000 log pages in all */

static void *saver_main(void *arg)
{
	struct saver *w = arg;
	struct store *st = open_url(w->url);
	struct rows *rs;
	char v[32];
	int i;

	for (i = 0; i < LOG_SAVES; i++) {
		rs = rows_new();
		store_read_begin(st, 0);
		if (store_answer_list(st, w->user, 3, on_answer, rs))
			w->failures++;
		store_read_end(st);
		rows_free(rs);
		snprintf(v, sizeof(v), "save %d", i);
		if (store_answer_put(st, w->user, 3, "prompt-0", v,
				     strlen(v)))
			w->failures++;
	}
	store_close(st);
	return NULL;
}

static void test_sqlite_log_bounded(void **state)
{
	struct env env;
	struct saver w[2];
	struct stat wal;
	char path[PATH_MAX + 8];
	struct store *st;
	pthread_t t[2];
	int i;

	(void)state;
	memset(&env, 0, sizeof(env));
	sqlite_fresh(&env);
	st = open_url(env.url);
	put_model(st, 3, 1, 0, NULL);
	for (i = 0; i < 2; i++) {
		w[i].url = env.url;
		w[i].user = add_user(st, i ? "log1@example.org" :
				     "log0@example.org");
		w[i].failures = 0;
		assert_int_equal(pthread_create(&t[i], NULL, saver_main, &w[i]),
				 0);
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].failures, 0);
	}
	snprintf(path, sizeof(path), "%s-wal", env.path);
	assert_int_equal(stat(path, &wal), 0);
	if (wal.st_size > 100L << 20)
		fail_msg("the log grew to %lld bytes", (long long)wal.st_size);
	store_close(st);
	sqlite_cleanup(&env);
}

/* A new login takes the expired ones with it (SQLite: rows counted). */
static void test_sqlite_logins_purged(void **state)
{
	struct env env;
	struct login l = { 0 };
	struct store *st;
	sqlite3_stmt *s;
	sqlite3 *db;
	int64_t uid;

	(void)state;
	memset(&env, 0, sizeof(env));
	sqlite_fresh(&env);
	st = open_url(env.url);
	uid = add_user(st, "purge@example.org");
	l.user_id = uid;
	snprintf(l.csrf, sizeof(l.csrf), "c");
	l.expires = (int64_t)time(NULL) - 10;          /* expired */
	assert_int_equal(store_login_add(st, "old-1", &l), STORE_OK);
	assert_int_equal(store_login_add(st, "old-2", &l), STORE_OK);
	l.expires = (int64_t)time(NULL) + 3600;
	assert_int_equal(store_login_add(st, "new", &l), STORE_OK);
	store_close(st);

	assert_int_equal(sqlite3_open(env.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat("
					    "token_hash) FROM logins", -1, &s,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "new");
	sqlite3_finalize(s);
	sqlite3_close(db);
	sqlite_cleanup(&env);
}

int main(void)
{
	/* ALIGNPLAN_TEST_DB=postgres://... (make pgtest): PostgreSQL. */
	static const struct backend_fixture *const sqlite_backends[] = {
		&sqlite_fixture,
		&sqlite_rerun_fixture,
	}, *const pg_backends[] = {
		&pg_fixture,
		&pg_rerun_fixture,
	};
	const struct backend_fixture *const *backends = test_db_pg() ?
		pg_backends : sqlite_backends;
	const struct CMUnitTest url_tests[] = {
		cmocka_unit_test(test_url_forms),
		cmocka_unit_test(test_sqlite_migration_2),
		cmocka_unit_test(test_sqlite_migration_21),
		cmocka_unit_test(test_sqlite_migration_22),
		cmocka_unit_test(test_sqlite_migration_6),
		cmocka_unit_test(test_sqlite_file_replaced),
		cmocka_unit_test(test_sqlite_log_bounded),
		cmocka_unit_test(test_sqlite_logins_purged),
	};
	size_t i;
	int failed;

	/* The URL forms and SQLite's own tests: once, in make unit. */
	failed = test_db_pg() ? 0 :
		 cmocka_run_group_tests_name("store_open", url_tests, NULL,
					     NULL);
	for (i = 0; i < 2; i++)
		failed += run_contract(backends[i]);
	return failed ? 1 : 0;
}
