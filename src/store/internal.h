#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

/*
 * What the store's rule files (store.c, users.c, courses.c, answers.c,
 * cohorts.c, comments.c, plans.c, partners.c) share: the way they reach
 * the backend (never its table directly: the q_*() functions below count
 * and check every call), values for its statements, and the checks every
 * write makes.  Nothing outside src/store includes it.
 */

#include "store/backend.h"

#include <string.h>

/* A body's result that makes store_txn() roll back and run it again
 * (store_set_rerun()); never returned to a caller. */
#define STORE_RERUN (-100)

/* ---- values for a statement's arguments ---- */

#define ARG_INT(x) ((struct be_val){ .type = BE_INT, .i = (int64_t)(x) })
#define ARG_NULL ((struct be_val){ .type = BE_NULL })
#define ARG_TEXT(p, n) \
	((struct be_val){ .type = BE_TEXT, .s = (p), .len = (n) })
#define ARG_BLOB(p, n) \
	((struct be_val){ .type = BE_BLOB, .s = (p), .len = (n) })

/* A NUL-terminated string as text; NULL is "". */
static inline struct be_val arg_str(const char *s)
{
	return ARG_TEXT(s ? s : "", s ? strlen(s) : 0);
}

/* An optional reference: NULL when 0. */
static inline struct be_val arg_ref(int64_t id)
{
	return id ? ARG_INT(id) : ARG_NULL;
}

/* An optional string: NULL when NULL or "". */
static inline struct be_val arg_opt(const char *s)
{
	return s && *s ? arg_str(s) : ARG_NULL;
}

/* ARGS(a, b, ...): the array of values and its length, as two arguments
 * (sizeof does not evaluate them a second time). */
#define ARGS(...) (const struct be_val[]){ __VA_ARGS__ }, \
	sizeof((const struct be_val[]){ __VA_ARGS__ }) / sizeof(struct be_val)
#define NO_ARGS NULL, 0

/* ---- statements ---- */

/* Every row of read q to fn (be_row_fn's contract). */
int q_list(struct store *st, enum be_query q, const struct be_val *arg,
	   size_t nargs, be_row_fn *fn, void *ctx);
/* The first row of read q to fn; STORE_NOTFOUND when there is none. */
int q_one(struct store *st, enum be_query q, const struct be_val *arg,
	  size_t nargs, be_row_fn *fn, void *ctx);
/* q_list() of a read that may wait for store_together_end(): ctx is the
 * store's (malloc'd by the caller, freed once the read ran, or failed;
 * NULL fails, the store's error set: q_own()'s out of memory). */
int q_list_owned(struct store *st, enum be_query q, const struct be_val *arg,
		 size_t nargs, be_row_fn *fn, void *ctx);
/* A malloc'd copy of a row callback's context, for q_list_owned(). */
void *q_own(struct store *st, const void *ctx, size_t size);
/* Run the reads store_together() keeps waiting (together.c); their first
 * failure is also kept for store_together_end(). */
int together_send(struct store *st);
/* A call the catalogue does not allow (store.c): STORE_ERR, said why. */
int q_misuse(struct store *st, enum be_query q, size_t nargs, int write);
/* Inside a transaction's body, q_list() of a read whose rows may come
 * later, with the replies of the writes q_send() sent (backend.h,
 * read_sent), at the latest before the transaction commits: fn may only
 * keep them, and the body must not wait for them. */
int q_list_sent(struct store *st, enum be_query q, const struct be_val *arg,
		size_t nargs, be_row_fn *fn, void *ctx);
/* Read q with the backend's next statement (backend.h, read_later): only
 * in a snapshot, on a backend that has it; STORE_ERR otherwise. */
int q_later(struct store *st, enum be_query q, const struct be_val *arg,
	    size_t nargs, be_row_fn *fn, void *ctx);
/* users.c: a login row (Q_LOGIN_GET's) into r->l, r->found set. */
struct login_row {
	struct store *st;
	struct login l;
	int found;
};
int login_on_row(void *ctx, const struct be_val *c);
/* login-memo.c (its head says why): guess the login of hash, to be
 * checked with the next statement (1), or 0; remember, forget (NULL:
 * every login) and stamp the use of one; read the check's login before
 * its snapshot ends (store_read_end), or drop it (a guess not used). */
int login_memo_guess(struct store *st, const char *hash, struct login *out);
void login_memo_put(const char *hash, const struct login *l);
void login_memo_forget(const char *hash);
void login_memo_seen(const char *hash, int64_t when);
void login_memo_end(struct store *st);
void login_memo_cancel(struct store *st);
/* May a write go now?  Not while the page's login is a guess the store
 * found changed (a page that ended its snapshot to write: share.c's
 * mark_seen()); a write never starts from a wrong guess. */
int login_memo_writable(struct store *st);
/* A write transaction's body begins with login_memo_hold(): with a
 * POST's guess unsettled, the check that it still holds (a failure
 * fails the transaction); login_memo_held() takes the transaction's
 * outcome (STORE_OK: the guess held, and is settled). */
int login_memo_hold(struct store *st);
void login_memo_held(struct store *st, int rc);
/* A read giving one integer (a count) into *out. */
int q_int(struct store *st, enum be_query q, const struct be_val *arg,
	  size_t nargs, int64_t *out);
/* Write q, inside a transaction's body; done may be NULL. */
int q_write(struct store *st, enum be_query q, const struct be_val *arg,
	    size_t nargs, struct be_done *done);
/* Write q, inside a transaction's body, wanting nothing back: a backend
 * may send it without waiting (backend.h, write), and report its failure
 * at the body's next read or as the transaction's result. */
int q_send(struct store *st, enum be_query q, const struct be_val *arg,
	   size_t nargs);
/* Write q, and STORE_NOTFOUND when it changed no row. */
int q_change(struct store *st, enum be_query q, const struct be_val *arg,
	     size_t nargs);

/* Run body in one write transaction (be_transact_fn's contract); each
 * write of the API is one call.  STORE_FULL's cap is cleared first. */
int store_txn(struct store *st, be_body_fn *body, void *ctx);

/* store_txn() of a body that may share its COMMIT with other threads'
 * (PostgreSQL: pg-share.h); it must be a few writes sent with q_send()
 * and reads with q_list_sent(), and must not wait for a row.  Not under
 * store_set_rerun() or store_copy(). */
int store_txn_shared(struct store *st, be_body_fn *body, void *ctx);

/* The one-statement write: q_write of q in its own transaction; with
 * `must_change`, STORE_NOTFOUND when no row changed. */
int store_write1(struct store *st, enum be_query q, const struct be_val *arg,
		 size_t nargs, int must_change);

/* ---- rules every write shares ---- */

/* Do the caps apply (store_set_uncapped())? */
int store_capped(const struct store *st);
/* Refuse a write by cap `cap` of `max`: STORE_FULL, named. */
int store_cap_full(struct store *st, enum store_cap cap, const char *what,
		   int max);
/* A cap, inside the write's transaction: count with read q (one integer)
 * and refuse at `max` with store_cap_full(); STORE_OK when there is room
 * or the caps are off. */
int store_cap_check(struct store *st, enum be_query q,
		    const struct be_val *arg, size_t nargs, enum store_cap cap,
		    const char *what, int max);
/* Is `s` terminated within its field of `size` bytes? */
int fits(const char *s, size_t size);
/* A text within STORE_TEXT_MAX bytes (NULL is empty); else an error. */
int text_ok(struct store *st, const char *what, const char *t);
/* An exercise or prompt id: present (unless it may be empty) and short
 * enough to read back into its field; else an error. */
int id_ok(struct store *st, const char *what, const char *id,
	  int may_be_empty);
int role_ok(struct store *st, int role);

/* ---- shared bodies ---- */

/* comments.c's transaction body for a new comment (notices.c adds the
 * notices to it in the same transaction). */
struct comment_add {
	const struct comment *c;
	const char *body;
	int64_t now;
	int64_t id;             /* out */
};
int store_comment_body(struct store *st, void *ctx);
/* Notices (notices.c), inside a transaction's body: checked, then each
 * with its mail or its place in the digest. */
int store_notices_put(struct store *st, const struct notice_new *nv,
		      size_t n, int64_t now);
/* Queue one mail (outbox.c), inside a transaction's body. */
int store_mail_insert(struct store *st, int64_t user, int kind,
		      const struct mail_new *m, int64_t now);

/* ---- columns ---- */

/* Copy a text column into a field of `size` bytes; -1 when too long. */
int col_copy(const struct be_val *v, char *dst, size_t size);
/* A text or bytes column, malloc'd and NUL-terminated; NULL when out of
 * memory. */
char *col_dup(const struct be_val *v);
/* A user from its C_USER columns at c; STORE_ERR when a field is too
 * long for its struct. */
int col_user(struct store *st, const struct be_val *c, struct user *u);

#endif
