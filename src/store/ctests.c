/*
 * ctests.c: cheap tests of one's fit for a role (store.h, issue 12):
 * their checks (a status of the four, a date of the form YYYY-MM-DD or
 * none, texts within their caps), the cap on how many one person keeps
 * on a session (counted in the write's transaction), and only the
 * person's own rows changed or deleted.
 */
#include "store/internal.h"

#include "core/form.h"

#include <stdlib.h>
#include <string.h>

static int utf8_ok(struct store *st, const char *what, const char *t)
{
	if (t && !utf8_valid(t, strlen(t))) {
		store_set_err(st, "%s: not valid UTF-8", what);
		return 0;
	}
	return 1;
}

/* Hours (tenths) and confidence in range, or -1; 1 when they are. */
static int numbers_ok(struct store *st, const char *what,
		      const struct ctest *t)
{
	int most = STORE_CTEST_TENTHS_MAX;

	if (t->hours_planned < -1 || t->hours_planned > most ||
	    t->hours_spent < -1 || t->hours_spent > most) {
		store_set_err(st, "%s: hours are 0 to %d tenths, or -1", what,
			      STORE_CTEST_TENTHS_MAX);
		return 0;
	}
	if (t->conf_before < -1 || t->conf_before > 100 ||
	    t->conf_after < -1 || t->conf_after > 100) {
		store_set_err(st, "%s: confidence is 0 to 100, or -1", what);
		return 0;
	}
	return 1;
}

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
	return numbers_ok(st, what, t) && text_ok(st, what, test) &&
	       text_ok(st, what, note) && text_ok(st, what, t->uncertainty) &&
	       utf8_ok(st, what, t->idea) && utf8_ok(st, what, test) &&
	       utf8_ok(st, what, note) && utf8_ok(st, what, t->uncertainty);
}

static int via_of(const struct ctest *t)
{
	return t->via == CTEST_VIA_CHECKIN ? CTEST_VIA_CHECKIN :
	       CTEST_VIA_TRACKER;
}

/* Log an update of test id (inside the write's transaction), and
 * forget its updates past the newest STORE_CTEST_LOG_MAX. */
static int log_update(struct store *st, int64_t id, const struct ctest *t,
		      const char *note, int64_t now)
{
	int ret = q_write(st, Q_CTEST_LOG_ADD,
			  ARGS(ARG_INT(id), ARG_INT(now), ARG_INT(via_of(t)),
			       ARG_INT(t->status), ARG_INT(t->hours_spent),
			       ARG_INT(t->conf_after), arg_str(note)), NULL);

	if (ret == STORE_OK)
		ret = q_write(st, Q_CTEST_LOG_TRIM,
			      ARGS(ARG_INT(id),
				   ARG_INT(STORE_CTEST_LOG_MAX)), NULL);
	return ret;
}

struct ctest_add {
	const struct ctest *t;
	const char *test, *note;
	int64_t now, id;            /* id: out */
	int changed;                /* set: what the log compares */
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
				   arg_str(t->date), ARG_INT(a->now),
				   arg_str(t->uncertainty),
				   ARG_INT(t->hours_planned),
				   ARG_INT(t->hours_spent),
				   ARG_INT(t->conf_before),
				   ARG_INT(t->conf_after)), &d);
	if (ret == STORE_OK)
		a->id = d.id;
	if (ret == STORE_OK)
		ret = log_update(st, a->id, t, a->note, a->now);
	return ret;
}

int store_ctest_add(struct store *st, struct ctest *t, const char *test,
		    const char *note)
{
	struct ctest_add a = { t, test, note, store_now(st), 0, 0 };
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

/* The stored test's logged values against the new ones. */
static int on_old(void *ctx, const struct be_val *col)
{
	struct ctest_add *a = ctx;
	const struct ctest *t = a->t;
	const char *note = a->note ? a->note : "";

	a->changed = col[0].i != t->status || col[1].i != t->hours_spent ||
		     col[2].i != t->conf_after ? 1 : 0;
	if (col[3].len != strlen(note) ||
	    memcmp(col[3].s, note, col[3].len))
		a->changed = 2;     /* the note too: logged */
	return 0;
}

static int ctest_set_body(struct store *st, void *ctx)
{
	struct ctest_add *a = ctx;
	const struct ctest *t = a->t;
	int ret;

	ret = q_one(st, Q_CTEST_GET, ARGS(ARG_INT(t->id), ARG_INT(t->user)),
		    on_old, a);
	if (ret == STORE_OK)
		ret = q_change(st, Q_CTEST_SET,
			       ARGS(ARG_INT(t->id), ARG_INT(t->user),
				    arg_str(t->idea), arg_str(a->test),
				    ARG_INT(t->status), arg_str(a->note),
				    arg_str(t->date), ARG_INT(a->now),
				    arg_str(t->uncertainty),
				    ARG_INT(t->hours_planned),
				    ARG_INT(t->hours_spent),
				    ARG_INT(t->conf_before),
				    ARG_INT(t->conf_after)));
	if (ret == STORE_OK && a->changed)
		ret = log_update(st, t->id, t, a->changed == 2 ? a->note : "",
				 a->now);
	return ret;
}

int store_ctest_set(struct store *st, const struct ctest *t,
		    const char *test, const char *note)
{
	struct ctest_add a = { t, test, note, store_now(st), 0, 0 };

	if (!ctest_ok(st, "ctest_set", t, test, note))
		return STORE_ERR;
	return store_txn(st, ctest_set_body, &a);
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
			   .created = col[6].i, .updated = col[7].i,
			   .uncertainty = col[8].s,
			   .hours_planned = (int)col[9].i,
			   .hours_spent = (int)col[10].i,
			   .conf_before = (int)col[11].i,
			   .conf_after = (int)col[12].i };

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

struct log_rows {
	store_ctest_log_fn *fn;
	void *ctx;
};

static int on_log(void *ctx, const struct be_val *col)
{
	struct log_rows *r = ctx;
	struct ctest_log l = { .id = col[0].i, .test_id = col[1].i,
			       .at = col[2].i, .via = (int)col[3].i,
			       .status = (int)col[4].i,
			       .hours_spent = (int)col[5].i,
			       .conf_after = (int)col[6].i };

	return r->fn(r->ctx, &l, col[7].s) != 0;
}

int store_ctest_log_list(struct store *st, int64_t user, int number,
			 store_ctest_log_fn *fn, void *ctx)
{
	struct log_rows r = { fn, ctx };

	return q_list(st, Q_CTEST_LOG_LIST,
		      ARGS(ARG_INT(user), ARG_INT(number)), on_log, &r);
}
