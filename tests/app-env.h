/*
 * app-env.h: the harness of every test that drives app_handle() with
 * hand-built requests, no socket involved.  A test database made from
 * session Markdown, people with a browser (cookie jar and form token)
 * who either sign up through the pages or get a login row of our own
 * making (no argon2 on every test), and the helpers to read a reply.
 */
#ifndef APP_ENV_H
#define APP_ENV_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "pg-env.h"

#include "auth/auth.h"
#include "core/buf.h"
#include "model/session.h"
#include "store/store.h"
#include "web/courses.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"

#define APP_DB_PATH 64          /* size of a test database's path */

/* One person: their id, and their browser's cookies and form token. */
struct who {
	int64_t id;
	char cookie[256];   /* "ap_pre=..; ap_session=.." as a browser sends */
	char csrf[STORE_TOKEN_MAX + 1];
};

/* How many times needle occurs in hay, without overlaps. */
static inline size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* A header of the reply, NULL when it has none. */
static inline const char *header_of(struct response *rs, const char *name)
{
	for (int i = 0; i < rs->nheaders; i++)
		if (!strcmp(rs->header[i].name, name))
			return rs->header[i].value;
	return NULL;
}

/* Keep a cookie the reply set, as a browser would (not a cleared one). */
static inline void keep_cookie(struct who *w, struct response *rs)
{
	const char *sc = header_of(rs, "Set-Cookie");
	char pair[200];

	if (!sc)
		return;
	snprintf(pair, sizeof(pair), "%.*s", (int)strcspn(sc, ";"), sc);
	if (strstr(pair, "=")[1] == '\0')
		return;
	if (*w->cookie)
		strcat(w->cookie, "; ");
	strcat(w->cookie, pair);
}

/* Pull value="..." of the hidden csrf field out of a page. */
static inline void scrape_csrf(struct who *w, struct response *rs)
{
	const char *p = strstr(rs->body.data, "name=\"csrf\" value=\"");

	assert_non_null(p);
	p += strlen("name=\"csrf\" value=\"");
	snprintf(w->csrf, sizeof(w->csrf), "%.*s", (int)strcspn(p, "\""), p);
}

/*
 * One request from w's browser (w NULL: no cookies), the reply into rs,
 * which this initialises and the caller releases.  A "?query" is split
 * off the path.  autosave: sent as the page script's autosave; https:
 * arrived over TLS (X-Forwarded-Proto: https).
 */
static inline void app_call(struct store *st, struct who *w,
			    const char *method, const char *path,
			    const char *body, int autosave, int https,
			    struct response *rs)
{
	char bare[128];
	const char *q = strchr(path, '?');

	snprintf(bare, sizeof(bare), "%.*s",
		 (int)(q ? (size_t)(q - path) : strlen(path)), path);
	struct request rq = {
		.method = method, .path = q ? bare : path,
		.query = q ? q + 1 : "",
		.body = body ? body : "", .body_len = body ? strlen(body) : 0,
		.cookie = w ? w->cookie : "", .content_type = "",
		.csrf_header = "", .remote = "192.0.2.1",
		.autosave = autosave, .https = https, .store = st,
	};

	response_init(rs);
	app_handle(&rq, rs);
}

/* A POST from w with w's form token first; fields may be "". */
static inline void app_post(struct store *st, struct who *w,
			    const char *path, const char *fields,
			    struct response *rs)
{
	struct buf body = BUF_INIT;

	buf_addf(&body, "csrf=%s%s%s", w->csrf, *fields ? "&" : "", fields);
	app_call(st, w, "POST", path, body.data, 0, 0, rs);
	buf_release(&body);
}

/*
 * Sign up (name and email form-encoded) in a fresh browser and stay
 * logged in: w gets the cookies, the user id, and the form token of
 * `page`, read after signing up.
 */
static inline void app_sign_up(struct store *st, struct who *w,
			       const char *name, const char *email,
			       const char *page, int https)
{
	struct response rs;
	struct user u;
	char body[300];

	w->cookie[0] = '\0';
	app_call(st, w, "GET", "/signup", NULL, 0, https, &rs);
	assert_int_equal(rs.status, 200);
	keep_cookie(w, &rs);
	scrape_csrf(w, &rs);
	response_release(&rs);

	snprintf(body, sizeof(body), "csrf=%s&name=%s&email=%s&"
		 "password=correct+horse", w->csrf, name, email);
	app_call(st, w, "POST", "/signup", body, 0, https, &rs);
	assert_int_equal(rs.status, 303);
	assert_non_null(strstr(header_of(&rs, "Set-Cookie"),
			       "; HttpOnly; SameSite=Lax"));
	/* Secure exactly when the request came over TLS. */
	assert_int_equal(strstr(header_of(&rs, "Set-Cookie"), "; Secure") != NULL,
			 https);
	keep_cookie(w, &rs);
	response_release(&rs);

	app_call(st, w, "GET", page, NULL, 0, https, &rs);
	assert_int_equal(rs.status, 200);
	scrape_csrf(w, &rs);
	response_release(&rs);
	assert_int_equal(store_user_by_email(st, email, &u), STORE_OK);
	w->id = u.id;
}

/* A person with a login row of our own making; an admin when is_admin. */
static inline void person_as(struct store *st, struct who *w,
			     const char *name, const char *email, int is_admin)
{
	struct user u = { .is_admin = is_admin };
	struct login l = { 0 };
	char token[AUTH_TOKEN_HEX + 1], hash[65];

	snprintf(u.email, sizeof(u.email), "%s", email);
	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.pwhash, sizeof(u.pwhash), "x");
	assert_int_equal(store_user_add(st, &u), STORE_OK);
	auth_random_hex(token, AUTH_TOKEN_HEX);
	auth_token_hash(token, hash);
	auth_random_hex(w->csrf, AUTH_CSRF_HEX);
	l.user_id = u.id;
	snprintf(l.csrf, sizeof(l.csrf), "%s", w->csrf);
	l.expires = 4102444800;     /* 2100 */
	assert_int_equal(store_login_add(st, hash, &l), STORE_OK);
	w->id = u.id;
	snprintf(w->cookie, sizeof(w->cookie), "%s=%s", AUTH_COOKIE, token);
}

/*
 * A fresh, empty database for a test called `name`, its URL into url:
 * the file /tmp/alignplan-<name>-<pid>.db, or with ALIGNPLAN_TEST_DB set
 * to a PostgreSQL URL (make pgtest) the schema app_<name>_<pid> there
 * (pg-env.h).  path gets what app_db_drop() needs: the file or schema.
 */
static inline void app_db_fresh(char path[APP_DB_PATH], char *url,
				size_t len, const char *name)
{
	const char *pg = test_db_pg();

	if (pg) {
		snprintf(path, APP_DB_PATH, "app_%s_%d", name, (int)getpid());
		for (char *c = path; *c; c++)
			if (*c == '-')
				*c = '_';
		assert_true(pg_fresh_at(pg, path, url, len));
		return;
	}
	snprintf(path, APP_DB_PATH, "/tmp/alignplan-%s-%d.db", name,
		 (int)getpid());
	unlink(path);
	snprintf(url, len, "%s", path);
}

/* Remove what app_db_fresh() made. */
static inline void app_db_drop(const char *path)
{
	char wal[APP_DB_PATH + 8];

	if (test_db_pg()) {
		pg_drop_at(test_db_pg(), path);
		return;
	}
	unlink(path);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
}

/* A fresh database (app_db_fresh()) and a connection to it. */
static inline void app_db_open(char path[APP_DB_PATH], struct store **st,
			       const char *name)
{
	char msg[256], url[PG_URL_MAX];

	app_db_fresh(path, url, sizeof(url), name);
	if (store_open(url, st, msg, sizeof(msg)) != STORE_OK)
		fail_msg("store_open(%s): %s", url, msg);
}

/* Store each session of the NULL-ended list md, then load the app. */
static inline void app_db_load(struct store *st, const char *const *md)
{
	struct session s;
	struct import_error err;

	for (; *md; md++) {
		assert_int_equal(session_parse(*md, strlen(*md), &s, &err), 0);
		assert_int_equal(store_course_put(st, &s, *md, strlen(*md)),
				 STORE_OK);
		session_release(&s);
	}
	assert_int_equal(app_load(st), 0);
}

/* Unload the app, close the database and remove it. */
static inline void app_db_close(const char *path, struct store *st)
{
	app_unload();
	store_close(st);
	app_db_drop(path);
}

/* One database and one browser, for a group of tests that sign up. */
struct app_env {
	char path[APP_DB_PATH];
	struct store *st;
	struct who me;      /* the browser of the person signed up last */
};

/* A group setup: an app_env on the database /tmp/alignplan-<name>-... */
static inline int app_env_setup(void **state, const char *name,
				const char *const *md)
{
	struct app_env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	app_db_open(e->path, &e->st, name);
	app_db_load(e->st, md);
	*state = e;
	return 0;
}

static inline int app_env_teardown(void **state)
{
	struct app_env *e = *state;

	app_db_close(e->path, e->st);
	free(e);
	return 0;
}

#endif
