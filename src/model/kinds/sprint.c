/*
 * sprint.c: the sprint kind, one row of fixed columns (start, weeks,
 * hours a week) with defaults of today, 4 weeks and 4 hours a week
 * until the participant changes them; other prompts' budget= names it.
 * Fields: a table's.
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/coach-internal.h"

#include <stdio.h>

static const struct column sprint_columns[] = {
	{ .label = "Start", .type = COL_DATE },
	{ .label = "Weeks", .type = COL_NUMBER },
	{ .label = "Hours a week", .type = COL_HOURS },
};

static void sprint_control(struct buf *b, const struct kind_ctx *fc,
			   const struct prompt *p, const char *value)
{
	static const struct span none = { "", 0 };
	struct buf d = BUF_INIT;
	struct span line;

	answer_put_date(&d, fc->today);
	html(b, "<p class=\"note\">Until you fill these in, your sprint "
	     "starts today (%s) and runs %d weeks at %d hours a week."
	     "</p><ol class=\"rows sprint\">", d.data, SPRINT_WEEKS,
	     (int)SPRINT_HOURS);
	buf_release(&d);
	if (!answer_next(&value, &line))
		line = none;
	row_field(b, fc, p, &rows_as_list, 1, line, none);
	html_raw(b, "</ol>");
}

/* The sprint prompt itself: its cells parse, and the figures in use. */
static int check_sprint(struct coach_run *r, const struct prompt *p,
			const char *v)
{
	char words[SPRINT_WORDS], val[VALUE_BYTES + 4];
	const char *cur = v;
	struct span row = { "", 0 }, cell;
	struct sprint sp;
	struct check c;
	double h;
	long w;
	int d;

	coach_init(&c, p, "sprint");
	coach_title(&c, "start, weeks and hours a week");
	answer_next(&cur, &row);
	c.pass = true;
	cell = answer_cell(row, 0);
	if (cell.n && !answer_date(cell, &d)) {
		coach_cut(val, cell.s, cell.n, VALUE_BYTES);
		coach_addf(c.detail, sizeof(c.detail),
			   "“%s” is not a real date (YYYY-MM-DD). ", val);
		c.pass = false;
	}
	cell = answer_cell(row, 1);
	if (cell.n && (!coach_whole_number(cell, &w) || w < 1 || w > 52)) {
		coach_cut(val, cell.s, cell.n, VALUE_BYTES);
		coach_addf(c.detail, sizeof(c.detail),
			   "“%s” is not a number of weeks from 1 to 52. ", val);
		c.pass = false;
	}
	cell = answer_cell(row, 2);
	if (cell.n && (!answer_hours(cell, &h) || h <= 0 || h > 168)) {
		coach_cut(val, cell.s, cell.n, VALUE_BYTES);
		coach_addf(c.detail, sizeof(c.detail),
			   "“%s” is not a number of hours a week (up to 168). ",
			   val);
		c.pass = false;
	}
	answer_sprint(v, r->today, &sp);
	sprint_words(&sp, words);
	coach_addf(c.detail, sizeof(c.detail), "%s %s.",
		   !c.pass ? "Using" : v && *v ? "Planned:" : "Not set yet; using",
		   words);
	return coach_push(r->out, &c);
}


static int sprint_checks(struct coach_run *r, const struct prompt *p,
			 const char *v)
{
	return coach_required(r, p, v, false) || check_sprint(r, p, v) ?
	       -1 : 0;
}

/* "From 2027-01-04 to 2027-01-31: 4 weeks at 5 hours a week (20 hours
 * in all)." */
static void sprint_view(struct buf *b, const struct kind_ctx *fc,
			const struct prompt *p, const char *v)
{
	struct sprint sp;
	struct buf d = BUF_INIT, e = BUF_INIT;
	char h[32], t[32];

	(void)p;
	answer_sprint(v, fc->today, &sp);
	answer_put_date(&d, sp.start);
	answer_put_date(&e, sprint_end(&sp));
	snprintf(h, sizeof(h), "%g", sp.hours_week);
	snprintf(t, sizeof(t), "%g", sp.weeks * sp.hours_week);
	html(b, "<p>From %s to %s: %d weeks at %s hours a week (%s hours in "
	     "all).</p>", d.data, e.data, sp.weeks, h, t);
	buf_release(&d);
	buf_release(&e);
}

/* "4 weeks from 2027-01-04 to 2027-01-31, 5 h a week" */
static void sprint_brief(struct buf *b, const struct prompt *p,
			 const char *v, int today)
{
	char words[SPRINT_WORDS];
	struct sprint sp;

	(void)p;
	answer_sprint(v, today, &sp);
	sprint_words(&sp, words);
	html(b, "%s", words);
}

const struct kind kind_sprint = {
	.name = "sprint",
	.shape = KIND_ROWS,
	.flags = KIND_PLAN,
	.one = "row", .many = "rows",
	.columns = sprint_columns,
	.nr_columns = sizeof(sprint_columns) / sizeof(*sprint_columns),
	.control = sprint_control,
	.posted = rows_posted,
	.check = sprint_checks,
	.view = sprint_view,
	.html = rows_html,
	.brief = sprint_brief,
	.docx = rows_docx,
	.markdown = rows_md,
	.csv = kind_csv_answer,
};
