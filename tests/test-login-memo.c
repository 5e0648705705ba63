/*
 * A page's login as a server remembers it (src/store/login-memo.c): on
 * PostgreSQL a page is made for the login the process saw last, on any
 * of its connections, while the login is read again with the page's
 * first statement, and made again when it changed.  Whatever another
 * server did meanwhile (log out, log out everywhere, a new notice), the
 * page sent is the one for the login now stored.  A POST's login is
 * guessed on both backends, a page's on PostgreSQL only (SQLite reads it
 * with the page).  Run on SQLite and, by `make pgtest`, on PostgreSQL.
 * Another server is a child process (elsewhere()), whose memo is its
 * own; `other` is another connection of this one.
 */
#include "app-env.h"
#include "store/notices.h"
#include "store/pg-private.h"
#include "store/workbook.h"

#include <sys/wait.h>
#include <unistd.h>

struct env {
	char path[APP_DB_PATH];
	char url[PG_URL_MAX];
	struct store *st;       /* this server's connection */
	struct store *other;    /* another connection of this server */
	struct who me;
};

/* A session for a cohort's dashboard. */
static const char session_md[] =
	"# Test Course: Session 4 - Practice\n\n"
	"> Testing logins\n\n"
	"# Resources\n\n"
	"## [**First reading**](https://example.org/a) by A. Author (2024)\n\n"
	"> About the first.\n\n"
	"# Exercises\n\n"
	"## Plan something\n\n"
	"- What is your plan? <!-- alignplan: text name=plan label=\"Plan\" -->\n";

static int setup(void **state)
{
	static const char *const none[] = { session_md, NULL };
	struct env *e = calloc(1, sizeof(*e));
	char url[PG_URL_MAX], msg[256];

	assert_non_null(e);
	app_db_fresh(e->path, url, sizeof(url), "login_memo");
	snprintf(e->url, sizeof(e->url), "%s", url);
	if (store_open(url, &e->st, msg, sizeof(msg)) != STORE_OK ||
	    store_open(url, &e->other, msg, sizeof(msg)) != STORE_OK)
		fail_msg("store_open(%s): %s", url, msg);
	app_db_load(e->st, none);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	store_close(e->other);
	app_db_close(e->path, e->st);
	free(e);
	return 0;
}

/* Another server ends every login of user's: a child process, with a
 * connection and a memo of its own.  It leaves without closing anything
 * (a lock another thread held at fork() would never be let go). */
static void logins_end_elsewhere(struct env *e, int64_t user)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *st;
		char msg[256];

		_exit(store_open(e->url, &st, msg, sizeof(msg)) != STORE_OK ||
		      store_logins_end(st, user, NULL) != STORE_OK);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* GET path as me on this server, between requests as a server is. */
static void get(struct env *e, const char *path, struct response *rs)
{
	app_call(e->st, &e->me, "GET", path, NULL, 0, 0, rs);
	store_idle(e->st);
}

/* The account page: 200 with my email, or 303 to /login. */
static int account_shows_me(struct env *e, const char *email)
{
	struct response rs;
	int mine;

	get(e, "/account", &rs);
	mine = rs.status == 200 && strstr(rs.body.data, email) != NULL;
	if (!mine) {
		assert_int_equal(rs.status, 303);
		assert_non_null(strstr(header_of(&rs, "Location"), "/login"));
		assert_null(strstr(rs.body.data, email));
	}
	response_release(&rs);
	return mine;
}

static void test_logout_elsewhere(void **state)
{
	struct env *e = *state;

	person_as(e->st, &e->me, "Ada", "ada@example.org", 0);
	assert_true(account_shows_me(e, "ada@example.org"));
	assert_true(account_shows_me(e, "ada@example.org"));
	/* Another server ends every login of hers. */
	logins_end_elsewhere(e, e->me.id);
	assert_false(account_shows_me(e, "ada@example.org"));
	assert_false(account_shows_me(e, "ada@example.org"));
}

/* The header's unread count follows a notice added by another server
 * at once, and again once it is read. */
static void test_unread_elsewhere(void **state)
{
	struct env *e = *state;
	struct notice_new n = { 0, NOTICE_COMMENT, 0, "Someone commented",
				"/people", 0, NULL };
	struct response rs;
	int i;

	person_as(e->st, &e->me, "Bea", "bea@example.org", 0);
	n.user_id = e->me.id;
	for (i = 0; i < 3; i++) {
		get(e, "/account", &rs);
		assert_int_equal(rs.status, 200);
		assert_null(strstr(rs.body.data, "class=\"count\""));
		response_release(&rs);
	}
	assert_int_equal(store_notices_add(e->other, &n, 1), STORE_OK);
	get(e, "/account", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "<span class=\"count\">1</span>"));
	response_release(&rs);
	assert_int_equal(store_notices_add(e->other, &n, 1), STORE_OK);
	get(e, "/account", &rs);
	assert_non_null(strstr(rs.body.data, "<span class=\"count\">2</span>"));
	response_release(&rs);
}

/* The dashboard ends the page's snapshot to read its own (dash_get()):
 * the login is still checked, and a logout elsewhere still shows. */
static void test_dashboard_logout_elsewhere(void **state)
{
	struct env *e = *state;
	struct cohort c = { .number = 4 };
	struct response rs;
	char path[64];
	int i;

	person_as(e->st, &e->me, "Fay", "fay@example.org", 0);
	c.created_by = e->me.id;
	strcpy(c.name, "Spring");
	assert_int_equal(store_cohort_add(e->st, &c), STORE_OK);
	assert_int_equal(store_member_put(e->st, c.id, e->me.id,
					  ROLE_FACILITATOR), STORE_OK);
	snprintf(path, sizeof(path), "/c/%lld/dashboard", (long long)c.id);
	for (i = 0; i < 3; i++) {
		get(e, path, &rs);
		assert_int_equal(rs.status, 200);
		assert_non_null(strstr(rs.body.data, "Spring"));
		response_release(&rs);
	}
	logins_end_elsewhere(e, e->me.id);
	get(e, path, &rs);
	assert_int_equal(rs.status, 303);
	assert_non_null(strstr(header_of(&rs, "Location"), "/login"));
	assert_null(strstr(rs.body.data, "Spring"));
	response_release(&rs);
}

/* Two people on one connection, in turn: each page is its own
 * person's, and one's logout leaves the other logged in. */
static void test_two_people_in_turn(void **state)
{
	struct env *e = *state;
	struct who cy, di;
	int i;

	person_as(e->st, &cy, "Cy", "cy@example.org", 0);
	person_as(e->st, &di, "Di", "di@example.org", 0);
	for (i = 0; i < 6; i++) {
		e->me = i % 2 ? di : cy;
		assert_true(account_shows_me(e, i % 2 ? "di@example.org" :
					     "cy@example.org"));
	}
	logins_end_elsewhere(e, cy.id);
	e->me = cy;
	assert_false(account_shows_me(e, "cy@example.org"));
	e->me = di;
	assert_true(account_shows_me(e, "di@example.org"));
}

/* The hash of w's login token (its cookie's), as the store keys it. */
static void hash_of(const struct who *w, char out[65])
{
	auth_token_hash(strchr(w->cookie, '=') + 1, out);
}

/* The plan prompt's stored answer of w ("" when none). */
static void stored_plan(struct env *e, const struct who *w, char *out,
			size_t n)
{
	const struct session *s = course_get(4);
	struct workbook wb;
	const struct wb_answer *a;

	assert_non_null(s);
	assert_int_equal(workbook_load(e->other, w->id, 4, WB_ANSWERS, &wb),
			 STORE_OK);
	a = workbook_answer(&wb, s->exercises[0].prompts[0].id);
	snprintf(out, n, "%s", a ? a->value : "");
	workbook_release(&wb);
}

/* Save the plan prompt as w's browser does (autosave: as the page's
 * script does); the reply's status. */
static int post_plan(struct env *e, const char *value, int autosave)
{
	const struct session *s = course_get(4);
	struct response rs;
	struct buf body = BUF_INIT;
	int status;

	buf_addf(&body, "csrf=%s&p=%s&a.%s=%s", e->me.csrf,
		 s->exercises[0].prompts[0].id, s->exercises[0].prompts[0].id,
		 value);
	app_call(e->st, &e->me, "POST", "/s/4/e/plan-something", body.data,
		 autosave, 0, &rs);
	status = rs.status;
	if (status == 303 && !autosave)
		assert_non_null(strstr(header_of(&rs, "Location"),
				       "/s/4/e/plan-something"));
	response_release(&rs);
	buf_release(&body);
	store_idle(e->st);
	return status;
}

/* A POST's login may be the one this process saw last (login-memo.c),
 * checked by its save: with every login of hers ended by another server,
 * her next saves write nothing and get the reply of someone logged out,
 * the autosave's as the form's. */
static void test_post_logout_elsewhere(void **state)
{
	struct env *e = *state;
	char got[64];

	person_as(e->st, &e->me, "Gus", "gus@example.org", 0);
	assert_true(account_shows_me(e, "gus@example.org"));
	assert_int_equal(post_plan(e, "first", 0), 303);
	assert_int_equal(post_plan(e, "second", 1), 200);
	stored_plan(e, &e->me, got, sizeof(got));
	assert_string_equal(got, "second");
	logins_end_elsewhere(e, e->me.id);
	assert_int_not_equal(post_plan(e, "third", 1), 200);
	assert_int_not_equal(post_plan(e, "fourth", 0), 303);
	stored_plan(e, &e->me, got, sizeof(got));
	assert_string_equal(got, "second");
}

/*
 * The same at the store, on every backend: a login this process saw
 * costs a POST no statement of its own.  Its first write checks it (one
 * statement more in the write's transaction, and on PostgreSQL its round
 * trip) and settles it; a POST that wrote nothing reads it at the end.
 * A login changed elsewhere fails the write, writing nothing, and the
 * settling says so.
 */
static void test_post_guess_statements(void **state)
{
	struct env *e = *state;
	struct store *st = e->st;
	const struct session *s = course_get(4);
	const char *prompt = s->exercises[0].prompts[0].id;
	int due;
	struct notice_new note = { 0, NOTICE_COMMENT, 0, "Someone commented",
				   "/people", 0, NULL };
	struct login l;
	char hash[65], got[64];
	uint64_t n;

	person_as(st, &e->me, "Hal", "hal@example.org", 0);
	note.user_id = e->me.id;
	hash_of(&e->me, hash);
	n = store_statements(st);
	assert_int_equal(store_login_find(st, hash, 0, &l, &due), STORE_OK);
	assert_int_equal(store_statements(st) - n, 1);   /* read: seen now */
	assert_int_equal(store_login_settle(st), 1);

	/* Guessed, then held by the write: its check and the save's two
	 * (the answer, its history). */
	n = store_statements(st);
	assert_int_equal(store_login_find(st, hash, 0, &l, &due), STORE_OK);
	assert_int_equal(l.user_id, e->me.id);
	assert_int_equal(store_statements(st) - n, 0);
	n = store_statements(st);
	assert_int_equal(store_answer_put(st, e->me.id, 4, prompt, "kept", 4),
			 STORE_OK);
	assert_int_equal(store_statements(st) - n, 3);
	n = store_statements(st);
	assert_int_equal(store_login_settle(st), 1);
	assert_int_equal(store_statements(st) - n, 0);

	/* Guessed, nothing written: read at the end. */
	assert_int_equal(store_login_find(st, hash, 0, &l, &due), STORE_OK);
	n = store_statements(st);
	assert_int_equal(store_login_settle(st), 1);
	assert_int_equal(store_statements(st) - n, 1);

	/* A notice for him from another server (this process's memo is
	 * not told): the guess's write fails, writing nothing. */
	assert_int_equal(store_notices_add(e->other, &note, 1), STORE_OK);
	n = store_statements(st);
	assert_int_equal(store_login_find(st, hash, 0, &l, &due), STORE_OK);
	assert_int_equal(store_statements(st) - n, 0);
	assert_int_equal(l.unread, 0);
	assert_int_equal(store_answer_put(st, e->me.id, 4, prompt, "lost", 4),
			 STORE_ERR);
	assert_non_null(strstr(store_errmsg(st), "login changed"));
	assert_int_equal(store_login_settle(st), 0);
	stored_plan(e, &e->me, got, sizeof(got));
	assert_string_equal(got, "kept");
	/* Made again: the login is read, as it is now. */
	n = store_statements(st);
	assert_int_equal(store_login_find(st, hash, 0, &l, &due), STORE_OK);
	assert_int_equal(store_statements(st) - n, 1);
	assert_int_equal(l.unread, 1);
	n = store_statements(st);
	assert_int_equal(store_answer_put(st, e->me.id, 4, prompt, "again", 5),
			 STORE_OK);
	assert_int_equal(store_statements(st) - n, 2);
	assert_int_equal(store_login_settle(st), 1);
	stored_plan(e, &e->me, got, sizeof(got));
	assert_string_equal(got, "again");

	/* Every login ended: read, and gone (the process forgets its own
	 * ends at once). */
	assert_int_equal(store_logins_end(e->other, e->me.id, NULL), STORE_OK);
	n = store_statements(st);
	assert_int_equal(store_login_find(st, hash, 0, &l, &due),
			 STORE_NOTFOUND);
	assert_int_equal(store_statements(st) - n, 1);
	assert_int_equal(store_login_settle(st), 1);
}

/* A notice from another server changes what her POST's guess holds:
 * the save is refused once and made again with her login read, so it is
 * kept, once, and the reply is the usual one. */
static void test_post_notice_elsewhere(void **state)
{
	struct env *e = *state;
	struct notice_new n = { 0, NOTICE_COMMENT, 0, "Someone commented",
				"/people", 0, NULL };
	char got[64];

	person_as(e->st, &e->me, "Ida", "ida@example.org", 0);
	n.user_id = e->me.id;
	assert_int_equal(post_plan(e, "first", 1), 200);
	assert_int_equal(post_plan(e, "second", 0), 303);
	assert_int_equal(store_notices_add(e->other, &n, 1), STORE_OK);
	assert_int_equal(post_plan(e, "third", 1), 200);
	stored_plan(e, &e->me, got, sizeof(got));
	assert_string_equal(got, "third");
	assert_int_equal(store_notices_add(e->other, &n, 1), STORE_OK);
	assert_int_equal(post_plan(e, "fourth", 0), 303);
	stored_plan(e, &e->me, got, sizeof(got));
	assert_string_equal(got, "fourth");
}

/* The syncs (pipelines, so round trips) st's connection has ended. */
static unsigned long syncs(struct store *st)
{
	return pgc_stats(pg_store_pgc(st)).syncs;
}

/* A GET of the exercise's page on st as w: the round trips it cost (0
 * on SQLite). */
static unsigned long page_trips(struct store *st, struct who *w)
{
	int pg = strcmp(store_backend_name(st), "sqlite") != 0;
	unsigned long n = pg ? syncs(st) : 0;
	struct response rs;

	app_call(st, w, "GET", "/s/4/e/plan-something", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "What is your plan?"));
	response_release(&rs);
	store_idle(st);
	return pg ? syncs(st) - n : 0;
}

/* One memo for all the process's connections: a login another of them
 * saw spares this one's exercise page the round trip of reading it
 * before the page's own reads. */
static void test_guess_from_another_connection(void **state)
{
	struct env *e = *state;
	struct who jo, ken;
	unsigned long guessed, read;

	person_as(e->other, &jo, "Jo", "jo@example.org", 0);
	person_as(e->other, &ken, "Ken", "ken@example.org", 0);
	(void)page_trips(e->other, &jo);
	(void)page_trips(e->other, &ken);
	guessed = page_trips(e->st, &jo);
	/* This process ends Ken's logins: it forgets every login it saw
	 * (it knows no hash of his), Jo's too. */
	assert_int_equal(store_logins_end(e->other, ken.id, NULL), STORE_OK);
	read = page_trips(e->st, &jo);
	if (strcmp(store_backend_name(e->st), "sqlite"))
		assert_int_equal(read, guessed + 1);
	assert_int_equal(page_trips(e->st, &jo), guessed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logout_elsewhere),
		cmocka_unit_test(test_unread_elsewhere),
		cmocka_unit_test(test_two_people_in_turn),
		cmocka_unit_test(test_dashboard_logout_elsewhere),
		cmocka_unit_test(test_post_logout_elsewhere),
		cmocka_unit_test(test_post_guess_statements),
		cmocka_unit_test(test_post_notice_elsewhere),
		cmocka_unit_test(test_guess_from_another_connection),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
