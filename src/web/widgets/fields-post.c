/*
 * fields-post.c: a posted exercise form back into answers.  The field
 * names are described at the top of fields.c; each kind reads its own
 * (the `posted` slot of its row in model/kinds/kind.h) from the form the
 * router parsed once (core/form.h: a walk per name of its table of
 * fields, never of the body), and the answer goes through
 * answer_normalize() before anyone stores it (kind_read_form()).  Lists
 * and rows are capped at ANSWER_MAX_ITEMS (answer.h).
 */
#include "web/widgets/fields-post.h"

#include "model/kinds/kind.h"
#include "web/request.h"

int ui_field_posted(const struct prompt *p, const struct form *f,
		    struct buf *raw, struct buf *out)
{
	return kind_read_form(p, f, HTTP_MAX_BODY, raw, out);
}
