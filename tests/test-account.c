/*
 * The account page and the rules of an account: changing the password
 * (asks the old one, ends every other login), logging out everywhere,
 * the idle timeout beside the absolute lifetime, and names, emails and
 * forms that are not clean UTF-8 text.  app_handle() is driven with
 * hand-built requests (app-env.h); time moves with store_set_clock().
 */
#include "app-env.h"
#include "web/page.h"

#include <time.h>

static const char session_md[] =
	"# Test Course: Session 4 - Practice\n\n"
	"# Exercises\n\n"
	"## Plan something\n\n"
	"- What is your plan?\n";

static int setup(void **state)
{
	const char *const md[] = { session_md, NULL };

	return app_env_setup(state, "account", md);
}

/*
 * One request from w's browser, from client address `remote`: each test
 * has its own, so the login throttle (per address, per process) counts
 * each test's wrong passwords apart.
 */
static void from(struct app_env *e, struct who *w, const char *remote,
		 const char *method, const char *path, const char *body,
		 int autosave, struct response *rs)
{
	char bare[256];
	const char *q = strchr(path, '?');

	snprintf(bare, sizeof(bare), "%.*s",
		 (int)(q ? (size_t)(q - path) : strlen(path)), path);
	struct request rq = {
		.method = method, .path = bare, .query = q ? q + 1 : "",
		.body = body ? body : "", .body_len = body ? strlen(body) : 0,
		.cookie = w ? w->cookie : "", .content_type = "",
		.csrf_header = "", .remote = remote, .autosave = autosave,
		.store = e->st,
	};

	response_init(rs);
	app_handle(&rq, rs);
}

/* GET path as w: the status, the body kept in rs for the caller. */
static int get(struct app_env *e, struct who *w, const char *path,
	       struct response *rs)
{
	from(e, w, "198.51.100.1", "GET", path, NULL, 0, rs);
	return rs->status;
}

/* POST w's form token and `fields` from `remote`; the status. */
static int post(struct app_env *e, struct who *w, const char *remote,
		const char *path, const char *fields, struct response *rs)
{
	char body[1024];

	snprintf(body, sizeof(body), "csrf=%s%s%s", w->csrf,
		 *fields ? "&" : "", fields);
	from(e, w, remote, "POST", path, body, 0, rs);
	return rs->status;
}

/* Is w logged in?  (/account answers them, and sends others to log in.) */
static bool logged_in(struct app_env *e, struct who *w)
{
	struct response rs;
	int status = get(e, w, "/account", &rs);

	if (status == 303)
		assert_string_equal(header_of(&rs, "Location"),
				    "/login?next=/account");
	else
		assert_int_equal(status, 200);
	response_release(&rs);
	return status == 200;
}

/* Log in as email in a fresh browser w; the status of the POST. */
static int log_in(struct app_env *e, struct who *w, const char *remote,
		  const char *email, const char *password)
{
	struct response rs;
	char fields[300];
	int status;

	w->cookie[0] = '\0';
	assert_int_equal(get(e, w, "/login", &rs), 200);
	keep_cookie(w, &rs);
	scrape_csrf(w, &rs);
	response_release(&rs);
	snprintf(fields, sizeof(fields), "email=%s&password=%s", email,
		 password);
	status = post(e, w, remote, "/login", fields, &rs);
	keep_cookie(w, &rs);
	response_release(&rs);
	if (status == 303) {            /* the logged-in form token */
		assert_int_equal(get(e, w, "/account", &rs), 200);
		scrape_csrf(w, &rs);
		response_release(&rs);
	}
	return status;
}

/* The stored password hash of email. */
static void pwhash_of(struct app_env *e, const char *email,
		      char out[STORE_HASH_MAX + 1])
{
	struct user u;

	assert_int_equal(store_user_by_email(e->st, email, &u), STORE_OK);
	memcpy(out, u.pwhash, STORE_HASH_MAX + 1);
}

static void test_account_page(void **state)
{
	struct app_env *e = *state;
	struct response rs;

	app_sign_up(e->st, &e->me, "Ann+%3CA%3E", "page@example.org", "/s/4",
		    0);
	/* Every page's chrome links to it... */
	assert_int_equal(get(e, &e->me, "/s/4", &rs), 200);
	assert_non_null(strstr(rs.body.data, "<a class=\"who\" "
			       "href=\"/account\""));
	response_release(&rs);
	/* ...and it has its forms (password, logging out everywhere, the
	 * time zone, the calendar address; and the chrome's log out), with
	 * this login's token. */
	assert_int_equal(get(e, &e->me, "/account", &rs), 200);
	assert_non_null(strstr(rs.body.data, "Ann &lt;A&gt;"));
	assert_non_null(strstr(rs.body.data,
			       "action=\"/account/password\""));
	assert_non_null(strstr(rs.body.data,
			       "action=\"/account/logout-all\""));
	assert_int_equal(count(rs.body.data, e->me.csrf), 5);
	assert_non_null(strstr(rs.body.data,
			       "action=\"/account/timezone\""));
	assert_non_null(strstr(rs.body.data,
			       "action=\"/account/calendar\""));
	assert_non_null(strstr(rs.body.data, "unused for 7 days"));
	response_release(&rs);
	/* A visitor is sent to log in first. */
	assert_int_equal(get(e, NULL, "/account", &rs), 303);
	response_release(&rs);
}

static void test_password_change(void **state)
{
	struct app_env *e = *state;
	const char *ip = "198.51.100.2", *email = "change@example.org";
	struct who a, b, c, d;
	struct response rs;
	char before[STORE_HASH_MAX + 1], after[STORE_HASH_MAX + 1];

	app_sign_up(e->st, &a, "Cy", email, "/account", 0);
	assert_int_equal(log_in(e, &b, ip, email, "correct+horse"), 303);
	assert_int_equal(log_in(e, &c, ip, email, "correct+horse"), 303);
	assert_true(logged_in(e, &a) && logged_in(e, &b) && logged_in(e, &c));
	app_sign_up(e->st, &d, "Other", "bystander@example.org", "/s/4", 0);
	pwhash_of(e, email, before);

	/* Refused, and nothing changes: a wrong current password, a new one
	 * too short, two new ones that differ, no form token. */
	assert_int_equal(post(e, &a, ip, "/account/password",
			      "current=wrong+horse&password=battery+staple&"
			      "again=battery+staple", &rs), 422);
	assert_non_null(strstr(rs.body.data, "current password is not"));
	response_release(&rs);
	assert_int_equal(post(e, &a, ip, "/account/password",
			      "current=correct+horse&password=short&"
			      "again=short", &rs), 422);
	assert_non_null(strstr(rs.body.data, "8 to 256 characters"));
	response_release(&rs);
	assert_int_equal(post(e, &a, ip, "/account/password",
			      "current=correct+horse&password=battery+staple&"
			      "again=battery+stable", &rs), 422);
	assert_non_null(strstr(rs.body.data, "differ"));
	response_release(&rs);
	from(e, &a, ip, "POST", "/account/password", "current=correct+horse&"
	     "password=battery+staple&again=battery+staple", 0, &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
	pwhash_of(e, email, after);
	assert_string_equal(before, after);
	assert_true(logged_in(e, &a) && logged_in(e, &b) && logged_in(e, &c));

	/* Changed: this login stays, the other two end, the bystander's
	 * does not. */
	assert_int_equal(post(e, &a, ip, "/account/password",
			      "current=correct+horse&password=battery+staple&"
			      "again=battery+staple", &rs), 303);
	assert_string_equal(header_of(&rs, "Location"),
			    "/account?done=password");
	response_release(&rs);
	pwhash_of(e, email, after);
	assert_string_not_equal(before, after);
	assert_true(logged_in(e, &a));
	assert_false(logged_in(e, &b));
	assert_false(logged_in(e, &c));
	assert_true(logged_in(e, &d));
	assert_int_equal(get(e, &a, "/account?done=password", &rs), 200);
	assert_non_null(strstr(rs.body.data, "Your password is changed"));
	response_release(&rs);

	/* The new password logs in; the old one no longer does. */
	assert_int_equal(log_in(e, &b, ip, email, "correct+horse"), 401);
	assert_int_equal(log_in(e, &b, ip, email, "battery+staple"), 303);
	assert_true(logged_in(e, &b));
}

/* Guessing the current password through the form is throttled like a
 * login: the right one stops working too once too many were wrong. */
static void test_password_change_throttled(void **state)
{
	struct app_env *e = *state;
	const char *ip = "198.51.100.3";
	struct response rs;
	int i, status = 0;

	app_sign_up(e->st, &e->me, "Guess", "guess@example.org", "/account",
		    0);
	for (i = 0; i < 20 && status != 429; i++) {
		status = post(e, &e->me, ip, "/account/password",
			      "current=guess&password=battery+staple&"
			      "again=battery+staple", &rs);
		response_release(&rs);
	}
	assert_int_equal(status, 429);
	assert_int_equal(post(e, &e->me, ip, "/account/password",
			      "current=correct+horse&password=battery+staple&"
			      "again=battery+staple", &rs), 429);
	assert_non_null(header_of(&rs, "Retry-After"));
	response_release(&rs);
}

static void test_logout_everywhere(void **state)
{
	struct app_env *e = *state;
	const char *ip = "198.51.100.4", *email = "every@example.org";
	struct who a, b, d;
	struct response rs;

	app_sign_up(e->st, &a, "Eve", email, "/account", 0);
	assert_int_equal(log_in(e, &b, ip, email, "correct+horse"), 303);
	app_sign_up(e->st, &d, "Other", "other2@example.org", "/s/4", 0);

	/* Without the form token nothing ends. */
	from(e, &a, ip, "POST", "/account/logout-all", "", 0, &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
	assert_true(logged_in(e, &a) && logged_in(e, &b));

	assert_int_equal(post(e, &a, ip, "/account/logout-all", "", &rs), 303);
	assert_string_equal(header_of(&rs, "Location"), "/login");
	assert_non_null(strstr(header_of(&rs, "Set-Cookie"), "Max-Age=0"));
	response_release(&rs);
	assert_false(logged_in(e, &a));     /* this one too */
	assert_false(logged_in(e, &b));
	assert_true(logged_in(e, &d));
	/* The password still works. */
	assert_int_equal(log_in(e, &a, ip, email, "correct+horse"), 303);
}

/*
 * Idle and absolute lifetimes, on the store's clock.  A page view
 * writes nothing unless the login's recorded use is an hour old: the
 * logged-in page stays a read.
 */
static void test_idle_timeout(void **state)
{
	struct app_env *e = *state;
	const int64_t D = 86400, H = 3600, T0 = (int64_t)time(NULL);
	struct who busy, idle, edge;
	struct response rs;
	uint64_t gen;
	int64_t t;

	store_set_clock(e->st, T0);
	app_sign_up(e->st, &busy, "Busy", "busy@example.org", "/s/4", 0);
	app_sign_up(e->st, &idle, "Idle", "idle@example.org", "/s/4", 0);
	app_sign_up(e->st, &edge, "Edge", "edge@example.org", "/s/4", 0);

	/* Within the hour: no write at all. */
	store_set_clock(e->st, T0 + 50 * 60);
	gen = store_generation(e->st);
	assert_int_equal(get(e, &busy, "/s/4", &rs), 200);
	response_release(&rs);
	assert_true(store_generation(e->st) == gen);
	/* Past it: one write records the use, and the next view none. */
	store_set_clock(e->st, T0 + 2 * H);
	assert_int_equal(get(e, &busy, "/s/4", &rs), 200);
	response_release(&rs);
	assert_true(store_generation(e->st) != gen);
	gen = store_generation(e->st);
	assert_int_equal(get(e, &busy, "/s/4", &rs), 200);
	response_release(&rs);
	assert_true(store_generation(e->st) == gen);

	/* Unused for 6 days: still in.  Unused past 7 days (and the hour
	 * its use may have gone unrecorded): out. */
	store_set_clock(e->st, T0 + 6 * D);
	assert_true(logged_in(e, &edge));
	store_set_clock(e->st, T0 + 7 * D + H);
	assert_false(logged_in(e, &idle));
	/* Edge was seen at 6 days, so it lives on. */
	assert_true(logged_in(e, &edge));

	/* Used every six days, busy stays in to the absolute end, 30 days
	 * after logging in, and not a second longer. */
	for (t = T0 + 6 * D; t < T0 + 30 * D; t += 6 * D) {
		store_set_clock(e->st, t);
		assert_true(logged_in(e, &busy));
	}
	store_set_clock(e->st, T0 + 30 * D - 1);
	assert_true(logged_in(e, &busy));
	store_set_clock(e->st, T0 + 30 * D);
	assert_false(logged_in(e, &busy));
	store_set_clock(e->st, 0);
}

/* serve --idle-timeout sets the limit; a short one is noticed within a
 * tenth of it. */
static void test_idle_timeout_configured(void **state)
{
	struct app_env *e = *state;
	const int64_t T0 = (int64_t)time(NULL);
	struct who w;

	int64_t t = T0 + 3000;

	store_set_clock(e->st, T0);
	app_sign_up(e->st, &w, "Short", "short@example.org", "/s/4", 0);
	page_set_idle_timeout(3600);
	store_set_clock(e->st, t);
	assert_true(logged_in(e, &w));          /* recorded: 3000 >= 360 */
	t += 3600 + 360 - 1;                    /* idle + grain, nearly */
	store_set_clock(e->st, t);
	assert_true(logged_in(e, &w));          /* recorded again */
	store_set_clock(e->st, t + 3600 + 360);
	assert_false(logged_in(e, &w));
	page_set_idle_timeout(PAGE_IDLE_DEFAULT);
	store_set_clock(e->st, 0);
}

/* How many users there are. */
static int count_user(void *ctx, const struct user *u)
{
	(void)u;
	(*(int *)ctx)++;
	return 0;
}

static int users(struct app_env *e)
{
	int n = 0;

	assert_int_equal(store_user_list(e->st, count_user, &n), STORE_OK);
	return n;
}

/* Sign up with these (urlencoded) fields in a fresh browser: the status;
 * the body into rs. */
static int sign_up_with(struct app_env *e, const char *fields,
			struct response *rs)
{
	struct who w = { 0 };
	struct response form;

	assert_int_equal(get(e, &w, "/signup", &form), 200);
	keep_cookie(&w, &form);
	scrape_csrf(&w, &form);
	response_release(&form);
	return post(e, &w, "198.51.100.5", "/signup", fields, rs);
}

/*
 * Names and emails that are not one line of UTF-8 text are refused with
 * a clear message and nothing is stored: invalid UTF-8 (anywhere in the
 * form, before any page reads it), control characters, line separators
 * and bidirectional overrides.
 */
static void test_signup_text_checked(void **state)
{
	struct app_env *e = *state;
	static const struct { const char *fields, *says; int status; } bad[] = {
		{ "name=%FF&email=a%40example.org&password=long+enough",
		  "not valid UTF-8", 400 },
		{ "name=Ann&email=a%FF%40example.org&password=long+enough",
		  "not valid UTF-8", 400 },
		{ "name=Ann&email=a%40example.org&password=long+%C3",
		  "not valid UTF-8", 400 },
		{ "name=Ann%00&email=a%40example.org&password=long+enough",
		  "control characters", 400 },
		{ "name=Ann%0ASmith&email=a%40example.org&password=long+enough",
		  "control characters", 400 },
		{ "name=Ann%C2%85&email=a%40example.org&password=long+enough",
		  "control characters", 400 },
		{ "name=%E2%80%AEnnA&email=a%40example.org&password=long+enough",
		  "control characters", 400 },
		{ "name=Ann&email=a%40example.org%0D%0ABcc%3A+x&"
		  "password=long+enough", "valid email", 400 },
		{ "name=Ann&email=a%09%40example.org&password=long+enough",
		  "valid email", 400 },
		{ "name=Ann&email=a%40example.org%00&password=long+enough",
		  "valid email", 400 },
		{ "name=Ann&email=a%40example.org&password=100%&x",
		  "not properly encoded", 400 },
	};
	struct response rs;
	int n = users(e);

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		int status = sign_up_with(e, bad[i].fields, &rs);

		if (status != bad[i].status || !strstr(rs.body.data,
						       bad[i].says))
			fail_msg("sign-up %s: status %d, want %d saying "
				 "\"%s\"", bad[i].fields, status,
				 bad[i].status, bad[i].says);
		assert_null(header_of(&rs, "Set-Cookie"));
		response_release(&rs);
	}
	assert_int_equal(users(e), n);
	/* Names in any script are welcome. */
	assert_int_equal(sign_up_with(e, "name=Zo%C3%AB+%E5%B1%B1%E7%94%B0&"
				      "email=zoe%40example.org&"
				      "password=long+enough", &rs), 303);
	response_release(&rs);
	assert_int_equal(users(e), n + 1);
}

/* The query, autosave's JSON, and a pre-login cookie that is not one of
 * our tokens. */
static void test_other_input_checked(void **state)
{
	struct app_env *e = *state;
	struct who w = { 0 };
	struct response rs;
	char body[200];

	assert_int_equal(get(e, NULL, "/login?next=%FF", &rs), 400);
	assert_non_null(strstr(rs.body.data, "not valid UTF-8"));
	response_release(&rs);
	assert_int_equal(get(e, NULL, "/login?next=/s/\xc3", &rs), 400);
	response_release(&rs);
	assert_int_equal(get(e, NULL, "/login?next=/s/4", &rs), 200);
	response_release(&rs);

	/* Autosave is told in JSON, and nothing is saved. */
	app_sign_up(e->st, &w, "Auto", "auto@example.org", "/s/4", 0);
	snprintf(body, sizeof(body), "csrf=%s&p=%s&a.%s=caf%%E9", w.csrf,
		 course_get(4)->exercises[0].prompts[0].id,
		 course_get(4)->exercises[0].prompts[0].id);
	from(e, &w, "198.51.100.6", "POST", "/s/4/e/plan-something", body, 1,
	     &rs);
	assert_int_equal(rs.status, 400);
	assert_string_equal(rs.content_type, "application/json");
	assert_non_null(strstr(rs.body.data, "{\"error\":\"The form sent was "
			       "not valid UTF-8"));
	response_release(&rs);

	/* A pre-login cookie of the right length that is not hex is not
	 * echoed into the page: a fresh one is made. */
	snprintf(w.cookie, sizeof(w.cookie), "%s=%s", AUTH_PRE_COOKIE,
		 "\"><script>x</script>0123456789ab");
	assert_int_equal(get(e, &w, "/login", &rs), 200);
	assert_null(strstr(rs.body.data, "script>x"));
	assert_non_null(header_of(&rs, "Set-Cookie"));
	response_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_account_page),
		cmocka_unit_test(test_password_change),
		cmocka_unit_test(test_password_change_throttled),
		cmocka_unit_test(test_logout_everywhere),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_idle_timeout_configured),
		cmocka_unit_test(test_signup_text_checked),
		cmocka_unit_test(test_other_input_checked),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, app_env_teardown);
}
