/*
 * people.c: the people directory (store.h): profiles, their tags and
 * intro requests.  The rules, the same for every backend: nothing of a
 * profile is a tag, so nothing is found by the suggestions, until its
 * person opts in, and then only what they chose to show; tags are
 * lowercase ("a:" agenda id, "r:" role, "o:" skill offered, "w:" skill
 * wanted), so that suggestions meet across spellings of one case; an
 * intro needs both people opted in, and its contact (the email) is
 * read only once the one asked has accepted (the statement itself
 * leaves it out before).
 */
#include "store/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- profiles ---- */

/* Is `list` at most PROFILE_LINES_MAX lines of 1..PROFILE_LINE_MAX
 * bytes, without control characters but the line ends? */
static int list_ok(struct store *st, const char *what, const char *list)
{
	size_t lines = 0, n = 0;
	const char *p;

	for (p = list; ; p++) {
		if (*p == '\n' || !*p) {
			if (!n && (*p || p != list))
				return store_set_err(st, "profile_put: an empty "
						     "line in %s", what) == 0;
			lines += n > 0;
			n = 0;
			if (!*p)
				break;
			continue;
		}
		if ((unsigned char)*p < 0x20 || ++n > PROFILE_LINE_MAX)
			return store_set_err(st, "profile_put: a line of %s is "
					     "over %d bytes or holds a control "
					     "character", what,
					     PROFILE_LINE_MAX) == 0;
	}
	if (lines > PROFILE_LINES_MAX)
		return store_set_err(st, "profile_put: %s has over %d lines",
				     what, PROFILE_LINES_MAX) == 0;
	return 1;
}

/* Each line of `list` as a tag "K:line", lowercased (ASCII). */
static int tags_put(struct store *st, int64_t user, char k, const char *list)
{
	char tag[PROFILE_LINE_MAX + 3];
	const char *p = list;
	int ret = STORE_OK;

	while (*p && ret == STORE_OK) {
		size_t n = strcspn(p, "\n"), i;

		tag[0] = k;
		tag[1] = ':';
		for (i = 0; i < n && i < PROFILE_LINE_MAX; i++)
			tag[2 + i] = (char)tolower((unsigned char)p[i]);
		tag[2 + i] = '\0';
		ret = q_write(st, Q_TAG_ADD, ARGS(arg_str(tag), ARG_INT(user)),
			      NULL);
		p += n + (p[n] == '\n');
	}
	return ret;
}

static int profile_body(struct store *st, void *ctx)
{
	const struct profile *p = ctx;
	int ret;

	ret = q_write(st, Q_PROFILE_PUT,
		      ARGS(ARG_INT(p->user), ARG_INT(!!p->opted_in),
			   ARG_INT(p->shown & SHOW_ALL), arg_str(p->agendas),
			   arg_str(p->roles), arg_str(p->offers),
			   arg_str(p->wants), ARG_INT(p->utc_offset),
			   ARG_INT(p->open & 7), ARG_INT(p->mentor_capacity),
			   ARG_INT(store_now(st))), NULL);
	if (ret == STORE_OK)
		ret = q_write(st, Q_TAG_DEL, ARGS(ARG_INT(p->user)), NULL);
	if (ret != STORE_OK || !p->opted_in)
		return ret;
	if (p->shown & SHOW_AGENDAS)
		ret = tags_put(st, p->user, 'a', p->agendas);
	if (ret == STORE_OK && (p->shown & SHOW_ROLES))
		ret = tags_put(st, p->user, 'r', p->roles);
	if (ret == STORE_OK && (p->shown & SHOW_SKILLS))
		ret = tags_put(st, p->user, 'o', p->offers);
	if (ret == STORE_OK && (p->shown & SHOW_SKILLS))
		ret = tags_put(st, p->user, 'w', p->wants);
	return ret;
}

int store_profile_put(struct store *st, const struct profile *p)
{
	if (!list_ok(st, "agendas", p->agendas) ||
	    !list_ok(st, "roles", p->roles) ||
	    !list_ok(st, "skills offered", p->offers) ||
	    !list_ok(st, "skills wanted", p->wants))
		return STORE_ERR;
	if (p->utc_offset < -720 || p->utc_offset > 840)
		return store_set_err(st, "profile_put: time zone offset %d",
				     p->utc_offset);
	if (p->mentor_capacity < 0 ||
	    p->mentor_capacity > PROFILE_CAPACITY_MAX)
		return store_set_err(st, "profile_put: capacity %d",
				     p->mentor_capacity);
	return store_txn(st, profile_body, (void *)p);
}

struct profile_rows {
	struct store *st;
	store_profile_fn *fn;
	void *ctx;
	struct profile *one;        /* profile_get's out, or NULL */
	struct profile tmp;
};

static int col_profile(struct store *st, const struct be_val *c,
		       struct profile *p)
{
	memset(p, 0, sizeof(*p));
	p->user = c[0].i;
	p->opted_in = (int)c[1].i;
	p->shown = (unsigned)c[2].i;
	p->utc_offset = (int)c[7].i;
	p->open = (unsigned)c[8].i;
	p->mentor_capacity = (int)c[9].i;
	p->updated = c[10].i;
	if (col_copy(&c[3], p->agendas, sizeof(p->agendas)) ||
	    col_copy(&c[4], p->roles, sizeof(p->roles)) ||
	    col_copy(&c[5], p->offers, sizeof(p->offers)) ||
	    col_copy(&c[6], p->wants, sizeof(p->wants)) ||
	    col_copy(&c[11], p->name, sizeof(p->name)))
		return store_set_err(st, "profile: a field is too long");
	return STORE_OK;
}

static int on_profile(void *ctx, const struct be_val *c)
{
	struct profile_rows *r = ctx;
	struct profile *p = r->one ? r->one : &r->tmp;
	int ret = col_profile(r->st, c, p);

	if (ret != STORE_OK || r->one)
		return ret;
	return r->fn(r->ctx, p) != 0;
}

int store_profile_get(struct store *st, int64_t user, struct profile *out)
{
	struct profile_rows *r = malloc(sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "profile_get: out of memory");
	r->st = st;
	r->one = &r->tmp;
	ret = q_one(st, Q_PROFILE_GET, ARGS(ARG_INT(user)), on_profile, r);
	if (ret == STORE_OK)
		*out = r->tmp;
	free(r);
	return ret;
}

static int profile_walk(struct store *st, enum be_query q,
			const struct be_val *arg, size_t nargs,
			store_profile_fn *fn, void *ctx)
{
	struct profile_rows *r = malloc(sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "profiles: out of memory");
	*r = (struct profile_rows){ .st = st, .fn = fn, .ctx = ctx };
	ret = q_list(st, q, arg, nargs, on_profile, r);
	free(r);
	return ret;
}

int store_profile_list(struct store *st, int limit, int64_t before,
		       store_profile_fn *fn, void *ctx)
{
	if (limit < 1 || limit > 200)
		limit = 200;
	return profile_walk(st, Q_PROFILE_LIST, ARGS(ARG_INT(limit),
						     ARG_INT(before)), fn, ctx);
}

int store_profile_by_tag(struct store *st, const char *tag, int limit,
			 store_profile_fn *fn, void *ctx)
{
	if (limit < 1 || limit > 1000)
		limit = 1000;
	return profile_walk(st, Q_PROFILE_BY_TAG, ARGS(arg_str(tag),
						       ARG_INT(limit)), fn, ctx);
}

/* ---- intros ---- */

static int col_intro(struct store *st, const struct be_val *c,
		     struct intro *in)
{
	memset(in, 0, sizeof(*in));
	in->id = c[0].i;
	in->asker = c[1].i;
	in->asked = c[2].i;
	in->state = (int)c[4].i;
	in->created = c[5].i;
	in->changed = c[6].i;
	if (col_copy(&c[3], in->note, sizeof(in->note)) ||
	    col_copy(&c[7], in->name, sizeof(in->name)) ||
	    col_copy(&c[8], in->email, sizeof(in->email)))
		return store_set_err(st, "intro: a field is too long");
	return STORE_OK;
}

struct intro_rows {
	struct store *st;
	store_intro_fn *fn;
	void *ctx;
	struct intro in;
};

static int on_intro(void *ctx, const struct be_val *c)
{
	struct intro_rows *r = ctx;
	int ret = col_intro(r->st, c, &r->in);

	if (ret != STORE_OK || !r->fn)
		return ret;
	return r->fn(r->ctx, &r->in) != 0;
}

int store_intro_get(struct store *st, int64_t me, int64_t other,
		    struct intro *out)
{
	struct intro_rows *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "intro_get: out of memory");
	r->st = st;
	ret = q_one(st, Q_INTRO_GET, ARGS(ARG_INT(me), ARG_INT(other)),
		    on_intro, r);
	if (ret == STORE_OK)
		*out = r->in;
	free(r);
	return ret;
}

int store_intro_list(struct store *st, int64_t me, store_intro_fn *fn,
		     void *ctx)
{
	struct intro_rows *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "intro_list: out of memory");
	*r = (struct intro_rows){ .st = st, .fn = fn, .ctx = ctx };
	ret = q_list(st, Q_INTRO_LIST, ARGS(ARG_INT(me)), on_intro, r);
	free(r);
	return ret;
}

struct intro_act {
	int64_t me, other;
	enum intro_action a;
	const char *note;
	const struct notice_new *nv;    /* told when it is done */
	size_t n;
	struct intro_rows r;
};

static int opted(struct store *st, int64_t user, int *yes)
{
	struct profile_rows *r = malloc(sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "intro: out of memory");
	r->st = st;
	r->one = &r->tmp;
	ret = q_one(st, Q_PROFILE_GET, ARGS(ARG_INT(user)), on_profile, r);
	*yes = ret == STORE_OK && r->tmp.opted_in;
	free(r);
	return ret == STORE_NOTFOUND ? STORE_OK : ret;
}

static int intro_request(struct store *st, struct intro_act *x)
{
	int a = 0, b = 0, ret;

	if ((ret = opted(st, x->me, &a)) != STORE_OK ||
	    (ret = opted(st, x->other, &b)) != STORE_OK)
		return ret;
	if (!a || !b)
		return STORE_NOTFOUND;
	ret = store_cap_check(st, Q_INTRO_COUNT, ARGS(ARG_INT(x->me)),
			      CAP_INTROS, "intro_act",
			      STORE_INTROS_WAITING_MAX);
	if (ret != STORE_OK)
		return ret;
	return q_write(st, Q_INTRO_ADD, ARGS(ARG_INT(x->me), ARG_INT(x->other),
					     arg_str(x->note),
					     ARG_INT(INTRO_WAITING),
					     ARG_INT(store_now(st))), NULL);
}

static int intro_move(struct store *st, struct intro_act *x)
{
	struct intro *in = &x->r.in;
	int ret;

	x->r.st = st;
	ret = q_one(st, Q_INTRO_GET, ARGS(ARG_INT(x->me), ARG_INT(x->other)),
		    on_intro, &x->r);
	if (x->a == INTRO_REQUEST)
		return ret == STORE_OK ? STORE_EXISTS :
		       ret == STORE_NOTFOUND ? intro_request(st, x) : ret;
	if (ret != STORE_OK)
		return ret;
	if (in->state != INTRO_WAITING)
		return STORE_NOTFOUND;
	switch (x->a) {
	case INTRO_ACCEPT:
	case INTRO_DECLINE:
		if (in->asked != x->me)
			return STORE_NOTFOUND;
		return q_change(st, Q_INTRO_SET,
				ARGS(ARG_INT(in->id),
				     ARG_INT(x->a == INTRO_ACCEPT ?
					     INTRO_ACCEPTED : INTRO_DECLINED),
				     ARG_INT(store_now(st)),
				     ARG_INT(INTRO_WAITING)));
	case INTRO_WITHDRAW:
		if (in->asker != x->me)
			return STORE_NOTFOUND;
		return q_change(st, Q_INTRO_DEL, ARGS(ARG_INT(in->id),
						      ARG_INT(INTRO_WAITING)));
	default:
		return STORE_ERR;
	}
}

static int intro_body(struct store *st, void *ctx)
{
	struct intro_act *x = ctx;
	int ret = intro_move(st, x);

	if (ret == STORE_OK && x->n)
		ret = store_notices_put(st, x->nv, x->n, store_now(st));
	return ret;
}

int store_intro_act(struct store *st, int64_t me, int64_t other,
		    enum intro_action a, const char *note)
{
	return store_intro_act_notify(st, me, other, a, note, NULL, 0);
}

int store_intro_act_notify(struct store *st, int64_t me, int64_t other,
			   enum intro_action a, const char *note,
			   const struct notice_new *nv, size_t n)
{
	struct intro_act *x;
	int ret;

	if (me == other)
		return STORE_NOTFOUND;
	if (!text_ok(st, "intro_act", note))
		return STORE_ERR;
	if (!(x = calloc(1, sizeof(*x))))
		return store_set_err(st, "intro_act: out of memory");
	x->me = me;
	x->other = other;
	x->a = a;
	x->note = note;
	x->nv = nv;
	x->n = n;
	ret = store_txn(st, intro_body, x);
	free(x);
	return ret;
}
