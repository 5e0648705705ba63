/*
 * The session builder (md.c): the state of one session_parse(), shared by
 * the importer's parts (md-readings.c, md-exercise.c, md-prompt.c), and
 * the helpers they all use.  Internal to the importer.
 *
 * Every helper that allocates reports running out of memory by setting
 * B->p->nomem; the parse then fails with "out of memory" at the end.
 */
#ifndef IMPORT_MD_H
#define IMPORT_MD_H

#include "import/cues.h"
#include "import/md-tree.h"
#include "model/session.h"

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Far above any real session; it bounds the work a hostile file causes. */
#define MAX_ITEMS 1000  /* readings, exercises, prompts, objectives each */

struct builder {
	struct parser *p;
	struct session *s;
	struct idset readings, exercises, prompts;
	size_t nr_prompts;
	bool optional_readings;   /* in "Further readings" or the like */
	int *ann_lines;           /* by prompt number: annotation's line */
	size_t alloc_lines;
	/* Reading a participant's notes of this course session: prompts
	 * that read as one of its prompts and declare nothing take its
	 * annotation (md-prompt.c), so answers are read for its kind. */
	const struct session *course;
	char **course_words;      /* its prompts' words_norm(), by number */
};

/*
 * session_parse() for a participant's notes of session `course` (NULL:
 * the course itself): a prompt without an annotation of its own that
 * reads as one of the course's (the same words) takes the course's, and
 * what annotations name is not checked (the notes may hold part of the
 * session).  See notes.h.
 */
int session_parse_as(const struct session *course, const char *src,
		     size_t len, struct session *out,
		     struct import_error *err);

/* ---- model strings ---- */

/* Detach a buffer as a model string; empty gives NULL if `null_empty`. */
char *take(struct builder *B, struct buf *b, int null_empty);

/* A copy of s owned by the model. */
char *dup_str(struct builder *B, const char *s);

/* The events [e, stop) as plain text, white space squeezed. */
char *plain_of(struct builder *B, const struct inl *e, const struct inl *stop);

/* Grow a model array by one zeroed element; NULL on failure. */
void *grow(struct builder *B, void **arr, size_t *nr, size_t size);

/* prefix + the slug of `text` (at most max_words words; `fallback` when it
 * has none), made unique in `set` and added to it. */
char *make_id(struct builder *B, struct idset *set, const char *prefix,
	      const char *text, int max_words, const char *fallback);

/* ---- text ---- */

/* The paragraphs of a list item before its first nested list, joined by
 * spaces, as inline Markdown (md) or plain text. */
void item_text(struct buf *b, const struct node *li, int md);

/* Only spaces and tabs in s[0..n) (an event's text is not NUL-terminated). */
int is_blank(const char *s, size_t n);

/* Ends with the word "optional" (after brackets, stars, dots)? */
int ends_optional(const char *s);

/* Marked optional: "Optional ...", "(optional)", "[optional]", "... optional". */
int optional_marker(const char *s);

/* Has an ASCII letter or digit? */
int has_alnum(const char *s);

/* Trim spaces at the start, and spaces and ",;:-" at the end, in place. */
void trim_str(char *s);

/* An en or em dash (three bytes of UTF-8) at s? */
int is_dash3(const char *s);

/* Strip separators and en/em dashes from the end, and dashes and spaces
 * from the start. */
void trim_dashes(char *s);

/* Drop leading separators: spaces, ",:;|-", en and em dashes. */
void trim_lead(char *s);

#endif
