#ifndef FIELDS_POST_H
#define FIELDS_POST_H

#include "model/kinds/kind.h"

struct buf;
struct form;
struct prompt;

/*
 * A posted exercise form back into an answer (fields-post.c).  Read
 * prompt p's fields from the form (parsed once, core/form.h): `raw` gets
 * the answer as posted (lines, TAB between cells; shown again when it is
 * refused), `out` its normal form.  Returns 0, FIELD_TOO_LONG (over out's
 * or raw's cap), FIELD_MALFORMED (bad encoding or not UTF-8) or
 * FIELD_TOO_MANY (more than ANSWER_MAX_ITEMS items or rows; a post of
 * more than twice that many is read, and kept in raw, up to there).
 */
enum {
	FIELD_TOO_LONG = KIND_TOO_LONG,
	FIELD_MALFORMED = KIND_MALFORMED,
	FIELD_TOO_MANY = KIND_TOO_MANY,
};
int ui_field_posted(const struct prompt *p, const struct form *f,
		    struct buf *raw, struct buf *out);

#endif
