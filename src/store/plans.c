/*
 * plans.c: what hangs off a participant's plan besides comments (store.h):
 * how it is shared, check-ins on its milestones (capped per person and
 * session, counted inside the write's transaction), and a cohort's final
 * review with the facilitators' private notes.
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- sharing ---- */

/* Set how a plan is shared: its mode, and its link ("" for none).  A
 * token is never kept without its link. */
int store_share_put(struct store *st, const struct share *sh)
{
	if (!id_ok(st, "share_put: exercise id", sh->exercise_id, 0) ||
	    !fits(sh->link_hash, sizeof(sh->link_hash)) ||
	    !fits(sh->link_token, sizeof(sh->link_token)))
		return STORE_ERR;
	if (sh->mode != SHARE_PRIVATE && sh->mode != SHARE_COHORT)
		return store_set_err(st, "share_put: no such mode: %d",
				     sh->mode);
	return store_write1(st, Q_SHARE_PUT,
			    ARGS(ARG_INT(sh->user), ARG_INT(sh->number),
				 arg_str(sh->exercise_id), ARG_INT(sh->mode),
				 arg_opt(sh->link_hash), ARG_INT(store_now(st)),
				 arg_opt(sh->link_hash[0] ? sh->link_token :
					 "")), 0);
}

struct share_row {
	struct store *st;
	struct share sh;
	store_share_fn *fn;
	void *ctx;
};

static int on_share(void *ctx, const struct be_val *c)
{
	struct share_row *r = ctx;
	struct share *sh = &r->sh;

	sh->user = c[0].i;
	sh->number = (int)c[1].i;
	sh->mode = (int)c[3].i;
	if (col_copy(&c[2], sh->exercise_id, sizeof(sh->exercise_id)) ||
	    col_copy(&c[4], sh->link_hash, sizeof(sh->link_hash)) ||
	    col_copy(&c[5], sh->link_token, sizeof(sh->link_token)))
		return store_set_err(r->st, "share: a stored field is too "
				     "long");
	return r->fn ? r->fn(r->ctx, sh) != 0 : 0;
}

static int share_one(struct store *st, enum be_query q,
		     const struct be_val *arg, size_t nargs,
		     struct share *out)
{
	struct share_row r = { .st = st };
	int ret = q_one(st, q, arg, nargs, on_share, &r);

	if (ret == STORE_OK)
		*out = r.sh;
	return ret;
}

int store_share_get(struct store *st, int64_t user, int number,
		    const char *exercise_id, struct share *out)
{
	return share_one(st, Q_SHARE_GET, ARGS(ARG_INT(user), ARG_INT(number),
					       arg_str(exercise_id)), out);
}

/* The plan a live read-only link points at; "" finds nothing. */
int store_share_by_link(struct store *st, const char *link_hash,
			struct share *out)
{
	if (!link_hash || !*link_hash)
		return STORE_NOTFOUND;
	return share_one(st, Q_SHARE_BY_LINK, ARGS(arg_str(link_hash)), out);
}

/* A list of shares: q's two arguments are (user or cohort, number). */
static int share_list(struct store *st, enum be_query q, int64_t of,
		      int number, store_share_fn *fn, void *ctx)
{
	struct share_row r = { .st = st, .fn = fn, .ctx = ctx };

	return q_list_owned(st, q, ARGS(ARG_INT(of), ARG_INT(number)),
			    on_share, q_own(st, &r, sizeof(r)));
}

int store_share_list(struct store *st, int64_t user, int number,
		     store_share_fn *fn, void *ctx)
{
	return share_list(st, Q_SHARE_LIST, user, number, fn, ctx);
}

int store_share_cohort(struct store *st, int64_t cohort, int number,
		       store_share_fn *fn, void *ctx)
{
	return share_list(st, Q_SHARE_COHORT, cohort, number, fn, ctx);
}

/* ---- check-ins ---- */

struct checkin_add {
	const struct checkin *c;
	const char *note;
	int64_t now;
	int64_t id;             /* out */
};

static int checkin_body(struct store *st, void *ctx)
{
	struct checkin_add *a = ctx;
	const struct checkin *c = a->c;
	struct be_done d;
	int ret;

	ret = store_cap_check(st, Q_CHECKIN_COUNT,
			      ARGS(ARG_INT(c->user), ARG_INT(c->number)),
			      CAP_CHECKINS, "checkin_add", STORE_CHECKINS_MAX);
	if (ret == STORE_OK)
		ret = q_write(st, Q_CHECKIN_ADD,
			      ARGS(ARG_INT(c->user), ARG_INT(c->number),
				   arg_str(c->prompt_id), arg_str(c->milestone),
				   ARG_INT(c->status), arg_str(a->note),
				   ARG_INT(a->now)), &d);
	if (ret == STORE_OK)
		a->id = d.id;
	return ret;
}

/* A check-in on one milestone of a stored prompt, unless the person has
 * STORE_CHECKINS_MAX on the session; sets c->id and c->at. */
int store_checkin_add(struct store *st, struct checkin *c, const char *note)
{
	struct checkin_add a = { c, note, store_now(st), 0 };
	int ret;

	if (!id_ok(st, "checkin_add: prompt id", c->prompt_id, 0) ||
	    !fits(c->milestone, sizeof(c->milestone)) ||
	    !text_ok(st, "checkin_add: note", note))
		return STORE_ERR;
	if (c->status < CHECKIN_DONE || c->status > CHECKIN_BEHIND)
		return store_set_err(st, "checkin_add: no such status: %d",
				     c->status);
	ret = store_txn(st, checkin_body, &a);
	if (ret == STORE_OK) {
		c->id = a.id;
		c->at = a.now;
	}
	return ret;
}

/* Allocated: its 8 KB of milestone does not belong on a page thread's
 * stack. */
struct checkin_row {
	struct store *st;
	store_checkin_fn *fn;
	void *ctx;
	struct checkin c;
};

static int on_checkin(void *ctx, const struct be_val *col)
{
	struct checkin_row *r = ctx;
	struct checkin *c = &r->c;

	c->id = col[0].i;
	c->user = col[1].i;
	c->number = (int)col[2].i;
	c->status = (int)col[5].i;
	c->at = col[6].i;
	if (col_copy(&col[3], c->prompt_id, sizeof(c->prompt_id)) ||
	    col_copy(&col[4], c->milestone, sizeof(c->milestone)))
		return store_set_err(r->st, "checkin: a stored field is too "
				     "long");
	return r->fn(r->ctx, c, col[7].s) != 0;
}

/* A list of check-ins: q's two arguments are (user or cohort, number). */
static int checkin_list(struct store *st, enum be_query q, int64_t of,
			int number, store_checkin_fn *fn, void *ctx)
{
	struct checkin_row *r = malloc(sizeof(*r));

	if (!r)
		return store_set_err(st, "checkin_list: out of memory");
	r->st = st;
	r->fn = fn;
	r->ctx = ctx;
	return q_list_owned(st, q, ARGS(ARG_INT(of), ARG_INT(number)),
			    on_checkin, r);
}

int store_checkin_list(struct store *st, int64_t user, int number,
		       store_checkin_fn *fn, void *ctx)
{
	return checkin_list(st, Q_CHECKIN_LIST, user, number, fn, ctx);
}

int store_checkin_cohort(struct store *st, int64_t cohort, int number,
			 store_checkin_fn *fn, void *ctx)
{
	return checkin_list(st, Q_CHECKIN_COHORT, cohort, number, fn, ctx);
}

/* ---- the final review and facilitators' notes ---- */

int store_review_put(struct store *st, const struct review *r)
{
	if (!fits(r->order, sizeof(r->order)))
		return store_set_err(st, "review_put: the order is not "
				     "terminated");
	return store_write1(st, Q_REVIEW_PUT, ARGS(ARG_INT(r->cohort_id),
						   arg_str(r->order),
						   ARG_INT(r->current),
						   ARG_INT(r->started)), 0);
}

struct review_row {
	struct store *st;
	struct review r;
};

static int on_review(void *ctx, const struct be_val *c)
{
	struct review_row *rr = ctx;

	if (col_copy(&c[0], rr->r.order, sizeof(rr->r.order)))
		return store_set_err(rr->st, "review: stored order is too "
				     "long");
	rr->r.current = (int)c[1].i;
	rr->r.started = c[2].i;
	return 0;
}

int store_review_get(struct store *st, int64_t cohort, struct review *out)
{
	struct review_row rr = { .st = st };
	int ret;

	rr.r.cohort_id = cohort;
	ret = q_one(st, Q_REVIEW_GET, ARGS(ARG_INT(cohort)), on_review, &rr);
	if (ret == STORE_OK)
		*out = rr.r;
	return ret;
}

int store_note_put(struct store *st, int64_t cohort, int64_t facilitator,
		   int64_t presenter, const char *text)
{
	if (!text_ok(st, "note_put", text))
		return STORE_ERR;
	return store_write1(st, Q_RNOTE_PUT, ARGS(ARG_INT(cohort),
						  ARG_INT(facilitator),
						  ARG_INT(presenter),
						  arg_str(text),
						  ARG_INT(store_now(st))), 0);
}

struct note_row {
	struct store *st;
	char *text;
};

static int on_note(void *ctx, const struct be_val *c)
{
	struct note_row *n = ctx;

	if (!(n->text = col_dup(&c[0])))
		return store_set_err(n->st, "note_get: out of memory");
	return 0;
}

/* The facilitator's note on a presenter, malloc'd; "" when none. */
int store_note_get(struct store *st, int64_t cohort, int64_t facilitator,
		   int64_t presenter, char **text)
{
	struct note_row n = { st, NULL };
	int ret;

	ret = q_one(st, Q_RNOTE_GET, ARGS(ARG_INT(cohort), ARG_INT(facilitator),
					  ARG_INT(presenter)), on_note, &n);
	if (ret == STORE_NOTFOUND) {
		ret = STORE_OK;
		if (!(n.text = calloc(1, 1)))
			ret = store_set_err(st, "note_get: out of memory");
	}
	if (ret == STORE_OK)
		*text = n.text;
	else
		free(n.text);
	return ret;
}
