#ifndef MENTION_H
#define MENTION_H

#include <stddef.h>
#include <stdint.h>

/*
 * @mentions in a comment (mention.c, docs/mail.md): "@" and the name of
 * one of the people who may be mentioned, as they are called on the site
 * ("@Ann Lee"), found in plain text.  The same parser resolves a posted
 * comment (who gets a notice) and marks the names when a comment is
 * shown (who was mentioned), so both agree.
 *
 * An "@" starts a mention at the start of the text or after a byte that
 * is not a letter, a digit, '_', '.' or '@' (so "ann@example.org" is no
 * mention).  The name that follows is compared without regard to ASCII
 * case, must end where a word ends (not before a letter, digit or '_'),
 * and the longest name that matches wins: "@Ann Lee" is Ann Lee even
 * when there is an Ann too.  Two people of that same longest name make
 * the mention MENTION_AMBIGUOUS; an "@" before a letter that names nobody
 * is MENTION_UNKNOWN, with the word after it.
 */
struct mention_who {
	int64_t id;
	const char *name;
};

enum mention_kind { MENTION_FOUND, MENTION_AMBIGUOUS, MENTION_UNKNOWN };

struct mention {
	size_t at, len;             /* the "@" and the name: bytes of text */
	enum mention_kind kind;
	int64_t user;               /* MENTION_FOUND: who */
};

/* At most this many mentions are read from one text. */
#define MENTION_MAX 50

/*
 * The mentions in `len` bytes of text, in order, into out (at most `max`);
 * returns how many.  Linear in the text times the people: each "@" is
 * compared with each name once.
 */
size_t mention_find(const char *text, size_t len, const struct mention_who *who,
		    size_t n, struct mention *out, size_t max);

#endif
