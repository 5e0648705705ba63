/*
 * fields-post.c: a posted exercise form back into answers.  The field
 * names are described at the top of fields.c; each kind reads its own
 * (the `posted` slot of its row in model/kinds/kind.h), in a walk per
 * name (form_next), and the answer goes through answer_normalize()
 * before anyone stores it (kind_read_form()).  A post is walked once per
 * name of each prompt it names (at most the exercise's prompts:
 * exercise.c), so a 1 MB post costs some 50 ms, not more.  Lists and rows
 * are capped at ANSWER_MAX_ITEMS (answer.h).
 */
#include "model/kinds/kind.h"
#include "web/http.h"
#include "web/ui.h"

int ui_field_posted(const struct prompt *p, const char *body, size_t len,
		    struct buf *raw, struct buf *out)
{
	return kind_read_form(p, body, len, HTTP_MAX_BODY, raw, out);
}
