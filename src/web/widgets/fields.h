#ifndef FIELDS_H
#define FIELDS_H

#include "model/answer.h"

struct buf;
struct prompt;
struct session;

/*
 * Exercise fields (fields.c).  The part of a prompt's fieldset that is
 * the same for every participant (question, guidance, bounds, timer) is
 * ui_prompt_head(); fragments.c renders it once when the sessions load.
 * ui_field() writes the controls for one answer, as its kind does
 * (model/kinds/kind.h); fields that draw on other prompts (rows=NAME,
 * ref(NAME)) read their answers through `get`.
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

#endif
