/*
 * site.c: what several servers on one database share (store.h): the
 * version of the sessions' catalog, the key of the device cookies, and
 * the counters of the login throttle, so that a session imported through
 * one server shows on the others, a device cookie made by one is good on
 * the others, and a throttle holds whichever server a guess goes to.
 */
#include "store/internal.h"

#include <string.h>

struct site {
	int64_t catalog;
	char key[STORE_KEY_HEX + 1];
};

static int on_site(void *ctx, const struct be_val *c)
{
	struct site *s = ctx;

	s->catalog = c[0].i;
	if (col_copy(&c[1], s->key, sizeof(s->key)) < 0)
		return STORE_ERR;
	return 0;
}

int store_catalog_version(struct store *st, int64_t *version)
{
	struct site s = { 0, "" };
	int ret = q_one(st, Q_SITE_GET, NO_ARGS, on_site, &s);

	if (ret == STORE_OK)
		*version = s.catalog;
	return ret;
}

struct key_set {
	const char *fresh;
	char key[STORE_KEY_HEX + 1];    /* out */
};

static int key_body(struct store *st, void *ctx)
{
	struct key_set *k = ctx;
	struct site s = { 0, "" };
	int ret;

	ret = q_write(st, Q_SITE_KEY_SET, ARGS(arg_str(k->fresh)), NULL);
	if (ret == STORE_OK)
		ret = q_one(st, Q_SITE_GET, NO_ARGS, on_site, &s);
	if (ret == STORE_OK && strlen(s.key) != STORE_KEY_HEX)
		ret = store_set_err(st, "device_key: the stored key is not %d"
				    " hex digits", STORE_KEY_HEX);
	if (ret == STORE_OK)
		memcpy(k->key, s.key, sizeof(k->key));
	return ret;
}

/* Whoever stores a key first wins: the others read it back, in the same
 * transaction. */
int store_device_key(struct store *st, const char *fresh,
		     char out[STORE_KEY_HEX + 1])
{
	struct key_set k = { fresh, "" };
	int ret;

	if (!fresh || strlen(fresh) != STORE_KEY_HEX ||
	    strspn(fresh, "0123456789abcdef") != STORE_KEY_HEX)
		return store_set_err(st, "device_key: a fresh key is %d hex"
				     " digits", STORE_KEY_HEX);
	ret = store_txn(st, key_body, &k);
	if (ret == STORE_OK)
		memcpy(out, k.key, sizeof(k.key));
	return ret;
}

struct counters {
	struct store_counter *c;
	size_t n;
	int64_t forget_upto;
	store_counter_rule *rule;
	void *ctx;
};

static int on_counter(void *ctx, const struct be_val *col)
{
	struct store_counter *c = ctx;

	c->start = col[0].i;
	c->last = col[1].i;
	c->count = col[2].i;
	return 0;
}

static int counters_body(struct store *st, void *ctx)
{
	struct counters *k = ctx;
	size_t i;
	int ret;

	ret = q_write(st, Q_THROTTLE_FORGET, ARGS(ARG_INT(k->forget_upto)),
		      NULL);
	for (i = 0; ret == STORE_OK && i < k->n; i++) {
		struct store_counter *c = &k->c[i];

		c->start = c->last = c->count = 0;
		c->changed = 0;
		ret = q_one(st, Q_THROTTLE_GET, ARGS(arg_str(c->key)),
			    on_counter, c);
		if (ret == STORE_NOTFOUND)
			ret = STORE_OK;
	}
	if (ret != STORE_OK)
		return ret;
	if (k->rule(k->ctx, k->c, k->n))
		return STORE_OK;        /* nothing to write: commit nothing */
	for (i = 0; ret == STORE_OK && i < k->n; i++) {
		const struct store_counter *c = &k->c[i];

		if (c->changed)
			ret = q_write(st, Q_THROTTLE_PUT,
				      ARGS(arg_str(c->key), ARG_INT(c->start),
					   ARG_INT(c->last),
					   ARG_INT(c->count)), NULL);
	}
	return ret;
}

int store_counters(struct store *st, struct store_counter *c, size_t n,
		   int64_t forget_upto, store_counter_rule *rule, void *ctx)
{
	struct counters k = { c, n, forget_upto, rule, ctx };
	size_t i;

	for (i = 0; i < n; i++)
		if (!fits(c[i].key, sizeof(c[i].key)) || !*c[i].key)
			return store_set_err(st, "counters: a key of 1 to %d"
					     " characters", STORE_KEY_HEX);
	return store_txn(st, counters_body, &k);
}
