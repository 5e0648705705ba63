/*
 * A participant's own notes of a session (notes.c): a Markdown file in
 * the session dialect in which they wrote their answers as items nested
 * under each prompt and their notes under each reading, read against the
 * course's session.  What it holds is matched with the course's prompts
 * and readings; what cannot be matched is listed, never dropped
 * (docs/session-format.md, "Bringing your own notes").
 */
#ifndef IMPORT_NOTES_H
#define IMPORT_NOTES_H

#include "model/answer.h"
#include "model/session.h"

#include <stddef.h>

enum notes_what {
	NOTES_ANSWER,    /* an answer to a prompt */
	NOTES_NOTE,      /* a private note on a reading */
	NOTES_TEXT,      /* text in an exercise that answers no prompt */
};

/* How an item compares with what is stored (notes_compare()). */
enum notes_state {
	NOTES_NEW,       /* nothing stored yet */
	NOTES_SAME,      /* stored already, the same */
	NOTES_CHANGED,   /* stored, and different: replacing needs a yes */
};

struct notes_item {
	enum notes_what what;
	const char *id;       /* the course's prompt or reading id (points
			       * into the course); NULL when unmatched */
	const char *label;    /* the course's short name for it, or NULL */
	char *source;         /* what the notes call it: the prompt's or
			       * reading's text as written */
	char *value;          /* the answer, in answer normal form for the
			       * course prompt's kind; the note, Markdown;
			       * for NOTES_TEXT the text itself */
	int line;             /* where in the notes file */
	enum notes_state state;
};

struct notes {
	int number;                   /* the course session's number */
	struct notes_item *items;     /* matched, in the notes' order */
	size_t nr_items;
	struct notes_item *unmatched; /* what could not be matched */
	size_t nr_unmatched;
};

/*
 * Read `len` bytes of notes against session `course` (its ids as the
 * store has them).  Returns 0, or -1 with `err` saying why and `out`
 * empty: the file does not parse (the line is named), it is the notes
 * of another session (its title names another number), or nothing in
 * it matches the course while it holds answers or notes.
 */
int notes_read(const struct session *course, const char *src, size_t len,
	       struct notes *out, struct import_error *err);
void notes_release(struct notes *n);

/*
 * Set each item's state against what is stored: `answer` gives the
 * stored answer of a prompt id, `note` the stored note of a reading id
 * (NULL or "" when none).  Returns how many items changed.
 */
size_t notes_compare(struct notes *n, answer_get_fn *answer, void *actx,
		     answer_get_fn *note, void *nctx);

#endif
