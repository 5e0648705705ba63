/*
 * answer-view.c: one answer, read-only, the way its kind reads best (the
 * `view` slot of its row in model/kinds/kind.h), with the course's
 * Markdown as rendered once at load.  "Your plans", someone else's plan
 * and the final review show answers through it.
 */
#include "web/widgets/answer-view.h"

#include "model/kinds/kind.h"
#include "web/agendas.h"
#include "web/fragments.h"

void plan_answer_view(struct buf *b, const struct prompt *p, const char *v,
		      int today)
{
	const struct kind_ctx c = { .today = today,
				    .markdown = fragment_markdown,
				    .agendas = agendas_current() };

	kind_of(p)->view(b, &c, p, v);
}
