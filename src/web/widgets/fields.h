#ifndef FIELDS_H
#define FIELDS_H

#include "model/answer.h"

#include <stddef.h>

struct buf;
struct column;
struct prompt;
struct session;

/*
 * Exercise fields (fields.c).  The part of a prompt's fieldset that is
 * the same for every participant (question, guidance, bounds, timer) is
 * ui_prompt_head(); fragments.c renders it once when the sessions load.
 * ui_field() writes the controls for one answer; fields that draw on
 * other prompts (rows=NAME, ref(NAME)) read their answers through `get`.
 */
void ui_prompt_head(struct buf *b, const struct prompt *p);

struct field_ctx {
	const struct session *s;
	answer_get_fn *get;      /* another prompt's stored answer */
	void *ctx;
	int today;               /* day number, for the sprint's defaults */
};
void ui_field(struct buf *b, const struct field_ctx *fc,
	      const struct prompt *p, const char *value);
/* One line of a list, checklist or ranked answer, read-only: a picked
 * option as the course wrote it (links kept), else the text escaped. */
void ui_answer_item(struct buf *b, const struct prompt *p, struct span line);
/* The columns of a row kind: the model's, the sprint's fixed three, or
 * one text column. */
const struct column *ui_columns(const struct prompt *p, size_t *n);

#endif
