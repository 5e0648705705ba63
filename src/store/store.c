#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * Does `url` start with `prefix`?  Scheme names are compared without regard
 * to case, as URLs do.
 */
static int has_scheme(const char *url, const char *prefix)
{
	return !strncasecmp(url, prefix, strlen(prefix));
}

/*
 * Pick a backend from the database URL and open a connection with it.
 *
 *   sqlite:PATH            SQLite database file PATH
 *   PATH                   the same, for any string without "://"
 *   postgres://...         PostgreSQL (not built yet; a clear error)
 *   postgresql://...       likewise
 *
 * Anything else is refused with a message naming the forms we accept.  On
 * success *out is set; on failure it is left alone and err says why.
 */
int store_open(const char *url, struct store **out, char *err,
	       size_t errlen)
{
	const struct store_backend *be = NULL;
	const char *where = NULL;
	int ret = STORE_ERR;

	if (errlen)
		err[0] = '\0';
	if (!url || !*url) {
		snprintf(err, errlen, "no database given "
			 "(expected sqlite:PATH or a file path)");
		goto out;
	}
	if (has_scheme(url, "sqlite:")) {
		be = &store_sqlite;
		where = url + strlen("sqlite:");
	} else if (has_scheme(url, "postgres:") ||
		   has_scheme(url, "postgresql:")) {
		snprintf(err, errlen, "%s: PostgreSQL support is not built yet "
			 "(use sqlite:PATH)", url);
		goto out;
	} else if (!strstr(url, "://")) {
		be = &store_sqlite;
		where = url;
	} else {
		snprintf(err, errlen, "%s: unknown database URL scheme "
			 "(expected sqlite:PATH, a file path or "
			 "postgres://...)", url);
		goto out;
	}
	if (!*where) {
		snprintf(err, errlen, "%s: the database path is empty", url);
		goto out;
	}
	ret = be->open(where, out, err, errlen);
out:
	return ret;
}

/*
 * The caps (store.h, docs/cohorts.md "Caps").  The numbers are rules of
 * the store, kept here; each backend counts inside the write's own
 * transaction, so the last place cannot be taken twice.
 */
int store_cohort_add(struct store *st, struct cohort *c)
{
	return st->be->cohort_add(st, c, STORE_COHORTS_MAX);
}

int store_member_put(struct store *st, int64_t cohort, int64_t user,
		     int role)
{
	return st->be->member_put(st, cohort, user, role, STORE_MEMBERS_MAX);
}

int store_invite_add(struct store *st, const struct invite *i)
{
	return st->be->invite_add(st, i, STORE_INVITES_MAX);
}

int store_comment_add(struct store *st, struct comment *c, const char *body)
{
	return st->be->comment_add(st, c, body, STORE_COMMENTS_MAX,
				   STORE_REPLIES_MAX);
}

int store_checkin_add(struct store *st, struct checkin *c, const char *note)
{
	return st->be->checkin_add(st, c, note, STORE_CHECKINS_MAX);
}

/* ---- accountability partners: the rules (store.h) ---- */

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

/* The write: from the state the row is in to the one the rule names.
 * The backend's compare-and-set makes a change that raced another
 * (an answer and a withdrawal at once) STORE_NOTFOUND: gone. */
static int partner_move(struct store *st, struct partner *p, int from,
			int to)
{
	int64_t now = store_now(st);

	if (to == PARTNER_NONE)
		return st->be->partner_del(st, p->cohort_id, p->supporter,
					   p->supported, from);
	if (to == PARTNER_PENDING)
		p->created = now;
	p->state = to;
	p->changed = now;
	return st->be->partner_put(st, p, from);
}

int store_partner_act(struct store *st, int64_t cohort, int64_t supporter,
		      int64_t supported, int64_t by, enum partner_action a,
		      enum partner_why *why)
{
	struct partner p = { .cohort_id = cohort, .supporter = supporter,
			     .supported = supported };
	enum partner_why dummy;
	int rc, side, from, to;

	if (!why)
		why = &dummy;
	*why = PARTNER_WHY_OK;
	if ((unsigned)a >= sizeof(partner_rule) / sizeof(*partner_rule))
		return STORE_ERR;
	side = by == supporter ? SIDE_SUPPORTER :
	       by == supported ? SIDE_SUPPORTED : 0;
	if (supporter == supported)
		*why = PARTNER_WHY_SELF;
	else if (!(side & partner_rule[a].side))
		*why = PARTNER_WHY_NOT_YOURS;
	if (*why)
		return STORE_NOTFOUND;
	rc = store_partner_get(st, cohort, supporter, supported, &p);
	if (rc == STORE_NOTFOUND)
		p.state = PARTNER_NONE;
	else if (rc != STORE_OK)
		return rc;
	from = partner_rule[a].from;
	to = partner_rule[a].to;
	if (a == PARTNER_REQUEST) {
		rc = request_ok(st, &p, why);
		if (rc != STORE_OK)
			return rc;
		from = p.state;         /* none, or declined long enough ago */
	} else if (p.state != from) {
		*why = PARTNER_WHY_GONE;
		return STORE_NOTFOUND;
	}
	if (a == PARTNER_END && side == SIDE_SUPPORTED)
		to = PARTNER_DECLINED;
	rc = partner_move(st, &p, from, to);
	if (rc == STORE_EXISTS) {               /* asked at the same time */
		*why = PARTNER_WHY_WAITING;
	} else if (rc == STORE_NOTFOUND) {
		/* The row changed since it was read, or (asking) a member
		 * left meanwhile. */
		*why = a == PARTNER_REQUEST && from == PARTNER_NONE ?
		       PARTNER_WHY_NOT_MEMBER : PARTNER_WHY_GONE;
	}
	return rc;
}

/*
 * How often a login's use is written down: once an hour, or a tenth of
 * the idle limit when that is shorter (a server told to end logins after
 * ten minutes must notice use within one).  The logged-in page is the
 * hot path, so this is what keeps it free of writes.
 */
int64_t store_seen_grain(int64_t idle)
{
	int64_t g = idle > 0 && idle / 10 < STORE_SEEN_GRAIN ? idle / 10 :
		    STORE_SEEN_GRAIN;

	return g > 0 ? g : 1;
}

/*
 * The lifetimes of a login, applied to the row login_get found: the
 * absolute one (expires) and the idle one (last_seen).  Kept here, not in
 * a backend, so that every backend ends logins alike.
 */
int store_login_find(struct store *st, const char *token_hash, int64_t idle,
		     struct login *out, int *seen_due)
{
	int64_t now = store_now(st), grain = store_seen_grain(idle);
	struct login l;
	int r;

	r = store_login_get(st, token_hash, &l);
	if (r != STORE_OK)
		return r;
	if (l.expires <= now ||
	    (idle > 0 && now - l.last_seen >= idle + grain))
		return STORE_NOTFOUND;
	*seen_due = now - l.last_seen >= grain;
	*out = l;
	return STORE_OK;
}
