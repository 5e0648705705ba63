/*
 * rounds.c: the rounds kind, a table shown as repeated rounds (the
 * pre-mortem): each row its own fieldset, "Round 2".  Its answers,
 * fields, views and exports are a table's.
 */
#include "model/kinds/shared.h"

static const struct rows_look rounds_look = {
	.list = "div", .floor = 3, .legend = "Round",
};

static void rounds_control(struct buf *b, const struct kind_ctx *fc,
			   const struct prompt *p, const char *value)
{
	rows_control(b, fc, p, value, &rounds_look);
}

/* Rounds are counted as rounds of the label ("Pre-mortem: at least 3
 * rounds"). */
static int rounds_check(struct coach_run *r, const struct prompt *p,
			const char *v)
{
	return rows_checks(r, p, v, true);
}

const struct kind kind_rounds = {
	.name = "rounds",
	.shape = KIND_ROWS,
	.flags = KIND_COLS | KIND_ROWS_FROM | KIND_BUDGET | KIND_COUNTED |
		 KIND_PLAN,
	.one = "round", .many = "rounds",
	.control = rounds_control,
	.posted = rows_posted,
	.check = rounds_check,
	.view = rows_view,
	.html = rows_html,
	.brief = rows_brief,
	.docx = rows_docx,
	.markdown = rows_md,
	.csv = kind_csv_answer,
};
