#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct session;

/*
 * Storage: the only interface to persistent state.  Nothing outside the
 * store-*.c files speaks SQL.
 *
 * A backend fills a `struct store_backend` with designated initialisers;
 * `store_open()` picks one from the database URL ("sqlite:PATH", a bare
 * path, or later "postgres://...").  A `struct store` is one connection: it
 * must be used by one thread at a time, so a server opens one per thread.
 * Callers use the store_*() wrappers below, never the table.
 *
 * Return values, for every operation:
 *   STORE_OK        success; out-parameters are set
 *   STORE_NOTFOUND  no such row; out-parameters untouched
 *   STORE_EXISTS    a unique key is taken (e.g. an email already signed up)
 *   STORE_ERR       anything else; store_errmsg() says what
 * A write that returns STORE_OK is durable: it survives kill -9.  A write
 * naming a user, session, prompt or reading that does not exist (login_add,
 * answer_put, reading_*_put) is refused with STORE_NOTFOUND.
 *
 * List operations call their callback once per row; the strings passed are
 * valid only during the call, and the callback must not call back into the
 * same struct store.
 */
enum { STORE_OK = 0, STORE_ERR = -1, STORE_NOTFOUND = -2, STORE_EXISTS = -3 };

#define STORE_EMAIL_MAX 254
#define STORE_NAME_MAX 100
#define STORE_HASH_MAX 128  /* crypto_pwhash_STRBYTES */
#define STORE_TOKEN_MAX 64

struct user {
	int64_t id;
	char email[STORE_EMAIL_MAX + 1];
	char name[STORE_NAME_MAX + 1];
	char pwhash[STORE_HASH_MAX + 1];
	int is_admin;
	int64_t created;            /* unix seconds */
};

/* A logged-in browser session, found by the hash of its cookie token. */
struct login {
	int64_t user_id;
	char csrf[STORE_TOKEN_MAX + 1];
	int64_t expires;            /* unix seconds */
	struct user user;           /* login_get fills it; login_add ignores it */
};

/* Row callbacks: return 0 to go on, non-zero to stop (the operation then
 * returns STORE_OK). */
typedef int store_user_fn(void *ctx, const struct user *u);
typedef int store_course_fn(void *ctx, int number, const char *title);
typedef int store_prompt_fn(void *ctx, const char *id, const char *text,
			    int archived);
typedef int store_answer_fn(void *ctx, const char *prompt_id,
			    const char *value, size_t len);
typedef int store_reading_fn(void *ctx, const char *reading_id,
			     const char *notes, int done);

/*
 * One version of an answer.  answer_put keeps them: a save starts a new
 * version when the newest one was first saved more than
 * STORE_VERSION_GAP seconds earlier, else it replaces the newest one's
 * text and last_saved; a save equal to the newest version adds nothing,
 * and an empty save adds no first version (nothing typed yet).  Versions
 * are numbered from 1 (the first draft) without gaps, so the newest
 * one's number is the count.  `value` is `len` bytes, valid only during
 * the callback.
 */
#define STORE_VERSION_GAP 120
struct answer_version {
	int version;
	const char *value;
	size_t len;
	int64_t first_saved;        /* unix seconds */
	int64_t last_saved;
};
typedef int store_version_fn(void *ctx, const char *prompt_id,
			     const struct answer_version *v);
/* A prompt's first and newest versions (the same when there is one);
 * latest->version is the number of versions. */
typedef int store_version_ends_fn(void *ctx, const char *prompt_id,
				  const struct answer_version *first,
				  const struct answer_version *latest);

struct store;

struct store_backend {
	const char *name;
	/* Open a connection on `where` (the URL without its scheme), creating
	 * and migrating the database as needed.  On failure returns STORE_ERR
	 * and writes a message into err. */
	int (*open)(const char *where, struct store **out, char *err,
		    size_t errlen);
	void (*close)(struct store *st);
	const char *(*errmsg)(struct store *st);

	/* A read snapshot: the reads between read_begin and read_end see one
	 * consistent state, and a page's several queries pay for locking
	 * once.  No writes inside; read_end must follow every read_begin
	 * that returned STORE_OK. */
	int (*read_begin)(struct store *st);
	int (*read_end)(struct store *st);

	/* Users.  user_add sets u->id and u->created. */
	int (*user_add)(struct store *st, struct user *u);
	int (*user_by_email)(struct store *st, const char *email,
			     struct user *out);
	int (*user_by_id)(struct store *st, int64_t id, struct user *out);
	int (*user_list)(struct store *st, store_user_fn *fn, void *ctx);

	/* Logins: token_hash is the hex hash of the cookie token. */
	int (*login_add)(struct store *st, const char *token_hash,
			 const struct login *l);
	int (*login_get)(struct store *st, const char *token_hash,
			 struct login *out);
	int (*login_del)(struct store *st, const char *token_hash);

	/* Course sessions.  course_put stores the source and the model in one
	 * transaction: prompts and readings in the model are inserted or
	 * updated; stored prompts the model lacks are archived (kept, with
	 * their answers), never deleted. */
	int (*course_put)(struct store *st, const struct session *s,
			  const char *source, size_t len);
	int (*course_list)(struct store *st, store_course_fn *fn, void *ctx);
	/* The stored source of session `number`, malloc'd, into *src. */
	int (*course_source)(struct store *st, int number, char **src,
			     size_t *len);
	/* Every prompt ever stored for the session, archived ones too. */
	int (*prompt_list)(struct store *st, int number, store_prompt_fn *fn,
			   void *ctx);

	/* A participant's answers and reading notes. */
	int (*answer_put)(struct store *st, int64_t user, int number,
			  const char *prompt_id, const char *value,
			  size_t len);
	int (*answer_list)(struct store *st, int64_t user, int number,
			   store_answer_fn *fn, void *ctx);
	/* The versions of one answer, oldest first (answer_put keeps them,
	 * in the same transaction as the answer).  None is STORE_OK with no
	 * call. */
	int (*version_list)(struct store *st, int64_t user, int number,
			    const char *prompt_id, store_version_fn *fn,
			    void *ctx);
	/* For every prompt of the session with versions (archived ones too),
	 * in prompt id order: its first and newest version. */
	int (*version_ends)(struct store *st, int64_t user, int number,
			    store_version_ends_fn *fn, void *ctx);
	int (*reading_note_put)(struct store *st, int64_t user, int number,
				const char *reading_id, const char *notes);
	int (*reading_done_put)(struct store *st, int64_t user, int number,
				const char *reading_id, int done);
	/* Only readings the participant has touched are listed; notes are
	 * "" when only done was set. */
	int (*reading_list)(struct store *st, int64_t user, int number,
			    store_reading_fn *fn, void *ctx);

	/* The number of the newest schema migration applied to the database
	 * (migrations are numbered from 1); for health checks and tests. */
	int (*schema_version)(struct store *st, int *version);
};

struct store {
	const struct store_backend *be;
	int64_t fixed_now;          /* tests: the clock, when non-zero */
};

/* The time a backend stamps a write with: the real clock, unless a test
 * set one with store_set_clock(). */
static inline int64_t store_now(const struct store *st)
{
	return st->fixed_now ? st->fixed_now : (int64_t)time(NULL);
}
/* Tests: stamp this connection's writes with `now` (0: the real clock),
 * so the 120 s rule of answer versions is tested without sleeping. */
static inline void store_set_clock(struct store *st, int64_t now)
{
	st->fixed_now = now;
}

extern const struct store_backend store_sqlite;

/* Open the backend the URL names.  Returns STORE_OK or STORE_ERR (with a
 * message in err). */
int store_open(const char *url, struct store **out, char *err,
	       size_t errlen);

static inline void store_close(struct store *st)
{
	if (st)
		st->be->close(st);
}
static inline const char *store_errmsg(struct store *st)
{
	return st->be->errmsg(st);
}
static inline int store_read_begin(struct store *st)
{
	return st->be->read_begin(st);
}
static inline int store_read_end(struct store *st)
{
	return st->be->read_end(st);
}
static inline int store_user_add(struct store *st, struct user *u)
{
	return st->be->user_add(st, u);
}
static inline int store_user_by_email(struct store *st, const char *email,
				      struct user *out)
{
	return st->be->user_by_email(st, email, out);
}
static inline int store_user_by_id(struct store *st, int64_t id,
				   struct user *out)
{
	return st->be->user_by_id(st, id, out);
}
static inline int store_user_list(struct store *st, store_user_fn *fn,
				  void *ctx)
{
	return st->be->user_list(st, fn, ctx);
}
static inline int store_login_add(struct store *st, const char *token_hash,
				  const struct login *l)
{
	return st->be->login_add(st, token_hash, l);
}
static inline int store_login_get(struct store *st, const char *token_hash,
				  struct login *out)
{
	return st->be->login_get(st, token_hash, out);
}
static inline int store_login_del(struct store *st, const char *token_hash)
{
	return st->be->login_del(st, token_hash);
}
static inline int store_course_put(struct store *st, const struct session *s,
				   const char *source, size_t len)
{
	return st->be->course_put(st, s, source, len);
}
static inline int store_course_list(struct store *st, store_course_fn *fn,
				    void *ctx)
{
	return st->be->course_list(st, fn, ctx);
}
static inline int store_course_source(struct store *st, int number,
				      char **src, size_t *len)
{
	return st->be->course_source(st, number, src, len);
}
static inline int store_prompt_list(struct store *st, int number,
				    store_prompt_fn *fn, void *ctx)
{
	return st->be->prompt_list(st, number, fn, ctx);
}
static inline int store_answer_put(struct store *st, int64_t user, int number,
				   const char *prompt_id, const char *value,
				   size_t len)
{
	return st->be->answer_put(st, user, number, prompt_id, value, len);
}
static inline int store_answer_list(struct store *st, int64_t user,
				    int number, store_answer_fn *fn,
				    void *ctx)
{
	return st->be->answer_list(st, user, number, fn, ctx);
}
static inline int store_version_list(struct store *st, int64_t user,
				     int number, const char *prompt_id,
				     store_version_fn *fn, void *ctx)
{
	return st->be->version_list(st, user, number, prompt_id, fn, ctx);
}
static inline int store_version_ends(struct store *st, int64_t user,
				     int number, store_version_ends_fn *fn,
				     void *ctx)
{
	return st->be->version_ends(st, user, number, fn, ctx);
}
static inline int store_reading_note_put(struct store *st, int64_t user,
					 int number, const char *reading_id,
					 const char *notes)
{
	return st->be->reading_note_put(st, user, number, reading_id, notes);
}
static inline int store_reading_done_put(struct store *st, int64_t user,
					 int number, const char *reading_id,
					 int done)
{
	return st->be->reading_done_put(st, user, number, reading_id, done);
}
static inline int store_reading_list(struct store *st, int64_t user,
				     int number, store_reading_fn *fn,
				     void *ctx)
{
	return st->be->reading_list(st, user, number, fn, ctx);
}
static inline int store_schema_version(struct store *st, int *version)
{
	return st->be->schema_version(st, version);
}

#endif
