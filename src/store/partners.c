/*
 * partners.c: accountability partners by consent (store.h, docs/cohorts.md).
 * Who may move a partnership from which state to which, the wait after a
 * decline and the caps on requests are the rules here; each action is one
 * transaction, so the state it starts from and the counts it checks are
 * the ones it writes over.
 */
#include "store/internal.h"

#include <string.h>

enum { SIDE_SUPPORTER = 1, SIDE_SUPPORTED = 2, SIDE_EITHER = 3 };

/* Who may take each action, from which state.  PARTNER_REQUEST from
 * PARTNER_DECLINED (after the wait) and PARTNER_END by the one
 * supported are the two cases store_partner_act() adds to this table. */
static const struct {
	int side;
	int from, to;
} partner_rule[] = {
	[PARTNER_REQUEST] = { SIDE_SUPPORTER, PARTNER_NONE, PARTNER_PENDING },
	[PARTNER_WITHDRAW] = { SIDE_SUPPORTER, PARTNER_PENDING, PARTNER_NONE },
	[PARTNER_ACCEPT] = { SIDE_SUPPORTED, PARTNER_PENDING,
			     PARTNER_ACCEPTED },
	[PARTNER_DECLINE] = { SIDE_SUPPORTED, PARTNER_PENDING,
			      PARTNER_DECLINED },
	[PARTNER_END] = { SIDE_EITHER, PARTNER_ACCEPTED, PARTNER_NONE },
};

int64_t store_partner_retry_at(const struct partner *p)
{
	return p->state == PARTNER_DECLINED ?
	       p->changed + PARTNER_RETRY_AFTER : 0;
}

struct partner_row {
	struct partner p;
	store_partner_fn *fn;
	void *ctx;
};

static int on_partner(void *ctx, const struct be_val *c)
{
	struct partner_row *r = ctx;
	struct partner *p = &r->p;

	p->cohort_id = c[0].i;
	p->supporter = c[1].i;
	p->supported = c[2].i;
	p->state = (int)c[3].i;
	p->created = c[4].i;
	p->changed = c[5].i;
	return r->fn ? r->fn(r->ctx, p) != 0 : 0;
}

int store_partner_get(struct store *st, int64_t cohort, int64_t supporter,
		      int64_t supported, struct partner *out)
{
	struct partner_row r = { .fn = NULL };
	int ret;

	ret = q_one(st, Q_PARTNER_GET, ARGS(ARG_INT(cohort), ARG_INT(supporter),
					    ARG_INT(supported)),
		    on_partner, &r);
	if (ret == STORE_OK)
		*out = r.p;
	return ret;
}

int store_partner_list(struct store *st, int64_t user, store_partner_fn *fn,
		       void *ctx)
{
	struct partner_row r = { .fn = fn, .ctx = ctx };

	return q_list(st, Q_PARTNER_LIST, ARGS(ARG_INT(user)), on_partner, &r);
}

/* Requests waiting: those `user` sent, and those waiting for them. */
struct waiting {
	int64_t user;
	int mine, theirs;
};

static int on_waiting(void *ctx, const struct partner *p)
{
	struct waiting *w = ctx;

	if (p->state != PARTNER_PENDING)
		return 0;
	if (p->supporter == w->user)
		w->mine++;
	if (p->supported == w->user)
		w->theirs++;
	return 0;
}

static int waiting_of(struct store *st, int64_t user, struct waiting *w)
{
	memset(w, 0, sizeof(*w));
	w->user = user;
	return store_partner_list(st, user, on_waiting, w);
}

/* May the supporter ask (again)?  The row `cur` is the partnership as it
 * is (state PARTNER_NONE when there is none). */
static int request_ok(struct store *st, const struct partner *cur,
		      enum partner_why *why)
{
	struct waiting w;
	int rc, role = ROLE_NONE;

	rc = store_member_role(st, cur->cohort_id, cur->supported, &role);
	if (rc == STORE_OK && role != ROLE_PARTICIPANT)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		rc = store_member_role(st, cur->cohort_id, cur->supporter,
				       &role);
	if (rc == STORE_NOTFOUND)
		*why = PARTNER_WHY_NOT_MEMBER;
	if (rc != STORE_OK)
		return rc;
	if (cur->state == PARTNER_PENDING)
		*why = PARTNER_WHY_WAITING;
	else if (cur->state == PARTNER_ACCEPTED)
		*why = PARTNER_WHY_ALREADY;
	else if (cur->state == PARTNER_DECLINED &&
		 store_now(st) < store_partner_retry_at(cur))
		*why = PARTNER_WHY_TOO_SOON;
	if (*why)
		return STORE_EXISTS;
	if ((rc = waiting_of(st, cur->supporter, &w)) != STORE_OK)
		return rc;
	if (w.mine >= PARTNER_PENDING_MAX) {
		*why = PARTNER_WHY_MINE_FULL;
		return STORE_EXISTS;
	}
	if ((rc = waiting_of(st, cur->supported, &w)) != STORE_OK)
		return rc;
	if (w.theirs >= PARTNER_INCOMING_MAX) {
		*why = PARTNER_WHY_THEIRS_FULL;
		return STORE_EXISTS;
	}
	return STORE_OK;
}

/* The write: from the state the row is in to the one the rule names, as
 * a compare-and-set on that state (PARTNER_NONE: no row yet). */
static int partner_move(struct store *st, struct partner *p, int from,
			int to)
{
	int64_t now = store_now(st);

	if (to == PARTNER_NONE)
		return q_change(st, Q_PARTNER_DEL,
				ARGS(ARG_INT(p->cohort_id),
				     ARG_INT(p->supporter),
				     ARG_INT(p->supported), ARG_INT(from)));
	if (to == PARTNER_PENDING)
		p->created = now;
	p->state = to;
	p->changed = now;
	if (from == PARTNER_NONE)
		return q_write(st, Q_PARTNER_ADD,
			       ARGS(ARG_INT(p->cohort_id),
				    ARG_INT(p->supporter),
				    ARG_INT(p->supported), ARG_INT(p->state),
				    ARG_INT(p->created), ARG_INT(p->changed)),
			       NULL);
	return q_change(st, Q_PARTNER_SET,
			ARGS(ARG_INT(p->cohort_id), ARG_INT(p->supporter),
			     ARG_INT(p->supported), ARG_INT(p->state),
			     ARG_INT(p->created), ARG_INT(p->changed),
			     ARG_INT(from)));
}

struct partner_act {
	int64_t cohort, supporter, supported;
	enum partner_action a;
	int side;
	enum partner_why why;   /* out */
	const struct notice_new *nv;    /* told when it is done */
	size_t n;
	int64_t now;
};

static int partner_body(struct store *st, void *ctx)
{
	struct partner_act *x = ctx;
	struct partner p = { .cohort_id = x->cohort,
			     .supporter = x->supporter,
			     .supported = x->supported };
	int rc, from = partner_rule[x->a].from, to = partner_rule[x->a].to;

	x->why = PARTNER_WHY_OK;
	rc = store_partner_get(st, x->cohort, x->supporter, x->supported, &p);
	if (rc == STORE_NOTFOUND)
		p.state = PARTNER_NONE;
	else if (rc != STORE_OK)
		return rc;
	if (x->a == PARTNER_REQUEST) {
		rc = request_ok(st, &p, &x->why);
		if (rc != STORE_OK)
			return rc;
		from = p.state;         /* none, or declined long enough ago */
	} else if (p.state != from) {
		x->why = PARTNER_WHY_GONE;
		return STORE_NOTFOUND;
	}
	if (x->a == PARTNER_END && x->side == SIDE_SUPPORTED)
		to = PARTNER_DECLINED;
	rc = partner_move(st, &p, from, to);
	/* Within one transaction the row is as read; these are left for a
	 * backend whose transactions are weaker than they should be. */
	if (rc == STORE_EXISTS)
		x->why = PARTNER_WHY_WAITING;
	else if (rc == STORE_NOTFOUND)
		x->why = x->a == PARTNER_REQUEST && from == PARTNER_NONE ?
			 PARTNER_WHY_NOT_MEMBER : PARTNER_WHY_GONE;
	if (rc == STORE_OK && x->n)
		rc = store_notices_put(st, x->nv, x->n, x->now);
	return rc;
}

int store_partner_act(struct store *st, int64_t cohort, int64_t supporter,
		      int64_t supported, int64_t by, enum partner_action a,
		      enum partner_why *why)
{
	return store_partner_act_notify(st, cohort, supporter, supported, by,
					a, why, NULL, 0);
}

int store_partner_act_notify(struct store *st, int64_t cohort,
			     int64_t supporter, int64_t supported, int64_t by,
			     enum partner_action a, enum partner_why *why,
			     const struct notice_new *nv, size_t n)
{
	struct partner_act x = { cohort, supporter, supported, a, 0,
				 PARTNER_WHY_OK, nv, n, store_now(st) };
	int rc;

	if (why)
		*why = PARTNER_WHY_OK;
	if ((unsigned)a >= sizeof(partner_rule) / sizeof(*partner_rule))
		return STORE_ERR;
	x.side = by == supporter ? SIDE_SUPPORTER :
		 by == supported ? SIDE_SUPPORTED : 0;
	if (supporter == supported)
		x.why = PARTNER_WHY_SELF;
	else if (!(x.side & partner_rule[a].side))
		x.why = PARTNER_WHY_NOT_YOURS;
	if (x.why) {
		if (why)
			*why = x.why;
		return STORE_NOTFOUND;
	}
	rc = store_txn(st, partner_body, &x);
	if (why)
		*why = x.why;
	return rc;
}
