/*
 * teams.c: project teams (store.h).  The rules: a team's owner is its
 * first member; others ask to join and the owner accepts or declines;
 * a member leaves, the owner does not (a team without its owner would
 * have no one to accept); the caps (teams one proposes, people in one
 * team) are counted inside the write's transaction.  Who may see a team
 * at all (people who opted in to the directory) is authz.c's.
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

struct team_add {
	struct team *t;
	int64_t now;
};

static int team_add_body(struct store *st, void *ctx)
{
	struct team_add *x = ctx;
	struct be_done done = { 0, 0 };
	int ret;

	ret = store_cap_check(st, Q_TEAM_COUNT_BY, ARGS(ARG_INT(x->t->owner)),
			      CAP_TEAMS, "team_add", STORE_TEAMS_MAX);
	if (ret == STORE_OK)
		ret = q_write(st, Q_TEAM_ADD,
			      ARGS(ARG_INT(x->t->owner), arg_str(x->t->title),
				   arg_str(x->t->summary),
				   arg_str(x->t->agendas), ARG_INT(x->now)),
			      &done);
	if (ret == STORE_OK)
		ret = q_write(st, Q_TMEMBER_ADD, ARGS(ARG_INT(done.id),
						      ARG_INT(x->t->owner),
						      ARG_INT(TEAM_MEMBER),
						      ARG_INT(x->now)), NULL);
	if (ret == STORE_OK)
		x->t->id = done.id;
	return ret;
}

int store_team_add(struct store *st, struct team *t)
{
	struct team_add x = { t, store_now(st) };
	int ret;

	if (!*t->title || !fits(t->title, sizeof(t->title)) ||
	    !text_ok(st, "team_add", t->summary) ||
	    !fits(t->agendas, sizeof(t->agendas)))
		return store_set_err(st, "team_add: a title of 1 to %d bytes, "
				     "a summary of at most %d",
				     TEAM_TITLE_MAX, STORE_TEXT_MAX);
	ret = store_txn(st, team_add_body, &x);
	if (ret == STORE_OK)
		t->created = x.now;
	return ret;
}

struct team_rows {
	struct store *st;
	store_team_fn *fn;
	void *ctx;
	struct team t;
};

static int on_team(void *ctx, const struct be_val *c)
{
	struct team_rows *r = ctx;
	struct team *t = &r->t;

	memset(t, 0, sizeof(*t));
	t->id = c[0].i;
	t->owner = c[1].i;
	t->created = c[5].i;
	t->plan_number = (int)c[7].i;
	if (col_copy(&c[2], t->title, sizeof(t->title)) ||
	    col_copy(&c[3], t->summary, sizeof(t->summary)) ||
	    col_copy(&c[4], t->agendas, sizeof(t->agendas)) ||
	    col_copy(&c[6], t->owner_name, sizeof(t->owner_name)) ||
	    col_copy(&c[8], t->plan_exercise, sizeof(t->plan_exercise)))
		return store_set_err(r->st, "team: a field is too long");
	return r->fn ? r->fn(r->ctx, t) != 0 : 0;
}

int store_team_get(struct store *st, int64_t id, struct team *out)
{
	struct team_rows *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "team_get: out of memory");
	r->st = st;
	ret = q_one(st, Q_TEAM_GET, ARGS(ARG_INT(id)), on_team, r);
	if (ret == STORE_OK)
		*out = r->t;
	free(r);
	return ret;
}

int store_team_list(struct store *st, int limit, store_team_fn *fn,
		    void *ctx)
{
	struct team_rows *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "team_list: out of memory");
	*r = (struct team_rows){ .st = st, .fn = fn, .ctx = ctx };
	if (limit < 1 || limit > 200)
		limit = 200;
	ret = q_list(st, Q_TEAM_LIST, ARGS(ARG_INT(limit)), on_team, r);
	free(r);
	return ret;
}

struct tmember_rows {
	store_tmember_fn *fn;
	void *ctx;
};

static int on_tmember(void *ctx, const struct be_val *c)
{
	struct tmember_rows *r = ctx;

	return r->fn(r->ctx, c[0].i, (int)c[1].i, c[2].i, c[3].s) != 0;
}

int store_team_members(struct store *st, int64_t team, store_tmember_fn *fn,
		       void *ctx)
{
	struct tmember_rows r = { fn, ctx };

	return q_list(st, Q_TMEMBER_LIST, ARGS(ARG_INT(team)), on_tmember, &r);
}

struct team_act {
	int64_t team, user, by;
	enum team_action a;
	int64_t owner;
	int state;          /* user's, 0 when none */
};

static int on_owner(void *ctx, const struct be_val *c)
{
	((struct team_act *)ctx)->owner = c[1].i;
	return 0;
}

static int on_state(void *ctx, int64_t user, int state, int64_t joined,
		    const char *name)
{
	struct team_act *x = ctx;

	(void)joined;
	(void)name;
	if (user == x->user)
		x->state = state;
	return 0;
}

static int team_act_body(struct store *st, void *ctx)
{
	struct team_act *x = ctx;
	struct tmember_rows r = { on_state, x };
	int ret;

	x->state = 0;
	ret = q_one(st, Q_TEAM_GET, ARGS(ARG_INT(x->team)), on_owner, x);
	if (ret == STORE_OK)
		ret = q_list(st, Q_TMEMBER_LIST, ARGS(ARG_INT(x->team)),
			     on_tmember, &r);
	if (ret != STORE_OK)
		return ret;
	switch (x->a) {
	case TEAM_JOIN:
		if (x->by != x->user)
			return STORE_NOTFOUND;
		if (x->state)
			return STORE_EXISTS;
		ret = store_cap_check(st, Q_TMEMBER_COUNT,
				      ARGS(ARG_INT(x->team)), CAP_TEAM_SIZE,
				      "team_act", STORE_TEAM_SIZE_MAX);
		return ret != STORE_OK ? ret :
		       q_write(st, Q_TMEMBER_ADD,
			       ARGS(ARG_INT(x->team), ARG_INT(x->user),
				    ARG_INT(TEAM_ASKED),
				    ARG_INT(store_now(st))), NULL);
	case TEAM_ACCEPT:
	case TEAM_DECLINE:
		if (x->by != x->owner || x->state != TEAM_ASKED)
			return STORE_NOTFOUND;
		return x->a == TEAM_ACCEPT ?
		       q_change(st, Q_TMEMBER_SET, ARGS(ARG_INT(x->team),
							ARG_INT(x->user),
							ARG_INT(TEAM_MEMBER))) :
		       q_change(st, Q_TMEMBER_DEL, ARGS(ARG_INT(x->team),
							ARG_INT(x->user)));
	case TEAM_LEAVE:
		if (x->by != x->user || x->user == x->owner || !x->state)
			return STORE_NOTFOUND;
		return q_change(st, Q_TMEMBER_DEL, ARGS(ARG_INT(x->team),
							ARG_INT(x->user)));
	}
	return STORE_ERR;
}

int store_team_act(struct store *st, int64_t team, int64_t user, int64_t by,
		   enum team_action a)
{
	struct team_act x = { team, user, by, a, 0, 0 };

	return store_txn(st, team_act_body, &x);
}

int store_team_plan_set(struct store *st, int64_t team, int64_t owner,
			int number, const char *exercise_id)
{
	if (number < 0 || (number && (!*exercise_id ||
				      strlen(exercise_id) > STORE_ID_MAX)))
		return store_set_err(st, "team_plan_set: no such plan");
	return store_write1(st, Q_TEAM_PLAN_SET,
			    ARGS(ARG_INT(team), ARG_INT(owner), ARG_INT(number),
				 arg_str(number ? exercise_id : "")), 1);
}

int store_team_plan_member(struct store *st, int64_t owner, int number,
			   const char *exercise_id, int64_t user, int *yes)
{
	int64_t n = 0;
	int ret;

	*yes = 0;
	if (number <= 0)
		return STORE_OK;
	ret = q_int(st, Q_TEAM_PLAN_MEMBER, ARGS(ARG_INT(owner),
						 ARG_INT(number),
						 arg_str(exercise_id),
						 ARG_INT(user)), &n);
	*yes = ret == STORE_OK && n > 0;
	return ret;
}
