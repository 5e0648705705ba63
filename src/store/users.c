/*
 * users.c: users, their logins and passwords (store.h), with the rules:
 * the store's clock stamps them, a new login takes the expired ones with
 * it, and the lifetimes of a login are applied here, the same for every
 * backend.
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

struct user_add {
	const struct user *u;
	int64_t now;
	int64_t id;             /* out */
};

static int user_add_body(struct store *st, void *ctx)
{
	struct user_add *a = ctx;
	struct be_done d;
	int ret;

	ret = q_write(st, Q_USER_ADD, ARGS(arg_str(a->u->email),
					  arg_str(a->u->name),
					  arg_str(a->u->pwhash),
					  ARG_INT(a->u->is_admin ? 1 : 0),
					  ARG_INT(a->now)), &d);
	if (ret == STORE_OK)
		a->id = d.id;
	return ret;
}

/*
 * Add a user.  The email is unique without regard to ASCII case: a second
 * sign-up as Alice@Example.org after alice@example.org is STORE_EXISTS.
 * On success u->id and u->created are set.
 */
int store_user_add(struct store *st, struct user *u)
{
	struct user_add a = { u, store_now(st), 0 };
	int ret;

	if (!fits(u->email, sizeof(u->email)) ||
	    !fits(u->name, sizeof(u->name)) ||
	    !fits(u->pwhash, sizeof(u->pwhash)))
		return store_set_err(st, "user_add: a field is not "
				     "terminated");
	ret = store_txn(st, user_add_body, &a);
	if (ret == STORE_OK) {
		u->id = a.id;
		u->created = a.now;
	}
	return ret;
}

struct user_row {
	struct store *st;
	struct user u;
	store_user_fn *fn;
	void *ctx;
};

static int on_user(void *ctx, const struct be_val *c)
{
	struct user_row *r = ctx;
	int ret = col_user(r->st, c, &r->u);

	if (ret != STORE_OK)
		return ret;
	return r->fn ? r->fn(r->ctx, &r->u) != 0 : 0;
}

static int user_one(struct store *st, enum be_query q, struct be_val key,
		    struct user *out)
{
	struct user_row r = { .st = st };
	int ret = q_one(st, q, ARGS(key), on_user, &r);

	if (ret == STORE_OK)
		*out = r.u;
	return ret;
}

int store_user_by_email(struct store *st, const char *email,
			struct user *out)
{
	return user_one(st, Q_USER_BY_EMAIL, arg_str(email), out);
}

int store_user_by_id(struct store *st, int64_t id, struct user *out)
{
	return user_one(st, Q_USER_BY_ID, ARG_INT(id), out);
}

int store_user_list(struct store *st, store_user_fn *fn, void *ctx)
{
	struct user_row r = { .st = st, .fn = fn, .ctx = ctx };

	return q_list(st, Q_USER_LIST, NO_ARGS, on_user, &r);
}

/* ---- logins ---- */

struct login_add {
	const char *hash;
	const struct login *l;
	int64_t now;
};

/* The expired ones go with each new one, so the table holds about as many
 * rows as there are people logged in. */
static int login_add_body(struct store *st, void *ctx)
{
	struct login_add *a = ctx;
	int ret;

	ret = q_write(st, Q_LOGIN_DEL_EXPIRED, ARGS(ARG_INT(a->now)), NULL);
	if (ret == STORE_OK)
		ret = q_write(st, Q_LOGIN_ADD, ARGS(arg_str(a->hash),
						   ARG_INT(a->l->user_id),
						   arg_str(a->l->csrf),
						   ARG_INT(a->l->expires),
						   ARG_INT(a->now)), NULL);
	return ret;
}

int store_login_add(struct store *st, const char *token_hash,
		    const struct login *l)
{
	struct login_add a = { token_hash, l, store_now(st) };

	if (!token_hash || !*token_hash || !fits(l->csrf, sizeof(l->csrf)))
		return store_set_err(st, "login_add: bad token hash or csrf");
	return store_txn(st, login_add_body, &a);
}

int login_on_row(void *ctx, const struct be_val *c)
{
	struct login_row *r = ctx;
	int ret = col_user(r->st, c, &r->l.user);

	if (ret != STORE_OK)
		return ret;
	r->found = 1;
	r->l.user_id = r->l.user.id;
	if (col_copy(&c[6], r->l.csrf, sizeof(r->l.csrf)))
		return store_set_err(r->st, "login: stored csrf is too long");
	r->l.expires = c[7].i;
	r->l.last_seen = c[8].i;
	r->l.unread = (int)c[9].i;
	return 0;
}

/* A login and its user in one lookup (every page starts here), whatever
 * its times: store_login_find() decides whether it is still alive. */
int store_login_get(struct store *st, const char *token_hash,
		    struct login *out)
{
	struct login_row r = { .st = st };
	int ret;

	ret = q_one(st, Q_LOGIN_GET, ARGS(arg_str(token_hash)), login_on_row,
		    &r);
	if (ret == STORE_OK)
		*out = r.l;
	return ret;
}

int store_login_del(struct store *st, const char *token_hash)
{
	login_memo_forget(token_hash);
	return store_write1(st, Q_LOGIN_DEL, ARGS(arg_str(token_hash)), 1);
}

int store_login_seen(struct store *st, const char *token_hash,
		     int64_t when)
{
	login_memo_seen(token_hash, when);
	return store_write1(st, Q_LOGIN_SEEN, ARGS(arg_str(token_hash),
						   ARG_INT(when)), 1);
}

int store_logins_end(struct store *st, int64_t user, const char *keep_hash)
{
	login_memo_forget(NULL);
	return store_write1(st, Q_LOGIN_DEL_USER, ARGS(ARG_INT(user),
						       arg_opt(keep_hash)), 0);
}

struct password_put {
	int64_t user;
	const char *pwhash, *keep;
};

static int password_body(struct store *st, void *ctx)
{
	struct password_put *p = ctx;
	int ret;

	ret = q_change(st, Q_USER_PWHASH, ARGS(ARG_INT(p->user),
					       arg_str(p->pwhash)));
	if (ret == STORE_OK)
		ret = q_write(st, Q_LOGIN_DEL_USER, ARGS(ARG_INT(p->user),
							 arg_opt(p->keep)),
			      NULL);
	return ret;
}

/* A new password, and the user's other logins ended with the old one:
 * both or neither. */
int store_password_put(struct store *st, int64_t user, const char *pwhash,
		       const char *keep_hash)
{
	struct password_put p = { user, pwhash, keep_hash };

	login_memo_forget(NULL);
	if (!pwhash || !*pwhash || !fits(pwhash, STORE_HASH_MAX + 1))
		return store_set_err(st, "password_put: bad password hash");
	return store_txn(st, password_body, &p);
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

static int alive(const struct login *l, int64_t now, int64_t idle,
		 int64_t grain)
{
	return l->expires > now &&
	       !(idle > 0 && now - l->last_seen >= idle + grain);
}

/*
 * The lifetimes of a login, applied to the row login_get found: the
 * absolute one (expires) and the idle one (last_seen).  A login seen
 * lately is guessed and checked later (login-memo.c): a POST's on every
 * backend, by its first write; a page's in a snapshot on a backend with
 * read_later, by store_login_confirm().
 */
int store_login_find(struct store *st, const char *token_hash, int64_t idle,
		     struct login *out, int *seen_due)
{
	int64_t now = store_now(st), grain = store_seen_grain(idle);
	struct login l;
	int r;

	if (!login_memo_guess(st, token_hash, &l) ||
	    !alive(&l, now, idle, grain)) {
		login_memo_cancel(st);  /* a dead guess is not checked */
		r = store_login_get(st, token_hash, &l);
		if (r != STORE_OK)
			return r;
		login_memo_put(token_hash, &l);
	}
	if (!alive(&l, now, idle, grain))
		return STORE_NOTFOUND;
	*seen_due = now - l.last_seen >= grain;
	*out = l;
	return STORE_OK;
}
