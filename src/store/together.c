/*
 * together.c: reads sent to the database together (store_together() in
 * store.h).  A cohort's dashboard reads six kinds of rows, none of which
 * depends on another: on PostgreSQL each read alone is a round trip, so
 * they wait here and go in one (backend.h, read_many).  A read joins the
 * queue only through q_list_owned(), whose row callback's context the
 * store owns and so can keep; every other statement sends the queue
 * first (store.c), so the database sees the calls in the caller's order.
 * A backend without read_many runs each read at once.
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

#define TOGETHER_BYTES 4096     /* the waiting reads' text arguments */

struct together {
	size_t n, used;
	int rc;                 /* the first failure, for _end() */
	struct be_read v[BE_READ_MANY_MAX];
	struct be_val arg[BE_READ_MANY_MAX][BE_MAX_ARGS];
	char bytes[TOGETHER_BYTES];
};

void store_together(struct store *st)
{
	/* Out of memory, each read simply runs at once. */
	if (st->be->read_many && !st->together)
		st->together = calloc(1, sizeof(*st->together));
}

int together_send(struct store *st)
{
	struct together *t = st->together;
	size_t i;
	int rc;

	if (!t || !t->n)
		return STORE_OK;
	rc = st->be->read_many(st, t->v, t->n);
	for (i = 0; i < t->n; i++)
		free(t->v[i].ctx);
	t->n = t->used = 0;
	if (rc != STORE_OK && t->rc == STORE_OK)
		t->rc = rc;
	return rc;
}

int store_together_end(struct store *st)
{
	int rc;

	if (!st->together)
		return STORE_OK;
	together_send(st);
	rc = st->together->rc;
	free(st->together);
	st->together = NULL;
	return rc;
}

/* The bytes arg's text would take in the queue. */
static size_t text_size(const struct be_val *arg, size_t nargs)
{
	size_t i, n = 0;

	for (i = 0; i < nargs; i++)
		if (arg[i].type == BE_TEXT || arg[i].type == BE_BLOB)
			n += arg[i].len + 1;
	return n;
}

/* Queue a read (room checked): its arguments copied, ctx kept. */
static void queue(struct together *t, enum be_query q,
		  const struct be_val *arg, size_t nargs, be_row_fn *fn,
		  void *ctx)
{
	struct be_val *a = t->arg[t->n];
	size_t i;

	for (i = 0; i < nargs; i++) {
		a[i] = arg[i];
		if (arg[i].type != BE_TEXT && arg[i].type != BE_BLOB)
			continue;
		memcpy(t->bytes + t->used, arg[i].s, arg[i].len);
		t->bytes[t->used + arg[i].len] = '\0';
		a[i].s = t->bytes + t->used;
		t->used += arg[i].len + 1;
	}
	t->v[t->n++] = (struct be_read){ q, a, nargs, fn, ctx };
}

void *q_own(struct store *st, const void *ctx, size_t size)
{
	void *p = malloc(size);

	if (!p)
		store_set_err(st, "out of memory");
	else
		memcpy(p, ctx, size);
	return p;
}

int q_list_owned(struct store *st, enum be_query q, const struct be_val *arg,
		 size_t nargs, be_row_fn *fn, void *ctx)
{
	struct together *t = st->together;
	size_t need = text_size(arg, nargs);
	int rc;

	if (!ctx)
		return STORE_ERR;
	if (t && (t->n == BE_READ_MANY_MAX ||
		  need > sizeof(t->bytes) - t->used))
		together_send(st);
	if (!t || need > sizeof(t->bytes) - t->used) {
		rc = q_list(st, q, arg, nargs, fn, ctx);
		free(ctx);
		return rc;
	}
	if (q_misuse(st, q, nargs, 0) != STORE_OK) {
		free(ctx);
		return STORE_ERR;
	}
	st->statements++;
	queue(t, q, arg, nargs, fn, ctx);
	return STORE_OK;
}
