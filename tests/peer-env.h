/*
 * peer-env.h: what test-share.c, test-comment.c, test-checkin.c and
 * test-routes.c share on top of app-env.h: a database with a small
 * annotated session (number 4), people logged in by a login row, two
 * cohorts, and the last reply kept in the env.
 */
#ifndef PEER_ENV_H
#define PEER_ENV_H

#include "app-env.h"

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

struct env {
	char path[APP_DB_PATH];
	struct store *st;
	struct who owner, peer, other, facil, anon;
	int64_t cohort, other_cohort;
	struct response rs;         /* the last reply */
	char url[200];
};

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
	response_release(&e->rs);
	app_call(e->st, w, method, path, body, 0, 0, &e->rs);
	return e->rs.status;
}

/* A POST with the sender's CSRF token first; `fields` may be "". */
static inline int post(struct env *e, struct who *w, const char *path,
		       const char *fields)
{
	response_release(&e->rs);
	app_post(e->st, w, path, fields, &e->rs);
	return e->rs.status;
}

static inline const char *body(struct env *e)
{
	return e->rs.body.data;
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
	const char *const md[] = { peer_session_md, NULL };

	assert_non_null(e);
	app_db_open(e->path, &e->st, "peer");
	app_db_load(e->st, md);
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

	response_release(&e->rs);
	app_db_close(e->path, e->st);
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
