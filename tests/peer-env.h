/*
 * peer-env.h: what test-share.c, test-comment.c and test-checkin.c share:
 * a database with a small annotated session (number 4), people logged in
 * by a login row (no argon2 on every test), a cohort, and app_handle()
 * driven with hand-built requests as in test-app.c.
 */
#ifndef PEER_ENV_H
#define PEER_ENV_H

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

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "http.h"
#include "session.h"
#include "store.h"

static const char peer_session_md[] =
	"# Test Course: Session 4 - Projects\n\n"
	"> Testing peers\n\n"
	"# Exercises\n\n"
	"## Make your project awesome\n\n"
	"Plan it.\n\n"
	"- What will you deliver? <!-- alignplan: text name=deliverable "
	"label=\"Deliverable\" -->\n"
	"- When does your sprint start? <!-- alignplan: sprint name=sprint "
	"label=\"Sprint\" -->\n"
	"- Milestones on the way? <!-- alignplan: table name=milestones "
	"budget=sprint label=\"Milestones\" cols=\"Milestone:text:required | "
	"By when:date:required | Hours:hours:required\" -->\n"
	"- How would you like your cohort to support you? <!-- alignplan: "
	"text name=support label=\"Support\" -->\n";

#define EX "make-your-project-awesome"

struct who {
	int64_t id;
	char cookie[128];
	char csrf[STORE_TOKEN_MAX + 1];
};

struct env {
	char path[64];
	struct store *st;
	struct who owner, peer, other, facil, anon;
	int64_t cohort, other_cohort;
	struct response rs;         /* the last reply */
	char url[200];
};

static inline size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static inline const char *pid(const char *name)
{
	const struct prompt *p = session_named_prompt(course_get(4), name);

	assert_non_null(p);
	return p->id;
}

/* One request as `w`; the reply stays in e->rs until the next call. */
static inline int call(struct env *e, struct who *w, const char *method,
		       const char *path, const char *body)
{
	struct request rq = {
		.method = method, .path = path, .query = "",
		.body = body ? body : "", .body_len = body ? strlen(body) : 0,
		.cookie = w->cookie, .content_type = "", .csrf_header = "",
		.remote = "192.0.2.1", .store = e->st,
	};

	response_release(&e->rs);
	response_init(&e->rs);
	app_handle(&rq, &e->rs);
	return e->rs.status;
}

/* A POST with the sender's CSRF token first; `fields` may be "". */
static inline int post(struct env *e, struct who *w, const char *path,
		       const char *fields)
{
	struct buf body = BUF_INIT;
	int status;

	buf_addf(&body, "csrf=%s%s%s", w->csrf, *fields ? "&" : "", fields);
	status = call(e, w, "POST", path, body.data);
	buf_release(&body);
	return status;
}

static inline const char *header_of(struct response *rs, const char *name)
{
	for (int i = 0; i < rs->nheaders; i++)
		if (!strcmp(rs->header[i].name, name))
			return rs->header[i].value;
	return NULL;
}

static inline const char *body(struct env *e)
{
	return e->rs.body.data;
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

static inline void person(struct env *e, struct who *w, const char *name,
			  const char *email)
{
	person_as(e->st, w, name, email, 0);
}

static inline int64_t cohort_new(struct env *e, const char *name,
				 int64_t by)
{
	struct cohort c = { .number = 4, .created_by = by };

	snprintf(c.name, sizeof(c.name), "%s", name);
	assert_int_equal(store_cohort_add(e->st, &c), STORE_OK);
	return c.id;
}

static inline void answer(struct env *e, struct who *w, const char *name,
			  const char *value)
{
	assert_int_equal(store_answer_put(e->st, w->id, 4, pid(name), value,
					  strlen(value)), STORE_OK);
}

/* owner and peer are participants of one cohort, facil its facilitator;
 * other is a participant of another cohort on the same session. */
static inline int peer_setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct session s;
	struct import_error err;
	char msg[256];

	assert_non_null(e);
	snprintf(e->path, sizeof(e->path), "/tmp/alignplan-peer-%d.db",
		 (int)getpid());
	unlink(e->path);
	assert_int_equal(store_open(e->path, &e->st, msg, sizeof(msg)),
			 STORE_OK);
	assert_int_equal(session_parse(peer_session_md,
				       strlen(peer_session_md), &s, &err), 0);
	assert_int_equal(store_course_put(e->st, &s, peer_session_md,
					  strlen(peer_session_md)), STORE_OK);
	session_release(&s);
	assert_int_equal(courses_load(e->st), 0);
	response_init(&e->rs);

	person(e, &e->owner, "Olive <Owner>", "owner@example.org");
	person(e, &e->peer, "Pat Peer", "peer@example.org");
	person(e, &e->other, "Oscar Other", "other@example.org");
	person(e, &e->facil, "Fay Facilitator", "facil@example.org");
	e->cohort = cohort_new(e, "Spring", e->facil.id);
	e->other_cohort = cohort_new(e, "Autumn", e->facil.id);
	assert_int_equal(store_member_put(e->st, e->cohort, e->facil.id,
					  ROLE_FACILITATOR), STORE_OK);
	assert_int_equal(store_member_put(e->st, e->cohort, e->owner.id,
					  ROLE_PARTICIPANT), STORE_OK);
	assert_int_equal(store_member_put(e->st, e->cohort, e->peer.id,
					  ROLE_PARTICIPANT), STORE_OK);
	assert_int_equal(store_member_put(e->st, e->other_cohort, e->other.id,
					  ROLE_PARTICIPANT), STORE_OK);
	*state = e;
	return 0;
}

static inline int peer_teardown(void **state)
{
	struct env *e = *state;
	char wal[80];

	response_release(&e->rs);
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

/* "/p/<owner>/4/<EX><rest>" */
static inline const char *plan_url(struct env *e, const char *rest)
{
	snprintf(e->url, sizeof(e->url), "/p/%lld/4/" EX "%s",
		 (long long)e->owner.id, rest);
	return e->url;
}

#endif
