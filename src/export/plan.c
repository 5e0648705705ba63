/*
 * export-plan.c: what the exporters share (export-plan.h).
 */
#include "export/plan.h"

#include "model/coach.h"

#include <stdio.h>
#include <string.h>

bool doc_has(const struct plan_doc *d, const struct exercise *e)
{
	return !d->only || d->only == e;
}

const char *doc_answer(const struct plan_doc *d, const struct prompt *p)
{
	const char *v = d->get ? d->get(d->ctx, p->id) : NULL;

	return v && *v ? v : NULL;
}

const char *doc_reflection(const struct plan_doc *d)
{
	return d->only || !d->s->reflection ? NULL :
	       doc_answer(d, d->s->reflection);
}

bool milestone_cols(const struct prompt *p, int *date, int *hours)
{
	*date = *hours = -1;
	if (p->kind != PROMPT_TABLE || !p->budget)
		return false;
	for (size_t i = 0; i < p->nr_columns; i++) {
		if (p->columns[i].type == COL_DATE && *date < 0)
			*date = (int)i;
		if (p->columns[i].type == COL_HOURS && *hours < 0)
			*hours = (int)i;
	}
	return *date >= 0;
}

int doc_checks(const struct plan_doc *d, const struct exercise *e,
	       struct checks *out)
{
	return coach_run(d->s, e, d->get, d->ctx, d->today, out);
}
