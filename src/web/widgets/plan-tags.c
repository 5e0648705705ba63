/*
 * plan-tags.c: the agendas and roles of one person's plan and profile
 * (plan-tags.h), read from their own answers and profile only.
 */
#include "web/widgets/plan-tags.h"

#include "model/session.h"
#include "web/courses.h"

#include <stdlib.h>
#include <string.h>

static int is_roles(const struct prompt *p)
{
	return p->name && !strcmp(p->name, "roles");
}

/* Does exercise e ask for roles; does it ask for agendas? */
static int asks(const struct exercise *e, int roles)
{
	for (size_t j = 0; j < e->nr_prompts; j++)
		if (roles ? is_roles(&e->prompts[j]) :
		    e->prompts[j].kind == PROMPT_AGENDAS)
			return 1;
	return 0;
}

struct tags_ctx {
	const struct session *s;
	struct opp_me *me;
};

static int on_answer(void *ctx, const char *prompt_id, const char *value,
		     size_t len)
{
	struct tags_ctx *t = ctx;
	const struct exercise *e = NULL;
	const struct prompt *p = session_find_prompt(t->s, prompt_id, &e);

	(void)len;  /* value is NUL-terminated too; a NUL inside ends it */
	if (!p)
		return 0;
	if (p->kind == PROMPT_AGENDAS)
		opp_me_agendas(t->me, value, asks(e, 1) ? OPP_FROM_CAREER :
			       OPP_FROM_PROJECT);
	else if (is_roles(p))
		opp_me_roles(t->me, value, OPP_FROM_CAREER);
	return 0;
}

/* Note where session s asks for them, if it is the first that does;
 * whether it does. */
static int note_where(const struct session *s, struct plan_where *w)
{
	int any = 0;

	for (size_t i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];
		int roles = asks(e, 1), agendas = asks(e, 0);

		if (!roles && !agendas)
			continue;
		any = 1;
		if (w->s && w->s != s)
			continue;
		w->s = s;
		if (roles && !w->career)
			w->career = e;
		else if (!roles && !w->project)
			w->project = e;
	}
	return any;
}

static int read_profile(struct store *st, int64_t user, struct opp_me *me)
{
	struct profile *p = malloc(sizeof(*p));
	int rc;

	if (!p)
		return STORE_ERR;
	rc = store_profile_get(st, user, p);
	if (rc == STORE_OK && p->opted_in) {
		opp_me_agendas(me, p->agendas, OPP_FROM_PROFILE);
		opp_me_roles(me, p->roles, OPP_FROM_PROFILE);
	}
	free(p);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

int plan_tags_read(struct store *st, int64_t user, struct opp_me *me,
		   struct plan_where *where)
{
	const struct session *all;
	size_t n, i;
	int rc = STORE_OK;

	opp_me_init(me);
	memset(where, 0, sizeof(*where));
	all = courses_all(&n);
	for (i = 0; rc == STORE_OK && i < n; i++) {
		struct tags_ctx t = { &all[i], me };

		if (note_where(&all[i], where))
			rc = store_answer_list(st, user, all[i].number,
					       on_answer, &t);
	}
	return rc == STORE_OK ? read_profile(st, user, me) : rc;
}
