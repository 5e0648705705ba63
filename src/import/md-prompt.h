/*
 * A prompt from a list item of an exercise (md-prompt.c).  Internal to
 * the importer.
 */
#ifndef IMPORT_MD_PROMPT_H
#define IMPORT_MD_PROMPT_H

#include "import/annot.h"
#include "import/answers.h"
#include "import/md.h"

struct buf;

/* Add list item `li` (its text, annotation and nested items) as prompt
 * of exercise `ex`, number `ex_no` (1-based), under `group` (or NULL). */
void add_prompt(struct builder *B, struct exercise *ex, size_t ex_no,
		const struct node *li, const char *group);

/*
 * Sort what is nested under list item `li` for prompt `pr`: options into
 * pr, the course's guidance into `hint`, a participant's answers into
 * `ans`.  `a` is the prompt's annotation (zeroed without one), `skip` the
 * HTML block holding it (or NULL).
 */
void prompt_nested(struct builder *B, struct prompt *pr,
		   const struct node *li, const struct annot *a,
		   const struct node *skip, struct buf *hint,
		   struct answer_src *ans);

/* Move the last prompt of ex, the last one read in the session, to
 * index `to` (prompts after it move down one). */
void move_prompt(struct builder *B, struct exercise *ex, size_t to);

/* Free what borrowing the course's annotations needed (md.h). */
void course_words_release(struct builder *B);

/* Once every prompt is read: ids for the prompts without a name, then
 * the checks of what annotations name across the session. */
void finish_prompts(struct builder *B);

#endif
