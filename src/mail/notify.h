#ifndef MAIL_NOTIFY_H
#define MAIL_NOTIFY_H

#include "core/buf.h"
#include "mail/message.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * The mail of notifications (notify.c, docs/mail.md): a notice's own
 * mail, the daily digest that bundles a person's waiting notices, and the
 * signed unsubscribe links every such mail carries, which work without
 * logging in and turn the kind off.
 */

/* What a server's mail says about itself (serve's options), set once
 * before serving. */
struct notify_cfg {
	const char *from_addr;      /* --mail-from */
	const char *from_name;
	const char *base_url;       /* --public-url: https://host[:port] */
	bool sending;               /* a sender runs here (--smtp) */
};
#define NOTIFY_FROM_DEFAULT "alignplan@localhost"
#define NOTIFY_BASE_DEFAULT "https://localhost"
void notify_configure(const struct notify_cfg *c);
const struct notify_cfg *notify_config(void);

/* A kind's name for people ("Comments on my plans"), and a short word
 * for forms and logs ("comment"); NULL for no such kind. */
const char *notify_kind_label(int kind);
const char *notify_kind_word(int kind);

/*
 * Unsubscribe tokens: "USER-KIND-MAC", the MAC (HMAC-SHA512-256, cut to
 * 16 bytes, hex) over the user and kind under a key kept in the database
 * (store_secret), so every server on one database checks every link.
 * Kind 0 is the digest: it turns off every kind sent as a digest.
 * notify_token_check: 0 and the user and kind, or -1 for a token that
 * is not one of ours (or the store failed: *store_err set).
 */
#define NOTIFY_TOKEN_MAX 80
int notify_token(struct store *st, int64_t user, int kind,
		 char out[NOTIFY_TOKEN_MAX]);
int notify_token_check(struct store *st, const char *token, int64_t *user,
		       int *kind, int *store_err);

/* One composed mail and the outbox's view of it (which points into it:
 * the subject and text are copies). */
struct notify_mail {
	struct buf msg, text;
	char msgid[MAIL_MSGID_SIZE];
	char subject[MAIL_SUBJECT_MAX + 1];
	char env_to[MAIL_ADDR_MAX + 1];
	struct mail_new m;
};

/*
 * Compose the mail of one notice (kind) to `to`: `subject`, `text` and a
 * link to `path` on this site, with the unsubscribe link of the kind.
 * 0 on success (release it after), -1 with err when it cannot be made
 * (nothing to release then).
 */
int notify_mail_make(struct notify_mail *nm, struct store *st,
		     const struct user *to, int kind, const char *subject,
		     const char *text, const char *path, char *err,
		     size_t errlen);
/* The same from someone by name ("Fay Facilitator via alignplan"): the
 * address stays the site's, the display name is theirs (from_name NULL:
 * the site's). */
int notify_mail_from(struct notify_mail *nm, struct store *st,
		     const char *from_name, const struct user *to, int kind,
		     const char *subject, const char *text, const char *path,
		     char *err, size_t errlen);
/* An invite's mail to an address with no account yet: no unsubscribe
 * link (there is no one to unsubscribe), a link to `path`. */
int notify_invite_mail(struct notify_mail *nm, struct store *st,
		       const char *from_name, const char *to_addr,
		       const char *subject, const char *text,
		       const char *path, char *err, size_t errlen);
void notify_mail_release(struct notify_mail *nm);

/* Queue the digest of every person whose oldest waiting notice was made
 * at or before `before`; returns how many were queued, -1 when the store
 * failed. */
int notify_digests(struct store *st, int64_t before);

#endif
