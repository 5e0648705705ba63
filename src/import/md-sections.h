/*
 * The sections without items, and the introductions of those with items
 * (md-sections.c).  Internal to the importer.
 */
#ifndef IMPORT_MD_SECTIONS_H
#define IMPORT_MD_SECTIONS_H

#include "import/md.h"

/* Does [n, stop) hold a list? */
int has_list(const struct node *n, const struct node *stop);

/* Append the blocks [n, stop) (thematic breaks left out) to the
 * introduction *field, a blank line after what it holds. */
void add_intro(struct builder *B, char **field, const struct node *n,
	       const struct node *stop);

/* The same with Markdown already written; md is released. */
void add_intro_buf(struct builder *B, char **field, struct buf *md);

/* Objectives from the Focus section's blocks [n, stop). */
void add_objectives(struct builder *B, const struct node *n,
		    const struct node *stop);

/* The Thoughts section's text and reflection box from [n, stop). */
void add_thoughts(struct builder *B, const struct node *n,
		  const struct node *stop);

/* A section the importer does not know, headed by `h`. */
void add_other(struct builder *B, const struct node *h, const struct node *n,
	       const struct node *stop);

#endif
