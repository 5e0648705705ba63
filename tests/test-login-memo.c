/*
 * A page's login as a server connection remembers it (src/store/
 * login-memo.c): on PostgreSQL a page is made for the login this
 * connection saw last while the login is read again with the page's
 * first statement, and made again when it changed.  Whatever another
 * server did meanwhile (log out, log out everywhere, a new notice), the
 * page sent is the one for the login now stored.  Run on SQLite (which
 * reads the login every time) and, by `make pgtest`, on PostgreSQL,
 * where the second connection is another server's.
 */
#include "app-env.h"
#include "store/notices.h"

struct env {
	char path[APP_DB_PATH];
	struct store *st;       /* this server's connection */
	struct store *other;    /* another server's */
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
	assert_int_equal(store_logins_end(e->other, e->me.id, NULL), STORE_OK);
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
	assert_int_equal(store_logins_end(e->other, e->me.id, NULL), STORE_OK);
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
	assert_int_equal(store_logins_end(e->other, cy.id, NULL), STORE_OK);
	e->me = cy;
	assert_false(account_shows_me(e, "cy@example.org"));
	e->me = di;
	assert_true(account_shows_me(e, "di@example.org"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logout_elsewhere),
		cmocka_unit_test(test_unread_elsewhere),
		cmocka_unit_test(test_two_people_in_turn),
		cmocka_unit_test(test_dashboard_logout_elsewhere),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
