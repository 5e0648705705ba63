/*
 * Prompts written as paragraphs (md-para.c).  Internal to the importer.
 */
#ifndef IMPORT_MD_PARA_H
#define IMPORT_MD_PARA_H

#include "import/md.h"

/* What a paragraph of an exercise is. */
enum { PARA_TEXT, PARA_PROMPT, PARA_GROUP };

/* Does one of the list's items read like a prompt (a question, bold, an
 * instruction such as "List...")? */
int list_holds_prompts(const struct node *list);

/*
 * Is paragraph n (plain text `plain`) a prompt of its own, the name of
 * the group of prompts after it, or text?  `prompt_lists`: does some
 * list of the exercise hold prompts?
 */
int para_role(const struct node *n, const char *plain, int prompt_lists);

/* A prompt from paragraph p, with the list after it (if `answers`) as
 * what is nested under it. */
void add_para_prompt(struct builder *B, struct exercise *ex, size_t ex_no,
		     const struct node *p, int answers, const char *group);

/*
 * A pick-one lead-in p ("Pick one of the following...:", see
 * is_pick_one()) and the list after it: one prompt, the items its
 * options; a block after the list marking one of them (a quote, or
 * bold, underlined or quoted text) is the participant's answer.  Returns
 * the last block used.
 */
const struct node *add_pick_prompt(struct builder *B, struct exercise *ex,
				   size_t ex_no, const struct node *p,
				   const char *group);

/* A question in bold (three words or more, ending in '?') in paragraph
 * p: its opening event, with *end its closing one; NULL if none. */
const struct inl *bold_question(struct builder *B, const struct node *p,
				const struct inl **end);

/* Add the bold question of instructions paragraph p as a prompt of ex at
 * index `at`, unless the exercise has a prompt reading the same (as a
 * Markdown export writes it).  Returns 1 when it added one. */
int add_bold_question(struct builder *B, struct exercise *ex, size_t ex_no,
		      const struct node *p, size_t at);

#endif
