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
 *   STORE_FULL      a cap is reached: the write would grow a list past
 *                   its limit (the caps below); store_full() says which
 *   STORE_DISKFULL  a write found the disk (or the database's size limit)
 *                   full; nothing of it was kept
 *   STORE_READONLY  a write found the database read-only (its file or file
 *                   system); nothing of it was kept
 *   STORE_IOERR     the disk reported an I/O error
 *   STORE_ERR       anything else; store_errmsg() says what
 * After any of the last four, store_errmsg() says what went wrong; the three
 * named ones are the server's trouble, not the person's, and pages say so.
 * A write that returns STORE_OK is durable: it survives kill -9.  A write
 * naming a user, session, prompt or reading that does not exist (login_add,
 * answers_put, reading_*_put) is refused with STORE_NOTFOUND.
 *
 * List operations call their callback once per row; the strings passed are
 * valid only during the call, and the callback must not call back into the
 * same struct store.
 */
enum { STORE_OK = 0, STORE_ERR = -1, STORE_NOTFOUND = -2, STORE_EXISTS = -3,
       STORE_FULL = -4, STORE_DISKFULL = -5, STORE_READONLY = -6,
       STORE_IOERR = -7 };

/*
 * Caps on every list a person can grow (docs/cohorts.md, "Caps").  They
 * are the store's rules: store.c passes each to the backend, which counts
 * inside the write's own transaction, so two writers cannot both take the
 * last place.  A write past one is STORE_FULL, with store_full() naming
 * the cap; nothing of it is written.
 */
enum store_cap {
	CAP_NONE = 0,
	CAP_PLAN_COMMENTS,          /* comments on one plan */
	CAP_THREAD_REPLIES,         /* replies under one top comment */
	CAP_CHECKINS,               /* one person's check-ins, one session */
	CAP_COHORTS,                /* cohorts one person has made */
	CAP_INVITES,                /* invite links of one cohort */
	CAP_MEMBERS,                /* members of one cohort */
};
#define STORE_COMMENTS_MAX 500      /* deleted ones count: they keep a place */
#define STORE_REPLIES_MAX 200
#define STORE_CHECKINS_MAX 1000
#define STORE_COHORTS_MAX 100
#define STORE_INVITES_MAX 50        /* revoked and expired ones are
				     * forgotten first to make room */
#define STORE_MEMBERS_MAX 500
#define STORE_VERSIONS_MAX 200      /* of one answer: past it a save
				     * replaces the newest version */
/* A `max` for the backend's operations that counts nothing: only to
 * write data as it was before the caps (tests, benchmarks). */
#define STORE_NO_CAP (-1)

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
	int64_t expires;            /* unix seconds: the absolute end */
	int64_t last_seen;          /* its last use, recorded coarsely (see
				     * store_login_find); login_add stamps
				     * it with store_now() */
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

/* One answer to save: `len` bytes of value for a prompt. */
struct answer_put {
	const char *prompt_id;
	const char *value;
	size_t len;
};

/*
 * One version of an answer.  answers_put keeps them: a save starts a new
 * version when the newest one was first saved more than
 * STORE_VERSION_GAP seconds earlier, else it replaces the newest one's
 * text and last_saved; a save equal to the newest version adds nothing,
 * and an empty save adds no first version (nothing typed yet).  Versions
 * are numbered from 1 (the first draft) without gaps, so the newest
 * one's number is the count.  An answer keeps at most STORE_VERSIONS_MAX
 * versions: past that, a save replaces the newest one's text as if it
 * came within the gap (the first draft and the newest text are kept).
 * `value` is `len` bytes, valid only during the callback.
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

/* ---- cohorts (docs/cohorts.md) ---- */

enum cohort_role { ROLE_NONE = 0, ROLE_PARTICIPANT = 1, ROLE_FACILITATOR = 2 };
enum share_mode { SHARE_PRIVATE = 0, SHARE_COHORT = 1 };
enum checkin_status { CHECKIN_DONE = 1, CHECKIN_ON_TRACK = 2,
		      CHECKIN_BEHIND = 3 };

#define STORE_ID_MAX 96      /* exercise and prompt ids */
#define STORE_TEXT_MAX 8192  /* a comment, a check-in note, a private note */
#define STORE_INVITE_TTL (7 * 24 * 3600)  /* an invite's default life */

struct cohort {
	int64_t id;
	char name[STORE_NAME_MAX + 1];
	int number;                 /* the session it works through */
	int64_t created_by;
	int64_t created;
	int role;                   /* cohort_list_for: the user's role */
};

struct member {
	int64_t cohort_id;
	struct user user;           /* pwhash left empty */
	int role;
	int64_t joined;
};

/* An invite link, found by the hash of its token.  The token itself is
 * kept too, so that the cohort's facilitators can copy the link again
 * while it works; it is forgotten when the invite is revoked. */
#define STORE_LINK_MAX 64           /* a link token: 32 bytes as hex */
struct invite {
	char token_hash[65];
	char token[STORE_LINK_MAX + 1];  /* "" when not kept (revoked, or
					  * made before migration 5) */
	int64_t cohort_id;
	int role;                   /* given on joining */
	int64_t created_by, created, expires;
	int revoked;
};

/* How one plan (a participant's answers to one exercise) is shared.  A
 * plan with no row is private with no link. */
struct share {
	int64_t user;
	int number;
	char exercise_id[STORE_ID_MAX + 1];
	int mode;                   /* share_mode */
	char link_hash[65];         /* "" when there is no read-only link */
	char link_token[STORE_LINK_MAX + 1];  /* the link's token, for its
					       * owner to copy again; "" when
					       * none is kept */
};

struct comment {
	int64_t id, parent;         /* parent 0: starts a thread */
	int64_t owner;              /* whose plan */
	int number;
	char exercise_id[STORE_ID_MAX + 1];
	char prompt_id[STORE_ID_MAX + 1];  /* the section it is on */
	int64_t author;
	char author_name[STORE_NAME_MAX + 1];  /* comment_list fills it */
	int64_t created, edited;    /* edited 0: never */
	int deleted;                /* deleted: body is "" */
};

/*
 * "I'll be your accountability partner": supporter backs supported, by
 * consent (docs/cohorts.md).  The supporter asks (PARTNER_PENDING); the
 * one supported accepts (PARTNER_ACCEPTED) or declines (PARTNER_DECLINED).
 * Only an accepted partnership shows anything (authz.c).  No row is
 * PARTNER_NONE.
 */
enum partner_state { PARTNER_NONE = 0, PARTNER_PENDING = 1,
		     PARTNER_ACCEPTED = 2, PARTNER_DECLINED = 3 };

struct partner {
	int64_t cohort_id;
	int64_t supporter, supported;
	int state;                  /* partner_state */
	int64_t created;            /* when last asked */
	int64_t changed;            /* when the state last changed */
};

struct checkin {
	int64_t id, user;
	int number;
	char prompt_id[STORE_ID_MAX + 1];   /* the milestones prompt */
	char milestone[STORE_TEXT_MAX + 1]; /* the row's first cell */
	int status;                 /* checkin_status */
	int64_t at;
};

/* The final review of a cohort: presenters in order, who is on. */
struct review {
	int64_t cohort_id;
	char order[1024];           /* user ids, comma-separated */
	int current;                /* index into order; -1 before start */
	int64_t started;            /* when the current presenter began */
};

typedef int store_cohort_fn(void *ctx, const struct cohort *c);
typedef int store_member_fn(void *ctx, const struct member *m);
typedef int store_invite_fn(void *ctx, const struct invite *i);
typedef int store_share_fn(void *ctx, const struct share *s);
typedef int store_comment_fn(void *ctx, const struct comment *c,
			     const char *body);
typedef int store_partner_fn(void *ctx, const struct partner *p);
typedef int store_checkin_fn(void *ctx, const struct checkin *c,
			     const char *note);

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

	/* Logins: token_hash is the hex hash of the cookie token.  login_add
	 * also forgets every login past its absolute expiry.  login_get
	 * returns the row whatever its times: store_login_find() applies
	 * the lifetimes. */
	int (*login_add)(struct store *st, const char *token_hash,
			 const struct login *l);
	int (*login_get)(struct store *st, const char *token_hash,
			 struct login *out);
	int (*login_del)(struct store *st, const char *token_hash);
	/* Record that the login was used at `when`; STORE_NOTFOUND when
	 * there is no such login. */
	int (*login_seen)(struct store *st, const char *token_hash,
			  int64_t when);
	/* Forget every login of `user` but the one keep_hash names (NULL:
	 * every one): "log out everywhere". */
	int (*logins_end)(struct store *st, int64_t user,
			  const char *keep_hash);
	/* Set `user`'s password hash and forget every login of theirs but
	 * keep_hash's (NULL: every one), in one transaction.
	 * STORE_NOTFOUND when there is no such user. */
	int (*password_put)(struct store *st, int64_t user,
			    const char *pwhash, const char *keep_hash);

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

	/* A participant's answers and reading notes.  answers_put saves n
	 * answers to session `number` in one transaction, all or none, with
	 * their history; then, when fn is not NULL and still inside it,
	 * calls fn for every answer of the session as it left them, as
	 * answer_list would (fn must not call the store). */
	int (*answers_put)(struct store *st, int64_t user, int number,
			   const struct answer_put *v, size_t n,
			   store_answer_fn *fn, void *ctx);
	int (*answer_list)(struct store *st, int64_t user, int number,
			   store_answer_fn *fn, void *ctx);
	/* The versions of one answer, oldest first (answers_put keeps them,
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

	/* Cohorts (docs/cohorts.md).  A write naming a user, cohort,
	 * session or comment that does not exist is STORE_NOTFOUND; texts
	 * longer than STORE_TEXT_MAX bytes are STORE_ERR.  A write that
	 * would pass its `max` (store.c gives the caps) is STORE_FULL, with
	 * st->full set to the cap (enum store_cap).  cohort_add sets c->id
	 * and c->created; c->number must be a stored session, and the
	 * creator (c->created_by, when not 0) becomes its first facilitator
	 * in the same transaction; a creator with `max` cohorts is full. */
	int (*cohort_add)(struct store *st, struct cohort *c, int max);
	int (*cohort_get)(struct store *st, int64_t id, struct cohort *out);
	/* The cohorts `user` is in, with c->role; all of them when user 0. */
	int (*cohort_list)(struct store *st, int64_t user, store_cohort_fn *fn,
			   void *ctx);
	/* Join, or change role; a member keeps the higher of two roles.  A
	 * newcomer to a cohort of `max` members is refused (STORE_FULL). */
	int (*member_put)(struct store *st, int64_t cohort, int64_t user,
			  int role, int max);
	/* The user's role in the cohort; STORE_NOTFOUND when not in it. */
	int (*member_role)(struct store *st, int64_t cohort, int64_t user,
			   int *role);
	int (*member_del)(struct store *st, int64_t cohort, int64_t user);
	/* Members in order of joining. */
	int (*member_list)(struct store *st, int64_t cohort,
			   store_member_fn *fn, void *ctx);
	/* How `viewer` relates to `owner` through the cohorts working on
	 * session `number` (0: any session) that both are in: the highest
	 * role the viewer has in one where the owner is a participant, and
	 * at most ROLE_PARTICIPANT where the owner is a facilitator
	 * (ROLE_NONE when they share none).  One query for "may a peer or
	 * facilitator see this plan"; authz.c is its caller. */
	int (*cohort_relation)(struct store *st, int64_t viewer, int64_t owner,
			       int number, int *role);

	/* Invites, by the hash of their token.  invite_add stamps created
	 * with the store's clock and, when i->expires is 0, expires
	 * STORE_INVITE_TTL later.  invite_get returns revoked and expired
	 * invites too (the page tells them apart); invite_revoke refuses an
	 * invite of another cohort (STORE_NOTFOUND).  When the cohort has
	 * `max` invites, invite_add first forgets its revoked and expired
	 * ones, and is STORE_FULL if that frees no place. */
	int (*invite_add)(struct store *st, const struct invite *i, int max);
	int (*invite_get)(struct store *st, const char *token_hash,
			  struct invite *out);
	int (*invite_revoke)(struct store *st, int64_t cohort,
			     const char *token_hash);
	int (*invite_list)(struct store *st, int64_t cohort,
			   store_invite_fn *fn, void *ctx);

	/* Sharing of plans.  share_get of a plan never shared gives
	 * STORE_NOTFOUND (private, no link). */
	int (*share_put)(struct store *st, const struct share *s);
	int (*share_get)(struct store *st, int64_t user, int number,
			 const char *exercise_id, struct share *out);
	int (*share_by_link)(struct store *st, const char *link_hash,
			     struct share *out);
	int (*share_list)(struct store *st, int64_t user, int number,
			  store_share_fn *fn, void *ctx);

	/* Comments on a plan, oldest (lowest id) first; comment_add sets
	 * c->id and c->created.  Edit and delete only by their author (else
	 * STORE_NOTFOUND); a deleted comment keeps its place in the thread.
	 * comment_add is STORE_FULL when the plan has `plan_max` comments
	 * (CAP_PLAN_COMMENTS) or, for a reply, the thread it joins (its top
	 * comment and every reply under it) has `thread_max` replies
	 * (CAP_THREAD_REPLIES). */
	int (*comment_add)(struct store *st, struct comment *c,
			   const char *body, int plan_max, int thread_max);
	int (*comment_edit)(struct store *st, int64_t id, int64_t author,
			    const char *body);
	int (*comment_delete)(struct store *st, int64_t id, int64_t author);
	/* One comment (author_name filled); its body, malloc'd, into *body
	 * unless body is NULL. */
	int (*comment_get)(struct store *st, int64_t id, struct comment *out,
			   char **body);
	int (*comment_list)(struct store *st, int64_t owner, int number,
			    const char *exercise_id, store_comment_fn *fn,
			    void *ctx);
	/* Comments by others on the owner's plan newer than what the owner
	 * has seen (exercise_id NULL: every plan of the session; deleted
	 * ones do not count); comment_seen marks everything up to now as
	 * seen. */
	int (*comment_unread)(struct store *st, int64_t owner, int number,
			      const char *exercise_id, int *count);
	int (*comment_seen)(struct store *st, int64_t owner, int number,
			    const char *exercise_id);

	/* Accountability partners: rows only.  Who may move a partnership
	 * from which state to which, and the caps, are store.c's
	 * (store_partner_act); pages never write these directly.
	 * partner_put writes p's state, created and changed only when the
	 * row's state is now `from`: PARTNER_NONE inserts (a row already
	 * there is STORE_EXISTS), another state updates (a row not in it
	 * is STORE_NOTFOUND).  partner_del deletes the row only when it is
	 * in state `from` (else STORE_NOTFOUND).  Both must be members of
	 * the cohort (else STORE_NOTFOUND); a member leaving ends their
	 * partnerships there.  partner_list lists both directions for a
	 * user, every state, oldest request first. */
	int (*partner_get)(struct store *st, int64_t cohort, int64_t supporter,
			   int64_t supported, struct partner *out);
	int (*partner_put)(struct store *st, const struct partner *p,
			   int from);
	int (*partner_del)(struct store *st, int64_t cohort, int64_t supporter,
			   int64_t supported, int from);
	int (*partner_list)(struct store *st, int64_t user,
			    store_partner_fn *fn, void *ctx);

	/* Check-ins on milestones, oldest first; checkin_add sets id, at,
	 * and is STORE_FULL when the person has `max` on the session. */
	int (*checkin_add)(struct store *st, struct checkin *c,
			   const char *note, int max);
	int (*checkin_list)(struct store *st, int64_t user, int number,
			    store_checkin_fn *fn, void *ctx);

	/* The final review, and a facilitator's private note on a presenter
	 * (review_get of a cohort never reviewed: STORE_NOTFOUND). */
	int (*review_put)(struct store *st, const struct review *r);
	int (*review_get)(struct store *st, int64_t cohort, struct review *out);
	int (*note_put)(struct store *st, int64_t cohort, int64_t facilitator,
			int64_t presenter, const char *text);
	/* The note, malloc'd, into *text ("" when none). */
	int (*note_get)(struct store *st, int64_t cohort, int64_t facilitator,
			int64_t presenter, char **text);

	/* A number that grows after every write committed to the database
	 * this connection reads: what a page read stays current while it is
	 * unchanged, so a costly page may keep it.  Read it before the
	 * snapshot the page reads in begins.  A backend that cannot tell
	 * returns a new number on every call (nothing is kept).  SQLite:
	 * a counter of this process's commits (one server per file). */
	uint64_t (*generation)(struct store *st);

	/* The number of the newest schema migration applied to the database
	 * (migrations are numbered from 1); for health checks and tests. */
	int (*schema_version)(struct store *st, int *version);
};

struct store {
	const struct store_backend *be;
	int64_t fixed_now;          /* tests: the clock, when non-zero */
	int full;                   /* after STORE_FULL: the cap (store_cap) */
};

/* Which cap refused the last write that returned STORE_FULL. */
static inline enum store_cap store_full(const struct store *st)
{
	return (enum store_cap)st->full;
}

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


/*
 * Accountability partners by consent (store.c holds the rules).  One
 * partnership is (cohort, supporter, supported); `by` is who acts, and
 * must be the side the action belongs to:
 *
 *   PARTNER_REQUEST   supporter: none -> pending, or declined -> pending
 *                     once PARTNER_RETRY_AFTER has passed since
 *   PARTNER_WITHDRAW  supporter: pending -> none
 *   PARTNER_ACCEPT    supported: pending -> accepted
 *   PARTNER_DECLINE   supported: pending -> declined
 *   PARTNER_END       either: accepted -> none when the supporter ends
 *                     it, -> declined when the one supported does (so
 *                     the same wait applies before asking again)
 *
 * A request needs the supporter to be a member of the cohort and the
 * one supported a participant; nobody backs themself.  A person has at
 * most PARTNER_PENDING_MAX requests of their own waiting, and at most
 * PARTNER_INCOMING_MAX waiting for their answer.  (The counts are read
 * before the write: two requests at the same instant may each pass the
 * last free place, which still bounds the count by the writers.)
 *
 * Returns STORE_OK when done, STORE_ERR when the store failed, and when
 * refused STORE_NOTFOUND (PARTNER_WHY_GONE, _NOT_MEMBER, _NOT_YOURS,
 * _SELF: nothing to act on) or STORE_EXISTS (any other reason); *why
 * (unless NULL) says which, PARTNER_WHY_OK on success or failure.
 */
enum partner_action { PARTNER_REQUEST, PARTNER_WITHDRAW, PARTNER_ACCEPT,
		      PARTNER_DECLINE, PARTNER_END };
enum partner_why {
	PARTNER_WHY_OK = 0,
	PARTNER_WHY_NOT_MEMBER,     /* not both in the cohort as above */
	PARTNER_WHY_SELF,           /* backing oneself */
	PARTNER_WHY_NOT_YOURS,      /* `by` is not the side that may */
	PARTNER_WHY_GONE,           /* not in the state the action needs:
				     * answered, withdrawn or ended */
	PARTNER_WHY_WAITING,        /* asked already, not yet answered */
	PARTNER_WHY_ALREADY,        /* partners already */
	PARTNER_WHY_TOO_SOON,       /* declined under PARTNER_RETRY_AFTER ago */
	PARTNER_WHY_MINE_FULL,      /* PARTNER_PENDING_MAX of one's own wait */
	PARTNER_WHY_THEIRS_FULL,    /* PARTNER_INCOMING_MAX wait for them */
};
#define PARTNER_PENDING_MAX 5
#define PARTNER_INCOMING_MAX 10
#define PARTNER_RETRY_AFTER (7 * 24 * 3600)

int store_partner_act(struct store *st, int64_t cohort, int64_t supporter,
		      int64_t supported, int64_t by, enum partner_action a,
		      enum partner_why *why);
/* When the supporter of a declined partnership may ask again (unix
 * seconds); 0 for any other state. */
int64_t store_partner_retry_at(const struct partner *p);

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
static inline int store_login_seen(struct store *st, const char *token_hash,
				   int64_t when)
{
	return st->be->login_seen(st, token_hash, when);
}
static inline int store_logins_end(struct store *st, int64_t user,
				   const char *keep_hash)
{
	return st->be->logins_end(st, user, keep_hash);
}
static inline int store_password_put(struct store *st, int64_t user,
				     const char *pwhash, const char *keep_hash)
{
	return st->be->password_put(st, user, pwhash, keep_hash);
}

/*
 * The login of token_hash if it is alive at store_now(st): before its
 * absolute expiry, and used within the last `idle` seconds (0: no idle
 * limit).  A login's use is recorded only once per store_seen_grain(idle)
 * seconds, so that a page view almost never writes; it therefore ends
 * between `idle` and `idle` + grain seconds after its last use.
 * *seen_due is set when the recorded use is a grain old or more: the
 * caller then records this one with store_login_seen(), outside any read
 * snapshot.  STORE_NOTFOUND for a login that is gone or has ended.
 */
#define STORE_SEEN_GRAIN 3600
int64_t store_seen_grain(int64_t idle);
int store_login_find(struct store *st, const char *token_hash, int64_t idle,
		     struct login *out, int *seen_due);
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
static inline int store_answers_put(struct store *st, int64_t user,
				    int number, const struct answer_put *v,
				    size_t n, store_answer_fn *fn, void *ctx)
{
	return st->be->answers_put(st, user, number, v, n, fn, ctx);
}
/* One answer, with nothing read back. */
static inline int store_answer_put(struct store *st, int64_t user, int number,
				   const char *prompt_id, const char *value,
				   size_t len)
{
	const struct answer_put one = { prompt_id, value, len };

	return st->be->answers_put(st, user, number, &one, 1, NULL, NULL);
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
/* The writes that grow a list, with their caps (store.c). */
int store_cohort_add(struct store *st, struct cohort *c);
static inline int store_cohort_get(struct store *st, int64_t id,
				   struct cohort *out)
{
	return st->be->cohort_get(st, id, out);
}
static inline int store_cohort_list(struct store *st, int64_t user,
				    store_cohort_fn *fn, void *ctx)
{
	return st->be->cohort_list(st, user, fn, ctx);
}
int store_member_put(struct store *st, int64_t cohort, int64_t user,
		     int role);
static inline int store_member_role(struct store *st, int64_t cohort,
				    int64_t user, int *role)
{
	return st->be->member_role(st, cohort, user, role);
}
static inline int store_member_del(struct store *st, int64_t cohort,
				   int64_t user)
{
	return st->be->member_del(st, cohort, user);
}
static inline int store_member_list(struct store *st, int64_t cohort,
				    store_member_fn *fn, void *ctx)
{
	return st->be->member_list(st, cohort, fn, ctx);
}
static inline int store_cohort_relation(struct store *st, int64_t viewer,
					int64_t owner, int number, int *role)
{
	return st->be->cohort_relation(st, viewer, owner, number, role);
}
int store_invite_add(struct store *st, const struct invite *i);
static inline int store_invite_get(struct store *st, const char *token_hash,
				   struct invite *out)
{
	return st->be->invite_get(st, token_hash, out);
}
static inline int store_invite_revoke(struct store *st, int64_t cohort,
				      const char *token_hash)
{
	return st->be->invite_revoke(st, cohort, token_hash);
}
static inline int store_invite_list(struct store *st, int64_t cohort,
				    store_invite_fn *fn, void *ctx)
{
	return st->be->invite_list(st, cohort, fn, ctx);
}
static inline int store_share_put(struct store *st, const struct share *s)
{
	return st->be->share_put(st, s);
}
static inline int store_share_get(struct store *st, int64_t user, int number,
				  const char *exercise_id, struct share *out)
{
	return st->be->share_get(st, user, number, exercise_id, out);
}
static inline int store_share_by_link(struct store *st, const char *link_hash,
				      struct share *out)
{
	return st->be->share_by_link(st, link_hash, out);
}
static inline int store_share_list(struct store *st, int64_t user, int number,
				   store_share_fn *fn, void *ctx)
{
	return st->be->share_list(st, user, number, fn, ctx);
}
int store_comment_add(struct store *st, struct comment *c, const char *body);
static inline int store_comment_edit(struct store *st, int64_t id,
				     int64_t author, const char *body)
{
	return st->be->comment_edit(st, id, author, body);
}
static inline int store_comment_delete(struct store *st, int64_t id,
				       int64_t author)
{
	return st->be->comment_delete(st, id, author);
}
static inline int store_comment_get(struct store *st, int64_t id,
				    struct comment *out, char **body)
{
	return st->be->comment_get(st, id, out, body);
}
static inline int store_comment_list(struct store *st, int64_t owner,
				     int number, const char *exercise_id,
				     store_comment_fn *fn, void *ctx)
{
	return st->be->comment_list(st, owner, number, exercise_id, fn, ctx);
}
static inline int store_comment_unread(struct store *st, int64_t owner,
				       int number, const char *exercise_id,
				       int *count)
{
	return st->be->comment_unread(st, owner, number, exercise_id, count);
}
static inline int store_comment_seen(struct store *st, int64_t owner,
				     int number, const char *exercise_id)
{
	return st->be->comment_seen(st, owner, number, exercise_id);
}
static inline int store_partner_get(struct store *st, int64_t cohort,
				    int64_t supporter, int64_t supported,
				    struct partner *out)
{
	return st->be->partner_get(st, cohort, supporter, supported, out);
}
static inline int store_partner_list(struct store *st, int64_t user,
				     store_partner_fn *fn, void *ctx)
{
	return st->be->partner_list(st, user, fn, ctx);
}
int store_checkin_add(struct store *st, struct checkin *c, const char *note);
static inline int store_checkin_list(struct store *st, int64_t user, int number,
				     store_checkin_fn *fn, void *ctx)
{
	return st->be->checkin_list(st, user, number, fn, ctx);
}
static inline int store_review_put(struct store *st, const struct review *r)
{
	return st->be->review_put(st, r);
}
static inline int store_review_get(struct store *st, int64_t cohort,
				   struct review *out)
{
	return st->be->review_get(st, cohort, out);
}
static inline int store_note_put(struct store *st, int64_t cohort,
				 int64_t facilitator, int64_t presenter,
				 const char *text)
{
	return st->be->note_put(st, cohort, facilitator, presenter, text);
}
static inline int store_note_get(struct store *st, int64_t cohort,
				 int64_t facilitator, int64_t presenter,
				 char **text)
{
	return st->be->note_get(st, cohort, facilitator, presenter, text);
}
static inline uint64_t store_generation(struct store *st)
{
	return st->be->generation(st);
}
static inline int store_schema_version(struct store *st, int *version)
{
	return st->be->schema_version(st, version);
}

#endif
