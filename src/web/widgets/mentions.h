#ifndef MENTIONS_H
#define MENTIONS_H

#include "core/buf.h"
#include "model/mention.h"
#include "store/store.h"

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

#endif
