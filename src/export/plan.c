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

static const char *const ctest_status[] = {
	[CTEST_PLANNED] = "Planned", [CTEST_SUPPORTED] = "Ran: supported",
	[CTEST_REFUTED] = "Ran: refuted",
	[CTEST_INCONCLUSIVE] = "Ran: inconclusive",
};

static void hours_text(char out[24], int tenths)
{
	snprintf(out, 24, "%d.%d h", tenths / 10, tenths % 10);
	if (!(tenths % 10))
		snprintf(out, 24, "%d h", tenths / 10);
}

static void one_ctest(const struct doc_ctest *c,
		      const struct doc_ctests_out *w)
{
	const struct ctest *t = c->t;
	char v[24];

	w->test(w->ctx, t->idea, c->test);
	if (t->uncertainty && *t->uncertainty)
		w->field(w->ctx, "Uncertainty it tests", t->uncertainty);
	if (t->status >= CTEST_PLANNED && t->status <= CTEST_INCONCLUSIVE)
		w->field(w->ctx, "Status", ctest_status[t->status]);
	if (*t->date)
		w->field(w->ctx, "Date", t->date);
	if (t->hours_planned >= 0) {
		hours_text(v, t->hours_planned);
		w->field(w->ctx, "Hours planned", v);
	}
	if (t->hours_spent >= 0) {
		hours_text(v, t->hours_spent);
		w->field(w->ctx, "Hours spent", v);
	}
	if (t->conf_before >= 0) {
		snprintf(v, sizeof(v), "%d %%", t->conf_before);
		w->field(w->ctx, "Confidence in fit before", v);
	}
	if (t->conf_after >= 0) {
		snprintf(v, sizeof(v), "%d %%", t->conf_after);
		w->field(w->ctx, "Confidence in fit after", v);
	}
	if (c->note && *c->note)
		w->field(w->ctx, "Result", c->note);
}

bool doc_ctests(const struct plan_doc *d, const struct doc_ctests_out *w)
{
	const struct prompt *p = session_named_prompt(d->s, "tests");
	bool here = !d->only;

	for (size_t i = 0; p && !here && i < d->only->nr_prompts; i++)
		here = &d->only->prompts[i] == p;
	if (!d->nr_tests || !here)
		return false;
	for (size_t i = 0; w && i < d->nr_tests; i++)
		one_ctest(&d->tests[i], w);
	return true;
}

int doc_checks(const struct plan_doc *d, const struct exercise *e,
	       struct checks *out)
{
	return coach_run(d->s, e, d->get, d->ctx, d->today, out);
}
