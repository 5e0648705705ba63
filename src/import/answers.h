/*
 * A participant's answers found in a session file (answers.c):
 * the items nested under a prompt, read back into answer normal form
 * (docs/plans.md, "Answers in Markdown").  Internal to the importer.
 */
#ifndef IMPORT_ANSWERS_H
#define IMPORT_ANSWERS_H

#include "import/md-tree.h"
#include "model/session.h"

#include <stddef.h>

/* What add_prompt() found to be answers, in document order: list items,
 * and (for text prompts) paragraphs under the prompt after its list. */
struct answer_src {
	const struct node **v;
	size_t n, alloc;
};

/* Returns 0, or -1 when out of memory. */
int answer_src_add(struct answer_src *a, const struct node *n);
void answer_src_release(struct answer_src *a);

/*
 * Set pr->answer from the collected items, for pr's kind (which must be
 * final) and columns: one item one line, or for the row kinds one item
 * one row whose sub-items "Label: value" fill the other cells.  Leaves
 * NULL when nothing is left after normalising.  Returns 0, or -1 when
 * out of memory.
 */
int answers_build(struct prompt *pr, const struct answer_src *a);

#endif
