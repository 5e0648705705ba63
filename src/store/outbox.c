/*
 * outbox.c: mail waiting for a mail server (store.h, docs/mail.md), with
 * its rules: a mail is claimed by one sender at a time, in one
 * transaction, with a lease that passes when that sender dies; what
 * became of it is recorded only by the sender that still holds it; a
 * mail to try again waits longer each time, up to a bound, and is given
 * up STORE_MAIL_GIVE_UP after it was made.
 */
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parts of a mail_new: present, within their fields. */
static int mail_ok(struct store *st, const struct mail_new *m)
{
	if (!m || !m->env_from || !m->env_to || !m->message_id || !m->msg ||
	    !m->subject || !m->text ||
	    strlen(m->env_from) > STORE_EMAIL_MAX ||
	    strlen(m->env_to) > STORE_EMAIL_MAX ||
	    strlen(m->message_id) > 127 || strlen(m->subject) > 400) {
		store_set_err(st, "mail: an address, id or subject missing or "
			      "too long");
		return 0;
	}
	return 1;
}

int store_mail_insert(struct store *st, int64_t user, int kind,
		      const struct mail_new *m, int64_t now)
{
	if (!mail_ok(st, m))
		return STORE_ERR;
	return q_write(st, Q_MAIL_ADD,
		       ARGS(arg_ref(user), ARG_INT(kind), arg_str(m->env_from),
			    arg_str(m->env_to), arg_str(m->message_id),
			    arg_str(m->subject), arg_str(m->text),
			    ARG_BLOB(m->msg, m->len), ARG_INT(now),
			    ARG_INT(now)), NULL);
}

struct mail_queue {
	int64_t user;
	int kind;
	const struct mail_new *m;
	int64_t now;
};

static int queue_body(struct store *st, void *ctx)
{
	struct mail_queue *q = ctx;

	return store_mail_insert(st, q->user, q->kind, q->m, q->now);
}

int store_mail_queue(struct store *st, int64_t user, int kind,
		     const struct mail_new *m)
{
	struct mail_queue q = { user, kind, m, store_now(st) };

	return store_txn(st, queue_body, &q);
}

struct claim {
	const char *by;
	int64_t lease, now;
	struct mail_claim c;        /* what the body found */
};

static int on_id(void *ctx, const struct be_val *col)
{
	*(int64_t *)ctx = col[0].i;
	return 0;
}

static int on_send(void *ctx, const struct be_val *col)
{
	struct claim *cl = ctx;
	struct mail_claim *c = &cl->c;

	c->attempts = (int)col[0].i;
	if (col_copy(&col[1], c->env_from, sizeof(c->env_from)) ||
	    col_copy(&col[2], c->env_to, sizeof(c->env_to)) ||
	    col_copy(&col[3], c->message_id, sizeof(c->message_id)))
		return STORE_ERR;
	free(c->msg);       /* a body run again */
	if (!(c->msg = col_dup(&col[4])))
		return STORE_ERR;
	c->len = col[4].len;
	return 0;
}

/*
 * The mail due first, and the compare-and-set that makes it ours: the
 * UPDATE changes it only if it is still due, so of two senders that
 * read the same id (PostgreSQL's snapshot) one changes it and the other
 * finds STORE_NOTFOUND (SQLite runs one writer at a time anyway).
 */
static int claim_body(struct store *st, void *ctx)
{
	struct claim *cl = ctx;
	int64_t id = 0;
	int ret;

	ret = q_one(st, Q_MAIL_DUE, ARGS(ARG_INT(cl->now)), on_id, &id);
	if (ret == STORE_OK)
		ret = q_change(st, Q_MAIL_CLAIM,
			       ARGS(ARG_INT(id), arg_str(cl->by),
				    ARG_INT(cl->now + cl->lease),
				    ARG_INT(cl->now)));
	if (ret == STORE_OK)
		ret = q_one(st, Q_MAIL_SEND_GET, ARGS(ARG_INT(id)), on_send,
			    cl);
	if (ret == STORE_OK)
		cl->c.id = id;
	return ret;
}

int store_mail_claim(struct store *st, const char *by, int64_t lease,
		     struct mail_claim *out)
{
	struct claim cl = { by, lease, store_now(st), { 0 } };
	int ret;

	if (!by || !*by || strlen(by) > STORE_MAIL_BY_MAX || lease < 1)
		return store_set_err(st, "mail_claim: a sender's name of 1 to "
				     "%d bytes and a lease, please",
				     STORE_MAIL_BY_MAX);
	ret = store_txn(st, claim_body, &cl);
	if (ret == STORE_OK)
		*out = cl.c;
	else
		free(cl.c.msg);
	return ret;
}

/* The wait before try number attempts + 1: retry_min doubled each time,
 * at most retry_max. */
static int64_t backoff(int attempts, int64_t retry_min, int64_t retry_max)
{
	int64_t w = retry_min;

	while (--attempts > 0 && w < retry_max)
		w *= 2;
	return w < retry_max ? w : retry_max;
}

struct done {
	int64_t id;
	const char *by, *error;
	enum mail_result r;
	int64_t min, max, now;
};

static int on_made(void *ctx, const struct be_val *col)
{
	int64_t *v = ctx;

	v[0] = col[4].i;        /* attempts */
	v[1] = col[7].i;        /* created */
	return 0;
}

static int done_body(struct store *st, void *ctx)
{
	struct done *d = ctx;
	int64_t v[2] = { 0, 0 }, next = 0, sent = 0;
	int state, ret;

	ret = q_one(st, Q_MAIL_GET, ARGS(ARG_INT(d->id)), on_made, v);
	if (ret != STORE_OK)
		return ret;
	state = d->r == MAIL_OK ? MAIL_SENT :
		d->r == MAIL_REFUSED ? MAIL_FAILED : MAIL_QUEUED;
	if (state == MAIL_QUEUED) {
		next = d->now + backoff((int)v[0], d->min, d->max);
		if (next > v[1] + STORE_MAIL_GIVE_UP)
			state = MAIL_FAILED;
	}
	if (state == MAIL_SENT)
		sent = d->now;
	return q_change(st, Q_MAIL_DONE,
			ARGS(ARG_INT(d->id), arg_str(d->by), ARG_INT(state),
			     ARG_INT(next), arg_str(d->error), ARG_INT(sent)));
}

int store_mail_done(struct store *st, int64_t id, const char *by,
		    enum mail_result r, const char *error, int64_t retry_min,
		    int64_t retry_max)
{
	char e[STORE_MAIL_ERR_MAX + 1];
	struct done d = { id, by, e, r, retry_min < 1 ? 1 : retry_min,
			  retry_max < 1 ? 1 : retry_max, store_now(st) };

	/* The mail server's words, cut to the field. */
	snprintf(e, sizeof(e), "%s", error ? error : "");
	return store_txn(st, done_body, &d);
}

int store_mail_next(struct store *st, int64_t *when)
{
	return q_int(st, Q_MAIL_NEXT, NO_ARGS, when);
}

struct mail_rows {
	struct store *st;
	store_mail_fn *fn;
	void *ctx;
	struct mail_row row;
	char *text, *msg;       /* store_mail_get */
	size_t len;
	int want;
};

static int on_mail(void *ctx, const struct be_val *col)
{
	struct mail_rows *r = ctx;
	struct mail_row *m = &r->row;

	m->id = col[0].i;
	m->user_id = col[1].i;
	m->kind = (int)col[2].i;
	m->state = (int)col[3].i;
	m->attempts = (int)col[4].i;
	m->next_try = col[5].i;
	m->claimed_until = col[6].i;
	m->created = col[7].i;
	m->sent_at = col[8].i;
	if (col_copy(&col[9], m->claimed_by, sizeof(m->claimed_by)) ||
	    col_copy(&col[10], m->last_error, sizeof(m->last_error)) ||
	    col_copy(&col[11], m->env_to, sizeof(m->env_to)) ||
	    col_copy(&col[12], m->subject, sizeof(m->subject)))
		return store_set_err(r->st, "mail %lld: a stored field is too "
				     "long", (long long)m->id);
	if (r->want) {
		free(r->text);
		free(r->msg);
		r->text = col_dup(&col[13]);
		r->msg = col_dup(&col[14]);
		r->len = col[14].len;
		return r->text && r->msg ? 0 : STORE_ERR;
	}
	return r->fn(r->ctx, m, col[13].s) != 0;
}

int store_mail_list(struct store *st, int state, int limit,
		    store_mail_fn *fn, void *ctx)
{
	struct mail_rows r = { .st = st, .fn = fn, .ctx = ctx };

	return q_list(st, Q_MAIL_LIST, ARGS(state ? ARG_INT(state) : ARG_NULL,
					    ARG_INT(limit)), on_mail, &r);
}

int store_mail_get(struct store *st, int64_t id, struct mail_row *out,
		   char **text, char **msg, size_t *len)
{
	struct mail_rows r = { .st = st, .want = 1 };
	int ret;

	ret = q_one(st, Q_MAIL_GET, ARGS(ARG_INT(id)), on_mail, &r);
	if (ret == STORE_OK) {
		*out = r.row;
		*text = r.text;
		*msg = r.msg;
		*len = r.len;
	} else {
		free(r.text);
		free(r.msg);
	}
	return ret;
}

static int on_count(void *ctx, const struct be_val *col)
{
	int64_t *counts = ctx;

	if (col[0].i >= MAIL_QUEUED && col[0].i <= MAIL_FAILED)
		counts[col[0].i] = col[1].i;
	return 0;
}

int store_mail_counts(struct store *st, int64_t counts[MAIL_FAILED + 1])
{
	int64_t c[MAIL_FAILED + 1] = { 0 };
	int ret;

	ret = q_list(st, Q_MAIL_COUNTS, NO_ARGS, on_count, c);
	if (ret == STORE_OK)
		memcpy(counts, c, sizeof(c));
	return ret;
}

int store_mail_prune(struct store *st, int64_t before)
{
	return store_write1(st, Q_MAIL_PRUNE, ARGS(ARG_INT(before)), 0);
}
