/*
 * notices.c: notifications (store.h, docs/mail.md) with their rules: a
 * notice and its mail go in with the event that causes them, in one
 * transaction; a person with STORE_MAIL_UNSENT_MAX unsent mails gets the
 * next ones in their digest instead; each keeps STORE_NOTICES_MAX
 * notices, with the unread ones counted again beside them by each write
 * (users.unread, which every page's login reads); the preferences per
 * kind; the people a comment mentions; the digest; the server's secrets.
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

/* Is a notice to add well formed?  Else an error. */
static int notice_ok(struct store *st, const struct notice_new *n)
{
	if (n->kind < 1 || n->kind >= NOTICE_KINDS ||
	    n->mode < NOTICE_OFF || n->mode > NOTICE_DIGEST || !n->text ||
	    !n->link ||
	    strnlen(n->text, STORE_NOTICE_TEXT_MAX + 1) >
		    STORE_NOTICE_TEXT_MAX ||
	    strnlen(n->link, STORE_NOTICE_LINK_MAX + 1) >
		    STORE_NOTICE_LINK_MAX ||
	    (n->mode == NOTICE_EACH && n->mail && !n->mail->msg)) {
		store_set_err(st, "notice: a kind, mode, text or link out of "
			      "range");
		return 0;
	}
	return 1;
}

/* One notice, and its mail or its place in the digest. */
static int notice_put(struct store *st, const struct notice_new *n,
		      int64_t now)
{
	int digest = n->mode == NOTICE_DIGEST ? DIGEST_WAITING : DIGEST_NONE;
	int64_t unsent = 0;
	int ret = STORE_OK;

	if (n->mode == NOTICE_EACH && n->mail) {
		ret = q_int(st, Q_MAIL_UNSENT, ARGS(ARG_INT(n->user_id)),
			    &unsent);
		if (ret == STORE_OK && unsent >= STORE_MAIL_UNSENT_MAX &&
		    store_capped(st))
			digest = DIGEST_WAITING;
		else if (ret == STORE_OK)
			ret = store_mail_insert(st, n->user_id, n->kind,
						n->mail, now);
	}
	if (ret == STORE_OK)
		ret = q_write(st, Q_NOTICE_ADD,
			      ARGS(ARG_INT(n->user_id), ARG_INT(n->kind),
				   arg_ref(n->actor), arg_str(n->text),
				   arg_str(n->link), ARG_INT(now),
				   ARG_INT(digest)), NULL);
	if (ret == STORE_OK)
		ret = q_write(st, Q_NOTICE_TRIM,
			      ARGS(ARG_INT(n->user_id),
				   ARG_INT(STORE_NOTICES_MAX)), NULL);
	if (ret == STORE_OK)
		ret = q_write(st, Q_NOTICE_COUNT, ARGS(ARG_INT(n->user_id)),
			      NULL);
	return ret;
}

struct notices_add {
	const struct notice_new *nv;
	size_t n;
	int64_t now;
};

static int notices_body(struct store *st, void *ctx)
{
	struct notices_add *a = ctx;
	size_t i;
	int ret = STORE_OK;

	for (i = 0; i < a->n && ret == STORE_OK; i++)
		ret = notice_put(st, &a->nv[i], a->now);
	return ret;
}

static int notices_check(struct store *st, const struct notice_new *nv,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!notice_ok(st, &nv[i]))
			return 0;
	return 1;
}

int store_notices_put(struct store *st, const struct notice_new *nv,
		      size_t n, int64_t now)
{
	struct notices_add a = { nv, n, now };

	if (!notices_check(st, nv, n))
		return STORE_ERR;
	return notices_body(st, &a);
}

int store_notices_add(struct store *st, const struct notice_new *nv,
		      size_t n)
{
	struct notices_add a = { nv, n, store_now(st) };

	if (!notices_check(st, nv, n))
		return STORE_ERR;
	return store_txn(st, notices_body, &a);
}

struct comment_notify {
	struct comment_add a;
	const int64_t *mentions;
	size_t n_mentions;
	struct notices_add na;
};

static int comment_notify_body(struct store *st, void *ctx)
{
	struct comment_notify *cn = ctx;
	size_t i;
	int ret;

	ret = store_comment_body(st, &cn->a);
	for (i = 0; i < cn->n_mentions && ret == STORE_OK; i++)
		ret = q_write(st, Q_MENTION_ADD, ARGS(ARG_INT(cn->a.id),
						      ARG_INT(cn->mentions[i])),
			      NULL);
	if (ret == STORE_OK)
		ret = notices_body(st, &cn->na);
	return ret;
}

int store_comment_add_notify(struct store *st, struct comment *c,
			     const char *body, const int64_t *mentions,
			     size_t n_mentions, const struct notice_new *nv,
			     size_t n_notices)
{
	int64_t now = store_now(st);
	struct comment_notify cn = {
		{ c, body, now, 0 }, mentions, n_mentions,
		{ nv, n_notices, now },
	};
	int ret;

	if (!id_ok(st, "comment_add: exercise id", c->exercise_id, 0) ||
	    !id_ok(st, "comment_add: prompt id", c->prompt_id, 1) ||
	    !text_ok(st, "comment_add", body) ||
	    !notices_check(st, nv, n_notices))
		return STORE_ERR;
	ret = store_txn(st, comment_notify_body, &cn);
	if (ret == STORE_OK) {
		c->id = cn.a.id;
		c->created = now;
	}
	return ret;
}

struct notice_row {
	struct store *st;
	store_notice_fn *fn;
	void *ctx;
};

static int on_notice(void *ctx, const struct be_val *col)
{
	struct notice_row *r = ctx;
	struct notice n;

	n.id = col[0].i;
	n.user_id = col[1].i;
	n.kind = (int)col[2].i;
	n.actor = col[3].i;
	n.created = col[4].i;
	n.read_at = col[5].i;
	n.digest = (int)col[6].i;
	if (col_copy(&col[7], n.link, sizeof(n.link)) ||
	    col_copy(&col[8], n.text, sizeof(n.text)))
		return store_set_err(r->st, "notice %lld: a stored field is "
				     "too long", (long long)n.id);
	return r->fn(r->ctx, &n) != 0;
}

int store_notice_list(struct store *st, int64_t user, int limit,
		      store_notice_fn *fn, void *ctx)
{
	struct notice_row r = { st, fn, ctx };

	return q_list(st, Q_NOTICE_LIST, ARGS(ARG_INT(user), ARG_INT(limit)),
		      on_notice, &r);
}

struct notice_read {
	int64_t user, id, now;
};

static int notice_read_body(struct store *st, void *ctx)
{
	struct notice_read *r = ctx;
	int ret;

	ret = q_write(st, Q_NOTICE_READ, ARGS(ARG_INT(r->user), ARG_INT(r->id),
					      ARG_INT(r->now)), NULL);
	if (ret == STORE_OK)
		ret = q_write(st, Q_NOTICE_COUNT, ARGS(ARG_INT(r->user)),
			      NULL);
	return ret;
}

int store_notice_read(struct store *st, int64_t user, int64_t id)
{
	struct notice_read r = { user, id, store_now(st) };

	return store_txn(st, notice_read_body, &r);
}

static int on_pref(void *ctx, const struct be_val *col)
{
	int *modes = ctx;

	if (col[0].i > 0 && col[0].i < NOTICE_KINDS && col[1].i >= 0 &&
	    col[1].i <= NOTICE_DIGEST)
		modes[col[0].i] = (int)col[1].i;
	return 0;
}

int store_notice_prefs(struct store *st, int64_t user,
		       int modes[NOTICE_KINDS])
{
	int m[NOTICE_KINDS], i, ret;

	for (i = 0; i < NOTICE_KINDS; i++)
		m[i] = NOTICE_EACH;
	ret = q_list(st, Q_PREF_LIST, ARGS(ARG_INT(user)), on_pref, m);
	if (ret == STORE_OK)
		memcpy(modes, m, sizeof(m));
	return ret;
}

static int on_any(void *ctx, const struct be_val *col)
{
	(void)ctx;
	(void)col;
	return 0;
}

struct pref_set {
	int64_t user;
	int kind, mode, only_mode;
};

static int pref_body(struct store *st, void *ctx)
{
	struct pref_set *p = ctx;
	int ret;

	ret = q_one(st, Q_USER_BY_ID, ARGS(ARG_INT(p->user)), on_any, NULL);
	if (ret != STORE_OK)
		return ret;
	if (p->kind)
		return q_write(st, Q_PREF_PUT, ARGS(ARG_INT(p->user),
						    ARG_INT(p->kind),
						    ARG_INT(p->mode)), NULL);
	return q_write(st, Q_PREF_OFF, ARGS(ARG_INT(p->user),
					    ARG_INT(p->only_mode)), NULL);
}

int store_notice_pref_set(struct store *st, int64_t user, int kind,
			  int mode, int only_mode)
{
	struct pref_set p = { user, kind, mode, only_mode };

	if (kind < 0 || kind >= NOTICE_KINDS || mode < NOTICE_OFF ||
	    mode > NOTICE_DIGEST)
		return store_set_err(st, "notice_pref_set: no such kind or "
				     "mode");
	return store_txn(st, pref_body, &p);
}

struct mention_row {
	store_mention_fn *fn;
	void *ctx;
};

static int on_mention(void *ctx, const struct be_val *col)
{
	struct mention_row *r = ctx;

	return r->fn(r->ctx, col[0].i, col[1].i, col[2].s) != 0;
}

int store_mention_list(struct store *st, int64_t owner, int number,
		       const char *exercise_id, store_mention_fn *fn,
		       void *ctx)
{
	struct mention_row r = { fn, ctx };

	return q_list(st, Q_MENTION_LIST, ARGS(ARG_INT(owner), ARG_INT(number),
					       arg_str(exercise_id)),
		      on_mention, &r);
}

struct due_row {
	int (*fn)(void *ctx, int64_t user);
	void *ctx;
};

static int on_due(void *ctx, const struct be_val *col)
{
	struct due_row *r = ctx;

	return r->fn(r->ctx, col[0].i) != 0;
}

int store_digest_due(struct store *st, int64_t before, int limit,
		     int (*fn)(void *ctx, int64_t user), void *ctx)
{
	struct due_row r = { fn, ctx };

	return q_list(st, Q_DIGEST_DUE, ARGS(ARG_INT(before), ARG_INT(limit)),
		      on_due, &r);
}

int store_digest_list(struct store *st, int64_t user, int limit,
		      store_notice_fn *fn, void *ctx)
{
	struct notice_row r = { st, fn, ctx };

	return q_list(st, Q_DIGEST_LIST, ARGS(ARG_INT(user), ARG_INT(limit)),
		      on_notice, &r);
}

struct digest_queue {
	int64_t user, upto, now;
	const struct mail_new *m;
};

/* The digest is one mail whatever the cap: it is what the cap leaves. */
static int digest_body(struct store *st, void *ctx)
{
	struct digest_queue *d = ctx;
	int ret;

	ret = q_change(st, Q_DIGEST_DONE, ARGS(ARG_INT(d->user),
					       ARG_INT(d->upto)));
	if (ret == STORE_OK && d->m)
		ret = store_mail_insert(st, d->user, 0, d->m, d->now);
	return ret;
}

int store_digest_queue(struct store *st, int64_t user, int64_t upto,
		       const struct mail_new *m)
{
	struct digest_queue d = { user, upto, store_now(st), m };

	return store_txn(st, digest_body, &d);
}

struct secret {
	const char *name;
	const unsigned char *fresh;
	size_t len;
	int64_t now;
	unsigned char *out;
	int got;
};

static int on_secret(void *ctx, const struct be_val *col)
{
	struct secret *s = ctx;

	if (col[0].len != s->len)
		return STORE_ERR;
	memcpy(s->out, col[0].s, s->len);
	s->got = 1;
	return 0;
}

static int secret_body(struct store *st, void *ctx)
{
	struct secret *s = ctx;
	int ret;

	ret = q_write(st, Q_SECRET_ADD, ARGS(arg_str(s->name),
					     ARG_BLOB((const char *)s->fresh,
						      s->len),
					     ARG_INT(s->now)), NULL);
	if (ret == STORE_OK)
		ret = q_one(st, Q_SECRET_GET, ARGS(arg_str(s->name)),
			    on_secret, s);
	return ret;
}

int store_secret(struct store *st, const char *name,
		 const unsigned char *fresh, size_t len, unsigned char *out)
{
	unsigned char tmp[64];
	struct secret s = { name, fresh, len, store_now(st), tmp, 0 };
	int ret;

	if (len > sizeof(tmp))
		return store_set_err(st, "secret: longer than 64 bytes");
	ret = q_one(st, Q_SECRET_GET, ARGS(arg_str(name)), on_secret, &s);
	if (ret == STORE_NOTFOUND)
		ret = store_txn(st, secret_body, &s);
	if (ret == STORE_OK && s.got)
		memcpy(out, tmp, len);
	return ret == STORE_OK && !s.got ? STORE_ERR : ret;
}
