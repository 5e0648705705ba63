/*
 * libFuzzer harness: a posted exercise form read back into answers, for a
 * prompt of each field kind.  Whatever is posted, the answer is in normal
 * form: normalising it again changes nothing.
 */
#include "core/buf.h"
#include "core/form.h"
#include "model/answer.h"
#include "model/session.h"
#include "web/request.h"
#include "web/widgets/fields-post.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct column cols[] = {
	{ .label = (char *)"A" },
	{ .label = (char *)"B", .type = COL_DATE },
	{ .label = (char *)"C", .type = COL_MARK },
};
static char *opts[] = { (char *)"x", (char *)"y y" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prompt p = { .id = (char *)"e1-x", .options = opts,
			    .nr_options = 2 };
	struct buf raw, out, again;
	struct form f;

	if (size > HTTP_MAX_BODY)
		return 0;
	/* As the router does: a form of too many fields is refused. */
	if (form_parse(&f, (const char *)data, size)) {
		form_release(&f);
		return 0;
	}
	for (int k = PROMPT_TEXT; k <= PROMPT_SPRINT; k++) {
		p.kind = (enum prompt_kind)k;
		p.columns = k >= PROMPT_TABLE && k != PROMPT_SPRINT ? cols : NULL;
		p.nr_columns = p.columns ? 3 : 0;
		buf_init(&raw, HTTP_MAX_BODY);
		buf_init(&out, (size_t)64 << 10);
		buf_init(&again, (size_t)64 << 10);
		if (!ui_field_posted(&p, &f, &raw, &out)) {
			if (answer_normalize(p.kind, out.data, out.len, &again) ||
			    again.len != out.len ||
			    memcmp(again.data, out.data, out.len))
				abort();
		}
		buf_release(&raw);
		buf_release(&out);
		buf_release(&again);
	}
	form_release(&f);
	return 0;
}
