#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

struct session;

/*
 * Storage: the only interface to persistent state.  Nothing outside
 * src/store speaks SQL or sees a backend.
 *
 * These functions are the store's API and own its rules (store.c and the
 * store/<topic>.c files beside it: users.c, courses.c, answers.c,
 * cohorts.c, comments.c, plans.c, partners.c): times come from
 * store_now(), and caps, lifetimes, roles, answer versions and input
 * checks are decided here, the same for every backend.  A backend
 * (store/backend.h, the private interface; sqlite.c) provides rows and
 * transactions only.  `store_open()` picks one from the database URL
 * ("sqlite:PATH", a bare path, "postgres://...").  A `struct store` is
 * one connection, for one thread at a time: a server opens several.
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
 * Every write is one transaction, all or nothing.  A write that returns
 * STORE_OK is durable: it survives kill -9.  A write naming a user,
 * session, prompt or reading that does not exist (login_add, answers_put,
 * reading_*_put) is refused with STORE_NOTFOUND.
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
 * are the store's rules: the write that grows a list counts it inside its
 * own transaction, so two writers cannot both take the last place.  A
 * write past one is STORE_FULL, with store_full() naming the cap; nothing
 * of it is written.
 */
enum store_cap {
	CAP_NONE = 0,
	CAP_PLAN_COMMENTS,          /* comments on one plan */
	CAP_THREAD_REPLIES,         /* replies under one top comment */
	CAP_CHECKINS,               /* one person's check-ins, one session */
	CAP_COHORTS,                /* cohorts one person has made */
	CAP_INVITES,                /* invite links of one cohort */
	CAP_MEMBERS,                /* members of one cohort */
	CAP_INTROS,                 /* one's intro requests waiting */
	CAP_TEAMS,                  /* teams one person proposes */
	CAP_TEAM_SIZE,              /* members and requests of a team */
	CAP_FILTERS,                /* one's saved board filters */
	CAP_CTESTS,                 /* one person's cheap tests, one session */
	CAP_CDATES,                 /* dates of one cohort */
	CAP_NUDGES,                 /* nudges of one member, per day */
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
	int unread;                 /* login_get: the user's unread notices */
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
/* The same rows of a cohort's members, each with its user. */
typedef int store_member_answer_fn(void *ctx, int64_t user,
				   const char *prompt_id, const char *value,
				   size_t len);
typedef int store_member_reading_fn(void *ctx, int64_t user,
				    const char *reading_id, int done);

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
	int role;                   /* the user's (store_cohort_list, _as) */
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

/* ---- connections ---- */

/* Open the backend the URL names.  Returns STORE_OK or STORE_ERR (with a
 * message in err). */
int store_open(const char *url, struct store **out, char *err,
	       size_t errlen);
/* Close a connection (NULL: nothing). */
void store_close(struct store *st);
/* What the last failure was ("no error" when none was recorded). */
const char *store_errmsg(struct store *st);
/* The backend's name ("sqlite"). */
const char *store_backend_name(const struct store *st);
/* Which cap refused the last write that returned STORE_FULL (CAP_NONE
 * after any other write). */
enum store_cap store_full(const struct store *st);

/* The time the store stamps a write with and applies lifetimes at: the
 * real clock (core/clock.h), unless a test set one. */
int64_t store_now(const struct store *st);

/*
 * A read snapshot: the reads between store_read_begin and store_read_end
 * see one consistent state, and a page's queries pay for locking once.
 * No writes inside; store_read_end follows every store_read_begin that
 * returned STORE_OK.  `once`: the page reads in one round trip, which
 * PostgreSQL may share with other threads' (a second sees a newer state).
 */
int store_read_begin(struct store *st, int once);
int store_read_end(struct store *st);
/*
 * Between store_together() and _end(), the cohort reads (store_*_cohort(),
 * _brief(), store_member_list(), store_nudge_list()) may return STORE_OK
 * at once and hand their rows to their callbacks later, in the order
 * called (PostgreSQL: several in one round trip).  Their ctx must live
 * until store_together_end(), which runs what waits and returns the
 * first failure of all.  Any other call runs what waits first; no nesting.
 */
void store_together(struct store *st);
int store_together_end(struct store *st);
/*
 * A server thread's store between two requests: the backend may finish
 * then what the last request left (PostgreSQL: the COMMIT of its
 * snapshot goes with the next request's first statement, or from a
 * thread of the store's own when none comes soon; docs/storage.md).  The
 * next call on the store takes it back.
 */
void store_idle(struct store *st);

/*
 * A number that grows after every write committed to the database this
 * connection reads: what a page read stays current while it is unchanged,
 * so a costly page may keep it.  Read it before the snapshot the page
 * reads in begins.  A backend that cannot tell returns a new number on
 * every call (nothing is kept).  SQLite: a counter of this process's
 * commits (one server per file).
 */
uint64_t store_generation(struct store *st);
/*
 * The same, asked for before the snapshot begins and read with its first
 * statement (PostgreSQL: in that round trip, ahead of the snapshot's
 * BEGIN, so no round trip of its own): store_generation_ask() before
 * store_read_begin(), then store_generation_asked() inside the snapshot
 * gives it.  Without an ask since the last store_read_end(), a number
 * that store_generation() never gives (nothing kept matches it).
 */
void store_generation_ask(struct store *st);
/* Write transactions this process has begun, on any store: a hint (not
 * moved by another process's writes) that what was read may be stale. */
uint64_t store_writes_begun(void);
uint64_t store_generation_asked(struct store *st);

/* The number of the newest schema migration applied to the database
 * (migrations are numbered from 1); for health checks and tests. */
int store_schema_version(struct store *st, int *version);

/* ---- knobs for tests and benchmarks ---- */

/* Stamp this connection's writes with `now` (0: the real clock), so the
 * 120 s rule of answer versions is tested without sleeping. */
void store_set_clock(struct store *st, int64_t now);
/* Write as the store did before the caps (nothing counted), to stand for
 * data written back then (on: 1; off: 0). */
void store_set_uncapped(struct store *st, int on);
/* Run every write transaction twice, the first time rolled back, as a
 * backend does that retries after a conflict (PostgreSQL's serialization
 * failures): the contract suite runs so to show every rule can run
 * again (on: 1; off: 0). */
void store_set_rerun(struct store *st, int on);
/* Make every write fail with `code` (a STORE_* code; 0: no longer) and
 * the message "injected failure", writing nothing, as a full disk or a
 * read-only file would. */
void store_set_fault(struct store *st, int code);
/* How many of the backend's statements this connection has run, not
 * counting transactions' begin and end: what a page costs. */
uint64_t store_statements(const struct store *st);

/* ---- users and logins ---- */

/* Add a user: sets u->id and u->created.  The email is unique without
 * regard to ASCII case: STORE_EXISTS when taken. */
int store_user_add(struct store *st, struct user *u);
int store_user_by_email(struct store *st, const char *email,
			struct user *out);
int store_user_by_id(struct store *st, int64_t id, struct user *out);
/* Every user, oldest first. */
int store_user_list(struct store *st, store_user_fn *fn, void *ctx);

/* Logins: token_hash is the hex hash of the cookie token.  login_add
 * stamps last_seen with store_now() and forgets, in the same
 * transaction, every login past its absolute expiry; a token hash in use
 * is STORE_EXISTS, an unknown user STORE_NOTFOUND.  login_get returns
 * the row whatever its times (store_login_find() applies the
 * lifetimes). */
int store_login_add(struct store *st, const char *token_hash,
		    const struct login *l);
int store_login_get(struct store *st, const char *token_hash,
		    struct login *out);
/* Forget a login (log out); STORE_NOTFOUND when there was none. */
int store_login_del(struct store *st, const char *token_hash);
/* Record that the login was used at `when`; STORE_NOTFOUND when there is
 * no such login. */
int store_login_seen(struct store *st, const char *token_hash,
		     int64_t when);
/* Forget every login of `user` but the one keep_hash names (NULL: every
 * one): "log out everywhere". */
int store_logins_end(struct store *st, int64_t user, const char *keep_hash);
/* Set `user`'s password hash and forget every login of theirs but
 * keep_hash's (NULL: every one), in one transaction.  STORE_NOTFOUND when
 * there is no such user. */
int store_password_put(struct store *st, int64_t user, const char *pwhash,
		       const char *keep_hash);

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
/*
 * Where reads cost a round trip (PostgreSQL) store_login_find() may
 * guess: in a snapshot, the login as this connection saw it last, read
 * again with the page's first statement; outside one (a POST), as this
 * process saw it, checked first by the first write, which fails if it
 * changed.  Before the reply goes, _confirm() (in the snapshot) or
 * _settle() (else; reads it if nothing wrote): 1 if it held (or nothing
 * was guessed); 0: make the reply again (the login is now read).
 * _changed(): a write failed so, and its reply will be made again.
 */
int store_login_confirm(struct store *st);
int store_login_settle(struct store *st);
int store_login_changed(struct store *st);

/* ---- course sessions ---- */

/* Store the source and the model in one transaction: prompts and
 * readings in the model are inserted or updated; stored ones the model
 * lacks are archived (kept, with their answers), never deleted.  The
 * session must have a number (> 0). */
int store_course_put(struct store *st, const struct session *s,
		     const char *source, size_t len);
int store_course_list(struct store *st, store_course_fn *fn, void *ctx);
/* The stored source of session `number`, malloc'd and NUL-terminated
 * (not counted in *len), into *src. */
int store_course_source(struct store *st, int number, char **src,
			size_t *len);
/* Every prompt ever stored for the session: current ones in order, then
 * archived ones. */
int store_prompt_list(struct store *st, int number, store_prompt_fn *fn,
		      void *ctx);

/* ---- answers and reading notes ---- */

/* Save n answers to session `number` in one transaction, all or none,
 * with their history (struct answer_version); each value is kept as its
 * `len` bytes exactly.  Then, when fn is not NULL, call fn for every
 * answer of the session as the transaction left them, as answer_list
 * would (fn must not call the store; it is called once the transaction
 * has committed, so never for a save that failed). */
int store_answers_put(struct store *st, int64_t user, int number,
		      const struct answer_put *v, size_t n,
		      store_answer_fn *fn, void *ctx);
/* One answer, with nothing read back. */
int store_answer_put(struct store *st, int64_t user, int number,
		     const char *prompt_id, const char *value, size_t len);
/* A participant's answers in a session, by prompt id. */
int store_answer_list(struct store *st, int64_t user, int number,
		      store_answer_fn *fn, void *ctx);
/* The versions of one answer, oldest first.  None is STORE_OK with no
 * call. */
int store_version_list(struct store *st, int64_t user, int number,
		       const char *prompt_id, store_version_fn *fn,
		       void *ctx);
/* For every prompt of the session with versions (archived ones too), in
 * prompt id order: its first and newest version. */
int store_version_ends(struct store *st, int64_t user, int number,
		       store_version_ends_fn *fn, void *ctx);
/* A reading's private note, with its history as an answer's (struct
 * answer_version, the same rule). */
int store_reading_note_put(struct store *st, int64_t user, int number,
			   const char *reading_id, const char *notes);
/* The versions of one reading's note, oldest first (as version_list). */
int store_note_version_list(struct store *st, int64_t user, int number,
			    const char *reading_id, store_version_fn *fn,
			    void *ctx);
/* One reading note to save (store_import_put). */
struct note_put {
	const char *reading_id;
	const char *notes;
};
/*
 * A participant's own notes brought in (`import --answers`, the session
 * page's "Bring your notes"): n answers and m reading notes saved in ONE
 * transaction, all or none.  Unlike answers_put, a value that differs
 * from its newest version always starts a version of its own, even
 * within STORE_VERSION_GAP of the last save, so what the import replaces
 * stays in the history (past STORE_VERSIONS_MAX the newest is replaced,
 * as always).  An unknown prompt or reading is STORE_NOTFOUND and saves
 * nothing.
 */
int store_import_put(struct store *st, int64_t user, int number,
		     const struct answer_put *a, size_t n,
		     const struct note_put *notes, size_t m);
int store_reading_done_put(struct store *st, int64_t user, int number,
			   const char *reading_id, int done);
/* Only readings the participant has touched are listed, by reading id;
 * notes are "" when only done was set. */
int store_reading_list(struct store *st, int64_t user, int number,
		       store_reading_fn *fn, void *ctx);
/* The answers and the reading marks of every member of a cohort (any
 * role) in its session, one statement each, in no set order (a sort
 * costs more than finding each row's member): what a facilitator's
 * dashboard and CSV read, so a full cohort costs what one person does. */
int store_answer_cohort(struct store *st, int64_t cohort, int number,
			store_member_answer_fn *fn, void *ctx);
/* The same rows with the text only of the n prompts in whole[]; every
 * other answer's value is "" when it is blank (spaces, tabs, line ends)
 * and "." when not, so what only counts answers leaves the text in the
 * database. */
int store_answer_cohort_brief(struct store *st, int64_t cohort, int number,
			      const char *const *whole, size_t n,
			      store_member_answer_fn *fn, void *ctx);
int store_reading_cohort(struct store *st, int64_t cohort, int number,
			 store_member_reading_fn *fn, void *ctx);

/* ---- cohorts (docs/cohorts.md) ----
 *
 * A write naming a user, cohort, session or comment that does not exist
 * is STORE_NOTFOUND; texts longer than STORE_TEXT_MAX bytes are
 * STORE_ERR, never cut.  The writes that grow a list are STORE_FULL at
 * their cap.
 */

/* Add a cohort for stored session c->number: sets c->id and c->created;
 * the creator (c->created_by, when not 0) becomes its first facilitator
 * in the same transaction.  A creator with STORE_COHORTS_MAX cohorts is
 * full. */
int store_cohort_add(struct store *st, struct cohort *c);
int store_cohort_get(struct store *st, int64_t id, struct cohort *out);
/* The same, with user's role in it in out->role (ROLE_NONE when not a
 * member): one statement for a page's cohort and its viewer's access. */
int store_cohort_as(struct store *st, int64_t id, int64_t user,
		    struct cohort *out);
/* In a read snapshot, store_cohort_as()'s read sent with the reads
 * store_together() keeps (dashboard.c): its row answers the next
 * store_cohort_as() of that cohort and user in the snapshot, with no
 * statement of its own; without a row, it reads as usual. */
int store_cohort_as_ask(struct store *st, int64_t id, int64_t user);
/* The cohorts `user` is in, with c->role; all of them (role 0) when
 * user is 0; oldest first. */
int store_cohort_list(struct store *st, int64_t user, store_cohort_fn *fn,
		      void *ctx);
/* Join, or change role; a member keeps the higher of two roles.  A
 * newcomer to a cohort of STORE_MEMBERS_MAX members is refused. */
int store_member_put(struct store *st, int64_t cohort, int64_t user,
		     int role);
/* The user's role in the cohort; STORE_NOTFOUND when not in it. */
int store_member_role(struct store *st, int64_t cohort, int64_t user,
		      int *role);
/* Leave a cohort; the member's partnerships there end too. */
int store_member_del(struct store *st, int64_t cohort, int64_t user);
/* Members in order of joining (pwhash left empty). */
int store_member_list(struct store *st, int64_t cohort, store_member_fn *fn,
		      void *ctx);
/* How `viewer` relates to `owner` through the cohorts working on session
 * `number` (0: any session) that both are in: the highest role the
 * viewer has in one where the owner is a participant, and at most
 * ROLE_PARTICIPANT where the owner is a facilitator (ROLE_NONE when they
 * share none).  One query for "may a peer or facilitator see this plan";
 * authz.c is its caller. */
int store_cohort_relation(struct store *st, int64_t viewer, int64_t owner,
			  int number, int *role);

/* Invites, by the hash of their token.  invite_add stamps created with
 * store_now() and, when i->expires is 0, expires STORE_INVITE_TTL later;
 * a hash in use is STORE_EXISTS.  When the cohort has STORE_INVITES_MAX
 * invites it first forgets its revoked and expired ones, and is
 * STORE_FULL if that frees no place.  invite_get returns revoked and
 * expired invites too (the page tells them apart); invite_revoke forgets
 * the token and refuses an invite of another cohort (STORE_NOTFOUND);
 * revoking twice is STORE_OK. */
int store_invite_add(struct store *st, const struct invite *i);
int store_invite_get(struct store *st, const char *token_hash,
		     struct invite *out);
int store_invite_revoke(struct store *st, int64_t cohort,
			const char *token_hash);
/* A cohort's invites, oldest first. */
int store_invite_list(struct store *st, int64_t cohort, store_invite_fn *fn,
		      void *ctx);

/* Sharing of plans.  share_put sets the mode and the link ("" for none;
 * a token is kept only with its link); a link hash of another plan is
 * STORE_EXISTS.  share_get of a plan never shared gives STORE_NOTFOUND
 * (private, no link); share_by_link of "" finds nothing. */
int store_share_put(struct store *st, const struct share *s);
int store_share_get(struct store *st, int64_t user, int number,
		    const char *exercise_id, struct share *out);
int store_share_by_link(struct store *st, const char *link_hash,
			struct share *out);
int store_share_list(struct store *st, int64_t user, int number,
		     store_share_fn *fn, void *ctx);
/* Every member's shares of a cohort's session, in no set order. */
int store_share_cohort(struct store *st, int64_t cohort, int number,
		       store_share_fn *fn, void *ctx);

/* Comments on a plan, oldest (lowest id) first.  comment_add sets c->id
 * and c->created; a reply (c->parent) must be on the parent's plan, else
 * STORE_NOTFOUND.  It is STORE_FULL when the plan has STORE_COMMENTS_MAX
 * comments (CAP_PLAN_COMMENTS) or, for a reply, the thread it joins (its
 * top comment and every reply under it) has STORE_REPLIES_MAX replies
 * (CAP_THREAD_REPLIES).  Edit and delete only by their author and not
 * once deleted (else STORE_NOTFOUND); a deleted comment keeps its place
 * in the thread with an empty body. */
int store_comment_add(struct store *st, struct comment *c, const char *body);
int store_comment_edit(struct store *st, int64_t id, int64_t author,
		       const char *body);
int store_comment_delete(struct store *st, int64_t id, int64_t author);
/* One comment (author_name filled); its body, malloc'd, into *body
 * unless body is NULL. */
int store_comment_get(struct store *st, int64_t id, struct comment *out,
		      char **body);
int store_comment_list(struct store *st, int64_t owner, int number,
		       const char *exercise_id, store_comment_fn *fn,
		       void *ctx);
/* Comments by others on the owner's plan newer than what the owner has
 * seen (exercise_id NULL: every plan of the session; deleted ones do not
 * count); comment_seen marks everything up to now as seen. */
int store_comment_unread(struct store *st, int64_t owner, int number,
			 const char *exercise_id, int *count);
int store_comment_seen(struct store *st, int64_t owner, int number,
		       const char *exercise_id);

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
/* The same, with notices added in its transaction when it is done (a
 * request tells the one asked); notice_new is below. */
struct notice_new;
int store_partner_act_notify(struct store *st, int64_t cohort,
			     int64_t supporter, int64_t supported, int64_t by,
			     enum partner_action a, enum partner_why *why,
			     const struct notice_new *nv, size_t n);
/* When the supporter of a declined partnership may ask again (unix
 * seconds); 0 for any other state. */
int64_t store_partner_retry_at(const struct partner *p);

/* One partnership, and every partnership of `user` in both directions,
 * every state, oldest request first.  Pages never write these but
 * through store_partner_act(). */
int store_partner_get(struct store *st, int64_t cohort, int64_t supporter,
		      int64_t supported, struct partner *out);
int store_partner_list(struct store *st, int64_t user, store_partner_fn *fn,
		       void *ctx);

/* Check-ins on milestones, oldest first.  checkin_add sets c->id and
 * c->at, and is STORE_FULL when the person has STORE_CHECKINS_MAX on the
 * session. */
int store_checkin_add(struct store *st, struct checkin *c, const char *note);
int store_checkin_list(struct store *st, int64_t user, int number,
		       store_checkin_fn *fn, void *ctx);
/* Every member's check-ins of a cohort's session: by user, each one's
 * oldest first. */
int store_checkin_cohort(struct store *st, int64_t cohort, int number,
			 store_checkin_fn *fn, void *ctx);

/* The final review, and a facilitator's private note on a presenter
 * (review_get of a cohort never reviewed: STORE_NOTFOUND). */
int store_review_put(struct store *st, const struct review *r);
int store_review_get(struct store *st, int64_t cohort, struct review *out);
int store_note_put(struct store *st, int64_t cohort, int64_t facilitator,
		   int64_t presenter, const char *text);
/* The note, malloc'd, into *text ("" when none). */
int store_note_get(struct store *st, int64_t cohort, int64_t facilitator,
		   int64_t presenter, char **text);

/* ---- what several servers on one database share (site.c) ---- */

/* The version of the stored sessions: every store_course_put bumps it,
 * so a server that loaded version v reads the sessions again when it
 * finds a newer one (one row by its key: cheap to ask). */
int store_catalog_version(struct store *st, int64_t *version);

/* The key of the device cookies (auth.c), the same for every server of
 * the database: the stored one, or `fresh` (64 hex digits, made by the
 * caller) stored now when there is none yet.  out gets 64 hex digits. */
#define STORE_KEY_HEX 64
int store_device_key(struct store *st, const char *fresh,
		     char out[STORE_KEY_HEX + 1]);

/*
 * Counters for a throttle (auth.c's login throttle and sign-up limit),
 * shared by every server of the database.  A counter is found by its
 * key, a digest the caller makes (hex, up to STORE_KEY_HEX digits).
 */
struct store_counter {
	char key[STORE_KEY_HEX + 1];
	int64_t start;          /* in: nothing; out: as stored (0: none) */
	int64_t last;
	int64_t count;
	int changed;            /* the rule sets it: write this one back */
};
/* A throttle's rule: look at the n counters as stored, change those to
 * charge (setting `changed`); 0 writes the changed ones, anything else
 * writes nothing.  It may run more than once (a retried transaction), on
 * fresh copies: what it decides goes into its ctx each time anew. */
typedef int store_counter_rule(void *ctx, struct store_counter *c, size_t n);
/* In one transaction: forget every counter last charged at or before
 * `forget_upto`, read the n counters, run the rule, write back what it
 * changed.  So a check and its charge are one step for every server. */
int store_counters(struct store *st, struct store_counter *c, size_t n,
		   int64_t forget_upto, store_counter_rule *rule, void *ctx);

/* ---- bulk work: loading and moving a database (copy.c) ---- */

/*
 * Run fn(st, ctx) as one write transaction in which every write of the
 * API joins it instead of committing on its own: a bulk load (the fill
 * of bench/scale.sh) pays one commit for many writes.  All or nothing,
 * but only as a whole: a write that fails inside leaves what it had done
 * until the batch is rolled back, so fn returns the first failure it
 * gets (the batch then rolls back).  The rules, caps and times apply as
 * ever.  Not for the server's requests.
 */
typedef int store_batch_fn(struct store *st, void *ctx);
int store_batch(struct store *st, store_batch_fn *fn, void *ctx);

/*
 * Copy every row of every table of `from` into `to` (another database,
 * any backend, with the same schema version): `alignplan migrate`.  It
 * reads `from` in one snapshot and writes `to` in one transaction, which
 * commits only if the rows counted in `to` equal those of `from`, table
 * by table.  `to` must be empty (a new database: only the site's own row):
 * else STORE_EXISTS, naming the table, and nothing is written.  fn (may
 * be NULL) gets each table's counts once committed.
 */
typedef void store_copy_fn(void *ctx, const char *table, int64_t from,
			   int64_t to);
int store_copy(struct store *from, struct store *to, store_copy_fn *fn,
	       void *ctx);
/* ---- the accountability loop (issue 12; docs/calendar.md) ---- */

/* A comment thread is resolved or open.  Only a top comment (parent 0)
 * names a thread: thread_resolve of a reply, or of a comment that does
 * not exist, is STORE_NOTFOUND.  `resolved` 1 resolves (by `by`, now),
 * 0 reopens.  Who may is authz.c's (the plan's owner or the thread's
 * author). */
int store_thread_resolve(struct store *st, int64_t top, int64_t by,
			 int resolved);
/* The resolved threads of a plan, by top comment id. */
typedef int store_resolved_fn(void *ctx, int64_t top, int64_t by,
			      int64_t at);
int store_thread_resolved(struct store *st, int64_t owner, int number,
			  const char *exercise_id, store_resolved_fn *fn,
			  void *ctx);
/* Open threads on a plan (exercise_id NULL: every plan of the session):
 * top comments not resolved, and not deleted with no live reply. */
int store_thread_open(struct store *st, int64_t owner, int number,
		      const char *exercise_id, int *count);
/* The open threads of every member's plans of a cohort, per plan that
 * has any: (owner, exercise, count), by owner then exercise. */
typedef int store_open_fn(void *ctx, int64_t owner, const char *exercise_id,
			  int count);
int store_thread_open_cohort(struct store *st, int64_t cohort, int number,
			     store_open_fn *fn, void *ctx);

/* A person's time zone, an IANA name the caller has checked (core/tz.h);
 * tz_get gives "" when none was set. */
#define STORE_TZ_MAX 64
int store_tz_put(struct store *st, int64_t user, const char *zone);
int store_tz_get(struct store *st, int64_t user,
		 char out[STORE_TZ_MAX + 1]);

/* A private calendar feed, found by the hash of its token like a login.
 * feed_make revokes the person's live feed and adds the new one, in one
 * transaction; past STORE_FEEDS_MAX rows of theirs it first forgets the
 * revoked ones.  feed_revoke revokes the live one (STORE_NOTFOUND when
 * there is none).  A revoked feed keeps its hash (revoked > 0) so that
 * its address can say it is gone. */
#define STORE_FEEDS_MAX 20
struct feed {
	int64_t user;
	char token_hash[65];
	char token[STORE_TOKEN_MAX + 1];  /* "" once revoked */
	int64_t created, revoked;         /* revoked 0: live */
};
int store_feed_make(struct store *st, int64_t user, const char *token_hash,
		    const char *token);
int store_feed_revoke(struct store *st, int64_t user);
int store_feed_get(struct store *st, const char *token_hash,
		   struct feed *out);
/* The person's live feed; STORE_NOTFOUND when none. */
int store_feed_of(struct store *st, int64_t user, struct feed *out);

/* Cheap tests of one's fit for a role (or of an idea): what is tested,
 * the uncertainty it tests, how, the status, a note (its result), a
 * date, hours planned and spent, and confidence in fit before and after
 * (0-100 %).  ctest_add sets t->id and is STORE_FULL (CAP_CTESTS) at
 * STORE_CTESTS_MAX of the person's on the session; ctest_set and
 * ctest_del touch only the person's own (else STORE_NOTFOUND).  The
 * idea is at most STORE_IDEA_MAX bytes, the uncertainty, the test and
 * the note STORE_TEXT_MAX, all valid UTF-8; the date "" or YYYY-MM-DD;
 * hours in tenths of an hour up to STORE_CTEST_TENTHS_MAX, confidence
 * 0-100, each -1 when not said.  ctest_add, and ctest_set when the
 * status, hours spent, confidence after or note changed, log the update
 * (t->via: where it was made), keeping each test's newest
 * STORE_CTEST_LOG_MAX. */
enum ctest_status { CTEST_PLANNED = 1, CTEST_SUPPORTED = 2,
		    CTEST_REFUTED = 3, CTEST_INCONCLUSIVE = 4 };
enum ctest_via { CTEST_VIA_TRACKER = 1, CTEST_VIA_CHECKIN = 2 };
#define STORE_CTESTS_MAX 100
#define STORE_IDEA_MAX 200
#define STORE_CTEST_TENTHS_MAX 10000    /* 1,000 hours */
#define STORE_CTEST_LOG_MAX 20
struct ctest {
	int64_t id, user;
	int number;
	char idea[STORE_IDEA_MAX + 1];
	int status;                 /* ctest_status */
	char date[11];              /* YYYY-MM-DD or "" */
	int64_t created, updated;
	int hours_planned, hours_spent;   /* tenths of an hour; -1 */
	int conf_before, conf_after;      /* 0-100 %; -1 not said */
	int via;                    /* add, set: ctest_via (0: the tracker) */
	const char *uncertainty;    /* NULL is ""; in a list, valid during
				     * the call */
};
typedef int store_ctest_fn(void *ctx, const struct ctest *t,
			   const char *test, const char *note);
int store_ctest_add(struct store *st, struct ctest *t, const char *test,
		    const char *note);
int store_ctest_set(struct store *st, const struct ctest *t,
		    const char *test, const char *note);
int store_ctest_del(struct store *st, int64_t id, int64_t user);
int store_ctest_list(struct store *st, int64_t user, int number,
		     store_ctest_fn *fn, void *ctx);
/* One logged update of a test: its values then; note "" when the note
 * did not change. */
struct ctest_log {
	int64_t id, test_id, at;
	int via, status, hours_spent, conf_after;
};
typedef int store_ctest_log_fn(void *ctx, const struct ctest_log *l,
			       const char *note);
/* The updates of the person's tests on the session, by test, oldest
 * first. */
int store_ctest_log_list(struct store *st, int64_t user, int number,
			 store_ctest_log_fn *fn, void *ctx);
/* Notifications, their mail and the outbox: a part of this API of its
 * own, to keep each header readable. */
#include "store/notices.h"
#include "store/people.h"
/* Cohort dates, reminders made once, nudges (schedule.c). */
#include "store/schedule.h"

#endif
