/*
 * calendar.c: a person's time zone and their private calendar feeds
 * (store.h, docs/calendar.md): one live feed at a time, found by the
 * hash of its token; making a new one revokes the old in the same
 * transaction, and a revoked one keeps its hash so its address can say
 * it is gone.  The rows a person can grow are bounded: past
 * STORE_FEEDS_MAX the revoked ones are forgotten first.
 */
#include "store/internal.h"

#include <stdio.h>
#include <string.h>

int store_tz_put(struct store *st, int64_t user, const char *zone)
{
	if (!zone || !*zone || strlen(zone) > STORE_TZ_MAX)
		return store_set_err(st, "tz_put: no zone, or one longer than "
				     "%d bytes", STORE_TZ_MAX);
	return store_write1(st, Q_TZ_PUT, ARGS(ARG_INT(user), arg_str(zone)),
			    0);
}

static int on_text(void *ctx, const struct be_val *col)
{
	char *out = ctx;

	return col_copy(&col[0], out, STORE_TZ_MAX + 1) ? STORE_ERR : 0;
}

int store_tz_get(struct store *st, int64_t user, char out[STORE_TZ_MAX + 1])
{
	char zone[STORE_TZ_MAX + 1] = "";
	int ret;

	ret = q_one(st, Q_TZ_GET, ARGS(ARG_INT(user)), on_text, zone);
	if (ret == STORE_NOTFOUND)
		ret = STORE_OK;
	if (ret == STORE_OK)
		memcpy(out, zone, sizeof(zone));
	return ret;
}

struct feed_make {
	int64_t user, now;
	const char *hash, *token;
};

static int feed_make_body(struct store *st, void *ctx)
{
	struct feed_make *m = ctx;
	int64_t n = 0;
	int ret;

	ret = q_write(st, Q_FEED_REVOKE, ARGS(ARG_INT(m->user),
					      ARG_INT(m->now)), NULL);
	if (ret == STORE_OK)
		ret = q_int(st, Q_FEED_COUNT, ARGS(ARG_INT(m->user)), &n);
	if (ret == STORE_OK && n >= STORE_FEEDS_MAX)
		ret = q_write(st, Q_FEED_DEL_DEAD, ARGS(ARG_INT(m->user)),
			      NULL);
	if (ret == STORE_OK)
		ret = q_write(st, Q_FEED_ADD, ARGS(arg_str(m->hash),
						   ARG_INT(m->user),
						   arg_str(m->token),
						   ARG_INT(m->now)), NULL);
	return ret;
}

int store_feed_make(struct store *st, int64_t user, const char *token_hash,
		    const char *token)
{
	struct feed_make m = { user, store_now(st), token_hash, token };

	if (!token_hash || strlen(token_hash) != 64 || !token ||
	    strlen(token) > STORE_TOKEN_MAX)
		return store_set_err(st, "feed_make: a malformed token");
	/* Revoked at the same second as made would read as live. */
	if (m.now <= 0)
		m.now = 1;
	return store_txn(st, feed_make_body, &m);
}

int store_feed_revoke(struct store *st, int64_t user)
{
	int64_t now = store_now(st);

	return store_write1(st, Q_FEED_REVOKE, ARGS(ARG_INT(user),
						    ARG_INT(now > 0 ? now : 1)),
			    1);
}

struct feed_row {
	struct store *st;
	struct feed f;
};

static int on_feed(void *ctx, const struct be_val *col)
{
	struct feed_row *r = ctx;

	r->f.user = col[0].i;
	r->f.created = col[2].i;
	r->f.revoked = col[3].i;
	if (col_copy(&col[1], r->f.token, sizeof(r->f.token)))
		return store_set_err(r->st, "feed: a stored token is too long");
	return 0;
}

int store_feed_get(struct store *st, const char *token_hash,
		   struct feed *out)
{
	struct feed_row r = { .st = st };
	int ret;

	ret = q_one(st, Q_FEED_GET, ARGS(arg_str(token_hash)), on_feed, &r);
	if (ret == STORE_OK) {
		snprintf(r.f.token_hash, sizeof(r.f.token_hash), "%s",
			 token_hash);
		*out = r.f;
	}
	return ret;
}

static int on_feed_of(void *ctx, const struct be_val *col)
{
	struct feed_row *r = ctx;

	r->f.created = col[2].i;
	if (col_copy(&col[0], r->f.token_hash, sizeof(r->f.token_hash)) ||
	    col_copy(&col[1], r->f.token, sizeof(r->f.token)))
		return store_set_err(r->st, "feed: a stored token is too long");
	return 0;
}

int store_feed_of(struct store *st, int64_t user, struct feed *out)
{
	struct feed_row r = { .st = st };
	int ret;

	ret = q_one(st, Q_FEED_OF, ARGS(ARG_INT(user)), on_feed_of, &r);
	if (ret == STORE_OK) {
		r.f.user = user;
		*out = r.f;
	}
	return ret;
}
