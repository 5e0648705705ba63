/*
 * store.c: the store's API around its backends (store.h): opening one by
 * URL, errors, the clock, read snapshots and transactions, and the way
 * every rule file reaches the backend (internal.h).  The rules themselves
 * live by topic beside it: users.c, courses.c, answers.c, cohorts.c,
 * comments.c, plans.c, partners.c.
 */
#include "store/internal.h"

#include "core/clock.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BE_SHAPE(n, f, a, c) [Q_##n] = { #n, f, a, c },
const struct be_shape be_shapes[NR_QUERIES] = { BE_QUERIES(BE_SHAPE) };
#undef BE_SHAPE
#define BE_FITS(n, f, a, c) \
	_Static_assert((a) <= BE_MAX_ARGS && sizeof(c) - 1 <= BE_MAX_COLS, \
		       #n ": more arguments or columns than a backend takes");
BE_QUERIES(BE_FITS)
#undef BE_FITS

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
 *   postgres://...         PostgreSQL (pg.c), libpq's URI form; what it
 *   postgresql://...       leaves out comes from libpq's environment
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
		be = &store_pg;
		where = url;    /* pgc_open() wants the whole URL */
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

void store_close(struct store *st)
{
	if (!st)
		return;
	free(st->memo);
	free(st->together);
	st->be->close(st);
}

const char *store_errmsg(struct store *st)
{
	return st->err[0] ? st->err : "no error";
}

int store_set_err(struct store *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->err, sizeof(st->err), fmt, ap);
	va_end(ap);
	return STORE_ERR;
}

const char *store_backend_name(const struct store *st)
{
	return st->be->name;
}

enum store_cap store_full(const struct store *st)
{
	return (enum store_cap)st->full;
}

/* The only clock the store reads; a test's, when it set one. */
int64_t store_now(const struct store *st)
{
	return st->fixed_now ? st->fixed_now : clock_now();
}

void store_set_clock(struct store *st, int64_t now)
{
	st->fixed_now = now;
}

void store_set_uncapped(struct store *st, int on)
{
	st->uncapped = on;
}

void store_set_rerun(struct store *st, int on)
{
	st->rerun = on;
}

void store_set_fault(struct store *st, int code)
{
	st->fault = code;
}

uint64_t store_statements(const struct store *st)
{
	return st->statements;
}

int store_read_begin(struct store *st, int once)
{
	int rc;

	together_send(st);
	st->read_once = once;
	rc = st->be->read_begin(st);

	st->snapshot = rc == STORE_OK;
	st->cohort_asked.came = 0;
	return rc;
}

int store_read_end(struct store *st)
{
	together_send(st);
	st->snapshot = 0;
	st->cohort_asked.came = 0;
	st->gen_asked = GEN_NONE;
	login_memo_end(st);
	return st->be->read_end(st);
}

void store_idle(struct store *st)
{
	if (st->be->idle)
		st->be->idle(st);
}

uint64_t store_generation(struct store *st)
{
	together_send(st);
	return st->be->generation(st);
}

uint64_t store_fresh_generation(void)
{
	static _Atomic uint64_t fresh;

	return (1ULL << 63) | atomic_fetch_add(&fresh, 1);
}

void store_generation_ask(struct store *st)
{
	together_send(st);
	st->gen_asked = GEN_ASKED;
	if (st->be->generation_ahead &&
	    st->be->generation_ahead(st) == STORE_OK)
		return;
	st->gen = st->be->generation(st);
	st->gen_asked = GEN_READ;
}

uint64_t store_generation_asked(struct store *st)
{
	together_send(st);
	if (st->gen_asked == GEN_ASKED)
		st->be->generation_ahead_end(st);
	return st->gen_asked == GEN_READ ? st->gen : store_fresh_generation();
}

/* ---- statements (internal.h) ---- */

/* A call the catalogue does not allow is the rules' bug: say which. */
int q_misuse(struct store *st, enum be_query q, size_t nargs, int write)
{
	const struct be_shape *sh = &be_shapes[q];

	if (nargs != sh->nargs)
		return store_set_err(st, "%s: %zu arguments, not %u", sh->name,
				     nargs, sh->nargs);
	if (write != !!(sh->flags & BE_WRITE))
		return store_set_err(st, "%s: %s", sh->name, write ?
				     "not a write" : "a write, not a read");
	if (write && !st->in_body)
		return store_set_err(st, "%s: a write outside a transaction",
				     sh->name);
	return STORE_OK;
}

int q_list(struct store *st, enum be_query q, const struct be_val *arg,
	   size_t nargs, be_row_fn *fn, void *ctx)
{
	together_send(st);
	if (q_misuse(st, q, nargs, 0) != STORE_OK)
		return STORE_ERR;
	st->statements++;
	return st->be->read(st, q, arg, nargs, fn, ctx);
}

int q_list_sent(struct store *st, enum be_query q, const struct be_val *arg,
		size_t nargs, be_row_fn *fn, void *ctx)
{
	if (!st->be->read_sent || !st->in_body)
		return q_list(st, q, arg, nargs, fn, ctx);
	together_send(st);
	if (q_misuse(st, q, nargs, 0) != STORE_OK)
		return STORE_ERR;
	st->statements++;
	return st->be->read_sent(st, q, arg, nargs, fn, ctx);
}

int q_later(struct store *st, enum be_query q, const struct be_val *arg,
	    size_t nargs, be_row_fn *fn, void *ctx)
{
	together_send(st);
	if (!st->be->read_later || !st->snapshot)
		return store_set_err(st, "%s: no read to wait with",
				     be_shapes[q].name);
	if (q_misuse(st, q, nargs, 0) != STORE_OK)
		return STORE_ERR;
	st->statements++;
	return st->be->read_later(st, q, arg, nargs, fn, ctx);
}

struct first_row {
	be_row_fn *fn;
	void *ctx;
	int seen;
};

static int on_first(void *ctx, const struct be_val *col)
{
	struct first_row *f = ctx;
	int r = f->fn(f->ctx, col);

	f->seen = 1;
	return r < 0 ? r : 1;
}

int q_one(struct store *st, enum be_query q, const struct be_val *arg,
	  size_t nargs, be_row_fn *fn, void *ctx)
{
	struct first_row f = { fn, ctx, 0 };
	int ret = q_list(st, q, arg, nargs, on_first, &f);

	return ret == STORE_OK && !f.seen ? STORE_NOTFOUND : ret;
}

static int on_int(void *ctx, const struct be_val *col)
{
	*(int64_t *)ctx = col[0].i;
	return 1;
}

int q_int(struct store *st, enum be_query q, const struct be_val *arg,
	  size_t nargs, int64_t *out)
{
	int64_t v = 0;
	int ret = q_one(st, q, arg, nargs, on_int, &v);

	if (ret == STORE_NOTFOUND)
		ret = store_set_err(st, "%s: no row", be_shapes[q].name);
	if (ret == STORE_OK)
		*out = v;
	return ret;
}

int q_write(struct store *st, enum be_query q, const struct be_val *arg,
	    size_t nargs, struct be_done *done)
{
	struct be_done d = { 0, 0 };
	int ret;

	together_send(st);
	if (q_misuse(st, q, nargs, 1) != STORE_OK)
		return STORE_ERR;
	st->statements++;
	/* store_copy(): a write whose caller wants nothing back may wait
	 * for its reply (backend.h, write). */
	ret = st->be->write(st, q, arg, nargs, done || !st->bulk ? &d : NULL);
	if (ret == STORE_OK && done)
		*done = d;
	return ret;
}

int q_send(struct store *st, enum be_query q, const struct be_val *arg,
	   size_t nargs)
{
	together_send(st);
	if (q_misuse(st, q, nargs, 1) != STORE_OK)
		return STORE_ERR;
	st->statements++;
	return st->be->write(st, q, arg, nargs, NULL);
}

int q_change(struct store *st, enum be_query q, const struct be_val *arg,
	     size_t nargs)
{
	struct be_done d;
	int ret = q_write(st, q, arg, nargs, &d);

	return ret == STORE_OK && !d.changes ? STORE_NOTFOUND : ret;
}

/* ---- transactions ---- */

struct body_call {
	be_body_fn *body;
	void *ctx;
	int rehearse;           /* roll back a success, for store_txn() */
};

static int run_body(struct store *st, void *ctx)
{
	struct body_call *b = ctx;
	int ret;

	st->in_body = 1;
	ret = login_memo_hold(st);      /* a POST's guessed login: as guessed */
	if (ret == STORE_OK)
		ret = b->body(st, b->ctx);
	st->in_body = 0;
	return ret == STORE_OK && b->rehearse ? STORE_RERUN : ret;
}

static _Atomic uint64_t writes_begun;

uint64_t store_writes_begun(void)
{
	return atomic_load(&writes_begun);
}

/*
 * One write transaction.  With store_set_rerun() the body runs once and
 * is rolled back, then runs again for real: what a backend does after a
 * conflict, so the contract suite shows every body can run twice.
 */
int store_txn(struct store *st, be_body_fn *body, void *ctx)
{
	struct body_call b = { body, ctx, st->rerun };
	int ret;

	together_send(st);
	if (st->batch)
		return body(st, ctx);   /* store_batch(): one commit for all */
	if (st->in_body)
		return store_set_err(st, "a transaction inside another");
	if (!login_memo_writable(st))
		return store_set_err(st, "the login changed: no write for it");
	atomic_fetch_add(&writes_begun, 1);
	st->full = CAP_NONE;
	if (st->fault) {
		store_set_err(st, "injected failure");
		return st->fault;
	}
	if (b.rehearse) {
		ret = st->be->transact(st, run_body, &b);
		if (ret != STORE_RERUN)
			return ret;
		b.rehearse = 0;
		st->full = CAP_NONE;
	}
	ret = st->be->transact(st, run_body, &b);
	login_memo_held(st, ret);
	return ret;
}

int store_txn_shared(struct store *st, be_body_fn *body, void *ctx)
{
	int ret;

	st->share = !st->rerun && !st->bulk;
	ret = store_txn(st, body, ctx);
	st->share = 0;
	return ret;
}

struct write1 {
	enum be_query q;
	const struct be_val *arg;
	size_t nargs;
	int must_change;
};

static int write1_body(struct store *st, void *ctx)
{
	struct write1 *w = ctx;

	if (w->must_change)
		return q_change(st, w->q, w->arg, w->nargs);
	return q_write(st, w->q, w->arg, w->nargs, NULL);
}

int store_write1(struct store *st, enum be_query q, const struct be_val *arg,
		 size_t nargs, int must_change)
{
	struct write1 w = { q, arg, nargs, must_change };

	return store_txn(st, write1_body, &w);
}

static int on_version(void *ctx, const struct be_val *col)
{
	*(int *)ctx = (int)col[0].i;
	return 1;
}

int store_schema_version(struct store *st, int *version)
{
	int v = 0, ret;

	ret = q_one(st, Q_SCHEMA_VERSION, NO_ARGS, on_version, &v);
	if (ret == STORE_NOTFOUND)
		ret = store_set_err(st, "schema_version: no row");
	if (ret == STORE_OK)
		*version = v;
	return ret;
}

/* ---- checks (internal.h) ---- */

int store_capped(const struct store *st)
{
	return !st->uncapped;
}

int store_cap_full(struct store *st, enum store_cap cap, const char *what,
		   int max)
{
	st->full = cap;
	store_set_err(st, "%s: the cap of %d is reached", what, max);
	return STORE_FULL;
}

int store_cap_check(struct store *st, enum be_query q,
		    const struct be_val *arg, size_t nargs, enum store_cap cap,
		    const char *what, int max)
{
	int64_t n = 0;
	int ret;

	if (!store_capped(st))
		return STORE_OK;
	ret = q_int(st, q, arg, nargs, &n);
	if (ret == STORE_OK && n >= max)
		ret = store_cap_full(st, cap, what, max);
	return ret;
}

int fits(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

/* Texts are refused, not cut, when longer than their limit. */
int text_ok(struct store *st, const char *what, const char *t)
{
	if (t && strnlen(t, STORE_TEXT_MAX + 1) > STORE_TEXT_MAX) {
		store_set_err(st, "%s: longer than %d bytes", what,
			      STORE_TEXT_MAX);
		return 0;
	}
	return 1;
}

int id_ok(struct store *st, const char *what, const char *id,
	  int may_be_empty)
{
	if (!id || (!*id && !may_be_empty) ||
	    strnlen(id, STORE_ID_MAX + 1) > STORE_ID_MAX) {
		store_set_err(st, "%s: missing or longer than %d bytes", what,
			      STORE_ID_MAX);
		return 0;
	}
	return 1;
}

int role_ok(struct store *st, int role)
{
	if (role != ROLE_PARTICIPANT && role != ROLE_FACILITATOR) {
		store_set_err(st, "no such role: %d", role);
		return 0;
	}
	return 1;
}

/* ---- columns (internal.h) ---- */

int col_copy(const struct be_val *v, char *dst, size_t size)
{
	if (v->len >= size)
		return -1;
	if (v->len)
		memcpy(dst, v->s, v->len);
	dst[v->len] = '\0';
	return 0;
}

char *col_dup(const struct be_val *v)
{
	char *p = malloc(v->len + 1);

	if (!p)
		return NULL;
	if (v->len)
		memcpy(p, v->s, v->len);
	p[v->len] = '\0';
	return p;
}

int col_user(struct store *st, const struct be_val *c, struct user *u)
{
	u->id = c[0].i;
	if (col_copy(&c[1], u->email, sizeof(u->email)) ||
	    col_copy(&c[2], u->name, sizeof(u->name)) ||
	    col_copy(&c[3], u->pwhash, sizeof(u->pwhash)))
		return store_set_err(st, "user %lld: a stored field is too "
				     "long", (long long)u->id);
	u->is_admin = (int)c[4].i;
	u->created = c[5].i;
	return STORE_OK;
}

struct batch {
	store_batch_fn *fn;
	void *ctx;
};

static int batch_body(struct store *st, void *ctx)
{
	struct batch *b = ctx;
	int ret;

	st->batch = 1;
	ret = b->fn(st, b->ctx);
	st->batch = 0;
	return ret;
}

int store_batch(struct store *st, store_batch_fn *fn, void *ctx)
{
	struct batch b = { fn, ctx };

	return store_txn(st, batch_body, &b);
}
