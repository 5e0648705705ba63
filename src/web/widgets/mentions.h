#ifndef MENTIONS_H
#define MENTIONS_H

#include "core/buf.h"
#include "mail/notify.h"
#include "model/mention.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

struct page;
struct plan_ref;
struct comment;

/*
 * @mentions on a plan's comments (mentions.c, docs/mail.md).
 *
 * The people who may be mentioned on a plan are those who can read its
 * comments: its owner and the members of the owner's cohorts of its
 * session whom authz.c lets comment on it.  mention_people() lists them
 * (at most MENTION_PEOPLE_MAX), names copied.
 */
#define MENTION_PEOPLE_MAX 1000
struct mention_people {
	struct mention_who *who;
	char (*names)[STORE_NAME_MAX + 1];
	size_t n;
};
int mention_people(struct store *st, const struct plan_ref *pr,
		   struct mention_people *out);
void mention_people_release(struct mention_people *p);

/* `n` bytes of a comment's text, escaped, each mention of one of `who`
 * marked as <strong class="mention">; other "@" stay text. */
void mention_html(struct buf *b, const char *s, size_t n,
		  const struct mention_who *who, size_t nwho);

/*
 * Add comment c (body: its text) with its notices, in one transaction:
 * to the plan's owner, to the author of the comment it replies to
 * (parent, or NULL), and to each person it mentions, never to its
 * author and once per person (a mention before a reply before a
 * comment); mail by each person's choice.  Returns the store's code;
 * `said` gets, in plain text, what the mentions that named nobody or
 * more than one person were.
 */
int notify_comment(struct page *pg, const struct plan_ref *pr,
		   struct comment *c, const char *body,
		   const struct comment *parent, struct buf *said);

/*
 * One notice to one person (`to`) of what the visitor did: "NAME what",
 * with an excerpt of `body` (or NULL), leading to `link`; its mail
 * composed when they want one at once.  n->nv is ready for the store
 * (store_notices_add or a write that takes notices) until
 * notify_one_release().  Returns the store's code (their preferences).
 */
struct notify_one {
	struct notice_new nv;
	struct notify_mail mail;
	bool has_mail;
	char text[STORE_NOTICE_TEXT_MAX + 1];
	char link[STORE_NOTICE_LINK_MAX + 1];
};
int notify_one_make(struct page *pg, struct notify_one *n,
		    const struct user *to, int kind, const char *what,
		    const char *body, const char *link);
void notify_one_release(struct notify_one *n);

#endif
