/*
 * answers.c: a participant's answers, their versions and reading notes
 * (store.h).  The rule kept here is how the history of an answer or a
 * reading note grows (STORE_VERSION_GAP, STORE_VERSIONS_MAX): each save
 * in its transaction adds a version after the newest, replaces it, or
 * leaves it (version_keep()); an import of one's own notes
 * (store_import_put) always adds one for a changed value.
 */
#include "store/internal.h"

#include "core/buf.h"
#include "core/json.h"

#include <stdlib.h>
#include <string.h>

/*
 * Keep the history of a value just saved under `id` (inside the save's
 * transaction), by `keep`: Q_VERSION_KEEP for an answer's,
 * Q_NOTE_VERSION_KEEP for a reading note's.  The rule (store.h, struct answer_version): a save equal
 * to the newest version adds nothing; an empty save adds no first
 * version; within STORE_VERSION_GAP seconds of the newest version's
 * first save, or once there are STORE_VERSIONS_MAX, it replaces the
 * newest; else it adds one.  An import (`force`) adds one within the gap
 * too: what it replaces was the participant's own text, not a draft of
 * the same.  The database applies it (the statement's SQL), so the write
 * goes without waiting for a read: on PostgreSQL a save's statements
 * share one round trip.
 */
static int version_keep(struct store *st, enum be_query keep, int64_t user,
			int number, const char *id, const char *value,
			size_t len, int64_t now, int force)
{
	return q_send(st, keep, ARGS(ARG_INT(user), ARG_INT(number),
				     arg_str(id),
				     ARG_TEXT(value ? value : "", len),
				     ARG_INT(now), ARG_INT(force),
				     ARG_INT(STORE_VERSION_GAP),
				     ARG_INT(STORE_VERSIONS_MAX),
				     ARG_INT(len > 0)));
}

/* More distinct dates than this in one answer are kept as one "*": the
 * reminder pass then reads that answer whatever its window. */
#define ANSWER_DAYS_MAX 32

static int is_digits(const char *s, size_t n)
{
	while (n--)
		if (*s < '0' || *s++ > '9')
			return 0;
	return 1;
}

/*
 * The dates (YYYY-MM-DD, at any offset) written in a value, once each;
 * ANSWER_DAYS_MAX + 1 when there are more.  A superset of what the
 * model reads as a date (a cell that is one, model/answer.c), which is
 * all the reminder pass needs of answer_days.
 */
static size_t value_days(const char *v, size_t len,
			 char day[ANSWER_DAYS_MAX][11])
{
	size_t i, k, n = 0;

	for (i = 0; i + 10 <= len; i++) {
		if (v[i + 4] != '-' || v[i + 7] != '-' ||
		    !is_digits(v + i, 4) || !is_digits(v + i + 5, 2) ||
		    !is_digits(v + i + 8, 2))
			continue;
		for (k = 0; k < n && memcmp(day[k], v + i, 10); k++)
			;
		if (k < n)
			continue;
		if (n == ANSWER_DAYS_MAX)
			return n + 1;
		memcpy(day[n], v + i, 10);
		day[n++][10] = '\0';
	}
	return n;
}

/*
 * Keep answer_days for a value just saved: its dates, as a JSON array,
 * replace the older value's in two statements however many there are,
 * and write nothing when they are the same.  A value without one leaves
 * them; they only make the pass read an answer it then finds not due
 * (web/remind.c), and a save without a date costs no statement more.
 */
static int days_keep(struct store *st, int64_t user, int number,
		     const struct answer_put *a)
{
	char day[ANSWER_DAYS_MAX][11];
	size_t i, n = a->value ? value_days(a->value, a->len, day) : 0;
	struct buf list = BUF_INIT;
	int ret;

	if (!n)
		return STORE_OK;
	if (n > ANSWER_DAYS_MAX) {
		strcpy(day[0], "*");
		n = 1;
	}
	buf_addc(&list, '[');
	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&list, ',');
		json_str(&list, day[i]);
	}
	buf_addc(&list, ']');
	if (list.err) {
		buf_release(&list);
		return store_set_err(st, "answer_days: out of memory");
	}
	ret = q_send(st, Q_ANSWER_DAYS_DROP,
		     ARGS(ARG_INT(user), ARG_INT(number),
			  arg_str(a->prompt_id), arg_str(list.data)));
	if (ret == STORE_OK)
		ret = q_send(st, Q_ANSWER_DAYS_ADD,
			     ARGS(ARG_INT(user), ARG_INT(number),
				  arg_str(a->prompt_id), arg_str(list.data)));
	buf_release(&list);
	return ret;
}

/* Save one answer, its history and its dates (inside a transaction). */
static int answer_keep(struct store *st, int64_t user, int number,
		       const struct answer_put *a, int64_t now, int force)
{
	int ret;

	ret = q_send(st, Q_ANSWER_PUT,
		     ARGS(ARG_INT(user), ARG_INT(number),
			  arg_str(a->prompt_id),
			  ARG_TEXT(a->value ? a->value : "", a->len),
			  ARG_INT(now)));
	if (ret == STORE_OK)
		ret = version_keep(st, Q_VERSION_KEEP, user, number,
				   a->prompt_id, a->value, a->len, now, force);
	if (ret == STORE_OK)
		ret = days_keep(st, user, number, a);
	return ret;
}

/* Save one reading's note and its history (inside a transaction). */
static int note_keep(struct store *st, int64_t user, int number,
		     const struct note_put *n, int64_t now, int force)
{
	int ret;

	ret = q_send(st, Q_NOTE_PUT, ARGS(ARG_INT(user), ARG_INT(number),
					  arg_str(n->reading_id),
					  arg_str(n->notes), ARG_INT(now)));
	if (ret == STORE_OK)
		ret = version_keep(st, Q_NOTE_VERSION_KEEP, user, number,
				   n->reading_id, n->notes,
				   n->notes ? strlen(n->notes) : 0, now, force);
	return ret;
}

/*
 * The session's answers read back inside the transaction, kept until it
 * has committed: a backend may run the body again (backend.h), and the
 * caller's callback must see each answer once.  Each row is its prompt
 * id's length, its value's, then both, NUL-terminated.
 */
struct answers_put {
	int64_t user;
	int number;
	const struct answer_put *v;
	size_t n;
	int64_t now;
	int read_back;
	struct buf rows;
};

static int on_keep_row(void *ctx, const struct be_val *c)
{
	struct buf *b = ctx;
	size_t len[2] = { c[0].len, c[1].len };

	buf_add(b, len, sizeof(len));
	buf_add(b, c[0].s, c[0].len + 1);
	buf_add(b, c[1].s, c[1].len + 1);
	return 0;
}

static int answers_body(struct store *st, void *ctx)
{
	struct answers_put *p = ctx;
	int ret = STORE_OK;
	size_t i;

	for (i = 0; i < p->n && ret == STORE_OK; i++)
		ret = answer_keep(st, p->user, p->number, &p->v[i], p->now, 0);
	if (ret != STORE_OK || !p->read_back)
		return ret;
	buf_reset(&p->rows);
	return q_list_sent(st, Q_ANSWER_LIST, ARGS(ARG_INT(p->user),
						   ARG_INT(p->number)),
			   on_keep_row, &p->rows);
}

/* Hand the rows kept by answers_body() to fn. */
static void answers_give(const struct buf *rows, store_answer_fn *fn,
			 void *ctx)
{
	size_t at = 0, len[2];

	while (at + sizeof(len) <= rows->len) {
		const char *id, *value;

		memcpy(len, rows->data + at, sizeof(len));
		id = rows->data + at + sizeof(len);
		value = id + len[0] + 1;
		at += sizeof(len) + len[0] + len[1] + 2;
		if (fn(ctx, id, value, len[1]))
			break;
	}
}

/*
 * Insert or replace a participant's answers, and keep their history, in
 * one transaction (one commit).  An unknown user or prompt is
 * STORE_NOTFOUND and saves none of them.
 */
int store_answers_put(struct store *st, int64_t user, int number,
		      const struct answer_put *v, size_t n,
		      store_answer_fn *fn, void *ctx)
{
	struct answers_put p = { user, number, v, n, store_now(st), fn != NULL,
				 BUF_INIT };
	int ret;

	ret = store_txn_shared(st, answers_body, &p);
	/* Saved; only the page's copy of them is short. */
	if (ret == STORE_OK && p.rows.err)
		ret = store_set_err(st, "answers_put: out of memory");
	if (ret == STORE_OK && fn)
		answers_give(&p.rows, fn, ctx);
	buf_release(&p.rows);
	return ret;
}

int store_answer_put(struct store *st, int64_t user, int number,
		     const char *prompt_id, const char *value, size_t len)
{
	const struct answer_put one = { prompt_id, value, len };

	return store_answers_put(st, user, number, &one, 1, NULL, NULL);
}

struct answer_row {
	store_answer_fn *fn;
	void *ctx;
};

static int on_answer(void *ctx, const struct be_val *c)
{
	struct answer_row *r = ctx;

	return r->fn(r->ctx, c[0].s, c[1].s, c[1].len) != 0;
}

/* Every page reads this: rows in the primary key's own order. */
int store_answer_list(struct store *st, int64_t user, int number,
		      store_answer_fn *fn, void *ctx)
{
	struct answer_row r = { fn, ctx };

	return q_list(st, Q_ANSWER_LIST, ARGS(ARG_INT(user), ARG_INT(number)),
		      on_answer, &r);
}

struct member_answer_row {
	store_member_answer_fn *fn;
	void *ctx;
};

static int on_member_answer(void *ctx, const struct be_val *c)
{
	struct member_answer_row *r = ctx;

	return r->fn(r->ctx, c[0].i, c[1].s, c[2].s, c[2].len) != 0;
}

int store_answer_cohort(struct store *st, int64_t cohort, int number,
			store_member_answer_fn *fn, void *ctx)
{
	struct member_answer_row r = { fn, ctx };

	return q_list_owned(st, Q_ANSWER_COHORT, ARGS(ARG_INT(cohort),
						      ARG_INT(number)),
			    on_member_answer, q_own(st, &r, sizeof(r)));
}

int store_answer_cohort_brief(struct store *st, int64_t cohort, int number,
			      const char *const *whole, size_t n,
			      store_member_answer_fn *fn, void *ctx)
{
	struct member_answer_row r = { fn, ctx };
	struct buf ids = BUF_INIT;
	size_t i;
	int ret;

	/* Each id between line feeds, for the statement to look up. */
	buf_addc(&ids, '\n');
	for (i = 0; i < n; i++) {
		if (strchr(whole[i], '\n')) {         /* none has one */
			buf_release(&ids);
			return store_answer_cohort(st, cohort, number, fn,
						   ctx);
		}
		buf_adds(&ids, whole[i]);
		buf_addc(&ids, '\n');
	}
	ret = ids.err ? store_set_err(st, "answer_cohort: out of memory") :
	      q_list_owned(st, Q_ANSWER_COHORT_BRIEF,
			   ARGS(ARG_INT(cohort), ARG_INT(number),
				ARG_TEXT(ids.data, ids.len)),
			   on_member_answer, q_own(st, &r, sizeof(r)));
	buf_release(&ids);
	return ret;
}

/* The four C_VERSION columns at c. */
static void col_version(const struct be_val *c, struct answer_version *v)
{
	v->version = (int)c[0].i;
	v->value = c[1].s;
	v->len = c[1].len;
	v->first_saved = c[2].i;
	v->last_saved = c[3].i;
}

struct version_row {
	const char *prompt_id;
	store_version_fn *fn;
	store_version_ends_fn *ends;
	void *ctx;
};

static int on_version(void *ctx, const struct be_val *c)
{
	struct version_row *r = ctx;
	struct answer_version v;

	col_version(c, &v);
	return r->fn(r->ctx, r->prompt_id, &v) != 0;
}

int store_version_list(struct store *st, int64_t user, int number,
		       const char *prompt_id, store_version_fn *fn,
		       void *ctx)
{
	struct version_row r = { prompt_id, fn, NULL, ctx };

	return q_list(st, Q_VERSION_LIST, ARGS(ARG_INT(user), ARG_INT(number),
					       arg_str(prompt_id)),
		      on_version, &r);
}

static int on_ends(void *ctx, const struct be_val *c)
{
	struct version_row *r = ctx;
	struct answer_version first, latest;

	col_version(c + 1, &first);
	col_version(c + 5, &latest);
	return r->ends(r->ctx, c[0].s, &first, &latest) != 0;
}

int store_version_ends(struct store *st, int64_t user, int number,
		       store_version_ends_fn *fn, void *ctx)
{
	struct version_row r = { NULL, NULL, fn, ctx };

	return q_list(st, Q_VERSION_ENDS, ARGS(ARG_INT(user), ARG_INT(number)),
		      on_ends, &r);
}

/* ---- reading notes ---- */

/* What store_import_put() and store_reading_note_put() save. */
struct import_put {
	int64_t user;
	int number;
	const struct answer_put *a;
	size_t n;
	const struct note_put *notes;
	size_t m;
	int64_t now;
	int force;
};

static int import_body(struct store *st, void *ctx)
{
	const struct import_put *p = ctx;
	int ret = STORE_OK;
	size_t i;

	for (i = 0; i < p->n && ret == STORE_OK; i++)
		ret = answer_keep(st, p->user, p->number, &p->a[i], p->now,
				  p->force);
	for (i = 0; i < p->m && ret == STORE_OK; i++)
		ret = note_keep(st, p->user, p->number, &p->notes[i], p->now,
				p->force);
	return ret;
}

int store_reading_note_put(struct store *st, int64_t user, int number,
			   const char *reading_id, const char *notes)
{
	const struct note_put one = { reading_id, notes };
	struct import_put p = { user, number, NULL, 0, &one, 1,
				store_now(st), 0 };

	return store_txn_shared(st, import_body, &p);
}

int store_import_put(struct store *st, int64_t user, int number,
		     const struct answer_put *a, size_t n,
		     const struct note_put *notes, size_t m)
{
	struct import_put p = { user, number, a, n, notes, m, store_now(st),
				1 };

	return store_txn(st, import_body, &p);
}

int store_note_version_list(struct store *st, int64_t user, int number,
			    const char *reading_id, store_version_fn *fn,
			    void *ctx)
{
	struct version_row r = { reading_id, fn, NULL, ctx };

	return q_list(st, Q_NOTE_VERSION_LIST,
		      ARGS(ARG_INT(user), ARG_INT(number), arg_str(reading_id)),
		      on_version, &r);
}

int store_reading_done_put(struct store *st, int64_t user, int number,
			   const char *reading_id, int done)
{
	return store_write1(st, Q_DONE_PUT, ARGS(ARG_INT(user), ARG_INT(number),
						 arg_str(reading_id),
						 ARG_INT(done ? 1 : 0),
						 ARG_INT(store_now(st))), 0);
}

struct reading_row {
	store_reading_fn *fn;
	void *ctx;
};

static int on_reading(void *ctx, const struct be_val *c)
{
	struct reading_row *r = ctx;

	return r->fn(r->ctx, c[0].s, c[1].s, (int)c[2].i) != 0;
}

int store_reading_list(struct store *st, int64_t user, int number,
		       store_reading_fn *fn, void *ctx)
{
	struct reading_row r = { fn, ctx };

	return q_list(st, Q_READING_LIST, ARGS(ARG_INT(user), ARG_INT(number)),
		      on_reading, &r);
}

struct member_reading_row {
	store_member_reading_fn *fn;
	void *ctx;
};

static int on_member_reading(void *ctx, const struct be_val *c)
{
	struct member_reading_row *r = ctx;

	return r->fn(r->ctx, c[0].i, c[1].s, (int)c[2].i) != 0;
}

int store_reading_cohort(struct store *st, int64_t cohort, int number,
			 store_member_reading_fn *fn, void *ctx)
{
	struct member_reading_row r = { fn, ctx };

	return q_list_owned(st, Q_READING_COHORT, ARGS(ARG_INT(cohort),
						       ARG_INT(number)),
			    on_member_reading, q_own(st, &r, sizeof(r)));
}
