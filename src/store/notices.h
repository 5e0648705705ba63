/*
 * notices.h: the store's notifications, mail outbox and server secrets
 * (notices.c, outbox.c; docs/mail.md).  Part of the public API: include
 * "store/store.h", which includes this.
 */
#ifndef STORE_NOTICES_H
#define STORE_NOTICES_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct comment;

/*
 * Notifications (notices.c, docs/mail.md): a notice is one event for one
 * person (a comment on their plan, a reply, a mention...), listed on
 * their notifications page whatever they chose for mail.  For mail each
 * person picks, per kind, NOTICE_OFF (none), NOTICE_EACH (one mail per
 * event) or NOTICE_DIGEST (the events of a day in one mail); a kind never
 * chosen is NOTICE_EACH.
 */
enum notice_kind {
	NOTICE_COMMENT = 1,         /* a comment on my plan */
	NOTICE_REPLY,               /* a reply to my comment */
	NOTICE_MENTION,             /* @me in a comment */
	NOTICE_PARTNER,             /* a partner request for me */
	NOTICE_MILESTONE,           /* a milestone or cheap test of mine is
				     * due in two days */
	NOTICE_INTRO,               /* an intro asked of me, or mine
				     * accepted (the people directory) */
	NOTICE_INVITE,              /* an invite to a cohort for me */
	NOTICE_MISSED,              /* one I back missed a check-in */
	NOTICE_REVIEW,              /* my cohort's final review is near */
	NOTICE_NUDGE,               /* a facilitator nudged me */
	NOTICE_KINDS                /* kinds are 1 .. NOTICE_KINDS - 1 */
};
enum notice_mode { NOTICE_OFF = 0, NOTICE_EACH = 1, NOTICE_DIGEST = 2 };
/* A notice's digest state: 0 none asked, 1 waiting for the digest, 2 in
 * a digest queued. */
enum { DIGEST_NONE = 0, DIGEST_WAITING = 1, DIGEST_DONE = 2 };
#define STORE_NOTICES_MAX 500       /* kept per person: past it the oldest
				     * not waiting for a digest go */
#define STORE_NOTICE_TEXT_MAX 1000
#define STORE_NOTICE_LINK_MAX 300   /* a path of this site */
#define STORE_MAIL_UNSENT_MAX 100   /* unsent mails per person: past it a
				     * notice's mail waits for the digest */
#define STORE_MAIL_GIVE_UP (3 * 86400)  /* retried this long, then failed */
#define STORE_MAIL_BY_MAX 63        /* a sender's name */
#define STORE_MAIL_ERR_MAX 255

struct notice {
	int64_t id, user_id, actor;
	int kind;
	int digest;                 /* DIGEST_* */
	int64_t created, read_at;   /* read_at 0: unread */
	char link[STORE_NOTICE_LINK_MAX + 1];
	char text[STORE_NOTICE_TEXT_MAX + 1];
};

/* One composed mail to queue (the outbox keeps the bytes as given). */
struct mail_new {
	const char *env_from, *env_to, *message_id;
	const char *subject, *text;         /* for the admin's page */
	const char *msg;
	size_t len;
};

/* A notice to add; `mail` is its mail when its person wants one at once
 * (mode NOTICE_EACH), NULL otherwise. */
struct notice_new {
	int64_t user_id;
	int kind;
	int64_t actor;              /* 0: none */
	const char *text, *link;
	int mode;                   /* the person's notice_mode for the kind */
	const struct mail_new *mail;
};

typedef int store_notice_fn(void *ctx, const struct notice *n);

/*
 * Add a comment as store_comment_add() does and, in the same
 * transaction, the people it mentions (`mentions`, n_mentions user ids)
 * and its notices: each notice goes in, and its mail into the outbox
 * when it has one, unless its person has STORE_MAIL_UNSENT_MAX unsent
 * mails already: then the notice waits for their digest instead (so
 * nothing is lost and a flood becomes one mail).  A notice in
 * NOTICE_DIGEST waits for the digest.  Each person keeps
 * STORE_NOTICES_MAX notices: the oldest others go.
 */
int store_comment_add_notify(struct store *st, struct comment *c,
			     const char *body, const int64_t *mentions,
			     size_t n_mentions, const struct notice_new *nv,
			     size_t n_notices);
/* Notices alone, in one transaction (a partner request...). */
int store_notices_add(struct store *st, const struct notice_new *nv,
		      size_t n);
/* A person's notices, newest first, at most `limit`. */
int store_notice_list(struct store *st, int64_t user, int limit,
		      store_notice_fn *fn, void *ctx);
/* Mark one notice (id) or all (id 0) of a person read. */
int store_notice_read(struct store *st, int64_t user, int64_t id);
/* A person's mode for each kind: modes[kind], NOTICE_EACH by default. */
int store_notice_prefs(struct store *st, int64_t user,
		       int modes[NOTICE_KINDS]);
/* Set a person's mode for one kind, or (kind 0) for every kind now in
 * `only_mode` (an unsubscribe from a digest turns off every digest
 * kind); STORE_NOTFOUND for no such user. */
int store_notice_pref_set(struct store *st, int64_t user, int kind,
			  int mode, int only_mode);
/* The people mentioned in comments on a plan: fn(ctx, comment id, user
 * id, name) per mention, by comment id. */
typedef int store_mention_fn(void *ctx, int64_t comment, int64_t user,
			     const char *name);
int store_mention_list(struct store *st, int64_t owner, int number,
		       const char *exercise_id, store_mention_fn *fn,
		       void *ctx);

/*
 * The digest: the people with notices waiting whose oldest waiting one
 * was made at or before `before` (at most `limit` of them) to fn(ctx,
 * user id); a person's waiting notices, oldest first; and the digest's
 * mail queued with those notices (ids up to `upto`) marked done, in one
 * transaction (m NULL: a digest that cannot be composed, its notices
 * marked done without a mail, so it is not tried every second).
 */
int store_digest_due(struct store *st, int64_t before, int limit,
		     int (*fn)(void *ctx, int64_t user), void *ctx);
int store_digest_list(struct store *st, int64_t user, int limit,
		      store_notice_fn *fn, void *ctx);
int store_digest_queue(struct store *st, int64_t user, int64_t upto,
		       const struct mail_new *m);

/*
 * The outbox (outbox.c).  A mail is MAIL_QUEUED until a sender claims
 * it: store_mail_claim() takes the next one due in one transaction,
 * MAIL_SENDING for `by` with a lease of `lease` seconds; a lease that
 * passes (its sender died) makes it due again.  store_mail_done() then
 * records what happened, if `by` still holds it: MAIL_SENT; or, to be
 * tried again, MAIL_QUEUED after min(retry_min << (attempts - 1),
 * retry_max) seconds, until STORE_MAIL_GIVE_UP after it was made; or
 * MAIL_FAILED (refused, or given up).
 */
enum mail_state { MAIL_QUEUED = 1, MAIL_SENDING, MAIL_SENT, MAIL_FAILED };
enum mail_result { MAIL_OK = 0, MAIL_TRY_AGAIN, MAIL_REFUSED };

struct mail_claim {
	int64_t id;
	int attempts;               /* this one included */
	char env_from[STORE_EMAIL_MAX + 1], env_to[STORE_EMAIL_MAX + 1];
	char message_id[128];
	char *msg;                  /* malloc'd; the caller frees it */
	size_t len;
};
struct mail_row {
	int64_t id, user_id;
	int kind, state, attempts;
	int64_t next_try, claimed_until, created, sent_at;
	char claimed_by[STORE_MAIL_BY_MAX + 1];
	char last_error[STORE_MAIL_ERR_MAX + 1];
	char env_to[STORE_EMAIL_MAX + 1];
	char subject[404];
};
typedef int store_mail_fn(void *ctx, const struct mail_row *m,
			  const char *text);

/* Queue one mail (not for a person: user 0). */
int store_mail_queue(struct store *st, int64_t user, int kind,
		     const struct mail_new *m);
/* STORE_NOTFOUND when nothing is due. */
int store_mail_claim(struct store *st, const char *by, int64_t lease,
		     struct mail_claim *out);
/* STORE_NOTFOUND when `by` no longer holds it. */
int store_mail_done(struct store *st, int64_t id, const char *by,
		    enum mail_result r, const char *error, int64_t retry_min,
		    int64_t retry_max);
/* When the next mail falls due (0: none waits), for a sender's sleep. */
int store_mail_next(struct store *st, int64_t *when);
/* The newest mails in `state` (0: any), at most `limit`, with their text;
 * counts[state] for each state. */
int store_mail_list(struct store *st, int state, int limit,
		    store_mail_fn *fn, void *ctx);
int store_mail_counts(struct store *st, int64_t counts[MAIL_FAILED + 1]);
/* One mail with its text and its message bytes (malloc'd, the caller
 * frees both). */
int store_mail_get(struct store *st, int64_t id, struct mail_row *out,
		   char **text, char **msg, size_t *len);
/* Forget mail sent before `before`. */
int store_mail_prune(struct store *st, int64_t before);

/* A secret of the server's by name (`len` bytes): `fresh` is kept when
 * there is none yet, so every server on one database reads the same. */
int store_secret(struct store *st, const char *name, const unsigned char *fresh,
		 size_t len, unsigned char *out);

#endif
