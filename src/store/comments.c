/*
 * comments.c: comments on a plan (store.h, docs/cohorts.md) with their
 * rules: a reply stays on its parent's plan, the caps of a plan and of a
 * thread (counted inside the write's transaction), only the author edits
 * or deletes, a deleted comment keeps its place; and which threads are
 * resolved (issue 12).
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

struct comment_row {
	struct store *st;
	struct comment c;
	int want_body;          /* copy the body into `body` */
	char *body;
	store_comment_fn *fn;
	void *ctx;
};

/* A comment from its C_COMMENT columns (the body is column 11). */
static int on_comment(void *ctx, const struct be_val *col)
{
	struct comment_row *r = ctx;
	struct comment *c = &r->c;

	c->id = col[0].i;
	c->parent = col[1].i;
	c->owner = col[2].i;
	c->number = (int)col[3].i;
	c->author = col[6].i;
	c->created = col[8].i;
	c->edited = col[9].i;
	c->deleted = (int)col[10].i;
	if (col_copy(&col[4], c->exercise_id, sizeof(c->exercise_id)) ||
	    col_copy(&col[5], c->prompt_id, sizeof(c->prompt_id)) ||
	    col_copy(&col[7], c->author_name, sizeof(c->author_name)))
		return store_set_err(r->st, "comment %lld: a stored field is "
				     "too long", (long long)c->id);
	if (r->want_body && !(r->body = col_dup(&col[11])))
		return store_set_err(r->st, "comment: out of memory");
	return r->fn ? r->fn(r->ctx, c, col[11].s) != 0 : 0;
}

/* Is the parent on c's plan?  STORE_NOTFOUND when it is not (or gone). */
static int parent_here(struct store *st, const struct comment *c)
{
	struct comment_row r = { .st = st };
	int ret;

	ret = q_one(st, Q_COMMENT_GET, ARGS(ARG_INT(c->parent)), on_comment,
		    &r);
	if (ret == STORE_OK && (r.c.owner != c->owner ||
				r.c.number != c->number ||
				strcmp(r.c.exercise_id, c->exercise_id))) {
		store_set_err(st, "comment_add: the parent is on another "
			      "plan");
		ret = STORE_NOTFOUND;
	}
	return ret;
}

static int on_root(void *ctx, const struct be_val *c)
{
	int64_t *root = ctx;

	root[0] = c[0].i;
	root[1] = c[1].i;
	return 0;
}

/*
 * Is there room for a reply to c->parent in its thread (the top comment
 * and every reply under it)?  Both walks stop after STORE_REPLIES_MAX
 * steps, so a reply costs the same on a thread stored long before the
 * cap existed: a parent that many steps from its top is full too.
 */
static int thread_room(struct store *st, const struct comment *c)
{
	int64_t root[2] = { 0, 0 }, n = 0;
	int ret;

	ret = q_one(st, Q_COMMENT_ROOT, ARGS(ARG_INT(c->parent),
					     ARG_INT(STORE_REPLIES_MAX)),
		    on_root, root);
	if (ret == STORE_OK && root[1])
		ret = q_int(st, Q_COMMENT_REPLIES,
			    ARGS(ARG_INT(root[0]), ARG_INT(STORE_REPLIES_MAX)),
			    &n);
	if (ret == STORE_OK && (!root[1] || n >= STORE_REPLIES_MAX))
		ret = store_cap_full(st, CAP_THREAD_REPLIES, "comment_add",
				     STORE_REPLIES_MAX);
	return ret;
}

int store_comment_body(struct store *st, void *ctx)
{
	struct comment_add *a = ctx;
	const struct comment *c = a->c;
	struct be_done d;
	int ret;

	ret = store_cap_check(st, Q_COMMENT_COUNT,
			      ARGS(ARG_INT(c->owner), ARG_INT(c->number),
				   arg_str(c->exercise_id)),
			      CAP_PLAN_COMMENTS, "comment_add",
			      STORE_COMMENTS_MAX);
	if (ret == STORE_OK && c->parent)
		ret = parent_here(st, c);
	if (ret == STORE_OK && c->parent && store_capped(st))
		ret = thread_room(st, c);
	if (ret == STORE_OK)
		ret = q_write(st, Q_COMMENT_ADD,
			      ARGS(arg_ref(c->parent), ARG_INT(c->owner),
				   ARG_INT(c->number), arg_str(c->exercise_id),
				   arg_str(c->prompt_id), ARG_INT(c->author),
				   arg_str(a->body), ARG_INT(a->now)), &d);
	if (ret == STORE_OK)
		a->id = d.id;
	return ret;
}

/*
 * Add a comment or a reply unless the plan or the thread is full.  Sets
 * c->id and c->created.  The page has decided the author may comment
 * (authz.c).
 */
int store_comment_add(struct store *st, struct comment *c, const char *body)
{
	struct comment_add a = { c, body, store_now(st), 0 };
	int ret;

	if (!id_ok(st, "comment_add: exercise id", c->exercise_id, 0) ||
	    !id_ok(st, "comment_add: prompt id", c->prompt_id, 1) ||
	    !text_ok(st, "comment_add", body))
		return STORE_ERR;
	ret = store_txn(st, store_comment_body, &a);
	if (ret == STORE_OK) {
		c->id = a.id;
		c->created = a.now;
	}
	return ret;
}

struct comment_set {
	int64_t id, author;
	const char *body;
	int deleted;
	int64_t now;
};

/* Only its author, and not once deleted. */
static int comment_set_body(struct store *st, void *ctx)
{
	struct comment_set *s = ctx;
	struct comment_row r = { .st = st };
	int ret;

	ret = q_one(st, Q_COMMENT_GET, ARGS(ARG_INT(s->id)), on_comment, &r);
	if (ret == STORE_OK && (r.c.author != s->author || r.c.deleted))
		ret = STORE_NOTFOUND;
	if (ret == STORE_OK)
		ret = q_write(st, Q_COMMENT_SET, ARGS(ARG_INT(s->id),
						      arg_str(s->body),
						      ARG_INT(s->now),
						      ARG_INT(s->deleted)),
			      NULL);
	return ret;
}

int store_comment_edit(struct store *st, int64_t id, int64_t author,
		       const char *body)
{
	struct comment_set s = { id, author, body, 0, store_now(st) };

	if (!text_ok(st, "comment_edit", body))
		return STORE_ERR;
	return store_txn(st, comment_set_body, &s);
}

/* The row stays, so replies keep their place, with an empty body. */
int store_comment_delete(struct store *st, int64_t id, int64_t author)
{
	struct comment_set s = { id, author, "", 1, store_now(st) };

	return store_txn(st, comment_set_body, &s);
}

int store_comment_get(struct store *st, int64_t id, struct comment *out,
		      char **body)
{
	struct comment_row r = { .st = st, .want_body = body != NULL };
	int ret;

	ret = q_one(st, Q_COMMENT_GET, ARGS(ARG_INT(id)), on_comment, &r);
	if (ret == STORE_OK) {
		*out = r.c;
		if (body)
			*body = r.body;
	} else {
		free(r.body);
	}
	return ret;
}

int store_comment_list(struct store *st, int64_t owner, int number,
		       const char *exercise_id, store_comment_fn *fn,
		       void *ctx)
{
	struct comment_row r = { .st = st, .fn = fn, .ctx = ctx };

	return q_list(st, Q_COMMENT_LIST, ARGS(ARG_INT(owner), ARG_INT(number),
					       arg_str(exercise_id)),
		      on_comment, &r);
}

/* Others' live comments on the plan (every exercise of the session when
 * exercise_id is NULL) newer than the last comment_seen: ids only grow,
 * so "unread" needs no clock. */
int store_comment_unread(struct store *st, int64_t owner, int number,
			 const char *exercise_id, int *count)
{
	int64_t n = 0;
	int ret;

	ret = q_int(st, Q_COMMENT_UNREAD, ARGS(ARG_INT(owner), ARG_INT(number),
					       arg_opt(exercise_id)), &n);
	if (ret == STORE_OK)
		*count = (int)n;
	return ret;
}

int store_comment_seen(struct store *st, int64_t owner, int number,
		       const char *exercise_id)
{
	if (!id_ok(st, "comment_seen: exercise id", exercise_id, 0))
		return STORE_ERR;
	return store_write1(st, Q_COMMENT_SEEN, ARGS(ARG_INT(owner),
						     ARG_INT(number),
						     arg_str(exercise_id)), 0);
}

/* ---- resolved threads ---- */

struct resolve {
	int64_t top, by, now;
	int resolved;
};

/* Only a top comment names a thread. */
static int resolve_body(struct store *st, void *ctx)
{
	struct resolve *r = ctx;
	struct comment_row row = { .st = st };
	int ret;

	ret = q_one(st, Q_COMMENT_GET, ARGS(ARG_INT(r->top)), on_comment,
		    &row);
	if (ret == STORE_OK && row.c.parent)
		ret = STORE_NOTFOUND;
	if (ret == STORE_OK && r->resolved)
		ret = q_write(st, Q_THREAD_RESOLVE,
			      ARGS(ARG_INT(r->top), arg_ref(r->by),
				   ARG_INT(r->now)), NULL);
	else if (ret == STORE_OK)
		ret = q_write(st, Q_THREAD_REOPEN, ARGS(ARG_INT(r->top)), NULL);
	return ret;
}

int store_thread_resolve(struct store *st, int64_t top, int64_t by,
			 int resolved)
{
	struct resolve r = { top, by, store_now(st), resolved != 0 };

	return store_txn(st, resolve_body, &r);
}

struct resolved_rows {
	store_resolved_fn *fn;
	void *ctx;
};

static int on_resolved(void *ctx, const struct be_val *col)
{
	struct resolved_rows *r = ctx;

	return r->fn(r->ctx, col[0].i, col[1].i, col[2].i) != 0;
}

int store_thread_resolved(struct store *st, int64_t owner, int number,
			  const char *exercise_id, store_resolved_fn *fn,
			  void *ctx)
{
	struct resolved_rows r = { fn, ctx };

	return q_list(st, Q_THREAD_RESOLVED, ARGS(ARG_INT(owner),
						  ARG_INT(number),
						  arg_str(exercise_id)),
		      on_resolved, &r);
}

int store_thread_open(struct store *st, int64_t owner, int number,
		      const char *exercise_id, int *count)
{
	int64_t n = 0;
	int ret;

	ret = q_int(st, Q_THREAD_OPEN, ARGS(ARG_INT(owner), ARG_INT(number),
					    arg_opt(exercise_id)), &n);
	if (ret == STORE_OK)
		*count = (int)n;
	return ret;
}

struct open_rows {
	store_open_fn *fn;
	void *ctx;
};

static int on_open(void *ctx, const struct be_val *col)
{
	struct open_rows *r = ctx;

	return r->fn(r->ctx, col[0].i, col[1].s, (int)col[2].i) != 0;
}

int store_thread_open_cohort(struct store *st, int64_t cohort, int number,
			     store_open_fn *fn, void *ctx)
{
	struct open_rows r = { fn, ctx };

	return q_list_owned(st, Q_THREAD_OPEN_COHORT, ARGS(ARG_INT(cohort),
							   ARG_INT(number)),
			    on_open, q_own(st, &r, sizeof(r)));
}
