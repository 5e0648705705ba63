/*
 * schedule.c: a cohort's dates, reminders made exactly once, and
 * facilitators' nudges (schedule.h) with their rules: a cohort keeps
 * STORE_CDATES_MAX dates; a reminder's key is claimed in the same
 * transaction as its notice, so it is made once whatever the number of
 * servers and passes; a member is nudged at most once a day per cohort,
 * counted in the nudge's own transaction.
 */
#include "store/internal.h"

#include <stdio.h>
#include <string.h>

static int cdate_ok(struct store *st, const struct cdate *d)
{
	if (d->kind < CDATE_SESSION || d->kind > CDATE_REVIEW ||
	    d->minutes < 1 || d->minutes > STORE_CDATE_MINUTES_MAX ||
	    !fits(d->title, sizeof(d->title)) || d->starts <= 0)
		return store_set_err(st, "cdate_add: a kind, time, length or "
				     "title out of range"), 0;
	return 1;
}

struct cdate_add {
	const struct cdate *d;
	int64_t by, now, id;
};

static int cdate_add_body(struct store *st, void *ctx)
{
	struct cdate_add *a = ctx;
	const struct cdate *d = a->d;
	struct be_done done;
	int ret;

	ret = store_cap_check(st, Q_CDATE_COUNT, ARGS(ARG_INT(d->cohort)),
			      CAP_CDATES, "cdate_add", STORE_CDATES_MAX);
	if (ret == STORE_OK)
		ret = q_write(st, Q_CDATE_ADD,
			      ARGS(ARG_INT(d->cohort), ARG_INT(d->kind),
				   ARG_INT(d->starts), ARG_INT(d->minutes),
				   arg_str(d->title), arg_ref(a->by),
				   ARG_INT(a->now)), &done);
	if (ret == STORE_OK)
		a->id = done.id;
	return ret;
}

int store_cdate_add(struct store *st, struct cdate *d, int64_t by)
{
	struct cdate_add a = { d, by, store_now(st), 0 };
	int ret;

	if (!cdate_ok(st, d))
		return STORE_ERR;
	ret = store_txn(st, cdate_add_body, &a);
	if (ret == STORE_OK)
		d->id = a.id;
	return ret;
}

int store_cdate_del(struct store *st, int64_t cohort, int64_t id)
{
	return store_write1(st, Q_CDATE_DEL, ARGS(ARG_INT(id),
						  ARG_INT(cohort)), 1);
}

struct cdate_row {
	struct store *st;
	store_cdate_fn *fn;
	void *ctx;
};

/* One row of C_CDATE to fn; `name`: the one who set it (the named list's
 * eighth column), or "". */
static int cdate_row(struct cdate_row *r, const struct be_val *col,
		     const char *name)
{
	struct cdate d;

	d.id = col[0].i;
	d.cohort = col[1].i;
	d.kind = (int)col[2].i;
	d.starts = col[3].i;
	d.minutes = (int)col[4].i;
	d.number = (int)col[6].i;
	if (col_copy(&col[5], d.title, sizeof(d.title)))
		return store_set_err(r->st, "cohort date %lld: its title is "
				     "too long", (long long)d.id);
	return r->fn(r->ctx, &d, name) != 0;
}

static int on_cdate(void *ctx, const struct be_val *col)
{
	return cdate_row(ctx, col, "");
}

static int on_cdate_named(void *ctx, const struct be_val *col)
{
	return cdate_row(ctx, col, col[7].s);
}

int store_cdate_list(struct store *st, int64_t cohort, store_cdate_fn *fn,
		     void *ctx)
{
	struct cdate_row r = { st, fn, ctx };

	return q_list(st, Q_CDATE_LIST, ARGS(ARG_INT(cohort)), on_cdate, &r);
}

int store_cdate_of_user(struct store *st, int64_t user, store_cdate_fn *fn,
			void *ctx)
{
	struct cdate_row r = { st, fn, ctx };

	return q_list(st, Q_CDATE_OF_USER, ARGS(ARG_INT(user)),
		      on_cdate_named, &r);
}

int store_cdate_due(struct store *st, int kind, int64_t after, int64_t upto,
		    store_cdate_fn *fn, void *ctx)
{
	struct cdate_row r = { st, fn, ctx };

	return q_list(st, Q_CDATE_DUE, ARGS(ARG_INT(kind), ARG_INT(after),
					    ARG_INT(upto)), on_cdate, &r);
}

/* ---- reminders made once ---- */

static int key_ok(struct store *st, const char *key)
{
	if (!key || !*key || strlen(key) > STORE_ONCE_KEY_MAX)
		return store_set_err(st, "notice_once: no key, or one over %d "
				     "bytes", STORE_ONCE_KEY_MAX), 0;
	return 1;
}

int store_once_made(struct store *st, const char *key, int *made)
{
	int64_t n = 0;
	int ret;

	if (!key_ok(st, key))
		return STORE_ERR;
	ret = q_int(st, Q_ONCE_HAS, ARGS(arg_str(key)), &n);
	if (ret == STORE_OK)
		*made = n > 0;
	return ret;
}

struct once {
	const char *key;
	const struct notice_new *nv;
	int64_t now;
};

/* The claim is the insert: a key already there changes no row, and
 * then nothing else is written. */
static int once_body(struct store *st, void *ctx)
{
	struct once *o = ctx;
	struct be_done d = { 0, 0 };
	int ret;

	ret = q_write(st, Q_ONCE_ADD, ARGS(arg_str(o->key), ARG_INT(o->now)),
		      &d);
	if (ret == STORE_OK && d.changes != 1)
		return STORE_EXISTS;
	if (ret == STORE_OK)
		ret = store_notices_put(st, o->nv, 1, o->now);
	return ret;
}

int store_notice_once(struct store *st, const char *key,
		      const struct notice_new *nv)
{
	struct once o = { key, nv, store_now(st) };

	if (!key_ok(st, key))
		return STORE_ERR;
	return store_txn(st, once_body, &o);
}

int store_once_prune(struct store *st, int64_t before)
{
	return store_write1(st, Q_ONCE_PRUNE, ARGS(ARG_INT(before)), 0);
}

/* ---- nudges ---- */

struct nudge {
	int64_t cohort, member, by, now;
	const struct notice_new *nv;
};

static int nudge_body(struct store *st, void *ctx)
{
	struct nudge *n = ctx;
	int64_t last = 0;
	int ret;

	ret = q_int(st, Q_NUDGE_LAST, ARGS(ARG_INT(n->cohort),
					   ARG_INT(n->member)), &last);
	if (ret == STORE_OK && last && n->now - last < STORE_NUDGE_GAP &&
	    store_capped(st))
		return store_cap_full(st, CAP_NUDGES, "nudge", 1);
	if (ret == STORE_OK)
		ret = q_write(st, Q_NUDGE_FORGET,
			      ARGS(ARG_INT(n->cohort), ARG_INT(n->member),
				   ARG_INT(n->now - STORE_NUDGE_KEEP)), NULL);
	if (ret == STORE_OK)
		ret = q_write(st, Q_NUDGE_ADD,
			      ARGS(ARG_INT(n->cohort), ARG_INT(n->member),
				   arg_ref(n->by), ARG_INT(n->now)), NULL);
	if (ret == STORE_OK && n->nv)
		ret = store_notices_put(st, n->nv, 1, n->now);
	return ret;
}

int store_nudge(struct store *st, int64_t cohort, int64_t member,
		int64_t by, const struct notice_new *nv)
{
	struct nudge n = { cohort, member, by, store_now(st), nv };

	return store_txn(st, nudge_body, &n);
}

struct nudge_row {
	store_nudge_fn *fn;
	void *ctx;
};

static int on_nudge(void *ctx, const struct be_val *col)
{
	struct nudge_row *r = ctx;

	return r->fn(r->ctx, col[0].i, col[1].i, col[2].s) != 0;
}

int store_nudge_list(struct store *st, int64_t cohort, store_nudge_fn *fn,
		     void *ctx)
{
	struct nudge_row r = { fn, ctx };

	return q_list_owned(st, Q_NUDGE_LIST, ARGS(ARG_INT(cohort)), on_nudge,
			    q_own(st, &r, sizeof(r)));
}

/* ---- what the reminder pass reads ---- */

struct user_answer_row {
	store_user_answer_fn *fn;
	void *ctx;
};

static int on_user_answer(void *ctx, const struct be_val *col)
{
	struct user_answer_row *r = ctx;

	return r->fn(r->ctx, col[0].i, col[1].s, col[1].len) != 0;
}

int store_answers_dated(struct store *st, int number, const char *prompt_id,
			const char *from, const char *to,
			store_user_answer_fn *fn, void *ctx)
{
	struct user_answer_row r = { fn, ctx };

	return q_list(st, Q_ANSWERS_DATED,
		      ARGS(ARG_INT(number), arg_str(prompt_id), arg_str(from),
			   arg_str(to)),
		      on_user_answer, &r);
}

struct ctest_due_row {
	store_ctest_due_fn *fn;
	void *ctx;
};

static int on_ctest_due(void *ctx, const struct be_val *col)
{
	struct ctest_due_row *r = ctx;

	return r->fn(r->ctx, col[0].i, col[1].i, (int)col[2].i, col[3].s,
		     col[4].s) != 0;
}

int store_ctest_due(struct store *st, const char *from, const char *to,
		    store_ctest_due_fn *fn, void *ctx)
{
	struct ctest_due_row r = { fn, ctx };

	return q_list(st, Q_CTEST_DUE, ARGS(arg_str(from), arg_str(to)),
		      on_ctest_due, &r);
}

int store_checkin_last(struct store *st, int64_t user, int number,
		       int64_t *at)
{
	return q_int(st, Q_CHECKIN_LAST, ARGS(ARG_INT(user), ARG_INT(number)),
		     at);
}

int store_mail_count_to(struct store *st, const char *env_to, int kind,
			int64_t since, int *count)
{
	int64_t n = 0;
	int ret;

	ret = q_int(st, Q_MAIL_COUNT_TO, ARGS(arg_str(env_to), ARG_INT(kind),
					      ARG_INT(since)), &n);
	if (ret == STORE_OK)
		*count = (int)n;
	return ret;
}
