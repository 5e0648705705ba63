/*
 * table.c: the table kind, rows of typed cells (cols="..."), one row per
 * line, cells separated by a TAB; rows=NAME gives one row per item of
 * NAME, budget=NAME checks dates and hours against a sprint.  Fields:
 * r.P, a marker starting each row; t.P.C, the cell of column C.
 */
#include "model/kinds/shared.h"

static void table_control(struct buf *b, const struct kind_ctx *fc,
			  const struct prompt *p, const char *value)
{
	rows_control(b, fc, p, value, &rows_as_list);
}

/* "Milestones: at least 3" when labelled, else "at least 3 rows". */
static int table_check(struct coach_run *r, const struct prompt *p,
		       const char *v)
{
	return rows_checks(r, p, v, false);
}

const struct kind kind_table = {
	.name = "table",
	.shape = KIND_ROWS,
	.flags = KIND_COLS | KIND_ROWS_FROM | KIND_BUDGET | KIND_COUNTED |
		 KIND_PLAN,
	.one = "row", .many = "rows",
	.control = table_control,
	.posted = rows_posted,
	.check = table_check,
	.view = rows_view,
	.html = rows_html,
	.brief = rows_brief,
	.docx = rows_docx,
	.markdown = rows_md,
	.csv = kind_csv_answer,
};
