/*
 * Request-level tests of the web app: app_handle() is driven with
 * hand-built requests against a real SQLite file, no socket involved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "http.h"
#include "session.h"
#include "store.h"

static const char session_md[] =
	"# Test Course: Session 4 - Practice\n\n"
	"> Testing the workbook\n\n"
	"# Resources\n\n"
	"## [**A reading**](https://example.org/a) by Ann Author (2021)\n\n"
	"> What it says.\n\n"
	"# Exercises\n\n"
	"## Plan something\n\n"
	"Do the thing.\n\n"
	"- What is your plan?\n"
	"- What are 3-5 steps you could take?\n";

struct env {
	char path[64];
	struct store *st;
	char cookie[256];   /* "ap_pre=..; ap_session=.." as a browser sends */
	char csrf[STORE_TOKEN_MAX + 1];
};

static int behind_tls;  /* requests arrive with X-Forwarded-Proto: https */

static void call(struct env *e, const char *method, const char *path,
		 const char *body, int autosave, struct response *rs)
{
	struct request rq = {
		.method = method, .path = path, .query = "",
		.body = body ? body : "", .body_len = body ? strlen(body) : 0,
		.cookie = e->cookie, .content_type = "", .csrf_header = "",
		.remote = "192.0.2.1", .autosave = autosave, .store = e->st,
		.https = behind_tls,
	};
	const char *q = strchr(path, '?');

	if (q)
		rq.query = q + 1;
	response_init(rs);
	app_handle(&rq, rs);
}

static const char *header_of(struct response *rs, const char *name)
{
	for (int i = 0; i < rs->nheaders; i++)
		if (!strcmp(rs->header[i].name, name))
			return rs->header[i].value;
	return NULL;
}

/* Keep a cookie the response set, as a browser would. */
static void keep_cookie(struct env *e, struct response *rs)
{
	const char *sc = header_of(rs, "Set-Cookie");
	char pair[200];

	if (!sc)
		return;
	snprintf(pair, sizeof(pair), "%.*s", (int)strcspn(sc, ";"), sc);
	if (strstr(pair, "=")[1] == '\0')
		return;
	if (*e->cookie)
		strcat(e->cookie, "; ");
	strcat(e->cookie, pair);
}

/* Pull value="..." of the hidden csrf field out of a page. */
static void scrape_csrf(struct env *e, struct response *rs)
{
	const char *p = strstr(rs->body.data, "name=\"csrf\" value=\"");

	assert_non_null(p);
	p += strlen("name=\"csrf\" value=\"");
	snprintf(e->csrf, sizeof(e->csrf), "%.*s", (int)strcspn(p, "\""), p);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct session s;
	struct import_error err;
	char msg[256];

	snprintf(e->path, sizeof(e->path), "/tmp/alignplan-app-%d.db",
		 (int)getpid());
	unlink(e->path);
	assert_int_equal(store_open(e->path, &e->st, msg, sizeof(msg)),
			 STORE_OK);
	assert_int_equal(session_parse(session_md, strlen(session_md), &s,
				       &err), 0);
	assert_int_equal(store_course_put(e->st, &s, session_md,
					  strlen(session_md)), STORE_OK);
	session_release(&s);
	assert_int_equal(courses_load(e->st), 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char wal[80];

	courses_free();
	store_close(e->st);
	unlink(e->path);
	snprintf(wal, sizeof(wal), "%s-wal", e->path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", e->path);
	unlink(wal);
	free(e);
	return 0;
}

/* Sign up `email` in a fresh browser (cookie jar) and stay logged in. */
static void sign_up(struct env *e, const char *email)
{
	struct response rs;
	char body[300];

	e->cookie[0] = '\0';
	call(e, "GET", "/signup", NULL, 0, &rs);
	assert_int_equal(rs.status, 200);
	keep_cookie(e, &rs);
	scrape_csrf(e, &rs);
	response_release(&rs);

	snprintf(body, sizeof(body), "csrf=%s&name=Tess+Ter&email=%s&"
		 "password=correct+horse", e->csrf, email);
	call(e, "POST", "/signup", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	assert_non_null(strstr(header_of(&rs, "Set-Cookie"),
			       "; HttpOnly; SameSite=Lax"));
	/* Secure exactly when the request came over TLS. */
	assert_int_equal(strstr(header_of(&rs, "Set-Cookie"), "; Secure") != NULL,
			 behind_tls);
	keep_cookie(e, &rs);
	response_release(&rs);

	call(e, "GET", "/s/4", NULL, 0, &rs);
	assert_int_equal(rs.status, 200);
	scrape_csrf(e, &rs);
	response_release(&rs);
}

static void test_secure_cookie_behind_tls(void **state)
{
	behind_tls = 1;
	sign_up(*state, "tls@example.org");
	behind_tls = 0;
}

static void test_routes(void **state)
{
	struct env *e = *state;
	struct response rs;

	e->cookie[0] = '\0';
	call(e, "GET", "/nope", NULL, 0, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	call(e, "DELETE", "/", NULL, 0, &rs);
	assert_int_equal(rs.status, 405);
	assert_string_equal(header_of(&rs, "Allow"), "GET");
	response_release(&rs);
	call(e, "GET", "/logout", NULL, 0, &rs);
	assert_int_equal(rs.status, 405);
	response_release(&rs);
	call(e, "GET", "/s/4", NULL, 0, &rs);  /* not logged in */
	assert_int_equal(rs.status, 303);
	assert_string_equal(header_of(&rs, "Location"), "/login");
	response_release(&rs);
}

static void test_csrf_required(void **state)
{
	struct env *e = *state;
	struct response rs;

	sign_up(e, "csrf@example.org");
	call(e, "POST", "/s/4/e/plan-something",
	     "p=e1-what-is-your-plan&a.e1-what-is-your-plan=x", 0, &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
	call(e, "POST", "/s/4/e/plan-something",
	     "csrf=0000&p=e1-what-is-your-plan&a.e1-what-is-your-plan=x", 0,
	     &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
}

static const char *first_prompt_id(void)
{
	return course_get(4)->exercises[0].prompts[0].id;
}

static void test_answer_round_trip_escaped(void **state)
{
	struct env *e = *state;
	struct response rs;
	char body[512];
	const char *pid;

	sign_up(e, "answers@example.org");
	pid = first_prompt_id();
	snprintf(body, sizeof(body), "csrf=%s&p=%s&a.%s=%%3Cscript%%3Ealert(1)"
		 "%%3C%%2Fscript%%3E", e->csrf, pid, pid);
	call(e, "POST", "/s/4/e/plan-something", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);

	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data,
			       "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(rs.body.data, "<script>alert"));
	response_release(&rs);

	/* Another participant sees none of it. */
	sign_up(e, "other@example.org");
	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_null(strstr(rs.body.data, "alert(1)"));
	response_release(&rs);
}

static void test_oversized_answer_is_refused(void **state)
{
	struct env *e = *state;
	struct response rs;
	struct buf body = BUF_INIT;
	const char *pid;
	size_t i;

	sign_up(e, "big@example.org");
	pid = first_prompt_id();
	buf_addf(&body, "csrf=%s&p=%s&a.%s=kept", e->csrf, pid, pid);
	call(e, "POST", "/s/4/e/plan-something", body.data, 1, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "\"saved\""));
	response_release(&rs);

	buf_reset(&body);
	buf_addf(&body, "csrf=%s&p=%s&a.%s=", e->csrf, pid, pid);
	for (i = 0; i < (64 << 10) + 1; i++)
		buf_addc(&body, 'x');
	call(e, "POST", "/s/4/e/plan-something", body.data, 1, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "64 KB"));
	response_release(&rs);
	/* Without JavaScript the page comes back with the text kept. */
	call(e, "POST", "/s/4/e/plan-something", body.data, 0, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "xxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
	response_release(&rs);

	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, ">kept</textarea>"));
	response_release(&rs);
	buf_release(&body);
}

static void test_repeated_prompt_fields_are_bounded(void **state)
{
	struct env *e = *state;
	struct response rs;
	struct buf body = BUF_INIT;
	const char *pid;
	int i;

	sign_up(e, "many@example.org");
	pid = first_prompt_id();
	buf_addf(&body, "csrf=%s&a.%s=x", e->csrf, pid);
	for (i = 0; i < 20000; i++)
		buf_addf(&body, "&p=%s", pid);
	call(e, "POST", "/s/4/e/plan-something", body.data, 0, &rs);
	assert_int_equal(rs.status, 400);
	assert_non_null(strstr(rs.body.data, "more prompts than"));
	response_release(&rs);
	buf_release(&body);
	/* ... and saved nothing. */
	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_null(strstr(rs.body.data, ">x</textarea>"));
	response_release(&rs);
}

static void test_list_answer_and_reading(void **state)
{
	struct env *e = *state;
	struct response rs;
	char body[512];
	const struct prompt *p = &course_get(4)->exercises[0].prompts[1];
	const char *rid = course_get(4)->readings[0].id;
	char path[128];

	assert_int_equal(p->kind, PROMPT_LIST);
	sign_up(e, "list@example.org");
	snprintf(body, sizeof(body), "csrf=%s&p=%s&l.%s=one&l.%s=+&l.%s=two",
		 e->csrf, p->id, p->id, p->id, p->id);
	call(e, "POST", "/s/4/e/plan-something", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "value=\"one\""));
	assert_non_null(strstr(rs.body.data, "value=\"two\""));
	response_release(&rs);

	snprintf(path, sizeof(path), "/s/4/r/%s", rid);
	snprintf(body, sizeof(body), "csrf=%s&notes=my+note&has_done=1&done=1",
		 e->csrf);
	call(e, "POST", path, body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	call(e, "GET", "/s/4", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, ">my note</textarea>"));
	assert_non_null(strstr(rs.body.data, "1 of 1 readings done"));
	response_release(&rs);
}

static void test_login_throttle_and_logout(void **state)
{
	struct env *e = *state;
	struct response rs;
	char body[256];
	int i;

	sign_up(e, "throttle@example.org");
	call(e, "POST", "/logout", "csrf=bad", 0, &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
	snprintf(body, sizeof(body), "csrf=%s", e->csrf);
	call(e, "POST", "/logout", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	call(e, "GET", "/s/4", NULL, 0, &rs);
	assert_int_equal(rs.status, 303);  /* the old cookie is dead */
	response_release(&rs);

	e->cookie[0] = '\0';
	call(e, "GET", "/login", NULL, 0, &rs);
	keep_cookie(e, &rs);
	scrape_csrf(e, &rs);
	response_release(&rs);
	snprintf(body, sizeof(body), "csrf=%s&email=throttle@example.org&"
		 "password=wrong+one", e->csrf);
	for (i = 0; i < AUTH_MAX_FAILS; i++) {
		call(e, "POST", "/login", body, 0, &rs);
		assert_int_equal(rs.status, 401);
		response_release(&rs);
	}
	snprintf(body, sizeof(body), "csrf=%s&email=throttle@example.org&"
		 "password=correct+horse", e->csrf);
	call(e, "POST", "/login", body, 0, &rs);
	assert_int_equal(rs.status, 429);  /* even the right password waits */
	assert_non_null(header_of(&rs, "Retry-After"));
	response_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_secure_cookie_behind_tls),
		cmocka_unit_test(test_csrf_required),
		cmocka_unit_test(test_answer_round_trip_escaped),
		cmocka_unit_test(test_oversized_answer_is_refused),
		cmocka_unit_test(test_repeated_prompt_fields_are_bounded),
		cmocka_unit_test(test_list_answer_and_reading),
		cmocka_unit_test(test_login_throttle_and_logout),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
