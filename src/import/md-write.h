/*
 * Canonical Markdown and plain text out of the session tree (md-write.c).
 * Internal to the importer.
 */
#ifndef MD_WRITE_H
#define MD_WRITE_H

#include "import/md-tree.h"

#include <stddef.h>

struct buf;

/* ---- text ---- */

/*
 * Decode an entity ("&amp;", "&#8212;", "&#x2014;") into UTF-8 in `out`.
 * Returns the number of bytes written, or 0 for an entity it does not know.
 */
size_t md_entity_decode(const char *s, size_t n, char out[8]);

/* An ASCII letter or digit (locale-independent isalnum). */
int is_alnum(int c);

/* Collapse runs of white space in b into one space and trim both ends. */
void squeeze(struct buf *b);

/* Append the events [e, stop) as inline Markdown (md) or plain text. */
void render_inl(struct buf *b, const struct inl *e, const struct inl *stop,
		int md);

/* ---- blocks ---- */

/* A "[toc]" or "[[toc]]" paragraph, which renders to nothing. */
int is_toc(const struct node *n);

/* A bullet or ordered list (NULL is not). */
int is_list(const struct node *n);

/* Append the blocks [n, stop) as canonical Markdown. */
void md_blocks(struct buf *b, const struct node *n, const struct node *stop);

/* The same without thematic breaks ("------"), which are layout: for
 * notes, answers and introductions. */
void md_blocks_text(struct buf *b, const struct node *n,
		    const struct node *stop);

/* Append the blocks inside list item `li`, without its marker. */
void md_item_body(struct buf *b, const struct node *li);

/* Append list item `li` with `marker` ("- ", "3. ") and its task box. */
void md_item(struct buf *b, const struct node *li, const char *marker);

/*
 * Append the blocks [n, stop) as lines of plain text, one for each
 * paragraph, heading or list item (nested items after their item), the
 * lines of quotes, code and tables; a link keeps its address after its
 * text.  How a participant's note under a reading is kept: as text that
 * an export can write back escaped and read back the same.
 */
void md_lines(struct buf *b, const struct node *n, const struct node *stop);

#endif
