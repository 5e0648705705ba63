/*
 * ctests.c: cheap tests of one's fit for a role (store.h, issue 12):
 * their checks (a status of the four, a date of the form YYYY-MM-DD or
 * none, texts within their caps), the cap on how many one person keeps
 * on a session (counted in the write's transaction), and only the
 * person's own rows changed or deleted.
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

/* The checks every write of a test makes; 1 when it passes. */
static int ctest_ok(struct store *st, const char *what, const struct ctest *t,
		    const char *test, const char *note)
{
	const char *d = t->date;

	if (!fits(t->idea, sizeof(t->idea)) || !*t->idea) {
		store_set_err(st, "%s: no idea, or one over %d bytes", what,
			      STORE_IDEA_MAX);
		return 0;
	}
	if (t->status < CTEST_PLANNED || t->status > CTEST_INCONCLUSIVE) {
		store_set_err(st, "%s: no such status %d", what, t->status);
		return 0;
	}
	if (!fits(d, sizeof(t->date)) ||
	    (*d && (strlen(d) != 10 || d[4] != '-' || d[7] != '-' ||
		    strspn(d, "0123456789-") != 10))) {
		store_set_err(st, "%s: a date is YYYY-MM-DD", what);
		return 0;
	}
	return text_ok(st, what, test) && text_ok(st, what, note);
}

struct ctest_add {
	const struct ctest *t;
	const char *test, *note;
	int64_t now, id;            /* id: out */
};

static int ctest_add_body(struct store *st, void *ctx)
{
	struct ctest_add *a = ctx;
	const struct ctest *t = a->t;
	struct be_done d;
	int ret;

	ret = store_cap_check(st, Q_CTEST_COUNT,
			      ARGS(ARG_INT(t->user), ARG_INT(t->number)),
			      CAP_CTESTS, "ctest_add", STORE_CTESTS_MAX);
	if (ret == STORE_OK)
		ret = q_write(st, Q_CTEST_ADD,
			      ARGS(ARG_INT(t->user), ARG_INT(t->number),
				   arg_str(t->idea), arg_str(a->test),
				   ARG_INT(t->status), arg_str(a->note),
				   arg_str(t->date), ARG_INT(a->now)), &d);
	if (ret == STORE_OK)
		a->id = d.id;
	return ret;
}

int store_ctest_add(struct store *st, struct ctest *t, const char *test,
		    const char *note)
{
	struct ctest_add a = { t, test, note, store_now(st), 0 };
	int ret;

	if (!ctest_ok(st, "ctest_add", t, test, note))
		return STORE_ERR;
	ret = store_txn(st, ctest_add_body, &a);
	if (ret == STORE_OK) {
		t->id = a.id;
		t->created = t->updated = a.now;
	}
	return ret;
}

int store_ctest_set(struct store *st, const struct ctest *t,
		    const char *test, const char *note)
{
	if (!ctest_ok(st, "ctest_set", t, test, note))
		return STORE_ERR;
	return store_write1(st, Q_CTEST_SET,
			    ARGS(ARG_INT(t->id), ARG_INT(t->user),
				 arg_str(t->idea), arg_str(test),
				 ARG_INT(t->status), arg_str(note),
				 arg_str(t->date), ARG_INT(store_now(st))), 1);
}

int store_ctest_del(struct store *st, int64_t id, int64_t user)
{
	return store_write1(st, Q_CTEST_DEL, ARGS(ARG_INT(id), ARG_INT(user)),
			    1);
}

struct ctest_rows {
	struct store *st;
	int64_t user;
	int number;
	store_ctest_fn *fn;
	void *ctx;
};

static int on_ctest(void *ctx, const struct be_val *col)
{
	struct ctest_rows *r = ctx;
	struct ctest t = { .id = col[0].i, .user = r->user,
			   .number = r->number, .status = (int)col[3].i,
			   .created = col[6].i, .updated = col[7].i };

	if (col_copy(&col[1], t.idea, sizeof(t.idea)) ||
	    col_copy(&col[5], t.date, sizeof(t.date)))
		return store_set_err(r->st, "cheap test %lld: a stored field "
				     "is too long", (long long)t.id);
	return r->fn(r->ctx, &t, col[2].s, col[4].s) != 0;
}

int store_ctest_list(struct store *st, int64_t user, int number,
		     store_ctest_fn *fn, void *ctx)
{
	struct ctest_rows r = { st, user, number, fn, ctx };

	return q_list(st, Q_CTEST_LIST, ARGS(ARG_INT(user), ARG_INT(number)),
		      on_ctest, &r);
}
