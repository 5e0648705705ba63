/*
 * Words of prose, for matching one text with another (words.c): prompt
 * ids kept across re-imports (session-sync.c), a participant's notes
 * matched with the course (notes.c), a marked choice with its option.
 * A word is a run of ASCII letters and digits and any non-ASCII bytes,
 * lowercased: punctuation and Markdown only separate words.
 */
#ifndef IMPORT_WORDS_H
#define IMPORT_WORDS_H

#include <stddef.h>

struct buf;

/* A set of words: sorted, unique, lowercase. */
struct words {
	char **w;
	size_t n;
};

/* The set of words of s.  Returns 0, or -1 when out of memory (w is
 * then empty). */
int words_of(const char *s, struct words *w);
void words_release(struct words *w);

/* |a ∩ b| / |a ∪ b|: 1 for the same words, 0 for none in common (two
 * empty sets are alike). */
double jaccard(const struct words *a, const struct words *b);

/* Append the words of s in order, one space between them: two texts
 * that differ only in case, spacing or punctuation give the same. */
void words_norm(struct buf *b, const char *s);

/* A set of texts (pointers into strings that outlive it): the blocks of
 * the course's text, for telling a participant's own from it in linear
 * time. */
struct textset_slot {
	const char *s;
	size_t n;
};
struct textset {
	struct textset_slot *slot;
	size_t cap, n;
};

/* Add s[0..n) (kept by pointer); 0, or -1 when out of memory. */
int textset_add(struct textset *set, const char *s, size_t n);
/* Add each block of `text`, blocks being separated by a blank line
 * ("\n\n"), as canonical Markdown writes them. */
int textset_add_blocks(struct textset *set, const char *text);
int textset_has(const struct textset *set, const char *s, size_t n);
void textset_release(struct textset *set);

#endif
