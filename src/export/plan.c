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

bool prompt_has_rows(const struct prompt *p)
{
	return p->kind == PROMPT_TABLE || p->kind == PROMPT_ROUNDS ||
	       p->kind == PROMPT_SPRINT;
}

size_t prompt_ncols(const struct prompt *p, const char *value)
{
	const char *cur = value;
	struct span line;
	size_t n = p->nr_columns;

	while (answer_next(&cur, &line)) {
		size_t cells = 1;

		for (size_t i = 0; i < line.n; i++)
			cells += line.s[i] == '\t';
		if (cells > n)
			n = cells;
	}
	return n ? n : 1;
}

const char *col_label(const struct prompt *p, size_t i, char tmp[24])
{
	if (i < p->nr_columns && p->columns[i].label &&
	    *p->columns[i].label)
		return p->columns[i].label;
	snprintf(tmp, 24, "Column %zu", i + 1);
	return tmp;
}

struct span cell_shown(const struct prompt *p, struct span row, size_t col)
{
	struct span c = answer_cell(row, col);
	const char *name = NULL;

	if (col >= p->nr_columns || !c.n)
		return c;
	if (p->columns[col].type == COL_SCALE && answer_scale(c) >= 0)
		name = answer_scale_names[answer_scale(c)];
	else if (p->columns[col].type == COL_MARK && answer_mark(c))
		name = "\xe2\x9c\x93";
	return name ? (struct span){ name, strlen(name) } : c;
}

const char *option_md(const struct prompt *p, struct span line)
{
	for (size_t i = 0; p->options_md && i < p->nr_options; i++)
		if (strlen(p->options[i]) == line.n &&
		    !memcmp(p->options[i], line.s, line.n))
			return p->options_md[i];
	return NULL;
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
