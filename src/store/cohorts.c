/*
 * cohorts.c: cohorts, their members and invites (store.h, docs/cohorts.md)
 * with their rules: the creator is the first facilitator, a member keeps
 * the higher of two roles, how a viewer relates to a plan's owner, an
 * invite's lifetime, and the caps, each counted inside the write's own
 * transaction.
 */
#include "store/internal.h"

#include <string.h>

struct cohort_add {
	const struct cohort *c;
	int64_t now;
	int64_t id;             /* out */
};

static int cohort_body(struct store *st, void *ctx)
{
	struct cohort_add *a = ctx;
	const struct cohort *c = a->c;
	struct be_done d;
	int ret = STORE_OK;

	if (c->created_by)
		ret = store_cap_check(st, Q_COHORT_COUNT_BY,
				      ARGS(ARG_INT(c->created_by)), CAP_COHORTS,
				      "cohort_add", STORE_COHORTS_MAX);
	if (ret == STORE_OK)
		ret = q_write(st, Q_COHORT_ADD, ARGS(arg_str(c->name),
						     ARG_INT(c->number),
						     arg_ref(c->created_by),
						     ARG_INT(a->now)), &d);
	if (ret == STORE_OK && c->created_by)
		ret = q_write(st, Q_MEMBER_ADD, ARGS(ARG_INT(d.id),
						     ARG_INT(c->created_by),
						     ARG_INT(ROLE_FACILITATOR),
						     ARG_INT(a->now)), NULL);
	if (ret == STORE_OK)
		a->id = d.id;
	return ret;
}

/*
 * Add a cohort for stored session c->number, and make its creator (when
 * c->created_by is not 0) its first facilitator, in one transaction; a
 * creator who has made STORE_COHORTS_MAX cohorts is refused.
 */
int store_cohort_add(struct store *st, struct cohort *c)
{
	struct cohort_add a = { c, store_now(st), 0 };
	int ret;

	if (!fits(c->name, sizeof(c->name)))
		return store_set_err(st, "cohort_add: the name is not "
				     "terminated");
	ret = store_txn(st, cohort_body, &a);
	if (ret == STORE_OK) {
		c->id = a.id;
		c->created = a.now;
	}
	return ret;
}

struct cohort_row {
	struct store *st;
	struct cohort c;
	store_cohort_fn *fn;
	void *ctx;
};

static int on_cohort(void *ctx, const struct be_val *col)
{
	struct cohort_row *r = ctx;
	struct cohort *c = &r->c;

	c->id = col[0].i;
	if (col_copy(&col[1], c->name, sizeof(c->name)))
		return store_set_err(r->st, "cohort %lld: stored name is too "
				     "long", (long long)c->id);
	c->number = (int)col[2].i;
	c->created_by = col[3].i;
	c->created = col[4].i;
	c->role = (int)col[5].i;
	return r->fn ? r->fn(r->ctx, c) != 0 : 0;
}

int store_cohort_get(struct store *st, int64_t id, struct cohort *out)
{
	struct cohort_row r = { .st = st };
	int ret = q_one(st, Q_COHORT_GET, ARGS(ARG_INT(id)), on_cohort, &r);

	if (ret == STORE_OK)
		*out = r.c;
	return ret;
}

int store_cohort_as(struct store *st, int64_t id, int64_t user,
		    struct cohort *out)
{
	struct cohort_row r = { .st = st };
	int ret;

	together_send(st);      /* the asked row may be on its way */
	if (st->snapshot && st->cohort_asked.came &&
	    st->cohort_asked.id == id && st->cohort_asked.user == user) {
		st->cohort_asked.came = 0;
		*out = st->cohort_asked.c;
		return STORE_OK;
	}
	ret = q_one(st, Q_COHORT_AS, ARGS(ARG_INT(id), ARG_INT(user)),
		    on_cohort, &r);

	if (ret == STORE_OK)
		*out = r.c;
	return ret;
}

static int keep_asked(void *ctx, const struct cohort *c)
{
	struct store *st = ctx;

	st->cohort_asked.c = *c;
	st->cohort_asked.came = 1;
	return 0;
}

int store_cohort_as_ask(struct store *st, int64_t id, int64_t user)
{
	struct cohort_row r = { .st = st, .fn = keep_asked, .ctx = st };

	st->cohort_asked.id = id;
	st->cohort_asked.user = user;
	st->cohort_asked.came = 0;
	if (!st->snapshot)
		return STORE_OK;        /* nothing to keep it for */
	return q_list_owned(st, Q_COHORT_AS, ARGS(ARG_INT(id), ARG_INT(user)),
			    on_cohort, q_own(st, &r, sizeof(r)));
}

int store_cohort_list(struct store *st, int64_t user, store_cohort_fn *fn,
		      void *ctx)
{
	struct cohort_row r = { .st = st, .fn = fn, .ctx = ctx };

	if (!user)
		return q_list(st, Q_COHORT_LIST, NO_ARGS, on_cohort, &r);
	return q_list(st, Q_COHORT_LIST_OF, ARGS(ARG_INT(user)), on_cohort,
		      &r);
}

/* ---- members ---- */

struct member_put {
	int64_t cohort, user;
	int role;
	int64_t now;
};

static int on_role(void *ctx, const struct be_val *c)
{
	*(int *)ctx = (int)c[0].i;
	return 0;
}

/* Join (a newcomer to a full cohort is refused), or change role: a member
 * keeps the higher of the two. */
static int member_body(struct store *st, void *ctx)
{
	struct member_put *m = ctx;
	int ret, role = ROLE_NONE;

	ret = q_one(st, Q_MEMBER_ROLE, ARGS(ARG_INT(m->cohort),
					    ARG_INT(m->user)), on_role, &role);
	if (ret == STORE_OK)
		return role >= m->role ? STORE_OK :
		       q_write(st, Q_MEMBER_SET_ROLE, ARGS(ARG_INT(m->cohort),
							   ARG_INT(m->user),
							   ARG_INT(m->role)),
			       NULL);
	if (ret == STORE_NOTFOUND)
		ret = store_cap_check(st, Q_MEMBER_COUNT,
				      ARGS(ARG_INT(m->cohort)), CAP_MEMBERS,
				      "member_put", STORE_MEMBERS_MAX);
	if (ret != STORE_OK)
		return ret;
	return q_write(st, Q_MEMBER_ADD, ARGS(ARG_INT(m->cohort),
					      ARG_INT(m->user),
					      ARG_INT(m->role),
					      ARG_INT(m->now)), NULL);
}

int store_member_put(struct store *st, int64_t cohort, int64_t user,
		     int role)
{
	struct member_put m = { cohort, user, role, store_now(st) };

	if (!role_ok(st, role))
		return STORE_ERR;
	return store_txn(st, member_body, &m);
}

int store_member_role(struct store *st, int64_t cohort, int64_t user,
		      int *role)
{
	int r = ROLE_NONE, ret;

	ret = q_one(st, Q_MEMBER_ROLE, ARGS(ARG_INT(cohort), ARG_INT(user)),
		    on_role, &r);
	if (ret == STORE_OK)
		*role = r;
	return ret;
}

/* Leaving a cohort ends the member's partnerships there (the backend's
 * MEMBER_DEL takes them with it). */
int store_member_del(struct store *st, int64_t cohort, int64_t user)
{
	return store_write1(st, Q_MEMBER_DEL, ARGS(ARG_INT(cohort),
						   ARG_INT(user)), 1);
}

struct member_row {
	struct store *st;
	store_member_fn *fn;
	void *ctx;
};

static int on_member(void *ctx, const struct be_val *c)
{
	struct member_row *r = ctx;
	struct member m;

	memset(&m, 0, sizeof(m));
	m.cohort_id = c[0].i;
	m.role = (int)c[1].i;
	m.joined = c[2].i;
	m.user.id = c[3].i;
	if (col_copy(&c[4], m.user.email, sizeof(m.user.email)) ||
	    col_copy(&c[5], m.user.name, sizeof(m.user.name)))
		return store_set_err(r->st, "member: a stored field is too "
				     "long");
	m.user.is_admin = (int)c[6].i;
	m.user.created = c[7].i;
	return r->fn(r->ctx, &m) != 0;
}

int store_member_list(struct store *st, int64_t cohort, store_member_fn *fn,
		      void *ctx)
{
	struct member_row r = { st, fn, ctx };

	return q_list_owned(st, Q_MEMBER_LIST, ARGS(ARG_INT(cohort)),
			    on_member, q_own(st, &r, sizeof(r)));
}

/* The rule of cohort_relation (store.h): over the cohorts both are in,
 * the viewer's role where the owner participates, at most a peer's where
 * the owner facilitates (facilitators see their participants' plans, not
 * each other's). */
static int on_pair(void *ctx, const struct be_val *c)
{
	int *best = ctx;
	int owner = (int)c[0].i, viewer = (int)c[1].i;
	int r = owner == ROLE_PARTICIPANT ? viewer : ROLE_PARTICIPANT;

	if (r > *best)
		*best = r;
	return 0;
}

int store_cohort_relation(struct store *st, int64_t viewer, int64_t owner,
			  int number, int *role)
{
	int best = ROLE_NONE, ret;

	ret = q_list(st, Q_MEMBER_PAIRS, ARGS(ARG_INT(viewer), ARG_INT(owner),
					      ARG_INT(number)), on_pair, &best);
	if (ret == STORE_OK)
		*role = best;
	return ret;
}

/* ---- invites ---- */

struct invite_add {
	const struct invite *i;
	int64_t now;
};

/* At the cap, the invites that no longer work (revoked, expired) are
 * forgotten first to make room. */
static int invite_room(struct store *st, const struct invite_add *a)
{
	struct be_done d;
	int64_t n = 0;
	int ret;

	ret = q_int(st, Q_INVITE_COUNT, ARGS(ARG_INT(a->i->cohort_id)), &n);
	if (ret != STORE_OK || n < STORE_INVITES_MAX)
		return ret;
	ret = q_write(st, Q_INVITE_DEL_DEAD, ARGS(ARG_INT(a->i->cohort_id),
						  ARG_INT(a->now)), &d);
	if (ret == STORE_OK && n - d.changes >= STORE_INVITES_MAX)
		ret = store_cap_full(st, CAP_INVITES, "invite_add",
				     STORE_INVITES_MAX);
	return ret;
}

/* An invite's life: from now, to its own end or STORE_INVITE_TTL. */
static int invite_body(struct store *st, void *ctx)
{
	struct invite_add *a = ctx;
	const struct invite *i = a->i;
	int ret = store_capped(st) ? invite_room(st, a) : STORE_OK;

	if (ret != STORE_OK)
		return ret;
	return q_write(st, Q_INVITE_ADD,
		       ARGS(arg_str(i->token_hash), ARG_INT(i->cohort_id),
			    ARG_INT(i->role), arg_ref(i->created_by),
			    ARG_INT(a->now),
			    ARG_INT(i->expires ? i->expires :
				    a->now + STORE_INVITE_TTL),
			    arg_opt(i->token)), NULL);
}

int store_invite_add(struct store *st, const struct invite *i)
{
	struct invite_add a = { i, store_now(st) };

	if (!i->token_hash[0] || !fits(i->token_hash, sizeof(i->token_hash)))
		return store_set_err(st, "invite_add: bad token hash");
	if (!fits(i->token, sizeof(i->token)))
		return store_set_err(st, "invite_add: bad token");
	if (!role_ok(st, i->role))
		return STORE_ERR;
	return store_txn(st, invite_body, &a);
}

struct invite_row {
	struct store *st;
	struct invite i;
	store_invite_fn *fn;
	void *ctx;
};

static int on_invite(void *ctx, const struct be_val *c)
{
	struct invite_row *r = ctx;
	struct invite *i = &r->i;

	if (col_copy(&c[0], i->token_hash, sizeof(i->token_hash)) ||
	    col_copy(&c[7], i->token, sizeof(i->token)))
		return store_set_err(r->st, "invite: a stored field is too "
				     "long");
	i->cohort_id = c[1].i;
	i->role = (int)c[2].i;
	i->created_by = c[3].i;
	i->created = c[4].i;
	i->expires = c[5].i;
	i->revoked = (int)c[6].i;
	return r->fn ? r->fn(r->ctx, i) != 0 : 0;
}

int store_invite_get(struct store *st, const char *token_hash,
		     struct invite *out)
{
	struct invite_row r = { .st = st };
	int ret;

	ret = q_one(st, Q_INVITE_GET, ARGS(arg_str(token_hash)), on_invite,
		    &r);
	if (ret == STORE_OK)
		*out = r.i;
	return ret;
}

/* Revoked, an invite's token is forgotten: its link is not shown
 * again. */
int store_invite_revoke(struct store *st, int64_t cohort,
			const char *token_hash)
{
	return store_write1(st, Q_INVITE_SET, ARGS(ARG_INT(cohort),
						   arg_str(token_hash),
						   ARG_INT(1), ARG_NULL), 1);
}

int store_invite_list(struct store *st, int64_t cohort, store_invite_fn *fn,
		      void *ctx)
{
	struct invite_row r = { .st = st, .fn = fn, .ctx = ctx };

	return q_list(st, Q_INVITE_LIST, ARGS(ARG_INT(cohort)), on_invite, &r);
}
